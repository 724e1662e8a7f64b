/// @file hints.hpp
/// @brief An exercise's hints, read from its lesson's hints.md: the "If you see" lines the
/// grader prints on failure, and the levels `./workbook hint` gives one at a time.
///
/// The format (one section per exercise):
///
///     ## exercise_name
///
///     ### If you see
///     - a symptom, as the grader or the program prints it: where to look
///
///     ### Hint 1: the idea
///     ...
///     ### Hint 2: the tools
///     ...
///     ### Hint 3: the code
///     ...
///
/// Levels come in order, numbered from 1; the last one is the answer's code. Why levels:
/// a student who is told the answer with the first failure learns nothing from the
/// exercise; one who asks again and again still gets there (as rustlings does it).
#pragma once

#include <string>
#include <vector>

namespace grader {

/// One level of help: its title ("the idea") and its text.
struct HintLevel {
    std::string title;
    std::string text;
};

/// An exercise's section of hints.md.
struct Hints {
    bool found = false;                 ///< the file has a "## name" section
    std::vector<std::string> symptoms;  ///< the "If you see" bullets, without "- "
    std::vector<HintLevel> levels;      ///< in order: levels[0] is "Hint 1"
};

/// Reads the section of `exercise` from the hints file at `path`. Throws
/// std::runtime_error when the file cannot be read or the section breaks the format
/// (levels out of order, text outside a subsection), naming the line.
Hints read_hints(const std::string& path, const std::string& exercise);

/// The exercises that have a section in the hints file, in file order.
std::vector<std::string> hinted_exercises(const std::string& path);

}  // namespace grader
