#!/usr/bin/env bash
# Builds .gpu-bundle/bundle.tar.xz for tests/Gpu/device-check.sh, on a machine with the .NET SDK (this one).
#
# Why: the lent H200 machine has no .NET SDK and reaches no package registry, and the device tool carries at most
# 64 MiB of the checkout. So the build happens here: the Release publish of the GPU tests, GpuBench, GpuModelBench and
# the DigitsGpu sample, the four ../shared models, the .NET
# runtime they run on (the dotnet host and Microsoft.NETCore.App, no SDK), and the SDK's test runner
# (vstest.console.dll and its own libraries, which run on the bare runtime), packed with xz.
# Carry it with the device tool's `carry: [".gpu-bundle"]`. If the device machine does have a 10.x SDK,
# device-check.sh builds there instead and ignores the bundle.
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle=.gpu-bundle
stage="$bundle/stage"
rm -rf "$bundle"
mkdir -p "$stage"

dotnet publish tests/ModelGen.Gpu.Tests -c Release -o "$stage/tests" --nologo -v quiet
dotnet publish tests/Gpu/GpuBench -c Release -o "$stage/bench" --nologo -v quiet
# The model bench, the consumer sample (DigitsGpuSampleTests runs it) and the four ../shared models with their test
# data (the model tests read them through MODELGEN_SHARED_DIR): the device machine has no checkout of ../shared.
dotnet publish tests/Gpu/GpuModelBench -c Release -o "$stage/model-bench" --nologo -v quiet
dotnet publish sample-apps/DigitsGpu -c Release -o "$stage/digits-gpu" --nologo -v quiet
for model in mnist-8 tflm-hello-world-sine ultraface-version-RFB-320 super-resolution-10; do
  if [ -f "../shared/models/$model/model.onnx" ]; then
    mkdir -p "$stage/shared/models/$model"
    cp -r "../shared/models/$model/model.onnx" ../shared/models/$model/test_data_set_* "$stage/shared/models/$model/"
  else
    echo "warning: ../shared/models/$model is absent: the device check will skip its tests" >&2
  fi
done

root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(ls -d "$root"/shared/Microsoft.NETCore.App/10.* | sort -V | tail -n 1)
sdk=$(ls -d "$root"/sdk/10.* | sort -V | tail -n 1)
mkdir -p "$stage/dotnet/shared/Microsoft.NETCore.App" "$stage/vstest"
cp "$root/dotnet" "$stage/dotnet/"
cp -r "$root/host" "$stage/dotnet/"
cp -r "$runtime" "$stage/dotnet/shared/Microsoft.NETCore.App/"
# vstest.console.deps.json names these, and it loads Microsoft.Extensions.DependencyModel to find the testhost; Extensions/ holds the loggers (trx) and the blame collector.
cp "$sdk"/vstest.console.* "$sdk"/Microsoft.TestPlatform.*.dll "$sdk"/Microsoft.VisualStudio.TestPlatform.*.dll \
   "$sdk"/Newtonsoft.Json.dll "$sdk"/Microsoft.Extensions.*.dll "$stage/vstest/"
cp -r "$sdk/Extensions" "$stage/vstest/"
git rev-parse HEAD > "$stage/commit.txt"

tar -C "$stage" -cf - . | xz -T2 -6 > "$bundle/bundle.tar.xz"
rm -rf "$stage"
echo "$(du -h "$bundle/bundle.tar.xz" | cut -f1) $bundle/bundle.tar.xz (commit $(git rev-parse --short HEAD); the device tool carries at most 64 MiB)"
