#!/usr/bin/env bash
# Token log-probability scoring through the managed engine and llama.cpp (issue 11), one process per engine × weight
# type so that peak memory is that configuration's own: random GPT-2-small and TinyLlama-1.1B-shaped models written as
# Hugging Face folders, converted to GGUF f32 / q8_0 / q4_0 by winnow's converter; the managed engine runs the folder
# (f32) and the q8_0 file (its Q8_0 path). Results: bench/results/backends.md.
# Usage: bench/backends.sh [work dir=/tmp/winnow-backends] [threads=2] [timed batches=3] [shapes="gpt2-small llama-1b"] [configs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/winnow-backends}"
threads="${2:-2}"
batches="${3:-3}"
shapes="${4:-gpt2-small llama-1b}"
# Engine:weights pairs, space-separated (default: all five), e.g. "managed:q8_0 llama.cpp:q8_0".
configs="${5:-managed:f32 managed:q8_0 llama.cpp:f32 llama.cpp:q8_0 llama.cpp:q4_0}"
dotnet build "$root/bench/Winnow.Bench" -c Release --nologo -v quiet >/dev/null
bench=(nice -n 10 dotnet "$root/bench/Winnow.Bench/bin/Release/net10.0/Winnow.Bench.dll" timing)
echo "| model | engine | weights | tokens/s (median) | batch seconds | tokens/s from CPU time | peak RSS MiB | load s | mean log-prob | load average |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for shape in $shapes; do
  dir="$work/$shape"
  [ -f "$dir/model.q4_0.gguf" ] || "${bench[@]}" backends-model "$shape" "$dir" >&2
  for config in $configs; do
    "${bench[@]}" backends "$dir" "${config%%:*}" "${config#*:}" "$threads" "$batches"
  done
done
