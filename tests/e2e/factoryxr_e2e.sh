#!/bin/sh
# e2e scenarios of factoryxr on mockxr + lavapipe, virtual clock, 256x256 per eye.
# usage: factoryxr_e2e.sh SCENARIO FACTORYXR CHECK IMGCMP REFDIR WORKDIR
#   SCENARIO: paths | vulkan_enable | latency | validation | exit | loss | instance_loss | hidden | slow | mono |
#             signal | res_scale | plant | regen
# The environment (lavapipe ICD, XR_RUNTIME_JSON of this build's mockxr, ...) comes from ctest.
# Regenerate the reference images (after an intended visual change; look at them before committing):
#   sh tests/e2e/factoryxr_e2e.sh regen build/factoryxr build/factoryxr_check build/factoryxr_imgcmp \
#      tests/e2e/ref /tmp/fxr-regen   (with the FXR_TEST_ENV variables of tests/CMakeLists.txt set)
set -u
scenario=$1 exe=$2 check=$3 imgcmp=$4 refdir=$5 work=$6
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
CAPTURE_FRAME=20

export MOCKXR_CLOCK=virtual MOCKXR_VIEW_SIZE=256x256 MOCKXR_QUIET=1

die() { echo "FAIL: $*"; fail=1; }

# run NAME "VAR=value ..." [factoryxr args...]: factoryxr with its own report and stats, extra
# environment from the second argument (no spaces in values); logs in NAME/{out,err}.log.
run() {
    name=$1 vars=$2
    shift 2
    mkdir -p "$work/$name"
    # shellcheck disable=SC2086
    env $vars MOCKXR_REPORT="$work/$name/report.jsonl" "$exe" --stats "$work/$name/stats.jsonl" "$@" \
        >"$work/$name/out.log" 2>"$work/$name/err.log"
    rc=$?
    cat "$work/$name/out.log" "$work/$name/err.log"
    return $rc
}

expect_ok() { # NAME RC: exit code 0, reached FOCUSED, printed its timing table at exit
    [ "$2" -eq 0 ] || die "$1: factoryxr exited with $2"
    grep -q -- "-> FOCUSED" "$work/$1/err.log" || die "$1: the session never reached FOCUSED"
    grep -q "p50" "$work/$1/out.log" || die "$1: no timing table at exit"
}

checker() { # NAME [checker args]
    name=$1
    shift
    "$check" --stats "$work/$name/stats.jsonl" --report "$work/$name/report.jsonl" "$@" || die "$name: structure check"
}

# The capture of frame CAPTURE_FRAME, view V of run NAME (mockxr writes frame_NNNNNN_eyeV.png).
capture() {
    printf '%s/%s/captures/frame_%06d_eye%d.png' "$work" "$1" "$CAPTURE_FRAME" "$2"
}

# render_path NAME "VAR=value ..." [factoryxr args]: a 24-frame run with a capture of frame CAPTURE_FRAME,
# at the full swapchain size unless the args give a --res-scale (dynamic resolution would make the pixels
# depend on how fast this machine renders).
render_path() {
    name=$1 vars=$2
    shift 2
    mkdir -p "$work/$name/captures"
    case " $* " in *" --res-scale "*) ;; *) set -- --res-scale 1 "$@" ;; esac
    run "$name" "$vars MOCKXR_CAPTURE_DIR=$work/$name/captures MOCKXR_CAPTURE_FRAMES=$CAPTURE_FRAME" --frames 24 "$@"
    expect_ok "$name" $?
    # an MSAA frame submits no depth (gfx does not resolve it); every other frame does
    case " $* " in *" --msaa 4 "*) checker "$name" --min-frames 24 ;; *) checker "$name" --min-frames 24 --depth ;; esac
    for v in 0 1; do
        [ -f "$(capture "$name" $v)" ] || die "$name: no capture of frame $CAPTURE_FRAME view $v in $work/$name/captures"
    done
}

# Tolerances: the same renderer on the same Mesa gives identical pixels; a reference made with another
# Mesa/lavapipe version may differ slightly in rasterization and rounding at edges.
same_path() { "$imgcmp" "$1" "$2" --max-mean 0.5 --max-bad 0.002 || die "render paths differ: $1 $2"; }
same_ref() { "$imgcmp" "$1" "$2" --max-mean 2.0 --max-bad 0.02 || die "differs from the reference: $1 $2"; }

