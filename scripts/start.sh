#!/usr/bin/env bash
# Builds if needed, then starts the Brushwork studio (arguments go to it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh" >&2
# LibTorch's OpenMP threads otherwise spin between operations, taking the
# cores OpenCV's threads need (a clip's flow and encoding: 3-4 times slower,
# docs/video.md); libgomp reads this only when it loads.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
if [ -x "$root/build/app/brushwork" ]; then
  exec "$root/build/app/brushwork" "$@"
fi
exec "$root/build/app/brushwork-cli" --help
