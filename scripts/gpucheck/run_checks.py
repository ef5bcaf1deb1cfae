#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The run step of scripts/gpu-check.sh: times brushwork-cli's bench, render,
print and instant on one device and writes one JSON report, rewritten after
every step so that a run cut short still leaves what it measured."""
import argparse
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

# The targets (issue 21, part 4), in seconds.
TARGETS = {
    "render_512px_500_iterations": 2.0,
    "print_2896x2172": 90.0,
    "instant_1024px": 0.05,
}
FULL = {"bench": 512, "render": 512, "iterations": 500, "print": "2896px", "instant": 1024, "repeats": 3}
QUICK = {"bench": 64, "render": 64, "iterations": 10, "print": "96px", "instant": 64, "repeats": 1}


def write_png(path, width, height, pixel):
    """An 8-bit RGB PNG of pixel(x, y) -> (r, g, b); no imaging library needed."""
    rows = b"".join(b"\0" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def pictures(folder):
    """A 4:3 photo (so that --print 2896px is 2896 x 2172) and a striped painting."""
    photo, painting = os.path.join(folder, "photo.png"), os.path.join(folder, "painting.png")
    write_png(photo, 400, 300, lambda x, y: (x * 255 // 400, y * 255 // 300, 128 + (x ^ y) % 64))
    write_png(painting, 256, 256, lambda x, y: (255 * ((x // 16 + y // 16) % 2), (x * y) % 256, 200 - (x + y) % 128))
    return photo, painting


def tail(text, limit=3000):
    return text if len(text) <= limit else "..." + text[-limit:]


def json_lines(text):
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return found


def torch_facts():
    """What the machine's Python says about its torch and GPU (the build's LibTorch)."""
    probe = ("import json, torch\n"
             "f = {'torch': torch.__version__}\n"
             "try:\n"
             "    f['cuda'] = torch.version.cuda\n"
             "    f['cxx11_abi'] = bool(torch._C._GLIBCXX_USE_CXX11_ABI)\n"
             "    f['cuda_available'] = torch.cuda.is_available()\n"
             "    if f['cuda_available']:\n"
             "        f['gpu'] = torch.cuda.get_device_name(0)\n"
             "except AttributeError:\n"
             "    pass\n"
             "print(json.dumps(f))\n")
    try:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
        return json.loads(done.stdout) if done.returncode == 0 else {"torch": None, "error": tail(done.stderr, 500)}
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        return {"torch": None, "error": str(error)}


def machine_facts():
    facts = {"host": platform.node(), "cpu": platform.processor() or platform.machine(), "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            facts["cpu"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        smi = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=30)
        facts["nvidia_smi"] = smi.stdout.strip() or tail(smi.stderr, 300)
    except (OSError, subprocess.TimeoutExpired):
        facts["nvidia_smi"] = None
    return facts


class Report:
    def __init__(self, path, header):
        self.path, self.data = path, dict(header, steps=[])

    def save(self):
        temporary = self.path + ".part"
        with open(temporary, "w") as f:
            json.dump(self.data, f, indent=1)
            f.write("\n")
        os.replace(temporary, self.path)

    def step(self, name, argv, env, limit):
        print(f"gpu-check: {name}: {' '.join(argv)}", file=sys.stderr, flush=True)
        entry = {"name": name, "command": argv, "timeout_s": round(limit)}
        start = time.monotonic()
        try:
            done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=max(limit, 1))
            entry["exit_code"], out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as expired:
            entry["exit_code"] = "timeout"
            out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout or ""
            err = expired.stderr.decode() if isinstance(expired.stderr, bytes) else expired.stderr or ""
        except OSError as error:
            entry["exit_code"], out, err = "not run", "", str(error)
        entry["wall_s"] = round(time.monotonic() - start, 3)
        entry["json"] = json_lines(out)
        entry["stderr_tail"] = tail(err)
        self.data["steps"].append(entry)
        self.save()
        print(f"gpu-check: {name}: exit {entry['exit_code']} in {entry['wall_s']} s", file=sys.stderr, flush=True)
        return entry


def last_progress(entry):
    progress = [j for j in entry.get("json", []) if "iteration" in j]
    return progress[-1] if progress else None


def judge(report):
    """Each target with what was measured: the engine's own time, not the process start."""
    steps = {s["name"]: s for s in report.data["steps"]}
    measured = {}
    render = last_progress(steps.get("render", {}))
    measured["render_512px_500_iterations"] = render and render.get("elapsed_s")
    printed = last_progress(steps.get("print", {}))
    measured["print_2896x2172"] = printed and printed.get("elapsed_s")
    instant = next((j for j in steps.get("bench_instant", {}).get("json", []) if "transformer_s" in j), None)
    measured["instant_1024px"] = instant and round(instant["style_vector_s"] + instant["transformer_s"], 4)
    report.data["targets"] = {
        name: {"target_s": target, "measured_s": measured[name],
               "met": None if measured[name] is None or report.data["quick"] else measured[name] <= target}
        for name, target in TARGETS.items()}
    report.data["all_exit_zero"] = all(s["exit_code"] == 0 for s in report.data["steps"])
    report.save()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the local test)")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--build-rc", type=int)
    parser.add_argument("--build-seconds", type=float)
    parser.add_argument("--build-log")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BRUSHWORK_GPU_CHECK_SECONDS", 560)),
                        help="all steps end within this many seconds of the start (the device call's limit)")
    args = parser.parse_args()
    began = time.monotonic()
    sizes = QUICK if args.quick else FULL
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    header = {"report": "brushwork gpu-check", "version": 1, "quick": args.quick, "device": args.device,
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine_facts(),
              "python_torch": torch_facts(), "targets": {}, "cli": args.cli}
    if args.build_rc is not None:
        log = open(args.build_log, errors="replace").read() if args.build_log and os.path.exists(args.build_log) else ""
        header["build"] = {"exit_code": args.build_rc, "wall_s": args.build_seconds, "log_tail": tail(log, 6000)}
    report = Report(args.output, header)
    report.save()
    if args.build_rc not in (None, 0) or not os.access(args.cli, os.X_OK):
        report.data["error"] = f"no brushwork-cli to run at {args.cli}" + (
            " (the build failed: see build.log_tail)" if args.build_rc else "")
        judge(report)
        print(f"gpu-check: {report.data['error']}; wrote {args.output}", file=sys.stderr)
        return 1

    work = tempfile.mkdtemp(prefix="brushwork-gpu-check-")
    # No installed networks: bench without --weights takes the built-in SqueezeNet.
    env = dict(os.environ, BRUSHWORK_MODEL_DIR=os.path.join(work, "models"), OMP_WAIT_POLICY="PASSIVE")
    photo, painting = pictures(work)
    weights = os.path.join(work, "vgg19-random.safetensors")
    cli, device, out = args.cli, ["--device", args.device], lambda name: os.path.join(work, name)
    repeats = ["--repeats", str(sizes["repeats"])]
    render = [cli, "render", photo, painting, "--weights", weights, *device, "--progress", "json", "--seed", "1"]
    steps = [
        ("weights", [cli, "models", "random", weights, "--network", "vgg19", "--seed", "1"], 120),
        ("bench_vgg19", [cli, "bench", "--precision", "all", *device, "--size", str(sizes["bench"]),
                         "--random-weights", *repeats], 180),
        ("render", render + ["-o", out("render.png"), "--size", str(sizes["render"]),
                                 "--iterations", str(sizes["iterations"]), "--no-early-stop"], 180),
        ("bench_instant", [cli, "bench", "--instant", *device, "--size", str(sizes["instant"]), *repeats], 120),
        ("instant", [cli, "instant", photo, painting, *device, "-o", out("instant.png"),
                     "--size", str(sizes["instant"])], 120),
        ("bench_squeezenet", [cli, "bench", "--precision", "all", *device, "--size", str(sizes["bench"]),
                              *repeats], 180),
        ("print", render + ["-o", out("print.tif"), "--print", sizes["print"]]
         + (["--iterations", str(sizes["iterations"])] if args.quick else []), 400),
    ]
    try:
        for name, argv, limit in steps:
            left = args.seconds - (time.monotonic() - began)
            if left < 5:
                report.data["steps"].append({"name": name, "command": argv, "exit_code": "skipped: out of time"})
                continue
            report.step(name, argv, env, min(limit, left))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    judge(report)
    for name, target in report.data["targets"].items():
        print(f"gpu-check: {name}: {target['measured_s']} s (target {target['target_s']} s)", file=sys.stderr)
    print(f"gpu-check: wrote {args.output}", file=sys.stderr)
    return 0 if report.data["all_exit_zero"] else 1


if __name__ == "__main__":
    sys.exit(main())
