/* SPDX-License-Identifier: Apache-2.0 */
/* infer_engine.h for the TFLite interpreter of lib/infer. */
#include <string.h>

#include "infer_engine.h"

_Static_assert(CAI_INFER_STATE_ALIGN <= 16u && CAI_INFER_ARENA_ALIGN <= 16u,
               "boot memory (CAI_SPE_PORT_BOOT_ALIGN, 16) must satisfy the engine's alignment");

/* The arena's last owner: another model prepared since must re-prepare
 * before it runs (prepare points its tensors into the arena). */
static const infer_engine_model_t *g_arena_owner;

const char *infer_engine_name(void)
{
    return cai_infer_engine_name();
}

psa_status_t infer_engine_plan(const uint8_t *bytes, size_t len, infer_engine_need_t *need,
                               char *err, size_t errcap)
{
    cai_model_mem_t mem;
    cai_infer_err_t e = cai_model_plan(bytes, len, &mem, err, errcap);
    if (e != CAI_INFER_OK) {
        return cai_infer_to_psa(e);
    }
    need->state_bytes = mem.state_bytes;
    need->arena_bytes = mem.arena_bytes;
    return PSA_SUCCESS;
}

psa_status_t infer_engine_load(infer_engine_model_t *em, const uint8_t *bytes, size_t len,
                               void *state, size_t state_len, char *err, size_t errcap)
{
    return cai_infer_to_psa(cai_model_load(bytes, len, &em->m, state, state_len, err, errcap));
}

psa_status_t infer_engine_bind(infer_engine_model_t *em, void *arena, size_t arena_len)
{
    if (g_arena_owner == em) {
        return PSA_SUCCESS;
    }
    g_arena_owner = NULL;
    cai_infer_err_t e = cai_model_prepare(&em->m, arena, arena_len, NULL, 0);
    if (e != CAI_INFER_OK) {
        return cai_infer_to_psa(e);
    }
    g_arena_owner = em;
    return PSA_SUCCESS;
}

psa_status_t infer_engine_input(const infer_engine_model_t *em, uint32_t i, cai_tensor_info_t *t)
{
    return cai_infer_to_psa(cai_model_input(&em->m, i, t));
}

psa_status_t infer_engine_output(const infer_engine_model_t *em, uint32_t i, cai_tensor_info_t *t)
{
    return cai_infer_to_psa(cai_model_output(&em->m, i, t));
}

uint32_t infer_engine_num_inputs(const infer_engine_model_t *em)
{
    return cai_model_num_inputs(&em->m);
}

uint32_t infer_engine_num_outputs(const infer_engine_model_t *em)
{
    return cai_model_num_outputs(&em->m);
}

psa_status_t infer_engine_invoke(infer_engine_model_t *em)
{
    return cai_infer_to_psa(cai_model_invoke(&em->m));
}
