/* SPDX-License-Identifier: Apache-2.0 */
/* See infer_common.h. */
#include "infer_common.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cai/cbor.h"
#include "cai/hex.h"

uint8_t g_infer_result[CAI_INFER_RESULT_MAX];

/* The out vector to offer for a result of m: its largest result, not the
 * whole buffer (the SPE clears and wipes what a call offers). */
static size_t infer_result_cap(const cai_infer_model_info_t *m)
{
    return m->result_max < sizeof(g_infer_result) ? m->result_max : sizeof(g_infer_result);
}
static char g_diag[65536];
static FILE *g_out_file;

const char *const infer_format_words[] = { "cbor", "sign1", "encrypt", NULL };

static const struct {
    const char *name;
    uint8_t format;
} k_formats[] = {
    { "cbor", CAI_INFER_FORMAT_CBOR },
    { "sign1", CAI_INFER_FORMAT_SIGN1 },
    { "encrypt", CAI_INFER_FORMAT_ENCRYPT },
};

bool infer_parse_format(const char *s, uint8_t *format)
{
    for (size_t i = 0; i < sizeof(k_formats) / sizeof(k_formats[0]); i++) {
        if (strcasecmp(s, k_formats[i].name) == 0) {
            *format = k_formats[i].format;
            return true;
        }
    }
    return false;
}

const char *infer_format_name(uint8_t format)
{
    for (size_t i = 0; i < sizeof(k_formats) / sizeof(k_formats[0]); i++) {
        if (k_formats[i].format == format) {
            return k_formats[i].name;
        }
    }
    return "?";
}

bool infer_parse_real(const char *s, double *v)
{
    if (s == NULL || *s == '\0' || isspace((unsigned char)*s)) {
        return false;
    }
    char *end = NULL;
    errno = 0;
    double d = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(d)) {
        return false;
    }
    *v = d;
    return true;
}

/* A word that starts like a number: "-1", "-.5", "3" (not "-x"). */
static bool numeric_word(const char *a)
{
    const char *p = a[0] == '-' || a[0] == '+' ? a + 1 : a;
    return isdigit((unsigned char)p[0]) || (p[0] == '.' && isdigit((unsigned char)p[1]));
}

static const struct {
    const char *flag;
    unsigned bit;
    bool value;
} k_flags[] = {
    { "--format", IOPT_FORMAT, true },
    { "--nonce", IOPT_NONCE, true },
    { "--bind-input", IOPT_BIND, false },
    { "--out", IOPT_OUT, true },
    { "-o", IOPT_OUT, true },
    { "--diag", IOPT_DIAG, false },
    { "--json", IOPT_JSON, false },
    { "--input", IOPT_INPUT, true },
    { "--labels", IOPT_LABELS, true },
};

static cai_shell_status_t take_value(cai_shell_t *sh, const cai_cmd_t *cmd, unsigned bit,
                                     const char *flag, const char *v, infer_opts_t *o)
{
    switch (bit) {
    case IOPT_FORMAT:
        if (!infer_parse_format(v, &o->format)) {
            return cai_shell_usage_error(sh, cmd, "%s '%s': a format is cbor, sign1 or encrypt",
                                         flag, v);
        }
        o->format_set = true;
        return CAI_SHELL_OK;
    case IOPT_NONCE: {
        long n = cai_parse_hex(v, o->nonce, sizeof(o->nonce));
        if (n < 1) {
            return cai_shell_usage_error(sh, cmd, "%s: 1..%u bytes in hex (e.g. 0a0b0c)", flag,
                                         CAI_INFER_NONCE_MAX);
        }
        o->nonce_len = (size_t)n;
        return CAI_SHELL_OK;
    }
    case IOPT_OUT:
        o->out = v;
        return CAI_SHELL_OK;
    case IOPT_INPUT:
        o->input_file = v;
        return CAI_SHELL_OK;
    default:
        o->labels_file = v;
        return CAI_SHELL_OK;
    }
}

