#include "workbook/mpi.hpp"

#include "workbook/cli.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

namespace workbook::mpi {
namespace {

/// Every rank shuts MPI down before exit: a rank that exits without MPI_Finalize makes
/// mpiexec report the job as failed and kill the others.
void finalize_if_running() {
    int initialized = 0;
    int finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (initialized && !finalized) MPI_Finalize();
}

}  // namespace

namespace {

/// An MPI call on MPI_COMM_WORLD that fails (a wrong argument, an aliased buffer) ends the
/// job with one line that says which rank and why. Open MPI's own report of it is a
/// boxed paragraph that the launcher's -q (which keeps bad input to one line) hides, and
/// without any report the student sees only "exited with code 13".
void report_mpi_error(MPI_Comm* comm, int* code, ...) {
    char text[MPI_MAX_ERROR_STRING] = {};
    int length = 0;
    MPI_Error_string(*code, text, &length);
    int rank = -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    fmt::print(stderr, "{}: rank {}: an MPI call failed: {}\n", program_name(), rank,
               std::string_view(text, static_cast<std::size_t>(length)));
    std::fflush(stderr);
    MPI_Abort(*comm, *code);
}

}  // namespace

Session::Session(int& argc, char**& argv, int thread_level) {
    MPI_Init_thread(&argc, &argv, thread_level, &thread_level_);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Errhandler handler = MPI_ERRHANDLER_NULL;
    MPI_Comm_create_errhandler(report_mpi_error, &handler);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, handler);
    MPI_Errhandler_free(&handler);
    // Every rank sees the same command line, so every rank reaches the same verdict on it;
    // only rank 0 says it.
    set_exit_policy({.speaks = rank_ == 0, .before_exit = finalize_if_running});
    if (thread_level_ < thread_level) {
        if (rank_ == 0) {
            fmt::print(stderr, "this MPI library offers thread level {}, the program needs {}\n", thread_level_,
                       thread_level);
        }
        exit_program(1);
    }
}

Session::~Session() {
    set_exit_policy({});
    finalize_if_running();
}

void print_in_rank_order(std::string_view text) {
    int rank = 0;
    int size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    // First how long each rank's text is, then the texts themselves, end to end.
    const int length = static_cast<int>(text.size());
    std::vector<int> lengths(rank == 0 ? size : 0);
    MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> offsets(lengths.size());
    int total = 0;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
        offsets[r] = total;
        total += lengths[r];
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        std::fwrite(all.data(), 1, all.size(), stdout);
        std::fflush(stdout);
    }
}

int run(const std::function<void()>& body) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    std::string failure;
    try {
        body();
        return 0;
    } catch (const std::exception& error) { failure = error.what(); } catch (...) {
        failure = "an unknown exception";
    }
    fmt::print(stderr, "{}: rank {}: error: {}\n", program_name(), rank, failure);
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    return 1;
}

}  // namespace workbook::mpi

#if defined(__SANITIZE_ADDRESS__)
// The asan preset: Open MPI and the libraries under it (PMIx, hwloc, libevent, its plug-ins)
// keep some memory until the process ends, on purpose. Those are not the lesson's leaks, so
// LeakSanitizer is told to ignore them; their stacks pass through libraries built without
// frame pointers, which only the slow unwinder can walk to find the library's name.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libmpi.so\nleak:libopen-pal.so\nleak:libopen-rte.so\nleak:libpmix.so\n"
           "leak:libhwloc.so\nleak:libevent\nleak:mca_\n";
}
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
#endif
