/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's log sink (cai_spe_port_log, spe/include/cai/spe_port.h): one
 * line per message to stderr and/or the log file in the state directory. Also
 * cai_host_log, the formatted form the host's own code (cai-spe's main, the
 * server, the HUK loader) uses.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cai/spe_port.h"
#include "cai_host/spe.h"

static bool g_to_stderr = true;
static FILE *g_file;

void cai_spe_log_to(bool to_stderr, FILE *file)
{
    g_to_stderr = to_stderr;
    g_file = file;
}

void cai_spe_port_log(const char *line)
{
    if (line == NULL) {
        return;
    }
    if (g_to_stderr) {
        fprintf(stderr, "%s\n", line);
        fflush(stderr);
    }
    if (g_file != NULL) {
        fprintf(g_file, "%s\n", line);
        fflush(g_file);
    }
}

void cai_host_log(const char *fmt, ...)
{
    /* Longer than the portable line: host messages carry paths. */
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    /* Callers may or may not end with a newline: print exactly one. */
    size_t len = strlen(line);
    while (len > 0 && line[len - 1] == '\n') {
        line[--len] = '\0';
    }
    cai_spe_port_log(line);
}
