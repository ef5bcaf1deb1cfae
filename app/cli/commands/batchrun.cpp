// SPDX-License-Identifier: GPL-3.0-or-later
#include "batchcommands.h"

#include "arguments.h"
#include "commandoptions.h"
#include "commands.h"
#include "interrupt.h"
#include "progressprinter.h"

#include "brushwork/collection.h"
#include "brushwork/piecepainter.h"
#include "brushwork/collectionfolder.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/modelfiles.h"
#include "brushwork/printable.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cli {
namespace {

struct Shard {
    int index = 0;
    int count = 1;
};

/// A whole number of at least 0 written in plain digits, as --shard and
/// Slurm's variables are: "+1", "0x1", "1.5" and "" are not.
std::optional<int> plainNumber(const std::string& text)
{
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoi(text);
}

/// A Slurm variable's number; nothing when it is not set, a UsageError when
/// it is set to something else than a number (never "the whole plan").
std::optional<int> environmentNumber(const char* name)
{
    const char* text = std::getenv(name);
    if (!text)
        return std::nullopt;
    const auto number = plainNumber(text);
    if (!number)
        throw UsageError(std::string(name) + " is \"" + brushwork::printableText(text) +
                         "\", not a task number; give --shard K/N to say which part of the plan to paint");
    return number;
}

/// --shard K/N, else the Slurm array task (IDs counted from the array's
/// first), else the whole plan.
Shard shardOf(const Arguments& parsed)
{
    Shard shard;
    if (const auto text = parsed.text("shard")) {
        const auto slash = text->find('/');
        const auto index = slash == std::string::npos ? std::nullopt : plainNumber(text->substr(0, slash));
        const auto count = slash == std::string::npos ? std::nullopt : plainNumber(text->substr(slash + 1));
        if (!index || !count)
            throw UsageError("--shard takes K/N in plain digits, e.g. 0/4 (shard K of N, counted from 0), not \"" +
                             *text + "\"");
        shard = {*index, *count};
        if (shard.count < 1 || shard.index >= shard.count)
            throw UsageError("--shard " + *text + ": N must be at least 1 and K less than N");
        return shard;
    }
    const auto task = environmentNumber("SLURM_ARRAY_TASK_ID");
    const auto count = environmentNumber("SLURM_ARRAY_TASK_COUNT");
    if (!task || !count)
        return shard;
    shard = {*task - environmentNumber("SLURM_ARRAY_TASK_MIN").value_or(0), *count};
    if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count)
        throw UsageError("the Slurm array task " + std::to_string(*task) + " is not one of 0 to " +
                         std::to_string(shard.count - 1) + " counted from the array's first (an array such as "
                         "--array=5,7); give --shard K/N, as the script 'batch submit' writes does");
    return shard;
}

int cpusOfThisProcess()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return int(std::max(1u, std::thread::hardware_concurrency()));
    return CPU_COUNT(&set);
}

/// --threads, else the CPUs Slurm gave the task (--cpus-per-task, else the
/// job's CPUs on this node, e.g. "4" or "4(x2)"), else 0 (the engine's default).
int threadsOf(const Arguments& parsed)
{
    if (parsed.has("threads"))
        return parsed.integer("threads", 0, 0, 1024);
    if (const auto perTask = environmentNumber("SLURM_CPUS_PER_TASK"); perTask && *perTask > 0)
        return *perTask;
    if (const char* onNode = std::getenv("SLURM_JOB_CPUS_PER_NODE")) {
        try {
            if (const int cpus = std::stoi(onNode); cpus > 0)
                return cpus;
        } catch (const std::exception&) {
            // Not a number: the affinity below still says what the task may use.
        }
    }
    if (std::getenv("SLURM_JOB_ID"))
        return cpusOfThisProcess();
    return 0;
}

