#!/bin/sh
# The factoryxr executable refuses bad command lines with exit code 2 and the usage on stderr (before
# touching OpenXR: no runtime is needed), and answers --help / --version with exit code 0.
# usage: options_cli.sh path/to/factoryxr
set -u
exe=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # expect CODE STREAM-WITH-TEXT TEXT -- ARGS...
    want=$1 where=$2 text=$3
    shift 4
    XR_RUNTIME_JSON=/nonexistent/runtime.json "$exe" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ] || ! grep -qF -- "$text" "$tmp/$where"; then
        echo "FAIL: factoryxr $* -> exit $rc (want $want), $where must contain '$text'"
        echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"
        fail=1
    fi
    if [ "$want" -eq 2 ] && [ -s "$tmp/out" ]; then
        echo "FAIL: factoryxr $* wrote to stdout on a usage error"
        fail=1
    fi
}

expect 2 err "unknown argument '--bogus'" -- --bogus
expect 2 err "usage: factoryxr" -- --bogus
expect 2 err "--lines needs a value" -- --lines
expect 2 err "--lines: 'x' is not" -- --lines x
expect 2 err "--lines: '300' is not a whole number in 1..256" -- --lines 300
expect 2 err "--msaa: '3' is not 1 or 4" -- --msaa 3
expect 2 err "--frames: '5s' is not" -- --frames 5s
expect 2 err "--frames given more than once" -- --frames 5 --frames 6
expect 2 err "unknown argument 'stray'" -- stray
expect 2 err "--res-scale: 'half' is not 'auto' or a decimal number in 0.25..1" -- --res-scale half
expect 2 err "it does not go with a fixed --res-scale" -- --res-scale 0.5 --min-res-scale 0.5
expect 0 out "--res-scale auto|F" -- --help
expect 0 out "usage: factoryxr" -- --help
expect 0 out "Exit codes:" -- --help
expect 0 out "factoryxr 0." -- --version
# A stats file that cannot be written fails at once (exit 1), before any runtime is needed.
expect 1 err "cannot open the stats file /nonexistent-dir/s.jsonl" -- --stats /nonexistent-dir/s.jsonl
expect 0 out "--mqtt URL" -- --help
expect 0 out "FACTORYXR_MQTT_USER, FACTORYXR_MQTT_PASSWORD" -- --help
# A plant file that cannot be read is a bad command line (2), named, before any runtime is needed.
expect 2 err "/nonexistent/p.json: cannot read the plant file" -- --plant /nonexistent/p.json
# A password without a user is refused before anything starts.
FACTORYXR_MQTT_PASSWORD=x expect 2 err "FACTORYXR_MQTT_PASSWORD is set but FACTORYXR_MQTT_USER is not" -- --mqtt mqtt://127.0.0.1:1
# No runtime: a message saying how to select one, and its own exit code.
expect 3 err "XR_RUNTIME_JSON" -- --frames 1
exit $fail