case $scenario in
paths)
    render_path multiview ""
    render_path perview "" --no-multiview
    for v in 0 1; do
        same_path "$(capture multiview $v)" "$(capture perview $v)"
        same_ref "$(capture multiview $v)" "$refdir/factoryxr_view$v.png"
        same_ref "$(capture perview $v)" "$refdir/factoryxr_view$v.png"
    done
    # MSAA resolves into the swapchain: close to the 1x reference, yet visibly smoothed at edges.
    render_path msaa "" --msaa 4
    for v in 0 1; do
        "$imgcmp" "$(capture msaa $v)" "$refdir/factoryxr_view$v.png" --max-mean 4.0 --max-bad 0.06 --min-mean 0.3 ||
            die "msaa: view $v not within (0.3, 4] levels of the 1x reference"
    done
    # Parallax: the eyes see the floor from 64 mm apart.
    "$imgcmp" "$(capture multiview 0)" "$(capture multiview 1)" --min-mean 1.0 || die "the two eyes do not differ"
    ;;
vulkan_enable)
    # The XR_KHR_vulkan_enable fallback (we create VkInstance/VkDevice with the runtime's extension lists).
    render_path enable1 FACTORYXR_VULKAN=enable
    grep -q "vulkan_enable (fallback)" "$work/enable1/err.log" || die "vulkan_enable: the fallback was not used"
    for v in 0 1; do same_ref "$(capture enable1 $v)" "$refdir/factoryxr_view$v.png"; done
    run badenv FACTORYXR_VULKAN=enable3 --frames 1
    rc=$?
    [ $rc -eq 1 ] || die "vulkan_enable: a bad FACTORYXR_VULKAN gave exit code $rc, expected 1"
    grep -q "FACTORYXR_VULKAN='enable3': expected 'enable' or 'enable2'" "$work/badenv/err.log" || die "no message"
    ;;
latency)
    # A moving head, late-latched and not: the structure holds either way; app and runtime agree.
    run latched MOCKXR_HEAD=look --frames 60
    expect_ok latched $?
    checker latched --min-frames 60 --depth
    run early MOCKXR_HEAD=look --frames 60 --no-late-latch
    expect_ok early $?
    checker early --min-frames 60 --depth
    ;;
validation)
    run multiview "" --frames 8
    expect_ok multiview $?
    run multiview_msaa "" --frames 8 --msaa 4
    expect_ok multiview_msaa $?
    run perview_msaa "" --frames 8 --no-multiview --msaa 4
    expect_ok perview_msaa $?
    # dynamic resolution's smaller render area (fixed here, so that it is certain to be used)
    run multiview_msaa_part "" --frames 8 --msaa 4 --res-scale 0.5
    expect_ok multiview_msaa_part $?
    run perview_part "" --frames 8 --no-multiview --res-scale 0.75
    expect_ok perview_part $?
    ;;
exit)
    # The runtime asks to exit: STOPPING -> xrEndSession -> EXITING -> leave, exit code 0.
    run exit MOCKXR_EXIT_AFTER_FRAMES=15
    expect_ok exit $?
    checker exit --min-frames 10 --depth
    grep -q -- "-> EXITING" "$work/exit/err.log" || die "exit: never saw EXITING"
    ;;
loss)
    printf '{"timeline": [{"frame": 10, "fault": "session_loss", "comment": "e2e: lose the first session"}]}\n' \
        >"$work/loss.json"
    # Faults are keyed to the run-wide frame count, so the loss fires once; the new session runs on.
    run loss "MOCKXR_SCRIPT=$work/loss.json" --frames 30
    expect_ok loss $?
    grep -q "session lost" "$work/loss/err.log" || die "loss: the app did not notice the loss"
    grep -q "session 1 created" "$work/loss/err.log" || die "loss: no new session was created"
    checker loss --min-frames 30 --sessions 2 --depth
    ;;
instance_loss)
    # The runtime goes away: a clear message and exit code 4 (APP_EXIT_INSTANCE_LOST), no crash, no hang.
    printf '{"timeline": [{"frame": 10, "fault": "instance_loss"}]}\n' >"$work/il.json"
    run il "MOCKXR_SCRIPT=$work/il.json" --frames 30
    rc=$?
    [ $rc -eq 4 ] || die "instance_loss: exit code $rc, expected 4"
    grep -q "instance lost" "$work/il/err.log" || die "instance_loss: no message"
    ;;
mono)
    # A system with PRIMARY_MONO only (MOCKXR_VIEWS=mono): the app falls back to one view, one image per
    # frame, and renders the same picture as the left eye of a stereo run would from the head's centre.
    mkdir -p "$work/mono/captures"
    run mono "MOCKXR_VIEWS=mono MOCKXR_CAPTURE_DIR=$work/mono/captures MOCKXR_CAPTURE_FRAMES=$CAPTURE_FRAME" --frames 24 \
        --res-scale 1
    expect_ok mono $?
    checker mono --min-frames 24 --depth
    grep -q "mono" "$work/mono/err.log" "$work/mono/out.log" || die "mono: the app did not report a mono view configuration"
    [ -f "$(capture mono 0)" ] || die "mono: no capture of frame $CAPTURE_FRAME view 0"
    [ ! -f "$(capture mono 1)" ] || die "mono: a second view was submitted"
    n=$(grep '"type":"projection"' "$work/mono/report.jsonl" | awk -F'"array_index"' 'NF == 2' | wc -l)
    [ "$n" -ge 24 ] || die "mono: only $n frames submitted a projection layer with exactly one view"
    ;;
