#!/bin/sh
# Flowing speed: bytecode instructions flowed per second.
#
#   benchmarks/flow_speed.sh [FUTAMURA] [RUNS]
#
# Flows a generated program of about 7000 lines (benchmarks/gen_program.py)
# and the example programs, RUNS times each (default 7), and prints the median
# rate reported by `futamura flow --stats` (import and printing excluded).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
futamura=${1:-$here/../build/default/src/futamura}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3.11 "$here/gen_program.py" 120 > "$work/bigprog.py"
for prog in "$work/bigprog.py" "$here"/../tests/programs/*.py; do
  lines=$(wc -l < "$prog")
  rates=""
  for i in $(seq "$runs"); do
    rate=$("$futamura" flow "$prog" --quiet --stats 2>&1 | sed -n 's/.*(\([0-9]*\) instructions\/s).*/\1/p')
    rates="$rates $rate"
  done
  median=$(echo $rates | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  info=$("$futamura" flow "$prog" --quiet --stats 2>&1)
  echo "$(basename "$prog"): $lines lines; median $median instructions/s over $runs runs; $info"
done
