/// @file hint.cpp
/// @brief wb_hint: gives an exercise's hints one level at a time (`./workbook hint NN NAME`).
///
/// Each call shows the next level and remembers how far the student has read in a small
/// state file in the build folder; the last level is the answer's code, so it comes only
/// after the ones that teach. `--level N` shows one level again (or ahead, on purpose).
#include "hints.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

int read_level(const std::string& state_file) {
    std::ifstream in(state_file);
    int level = 0;
    return (in >> level) && level > 0 ? level : 0;
}

void write_level(const std::string& state_file, int level) {
    std::error_code ignored;
    fs::create_directories(fs::path(state_file).parent_path(), ignored);
    workbook::write_file(state_file, std::to_string(level) + "\n");
}

/// Every exercise of the file with how many of its levels the student has seen.
int list_exercises(const std::string& hints_file, const std::string& state_dir, const std::string& lesson) {
    for (const auto& name : grader::hinted_exercises(hints_file)) {
        const auto hints = grader::read_hints(hints_file, name);
        const int seen = state_dir.empty() ? 0 : read_level(state_dir + "/" + lesson + "." + name + ".hint");
        fmt::print("  {:<22} {} of {} hints seen\n", name, std::min<int>(seen, static_cast<int>(hints.levels.size())),
                   hints.levels.size());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string hints_file, exercise, state_dir, lesson, shown_command;
    int level = 0;
    bool symptoms = false, check = false;
    CLI::App app{"wb_hint: an exercise's hints, one level at a time (./workbook hint NN NAME)."};
    app.add_option("--hints", hints_file, "the lesson's hints.md")->required();
    app.add_option("--exercise", exercise, "the exercise (none: list the exercises)");
    app.add_option("--state-dir", state_dir, "where to remember the levels seen (the build's progress folder)");
    app.add_option("--lesson", lesson, "NN_topic, part of the state file's name");
    app.add_option("--level", level, "show this level (default: the next one)")->check(CLI::Range(1, 99));
    app.add_flag("--if-you-see", symptoms, "only the \"If you see\" lines");
    app.add_option("--command", shown_command, "the command that shows the next hint, for the footer");
    app.add_flag("--check", check, "check the exercise's hints against the format (for the lint test)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) return app.exit(error);
        fmt::print(stderr, "wb_hint: {}\n", workbook::printable(error.what()));
        return 2;
    }
    try {
        if (exercise.empty()) return list_exercises(hints_file, state_dir, lesson);
        const auto hints = grader::read_hints(hints_file, exercise);
        if (!hints.found) {
            fmt::print(stderr, "wb_hint: {} has no hints for '{}'\n", hints_file, exercise);
            return 2;
        }
        if (check) {
            // The grader prints the "If you see" lines; the levels must teach before they
            // tell, so there are at least two and only the last is the code.
            std::string problems;
            if (hints.symptoms.empty()) problems += "  no \"### If you see\" lines\n";
            if (hints.levels.size() < 2) problems += "  fewer than two hint levels\n";
            if (!hints.levels.empty() && hints.levels.back().title != "the code") {
                problems += "  the last level is not \"the code\"\n";
            }
            for (std::size_t k = 0; k + 1 < hints.levels.size(); ++k) {
                if (hints.levels[k].title == "the code") problems += "  \"the code\" comes before the last level\n";
            }
            if (!problems.empty()) {
                fmt::print(stderr, "wb_hint: the hints of '{}' in {}:\n{}", exercise, hints_file, problems);
                return 1;
            }
            fmt::print("{}: {} symptoms, {} levels\n", exercise, hints.symptoms.size(), hints.levels.size());
            return 0;
        }
        if (symptoms) {
            for (const auto& line : hints.symptoms) fmt::print("- {}\n", line);
            return 0;
        }
        const int count = static_cast<int>(hints.levels.size());
        if (count == 0) {
            fmt::print(stderr, "wb_hint: {} has no \"### Hint 1\" for '{}'\n", hints_file, exercise);
            return 2;
        }
        const auto state_file = state_dir.empty() ? std::string() : state_dir + "/" + lesson + "." + exercise + ".hint";
        const int seen = state_file.empty() ? 0 : read_level(state_file);
        if (level > count) {
            fmt::print(stderr, "wb_hint: '{}' has {} hint levels, not {}\n", exercise, count, level);
            return 2;
        }
        const int shown = level > 0 ? level : std::min(seen + 1, count);
        const auto& hint = hints.levels[static_cast<std::size_t>(shown - 1)];
        fmt::print("Hint {} of {} for {}: {}\n\n{}", shown, count, exercise, hint.title, hint.text);
        if (!state_file.empty() && shown > seen) write_level(state_file, shown);
        if (shown < count) {
            fmt::print("\n(Try it now. Still stuck? {} shows hint {}.)\n",
                       shown_command.empty() ? "the same command" : shown_command, shown + 1);
        } else if (level == 0 && seen >= count) {
            fmt::print("\n(That was the last hint. Once it passes, ./workbook solution shows the reference.)\n");
        }
        return 0;
    } catch (const std::exception& error) {
        if (std::ferror(stdout)) return 1;  // said once, by the check at exit
        fmt::print(stderr, "wb_hint: {}\n", workbook::printable(error.what()));
        return 2;
    }
}
