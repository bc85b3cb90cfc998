#!/usr/bin/env bash
# Builds another commit of gradcode into results/baseline/ (results/ is ignored by git) for
# `BASELINE=results/baseline bash bench/gpu-check.sh`:
# the baseline step then runs W1–W3 on WebGPU from both builds, interleaved, on the same card (issue 18: "run it once
# before the GPU changes and once after, on the same card", within one device lease).
#
#   bash bench/gpu-check-baseline.sh COMMIT        (e.g. the merge base of this branch, before the GPU changes)
#
# Keeps what a run needs (package.json, dist/, shaders/, wasm/, bench/workloads/, examples/) and links node_modules
# to this checkout's (`../../node_modules`), so the machine that runs it needs this checkout's node_modules at the
# same place. On a lent device machine (no network): pack node, a pruned node_modules and the Vulkan loader into
# `.device/` with the workplace's device packing tool, build here, and carry `results/baseline`, `dist` and `.device`.
# It replaces results/baseline only when it made it (marker file `.gpu-check-baseline`).
set -euo pipefail
commit=${1:?usage: bash bench/gpu-check-baseline.sh COMMIT}
cd "$(dirname "$0")/.."
base=results/baseline src=results/baseline-src
# Only replace what this script made (its marker file): results/ also holds users' results directories.
for d in "$base" "$src"; do
  if [ -e "$d" ] && [ ! -e "$d/.gpu-check-baseline" ]; then
    echo "gpu-check-baseline: $d exists and was not made by this script; move it away first" >&2
    exit 2
  fi
  rm -rf "$d"
done
mkdir -p "$src"
touch "$src/.gpu-check-baseline"
git archive "$commit" | tar -x -C "$src"
ln -s ../../node_modules "$src/node_modules"
(cd "$src" && node node_modules/typescript/bin/tsc -p tsconfig.json)
mkdir -p "$base/bench"
touch "$base/.gpu-check-baseline"
cp -r "$src/package.json" "$src/dist" "$src/shaders" "$src/wasm" "$src/examples" "$base/"
cp -r "$src/bench/workloads" "$base/bench/"
ln -s ../../node_modules "$base/node_modules"
rm -rf "$src"
echo "baseline $(git rev-parse --short "$commit") in $base ($(du -sh "$base" | cut -f1)); run: BASELINE=$base bash bench/gpu-check.sh OUT"
