#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The GPU proof: builds the CLI headless against the LibTorch of the
# machine's Python and times it on CUDA, in one call (docs/performance.md,
# "The GPU proof").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/scripts/gpucheck"
arch=x86_64-linux-gnu

usage() {
  cat <<EOF
Usage: scripts/gpu-check.sh prepare [--sysroot DIR]
       scripts/gpu-check.sh build [--sysroot DIR] [--build-dir DIR]
       scripts/gpu-check.sh run [--cli FILE] [--device cuda|cpu] [--quick] [-o REPORT]
       scripts/gpu-check.sh all [--sysroot DIR] [--build-dir DIR] [--device cuda|cpu] [--quick] [-o REPORT]

prepare  here, with apt: unpack the Debian libraries the GPU image lacks into
         DIR (default .gpu/), to be carried to the GPU machine
build    configure and build brushwork-cli without GUI or tests, against
         DIR and the LibTorch of python3's torch (else BRUSHWORK_TORCH_PREFIX,
         else Debian's); --configure-only stops after CMake
run      time bench, render, print and instant; write one JSON report
         (default \${OUT:-.}/gpu-check.json); --quick: tiny sizes, for a CPU
all      build, then run (the report says how the build went, also when it failed)
EOF
}

fail() { echo "gpu-check: $*" >&2; exit 2; }

sysroot="$root/.gpu"
build="$root/build-gpu"
cli=""
device=cuda
quick=()
report="${OUT:-.}/gpu-check.json"
configure_only=0

