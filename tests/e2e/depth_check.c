/* e2e depth capture check: mockxr's 16-bit depth capture of one eye (window depth as the app wrote it) read
 * back and checked against the scene: nearly every pixel written (at most 5 % still at the cleared far plane), and the
 * floor straight below the view centre at the distance an eye at the given height sees it there.
 * usage: depth_check FILE NEAR_Z FAR_Z EYE_HEIGHT ANGLE_UP_DEG ANGLE_DOWN_DEG */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#define DEG (3.14159265358979 / 180.0)

static double arg(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end) {
        fprintf(stderr, "depth_check: bad number '%s'\n", s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: depth_check FILE NEAR_Z FAR_Z EYE_HEIGHT ANGLE_UP_DEG ANGLE_DOWN_DEG\n");
        return 2;
    }
    const double n = arg(argv[2]), f = arg(argv[3]), h = arg(argv[4]), up = arg(argv[5]) * DEG, down = arg(argv[6]) * DEG;
    png_image png = {.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&png, argv[1])) {
        fprintf(stderr, "%s: %s\n", argv[1], png.message);
        return 1;
    }
    if (png.format != PNG_FORMAT_LINEAR_Y) {
        fprintf(stderr, "%s: not a 16-bit grey image (format %u)\n", argv[1], png.format);
        png_image_free(&png);
        return 1;
    }
    uint16_t *d = malloc(PNG_IMAGE_SIZE(png));
    if (!d || !png_image_finish_read(&png, NULL, d, 0, NULL)) {
        fprintf(stderr, "%s: %s\n", argv[1], d ? png.message : "out of memory");
        free(d);
        return 1;
    }
    const unsigned w = png.width, hgt = png.height;
    unsigned cleared = 0;
    for (unsigned i = 0; i < w * hgt; i++)
        cleared += d[i] == 65535;
    /* window depth -> view distance (standard depth: 0 at near, 1 at far) */
    double z_of[2];
    const unsigned rows[2] = {hgt - 1, hgt - 1 - hgt / 8};
    double want[2];
    for (int k = 0; k < 2; k++) {
        double wd = d[rows[k] * w + w / 2] / 65535.0;
        z_of[k] = n * f / (f - wd * (f - n));
        /* the row's tangent below the view axis; the floor is h below the eye */
        double t = tan(up) + (tan(down) - tan(up)) * (rows[k] + 0.5) / hgt;
        want[k] = h / -t;
    }
    int fail = 0;
    if (cleared > w * hgt / 20) { /* a few: the hall is closed, but its far gable has openings */
        fprintf(stderr, "%s: %u of %u pixels still at the cleared far plane\n", argv[1], cleared, w * hgt);
        fail = 1;
    }
    for (int k = 0; k < 2; k++) {
        if (fabs(z_of[k] - want[k]) > 0.05 * want[k]) {
            fprintf(stderr, "%s: row %u: the floor at %.3f m, expected %.3f m\n", argv[1], rows[k], z_of[k], want[k]);
            fail = 1;
        }
    }
    printf("%s: %ux%u, %u cleared; floor at %.3f / %.3f m (expected %.3f / %.3f)\n", argv[1], w, hgt, cleared, z_of[0],
           z_of[1], want[0], want[1]);
    free(d);
    return fail;
}
