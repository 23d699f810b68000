#!/bin/sh
# Fault matrix: one mockxr fault x one factoryxr render path, virtual clock, 64x64 per eye, validation on.
# usage: fault_matrix.sh FAULT PATH FACTORYXR CHECK WORKDIR
#   FAULT: session_loss | focus | visibility | exit_request | instance_loss | slow
#   PATH:  multiview | perview | msaa
# Each case either survives the fault (exit 0, the frames it was asked for, the runtime's report agrees) or
# ends cleanly with the documented exit code (instance loss: 4). The environment (lavapipe, mockxr, the
# Vulkan validation layer and the OpenXR core validation layer) comes from ctest, which fails the test on
# any validation message -- including the object tracker's "not destroyed" at vkDestroyDevice/Instance.
set -u
fault=$1 path=$2 exe=$3 check=$4 work=$5
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
FRAMES=30
export MOCKXR_CLOCK=virtual MOCKXR_VIEW_SIZE=64x64 MOCKXR_QUIET=1

die() { echo "FAIL: $fault x $path: $*"; fail=1; }

# An MSAA frame submits no depth layer (gfx keeps its multisampled depth to itself); every other path does.
depth=--depth
case $path in
multiview) set -- ;;
perview) set -- --no-multiview ;;
msaa) set -- --msaa 4; depth= ;;
*) echo "unknown render path $path"; exit 2 ;;
esac
# A fixed scale: the adaptive one would make the rendered rects depend on this machine's speed.
set -- --res-scale 1 --frames $FRAMES "$@"

ev() { printf '{"frame": %d, "fault": "%s"}' "$1" "$2"; }
case $fault in
session_loss) timeline="$(ev 10 session_loss)" ;;
focus) timeline="$(ev 10 focus_loss), $(ev 16 focus_regain)" ;;
visibility) timeline="$(ev 10 visibility_loss), $(ev 16 visibility_regain)" ;;
exit_request) timeline="$(ev 10 exit_request)" ;;
instance_loss) timeline="$(ev 10 instance_loss)" ;;
slow) timeline='{"frame": 12, "fault": "slow", "delay_ms": 30}, {"frame": 13, "fault": "slow", "delay_ms": 0}' ;;
*) echo "unknown fault $fault"; exit 2 ;;
esac
printf '{"comment": "fault matrix: %s", "timeline": [%s]}\n' "$fault" "$timeline" >"$work/script.json"

MOCKXR_SCRIPT="$work/script.json" MOCKXR_REPORT="$work/report.jsonl" \
    "$exe" --stats "$work/stats.jsonl" "$@" >"$work/out.log" 2>"$work/err.log"
rc=$?
cat "$work/out.log" "$work/err.log"

log_has() { grep -q -- "$1" "$work/err.log" || die "$2"; }
checker() { "$check" --stats "$work/stats.jsonl" --report "$work/report.jsonl" $depth "$@" || die "structure check"; }
# The report's summary line is written when the instance is destroyed: its presence says mockxr saw the
# app tear everything down, not just exit.
summary() { grep -q '"type":"summary"' "$work/report.jsonl" || die "no summary line: the instance was not destroyed"; }

if [ "$fault" = instance_loss ]; then
    [ $rc -eq 4 ] || die "exit code $rc, expected 4 (instance lost)"
    log_has "instance lost" "no 'instance lost' message"
    summary
else
    [ $rc -eq 0 ] || die "exit code $rc, expected 0"
    log_has "-> FOCUSED" "the session never reached FOCUSED"
    grep -q "p50" "$work/out.log" || die "no timing table at exit"
    summary
fi
case $fault in
session_loss)
    log_has "session lost" "the app did not notice the loss"
    log_has "session 1 created" "no new session was created"
    checker --min-frames $FRAMES --sessions 2
    ;;
focus)
    log_has "FOCUSED -> VISIBLE" "focus was never lost"
    log_has "VISIBLE -> FOCUSED" "focus never came back"
    checker --min-frames $FRAMES
    ;;
visibility)
    log_has "-> SYNCHRONIZED" "visibility was never lost"
    checker --min-frames $FRAMES
    n=$(grep -c '"should_render":0' "$work/stats.jsonl")
    [ "$n" -ge 4 ] || die "only $n frames with shouldRender false"
    ;;
exit_request)
    log_has "-> EXITING" "never saw EXITING"
    checker --min-frames 8
    ;;
slow) checker --min-frames $FRAMES --slow-frame 12 ;;
esac
[ $fail -eq 0 ] && echo "fault matrix $fault x $path: passed"
exit $fail
