#!/bin/bash
# Walks every row of docs/errors.md's tables: runs the input the row gives and checks the exit code and that the
# message fragment appears on stderr. The table is the single source: a row added there is tested here.
# usage: errors_table.sh errors.md factoryxr mockxr.json mockxr-run errors_payload fxr-plant-sim
set -u
doc=$1 factoryxr=$2 manifest=$3 mxrun=$4 payload_tool=$5 plantsim=$6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rows=0 failed=0
# Under ASan the test preloads lavapipe (FXR_ASAN_LVP_ENV): only the rows that reach Vulkan need it; the others
# start faster without loading it.
vk_preload=${LD_PRELOAD:-}
unset LD_PRELOAD

# `code` -> code, with \| as |
unquote() {
    local s=$1
    s=${s#"${s%%[![:space:]]*}"}
    s=${s%"${s##*[![:space:]]}"}
    s=${s#\`}
    s=${s%\`}
    printf '%s' "${s//\\|/|}"
}

# Runs PROGRAM FIXED-ARGS... WORDS, where WORDS is shell syntax and its leading NAME=VALUE words set the
# environment. No stray configuration from the caller: factoryxr finds no runtime unless RUNTIME is set.
# Leaves the exit code in $rc, stderr in $tmp/err.
run_words() { # run_words WORDS PROGRAM [FIXED-ARGS...]
    local words=$1
    shift
    (
        unset MOCKXR_QUIET MOCKXR_SCRIPT FACTORYXR_MQTT_USER FACTORYXR_MQTT_PASSWORD
        export XR_RUNTIME_JSON=${RUNTIME:-/nonexistent/runtime.json}
        [ -n "${SCRIPT:-}" ] && export MOCKXR_SCRIPT=$SCRIPT
        [ -n "${RUNTIME:-}" ] && [ -n "$vk_preload" ] && export LD_PRELOAD=$vk_preload
        fixed=("$@")
        eval "set -- $words"
        while [ $# -gt 0 ] && [[ $1 =~ ^[A-Z_][A-Z0-9_]*= ]]; do
            export "${1?}"
            shift
        done
        exec "${fixed[@]}" "$@"
    ) >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
}

in_table=false
while IFS= read -r line; do
    # Only the tables headed | Kind | Input | Exit | Message |, to their end.
    if [[ $line =~ ^\|\ *Kind\ *\|\ *Input\ *\|\ *Exit\ *\|\ *Message\ *\|$ ]]; then
        in_table=true
        continue
    fi
    [[ $line == \|* ]] || in_table=false
    $in_table || continue
    body=${line//\\|/$'\x01'}
    IFS='|' read -r _ kind input exit_want message _ <<<"$body"
    kind=$(unquote "$kind")
    case $kind in
    flag | env | mockxr | script | plant | payload | mockxr-run | plant-sim) ;;
    ---*) continue ;; # the separator
    *)
        echo "FAIL: unknown kind '$kind' in: $line"
        failed=$((failed + 1))
        continue
        ;;
    esac
    input=$(unquote "${input//$'\x01'/\\|}")
    message=$(unquote "${message//$'\x01'/\\|}")
    exit_want=$(unquote "$exit_want")
    rows=$((rows + 1))
    case $kind in
    flag | env)
        RUNTIME= SCRIPT= run_words "$input" "$factoryxr"
        ;;
    mockxr)
        RUNTIME=$manifest SCRIPT= run_words "$input" "$factoryxr" --frames 1
        ;;
    script)
        printf '%s\n' "$input" >"$tmp/script.json"
        RUNTIME=$manifest SCRIPT=$tmp/script.json run_words "" "$factoryxr" --frames 1
        ;;
    plant)
        printf '%s\n' "$input" >"$tmp/plant.json"
        RUNTIME= SCRIPT= run_words "" "$factoryxr" --plant "$tmp/plant.json"
        ;;
    payload)
        RUNTIME= SCRIPT= run_words "$input" "$payload_tool"
        ;;
    mockxr-run)
        RUNTIME=$manifest SCRIPT= run_words "$input" "$mxrun"
        ;;
    plant-sim)
        RUNTIME= SCRIPT= run_words "$input" "$plantsim"
        ;;
    esac
    want=$exit_want
    [ "$kind" = payload ] && want=1 # counted as bad data (factoryxr runs on); errors_payload says so with 1
    if [ "$rc" != "$want" ] || ! grep -qF -- "$message" "$tmp/err"; then
        echo "FAIL: [$kind] $input -> exit $rc (want $want); stderr must contain: $message"
        echo "--- stderr"
        head -c 2000 "$tmp/err"
        failed=$((failed + 1))
    fi
done <"$doc"

echo "errors_table: $rows rows, $failed failed"
[ "$rows" -gt 0 ] && [ "$failed" -eq 0 ]
