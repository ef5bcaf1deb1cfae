# SPDX-License-Identifier: GPL-3.0-or-later
# OpenCV as the GPU check carries it: core, imgproc and imgcodecs only
# (Debian's own config names all of OpenCV's modules and refuses to load
# without their files). Copied by `scripts/gpu-check.sh prepare` to
# .gpu/usr/lib/x86_64-linux-gnu/cmake/opencv4/.
get_filename_component(_opencv_usr "${CMAKE_CURRENT_LIST_DIR}/../../../.." ABSOLUTE)
set(_opencv_lib "${_opencv_usr}/lib/x86_64-linux-gnu")
set(OpenCV_VERSION 4.6.0)
set(OpenCV_INCLUDE_DIRS "${_opencv_usr}/include/opencv4" "${_opencv_usr}/include/x86_64-linux-gnu/opencv4")
set(OpenCV_LIBS)
foreach(_module core imgproc imgcodecs)
  if(NOT TARGET opencv_${_module})
    add_library(opencv_${_module} SHARED IMPORTED)
    set_target_properties(opencv_${_module} PROPERTIES
      IMPORTED_LOCATION "${_opencv_lib}/libopencv_${_module}.so.406"
      INTERFACE_INCLUDE_DIRECTORIES "${OpenCV_INCLUDE_DIRS}")
  endif()
  list(APPEND OpenCV_LIBS opencv_${_module})
endforeach()
foreach(_component ${OpenCV_FIND_COMPONENTS})
  if(NOT TARGET opencv_${_component})
    set(OpenCV_FOUND FALSE)
    set(OpenCV_NOT_FOUND_MESSAGE "the GPU check carries OpenCV core, imgproc and imgcodecs, not ${_component}")
  endif()
endforeach()
