#!/bin/sh
# e2e of the depth layer: without MSAA the depth images factoryxr submits are read back (mockxr's depth capture)
# and hold the floor where an eye 1.6 m above it sees it; with --msaa 4 (gfx does not resolve depth) no depth is
# submitted at all, instead of images nobody wrote.
# usage: depth_e2e.sh FACTORYXR DEPTH_CHECK WORKDIR   (environment from ctest)
set -u
exe=$1 depth_check=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
export MOCKXR_CLOCK=virtual MOCKXR_VIEW_SIZE=256x256 MOCKXR_QUIET=1 MOCKXR_CONTROLLERS=none
die() { echo "FAIL: $*"; fail=1; }
run() { # NAME [factoryxr args]
    name=$1
    shift
    mkdir -p "$work/$name/cap"
    MOCKXR_REPORT="$work/$name/report.jsonl" MOCKXR_CAPTURE_DIR="$work/$name/cap" MOCKXR_CAPTURE_FRAMES=20 \
        MOCKXR_CAPTURE_KINDS=views,depth "$exe" --res-scale 1 --frames 24 "$@" >"$work/$name/out.log" 2>"$work/$name/err.log"
    rc=$?
    cat "$work/$name/err.log"
    [ $rc -eq 0 ] || die "$name: factoryxr exited with $rc"
}
run plain
# factoryxr's near/far planes (XR_NEAR_Z, XR_FAR_Z) and mockxr's eyes: 1.6 m high, up 48 degrees, down 50
for v in 0 1; do
    f=$work/plain/cap/frame_000020_eye${v}_depth.png
    [ -f "$f" ] || { die "plain: no depth capture of view $v"; continue; }
    "$depth_check" "$f" 0.05 400 1.6 48 -50 || die "plain: depth of view $v"
done
grep '"type":"frame"' "$work/plain/report.jsonl" | grep -q '"depth":1' || die "plain: no depth layer in the report"
run msaa --msaa 4
grep '"type":"frame"' "$work/msaa/report.jsonl" | grep -q '"depth":1' && die "msaa: a depth layer nobody wrote was submitted"
ls "$work/msaa/cap" | grep -q depth && die "msaa: a depth capture exists"
ls "$work/msaa/cap" | grep -q "eye0.png" || die "msaa: no view capture"
exit $fail
