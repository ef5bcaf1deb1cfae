#!/usr/bin/env bash
# Builds Brushwork and its Debian package: build/brushwork_<version>_<arch>.deb
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root/build"
cpack -G DEB
ls -1 "$root"/build/brushwork_*.deb
