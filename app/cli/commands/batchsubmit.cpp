// SPDX-License-Identifier: GPL-3.0-or-later
#include "batchcommands.h"

#include "arguments.h"
#include "commands.h"

#include "brushwork/collection.h"
#include "brushwork/collectionfolder.h"
#include "brushwork/error.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

namespace cli {
namespace {

namespace fs = std::filesystem;

std::string shellQuoted(const std::string& text)
{
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string thisProgram()
{
    std::error_code error;
    const fs::path path = fs::read_symlink("/proc/self/exe", error);
    return error ? std::string("brushwork-cli") : path.string();
}

bool onPath(const std::string& program)
{
    const char* path = std::getenv("PATH");
    std::stringstream folders(path ? path : "");
    std::string folder;
    while (std::getline(folders, folder, ':'))
        if (!folder.empty() && access((fs::path(folder) / program).c_str(), X_OK) == 0)
            return true;
    return false;
}

/// Runs `command` through the shell; returns its exit code and stdout.
int capture(const std::string& command, std::string& out)
{
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return -1;
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), int(buffer.size()), pipe))
        out += buffer.data();
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

int batchSubmitCommand(const std::vector<std::string>& rawArgs)
{
    const Arguments parsed(withLongOutput(rawArgs),
                           {"o", "output", "tasks", "partition", "gpus-per-task", "cpus-per-task", "time", "mem",
                            "device", "job-name"},
                           {"no-submit"});
    if (parsed.positional().size() != 1)
        throw UsageError("batch submit needs one plan file");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("batch submit needs -o DIR, the collection's folder (on a file system every node sees)");
    const std::string planFile = parsed.positional()[0];
    const brushwork::CollectionPlan plan = brushwork::loadPlan(planFile);
    const std::vector<brushwork::CollectionPiece> pieces = brushwork::expandPlan(plan, planFile);
    brushwork::CollectionFolder folder(*output);
    folder.adoptManifest(plan.name, pieces);
    const int tasks = parsed.integer("tasks", std::min<int>(int(pieces.size()), 16), 1, 100000);

    const std::string dir = fs::absolute(*output).lexically_normal().string();
    const std::string planPath = fs::absolute(planFile).lexically_normal().string();
    fs::create_directories(fs::path(dir) / "logs");
    std::ostringstream script;
    script << "#!/bin/bash\n"
           << "# Brushwork collection" << (plan.name.empty() ? "" : " \"" + plan.name + "\"") << ": " << pieces.size()
           << " pieces of " << planPath << "\n"
           << "# in a Slurm array of " << tasks << " tasks; task K paints the pieces i with i mod " << tasks
           << " = K.\n"
           << "# Edit it as you like and submit it with: sbatch " << (fs::path(dir) / "batch.sbatch").string() << "\n"
           << "# Submitting it again paints only what is not finished.\n"
           << "#SBATCH --job-name=" << parsed.text("job-name", "brushwork") << "\n"
           << "#SBATCH --array=0-" << tasks - 1 << "\n"
           << "#SBATCH --output=" << dir << "/logs/slurm-%A_%a.out\n";
    if (parsed.has("cpus-per-task"))
        script << "#SBATCH --cpus-per-task=" << parsed.integer("cpus-per-task", 1, 1, 4096) << "\n";
    if (const auto partition = parsed.text("partition"))
        script << "#SBATCH --partition=" << *partition << "\n";
    if (parsed.has("gpus-per-task"))
        script << "#SBATCH --gpus-per-task=" << parsed.integer("gpus-per-task", 1, 0, 64) << "\n";
    if (const auto time = parsed.text("time"))
        script << "#SBATCH --time=" << *time << "\n";
    if (const auto memory = parsed.text("mem"))
        script << "#SBATCH --mem=" << *memory << "\n";
    script << "\n"
           << "# The shard comes from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, the threads from the\n"
           << "# CPUs Slurm gave the task.\n"
           << "exec " << shellQuoted(thisProgram()) << " batch run " << shellQuoted(planPath) << " -o "
           << shellQuoted(dir) << " --device " << parsed.choice("device", {"auto", "cpu", "cuda"})
           << " --progress text\n";
    const std::string scriptPath = (fs::path(dir) / "batch.sbatch").string();
    {
        std::ofstream out(scriptPath, std::ios::trunc);
        out << script.str();
        if (!out)
            throw brushwork::Error(brushwork::ErrorKind::Io, scriptPath, "the job script could not be written");
    }
    fs::permissions(scriptPath, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
    std::cerr << "Wrote " << scriptPath << " (" << pieces.size() << " pieces in " << tasks << " tasks)\n";

    if (parsed.has("no-submit") || !onPath("sbatch")) {
        if (!parsed.has("no-submit"))
            std::cerr << "Slurm's sbatch is not here. Submit the script on a machine of the cluster, or run the "
                      << tasks << " shards under any scheduler, one command each:\n";
        else
            std::cerr << "Submit it with 'sbatch " << scriptPath << "', or run the shards one command each:\n";
        for (int k = 0; k < tasks; ++k)
            std::cerr << "  " << shellQuoted(thisProgram()) << " batch run " << shellQuoted(planPath) << " -o "
                      << shellQuoted(dir) << " --shard " << k << "/" << tasks << "\n";
        return kSuccess;
    }
    std::string jobId;
    if (capture("sbatch --parsable " + shellQuoted(scriptPath), jobId) != 0)
        throw brushwork::Error(brushwork::ErrorKind::Io, scriptPath, "sbatch refused the job script",
                               "Its message is above; edit the script and submit it with sbatch yourself");
    while (!jobId.empty() && (jobId.back() == '\n' || jobId.back() == '\r'))
        jobId.pop_back();
    jobId = jobId.substr(0, jobId.find(';')); // "ID;cluster" on federated clusters
    std::cout << jobId << "\n";
    std::cerr << "Submitted Slurm job " << jobId << "; 'squeue -j " << jobId << "' shows its tasks, 'brushwork-cli "
              << "batch status " << shellQuoted(dir) << "' the pieces\n";
    return kSuccess;
}

} // namespace cli
