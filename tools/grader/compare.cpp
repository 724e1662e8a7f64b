#include "compare.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace grader {
namespace {

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(start, end - start));
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Splits a line into its text with each number replaced by '\x01', and the numbers.
/// A number starts at a digit (or a sign or point right before one) that does not
/// continue a word: "t2" is text, "x = -2.5e3" holds -2500.
std::pair<std::string, std::vector<double>> split_numbers(const std::string& line) {
    std::string skeleton;
    std::vector<double> numbers;
    std::size_t i = 0;
    while (i < line.size()) {
        const bool after_word = i > 0 && (is_word_char(line[i - 1]) || line[i - 1] == '.');
        std::size_t digits = i;
        if (line[digits] == '-' || line[digits] == '+') ++digits;
        if (digits < line.size() && line[digits] == '.') ++digits;
        if (!after_word && digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) {
            std::size_t end = i;
            while (end < line.size() && (std::isdigit(static_cast<unsigned char>(line[end])) ||
                                         std::string_view("+-.eE").find(line[end]) != std::string_view::npos)) {
                ++end;
            }
            const std::string run = line.substr(i, end - i);
            char* stop = nullptr;
            const double value = std::strtod(run.c_str(), &stop);
            const auto used = static_cast<std::size_t>(stop - run.c_str());
            if (used > 0) {
                numbers.push_back(value);
                skeleton += '\x01';
                i += used;
                continue;
            }
        }
        skeleton += line[i++];
    }
    return {skeleton, numbers};
}

bool numbers_close(double expected, double actual, const Rules& rules) {
    if (expected == actual) return true;
    if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) && std::isnan(actual);
    const double allowed = rules.abs_tol + rules.rel_tol * std::max(std::fabs(expected), std::fabs(actual));
    return std::fabs(expected - actual) <= allowed;
}

std::string show(const std::string& line) { return line.empty() ? "(empty line)" : line; }

constexpr std::size_t max_report_lines = 40;
constexpr std::size_t context = 2;

/// A line diff of two outputs: the longest common subsequence of matching lines, printed
/// with "- " for the solution's lines missing from yours and "+ " for yours not in it.
std::string ordered_diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                         const std::vector<std::string>& expected_masked, const std::vector<std::string>& actual_masked,
                         const Rules& rules) {
    const std::size_t n = expected.size();
    const std::size_t m = actual.size();
    // lcs[i][j]: length of the longest common subsequence of expected[i..] and actual[j..].
    std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            lcs[i][j] = lines_match(expected_masked[i], actual_masked[j], rules)
                            ? lcs[i + 1][j + 1] + 1
                            : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    struct Step {
        char kind;
        std::size_t line;
        const std::string* text;
    };
    std::vector<Step> steps;
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && lines_match(expected_masked[i], actual_masked[j], rules)) {
            steps.push_back({' ', j + 1, &actual[j]});
            ++i, ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            steps.push_back({'-', i + 1, &expected[i]});  // the solution's line first, as diff does
            ++i;
        } else {
            steps.push_back({'+', j + 1, &actual[j]});
            ++j;
        }
    }
    std::string text = "--- expected (the solution's output)\n+++ yours\n";
    std::size_t shown = 0, hidden = 0;
    std::size_t last_printed = static_cast<std::size_t>(-1);
    for (std::size_t k = 0; k < steps.size(); ++k) {
        if (steps[k].kind == ' ') continue;
        const std::size_t from = k >= context ? k - context : 0;
        const std::size_t to = std::min(steps.size() - 1, k + context);
        for (std::size_t c = from; c <= to; ++c) {
            if (last_printed != static_cast<std::size_t>(-1) && c <= last_printed) continue;
            if (shown >= max_report_lines) {
                hidden += steps[c].kind != ' ';
                last_printed = c;
                continue;
            }
            if (last_printed != static_cast<std::size_t>(-1) && c > last_printed + 1) text += "  ...\n";
            text += fmt::format("{} {}\n", steps[c].kind, show(*steps[c].text));
            ++shown;
            last_printed = c;
        }
    }
    if (hidden > 0) text += fmt::format("  ... and {} more differing lines\n", hidden);
    return text;
}

std::string list_lines(const char* title, const std::vector<const std::string*>& lines) {
    if (lines.empty()) return "";
    std::string text = fmt::format("{} ({}):\n", title, lines.size());
    for (std::size_t k = 0; k < lines.size() && k < max_report_lines / 2; ++k) {
        text += fmt::format("  {}\n", show(*lines[k]));
    }
    if (lines.size() > max_report_lines / 2)
        text += fmt::format("  ... and {} more\n", lines.size() - max_report_lines / 2);
    return text;
}

}  // namespace

Mask make_mask(std::string_view spec) {
    constexpr auto icase = std::regex::ECMAScript | std::regex::icase;
    if (spec == "pid") return {"pid", std::regex(R"((\bpids?\b[^0-9\n]{0,6})[0-9]+)", icase), "$1<pid>"};
    if (spec == "tid")
        return {"tid", std::regex(R"((\b(?:tid|thread[ _-]?id)\b[^0-9\n]{0,6})[0-9]+)", icase), "$1<tid>"};
    if (spec == "time")
        return {"time",
                std::regex(R"([-+]?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?\s*(?:ns|us|µs|ms|s|sec|secs|seconds|min)\b)",
                           icase),
                "<time>"};
    if (spec == "hex") return {"hex", std::regex(R"(\b0x[0-9a-f]+\b)", icase), "<hex>"};
    if (spec.starts_with("regex:")) {
        const std::string pattern(spec.substr(6));
        try {
            return {std::string(spec), std::regex(pattern), "<masked>"};
        } catch (const std::regex_error& error) {
            throw std::invalid_argument(fmt::format("mask '{}': not a valid regex: {}", pattern, error.what()));
        }
    }
    throw std::invalid_argument(fmt::format("unknown mask '{}' (pid, tid, time, hex or regex:RE)", spec));
}

