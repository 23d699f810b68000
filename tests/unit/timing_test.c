/* Unit tests of fxr-timing's statistics (nearest-rank percentiles, phases, pose age, wake jitter,
 * missed frames) and record parsing, on small synthetic records with hand-computed answers. */
#include "timing.h"
#include "unit_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHECK_NEAR(a, b) CHECK(fabs((double)(a) - (double)(b)) < 1e-9)

static void test_percentile(void)
{
    double ten[10], hundred[100];
    for (int i = 0; i < 10; i++)
        ten[i] = i + 1;
    for (int i = 0; i < 100; i++)
        hundred[i] = i + 1;
    /* rank = ceil(p/100 * n): 1..10 -> p50 is the 5th value, p95 and p99 the 10th, p10 the 1st */
    CHECK_NEAR(timing_percentile(ten, 10, 50), 5);
    CHECK_NEAR(timing_percentile(ten, 10, 95), 10);
    CHECK_NEAR(timing_percentile(ten, 10, 99), 10);
    CHECK_NEAR(timing_percentile(ten, 10, 10), 1);
    CHECK_NEAR(timing_percentile(ten, 10, 11), 2);
    CHECK_NEAR(timing_percentile(hundred, 100, 50), 50);
    CHECK_NEAR(timing_percentile(hundred, 100, 95), 95);
    CHECK_NEAR(timing_percentile(hundred, 100, 99), 99);
    CHECK_NEAR(timing_percentile(hundred, 100, 100), 100);
    double one = 7.5;
    CHECK_NEAR(timing_percentile(&one, 1, 50), 7.5);
    CHECK_NEAR(timing_percentile(&one, 1, 99), 7.5);
    CHECK_NEAR(timing_percentile(NULL, 0, 50), 0);
}

static void test_dist_sorts(void)
{
    double v[] = {9, 1, 5, 3, 7, 2, 8, 4, 6, 10};
    struct timing_dist d;
    timing_dist_compute(v, 10, &d);
    CHECK(d.n == 10);
    CHECK_NEAR(d.p50, 5);
    CHECK_NEAR(d.p95, 10);
    CHECK_NEAR(d.max, 10);
    CHECK_NEAR(v[0], 1); /* sorted in place */
    timing_dist_compute(v, 0, &d);
    CHECK(d.n == 0 && d.p50 == 0 && d.max == 0);
}

static void test_parse(void)
{
    struct timing_frame f;
    int64_t header_period = 0;
    CHECK(timing_parse_line("{\"type\":\"header\",\"clock\":\"virtual\",\"period\":10000000}", &f, &header_period) == 0);
    CHECK(header_period == 10000000);
    CHECK(timing_parse_line("   \n", &f, &header_period) == 0);
    CHECK(timing_parse_line("{\"type\":\"summary\",\"frames\":3}", &f, &header_period) == 0);
    CHECK(timing_parse_line("not json", &f, &header_period) == -1);
    CHECK(timing_parse_line("{\"frame\":1,\"wake\":\"soon\"}", &f, &header_period) == -1);
    /* factoryxr-style: no type, gpu_ms and counts, pose age derived from located */
    CHECK(timing_parse_line("{\"frame\":4,\"predicted_display_time\":50000000,\"period\":10000000,\"wake\":30000000,"
                            "\"begin\":31000000,\"located\":33000000,\"end\":34000000,\"gpu_ms\":2.5,\"draws\":12,"
                            "\"triangles\":3400,\"discarded\":0,\"late\":1}",
                            &f, &header_period) == 1);
    CHECK(f.frame == 4 && f.wake == 30000000 && f.end == 34000000);
    CHECK(f.pose_age == 17000000);
    CHECK_NEAR(f.gpu_ms, 2.5);
    CHECK(f.draws == 12 && f.triangles == 3400 && f.late && !f.discarded);
    CHECK(f.res_scale < 0); /* not recorded */
    CHECK(timing_parse_line("{\"frame\":5,\"res_scale\":0.625,\"image_width\":320}", &f, &header_period) == 1);
    CHECK_NEAR(f.res_scale, 0.625);
    CHECK(timing_parse_line("{\"frame\":5,\"res_scale\":\"full\"}", &f, &header_period) == -1);
    /* mockxr-style: its own pose_age wins; views never located -> unknown */
    CHECK(timing_parse_line("{\"type\":\"frame\",\"frame\":0,\"predicted_display_time\":50,\"located\":20,\"pose_age\":25}",
                            &f, &header_period) == 1);
    CHECK(f.pose_age == 25 && f.gpu_ms < 0 && f.fence_ms < 0 && f.draws == -1);
    /* factoryxr writes "gpu_ms":null while a frame's GPU time is unknown */
    CHECK(timing_parse_line("{\"frame\":1,\"gpu_ms\":null,\"fence_wait_ms\":0.75}", &f, &header_period) == 1);
    CHECK(f.gpu_ms < 0);
    CHECK_NEAR(f.fence_ms, 0.75);
    CHECK(timing_parse_line("{\"frame\":1,\"fence_wait_ms\":\"x\"}", &f, &header_period) == -1);
    CHECK(timing_parse_line("{\"type\":\"frame\",\"frame\":0,\"predicted_display_time\":50,\"located\":0,\"pose_age\":0}",
                            &f, &header_period) == 1);
    CHECK(f.located == 0 && f.pose_age == 0);
    /* views located after the display time: a negative age, still a sample */
    CHECK(timing_parse_line("{\"frame\":2,\"predicted_display_time\":50,\"located\":80}", &f, &header_period) == 1);
    CHECK(f.pose_age == -30);
}

