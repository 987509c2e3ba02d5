/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psa/internal_trusted_storage.h for secure partitions: each function is one
 * psa_call to the stateless CAI_ITS service, which names the caller as the
 * owner. Arguments the service would refuse anyway are checked here too, so a
 * caller's bad pointer never reaches the SPM as a vector.
 */
#include <string.h>

#include "cai/services.h"
#include "its_calls.h"
#include "its_seal.h"
#include "psa/client.h"
#include "psa/internal_trusted_storage.h"

#define ITS_HANDLE CAI_STATELESS_HANDLE(CAI_ITS_INDEX, CAI_ITS_VERSION)

psa_status_t psa_its_set(psa_storage_uid_t uid, size_t data_length, const void *p_data,
                         psa_storage_create_flags_t create_flags)
{
    if (uid == 0 || (p_data == NULL && data_length > 0) || data_length > CAI_ITS_MAX_DATA) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t req[CAI_ITS_REQ_LEN];
    cai_its_put_le64(req, uid);
    cai_its_put_le32(req + CAI_ITS_UID_LEN, create_flags);
    psa_invec in[2] = { { req, sizeof(req) }, { p_data, data_length } };
    return psa_call(ITS_HANDLE, CAI_ITS_CALL_SET, in, 2, NULL, 0);
}

psa_status_t psa_its_get(psa_storage_uid_t uid, size_t data_offset, size_t data_size, void *p_data,
                         size_t *p_data_length)
{
    if (p_data_length != NULL) {
        *p_data_length = 0;
    }
    if (uid == 0 || p_data_length == NULL || (p_data == NULL && data_size > 0) ||
        data_offset > CAI_ITS_MAX_DATA) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t req[CAI_ITS_REQ_LEN];
    cai_its_put_le64(req, uid);
    cai_its_put_le32(req + CAI_ITS_UID_LEN, (uint32_t)data_offset);
    psa_invec in[1] = { { req, sizeof(req) } };
    psa_outvec out[1] = { { p_data, data_size > CAI_ITS_MAX_DATA ? CAI_ITS_MAX_DATA : data_size } };
    psa_status_t st = psa_call(ITS_HANDLE, CAI_ITS_CALL_GET, in, 1, out, 1);
    if (st == PSA_SUCCESS) {
        *p_data_length = out[0].len;
    }
    return st;
}

psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info)
{
    if (p_info != NULL) {
        memset(p_info, 0, sizeof(*p_info));
    }
    if (uid == 0 || p_info == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t req[CAI_ITS_UID_LEN];
    uint8_t info[CAI_ITS_INFO_LEN];
    cai_its_put_le64(req, uid);
    psa_invec in[1] = { { req, sizeof(req) } };
    psa_outvec out[1] = { { info, sizeof(info) } };
    psa_status_t st = psa_call(ITS_HANDLE, CAI_ITS_CALL_INFO, in, 1, out, 1);
    if (st == PSA_SUCCESS && out[0].len == sizeof(info)) {
        p_info->capacity = cai_its_get_le32(info);
        p_info->size = cai_its_get_le32(info + 4);
        p_info->flags = cai_its_get_le32(info + 8);
    } else if (st == PSA_SUCCESS) {
        st = PSA_ERROR_STORAGE_FAILURE;
    }
    return st;
}

psa_status_t psa_its_remove(psa_storage_uid_t uid)
{
    if (uid == 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t req[CAI_ITS_UID_LEN];
    cai_its_put_le64(req, uid);
    psa_invec in[1] = { { req, sizeof(req) } };
    return psa_call(ITS_HANDLE, CAI_ITS_CALL_REMOVE, in, 1, NULL, 0);
}
