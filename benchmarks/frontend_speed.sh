#!/bin/sh
# Speed of the front end, on a generated program of about 9000 lines
# (benchmarks/gen_program.py) and the example programs:
#   - flowing: bytecode instructions flowed per second (`futamura flow --stats`);
#   - flowing + annotation: source lines per second (`futamura annotate
#     --stats`; graphs are built as annotation reaches them).
# Each figure is the median of RUNS runs (default 7); import and printing are
# excluded from the timings.
#
#   benchmarks/frontend_speed.sh [FUTAMURA] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
futamura=${1:-$here/../build/default/src/futamura}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3.11 "$here/gen_program.py" 120 > "$work/bigprog.py"

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for prog in "$work/bigprog.py" "$here"/../tests/programs/*.py; do
  lines=$(wc -l < "$prog")
  flow="" ann=""
  for i in $(seq "$runs"); do
    flow="$flow $("$futamura" flow "$prog" --quiet --stats 2>&1 |
                  sed -n 's/.*(\([0-9]*\) instructions\/s).*/\1/p')"
    ann="$ann $("$futamura" annotate "$prog" --stats 2>&1 >/dev/null |
                sed -n 's/.* in \([0-9.]*\) s$/\1/p')"
  done
  fm=$(echo $flow | median)
  am=$(echo $ann | median)
  rate=$(awk -v l="$lines" -v t="$am" 'BEGIN { if (t > 0) printf "%.0f", l / t; else print "inf" }')
  echo "$(basename "$prog"): $lines lines; flow: median $fm instructions/s;" \
       "flow+annotate: median $am s = $rate lines/s ($runs runs)"
done
