#include <workbook/cli.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>

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

// A count in the spelling HPC users write sizes in: 1e3 is 1000; 2.5 threads is no count.
TEST(cli, a_count_takes_a_whole_number_in_any_spelling) {
    EXPECT_EQ(parse_threads({"prog", "--threads", "1e3"}), 1000);
    EXPECT_EQ(parse_threads({"prog", "--threads", "16.0"}), 16);
    EXPECT_EXIT(parse_threads({"prog", "--threads", "2.5"}), testing::ExitedWithCode(2),
                "^prog: --threads: '2.5' is not a whole number \\(see --help\\)\n$");
    EXPECT_EXIT(parse_threads({"prog", "--threads", "2e3"}), testing::ExitedWithCode(2), "2e3 is not in 1 to 1024");
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
    // The default is shown: CLI11 2.3 writes it "=3", CLI11 2.4 "[3]" (Debian 13, Ubuntu 24.04).
    EXPECT_TRUE(help.find("=3") != std::string::npos || help.find("[3]") != std::string::npos)
        << "the default is shown:\n"
        << help;
    EXPECT_NE(help.find("(1 to 1024)"), std::string::npos) << "the range is shown:\n" << help;
}

TEST(run, turns_an_exception_into_one_line_and_exit_1) {
    EXPECT_EXIT(std::exit(workbook::run([] { throw std::runtime_error("disk on fire"); })), testing::ExitedWithCode(1),
                "error: disk on fire\n$");
    EXPECT_EQ(workbook::run([] {}), 0);
}

TEST(usage_error, is_one_line_and_exit_2) {
    EXPECT_EXIT(workbook::usage_error("a ring needs at least 2 ranks"), testing::ExitedWithCode(2),
                "a ring needs at least 2 ranks \\(see --help\\)\n$");
}

// NaN compares false with every bound: without its own check it passes any range.
TEST(cli, nan_and_infinity_are_refused_like_any_bad_number) {
    double patience = 1.0;
    const auto parse_patience = [&](std::string value) {
        workbook::Cli cli{"A test program."};
        cli.option("--patience", patience, "seconds", workbook::between(0.001, 60));
        std::string name = "prog", flag = "--patience";
        char* argv[] = {name.data(), flag.data(), value.data()};
        cli.parse(3, argv);
    };
    EXPECT_EXIT(parse_patience("nan"), testing::ExitedWithCode(2),
                "^prog: --patience: 'nan' is not a finite number \\(see --help\\)\n$");
    EXPECT_EXIT(parse_patience("-inf"), testing::ExitedWithCode(2), "'-inf' is not a finite number");
    EXPECT_EXIT(parse_patience("infinity"), testing::ExitedWithCode(2), "'infinity' is not a finite number");
}

TEST(cli, an_echoed_argument_is_one_printable_line_and_short) {
    EXPECT_EXIT(parse_threads({"prog", "--threads", "1\nsecond line\x1b[31m"}), testing::ExitedWithCode(2),
                "^prog: --threads: '1\\\\nsecond line\\\\x1b\\[31m' is not a number \\(see --help\\)\n$");
    EXPECT_EXIT(parse_threads({"prog", "--threads", std::string(100000, '7') + "x"}), testing::ExitedWithCode(2),
                "^prog: --threads: '7{60}\\.\\.\\.' is not a number \\(see --help\\)\n$");
}

TEST(quoted, escapes_control_characters_and_shortens) {
    EXPECT_EQ(workbook::quoted("a\tb\nc"), "'a\\tb\\nc'");
    EXPECT_EQ(workbook::quoted("\x1b[2J"), "'\\x1b[2J'");
    EXPECT_EQ(workbook::quoted(std::string(10, 'x'), 4), "'xxxx...'");
}

