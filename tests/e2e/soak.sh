#!/bin/sh
# Soak: a long factoryxr run on mockxr in virtual time at 64x64 per eye, with a script that in every cycle of CYCLE
# run frames takes focus away and gives it back, then visibility, then loses the session (factoryxr recreates it).
# usage: soak.sh FACTORYXR WORKDIR FRAMES LIMIT_KB [factoryxr args...]   (LIMIT_KB 0: memory reported, not checked)
# Checks: exit 0; one new session per cycle; resident memory (VmRSS, sampled while it runs) grows by less than
# LIMIT_KB from the end of warm-up (the first tenth of the frames) on; after every session mockxr's live handles and
# gfx's live Vulkan objects are back where they were before the first one. The environment (lavapipe, mockxr,
# optionally the validation layers) comes from ctest.
set -u
exe=$1 work=$2 frames=$3 limit_kb=$4
shift 4
rm -rf "$work" && mkdir -p "$work" || exit 1
CYCLE=1000
fail=0
die() { echo "FAIL: soak: $*"; fail=1; }

# The script: per cycle c (run frames c*CYCLE + ...): focus 100-200, visibility 300-400, session loss at 700.
awk -v n="$frames" -v c="$CYCLE" 'BEGIN {
    printf "{\"comment\": \"soak: focus, visibility and session loss every %d frames\", \"timeline\": [", c
    sep = ""
    for (b = 0; b < n * 1.2; b += c) {
        printf "%s{\"frame\": %d, \"fault\": \"focus_loss\"}, {\"frame\": %d, \"fault\": \"focus_regain\"}", sep, b + 100, b + 200
        printf ", {\"frame\": %d, \"fault\": \"visibility_loss\"}, {\"frame\": %d, \"fault\": \"visibility_regain\"}", b + 300, b + 400
        printf ", {\"frame\": %d, \"fault\": \"session_loss\"}", b + 700
        sep = ", "
    }
    print "]}"
}' >"$work/script.json" || exit 1

# mockxr's information lines (its live handles per session) are wanted here.
export MOCKXR_CLOCK=virtual MOCKXR_VIEW_SIZE=64x64 MOCKXR_QUIET= MOCKXR_SCRIPT="$work/script.json"
start=$(date +%s)
"$exe" --frames "$frames" --res-scale 1 "$@" >"$work/out.log" 2>"$work/err.log" &
pid=$!
# Samples "run frame, VmRSS kB" twice a second; the frame comes from the app's once-a-second line (virtual time
# starts at 1 s and moves one 90 Hz period per frame).
while kill -0 $pid 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$pid/status 2>/dev/null)
    t=$(sed -n 's/^factoryxr: t=\([0-9.]*\)s .*/\1/p' "$work/out.log" | tail -n 1)
    [ -n "$rss" ] && [ -n "$t" ] && echo "$t $rss" | awk '{ printf "%d %d\n", ($1 - 1) * 90, $2 }' >>"$work/rss.txt"
    sleep 0.5
done
wait $pid
rc=$?
wall=$(($(date +%s) - start))
tail -n 12 "$work/out.log"
[ $rc -eq 0 ] || { tail -n 20 "$work/err.log"; die "factoryxr exited with $rc"; }

sessions=$(grep -c "factoryxr: session [0-9]* created" "$work/err.log")
[ "$sessions" -gt $((frames / CYCLE)) ] || die "$sessions sessions, expected more than $((frames / CYCLE))"

# Live objects: every session's start and end look the same as the first's.
same() { # WHAT PATTERN: all matching lines identical, at least one per session
    n=$(grep -c "$2" "$work/err.log")
    k=$(grep "$2" "$work/err.log" | sort -u | wc -l)
    [ "$n" -ge "$sessions" ] && [ "$k" -eq 1 ] || {
        grep "$2" "$work/err.log" | sort | uniq -c | head
        die "$1: $n lines, $k different (expected one value, at least $sessions times)"
    }
}
same "mockxr's live handles at session start" "^mockxr: session created"
same "mockxr's live handles after each session" "^mockxr: session destroyed"
same "gfx's Vulkan objects after each session" "^factoryxr: session destroyed:"
# mockxr: what the app held before the session (the created line counts the new XrSession) is what it holds after.
c=$(sed -n 's/^mockxr: session created ([A-Za-z]*): \([0-9]*\) live handles.*/\1/p' "$work/err.log" | head -n 1)
d=$(sed -n 's/^mockxr: session destroyed: \([0-9]*\) live handles.*/\1/p' "$work/err.log" | head -n 1)
[ -n "$c" ] && [ -n "$d" ] && [ "$d" -eq $((c - 1)) ] ||
    die "mockxr: $c live handles with a new session, $d after it (expected one fewer)"
# gfx keeps the render pass and pipelines for the next session; the rest is what it held before the first.
before=$(sed -n 's/^factoryxr: Vulkan ready: \([0-9]*\) Vulkan objects.*/\1/p' "$work/err.log")
after=$(sed -n 's/^factoryxr: session destroyed: \([0-9]*\) Vulkan objects live in gfx, \([0-9]*\) of them kept.*/\1 - \2/p' \
    "$work/err.log" | head -n 1)
[ -n "$before" ] && [ -n "$after" ] && [ "$before" -eq $(($after)) ] ||
    die "gfx held $before Vulkan objects before the first session, $after (live - kept) after one"

# Memory: from the first sample past warm-up to the largest one after it.
awk -v warm=$((frames / 10)) -v limit="$limit_kb" -v frames="$frames" -v sessions="$sessions" -v wall="$wall" '
    $1 >= warm && base == "" { base = $2; bf = $1 }
    base != "" { if ($2 > max) max = $2; last = $2; lf = $1; n++ }
    END {
        if (base == "") { print "FAIL: soak: no memory sample after warm-up"; exit 1 }
        printf "soak: %d frames, %d sessions, %d s wall; VmRSS %d kB at frame %d (end of warm-up), %d kB at frame %d, max %d kB: growth %d kB (max %d kB, limit %d kB) over %d samples\n",
            frames, sessions, wall, base, bf, last, lf, max, last - base, max - base, limit, n
        if (limit > 0 && max - base >= limit) { print "FAIL: soak: resident memory grew by " max - base " kB after warm-up"; exit 1 }
    }' "$work/rss.txt" || fail=1
[ $fail -eq 0 ] && echo "soak: passed"
exit $fail
