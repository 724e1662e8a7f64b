/// @file files.hpp
/// @brief Writing and reading the files a program is told to use, without ever destroying
/// what was there.
///
/// `--output PATH` is input from a user, and a careless one may name /dev/null, /dev/full,
/// a FIFO, a folder, a symbolic link or a disk that is about to fill up. The rules:
/// - a regular file (or a new one) is written all or nothing: into a temporary file beside
///   it, then renamed over it, so a failure leaves the old file as it was and no half file;
/// - a symbolic link is followed: its target is written, the link stays a link;
/// - a device or FIFO (/dev/stdout, a named pipe) is written to as it is, never replaced;
/// - a folder is refused.
/// A failure throws std::runtime_error naming the path and the reason
/// ("cannot write out.txt: No space left on device").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace workbook {

/// Writes `content` to `path` under the rules above.
void write_file(const std::string& path, std::string_view content);

/// Reads a whole file of at most `max_bytes` (a regular file, a FIFO or a device such as
/// /dev/stdin); a larger one is refused with std::runtime_error before it fills memory
/// (`--wisdom /dev/zero` would otherwise read forever).
std::string read_file(const std::string& path, std::size_t max_bytes);

}  // namespace workbook
