/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host stand-in for the hardware unique key: loaded once at cai-spe boot,
 * then served to the secure side through cai_spe_port_huk_get()
 * (spe/include/cai/spe_port.h).
 */
#ifndef CAI_HOST_HUK_HOST_H
#define CAI_HOST_HUK_HOST_H

#include <stddef.h>

/* Load the HUK, first source that is set wins:
 *   huk_file  (--huk-file FILE: pinned for tests and demos)
 *   hex       (CAI_HUK_HEX: 64 hex digits, pinned)
 *   <state_dir>/huk.bin  (regular file, ours, mode 0600, exactly 32 bytes)
 *   none of these: create <state_dir>/huk.bin from getrandom() ("dummy
 *   provisioning", warned about as NOT for production).
 * Logs what it did through cai_host_log. On failure writes one line into err
 * and returns -1; the SPE must not start then. */
int cai_host_huk_load(const char *state_dir, const char *huk_file, const char *hex, char *err,
                      size_t err_size);

/* Wipe the loaded key (shutdown). */
void cai_host_huk_wipe(void);

#endif /* CAI_HOST_HUK_HOST_H */
