#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The local parts of scripts/gpu-check.sh, so that the GPU machine is not the
# first place they run: its options, `prepare` (the carried libraries),
# the headless configure against a LibTorch found through python3's torch
# (tests/gpu/faketorch points it at Debian's), and the report of a quick
# CPU run of a built brushwork-cli.  Usage: tst_gpucheck.sh BRUSHWORK_CLI
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
script="$root/scripts/gpu-check.sh"
cli="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Options: a mistake is refused with exit 2 and a message naming it.
expect_usage() {
  local message="$1"; shift
  local rc=0
  "$script" "$@" >"$work/out" 2>&1 || rc=$?
  ((rc == 2)) || fail "gpu-check.sh $* exited $rc, not 2"
  grep -q -- "$message" "$work/out" || fail "gpu-check.sh $*: no \"$message\" in: $(cat "$work/out")"
}
expect_usage "Usage:"
expect_usage "unknown command \"paint\"" paint
expect_usage "must be cuda or cpu, not \"gpu\"" run --device gpu
expect_usage "unknown option \"--fast\"" all --fast
expect_usage "needs the report" run -o
expect_usage "run scripts/gpu-check.sh prepare first" build --sysroot "$work/none"
mkdir "$work/keep" && touch "$work/keep/mine"
expect_usage "was not made by prepare" prepare --sysroot "$work/keep"
[[ -f "$work/keep/mine" ]] || fail "prepare removed a folder it did not make"

# prepare: the .deb files come from apt (cached between runs); without apt or
# its network there is nothing to test.
if ! "$script" prepare --sysroot "$work/sysroot" >"$work/prepare.log" 2>&1; then
  if grep -qE "apt-get download failed|prepare needs apt-get" "$work/prepare.log"; then
    echo "SKIP: apt cannot download here: $(tail -1 "$work/prepare.log")"
    exit 77
  fi
  fail "prepare: $(cat "$work/prepare.log")"
fi
lib="$work/sysroot/usr/lib/x86_64-linux-gnu"
size=$(du -sb "$work/sysroot" | cut -f1)
echo "carried: $size bytes"
((size < 48 * 1024 * 1024)) || fail "the carried folder is $size bytes; with the tree it must stay under 64 MiB"
for f in libopencv_imgcodecs.so.406 libopencv_core.so.406 libgdal.so.32 libGLX.so.0 libtiff.so libcrypto.so \
  liblcms2.so libflatbuffers.a cmake/opencv4/OpenCVConfig.cmake; do
  [[ -e "$lib/$f" ]] || fail "prepare left out $lib/$f"
done
links="$(find "$work/sysroot" -type l \( -lname '/*' -o -xtype l \))"
[[ -z "$links" ]] || fail "links that would not hold on the GPU machine: $links"
# Everything a carried library needs is carried, but the C and C++ runtimes.
missing="$(find "$lib" "$work/sysroot/usr/bin" -type f \( -name '*.so*' -o -perm -u+x \) -exec readelf -d {} + 2>/dev/null |
  sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u | while read -r needed; do
    [[ -e "$lib/$needed" ]] || echo "$needed"
  done | grep -vxE 'libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|ld-linux-x86-64\.so\.2' || true)"
[[ -z "$missing" ]] || fail "the carried libraries need what is not carried: $missing"
# With the stand-ins for GDAL, OpenEXR, ... (left out) OpenCV's codecs work;
# linked as gpu-check.sh links (the engine cannot be linked here: Debian's
# LibTorch itself loads the whole of OpenCV, with GL and FFmpeg).
c++ -std=c++17 -o "$work/codecs_probe" "$root/tests/gpu/codecs_probe.cpp" \
  -isystem "$work/sysroot/usr/include/opencv4" -isystem "$work/sysroot/usr/include/x86_64-linux-gnu/opencv4" \
  "$lib/libopencv_imgcodecs.so.406" "$lib/libopencv_core.so.406" \
  -Wl,-rpath-link,"$lib" -Wl,--disable-new-dtags -Wl,-rpath,"$lib" -Wl,-z,now || fail "codecs_probe does not build"
