#!/usr/bin/env bash
# Builds if needed, then runs the whole test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
# The cluster test (ctest -L cluster) runs a one-node Slurm; it needs root,
# and is skipped without it.
if [ "$(id -u)" -eq 0 ]; then
  "$root/scripts/install-cluster-deps.sh"
fi
ctest --test-dir "$root/build" --output-on-failure -j2 "$@"
# The torch-free libraries and their tests also build and pass without
# LibTorch (a second, smaller build); run with the whole suite only.
if [ $# -eq 0 ]; then
  "$root/scripts/test-torch-free.sh"
fi
