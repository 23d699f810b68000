/* The machine panel: a machine's identity and state drawn as an RGBA image (text, status, a chart of the
 * last minute) for a quad layer. Pure C + FreeType: knows nothing of Vulkan or OpenXR. Owner: runtime/panel. */
#ifndef FACTORYXR_PANEL_H
#define FACTORYXR_PANEL_H

#include <stdbool.h>
#include <stdint.h>

#include "factoryxr/scene.h"

/* The font used when panel_desc.font_path is NULL (Debian package fonts-dejavu-core). */
#define PANEL_DEFAULT_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define PANEL_MIN_WIDTH 256
#define PANEL_MIN_HEIGHT 160
#define PANEL_MAX_SIZE 4096

/* Zero means default in every field (sokol style). */
struct panel_desc {
    /* Pixels; both 0 = 512 x 320, else both at least 256 x 160 and at most 4096. Type and layout scale with
     * min(width / 512, height / 320); extra room goes to the chart. */
    uint32_t width, height;
    const char *font_path; /* a TrueType/OpenType file; NULL = PANEL_DEFAULT_FONT */
    /* How often, in scene time, the shown values are sampled: 0 = 4 Hz, at most 1000. Numbers that change
     * every frame (a press's load) stay readable, and an open panel re-renders at most this often. */
    uint32_t refresh_hz;
};

struct panel;

/* Loads the font and prepares the glyphs: tens of milliseconds, so make it at startup, not when a panel opens.
 * Returns 0, or -1 with a message on stderr (a bad desc, or a font file that cannot be read: the message
 * names the file and the Debian package). */
int panel_create(const struct panel_desc *desc, struct panel **out_panel);
/* Tolerates NULL; sets *panel_ptr to NULL. */
void panel_destroy(struct panel **panel_ptr);

/* Shows machine `machine` (an index of scene_get_machine) as of the scene's last scene_update. Call it every
 * frame while the panel is open; it is cheap when nothing is due. The values are sampled when the machine
 * (or scene) differs from the last call, or when scene time has entered a new refresh interval since the
 * last sample (so a change is shown at most 1 / refresh_hz late); the panel re-renders only when what it
 * shows changed (texts, status, markers, the chart's samples as drawn). Returns true when it drew new
 * pixels, false when they are untouched. An index out of range (SCENE_NO_MACHINE) or a NULL scene shows
 * "No machine". Allocates nothing once the glyphs it needs are cached. */
bool panel_update(struct panel *panel, const struct scene *scene, uint32_t machine);

/* The image: width * height RGBA8 pixels, 4 bytes each, rows top to bottom with no padding. Colour is
 * premultiplied by alpha in linear light and then sRGB-encoded (alpha itself is linear): upload it into an
 * R8G8B8A8_SRGB image and composite it as premultiplied (an OpenXR quad layer with
 * XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT and without UNPREMULTIPLIED_ALPHA_BIT). All zero
 * (transparent) before the first panel_update. Valid until panel_destroy; panel_update rewrites it in place. */
const uint8_t *panel_pixels(const struct panel *panel, uint32_t *out_width, uint32_t *out_height);

#endif
