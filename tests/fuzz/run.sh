#!/bin/bash
# Runs every libFuzzer fuzzer of the fuzz preset for SECONDS each (default 30), one process each, one after the
# other, starting from the committed seeds (tests/fuzz/corpus/<name>/, left untouched: new inputs go to a
# temporary corpus). Inputs that once failed (tests/fuzz/regressions/<name>/) are replayed first. A crash, a leak,
# a sanitizer report, a timeout (10 s for one input) or an out-of-memory fails the run; the input is kept in
# build-fuzz/fuzz/artifacts/ and the command to reproduce it is printed.
# usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]   (after: cmake --preset fuzz && cmake --build --preset fuzz)
set -u
seconds=${1:-30}
src=$(cd "$(dirname "$0")" && pwd)
build=${2:-$src/../../build-fuzz}
bin=$build/fuzz
artifacts=$bin/artifacts
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
printf '%-14s %10s %8s %8s %s\n' fuzzer runs exec/s new result
for corpus in "$src"/corpus/*/; do
    name=$(basename "$corpus")
    exe=$bin/fuzz_$name
    if [ ! -x "$exe" ]; then
        echo "run.sh: $exe is missing: cmake --preset fuzz && cmake --build --preset fuzz" >&2
        exit 2
    fi
    log=$work/$name.log
    result=ok
    regressions=("$src/regressions/$name"/*)
    if [ -e "${regressions[0]}" ] && ! "$exe" "${regressions[@]}" >"$log" 2>&1; then
        result="FAILED on a regression input"
    else
        mkdir -p "$work/$name"
        # -close_fd_mask=3: the targets' own messages (each refusal prints one) would flood the log; libFuzzer
        # keeps its own output and the sanitizers' reports.
        if ! "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1 \
            -artifact_prefix="$artifacts/$name-" "$work/$name" "$corpus" >"$log" 2>&1; then
            result="FAILED: $(grep -m1 -E 'ERROR:|SUMMARY:|runtime error' "$log")"
        fi
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    new=$(sed -n 's/^stat::new_units_added: *//p' "$log")
    printf '%-14s %10s %8s %8s %s\n' "$name" "${runs:--}" "${rate:--}" "${new:--}" "$result"
    if [ "$result" != ok ]; then
        failed=1
        tail -n 60 "$log"
        echo "reproduce: $exe $(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log")"
    fi
done
exit $failed
