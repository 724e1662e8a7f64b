#include "hints.hpp"

#include <fmt/core.h>

#include <fstream>
#include <stdexcept>

namespace grader {
namespace {

std::string trim_blank_lines(std::string text) {
    while (text.starts_with("\n")) text.erase(0, 1);
    while (text.ends_with("\n\n")) text.pop_back();
    if (!text.empty() && !text.ends_with("\n")) text += "\n";
    return text;
}

std::ifstream open_hints(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    return in;
}

}  // namespace

Hints read_hints(const std::string& path, const std::string& exercise) {
    auto in = open_hints(path);
    Hints hints;
    enum class Part { none, symptoms, level } part = Part::none;
    std::string line;
    std::size_t number = 0;
    bool inside = false;
    const auto fail = [&](const std::string& why) {
        throw std::runtime_error(fmt::format("{}:{}: {}", path, number, why));
    };
    while (std::getline(in, line)) {
        ++number;
        if (line.starts_with("## ")) {
            if (inside) break;
            inside = line == "## " + exercise;
            hints.found = hints.found || inside;
            continue;
        }
        if (!inside) continue;
        if (line.starts_with("### ")) {
            const std::string heading = line.substr(4);
            if (heading == "If you see") {
                if (!hints.levels.empty()) fail("\"### If you see\" must come before the hint levels");
                part = Part::symptoms;
                continue;
            }
            const std::string expected = fmt::format("Hint {}", hints.levels.size() + 1);
            if (!heading.starts_with(expected)) fail(fmt::format("expected \"### {}: ...\" here", expected));
            auto title = heading.substr(expected.size());
            if (title.starts_with(":")) title.erase(0, 1);
            if (title.starts_with(" ")) title.erase(0, 1);
            hints.levels.push_back({title, ""});
            part = Part::level;
            continue;
        }
        switch (part) {
            case Part::none:
                if (!line.empty()) fail("text before \"### If you see\" or \"### Hint 1\"");
                break;
            case Part::symptoms:
                if (line.starts_with("- ")) {
                    hints.symptoms.push_back(line.substr(2));
                } else if (line.starts_with("  ") && !hints.symptoms.empty()) {
                    // A bullet continued on the next line (indented): one symptom, one line.
                    hints.symptoms.back().append(" ").append(line, line.find_first_not_of(' '));
                } else if (!line.empty()) {
                    fail("the \"If you see\" lines are bullets (\"- symptom: where to look\")");
                }
                break;
            case Part::level:
                hints.levels.back().text += line + "\n";
                break;
        }
    }
    for (auto& level : hints.levels) level.text = trim_blank_lines(level.text);
    return hints;
}

std::vector<std::string> hinted_exercises(const std::string& path) {
    auto in = open_hints(path);
    std::vector<std::string> names;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("## ")) names.push_back(line.substr(3));
    }
    return names;
}

}  // namespace grader
