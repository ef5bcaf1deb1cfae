# SPDX-License-Identifier: GPL-3.0-or-later
# Read by gpu-check.sh's configure right after project(). LibTorch's CUDA
# config links CUDA::nvToolsExt when it finds no NVTX3 headers (gpu-check.sh
# names them where it can), a library CUDA 12.9 and later no longer have;
# Brushwork never calls NVTX, so an empty one is enough.
if(NOT TARGET CUDA::nvToolsExt)
  add_library(CUDA::nvToolsExt INTERFACE IMPORTED)
endif()
