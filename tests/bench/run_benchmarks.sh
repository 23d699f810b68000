#!/usr/bin/env bash
# Runs the benchmarks of issues 3-5, 10, 12 and 15 (mockxr overhead and jitter; the reference compositor's cost;
# factoryxr latency with and without late latching; slot vs app pacing (pacing_bench.sh); scene/resolution/render-path scaling; hello_xr side by
# side; live data at scale) and writes markdown tables,
# SVG plots, raw records and logs into OUT_DIR. Method and reading guide: docs/benchmarks.md.
#
# Usage: tests/bench/run_benchmarks.sh [BUILD_DIR] [OUT_DIR]      (needs bash, awk, gnuplot for the plots)
#   BUILD_DIR  a configured and built tree (default: build); OUT_DIR default: BUILD_DIR/bench-results
# Environment (all optional):
#   QUICK=1        smoke run: few frames, few cases (checks the script, not the numbers)
#   FRAMES=900     measured frames of the latency runs (after WARMUP)
#   SCALE_FRAMES=300  measured frames of each scaling run
#   SIDE_FRAMES=900   frames added in the side-by-side fps runs
#   OVERHEAD_FRAMES=5000  JITTER_FRAMES=900  frames of mockxr_overhead (virtual / realtime)
#   WARMUP=30      frames skipped before measuring
#   HZ=90          refresh rate of the realtime runs
#   LP_THREADS=2   LP_NUM_THREADS for lavapipe (pinned and recorded)
#   REPEAT=3       runs of hello_xr's side-by-side cases, the fastest counts (1 with QUICK=1); factoryxr's
#                  run once (each takes minutes on lavapipe, so their noise matters less)
#   VIEW=512       per-eye edge of the latency and side-by-side runs
#   LINES_LIST="1 4 16 64 256"   SIZES="512 1024"   production lines and per-eye edges of the scaling runs
#   FACTORYXR_ARGS=""            extra flags for every factoryxr run
#   TWIN_MACHINES=10000 TWIN_RATES="2 10" TWIN_SECONDS=20   live data: machines, states a second per machine
#                  (one twin_bench run per rate, with mosquitto's default queue limits and with none), seconds per phase
#   CASE_TIMEOUT=900             seconds one factoryxr run may take (mockxr-run --timeout); a scaling
#                                case that times out skips the larger --lines of its size and path
#                                (so give LINES_LIST in ascending order)
set -uo pipefail

BUILD_DIR=$(cd "${1:-build}" && pwd) || { echo "run_benchmarks: no build directory '${1:-build}'" >&2; exit 2; }
OUT_DIR=${2:-$BUILD_DIR/bench-results}
if [[ "${QUICK:-0}" == 1 ]]; then
  FRAMES=${FRAMES:-60}; SCALE_FRAMES=${SCALE_FRAMES:-30}; WARMUP=${WARMUP:-10}
  LINES_LIST=${LINES_LIST:-"1 4"}; SIZES=${SIZES:-"256"}; VIEW=${VIEW:-256}
  OVERHEAD_FRAMES=${OVERHEAD_FRAMES:-500}; JITTER_FRAMES=${JITTER_FRAMES:-90}; SIDE_FRAMES=${SIDE_FRAMES:-60}
  REPEAT=${REPEAT:-1}
else
  FRAMES=${FRAMES:-900}; SCALE_FRAMES=${SCALE_FRAMES:-300}; WARMUP=${WARMUP:-30}
  LINES_LIST=${LINES_LIST:-"1 4 16 64 256"}; SIZES=${SIZES:-"512 1024"}; VIEW=${VIEW:-512}
  OVERHEAD_FRAMES=${OVERHEAD_FRAMES:-5000}; JITTER_FRAMES=${JITTER_FRAMES:-900}; SIDE_FRAMES=${SIDE_FRAMES:-900}
  REPEAT=${REPEAT:-3}
fi
HZ=${HZ:-90}
TWIN_MACHINES=${TWIN_MACHINES:-10000}
TWIN_RATES=${TWIN_RATES:-"2 10"}
TWIN_SECONDS=${TWIN_SECONDS:-20}
[[ "${QUICK:-0}" == 1 ]] && { TWIN_MACHINES=${TWIN_MACHINES_QUICK:-1000}; TWIN_SECONDS=3; TWIN_RATES=10; }
CASE_TIMEOUT=${CASE_TIMEOUT:-900}
LP_THREADS=${LP_THREADS:-2}
FACTORYXR_ARGS=${FACTORYXR_ARGS:-}

