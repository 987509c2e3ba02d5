/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The model registry: every model image the platform holds
 * (cai_spe_port_model_get), verified by the engine, measured (SHA-256 of its
 * bytes) and loaded once at boot. Its memory comes from boot memory, sized
 * from the models themselves: each model's engine state, one arena of the
 * largest model's needs (one run at a time: the SPE is single-threaded), and
 * result buffers bounded by the largest result any model can make. Nothing
 * is allocated after boot.
 */
#include <string.h>

#include "cai/cose.h"
#include "cai/partition.h"
#include "cai/spe_port.h"
#include "infer_partition.h"

static infer_model_t g_models[CAI_SPE_PORT_MODELS_MAX];
static size_t g_n_models;
static infer_buffers_t g_buf;

size_t infer_registry_count(void)
{
    return g_n_models;
}

infer_model_t *infer_registry_at(size_t index)
{
    return index < g_n_models ? &g_models[index] : NULL;
}

infer_model_t *infer_registry_find(const char *name)
{
    for (size_t i = 0; i < g_n_models; i++) {
        if (strcmp(g_models[i].name, name) == 0) {
            return &g_models[i];
        }
    }
    return NULL;
}

const infer_buffers_t *infer_buffers(void)
{
    return &g_buf;
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* The outer COSE_Sign1 around a payload of n bytes: tag, array, protected
 * bstr, kid map, payload header, 64-byte signature (generous by a few
 * bytes). */
static size_t sign1_bound(size_t n)
{
    return n + 128u;
}

/* A cai result carries one input and one output tensor (docs/design.md §5);
 * the engine takes int8 or float32 ones. */
static bool tensor_ok(const cai_tensor_info_t *t)
{
    return t->type == CAI_DTYPE_INT8 || t->type == CAI_DTYPE_FLOAT32;
}

static psa_status_t register_one(const cai_spe_port_model_t *img, infer_model_t *m)
{
    char err[160] = "";
    size_t name_len = strlen(img->name);
    if (name_len == 0 || name_len > CAI_INFER_NAME_MAX) {
        cai_partition_log("[INFER] a model image has no valid name; not serving");
        return PSA_ERROR_DATA_INVALID;
    }
    memcpy(m->name, img->name, name_len + 1);
    m->version = img->version;
    m->builtin = img->builtin != 0;
    m->bytes = img->bytes;
    m->len = img->len;
    psa_status_t st = infer_engine_plan(img->bytes, img->len, &m->need, err, sizeof(err));
    if (st != PSA_SUCCESS) {
        cai_partition_log("[INFER] model %s is not a model this engine runs: %s", m->name, err);
        return st;
    }
    void *state = NULL;
    st = cai_spe_port_boot_memory(m->need.state_bytes, &state);
    if (st == PSA_SUCCESS) {
        st = infer_engine_load(&m->engine, img->bytes, img->len, state, m->need.state_bytes, err,
                               sizeof(err));
    }
    if (st != PSA_SUCCESS) {
        cai_partition_log("[INFER] model %s: cannot load (status %d) %s", m->name, (int)st, err);
        return st;
    }
    if (infer_engine_num_inputs(&m->engine) != 1 || infer_engine_num_outputs(&m->engine) != 1 ||
        infer_engine_input(&m->engine, 0, &m->in) != PSA_SUCCESS ||
        infer_engine_output(&m->engine, 0, &m->out) != PSA_SUCCESS || !tensor_ok(&m->in) ||
        !tensor_ok(&m->out)) {
        cai_partition_log("[INFER] model %s: a cai result needs exactly one int8 or float32 "
                          "input and output tensor",
                          m->name);
        return PSA_ERROR_NOT_SUPPORTED;
    }
    st = cai_sha256(img->bytes, img->len, m->digest);
    if (st != PSA_SUCCESS) {
        return st;
    }
    m->claims_max = infer_claims_bound(m->out.elements, m->in.elements);
    return PSA_SUCCESS;
}

static psa_status_t boot_buffer(size_t n, void **out)
{
    return cai_spe_port_boot_memory(n > 0 ? n : 1, out);
}

psa_status_t infer_registry_init(void)
{
    size_t n = cai_spe_port_model_count();
    if (n > CAI_SPE_PORT_MODELS_MAX) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    size_t arena = 0, input = 0, claims = 0;
    for (size_t i = 0; i < n; i++) {
        cai_spe_port_model_t img;
        psa_status_t st = cai_spe_port_model_get(i, &img);
        if (st != PSA_SUCCESS) {
            return st;
        }
        infer_model_t *m = &g_models[i];
        st = register_one(&img, m);
        if (st != PSA_SUCCESS) {
            return st;
        }
        /* The largest result is the encrypt format's (claims -> COSE_Encrypt
         * -> Sign1): it must fit the CAI_INFER_RESULT_MAX a caller provides,
         * not just the bare claims. */
        m->result_bound =
            sign1_bound(cai_cose_profile_encrypt_size(m->claims_max, CAI_INFER_CLOUD_KID_LEN));
        if (m->result_bound > CAI_INFER_RESULT_MAX) {
            cai_partition_log("[INFER] model %s: its results (up to %zu bytes with the input "
                              "bound) exceed %u bytes",
                              m->name, m->result_bound, (unsigned)CAI_INFER_RESULT_MAX);
            return PSA_ERROR_NOT_SUPPORTED;
        }
        g_n_models = i + 1;
        arena = max_size(arena, m->need.arena_bytes);
        input = max_size(input, m->in.bytes);
        claims = max_size(claims, m->claims_max);
    }
    /* The encrypt format nests: claims -> COSE_Encrypt (scratch) -> Sign1
     * (result); the scratch also holds sign1's claims. */
    size_t inner = cai_cose_profile_encrypt_size(claims, CAI_INFER_CLOUD_KID_LEN);
    size_t result = sign1_bound(inner);
    void *p[4] = { NULL };
    psa_status_t st = boot_buffer(arena, &p[0]);
    if (st == PSA_SUCCESS) {
        st = boot_buffer(input, &p[1]);
    }
    if (st == PSA_SUCCESS) {
        st = boot_buffer(inner, &p[2]);
    }
    if (st == PSA_SUCCESS) {
        st = boot_buffer(result, &p[3]);
    }
    if (st != PSA_SUCCESS) {
        cai_partition_log("[INFER] no boot memory for the models (status %d)", (int)st);
        return st;
    }
    g_buf = (infer_buffers_t){ .arena = p[0],
                               .arena_len = arena,
                               .input_copy = p[1],
                               .input_copy_len = input,
                               .scratch = p[2],
                               .scratch_len = inner,
                               .result = p[3],
                               .result_len = result };
    for (size_t i = 0; i < g_n_models; i++) {
        const infer_model_t *m = &g_models[i];
        cai_partition_log("[INFER] model %s v%u: %zu bytes, engine state %zu + arena %zu bytes",
                          m->name, (unsigned)m->version, m->len, m->need.state_bytes,
                          m->need.arena_bytes);
    }
    cai_partition_log("[INFER] shared arena %zu bytes, input copy %zu, result buffers %zu + %zu "
                      "bytes",
                      arena, input, inner, result);
    return PSA_SUCCESS;
}
