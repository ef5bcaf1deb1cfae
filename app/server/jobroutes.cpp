// SPDX-License-Identifier: GPL-3.0-or-later
// /v1/jobs: submitting, watching, steering and collecting jobs.
#include "apiserver.h"
#include "requesthelpers.h"

#include "brushwork/image.h"
#include "brushwork/jobs/jobjson.h"
#include "brushwork/memorybudget.h"

#include <QFile>
#include <QTcpSocket>

#include <filesystem>

namespace server {
namespace {

/// Past this much unsent, a client is not keeping up: it misses frames
/// rather than making the server hold them.
constexpr qint64 kMaxUnsentEvents = 8 << 20;

Reply fileReply(const std::string& path, const QByteArray& contentType, const std::string& downloadName)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return errorReply(404, "the job's file is gone", "Paint it again");
    Reply reply;
    reply.contentType = contentType;
    reply.body = file.readAll();
    reply.headers.emplaceBack("Content-Disposition", "attachment; filename=\"" + QByteArray::fromStdString(downloadName) + "\"");
    return reply;
}

Reply actionReply(brushwork::JobAction action, const std::string& what)
{
    if (action == brushwork::JobAction::NoSuchJob)
        return errorReply(404, "there is no such job", "GET /v1/jobs lists the jobs");
    if (action == brushwork::JobAction::NotNow)
        return errorReply(409, "the job cannot " + what + " in the state it is in",
                          "GET the job to see its state; instant jobs cannot be steered or paused");
    return jsonReply(200, {{"ok", true}});
}

bool isEnd(brushwork::JobState state)
{
    return state == brushwork::JobState::Done || state == brushwork::JobState::Failed ||
           state == brushwork::JobState::Cancelled;
}

} // namespace

Reply ApiServer::submitJob(const QHttpServerRequest& request)
{
    const auto parts = parseFormData(headerOf(request, "Content-Type"), request.body());
    if (!parts)
        return errorReply(400, "the body is not multipart/form-data",
                          "Send a form: \"photo\", one or more \"painting\", optional \"settings\" (JSON) and "
                          "\"method\" (optimize or instant)");
    Pictures pictures;
    if (const auto refused = readPictures(*parts, pictures))
        return *refused;
    brushwork::JobUpload upload;
    const std::string method = fieldText(*parts, "method").value_or("optimize");
    if (method != "optimize" && method != "instant")
        return errorReply(400, "\"method\" is \"" + method + "\"; this server paints \"optimize\" and \"instant\" jobs",
                          "Send method optimize or instant (fast style networks are files on a machine; use "
                          "'brushwork-cli fast' there)");
    upload.method = method == "instant" ? brushwork::PaintMethod::Instant : brushwork::PaintMethod::Optimize;
    upload.settingsJson = fieldText(*parts, "settings").value_or("{}");
    brushwork::requireMemory("the photo and its paintings at full size", brushwork::loadedPicturesBytes(pictures.sizes),
                             mOptions.memoryBudget ? mOptions.memoryBudget : brushwork::defaultMemoryBudget(false));
    upload.photo = std::move(pictures.photo);
    upload.paintings = std::move(pictures.paintings);
    try {
        const std::string id = mQueue->submit(upload);
        Reply reply = jsonReply(202, {{"id", id}});
        reply.headers.emplaceBack("Location", "/v1/jobs/" + QByteArray::fromStdString(id));
        return reply;
    } catch (const brushwork::JobQueueFull& full) {
        return errorReply(429, full.what(), "Try again when a job has finished (the server's --queue sets how many)");
    }
}

Reply ApiServer::jobStatus(const std::string& id) const
{
    const auto status = mQueue->status(id);
    return status ? jsonReply(200, brushwork::jobStatusToJson(*status))
                  : errorReply(404, "there is no such job", "GET /v1/jobs lists the jobs");
}

