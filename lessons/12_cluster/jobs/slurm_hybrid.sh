#!/bin/bash
# Slurm job script: hybrid MPI + OpenMP. One MPI rank per node, each with a team of
# OpenMP threads on that node's cores. Submit from the workbook's top folder:
#     sbatch lessons/12_cluster/jobs/slurm_hybrid.sh
#
#SBATCH --job-name=hybrid            # the name squeue shows
#SBATCH --nodes=2                    # how many nodes (machines)
#SBATCH --ntasks-per-node=1          # MPI ranks on each node
#SBATCH --cpus-per-task=2            # cores for each rank: its OpenMP threads run on them
#SBATCH --time=00:05:00              # wall-clock limit; the job is killed after it
#SBATCH --output=hybrid-%j.out       # stdout and stderr; %j is the job number
##SBATCH --partition=normal          # (a site's queue: ask `sinfo` which exist)
##SBATCH --account=myproject         # (sites that bill compute time to a project)

set -euo pipefail
# Where the programs are: the build of the folder the job was submitted from.
bin=${WORKBOOK_BIN:-$SLURM_SUBMIT_DIR/build/default/bin}

# As many OpenMP threads as the cores Slurm gave each rank, kept on those cores.
export OMP_NUM_THREADS=$SLURM_CPUS_PER_TASK
export OMP_PLACES=cores              # one place per core
export OMP_PROC_BIND=close           # threads on neighbouring cores, near their rank's memory
# Since Slurm 22.05, srun no longer takes --cpus-per-task from sbatch: without this line each
# rank would get one core, and its threads would all share it.
export SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK

echo "job $SLURM_JOB_ID: $SLURM_NNODES nodes ($SLURM_JOB_NODELIST), $SLURM_NTASKS ranks x $OMP_NUM_THREADS threads"
# srun starts the ranks itself (PMIx tells each its rank); mpirun would work here too.
srun --mpi=pmix "$bin/12_cluster.hybrid_hello"
srun --mpi=pmix "$bin/12_cluster.hybrid_pi" --n 1000000000
