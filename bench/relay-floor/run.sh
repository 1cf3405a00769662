#!/usr/bin/env bash
# The kernel's price of relaying each 20 ms frame as its own message on this machine (see relay_floor.c).
# usage: bench/relay-floor/run.sh [calls=250] [seconds=30] [runs=3]     needs a C compiler and two CPUs
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${TMPDIR:-/tmp}/callbridge-relay-floor
cc -O2 -Wall -o "$out" "$here/relay_floor.c"
for _ in $(seq "${3:-3}"); do
    "$out" "${1:-250}" "${2:-30}"
done
