/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm semihosting, the emulator's debug channel (QEMU:
 * -semihosting-config enable=on,target=native). Used for the run's exit
 * status and, on the secure side only, for emulation entropy. Without
 * semihosting enabled a call locks the CPU up: every launcher of these images
 * enables it (make run-an521, tests/e2e/an521).
 */
#ifndef CAI_AN521_SEMIHOST_H
#define CAI_AN521_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

/* End the emulation with this exit status (SYS_EXIT_EXTENDED). */
_Noreturn void cai_an521_semihost_exit(int status);
/* Open a host file for reading: a handle >= 0, or -1. */
int cai_an521_semihost_open_read(const char *path);
/* Read exactly len bytes: 0, or -1 when fewer arrived. */
int cai_an521_semihost_read(int handle, void *buf, size_t len);

#endif /* CAI_AN521_SEMIHOST_H */
