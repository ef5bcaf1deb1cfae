#!/usr/bin/env bash
# Installs the Debian packages Brushwork builds and runs with, skipping those
# already present (see install-packages.sh).
set -euo pipefail

# libopenblas0-openmp: Debian's LibTorch does its matrix products (the Gram
# matrices) through whichever libblas.so.3 is installed, and the reference
# one makes an evaluation five times slower. The OpenMP build shares
# LibTorch's thread pool instead of adding its own. desktop-file-utils and
# appstream validate the desktop integration in the tests. libpng, libtiff,
# libjpeg and lcms2 write the print metadata (DPI, an embedded sRGB profile)
# that OpenCV's writers leave out; libssl's libcrypto hashes (SHA-256).
# qt6-httpserver-dev: brushwork-cli serve; chromium, with puppeteer-core
# from npm (below), tests its web page in a real browser.
# giflib and libwebp's mux/demux read and write animated GIF and WebP clips
# (OpenCV reads only their first frame). FFmpeg's libavformat carries a
# clip's sound over into the painted one by stream copy.
packages=(
  build-essential cmake pkg-config
  libtorch-dev libopenblas0-openmp libopencv-dev nlohmann-json3-dev
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-qpa-plugins libgl-dev
  libpng-dev libtiff-dev libjpeg-dev liblcms2-dev libssl-dev libflatbuffers-dev
  libgif-dev libwebp-dev libavformat-dev libavcodec-dev libavutil-dev
  desktop-file-utils appstream man-db
  qt6-httpserver-dev chromium
)
# Node.js and npm come from Debian only where the machine has none: a
# machine may carry another distribution's nodejs, which bundles npm and
# conflicts with Debian's npm package.
command -v npm >/dev/null || packages+=(nodejs npm)

"$(dirname "$0")/install-packages.sh" "${packages[@]}"

# tests/server/tst_webpage drives the page through puppeteer-core; without
# the registry the test skips and says why.
web_test="$(cd "$(dirname "$0")/.." && pwd)/build/web-test"
if [ ! -d "$web_test/node_modules/puppeteer-core" ]; then
  mkdir -p "$web_test"
  npm install --silent --no-audit --no-fund --prefix "$web_test" puppeteer-core@22 ||
    echo "install-deps.sh: puppeteer-core could not be installed; the web page test will skip" >&2
fi
