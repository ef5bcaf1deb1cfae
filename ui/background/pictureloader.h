// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <opencv2/core.hpp>

#include <vector>

namespace brushwork::studio {

/// Decodes pictures off the GUI thread (a large photo takes a noticeable
/// moment) and hands them back, in the order asked, on the GUI thread.
class PictureLoader : public QObject {
    Q_OBJECT
public:
    /// What the pictures of one request are for.
    enum class Role {
        Auto,     ///< the photo when there is none yet, then paintings
        Photo,    ///< the first is the photo, the rest paintings
        Paintings ///< all paintings
    };
    struct Picture {
        QString path;
        cv::Mat image;  ///< CV_32FC3 RGB 0..1; empty when it could not be loaded
        QString error;  ///< in a painter's words, when it could not
    };

    using QObject::QObject;

    void load(const QStringList& paths, Role role);
    int pending() const { return mPending; }

Q_SIGNALS:
    void loaded(PictureLoader::Role role, const std::vector<PictureLoader::Picture>& pictures);

private:
    int mPending = 0;
};

} // namespace brushwork::studio
