#!/usr/bin/env bash
# The GPU check for a session lent an NVIDIA H200 (16 cores), in one run of at most 8 minutes:
#   1. build: with a .NET 10 SDK on the machine, `dotnet build -c Release` there; without one (the lent machine has
#      none and reaches no package registry) the prebuilt bundle of tests/Gpu/make-device-bundle.sh, carried along;
#   2. the GPU tests with MODELGEN_GPU_TESTS=cuda: every numeric test on CUDA as well as on the CPU accelerator, the
#      PTX compile tests, and the availability tests turned round (they must find the device);
#   3. SGEMM 4096³ fp32 on CUDA with each tile, GFLOP/s against the card's fp32 peak (target: at least 40%);
#   4. the four ../shared models against their test data (the model tests of step 2, on CUDA and the simulator), and
#      ultraface-version-RFB-320 (batch 1) and super-resolution-10 (batch 1 and 16) timed as GPU sessions against their CPU
#      classes on all cores (tests/Gpu/GpuModelBench).
# Writes $OUT/gpu-figures.md, $OUT/gpu-tests.trx and $OUT/device-check.log (the device tool brings $OUT back).
# Exits non-zero when the build, a test or the SGEMM check fails, or at the 8-minute limit.
#
# Here, first:            tests/Gpu/make-device-bundle.sh        (about a minute; writes .gpu-bundle/, ~40 MB)
# Then, with the device tool:  run(command: "bash tests/Gpu/device-check.sh", carry: [".gpu-bundle"], timeout_s: 540)
# A dry run of the same steps without a GPU (CPU accelerator only, a small SGEMM):
#   MODELGEN_DEVICE_CHECK_BACKEND=cpu OUT=/tmp/check bash tests/Gpu/device-check.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
OUT="${OUT:-$repo/artifacts/device-check}"
mkdir -p "$OUT"
figures="$OUT/gpu-figures.md"
log="$OUT/device-check.log"

# The whole run under one 8-minute limit (the device tool allows 10 per command; this leaves time to report).
if [ -z "${MODELGEN_DEVICE_CHECK_TIMED:-}" ]; then
  export MODELGEN_DEVICE_CHECK_TIMED=1 OUT
  timeout --kill-after=10 480 bash "$0" "$@"
  rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "device-check: STOPPED at its 8-minute limit; the figures above are what it reached." | tee -a "$figures"
  fi
  exit "$rc"
fi

backend="${MODELGEN_DEVICE_CHECK_BACKEND:-cuda}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
status=0
: > "$log"
say() { echo "$*" | tee -a "$figures"; }
step() { echo "== $*" | tee -a "$log"; }

{
  echo "# GPU device check, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv,noheader 2>/dev/null || echo 'none (nvidia-smi absent)')"
  echo "- CPU: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores"
  echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); backend: $backend"
} > "$figures"

# 1. Build, or unpack the bundle.
start=$(date +%s)
# MODELGEN_DEVICE_CHECK_USE_BUNDLE=1 takes the bundle even where an SDK exists (to try that path here).
if [ -z "${MODELGEN_DEVICE_CHECK_USE_BUNDLE:-}" ] && command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  step "build: dotnet build -c Release"
  if ! dotnet build tests/ModelGen.Gpu.Tests -c Release -nologo >>"$log" 2>&1 \
     || ! dotnet build tests/Gpu/GpuBench -c Release -nologo >>"$log" 2>&1; then
    say "- build: FAILED (see device-check.log)"
    exit 1
  fi
  tests_command=(dotnet test tests/ModelGen.Gpu.Tests -c Release --no-build --logger "trx;LogFileName=gpu-tests.trx" --results-directory "$OUT/results")
  bench_command=(dotnet tests/Gpu/GpuBench/bin/Release/net10.0/GpuBench.dll)
  if ! dotnet build tests/Gpu/GpuModelBench -c Release -nologo >>"$log" 2>&1; then
    say "- build: GpuModelBench FAILED (see device-check.log)"
    exit 1
  fi
  models_command=(dotnet tests/Gpu/GpuModelBench/bin/Release/net10.0/GpuModelBench.dll)
  # The models beside the checkout, or the bundle's copy when this machine has no ../shared.
  if [ ! -d "$repo/../shared/models" ] && [ -f .gpu-bundle/bundle.tar.xz ]; then
    mkdir -p /tmp/modelgen-gpu-shared
    tar -C /tmp/modelgen-gpu-shared -xJf .gpu-bundle/bundle.tar.xz ./shared 2>>"$log" || true
    export MODELGEN_SHARED_DIR=/tmp/modelgen-gpu-shared/shared
  fi
  say "- build: dotnet build -c Release on this machine, $(( $(date +%s) - start )) s"
