/* SPDX-License-Identifier: Apache-2.0 */
/* Untrusted claims maps through cai_attest_claims_parse (lib/attest), as
 * cai-cloud attest verify and the shell read them: never a crash, a leak or
 * a hang; an accepted map has every mandatory claim with its documented
 * size, and every pointer it gives lies inside the input. */
#include <stdint.h>
#include <stdlib.h>

#include "cai/attest_claims.h"

static void inside(const uint8_t *data, size_t size, const void *p, size_t n)
{
    const uint8_t *b = p;
    if (b != NULL && (b < data || b + n > data + size)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cai_attest_claims_t c;
    char why[256];
    if (!cai_attest_claims_parse(data, size, &c, why, sizeof(why))) {
        return 0;
    }
    if (c.profile == CAI_ATTEST_PROFILE_NONE || c.instance_id.len != 33 ||
        c.implementation_id.len != 32 ||
        !(c.nonce.len == 32 || c.nonce.len == 48 || c.nonce.len == 64) || !c.has_client_id ||
        !c.has_lifecycle || c.n_swc > CAI_ATTEST_MAX_SWC ||
        (c.n_swc == 0 && !c.no_sw_measurements)) {
        abort();
    }
    inside(data, size, c.nonce.p, c.nonce.len);
    inside(data, size, c.instance_id.p, c.instance_id.len);
    inside(data, size, c.profile_text.p, c.profile_text.len);
    for (size_t i = 0; i < c.n_swc; i++) {
        inside(data, size, c.swc[i].measurement.p, c.swc[i].measurement.len);
        inside(data, size, c.swc[i].signer_id.p, c.swc[i].signer_id.len);
        inside(data, size, c.swc[i].type.p, c.swc[i].type.len);
    }
    return 0;
}
