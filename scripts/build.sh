#!/usr/bin/env bash
# Installs what is missing and builds Brushwork in Release into build/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
# ccache, where installed, makes rebuilds of other checkouts quick.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "$@"
cmake --build "$root/build" -j"$(nproc)"
