#!/usr/bin/env bash
# Cherry LLM's full pipeline (METHODS §1.3–1.4) as three winnow commands. A recipe cannot express it alone
# today: recipes score and select, and the middle step trains a model.
#   1. pre-experience sample  (recipes/cherry-pre-experience.yaml: lm-mean embeddings, k-means, mid-perplexity rows)
#   2. one epoch of Alpaca-style fine-tuning on that sample (winnow train lm, loss on response tokens only)
#   3. IFD with the fine-tuned model and Cherry's selection (recipes/cherry.yaml)
# Usage: recipes/cherry-full.sh DATA BASE_MODEL WORK_DIR BUDGET
# Environment: CLUSTERS (100), LR (2e-5), MAX_LENGTH (512; the IFD recipe and the training use it), WINNOW (./winnow).
set -euo pipefail
data=$1 model=$2 work=$3 budget=$4
winnow=${WINNOW:-./winnow}
clusters=${CLUSTERS:-100}
max_length=${MAX_LENGTH:-512}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
"$winnow" select "$data" -n $((clusters * 10)) -o "$work/pre-experience.json" --recipe "$here/cherry-pre-experience.yaml" \
  --var model="$model" --var clusters="$clusters"
"$winnow" train lm -m "$model" --data "$work/pre-experience.json" --template alpaca -o "$work/pre-experienced" \
  --epochs 1 --lr "${LR:-2e-5}" --max-length "$max_length"
sed "s/max_length: 512/max_length: $max_length/" "$here/cherry.yaml" > "$work/cherry-ifd.yaml"
"$winnow" select "$data" -n "$budget" -o "$work/cherry.json" --recipe "$work/cherry-ifd.yaml" --var model="$work/pre-experienced"
