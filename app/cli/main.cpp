// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli: the engine for scripts and terminals.
#include "arguments.h"
#include "commands/commands.h"
#include "remedyhint.h"

#include "brushwork/error.h"
#include "brushwork/printable.h"
#include "brushwork/version.h"

#include <iostream>

namespace {

const char* const kUsage = R"(Usage: brushwork-cli COMMAND [OPTIONS]

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
  batch mint DIR --name NAME [--description TEXT] [--base-uri URI] [-o FOLDER]
                                            the minting folder of a finished collection (DIR/mint)

render options:
  -o, --output FILE        .png, .jpg, .tif or .webp (--sixteen-bit for 16-bit PNG/TIFF, --jpeg-quality Q);
                           checked before the run, with --nft and --autosave: never one of the inputs
  --overwrite              replace an output file even if it is read-only
  --size PX                output's long side (default 512)
  --print SIZE             a print instead of --size: A4, A3, A2, 30x20cm, 8x10in[@DPI] or 4000px
  --dpi N                  resolution written into the file (set by --print)
  --nft FOLDER             also write a minting folder (image, ERC-721 metadata, recipe, SHA256SUMS)
  --memory-budget SIZE     memory the run may use, e.g. 6G (default 80% of free); larger scales are tiled
  --tile PX                paint scales larger than PX in tiles of PX
  --autosave FILE          keep a project + picture saved (each scale, every --autosave-every S, 120)
  --iterations N           evaluations in all, coarse to fine (default 500); the run ends sooner
                           when the picture stops changing, unless --no-early-stop
  --plateau PCT            the picture has stopped changing once 10 iterations lower the loss by less
                           than PCT percent (default 2; 0.5 polishes about twice as long)
  --content-weight F       how much the photo's shapes count (default 1)
  --style-weight F         how much the painting's texture counts (default 10)
  --tv-weight F            smoothness (default 1)
  --style-weights A,B,...  blend of several styles
  --style-scale F          size of the style's strokes relative to the output (default 1)
  --optimizer lbfgs|adam   (default lbfgs); --learning-rate F for adam, --lbfgs-history N (default 20)
  --init instant|content|noise|FILE  starting picture (default instant: the photo painted by the
                           built-in arbitrary-style network, then refined at the final size only;
                           the photo when that network is missing)
  --pooling max|avg        (default max)
  --preserve-colors none|luminance|histogram   keep the photo's colours (default none)
  --content-layers L,...   e.g. relu4_2;  --style-layers L[:W],...  e.g. relu1_1,relu2_1:0.5
  --first-scale PX         long side of the coarsest scale (default 128)
  --seed N                 makes CPU runs repeat exactly
  --region N=MASK          paint the white of picture MASK in painting N's style (N from 1, in the
                           order given; grey: a soft edge); --region photo=MASK keeps the photo
                           there. Repeatable; elsewhere the blend of all paintings. MASK must have
                           the photo's shape
  --seamless               the picture tiles left-right and top-bottom without a seam
  --save-every N           also write OUT_<iteration> every N iterations
  --progress text|json|none  json prints one object per iteration on stdout

instant options:
  -o, --output FILE        as render (--sixteen-bit, --jpeg-quality Q)
  --size PX | --print SIZE the picture's long side (default 512), or a print as for render (--dpi N)
  --strength S             0..1: how far from the photo's own style to the paintings' (default 1)
  --style-weights A,B,...  blend of several paintings
  --region N=MASK | photo=MASK  as for render: each distinct style painted once, feathered together
  --seamless               the picture tiles without a seam (sides that are multiples of 4)
  --preserve-colors none|luminance|histogram   keep the photo's colours (default none)
  --device auto|cpu|cuda, --threads N          as below
  --memory-budget SIZE     as for render: a larger picture is refused before anything is loaded

engine options (render, bench):
  --weights FILE           safetensors or .pth weights (default: the installed VGG19, else the built-in SqueezeNet)
  --network auto|vgg19|squeezenet   (default: recognised from the file)
  --device auto|cpu|cuda   (default auto)
  --threads N              CPU threads (default: all physical cores; at most the CPUs there are)
  --precision auto|fp32|bf16|fp16  the network's convolutions (default: bf16 on GPUs and on
                           CPUs with AVX-512 BF16, fp32 on other CPUs, where bf16 is slower)

Exit codes: 0 done, 1 failure, 2 usage error, 3 bad input (image, weights or project, or work larger
than the memory budget), 4 interrupted, 5 download failed (network, server or checksum; nothing installed).
)";

/// Messages name files and values from plans and folders others wrote: an
/// escape sequence in one must not reach the terminal.
std::string printable(const char* message)
{
    return brushwork::printableText(message, 64 * 1024);
}

int dispatch(const std::vector<std::string>& args)
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
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
    throw cli::UsageError("unknown command \"" + args[0] + "\"");
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return dispatch(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const cli::HelpRequested&) {
        std::cout << kUsage;
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
