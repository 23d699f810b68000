/* The window's text (overlay line, key map): DejaVu Sans rasterized by stb_truetype, blended into RGBA. */
#ifndef MOCKXR_MX_WINDOW_TEXT_H
#define MOCKXR_MX_WINDOW_TEXT_H

#include <stdint.h>

struct mx_text;
/* NULL (and a warning) when the font cannot be read: the overlay is then in the window title only. */
struct mx_text *mx_text_create(void);
void mx_text_destroy(struct mx_text **t);
/* White text with a dark shadow at (x, y) (top-left) into a width x height RGBA8 image; NULL text or font: nothing. */
void mx_text_draw(const struct mx_text *t, uint8_t *rgba, uint32_t width, uint32_t height, int x, int y,
                  const char *text);

#endif
