/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The models built into every SPE image (the first entries of the model
 * registry, docs/design.md §5): today the project's own sine model,
 * models/sine.tflite, embedded at build time. A platform's model-image hook
 * (cai_spe_port_model_get, cai/spe_port.h) lists these before the models it
 * loads itself.
 */
#ifndef CAI_BUILTIN_MODELS_H
#define CAI_BUILTIN_MODELS_H

#include <stddef.h>

#include "cai/spe_port.h"

/* How many built-in models there are. */
size_t cai_builtin_model_count(void);

/* Built-in model `index` into *out (builtin = 1); PSA_ERROR_DOES_NOT_EXIST
 * past the last. */
psa_status_t cai_builtin_model_get(size_t index, cai_spe_port_model_t *out);

#endif /* CAI_BUILTIN_MODELS_H */
