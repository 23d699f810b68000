/* Unit test of factoryxr's command line: every kind of bad input is refused with exit code 2 and a
 * message naming the problem; good input lands in the right fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factoryxr/app.h"
#include "factoryxr/xr.h"
#include "unit_check.h"

#define MAX_ARGS 16

/* Parses argv (NULL-terminated, program name added) and returns the exit code; err text in *out_err. */
static int parse(const char *const *args, struct app_options *out, char **out_err)
{
    char *argv[MAX_ARGS + 2] = {"factoryxr"};
    int argc = 1;
    for (; args[argc - 1]; ++argc) {
        if (argc > MAX_ARGS) {
            fprintf(stderr, "test bug: more than %d arguments\n", MAX_ARGS);
            exit(1);
        }
        argv[argc] = (char *)args[argc - 1];
    }
    size_t size = 0;
    FILE *err = open_memstream(out_err, &size);
    if (!err) {
        perror("open_memstream");
        exit(1);
    }
    int rc = app_options_parse(argc, argv, err, out);
    fclose(err);
    return rc;
}

static void expect_bad(const char *const *args, const char *needle)
{
    struct app_options o;
    char *err = NULL;
    int rc = parse(args, &o, &err);
    if (rc != APP_EXIT_USAGE || !strstr(err, needle) || !strstr(err, "usage: factoryxr")) {
        fprintf(stderr, "FAIL: [");
        for (int i = 0; args[i]; ++i)
            fprintf(stderr, " '%s'", args[i]);
        fprintf(stderr, " ] -> rc %d (want 2), message must contain '%s' and the usage:\n%s\n", rc, needle, err);
        failures++;
    }
    free(err);
}

