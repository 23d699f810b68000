/* Capture of the frames MOCKXR_CAPTURE_FRAMES selects, as PNGs: the raw projection views, the composited
 * view of each eye and the projection views' depth, as MOCKXR_CAPTURE_KINDS asks. */
#include "comp_vk.h"

#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

/* Image rows and how to write them. */
struct png_desc {
    const uint8_t *rows;
    uint32_t width, height;
    int bit_depth; /* 8: RGBA rows of width * 4 bytes; 16: grey rows of width big-endian 16-bit values */
    bool srgb;     /* tag the file as sRGB (composited views: they are sRGB by construction) */
};

static bool png_rows(png_structp png, png_infop info, FILE *f, const struct png_desc *d)
{
    if (setjmp(png_jmpbuf(png)))
        return false; /* libpng already printed why */
    png_init_io(png, f);
    png_set_IHDR(png, info, d->width, d->height, d->bit_depth,
                 d->bit_depth == 8 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (d->srgb)
        png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
    png_write_info(png, info);
    size_t stride = (size_t)d->width * (d->bit_depth == 8 ? 4 : 2);
    for (uint32_t y = 0; y < d->height; y++)
        png_write_row(png, (png_const_bytep)(d->rows + (size_t)y * stride));
    png_write_end(png, NULL);
    return true;
}

static bool png_write(const char *path, const struct png_desc *d)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "mockxr: error: capture: cannot create %s: %s\n", path, strerror(errno));
        return false;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    bool ok = png && info && png_rows(png, info, f, d);
    png_destroy_write_struct(&png, &info);
    if (fclose(f) != 0)
        ok = false;
    return ok;
}

static void file_name(char *out, size_t size, const char *dir, uint64_t frame, uint32_t eye, const char *suffix)
{
    snprintf(out, size, "%s/frame_%06llu_eye%u%s.png", dir, (unsigned long long)frame, eye, suffix);
}

static void write_png(const char *path, const struct png_desc *d)
{
    if (png_write(path, d))
        mx_info("captured %s", path);
    else
        mx_diag(XR_ERROR_RUNTIME_FAILURE, "xrEndFrame", "capture: writing %s failed", path);
}

/* The views of the first projection layer as submitted: frame_NNNNNN_eyeV.png. */
static void write_views(const struct mx_comp_frame *f, const char *dir)
{
    if (f->projection < 0)
        return;
    const struct mx_comp_layer *p = &f->layers[f->projection];
    for (uint32_t v = 0; v < f->eye_count; v++) {
        const struct mx_comp_image *img = &p->image[v];
        char path[4096];
        file_name(path, sizeof(path), dir, f->index, v, "");
        if (img->rgba)
            write_png(path, &(struct png_desc){img->rgba, img->width, img->height, 8, false});
    }
}

/* What the wearer sees, at the display's size (MOCKXR_VIEW_SIZE): frame_NNNNNN_eyeV_composited.png. */
static void write_composited(const struct mx_comp_frame *f, const struct mx_config *c, const char *dir)
{
    uint8_t *rgba = malloc((size_t)c->view_width * c->view_height * 4);
    if (!rgba) {
        mx_diag(XR_ERROR_OUT_OF_MEMORY, "xrEndFrame", "capture: out of memory for the composited view");
        return;
    }
    for (uint32_t e = 0; e < f->eye_count; e++) {
        char path[4096];
        file_name(path, sizeof(path), dir, f->index, e, "_composited");
        if (mx_comp_eye(f, e, c->view_width, c->view_height, rgba))
            write_png(path, &(struct png_desc){rgba, c->view_width, c->view_height, 8, true});
        else
            mx_diag(XR_ERROR_OUT_OF_MEMORY, "xrEndFrame", "capture: out of memory compositing %s", path);
    }
    free(rgba);
}

/* Depth of the first projection layer's views, 16-bit grey: frame_NNNNNN_eyeV_depth.png. */
static void write_depth(const struct mx_comp_frame *f, const char *dir)
{
    for (uint32_t v = 0; v < f->eye_count; v++) {
        const struct mx_comp_depth *d = &f->depth[v];
        if (!d->values)
            continue;
        uint8_t *rows = malloc((size_t)d->width * d->height * 2);
        if (!rows) {
            mx_diag(XR_ERROR_OUT_OF_MEMORY, "xrEndFrame", "capture: out of memory for the depth image");
            return;
        }
        for (size_t k = 0; k < (size_t)d->width * d->height; k++) { /* PNG stores 16-bit samples big-endian */
            rows[2 * k] = (uint8_t)(d->values[k] >> 8);
            rows[2 * k + 1] = (uint8_t)(d->values[k] & 0xffu);
        }
        char path[4096];
        file_name(path, sizeof(path), dir, f->index, v, "_depth");
        write_png(path, &(struct png_desc){rows, d->width, d->height, 16, false});
        free(rows);
    }
}

void mx_vk_end_frame(struct mx_session *s, uint64_t frame_index, const XrFrameEndInfo *info)
{
    if (!s || !s->vk || !mx_config_capture_selected(&s->instance->config, frame_index))
        return;
    const struct mx_config *c = &s->instance->config;
    uint32_t what = (c->capture_kinds & MX_CAPTURE_VIEWS ? MX_COMP_READ_PROJECTION : 0) |
                    (c->capture_kinds & MX_CAPTURE_COMPOSITED ? MX_COMP_READ_LAYERS : 0) |
                    (c->capture_kinds & MX_CAPTURE_DEPTH ? MX_COMP_READ_DEPTH : 0);
    struct mx_comp_frame *f = NULL;
    if (mx_comp_frame_read(s, info, frame_index, what, &f) != XR_SUCCESS)
        return; /* diagnosed */
    const char *dir = c->capture_dir; /* config.c checked that it exists */
    if (c->capture_kinds & MX_CAPTURE_VIEWS)
        write_views(f, dir);
    if (c->capture_kinds & MX_CAPTURE_COMPOSITED)
        write_composited(f, c, dir);
    if (c->capture_kinds & MX_CAPTURE_DEPTH)
        write_depth(f, dir);
    mx_comp_frame_destroy(&f);
}
