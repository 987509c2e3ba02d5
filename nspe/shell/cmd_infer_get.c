/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `infer get <model> [<format>] <start> [<stop> [<stride>]]`: the upstream
 * sample's command, for models of one input value. Each value start, start +
 * stride, ... <= stop is one inference in the SPE and one result. For the
 * built-in sine model the values are degrees (converted to the radians the
 * model takes), and each result is followed by the model's value beside the
 * C library's sin() and their difference.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "infer_common.h"

#define GET_VALUES_MAX 3600u /* results one command makes at most */
#define DEG_MAX        360.0

static const double k_pi = 3.14159265358979323846;

static bool is_sine(const cai_infer_model_info_t *m)
{
    return m->builtin && strcmp(m->name, "sine") == 0;
}

typedef struct get_range {
    double start, stop, stride;
    size_t count;
} get_range_t;

static cai_shell_status_t parse_range(cai_shell_t *sh, const cai_cmd_t *cmd, const infer_opts_t *o,
                                      int first, bool degrees, get_range_t *r)
{
    int n = o->npos - first;
    if (n < 1 || n > 3) {
        return cai_shell_usage_error(sh, cmd, "expected <start> [<stop> [<stride>]]");
    }
    double v[3] = { 0, 0, 1 };
    for (int i = 0; i < n; i++) {
        if (!infer_parse_real(o->pos[first + i], &v[i])) {
            return cai_shell_usage_error(sh, cmd, "'%s' is not a number", o->pos[first + i]);
        }
    }
    if (n == 1) {
        v[1] = v[0];
    }
    if (!(v[2] > 0)) {
        return cai_shell_usage_error(sh, cmd, "the stride must be greater than 0");
    }
    if (v[1] < v[0]) {
        return cai_shell_usage_error(sh, cmd, "stop (%g) is below start (%g)", v[1], v[0]);
    }
    if (degrees && (v[0] < 0 || v[1] > DEG_MAX)) {
        return cai_shell_usage_error(sh, cmd, "sine takes degrees from 0 to %g", DEG_MAX);
    }
    double count = floor((v[1] - v[0]) / v[2] + 1e-9) + 1;
    if (count > GET_VALUES_MAX) {
        return cai_shell_usage_error(sh, cmd, "%.0f values: at most %u per command", count,
                                     GET_VALUES_MAX);
    }
    *r = (get_range_t){ .start = v[0], .stop = v[1], .stride = v[2], .count = (size_t)count };
    return CAI_SHELL_OK;
}

static void print_line(cai_shell_t *sh, const cai_infer_model_info_t *m, double x, bool degrees,
                       const infer_readout_t *r)
{
    if (!r->readable) {
        fprintf(sh->out, "Model: %s(%g): the result is encrypted to the cloud key\n", m->name, x);
        return;
    }
    float y = r->n_out > 0 ? r->out[0] : NAN;
    if (degrees) {
        double ref = sin(x * k_pi / 180.0);
        fprintf(sh->out,
                "Model: Sine of %g deg is: %f  C Mathlib: Sine of %g deg is: %f  Deviation: %f\n",
                x, (double)y, x, ref, fabs((double)y - ref));
    } else {
        fprintf(sh->out, "Model: %s(%g) is: %f\n", m->name, x, (double)y);
    }
}

static cai_shell_status_t get_one(cai_shell_t *sh, const infer_opts_t *o,
                                  const cai_infer_model_info_t *m, double x, bool degrees)
{
    float in = (float)(degrees ? x * k_pi / 180.0 : x);
    cai_infer_request_t req = infer_request(o, m);
    req.input_type = CAI_INFER_INPUT_FLOAT32;
    req.input = &in;
    req.input_len = sizeof(in);
    size_t len = 0;
    static infer_readout_t r;
    cai_shell_status_t rc = infer_call(sh, m, &req, &len, &r);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    if (sh->json) {
        cai_out_item_begin(sh);
        cai_out_reals(sh, "input", (const float[]){ (float)x }, 1);
    }
    rc = infer_emit_result(sh, o, g_infer_result, len, &r);
    if (sh->json) {
        if (r.readable) {
            infer_out_outputs(sh, &r);
        }
        cai_out_item_end(sh);
    } else if (rc == CAI_SHELL_OK) {
        print_line(sh, m, x, degrees, &r);
    }
    return rc;
}