// The environment is input too: libgomp crashes on OMP_NUM_THREADS=100000 and silently
// ignores OMP_NUM_THREADS=abc, so every program checks it like an option.
TEST(cli, a_bad_openmp_environment_is_one_line_and_exit_2) {
    EXPECT_EXIT((setenv("OMP_NUM_THREADS", "100000", 1), parse_threads({"prog"})), testing::ExitedWithCode(2),
                "^prog: OMP_NUM_THREADS='100000' is not a thread count from 1 to 1024.*\\(see --help\\)\n$");
    EXPECT_EXIT((setenv("OMP_NUM_THREADS", "abc", 1), parse_threads({"prog"})), testing::ExitedWithCode(2),
                "OMP_NUM_THREADS='abc'");
    EXPECT_EXIT((setenv("OMP_NUM_THREADS", "0", 1), parse_threads({"prog"})), testing::ExitedWithCode(2),
                "OMP_NUM_THREADS='0'");
    EXPECT_EXIT((setenv("OMP_STACKSIZE", "100G", 1), parse_threads({"prog"})), testing::ExitedWithCode(2),
                "OMP_STACKSIZE='100G'");
    EXPECT_EXIT((setenv("OMP_SCHEDULE", "bogus", 1), parse_threads({"prog"})), testing::ExitedWithCode(2),
                "OMP_SCHEDULE='bogus'");
}

TEST(check_openmp_environment, accepts_what_openmp_accepts) {
    const char* const names[] = {"OMP_NUM_THREADS", "OMP_STACKSIZE", "OMP_SCHEDULE", "OMP_PROC_BIND", "OMP_DYNAMIC"};
    const char* const values[] = {"4,2", "16M", "dynamic,4", "spread,close", "TRUE"};
    for (int k = 0; k < 5; ++k) {
        setenv(names[k], values[k], 1);
        EXPECT_EQ(workbook::check_openmp_environment(), "") << names[k] << "=" << values[k];
        unsetenv(names[k]);
    }
    setenv("OMP_NUM_THREADS", " 4 ", 1);  // blanks around it: libgomp allows them
    EXPECT_EQ(workbook::check_openmp_environment(), "");
    setenv("OMP_TARGET_OFFLOAD", "mandatory", 1);  // any case, as libgomp compares
    EXPECT_EQ(workbook::check_openmp_environment(), "");
    unsetenv("OMP_TARGET_OFFLOAD");
    unsetenv("OMP_NUM_THREADS");
}

// Set but empty (`OMP_NUM_THREADS=$SLURM_CPUS_PER_TASK` outside a job): libgomp calls it an
// invalid value and runs on every core; the program says so instead.
TEST(check_openmp_environment, refuses_an_empty_value_and_a_mistyped_setting) {
    setenv("OMP_NUM_THREADS", "", 1);
    EXPECT_EQ(workbook::check_openmp_environment(),
              "OMP_NUM_THREADS='' is not a thread count from 1 to 1024, or a list of them for nested levels (4,2)");
    unsetenv("OMP_NUM_THREADS");
    setenv("OMP_TARGET_OFFLOAD", "MANDTORY", 1);
    EXPECT_EQ(workbook::check_openmp_environment(),
              "OMP_TARGET_OFFLOAD='MANDTORY' is not MANDATORY, DISABLED or DEFAULT");
    unsetenv("OMP_TARGET_OFFLOAD");
    // A lookup other than getenv: what the check before libgomp's constructor uses.
    EXPECT_EQ(workbook::check_openmp_environment([](const char* name) -> const char* {
                  return std::string_view(name) == "OMP_DEFAULT_DEVICE" ? "one" : nullptr;
              }),
              "OMP_DEFAULT_DEVICE='one' is not a device number (0, 1, ...)");
}

// `prog > /dev/full`: the results are lost, so the program must not exit 0.
TEST(output, a_failed_write_of_standard_output_is_an_error) {
    EXPECT_EXIT(
        {
            const int full = open("/dev/full", O_WRONLY);
            dup2(full, STDOUT_FILENO);
            std::printf("results that cannot be written\n");
            std::exit(0);
        },
        testing::ExitedWithCode(1), "cannot write its output: No space left on device\n$");
}
