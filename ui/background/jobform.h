// SPDX-License-Identifier: GPL-3.0-or-later
// A studio run as a Brushwork server's job: the form POST /v1/jobs takes.
#pragma once

#include "brushwork/params.h"

#include <QByteArray>
#include <QList>

class QHttpMultiPart;

namespace brushwork::studio {

/// The run's pictures as PNG: slow for large photos, so made off the GUI thread.
struct JobPictures {
    QByteArray photo;
    QList<QByteArray> paintings;
};

JobPictures encodePictures(const brushwork::StyleJob& job);

/// The settings of `params` as a job sends them (a collection plan's
/// "settings"), without those the server chooses for itself.
QByteArray jobSettings(const brushwork::StyleParams& params);

/// The multipart form: "photo", a "painting" each, "settings", "method".
QHttpMultiPart* jobForm(const JobPictures& pictures, const QByteArray& settings);

} // namespace brushwork::studio
