#include <workbook/table.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace {

/// A file of the test's own with `text` in it, removed at the end.
struct TextFile {
    std::string path;
    explicit TextFile(const std::string& text) {
        std::string pattern = (std::filesystem::temp_directory_path() / "table_test.XXXXXX").string();
        close(mkstemp(pattern.data()));
        path = pattern;
        std::ofstream(path) << text;
    }
    ~TextFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST(table, columns_comments_and_blank_lines) {
    const TextFile file("# title\n\n# threads seconds\n1 2.5\n2 1.25  # the second run\n\n4 0.75\n");
    const auto table = workbook::read_number_table(file.path);
    ASSERT_EQ(table.columns.size(), 2U);
    EXPECT_EQ(table.rows(), 3U);
    EXPECT_EQ(table.columns[0], (std::vector<double>{1, 2, 4}));
    EXPECT_EQ(table.columns[1], (std::vector<double>{2.5, 1.25, 0.75}));
    EXPECT_EQ(table.comments, (std::vector<std::string>{"title", "threads seconds"}))
        << "a comment after numbers is not a comment line";
}

TEST(table, bad_input_says_where) {
    const TextFile word("1 2\n2 x\n");
    try {
        workbook::read_number_table(word.path);
        FAIL() << "a word that is not a number must be refused";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("line 2: 'x' is not a number"), std::string::npos) << error.what();
    }
    const TextFile ragged("1 2\n2 3 4\n");
    EXPECT_THROW(workbook::read_number_table(ragged.path), std::invalid_argument);
    const TextFile not_finite("1 inf\n");
    EXPECT_THROW(workbook::read_number_table(not_finite.path), std::invalid_argument);
    const TextFile half_number("1 2.5e\n");
    EXPECT_THROW(workbook::read_number_table(half_number.path), std::invalid_argument);
    EXPECT_THROW(workbook::read_number_table("/nonexistent/table.txt"), std::runtime_error);
}

TEST(table, an_empty_file_is_an_empty_table) {
    const TextFile empty("# only a comment\n");
    EXPECT_EQ(workbook::read_number_table(empty.path).rows(), 0U);
}
