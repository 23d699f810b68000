#!/usr/bin/env bash
# Issue 15: mockxr's slot pacing vs app pacing, side by side in one run — factoryxr (default scene) and the
# Khronos hello_xr on the realtime clock: pose age p50/p99, missed slots, late and GPU-late frames, app CPU,
# the mean lead (predicted display time - wake target); a plot of per-frame pose age under both pacings.
# Results appended to OUT_DIR/results.md (run_benchmarks.sh calls it) or printed; method in docs/latency.md.
#
# Usage: tests/bench/pacing_bench.sh [BUILD_DIR] [OUT_DIR]     (bash, awk; gnuplot for the plot)
# Environment: FRAMES=900 WARMUP=30 HZ=90 VIEW=512 LP_THREADS=2 CASE_TIMEOUT=900 (QUICK=1: 60 frames, 256²)
#   and for the light case (a frame lavapipe renders in a fraction of the period, i.e. where GPU time allows
#   the goal): LIGHT_VIEW=128 LIGHT_LP_THREADS=0 LIGHT_LINES=1 (LIGHT=0 leaves it out)
#   ICD=path to a Vulkan driver manifest (default: lavapipe's), e.g. a GPU machine's:
#   ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json VIEW=2048 LIGHT=0 tests/bench/pacing_bench.sh
set -uo pipefail

BUILD_DIR=$(cd "${1:-build}" && pwd) || { echo "pacing_bench: no build directory '${1:-build}'" >&2; exit 2; }
OUT_DIR=${2:-$BUILD_DIR/bench-results}
if [[ "${QUICK:-0}" == 1 ]]; then FRAMES=${FRAMES:-60}; WARMUP=${WARMUP:-10}; VIEW=${VIEW:-256}
else FRAMES=${FRAMES:-900}; WARMUP=${WARMUP:-30}; VIEW=${VIEW:-512}; fi
HZ=${HZ:-90}; LP_THREADS=${LP_THREADS:-2}; CASE_TIMEOUT=${CASE_TIMEOUT:-900}
LIGHT=${LIGHT:-1}; LIGHT_VIEW=${LIGHT_VIEW:-128}; LIGHT_LP_THREADS=${LIGHT_LP_THREADS:-0}; LIGHT_LINES=${LIGHT_LINES:-1}
[[ "$LIGHT" =~ ^[01]$ ]] || { echo "pacing_bench: LIGHT='$LIGHT' is not 0 or 1" >&2; exit 2; }
[[ "$LIGHT_LP_THREADS" =~ ^[0-9]+$ ]] || { echo "pacing_bench: LIGHT_LP_THREADS='$LIGHT_LP_THREADS' is not a number" >&2; exit 2; }
for n in FRAMES WARMUP HZ VIEW LP_THREADS CASE_TIMEOUT LIGHT_VIEW LIGHT_LINES; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || { echo "pacing_bench: $n='${!n}' is not a positive integer" >&2; exit 2; }
done
MOCKXR_RUN="$BUILD_DIR/mockxr-run" FXR_TIMING="$BUILD_DIR/fxr-timing" FACTORYXR="$BUILD_DIR/factoryxr"
HELLO_XR=$(command -v hello_xr || true)
LVP_ICD=$(find /usr/share/vulkan/icd.d -name "lvp_icd.*.json" 2>/dev/null | sort | head -n 1)
for tool in "$MOCKXR_RUN" "$FXR_TIMING" "$FACTORYXR"; do
  [[ -x "$tool" ]] || { echo "pacing_bench: $tool is missing: build it first" >&2; exit 2; }
done
ICD=${ICD:-$LVP_ICD}
[[ -n "$ICD" ]] || { echo "pacing_bench: lavapipe not found (apt-get install mesa-vulkan-drivers) and no ICD given" >&2; exit 2; }
[[ -r "$ICD" ]] || { echo "pacing_bench: ICD='$ICD' is not a readable Vulkan driver manifest" >&2; exit 2; }
DRIVER=$([[ "$ICD" == "$LVP_ICD" ]] && echo lavapipe || basename "$ICD" .json)
mkdir -p "$OUT_DIR/raw" "$OUT_DIR/plots" "$OUT_DIR/logs" || exit 2
RESULTS="$OUT_DIR/results.md"
export VK_ICD_FILENAMES="$ICD" VK_DRIVER_FILES="$ICD" LP_NUM_THREADS="$LP_THREADS" MOCKXR_QUIET=1
export XDG_CACHE_HOME="$OUT_DIR/cache"
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
failed=0