/// --jobs J: J processes (this program again) share the shard; the pieces'
/// locks keep them apart, so each takes the next piece nobody holds.
int runJobs(const std::vector<std::string>& args, int jobs, int threads, const InterruptGuard& interrupt)
{
    const int perJob = std::max(1, (threads > 0 ? threads : cpusOfThisProcess()) / jobs);
    std::vector<std::string> childArgs = {"brushwork-cli", "batch", "run"};
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--jobs" || args[i] == "--threads") {
            ++i;
            continue;
        }
        if (args[i].rfind("--jobs=", 0) == 0 || args[i].rfind("--threads=", 0) == 0)
            continue;
        childArgs.push_back(args[i]);
    }
    childArgs.insert(childArgs.end(), {"--jobs", "1", "--threads", std::to_string(perJob)});
    std::vector<char*> argv;
    for (std::string& arg : childArgs)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<pid_t> children;
    for (int j = 0; j < jobs; ++j) {
        pid_t pid = 0;
        if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("could not start job " + std::to_string(j + 1) + " of " + std::to_string(jobs));
        children.push_back(pid);
    }
    std::cerr << "Painting with " << jobs << " jobs of " << perJob << " thread" << (perJob == 1 ? "" : "s") << "\n";
    int exitCode = kSuccess;
    bool forwarded = false;
    std::size_t running = children.size();
    while (running > 0) {
        int status = 0;
        const pid_t done = waitpid(-1, &status, WNOHANG);
        if (done > 0) {
            --running;
            const int code = WIFEXITED(status) ? WEXITSTATUS(status) : kFailure;
            if (code == kInterrupted || exitCode == kInterrupted)
                exitCode = kInterrupted;
            else if (code != kSuccess)
                exitCode = code;
            continue;
        }
        // A SIGTERM from a scheduler reaches only this process; pass it on.
        if (interrupt.requested() && !forwarded) {
            for (pid_t child : children)
                kill(child, SIGTERM);
            forwarded = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return exitCode;
}

/// Each of J jobs is a process with the runtime, its networks and the
/// pictures of a piece loaded: J times the largest of these must fit, or
/// `--jobs 256` would start 256 processes into the swap.
void requireJobsFit(int jobs, const std::vector<brushwork::CollectionPiece>& pieces, std::uint64_t budget)
{
    // What a process of LibTorch and OpenCV holds besides its pictures and
    // networks: a `batch run` of one 32 px instant piece peaks at 224 MB.
    constexpr std::uint64_t kProcessBytes = 200ull << 20;
    std::map<std::string, std::uint64_t> bytesOf; // the same photo or network recurs across a grid
    auto fileBytes = [&](const std::string& path, bool picture) {
        const auto found = bytesOf.find(path);
        if (found != bytesOf.end())
            return found->second;
        std::error_code error;
        std::uint64_t bytes = 0;
        try {
            bytes = picture ? brushwork::loadedPicturesBytes({brushwork::pictureSize(path)})
                            : std::uint64_t(std::filesystem::file_size(path, error));
        } catch (const brushwork::Error&) {
            // A picture that cannot be read fails its own piece, later.
        }
        return bytesOf[path] = error ? 0 : bytes;
    };
    std::uint64_t defaultWeights = 0;
    if (const auto weights = brushwork::defaultFeatureWeights())
        defaultWeights = fileBytes(weights->path, false);
    std::uint64_t largest = 0;
    for (const brushwork::CollectionPiece& piece : pieces) {
        std::uint64_t bytes = fileBytes(piece.photo, true);
        for (const std::string& painting : piece.paintings)
            bytes += fileBytes(painting, true);
        if (!piece.model.empty())
            bytes += fileBytes(piece.model, false);
        if (const auto weights = piece.settings.find("weights"); weights != piece.settings.end())
            bytes += fileBytes(weights->second, false);
        else if (piece.method == brushwork::PaintMethod::Optimize)
            bytes += defaultWeights;
        largest = std::max(largest, bytes);
    }
    brushwork::requireMemory(std::to_string(jobs) + " jobs at once", std::uint64_t(jobs) * (kProcessBytes + largest),
                             budget);
}

class PieceReport {
public:
    PieceReport(std::string mode, std::size_t count)
        : mMode(std::move(mode))
        , mCount(count)
    {
    }

    void line(std::size_t place, const brushwork::CollectionPiece& piece, const std::string& status,
              const std::string& detail, double seconds = -1)
    {
        if (mMode == "json") {
            nlohmann::json object = {{"piece", piece.id}, {"index", piece.index}, {"status", status}};
            if (seconds >= 0)
                object["seconds"] = seconds;
            if (!detail.empty())
                object[status == "failed" ? "reason" : "detail"] = detail;
            std::cout << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        } else if (mMode == "text") {
            std::fprintf(stderr, "[%zu/%zu] %s: %s%s\n", place + 1, mCount, piece.id.c_str(), status.c_str(),
                         detail.empty() ? "" : (" " + brushwork::printableText(detail, 2000)).c_str());
        }
    }

private:
    std::string mMode;
    std::size_t mCount;
};

} // namespace

