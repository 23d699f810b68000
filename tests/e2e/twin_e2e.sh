#!/bin/sh
# e2e of the live twin: factoryxr x mockxr x lavapipe x mosquitto.
# usage: twin_e2e.sh SCENARIO FACTORYXR CHECK TOOL BROKER_SH MOSQUITTO BROKER_DIR WORKDIR
#   live:   (the fixture's broker) a retained fault for line1-press turns its beacon red in the capture and the
#           stats record it; running again turns it green; every kind of bad payload is counted, nothing crashes.
#           Realtime clock at 90 Hz, so that the test's messages land at known frames; its waits are generous.
#   outage: (a broker of its own) the broker stops mid-run: the link goes down and the machine stale, frames keep
#           coming with no slot missed (virtual clock), and after the broker's restart the twin reconnects and
#           data resumes.
#   sim:    (the fixture's broker) fxr-plant-sim's states, its recording and its replay reach a running factoryxr.
# The environment (lavapipe ICD, XR_RUNTIME_JSON of this build's mockxr) comes from ctest.
set -u
scenario=$1 exe=$2 check=$3 tool=$4 broker_sh=$5 mosquitto=$6 broker_dir=$7 work=$8
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
export MOCKXR_QUIET=1

die() { echo "FAIL: $*"; fail=1; }

# wait_for FILE PATTERN [SECONDS]: until a line of FILE matches (grep -E), or fail after SECONDS (default 60).
wait_for() {
    n=0 limit=$((${3:-60} * 10))
    while ! grep -qE -- "$2" "$1" 2>/dev/null; do
        if [ $n -ge $limit ] || ! kill -0 "$app" 2>/dev/null; then
            die "waited for '$2' in $1 (app running: $(kill -0 "$app" 2>/dev/null && echo yes || echo no))"
            return 1
        fi
        sleep 0.1
        n=$((n + 1))
    done
    return 0
}

wait_for_file() { # FILE [SECONDS]
    n=0 limit=$((${2:-60} * 10))
    while [ ! -s "$1" ]; do
        if [ $n -ge $limit ] || ! kill -0 "$app" 2>/dev/null; then
            die "waited for $1"
            return 1
        fi
        sleep 0.1
        n=$((n + 1))
    done
}

# count_at_least FILE PATTERN N [SECONDS]: until at least N lines match.
count_at_least() {
    n=0 limit=$((${4:-60} * 10))
    while [ "$(grep -cE -- "$2" "$1" 2>/dev/null)" -lt "$3" ]; do
        if [ $n -ge $limit ]; then
            die "waited for $3 lines '$2' in $1"
            return 1
        fi
        sleep 0.1
        n=$((n + 1))
    done
    return 0
}

pub() { "$tool" publish "$port" "$@" || die "publish $*"; }

