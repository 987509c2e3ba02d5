/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `infer`: models run inside the SPE (docs/inference.md). The non-secure
 * side names a model and gives its input; it gets back a result it cannot
 * forge: the claims map of docs/design.md §5, bare (cbor), signed (sign1,
 * the default) or signed over its encryption to the cloud key (encrypt).
 */
#include "commands.h"
#include "infer_common.h"

static const cai_cmd_t *const infer_subs[] = {
    &infer_model_cmd,
    &infer_get_cmd,
    &infer_run_cmd,
    NULL,
};

const cai_cmd_t cai_cmd_infer = {
    .name = "infer",
    .summary = "run models in the secure side: signed, optionally encrypted results",
    .subs = infer_subs,
};