for n in FRAMES SCALE_FRAMES WARMUP HZ LP_THREADS VIEW OVERHEAD_FRAMES JITTER_FRAMES SIDE_FRAMES REPEAT CASE_TIMEOUT; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || { echo "run_benchmarks: $n='${!n}' is not a positive integer" >&2; exit 2; }
done

MOCKXR_RUN="$BUILD_DIR/mockxr-run"
FXR_TIMING="$BUILD_DIR/fxr-timing"
OVERHEAD="$BUILD_DIR/mockxr_overhead"
FACTORYXR=$(find "$BUILD_DIR" -maxdepth 3 -name factoryxr -type f -perm -u+x 2>/dev/null | head -n 1)
GFX_BENCH=$(find "$BUILD_DIR" -maxdepth 4 -name gfx_bench -type f -perm -u+x 2>/dev/null | head -n 1)
HELLO_XR=$(command -v hello_xr || true)
LVP_ICD=$(find /usr/share/vulkan/icd.d -name "lvp_icd.*.json" 2>/dev/null | sort | head -n 1)

for tool in "$MOCKXR_RUN" "$FXR_TIMING"; do
  [[ -x "$tool" ]] || { echo "run_benchmarks: $tool is missing: build it first (cmake --build $BUILD_DIR)" >&2; exit 2; }
done
[[ -n "$LVP_ICD" ]] || { echo "run_benchmarks: lavapipe not found (apt-get install mesa-vulkan-drivers)" >&2; exit 2; }
command -v gnuplot >/dev/null || echo "run_benchmarks: gnuplot not found (apt-get install gnuplot-nox): no plots" >&2

mkdir -p "$OUT_DIR/raw" "$OUT_DIR/plots" "$OUT_DIR/logs" || exit 2
RESULTS="$OUT_DIR/results.md"
FAILED=()

# Every run: lavapipe, pinned threads, quiet mockxr, a cache of our own.
export VK_ICD_FILENAMES="$LVP_ICD" VK_DRIVER_FILES="$LVP_ICD" LP_NUM_THREADS="$LP_THREADS" MOCKXR_QUIET=1
export XDG_CACHE_HOME="$OUT_DIR/cache"

now() { date +%s.%N; }
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }

# run_case NAME CMD...: runs it with output in logs/NAME.log; records a failure but carries on.
# Returns the command's exit status (mockxr-run: 4 = timed out).
run_case() {
  local name=$1 rc=0; shift
  echo "run_benchmarks: $name" >&2
  "$@" >"$OUT_DIR/logs/$name.log" 2>&1 || rc=$?
  if ((rc != 0)); then
    FAILED+=("$name: exit status $rc (see logs/$name.log)")
  fi
  return "$rc"
}

# row LABEL FILE [PLOT_TITLE]: one fxr-timing table row (and a plot) for a record.
row() {
  local label=$1 file=$2 title=${3:-}
  local plot_args=()
  if [[ -n "$title" ]] && command -v gnuplot >/dev/null; then
    plot_args=(--plot "$OUT_DIR/plots/$(basename "$file" .jsonl).svg" --title "$title")
  fi
  if [[ -s "$file" ]] && "$FXR_TIMING" --warmup "$WARMUP" "${plot_args[@]}" --row "$label" "$file" >>"$RESULTS" 2>>"$OUT_DIR/logs/fxr-timing.log"; then
    return 0
  fi
  say "| $label | failed: no usable record ($(basename "$file")) |"
}

