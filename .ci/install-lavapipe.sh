#!/usr/bin/env bash
# Installs Mesa's software Vulkan driver (lavapipe) from bookworm-backports so Dawn finds a WebGPU adapter
# on a machine without a GPU. Bookworm's own Mesa 22.3 lavapipe is rejected by Dawn (see README, "GPU path").
# The backports source reuses the Debian mirror URI already configured on this machine.
set -euo pipefail
# The lavapipe ICD file is lvp_icd.json from Mesa 25 on (bookworm-backports) and lvp_icd.<arch>.json before.
if compgen -G '/usr/share/vulkan/icd.d/lvp_icd*.json' >/dev/null && dpkg -s mesa-vulkan-drivers 2>/dev/null | grep -q '~bpo'; then
  echo "lavapipe already installed: $(dpkg -s mesa-vulkan-drivers | awk '/^Version/{print $2}')"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
  | $sudo tee /etc/apt/sources.list.d/backports.sources >/dev/null
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null
$sudo apt-get install -y -qq libvulkan1 >/dev/null
echo "lavapipe installed: $(dpkg -s mesa-vulkan-drivers | awk '/^Version/{print $2}')"