elif [ -f .gpu-bundle/bundle.tar.xz ]; then
  step "build: no .NET 10 SDK here; unpacking .gpu-bundle/bundle.tar.xz"
  bundle=/tmp/modelgen-gpu-bundle
  rm -rf "$bundle"
  mkdir -p "$bundle"
  if command -v xz >/dev/null 2>&1; then
    tar -C "$bundle" -xJf .gpu-bundle/bundle.tar.xz
  else
    python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" .gpu-bundle/bundle.tar.xz "$bundle"
  fi
  # The bare runtime: no ICU may be installed, and nothing here depends on culture data.
  export DOTNET_ROOT="$bundle/dotnet" PATH="$bundle/dotnet:$PATH" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  tests_command=(dotnet "$bundle/vstest/vstest.console.dll" "$bundle/tests/ModelGen.Gpu.Tests.dll" --logger:"trx;LogFileName=gpu-tests.trx" --ResultsDirectory:"$OUT/results")
  bench_command=(dotnet "$bundle/bench/GpuBench.dll")
  models_command=(dotnet "$bundle/model-bench/GpuModelBench.dll")
  export MODELGEN_SHARED_DIR="$bundle/shared" MODELGEN_DIGITS_GPU_DLL="$bundle/digits-gpu/DigitsGpu.dll"
  built=$(cat "$bundle/commit.txt" 2>/dev/null || echo unknown)
  head=$(git rev-parse HEAD 2>/dev/null || echo unknown)
  note=""
  if [ "$built" != "$head" ]; then note=" (WARNING: the bundle was built from ${built:0:12}, not this checkout's ${head:0:12})"; fi
  say "- build: prebuilt bundle (tests/Gpu/make-device-bundle.sh), unpacked in $(( $(date +%s) - start )) s$note"
else
  say "- build: FAILED: no .NET 10 SDK on this machine and no .gpu-bundle/bundle.tar.xz (run tests/Gpu/make-device-bundle.sh, then carry .gpu-bundle)"
  exit 1
fi

# 2. The GPU tests.
step "tests"
if [ "$backend" = cuda ]; then export MODELGEN_GPU_TESTS=cuda; fi
start=$(date +%s)
timeout 240 "${tests_command[@]}" >>"$log" 2>&1 || status=1
seconds=$(( $(date +%s) - start ))
trx=$(find "$OUT/results" -name 'gpu-tests.trx' 2>/dev/null | head -n 1)
say ""
say "## GPU tests (MODELGEN_GPU_TESTS=${MODELGEN_GPU_TESTS:-unset})"
say ""
if [ -n "$trx" ]; then
  cp "$trx" "$OUT/gpu-tests.trx"
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  failed=$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  say "$(get passed) passed, $failed failed, $(get notExecuted) skipped, in ${seconds} s (wall, including test discovery)"
  if [ "$failed" -gt 0 ]; then status=1; fi
else
  say "no test results: the test run failed to start (see device-check.log)"
  status=1
fi
rm -rf "$OUT/results"

# 3. SGEMM.
step "sgemm"
say ""
if [ "$backend" = cuda ]; then
  clock=$(nvidia-smi --query-gpu=clocks.max.sm --format=csv,noheader,nounits 2>/dev/null | head -n 1 | tr -dc '0-9')
  say "## SGEMM 4096³ (target: at least 40% of the fp32 peak)"
  say ""
  timeout 150 "${bench_command[@]}" --device cuda --size 4096 --iterations 10 --warmups 3 --clock-mhz "${clock:-1980}" >"$OUT/sgemm.txt" 2>>"$log" || status=1
else
  say "## SGEMM 128³ on the CPU accelerator (dry run: correctness of the bench only; the timings mean nothing)"
  say ""
  timeout 150 "${bench_command[@]}" --device cpu --size 128 --iterations 2 --warmups 1 >"$OUT/sgemm.txt" 2>>"$log" || status=1
fi
cat "$OUT/sgemm.txt" >> "$figures"
cat "$OUT/sgemm.txt"
rm -f "$OUT/sgemm.txt"

# 4. Models: the four against their test data (from the test run above), then the timings.
step "models"
say ""
say "## Models"
say ""
where="the CPU accelerator"
if [ "$backend" = cuda ]; then where="CUDA and the CPU accelerator"; fi
if [ -f "$OUT/gpu-tests.trx" ]; then
  for test in Mnist8 Sine UltraFace SuperResolution10; do
    outcome=$(grep -o "testName=\"[^\"]*GeneratedSessionTests.${test}_session_matches[^\"]*\"[^>]*outcome=\"[A-Za-z]*\"" "$OUT/gpu-tests.trx" | grep -o 'outcome="[A-Za-z]*"' | head -n 1)
    say "- ${test}: ${outcome:-outcome=\"missing\"} against the CPU class and the test data (rtol 1e-3; on $where)"
  done
else
  say "- the model tests did not run (no test results)"
fi
say ""
if [ "$backend" = cuda ]; then
  timeout 150 "${models_command[@]}" --device cuda --iterations 10 --warmups 3 >"$OUT/models.txt" 2>>"$log" || status=1
else
  say "(dry run on the CPU accelerator: ultraface only, one run; the timings mean nothing)"
  say ""
  timeout 150 "${models_command[@]}" --device cpu --iterations 1 --warmups 0 --models ultraface >"$OUT/models.txt" 2>>"$log" || status=1
fi
cat "$OUT/models.txt" >> "$figures"
cat "$OUT/models.txt"
rm -f "$OUT/models.txt"
say ""
say "device-check: exit $status"
exit "$status"
