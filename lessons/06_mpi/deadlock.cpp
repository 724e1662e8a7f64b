/// @file deadlock.cpp
/// @brief The classic MPI deadlock (everyone sends, nobody receives) and two ways out.
///
/// Every rank sends a message to its right-hand neighbour in a ring and receives one from
/// its left. Written the obvious way, send first, then receive, every rank waits in its
/// send for a receive that no rank ever reaches.
#include "job_cost.hpp"

#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <cstddef>
#include <vector>

namespace {

constexpr int tag = 7;

struct Ring {
    int rank, size, right, left;
};

/// The obvious version: send, then receive. MPI_Send of a large message waits until the
/// receiver has posted a matching receive (small ones may be buffered and return at once,
/// which is why this bug can hide in tests with small data). This demo uses the
/// synchronous send MPI_Issend, which always waits like that, and waits for it with a
/// deadline, so that it can report the deadlock instead of hanging forever.
bool send_then_receive(const Ring& ring, std::vector<double>& out, std::vector<double>& in, double patience) {
    MPI_Request send;
    MPI_Issend(out.data(), static_cast<int>(out.size()), MPI_DOUBLE, ring.right, tag, MPI_COMM_WORLD, &send);
    const double give_up = MPI_Wtime() + patience;
    int sent = 0;
    while (!sent && MPI_Wtime() < give_up) MPI_Test(&send, &sent, MPI_STATUS_IGNORE);
    // Every rank decides together whether anyone got through (nobody will).
    int anyone_sent = 0;
    MPI_Allreduce(&sent, &anyone_sent, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    // Untangle, so the demo can go on: post the receive that was never reached.
    MPI_Recv(in.data(), static_cast<int>(in.size()), MPI_DOUBLE, ring.left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Wait(&send, MPI_STATUS_IGNORE);
    return anyone_sent != 0;
}

/// Fix 1: break the cycle. Even ranks send first, odd ranks receive first, so every send
/// meets a receive that is already waiting (or soon will be).
void ordered(const Ring& ring, std::vector<double>& out, std::vector<double>& in) {
    const int count = static_cast<int>(out.size());
    if (ring.rank % 2 == 0) {
        MPI_Send(out.data(), count, MPI_DOUBLE, ring.right, tag, MPI_COMM_WORLD);
        MPI_Recv(in.data(), count, MPI_DOUBLE, ring.left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
        MPI_Recv(in.data(), count, MPI_DOUBLE, ring.left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(out.data(), count, MPI_DOUBLE, ring.right, tag, MPI_COMM_WORLD);
    }
}

/// Fix 2: don't wait while starting. MPI_Irecv and MPI_Isend only *start* the transfers;
/// MPI_Waitall then waits for both, and MPI can match them in any order.
void nonblocking(const Ring& ring, std::vector<double>& out, std::vector<double>& in) {
    const int count = static_cast<int>(out.size());
    MPI_Request requests[2];
    MPI_Irecv(in.data(), count, MPI_DOUBLE, ring.left, tag, MPI_COMM_WORLD, &requests[0]);
    MPI_Isend(out.data(), count, MPI_DOUBLE, ring.right, tag, MPI_COMM_WORLD, &requests[1]);
    MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
}

/// Fix 2, packaged: MPI_Sendrecv is a send and a receive that MPI does together.
void sendrecv(const Ring& ring, std::vector<double>& out, std::vector<double>& in) {
    const int count = static_cast<int>(out.size());
    MPI_Sendrecv(out.data(), count, MPI_DOUBLE, ring.right, tag, in.data(), count, MPI_DOUBLE, ring.left, tag,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/// Did every rank receive its left neighbour's message? (Each message is filled with the
/// sender's rank.)
bool everyone_received(const Ring& ring, const std::vector<double>& in) {
    int ok = in.front() == ring.left && in.back() == ring.left;
    int all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all_ok != 0;
}

}  // namespace

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    long count = 1L << 17;
    double patience = 2.0;
    workbook::Cli cli{
        "Lesson 06: the send/send deadlock. Every rank sends to its right neighbour, then\n"
        "receives from its left: nobody ever receives. Shown with a deadline (--patience),\n"
        "then fixed twice: ordered calls, and non-blocking calls (and MPI_Sendrecv)."};
    cli.option("--count", count, "doubles per message", workbook::between(1, 1L << 26));
    cli.option("--patience", patience, "seconds to wait before calling it a deadlock", workbook::between(0.1, 60));
    cli.parse(argc, argv);
    if (mpi.size() < 2) workbook::usage_error("a ring needs at least 2 ranks");
    // Every rank holds a message to send and one to receive; four exchanges of them at about
    // 1 GB/s (a rough figure of a 2-core test machine) after the wait of --patience.
    const double message = sizeof(double) * static_cast<double>(count);
    lesson06::announce_job_cost(fmt::format("a ring of messages of {} doubles", count), 2.0 * message * mpi.size(),
                                patience + 4 * message / 1e9);

    return workbook::mpi::run([&] {
        const Ring ring{mpi.rank(), mpi.size(), (mpi.rank() + 1) % mpi.size(),
                        (mpi.rank() + mpi.size() - 1) % mpi.size()};
        std::vector<double> out(static_cast<std::size_t>(count), ring.rank), in(out.size());
        const bool root = mpi.is_root();  // rank 0 tells the story
        if (root)
            fmt::print("{} ranks in a ring, each sends {} double{} ({} bytes) to its right neighbour\n\n", ring.size,
                       count, count == 1 ? "" : "s", count * 8);

        if (root) fmt::print("1. send, then receive (every rank at once):\n");
        if (send_then_receive(ring, out, in, patience)) {
            if (root) fmt::print("   a send got through: this MPI buffered the message (try a larger --count)\n");
        } else {
            if (root)
                fmt::print(
                    "   no rank got out of its send in {} s: DEADLOCK. Each send waits for a receive\n"
                    "   that its neighbour will only post after its own send. (A real program hangs\n"
                    "   here for ever; the demo stopped waiting, and untangled it to go on.)\n",
                    patience);
        }

        const auto attempt = [&](const char* title, auto exchange) {
            std::fill(in.begin(), in.end(), -1.0);
            MPI_Barrier(MPI_COMM_WORLD);
            const double start = MPI_Wtime();
            exchange(ring, out, in);
            const double seconds = MPI_Wtime() - start;
            const bool ok = everyone_received(ring, in);
            if (root)
                fmt::print("{}\n   {}, in {:.2f} ms\n", title,
                           ok ? "every rank received its left neighbour's message" : "WRONG DATA", seconds * 1e3);
        };
        attempt("2. fix 1: even ranks send first, odd ranks receive first:", ordered);
        attempt("3. fix 2: MPI_Irecv + MPI_Isend, then MPI_Waitall:", nonblocking);
        attempt("4. fix 2, packaged: MPI_Sendrecv:", sendrecv);
    });
}
