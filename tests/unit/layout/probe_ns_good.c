/* SPDX-License-Identifier: Apache-2.0 */
/* Control: what NS code may include compiles for an NS target. */
#include "cai/cbor.h"
#include "cai/ipc.h"
#include "cai/services.h"
#include "cai/shell.h"
#include "psa/client.h"

int layout_probe_ns_good(void);
int layout_probe_ns_good(void)
{
    return (int)CAI_IPC_MAX_CALL_BYTES;
}
