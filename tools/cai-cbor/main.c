/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-cbor-tool: a thin command-line front end of cai_cbor, used by the
 * vector and oracle tests (and handy when debugging):
 *
 *   cai-cbor-tool diag     HEX   diagnostic notation of the one item in HEX
 *   cai-cbor-tool reencode HEX   cai_cbor_put_preferred: preferred serialization
 *                                (definite lengths, shortest heads and floats;
 *                                map order kept), print hex
 *   cai-cbor-tool check    HEX   RFC 8949 §4.2.1 deterministic check
 *   cai-cbor-tool wf       HEX   well-formed (skip over the item, finish)
 *   cai-cbor-tool batch          read "COMMAND HEX" lines on stdin, answer one
 *                                line each: "ok OUTPUT" or "err ERROR-NAME"
 *
 * Exit status (single commands): 0 ok, 1 the input was rejected, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cbor.h"
#include "cai/hex.h"

/* Short stable error names for scripts. */
static const char *err_name(cai_cbor_err_t e)
{
    switch (e) {
    case CAI_CBOR_OK:
        return "ok";
    case CAI_CBOR_ERR_BUFFER_TOO_SMALL:
        return "buffer_too_small";
    case CAI_CBOR_ERR_MALFORMED:
        return "malformed";
    case CAI_CBOR_ERR_TRUNCATED:
        return "truncated";
    case CAI_CBOR_ERR_LIMIT:
        return "limit";
    case CAI_CBOR_ERR_TYPE:
        return "type";
    case CAI_CBOR_ERR_NOT_DETERMINISTIC:
        return "not_deterministic";
    case CAI_CBOR_ERR_TRAILING:
        return "trailing";
    case CAI_CBOR_ERR_END:
        return "end";
    case CAI_CBOR_ERR_ARG:
        return "arg";
    }
    return "unknown";
}

/* Parses hex into a fresh buffer; NULL on bad hex. */
static uint8_t *parse_hex(const char *s, size_t *len)
{
    size_t n = strlen(s);
    uint8_t *b = malloc(n / 2 + 1);
    if (b != NULL && cai_hex_decode(s, n, b, n / 2, len) != 0) {
        free(b);
        b = NULL;
    }
    return b;
}

static cai_cbor_err_t well_formed(const uint8_t *in, size_t len)
{
    cai_cbor_dec_t d;
    cai_cbor_limits_t lim = { CAI_CBOR_MAX_DEPTH, 0, 0 };
    cai_cbor_dec_init(&d, in, len, &lim);
    cai_cbor_err_t r = cai_cbor_skip(&d);
    return r != CAI_CBOR_OK ? r : cai_cbor_dec_finish(&d);
}

/* Runs one command; prints "ok ..." / "err ..." (batch) or the bare result. */
static int run(const char *cmd, const char *hex, bool batch)
{
    size_t len = 0;
    uint8_t *in = parse_hex(hex, &len);
    cai_cbor_err_t r = CAI_CBOR_OK;
    char *text = NULL;
    if (!in) {
        printf(batch ? "err badhex\n" : "bad hex\n");
        return 2;
    }
    if (strcmp(cmd, "diag") == 0) {
        size_t need = 0;
        cai_cbor_diag(in, len, NULL, 0, &need);
        text = malloc(need + 1);
        r = text ? cai_cbor_diag(in, len, text, need + 1, &need) : CAI_CBOR_ERR_LIMIT;
    } else if (strcmp(cmd, "reencode") == 0) {
        cai_cbor_enc_t e;
        size_t need = 0;
        cai_cbor_enc_init(&e, NULL, 0);
        r = cai_cbor_put_preferred(&e, in, len);
        if (r == CAI_CBOR_OK) {
            cai_cbor_enc_finish(&e, &need);
            uint8_t *outb = malloc(need + 1);
            cai_cbor_enc_init(&e, outb, need);
            r = outb ? cai_cbor_put_preferred(&e, in, len) : CAI_CBOR_ERR_LIMIT;
            if (r == CAI_CBOR_OK) {
                r = cai_cbor_enc_finish(&e, &need);
            }
            if (r == CAI_CBOR_OK) {
                text = malloc(2 * need + 1);
                for (size_t i = 0; text && i < need; i++) {
                    sprintf(text + 2 * i, "%02x", outb[i]);
                }
                if (text) {
                    text[2 * need] = '\0';
                }
            }
            free(outb);
        }
    } else if (strcmp(cmd, "check") == 0) {
        r = cai_cbor_check_deterministic(in, len);
    } else if (strcmp(cmd, "wf") == 0) {
        r = well_formed(in, len);
    } else {
        free(in);
        printf(batch ? "err badcommand\n" : "unknown command %s\n", cmd);
        return 2;
    }
    if (r == CAI_CBOR_OK) {
        printf(batch ? "ok %s\n" : "%s\n", text ? text : "ok");
    } else {
        printf(batch ? "err %s\n" : "error: %s\n", err_name(r));
    }
    free(text);
    free(in);
    return r == CAI_CBOR_OK ? 0 : 1;
}

static int batch(void)
{
    static char line[1 << 20];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *sp = strchr(line, ' ');
        const char *hex = "";
        if (sp) {
            *sp = '\0';
            hex = sp + 1;
        }
        run(line, hex, true);
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "batch") == 0) {
        return batch();
    }
    if (argc != 3) {
        fprintf(stderr, "usage: cai-cbor-tool diag|reencode|check|wf HEX\n"
                        "       cai-cbor-tool batch < lines of \"COMMAND HEX\"\n");
        return 2;
    }
    return run(argv[1], argv[2], false);
}
