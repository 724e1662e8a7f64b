#include "workbook/print.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <tuple>

namespace workbook {
namespace {

constexpr int numpy_precision = 8;      // numpy's default print precision
constexpr std::size_t line_width = 75;  // numpy's default line width

std::string to_chars_text(double value, std::chars_format format) {
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
    return {buffer, result.ptr};
}

std::string to_chars_text(double value, std::chars_format format, int precision) {
    char buffer[512];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format, precision);
    return {buffer, result.ptr};
}

/// Splits "1.25e-05" into mantissa "1.25" and exponent -5.
std::pair<std::string, int> split_exponent(const std::string& text) {
    const auto e = text.find('e');
    return {text.substr(0, e), std::stoi(text.substr(e + 1))};
}

std::size_t fraction_digits(std::string_view mantissa) {
    const auto dot = mantissa.find('.');
    return dot == std::string_view::npos ? 0 : mantissa.size() - dot - 1;
}

/// Removes trailing zeros after the point but keeps the point: "1.2500" -> "1.25", "2.000" -> "2.".
std::string trim_keep_point(std::string text) {
    if (text.find('.') == std::string::npos) { return text + "."; }
    while (text.back() == '0') { text.pop_back(); }
    return text;
}

/// numpy's "unique" digits capped at `precision`: the shortest round-trip text, or the
/// value rounded to `precision` fraction digits when the shortest needs more.
std::string positional_digits(double value, int precision) {
    std::string text = to_chars_text(value, std::chars_format::fixed);
    if (static_cast<int>(fraction_digits(text)) > precision) {
        text = to_chars_text(value, std::chars_format::fixed, precision);
    }
    return trim_keep_point(text);
}

std::pair<std::string, int> scientific_digits(double value, int precision) {
    std::string text = to_chars_text(value, std::chars_format::scientific);
    auto [mantissa, exponent] = split_exponent(text);
    if (static_cast<int>(fraction_digits(mantissa)) > precision) {
        std::tie(mantissa, exponent) = split_exponent(to_chars_text(value, std::chars_format::scientific, precision));
    }
    return {trim_keep_point(mantissa), exponent};
}

std::string pad_left(const std::string& text, std::size_t width) {
    std::string padded(width > text.size() ? width - text.size() : 0, ' ');
    padded += text;
    return padded;
}

std::string pad_right(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

/// Formats every value the way numpy's FloatingFormat does with its defaults: one common
/// layout for the whole array, so the columns line up.
std::vector<std::string> float_words(std::span<const double> values) {
    double smallest = 0.0;
    double largest = 0.0;
    bool any = false;
    for (double v : values) {
        const double a = std::fabs(v);
        if (std::isfinite(a) && a != 0.0) {
            smallest = any ? std::min(smallest, a) : a;
            largest = any ? std::max(largest, a) : a;
            any = true;
        }
    }
    const bool scientific = any && (largest >= 1e8 || smallest < 1e-4 || largest / smallest > 1e3);

    std::vector<std::string> words;
    words.reserve(values.size());
    if (scientific) {
        // Every value gets as many digits as the one that needs most (at most 8) and
        // exponents of a common width: "1.00000000e+00" beside "-1.11022302e-16".
        std::size_t digits = 0;
        std::size_t exponent_width = 2;
        std::size_t integer_width = 1;
        for (double v : values) {
            if (!std::isfinite(v)) continue;
            auto [mantissa, exponent] = scientific_digits(v, numpy_precision);
            digits = std::max(digits, fraction_digits(mantissa));
            exponent_width = std::max(exponent_width, std::to_string(std::abs(exponent)).size());
            integer_width = std::max(integer_width, mantissa.find('.'));
        }
        for (double v : values) {
            if (!std::isfinite(v)) {
                words.push_back(std::isnan(v) ? "nan" : (v < 0 ? "-inf" : "inf"));
                continue;
            }
            auto [mantissa, exponent] =
                split_exponent(to_chars_text(v, std::chars_format::scientific, static_cast<int>(digits)));
            if (mantissa.find('.') == std::string::npos) { mantissa += "."; }
            const std::string exponent_text =
                fmt::format("{}{:0>{}}", exponent < 0 ? '-' : '+', std::abs(exponent), exponent_width);
            words.push_back(pad_left(mantissa, integer_width + 1 + digits) + "e" + exponent_text);
        }
    } else {
        // Positional: integer parts right-aligned, fractions left-aligned, padded with spaces.
        std::size_t integer_width = 1;
        std::size_t fraction_width = 0;
        std::vector<std::string> texts;
        for (double v : values) {
            if (!std::isfinite(v)) {
                texts.emplace_back();
                continue;
            }
            texts.push_back(positional_digits(v, numpy_precision));
            integer_width = std::max(integer_width, texts.back().find('.'));
            fraction_width = std::max(fraction_width, fraction_digits(texts.back()));
        }
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double v = values[i];
            if (!std::isfinite(v)) {
                words.push_back(std::isnan(v) ? "nan" : (v < 0 ? "-inf" : "inf"));
                continue;
            }
            const auto dot = texts[i].find('.');
            words.push_back(pad_left(texts[i].substr(0, dot), integer_width) +
                            pad_right(texts[i].substr(dot), fraction_width + 1));
        }
    }
    // nan and inf are right-aligned to the common width.
    std::size_t width = 0;
    for (const auto& w : words) width = std::max(width, w.size());
    for (auto& w : words) w = pad_left(w, width);
    return words;
}

std::vector<std::string> integer_words(std::span<const long long> values) {
    std::vector<std::string> words;
    std::size_t width = 0;
    for (long long v : values) {
        words.push_back(std::to_string(v));
        width = std::max(width, words.back().size());
    }
    for (auto& w : words) w = pad_left(w, width);
    return words;
}

/// One row "[a b c]", wrapped as numpy wraps: a word that would pass the line width
/// starts a new line indented by `indent`.
std::string layout_row(std::span<const std::string> words, const std::string& indent, std::size_t width) {
    const std::size_t element_width = width - 1;  // room for the closing ']'
    std::string text;
    std::string line = indent;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const bool wrap = line.size() + words[i].size() > element_width && line.size() > indent.size();
        if (wrap) {
            while (!line.empty() && line.back() == ' ') line.pop_back();
            text += line + "\n";
            line = indent;
        }
        line += words[i];
        if (i + 1 < words.size()) { line += " "; }
    }
    text += line;
    // Built by appending: g++ 12 warns falsely (-Wrestrict) on "[" + std::string&&.
    std::string row = "[";
    row.append(text, indent.size());
    row += ']';
    return row;
}

