// SPDX-License-Identifier: GPL-3.0-or-later
// The house pattern for slow work: off the GUI thread, back by a queued call,
// failures in a painter's words, nothing for a receiver that is gone.
#include "background/backgroundtask.h"
#include "brushwork/error.h"

#include <QSemaphore>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace brushwork::studio;

class TestBackgroundTask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void workRunsElsewhereAndTheResultComesBackHere();
    void anErrorArrivesInWords();
    void aReceiverThatIsGoneHearsNothing();
};

void TestBackgroundTask::workRunsElsewhereAndTheResultComesBackHere()
{
    QObject receiver;
    QThread* worker = nullptr;
    QThread* answeredOn = nullptr;
    int value = 0;
    runInBackground(&receiver, [&worker] {
        worker = QThread::currentThread();
        return 42;
    }, [&](const TaskResult<int>& result) {
        answeredOn = QThread::currentThread();
        value = result.ok() ? result.value : -1;
    });
    QCOMPARE(value, 0); // never answered from inside the call
    QTRY_COMPARE(value, 42);
    QVERIFY(worker && worker != QThread::currentThread());
    QCOMPARE(answeredOn, QThread::currentThread());
}

void TestBackgroundTask::anErrorArrivesInWords()
{
    QObject receiver;
    QString error;
    bool answered = false;
    runInBackground(&receiver, [] {
        throw brushwork::Error(brushwork::ErrorKind::Io, "/full/disk/work.brushwork", "no space left on the device");
    }, [&](const TaskResult<NoValue>& result) {
        error = result.error;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY2(error.contains("work.brushwork") && error.contains("No space left"), qPrintable(error));
}

void TestBackgroundTask::aReceiverThatIsGoneHearsNothing()
{
    auto receiver = std::make_unique<QObject>();
    QSemaphore gate;
    bool answered = false;
    runInBackground(receiver.get(), [&gate] { gate.acquire(); }, [&](const TaskResult<NoValue>&) { answered = true; });
    receiver.reset(); // while the work still waits at the gate
    gate.release();
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QVERIFY(!answered);
}

QTEST_MAIN(TestBackgroundTask)
#include "tst_backgroundtask.moc"
