#include "workbook/sys.hpp"

#include <fmt/core.h>

#include <sys/wait.h>
#include <cstring>

namespace workbook {

std::string signal_name(int signal) {
    // sigabbrev_np (glibc 2.32) gives "SEGV"; the conventional name adds "SIG".
    if (const char* abbrev = sigabbrev_np(signal)) { return fmt::format("SIG{}", abbrev); }
    return fmt::format("signal {}", signal);
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) { return fmt::format("exited with code {}", WEXITSTATUS(status)); }
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        const char* what = sigdescr_np(signal);
        return fmt::format("killed by {}{}", signal_name(signal), what ? fmt::format(" ({})", what) : "");
    }
    if (WIFSTOPPED(status)) { return fmt::format("stopped by {}", signal_name(WSTOPSIG(status))); }
    return fmt::format("ended with status {:#x}", status);
}

}  // namespace workbook
