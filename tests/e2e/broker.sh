#!/bin/sh
# A mosquitto broker for tests: on 127.0.0.1 only, on a free port, stopped by its PID.
# usage: broker.sh start DIR MOSQUITTO   -> DIR/port, DIR/pid, DIR/broker.conf, DIR/broker.log
#        broker.sh restart DIR MOSQUITTO -> the same port again (after a stop)
#        broker.sh stop DIR
# A port is free when mosquitto can bind it: a few random ones in 20000..59999 are tried.
# BROKER_CONF_EXTRA (optional): more lines for the broker's config (the benchmark raises its queue limits).
set -u
cmd=$1 dir=$2
mkdir -p "$dir" || exit 1

start_on() { # PORT: 0 when mosquitto runs on it
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n%b\n' "$1" "${BROKER_CONF_EXTRA:-}" \
        >"$dir/broker.conf"
    : >"$dir/broker.log"
    "$mosquitto" -c "$dir/broker.conf" >>"$dir/broker.log" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 50 ]; do
        if grep -q "running" "$dir/broker.log"; then
            echo "$pid" >"$dir/pid"
            echo "$1" >"$dir/port"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || return 1 # exited: the port was taken
        sleep 0.1
        i=$((i + 1))
    done
    kill "$pid" 2>/dev/null
    return 1
}

case $cmd in
start)
    mosquitto=$3
    n=0
    while [ $n -lt 20 ]; do
        port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
        if start_on "$port"; then
            echo "broker: mosquitto pid $(cat "$dir/pid") on 127.0.0.1:$port"
            exit 0
        fi
        n=$((n + 1))
    done
    echo "broker: could not start mosquitto on a free port; its log:"
    cat "$dir/broker.log"
    exit 1
    ;;
restart)
    mosquitto=$3
    port=$(cat "$dir/port") || exit 1
    n=0
    while [ $n -lt 30 ]; do # the old socket may linger a moment
        start_on "$port" && exit 0
        sleep 0.2
        n=$((n + 1))
    done
    echo "broker: could not restart mosquitto on $port"
    cat "$dir/broker.log"
    exit 1
    ;;
stop)
    [ -f "$dir/pid" ] || exit 0
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -9 "$pid" 2>/dev/null
    rm -f "$dir/pid"
    exit 0
    ;;
*)
    echo "usage: broker.sh start|restart DIR MOSQUITTO | stop DIR"
    exit 2
    ;;
esac