"$work/codecs_probe" || fail "the carried OpenCV's codecs do not round-trip"

# The headless configure, LibTorch found the way the GPU machine finds it.
PYTHONPATH="$root/tests/gpu/faketorch" "$script" build --configure-only --sysroot "$work/sysroot" \
  --build-dir "$work/build" >"$work/configure.log" 2>&1 || fail "configure: $(tail -30 "$work/configure.log")"
grep -q "LibTorch from /usr/lib/x86_64-linux-gnu/cmake" "$work/configure.log" || fail "LibTorch not found through torch.utils"
cache="$work/build/CMakeCache.txt"
for entry in "OpenCV_DIR:PATH=$lib/cmake/opencv4" "TIFF_LIBRARY_RELEASE:FILEPATH=$lib/libtiff.so" \
  "OPENSSL_CRYPTO_LIBRARY:FILEPATH=$lib/libcrypto.so" "BRUSHWORK_BUILD_GUI:BOOL=OFF" "BRUSHWORK_BUILD_TESTS:BOOL=OFF"; do
  grep -qxF "$entry" "$cache" || fail "configure: no $entry in CMakeCache.txt"
done
grep -q -- "-isystem $work/sysroot/usr/include/opencv4" "$work/build/build.ninja" ||
  fail "the engine does not compile against the carried OpenCV"
grep -q "pkgcfg_lib_LCMS2_lcms2:FILEPATH=$lib/liblcms2.so" "$cache" || fail "lcms2 not found through the carried pkg-config"

# all: a build that fails still leaves a report that says why.
rc=0
"$script" all --sysroot "$work/none" --build-dir "$work/nobuild" -o "$work/failed/gpu-check.json" 2>/dev/null || rc=$?
((rc == 1)) || fail "all with a failing build exited $rc, not 1"
python3 - "$work/failed/gpu-check.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["build"]["exit_code"] == 2, report["build"]
assert "run scripts/gpu-check.sh prepare first" in report["build"]["log_tail"], report["build"]
assert "the build failed" in report["error"] and report["steps"] == [], report
PY

# The run step on the CPU at tiny sizes, and its report.
"$script" run --cli "$cli" --device cpu --quick -o "$work/report/gpu-check.json" 2>"$work/run.log" ||
  fail "run: $(cat "$work/run.log")"
python3 - "$work/report/gpu-check.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
names = [s["name"] for s in report["steps"]]
assert names == ["weights", "bench_vgg19", "render", "bench_instant", "instant", "bench_squeezenet", "print"], names
assert report["all_exit_zero"] and all(s["exit_code"] == 0 for s in report["steps"]), report["steps"]
assert report["device"] == "cpu" and report["quick"] is True
assert "cpu" in report["machine"] and "torch" in report["python_torch"]
steps = {s["name"]: s for s in report["steps"]}
for bench, network in (("bench_vgg19", "vgg19"), ("bench_squeezenet", "squeezenet")):
    rows = [j for j in steps[bench]["json"] if "precision" in j]
    assert [(r["network"], r["precision"]) for r in rows] == [(network, "fp32"), (network, "bf16")], rows
    assert all(r["eval_s"] > 0 and r["floor_s"] > 0 for r in rows), rows
render = [j for j in steps["render"]["json"] if "iteration" in j]
assert len(render) == 10 and render[-1]["size"] == [64, 48], render[-1:]
assert [j for j in steps["print"]["json"] if "iteration" in j][-1]["size"] == [96, 72]
targets = report["targets"]
assert set(targets) == {"render_512px_500_iterations", "print_2896x2172", "instant_1024px"}, targets
assert all(t["measured_s"] > 0 and t["met"] is None for t in targets.values()), targets
print("report ok:", {k: v["measured_s"] for k, v in targets.items()})
PY
