# SPDX-License-Identifier: GPL-3.0-or-later
"""Stands in for PyTorch in tests/gpu/tst_gpucheck.sh: gives gpu-check.sh the
answer pip's torch gives on the GPU machine, pointing at Debian's LibTorch."""
import types

__version__ = "1.13.1 (Debian's LibTorch, through tests/gpu/faketorch)"
utils = types.SimpleNamespace(cmake_prefix_path="/usr/lib/x86_64-linux-gnu/cmake")
