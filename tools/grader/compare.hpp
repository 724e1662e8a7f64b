/// @file compare.hpp
/// @brief The grader's comparison rules: exact, unordered, masks, numeric tolerance.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

/// A part of a line that legitimately differs between runs, replaced before comparing.
struct Mask {
    std::string name;         ///< pid, tid, time, hex or regex:RE
    std::regex pattern;       ///< what is masked
    std::string replacement;  ///< what it is replaced by, e.g. "$1<pid>"
};

/// Makes a mask from its declaration: "pid", "tid", "time", "hex" or "regex:RE".
/// Throws std::invalid_argument for anything else or a broken regex.
Mask make_mask(std::string_view spec);

/// How one exercise's output is compared with its solution's.
struct Rules {
    bool unordered = false;   ///< lines compared as a multiset (output of concurrent workers)
    std::vector<Mask> masks;  ///< applied to every line first
    double abs_tol = 0.0;     ///< numbers may differ by abs_tol + rel_tol * max(|a|, |b|)
    double rel_tol = 0.0;
};

/// Reads rules written as words: the one spelling of them everywhere (an exercise's RULES in
/// its lesson's CMakeLists, `wb_grade --rules`, and a lesson text's output marker after '|'):
///
///     exact          lines compared one by one, in order (the default; no other word needed)
///     unordered      lines compared as a multiset (output of concurrent workers)
///     mask:NAME      see make_mask: pid, tid, time, hex or regex:RE
///     abs=X  rel=X   numbers may differ by abs + rel * max(|a|, |b|)
///
/// Throws std::invalid_argument for any other word, a number that is not finite and
/// non-negative, or both exact and unordered.
Rules parse_rules(std::string_view text);

/// The rules in words a student reads: "lines in any order, numbers within abs 0 / rel 1e-12".
std::string describe_rules(const Rules& rules);

/// The outcome of a comparison: whether the outputs agree and, if not, a readable diff.
struct Comparison {
    bool same = false;
    std::string diff;  ///< "- expected" / "+ yours" lines with context; empty when same
};

/// Applies the masks to one line (exposed for tests and for the diff).
std::string apply_masks(const std::string& line, const Rules& rules);

/// Whether two already-masked lines agree under the rules (numbers within tolerance).
bool lines_match(const std::string& expected, const std::string& actual, const Rules& rules);

/// Compares two whole outputs. Trailing white space on a line and trailing empty lines
/// are ignored: they are invisible on a terminal and not what any lesson teaches.
Comparison compare(std::string_view expected, std::string_view actual, const Rules& rules);

}  // namespace grader
