/// @file doccheck.cpp
/// @brief wb_doccheck: keeps the lesson texts honest. Every output block in a lesson's
/// README that is marked with the command that printed it is compared, under the grader's
/// rules, with what that command prints now. Prose and program cannot drift apart.
///
/// In the README:
///
///     <!-- output: 01_threads.shared_memory --threads 4 | unordered mask:time -->
///     ```text
///     ...the program's output...
///     ```
///
/// The command is a run line (tools/grader/runs.hpp) naming the program first: an MPI program
/// is marked `ranks=4 06_mpi.hello_mpi` and run through bin/wb_mpiexec on 4 ranks.
/// Rules after '|', in the grader's words (grader::parse_rules): unordered, mask:NAME (pid,
/// tid, time, hex, regex:RE), abs=X, rel=X.
///
/// And every command a student is invited to paste runs as shown: each line of each
/// ```sh block is run with bash in the workbook's top folder, where the texts' commands
/// run, and must exit 0 (a line ending in `# exits N` must exit N). The texts write
/// `build/default/bin/...` (the students' build); the test runs them, and the markers'
/// arguments in build/default/, against the build being tested. `./workbook ...` lines run with WORKBOOK_DRY_RUN=1: their arguments are
/// checked, nothing is built (the front door's own tests run check and demo for real).
#include "compare.hpp"
#include "run_program.hpp"
#include "runs.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Block {
    std::size_t line;     // where the marker is, for the report
    std::string command;  // program and arguments
    std::string rules;
    std::string text;  // the output shown in the README
};

std::vector<Block> read_blocks(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<Block> blocks;
    std::string line;
    std::size_t number = 0;
    const std::string open = "<!-- output: ", close = " -->";
    while (std::getline(in, line)) {
        ++number;
        if (!line.starts_with(open) || !line.ends_with(close)) continue;
        Block block{number, line.substr(open.size(), line.size() - open.size() - close.size()), "", ""};
        if (const auto bar = block.command.find(" | "); bar != std::string::npos) {
            block.rules = block.command.substr(bar + 3);
            block.command.resize(bar);
        }
        ++number;
        if (!std::getline(in, line) || !line.starts_with("```")) {
            throw std::runtime_error(
                fmt::format("{}:{}: an output marker must be followed by a ``` block", path, number));
        }
        while (std::getline(in, line) && !line.starts_with("```")) {
            ++number;
            block.text += line + "\n";
        }
        ++number;
        blocks.push_back(std::move(block));
    }
    return blocks;
}

/// A command from a ```sh block, with the line it is on.
struct Command {
    std::size_t line;
    std::string text;
    int exit_code = 0;
};

std::vector<Command> read_commands(const std::string& path) {
    std::ifstream in(path);
    std::vector<Command> commands;
    std::string line;
    std::size_t number = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++number;
        if (!inside) {
            inside = line == "```sh";
            continue;
        }
        if (line.starts_with("```")) {
            inside = false;
            continue;
        }
        const auto first = line.find_first_not_of(' ');
        if (first == std::string::npos || line[first] == '#') continue;
        Command command{number, line};
        if (const auto at = line.rfind("# exits "); at != std::string::npos)
            command.exit_code = std::stoi(line.substr(at + 8));
        // A line ending in '\' goes on on the next one.
        while (command.text.ends_with("\\") && std::getline(in, line)) {
            ++number;
            command.text += "\n" + line;
        }
        commands.push_back(command);
    }
    return commands;
}

/// `text` with the students' build folder (build/default/) replaced by the one being tested.
std::string in_tested_build(std::string text, const std::string& bin_dir) {
    const auto build_dir = std::filesystem::absolute(bin_dir).parent_path().string();
    for (auto at = text.find("build/default/"); at != std::string::npos; at = text.find("build/default/", at)) {
        text.replace(at, 14, build_dir + "/");
        at += build_dir.size() + 1;
    }
    return text;
}

