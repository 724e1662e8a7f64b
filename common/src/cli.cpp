#include "workbook/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>

namespace workbook {
namespace {

// Every workbook program writes its output a line at a time, into a pipe as much as onto
// a terminal. Why: when the grader (or a test, or `| tee`) has to stop a program that hangs,
// the lines it printed before it stopped say where it hung; with the C library's full
// buffering for pipes they would die with the process. Every program parses its options
// with this file's Cli, so this runs before its main().
[[maybe_unused]] const bool stdout_line_buffered = [] {
    return std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ) == 0;
}();

std::string& stored_program_name() {
    static std::string name = "workbook";
    return name;
}

ExitPolicy& current_policy() {
    static ExitPolicy policy;
    return policy;
}

/// 2e9 as "2000000000", 0.5 as "0.5": whole numbers in full, as a user would type them.
std::string number(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{}", static_cast<long long>(value));
    return fmt::format("{:g}", value);
}

std::string describe(const Bounds& bounds) {
    if (bounds.high == std::numeric_limits<double>::max()) return "at least " + number(bounds.low);
    return number(bounds.low) + " to " + number(bounds.high);
}

/// Checks a value's text against its bounds before CLI11 converts it, so every bad value
/// gets a message that names the accepted range: "-1 is not in 1 to 1024".
CLI::Validator within(const Bounds& bounds) {
    return CLI::Validator(
        [bounds](std::string& text) -> std::string {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0') return fmt::format("'{}' is not a number", text);
            if (value < bounds.low || value > bounds.high) return fmt::format("{} is not in {}", text, describe(bounds));
            return {};
        },
        "");
}

template <typename T>
void add_option(CLI::App& app, const std::string& name, T& value, const std::string& help,
                std::optional<Bounds> bounds) {
    auto* opt = app.add_option(name, value, bounds ? fmt::format("{} ({})", help, describe(*bounds)) : help)
                    ->capture_default_str();
    if (bounds) {
        opt->check(within(*bounds));
    }
}

}  // namespace

Bounds at_least(double low) { return {low, std::numeric_limits<double>::max()}; }

Cli::Cli(std::string teaches) : app_(std::make_unique<CLI::App>(std::move(teaches))) {
    app_->get_formatter()->column_width(28);
}

Cli::~Cli() = default;

Cli& Cli::option(const std::string& name, int& value, const std::string& help, std::optional<Bounds> bounds) {
    add_option(*app_, name, value, help, bounds);
    return *this;
}

Cli& Cli::option(const std::string& name, long& value, const std::string& help, std::optional<Bounds> bounds) {
    add_option(*app_, name, value, help, bounds);
    return *this;
}

Cli& Cli::option(const std::string& name, double& value, const std::string& help, std::optional<Bounds> bounds) {
    add_option(*app_, name, value, help, bounds);
    return *this;
}

Cli& Cli::option(const std::string& name, std::string& value, const std::string& help) {
    app_->add_option(name, value, help)->capture_default_str();
    return *this;
}

Cli& Cli::flag(const std::string& name, bool& value, const std::string& help) {
    app_->add_flag(name, value, help);
    return *this;
}

void Cli::parse(int argc, char** argv) {
    if (argc > 0) {
        std::string_view path = argv[0];
        stored_program_name() = std::string(path.substr(path.find_last_of('/') + 1));
    }
    app_->name(program_name());
    try {
        app_->parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        if (current_policy().speaks) fmt::print("{}", app_->help());
        exit_program(0);
    } catch (const CLI::ParseError& error) {
        usage_error(error.what());
    }
}

std::string Cli::help() const { return app_->help(); }

const std::string& program_name() { return stored_program_name(); }

void usage_error(std::string_view message) {
    if (current_policy().speaks) fmt::print(stderr, "{}: {} (see --help)\n", program_name(), message);
    exit_program(2);
}

ExitPolicy set_exit_policy(ExitPolicy policy) { return std::exchange(current_policy(), policy); }

void exit_program(int code) {
    std::fflush(stdout);
    if (current_policy().before_exit != nullptr) current_policy().before_exit();
    std::exit(code);
}

int run(const std::function<void()>& body) {
    try {
        body();
        return 0;
    } catch (const std::exception& error) {
        fmt::print(stderr, "{}: error: {}\n", program_name(), error.what());
    } catch (...) {
        fmt::print(stderr, "{}: error: an unknown exception\n", program_name());
    }
    return 1;
}

}  // namespace workbook
