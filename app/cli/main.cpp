// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli: the engine for scripts and terminals.
#include "arguments.h"
#include "commands/commands.h"
#include "openmpwait.h"
#include "remedyhint.h"

#include "brushwork/error.h"
#include "brushwork/printable.h"
#include "brushwork/settingdocs.h"
#include "brushwork/version.h"

#include <iostream>

namespace {

const char* const kCommands = R"(Usage: brushwork-cli COMMAND [OPTIONS]

Commands:
  render CONTENT STYLE [STYLE ...] -o OUT   paint CONTENT in the style of the STYLE pictures
  render --project FILE [--resume] -o OUT   paint a saved project (--resume: go on from its picture)
  fast --model FILE CONTENT -o OUT          paint CONTENT at once with a fast style network
                                            (--size PX, default 512; --threads N; --memory-budget SIZE;
                                            --overwrite: replace a read-only OUT)
  instant CONTENT STYLE [STYLE ...] -o OUT  paint CONTENT at once in the style of any paintings, with
                                            the built-in networks (nothing to download)
  pattern PAINTING [PAINTING ...] -o OUT --size W[xH] [--seamless]
                                            a texture from the paintings alone (no photo); render's
                                            options apply
  bench [--size PX] [--random-weights]      time one loss evaluation against the bare network
        [--precision all] [--repeats N]     (all: an fp32 and a bf16 row, and their ratio; N pairs, 3)
        [--trace FILE]                      one evaluation's operators, for chrome://tracing
        [--regions K] [--seamless]          also time it with K regions / seamless: the cost as a ratio
  bench --quality --content F --style F     time until the loss falls to 50%, 10%, 5% of the photo's, and
        [--start instant|photo|former_default]  how much sooner than the former default (from the photo,
                                            every one of --iterations) the default reaches its
                                            plateau's loss (one row each; --start: only that one)
  bench --instant [--size PX]               time the built-in instant networks (style vector, painting)
  bench --print --content F --style F       each print (--sizes, 1024,1536,2048) beside its preview: time,
        [--sizes PX,...] [--save DIR]       SSIM and style loss relative to the preview's, optimised and
        [--paths both|optimised|instant]    instant (--save: the pairs as PNGs; --preview FILE: the
        [--preview FILE]                    optimised preview painted before, not painted again)
  bench --video [--method M] [--size PX]    time painting a clip: instant frames a second, optimize
                                            seconds a frame (a generated pan, flow and encoding included)
  models dir                                print the folder where weights are installed
  models list                               the installed networks and fast styles, with size and SHA-256
  models verify                             re-hash and load every installed file; names damaged ones
  models download [NAME] [--url URL] [--sha256 HEX]
                                            download NAME (vgg19 by default; or squeezenet), check its
                                            SHA-256 and install it; run again to resume (--url: a mirror,
                                            or the address of another network or a fast style)
  models import FILE [--network N]          check a safetensors or .pth file and install its convolutions
                                            (a fast style network goes to the fast style folder)
  models random FILE [--network N] [--seed N]  write random weights (for trying things out)
  batch new --photos F... --paintings F... [--seeds N...] [--name N] [render options] -o PLAN.json
                                            write a collection plan: photos x paintings x seeds
                                            (a blend: --paintings a.jpg,b.jpg; --method fast --models F...;
                                            --method instant [--strength S]: the built-in arbitrary style)
  batch run PLAN -o DIR [--shard K/N] [--jobs J] [--progress text|json|none]
        [--threads N] [--device D] [--autosave-every S]
                                            paint the plan's pieces (shard K of N) into DIR; run again to
                                            go on, many at once share DIR (in a Slurm array: the task's shard);
                                            --jobs J is checked against --memory-budget; --overwrite: replace
                                            read-only pieces
  batch status DIR                          done / running / failed / left, and why pieces failed
  batch retry-failed DIR                    queue the failed pieces again
  batch submit PLAN -o DIR [--tasks N] [--partition P] [--gpus-per-task G] [--time T] [--no-submit]
        [--cpus-per-task C] [--mem M] [--device D] [--job-name NAME]
                                            write DIR/batch.sbatch (a Slurm array) and submit it
  batch mint DIR --name NAME [--description TEXT] [--base-uri URI] [-o FOLDER] [--overwrite]
                                            the minting folder of a finished collection (DIR/mint)
  serve [--host 127.0.0.1] [--port 8080] [--token T | --token-file F] [--jobs N] [--queue N]
        [--max-upload SIZE] [--data DIR] [--allow-origin ORIGIN] [--retention HOURS]
                                            the HTTP API (/v1, described at /v1/openapi.json) and the web
                                            page at /; any --host but loopback needs a token (docs/server.md)
  video IN PAINTING [PAINTING ...] -o OUT   paint a clip (a video, an animated GIF or WebP, or a folder
                                            of numbered frames) steady from frame to frame; OUT: .mp4,
                                            .webm, .mkv (these three keep the sound where they can hold
                                            it), .gif, .webp or a folder of PNG frames. Run again after
                                            Ctrl-C to go on from the next frame. Options: see video options

render options:
  -o, --output FILE        .png, .jpg, .tif or .webp (--sixteen-bit for 16-bit PNG/TIFF, --jpeg-quality Q);
                           checked before the run, with --nft and --autosave: never one of the inputs
  --overwrite              replace an output file even if it is read-only
  --nft FOLDER             also write a minting folder (image, ERC-721 metadata, recipe, SHA256SUMS)
  --autosave FILE          keep a project + picture saved (each scale, every --autosave-every S, 120)
  --region N=MASK          paint the white of picture MASK in painting N's style (N from 1, in the
                           order given; grey: a soft edge); --region photo=MASK keeps the photo
                           there. Repeatable; elsewhere the blend of all paintings. MASK must have
                           the photo's shape. With --project: replaces the project's regions
  --save-every N           also write OUT_<iteration> every N iterations
  --progress text|json|none  json prints one object per iteration on stdout
)";

