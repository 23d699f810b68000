/* The reference compositor: what the wearer would see, per eye, from one submitted frame (CPU only). */
#ifndef MOCKXR_MX_COMP_H
#define MOCKXR_MX_COMP_H

#include <stdbool.h>
#include <stdint.h>

#include <openxr/openxr.h>

/* How to use it (captures do this in capture.c; a window can do the same every frame):
 *
 *   // in xrEndFrame, after the layers were validated, with mockxr's lock held (snapshot.c):
 *   struct mx_comp_frame *f = NULL;
 *   if (mx_comp_frame_read(session, frame_end_info, frame_index, MX_COMP_READ_LAYERS, &f) == XR_SUCCESS) {
 *       // anywhere, any thread, no lock: f is immutable and owns copies of every image
 *       mx_comp_eye(f, 0, width, height, rgba);   // left eye (or the mono view), width x height RGBA8
 *       mx_comp_frame_destroy(&f);
 *   }
 *
 * mx_comp_frame_read waits for the GPU (it reads the layers' images back); mx_comp_eye costs CPU time in
 * proportion to width x height x visible layers (docs/mockxr.md, "Compositor", has measured figures). */

#define MX_COMP_MAX_VIEWS 2
#define MX_COMP_MAX_LAYERS 16

/* How the colour channels of an image's bytes are encoded (alpha is always linear). */
enum mx_comp_encoding { MX_COMP_SRGB, MX_COMP_LINEAR };

/* One image of a layer as the compositor samples it: 8-bit RGBA texels, top row first, `faces` images of
 * width x height one after the other (6 for a cube map, in Vulkan's face order +X -X +Y -Y +Z -Z).
 * sRGB formats keep their bytes (MX_COMP_SRGB); UNORM bytes are linear values (MX_COMP_LINEAR);
 * RGBA16F is clamped to [0, 1] and stored sRGB-encoded. */
struct mx_comp_image {
    uint32_t width, height, faces;
    enum mx_comp_encoding encoding;
    uint8_t *rgba; /* owned by the frame; NULL: no image (the layer draws nothing) */
};

enum mx_comp_kind {
    MX_COMP_PROJECTION,
    MX_COMP_QUAD,
    MX_COMP_CYLINDER,
    MX_COMP_EQUIRECT,
    MX_COMP_EQUIRECT2,
    MX_COMP_CUBE,
};

/* A layer with every pose resolved in one world (mockxr's STAGE space) at the frame's display time. */
struct mx_comp_layer {
    enum mx_comp_kind kind;
    uint32_t eyes;        /* bit e set: eye e sees the layer (eyeVisibility) */
    bool source_alpha;    /* XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT */
    bool unpremultiplied; /* XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT */
    XrPosef pose;         /* quad, cylinder, equirect(2): the shape's pose; cube: its orientation */
    /* Projection: view v is shown to eye v. Other kinds use image[0]. */
    XrPosef view_pose[MX_COMP_MAX_VIEWS];
    XrFovf view_fov[MX_COMP_MAX_VIEWS];
    struct mx_comp_image image[MX_COMP_MAX_VIEWS];
    union {
        XrExtent2Df quad_size;
        struct {
            float radius, central_angle, aspect_ratio; /* radius 0: at infinity */
        } cylinder;
        struct {
            float radius; /* 0: at infinity */
            XrVector2f scale, bias;
        } equirect;
        struct {
            float radius, central_horizontal_angle, upper_vertical_angle, lower_vertical_angle;
        } equirect2;
    } shape;
};

/* A 16-bit depth image (XrCompositionLayerDepthInfoKHR of a projection view): the stored depth value
 * d in [0, 1] as round(d * 65535), top row first. */
struct mx_comp_depth {
    uint32_t width, height;
    uint16_t *values; /* NULL: the view had no depth */
};

