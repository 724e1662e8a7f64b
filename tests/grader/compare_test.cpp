// Each rule that tolerates something is shown tolerating exactly that, and no more.
#include "compare.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using grader::compare;
using grader::describe_rules;
using grader::make_mask;
using grader::parse_rules;
using grader::Rules;

namespace {
Rules with_masks(std::initializer_list<const char*> names) {
    Rules rules;
    for (const char* n : names) rules.masks.push_back(make_mask(n));
    return rules;
}
}  // namespace

TEST(exact, identical_output_passes) { EXPECT_TRUE(compare("a\nb\n", "a\nb\n", {}).same); }

TEST(exact, trailing_spaces_and_final_blank_lines_are_invisible_and_ignored) {
    EXPECT_TRUE(compare("a\nb\n", "a  \nb\n\n", {}).same);
}

TEST(exact, a_changed_line_fails_with_a_diff_showing_both) {
    const auto result = compare("total: 10\ncheck: ok\n", "total: 9\ncheck: ok\n", {});
    EXPECT_FALSE(result.same);
    EXPECT_NE(result.diff.find("- total: 10"), std::string::npos) << result.diff;
    EXPECT_NE(result.diff.find("+ total: 9"), std::string::npos) << result.diff;
    EXPECT_NE(result.diff.find("  check: ok"), std::string::npos) << "context line:\n" << result.diff;
}

TEST(exact, a_lost_line_fails) {
    const auto result = compare("a\nb\nc\n", "a\nc\n", {});
    EXPECT_FALSE(result.same);
    EXPECT_NE(result.diff.find("- b"), std::string::npos) << result.diff;
    EXPECT_EQ(result.diff.find("\n+ "), std::string::npos) << "nothing extra:\n" << result.diff;
}

TEST(exact, an_extra_line_fails) { EXPECT_FALSE(compare("a\n", "a\na\n", {}).same); }

TEST(exact, order_matters) { EXPECT_FALSE(compare("a\nb\n", "b\na\n", {}).same); }

TEST(unordered, the_same_lines_in_another_order_pass) {
    Rules rules;
    rules.unordered = true;
    EXPECT_TRUE(compare("hello 1\nhello 2\nhello 3\n", "hello 3\nhello 1\nhello 2\n", rules).same);
}

TEST(unordered, a_duplicated_line_instead_of_another_fails) {
    Rules rules;
    rules.unordered = true;
    const auto result = compare("hello 1\nhello 2\n", "hello 1\nhello 1\n", rules);
    EXPECT_FALSE(result.same);
    EXPECT_NE(result.diff.find("hello 2"), std::string::npos) << result.diff;
}

TEST(unordered, a_missing_or_extra_line_fails) {
    Rules rules;
    rules.unordered = true;
    EXPECT_FALSE(compare("a\nb\n", "b\n", rules).same);
    EXPECT_FALSE(compare("a\nb\n", "b\na\nc\n", rules).same);
}

TEST(mask_pid, different_pids_pass) {
    const auto rules = with_masks({"pid"});
    EXPECT_TRUE(compare("Was assigned PID::  58392\n", "Was assigned PID::  1234\n", rules).same);
    EXPECT_TRUE(compare("worker pid 17 done\n", "worker pid 99 done\n", rules).same);
}

TEST(mask_pid, other_numbers_still_count) {
    const auto rules = with_masks({"pid"});
    EXPECT_FALSE(compare("Process::  Process1\n", "Process::  Process2\n", rules).same);
    EXPECT_FALSE(compare("pid 17 squared 4\n", "pid 99 squared 5\n", rules).same);
}

TEST(mask_tid, different_thread_ids_pass_and_indices_do_not) {
    const auto rules = with_masks({"tid"});
    EXPECT_TRUE(compare("thread 2 (thread id 1402341)\n", "thread 2 (thread id 998877)\n", rules).same);
    EXPECT_FALSE(compare("thread 2 (thread id 1402341)\n", "thread 3 (thread id 1402341)\n", rules).same);
}

TEST(mask_time, timings_pass_and_results_do_not) {
    const auto rules = with_masks({"time"});
    EXPECT_TRUE(compare("took 1.25 ms, sum 10\n", "took 980us, sum 10\n", rules).same);
    EXPECT_TRUE(compare("elapsed 3e-05 s\n", "elapsed 0.5 s\n", rules).same);
    EXPECT_FALSE(compare("took 1.25 ms, sum 10\n", "took 1.25 ms, sum 11\n", rules).same);
}

