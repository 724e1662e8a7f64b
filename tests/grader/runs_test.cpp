// The run lines' one grammar: what an exercise's RUNS, RANKS and THREADS become, and how a
// lesson text's output marker is read.
#include "runs.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using grader::expand_runs;
using grader::parse_run;

namespace {

using Env = std::vector<std::pair<std::string, std::string>>;
using Args = std::vector<std::string>;

TEST(run_line, settings_come_first_then_arguments) {
    const grader::Run run = parse_run("ranks=3 OMP_NUM_THREADS=2 --n 10 --label x=y");
    EXPECT_EQ(run.ranks, 3);
    EXPECT_EQ(run.env, (Env{{"OMP_NUM_THREADS", "2"}}));
    // After the first argument a NAME=VALUE word is an argument like any other.
    EXPECT_EQ(run.args, (Args{"--n", "10", "--label", "x=y"}));
}

TEST(run_line, no_arguments_is_an_empty_run) {
    for (const char* line : {"<no arguments>", "", "   "}) {
        const grader::Run run = parse_run(line);
        EXPECT_EQ(run.ranks, 0) << line;
        EXPECT_TRUE(run.env.empty()) << line;
        EXPECT_TRUE(run.args.empty()) << line;
    }
}

TEST(run_line, a_program_marker_is_a_run_line_too) {
    const grader::Run run = parse_run("ranks=4 06_mpi.hello_mpi --verbose");
    EXPECT_EQ(run.ranks, 4);
    EXPECT_EQ(run.args, (Args{"06_mpi.hello_mpi", "--verbose"}));
}

TEST(run_line, bad_rank_counts_are_refused) {
    for (const char* line : {"ranks=0", "ranks=", "ranks=x", "ranks=-2", "ranks=5000", "ranks=99999999999"}) {
        EXPECT_THROW(parse_run(line), std::invalid_argument) << line;
    }
}

TEST(expand, every_set_at_every_rank_and_thread_count_in_order) {
    const auto runs = expand_runs({"--n 5", "<no arguments>"}, {2, 3}, {1, 4}, false);
    ASSERT_EQ(runs.size(), 8u);
    EXPECT_EQ(runs[0].ranks, 2);
    EXPECT_EQ(runs[0].args, (Args{"--n", "5", "--threads", "1"}));
    EXPECT_EQ(runs[1].args, (Args{"--n", "5", "--threads", "4"}));
    EXPECT_EQ(runs[2].ranks, 3);
    EXPECT_EQ(runs[7].ranks, 3);
    EXPECT_EQ(runs[7].args, (Args{"--threads", "4"}));
}

TEST(expand, openmp_programs_get_their_threads_from_the_environment) {
    const auto runs = expand_runs({"--size 64"}, {}, {2}, true);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].ranks, 0);
    EXPECT_EQ(runs[0].env, (Env{{"OMP_NUM_THREADS", "2"}}));
    EXPECT_EQ(runs[0].args, (Args{"--size", "64"}));
}

TEST(expand, nothing_declared_is_one_bare_run) {
    const auto runs = expand_runs({}, {}, {}, false);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_TRUE(runs[0].args.empty());
}

TEST(expand, a_line_with_its_own_ranks_beside_rank_counts_is_refused) {
    EXPECT_THROW(expand_runs({"ranks=2 --n 5"}, {3}, {}, false), std::invalid_argument);
    EXPECT_EQ(expand_runs({"ranks=2 --n 5"}, {}, {}, false).at(0).ranks, 2);
}

}  // namespace
