/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's secure image measurement (cai_spe_port_image_measurement in
 * cai/spe_port.h): the SHA-256 of the running cai-spe executable, taken once
 * at boot.
 */
#ifndef CAI_HOST_IMAGE_HOST_H
#define CAI_HOST_IMAGE_HOST_H

#include <stddef.h>

/* Measure /proc/self/exe (read whole, streamed into SHA-256). Before
 * cai_spm_init, once. 0, or -1 with one line in err (the SPE still boots:
 * the attestation partition then refuses to start, saying why). */
int cai_host_image_measure(char *err, size_t errcap);

#endif /* CAI_HOST_IMAGE_HOST_H */