cai_shell_status_t infer_parse(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv,
                               unsigned allowed, int max_pos, bool rest_ok, infer_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->format = CAI_INFER_FORMAT_SIGN1;
    o->rest = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0' || numeric_word(a)) {
            if (o->npos < max_pos) {
                o->pos[o->npos++] = a;
            } else if (rest_ok) {
                if (o->rest == NULL) {
                    o->rest = &argv[i];
                }
                if (o->rest + o->nrest != &argv[i]) {
                    return cai_shell_usage_error(sh, cmd, "values must follow each other: '%s'", a);
                }
                o->nrest++;
            } else {
                return cai_shell_usage_error(sh, cmd, "unexpected argument '%s'", a);
            }
            continue;
        }
        size_t f = 0;
        while (f < sizeof(k_flags) / sizeof(k_flags[0]) && strcmp(a, k_flags[f].flag) != 0) {
            f++;
        }
        if (f == sizeof(k_flags) / sizeof(k_flags[0]) || (k_flags[f].bit & allowed) == 0) {
            return cai_shell_usage_error(sh, cmd, "'%s' is not an option of %s", a, sh->cmd_path);
        }
        unsigned bit = k_flags[f].bit;
        if (!k_flags[f].value) {
            o->bind_input |= bit == IOPT_BIND;
            o->diag |= bit == IOPT_DIAG;
            o->json |= bit == IOPT_JSON;
            continue;
        }
        if (i + 1 >= argc) {
            return cai_shell_usage_error(sh, cmd, "%s needs a value", a);
        }
        cai_shell_status_t rc = take_value(sh, cmd, bit, a, argv[++i], o);
        if (rc != CAI_SHELL_OK) {
            return rc;
        }
    }
    /* `cai` takes --json from anywhere on its command line (sh->json), so
     * the command may never see it in argv. */
    if (o->diag && (o->json || sh->json)) {
        return cai_shell_usage_error(sh, cmd, "--diag and --json are two output forms: choose one");
    }
    return CAI_SHELL_OK;
}

cai_shell_status_t infer_find_model(cai_shell_t *sh, const char *name, cai_infer_model_info_t *m)
{
    psa_status_t st = cai_infer_model_find(name, m);
    if (st == PSA_ERROR_DOES_NOT_EXIST) {
        return cai_shell_error(sh, "no model '%s' in the SPE (`infer model` lists them)", name);
    }
    if (st != PSA_SUCCESS) {
        const char *n = cai_psa_status_name(st);
        return cai_shell_error(sh, "cannot read the model registry: %s (%d)", n ? n : "status",
                               (int)st);
    }
    return CAI_SHELL_OK;
}

cai_shell_status_t infer_run_error(cai_shell_t *sh, psa_status_t st, const char *model,
                                   uint8_t format)
{
    const char *n = cai_psa_status_name(st);
    switch (st) {
    case PSA_ERROR_INVALID_ARGUMENT:
        return cai_shell_error(sh,
                               "%s: the secure side refused the input (wrong count, NaN, "
                               "infinity, or a value the model's input cannot represent)",
                               model);
    case PSA_ERROR_DOES_NOT_EXIST:
        /* The model was found before the run: for encrypt, the SPE checks
         * the cloud key first, and that is what is missing. */
        if (format == CAI_INFER_FORMAT_ENCRYPT) {
            return cai_shell_error(sh,
                                   "%s: no cloud key installed: encrypt results need one "
                                   "(`keys cloud install FILE`)",
                                   model);
        }
        return cai_shell_error(sh, "%s: no such model in the SPE (`infer model` lists them)",
                               model);
    case PSA_ERROR_INSUFFICIENT_STORAGE:
    case PSA_ERROR_STORAGE_FAILURE:
        return cai_shell_error(sh, "%s: no sequence number could be reserved (%s): no result",
                               model, n);
    case PSA_ERROR_CONNECTION_REFUSED:
        return cai_shell_error(sh, "this SPE image has no inference service");
    default:
        return cai_shell_error(sh, "%s: inference failed: %s (%d)", model, n ? n : "status",
                               (int)st);
    }
}

/* The COSE_Sign1 payload, without checking the signature (the NS side has
 * no reason to trust or distrust its own SPE; verifiers check it). */
static bool sign1_payload(const uint8_t *res, size_t len, const uint8_t **p, size_t *n)
{
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, res, len, NULL);
    uint64_t tag = 0, count = 0;
    if (cai_cbor_get_tag(&d, &tag) != CAI_CBOR_OK || tag != 18u ||
        cai_cbor_get_array(&d, &count) != CAI_CBOR_OK || count != 4u ||
        cai_cbor_skip(&d) != CAI_CBOR_OK || cai_cbor_skip(&d) != CAI_CBOR_OK ||
        cai_cbor_get_bstr(&d, p, n) != CAI_CBOR_OK) {
        return false;
    }
    return true;
}

static bool read_floats(cai_cbor_dec_t *d, infer_readout_t *r)
{
    uint64_t n = 0;
    if (cai_cbor_get_array(d, &n) != CAI_CBOR_OK) {
        return false;
    }
    r->n_out = (size_t)n;
    for (uint64_t i = 0; i < n; i++) {
        cai_cbor_item_t it;
        if (cai_cbor_next(d, &it) != CAI_CBOR_OK || it.type != CAI_CBOR_FLOAT) {
            return false;
        }
        if (i < INFER_OUTPUTS_MAX) {
            r->out[i] = (float)it.v.f;
        }
    }
    return true;
}

