/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the `keys` commands share (cmd_keys_*.c): options, key names, output
 * of keys, requests and certificates, and the buffers they use. The commands
 * run one at a time, so one set of buffers serves them all.
 */
#ifndef CAI_SHELL_KEYS_COMMON_H
#define CAI_SHELL_KEYS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/identity_client.h"
#include "cai/shell.h"

/* Largest file `keys cert install` reads: a PEM certificate of
 * CAI_IDENTITY_CERT_MAX bytes is about 2.8 KiB, explanatory text allowed. */
#define CERT_FILE_MAX   16384u
#define PEM_TEXT_MAX    4096u /* PEM of a CAI_IDENTITY_CERT_MAX-byte DER: about 2.8 KiB */
#define COSE_KEY_MAX    128u
#define COSE_DIAG_MAX   512u
#define SUBJECT_MAX     (CAI_IDENTITY_ORG_MAX + 128u)
#define KEY_NAMES_USAGE "tls, sign, encrypt or a key id 5001..5003"
/* The key names, for completion (cai_cmd_t.words); cert adds "install". */
extern const char *const keys_key_words[];
extern const char *const keys_cert_words[];

extern uint8_t g_der[CAI_IDENTITY_CERT_MAX];
extern char g_text[PEM_TEXT_MAX];
extern uint8_t g_file[CERT_FILE_MAX + 1u];

/* ---------------- options ---------------- */

enum {
    OPT_PEM = 1u << 0,
    OPT_DER = 1u << 1,
    OPT_HEX = 1u << 2,
    OPT_COSE_KEY = 1u << 3,
    OPT_DIAG = 1u << 4,
    OPT_JSON = 1u << 5,
    OPT_ORG = 1u << 6,
    OPT_OUT = 1u << 7,
};
#define OPT_FORMATS (OPT_PEM | OPT_DER | OPT_HEX | OPT_COSE_KEY)

typedef enum {
    FMT_DEFAULT = 0,
    FMT_PEM,
    FMT_DER,
    FMT_HEX,
    FMT_COSE_KEY
} fmt_t;

typedef struct opts {
    fmt_t fmt;
    const char *fmt_flag;
    bool diag;
    bool json;
    const char *org;
    const char *out;
    const char *pos[3];
    int npos;
} opts_t;

typedef cai_shell_status_t (*body_fn)(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o);

#define KEYS_HELP_IDS                                                                         \
    "  KEY: tls (0x5001, HUK_CLIENT_TLS_EC_PRIV_KEY), sign (0x5002, HUK_COSE_EC_PRIV_KEY),\n" \
    "       encrypt (0x5003, HUK_COSE_ENCRYPT_EC_PRIV_KEY); ids in hex, with or without 0x"

cai_shell_status_t keys_parse_key(cai_shell_t *sh, const cai_cmd_t *cmd, const char *s,
                                  const cai_identity_key_info_t **key);

const char *keys_status_text(psa_status_t st, char buf[64]);

/* One line for a failed identity call: what the status means here. */
cai_shell_status_t keys_identity_error(cai_shell_t *sh, psa_status_t st,
                                       const cai_identity_key_info_t *key, const char *what);

void keys_out_key_fields(cai_shell_t *sh, const cai_identity_key_info_t *key);

void keys_text_key_header(cai_shell_t *sh, const cai_identity_key_info_t *key);

void keys_hex_line(FILE *f, const uint8_t *buf, size_t len);

/* Writes len bytes to path; one error line on failure. */
cai_shell_status_t keys_write_file(cai_shell_t *sh, const char *path, const void *buf, size_t len);

cai_shell_status_t keys_pem_of(cai_shell_t *sh, const char *label, const uint8_t *der, size_t len);

/* A DER object (CSR or certificate) in the chosen format: to --out, or to
 * the output; with --json, described in one object. */
cai_shell_status_t keys_emit_der(cai_shell_t *sh, const opts_t *o, const char *pem_label,
                                 const uint8_t *der, size_t len);

/* Parse, honour a --json among the words for this command only, run. */
cai_shell_status_t keys_run_with(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv,
                                 unsigned allowed, int max_pos, body_fn body);

void keys_out_status_fields(cai_shell_t *sh, const cai_identity_key_status_t *s);

/* The subcommands (cmd_keys_*.c), gathered by `keys` (cmd_keys.c). */
extern const cai_cmd_t keys_status_cmd;
extern const cai_cmd_t keys_public_cmd;
extern const cai_cmd_t keys_csr_cmd;
extern const cai_cmd_t keys_cert_cmd;
extern const cai_cmd_t keys_cloud_cmd;

#endif /* CAI_SHELL_KEYS_COMMON_H */
