/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Error messages without stdio (the engine core must build for a secure image
 * with no libc I/O): a tiny formatter for the few conversions messages need.
 */
#ifndef CAI_INFER_ERRFMT_H
#define CAI_INFER_ERRFMT_H

#include <stdarg.h>
#include <stddef.h>

/* Format into err[errcap] (always NUL-terminated when errcap > 0, truncated
 * if needed). Conversions: %s %c %d %u %ld %lu %x %%. err may be NULL. */
void infer_vfmt(char *err, size_t errcap, const char *fmt, va_list ap);
void infer_fmt(char *err, size_t errcap, const char *fmt, ...);

#endif /* CAI_INFER_ERRFMT_H */
