// SPDX-License-Identifier: GPL-3.0-or-later
#include "jobqueueimpl.h"

#include "brushwork/jobs/jobjson.h"
#include "jobpreview.h"
#include "jobupload.h"

#include "brushwork/atomicfile.h"
#include "brushwork/error.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

std::string nowIso()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace

void JobQueue::Impl::save(const Job& job) const
{
    const std::string text = jobStatusToJson(job.status).dump(1);
    try {
        writeFileAtomically(job.files.record(), "the job's record", text.data(), text.size());
    } catch (const Error&) {
    }
}

void JobQueue::Impl::publish(const JobEvent& event)
{
    std::lock_guard<std::mutex> lock(listenerMutex);
    for (const auto& [handle, listener] : listeners)
        listener(event);
}

bool JobQueue::Impl::hasListeners()
{
    std::lock_guard<std::mutex> lock(listenerMutex);
    return !listeners.empty();
}

void JobQueue::Impl::setState(Job& job, JobState state, const std::string& error)
{
    JobEvent event;
    {
        std::lock_guard<std::mutex> lock(mutex);
        job.status.state = state;
        job.status.error = error;
        job.status.hasResult = fs::exists(job.files.result());
        save(job);
        event.status = job.status;
    }
    publish(event);
}

std::shared_ptr<Job> JobQueue::Impl::find(const std::string& id) const
{
    const auto found = jobs.find(id);
    return found == jobs.end() ? nullptr : found->second;
}

void JobQueue::Impl::load()
{
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(jobsFolder, error)) {
        auto job = std::make_shared<Job>(entry.path().string());
        try {
            std::ifstream in(job->files.record());
            std::stringstream text;
            text << in.rdbuf();
            job->status = jobStatusFromJson(nlohmann::json::parse(text.str()), job->files.record());
            job->piece = loadJobPiece(job->files);
        } catch (const std::exception&) {
            continue; // a folder without a readable job is not one; retention leaves it alone too
        }
        if (isActive(job->status.state)) {
            job->status.state = JobState::Interrupted;
            save(*job);
        }
        jobs[job->status.id] = job;
    }
}

void JobQueue::Impl::paintLoop()
{
    JobPainter painter(options.engine, options.memoryBudget);
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock<std::mutex> lock(mutex);
            wake.wait(lock, [this] { return stopping || !waiting.empty(); });
            if (stopping)
                return;
            job = jobs.at(waiting.front());
            waiting.pop_front();
        }
        paintNext(painter, job);
    }
}

void JobQueue::Impl::paintNext(JobPainter& painter, const std::shared_ptr<Job>& job)
{
    setState(*job, JobState::Running);
    RunCallbacks callbacks;
    callbacks.onProgress = [&](const Progress& progress) {
        JobEvent event;
        event.kind = JobEvent::Progress;
        {
            std::lock_guard<std::mutex> lock(mutex);
            JobStatus& status = job->status;
            status.iteration = progress.iteration;
            status.totalIterations = progress.totalIterations;
            status.loss = progress.loss;
            status.content = progress.content;
            status.style = progress.style;
            status.tv = progress.tv;
            status.elapsedSeconds = progress.elapsedSeconds;
            if (progress.iteration > 0)
                status.etaSeconds = progress.elapsedSeconds / progress.iteration *
                                    std::max(0, progress.totalIterations - progress.iteration);
            event.status = status;
        }
        publish(event);
    };
    callbacks.onFrame = [&](const cv::Mat& frame, const Progress&) {
        if (!hasListeners())
            return;
        JobEvent event;
        event.kind = JobEvent::Preview;
        event.previewPng = previewPng(frame, kPreviewSide);
        {
            std::lock_guard<std::mutex> lock(mutex);
            event.status = job->status;
        }
        publish(event);
    };
    try {
        LossWeights weights;
        {
            std::lock_guard<std::mutex> lock(mutex);
            weights = job->status.weights;
        }
        const JobRun run = painter.paint(job->files, job->piece, job->control, weights, job->resume, callbacks);
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (stopping)
                return; // the record still says running: the next server lists it as interrupted
        }
        setState(*job, run.cancelled ? JobState::Cancelled : JobState::Done);
    } catch (const std::exception& error) {
        setState(*job, JobState::Failed, error.what());
    }
}

JobQueue::JobQueue(JobQueueOptions options) : mImpl(std::make_unique<Impl>())
{
    mImpl->options = std::move(options);
    mImpl->jobsFolder = (fs::path(mImpl->options.dataFolder) / "jobs").string();
    std::error_code error;
    fs::create_directories(mImpl->jobsFolder, error);
    if (error)
        throw Error(ErrorKind::Io, mImpl->jobsFolder, "the jobs' folder cannot be made (" + error.message() + ")",
                    "Give the server a writable --data folder");
    mImpl->load();
    removeExpired();
    for (int i = 0; i < std::max(1, mImpl->options.painters); ++i)
        mImpl->painters.emplace_back([this] { mImpl->paintLoop(); });
}

JobQueue::~JobQueue()
{
    {
        std::lock_guard<std::mutex> lock(mImpl->mutex);
        mImpl->stopping = true;
        for (auto& [id, job] : mImpl->jobs)
            job->control.requestCancel();
    }
    mImpl->wake.notify_all();
    for (std::thread& painter : mImpl->painters)
        painter.join();
}

std::string JobQueue::submit(const JobUpload& upload)
{
    removeExpired();
    {
        std::lock_guard<std::mutex> lock(mImpl->mutex);
        int active = 0;
        for (const auto& [id, job] : mImpl->jobs)
            active += isActive(job->status.state);
        if (active >= mImpl->options.capacity)
            throw JobQueueFull(std::to_string(active) + " jobs are queued or painting, the most this server takes");
    }
    const std::string id = makeJobFolder(mImpl->jobsFolder);
    auto job = std::make_shared<Job>((fs::path(mImpl->jobsFolder) / id).string());
    try {
        job->piece = storeUpload(job->files, upload);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(job->files.folder, ignored);
        throw;
    }
    job->status.id = id;
    job->status.method = upload.method;
    job->status.created = nowIso();
    job->status.weights = styleParamsOf(job->piece).weights;
    {
        std::lock_guard<std::mutex> lock(mImpl->mutex);
        mImpl->save(*job);
        mImpl->jobs[id] = job;
        mImpl->waiting.push_back(id);
    }
    mImpl->wake.notify_one();
    return id;
}

std::vector<JobStatus> JobQueue::list() const
{
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    std::vector<JobStatus> all;
    for (const auto& [id, job] : mImpl->jobs)
        all.push_back(job->status);
    std::sort(all.begin(), all.end(), [](const JobStatus& a, const JobStatus& b) { return a.created < b.created; });
    return all;
}

std::optional<JobStatus> JobQueue::status(const std::string& id) const
{
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    const auto found = mImpl->jobs.find(id);
    if (found == mImpl->jobs.end())
        return std::nullopt;
    return found->second->status;
}

} // namespace brushwork
