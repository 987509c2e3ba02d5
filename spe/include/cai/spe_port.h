/*
 * What the portable core asks of its platform backend (platform/host,
 * platform/an521). Kept deliberately small: each function is one hardware
 * (or host stand-in) capability.
 */
#ifndef CAI_SPE_PORT_H
#define CAI_SPE_PORT_H

#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CAI_HUK_SIZE 32u

/* Copy the 32-byte hardware unique key into out. Only secure-side code may
 * call this (the identity partition derives its keys from it); the caller
 * wipes its copy after use. Returns PSA_SUCCESS, or PSA_ERROR_HARDWARE_FAILURE
 * when the platform has no HUK loaded (boot did not provision it). */
psa_status_t cai_platform_huk_get(uint8_t out[CAI_HUK_SIZE]);

#ifdef __cplusplus
}
#endif

#endif /* CAI_SPE_PORT_H */
