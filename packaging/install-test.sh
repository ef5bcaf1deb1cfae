#!/usr/bin/env bash
# Builds the .deb from a finished build folder, installs it as a user would
# (apt, which fetches what it depends on), uses both programs, and removes it.
# Needs root; exits 77 (skipped) without it.
set -euo pipefail
build="$(cd "${1:?usage: install-test.sh BUILD_DIR}" && pwd)"
if [ "$(id -u)" -ne 0 ]; then
  echo "install test needs root; skipped"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"; dpkg -r brushwork >/dev/null 2>&1 || true' EXIT

(cd "$build" && cpack -G DEB -B "$work" >/dev/null)
deb="$(ls "$work"/brushwork_*.deb)"
dpkg-deb --info "$deb" | grep -E "Depends|Version"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >/dev/null

test -x /usr/bin/brushwork && test -x /usr/bin/brushwork-cli
/usr/bin/brushwork-cli --version
/usr/bin/brushwork --version
test -f /usr/share/applications/org.brushwork.Brushwork.desktop
test -f /usr/share/icons/hicolor/scalable/apps/org.brushwork.Brushwork.svg
test -f /usr/share/man/man1/brushwork-cli.1.gz
man -w brushwork-cli >/dev/null 2>&1 || test -f /usr/share/man/man1/brushwork-cli.1.gz

/usr/bin/brushwork-cli models random "$work/weights.safetensors" --seed 3
# A photo and a painting from the source tree (PNG: Brushwork reads JPEG,
# PNG, TIFF, WebP and BMP only).
source="$(cd "$(dirname "$0")/.." && pwd)"
photo="$source/resources/gallery/reference.png"
painting="$source/packaging/icons/brushwork-128.png"
/usr/bin/brushwork-cli render "$photo" "$painting" -o "$work/out.png" \
  --weights "$work/weights.safetensors" --size 48 --iterations 4 --progress none
test -s "$work/out.png"

# The built-in networks are installed, and paint from there.
for model in squeezenet1_0.safetensors style_predict_int8.tflite style_transfer_fp16.tflite; do
  test -f "/usr/share/brushwork/models/$model"
done
BRUSHWORK_BUILTIN_MODEL_DIR=/usr/share/brushwork/models \
  /usr/bin/brushwork-cli instant "$photo" "$painting" -o "$work/instant.png" --size 64
test -s "$work/instant.png"

# The studio starts, and is still running after three seconds.
status=0
QT_QPA_PLATFORM=offscreen BRUSHWORK_MODEL_DIR="$work" XDG_CONFIG_HOME="$work" \
  timeout 3 /usr/bin/brushwork "$photo" || status=$?
[ "$status" -eq 124 ] || { echo "brushwork exited with $status"; exit 1; }

dpkg -r brushwork >/dev/null
! test -e /usr/bin/brushwork
echo "install test passed"