std::string layout(const std::vector<std::string>& words, std::size_t rows, std::size_t cols) {
    if (rows * cols != words.size()) {
        throw std::invalid_argument(
            fmt::format("numpy_format: {} values do not fill {} x {}", words.size(), rows, cols));
    }
    std::string text = "[";
    const std::span<const std::string> all(words);
    for (std::size_t r = 0; r < rows; ++r) {
        if (r > 0) { text += "\n "; }
        text += layout_row(all.subspan(r * cols, cols), "  ", line_width - 1);
    }
    text += ']';
    return text;
}

}  // namespace

std::string python_repr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    const auto [mantissa, exponent] = split_exponent(to_chars_text(value, std::chars_format::scientific));
    if (exponent < -4 || exponent >= 16) {
        return fmt::format("{}e{}{:02}", mantissa, exponent < 0 ? '-' : '+', std::abs(exponent));
    }
    std::string text = to_chars_text(value, std::chars_format::fixed);
    if (text.find('.') == std::string::npos) { text += ".0"; }
    return text;
}

std::string numpy_format(std::span<const double> values) { return layout_row(float_words(values), " ", line_width); }

std::string numpy_format(std::span<const double> values, std::size_t rows, std::size_t cols) {
    return layout(float_words(values), rows, cols);
}

std::string numpy_format(std::span<const long long> values) {
    return layout_row(integer_words(values), " ", line_width);
}

std::string numpy_format(std::span<const long long> values, std::size_t rows, std::size_t cols) {
    return layout(integer_words(values), rows, cols);
}

}  // namespace workbook
