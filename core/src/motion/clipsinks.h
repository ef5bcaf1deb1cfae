// SPDX-License-Identifier: GPL-3.0-or-later
// The writers behind openFrameSink, one per kind of clip, and the temporary
// name each writes under until it is finished.
#pragma once

#include "brushwork/framesink.h"

#include <memory>
#include <string>

namespace brushwork {

/// A temporary file or folder beside `target`, keeping `extension` so that
/// encoders that choose the container by name see the right one. Removed on
/// destruction unless commit() has put it in place.
class TemporaryTarget {
public:
    TemporaryTarget(std::string target, const std::string& extension, bool folder);
    ~TemporaryTarget();
    TemporaryTarget(const TemporaryTarget&) = delete;
    TemporaryTarget& operator=(const TemporaryTarget&) = delete;

    const std::string& path() const { return mPath; }
    /// Renames it to the target (a folder replaces the old one atomically).
    /// Throws Error(Io).
    void commit();

private:
    std::string mTarget;
    std::string mPath;
    bool mFolder;
    bool mCommitted = false;
};

/// The frame as 8-bit RGB, rounded.
cv::Mat toRgb8(const cv::Mat& rgb);

std::unique_ptr<FrameSink> openGifSink(const std::string& path, cv::Size size, double fps, bool loop);
std::unique_ptr<FrameSink> openWebpSink(const std::string& path, cv::Size size, double fps, bool loop);

} // namespace brushwork
