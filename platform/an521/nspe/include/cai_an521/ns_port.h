/* SPDX-License-Identifier: Apache-2.0 */
/* The an521 non-secure image's side of the shell (cai_shell_port_t). */
#ifndef CAI_AN521_NS_PORT_H
#define CAI_AN521_NS_PORT_H

#include "cai/shell.h"
#include "psa/client.h"

/* psa_close with the SPM's answer (the port's psa_close_status). */
psa_status_t cai_an521_psa_close_status(psa_handle_t handle);

/* The port handed to cai_shell_init: backend facts for `info`, the
 * status-reporting close, and the backend's own command `tz`. */
extern const cai_shell_port_t cai_an521_shell_port;

#endif /* CAI_AN521_NS_PORT_H */
