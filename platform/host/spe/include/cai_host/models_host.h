/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's model images and boot memory (cai_spe_port_model_*,
 * cai_spe_port_boot_memory in cai/spe_port.h): what `cai-spe --model
 * NAME[@VERSION]=FILE` loads, and when boot memory closes.
 */
#ifndef CAI_HOST_MODELS_HOST_H
#define CAI_HOST_MODELS_HOST_H

#include <stddef.h>

/* Largest model file cai-spe loads. */
#define CAI_HOST_MODEL_FILE_MAX (8u * 1024u * 1024u)
/* All boot memory together (cai_spe_port_boot_memory). */
#define CAI_HOST_BOOT_MEMORY_MAX (64u * 1024u * 1024u)

/*
 * Register the model in `spec` ("NAME=FILE" or "NAME@VERSION=FILE"): the
 * name is checked (1..CAI_SPE_PORT_MODEL_NAME_MAX of [a-z0-9_-], not taken,
 * by a built-in model either), the file read whole into memory of the SPE
 * (a regular file of 1..CAI_HOST_MODEL_FILE_MAX bytes). Before cai_spm_init
 * only. 0, or -1 with one line in err.
 */
int cai_host_model_add(const char *spec, char *err, size_t errcap);

/* Boot is over: cai_spe_port_boot_memory refuses from now on. */
void cai_host_boot_memory_close(void);

#endif /* CAI_HOST_MODELS_HOST_H */
