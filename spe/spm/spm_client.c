/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psa/client.h for code running INSIDE the SPE: a secure partition calling
 * another RoT service from its service function (or its init function).
 * The client id is the partition the SPM is running, so a partition cannot
 * claim to be another one.
 *
 * Library cai_spm_secure_client. Never link it into a non-secure program: the
 * NS side has its own implementation of the same names (the host socket
 * client in platform/host, the veneers on an521).
 */
#include "spm_internal.h"

uint32_t psa_framework_version(void)
{
    return PSA_FRAMEWORK_VERSION;
}

uint32_t psa_version(uint32_t sid)
{
    return cai_spm_version(cai_spm_current_partition(), sid);
}

psa_handle_t psa_connect(uint32_t sid, uint32_t version)
{
    return cai_spm_connect(cai_spm_current_partition(), sid, version);
}

psa_status_t psa_call(psa_handle_t handle, int32_t type, const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len)
{
    return cai_spm_call(cai_spm_current_partition(), handle, type, in_vec, in_len, out_vec,
                        out_len);
}

void psa_close(psa_handle_t handle)
{
    /* FF-M's psa_close returns nothing; a bad handle from a partition is
     * its own bug and changes nothing in the SPM. */
    (void)cai_spm_close(cai_spm_current_partition(), handle);
}
