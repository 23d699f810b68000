/* Shared by the compositor's CPU files: a layer mapped for one eye (layer_map.c) and its row kernels. */
#ifndef MOCKXR_COMP_PRIVATE_H
#define MOCKXR_COMP_PRIVATE_H

#include "mx_comp.h"

#define COMP_MISS 0xffu /* face value of a pixel whose ray misses the layer */

/* One layer as seen by one eye at one output size. A pixel (x, y)'s ray leaves `origin` (the eye, in the
 * layer's own coordinates) in direction d00 + x * ddx + y * ddy (same coordinates, not normalised). */
struct comp_map {
    enum mx_comp_kind kind;
    const struct mx_comp_image *image;
    float origin[3];
    float d00[3], ddx[3], ddy[3];
    float p[6];      /* the kind's parameters, prepared by comp_map_setup */
    bool infinite;   /* cylinder / equirect(2): radius 0, directions only */
    bool aligned;    /* projection view = the eye (orientation, FOV) and image size = output size: pixel
                      * (x, y) samples texel (x, y) exactly, no filtering needed */
    int x0, x1, y0, y1; /* pixels outside [x0, x1) x [y0, y1) cannot hit the layer (x0 == x1: none can) */
};

/* The eye's ray geometry for an output of width x height: tangent of the left edge and of the top edge,
 * tangent step per pixel to the right and down. */
struct comp_eye {
    XrPosef pose;
    XrFovf fov;
    float tan_left, tan_up, step_x, step_y;
    int width, height;
};

void comp_eye_setup(const XrPosef *pose, const XrFovf *fov, uint32_t width, uint32_t height, struct comp_eye *out);
/* Prepares layer `l` for eye `eye` (for a projection layer: its view `eye`). */
void comp_map_setup(const struct mx_comp_layer *l, uint32_t eye, const struct comp_eye *e, struct comp_map *out);
/* Texture coordinates in [0, 1] (u right, v down) and face of each pixel x in [x0, x1) of row y; face
 * COMP_MISS where the ray misses the layer. Arrays are indexed by x. */
void comp_map_row(const struct comp_map *m, int y, int x0, int x1, float *u, float *v, uint8_t *face);

#endif
