/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's log sink (cai_spe_port_log, spe/include/cai/spe_port.h): one
 * line per message to stderr and/or the log file in the runtime directory
 * (a descriptor opened O_APPEND by cai-spe's main). Also cai_host_log, the
 * formatted form the host's own code (cai-spe's main, the server, the HUK
 * loader, the storage backend) uses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cai/spe_port.h"
#include "cai_host/spe.h"

/* Longest host line: cai_host_log's buffer plus the newline. */
#define LOG_LINE_MAX 512

static bool g_to_stderr = true;
static int g_fd = -1;

void cai_spe_log_to(bool to_stderr, int fd)
{
    g_to_stderr = to_stderr;
    g_fd = fd;
}

/* One write per line: with O_APPEND, lines of concurrent writers never
 * interleave, and a line is never half written by us. */
static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; /* a sink that cannot write drops the line */
        }
        buf += n;
        len -= (size_t)n;
    }
}

void cai_spe_port_log(const char *line)
{
    if (line == NULL) {
        return;
    }
    char buf[LOG_LINE_MAX + 1];
    size_t len = strnlen(line, LOG_LINE_MAX - 1);
    memcpy(buf, line, len);
    buf[len++] = '\n';
    if (g_to_stderr) {
        write_all(STDERR_FILENO, buf, len);
    }
    if (g_fd >= 0) {
        write_all(g_fd, buf, len);
    }
}

void cai_host_log(const char *fmt, ...)
{
    /* Longer than the portable line: host messages carry paths. */
    char line[LOG_LINE_MAX];
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
