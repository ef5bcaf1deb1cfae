#!/usr/bin/env bash
# Configures Brushwork without the engine (-DBRUSHWORK_BUILD_ENGINE=OFF) in
# the scratch folder $2, with LibTorch hidden from CMake, then builds the
# torch-free libraries and their tests and runs those tests: the file
# formats, pictures, plans, projects and collections stand without LibTorch.
# Usage: torchfreebuild.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBRUSHWORK_BUILD_ENGINE=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
