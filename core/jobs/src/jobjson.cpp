// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/jobs/jobjson.h"

#include "brushwork/error.h"

namespace brushwork {
namespace {

using nlohmann::json;

constexpr JobState kStates[] = {JobState::Queued, JobState::Running,   JobState::Paused,     JobState::Done,
                                JobState::Failed, JobState::Cancelled, JobState::Interrupted};

PaintMethod methodNamed(const std::string& name)
{
    return name == "instant" ? PaintMethod::Instant : name == "fast" ? PaintMethod::Fast : PaintMethod::Optimize;
}

} // namespace

const char* jobStateName(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return "queued";
    case JobState::Running:
        return "running";
    case JobState::Paused:
        return "paused";
    case JobState::Done:
        return "done";
    case JobState::Failed:
        return "failed";
    case JobState::Cancelled:
        return "cancelled";
    case JobState::Interrupted:
        break;
    }
    return "interrupted";
}

json jobStatusToJson(const JobStatus& status)
{
    json out = {{"id", status.id},
                {"method", methodName(status.method)},
                {"state", jobStateName(status.state)},
                {"created", status.created},
                {"iteration", status.iteration},
                {"total_iterations", status.totalIterations},
                {"losses", {{"total", status.loss}, {"content", status.content}, {"style", status.style}, {"tv", status.tv}}},
                {"elapsed_s", status.elapsedSeconds},
                {"weights",
                 {{"content_weight", status.weights.content},
                  {"style_weight", status.weights.style},
                  {"tv_weight", status.weights.tv},
                  {"style_weights", status.weights.styleBlend}}},
                {"has_result", status.hasResult}};
    out["eta_s"] = status.etaSeconds < 0 ? json(nullptr) : json(status.etaSeconds);
    if (!status.error.empty())
        out["error"] = status.error;
    return out;
}

JobStatus jobStatusFromJson(const json& in, const std::string& fileName)
{
    try {
        JobStatus status;
        status.id = in.at("id").get<std::string>();
        status.method = methodNamed(in.at("method").get<std::string>());
        const std::string state = in.at("state").get<std::string>();
        bool known = false;
        for (const JobState candidate : kStates)
            if (state == jobStateName(candidate)) {
                status.state = candidate;
                known = true;
            }
        if (!known)
            throw Error(ErrorKind::BadInput, fileName, "the job's state \"" + state + "\" is not one Brushwork knows");
        status.created = in.at("created").get<std::string>();
        status.iteration = in.at("iteration").get<int>();
        status.totalIterations = in.at("total_iterations").get<int>();
        const json& losses = in.at("losses");
        status.loss = losses.at("total").get<double>();
        status.content = losses.at("content").get<double>();
        status.style = losses.at("style").get<double>();
        status.tv = losses.at("tv").get<double>();
        status.elapsedSeconds = in.at("elapsed_s").get<double>();
        const json& weights = in.at("weights");
        status.weights.content = weights.at("content_weight").get<float>();
        status.weights.style = weights.at("style_weight").get<float>();
        status.weights.tv = weights.at("tv_weight").get<float>();
        status.weights.styleBlend = weights.at("style_weights").get<std::vector<float>>();
        status.hasResult = in.at("has_result").get<bool>();
        status.error = in.value("error", std::string());
        return status;
    } catch (const json::exception& error) {
        throw Error(ErrorKind::BadInput, fileName, std::string("the job's record is damaged (") + error.what() + ")",
                    "Remove the job's folder");
    }
}

} // namespace brushwork
