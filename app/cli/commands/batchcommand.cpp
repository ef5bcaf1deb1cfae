// SPDX-License-Identifier: GPL-3.0-or-later
#include "batchcommands.h"

#include "arguments.h"
#include "commands.h"

#include "brushwork/collectionfolder.h"
#include "brushwork/collectionmint.h"
#include "brushwork/error.h"
#include "brushwork/printable.h"

#include <filesystem>
#include <iostream>

namespace cli {

std::vector<std::string> withLongOutput(const std::vector<std::string>& args)
{
    std::vector<std::string> renamed;
    for (const std::string& arg : args)
        renamed.push_back(arg == "-o" ? "--o" : arg);
    return renamed;
}

namespace {

/// The folder of a collection that `batch run` or `batch submit` started.
brushwork::CollectionFolder existingCollection(const std::string& path)
{
    std::error_code error;
    if (!std::filesystem::is_directory(path, error))
        throw brushwork::Error(brushwork::ErrorKind::BadInput, path, "there is no such folder",
                               "Give the folder that 'brushwork-cli batch run PLAN -o DIR' rendered into");
    return brushwork::CollectionFolder(path);
}

} // namespace

int batchCommand(const std::vector<std::string>& args)
{
    if (args.empty())
        throw UsageError("batch needs a verb: new, run, status, retry-failed, submit or mint");
    if (args[0] == "--help" || args[0] == "-h")
        throw HelpRequested{}; // as every other command answers it

    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "new")
        return batchNewCommand(rest);
    if (args[0] == "run")
        return batchRunCommand(rest);
    if (args[0] == "submit")
        return batchSubmitCommand(rest);
    if (args[0] == "status")
        return batchStatusCommand(rest);
    if (args[0] == "retry-failed")
        return batchRetryFailedCommand(rest);
    if (args[0] == "mint")
        return batchMintCommand(rest);
    throw UsageError("unknown batch verb \"" + args[0] + "\" (new, run, status, retry-failed, submit or mint)");
}

int batchStatusCommand(const std::vector<std::string>& args)
{
    const Arguments parsed(args, {}, {});
    if (parsed.positional().size() != 1)
        throw UsageError("batch status needs the collection's folder");
    const brushwork::CollectionFolder folder = existingCollection(parsed.positional()[0]);
    const brushwork::CollectionStatus status = folder.status();
    std::cout << "done " << status.done.size() << ", running " << status.running.size() << ", failed "
              << status.failed.size() << ", left " << status.left.size() << "\n";
    for (const std::string& id : status.running)
        std::cout << "running " << id << "\n";
    for (const std::string& id : status.failed)
        std::cout << "failed  " << id << ": " << brushwork::printableText(status.failures.at(id), 2000) << "\n";
    return kSuccess;
}

int batchRetryFailedCommand(const std::vector<std::string>& args)
{
    const Arguments parsed(args, {}, {});
    if (parsed.positional().size() != 1)
        throw UsageError("batch retry-failed needs the collection's folder");
    brushwork::CollectionFolder folder = existingCollection(parsed.positional()[0]);
    const std::vector<std::string> retried = folder.retryFailed();
    for (const std::string& id : retried)
        std::cout << "queued again " << id << "\n";
    std::cerr << retried.size() << " failed piece" << (retried.size() == 1 ? " is" : "s are")
              << " queued again; 'brushwork-cli batch run' paints them\n";
    return kSuccess;
}

int batchMintCommand(const std::vector<std::string>& rawArgs)
{
    const Arguments parsed(withLongOutput(rawArgs), {"name", "description", "base-uri", "o", "output"}, {"overwrite"});
    if (parsed.positional().size() != 1)
        throw UsageError("batch mint needs the collection's folder");
    const std::string dir = parsed.positional()[0];
    brushwork::MintDetails details;
    details.name = parsed.text("name", "");
    if (details.name.empty())
        throw UsageError("batch mint needs --name NAME, the collection's name");
    details.description = parsed.text("description", "");
    details.baseUri = parsed.text("base-uri", "");
    if (!details.baseUri.empty() && details.baseUri.back() != '/')
        details.baseUri += '/';
    const std::string out = parsed.text("o") ? *parsed.text("o") : parsed.text("output", (std::filesystem::path(dir) / "mint").string());
    const brushwork::CollectionFolder folder = existingCollection(dir);
    const brushwork::MintResult result = brushwork::mintCollection(folder, out, details, parsed.has("overwrite"));
    std::cout << "provenance " << result.provenance << "\n";
    std::cerr << "Minted " << result.tokens << " tokens into " << result.folder
              << " ('sha256sum -c SHA256SUMS' there checks every file)\n";
    return kSuccess;
}

} // namespace cli
