#include "runs.hpp"

#include <fmt/core.h>

#include <sstream>
#include <stdexcept>

namespace grader {

Run parse_run(std::string_view line) {
    Run run;
    std::istringstream words(line == no_arguments ? std::string() : std::string(line));
    for (std::string word; words >> word;) {
        const auto eq = word.find('=');
        // Settings come first; from the first argument on, NAME=VALUE is an argument too.
        const bool setting = run.args.empty() && eq != std::string::npos && eq > 0 && word[0] != '-';
        if (setting && word.starts_with("ranks=")) {
            const std::string count = word.substr(6);
            const bool digits =
                !count.empty() && count.size() <= 4 && count.find_first_not_of("0123456789") == std::string::npos;
            run.ranks = digits ? std::stoi(count) : 0;
            if (run.ranks < 1 || run.ranks > 4096) {
                throw std::invalid_argument(fmt::format("'{}': a rank count is 1 to 4096", word));
            }
        } else if (setting) {
            run.env.emplace_back(word.substr(0, eq), word.substr(eq + 1));
        } else {
            run.args.push_back(word);
        }
    }
    return run;
}

std::vector<Run> expand_runs(const std::vector<std::string>& argument_sets, const std::vector<int>& ranks,
                             const std::vector<int>& threads, bool threads_in_environment) {
    const std::vector<std::string> sets = argument_sets.empty() ? std::vector<std::string>{""} : argument_sets;
    const std::vector<int> rank_counts = ranks.empty() ? std::vector<int>{0} : ranks;
    const std::vector<int> thread_counts = threads.empty() ? std::vector<int>{0} : threads;
    std::vector<Run> runs;
    for (const auto& set : sets) {
        const Run base = parse_run(set);
        if (base.ranks > 0 && !ranks.empty()) {
            throw std::invalid_argument(fmt::format("'{}' gives its own ranks= beside the rank counts to try", set));
        }
        for (const int r : rank_counts) {
            if (r < 0 || r > 4096) throw std::invalid_argument(fmt::format("{} ranks: a rank count is 1 to 4096", r));
            for (const int t : thread_counts) {
                if (t < 0 || t > 4096)
                    throw std::invalid_argument(fmt::format("{} threads: a thread count is 1 to 4096", t));
                Run run = base;
                if (r > 0) run.ranks = r;
                if (t > 0 && threads_in_environment) {
                    run.env.emplace_back("OMP_NUM_THREADS", std::to_string(t));
                } else if (t > 0) {
                    run.args.insert(run.args.end(), {"--threads", std::to_string(t)});
                }
                runs.push_back(std::move(run));
            }
        }
    }
    return runs;
}

}  // namespace grader
