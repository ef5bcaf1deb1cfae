// SPDX-License-Identifier: GPL-3.0-or-later
// What the routes share: a request's headers, uploads through the picture
// checks, and Brushwork's errors as HTTP answers.
#pragma once

#include "httpreply.h"
#include "multipart.h"

#include "brushwork/error.h"

#include <QHttpServerRequest>

#include <opencv2/core.hpp>

#include <optional>
#include <vector>

namespace server {

/// The value of header `name` (any case); empty when absent.
QByteArray headerOf(const QHttpServerRequest& request, const QByteArray& name);

/// The answer for an error the engine or the checks threw: 400 for bad
/// settings, 503 for work over the memory budget or a server that cannot
/// store it.
Reply replyFor(const brushwork::Error& error);

/// An upload's pictures: the photo (field "photo") and paintings (fields
/// "painting"), each through the picture checks; their sizes in `sizes`.
struct Pictures {
    std::vector<unsigned char> photo;
    std::vector<std::vector<unsigned char>> paintings;
    std::vector<cv::Size> sizes; ///< photo first
};

/// Reads `parts` into `pictures`; returns the answer refusing them (400 when
/// one is missing, 415 when one is not a picture Brushwork reads), or none.
std::optional<Reply> readPictures(const QList<FormPart>& parts, Pictures& pictures);

/// The text of the form field `name`, or none.
std::optional<std::string> fieldText(const QList<FormPart>& parts, const QByteArray& name);

} // namespace server
