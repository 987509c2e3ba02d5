/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Booting the secure side from `cai`: like a board that starts its secure
 * image before the NS one, `cai` starts cai-spe (found next to its own
 * executable) when no SPE answers, with cai's own state and runtime
 * directories and socket. cai-spe returns only once its socket is
 * ready, so one waitpid is the whole handshake; its boot log goes to our
 * stderr (with --json nowhere: stderr carries only JSON errors then; the
 * SPE's own log file keeps it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cai_host/cli.h"

cai_host_ctx_t cai_host;

static int spe_path(char *out, size_t size)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0) {
        return -1;
    }
    self[n] = '\0';
    int m = snprintf(out, size, "%s/cai-spe", dirname(self));
    return (m < 0 || (size_t)m >= size) ? -1 : 0;
}

int cai_host_boot_spe(void *ctx)
{
    cai_host_ctx_t *h = ctx;
    if (h->booted) {
        return -1; /* once per process: a second failure is not fixed by a third SPE */
    }
    h->booted = true;
    char exe[PATH_MAX];
    if (spe_path(exe, sizeof(exe)) != 0 || access(exe, X_OK) != 0) {
        cai_host_error("no SPE answers and cai-spe was not found next to cai");
        return -1;
    }
    if (!h->json) {
        fprintf(stderr, "booting secure side...\n");
        fflush(stderr);
    }
    /* The same directories and socket we use, all absolute: the SPE must
     * not work out its own and find another. */
    char *argv[10];
    int argc = 0;
    argv[argc++] = exe;
    argv[argc++] = (char *)"--state-dir";
    argv[argc++] = h->dirs.state;
    argv[argc++] = (char *)"--runtime-dir";
    argv[argc++] = h->dirs.runtime;
    if (h->socket_custom) {
        argv[argc++] = (char *)"--socket";
        argv[argc++] = h->socket;
    }
    argv[argc] = NULL;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        cai_host_error("cannot start cai-spe: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* The SPE must not write into our results: its stdout is our stderr,
         * or with --json (JSON errors only there) /dev/null. */
        int quiet = h->json ? open("/dev/null", O_WRONLY | O_CLOEXEC) : -1;
        if (quiet >= 0) {
            dup2(quiet, STDERR_FILENO);
        }
        dup2(STDERR_FILENO, STDOUT_FILENO);
        signal(SIGINT, SIG_DFL); /* the interactive shell ignores it; the SPE must not */
        execv(exe, argv);
        fprintf(stderr, "error: cannot run %s: %s\n", exe, strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        cai_host_error(h->json ? "cai-spe failed to boot (see its log in %s)"
                               : "cai-spe failed to boot (see its messages above%s)",
                       h->json ? h->dirs.runtime : "");
        return -1;
    }
    return 0;
}
