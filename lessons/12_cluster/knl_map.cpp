/// @file knl_map.cpp
/// @brief Where would my ranks and threads run on Nurion? Open MPI's mapper, run on
/// simulated KNL nodes (68 cores, 4 hardware threads each), prints the binding map of a job
/// without starting it; this program shows that map one character per core.
///
/// Nothing here needs a KNL machine: hwloc's lstopo writes the topology of a made-up node,
/// and `mpirun --mca ras simulator` maps a job onto such nodes with --do-not-launch.
#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

constexpr int knl_cores = 68;

/// Runs a shell command and returns what it printed (stdout and stderr).
std::string output_of(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>&1").c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::string text;
    char buffer[4096];
    while (const auto got = std::fread(buffer, 1, sizeof buffer, pipe.get())) text.append(buffer, got);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    int nodes = 2, ranks_per_node = 4, threads = 17;
    workbook::Cli cli{"Lesson 12: the binding map of a hybrid job on Nurion's KNL nodes (68 cores each),\n"
                      "computed by Open MPI's mapper on simulated nodes, without running anything.\n"
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
        const auto topology = std::filesystem::temp_directory_path() / fmt::format("knl-{}.xml", getpid());
        // One KNL 7250: one socket, 68 cores, 4 hardware threads (PUs) per core.
        const auto made = output_of(fmt::format("lstopo-no-graphics --input 'package:1 core:68 pu:4' --of xml '{}'",
                                                topology.string()));
        if (!std::filesystem::exists(topology)) throw std::runtime_error("lstopo failed: " + made);
        const std::string mapping = fmt::format("ppr:{}:node:PE={}", ranks_per_node, threads);
        // The mapper runs in a minimal environment (PATH, and Open MPI's own variables if the
        // caller set any): Debian's Open MPI 4.1.4 simulator reads uninitialised memory (its
        // "Total slots allocated" line is garbage) and, depending on how large the
        // environment is, crashes while printing the map. With the same few variables it
        // behaves the same every time.
        std::string environment = "env -i PATH=\"$PATH\"";
        for (const char* name : {"OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"}) {
            if (const char* value = std::getenv(name)) environment += fmt::format(" {}={}", name, value);
        }
        const std::string command = fmt::format(
            "{} {} --mca ras simulator --mca ras_simulator_num_nodes {} --mca ras_simulator_topo_files {} "
            "--map-by {} --bind-to core --display-map --do-not-launch -n {} hostname",
            environment, WORKBOOK_MPIRUN, nodes, topology.string(), mapping, nodes * ranks_per_node);
        const std::string map = output_of(command);
        std::filesystem::remove(topology);

        fmt::print("{} simulated KNL nodes (68 cores x 4 hardware threads), {} ranks per node x {} threads\n", nodes,
                   ranks_per_node, threads);
        fmt::print("$ mpirun --map-by {} --bind-to core --display-map ...\n", mapping);
        // "Data for node: nodeA0 ..." starts a node; each rank's line ends with its map,
        // [BBBB/..../...]: one group per core, one letter per hardware thread, B = bound.
        const std::regex node_line(R"(Data for node: (\S+))");
        const std::regex rank_line(R"(Process rank: (\d+) Bound: .*:\[([B./]+)\])");
        int ranks_seen = 0;
        std::istringstream lines(map);
        for (std::string line; std::getline(lines, line);) {
            std::smatch m;
            if (std::regex_search(line, m, node_line)) {
                fmt::print("node {}   one character per core: # = the rank's, . = another's or free\n", m[1].str());
            } else if (std::regex_search(line, m, rank_line)) {
                std::string cores;
                const std::string groups = m[2].str();
                for (std::size_t at = 0; at < groups.size(); at = groups.find('/', at) == std::string::npos
                                                                       ? groups.size()
                                                                       : groups.find('/', at) + 1) {
                    cores += groups[at] == 'B' ? '#' : '.';
                }
                fmt::print("  rank {:>3}  {}\n", m[1].str(), cores);
                ++ranks_seen;
            }
        }
        if (ranks_seen != nodes * ranks_per_node) {
            throw std::runtime_error("the mapper printed no map for every rank:\n" + map);
        }
    });
}