hidden)
    # Not visible for a while: shouldRender is false, frames end with no layers, and rendering resumes.
    printf '{"timeline": [{"frame": 8, "fault": "visibility_loss"}, {"frame": 14, "fault": "visibility_regain"}]}\n' \
        >"$work/hidden.json"
    run hidden "MOCKXR_SCRIPT=$work/hidden.json" --frames 20
    expect_ok hidden $?
    checker hidden --min-frames 20 --depth
    n=$(grep -c '"should_render":0' "$work/hidden/stats.jsonl")
    [ "$n" -ge 4 ] || die "hidden: only $n frames with shouldRender false"
    ;;
slow)
    # Frame 12 waits 30 ms longer (more than two 90 Hz periods); from frame 13 the runtime is fast again.
    printf '{"timeline": [{"frame": 12, "fault": "slow", "delay_ms": 30}, {"frame": 13, "fault": "slow", "delay_ms": 0}]}\n' \
        >"$work/slow.json"
    run slow "MOCKXR_SCRIPT=$work/slow.json" --frames 40
    expect_ok slow $?
    checker slow --min-frames 40 --depth --slow-frame 12
    ;;
signal)
    # SIGTERM while running: xrRequestExitSession and a clean shutdown (exit 0, mockxr writes its summary).
    mkdir -p "$work/signal"
    MOCKXR_REPORT="$work/signal/report.jsonl" "$exe" --stats "$work/signal/stats.jsonl" \
        >"$work/signal/out.log" 2>"$work/signal/err.log" &
    pid=$!
    n=0
    while ! grep -q -- "-> FOCUSED" "$work/signal/err.log" 2>/dev/null && [ $n -lt 300 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    sleep 0.5
    kill -TERM $pid
    wait $pid
    rc=$?
    cat "$work/signal/err.log"
    expect_ok signal $rc
    grep -q "SIGTERM: ending the session" "$work/signal/err.log" || die "signal: SIGTERM not handled"
    checker signal --depth
    ;;
res_scale)
    # A fixed half scale on a 512x512 swapchain draws its 256x256 corner, names it as the imageRect, and
    # gives the same pixels as a full 256x256 swapchain (same FOV, same pixel size, so the same detail
    # culling too).
    render_path full256 ""
    render_path half512 MOCKXR_VIEW_SIZE=512x512 --res-scale 0.5
    grep -q '"res_scale":0.50000,"image_width":256,"image_height":256' "$work/half512/stats.jsonl" ||
        die "res_scale: half512 did not record 256x256 at scale 0.5"
    n=$(grep -c '"image_width":256,' "$work/half512/stats.jsonl")
    m=$(grep -c '"should_render":1' "$work/half512/stats.jsonl")
    [ "$n" -eq "$m" ] || die "res_scale: $n of $m rendered frames drew 256 pixels wide"
    # The same through per-view swapchains, and with MSAA (resolved by a copy of the drawn corner).
    render_path perview_half512 MOCKXR_VIEW_SIZE=512x512 --res-scale 0.5 --no-multiview
    render_path msaa256 "" --msaa 4
    render_path msaa_half512 MOCKXR_VIEW_SIZE=512x512 --res-scale 0.5 --msaa 4
    for v in 0 1; do # (imgcmp refuses images of different sizes, and mockxr captures the imageRect)
        same_path "$(capture half512 $v)" "$(capture full256 $v)"
        same_path "$(capture perview_half512 $v)" "$(capture full256 $v)"
        same_path "$(capture msaa_half512 $v)" "$(capture msaa256 $v)"
    done
    # Adaptive (the default) on a GPU that cannot keep up: 16 lines at 512x512 against a 240 Hz display
    # (4.2 ms; lavapipe takes several times that even at the floor). The scale must fall within a few
    # frames, stay on its floor (0.4) or above, and every imageRect must match what was drawn. Below full
    # size it also sheds triangles: at its floor it draws fewer than a fixed --res-scale 0.4 does.
    run overload "MOCKXR_VIEW_SIZE=512x512 MOCKXR_REFRESH_HZ=240" --frames 40 --lines 16
    expect_ok overload $?
    checker overload --min-frames 40 --depth
    awk -F'"res_scale":' 'NR > 1 && NF == 2 { split($2, a, ","); s = a[1] + 0;
            if (s < 0.4 - 1e-6 || s > 1) bad++; if (NR <= 12 && s < 1) early++; if (s < low || low == "") low = s }
        END { if (bad) { print "res_scale: " bad " frames outside [0.4, 1]"; exit 1 }
              if (!early) { print "res_scale: the scale did not fall within the first 12 frames"; exit 1 }
              print "res_scale: lowest " low }' "$work/overload/stats.jsonl" || die "res_scale: adaptive scale"
    grep -q "below full size, lowest 0.4" "$work/overload/out.log" ||
        die "res_scale: the exit table does not report the floor"
    run fixed_floor "MOCKXR_VIEW_SIZE=512x512 MOCKXR_REFRESH_HZ=240" --frames 40 --lines 16 --res-scale 0.4
    expect_ok fixed_floor $?
    tris() { # FILE: the median triangle count of the frames drawn at scale 0.4
        grep '"res_scale":0.40000' "$1" | sed 's/.*"triangles":\([0-9]*\).*/\1/' | sort -n |
            awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'
    }
    a=$(tris "$work/overload/stats.jsonl") f=$(tris "$work/fixed_floor/stats.jsonl")
    echo "res_scale: triangles at scale 0.4: adaptive $a, fixed $f"
    [ "$a" -gt 0 ] && [ "$f" -gt 0 ] && [ $((a * 100)) -lt $((f * 95)) ] ||
        die "res_scale: adaptive frames at the floor drew $a triangles, a fixed 0.4 run $f (expected under 95 %)"
    ;;