static struct app_options expect_good(const char *const *args)
{
    struct app_options o = {0};
    char *err = NULL;
    int rc = parse(args, &o, &err);
    if (rc != APP_EXIT_OK || err[0] != '\0') {
        fprintf(stderr, "FAIL: good arguments (first '%s') refused: rc %d\n%s\n", args[0] ? args[0] : "", rc, err);
        failures++;
    }
    free(err);
    return o;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void bad_inputs(void)
{
    expect_bad(ARGS("--bogus"), "unknown argument '--bogus'");
    expect_bad(ARGS("lines"), "unknown argument 'lines'");
    expect_bad(ARGS("-h"), "unknown argument '-h'");
    expect_bad(ARGS("--line", "4"), "unknown argument '--line'");
    expect_bad(ARGS("--lines"), "--lines needs a value");
    expect_bad(ARGS("--frames"), "--frames needs a value");
    expect_bad(ARGS("--stats"), "--stats needs a value");
    expect_bad(ARGS("--seed"), "--seed needs a value");
    expect_bad(ARGS("--msaa"), "--msaa needs a value");
    expect_bad(ARGS("--lines", "four"), "--lines: 'four' is not a whole number in 1..256");
    expect_bad(ARGS("--lines", ""), "--lines: '' is not");
    expect_bad(ARGS("--lines", "0"), "--lines: '0' is not a whole number in 1..256");
    expect_bad(ARGS("--lines", "257"), "--lines: '257' is not");
    expect_bad(ARGS("--lines", "-1"), "--lines: '-1' is not");
    expect_bad(ARGS("--lines", "+4"), "--lines: '+4' is not");
    expect_bad(ARGS("--lines", " 4"), "--lines: ' 4' is not");
    expect_bad(ARGS("--lines", "4x"), "--lines: '4x' is not");
    expect_bad(ARGS("--lines", "4 "), "--lines: '4 ' is not");
    expect_bad(ARGS("--lines", "0x10"), "--lines: '0x10' is not");
    expect_bad(ARGS("--lines", "1e2"), "--lines: '1e2' is not");
    expect_bad(ARGS("--lines=7.5"), "--lines: '7.5' is not");
    expect_bad(ARGS("--msaa", "2"), "--msaa: '2' is not 1 or 4");
    expect_bad(ARGS("--msaa", "8"), "--msaa: '8' is not 1 or 4");
    expect_bad(ARGS("--msaa", "0"), "--msaa: '0' is not 1 or 4");
    expect_bad(ARGS("--frames", "0"), "--frames: '0' is not a whole number in 1..1000000000");
    expect_bad(ARGS("--frames", "1000000001"), "--frames: '1000000001' is not");
    expect_bad(ARGS("--frames", "99999999999999999999999"), "is not a whole number");
    expect_bad(ARGS("--seed", "4294967296"), "--seed: '4294967296' is not a whole number in 1..4294967295");
    expect_bad(ARGS("--seed", "0"), "--seed: '0' is not");
    expect_bad(ARGS("--stats", ""), "--stats needs a file name");
    expect_bad(ARGS("--stats", "--frames"), "--stats needs a file name (got '--frames')");
    expect_bad(ARGS("--stats="), "--stats needs a file name");
    expect_bad(ARGS("--lines", "4", "--lines", "5"), "--lines given more than once");
    expect_bad(ARGS("--lines=4", "--lines", "4"), "--lines given more than once");
    expect_bad(ARGS("--no-multiview", "--no-multiview"), "--no-multiview given more than once");
    expect_bad(ARGS("--stats", "a", "--stats", "b"), "--stats given more than once");
    expect_bad(ARGS("--no-late-latch=1"), "--no-late-latch takes no value");
    expect_bad(ARGS("--smooth-move=yes"), "--smooth-move takes no value");
    expect_bad(ARGS("--help=yes"), "--help takes no value");
    expect_bad(ARGS("--frames", "10", "extra"), "unknown argument 'extra'");
    expect_bad(ARGS("--detail-px"), "--detail-px needs a value");
    expect_bad(ARGS("--detail-px", "16.5"), "--detail-px: '16.5' is not a decimal number in 0..16 (like 1.5)");
    expect_bad(ARGS("--detail-px", "-1"), "--detail-px: '-1' is not a decimal number");
    expect_bad(ARGS("--detail-px", ".5"), "--detail-px: '.5' is not");
    expect_bad(ARGS("--detail-px", "1."), "--detail-px: '1.' is not");
    expect_bad(ARGS("--detail-px", "1.5.2"), "--detail-px: '1.5.2' is not");
    expect_bad(ARGS("--detail-px", "1e1"), "--detail-px: '1e1' is not");
    expect_bad(ARGS("--detail-px", "nan"), "--detail-px: 'nan' is not");
    expect_bad(ARGS("--detail-px", " 2"), "--detail-px: ' 2' is not");
    expect_bad(ARGS("--detail-px=2", "--detail-px=3"), "--detail-px given more than once");
    expect_bad(ARGS("--res-scale"), "--res-scale needs a value");
    expect_bad(ARGS("--res-scale", "0.2"), "--res-scale: '0.2' is not 'auto' or a decimal number in 0.25..1 (like 0.75)");
    expect_bad(ARGS("--res-scale", "1.01"), "--res-scale: '1.01' is not 'auto' or a decimal");
    expect_bad(ARGS("--res-scale", "0"), "--res-scale: '0' is not");
    expect_bad(ARGS("--res-scale", "Auto"), "--res-scale: 'Auto' is not");
    expect_bad(ARGS("--res-scale", "auto "), "--res-scale: 'auto ' is not");
    expect_bad(ARGS("--res-scale", "-0.5"), "--res-scale: '-0.5' is not");
    expect_bad(ARGS("--res-scale", ".5"), "--res-scale: '.5' is not");
    expect_bad(ARGS("--res-scale=auto", "--res-scale=1"), "--res-scale given more than once");
    expect_bad(ARGS("--min-res-scale", "auto"), "--min-res-scale: 'auto' is not a decimal number in 0.25..1");
    expect_bad(ARGS("--min-res-scale", "0.1"), "--min-res-scale: '0.1' is not a decimal number in 0.25..1");
    expect_bad(ARGS("--min-res-scale", "2"), "--min-res-scale: '2' is not");
    expect_bad(ARGS("--res-scale", "0.8", "--min-res-scale", "0.5"),
               "--min-res-scale is the floor of --res-scale auto; it does not go with a fixed --res-scale");
    expect_bad(ARGS("--min-res-scale", "0.5", "--res-scale=1"), "it does not go with a fixed --res-scale");
    /* plants and live data */
    expect_bad(ARGS("--plant"), "--plant needs a value");
    expect_bad(ARGS("--plant", ""), "--plant needs a file name");
    expect_bad(ARGS("--plant", "p.json", "--lines", "3"), "--plant gives the whole floor: it does not go with --lines");
    expect_bad(ARGS("--seed=2", "--plant=p.json"), "it does not go with --lines or --seed");
    expect_bad(ARGS("--export-plant", "--frames"), "--export-plant needs a file name (got '--frames')");
    expect_bad(ARGS("--mqtt", "tcp://h"), "--mqtt: 'tcp://h' does not start with mqtt:// or mqtts://");
    expect_bad(ARGS("--mqtt", "mqtt://h:99999"), "--mqtt: the port '99999' is not a number in 1..65535");
    expect_bad(ARGS("--mqtt", "mqtt://u:pw@h"), "FACTORYXR_MQTT_USER");
    expect_bad(ARGS("--mqtt", "mqtt://h/a/#"), "wildcard");
    expect_bad(ARGS("--mqtt-ca", "ca.pem"), "--mqtt-ca is about live data: it needs --mqtt");
    expect_bad(ARGS("--stale-after", "5"), "--stale-after is about live data: it needs --mqtt");
    expect_bad(ARGS("--mqtt-max-rate", "5"), "--mqtt-max-rate is about live data: it needs --mqtt");
    expect_bad(ARGS("--mqtt", "mqtt://h", "--mqtt-ca", "ca.pem"), "--mqtt-ca is for TLS: the url must start with mqtts://");
    expect_bad(ARGS("--mqtt", "mqtt://h", "--stale-after", "0"), "--stale-after: '0' is not a decimal number in 0.1..86400");
    expect_bad(ARGS("--mqtt", "mqtt://h", "--stale-after", "0.05"), "--stale-after: '0.05' is not");
    expect_bad(ARGS("--mqtt", "mqtt://h", "--stale-after", "90000"), "--stale-after: '90000' is not");
    expect_bad(ARGS("--mqtt", "mqtt://h", "--mqtt-max-rate", "0"), "--mqtt-max-rate: '0' is not a whole number in 1..1000000");
}

static void good_inputs(void)
{
    struct app_options o = expect_good((const char *const[]){NULL});
    CHECK(o.lines == 4 && o.msaa == 1 && o.seed == 1 && o.frames == 0 && !o.stats && !o.no_multiview &&
          !o.no_late_latch && !o.smooth_move && !o.help && !o.version);
    o = expect_good(ARGS("--lines", "256", "--msaa", "4", "--no-multiview", "--no-late-latch", "--frames", "1000000000",
                         "--stats", "out.jsonl", "--seed", "4294967295"));
    CHECK(o.lines == 256 && o.msaa == 4 && o.no_multiview && o.no_late_latch && o.frames == 1000000000ULL &&
          o.stats && strcmp(o.stats, "out.jsonl") == 0 && o.seed == 4294967295u);
    CHECK(expect_good(ARGS("--smooth-move")).smooth_move);
    o = expect_good(ARGS("--lines=1", "--frames=3", "--stats=s.jsonl", "--seed=7"));
    CHECK(o.lines == 1 && o.frames == 3 && strcmp(o.stats, "s.jsonl") == 0 && o.seed == 7);
    o = expect_good(ARGS("--lines", "007"));
    CHECK(o.lines == 7);
    CHECK(expect_good((const char *const[]){NULL}).detail_px == XR_DEFAULT_DETAIL_PX);
    o = expect_good(ARGS("--detail-px", "0"));
    CHECK(o.detail_px == 0.0f);
    o = expect_good(ARGS("--detail-px=1.25"));
    CHECK(o.detail_px == 1.25f);
    o = expect_good(ARGS("--detail-px", "16"));
    CHECK(o.detail_px == 16.0f);
    CHECK(expect_good((const char *const[]){NULL}).res_scale == 0.0f); /* auto */
    CHECK(expect_good((const char *const[]){NULL}).min_res_scale == 0.0f); /* xr's default floor */
    o = expect_good(ARGS("--res-scale", "auto"));
    CHECK(o.res_scale == 0.0f && o.min_res_scale == 0.0f);
    o = expect_good(ARGS("--res-scale=0.25"));
    CHECK(o.res_scale == 0.25f);
    o = expect_good(ARGS("--res-scale", "1"));
    CHECK(o.res_scale == 1.0f);
    o = expect_good(ARGS("--res-scale", "auto", "--min-res-scale", "0.5"));
    CHECK(o.res_scale == 0.0f && o.min_res_scale == 0.5f);
    o = expect_good(ARGS("--min-res-scale=1.0"));
    CHECK(o.res_scale == 0.0f && o.min_res_scale == 1.0f);
    o = expect_good(ARGS("--plant", "p.json", "--export-plant", "q.json"));
    CHECK(strcmp(o.plant, "p.json") == 0 && strcmp(o.export_plant, "q.json") == 0 && !o.mqtt);
    o = expect_good(ARGS("--mqtt", "mqtts://b:8884/site/hall", "--mqtt-ca", "ca.pem", "--stale-after", "2.5",
                         "--mqtt-max-rate", "200"));
    CHECK(strcmp(o.mqtt, "mqtts://b:8884/site/hall") == 0 && strcmp(o.mqtt_ca, "ca.pem") == 0 &&
          o.stale_after == 2.5f && o.mqtt_max_rate == 200);
    o = expect_good(ARGS("--mqtt=mqtt://127.0.0.1"));
    CHECK(o.stale_after == 0.0f && o.mqtt_max_rate == 0 && !o.mqtt_ca);
    o = expect_good(ARGS("--help"));
    CHECK(o.help && !o.version);
    o = expect_good(ARGS("--version"));
    CHECK(o.version && !o.help);
}

int main(void)
{
    bad_inputs();
    good_inputs();
    return unit_finish("options");
}
