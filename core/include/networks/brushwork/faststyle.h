// SPDX-License-Identifier: GPL-3.0-or-later
// "Instant styles": pretrained feed-forward networks that paint a photo in one
// fixed style in a single pass, instead of optimising a picture for minutes.
// Two layouts are understood, recognised from the tensor names:
//   engstrom-2016     Logan Engstrom's fast-style-transfer (and ml5.js's
//                     networks trained with it): transposed convolutions,
//                     TensorFlow "SAME" zero padding, tanh output.
//   pytorch-examples  TransformerNet of pytorch/examples fast_neural_style:
//                     reflection padding, nearest upsampling, biased convs.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace brushwork {

/// Whether `path` is a safetensors file holding one of the two layouts with
/// every tensor named and shaped as it needs, judged from the header alone
/// (no tensor data is read). Files that are missing, malformed or of another
/// model answer false.
bool isFastStyleFile(const std::string& path);

/// Licence rule for the gallery. Logan Engstrom's six classic checkpoints
/// (la_muse, rain_princess, scream, udnie, wave, wreck in the engstrom-2016
/// layout) are licensed for research only: the tests may use them, the
/// product must not offer them. Everything else we ship may be offered:
/// ml5.js's mathura, matilde_perez and matta (MIT) and the five
/// pytorch-examples networks (BSD-3-Clause, with attribution; their
/// rain_princess and udnie are different, freely licensed networks).
/// Reads only the header; throws Error(BadInput) for a file that is not a
/// fast style network.
bool mayOfferToUsers(const std::string& path);

/// One loaded network. Thread contract: apply() may be called from one
/// thread at a time; the thread count is the caller's (torch::set_num_threads).
class FastStyleNetwork {
public:
    /// Loads and checks every tensor's name and shape. Throws Error(BadInput)
    /// naming the file and the first missing or wrongly shaped tensor.
    explicit FastStyleNetwork(const std::string& safetensorsPath);
    ~FastStyleNetwork();
    FastStyleNetwork(FastStyleNetwork&&) noexcept;
    FastStyleNetwork& operator=(FastStyleNetwork&&) noexcept;

    /// "engstrom-2016" or "pytorch-examples".
    std::string architecture() const;
    /// The header's "style" metadata, else the file name without extension.
    std::string styleName() const;
    /// See the free function mayOfferToUsers().
    bool mayOfferToUsers() const;

    /// Paints `rgb` (CV_32FC3, RGB 0..1) in the network's style; the result
    /// has the same size and type. Any size works: sizes that are not
    /// multiples of 4 are padded for the network and cropped back.
    cv::Mat apply(const cv::Mat& rgb) const;

    /// Throws Error(Resource) when painting width×height would need more
    /// memory than is free; apply() checks it first, and callers that resize
    /// a picture for it call it before resizing.
    static void requireMemoryFor(int width, int height);
    /// Memory that painting width×height takes, about.
    static std::uint64_t bytesFor(int width, int height);

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

/// One-shot convenience: loads the network in `modelPath` and applies it.
/// Callers painting several pictures should keep a FastStyleNetwork instead.
cv::Mat transferStyle(const cv::Mat& content, const std::string& modelPath);

} // namespace brushwork
