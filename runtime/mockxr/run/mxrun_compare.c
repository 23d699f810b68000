/* mockxr-run --compare / --update: capture a recording's snapshot frames (composited, what each eye sees) and
 * compare them with reference PNGs — mean absolute difference and share of pixels off — or write them. */
#include "mxrun.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MXRUN_MAX_SNAPSHOTS 1000
#define MXRUN_MAX_EYES 4
#define MXRUN_SCRIPT_MAX_BYTES (64l << 20) /* mockxr's own limit */

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size = -1;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && size < MXRUN_SCRIPT_MAX_BYTES &&
        fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1))) {
        if (fread(text, 1, (size_t)size, f) != (size_t)size) {
            free(text);
            text = NULL;
        } else {
            text[size] = '\0';
        }
    }
    fclose(f);
    return text;
}

/* The script's "snapshots", else its last timeline frame; false (message printed) when it has neither. */
static bool script_frames(const char *path, struct mxrun_compare *c)
{
    char *text = read_text(path);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *snaps = cJSON_GetObjectItemCaseSensitive(root, "snapshots");
    const cJSON *tl = cJSON_GetObjectItemCaseSensitive(root, "timeline");
    const cJSON *e;
    cJSON_ArrayForEach(e, snaps) {
        if (cJSON_IsNumber(e) && e->valuedouble >= 0 && c->frame_count < MXRUN_MAX_SNAPSHOTS)
            c->frames[c->frame_count++] = (long)e->valuedouble;
    }
    long last = -1;
    cJSON_ArrayForEach(e, tl) {
        const cJSON *fr = cJSON_GetObjectItemCaseSensitive(e, "frame");
        if (cJSON_IsNumber(fr) && fr->valuedouble > (double)last)
            last = (long)fr->valuedouble;
    }
    if (c->frame_count == 0 && last >= 0)
        c->frames[c->frame_count++] = last;
    cJSON_Delete(root);
    if (!root)
        fprintf(stderr, "mockxr-run: --script '%s': not a readable JSON file (mockxr explains what is wrong)\n", path);
    else if (c->frame_count == 0)
        fprintf(stderr, "mockxr-run: --script '%s': no \"snapshots\" and no timeline entry: nothing to compare\n", path);
    return c->frame_count > 0;
}

int mxrun_compare_prepare(struct mxrun_opts *o, struct mxrun_compare *c)
{
    memset(c, 0, sizeof(*c));
    c->ref_dir = o->compare_dir ? o->compare_dir : o->update_dir;
    if (!c->ref_dir)
        return MXRUN_EXIT_OK;
    if (!(c->frames = calloc(MXRUN_MAX_SNAPSHOTS, sizeof(*c->frames))))
        return MXRUN_EXIT_SETUP;
    if (o->script && !script_frames(o->script, c))
        return MXRUN_EXIT_USAGE;
    if (!o->script)
        c->frames[c->frame_count++] = o->frames - 1; /* opts checked that --frames is given */
    const char *tmp = getenv("TMPDIR");
    snprintf(c->capture_dir, sizeof c->capture_dir, "%s/mockxr-run-compare-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(c->capture_dir)) {
        fprintf(stderr, "mockxr-run: cannot create a directory for the captures (%s): %s\n", c->capture_dir,
                strerror(errno));
        c->capture_dir[0] = '\0';
        return MXRUN_EXIT_SETUP;
    }
    size_t len = 0;
    for (size_t k = 0; k < c->frame_count && len < sizeof c->frame_list - 24; k++)
        len += (size_t)snprintf(c->frame_list + len, sizeof c->frame_list - len, "%s%ld", k ? "," : "", c->frames[k]);
    o->capture_dir = c->capture_dir;
    o->capture_frames = c->frame_list;
    o->capture_kinds = "composited";
    return MXRUN_EXIT_OK;
}

static bool png_read(const char *path, png_image *img, png_bytep *out_px)
{
    memset(img, 0, sizeof(*img));
    img->version = PNG_IMAGE_VERSION;
    *out_px = NULL;
    if (!png_image_begin_read_from_file(img, path))
        return false;
    img->format = PNG_FORMAT_RGBA;
    if (!(*out_px = malloc(PNG_IMAGE_SIZE(*img))) || !png_image_finish_read(img, NULL, *out_px, 0, NULL)) {
        free(*out_px);
        *out_px = NULL;
        png_image_free(img);
        return false;
    }
    return true;
}

static bool png_write(const char *path, png_uint_32 w, png_uint_32 h, const png_bytep px)
{
    png_image img = {.version = PNG_IMAGE_VERSION, .width = w, .height = h, .format = PNG_FORMAT_RGBA};
    return png_image_write_to_file(&img, path, 0, px, 0, NULL) != 0;
}

static bool ensure_dir(const char *flag, const char *dir)
{
    struct stat st;
    if ((stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) || mkdir(dir, 0777) == 0)
        return true;
    fprintf(stderr, "mockxr-run: %s: cannot create '%s': %s\n", flag, dir, strerror(errno));
    return false;
}

/* Compares one captured eye with its reference; writes the capture and a difference image into out_dir when
 * they differ beyond the tolerances. Returns 1 when they differ, 0 when they match, -1 on an I/O problem. */
