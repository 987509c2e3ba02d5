/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command-line conventions of cai-model (the same as cai's and
 * cai-cloud's): --json anywhere makes every result one JSON object on
 * stdout and every error one JSON object {"error": MESSAGE} on stderr.
 */
#ifndef CAI_MODEL_CLI_H
#define CAI_MODEL_CLI_H

#include <stdbool.h>
#include <stdio.h>

extern bool model_json_mode;

/* One error line on stderr (a trailing newline is optional), or
 * {"error": "<text>"} in --json mode. */
void model_err(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* One warning line on stderr ("warning: ..."), or {"warning": "<text>"}. */
void model_warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Where a usage text after an error goes: stderr, or nowhere with --json. */
FILE *model_usage_stream(void);

/* A JSON string literal (control and non-ASCII bytes as \u00XX). */
void model_json_string(FILE *f, const char *s);

#endif
