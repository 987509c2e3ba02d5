/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The default image booted in-process for fuzz targets that drive real
 * partitions through the SPM (fuzz_identity, fuzz_infer_service): a fresh
 * state directory (removed at exit), the host storage backend on it, the
 * pinned test HUK, cai_spm_init of the real manifest.
 */
#ifndef CAI_FUZZ_HOST_BOOT_H
#define CAI_FUZZ_HOST_BOOT_H

#include <stdbool.h>

/* Boots once per process; true once booted. name prefixes the messages and
 * the state directory. */
bool cai_fuzz_host_boot(const char *name);

#endif /* CAI_FUZZ_HOST_BOOT_H */
