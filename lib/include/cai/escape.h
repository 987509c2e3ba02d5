/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Text from outside (user input, names inside a model file) shown on a
 * terminal: control bytes (0x00-0x1f, 0x7f) are written as \xNN, so no byte
 * of it can move the cursor, retitle the window or hide what follows. For
 * host programs (shell, tools); JSON output has its own escaping.
 */
#ifndef CAI_ESCAPE_H
#define CAI_ESCAPE_H

#include <stdio.h>

#include <stddef.h>

void cai_fputs_escaped(const char *s, FILE *f);
/* The same for n bytes that need not end in a NUL (a NUL is shown as \x00). */
void cai_fwrite_escaped(const char *s, size_t n, FILE *f);

#endif /* CAI_ESCAPE_H */
