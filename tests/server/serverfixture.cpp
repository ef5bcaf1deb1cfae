// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverfixture.h"

#include "testsupport.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>


namespace {

Answer wait(QNetworkReply* reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(120000);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    reply->deleteLater();
    return answer;
}

} // namespace

void ServerFixture::startServer(const QByteArray& token, int queue, qint64 maxUpload, const QString& dataFolder)
{
    mData = dataFolder.isEmpty() ? testsupport::scratchDir() + "/data-" + QUuid::createUuid().toString(QUuid::Id128)
                                 : dataFolder;
    server::ServerOptions options;
    options.port = 0;
    options.token = token;
    options.queue = queue;
    options.maxUpload = maxUpload;
    options.dataFolder = mData.toStdString();
    options.memoryBudget = mMemoryBudget;
    options.engine.weightsPath = testsupport::randomWeightsPath(brushwork::NetworkKind::SqueezeNet).toStdString();
    options.engine.network = brushwork::NetworkKind::SqueezeNet;
    options.engine.device = brushwork::DeviceKind::Cpu;
    options.engine.precision = brushwork::Precision::Float32;
    mServer = std::make_unique<server::ApiServer>(options);
}

Answer ServerFixture::get(const QString& path, const QByteArray& token)
{
    QNetworkRequest request(QUrl(QString("http://127.0.0.1:%1%2").arg(port()).arg(path)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    return wait(mNetwork.get(request));
}

Answer ServerFixture::post(const QString& path, QHttpMultiPart* form, const QByteArray& token)
{
    QNetworkRequest request(QUrl(QString("http://127.0.0.1:%1%2").arg(port()).arg(path)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply* reply = mNetwork.post(request, form);
    form->setParent(reply);
    return wait(reply);
}

Answer ServerFixture::postJson(const QString& path, const QByteArray& body, const QByteArray& token,
                               const QByteArray& verb)
{
    QNetworkRequest request(QUrl(QString("http://127.0.0.1:%1%2").arg(port()).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    return wait(mNetwork.sendCustomRequest(request, verb, body));
}

QByteArray ServerFixture::png(const cv::Mat& rgb)
{
    const std::vector<unsigned char> bytes = brushwork::pngBytes(rgb);
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

QByteArray ServerFixture::photoPng()
{
    return png(testsupport::makeContentImage(64, 48));
}

QByteArray ServerFixture::paintingPng()
{
    return png(testsupport::makeStyleImage(64, 64));
}

QHttpMultiPart* ServerFixture::form(int paintings, const QList<QPair<QByteArray, QByteArray>>& fields,
                                    const QByteArray& photo)
{
    auto* multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    auto add = [&](const QByteArray& name, const QByteArray& body, bool file) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       "form-data; name=\"" + name + "\"" + (file ? "; filename=\"" + name + ".png\"" : ""));
        part.setBody(body);
        multipart->append(part);
    };
    add("photo", photo.isEmpty() ? photoPng() : photo, true);
    for (int i = 0; i < paintings; ++i)
        add("painting", paintingPng(), true);
    for (const auto& [name, value] : fields)
        add(name, value, false);
    return multipart;
}

QString ServerFixture::submitJob(int iterations, const QByteArray& token)
{
    const QByteArray settings = QByteArray("{\"size\": 48, \"first_scale\": 48, \"plateau\": 0.01, \"iterations\": ") +
                                QByteArray::number(iterations) + ", \"init\": \"content\", \"seed\": 3}";
    return submitSettings(settings, token);
}

QString ServerFixture::submitSettings(const QByteArray& settings, const QByteArray& token)
{
    const Answer answer = post("/v1/jobs", form(1, {{"settings", settings}}), token);
    if (answer.status != 202)
        qWarning() << answer.status << answer.body;
    return QString::fromStdString(answer.json().value("id", std::string()));
}

nlohmann::json ServerFixture::waitForJob(const QString& id, const std::function<bool(const nlohmann::json&)>& done)
{
    nlohmann::json status;
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        status = get("/v1/jobs/" + id, {}).json();
        if (status.is_object() && done(status))
            return status;
        QTest::qWait(50); // polling the API as a client does; the answer, not the wait, decides
    }
    return status;
}
