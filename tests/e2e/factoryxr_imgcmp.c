/* e2e image comparison: mean absolute RGB difference and the fraction of pixels that differ by more
 * than 32 levels in any channel, checked against limits (same within tolerance) or a minimum (differ), over the
 * whole image or a region; and how much the first image varies there (text on a panel is not a blank card). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#define BAD_PIXEL_LEVELS 32

struct image {
    png_image png;
    unsigned char *pixels;
};

static bool load(const char *path, struct image *img)
{
    memset(img, 0, sizeof(*img));
    img->png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img->png, path)) {
        fprintf(stderr, "%s: %s\n", path, img->png.message);
        return false;
    }
    img->png.format = PNG_FORMAT_RGBA;
    img->pixels = malloc(PNG_IMAGE_SIZE(img->png));
    if (!img->pixels || !png_image_finish_read(&img->png, NULL, img->pixels, 0, NULL)) {
        fprintf(stderr, "%s: %s\n", path, img->pixels ? img->png.message : "out of memory");
        png_image_free(&img->png);
        free(img->pixels);
        img->pixels = NULL;
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    double max_mean = -1, max_bad = -1, min_mean = -1, min_std = -1;
    unsigned rx = 0, ry = 0, rw = 0, rh = 0; /* rw 0: the whole image */
    if (argc < 3 || (argc - 3) % 2 != 0) {
        fprintf(stderr, "usage: factoryxr_imgcmp A.png B.png [--max-mean LEVELS] [--max-bad FRACTION] [--min-mean LEVELS]\n"
                        "                        [--region X,Y,W,H] [--min-std LEVELS (A's luminance in the region)]\n");
        return 2;
    }
    for (int i = 3; i < argc; i += 2) {
        char *end = NULL;
        if (strcmp(argv[i], "--region") == 0) {
            char extra;
            if (sscanf(argv[i + 1], "%u,%u,%u,%u%c", &rx, &ry, &rw, &rh, &extra) != 4 || rw == 0 || rh == 0) {
                fprintf(stderr, "factoryxr_imgcmp: bad region '%s' (X,Y,W,H with W, H > 0)\n", argv[i + 1]);
                return 2;
            }
            continue;
        }
        double v = strtod(argv[i + 1], &end);
        if (*end != '\0' || v < 0) {
            fprintf(stderr, "factoryxr_imgcmp: bad value '%s' for %s\n", argv[i + 1], argv[i]);
            return 2;
        }
        if (strcmp(argv[i], "--max-mean") == 0)
            max_mean = v;
        else if (strcmp(argv[i], "--max-bad") == 0)
            max_bad = v;
        else if (strcmp(argv[i], "--min-mean") == 0)
            min_mean = v;
        else if (strcmp(argv[i], "--min-std") == 0)
            min_std = v;
        else {
            fprintf(stderr, "factoryxr_imgcmp: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    struct image a, b;
    if (!load(argv[1], &a))
        return 1;
    if (!load(argv[2], &b)) {
        free(a.pixels);
        return 1;
    }
    int rc = 0;
    if (a.png.width != b.png.width || a.png.height != b.png.height) {
        fprintf(stderr, "FAIL: sizes differ: %ux%u vs %ux%u\n", a.png.width, a.png.height, b.png.width, b.png.height);
        rc = 1;
    } else if (rw && (rx + rw > a.png.width || ry + rh > a.png.height)) {
        fprintf(stderr, "FAIL: region %u,%u %ux%u outside the %ux%u image\n", rx, ry, rw, rh, a.png.width, a.png.height);
        rc = 1;
    } else {
        if (!rw) {
            rw = a.png.width;
            rh = a.png.height;
        }
        const size_t n = (size_t)rw * rh;
        double sum = 0, lum = 0, lum2 = 0;
        size_t bad = 0;
        for (size_t k = 0; k < n; ++k) {
            const size_t p = (size_t)(ry + k / rw) * a.png.width + rx + k % rw;
            const double l = 0.2126 * a.pixels[p * 4] + 0.7152 * a.pixels[p * 4 + 1] + 0.0722 * a.pixels[p * 4 + 2];
            lum += l;
            lum2 += l * l;
            int worst = 0;
            for (int c = 0; c < 3; ++c) {
                int d = abs((int)a.pixels[p * 4 + c] - (int)b.pixels[p * 4 + c]);
                sum += d;
                worst = d > worst ? d : worst;
            }
            bad += worst > BAD_PIXEL_LEVELS;
        }
        const double mean = sum / (3.0 * (double)n), bad_fraction = (double)bad / (double)n;
        const double std = sqrt(fmax(0.0, lum2 / (double)n - (lum / (double)n) * (lum / (double)n)));
        printf("%s vs %s: mean |diff| %.3f levels, %.4f of pixels differ by > %d (region %u,%u %ux%u; luminance std "
               "of the first %.1f)\n", argv[1], argv[2], mean, bad_fraction, BAD_PIXEL_LEVELS, rx, ry, rw, rh, std);
        if (min_std >= 0 && std < min_std) {
            fprintf(stderr, "FAIL: the first image is too uniform there: luminance std %.1f < %.1f\n", std, min_std);
            rc = 1;
        }
        if (max_mean >= 0 && mean > max_mean) {
            fprintf(stderr, "FAIL: mean difference %.3f > %.3f\n", mean, max_mean);
            rc = 1;
        }
        if (max_bad >= 0 && bad_fraction > max_bad) {
            fprintf(stderr, "FAIL: %.4f of pixels differ, more than %.4f\n", bad_fraction, max_bad);
            rc = 1;
        }
        if (min_mean >= 0 && mean < min_mean) {
            fprintf(stderr, "FAIL: images should differ: mean difference %.3f < %.3f\n", mean, min_mean);
            rc = 1;
        }
    }
    png_image_free(&a.png);
    png_image_free(&b.png);
    free(a.pixels);
    free(b.pixels);
    return rc;
}
