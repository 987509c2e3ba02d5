/* SPDX-License-Identifier: Apache-2.0 */
/* A device's public key from its certificate (OpenSSL), checked against a CA. */
#ifndef CAI_CLOUD_DEVICE_KEY_H
#define CAI_CLOUD_DEVICE_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Load the certificate at cert_path (PEM or DER); when ca_path is given,
 * verify it against that CA certificate (chain, signature, validity now).
 * pub gets its P-256 key (0x04||X||Y), cn its subject CN. On failure writes
 * one reason into why and returns false. */
bool device_key_from_cert(const char *cert_path, const char *ca_path, uint8_t pub[65], char *cn,
                          size_t cn_cap, char *why, size_t why_cap);

#endif /* CAI_CLOUD_DEVICE_KEY_H */
