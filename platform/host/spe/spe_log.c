/*
 * cai_spm_log for the host: one line per message to stderr and/or the log
 * file in the state directory.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cai/spm.h"
#include "cai_host/spe.h"

static bool g_to_stderr = true;
static FILE *g_file;

void cai_spe_log_to(bool to_stderr, FILE *file)
{
    g_to_stderr = to_stderr;
    g_file = file;
}

void cai_spm_log(const char *fmt, ...)
{
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
    if (g_to_stderr) {
        fprintf(stderr, "%s\n", line);
        fflush(stderr);
    }
    if (g_file != NULL) {
        fprintf(g_file, "%s\n", line);
        fflush(g_file);
    }
}