# The mean colour around pixel X Y of a capture: red, green, or other.
colour_at() {
    set -- $("$tool" pixel "$1" "$2" "$3" 2)
    if [ $# -ne 3 ]; then echo none; return; fi
    # lit and glowing, the lamps saturate towards white: the colour is the channel well above the others
    if [ "$1" -gt 100 ] && [ "$1" -gt $(($2 + 60)) ] && [ "$1" -gt $(($3 + 60)) ]; then echo red
    elif [ "$2" -gt 100 ] && [ "$2" -gt $(($1 + 60)) ] && [ "$2" -gt $(($3 + 40)) ]; then echo green
    else echo "other($1,$2,$3)"; fi
}

# A head 1.2 m in front of line1-press's beacon (it looks down -z). mockxr's eyes are 63 mm apart with an
# asymmetric FOV (docs/mockxr.md: left eye -54..+45 deg across, +48..-50 deg up/down; the right eye mirrored), so
# at 128x128 the beacon (0.2 m across: ~10 px) is centred at x = (tan(atan(0.0315/1.2)) + tan 54) / (tan 54 +
# tan 45) * 128 = 75.5 in the left eye, 52.5 in the right, and y = tan 48 / (tan 48 + tan 50) * 128 = 61.7.
BEACON_X0=75 BEACON_X1=53 BEACON_Y=62
head_at_beacon() {
    set -- $("$tool" beacon line1-press 4 1) || die "no beacon position"
    z=$(awk "BEGIN { print $3 + 1.2 }")
    printf '{"timeline":[{"frame":0,"head":{"position":[%s,%s,%s],"orientation":[0,0,0,1]}}]}\n' "$1" "$2" "$z" \
        >"$work/head.json"
}

live() {
    port=$(cat "$broker_dir/port") || { die "no fixture broker"; return; }
    prefix="e2e-live-$$"
    head_at_beacon
    mkdir -p "$work/captures"
    # retained: the twin gets it as soon as it subscribes, before frame 150 on any machine we know
    pub "$prefix/line1-press/state" '{"status":"fault","alarm":"e2e: die clamp pressure low"}' --retain
    env MOCKXR_CLOCK=realtime MOCKXR_VIEW_SIZE=128x128 MOCKXR_SCRIPT="$work/head.json" \
        MOCKXR_CAPTURE_DIR="$work/captures" MOCKXR_CAPTURE_FRAMES=150-159,800-809 MOCKXR_REPORT="$work/report.jsonl" \
        "$exe" --mqtt "mqtt://127.0.0.1:$port/$prefix" --stats "$work/stats.jsonl" --res-scale 1 --frames 900 \
        --stale-after 3600 >"$work/out.log" 2>"$work/err.log" &
    app=$!
    wait_for "$work/out.log" "live: link up, 1 machines .* 1 fault"
    wait_for_file "$work/captures/frame_000159_eye1.png" # the fault's captures are taken: now running again
    pub "$prefix/line1-press/state" '{"status":"running","temperature_c":41.5}'
    wait_for "$work/out.log" "live: link up, 1 machines \(1 running, 0 idle, 0 blocked, 0 fault"
    # every kind of bad data a broker can deliver on PREFIX/+/state (a malformed topic cannot match the filter)
    pub "$prefix/line1-press/state" '{oops'
    pub "$prefix/line1-press/state" '{"status":1}'
    pub "$prefix/line1-press/state" '{"status":"exploded"}'
    pub "$prefix/no-such-machine/state" '{"status":"running"}'
    pub "$prefix/line1-press/state" '{"status":"running"}' --pad 5000
    pub "$prefix/line1-press/state" '{"status":"running","ts":2000}'
    pub "$prefix/line1-press/state" '{"status":"running","ts":1000}'
    pub "$prefix/line1-robot-a/state" '{"status":"running"}' --repeat 150
    wait_for "$work/out.log" "messages, ([7-9]|[1-9][0-9]+) bad"
    wait "$app"
    rc=$?
    pub "$prefix/line1-press/state" '' --retain # clear the retained state (after the app: an empty payload is bad data)
    cat "$work/err.log" | grep -v "^factoryxr: session state"
    [ $rc -eq 0 ] || die "factoryxr exited with $rc"
    grep -E "bad data: [0-9]+ \(json 1, type 1, range 1, unknown_id 1, oversized 1, flood [1-9][0-9]*, topic 0, old 1\)" \
        "$work/out.log" || die "the exit summary does not count each bad payload once"
    for cause in json type range unknown_id oversized old; do
        grep -q "twin: bad data ($cause)" "$work/err.log" || die "no log line for the first bad data of cause $cause"
        [ "$(grep -c "twin: bad data ($cause)" "$work/err.log")" -eq 1 ] || die "cause $cause logged more than once"
    done
    # the stats record: the fault from before frame 150 until running, which holds from before frame 800
    first=$(grep -n '"fault":1,' "$work/stats.jsonl" | head -n 1 | cut -d: -f1)
    [ -n "$first" ] && [ "$first" -le 150 ] || die "the fault reached the stats record at line ${first:-never}, not before frame 150"
    for f in 150 159 800 809; do
        line=$(sed -n "$((f + 1))p" "$work/stats.jsonl")
        # at 800: the press running again, and line1-robot-a (the flood) running too
        case $f in 15*) want='"machines":1,"stale":0,"running":0,"idle":0,"blocked":0,"fault":1' ;;
        *) want='"machines":2,"stale":0,"running":2,"idle":0,"blocked":0,"fault":0' ;; esac
        case $line in *"$want"*) ;; *) die "frame $f's record does not show $want: $line" ;; esac
    done
    grep -q '"lag_frames":[2-9]' "$work/stats.jsonl" && die "an update waited more than one frame after it arrived"
    # the beacon region in the captures: red in fault, green running
    for v in 0 1; do
        x=$BEACON_X0
        [ $v -eq 1 ] && x=$BEACON_X1
        for f in 150 155 159; do
            c=$(colour_at "$(printf '%s/captures/frame_%06d_eye%d.png' "$work" $f $v)" $x $BEACON_Y)
            [ "$c" = red ] || die "eye $v at frame $f (fault): the beacon looks $c"
            echo "eye $v frame $f (fault): $("$tool" pixel "$(printf '%s/captures/frame_%06d_eye%d.png' "$work" $f $v)" $x $BEACON_Y 2)"
        done
        for f in 800 805 809; do
            c=$(colour_at "$(printf '%s/captures/frame_%06d_eye%d.png' "$work" $f $v)" $x $BEACON_Y)
            [ "$c" = green ] || die "eye $v at frame $f (running): the beacon looks $c"
            echo "eye $v frame $f (running): $("$tool" pixel "$(printf '%s/captures/frame_%06d_eye%d.png' "$work" $f $v)" $x $BEACON_Y 2)"
        done
    done
}

