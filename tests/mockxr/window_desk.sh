#!/bin/bash
# mockxr's window end to end (issue 13, items 1-3): on a private Xvfb display, hello_xr runs under
# `mockxr-run --window --record`; a screenshot shows both eyes (not blank, halves differ by parallax);
# synthetic X events (xdotool) walk (W), look (mouse), aim the right controller (C held + mouse), pull its
# trigger (left button) and mark a snapshot (F12); the window is closed as a window manager does; the app must end cleanly (exit 0),
# and the recording (what the app was given, frame by frame) must show each of those changes. The recording
# then replays headless under the virtual clock.
# usage: window_desk.sh MXRUN HELLO_XR WINDOW_CLOSE WORKDIR
set -u
MXRUN=$1 HELLO=$2 CLOSE=$3 DIR=$4
rm -rf "$DIR" && mkdir -p "$DIR" || exit 1
fail() { echo "window_desk: FAIL: $*" >&2; exit 1; }

# a free display number; Xvfb is ours, stopped by its PID on every exit
for n in $(seq 150 250); do
    [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || { DISP=:$n; break; }
done
[ -n "${DISP:-}" ] || fail "no free X display number"
Xvfb "$DISP" -screen 0 1280x800x24 -nolisten tcp >"$DIR/xvfb.log" 2>&1 &
XVFB=$!
APP=
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null; kill "$XVFB" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
export DISPLAY=$DISP
for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo >/dev/null 2>&1 || fail "Xvfb did not start on $DISP: $(cat "$DIR/xvfb.log")"

"$MXRUN" --window --view-size 256x256 --timeout 240 --record "$DIR/rec.json" -- "$HELLO" -g Vulkan2 \
    >"$DIR/run.log" 2>&1 &
APP=$!
WID=
for _ in $(seq 600); do # the overlay line becomes the title once frames are shown
    WID=$(xdotool search --name ' fps ' 2>/dev/null | head -1)
    [ -n "$WID" ] && break
    kill -0 "$APP" 2>/dev/null || fail "mockxr-run ended early: $(tail -20 "$DIR/run.log")"
    sleep 0.1
done
[ -n "$WID" ] || fail "no window with the overlay appeared: $(tail -20 "$DIR/run.log")"
sleep 1
eval "$(xdotool getwindowgeometry --shell "$WID")" # X Y WIDTH HEIGHT
import -window root "$DIR/screen.png" || fail "screenshot failed"
half=$((WIDTH / 2))
convert "$DIR/screen.png" -crop "${half}x${HEIGHT}+${X}+${Y}" +repage "$DIR/left.png"
convert "$DIR/screen.png" -crop "${half}x${HEIGHT}+$((X + half))+${Y}" +repage "$DIR/right.png"
for eye in left right; do
    sd=$(convert "$DIR/$eye.png" -colorspace gray -format '%[fx:standard_deviation]' info:)
    awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }' || fail "the $eye eye looks blank (standard deviation $sd)"
done
diff=$(compare -metric AE "$DIR/left.png" "$DIR/right.png" null: 2>&1 >/dev/null | cut -d' ' -f1)
awk -v d="$diff" -v n="$((half * HEIGHT))" 'BEGIN { exit !(d > n / 200) }' \
    || fail "the two eyes look the same ($diff pixels differ): no parallax"

xdotool mousemove --window "$WID" "$half" $((HEIGHT / 2)) && sleep 0.3            # the middle: no look yet
xdotool windowfocus --sync "$WID" 2>/dev/null; sleep 0.2
xdotool keydown w; sleep 0.6; xdotool keyup w; sleep 0.3                   # walk forward (-Z)
for s in 1 2 3 4 5 6; do xdotool mousemove_relative -- 20 0; sleep 0.05; done # look right
sleep 0.3
xdotool keydown c; sleep 0.2                                               # mouse -> right controller
for s in 1 2 3 4 5 6; do xdotool mousemove_relative -- 0 -20; sleep 0.05; done # aim it up
xdotool mousedown 1; sleep 0.4; xdotool mouseup 1                          # its trigger
xdotool keyup c; sleep 0.3
xdotool key F12; sleep 0.5                                                 # mark a snapshot
"$CLOSE" "$WID" || fail "could not ask the window to close"
for _ in $(seq 300); do kill -0 "$APP" 2>/dev/null || break; sleep 0.1; done
kill -0 "$APP" 2>/dev/null && fail "the app did not end within 30 s of closing the window"
wait "$APP"; rc=$?; APP=
cat "$DIR/run.log" | grep -v '^\[' | tail -15
[ "$rc" -eq 0 ] || fail "mockxr-run exited $rc after the window was closed"
grep -q '"fault": "exit_request"}' "$DIR/rec.json" || fail "closing the window did not request the exit"
grep -q "XR_SESSION_STATE_EXITING" "$DIR/run.log" || fail "the session never reached EXITING"

rec="$DIR/rec.json"
grep -Eq '"head": \{"position": \[[^]]*, -0\.[1-9][0-9]*\]' "$rec" || fail "W did not move the head forward (-Z)"
grep -q '"head": {"position": \[[^]]*\], "orientation": \[0, 0, 0, 1\]}' "$rec" || fail "the first frames should look ahead"
# looking right turns the head clockwise seen from above: the quaternion's y (sin(yaw/2)) drops
turned=$(sed -n 's/.*"head": {"position": \[[^]]*\], "orientation": \[[^,]*, \([^,]*\),.*/\1/p' "$rec" \
         | awk 'NR == 1 || $1 > max { max = $1 } max - $1 > 0.1 { n++ } END { print n + 0 }')
[ "$turned" -gt 0 ] || fail "the mouse did not turn the head right"
# the hands turn with the body; only an aimed hand's orientation differs from the other one's
aimed=$(sed -n 's/.*"left": {[^}]*"orientation": \(\[[^]]*\]\)}.*"right": {[^}]*"orientation": \(\[[^]]*\]\)}.*/\1 \2/p' \
        "$rec" | awk '{ l = $1 $2 $3 $4; r = $5 $6 $7 $8 } l != r' | wc -l)
[ "$aimed" -gt 0 ] || fail "C + mouse did not aim the right controller"
grep -q '"/user/hand/right/input/trigger/value": 1' "$rec" || fail "the left button did not pull the right trigger"
grep -Eq '"snapshots": \[[0-9]+\]' "$rec" || fail "F12 did not mark one snapshot"

"$MXRUN" --clock virtual --view-size 256x256 --script "$rec" --quiet -- "$HELLO" -g Vulkan2 >"$DIR/replay.log" 2>&1 \
    || fail "the window's recording does not replay: $(tail -5 "$DIR/replay.log")"
echo "window_desk: OK (display $DISP, $(grep -c '"head"' "$rec") recorded frames, $aimed aimed)"
