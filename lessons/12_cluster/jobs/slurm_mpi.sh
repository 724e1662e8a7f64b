#!/bin/bash
# Slurm job script: the MPI lessons' exercises (06, 07) on several nodes, pure MPI (one
# thread per rank). Submit from the workbook's top folder:
#     sbatch lessons/12_cluster/jobs/slurm_mpi.sh
#
#SBATCH --job-name=mpi-exercises     # the name squeue shows
#SBATCH --nodes=2                    # how many nodes
#SBATCH --ntasks-per-node=2          # MPI ranks on each node: 4 in all
#SBATCH --cpus-per-task=1            # one core per rank
#SBATCH --time=00:05:00              # wall-clock limit
#SBATCH --output=mpi-exercises-%j.out

set -euo pipefail
bin=${WORKBOOK_BIN:-$SLURM_SUBMIT_DIR/build/default/bin}
export OMP_NUM_THREADS=1             # pure MPI: no thread teams inside the ranks

echo "job $SLURM_JOB_ID: $SLURM_NTASKS ranks on $SLURM_JOB_NODELIST"
# Your exercises (the .exercise programs); use .solution to see the expected output.
for program in 06_mpi.ring 06_mpi.pi_reduce 06_mpi.halo_exchange 07_mpi_pool.worker_loop; do
    [ -x "$bin/$program.exercise" ] || continue
    echo "== $program"
    srun --mpi=pmix "$bin/$program.exercise"
done