outage() {
    sh "$broker_sh" start "$work/broker" "$mosquitto" || { die "no broker"; return; }
    port=$(cat "$work/broker/port")
    prefix="e2e-outage-$$"
    env MOCKXR_CLOCK=virtual MOCKXR_VIEW_SIZE=64x64 MOCKXR_REPORT="$work/report.jsonl" \
        "$exe" --mqtt "mqtt://127.0.0.1:$port/$prefix" --stats "$work/stats.jsonl" --stale-after 1 \
        >"$work/out.log" 2>"$work/err.log" &
    app=$!
    wait_for "$work/err.log" "twin: mqtt: connected to"
    pub "$prefix/line2-press/state" '{"status":"running"}'
    wait_for "$work/out.log" "live: link up, 1 machines \(1 running"
    sh "$broker_sh" stop "$work/broker"
    wait_for "$work/err.log" "twin: mqtt: connection to 127.0.0.1:$port lost"
    # frames keep coming while the broker is away, and the machine goes stale (after 1 s)
    before=$(grep -c "frames, " "$work/out.log")
    count_at_least "$work/out.log" "frames, " $((before + 3))
    wait_for "$work/out.log" "live: link down, 1 machines \(1 running, .* 1 stale\)"
    sh "$broker_sh" restart "$work/broker" "$mosquitto" || die "the broker did not restart"
    count_at_least "$work/err.log" "twin: mqtt: connected to" 2
    pub "$prefix/line2-press/state" '{"status":"fault"}'
    # (whether it shows stale again by then depends on how fast frames come: the limit is 1 s of wall time)
    wait_for "$work/out.log" "live: link up, 1 machines \(0 running, 0 idle, 0 blocked, 1 fault, 0 offline"
    kill -TERM "$app"
    wait "$app"
    rc=$?
    sh "$broker_sh" stop "$work/broker"
    grep "twin:" "$work/err.log"
    [ $rc -eq 0 ] || die "factoryxr exited with $rc"
    grep -q "2 connects, 1 disconnects" "$work/out.log" || die "the exit summary does not say 2 connects, 1 disconnect"
    # no display slot missed across the outage (virtual clock: any miss would be the app's doing)
    "$check" --stats "$work/stats.jsonl" --report "$work/report.jsonl" --min-frames 300 --depth || die "structure check"
    grep -q '"link":"down"' "$work/stats.jsonl" || die "no frame recorded the link down"
}

# fxr-plant-sim (FXR_PLANT_SIM): states for every machine of the floor, at its rate, each one the twin accepts,
# recorded and replayed; the running factoryxr sees them come in and go live.
sim() {
    port=$(cat "$broker_dir/port") || { die "no fixture broker"; return; }
    url="mqtt://127.0.0.1:$port/e2e-sim-$$"
    env MOCKXR_CLOCK=virtual MOCKXR_VIEW_SIZE=64x64 "$exe" --mqtt "$url" --stats "$work/stats.jsonl" \
        >"$work/out.log" 2>"$work/err.log" &
    app=$!
    wait_for "$work/err.log" "twin: mqtt: connected to"
    "$FXR_PLANT_SIM" --mqtt "$url" --rate 5 --duration 2 --faults-per-hour 3600 --record "$work/rec.jsonl" \
        >"$work/sim.out" 2>"$work/sim.err" || die "fxr-plant-sim failed: $(cat "$work/sim.err")"
    published=$(sed -n 's/^published //p' "$work/sim.out")
    set -- $("$tool" record "$work/rec.jsonl") || die "the recording has bad lines"
    [ "$1" = "$published" ] || die "recorded $1 lines, published $published"
    [ "$2" -eq 24 ] || die "states for $2 machines, the default floor has 24 with a state"
    [ "$1" -ge 200 ] && [ "$1" -le 260 ] || die "$1 states in 2 s at 5 a second for 24 machines"
    [ "$3" -ge 2 ] || die "only $3 different statuses with a fault an hour a second"
    wait_for "$work/out.log" "live: link up, 24 machines"
    "$FXR_PLANT_SIM" --mqtt "$url" --replay "$work/rec.jsonl" --speed 4 >"$work/replay.out" 2>&1 || die "replay failed"
    [ "$(sed -n 's/^published //p' "$work/replay.out")" = "$published" ] || die "the replay sent another count"
    count_at_least "$work/out.log" "live: .*, $((published * 2)) messages, 0 bad" 1
    kill -TERM "$app"
    wait "$app" || die "factoryxr exited with $?"
    "$FXR_PLANT_SIM" --mqtt "$url" --replay "$work/out.log" >/dev/null 2>&1
    [ $? -eq 2 ] || die "replaying a file that is no recording did not exit 2"
}

app=0
case $scenario in
live) live ;;
outage) outage ;;
sim) sim ;;
*) echo "unknown scenario $scenario"; exit 2 ;;
esac
[ "$app" -ne 0 ] && kill "$app" 2>/dev/null
[ $fail -eq 0 ] && echo "e2e twin $scenario: passed"
exit $fail
