#!/bin/bash
# PBS Pro job script in the Nurion (KISTI) style: the MPI lessons' exercises, pure MPI.
# Submit from the workbook's top folder:   qsub lessons/12_cluster/jobs/pbs_mpi.sh
#
#PBS -N mpi-exercises
#PBS -V
#PBS -q normal
#PBS -A etc
#   the program name: mandatory on Nurion
#PBS -l select=2:ncpus=68:mpiprocs=2:ompthreads=1
#   2 nodes, 2 MPI ranks on each (these exercises need few), 1 thread per rank
#PBS -l walltime=00:05:00

set -euo pipefail
cd "$PBS_O_WORKDIR"
bin=${WORKBOOK_BIN:-$PBS_O_WORKDIR/build/default/bin}
export OMP_NUM_THREADS=1
ranks=$(wc -l <"$PBS_NODEFILE")
echo "job ${PBS_JOBID:-?}: $ranks ranks on $(sort -u "$PBS_NODEFILE" | paste -sd' ')"
for program in 06_mpi.ring 06_mpi.pi_reduce 06_mpi.halo_exchange 07_mpi_pool.worker_loop; do
    [ -x "$bin/$program.exercise" ] || continue
    echo "== $program"
    mpirun -np "$ranks" --hostfile "$PBS_NODEFILE" -x OMP_NUM_THREADS "$bin/$program.exercise"
done