plant)
    # export -> load -> the same floor: the same scene (log line), triangles drawn each frame, and images.
    "$exe" --lines 4 --seed 3 --export-plant "$work/floor.json" >"$work/export.log" 2>&1 || die "--export-plant failed"
    render_path procedural "" --lines 4 --seed 3
    render_path fromfile "" --plant "$work/floor.json"
    a=$(grep "factoryxr: scene:" "$work/procedural/err.log") b=$(grep "factoryxr: scene:" "$work/fromfile/err.log")
    [ -n "$a" ] && [ "$a" = "$b" ] || die "the scenes differ: '$a' and '$b'"
    tri() { sed 's/.*"triangles":\([0-9]*\).*/\1/' "$1"; }
    [ "$(tri "$work/procedural/stats.jsonl")" = "$(tri "$work/fromfile/stats.jsonl")" ] ||
        die "the frames drew different triangle counts"
    for v in 0 1; do
        "$imgcmp" "$(capture procedural $v)" "$(capture fromfile $v)" --max-mean 0 --max-bad 0 ||
            die "view $v of the plant file differs from the procedural floor's"
    done
    # the documented example renders
    render_path example "" --plant "$refdir/../../../docs/examples/two-cell-line.json"
    grep -q "factoryxr: scene: 12 machines" "$work/example/err.log" || die "the example plant has not 12 machines"
    # every kind of bad file: exit code 2, a message naming the file and the line or field, and the value
    src=$refdir/../../../docs/examples/two-cell-line.json
    bad() { # NAME SED-EXPRESSION MESSAGE
        sed "$2" "$src" >"$work/$1.json"
        cmp -s "$src" "$work/$1.json" && die "$1: the edit '$2' changed nothing"
        "$exe" --plant "$work/$1.json" --frames 1 >"$work/$1.out" 2>"$work/$1.err"
        rc=$?
        [ $rc -eq 2 ] || die "$1: exit code $rc, expected 2"
        grep -qF -- "$work/$1.json" "$work/$1.err" && grep -qF -- "$3" "$work/$1.err" ||
            die "$1: the message does not name the file and say '$3': $(cat "$work/$1.err")"
    }
    bad syntax 's/"bays": 2}/"bays": 2/' ":23:6: invalid JSON near"
    bad unknown_key 's/"outfeed":/"outfed":/' "lines[0].outfed: unknown key"
    bad wrong_type 's/"height": 8/"height": "8"/' 'hall.height: expected a number (got "8")'
    bad overlap 's/"at": \[2.9, -4.6\]/"at": [1.5, -4.6]/' "racks[0] (a-rack-east)"
    bad overlap_says 's/"at": \[2.9, -4.6\]/"at": [1.5, -4.6]/' "overlap at x"
    bad duplicate_id 's/"id": "a-unload-2"/"id": "a-press-1"/' "'a-press-1' is used twice"
    bad missing_ref 's/"line": "press-a", "at": \[2.9/"line": "press-b", "at": [2.9/' \
        'racks[0].line: no line has this id (got "press-b")'
    bad range 's/"bays": 3/"bays": 9/' "racks[1].bays: out of range 1..8 (got 9)"
    ;;
regen)
    render_path multiview ""
    mkdir -p "$refdir"
    for v in 0 1; do cp "$(capture multiview $v)" "$refdir/factoryxr_view$v.png" || die "regen: copy"; done
    ;;
*)
    echo "unknown scenario $scenario"
    exit 2
    ;;
esac
[ $fail -eq 0 ] && echo "e2e $scenario: passed"
exit $fail
