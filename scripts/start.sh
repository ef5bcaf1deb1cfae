#!/usr/bin/env bash
# Builds if needed, then starts the Brushwork studio (arguments go to it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh" >&2
if [ -x "$root/build/app/brushwork" ]; then
  exec "$root/build/app/brushwork" "$@"
fi
exec "$root/build/app/brushwork-cli" --help
