/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's storage backend (cai_spe_port_storage_*, spe/include/cai/
 * spe_port.h): one file per object in the its/ subdirectory of the state
 * directory, named <owner as 8 hex>-<uid as 16 hex> (lowercase), holding
 * exactly the object's bytes. Every access goes through the descriptor of
 * that directory, opened once at boot.
 */
#ifndef CAI_HOST_STORAGE_HOST_H
#define CAI_HOST_STORAGE_HOST_H

#include <stddef.h>

/* Open (creating it, mode 0700) the object directory its/ inside the state
 * directory state_fd (state_path for messages), check it by descriptor,
 * remove the temporary files a crash left, and count the objects. Call
 * before cai_spm_init: partition init functions may read storage. Until
 * then (and after cai_host_storage_close) every hook answers
 * PSA_ERROR_STORAGE_FAILURE. 0, or -1 with one line in err. */
int cai_host_storage_open(int state_fd, const char *state_path, char *err, size_t err_size);

/* Close the object directory (shutdown, tests). */
void cai_host_storage_close(void);

#endif /* CAI_HOST_STORAGE_HOST_H */