# run_one NAME PACING APP...: one realtime run through mockxr-run; the runtime record in raw/NAME.mockxr.jsonl
# (VIEW_NOW overrides the view size for one run)
run_one() {
  local name=$1 pacing=$2 view=${VIEW_NOW:-$VIEW}; shift 2
  echo "pacing_bench: $name" >&2
  "$MOCKXR_RUN" --clock realtime --pacing "$pacing" --hz "$HZ" --view-size "${view}x${view}" \
    --frames $((WARMUP + FRAMES)) --timeout "$CASE_TIMEOUT" --report "$OUT_DIR/raw/$name.mockxr.jsonl" -- "$@" \
    >"$OUT_DIR/logs/$name.log" 2>&1 || { echo "pacing_bench: $name failed (logs/$name.log)" >&2; failed=1; }
}

# extra NAME: what fxr-timing's row does not show — GPU-late frames, mean lead and mean estimate after warm-up
extra() {
  awk -v warm="$WARMUP" -v name="$1" '
    function field(k,   m) { return match($0, "\"" k "\":-?[0-9]+") ? substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3) + 0 : 0 }
    /"type":"frame"/ { if (n++ < warm || field("discarded")) next; k++; lead += field("predicted_display_time") - field("wake_target")
                       est += field("estimate"); if (field("gpu_done") > 0) { g++; gpu += field("gpu_done") - field("end") } }
    /"type":"summary"/ { gl = field("gpu_late") }
    END { printf "| %s | %.3f | %.3f | %s | %d |\n", name, k ? lead / k / 1e6 : 0, k ? est / k / 1e6 : 0,
                 g ? sprintf("%.3f", gpu / g / 1e6) : "-", gl }' "$OUT_DIR/raw/$1.mockxr.jsonl"
}

# plot: per-frame pose age under both pacings, one SVG (factoryxr's runs)
plot_pose_age() {
  command -v gnuplot >/dev/null || { echo "pacing_bench: gnuplot not found: no plot" >&2; return; }
  local dat="$OUT_DIR/plots/pacing-pose-age.svg.dat"
  for run in factoryxr-slot factoryxr-app light-app; do
    [[ -s "$OUT_DIR/raw/pacing-$run.mockxr.jsonl" ]] || { printf '0 NaN\n\n\n'; continue; }
    awk -v warm="$WARMUP" 'match($0, /"pose_age":-?[0-9]+/) && /"type":"frame"/ {
      if (++n > warm) print n - warm, substr($0, RSTART + 11, RLENGTH - 11) / 1e6 }' "$OUT_DIR/raw/pacing-$run.mockxr.jsonl"
    printf '\n\n'
  done >"$dat"
  local period goal
  period=$(awk -v hz="$HZ" 'BEGIN { printf "%.4f", 1000 / hz }')
  goal=$(awk -v hz="$HZ" 'BEGIN { printf "%.4f", 600 / hz }')
  gnuplot <<GP 2>>"$OUT_DIR/logs/gnuplot.log" || echo "pacing_bench: gnuplot failed" >&2
set terminal svg size 900,420 dynamic background rgb 'white'
set output '$OUT_DIR/plots/pacing-pose-age.svg'
set title "factoryxr pose age per frame (mockxr's record), ${HZ} Hz, $DRIVER: slot vs app pacing"
set xlabel 'frame (after $WARMUP warm-up)'; set ylabel 'ms'; set key outside bottom center horizontal; set grid
set yrange [-2:$period * 1.5]
plot '$dat' index 0 using 1:2 with lines lw 1 title 'default scene ${VIEW}², slot pacing', \\
     '$dat' index 1 using 1:2 with lines lw 1 title 'default scene ${VIEW}², app pacing', \\
     '$dat' index 2 using 1:2 with lines lw 1 title 'light (--lines $LIGHT_LINES, ${LIGHT_VIEW}²), app pacing', \\
     $period with lines lw 2 lc rgb 'gray' title 'one period', \\
     $goal with lines lw 2 lc rgb 'red' title '0.6 period (goal for p99)'
