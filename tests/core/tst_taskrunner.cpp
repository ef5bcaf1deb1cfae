// SPDX-License-Identifier: GPL-3.0-or-later
// The one way Qt code does slow work: off its thread, answered back on it by
// the event loop, newest request wins, nothing for a runner that is gone.
#include "brushwork/error.h"
#include "brushwork/tasks/taskrunner.h"

#include <QSemaphore>
#include <QThread>
#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <memory>

using brushwork::NoValue;
using brushwork::TaskResult;
using brushwork::TaskRunner;
using brushwork::TaskTicket;

class TestTaskRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void workRunsElsewhereAndTheAnswerComesBackHere();
    void whatTheWorkThrowsArrives();
    void aReceiverThatIsGoneHearsNothing();
    void theNewestRequestWinsOnItsOwnThread();
    void theNewestRequestWinsOnTheSharedPool();
    void newsArriveInOrderBeforeTheAnswer();
    void destroyingSupersedesAndWaitsForTheWorkUnderWay();
};

void TestTaskRunner::workRunsElsewhereAndTheAnswerComesBackHere()
{
    QObject receiver;
    QThread* worker = nullptr;
    QThread* answeredOn = nullptr;
    int value = 0;
    TaskRunner::runOnce(
        &receiver,
        [&worker] {
            worker = QThread::currentThread();
            return 42;
        },
        [&](const TaskResult<int>& result) {
            answeredOn = QThread::currentThread();
            value = result.ok() ? result.value : -1;
        });
    QCOMPARE(value, 0); // never answered from inside the call
    QTRY_COMPARE(value, 42);
    QVERIFY(worker && worker != QThread::currentThread());
    QCOMPARE(answeredOn, QThread::currentThread());
    QTRY_VERIFY(receiver.children().isEmpty()); // the runner of one request goes once it answered
}

void TestTaskRunner::whatTheWorkThrowsArrives()
{
    QObject receiver;
    std::exception_ptr thrown;
    bool answered = false;
    TaskRunner::runOnce(
        &receiver,
        [] { throw brushwork::Error(brushwork::ErrorKind::Io, "/full/disk/work.brushwork", "no space left on the device"); },
        [&](const TaskResult<NoValue>& result) {
            thrown = result.error;
            answered = true;
        });
    QTRY_VERIFY(answered);
    QVERIFY(thrown);
    try {
        std::rethrow_exception(thrown);
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.file(), std::string("/full/disk/work.brushwork"));
        QCOMPARE(error.reason(), std::string("no space left on the device"));
    }
}

void TestTaskRunner::aReceiverThatIsGoneHearsNothing()
{
    auto receiver = std::make_unique<QObject>();
    QSemaphore gate;
    bool answered = false;
    TaskRunner::runOnce(receiver.get(), [&gate] { gate.acquire(); }, [&](const TaskResult<NoValue>&) { answered = true; });
    receiver.reset(); // while the work still waits at the gate
    gate.release();
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QVERIFY(!answered);
}

void TestTaskRunner::theNewestRequestWinsOnItsOwnThread()
{
    TaskRunner runner(nullptr, TaskRunner::Thread::Own);
    QSemaphore started, gate;
    std::atomic<int> runs{0};
    QList<int> answers;
    auto answer = [&answers](int request) { return [&answers, request](const TaskResult<int>&) { answers << request; }; };
    runner.run(
        [&] {
            ++runs;
            started.release();
            gate.acquire();
            return 1;
        },
        answer(1));
    started.acquire(); // the first is under way
    runner.run([&] { ++runs; return 2; }, answer(2)); // waits behind it
    runner.run([&] { ++runs; return 3; }, answer(3));
    gate.release();
    QTRY_COMPARE(answers, QList<int>{3});
    // The first ran but was not answered; the second, superseded while it waited, never ran.
    QCOMPARE(runs.load(), 2);
}

void TestTaskRunner::theNewestRequestWinsOnTheSharedPool()
{
    TaskRunner runner;
    QSemaphore started, gate;
    QList<int> answers;
    runner.run(
        [&] {
            started.release();
            gate.acquire();
            return 1;
        },
        [&](const TaskResult<int>& result) { answers << result.value; });
    started.acquire();
    runner.run([] { return 2; }, [&](const TaskResult<int>& result) { answers << result.value; });
    QTRY_COMPARE(answers, QList<int>{2});
    gate.release();
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(answers, QList<int>{2}); // the first finished late, and was dropped
}

void TestTaskRunner::newsArriveInOrderBeforeTheAnswer()
{
    TaskRunner runner(nullptr, TaskRunner::Thread::Own);
    QStringList heard;
    runner.run(
        [&heard](const TaskTicket& ticket) {
            for (int i = 1; i <= 3; ++i)
                ticket.report([&heard, i] { heard << QString("news %1").arg(i); });
            return QString("answer");
        },
        [&heard](const TaskResult<QString>& result) { heard << result.value; });
    QTRY_COMPARE(heard, (QStringList{"news 1", "news 2", "news 3", "answer"}));
}

void TestTaskRunner::destroyingSupersedesAndWaitsForTheWorkUnderWay()
{
    auto runner = std::make_unique<TaskRunner>(nullptr, TaskRunner::Thread::Own);
    QSemaphore started;
    std::atomic<bool> finished{false};
    bool answered = false;
    runner->run(
        [&](const TaskTicket& ticket) {
            started.release();
            while (!ticket.superseded())
                QThread::yieldCurrentThread();
            finished = true;
        },
        [&](const TaskResult<NoValue>&) { answered = true; });
    started.acquire();
    runner.reset(); // the work sees itself superseded, ends, and is waited for
    QVERIFY(finished);
    QCoreApplication::processEvents();
    QVERIFY(!answered);
}

QTEST_MAIN(TestTaskRunner)
#include "tst_taskrunner.moc"
