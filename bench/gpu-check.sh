#!/usr/bin/env bash
# The whole GPU measurement of issue 18 in one command, for a machine with a hardware GPU, in at most 8 minutes:
#
#   bash bench/gpu-check.sh OUT_DIR          (a new or empty folder)
#
#   1. doctor       adapters (stops when no hardware adapter is found, printing the Vulkan setup)
#   2. calibrate    `gradcode doctor --recalibrate`: auto's cost model on this GPU, cold and warm compiles measured
#   3. bench        W1–W3, WebGPU against the PyTorch peers, interleaved repetitions, agreement checks
#   4. steady       steady-state throughput: W1 16 × 10⁶ trials per configuration, W2 2 × 10⁶ trials
#   5. baseline     when BASELINE names another build (a folder with package.json, shaders/, wasm/ and dist/, made by
#                   bench/gpu-check-baseline.sh), W1–W3 on WebGPU from it and from this build, interleaved, same card
#   6. tests        the GPU test suite with an adapter required
# then summary.md: the ratios against PyTorch, W1's share of the op-count limit, baseline against this build, the
# test count. Every step has a time limit (scaled down when the 8 minutes run short) and writes its log to OUT_DIR; a
# failing step does not stop the later ones. Build first (`npm ci && npm run build`); PyTorch is used where
# `python3 -c 'import torch'` works.
#
# Environment: REPS (2), BASELINE (unset), SOFTWARE_OK=1 (run on a software adapter too: for testing this script
# without a GPU), T_TOTAL (480 s) and the step limits T_DOCTOR / T_CALIBRATE / T_BENCH / T_STEADY / T_BASELINE /
# T_TESTS (seconds: 30 / 90 / 160 / 40 / 60 / 150), W1_STEADY (16000000) and W2_STEADY (2000000) trials.
set -u
OUT=${1:-${OUT:-}}
# A relative OUT_DIR is the caller's; the default lives in the repository's results/.
[ -n "$OUT" ] && [ "${OUT#/}" = "$OUT" ] && OUT="$PWD/$OUT"
cd "$(dirname "$0")/.."
[ -n "$OUT" ] || OUT="$PWD/results/gpu-check-$(date -u +%Y%m%dT%H%M%SZ)"
# The report goes into a new or empty folder only: never over someone's files.
if [ -e "$OUT" ] && { [ ! -d "$OUT" ] || [ -n "$(ls -A "$OUT")" ]; }; then
  echo "gpu-check: $OUT exists and is not an empty folder; name a new one" >&2
  exit 2
fi
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
# auto's calibration of this run lives with its report.
export GRADCODE_CACHE_DIR="$OUT/calibration"
t0=$(date +%s)
TOTAL=${T_TOTAL:-480}
stamp() { echo "[$(($(date +%s) - t0)) s] $*" | tee -a "$OUT/steps.txt"; }
# The limit of a step: its own, or what is left of the total minus what the later steps reserve, if less.
limit() {
  local own=$1 reserve=$2 left
  left=$((TOTAL - ($(date +%s) - t0) - reserve))
  [ "$left" -lt "$own" ] && own=$left
  [ "$own" -lt 5 ] && own=5
  echo "$own"
}
T_DOCTOR=${T_DOCTOR:-30} T_CALIBRATE=${T_CALIBRATE:-90} T_BENCH=${T_BENCH:-160} T_STEADY=${T_STEADY:-40}
T_BASELINE=${T_BASELINE:-60} T_TESTS=${T_TESTS:-150}
[ -n "${BASELINE:-}" ] || T_BASELINE=0

stamp doctor
timeout "$(limit "$T_DOCTOR" 0)" node dist/src/cli/bin.js doctor >"$OUT/doctor.txt" 2>&1
cat "$OUT/doctor.txt"
if ! grep -qE '\[[a-z0-9]+, hardware' "$OUT/doctor.txt" && [ "${SOFTWARE_OK:-0}" != 1 ]; then
  {
    echo "no hardware adapter. On NVIDIA, the Vulkan ICD (libGLX_nvidia.so.0) also needs libglvnd (libGLdispatch):"
    echo "  apt-get install libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libopengl0 libgles2"
    ldconfig -p | grep -i 'vulkan\|gldispatch\|glx_nvidia' || true
  } | tee -a "$OUT/doctor.txt"
  stamp "stopped: no hardware adapter"
  exit 1
fi

stamp "calibrate (gradcode doctor --recalibrate)"
timeout "$(limit "$T_CALIBRATE" $((T_BENCH + T_STEADY + T_BASELINE + T_TESTS)))" \
  node dist/src/cli/bin.js doctor --recalibrate >"$OUT/calibration.txt" 2>&1
echo "exit $?" >>"$OUT/calibration.txt"

stamp "benchmark (webgpu, torch; ${REPS:-2} interleaved repetitions)"
T=$(limit "$T_BENCH" $((T_STEADY + T_BASELINE + T_TESTS)))
timeout "$T" node dist/bench/run.js --backends webgpu --peers torch --reps "${REPS:-2}" --timeout "$T" \
  --out "$OUT/bench" >"$OUT/bench.log" 2>&1
echo "exit $?" >>"$OUT/bench.log"

stamp "steady state (W1 ${W1_STEADY:-16000000}, W2 ${W2_STEADY:-2000000} trials)"
{
  T=$(limit "$T_STEADY" $((T_BASELINE + T_TESTS)))
  timeout "$T" node dist/bench/harness/gradcode-child.js W1 --backend webgpu --size "{\"trials\":${W1_STEADY:-16000000}}"
  echo "exit $?"
  T=$(limit $((T_STEADY / 2)) $((T_BASELINE + T_TESTS)))
  timeout "$T" node dist/bench/harness/gradcode-child.js W2 --backend webgpu --size "{\"trials\":${W2_STEADY:-2000000}}"
  echo "exit $?"
} >"$OUT/steady.jsonl" 2>&1

if [ -n "${BASELINE:-}" ]; then
  stamp "baseline ($BASELINE) against this build, interleaved"
  sizes=('W1 {"trials":1000000}' 'W2 {"trials":100000}' 'W3 {"runs":256,"iterations":200,"rows":16384,"features":256}')
  {
    for rep in 1 2; do
      for s in "${sizes[@]}"; do
        w=${s%% *} size=${s#* }
        for build in "$BASELINE" .; do
          T=$(limit 30 "$T_TESTS")
          echo "# rep $rep $w $build"
          (cd "$build" && timeout "$T" node dist/bench/harness/gradcode-child.js "$w" --backend webgpu --size "$size")
          echo "exit $?"
        done
      done
    done
  } >"$OUT/baseline.jsonl" 2>&1
fi

stamp "GPU tests"
GRADCODE_REQUIRE_GPU=1 timeout "$(limit "$T_TESTS" 0)" node node_modules/vitest/vitest.mjs run --project gpu \
  >"$OUT/gpu-tests.log" 2>&1
echo "exit $?" >>"$OUT/gpu-tests.log"

stamp "summary"
node dist/bench/harness/gpu-check-summary.js "$OUT" >"$OUT/summary.md" 2>&1
cat "$OUT/summary.md"
stamp "done: $OUT"
