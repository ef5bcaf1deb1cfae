#!/usr/bin/env bash
# Installs Debian's Slurm and MUNGE for the cluster tests (ctest -L cluster),
# skipping what is already present. Separate from install-deps.sh because
# nobody needs a scheduler to build or use Brushwork. Needs root or sudo only
# when something is missing.
set -euo pipefail

packages=(slurmctld slurmd slurm-client munge)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "Run as root (or install sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Installing the packages must not start their daemons: the tests start their
# own cluster with its own configuration, and a container has no init to
# start them anyway.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  added_policy=1
fi
trap '[ "$added_policy" -eq 0 ] || "${sudo[@]}" rm -f "$policy"' EXIT
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
