#!/usr/bin/env bash
# Extra system packages for the test suite, called by .ci/run after the lavapipe install:
#   slurm-wlm + munge (Debian bookworm): the SLURM integration test (test/cli/slurm.test.ts) starts munged,
#   slurmctld and slurmd on loopback in a temporary directory, submits the job array written by `gradcode slurm`
#   and its merge job, and stops the daemons by PID. The packages' own services are not started here.
set -euo pipefail
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
  echo "slurm and munge already installed: $(dpkg -s slurm-wlm 2>/dev/null | awk '/^Version/{print $2}')"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
echo "slurm and munge installed: $(dpkg -s slurm-wlm | awk '/^Version/{print $2}')"
