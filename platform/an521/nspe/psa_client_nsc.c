/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psa/client.h for the non-secure image: each call goes through its veneer
 * into the secure image (cai_an521/nsc.h). The secure side checks every
 * pointer and length; nothing is trusted here.
 */
#include "cai_an521/ns_port.h"
#include "cai_an521/nsc.h"
#include "psa/client.h"

uint32_t psa_framework_version(void)
{
    return cai_nsc_framework_version();
}

uint32_t psa_version(uint32_t sid)
{
    return cai_nsc_version(sid);
}

psa_handle_t psa_connect(uint32_t sid, uint32_t version)
{
    return cai_nsc_connect(sid, version);
}

psa_status_t psa_call(psa_handle_t handle, int32_t type, const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len)
{
    const cai_nsc_call_args_t args = { handle, type, in_vec, in_len, out_vec, out_len };
    return cai_nsc_call(&args);
}

void psa_close(psa_handle_t handle)
{
    (void)cai_nsc_close(handle);
}

psa_status_t cai_an521_psa_close_status(psa_handle_t handle)
{
    return cai_nsc_close(handle);
}
