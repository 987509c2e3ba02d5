/* SPDX-License-Identifier: Apache-2.0 */
/* The portable shell commands; each is defined in its own cmd_<name>.c. */
#ifndef CAI_SHELL_COMMANDS_H
#define CAI_SHELL_COMMANDS_H

#include "cai/shell.h"

extern const cai_cmd_t cai_cmd_help;
extern const cai_cmd_t cai_cmd_info;
extern const cai_cmd_t cai_cmd_infer;
extern const cai_cmd_t cai_cmd_keys;
extern const cai_cmd_t cai_cmd_psa;
extern const cai_cmd_t cai_cmd_exit;
extern const cai_cmd_t cai_cmd_clear;
extern const cai_cmd_t cai_cmd_history;

/* A JSON string literal, escaped per RFC 8259 (out.c). */
void cai_shell_json_string(FILE *f, const char *s);
extern const cai_cmd_t cai_cmd_attest;

/* Services `info` probes with psa_version (services.c). */
typedef struct cai_known_service {
    const char *name;
    uint32_t sid;
    uint32_t version;
    uint32_t stateless_index; /* 0: connection-based; else CAI_STATELESS_HANDLE's index */
} cai_known_service_t;
extern const cai_known_service_t cai_known_services[];
extern const size_t cai_known_services_count;

#endif /* CAI_SHELL_COMMANDS_H */