# ---- header: what was measured where ----
: >"$RESULTS"
say "# Benchmark results"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo unknown)"
say "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs online, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "- Vulkan: lavapipe ($LVP_ICD), LP_NUM_THREADS=$LP_THREADS; refresh ${HZ} Hz; warm-up $WARMUP frames"
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null)
SANITIZED=$(sed -n 's/^FXR_SANITIZE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null)
say "- build: ${BUILD_TYPE:-unknown}$([[ "$SANITIZED" == ON ]] && echo ', sanitizers ON')"
if [[ "$BUILD_TYPE" == Debug || "$SANITIZED" == ON ]]; then
  echo "run_benchmarks: warning: $BUILD_DIR is a ${BUILD_TYPE} build$([[ "$SANITIZED" == ON ]] && echo ' with sanitizers'); measure a RelWithDebInfo or Release build" >&2
fi
say "- mode: $([[ "${QUICK:-0}" == 1 ]] && echo 'QUICK smoke run (numbers not meaningful)' || echo full)"
say ""

# ---- 1. mockxr's own overhead (virtual clock) and wake-up jitter (realtime clock) ----
say "## mockxr overhead and xrWaitFrame jitter"
say ""
if [[ -x "$OVERHEAD" ]]; then
  for clock in virtual realtime; do
    frames=$OVERHEAD_FRAMES; [[ $clock == realtime ]] && frames=$JITTER_FRAMES
    if run_case "overhead-$clock" env MOCKXR_REFRESH_HZ="$HZ" "$OVERHEAD" --clock "$clock" --frames "$frames"; then
      say "\`mockxr_overhead --clock $clock --frames $frames\`"
      say ""
      grep -v '^mockxr_overhead:' "$OUT_DIR/logs/overhead-$clock.log" | sed '/./,$!d' >>"$RESULTS"
      say ""
    else
      say "mockxr_overhead --clock $clock failed (logs/overhead-$clock.log)"
      say ""
    fi
  done
else
  say "mockxr_overhead was not built."
  say ""
fi

# ---- 1b. the reference compositor's CPU cost per eye (no GPU, no runtime) ----
COMPOSE_BENCH="$BUILD_DIR/mockxr_compose_bench"
say "## mockxr reference compositor (CPU, one eye)"
say ""
if [[ -x "$COMPOSE_BENCH" ]]; then
  runs=30; [[ "${QUICK:-0}" == 1 ]] && runs=3
  if run_case compose-bench "$COMPOSE_BENCH" --size 256 --size 1024 --runs "$runs"; then
    say "\`mockxr_compose_bench --size 256 --size 1024 --runs $runs\`"
    say ""
    cat "$OUT_DIR/logs/compose-bench.log" >>"$RESULTS"
    say ""
  else
    say "mockxr_compose_bench failed (logs/compose-bench.log)"
    say ""
  fi
else
  say "mockxr_compose_bench was not built."
  say ""
fi

# factoryxr on mockxr-run; NAME CLOCK VIEW FRAMES [factoryxr flags...]. Records: raw/NAME.{stats,mockxr}.jsonl
fxr_case() {
  local name=$1 clock=$2 view=$3 frames=$4; shift 4
  # shellcheck disable=SC2086 # FACTORYXR_ARGS is a list of flags
  run_case "$name" "$MOCKXR_RUN" --clock "$clock" --hz "$HZ" --view-size "${view}x${view}" --frames "$frames" \
    --timeout "$CASE_TIMEOUT" --report "$OUT_DIR/raw/$name.mockxr.jsonl" -- "$FACTORYXR" --stats "$OUT_DIR/raw/$name.stats.jsonl" \
    $FACTORYXR_ARGS "$@"
}

# ---- 2. latency: late latching on and off (realtime, HZ, VIEW, default scene) ----
say "## factoryxr frame loop latency (realtime ${HZ} Hz, ${VIEW}² per eye, default scene, $FRAMES frames)"
say ""
if [[ -n "$FACTORYXR" ]]; then
  total=$((WARMUP + FRAMES))
  fxr_case latency-late-latch realtime "$VIEW" "$total"
  fxr_case latency-no-late-latch realtime "$VIEW" "$total" --no-late-latch
  fxr_case latency-full-size realtime "$VIEW" "$total" --res-scale 1
  say "Times in ms; app record = factoryxr --stats, runtime record = mockxr's report of the same run. The first"
  say "two runs use the default dynamic resolution (--res-scale auto); the third draws the full ${VIEW}² always."
  say ""
  "$FXR_TIMING" --row-header >>"$RESULTS"
  row "late latch, app record" "$OUT_DIR/raw/latency-late-latch.stats.jsonl" "factoryxr, late latching (${VIEW}², ${HZ} Hz)"
  row "late latch, runtime record" "$OUT_DIR/raw/latency-late-latch.mockxr.jsonl"
  row "no late latch, app record" "$OUT_DIR/raw/latency-no-late-latch.stats.jsonl" "factoryxr, no late latching (${VIEW}², ${HZ} Hz)"
  row "no late latch, runtime record" "$OUT_DIR/raw/latency-no-late-latch.mockxr.jsonl"
  row "late latch, full size (--res-scale 1), app record" "$OUT_DIR/raw/latency-full-size.stats.jsonl" "factoryxr, full size (${VIEW}², ${HZ} Hz)"
  row "late latch, full size (--res-scale 1), runtime record" "$OUT_DIR/raw/latency-full-size.mockxr.jsonl"
  say ""
  say "Plots: plots/latency-late-latch.stats.svg, plots/latency-no-late-latch.stats.svg, plots/latency-full-size.stats.svg"
  say ""
  # The same machine made slower on purpose: a busy loop on one of the CPUs for the whole run, as a noisy
  # neighbour would. What dynamic resolution is for; the full-size run shows what it saves.
  say "### Under load: one CPU kept busy by another process"
  say ""
  "$FXR_TIMING" --row-header >>"$RESULTS"
  for mode in auto 1; do
    name=latency-loaded-$([[ $mode == auto ]] && echo auto || echo full-size)
    sh -c 'while :; do :; done' &
    hog=$!
    trap 'kill "$hog" 2>/dev/null' EXIT # never leave it spinning
    fxr_case "$name" realtime "$VIEW" "$total" --res-scale "$mode"
    kill "$hog" 2>/dev/null
    wait "$hog" 2>/dev/null
    trap - EXIT
    row "loaded, --res-scale $mode, app record" "$OUT_DIR/raw/$name.stats.jsonl" "factoryxr under load, --res-scale $mode (${VIEW}², ${HZ} Hz)"
    row "loaded, --res-scale $mode, runtime record" "$OUT_DIR/raw/$name.mockxr.jsonl"
  done
  say ""
  say "Plots: plots/latency-loaded-auto.stats.svg, plots/latency-loaded-full-size.stats.svg"
  say ""
else
  say "factoryxr was not built: skipped."
  say ""
fi

# ---- 2b. frame pacing: mockxr's slot vs app pacing, factoryxr and hello_xr (tests/bench/pacing_bench.sh) ----
if ! FRAMES="$FRAMES" WARMUP="$WARMUP" HZ="$HZ" VIEW="$VIEW" LP_THREADS="$LP_THREADS" CASE_TIMEOUT="$CASE_TIMEOUT" \
    bash "$(dirname "$0")/pacing_bench.sh" "$BUILD_DIR" "$OUT_DIR" 2>>"$OUT_DIR/logs/pacing-bench.log"; then
  FAILED+=("pacing_bench.sh: a run failed (see logs/pacing-bench.log)")
fi

# ---- 3. scaling: lines x per-eye size x render path (realtime, so CPU and GPU times are real) ----
say "## factoryxr scaling (realtime ${HZ} Hz, $SCALE_FRAMES frames each, full size: --res-scale 1)"
say ""
if [[ -n "$FACTORYXR" ]]; then
  "$FXR_TIMING" --row-header >>"$RESULTS"
  for size in $SIZES; do
    declare -A timed_out=()
    for lines in $LINES_LIST; do
      for path in multiview per-view; do
        label="${size}², --lines $lines, $path"
        if [[ -n "${timed_out[$path]:-}" ]]; then
          say "| $label | skipped: --lines ${timed_out[$path]} already took over ${CASE_TIMEOUT} s |"
          continue
        fi
        flags=(--lines "$lines" --res-scale 1); [[ $path == per-view ]] && flags+=(--no-multiview)
        name="scale-${size}-lines${lines}-${path}"
        if fxr_case "$name" realtime "$size" $((WARMUP + SCALE_FRAMES)) "${flags[@]}"; then
          row "$label" "$OUT_DIR/raw/$name.stats.jsonl"
        elif [[ $? == 4 ]]; then
          timed_out[$path]=$lines
          say "| $label | timed out after ${CASE_TIMEOUT} s |"
        else
          row "$label (run failed: partial)" "$OUT_DIR/raw/$name.stats.jsonl"
        fi
      done
    done
    unset timed_out
  done
  say ""
else
  say "factoryxr was not built: skipped."
  say ""
fi

# ---- 3b. the renderer alone, offscreen (gfx_bench, runtime/gfx's): multiview vs per-view GPU ms ----
say "## Renderer offscreen: multiview vs per-view (gfx_bench, no XR)"
say ""
if [[ -n "$GFX_BENCH" ]]; then
  gfx_frames=20; [[ "${QUICK:-0}" == 1 ]] && gfx_frames=5
  if run_case gfx-bench "$GFX_BENCH" --lines "${LINES_LIST// /,}" --sizes "${SIZES// /,}" --frames "$gfx_frames"; then
    say "\`gfx_bench --lines ${LINES_LIST// /,} --sizes ${SIZES// /,} --frames $gfx_frames\`"
    say ""
    cat "$OUT_DIR/logs/gfx-bench.log" >>"$RESULTS"
  else
    say "gfx_bench failed (logs/gfx-bench.log)"
  fi
else
  say "gfx_bench was not built: skipped."
fi
say ""

# ---- 4. side by side with the Khronos hello_xr (same mockxr, same size) ----
# Wall time of a virtual-clock run of N frames; fps = the frames added between two runs divided by the
# time they added, so start-up (instance, device, pipelines) cancels out. Results in globals (no
# subshells, so that FAILED keeps every failure).
WALL=""
wall_of() { # NAME FRAMES RUNS CMD... -> WALL (seconds, the fastest of RUNS runs), empty on failure
  local name=$1 frames=$2 runs=$3; shift 3
  local t0 t i
  WALL=""
  for ((i = 1; i <= runs; i++)); do
    t0=$(now)
    run_case "$name" "$MOCKXR_RUN" --timeout "$CASE_TIMEOUT" --clock virtual --view-size "${VIEW}x${VIEW}" --frames "$frames" \
      --report "$OUT_DIR/raw/$name.mockxr.jsonl" -- "$@" || { WALL=""; return 1; }
    t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
    WALL=$(awk -v w="${WALL:-$t}" -v t="$t" 'BEGIN { printf "%.3f", (t < w) ? t : w }')
  done
}
SIDE_FPS=""
side_by_side() { # LABEL NAME RUNS CMD... -> a table row, SIDE_FPS
  local label=$1 name=$2 runs=$3; shift 3
  local short=""
  SIDE_FPS=""
  wall_of "$name-short" "$WARMUP" "$runs" "$@" && short=$WALL &&
    wall_of "$name-long" $((WARMUP + SIDE_FRAMES)) "$runs" "$@"
  if [[ -n "$short" && -n "$WALL" ]]; then
    SIDE_FPS=$(awk -v n="$SIDE_FRAMES" -v a="$short" -v b="$WALL" 'BEGIN { if (b > a) printf "%.1f", n / (b - a) }')
    say "| $label | $runs | $SIDE_FRAMES | $short | $WALL | ${SIDE_FPS:-n/a (too few frames to see)} |"
  else
    say "| $label | $runs | failed (logs/$name-*.log) | | | |"
  fi
}
say "## Side by side: hello_xr (Khronos, -g Vulkan2) and factoryxr on the same mockxr, ${VIEW}² per eye"
say ""
if [[ -n "$HELLO_XR" ]]; then
  say "Virtual clock: frames per second of the app's own loop (the runtime never sleeps); factoryxr at the"
  say "full size (--res-scale 1), like hello_xr."
  say ""
  say "fps = frames added / wall time added (fastest of the runs), so start-up cancels out."
  say ""
  say "| app | runs | frames added | wall s ($WARMUP frames) | wall s ($((WARMUP + SIDE_FRAMES)) frames) | fps |"
  say "|---|--:|--:|--:|--:|--:|"
  side_by_side "hello_xr" side-hello "$REPEAT" "$HELLO_XR" -g Vulkan2
  hello_fps=$SIDE_FPS
  fxr_fps=""
  if [[ -n "$FACTORYXR" ]]; then
    # shellcheck disable=SC2086 # FACTORYXR_ARGS is a list of flags
    side_by_side "factoryxr" side-factoryxr 1 "$FACTORYXR" --res-scale 1 $FACTORYXR_ARGS
    fxr_fps=$SIDE_FPS
  fi
  say ""
  if [[ -n "$hello_fps" && -n "$fxr_fps" ]]; then
    say "factoryxr / hello_xr frames per second: $(awk -v f="$fxr_fps" -v h="$hello_fps" 'BEGIN { printf "%.2f", (h > 0) ? f / h : 0 }')"
    say ""
  fi
  say "Realtime ${HZ} Hz: pose age as mockxr measures it (display time - time views were located), ms."
  say ""
  run_case side-hello-realtime "$MOCKXR_RUN" --timeout "$CASE_TIMEOUT" --clock realtime --hz "$HZ" --view-size "${VIEW}x${VIEW}" \
    --frames $((WARMUP + FRAMES)) --report "$OUT_DIR/raw/side-hello-realtime.mockxr.jsonl" -- "$HELLO_XR" -g Vulkan2
  "$FXR_TIMING" --row-header >>"$RESULTS"
  row "hello_xr, runtime record" "$OUT_DIR/raw/side-hello-realtime.mockxr.jsonl" "hello_xr on mockxr (${VIEW}², ${HZ} Hz)"
  [[ -n "$FACTORYXR" ]] && row "factoryxr, runtime record" "$OUT_DIR/raw/latency-late-latch.mockxr.jsonl"
  say ""
else
  say "hello_xr not found (apt-get install libopenxr-utils): skipped."
  say ""
fi

# ---- 5. live data at scale: twin_bench through a local mosquitto ----
say "## Live data: ${TWIN_MACHINES} machines through a local mosquitto"
say ""
TWIN_BENCH="$BUILD_DIR/twin_bench" PLANT_SIM="$BUILD_DIR/fxr-plant-sim"
MOSQUITTO_BIN=$(command -v mosquitto || ls /usr/sbin/mosquitto 2>/dev/null || true)
BROKER_SH="$(dirname "$0")/../e2e/broker.sh"
if [[ -x "$TWIN_BENCH" && -x "$PLANT_SIM" && -n "$MOSQUITTO_BIN" ]]; then
  for rate in $TWIN_RATES; do
    for queue in default unlimited; do
      name="twin-${TWIN_MACHINES}-${rate}hz-$queue" broker_dir="$OUT_DIR/raw/broker-$rate-$queue"
      extra=""
      [[ $queue == unlimited ]] && extra='max_queued_messages 0\nmax_queued_bytes 0'
      if ! BROKER_CONF_EXTRA="${extra}\nsys_interval 1" sh "$BROKER_SH" start "$broker_dir" "$MOSQUITTO_BIN" >/dev/null; then
        FAILED+=("$name: no broker"); continue
      fi
      say "\`twin_bench --machines $TWIN_MACHINES --rate $rate --seconds $TWIN_SECONDS\`, broker queue limits: $queue; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
      say ""
      run_case "$name" "$TWIN_BENCH" --port "$(cat "$broker_dir/port")" --sim "$PLANT_SIM" --machines "$TWIN_MACHINES" \
        --rate "$rate" --seconds "$TWIN_SECONDS" --broker-pid "$(cat "$broker_dir/pid")" --dir "$OUT_DIR/raw"
      sh "$BROKER_SH" stop "$broker_dir"
      grep -v '^twin: ' "$OUT_DIR/logs/$name.log" >>"$RESULTS"
      say ""
      say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
      say ""
    done
  done
else
  say "twin_bench, fxr-plant-sim or mosquitto missing (apt-get install mosquitto): skipped."
  say ""
fi

# ---- done ----
if ((${#FAILED[@]})); then
  say "## Runs that failed"
  say ""
  for f in "${FAILED[@]}"; do say "- $f"; done
  echo "run_benchmarks: results in $RESULTS; ${#FAILED[@]} run(s) failed" >&2
  exit 1
fi
echo "run_benchmarks: results in $RESULTS (plots in $OUT_DIR/plots)" >&2
