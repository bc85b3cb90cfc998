#!/usr/bin/env bash
# Extra system packages for the test suite, called by .ci/run after the lavapipe install:
#   slurm-wlm + munge (Debian bookworm): the SLURM integration test (test/cli/slurm.test.ts) starts munged,
#   slurmctld and slurmd on loopback in a temporary directory, submits the job array written by `gradcode slurm`
#   and its merge job, and stops the daemons by PID. The packages' own services are not started here.
#   chromium (Debian bookworm): `gradcode report` pages are loaded in headless Chromium through playwright-core
#   (test/report/report.browser.test.ts): no console errors, every figure rendered, a screenshot.
set -euo pipefail
need=()
if ! { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged; } >/dev/null; then
  need+=(slurm-wlm munge)
fi
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  echo "installed: ${need[*]}"
fi
echo "slurm $(dpkg -s slurm-wlm 2>/dev/null | awk '/^Version/{print $2}'); $(chromium --version 2>/dev/null)"
