/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's log sink (cai_spe_port_log, spe/include/cai/spe_port.h): one
 * line per message to stderr and/or the log file in the runtime directory
 * (a descriptor opened O_APPEND by cai-spe's main). In the file each line
 * starts with its UTC time (RFC 3339, milliseconds) and its level
 * ("2026-12-02T00:48:07.512Z warn [WRN] ..."); on stderr (the boot console,
 * or the journal, which stamps lines itself) the line is as logged, and when
 * stderr is the journal ($JOURNAL_STREAM names it) with the syslog priority
 * prefix systemd reads ("<4>[WRN] ...", sd-daemon(3)). Lines above the
 * --log-level are dropped. Also cai_host_log, the
 * formatted form the host's own code (cai-spe's main, the server, the HUK
 * loader, the storage backend) uses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cai/spe_port.h"
#include "cai_host/spe.h"
#include "cai_host/state.h"

/* Longest host line: cai_host_log's buffer plus the newline. */
#define LOG_LINE_MAX 512

static bool g_to_stderr = true;
/* -1: not looked at yet; 0: stderr is not the journal; 1: it is. */
static int g_journal = -1;
static cai_spe_log_level_t g_level = CAI_SPE_LOG_INFO;
static int g_fd = -1;

/* Rotation (cai_spe_log_rotate_at): where the log lives, and its size. */
static int g_rot_dirfd = -1;
static const char *g_rot_dir_path;
static const char *g_rot_name;
static size_t g_rot_max;
static size_t g_size;

static void note_size(void)
{
    struct stat st;
    g_size = (g_fd >= 0 && fstat(g_fd, &st) == 0) ? (size_t)st.st_size : 0;
}

void cai_spe_log_to(bool to_stderr, int fd)
{
    g_to_stderr = to_stderr;
    g_journal = -1; /* stderr may have been redirected */
    g_fd = fd;
    note_size();
}

void cai_spe_log_rotate_at(int dirfd, const char *dir_path, const char *name, size_t max_bytes)
{
    g_rot_dirfd = dirfd;
    g_rot_dir_path = dir_path;
    g_rot_name = name;
    g_rot_max = max_bytes;
    note_size();
}

static bool same_file(int a, int b)
{
    struct stat sa, sb;
    return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* name -> name.1 (replacing an older one), a new name opened like the first
 * (no symlink, no FIFO, ours, one link), put in place of the old descriptor
 * (and of stderr when that is the log too). On any failure the old file
 * simply goes on growing: losing log lines would be worse. */
static void rotate(void)
{
    char old_name[256], err[256];
    if (g_rot_dirfd < 0 || g_fd < 0 ||
        snprintf(old_name, sizeof(old_name), "%s.1", g_rot_name) >= (int)sizeof(old_name)) {
        return;
    }
    bool stderr_too = g_fd != STDERR_FILENO && same_file(g_fd, STDERR_FILENO);
    if (renameat(g_rot_dirfd, g_rot_name, g_rot_dirfd, old_name) != 0) {
        return;
    }
    int fd =
        cai_file_openat(g_rot_dirfd, g_rot_dir_path, g_rot_name,
                        O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0600, "log file", err, sizeof(err));
    if (fd < 0) {
        return;
    }
    if (dup3(fd, g_fd, O_CLOEXEC) < 0) {
        close(fd);
        return;
    }
    if (stderr_too) {
        (void)dup2(fd, STDERR_FILENO);
    }
    close(fd);
    g_size = 0;
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

static const char *const k_level_names[] = { "error", "warn", "info", "debug" };
/* syslog priorities: err, warning, info, debug. */
static const char k_journal_prio[] = { '3', '4', '6', '7' };

/* Is stderr the journal's stream? systemd sets JOURNAL_STREAM to its
 * "device:inode"; a stderr redirected elsewhere since does not match. */
static bool stderr_is_journal(void)
{
    if (g_journal < 0) {
        const char *js = getenv("JOURNAL_STREAM");
        unsigned long long dev, ino;
        struct stat st;
        char end;
        g_journal = js != NULL && sscanf(js, "%llu:%llu%c", &dev, &ino, &end) == 2 &&
                    fstat(STDERR_FILENO, &st) == 0 && (unsigned long long)st.st_dev == dev &&
                    (unsigned long long)st.st_ino == ino;
    }
    return g_journal == 1;
}

int cai_spe_log_level_parse(const char *name, cai_spe_log_level_t *out)
{
    for (size_t i = 0; i < sizeof(k_level_names) / sizeof(k_level_names[0]); i++) {
        if (name != NULL && strcmp(name, k_level_names[i]) == 0) {
            *out = (cai_spe_log_level_t)i;
            return 0;
        }
    }
    return -1;
}

void cai_spe_log_set_level(cai_spe_log_level_t level)
{
    g_level = level;
}

static cai_spe_log_level_t level_of(const char *line)
{
    if (strncmp(line, "[ERR]", 5) == 0) {
        return CAI_SPE_LOG_ERROR;
    }
    if (strncmp(line, "[WRN]", 5) == 0) {
        return CAI_SPE_LOG_WARN;
    }
    if (strncmp(line, "[DBG]", 5) == 0) {
        return CAI_SPE_LOG_DEBUG;
    }
    return CAI_SPE_LOG_INFO;
}

/* "2026-12-02T00:48:07.512Z warn " (RFC 3339, UTC); its length. */
static size_t stamp(char *out, size_t size, cai_spe_log_level_t level)
{
    struct timespec ts;
    struct tm tm;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || gmtime_r(&ts.tv_sec, &tm) == NULL) {
        memset(&tm, 0, sizeof(tm));
        ts.tv_nsec = 0;
    }
    int n = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     ts.tv_nsec / 1000000L, k_level_names[level]);
    return (n > 0 && (size_t)n < size) ? (size_t)n : 0;
}

void cai_spe_port_log(const char *line)
{
    if (line == NULL) {
        return;
    }
    cai_spe_log_level_t level = level_of(line);
    if (level > g_level) {
        return;
    }
    /* The stamp, then the line: one buffer, one write. */
    char full[64 + LOG_LINE_MAX + 1];
    size_t pre = stamp(full, 64, level);
    char *buf = full + pre;
    size_t len = strnlen(line, LOG_LINE_MAX - 1);
    memcpy(buf, line, len);
    buf[len++] = '\n';
    if (g_to_stderr) {
        if (stderr_is_journal() && pre >= 3) {
            /* The priority goes just before the line, over the stamp's end. */
            char *p = buf - 3;
            char saved[3];
            memcpy(saved, p, 3);
            p[0] = '<';
            p[1] = k_journal_prio[level];
            p[2] = '>';
            write_all(STDERR_FILENO, p, len + 3);
            memcpy(p, saved, 3);
        } else {
            write_all(STDERR_FILENO, buf, len);
        }
    }
    if (g_fd >= 0) {
        buf = full;
        len += pre;
        if (g_rot_max > 0 && g_size + len > g_rot_max) {
            rotate();
        }
        write_all(g_fd, buf, len);
        g_size += len;
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
