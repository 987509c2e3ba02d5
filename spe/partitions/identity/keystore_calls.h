/* SPDX-License-Identifier: Apache-2.0 */
/* Call types of CAI_KEYSTORE (keystore_service.c has their vectors), for the
 * partitions that use device keys by reference. */
#ifndef CAI_KEYSTORE_CALLS_H
#define CAI_KEYSTORE_CALLS_H

#define CAI_KEYSTORE_CALL_SIGN_HASH 1
#define CAI_KEYSTORE_CALL_ECDH      2

#endif /* CAI_KEYSTORE_CALLS_H */