TEST(mask_hex, addresses_pass) {
    const auto rules = with_masks({"hex"});
    EXPECT_TRUE(compare("vector at 0x7ffd1234\n", "vector at 0x55aa00ff\n", rules).same);
    EXPECT_FALSE(compare("vector at 0x7ffd1234 holds 3\n", "vector at 0x55aa00ff holds 4\n", rules).same);
}

TEST(mask_regex, a_custom_pattern_is_masked) {
    const auto rules = with_masks({"regex:\\[[0-9, ]+\\]"});
    EXPECT_TRUE(compare("pids [1, 2, 3]\n", "pids [7, 8, 9]\n", rules).same);
    EXPECT_FALSE(compare("pids [1, 2, 3]\n", "PIDs [7, 8, 9]\n", rules).same);
}

TEST(mask, unknown_names_and_broken_regexes_are_refused) {
    EXPECT_THROW(make_mask("pids"), std::invalid_argument);
    EXPECT_THROW(make_mask("regex:(unclosed"), std::invalid_argument);
}

TEST(tolerance, round_off_within_tolerance_passes) {
    Rules rules;
    rules.rel_tol = 1e-9;
    EXPECT_TRUE(compare("pi = 3.14159265358979\n", "pi = 3.14159265358981\n", rules).same);
    rules = {};
    rules.abs_tol = 1e-12;
    EXPECT_TRUE(compare("x = 1.0000000000001e-16\n", "x = -2e-16\n", rules).same);
}

TEST(tolerance, a_real_error_fails) {
    Rules rules;
    rules.rel_tol = 1e-9;
    EXPECT_FALSE(compare("pi = 3.14159265358979\n", "pi = 3.1416\n", rules).same);
    EXPECT_FALSE(compare("pi = 3.14159265358979\n", "pie = 3.14159265358979\n", rules).same);
    EXPECT_FALSE(compare("values 1 2\n", "values 1 2 3\n", rules).same);
}

TEST(tolerance, numbers_inside_words_are_text) {
    Rules rules;
    rules.rel_tol = 0.5;
    // "t2" is a name, not the number 2: a different name is a different line.
    EXPECT_FALSE(compare("t2 done\n", "t3 done\n", rules).same);
    EXPECT_TRUE(compare("t2 took 2.0\n", "t2 took 2.5\n", rules).same);
}

TEST(tolerance, exact_mode_has_none) {
    EXPECT_FALSE(compare("pi = 3.14159265358979\n", "pi = 3.14159265358981\n", {}).same);
}

TEST(tolerance, works_with_unordered_lines) {
    Rules rules;
    rules.unordered = true;
    rules.abs_tol = 1e-6;
    EXPECT_TRUE(compare("a 1.0\nb 2.0\n", "b 2.0000001\na 0.9999999\n", rules).same);
    EXPECT_FALSE(compare("a 1.0\nb 2.0\n", "b 2.1\na 1.0\n", rules).same);
}

// The rules' one spelling (RULES in CMake, wb_grade --rules, a lesson text's marker).
TEST(rules_text, every_word_is_read) {
    const Rules rules = parse_rules("unordered mask:pid  mask:regex:[0-9]+ms abs=1e-9 rel=0.5");
    EXPECT_TRUE(rules.unordered);
    ASSERT_EQ(rules.masks.size(), 2u);
    EXPECT_EQ(rules.masks[0].name, "pid");
    EXPECT_EQ(rules.masks[1].name, "regex:[0-9]+ms");
    EXPECT_DOUBLE_EQ(rules.abs_tol, 1e-9);
    EXPECT_DOUBLE_EQ(rules.rel_tol, 0.5);
}

TEST(rules_text, empty_and_exact_mean_exact) {
    for (const char* text : {"", "exact", "  exact  "}) {
        const Rules rules = parse_rules(text);
        EXPECT_FALSE(rules.unordered) << text;
        EXPECT_TRUE(rules.masks.empty()) << text;
        EXPECT_EQ(rules.abs_tol, 0.0) << text;
        EXPECT_EQ(rules.rel_tol, 0.0) << text;
    }
}

TEST(rules_text, mistakes_are_refused) {
    for (const char* text : {"unorderd", "COMPARE unordered", "mask:pids", "rel=", "rel=x", "abs=-1", "rel=nan",
                             "abs=inf", "rel=1e-9x", "exact unordered", "--unordered"}) {
        EXPECT_THROW(parse_rules(text), std::invalid_argument) << text;
    }
}

TEST(rules_text, described_in_words) {
    EXPECT_EQ(describe_rules(parse_rules("")), "lines compared exactly");
    EXPECT_EQ(describe_rules(parse_rules("unordered mask:pid rel=1e-12")),
              "lines in any order, numbers within abs 0 / rel 1e-12, masked: pid");
}
