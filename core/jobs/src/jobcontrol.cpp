// SPDX-License-Identifier: GPL-3.0-or-later
// Steering, pausing, resuming and cancelling jobs, their files and events.
#include "jobqueueimpl.h"

#include "brushwork/error.h"

#include <algorithm>
#include <filesystem>

namespace brushwork {

namespace fs = std::filesystem;

JobAction JobQueue::steer(const std::string& id, const JobSteering& steering)
{
    for (const float weight : steering.shares)
        if (!(weight >= 0))
            throw Error(ErrorKind::Usage, {}, "the paintings' shares cannot be negative");
    for (const auto& weight : {steering.content, steering.style, steering.tv})
        if (weight && !(*weight >= 0))
            throw Error(ErrorKind::Usage, {}, "weights cannot be negative");
    JobEvent event;
    {
        std::lock_guard<std::mutex> lock(mImpl->mutex);
        const auto found = mImpl->jobs.find(id);
        if (found == mImpl->jobs.end())
            return JobAction::NoSuchJob;
        Job& job = *found->second;
        if (!isActive(job.status.state) || job.status.method != PaintMethod::Optimize)
            return JobAction::NotNow;
        if (!steering.shares.empty() && steering.shares.size() != job.piece.paintings.size())
            throw Error(ErrorKind::Usage, {},
                        "there are " + std::to_string(steering.shares.size()) + " shares for " +
                            std::to_string(job.piece.paintings.size()) + " paintings");
        LossWeights& weights = job.status.weights;
        weights.content = steering.content.value_or(weights.content);
        weights.style = steering.style.value_or(weights.style);
        weights.tv = steering.tv.value_or(weights.tv);
        if (!steering.shares.empty())
            weights.styleBlend = steering.shares;
        job.control.steer(weights);
        mImpl->save(job);
        event.status = job.status;
    }
    mImpl->publish(event);
    return JobAction::Done;
}

JobAction JobQueue::pause(const std::string& id)
{
    std::shared_ptr<Job> job;
    {
        std::lock_guard<std::mutex> lock(mImpl->mutex);
        const auto found = mImpl->jobs.find(id);
        if (found == mImpl->jobs.end())
            return JobAction::NoSuchJob;
        if (found->second->status.state != JobState::Running ||
            found->second->status.method != PaintMethod::Optimize)
            return JobAction::NotNow;
        job = found->second;
        job->control.setPaused(true);
    }
    mImpl->setState(*job, JobState::Paused);
    return JobAction::Done;
}

JobAction JobQueue::resume(const std::string& id)
{
    std::shared_ptr<Job> job;
    JobState next = JobState::Running;
    {
        std::lock_guard<std::mutex> lock(mImpl->mutex);
        const auto found = mImpl->jobs.find(id);
        if (found == mImpl->jobs.end())
            return JobAction::NoSuchJob;
        job = found->second;
        if (job->status.state == JobState::Paused) {
            job->control.setPaused(false);
        } else if (job->status.state == JobState::Interrupted) {
            job->resume = true;
            job->control.reset();
            mImpl->waiting.push_back(id);
            next = JobState::Queued;
        } else {
            return JobAction::NotNow;
        }
    }
    mImpl->setState(*job, next);
    mImpl->wake.notify_one();
    return JobAction::Done;
}

JobAction JobQueue::cancel(const std::string& id)
{
    std::shared_ptr<Job> job;
    {
        std::lock_guard<std::mutex> lock(mImpl->mutex);
        const auto found = mImpl->jobs.find(id);
        if (found == mImpl->jobs.end())
            return JobAction::NoSuchJob;
        job = found->second;
        if (job->status.state == JobState::Running || job->status.state == JobState::Paused) {
            job->control.requestCancel(); // the painter records it when the run returns
            return JobAction::Done;
        }
        if (job->status.state != JobState::Queued && job->status.state != JobState::Interrupted)
            return JobAction::NotNow;
        mImpl->waiting.erase(std::remove(mImpl->waiting.begin(), mImpl->waiting.end(), id), mImpl->waiting.end());
    }
    mImpl->setState(*job, JobState::Cancelled);
    return JobAction::Done;
}

std::string JobQueue::resultPath(const std::string& id) const
{
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    const auto found = mImpl->jobs.find(id);
    if (found == mImpl->jobs.end() || !fs::exists(found->second->files.result()))
        return {};
    return found->second->files.result();
}

std::string JobQueue::recipePath(const std::string& id) const
{
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    const auto found = mImpl->jobs.find(id);
    if (found == mImpl->jobs.end() || !fs::exists(found->second->files.recipe()))
        return {};
    return found->second->files.recipe();
}

int JobQueue::subscribe(std::function<void(const JobEvent&)> listener)
{
    std::lock_guard<std::mutex> lock(mImpl->listenerMutex);
    const int handle = mImpl->nextHandle++;
    mImpl->listeners[handle] = std::move(listener);
    return handle;
}

void JobQueue::unsubscribe(int handle)
{
    std::lock_guard<std::mutex> lock(mImpl->listenerMutex);
    mImpl->listeners.erase(handle);
}

int JobQueue::removeExpired()
{
    const auto oldest = fs::file_time_type::clock::now() - mImpl->options.retention;
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    int removed = 0;
    for (auto it = mImpl->jobs.begin(); it != mImpl->jobs.end();) {
        std::error_code error;
        const Job& job = *it->second;
        if (!isActive(job.status.state) && fs::last_write_time(job.files.record(), error) < oldest && !error) {
            fs::remove_all(job.files.folder, error);
            it = mImpl->jobs.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

} // namespace brushwork
