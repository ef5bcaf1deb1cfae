// SPDX-License-Identifier: GPL-3.0-or-later
// The jobs a Brushwork server paints: uploaded pictures stored under a data
// folder with generated names, a bounded queue, a few painters, live
// steering, and a record on disk of each job, so a server started again on
// the same folder lists the jobs it was painting as interrupted. No HTTP and
// no Qt here: the server (app/server) only parses requests and prints answers.
#pragma once

#include "brushwork/collection.h"
#include "brushwork/engine.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace brushwork {

enum class JobState { Queued, Running, Paused, Done, Failed, Cancelled, Interrupted };

/// "queued", "running", ... as the API and the records spell them.
const char* jobStateName(JobState state);

struct JobStatus {
    std::string id;
    PaintMethod method = PaintMethod::Optimize;
    JobState state = JobState::Queued;
    std::string created;       ///< ISO 8601, UTC
    int iteration = 0;
    int totalIterations = 0;
    double loss = 0;
    double content = 0;
    double style = 0;
    double tv = 0;
    double elapsedSeconds = 0;
    double etaSeconds = -1;     ///< -1: not known yet
    LossWeights weights;        ///< what the run paints with now (steered or not)
    std::string error;          ///< why it failed
    bool hasResult = false;
};

/// What subscribers hear: a change of state, progress after an evaluation, a
/// preview frame (PNG bytes, at most kPreviewSide px on its long side).
struct JobEvent {
    enum Kind { State, Progress, Preview } kind = State;
    JobStatus status;
    std::string previewPng;
};

inline constexpr int kPreviewSide = 256;

/// A job as uploaded: the pictures' bytes (already through the picture
/// checks) and its settings as a JSON object with the keys of a collection
/// plan's "settings".
struct JobUpload {
    PaintMethod method = PaintMethod::Optimize;
    std::vector<unsigned char> photo;
    std::vector<std::vector<unsigned char>> paintings;
    std::string settingsJson = "{}";
};

/// A setting the server chooses and a job may not send ("weights",
/// "network", "precision", "memory_budget").
bool isServerOwnedSetting(const std::string& key);

/// Partial new weights for a running job; what is not given stays.
struct JobSteering {
    std::optional<float> content;
    std::optional<float> style;
    std::optional<float> tv;
    std::vector<float> shares; ///< the paintings' shares; empty: unchanged
};

struct JobQueueOptions {
    std::string dataFolder;
    int painters = 1;          ///< jobs painted at once
    int capacity = 16;         ///< jobs queued or painting at once; more are refused
    EngineOptions engine;      ///< the network every optimize job paints with
    std::uint64_t memoryBudget = 0; ///< what one job may use; 0: most of the memory free when it starts
    std::chrono::seconds retention{24 * 3600}; ///< finished jobs' files are removed after this
};

/// The queue is full: come back later (HTTP 429).
class JobQueueFull : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What pause, resume and cancel did.
enum class JobAction { Done, NoSuchJob, NotNow };

class JobQueue {
public:
    /// Reads the records under `options.dataFolder`/jobs: jobs that were
    /// queued or painting when the last server stopped are Interrupted.
    explicit JobQueue(JobQueueOptions options);
    /// Cancels what is painting and waits for the painters.
    ~JobQueue();
    JobQueue(const JobQueue&) = delete;
    JobQueue& operator=(const JobQueue&) = delete;

    /// Stores the pictures under generated names, checks the settings as a
    /// plan's are checked (Error(BadInput) with the plan's words), queues it
    /// and returns its id. Throws JobQueueFull when `capacity` jobs wait or paint.
    std::string submit(const JobUpload& upload);

    std::vector<JobStatus> list() const;
    std::optional<JobStatus> status(const std::string& id) const;

    /// New weights for a queued, running or paused job, applied at its next
    /// evaluation. Throws Error(Usage) for negative weights or the wrong
    /// number of shares.
    JobAction steer(const std::string& id, const JobSteering& steering);
    JobAction pause(const std::string& id);
    /// Goes on with a paused job, or queues an interrupted one again (it
    /// starts from its last autosaved picture when it has one).
    JobAction resume(const std::string& id);
    JobAction cancel(const std::string& id);

    /// The finished picture (PNG) and the recipe (.brushwork) of a job; empty
    /// when it has none (yet).
    std::string resultPath(const std::string& id) const;
    std::string recipePath(const std::string& id) const;

    /// `listener` hears every job's events on the painter's thread: keep it
    /// quick. Returns a handle for unsubscribe().
    int subscribe(std::function<void(const JobEvent&)> listener);
    void unsubscribe(int handle);

    /// Removes finished jobs older than the retention time; returns how many.
    int removeExpired();

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace brushwork
