/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `infer run <model> <values...>|--input FILE`: one inference of any
 * registered model. Values are real numbers the SPE quantizes (and refuses
 * when the input tensor cannot represent them); --input gives the tensor's
 * own bytes (e.g. the int8 features of micro_speech). Prints the result and
 * the output values the SPE reported in it; with --labels, the top label.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "infer_common.h"

#define LABELS_FILE_MAX 16384u
#define LABEL_MAX       64u

static float g_values[INFER_VALUES_MAX];
static uint8_t g_raw[CAI_INFER_RESULT_MAX];
static char g_labels[LABELS_FILE_MAX + 1u];

static cai_shell_status_t read_file(cai_shell_t *sh, const char *path, void *buf, size_t cap,
                                    size_t *len, const char *what)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return cai_shell_error(sh, "cannot read %s: %s", path, strerror(errno));
    }
    size_t n = fread(buf, 1, cap, f);
    int extra = fgetc(f) != EOF;
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        return cai_shell_error(sh, "cannot read %s", path);
    }
    if (extra) {
        return cai_shell_error(sh, "%s is larger than %zu bytes: not %s", path, cap, what);
    }
    *len = n;
    return CAI_SHELL_OK;
}

/* --labels FILE into g_labels, before the run: a file that cannot be read
 * must not cost a result. */
static cai_shell_status_t read_labels(cai_shell_t *sh, const infer_opts_t *o)
{
    if (o->labels_file == NULL) {
        return CAI_SHELL_OK;
    }
    size_t n = 0;
    cai_shell_status_t rc =
        read_file(sh, o->labels_file, g_labels, LABELS_FILE_MAX, &n, "a labels file");
    g_labels[rc == CAI_SHELL_OK ? n : 0] = '\0';
    return rc;
}

/* The i-th line (0 first) of a labels file, without its line end. */
static bool label_at(const char *text, size_t i, char *out, size_t cap)
{
    const char *p = text;
    for (size_t k = 0; k < i; k++) {
        p = strchr(p, '\n');
        if (p == NULL) {
            return false;
        }
        p++;
    }
    size_t n = strcspn(p, "\r\n");
    if (n == 0 || n >= cap) {
        return false;
    }
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static cai_shell_status_t show_top(cai_shell_t *sh, const infer_opts_t *o, const infer_readout_t *r)
{
    if (o->labels_file == NULL || !r->readable || r->n_out == 0) {
        return CAI_SHELL_OK;
    }
    size_t shown = r->n_out < INFER_OUTPUTS_MAX ? r->n_out : INFER_OUTPUTS_MAX;
    size_t top = 0;
    for (size_t i = 1; i < shown; i++) {
        if (r->out[i] > r->out[top]) {
            top = i;
        }
    }
    char label[LABEL_MAX];
    if (!label_at(g_labels, top, label, sizeof(label))) {
        return cai_shell_error(sh, "%s has no label for output %zu", o->labels_file, top);
    }
    cai_out_str(sh, "top", label);
    cai_out_int(sh, "top_index", (long long)top);
    return CAI_SHELL_OK;
}

/* The values from the words, or the tensor bytes from --input. */
static cai_shell_status_t gather_input(cai_shell_t *sh, const cai_cmd_t *cmd, const infer_opts_t *o,
                                       const cai_infer_model_info_t *m, cai_infer_request_t *req)
{
    size_t nvals = (size_t)(o->npos - 1) + (size_t)o->nrest;
    if (o->input_file != NULL) {
        if (nvals > 0) {
            return cai_shell_usage_error(sh, cmd, "give values or --input FILE, not both");
        }
        size_t n = 0;
        cai_shell_status_t rc =
            read_file(sh, o->input_file, g_raw, sizeof(g_raw), &n, "an input tensor");
        if (rc != CAI_SHELL_OK) {
            return rc;
        }
        req->input_type = CAI_INFER_INPUT_RAW;
        req->input = g_raw;
        req->input_len = n;
        return CAI_SHELL_OK;
    }
    if (nvals != m->input.elements) {
        return cai_shell_usage_error(sh, cmd, "%s takes %u input values, %zu given", m->name,
                                     (unsigned)m->input.elements, nvals);
    }
    for (size_t i = 0; i < nvals; i++) {
        const char *w = i + 1 < (size_t)o->npos ? o->pos[i + 1] : o->rest[i + 1 - (size_t)o->npos];
        double d;
        if (!infer_parse_real(w, &d)) {
            return cai_shell_usage_error(sh, cmd, "'%s' is not a finite number", w);
        }
        g_values[i] = (float)d;
    }
    req->input_type = CAI_INFER_INPUT_FLOAT32;
    req->input = g_values;
    req->input_len = nvals * sizeof(float);
    return CAI_SHELL_OK;
}

static cai_shell_status_t run_fn(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    infer_opts_t o;
    cai_shell_status_t rc = infer_parse(sh, cmd, argc, argv, IOPT_RESULT | IOPT_INPUT | IOPT_LABELS,
                                        INFER_MAX_POS, true, &o);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    if (o.npos < 1) {
        return cai_shell_usage_error(sh, cmd, "expected <model>");
    }
    cai_infer_model_info_t m;
    rc = infer_find_model(sh, o.pos[0], &m);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    if (m.input.elements > INFER_VALUES_MAX) {
        return cai_shell_error(sh, "%s takes %u values: more than a request holds", m.name,
                               (unsigned)m.input.elements);
    }
    cai_infer_request_t req = infer_request(&o, &m);
    rc = gather_input(sh, cmd, &o, &m, &req);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    /* --labels is read and --out opened before the run: a file that cannot
     * be read or written must not cost a result (and its sequence number). */
    rc = read_labels(sh, &o);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    rc = infer_out_open(sh, &o);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    size_t len = 0;
    static infer_readout_t r;
    rc = infer_call(sh, &m, &req, &len, &r);
    if (rc != CAI_SHELL_OK) {
        infer_out_close(sh);
        return rc;
    }
    bool saved = sh->json;
    sh->json = sh->json || o.json;
    cai_out_begin(sh);
    if (sh->json) {
        cai_out_str(sh, "model", m.name);
    }
    rc = infer_emit_result(sh, &o, g_infer_result, len, &r);
    if (rc == CAI_SHELL_OK && r.readable) {
        if (!sh->json) {
            cai_out_int(sh, "seq", (long long)r.seq);
        }
        infer_out_outputs(sh, &r);
        rc = show_top(sh, &o, &r);
    } else if (rc == CAI_SHELL_OK && !sh->json) {
        fprintf(sh->out, "output: encrypted to the cloud key\n");
    }
    cai_out_end(sh);
    sh->json = saved;
    cai_shell_status_t crc = infer_out_close(sh);
    return rc != CAI_SHELL_OK ? rc : crc;
}

const cai_cmd_t infer_run_cmd = {
    .name = "run",
    .summary = "one inference of any registered model",
    .usage = "<model> <values...>|--input FILE [--labels FILE] [--format F] [--nonce HEX] "
             "[--bind-input] [--out FILE] [--diag|--json]",
    .help = "Runs the model inside the SPE once and prints the result and its output\n"
            "values (dequantized). Values are real numbers, one per input element; the\n"
            "SPE refuses NaN, infinity and values the input tensor cannot represent.\n"
            "  --input FILE   the input tensor's own bytes (int8: one byte per value)\n"
            "  --labels FILE  one label per line: also print the top output's label\n"
            "Options as `infer get` (format default sign1).",
    .fn = run_fn,
};
