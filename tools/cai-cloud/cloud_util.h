/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared plumbing of the cai-cloud subcommands: exit codes, option parsing,
 * whole-file I/O, hex, key ids and JSON string output.
 */
#ifndef CAI_CLOUD_UTIL_H
#define CAI_CLOUD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes of every cai-cloud command (docs/design.md §6). */
enum {
    CLOUD_OK = 0,
    CLOUD_FAILED = 1,
    CLOUD_USAGE = 2
};

/* One option a command accepts: "--name VALUE" (takes_value) or "--name". */
typedef struct cloud_opt {
    const char *name;
    bool takes_value;
    const char *value; /* parsed: the value, or "" for a present flag; NULL if absent */
} cloud_opt_t;

/* Parses argv[first..argc) against opts (also "--name=value"). Prints one
 * error line and returns false on an unknown option or a missing value. */
bool cloud_parse_opts(int argc, char **argv, int first, cloud_opt_t *opts, size_t n_opts,
                      const char *prog);
const char *cloud_opt(const cloud_opt_t *opts, size_t n, const char *name);

/* Reads a whole file ("-" = stdin) into a malloc'd buffer (max 64 MiB). */
bool cloud_read_file(const char *path, uint8_t **buf, size_t *len);
/* Writes a file ("-" = stdout) with mode 0600 for new files. */
bool cloud_write_file(const char *path, const uint8_t *buf, size_t len);

/* Hex text to bytes (malloc'd); false on odd length or a non-hex digit. */
bool cloud_unhex(const char *hex, uint8_t **out, size_t *len);
void cloud_print_hex(FILE *f, const uint8_t *p, size_t n);

/* Key id from the command line: "hex:0011..." -> bytes, an RFC 9562 UUID
 * text -> its 16 bytes (the device kid form), anything else -> its UTF-8
 * bytes. *out points into a static buffer or into text. */
bool cloud_parse_kid(const char *text, const uint8_t **out, size_t *len);

/* A JSON string literal with escapes. */
void cloud_json_string(FILE *f, const char *s, size_t n);

/* --json anywhere on the command line (main sets it before dispatching):
 * every result is one JSON object on stdout and every error one JSON
 * object {"error": MESSAGE} on stderr, instead of text lines. */
extern bool cloud_json_mode;

/* One error line on stderr: the text (a trailing newline is optional), or
 * {"error": "<text>"} in --json mode. */
void cloud_err(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Where a usage text printed after an error goes: stderr, or nowhere in
 * --json mode (the error object already says what was wrong). */
FILE *cloud_usage_stream(void);

#endif /* CAI_CLOUD_UTIL_H */
