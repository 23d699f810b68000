#!/bin/sh
# e2e: factoryxr on mockxr's realtime clock under app and slot pacing (128x128 per eye, 120 frames each):
# pacing_check compares the two reports (structure and lenient bounds, not speed); factoryxr must end
# cleanly and print its table. (factoryxr_check's exact agreement is for the virtual clock: on a loaded
# machine realtime frames may be late or missed.)
# usage: pacing_e2e.sh FACTORYXR PACING_CHECK WORKDIR   (environment from ctest)
set -u
exe=$1 pcheck=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
for p in app slot; do
    env MOCKXR_CLOCK=realtime MOCKXR_PACING=$p MOCKXR_VIEW_SIZE=128x128 MOCKXR_REPORT="$work/$p.jsonl" \
        "$exe" --frames 120 --stats "$work/$p.stats.jsonl" >"$work/$p.out.log" 2>"$work/$p.err.log"
    rc=$?
    cat "$work/$p.out.log" "$work/$p.err.log"
    [ $rc -eq 0 ] || { echo "FAIL: $p: factoryxr exited with $rc"; fail=1; }
    grep -q "the same on CLOCK_MONOTONIC" "$work/$p.out.log" || { echo "FAIL: $p: no timing table at exit"; fail=1; }
done
"$pcheck" "$work/app.jsonl" "$work/slot.jsonl" 120 || fail=1
exit $fail