Reply ApiServer::steerJob(const std::string& id, const QByteArray& body)
{
    const nlohmann::json json = nlohmann::json::parse(body.toStdString(), nullptr, false);
    const char* form = "Send a JSON object with any of content_weight, style_weight, tv_weight (numbers) and "
                       "style_weights (a number per painting)";
    if (json.is_discarded() || !json.is_object())
        return errorReply(400, "the body is not a JSON object", form);
    brushwork::JobSteering steering;
    for (const auto& item : json.items()) {
        const std::string& key = item.key();
        const nlohmann::json& value = item.value();
        if (key == "style_weights") {
            if (!value.is_array())
                return errorReply(400, "\"style_weights\" should be a list of numbers", form);
            for (const nlohmann::json& share : value) {
                if (!share.is_number())
                    return errorReply(400, "\"style_weights\" should be a list of numbers", form);
                steering.shares.push_back(share.get<float>());
            }
        } else if (key == "content_weight" || key == "style_weight" || key == "tv_weight") {
            if (!value.is_number())
                return errorReply(400, "\"" + key + "\" should be a number", form);
            auto& target = key == "content_weight" ? steering.content
                           : key == "style_weight" ? steering.style
                                                   : steering.tv;
            target = value.get<float>();
        } else {
            return errorReply(400, "\"" + key + "\" cannot be steered while a job paints", form);
        }
    }
    const brushwork::JobAction action = mQueue->steer(id, steering);
    return action == brushwork::JobAction::Done ? jobStatus(id) : actionReply(action, "be steered");
}

Reply ApiServer::jobAction(const std::string& id, const QString& action)
{
    if (action == "pause")
        return actionReply(mQueue->pause(id), "pause");
    if (action == "resume")
        return actionReply(mQueue->resume(id), "resume");
    return actionReply(mQueue->cancel(id), "be cancelled");
}

Reply ApiServer::jobResult(const std::string& id, const QString& format)
{
    const std::string png = mQueue->resultPath(id);
    if (png.empty())
        return errorReply(404, "the job has no picture yet", "Wait for its state to be \"done\" (or its events)");
    if (format.isEmpty() || format == "png")
        return fileReply(png, "image/png", "brushwork-" + id + ".png");
    if (format != "tiff" && format != "jpeg")
        return errorReply(400, "the format \"" + format.toStdString() + "\" is not one the server writes",
                          "Ask for format png, tiff or jpeg");
    const std::string extension = format == "tiff" ? ".tif" : ".jpg";
    const std::string converted = (std::filesystem::path(png).parent_path() / ("result" + extension)).string();
    if (!std::filesystem::exists(converted))
        brushwork::saveImage(converted, brushwork::loadImage(png));
    return fileReply(converted, format == "tiff" ? "image/tiff" : "image/jpeg", "brushwork-" + id + extension);
}

Reply ApiServer::jobRecipe(const std::string& id)
{
    const std::string recipe = mQueue->recipePath(id);
    if (recipe.empty())
        return errorReply(404, "the job has no recipe yet", "It is written once the job has painted something");
    return fileReply(recipe, "application/json", "brushwork-" + id + ".brushwork");
}

void ApiServer::openEvents(const std::string& id, QTcpSocket* socket)
{
    openEventStream(socket, {});
    const auto status = mQueue->status(id);
    sendEvent(socket, "state", QByteArray::fromStdString(brushwork::jobStatusToJson(*status).dump()));
    if (isEnd(status->state)) {
        socket->disconnectFromHost();
        return;
    }
    mStreams[QString::fromStdString(id)].append(socket);
}

void ApiServer::deliver(const brushwork::JobEvent& event)
{
    const QString id = QString::fromStdString(event.status.id);
    auto found = mStreams.find(id);
    if (found == mStreams.end())
        return;
    nlohmann::json data = brushwork::jobStatusToJson(event.status);
    QByteArray name = "state";
    if (event.kind == brushwork::JobEvent::Progress)
        name = "progress";
    if (event.kind == brushwork::JobEvent::Preview) {
        name = "preview";
        data["png"] = QByteArray::fromStdString(event.previewPng).toBase64().toStdString();
    }
    const QByteArray text = QByteArray::fromStdString(data.dump());
    const bool end = event.kind == brushwork::JobEvent::State && isEnd(event.status.state);
    QList<QPointer<QTcpSocket>>& sockets = found.value();
    sockets.removeIf([](const QPointer<QTcpSocket>& socket) {
        return !socket || socket->state() != QAbstractSocket::ConnectedState;
    });
    for (const QPointer<QTcpSocket>& socket : sockets) {
        if (event.kind == brushwork::JobEvent::Preview && socket->bytesToWrite() > kMaxUnsentEvents)
            continue;
        sendEvent(socket, name, text);
        if (end)
            socket->disconnectFromHost();
    }
    if (end || sockets.isEmpty())
        mStreams.erase(found);
}

} // namespace server
