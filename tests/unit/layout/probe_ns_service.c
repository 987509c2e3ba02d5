/* SPDX-License-Identifier: Apache-2.0 */
/* Must not compile: an NS target including an SPE-only header (psa/service.h). */
#include "psa/service.h"

int layout_probe_ns_service(void);
int layout_probe_ns_service(void)
{
    return 0;
}
