// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/clipreader.h"

#include "support/errortext.h"
#include "support/matimage.h"

#include "brushwork/error.h"
#include "brushwork/framesource.h"

#include <opencv2/imgproc.hpp>

#include <memory>

namespace brushwork::studio {
namespace {

/// Thumbnails go to the GUI thread in batches: one event a frame would
/// flood it for a long clip.
constexpr int kThumbnailBatch = 16;

QImage thumbnailOf(const cv::Mat& frame)
{
    const int height = ClipReader::kThumbnailHeight;
    const int width = std::max(1, frame.cols * height / std::max(1, frame.rows));
    cv::Mat small;
    cv::resize(frame, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
    return matimage::toQImage(small);
}

using Thumbnails = std::vector<std::pair<int, QImage>>;

/// Reads every frame of `path`, handing their thumbnails to `send` in
/// batches; returns the frame count (what was read when superseded).
int scanFrames(FrameSource& source, const TaskTicket& ticket, const std::function<void(Thumbnails)>& send)
{
    Thumbnails batch;
    cv::Mat frame;
    int count = 0;
    while (!ticket.superseded() && source.next(frame)) {
        batch.emplace_back(count++, thumbnailOf(frame));
        if (int(batch.size()) == kThumbnailBatch)
            send(std::exchange(batch, {}));
    }
    if (!batch.empty())
        send(std::move(batch));
    return count;
}

} // namespace

/// The source frame requests read from, and the next frame it gives.
struct ClipReader::Position {
    std::string path;
    std::unique_ptr<FrameSource> source;
    int next = 0;
};

ClipReader::ClipReader(QObject* parent)
    : QObject(parent)
    , mScan(this)
    , mFrames(this, TaskRunner::Thread::Own)
    , mPosition(std::make_shared<Position>())
{
}

ClipReader::~ClipReader() = default;

void ClipReader::open(const QString& path)
{
    mPath = path;
    mFrames.discard();
    const auto sendThumbnails = [this](const TaskTicket& ticket) {
        return [this, &ticket](Thumbnails batch) {
            ticket.report([this, batch = std::move(batch)] {
                for (const auto& [index, picture] : batch)
                    Q_EMIT thumbnail(index, picture);
            });
        };
    };
    mScan.run(
        [this, path = path.toStdString(), sendThumbnails](const TaskTicket& ticket) {
            std::unique_ptr<FrameSource> source = openFrameSource(path);
            cv::Mat first;
            if (!source->next(first))
                throw Error(ErrorKind::BadInput, path, "the " + source->info().kind + " holds no frame");
            const ClipInfo info = source->info();
            ticket.report([this, path, info, first] {
                Q_EMIT opened(QString::fromStdString(path), info.frameCount, info.fps, first);
                Q_EMIT thumbnail(0, thumbnailOf(first));
            });
            // The rest from a second reader: the first frame is the photo already.
            std::unique_ptr<FrameSource> rest = openFrameSource(path);
            cv::Mat skipped;
            rest->next(skipped);
            auto shifted = [send = sendThumbnails(ticket)](Thumbnails batch) {
                for (auto& entry : batch)
                    ++entry.first;
                send(std::move(batch));
            };
            return 1 + scanFrames(*rest, ticket, shifted);
        },
        [this](const TaskResult<int>& result) {
            if (result.ok())
                Q_EMIT scanned(result.value);
            else
                Q_EMIT failed(errortext::describe(result.error));
        });
}

void ClipReader::readThumbnails(const QString& path)
{
    scan(path, false);
}

void ClipReader::follow(const QString& path, const QString& thumbnails)
{
    mPath = path;
    mFrames.discard();
    scan(thumbnails, true);
}

void ClipReader::scan(const QString& path, bool counting)
{
    mScan.run(
        [this, path = path.toStdString()](const TaskTicket& ticket) {
            std::unique_ptr<FrameSource> source = openFrameSource(path);
            return scanFrames(*source, ticket, [this, &ticket](Thumbnails batch) {
                ticket.report([this, batch = std::move(batch)] {
                    for (const auto& [index, picture] : batch)
                        Q_EMIT thumbnail(index, picture);
                });
            });
        },
        [this, counting](const TaskResult<int>& result) {
            if (!result.ok())
                Q_EMIT failed(errortext::describe(result.error));
            else if (counting)
                Q_EMIT scanned(result.value);
        });
}

void ClipReader::readFrame(int index)
{
    mFrames.run(
        [position = mPosition, path = mPath.toStdString(), index](const TaskTicket& ticket) {
            Position& at = *position;
            if (at.path != path || !at.source || index < at.next) {
                at.source = openFrameSource(path);
                at.path = path;
                at.next = 0;
            }
            cv::Mat frame;
            while (at.next <= index) {
                if (ticket.superseded())
                    return cv::Mat();
                if (!at.source->next(frame)) {
                    at.source.reset(); // past the end: the next request starts over
                    throw Error(ErrorKind::BadInput, path, "the clip has no frame " + std::to_string(index + 1));
                }
                ++at.next;
            }
            return frame;
        },
        [this, index](const TaskResult<cv::Mat>& result) {
            if (!result.ok())
                Q_EMIT failed(errortext::describe(result.error));
            else if (!result.value.empty())
                Q_EMIT frameRead(index, result.value);
        });
}

} // namespace brushwork::studio
