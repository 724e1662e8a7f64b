/// @file knl_map.cpp
/// @brief Where would my ranks and threads run on Nurion? The binding map of a hybrid job on
/// KNL nodes (68 cores, 4 hardware threads each), one character per core, computed by the
/// rule Open MPI's mapper applies to `--map-by ppr:N:node:PE=T --bind-to core`.
///
/// Nothing here needs a KNL machine or Open MPI: the rule is the lesson. On a real node,
/// `mpirun ... --report-bindings` prints what Open MPI did, to hold against this map.
#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <string>
#include <vector>

namespace {

/// One KNL 7250, as in Nurion's nodes: one socket, 68 cores, 4 hardware threads per core.
constexpr int knl_cores = 68;
constexpr int knl_threads_per_core = 4;

/// Where one rank runs: its node, and the neighbouring cores it is bound to.
struct Placement {
    int node;
    int first_core;
    int cores;
};

/// Open MPI's rule for `--map-by ppr:N:node:PE=T --bind-to core`: N processes per resource,
/// the resource being a node, so ranks 0..N-1 go to the first node, N..2N-1 to the second,
/// and so on; on its node, each rank is bound to the next T free cores (the processing
/// elements, PE), so rank r gets cores [(r mod N) x T, (r mod N) x T + T).
std::vector<Placement> map_ppr_node(int nodes, int ranks_per_node, int pe) {
    std::vector<Placement> ranks;
    for (int rank = 0; rank < nodes * ranks_per_node; ++rank) {
        const int local = rank % ranks_per_node;  // its place among the ranks of its node
        ranks.push_back({rank / ranks_per_node, local * pe, pe});
    }
    return ranks;
}

}  // namespace

int main(int argc, char** argv) {
    int nodes = 2, ranks_per_node = 4, threads = 17;
    workbook::Cli cli{
        "Lesson 12: the binding map of a hybrid job on Nurion's KNL nodes (68 cores each),\n"
        "computed by the rule Open MPI applies to --map-by ppr:N:node:PE=T --bind-to core.\n"
        "The defaults are the job script's select=2:ncpus=68:mpiprocs=4:ompthreads=17."};
    cli.option("--nodes", nodes, "nodes (select=N)", workbook::between(1, 64));
    cli.option("--ranks-per-node", ranks_per_node, "MPI ranks per node (mpiprocs)", workbook::between(1, knl_cores));
    cli.option("--threads", threads, "OpenMP threads per rank, one core each (ompthreads)",
               workbook::between(1, knl_cores));
    cli.parse(argc, argv);
    if (ranks_per_node * threads > knl_cores) {
        workbook::usage_error(fmt::format("{} ranks x {} threads is more than the {} cores of a KNL node",
                                          ranks_per_node, threads, knl_cores));
    }

    return workbook::run([&] {
        const auto ranks = map_ppr_node(nodes, ranks_per_node, threads);
        fmt::print("{} KNL nodes ({} cores x {} hardware threads), {} ranks per node x {} threads\n", nodes, knl_cores,
                   knl_threads_per_core, ranks_per_node, threads);
        fmt::print("$ mpirun -n {} --map-by ppr:{}:node:PE={} --bind-to core ...\n", ranks.size(), ranks_per_node,
                   threads);
        for (int node = 0; node < nodes; ++node) {
            fmt::print("node {}   one character per core: # = the rank's, . = another's or free\n", node);
            std::vector<int> bound(knl_cores, 0);  // how many ranks each core of the node is bound to
            for (std::size_t rank = 0; rank < ranks.size(); ++rank) {
                const Placement& p = ranks[rank];
                if (p.node != node) continue;
                std::string cores(knl_cores, '.');
                for (int core = p.first_core; core < p.first_core + p.cores; ++core) {
                    cores[core] = '#';
                    ++bound[core];
                }
                fmt::print("  rank {:>3}  {}\n", rank, cores);
            }
            int idle = 0, shared = 0;
            for (const int n : bound) {
                idle += n == 0;
                shared += n > 1;
            }
            fmt::print("  {} cores bound, {} idle, {} shared\n", knl_cores - idle, idle, shared);
        }
    });
}
