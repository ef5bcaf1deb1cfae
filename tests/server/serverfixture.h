// SPDX-License-Identifier: GPL-3.0-or-later
// What the server tests share: a server in the test's process on a free
// loopback port, over seeded random SqueezeNet weights and a scratch data
// folder, and requests to it (Qt Network, or raw sockets where a test needs
// many connections at once or a client that hangs up half way).
#pragma once

#include "apiserver.h"

#include <QByteArray>
#include <QHttpMultiPart>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <opencv2/core.hpp>

#include <functional>
#include <memory>

struct Answer {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    nlohmann::json json() const { return nlohmann::json::parse(body.toStdString(), nullptr, false); }
};

class ServerFixture {
protected:
    /// Starts a server on `dataFolder` (a new scratch folder when empty).
    void startServer(const QByteArray& token = {}, int queue = 16, qint64 maxUpload = 8 << 20,
                     const QString& dataFolder = {});
    void stopServer() { mServer.reset(); }

    Answer get(const QString& path, const QByteArray& token = {});
    Answer post(const QString& path, QHttpMultiPart* form, const QByteArray& token = {});
    Answer postJson(const QString& path, const QByteArray& body, const QByteArray& token = {},
                    const QByteArray& verb = "POST");

    /// A form with a photo and `paintings` paintings (PNG, tiny) and the text fields.
    static QHttpMultiPart* form(int paintings, const QList<QPair<QByteArray, QByteArray>>& fields = {},
                                const QByteArray& photo = {});
    /// `rgb` (CV_32FC3, 0..1) as 8-bit PNG bytes.
    static QByteArray png(const cv::Mat& rgb);
    static QByteArray photoPng();
    static QByteArray paintingPng();

    /// Submits an optimize job of `iterations` at 48 px and returns its id.
    QString submitJob(int iterations, const QByteArray& token = {});
    /// Submits an optimize job with these settings (JSON) and returns its id.
    QString submitSettings(const QByteArray& settings, const QByteArray& token = {});
    /// The job's status, polled until `done` holds it (or 60 s pass).
    nlohmann::json waitForJob(const QString& id, const std::function<bool(const nlohmann::json&)>& done);

    quint16 port() const { return mServer->port(); }
    std::uint64_t mMemoryBudget = 0; ///< what startServer gives the server; 0: most of the free memory
    QString mData;
    std::unique_ptr<server::ApiServer> mServer;
    QNetworkAccessManager mNetwork;
};
