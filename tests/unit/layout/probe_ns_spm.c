/* SPDX-License-Identifier: Apache-2.0 */
/* Must not compile: an NS target including an SPE-only header (cai/spm.h). */
#include "cai/spm.h"

int layout_probe_ns_spm(void);
int layout_probe_ns_spm(void)
{
    return 0;
}
