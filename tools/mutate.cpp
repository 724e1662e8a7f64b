/// @file mutate.cpp
/// @brief wb_mutate: makes a variant of a solution from a .mutant or .alternative file.
///
/// A mutant is the solution with one deliberate mistake; an alternative (SPEC.alternative)
/// is the solution written differently but correctly. Both are kept as the change alone, so
/// they never go stale silently and never repeat the rest of the solution:
///
///     why: each slice drops the remainder, so n % threads numbers are never summed
///     file: parallel_sum.cpp            (optional: which source; default the first)
///     --- find
///     <lines of the solution, which must occur exactly once>
///     --- replace
///     <what they become>
///     --- end
///
/// Several find/replace pairs may follow each other. A `needs: tsan` line marks a race
/// that only ThreadSanitizer can show, `needs: gpu` a mapping mistake that only a GPU can
/// (see cmake/WorkbookSelfCheck.cmake). If a find text no longer
/// occurs exactly once (the solution changed), the build fails and says which mutant to update.
#include <workbook/cli.hpp>
#include <workbook/files.hpp>

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Edit {
    std::string find, replace;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t count_occurrences(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++count;
    return count;
}

}  // namespace

int main(int argc, char** argv) {
    const char* const usage =
        "usage: wb_mutate SPEC.mutant|SPEC.alternative SOLUTION.cpp OUTPUT.cpp: the solution with the spec's edits\n";
    if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
        fmt::print("{}", usage);
        return 0;
    }
    if (argc != 4 || argv[1][0] == '-') {
        fmt::print(stderr, "{}", usage);
        return 2;
    }
    const std::string spec_path = argv[1], source_path = argv[2], output_path = argv[3];
    try {
        std::istringstream spec(read_file(spec_path));
        std::string line, why, *block = nullptr;
        std::vector<Edit> edits;
        while (std::getline(spec, line)) {
            if (line == "--- find") {
                edits.emplace_back();
                block = &edits.back().find;
            } else if (line == "--- replace") {
                if (edits.empty()) throw std::runtime_error("'--- replace' before '--- find'");
                block = &edits.back().replace;
            } else if (line == "--- end") {
                block = nullptr;
            } else if (block) {
                *block += line + "\n";
            } else if (line.starts_with("why:")) {
                why = line.substr(4);
            }
        }
        if (edits.empty()) throw std::runtime_error("no '--- find' block");
        const bool alternative = spec_path.ends_with(".alternative");
        if (why.empty()) {
            throw std::runtime_error(alternative ? "no 'why:' line: say how this variant differs"
                                                 : "no 'why:' line: say what mistake this mutant makes");
        }

        std::string text = read_file(source_path);
        for (const auto& edit : edits) {
            const auto count = count_occurrences(text, edit.find);
            if (count != 1) {
                throw std::runtime_error(fmt::format("a find block occurs {} times in {} (must be exactly once):\n{}",
                                                     count, source_path, edit.find));
            }
            text.replace(text.find(edit.find), edit.find.size(), edit.replace);
        }
        if (const auto folder = std::filesystem::path(output_path).parent_path(); !folder.empty()) {
            std::filesystem::create_directories(folder);
        }
        // All or nothing: never a half-written source (workbook::write_file).
        workbook::write_file(output_path, fmt::format("// {} made by wb_mutate from {}\n// with {}:\n//{}\n{}",
                                                      alternative ? "Acceptable alternative" : "Known-wrong variant",
                                                      source_path, spec_path, why, text));
    } catch (const std::exception& error) {
        if (std::ferror(stdout)) return 1;  // said once, by the check at exit
        fmt::print(stderr, "wb_mutate: {}\n", workbook::printable(error.what()));
        return 2;
    }
    return 0;
}
