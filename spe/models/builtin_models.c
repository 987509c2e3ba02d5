/* SPDX-License-Identifier: Apache-2.0 */
/* The built-in model table (builtin_models.h). */
#include "builtin_models.h"

extern const uint8_t cai_model_sine[];
extern const size_t cai_model_sine_len;

psa_status_t cai_builtin_model_get(size_t index, cai_spe_port_model_t *out)
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (index != 0) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    *out = (cai_spe_port_model_t){
        .name = "sine",
        .version = 1,
        .bytes = cai_model_sine,
        .len = cai_model_sine_len,
        .builtin = 1,
    };
    return PSA_SUCCESS;
}

size_t cai_builtin_model_count(void)
{
    return 1;
}
