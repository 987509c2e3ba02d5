/* SPDX-License-Identifier: Apache-2.0 */
/* Arm semihosting calls (cai_an521/semihost.h): BKPT 0xAB with the operation
 * in r0 and a pointer to its argument block in r1, the result in r0. */
#include "cai_an521/semihost.h"

#include <string.h>

#define SYS_OPEN                     0x01u
#define SYS_READ                     0x06u
#define SYS_EXIT_EXTENDED            0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define OPEN_MODE_RB                 1u /* "rb" */

static int32_t semihost(uint32_t op, const void *args)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = args;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

_Noreturn void cai_an521_semihost_exit(int status)
{
    const uint32_t args[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };
    for (;;) {
        (void)semihost(SYS_EXIT_EXTENDED, args);
    }
}

int cai_an521_semihost_open_read(const char *path)
{
    const uint32_t args[3] = { (uint32_t)(uintptr_t)path, OPEN_MODE_RB, (uint32_t)strlen(path) };
    int32_t h = semihost(SYS_OPEN, args);
    return h < 0 ? -1 : (int)h;
}

int cai_an521_semihost_read(int handle, void *buf, size_t len)
{
    const uint32_t args[3] = { (uint32_t)handle, (uint32_t)(uintptr_t)buf, (uint32_t)len };
    /* The result is the number of bytes NOT read. */
    return semihost(SYS_READ, args) == 0 ? 0 : -1;
}
