#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stands in for libraries a shared library names but Brushwork never uses.

OpenCV's Debian libraries need GDAL, GDCM, OpenEXR, OpenJPEG (imgcodecs) and
GLX (core); with them the carried folder would be ~400 MB. This writes one
small library defining every function the given library takes from them,
each returning 0 (what "not this format" reads as), and links each dropped
name to it. OpenCV's own files stay as Debian built them. Two stand-ins run
at every start (GDAL's registration and an OpenEXR constructor, both for
formats Brushwork refuses before decoding), so they say nothing unless
BRUSHWORK_STUB_TRACE is set. The stand-ins take those names for the whole
process: a program that also needs the real libraries (Qt's GL, FFmpeg)
cannot use the carried folder.

Usage: stub_needs.py LIBRARY LIBDIR NEEDED_NAME...
(LIBDIR: where the stand-in goes, and where the libraries LIBRARY keeps
needing are, besides the system's)
"""
import os
import subprocess
import sys


def run(*argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def needed(library):
    return [line.split("[")[1].rstrip("]") for line in run("readelf", "-dW", library).splitlines() if "(NEEDED)" in line]


def defined(path):
    return {line.split()[-1].split("@")[0] for line in run("nm", "-D", "--defined-only", path).splitlines() if line}


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    library, libdir, drop = sys.argv[1], sys.argv[2], sys.argv[3:]
    missing_names = set(drop) - set(needed(library))
    if missing_names:
        sys.exit(f"{library}: does not need {', '.join(sorted(missing_names))}; did the package list change?")
    have = set()
    for name in set(needed(library)) - set(drop):
        path = next((f"{d}/{name}" for d in (libdir, "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu")
                     if os.path.exists(f"{d}/{name}")), None)
        if path is None:
            sys.exit(f"{library}: needs {name}, which is neither in {libdir} nor the system's")
        have |= defined(path)
    symbols = {}
    for line in run("readelf", "--dyn-syms", "-W", library).splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[6] == "UND" and fields[4] != "WEAK":
            symbols[fields[7].split("@")[0]] = fields[3]
    stubbed = sorted(name for name in symbols if name not in have)
    not_functions = [name for name in stubbed if symbols[name] != "FUNC"]
    if not_functions:
        sys.exit(f"{library}: {', '.join(not_functions)} are not functions; a stand-in cannot replace them")
    stem = os.path.basename(library).split(".so")[0]
    stub = f"{libdir}/{stem}-stubs.so"
    source = ["#include <stdio.h>", "#include <stdlib.h>", "static long said(const char* name) {",
              '    if (getenv("BRUSHWORK_STUB_TRACE"))',
              f'        fprintf(stderr, "{stem}: called %s, from a library the GPU check does not carry\\n", name);',
              "    return 0;", "}"]
    for i, name in enumerate(stubbed):
        source.append(f'long stub{i}(void) __asm__("{name}");')
        source.append(f'long stub{i}(void) {{ return said("{name}"); }}')
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", stub, "-x", "c", "-", f"-Wl,-soname,{os.path.basename(stub)}"],
                   input="\n".join(source) + "\n", check=True, text=True)
    for name in drop:
        link = f"{libdir}/{name}"
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.basename(stub), link)
    print(f"{os.path.basename(library)}: {len(stubbed)} functions of {', '.join(drop)} stand in {os.path.basename(stub)}")


if __name__ == "__main__":
    main()
