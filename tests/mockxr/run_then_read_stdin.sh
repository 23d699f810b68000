#!/bin/sh
# Runs the app given as arguments, then reads stdin until end of input (as the issue's
# `sh -c 'hello_xr -g Vulkan2 && { read -r _ || true; }'` does, and hello_xr itself with glibc >= 2.39).
"$@" || exit $?
while read -r _; do :; done
exit 0
