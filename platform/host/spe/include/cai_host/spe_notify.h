/* SPDX-License-Identifier: Apache-2.0 */
/* Readiness for a service manager (sd_notify's datagram, by hand). */
#ifndef CAI_HOST_SPE_NOTIFY_H
#define CAI_HOST_SPE_NOTIFY_H

/* Send state ("READY=1\nMAINPID=123", "STOPPING=1") to $NOTIFY_SOCKET:
 * 0 sent or no NOTIFY_SOCKET, -1 it could not be sent. */
int cai_spe_notify(const char *state);

#endif /* CAI_HOST_SPE_NOTIFY_H */
