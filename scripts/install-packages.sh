#!/usr/bin/env bash
# Installs the Debian packages named, skipping those already present; the
# one place the project's scripts call apt-get. Needs root or sudo only when
# something is missing.
#   install-packages.sh [--no-daemons] PACKAGE...
# --no-daemons: installing must not start the packages' services (the cluster
# tests start their own, with their own configuration, and a container has no
# init to start them anyway).
set -euo pipefail

no_daemons=0
if [ "${1:-}" = "--no-daemons" ]; then
  no_daemons=1
  shift
fi

missing=()
for package in "$@"; do
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
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ "$no_daemons" -eq 1 ] && [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  added_policy=1
fi
trap '[ "$added_policy" -eq 0 ] || "${sudo[@]}" rm -f "$policy"' EXIT
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