/* 10 frames at a 10 ms period. Frame k wakes at 10k ms (frame 6 wakes 2 ms late), begins 1 ms after
 * waking, locates 2 ms after, ends 3 ms after; frame 8's display time skips two slots. */
static void make_records(struct timing_records *r)
{
    const int64_t ms = 1000000, period = 10 * ms;
    int64_t pdt = 20 * ms;
    for (int k = 0; k < 10; k++) {
        int64_t wake = (10 + 10 * k) * ms + (k == 6 ? 2 * ms : 0);
        if (k == 8)
            pdt += 2 * period;
        struct timing_frame f = {.frame = k, .predicted_display_time = pdt, .period = period, .wake = wake,
                                 .begin = wake + ms, .located = wake + 2 * ms, .end = wake + 3 * ms,
                                 .pose_age = pdt - (wake + 2 * ms), .gpu_ms = k, .fence_ms = k * 0.25, .draws = 5, .triangles = 100,
                                 .res_scale = k < 5 ? 1.0 : 0.5 + 0.05 * k, .discarded = k == 9, .late = k == 3};
        CHECK(timing_records_append(r, &f) == 0);
        pdt += period;
    }
}

static void test_summarize(void)
{
    struct timing_records r = {0};
    make_records(&r);
    struct timing_summary s;
    CHECK(timing_summarize(&r, 2, &s) == 0);
    CHECK(s.frames_total == 10 && s.frames == 8 && s.warmup == 2 && s.unlocated == 0);
    CHECK_NEAR(s.period_ms, 10);
    CHECK_NEAR(s.wake_to_begin.p50, 1);
    CHECK_NEAR(s.begin_to_located.p99, 1);
    CHECK_NEAR(s.located_to_end.max, 1);
    CHECK_NEAR(s.wake_to_end.p50, 3);
    CHECK(s.wake_to_end.n == 8);
    /* GPU: frames 2..9 -> 2..9 ms; nearest rank of 8 samples: p50 = 4th = 5, p95 = 8th = 9 */
    CHECK_NEAR(s.gpu.p50, 5);
    CHECK_NEAR(s.gpu.p95, 9);
    CHECK_NEAR(s.fence.p50, 1.25); /* k/4 for k = 2..9 */
    CHECK_NEAR(s.fence.max, 2.25);
    /* jitter over frames 3..9 (7 intervals): frame 6 +2 ms, frame 7 -2 ms -> |2|, others 0 */
    CHECK(s.wake_jitter.n == 7);
    CHECK_NEAR(s.wake_jitter.p50, 0);
    CHECK_NEAR(s.wake_jitter.max, 2);
    CHECK_NEAR(s.wake_jitter.p95, 2);
    /* pose age: display time - located; frame 2: pdt 40, located 32 -> 8 ms; after the skip 28 ms */
    CHECK_NEAR(s.pose_age.p50, 8);
    CHECK_NEAR(s.pose_age.max, 28);
    CHECK(s.missed == 2 && s.discarded == 1 && s.late == 1);
    CHECK_NEAR(s.draws, 5);
    CHECK_NEAR(s.triangles, 100);
    /* scales of frames 2..9: 1, 1, 1, 0.75, 0.8, 0.85, 0.9, 0.95 -> p50 (4th of 8) 0.9, lowest 0.75, 5 below 1 */
    CHECK_NEAR(s.res_scale, 0.9);
    CHECK_NEAR(s.res_scale_min, 0.75);
    CHECK(s.below_full == 5);
    CHECK(timing_summarize(&r, 10, &s) == -1);
    CHECK(timing_summarize(&r, 11, &s) == -1);
    timing_records_free(&r);
    CHECK(r.frames == NULL && r.count == 0);
}

