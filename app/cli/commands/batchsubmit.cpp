// SPDX-License-Identifier: GPL-3.0-or-later
#include "batchcommands.h"

#include "arguments.h"
#include "commands.h"

#include "brushwork/collection.h"
#include "brushwork/collectionfolder.h"
#include "brushwork/atomicfile.h"
#include "brushwork/error.h"
#include "brushwork/printable.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
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

/// A value for an #SBATCH line, which sbatch splits at spaces unless quoted
/// and reads backslash escapes and '#' comments in: quoted (when it holds
/// more than plain characters), with '"' and '\\' escaped.
std::string sbatchQuoted(const std::string& text)
{
    if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:,=@+/-%") ==
                             std::string::npos)
        return text; // nothing sbatch would split or read otherwise
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

/// A folder in sbatch's file name pattern, where %A, %a, ... are replaced.
std::string withPercentDoubled(const std::string& text)
{
    std::string doubled;
    for (char c : text)
        doubled += c == '%' ? std::string("%%") : std::string(1, c);
    return doubled;
}

/// Every value that reaches the script: a line break would end the line it
/// is on and start a command of its own.
std::string scriptValue(const std::string& option, const std::string& value)
{
    if (!brushwork::isPrintableText(value))
        throw UsageError(option + " \"" + brushwork::printableText(value) +
                         "\" holds control characters or invalid UTF-8, which a job script cannot hold");
    return value;
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
    // Every value is checked before anything is read or written.
    std::map<std::string, std::string> values;
    for (const char* option : {"partition", "time", "mem", "job-name"})
        if (const auto value = parsed.text(option))
            values[option] = scriptValue(std::string("--") + option, *value);
    const std::string dir = fs::absolute(scriptValue("-o", *output)).lexically_normal().string();
    const std::string planFile = parsed.positional()[0];
    const std::string planPath = fs::absolute(planFile).lexically_normal().string();
    if (!brushwork::isPrintableText(planPath))
        throw brushwork::Error(brushwork::ErrorKind::BadInput, brushwork::printableText(planPath),
                               "the plan's name holds control characters or invalid UTF-8, which a job script "
                               "cannot hold",
                               "Rename the plan file");
    const std::string device = parsed.choice("device", {"auto", "cpu", "cuda"});
    const brushwork::CollectionPlan plan = brushwork::loadPlan(planFile);
    const std::vector<brushwork::CollectionPiece> pieces = brushwork::expandPlan(plan, planFile);
    const int tasks = parsed.integer("tasks", std::min<int>(int(pieces.size()), 16), 1, 100000);
    brushwork::CollectionFolder folder(*output);
    folder.adoptManifest(plan.name, pieces);
    const std::string logs = folder.logFolder();

    std::ostringstream script;
    script << "#!/bin/bash\n"
           << "# Brushwork collection" << (plan.name.empty() ? "" : " \"" + plan.name + "\"") << ": " << pieces.size()
           << " pieces of " << planPath << "\n"
           << "# in a Slurm array of " << tasks << " tasks; task K paints the pieces i with i mod " << tasks
           << " = K.\n"
           << "# Edit it as you like and submit it with: sbatch " << shellQuoted(dir + "/batch.sbatch") << "\n"
           << "# Submitting it again paints only what is not finished; 'sbatch --array=5,7' only those tasks.\n"
           << "#SBATCH --job-name=" << sbatchQuoted(values.count("job-name") ? values["job-name"] : "brushwork") << "\n"
           << "#SBATCH --array=0-" << tasks - 1 << "\n"
           << "#SBATCH --output=" << sbatchQuoted(withPercentDoubled(logs) + "/slurm-%A_%a.out") << "\n";
    if (parsed.has("cpus-per-task"))
        script << "#SBATCH --cpus-per-task=" << parsed.integer("cpus-per-task", 1, 1, 4096) << "\n";
    if (values.count("partition"))
        script << "#SBATCH --partition=" << sbatchQuoted(values["partition"]) << "\n";
    if (parsed.has("gpus-per-task"))
        script << "#SBATCH --gpus-per-task=" << parsed.integer("gpus-per-task", 1, 0, 64) << "\n";
    if (values.count("time"))
        script << "#SBATCH --time=" << sbatchQuoted(values["time"]) << "\n";
    if (values.count("mem"))
        script << "#SBATCH --mem=" << sbatchQuoted(values["mem"]) << "\n";
    script << "\n"
           << "# The shard is the array task (resubmitted tasks keep their number); the threads come from\n"
           << "# the CPUs Slurm gave the task.\n"
           << "exec " << shellQuoted(thisProgram()) << " batch run " << shellQuoted(planPath) << " -o "
           << shellQuoted(dir) << " --shard \"${SLURM_ARRAY_TASK_ID}/" << tasks << "\" --device " << device
           << " --progress text\n";
    const std::string scriptPath = (fs::path(dir) / "batch.sbatch").string();
    const std::string text = script.str();
    // By rename: a link planted as batch.sbatch is replaced, never written through.
    brushwork::writeFileAtomically(scriptPath, "the job script", text.data(), text.size(), 0755);
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
