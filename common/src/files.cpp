#include "workbook/files.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace workbook {
namespace {

[[noreturn]] void fail(const std::string& verb, const std::string& path, int error) {
    throw std::runtime_error(fmt::format("cannot {} {}: {}", verb, path, std::strerror(error)));
}

/// Writes all of `content` to `fd` (write() may take less than asked).
bool write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        const ssize_t done = ::write(fd, content.data(), content.size());
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) return false;
        content.remove_prefix(static_cast<std::size_t>(done));
    }
    return true;
}

/// The file a path names, following symbolic links (a dangling link names the file it
/// points to, which is created).
std::string resolve_links(const std::string& path) {
    namespace fs = std::filesystem;
    fs::path target = path;
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code error;
        if (!fs::is_symlink(fs::symlink_status(target, error))) return target.string();
        const auto next = fs::read_symlink(target, error);
        if (error) fail("write", path, error.value());
        target = next.is_absolute() ? next : target.parent_path() / next;
    }
    fail("write", path, ELOOP);
}

}  // namespace

void write_file(const std::string& path, std::string_view content) {
    if (path.empty()) throw std::runtime_error("cannot write a file with an empty name");
    const std::string target = resolve_links(path);
    struct stat info {};
    const bool exists = ::stat(target.c_str(), &info) == 0;
    if (exists && S_ISDIR(info.st_mode)) fail("write", path, EISDIR);
    if (exists && !S_ISREG(info.st_mode)) {
        // A device or a FIFO: write to it as it is; replacing /dev/null with a file would
        // break the machine for everyone.
        const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) fail("write", path, errno);
        const bool written = write_all(fd, content);
        const int error = errno;
        ::close(fd);
        if (!written) fail("write", path, error);
        return;
    }
    // A regular file, or a new one: all or nothing, through a temporary file in the same
    // folder (a rename within one file system replaces the file in one step).
    const auto slash = target.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : target.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? target : target.substr(slash + 1);
    std::string temporary = folder + (slash == std::string::npos ? "/" : "") + "." + name + ".XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) fail("write", path, errno);
    // mkstemp makes the file private (0600); give it what a new file gets (0666 less the
    // umask), or the mode of the file it replaces.
    mode_t mode = 0666;
    if (exists) {
        mode = info.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode &= ~mask;
    }
    bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, content);
    int error = errno;
    if (::close(fd) != 0 && ok) {  // a full disk may only show here
        ok = false;
        error = errno;
    }
    if (ok && ::rename(temporary.c_str(), target.c_str()) != 0) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        ::unlink(temporary.c_str());
        fail("write", path, error);
    }
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) fail("read", path, errno);
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
        ::close(fd);
        fail("read", path, EISDIR);
    }
    std::string content;
    char buffer[65536];
    while (true) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            const int error = errno;
            ::close(fd);
            fail("read", path, error);
        }
        if (got == 0) break;
        content.append(buffer, static_cast<std::size_t>(got));
        if (content.size() > max_bytes) {
            ::close(fd);
            throw std::runtime_error(fmt::format(
                "cannot read {}: it is larger than {} bytes, more than such a file holds", path, max_bytes));
        }
    }
    ::close(fd);
    return content;
}

}  // namespace workbook