Rules parse_rules(std::string_view text) {
    Rules rules;
    bool exact = false;
    const auto number = [](std::string_view word, std::string_view value) {
        const std::string digits(value);
        char* end = nullptr;
        const double parsed = digits.empty() ? NAN : std::strtod(digits.c_str(), &end);
        if (digits.empty() || *end != '\0' || !std::isfinite(parsed) || parsed < 0) {
            throw std::invalid_argument(fmt::format("rule '{}': not a finite number >= 0", word));
        }
        return parsed;
    };
    std::size_t start = 0;
    while (start < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[start]))) {
            ++start;
            continue;
        }
        std::size_t end = start;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
        const std::string_view word = text.substr(start, end - start);
        start = end;
        if (word == "exact")
            exact = true;
        else if (word == "unordered")
            rules.unordered = true;
        else if (word.starts_with("mask:"))
            rules.masks.push_back(make_mask(word.substr(5)));
        else if (word.starts_with("abs="))
            rules.abs_tol = number(word, word.substr(4));
        else if (word.starts_with("rel="))
            rules.rel_tol = number(word, word.substr(4));
        else
            throw std::invalid_argument(
                fmt::format("unknown rule '{}' (exact, unordered, mask:NAME, abs=X, rel=X)", word));
    }
    if (exact && rules.unordered) throw std::invalid_argument("rules 'exact' and 'unordered' contradict each other");
    return rules;
}

std::string describe_rules(const Rules& rules) {
    std::string text = rules.unordered ? "lines in any order" : "lines compared exactly";
    if (rules.abs_tol > 0 || rules.rel_tol > 0) {
        text += fmt::format(", numbers within abs {:g} / rel {:g}", rules.abs_tol, rules.rel_tol);
    }
    if (!rules.masks.empty()) {
        text += ", masked:";
        for (const auto& mask : rules.masks) text += " " + mask.name;
    }
    return text;
}

std::string apply_masks(const std::string& line, const Rules& rules) {
    std::string result = line;
    for (const auto& mask : rules.masks) { result = std::regex_replace(result, mask.pattern, mask.replacement); }
    return result;
}

bool lines_match(const std::string& expected, const std::string& actual, const Rules& rules) {
    if (expected == actual) return true;
    if (rules.abs_tol == 0.0 && rules.rel_tol == 0.0) return false;
    const auto [expected_text, expected_numbers] = split_numbers(expected);
    const auto [actual_text, actual_numbers] = split_numbers(actual);
    if (expected_text != actual_text || expected_numbers.size() != actual_numbers.size()) return false;
    for (std::size_t k = 0; k < expected_numbers.size(); ++k) {
        if (!numbers_close(expected_numbers[k], actual_numbers[k], rules)) return false;
    }
    return true;
}

Comparison compare(std::string_view expected_text, std::string_view actual_text, const Rules& rules) {
    const auto expected = split_lines(expected_text);
    const auto actual = split_lines(actual_text);
    std::vector<std::string> expected_masked, actual_masked;
    for (const auto& line : expected) expected_masked.push_back(apply_masks(line, rules));
    for (const auto& line : actual) actual_masked.push_back(apply_masks(line, rules));

    if (!rules.unordered) {
        bool same = expected.size() == actual.size();
        for (std::size_t k = 0; same && k < expected.size(); ++k) {
            same = lines_match(expected_masked[k], actual_masked[k], rules);
        }
        if (same) return {true, ""};
        // Beyond a few thousand lines the diff's table would be large: show the first difference.
        if (expected.size() * actual.size() > 25'000'000) {
            std::size_t k = 0;
            while (k < expected.size() && k < actual.size() && lines_match(expected_masked[k], actual_masked[k], rules))
                ++k;
            return {false, fmt::format("first difference at line {}:\n- {}\n+ {}\n", k + 1,
                                       k < expected.size() ? show(expected[k]) : "(no more lines)",
                                       k < actual.size() ? show(actual[k]) : "(no more lines)")};
        }
        return {false, ordered_diff(expected, actual, expected_masked, actual_masked, rules)};
    }

    // Unordered: every expected line must find its own matching line in yours.
    std::vector<bool> used(actual.size(), false);
    std::vector<const std::string*> missing;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        bool found = false;
        for (std::size_t j = 0; j < actual.size() && !found; ++j) {
            if (!used[j] && lines_match(expected_masked[i], actual_masked[j], rules)) {
                used[j] = true;
                found = true;
            }
        }
        if (!found) missing.push_back(&expected[i]);
    }
    std::vector<const std::string*> extra;
    for (std::size_t j = 0; j < actual.size(); ++j) {
        if (!used[j]) extra.push_back(&actual[j]);
    }
    if (missing.empty() && extra.empty()) return {true, ""};
    return {false, "(lines compared in any order)\n" + list_lines("- expected but missing from yours", missing) +
                       list_lines("+ in yours but not expected", extra)};
}

}  // namespace grader