parse() {
  while (($#)); do
    case "$1" in
      --sysroot) (($# > 1)) || fail "--sysroot needs a folder"; sysroot="$(realpath -m "$2")"; shift ;;
      --build-dir) (($# > 1)) || fail "--build-dir needs a folder"; build="$(realpath -m "$2")"; shift ;;
      --cli) (($# > 1)) || fail "--cli needs the brushwork-cli to run"; cli="$(realpath -m "$2")"; shift ;;
      --device) (($# > 1)) || fail "--device needs cuda or cpu"
        [[ "$2" == cuda || "$2" == cpu ]] || fail "--device must be cuda or cpu, not \"$2\""
        device="$2"; shift ;;
      --quick) quick=(--quick) ;;
      --configure-only) configure_only=1 ;;
      -o|--output) (($# > 1)) || fail "$1 needs the report's file name"; report="$2"; shift ;;
      *) fail "unknown option \"$1\" (see scripts/gpu-check.sh --help)" ;;
    esac
    shift
  done
}

# The packages' .deb files are kept outside the carried folder, for the next prepare.
prepare() {
  # It replaces the folder: only one it made before, or an empty one.
  if [[ -d "$sysroot" && ! -f "$sysroot/MANIFEST" && -n "$(ls -A "$sysroot")" ]]; then
    fail "$sysroot is not empty and was not made by prepare; name another --sysroot"
  fi
  if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
    fail "prepare needs apt-get and dpkg (Debian)"
  fi
  local debs="${BRUSHWORK_GPU_DEBS:-${XDG_CACHE_HOME:-$HOME/.cache}/brushwork/gpu-debs}"
  mkdir -p "$debs"
  local packages
  mapfile -t packages < <(grep -v '^#' "$here/packages.txt" | grep .)
  (cd "$debs" && apt-get download "${packages[@]}" >/dev/null) ||
    fail "apt-get download failed (network, or a package left bookworm?); the .deb files go to $debs"
  rm -rf "${sysroot:?}"
  mkdir -p "$sysroot"
  local p
  for p in "${packages[@]}"; do
    local deb
    deb="$(ls -t "$debs/${p}"_*.deb | head -1)"
    dpkg -x "$deb" "$sysroot"
  done
  local lib="$sysroot/usr/lib/$arch"
  # bookworm still puts some libraries in /lib; one folder is simpler to search.
  if [[ -d "$sysroot/lib/$arch" ]]; then
    cp -a "$sysroot/lib/$arch/." "$lib/"
    rm -rf "${sysroot:?}/lib"
  fi
  # Links must hold on the other machine: absolute ones (libz.so ->
  # /lib/...) point into the folder instead, those to packages left out go.
  local link
  while IFS= read -r link; do
    ln -sf "$(basename "$(readlink "$link")")" "$link"
  done < <(find "$sysroot" -type l -lname '/*')
  find "$sysroot" -xtype l -delete
  # Debian chooses the BLAS and LAPACK with update-alternatives, which dpkg -x does not run.
  ln -sf lapack/liblapack.so.3 "$lib/liblapack.so.3"
  ln -sf blas/libblas.so.3 "$lib/libblas.so.3"
  # Only what a build reads: no manuals, no static libraries (flatbuffers is
  # linked statically), no OpenSSL engines or providers.
  rm -rf "$sysroot/usr/share/doc" "$sysroot/usr/share/man" "$sysroot/usr/share/lintian" \
    "$lib/engines-3" "$lib/ossl-modules" "$sysroot/usr/lib/$arch/cmake/opencv4"
  find "$lib" -name '*.a' ! -name libflatbuffers.a -delete
  python3 "$here/stub_needs.py" "$lib/libopencv_imgcodecs.so.406" "$lib" \
    libgdal.so.32 libgdcmMSFF.so.3.0 libgdcmDSED.so.3.0 libOpenEXR-3_1.so.30 libopenjp2.so.7
  python3 "$here/stub_needs.py" "$lib/libopencv_core.so.406" "$lib" libGLX.so.0
  mkdir -p "$lib/cmake/opencv4" "$sysroot/bin"
  cp "$here/OpenCVConfig.cmake" "$here/OpenCVConfigVersion.cmake" "$lib/cmake/opencv4/"
  # pkg-config may be missing there; this one reads only the carried .pc files.
  cat >"$sysroot/bin/pkg-config" <<'EOF'
#!/bin/sh
usr="$(cd "$(dirname "$0")/../usr" && pwd)"
export PKG_CONFIG_LIBDIR="$usr/lib/x86_64-linux-gnu/pkgconfig:$usr/share/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="${usr%/usr}"
LD_LIBRARY_PATH="$usr/lib/x86_64-linux-gnu" exec "$usr/bin/pkgconf" "$@"
EOF
  chmod +x "$sysroot/bin/pkg-config"
  (cd "$sysroot" && find . -type f | sort | xargs du -b | awk '{print $1, substr($2, 3)}') >"$sysroot/MANIFEST"
  echo "gpu-check: $sysroot holds $(du -sb "$sysroot" | cut -f1) bytes ($(du -sh "$sysroot" | cut -f1)) in" \
    "$(find "$sysroot" -type f | wc -l) files; listed in $sysroot/MANIFEST"
}

# The LibTorch the machine's Python uses, so that the build matches it.
torch_prefix() {
  local prefix
  if prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)" && [[ -n "$prefix" ]]; then
    echo "$prefix"
  elif [[ -n "${BRUSHWORK_TORCH_PREFIX:-}" ]]; then
    echo "$BRUSHWORK_TORCH_PREFIX"
  elif [[ -f "/usr/lib/$arch/cmake/Torch/TorchConfig.cmake" ]]; then
    echo "/usr/lib/$arch/cmake"
  else
    fail "no LibTorch: python3 cannot import torch, BRUSHWORK_TORCH_PREFIX is unset and Debian's libtorch-dev is not installed"
  fi
}

# CUDA's compiler and the NVTX headers, which LibTorch's CMake config asks
# for when it was built with CUDA; absent on a CPU machine, and then unused.
cuda_options() {
  local nvcc
  nvcc="$(command -v nvcc || true)"
  [[ -z "$nvcc" && -x /usr/local/cuda/bin/nvcc ]] && nvcc=/usr/local/cuda/bin/nvcc
  [[ -n "$nvcc" ]] || return 0
  local cuda
  cuda="$(cd "$(dirname "$(realpath "$nvcc")")/.." && pwd)"
  echo "-DCMAKE_CUDA_COMPILER=$nvcc"
  echo "-DCMAKE_CUDA_ARCHITECTURES=90"
  echo "-DCUDAToolkit_ROOT=$cuda"
  local include site
  site="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' 2>/dev/null || true)"
  for include in "$cuda/include" "$cuda"/targets/x86_64-linux/include /usr/local/cuda/include "$site"/nvidia/*/include; do
    if [[ -d "$include/nvtx3" ]]; then
      echo "-Dnvtx3_dir=$include"
      return 0
    fi
  done
}

build_cli() {
  [[ -f "$sysroot/MANIFEST" ]] || fail "no $sysroot/MANIFEST: run scripts/gpu-check.sh prepare first (here, where apt works) and carry the folder"
  local prefix lib="$sysroot/usr/lib/$arch"
  prefix="$(torch_prefix)"
  echo "gpu-check: LibTorch from $prefix, libraries from $sysroot"
  # The carried libraries use the C++11 ABI, as pip's torch does since 2.7.
  if [[ "$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))' 2>/dev/null)" == 0 ]]; then
    fail "python3's torch uses the old C++ ABI (_GLIBCXX_USE_CXX11_ABI=0), unlike the carried libraries: use torch 2.7 or later"
  fi
  # The GPU's own architecture only: LibTorch's config otherwise probes for it.
  export TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}"
  local generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  local cuda
  mapfile -t cuda < <(cuda_options)
  # DT_RPATH (not RUNPATH) reaches the libraries' own needs too, so the CLI
  # runs without LD_LIBRARY_PATH. No Qt, as there: its GL and codec
  # libraries would meet the stand-ins of stub_needs.py.
  cmake -S "$root" -B "$build" "${generator[@]}" "${launcher[@]}" "${cuda[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DBRUSHWORK_BUILD_GUI=OFF -DBRUSHWORK_BUILD_TESTS=OFF -DBRUSHWORK_BUILD_VIDEO=OFF \
    "-DCMAKE_PREFIX_PATH=$sysroot/usr;$prefix" \
    -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON \
    "-DOpenCV_DIR:PATH=$lib/cmake/opencv4" \
    "-DPKG_CONFIG_EXECUTABLE=$sysroot/bin/pkg-config" \
    "-DCMAKE_CXX_FLAGS=-isystem $sysroot/usr/include/$arch" \
    "-DCMAKE_EXE_LINKER_FLAGS=-Wl,-rpath-link,$lib -Wl,--disable-new-dtags" \
    "-DCMAKE_BUILD_RPATH=$lib" \
    "-DCMAKE_PROJECT_INCLUDE=$here/torch-cuda.cmake"
  ((configure_only)) && return 0
  cmake --build "$build" --target brushwork-cli -j"$(nproc)"
}

command="${1:-}"
[[ -n "$command" ]] || { usage >&2; exit 2; }
shift
case "$command" in
  -h|--help|help) usage ;;
  prepare) parse "$@"; prepare ;;
  build) parse "$@"; build_cli ;;
  run)
    parse "$@"
    [[ -n "$cli" ]] || cli="$build/app/brushwork-cli"
    exec python3 "$here/run_checks.py" --cli "$cli" --device "$device" "${quick[@]}" -o "$report" ;;
  all)
    parse "$@"
    mkdir -p "$(dirname "$report")"
    log="$(dirname "$report")/gpu-check-build.log"
    # One device call may run 600 s: the build gets at most 480 of them (a
    # call on the still-warm machine goes on from build-gpu/), the report
    # is written by 560.
    budget="${BRUSHWORK_GPU_CHECK_SECONDS:-560}"
    start=$(date +%s)
    set +e
    export -f build_cli torch_prefix cuda_options fail
    export root here arch sysroot build configure_only
    timeout "$((budget - 80))" bash -c 'set -euo pipefail; build_cli' >"$log" 2>&1
    build_rc=$?
    set -e
    seconds=$(($(date +%s) - start))
    exec python3 "$here/run_checks.py" --cli "$build/app/brushwork-cli" --device "$device" "${quick[@]}" \
      -o "$report" --build-rc "$build_rc" --build-seconds "$seconds" --build-log "$log" \
      --seconds "$((budget - seconds))" ;;
  *) fail "unknown command \"$command\" (prepare, build, run or all; see --help)" ;;
esac
