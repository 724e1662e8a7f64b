// The hints parser gives the grader the "If you see" lines and ./workbook hint its levels,
// in order, and refuses a file that breaks the format instead of showing the wrong level.
#include "hints.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

struct HintsFile {
    std::string path;
    explicit HintsFile(const std::string& text) {
        char name[] = "/tmp/wb_hints_test_XXXXXX";
        const int fd = mkstemp(name);
        if (fd >= 0) close(fd);
        path = name;
        std::ofstream(path) << text;
    }
    ~HintsFile() { std::remove(path.c_str()); }
};

const char* const two_exercises = R"(# Hints for lesson 99

Intro text that belongs to no exercise.

## first
### If you see
- "sum = 0": the loop never ran
- a timeout: a lock
  that is never released

### Hint 1: the idea
Think.

### Hint 2: the code
    sum += x;

## second
### Hint 1: the idea
Other.
### Hint 2: the code
Code.
)";

}  // namespace

TEST(read_hints, gives_symptoms_and_levels_in_order) {
    HintsFile file(two_exercises);
    const auto hints = grader::read_hints(file.path, "first");
    ASSERT_TRUE(hints.found);
    ASSERT_EQ(hints.symptoms.size(), 2u);
    EXPECT_EQ(hints.symptoms[0], "\"sum = 0\": the loop never ran");
    EXPECT_EQ(hints.symptoms[1], "a timeout: a lock that is never released");
    ASSERT_EQ(hints.levels.size(), 2u);
    EXPECT_EQ(hints.levels[0].title, "the idea");
    EXPECT_EQ(hints.levels[0].text, "Think.\n");
    EXPECT_EQ(hints.levels[1].title, "the code");
    EXPECT_EQ(hints.levels[1].text, "    sum += x;\n");
}

TEST(read_hints, stops_at_the_next_exercise) {
    HintsFile file(two_exercises);
    const auto hints = grader::read_hints(file.path, "second");
    ASSERT_EQ(hints.levels.size(), 2u);
    EXPECT_TRUE(hints.symptoms.empty());
    EXPECT_EQ(hints.levels[1].text, "Code.\n");
}

TEST(read_hints, says_when_an_exercise_has_no_section) {
    HintsFile file(two_exercises);
    EXPECT_FALSE(grader::read_hints(file.path, "third").found);
    EXPECT_EQ(grader::hinted_exercises(file.path), (std::vector<std::string>{"first", "second"}));
}

TEST(read_hints, refuses_levels_out_of_order) {
    HintsFile file("## ex\n### Hint 2: the code\nx\n");
    EXPECT_THROW(grader::read_hints(file.path, "ex"), std::runtime_error);
}

TEST(read_hints, refuses_symptoms_after_the_levels) {
    HintsFile file("## ex\n### Hint 1: the idea\nx\n### If you see\n- y\n");
    EXPECT_THROW(grader::read_hints(file.path, "ex"), std::runtime_error);
}

TEST(read_hints, refuses_loose_text_in_the_if_you_see_block) {
    HintsFile file("## ex\n### If you see\nnot a bullet\n");
    EXPECT_THROW(grader::read_hints(file.path, "ex"), std::runtime_error);
}

TEST(read_hints, refuses_text_outside_a_subsection) {
    // The old format (the whole answer under "## ex") must not pass for level 1.
    HintsFile file("## ex\nOne line above the for: #pragma omp parallel for\n");
    EXPECT_THROW(grader::read_hints(file.path, "ex"), std::runtime_error);
}
