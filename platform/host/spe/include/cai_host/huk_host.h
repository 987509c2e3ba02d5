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
 *   huk.bin in the state directory (descriptor state_fd, path state_path
 *   for messages): regular file, ours, one link, mode 0600, exactly 32
 *   bytes; anything else at that name is refused, never replaced
 *   none of these: create huk.bin from getrandom() ("dummy provisioning",
 *   warned about as NOT for production), atomically and without ever
 *   replacing an existing name.
 * Logs what it did through cai_host_log. On failure writes one line into err
 * and returns -1; the SPE must not start then. */
int cai_host_huk_load(int state_fd, const char *state_path, const char *huk_file, const char *hex,
                      char *err, size_t err_size);

/* Wipe the loaded key (shutdown). */
void cai_host_huk_wipe(void);

#endif /* CAI_HOST_HUK_HOST_H */
