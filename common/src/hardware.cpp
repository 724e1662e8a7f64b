#include "workbook/hardware.hpp"

#include <sched.h>
#include <unistd.h>

namespace workbook {

int usable_cpus() {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0) {
        const int count = CPU_COUNT(&allowed);
        if (count > 0) {
            return count;
        }
    }
    return online_cpus();
}

int online_cpus() {
    const long count = sysconf(_SC_NPROCESSORS_ONLN);
    return count > 0 ? static_cast<int>(count) : 1;
}

}  // namespace workbook
