// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/project.h"
#include "brushwork/tasks/taskrunner.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <opencv2/core.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace brushwork {
class InstantStyle;
struct StyleVector;
}

namespace brushwork::studio {

/// The photo painted at once in the style of whatever paintings the user
/// chose, with the built-in arbitrary-style network, off the GUI thread.
/// Each picture's style vector is computed once and kept, so a new blend or
/// strength costs one pass of the painting network (a fraction of a second
/// at preview size). Lives on the GUI thread; one task runs at a time on a
/// thread of its own, and only the latest request is reported. The
/// destructor waits for the task under way.
class AnyPaintingStyler : public QObject {
    Q_OBJECT
public:
    /// The longest side the preview is painted at.
    static constexpr int kPreviewSide = 512;

    struct Request {
        cv::Mat photo;                  ///< CV_32FC3 RGB 0..1, never changed afterwards
        std::vector<cv::Mat> paintings; ///< the same, at least one
        std::vector<float> blends;      ///< one per painting, >= 0; empty: equal shares
        float strength = 1.0f;          ///< 0..1: the paintings' share against the photo's own style
        std::vector<brushwork::Region> regions; ///< where each painting goes (paintRegions)
        bool seamless = false;          ///< painted to tile
    };

    explicit AnyPaintingStyler(QObject* parent = nullptr);
    ~AnyPaintingStyler() override;

    /// Paints `request`; one still waiting is dropped, one under way is not
    /// reported.
    void paint(const Request& request);
    /// Nothing asked so far is reported.
    void discard() { mTasks.discard(); }

Q_SIGNALS:
    /// `recipe` names the network and holds the style vector it painted with.
    void painted(const QImage& picture, const brushwork::InstantRecipe& recipe, double seconds);
    void failed(const QString& message);

private:
    struct Painted {
        QImage picture;
        brushwork::InstantRecipe recipe;
        double seconds = 0;
    };
    /// On mTasks' thread; nothing when superseded half way.
    Painted run(const brushwork::TaskTicket& ticket, const Request& request);
    void loadNetworks();
    /// The vector of `picture`, computed once per picture (by its pixels).
    const brushwork::StyleVector& styleOf(const cv::Mat& picture);

    // Only touched by mTasks' work, one request at a time.
    std::unique_ptr<brushwork::InstantStyle> mNetworks;
    std::string mTransformerSha256;
    std::map<QByteArray, std::unique_ptr<brushwork::StyleVector>> mVectors;
    /// Last, so that it is destroyed first: it waits for the work under way, which uses the rest.
    brushwork::TaskRunner mTasks{nullptr, brushwork::TaskRunner::Thread::Own};
};

} // namespace brushwork::studio
