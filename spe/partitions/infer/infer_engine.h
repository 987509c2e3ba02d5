/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inference partition's view of an engine: plan (verify and size), load
 * into memory the partition gives, run on a shared arena, read tensors. One
 * file per engine implements it (infer_engine_tflite.c: lib/infer); a second
 * engine (a compiled one) would be a second implementation chosen per model.
 * Statuses are PSA statuses; err gets one line for the log.
 */
#ifndef CAI_INFER_ENGINE_H
#define CAI_INFER_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/infer.h"
#include "psa/error.h"

typedef struct infer_engine_model {
    cai_model_t m; /* the engine's handle; its records live in the state memory */
} infer_engine_model_t;

typedef struct infer_engine_need {
    size_t state_bytes; /* kept for the life of the model */
    size_t arena_bytes; /* one run: activations and scratch; shareable between models */
} infer_engine_need_t;

/* Engine name/version for results (claim -80009). */
const char *infer_engine_name(void);

/* Verify bytes[0..len) completely and say what memory it needs. */
psa_status_t infer_engine_plan(const uint8_t *bytes, size_t len, infer_engine_need_t *need,
                               char *err, size_t errcap);

/* Load into state (need.state_bytes, CAI_SPE_PORT_BOOT_ALIGN-aligned, which
 * is at least what the engine asks for). */
psa_status_t infer_engine_load(infer_engine_model_t *em, const uint8_t *bytes, size_t len,
                               void *state, size_t state_len, char *err, size_t errcap);

/* Make em the model that owns the shared arena (prepares it there when
 * another model used the arena last). */
psa_status_t infer_engine_bind(infer_engine_model_t *em, void *arena, size_t arena_len);

/* Tensor views (valid after bind for the buffers). */
psa_status_t infer_engine_input(const infer_engine_model_t *em, uint32_t i, cai_tensor_info_t *t);
psa_status_t infer_engine_output(const infer_engine_model_t *em, uint32_t i, cai_tensor_info_t *t);
uint32_t infer_engine_num_inputs(const infer_engine_model_t *em);
uint32_t infer_engine_num_outputs(const infer_engine_model_t *em);

/* One run on the bound arena. */
psa_status_t infer_engine_invoke(infer_engine_model_t *em);

#endif /* CAI_INFER_ENGINE_H */