/// Runs every ```sh command of the text, except those that run a program this build left
/// out (`absent`); returns how many did not run as shown.
int check_commands(const std::string& readme, const std::string& bin_dir, const std::vector<std::string>& absent) {
    // The workbook's top folder: the nearest folder above the text with the front door.
    auto root = std::filesystem::absolute(readme).parent_path();
    while (!std::filesystem::exists(root / "workbook") && root.has_relative_path()) root = root.parent_path();
    int broken = 0;
    for (const auto& command : read_commands(readme)) {
        const auto names_absent = [&](const std::string& program) {
            return command.text.find("bin/" + program) != std::string::npos;
        };
        if (std::any_of(absent.begin(), absent.end(), names_absent)) {
            fmt::print("{}:{}: `{}` not run: this build left its program out (an optional part is missing)\n", readme,
                       command.line, command.text);
            continue;
        }
        const std::string text = in_tested_build(command.text, bin_dir);
        grader::Invocation run{"bash",
                               {"-c", "cd \"$0\" && " + text, root.string()},
                               {{"WORKBOOK_DRY_RUN", "1"}},
                               std::chrono::seconds(120)};
        const auto outcome = grader::run_program(run);
        const bool as_shown = outcome.started && !outcome.timed_out && WIFEXITED(outcome.status) &&
                              WEXITSTATUS(outcome.status) == command.exit_code;
        if (as_shown) {
            fmt::print("{}:{}: `{}` runs as shown\n", readme, command.line, command.text);
            continue;
        }
        ++broken;
        fmt::print("{}:{}: `{}` does not run as shown: {} (expected exit {})\n", readme, command.line, command.text,
                   grader::describe(outcome, run.timeout), command.exit_code);
        const auto last = outcome.err.empty() ? outcome.out : outcome.err;
        fmt::print("    {}\n", last.substr(last.size() > 600 ? last.size() - 600 : 0));
    }
    return broken;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        fmt::print(
            "usage: wb_doccheck BIN_DIR README.md [--commands-only | --absent PROGRAM...]: the text's output blocks "
            "and commands still hold (--absent: programs this build left out, not checked)\n");
        return 0;
    }
    // --absent NAME...: programs this build left out for want of an optional part (lesson 08's
    // OpenBLAS rung): their blocks are reported as not checked here, not as stale.
    bool commands_only = false;
    std::vector<std::string> absent;
    for (int k = 3; k < argc; ++k) {
        const std::string arg = argv[k];
        if (arg == "--commands-only" && k == 3) {
            commands_only = true;
        } else if (arg == "--absent" && k == 3) {
            absent.assign(argv + k + 1, argv + argc);
            break;
        } else {
            fmt::print(stderr, "usage: wb_doccheck BIN_DIR README.md [--commands-only | --absent PROGRAM...]\n");
            return 2;
        }
    }
    if (argc < 3) {
        fmt::print(stderr, "usage: wb_doccheck BIN_DIR README.md [--commands-only | --absent PROGRAM...]\n");
        return 2;
    }
    const std::string bin_dir = argv[1], readme = argv[2];
    try {
        const auto blocks = commands_only ? std::vector<Block>{} : read_blocks(readme);
        if (blocks.empty() && !commands_only)
            throw std::runtime_error(readme + " shows no program output (no '<!-- output: ' marker)");
        int stale = 0;
        for (const auto& block : blocks) {
            // The marker is a run line (tools/grader/runs.hpp) whose first argument is the
            // program: `ranks=4 06_mpi.hello_mpi` starts an MPI program as the tests start
            // them, through the build's launcher (bin/wb_mpiexec 4 06_mpi.hello_mpi).
            const grader::Run shown = grader::parse_run(block.command);
            if (shown.args.empty())
                throw std::runtime_error(fmt::format("{}:{}: the marker names no program", readme, block.line));
            if (std::find(absent.begin(), absent.end(), shown.args.front()) != absent.end()) {
                fmt::print("{}:{}: `{}` not checked: this build has no {} (an optional part is missing)\n", readme,
                           block.line, block.command, shown.args.front());
                continue;
            }
            grader::Invocation run;
            run.env = shown.env;
            // An argument in the students' build (--out build/default/plots) means the tested one.
            for (auto arg = shown.args.begin() + 1; arg != shown.args.end(); ++arg)
                run.args.push_back(in_tested_build(*arg, bin_dir));
            run.program = bin_dir + "/" + shown.args.front();
            if (shown.ranks > 0) {
                run.args.insert(run.args.begin(), {std::to_string(shown.ranks), run.program});
                run.program = bin_dir + "/wb_mpiexec";
            }
            run.timeout = std::chrono::seconds(60);
            const auto outcome = grader::run_program(run);
            if (!grader::succeeded(outcome)) {
                fmt::print("{}:{}: `{}` {}\n", readme, block.line, block.command,
                           grader::describe(outcome, run.timeout));
                ++stale;
                continue;
            }
            const auto comparison = grader::compare(block.text, outcome.out, grader::parse_rules(block.rules));
            if (comparison.same) {
                fmt::print("{}:{}: `{}` prints what the text shows\n", readme, block.line, block.command);
            } else {
                fmt::print("{}:{}: `{}` no longer prints what the text shows (- text, + program):\n{}\n", readme,
                           block.line, block.command, comparison.diff);
                ++stale;
            }
        }
        stale += check_commands(readme, bin_dir, absent);
        return stale == 0 ? 0 : 1;
    } catch (const std::exception& error) {
        if (std::ferror(stdout)) return 1;  // said once, by the check at exit
        fmt::print(stderr, "wb_doccheck: {}\n", workbook::printable(error.what()));
        return 2;
    }
}