struct mx_comp_frame {
    uint64_t index;       /* run frame index */
    XrTime display_time;  /* XrFrameEndInfo::displayTime: poses are resolved there */
    uint32_t eye_count;   /* 1 (mono) or 2 */
    XrPosef eye_pose[MX_COMP_MAX_VIEWS]; /* the runtime's eyes (what xrLocateViews gives) in the same world */
    XrFovf eye_fov[MX_COMP_MAX_VIEWS];
    uint32_t layer_count;
    struct mx_comp_layer layers[MX_COMP_MAX_LAYERS]; /* in submission order, bottom first */
    int32_t projection;   /* index into layers of the first projection layer, -1 when none */
    struct mx_comp_depth depth[MX_COMP_MAX_VIEWS];   /* MX_COMP_READ_DEPTH only */
};

/* Composites eye `eye` of the frame into out_rgba: width x height pixels, 4 bytes each (sRGB-encoded
 * R, G, B and A = 255), top row first, the eye's field of view spanning the buffer. Every layer the eye
 * sees, in order, bilinearly sampled, blended in linear light as the spec's "composition layer blending"
 * says. Reads only f: any thread may call it on a frame nobody changes. false (and out_rgba untouched)
 * when eye >= eye_count, width or height is 0, or memory runs out. */
bool mx_comp_eye(const struct mx_comp_frame *f, uint32_t eye, uint32_t width, uint32_t height, uint8_t *out_rgba);
/* The same for rows [y0, y1) only (out_rgba is still the whole width x height buffer; other rows are left
 * alone): threads may share one eye by rows. false also when y0 >= y1 or y1 > height. */
bool mx_comp_eye_rows(const struct mx_comp_frame *f, uint32_t eye, uint32_t width, uint32_t height, uint32_t y0,
                      uint32_t y1, uint8_t *out_rgba);

/* Frees the frame and every image it owns; tolerates NULL and NULLs the pointer. */
void mx_comp_frame_destroy(struct mx_comp_frame **f);

/* What mx_comp_frame_read copies back from the GPU. */
enum {
    MX_COMP_READ_LAYERS = 1,     /* every layer's image (for mx_comp_eye) */
    MX_COMP_READ_PROJECTION = 2, /* only the first projection layer's views (raw view capture) */
    MX_COMP_READ_DEPTH = 4,      /* the depth images chained to the first projection layer's views */
};

struct mx_session;

/* snapshot.c (needs the runtime: call it inside xrEndFrame, after mx_frame_validate_layers, with the lock
 * held): resolves every layer's pose at info->displayTime and the runtime's eyes there, and copies the
 * images `what` asks for (the last released image of each swapchain) to host memory, waiting for the GPU.
 * Layers whose space cannot be located at that time are left out. Errors are diagnosed (counted in the
 * report's "errors") and returned; *out is NULL then. */
XrResult mx_comp_frame_read(struct mx_session *s, const XrFrameEndInfo *info, uint64_t frame_index, uint32_t what,
                            struct mx_comp_frame **out);

/* The same without waiting for the GPU (the window shows frames one or two late rather than stalling the
 * app): inside xrEndFrame, mx_comp_frame_read_async resolves the poses and queues the copies with a fence;
 * in a later xrEndFrame (lock held, same session), mx_comp_pending_poll returns XR_EVENT_UNAVAILABLE while
 * the copies run, else hands over the frame (XR_SUCCESS, *out set) or an error, and frees *pending either
 * way. mx_comp_pending_destroy waits for the copies (bounded) and frees everything; tolerates NULL. */
struct mx_comp_pending;
XrResult mx_comp_frame_read_async(struct mx_session *s, const XrFrameEndInfo *info, uint64_t frame_index,
                                  struct mx_comp_pending **out);
XrResult mx_comp_pending_poll(struct mx_session *s, struct mx_comp_pending **pending, struct mx_comp_frame **out);
void mx_comp_pending_destroy(struct mx_session *s, struct mx_comp_pending **pending);

#endif
