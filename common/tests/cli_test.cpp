#include <workbook/cli.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

/// Parses `words` (program name first) into a Cli with a --threads option in [1, 1024].
int parse_threads(std::vector<std::string> words) {
    int threads = 4;
    workbook::Cli cli{"A test program."};
    cli.option("--threads", threads, "threads to start", workbook::between(1, 1024));
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    cli.parse(static_cast<int>(argv.size()), argv.data());
    return threads;
}

}  // namespace

TEST(cli, accepts_a_value_in_range) {
    EXPECT_EQ(parse_threads({"prog", "--threads", "7"}), 7);
    EXPECT_EQ(parse_threads({"prog", "--threads=1"}), 1);
    EXPECT_EQ(parse_threads({"prog"}), 4);
}

TEST(cli, negative_value_is_one_line_and_exit_2) {
    EXPECT_EXIT(parse_threads({"prog", "--threads", "-1"}), testing::ExitedWithCode(2),
                "^prog: --threads: -1 is not in 1 to 1024 \\(see --help\\)\n$");
}

TEST(cli, non_number_is_one_line_and_exit_2) {
    EXPECT_EXIT(parse_threads({"prog", "--threads", "abc"}), testing::ExitedWithCode(2),
                "^prog: --threads: 'abc' is not a number \\(see --help\\)\n$");
}

TEST(cli, unknown_option_is_one_line_and_exit_2) {
    EXPECT_EXIT(parse_threads({"prog", "--frobnicate"}), testing::ExitedWithCode(2),
                "^prog: .*frobnicate.*\\(see --help\\)\n$");
}

TEST(cli, help_says_what_the_program_teaches_and_exits_0) {
    EXPECT_EXIT(parse_threads({"prog", "--help"}), testing::ExitedWithCode(0), "");
    int threads = 3;
    workbook::Cli cli{"A test program."};
    cli.option("--threads", threads, "threads to start", workbook::between(1, 1024));
    const std::string help = cli.help();
    EXPECT_NE(help.find("A test program."), std::string::npos) << help;
    EXPECT_NE(help.find("--threads"), std::string::npos) << help;
    EXPECT_NE(help.find("=3"), std::string::npos) << "the default is shown:\n" << help;
    EXPECT_NE(help.find("(1 to 1024)"), std::string::npos) << "the range is shown:\n" << help;
}

TEST(run, turns_an_exception_into_one_line_and_exit_1) {
    EXPECT_EXIT(std::exit(workbook::run([] { throw std::runtime_error("disk on fire"); })),
                testing::ExitedWithCode(1), "error: disk on fire\n$");
    EXPECT_EQ(workbook::run([] {}), 0);
}

TEST(usage_error, is_one_line_and_exit_2) {
    EXPECT_EXIT(workbook::usage_error("a ring needs at least 2 ranks"), testing::ExitedWithCode(2),
                "a ring needs at least 2 ranks \\(see --help\\)\n$");
}
