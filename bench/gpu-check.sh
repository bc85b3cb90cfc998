#!/usr/bin/env bash
# The GPU measurements of BENCHMARKS.md ("On an NVIDIA H200") in one command, for a machine with a hardware GPU:
#   1. `gradcode doctor` (adapters; stops early when no hardware adapter is found, printing the Vulkan setup),
#   2. the benchmark, WebGPU against the PyTorch peers, interleaved repetitions,
#   3. steady-state throughput: W1 with 16 × 10⁶ trials per configuration, W2 with 2 × 10⁶ trials,
#   4. the GPU test suite with an adapter required.
# Every step has a time limit and writes its log to OUT (default results/gpu-check-<UTC stamp>); a failing step does
# not stop the later ones. Build first (`npm ci && npm run build`); PyTorch is used where `python3 -c 'import torch'`
# works. Environment: OUT, REPS (3), and T_BENCH / T_STEADY / T_TESTS (seconds: 200 / 40 / 150).
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-results/gpu-check-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
t0=$(date +%s)
stamp() { echo "[$(($(date +%s) - t0)) s] $*" | tee -a "$OUT/steps.txt"; }

stamp doctor
node dist/src/cli/bin.js doctor >"$OUT/doctor.txt" 2>&1
cat "$OUT/doctor.txt"
if ! grep -qE '\[[a-z0-9]+, hardware' "$OUT/doctor.txt"; then
  {
    echo "no hardware adapter. On NVIDIA, the Vulkan ICD (libGLX_nvidia.so.0) also needs libglvnd (libGLdispatch):"
    echo "  apt-get install libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libopengl0 libgles2"
    ldconfig -p | grep -i 'vulkan\|gldispatch\|glx_nvidia' || true
  } | tee -a "$OUT/doctor.txt"
  stamp "stopped: no hardware adapter"
  exit 1
fi

stamp "benchmark (webgpu, torch)"
timeout "${T_BENCH:-200}" node dist/bench/run.js --backends webgpu --peers torch --reps "${REPS:-3}" --timeout 90 \
  --out "$OUT/bench" >"$OUT/bench.log" 2>&1
echo "exit $?" >>"$OUT/bench.log"

stamp "steady state (W1 16e6, W2 2e6 trials)"
{
  timeout "${T_STEADY:-40}" node dist/bench/harness/gradcode-child.js W1 --backend webgpu --size '{"trials":16000000}'
  echo "exit $?"
  timeout "${T_STEADY:-40}" node dist/bench/harness/gradcode-child.js W2 --backend webgpu --size '{"trials":2000000}'
  echo "exit $?"
} >"$OUT/steady.jsonl" 2>&1

stamp "GPU tests"
GRADCODE_REQUIRE_GPU=1 timeout "${T_TESTS:-150}" node node_modules/vitest/vitest.mjs run --project gpu \
  >"$OUT/gpu-tests.log" 2>&1
echo "exit $?" >>"$OUT/gpu-tests.log"
stamp "done: $OUT"