bool infer_read_result(const uint8_t *res, size_t len, uint8_t format, infer_readout_t *r)
{
    memset(r, 0, sizeof(*r));
    if (format == CAI_INFER_FORMAT_ENCRYPT) {
        return true; /* not readable here, by design */
    }
    const uint8_t *p = res;
    size_t n = len;
    if (format == CAI_INFER_FORMAT_SIGN1 && !sign1_payload(res, len, &p, &n)) {
        return false;
    }
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, p, n, NULL);
    uint64_t pairs = 0;
    if (cai_cbor_get_map(&d, &pairs) != CAI_CBOR_OK) {
        return false;
    }
    bool have_out = false, have_seq = false;
    for (uint64_t i = 0; i < pairs; i++) {
        int64_t key = 0;
        if (cai_cbor_get_int(&d, &key) != CAI_CBOR_OK) {
            return false;
        }
        bool ok;
        if (key == -80000) {
            ok = read_floats(&d, r);
            have_out = ok;
        } else if (key == -80006) {
            ok = cai_cbor_get_uint(&d, &r->seq) == CAI_CBOR_OK;
            have_seq = ok;
        } else {
            ok = cai_cbor_skip(&d) == CAI_CBOR_OK;
        }
        if (!ok) {
            return false;
        }
    }
    r->readable = have_out && have_seq;
    return r->readable;
}

cai_infer_request_t infer_request(const infer_opts_t *o, const cai_infer_model_info_t *m)
{
    return (cai_infer_request_t){
        .model = m->name,
        .format = o->format,
        .flags = o->bind_input ? CAI_INFER_FLAG_BIND_INPUT : 0,
        .nonce = o->nonce_len > 0 ? o->nonce : NULL,
        .nonce_len = o->nonce_len,
    };
}

cai_shell_status_t infer_call(cai_shell_t *sh, const cai_infer_model_info_t *m,
                              const cai_infer_request_t *req, size_t *len, infer_readout_t *r)
{
    *len = 0;
    psa_status_t st = cai_infer_run(req, g_infer_result, infer_result_cap(m), len);
    if (st != PSA_SUCCESS) {
        return infer_run_error(sh, st, m->name, req->format);
    }
    if (!infer_read_result(g_infer_result, *len, req->format, r)) {
        return cai_shell_error(sh, "%s: the SPE's answer is not a %s result", m->name,
                               infer_format_name(req->format));
    }
    return CAI_SHELL_OK;
}

void infer_out_outputs(cai_shell_t *sh, const infer_readout_t *r)
{
    cai_out_reals(sh, "output", r->out,
                  r->n_out < INFER_OUTPUTS_MAX ? r->n_out : INFER_OUTPUTS_MAX);
}

void infer_hexdump(FILE *f, const uint8_t *buf, size_t len)
{
    for (size_t off = 0; off < len; off += 16) {
        fprintf(f, "%08zx: ", off);
        for (size_t i = 0; i < 16; i++) {
            if (off + i < len) {
                fprintf(f, "%02x ", buf[off + i]);
            } else {
                fputs("   ", f);
            }
            if (i == 7) {
                fputc(' ', f);
            }
        }
        fputc('|', f);
        for (size_t i = 0; i < 16 && off + i < len; i++) {
            unsigned char c = buf[off + i];
            fputc(c >= 0x20 && c < 0x7f ? (int)c : '.', f);
        }
        fputs("|\n", f);
    }
}

cai_shell_status_t infer_out_open(cai_shell_t *sh, const infer_opts_t *o)
{
    g_out_file = NULL;
    if (o->out == NULL) {
        return CAI_SHELL_OK;
    }
    g_out_file = fopen(o->out, "wb");
    if (g_out_file == NULL) {
        return cai_shell_error(sh, "cannot write %s: %s", o->out, strerror(errno));
    }
    return CAI_SHELL_OK;
}

cai_shell_status_t infer_out_close(cai_shell_t *sh)
{
    if (g_out_file == NULL) {
        return CAI_SHELL_OK;
    }
    bool bad = fclose(g_out_file) != 0;
    g_out_file = NULL;
    return bad ? cai_shell_error(sh, "cannot finish writing the result file") : CAI_SHELL_OK;
}

cai_shell_status_t infer_emit_result(cai_shell_t *sh, const infer_opts_t *o, const uint8_t *res,
                                     size_t len, const infer_readout_t *r)
{
    if (g_out_file != NULL && fwrite(res, 1, len, g_out_file) != len) {
        return cai_shell_error(sh, "cannot write %s", o->out);
    }
    if (sh->json) {
        cai_out_str(sh, "format", infer_format_name(o->format));
        cai_out_hex(sh, "result", res, len);
        if (r->readable) {
            cai_out_int(sh, "seq", (long long)r->seq);
        }
        return CAI_SHELL_OK;
    }
    if (o->diag) {
        size_t needed = 0;
        if (cai_cbor_diag(res, len, g_diag, sizeof(g_diag), &needed) != CAI_CBOR_OK) {
            return cai_shell_error(sh, "the result is too long for --diag (%zu bytes of text)",
                                   needed);
        }
        fprintf(sh->out, "%s\n", g_diag);
    } else if (o->out == NULL) {
        infer_hexdump(sh->out, res, len);
    }
    return CAI_SHELL_OK;
}