// The run settings' lines come from their table (brushwork/settingdocs.h).
const char* const kInstantOptions = R"(
instant options:
  -o, --output FILE        as render (--sixteen-bit, --jpeg-quality Q)
  --size PX | --print SIZE the picture's long side (default 512), or a print as for render (--dpi N)
  --style-weights A,B,...  blend of several paintings
  --region N=MASK | photo=MASK  as for render: each distinct style painted once, feathered together
  --seamless               as for render: the picture tiles without a seam, at any size
  --preserve-colors none|luminance|histogram   keep the photo's colours (default none)
  --device auto|cpu|cuda, --threads N          as below
  --memory-budget SIZE     as for render: a larger picture is refused before anything is loaded
)";

const char* const kVideoOptions = R"(
video options (and --strength, --style-weights, --preserve-colors, --device, --threads as for instant;
with --method optimize, the render and engine options):
  --method instant|optimize  instant (default): the built-in network, one pass a frame; optimize: each
                           frame starts from the previous one moved along the motion (Ruder et al. 2016)
  --size PX                the frames' long side (default 512)
  --frames A-B             the first and last frame to paint, counted from 1 (default: all)
  --fps N                  the clip resampled in time to N frames a second (default: the clip's own)
  --temporal-weight W      how strongly a frame holds to the previous one where the motion is reliable
                           (default 1 for instant, 300 for optimize); --no-temporal: each frame alone
  --iterations N           with optimize: evaluations per frame (default 100)
)";

const char* const kEngineOptions = R"(
engine options (render, bench):
  --device auto|cpu|cuda   (default auto)
  --threads N              CPU threads (default: all physical cores; at most the CPUs there are)
)";

const char* const kExitCodes = R"(
Exit codes: 0 done, 1 failure, 2 usage error, 3 bad input (image, weights or project, or work larger
than the memory budget), 4 interrupted, 5 download failed (network, server or checksum; nothing installed).
)";

std::string usage()
{
    using brushwork::SettingGroup;
    return kCommands + brushwork::settingHelpLines(SettingGroup::Output) +
           brushwork::settingHelpLines(SettingGroup::Picture) + kInstantOptions +
           brushwork::settingHelpLines(SettingGroup::Instant) + kVideoOptions + kEngineOptions +
           brushwork::settingHelpLines(SettingGroup::Engine) + kExitCodes;
}

/// Messages name files and values from plans and folders others wrote: an
/// escape sequence in one must not reach the terminal.
std::string printable(const char* message)
{
    return brushwork::printableText(message, 64 * 1024);
}

int dispatch(const std::vector<std::string>& args)
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage();
        return args.empty() ? cli::kUsage : cli::kSuccess;
    }
    if (args[0] == "--version") {
        std::cout << "brushwork-cli " << BRUSHWORK_VERSION << "\n";
        return cli::kSuccess;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "render")
        return cli::renderCommand(rest);
    if (args[0] == "fast")
        return cli::fastCommand(rest);
    if (args[0] == "instant")
        return cli::instantCommand(rest);
    if (args[0] == "pattern")
        return cli::patternCommand(rest);
    if (args[0] == "bench")
        return cli::benchCommand(rest);
    if (args[0] == "models")
        return cli::modelsCommand(rest);
    if (args[0] == "batch")
        return cli::batchCommand(rest);
    if (args[0] == "serve")
        return cli::serveCommand(rest);
    if (args[0] == "video")
        return cli::videoCommand(rest);
    throw cli::UsageError("unknown command \"" + args[0] + "\"");
}

} // namespace

int main(int argc, char** argv)
{
    cli::restartWithPassiveThreadsFor(argc, argv);
    try {
        return dispatch(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const cli::HelpRequested&) {
        std::cout << usage();
        return cli::kSuccess;
    } catch (const cli::UsageError& error) {
        std::cerr << "brushwork-cli: " << printable(error.what()) << "\nTry 'brushwork-cli --help'.\n";
        return cli::kUsage;
    } catch (const brushwork::Error& error) {
        std::cerr << "brushwork-cli: " << printable(error.what()) << "\n";
        if (const std::string hint = cli::remedyHint(error.remedy()); !hint.empty())
            std::cerr << hint << "\n";
        // Work refused by its memory estimate, before it started, is a request
        // too large for this machine, not a failure of the run.
        if (error.kind() == brushwork::ErrorKind::Resource && error.remedy() == brushwork::Remedy::AllowMoreMemory)
            return cli::kBadInput;
        switch (error.kind()) {
        case brushwork::ErrorKind::BadInput:
            return cli::kBadInput;
        case brushwork::ErrorKind::Usage:
            return cli::kUsage;
        case brushwork::ErrorKind::Download:
            return cli::kDownloadFailed;
        default:
            return cli::kFailure;
        }
    } catch (const std::exception& error) {
        std::cerr << "brushwork-cli: " << printable(error.what()) << "\n";
        return cli::kFailure;
    }
}
