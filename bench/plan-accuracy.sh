#!/usr/bin/env bash
# The measurement of bench/results/plan.md: `winnow plan` vs the run it plans, on the Superfiltering recipe with the
# gpt2-tiny fixture. The pool is the first N rows of ../shared/data/alpaca_cherry_5pct.json (default 500: about 40
# CPU-seconds of scoring). Each repetition runs the plan, then the select it planned on a fresh output folder, so the
# two run back to back under the same load; the plan's estimated wall and CPU seconds and the run's measured ones
# (wall clock and user+sys from /usr/bin/time) go to one TSV line per repetition.
# Usage: bench/plan-accuracy.sh [rows] [repetitions] [work-dir]; WINNOW="dotnet path/Winnow.Cli.dll" runs a fixed build
# instead of ./winnow (which rebuilds when a source file changes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-500}"
reps="${2:-3}"
read -r -a winnow <<< "${WINNOW:-$root/winnow}"
work="${3:-/tmp/winnow-plan-accuracy}"
mkdir -p "$work"
python3 - "$root/../shared/data/alpaca_cherry_5pct.json" "$work/pool.json" "$rows" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))[: int(sys.argv[3])]
json.dump(rows, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
args=("$work/pool.json" -n 10% --recipe "$root/recipes/superfiltering.yaml" --var "model=$root/../shared/fixtures/gpt2-tiny")
printf 'rep\tload\testimated_wall_s\testimated_cpu_s\tactual_wall_s\tactual_cpu_s\n'
for rep in $(seq 1 "$reps"); do
  rm -rf "$work/run" && mkdir -p "$work/run"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  "${winnow[@]}" plan "${args[@]}" -o "$work/run/out.json" 2>/dev/null > "$work/plan.txt"
  read -r wall_est cpu_est < <(python3 - "$work/plan.txt" <<'PY'
import re, sys
line = next(l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("estimated time: "))
def seconds(text):
    h = re.search(r"(\d+) h", text); m = re.search(r"(\d+) min", text); s = re.search(r"([\d.]+) s", text)
    return (int(h[1]) * 3600 if h else 0) + (int(m[1]) * 60 if m else 0) + (float(s[1]) if s else 0)
wall, cpu = re.match(r"estimated time: (.*?) wall, (.*?) CPU", line).groups()
print(seconds(wall), seconds(cpu))
PY
)
  /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "${winnow[@]}" select "${args[@]}" -o "$work/run/out.json" >/dev/null 2>&1
  read -r wall user sys < "$work/time.txt"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$load" "$wall_est" "$cpu_est" "$wall" "$(echo "$user + $sys" | bc -l)"
done
