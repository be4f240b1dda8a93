#!/bin/bash
# One batch over a Slurm job array of 4 tasks: `--shard auto` takes the task's place from
# SLURM_ARRAY_TASK_ID counted from SLURM_ARRAY_TASK_MIN, and the count from
# SLURM_ARRAY_TASK_COUNT; each task writes its quarter into out/ and its results-ID.jsonl.
#
#   sbatch docs/deploy/slurm-array.sh            # from the folder holding briefs.jsonl
#   jq -r .fingerprint out/results-*.jsonl | sort -u   # one line: every node set alike
#
# Every node needs the same jianbao and fonts (the Debian packages, or the image of
# docs/deploy/Containerfile under apptainer/podman); the fingerprint says whether they have.
#SBATCH --job-name=jianbao
#SBATCH --array=1-4
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=00:30:00
#SBATCH --output=jianbao-%A_%a.log
set -euo pipefail
mkdir -p out
exec jianbao render --manifest briefs.jsonl -d out/ --shard auto -j "${SLURM_CPUS_PER_TASK:-2}" -q \
  --results "out/results-${SLURM_ARRAY_TASK_ID}.jsonl"
