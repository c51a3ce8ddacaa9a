#!/usr/bin/env bash
# The report measurement of bench/results/report.md: joins the four Alpaca-format files of ../shared/data into one
# 21,403-row pool with a `source` field per row, selects 1,000 rows with three methods (the default CaR recipe,
# k-center greedy and top-k by quality, all on one shared score file), then times `winnow report` on the
# three selections. Usage: bench/report-pool.sh [work-dir]   (default /tmp/winnow-report-pool)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/winnow-report-pool}"
data="$root/../shared/data"
mkdir -p "$work"
cd "$work"
python3 - "$data" <<'PY'
import json, sys
rows = []
for name in ["alpaca_cherry_5pct", "gpteacher_roleplay", "gpteacher_toolformer", "gsm8k_train"]:
    for row in json.load(open(f"{sys.argv[1]}/{name}.json", encoding="utf-8")):
        rows.append({**row, "source": name})
json.dump(rows, open("pool.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(f"pool.json: {len(rows)} rows")
PY
run_select() { "$root/winnow" select pool.json -n 1000 -o "$1.json" --scores shared.scores.jsonl "${@:2}" > "$1.log"; }
run_select car
run_select k-center --selector k-center
run_select top-k --selector top-k --selector-param column=quality.quality
for run in 1 2 3; do
  /usr/bin/time -f "report: %e s wall, %M KiB peak RSS" "$root/winnow" report car.json k-center.json top-k.json -o report.html
done
ls -l report.html