/* Frames without located views, without GPU time, and a gap in the frame numbers. */
static void test_summarize_sparse(void)
{
    struct timing_records r = {0};
    struct timing_frame a = {.frame = 0, .predicted_display_time = 100, .period = 10, .wake = 50, .end = 60,
                             .gpu_ms = -1, .fence_ms = -1, .draws = -1, .triangles = -1};
    struct timing_frame b = a, c = a;
    b.frame = 2; /* not consecutive: no jitter, no miss counted across the gap */
    b.predicted_display_time = 200;
    b.wake = 80;
    c.frame = 3;
    c.predicted_display_time = 210;
    c.wake = 95;
    CHECK(timing_records_append(&r, &a) == 0 && timing_records_append(&r, &b) == 0 &&
          timing_records_append(&r, &c) == 0);
    struct timing_summary s;
    CHECK(timing_summarize(&r, 0, &s) == 0);
    CHECK(s.unlocated == 3 && s.pose_age.n == 0 && s.gpu.n == 0 && s.fence.n == 0 && s.begin_to_located.n == 0);
    CHECK(s.wake_jitter.n == 1);
    CHECK_NEAR(s.wake_jitter.max, 5e-6); /* |15 - 10| ns in ms */
    CHECK(s.missed == 0);
    CHECK(s.draws < 0 && s.triangles < 0);
    CHECK(s.res_scale < 0 && s.res_scale_min < 0 && s.below_full == 0); /* mockxr records carry no scale */
    timing_records_free(&r);
}

/* A frame whose views were located after its display time counts with its negative pose age. */
static void test_summarize_late_pose(void)
{
    struct timing_records r = {0};
    struct timing_frame a = {.frame = 0, .predicted_display_time = 20000000, .period = 10000000, .wake = 10000000,
                             .located = 15000000, .end = 16000000, .pose_age = 5000000, .gpu_ms = -1,
                             .fence_ms = -1, .draws = -1, .triangles = -1};
    struct timing_frame b = a;
    b.frame = 1;
    b.predicted_display_time = 30000000;
    b.wake = 20000000;
    b.located = 32000000;
    b.end = 33000000;
    b.pose_age = -2000000;
    CHECK(timing_records_append(&r, &a) == 0 && timing_records_append(&r, &b) == 0);
    struct timing_summary s;
    CHECK(timing_summarize(&r, 0, &s) == 0);
    CHECK(s.pose_age.n == 2 && s.unlocated == 0);
    CHECK_NEAR(s.pose_age.p50, -2); /* nearest rank of {-2, 5}: the 1st */
    CHECK_NEAR(s.pose_age.max, 5);
    timing_records_free(&r);
}

int main(void)
{
    test_percentile();
    test_dist_sorts();
    test_parse();
    test_summarize();
    test_summarize_sparse();
    test_summarize_late_pose();
    return unit_finish("timing_test");
}
