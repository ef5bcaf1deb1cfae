#!/usr/bin/env bash
# Configures Brushwork without the engine (-DBRUSHWORK_BUILD_ENGINE=OFF), with
# LibTorch hidden from CMake, in a scratch folder (default build/torch-free),
# builds the torch-free libraries (file formats, pictures, plans, run
# settings, projects, collections, the task runner) and their tests, and runs
# those tests. scripts/test.sh runs it
# after the suite: on a clean machine without ccache the build takes about
# 200 CPU-seconds, too long for one CTest entry beside the others.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/torch-free}"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# --no-warn-unused-cli: nothing asks for Torch, which is the point.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBRUSHWORK_BUILD_ENGINE=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON --no-warn-unused-cli "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
