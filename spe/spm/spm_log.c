/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Log lines of the SPM and of the partitions: formatted here, in portable
 * code, into one static line, then handed to the platform's sink
 * (cai_spe_port_log), so a port only ever writes finished lines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "spm_internal.h"

/* The SPE is single-threaded and the sink never calls back: one buffer. */
static char g_line[CAI_SPE_PORT_LOG_LINE_MAX + 1];

#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static void
spm_vlog(const char *fmt, va_list ap)
{
    int n = vsnprintf(g_line, sizeof(g_line), fmt, ap);
    if (n < 0) {
        return; /* an encoding error: nothing sensible to print */
    }
    /* Callers may or may not end with a newline: the sink adds exactly one. */
    size_t len = strlen(g_line);
    while (len > 0 && (g_line[len - 1] == '\n' || g_line[len - 1] == '\r')) {
        g_line[--len] = '\0';
    }
    cai_spe_port_log(g_line);
}

void spm_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    spm_vlog(fmt, ap);
    va_end(ap);
}

void cai_partition_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    spm_vlog(fmt, ap);
    va_end(ap);
}
