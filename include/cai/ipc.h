/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Limits of one PSA call that both sides of the isolation boundary must agree
 * on: the NS client library checks them before sending, the transport sizes
 * its frames and buffers with them, and the SPM enforces them again.
 */
#ifndef CAI_IPC_H
#define CAI_IPC_H

/* Total of all input and output vector sizes in one psa_call, in bytes. A
 * call over it is answered PSA_ERROR_PROGRAMMER_ERROR. */
#define CAI_IPC_MAX_CALL_BYTES 65536u

#endif /* CAI_IPC_H */