static int compare_one(const struct mxrun_opts *o, const struct mxrun_compare *c, const char *name)
{
    char got_path[PATH_MAX], ref_path[PATH_MAX], out_path[PATH_MAX];
    snprintf(got_path, sizeof got_path, "%s/%s", c->capture_dir, name);
    snprintf(ref_path, sizeof ref_path, "%s/%s", c->ref_dir, name);
    png_image got, ref;
    png_bytep gp = NULL, rp = NULL;
    if (!png_read(got_path, &got, &gp)) {
        fprintf(stderr, "mockxr-run: cannot read the capture %s\n", got_path);
        return -1;
    }
    if (!png_read(ref_path, &ref, &rp)) {
        fprintf(stderr, "mockxr-run: compare %s: no readable reference %s (write them with --update)\n", name, ref_path);
        free(gp);
        return 1;
    }
    int differs = 0;
    if (got.width != ref.width || got.height != ref.height) {
        fprintf(stderr, "mockxr-run: compare %s: %ux%u, the reference is %ux%u\n", name, got.width, got.height,
                ref.width, ref.height);
        differs = 1;
    } else {
        size_t pixels = (size_t)got.width * got.height, off = 0;
        double sum = 0.0;
        for (size_t p = 0; p < pixels; p++) {
            int worst = 0;
            for (int ch = 0; ch < 4; ch++) {
                int d = abs((int)gp[p * 4 + ch] - (int)rp[p * 4 + ch]);
                sum += d;
                worst = d > worst ? d : worst;
                /* the difference image: |a - b| x 4, opaque, so small errors show */
                gp[p * 4 + ch] = ch == 3 ? 255 : (png_byte)(d * 4 > 255 ? 255 : d * 4);
            }
            off += worst > o->pixel_threshold;
        }
        double mean = sum / (double)(pixels * 4), share = (double)off / (double)pixels;
        differs = mean > o->tolerance_mean || share > o->tolerance_pixels;
        printf("mockxr-run: compare %s: mean difference %.3f (max %.3f), pixels off %.4f%% (max %.4f%%)%s\n", name,
               mean, o->tolerance_mean, share * 100.0, o->tolerance_pixels * 100.0, differs ? "  DIFFERS" : "");
        fflush(stdout); /* in order with the messages on stderr */
        if (differs && ensure_dir("--compare-out", o->compare_out)) {
            char base[64];
            snprintf(base, sizeof base, "%.*s", (int)(strlen(name) - 4), name);
            snprintf(out_path, sizeof out_path, "%s/%s_diff.png", o->compare_out, base);
            if (!png_write(out_path, got.width, got.height, gp))
                fprintf(stderr, "mockxr-run: cannot write %s\n", out_path);
            else
                fprintf(stderr, "mockxr-run: difference image: %s\n", out_path);
            snprintf(out_path, sizeof out_path, "%s/%s", o->compare_out, name);
            if (rename(got_path, out_path) != 0)
                fprintf(stderr, "mockxr-run: cannot keep the capture as %s: %s\n", out_path, strerror(errno));
        }
    }
    free(gp);
    free(rp);
    return differs;
}

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[65536];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = false;
    return ok;
}

int mxrun_compare_finish(const struct mxrun_opts *o, struct mxrun_compare *c)
{
    if (!c->ref_dir)
        return MXRUN_EXIT_OK;
    bool update = o->update_dir != NULL;
    if (update && !ensure_dir("--update", c->ref_dir))
        return MXRUN_EXIT_SETUP;
    int rc = MXRUN_EXIT_OK;
    char differing[512] = "";
    for (size_t k = 0; k < c->frame_count; k++) {
        int eyes = 0, bad = 0;
        for (int eye = 0; eye < MXRUN_MAX_EYES; eye++) {
            char name[64], from[PATH_MAX], to[PATH_MAX];
            snprintf(name, sizeof name, "frame_%06ld_eye%d_composited.png", c->frames[k], eye);
            snprintf(from, sizeof from, "%s/%s", c->capture_dir, name);
            if (access(from, F_OK) != 0)
                continue;
            eyes++;
            snprintf(to, sizeof to, "%s/%s", c->ref_dir, name);
            if (update && !copy_file(from, to)) {
                fprintf(stderr, "mockxr-run: --update: cannot write %s\n", to);
                rc = MXRUN_EXIT_SETUP;
            } else if (!update) {
                int d = compare_one(o, c, name);
                bad |= d != 0;
                if (d < 0)
                    rc = MXRUN_EXIT_SETUP;
            }
        }
        if (eyes == 0)
            fprintf(stderr, "mockxr-run: frame %ld was not captured: the app ended before it, or did not submit it\n",
                    c->frames[k]);
        if ((eyes == 0 || bad) && strlen(differing) < sizeof differing - 24) {
            size_t len = strlen(differing);
            snprintf(differing + len, sizeof differing - len, "%s%ld", len ? ", " : "", c->frames[k]);
        }
        if (update && eyes > 0)
            printf("mockxr-run: --update: frame %ld: %d eye(s) written to %s\n", c->frames[k], eyes, c->ref_dir);
    }
    if (differing[0]) {
        fprintf(stderr, "mockxr-run: FAIL: frame(s) %s %s\n", differing,
                update ? "were not captured" : "differ from the references (difference images in --compare-out)");
        if (rc == MXRUN_EXIT_OK)
            rc = MXRUN_EXIT_VERDICT;
    }
    return rc;
}

void mxrun_compare_cleanup(struct mxrun_compare *c)
{
    if (c->capture_dir[0]) {
        DIR *d = opendir(c->capture_dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            char path[PATH_MAX];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", c->capture_dir, e->d_name);
            unlink(path);
        }
        if (d)
            closedir(d);
        rmdir(c->capture_dir);
    }
    free(c->frames);
    memset(c, 0, sizeof(*c));
}
