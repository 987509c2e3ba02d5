/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the `infer` commands share (cmd_infer_*.c): their options, the
 * request they make, and how a result is shown (hex dump, diagnostic
 * notation, JSON, a file) and read back for its output values.
 */
#ifndef CAI_SHELL_INFER_COMMON_H
#define CAI_SHELL_INFER_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/infer_client.h"
#include "cai/shell.h"

#define INFER_MAX_POS     8
#define INFER_VALUES_MAX  (CAI_INFER_RESULT_MAX / 4u)
#define INFER_OUTPUTS_MAX 1024u /* output values shown; more are counted */

typedef struct infer_opts {
    uint8_t format; /* CAI_INFER_FORMAT_*, default sign1 */
    bool format_set;
    uint8_t nonce[CAI_INFER_NONCE_MAX];
    size_t nonce_len;
    bool bind_input;
    const char *out;
    const char *input_file;
    const char *labels_file;
    bool diag;
    bool json;
    const char *pos[INFER_MAX_POS];
    int npos;
    /* extra positional words (`infer run` values) */
    char **rest;
    int nrest;
} infer_opts_t;

enum {
    IOPT_FORMAT = 1u << 0, /* --format, and a bare format word in `get` */
    IOPT_NONCE = 1u << 1,
    IOPT_BIND = 1u << 2,
    IOPT_OUT = 1u << 3,
    IOPT_DIAG = 1u << 4,
    IOPT_JSON = 1u << 5,
    IOPT_INPUT = 1u << 6,
    IOPT_LABELS = 1u << 7,
};
#define IOPT_RESULT (IOPT_FORMAT | IOPT_NONCE | IOPT_BIND | IOPT_OUT | IOPT_DIAG | IOPT_JSON)

/* Parses the words after the command; words that are numbers (also
 * negative ones) are positional. max_pos: positional words kept in pos;
 * with rest_ok, the others go to rest (in order) instead of being an error. */
cai_shell_status_t infer_parse(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv,
                               unsigned allowed, int max_pos, bool rest_ok, infer_opts_t *o);

/* "cbor", "sign1", "encrypt" (any case) into *format; false otherwise. */
bool infer_parse_format(const char *s, uint8_t *format);
const char *infer_format_name(uint8_t format);

/* A finite number (strtod syntax, no trailing bytes); false otherwise. */
bool infer_parse_real(const char *s, double *v);

/* The model by name, one error line if the SPE has none. */
cai_shell_status_t infer_find_model(cai_shell_t *sh, const char *name, cai_infer_model_info_t *m);

/* One error line for a failed run in that format (CAI_INFER_FORMAT_*). */
cai_shell_status_t infer_run_error(cai_shell_t *sh, psa_status_t st, const char *model,
                                   uint8_t format);

/* The claims of a result the NS side can read (cbor and sign1; an encrypt
 * result's are for the cloud only). */
typedef struct infer_readout {
    bool readable;
    uint64_t seq;
    float out[INFER_OUTPUTS_MAX];
    size_t n_out; /* values in the result (maybe more than INFER_OUTPUTS_MAX) */
} infer_readout_t;

/* Reads the claims of res; false when it is not a result of that format. */
bool infer_read_result(const uint8_t *res, size_t len, uint8_t format, infer_readout_t *r);

/* A request of m with the options' format, flags and nonce; the caller adds
 * the input. */
cai_infer_request_t infer_request(const infer_opts_t *o, const cai_infer_model_info_t *m);

/* Run req in the SPE into g_infer_result (*len bytes) and read its claims
 * into r; one error line on failure. */
cai_shell_status_t infer_call(cai_shell_t *sh, const cai_infer_model_info_t *m,
                              const cai_infer_request_t *req, size_t *len, infer_readout_t *r);

/* The output values the result carries (at most INFER_OUTPUTS_MAX shown). */
void infer_out_outputs(cai_shell_t *sh, const infer_readout_t *r);

/* 16 bytes a line: offset, hex, printable ASCII. */
void infer_hexdump(FILE *f, const uint8_t *buf, size_t len);

/* The result as chosen (text: hex dump or diagnostic notation; JSON fields
 * "format", "result" (hex), "seq", "output"), and appended to --out. */
cai_shell_status_t infer_emit_result(cai_shell_t *sh, const infer_opts_t *o, const uint8_t *res,
                                     size_t len, const infer_readout_t *r);

/* Opens --out (truncating) once per command: results are appended to it,
 * back to back (a CBOR sequence, RFC 8742, when there are several). */
cai_shell_status_t infer_out_open(cai_shell_t *sh, const infer_opts_t *o);
cai_shell_status_t infer_out_close(cai_shell_t *sh);

extern uint8_t g_infer_result[CAI_INFER_RESULT_MAX];

/* The format words `infer get` takes (completion). */
extern const char *const infer_format_words[];

extern const cai_cmd_t infer_model_cmd;
extern const cai_cmd_t infer_get_cmd;
extern const cai_cmd_t infer_run_cmd;

#endif /* CAI_SHELL_INFER_COMMON_H */
