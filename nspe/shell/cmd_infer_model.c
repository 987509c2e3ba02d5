/* SPDX-License-Identifier: Apache-2.0 */
/* `infer model`: the SPE's model registry, one line per model. */
#include <stdio.h>

#include "infer_common.h"

static const char *dtype_name(uint8_t t)
{
    return t == 0 ? "float32" : t == 9 ? "int8" : t == 2 ? "int32" : "?";
}

/* "int8[1,96,96,1]" */
static void shape_text(const cai_infer_tensor_t *t, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s[", dtype_name(t->type));
    for (unsigned d = 0; d < t->rank && n > 0 && (size_t)n < cap; d++) {
        n += snprintf(buf + n, cap - (size_t)n, d > 0 ? ",%d" : "%d", (int)t->dims[d]);
    }
    if (n > 0 && (size_t)n < cap) {
        snprintf(buf + n, cap - (size_t)n, "]");
    }
}

static void out_tensor(cai_shell_t *sh, const char *key, const cai_infer_tensor_t *t)
{
    char shape[96];
    shape_text(t, shape, sizeof(shape));
    cai_out_str(sh, key, shape);
}

static cai_shell_status_t model_fn(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    infer_opts_t o;
    cai_shell_status_t rc = infer_parse(sh, cmd, argc, argv, IOPT_JSON, 0, false, &o);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    bool saved = sh->json;
    sh->json = sh->json || o.json;
    cai_infer_model_info_t m;
    psa_status_t st = cai_infer_model_info(0, &m);
    if (st != PSA_SUCCESS && st != PSA_ERROR_DOES_NOT_EXIST) {
        sh->json = saved;
        return infer_run_error(sh, st, "infer model", CAI_INFER_FORMAT_CBOR);
    }
    cai_out_begin(sh);
    if (!sh->json) {
        fprintf(sh->out, "%-12s %-3s %-16s %-18s %-18s %9s  %s\n", "NAME", "VER", "ENGINE", "INPUT",
                "OUTPUT", "MEMORY", "SHA-256");
    } else {
        cai_out_list_begin(sh, "models");
    }
    for (uint32_t i = 0; st == PSA_SUCCESS; st = cai_infer_model_info(++i, &m)) {
        if (!sh->json) {
            char in[96], out[96];
            shape_text(&m.input, in, sizeof(in));
            shape_text(&m.output, out, sizeof(out));
            fprintf(sh->out, "%-12s %-3u %-16s %-18s %-18s %7u B  ", m.name, (unsigned)m.version,
                    m.engine, in, out, (unsigned)(m.state_bytes + m.arena_bytes));
            for (size_t b = 0; b < sizeof(m.digest); b++) {
                fprintf(sh->out, "%02x", m.digest[b]);
            }
            fputc('\n', sh->out);
            continue;
        }
        cai_out_item_begin(sh);
        cai_out_str(sh, "name", m.name);
        cai_out_int(sh, "version", m.version);
        cai_out_str(sh, "engine", m.engine);
        cai_out_hex(sh, "sha256", m.digest, sizeof(m.digest));
        cai_out_bool(sh, "builtin", m.builtin);
        out_tensor(sh, "input", &m.input);
        out_tensor(sh, "output", &m.output);
        cai_out_int(sh, "model_bytes", m.model_bytes);
        cai_out_int(sh, "state_bytes", m.state_bytes);
        cai_out_int(sh, "arena_bytes", m.arena_bytes);
        cai_out_item_end(sh);
    }
    if (sh->json) {
        cai_out_list_end(sh);
    }
    cai_out_end(sh);
    sh->json = saved;
    if (st != PSA_ERROR_DOES_NOT_EXIST) {
        return infer_run_error(sh, st, "infer model", CAI_INFER_FORMAT_CBOR);
    }
    return CAI_SHELL_OK;
}

const cai_cmd_t infer_model_cmd = {
    .name = "model",
    .summary = "the models registered in the SPE",
    .usage = "[--json]",
    .help = "One line per model: name, registry version, engine, input and output\n"
            "tensors, engine memory (state + activation arena) and the SHA-256 of the\n"
            "model bytes that run (the digest every result of it carries).",
    .fn = model_fn,
};
