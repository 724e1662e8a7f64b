#!/bin/bash
# PBS Pro job script in the Nurion (KISTI) style: hybrid MPI + OpenMP on KNL nodes.
# Submit from the workbook's top folder:   qsub lessons/12_cluster/jobs/pbs_hybrid.sh
#
#PBS -N hybrid
#   the job's name in qstat
#PBS -V
#   take the environment of the qsub shell (loaded modules, PATH) into the job
#PBS -q normal
#   the queue (Nurion: normal, long, flat, debug, ...)
#PBS -A etc
#   the program (application) name: mandatory on Nurion, for its usage statistics
#PBS -l select=2:ncpus=68:mpiprocs=4:ompthreads=17
#   2 nodes ("chunks"), each with all 68 KNL cores, 4 MPI ranks and 17 threads per rank
#   (mpiprocs x ompthreads = 68: one thread per core)
#PBS -l walltime=00:10:00
#   wall-clock limit

set -euo pipefail
cd "$PBS_O_WORKDIR"                  # PBS starts jobs in the home folder; go where qsub ran
bin=${WORKBOOK_BIN:-$PBS_O_WORKDIR/build/default/bin}

# PBS sets OMP_NUM_THREADS (from ompthreads) only for the first rank's environment: export
# it and hand it to every rank with mpirun -x, or the other ranks start one thread per core
# each (68 x 4 threads on 68 cores).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-17}
export OMP_PLACES=cores
export OMP_PROC_BIND=close
ranks=$(wc -l <"$PBS_NODEFILE")      # one line per rank: mpiprocs lines per node
echo "job ${PBS_JOBID:-?}: $ranks ranks x $OMP_NUM_THREADS threads on $(sort -u "$PBS_NODEFILE" | paste -sd' ')"

# Each rank gets OMP_NUM_THREADS cores of its own (PE=...), its threads bound inside them.
mpirun -np "$ranks" --hostfile "$PBS_NODEFILE" --map-by "ppr:$((ranks / $(sort -u "$PBS_NODEFILE" | wc -l))):node:PE=$OMP_NUM_THREADS" \
    --bind-to core -x OMP_NUM_THREADS -x OMP_PLACES -x OMP_PROC_BIND "$bin/12_cluster.hybrid_hello"
mpirun -np "$ranks" --hostfile "$PBS_NODEFILE" -x OMP_NUM_THREADS "$bin/12_cluster.hybrid_pi" --n "${WORKBOOK_PI_STEPS:-20000000000}"
