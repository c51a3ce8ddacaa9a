#!/bin/bash
# Submits a sharded Winnow selection: SHARDS array tasks, then the merge + select job once all of them succeeded.
#   POOL=data/pool.jsonl OUT=out/subset.jsonl BUDGET=10000 SHARDS=16 docs/cluster/slurm-submit.sh
set -euo pipefail
here=$(dirname "$0")
: "${POOL:?}" "${OUT:?}" "${SHARDS:?}"
export POOL OUT SHARDS BUDGET="${BUDGET:-1%}" SELECT_ARGS="${SELECT_ARGS:-}"
array=$(sbatch --parsable --export=ALL --array=0-$((SHARDS - 1)) "$here/slurm-shard.sbatch")
sbatch --export=ALL --dependency=afterok:"$array" "$here/slurm-select.sbatch"
