// SPDX-License-Identifier: GPL-3.0-or-later
// The queue's state, shared by its painting (jobqueue.cpp) and its controls
// (jobcontrol.cpp).
#pragma once

#include "brushwork/jobs/jobqueue.h"

#include "jobpainter.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace brushwork {

struct Job {
    explicit Job(std::string folder) : files(std::move(folder)) {}
    JobFiles files;
    JobStatus status;
    CollectionPiece piece;
    RunControl control;
    bool resume = false; ///< go on from the autosaved recipe
};

inline bool isActive(JobState state)
{
    return state == JobState::Queued || state == JobState::Running || state == JobState::Paused;
}

struct JobQueue::Impl {
    JobQueueOptions options;
    std::string jobsFolder;
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::map<std::string, std::shared_ptr<Job>> jobs;
    std::deque<std::string> waiting;
    bool stopping = false;
    std::vector<std::thread> painters;
    std::mutex listenerMutex;
    std::map<int, std::function<void(const JobEvent&)>> listeners;
    int nextHandle = 1;

    /// Call with `mutex` held. A record that cannot be written (a full disk)
    /// costs a restart its knowledge of the job, never the job itself.
    void save(const Job& job) const;
    void publish(const JobEvent& event);
    bool hasListeners();
    /// Sets, saves and announces the job's state.
    void setState(Job& job, JobState state, const std::string& error = {});
    /// The jobs' records under jobsFolder; active ones become Interrupted.
    void load();
    void paintLoop();
    void paintNext(JobPainter& painter, const std::shared_ptr<Job>& job);
    /// The job called `id`, or null; call with `mutex` held.
    std::shared_ptr<Job> find(const std::string& id) const;
};

} // namespace brushwork
