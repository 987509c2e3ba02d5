/* SPDX-License-Identifier: Apache-2.0 */
/* Must not compile: an NS target including an SPE-only header (cai/spe_port.h). */
#include "cai/spe_port.h"

int layout_probe_ns_port(void);
int layout_probe_ns_port(void)
{
    return 0;
}