GP
}

say "## Frame pacing: slot vs app (issue 15; realtime ${HZ} Hz, ${VIEW}² per eye, $FRAMES frames after $WARMUP)"
say ""
say "- $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $DRIVER (VK_ICD_FILENAMES=$ICD), LP_NUM_THREADS=$LP_THREADS"
say ""
for p in slot app; do run_one "pacing-factoryxr-$p" "$p" "$FACTORYXR" --stats "$OUT_DIR/raw/pacing-factoryxr-$p.stats.jsonl"; done
if [[ -n "$HELLO_XR" ]]; then
  for p in slot app; do run_one "pacing-hello-$p" "$p" "$HELLO_XR" -g Vulkan2; done
fi
if [[ "$LIGHT" == 1 ]]; then
  for p in slot app; do
    LP_NUM_THREADS=$LIGHT_LP_THREADS VIEW_NOW=$LIGHT_VIEW run_one "pacing-light-$p" "$p" "$FACTORYXR" \
      --lines "$LIGHT_LINES" --stats "$OUT_DIR/raw/pacing-light-$p.stats.jsonl"
  done
fi
"$FXR_TIMING" --row-header | tee -a "$RESULTS"
for p in slot app; do
  "$FXR_TIMING" --warmup "$WARMUP" --row "factoryxr, $p pacing, runtime record" "$OUT_DIR/raw/pacing-factoryxr-$p.mockxr.jsonl" | tee -a "$RESULTS"
  "$FXR_TIMING" --warmup "$WARMUP" --row "factoryxr, $p pacing, app record" "$OUT_DIR/raw/pacing-factoryxr-$p.stats.jsonl" | tee -a "$RESULTS"
done
if [[ -n "$HELLO_XR" ]]; then
  for p in slot app; do
    "$FXR_TIMING" --warmup "$WARMUP" --row "hello_xr, $p pacing, runtime record" "$OUT_DIR/raw/pacing-hello-$p.mockxr.jsonl" | tee -a "$RESULTS"
  done
fi
if [[ "$LIGHT" == 1 ]]; then
  for p in slot app; do
    "$FXR_TIMING" --warmup "$WARMUP" --row "factoryxr light (--lines $LIGHT_LINES, ${LIGHT_VIEW}², LP_NUM_THREADS=$LIGHT_LP_THREADS), $p pacing, app record" \
      "$OUT_DIR/raw/pacing-light-$p.stats.jsonl" | tee -a "$RESULTS"
  done
fi
say ""
say "| run (runtime record, after warm-up) | mean lead ms | mean estimate ms | mean GPU after xrEndFrame ms | GPU-late frames |"
say "|---|--:|--:|--:|--:|"
for name in pacing-factoryxr-slot pacing-factoryxr-app pacing-hello-slot pacing-hello-app pacing-light-slot pacing-light-app; do
  [[ -s "$OUT_DIR/raw/$name.mockxr.jsonl" ]] && extra "$name" | tee -a "$RESULTS"
done
say ""
# the issue's goal, for each app-paced run: pose age p99 under 0.6 of the period, no missed slot
say "| app pacing run | pose age p99 / period | missed | goal (p99 < 0.6 P, 0 missed) |"
say "|---|--:|--:|---|"
for name in pacing-factoryxr-app pacing-hello-app pacing-light-app; do
  [[ -s "$OUT_DIR/raw/$name.mockxr.jsonl" ]] || continue
  "$FXR_TIMING" --warmup "$WARMUP" --row "$name" "$OUT_DIR/raw/$name.mockxr.jsonl" |
    awk -F'|' -v hz="$HZ" '{ gsub(/ /, "", $2); gsub(/ /, "", $4); gsub(/ /, "", $15); r = $15 * hz / 1000
      printf "| %s | %.3f | %s | %s |\n", $2, r, $4, (r < 0.6 && $4 == 0) ? "met" : "not met" }' | tee -a "$RESULTS"
done
say ""
plot_pose_age
say "Plot: plots/pacing-pose-age.svg"
say ""
exit $failed