static cai_shell_status_t get_fn(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    infer_opts_t o;
    cai_shell_status_t rc = infer_parse(sh, cmd, argc, argv, IOPT_RESULT, INFER_MAX_POS, false, &o);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    if (o.npos < 2) {
        return cai_shell_usage_error(sh, cmd, "expected <model> [<format>] <start>");
    }
    int first = 1;
    uint8_t fmt;
    if (infer_parse_format(o.pos[1], &fmt)) {
        if (o.format_set && fmt != o.format) {
            return cai_shell_usage_error(sh, cmd, "two formats given: '%s' and --format", o.pos[1]);
        }
        o.format = fmt;
        first = 2;
    } else {
        double d;
        if (!infer_parse_real(o.pos[1], &d)) {
            return cai_shell_usage_error(sh, cmd,
                                         "'%s' is neither a format (cbor, sign1, encrypt) nor a "
                                         "number",
                                         o.pos[1]);
        }
    }
    cai_infer_model_info_t m;
    rc = infer_find_model(sh, o.pos[0], &m);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    if (m.input.elements != 1) {
        return cai_shell_usage_error(sh, cmd,
                                     "%s takes %u input values: `infer get` is for models of one "
                                     "value; use `infer run`",
                                     m.name, (unsigned)m.input.elements);
    }
    bool degrees = is_sine(&m);
    get_range_t r = { 0 };
    rc = parse_range(sh, cmd, &o, first, degrees, &r);
    if (rc == CAI_SHELL_OK) {
        rc = infer_out_open(sh, &o);
    }
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    bool saved = sh->json;
    sh->json = sh->json || o.json;
    cai_out_begin(sh);
    if (sh->json) {
        cai_out_str(sh, "model", m.name);
        cai_out_str(sh, "format", infer_format_name(o.format));
        cai_out_list_begin(sh, "results");
    }
    for (size_t i = 0; i < r.count && rc == CAI_SHELL_OK; i++) {
        rc = get_one(sh, &o, &m, r.start + (double)i * r.stride, degrees);
    }
    if (sh->json) {
        cai_out_list_end(sh);
    }
    cai_out_end(sh);
    sh->json = saved;
    cai_shell_status_t crc = infer_out_close(sh);
    return rc != CAI_SHELL_OK ? rc : crc;
}

const cai_cmd_t infer_get_cmd = {
    .name = "get",
    .summary = "one result per value of a range (sine: degrees)",
    .usage = "<model> [cbor|sign1|encrypt] <start> [<stop> [<stride>]] [--format F] "
             "[--nonce HEX] [--bind-input] [--out FILE] [--diag|--json]",
    .help = "Runs a model of one input value inside the SPE for start, start+stride, ...\n"
            "<= stop, and prints each result (hex dump; --diag: CBOR diagnostic notation)\n"
            "then the value. For the built-in sine model the values are degrees 0..360,\n"
            "and the line compares the model with the C library's sin().\n"
            "  format      cbor (the claims map), sign1 (COSE_Sign1, the default) or\n"
            "              encrypt (COSE_Sign1 over COSE_Encrypt to the cloud key)\n"
            "  --nonce HEX a nonce of 1..64 bytes, signed into the result (claim 10)\n"
            "  --bind-input  put the input in the result (claim -80010)\n"
            "  --out FILE  write the results there, back to back (a CBOR sequence)\n"
            "Example: infer get sine sign1 1 10 1",
    .fn = get_fn,
    .words = infer_format_words,
};
