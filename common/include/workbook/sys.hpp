/// @file sys.hpp
/// @brief Checked system calls and exit statuses in words.
#pragma once

#include <cerrno>
#include <string>
#include <system_error>

namespace workbook {

/// Returns `result` unless it is -1 (how POSIX calls report failure); then throws
/// std::system_error naming the call, e.g. "fork: Resource temporarily unavailable".
/// @code
/// const pid_t pid = workbook::checked(fork(), "fork");
/// @endcode
template <typename T>
T checked(T result, const char* call) {
    if (result == static_cast<T>(-1)) { throw std::system_error(errno, std::generic_category(), call); }
    return result;
}

/// The signal's name: "SIGSEGV" for 11.
std::string signal_name(int signal);

/// A waitpid() status in words: "exited with code 0", "exited with code 3",
/// "killed by SIGSEGV (Segmentation fault)".
std::string describe_wait_status(int status);

}  // namespace workbook
