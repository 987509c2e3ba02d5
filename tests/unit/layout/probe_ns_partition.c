/* SPDX-License-Identifier: Apache-2.0 */
/* Must not compile: an NS target including an SPE-only header (cai/partition.h). */
#include "cai/partition.h"

int layout_probe_ns_partition(void);
int layout_probe_ns_partition(void)
{
    return 0;
}
