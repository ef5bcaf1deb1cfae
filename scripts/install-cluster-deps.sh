#!/usr/bin/env bash
# Installs Debian's Slurm and MUNGE for the cluster tests (ctest -L cluster),
# skipping what is already present (see install-packages.sh). Separate from
# install-deps.sh because nobody needs a scheduler to build or use Brushwork.
set -euo pipefail

packages=(slurmctld slurmd slurm-client munge)

exec "$(dirname "$0")/install-packages.sh" --no-daemons "${packages[@]}"
