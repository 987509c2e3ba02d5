/* SPDX-License-Identifier: Apache-2.0 */
/* Test helpers: read the shared golden data (files, CSV rows, the simple
 * JSON of the golden files) without any third-party parser. */
#ifndef CAI_TEST_INFER_GOLDEN_IO_H
#define CAI_TEST_INFER_GOLDEN_IO_H

#include <stddef.h>
#include <stdint.h>

/* Whole file into a fresh 16-byte-aligned buffer (free() it); NULL on error. */
uint8_t *gio_read_file(const char *path, size_t *len);

/* "<shared>/models/<rel>" into out. */
void gio_path(char *out, size_t cap, const char *shared, const char *rel);

/* Find the next `"key":` at or after *pos in text; on success *pos points
 * after the colon. */
int gio_json_key(const char *text, size_t *pos, const char *key);
/* Parse a JSON string value at *pos into out (no escapes needed here). */
int gio_json_string(const char *text, size_t *pos, char *out, size_t cap);
/* Parse a JSON array of integers at *pos; returns the count (<= cap) or -1. */
int gio_json_int_array(const char *text, size_t *pos, long *out, int cap);

#endif