int batchRunCommand(const std::vector<std::string>& rawArgs)
{
    const std::vector<std::string> args = withLongOutput(rawArgs);
    const Arguments parsed(args,
                           {"o", "output", "shard", "jobs", "threads", "device", "progress", "autosave-every",
                            "memory-budget"},
                           {"overwrite"});
    if (parsed.positional().size() != 1)
        throw UsageError("batch run needs one plan file");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("batch run needs -o DIR, the collection's folder");
    const Shard shard = shardOf(parsed);
    const int jobs = parsed.integer("jobs", 1, 1, 256);
    const int threads = threadsOf(parsed);
    const std::string device = parsed.choice("device", {"auto", "cpu", "cuda"});
    const std::string progress = parsed.choice("progress", {"text", "json", "none"});
    const int autosaveSeconds = parsed.integer("autosave-every", 120, 1, 86400);

    // Every piece of the plan is checked before anything renders.
    const std::string planFile = parsed.positional()[0];
    const brushwork::CollectionPlan plan = brushwork::loadPlan(planFile);
    const std::vector<brushwork::CollectionPiece> pieces = brushwork::expandPlan(plan, planFile);
    brushwork::CollectionFolder folder(*output);
    const std::vector<brushwork::CollectionPiece> mine = brushwork::shardOf(pieces, shard.index, shard.count);
    folder.checkOutputs(mine, {planFile}, parsed.has("overwrite"));
    folder.adoptManifest(plan.name, pieces);

    const InterruptGuard interrupt;
    if (jobs > 1) {
        requireJobsFit(jobs, mine, memoryBudgetOption(parsed));
        return runJobs(args, jobs, threads, interrupt);
    }

    if (progress == "text")
        std::cerr << "Shard " << shard.index << "/" << shard.count << ": " << mine.size() << " of " << pieces.size()
                  << " pieces into " << *output << "\n";
    PieceReport report(progress, mine.size());
    brushwork::PiecePainter painter({deviceNamed(device), threads, std::chrono::seconds(autosaveSeconds)});
    brushwork::RunControl control;
    // Seen between the layers of every pass, not only at the next progress report.
    control.cancelWhen(&interrupt.flag());
    const bool live = progress == "text" && isatty(STDERR_FILENO) == 1;
    std::optional<ProgressPrinter> printer;
    brushwork::PieceCallbacks callbacks;
    callbacks.onRunStart = [&](const std::string& device) { printer.emplace(live ? "text" : "none", device); };
    callbacks.onProgress = [&](const brushwork::Progress& progress) { printer->print(progress); };
    callbacks.onRunEnd = [&] { printer->finish(); };
    callbacks.onNotice = [](const std::string& text) { std::cerr << text << "\n"; };
    int painted = 0, skipped = 0, busy = 0, failed = 0;
    for (std::size_t i = 0; i < mine.size(); ++i) {
        const brushwork::CollectionPiece& piece = mine[i];
        if (interrupt.requested())
            return kInterrupted;
        if (folder.isDone(piece.id)) {
            ++skipped;
            report.line(i, piece, "skipped", "(done)");
            continue;
        }
        if (const auto reason = folder.failure(piece.id)) {
            ++failed;
            report.line(i, piece, "failed", *reason + " (earlier; 'batch retry-failed' queues it again)");
            continue;
        }
        const auto lock = folder.tryLock(piece.id);
        if (!lock) {
            ++busy;
            report.line(i, piece, "busy", "(another job is painting it)");
            continue;
        }
        // Another job may have finished it between the check and the lock.
        if (folder.isDone(piece.id)) {
            ++skipped;
            report.line(i, piece, "skipped", "(done)");
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        const brushwork::PieceOutcome outcome = painter.paintPiece(piece, folder, control, callbacks);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (outcome.kind == brushwork::PieceOutcome::Interrupted) {
            report.line(i, piece, "interrupted", "(its autosave lets the next run go on from here)", seconds);
            return kInterrupted;
        }
        if (outcome.kind == brushwork::PieceOutcome::Failed) {
            ++failed;
            report.line(i, piece, "failed", outcome.reason, seconds);
            continue;
        }
        ++painted;
        char detail[96];
        std::snprintf(detail, sizeof detail, "%dx%d in %.1f s", outcome.width, outcome.height, seconds);
        report.line(i, piece, "painted", detail, seconds);
    }
    if (progress == "text")
        std::cerr << "Shard " << shard.index << "/" << shard.count << " finished: " << painted << " painted, " << skipped
                  << " skipped, " << busy << " busy elsewhere, " << failed << " failed\n";
    return failed > 0 ? kFailure : kSuccess;
}

} // namespace cli
