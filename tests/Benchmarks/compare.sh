#!/usr/bin/env bash
# ModelGen against onnxruntime-node, side by side in one run, one thread each, on the real models in
# ../shared/models: for every model, ModelGen then ORT, then both again, keeping the better median of
# each (the machine is shared and noisy). Prints a markdown table with the ratio ORT median / ModelGen median
# (above 1: ModelGen is faster).
# Usage: tests/Benchmarks/compare.sh [runs] [warmup seconds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="$(cd "$root/.." && pwd)/shared/models"
runs="${1:-30}"; warmup="${2:-2}"
[ -d "$shared" ] || { echo "needs ../shared/models beside the checkout"; exit 1; }
if [ ! -d "$here/node_modules/onnxruntime-node" ]; then (cd "$here" && npm install --no-audit --no-fund >/dev/null); fi
dotnet build "$root/src/ModelGen.Cli" -c Release -v quiet -nologo >/dev/null
modelgen() { dotnet "$root/src/ModelGen.Cli/bin/Release/net10.0/modelgen.dll" "$@"; }
median() { sed -n 's/.*"medianMs":\([0-9.]*\).*/\1/p'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
peak=$(modelgen bench "$shared/mnist-8/model.onnx" --data "$shared/mnist-8/test_data_set_0" --runs 5 --warmup-seconds 0 --json 2>/dev/null | sed -n 's/.*"fmaPeakGflops":\([0-9.]*\),"fmaBits":\([0-9]*\).*/\1 GFLOP\/s with \2-bit vectors/p')
echo "CPU: $cpu; one core's fp32 FMA peak, measured in this run: $peak"
echo
echo "| model | ModelGen median (ms) | onnxruntime-node median (ms) | ORT / ModelGen |"
echo "|---|---:|---:|---:|"
for m in mnist-8 tflm-hello-world-sine super-resolution-10 ultraface-version-RFB-320; do
  model="$shared/$m/model.onnx"; data="$shared/$m/test_data_set_0"
  mg1=$(modelgen bench "$model" --data "$data" --runs "$runs" --warmup-seconds "$warmup" --json 2>/dev/null | median)
  ort1=$(node "$here/ort-bench.mjs" "$model" "$data" "$runs" "$warmup" | median)
  mg2=$(modelgen bench "$model" --data "$data" --runs "$runs" --warmup-seconds "$warmup" --json 2>/dev/null | median)
  ort2=$(node "$here/ort-bench.mjs" "$model" "$data" "$runs" "$warmup" | median)
  mg=$(best "$mg1" "$mg2"); ort=$(best "$ort1" "$ort2")
  ratio=$(awk -v o="$ort" -v g="$mg" 'BEGIN { printf "%.2f", o / g }')
  echo "| $m | $mg | $ort | $ratio |"
done
