/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's NS port for the shell (cai_host_shell_port: `info` facts,
 * psa_close with the SPM's answer, the host-only commands), and `spe` (host
 * only): is the secure side up, start it, stop it. The SPE's pid
 * comes from SO_PEERCRED on our connection (whose server the client library
 * already checked is the SPE's uid), and is signalled only if it is an SPE
 * image of that uid that the pidfile names too: never a stale guess.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cai_host/cli.h"
#include "cai_host/psa_client_host.h"

/* `info`: where the SPE is. */
static void host_info(cai_shell_t *sh)
{
    cai_out_str(sh, "spe_socket", cai_psa_client_socket());
    cai_out_int(sh, "spe_pid", (long long)cai_psa_client_spe_pid());
}

/* Which connection PSA calls use, and the SPE's pid on it (`psa call`'s
 * hint about a handle that died with an SPE restart). */
static unsigned host_connection(long *spe_id)
{
    *spe_id = (long)cai_psa_client_spe_pid();
    return cai_psa_client_connection();
}

static cai_shell_status_t status_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "no arguments expected");
    }
    bool up = cai_psa_client_probe() == 0;
    cai_out_begin(sh);
    cai_out_str(sh, "spe", up ? "running" : "not running");
    cai_out_str(sh, "socket", cai_psa_client_socket());
    if (up) {
        cai_out_int(sh, "pid", (long long)cai_psa_client_spe_pid());
    }
    cai_out_str(sh, "state_dir", cai_host.dirs.state);
    cai_out_str(sh, "runtime_dir", cai_host.dirs.runtime);
    cai_out_end(sh);
    return up ? CAI_SHELL_OK : CAI_SHELL_FAIL;
}

static cai_shell_status_t start_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "no arguments expected");
    }
    if (cai_psa_client_probe() != 0 && cai_psa_client_open() != 0) {
        return cai_shell_error(sh, "could not start the secure side");
    }
    cai_out_begin(sh);
    cai_out_str(sh, "spe", "running");
    cai_out_int(sh, "pid", (long long)cai_psa_client_spe_pid());
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

/* The pid in the runtime directory's pidfile (read through the directory's
 * descriptor, never following a symlink or blocking on a FIFO there). */
static long pidfile_pid(void)
{
    char err[512], buf[32];
    int fd = cai_file_openat(cai_host.runtime_fd, cai_host.dirs.runtime, CAI_SPE_PIDFILE_NAME,
                             O_RDONLY, 0, "pidfile", err, sizeof(err));
    if (fd < 0) {
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';
    char *end = NULL;
    long pid = strtol(buf, &end, 10);
    return (end != buf && (*end == '\n' || *end == '\0') && pid > 1 && pid <= INT32_MAX) ? pid : -1;
}

/* Is pid a live SPE image (either cai-spe or the test image cai-spe-test,
 * by its command name) of the SPE's user or root? /proc/PID/exe cannot be
 * read: the SPE is not dumpable. */
static bool is_spe_process(pid_t pid)
{
    char path[64], line[128], comm[32] = "";
    snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        return false;
    }
    bool ok = fgets(comm, sizeof(comm), f) != NULL &&
              (strcmp(comm, "cai-spe\n") == 0 || strcmp(comm, "cai-spe-test\n") == 0);
    fclose(f);
    snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
    f = ok ? fopen(path, "re") : NULL;
    if (f == NULL) {
        return false;
    }
    bool uid_ok = false;
    while (fgets(line, sizeof(line), f) != NULL) {
        long ruid, euid;
        if (sscanf(line, "Uid: %ld %ld", &ruid, &euid) == 2) {
            uid_ok = euid == 0 || euid == (long)cai_psa_client_spe_uid();
            break;
        }
    }
    fclose(f);
    return uid_ok;
}

/* The pidfile's pid, if it names a live SPE image (so a recycled pid is
 * never signalled). */
static pid_t pidfile_spe(void)
{
    long pid = pidfile_pid();
    return pid > 0 && is_spe_process((pid_t)pid) ? (pid_t)pid : -1;
}

/* SIGTERM, then SIGCONT (a stopped SPE must get to read it). Through a
 * pidfd checked after opening, so the pid cannot be recycled between the
 * check and the signal; plain kill where pidfds are missing. */
static int signal_spe(pid_t pid)
{
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_send_signal)
    int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pfd >= 0) {
        int rc = -1;
        if (!is_spe_process(pid)) {
            errno = ESRCH;
        } else if (syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0) == 0) {
            (void)syscall(SYS_pidfd_send_signal, pfd, SIGCONT, NULL, 0);
            rc = 0;
        }
        int e = errno;
        close(pfd);
        errno = e;
        return rc;
    }
    if (errno != ENOSYS) {
        return -1;
    }
#endif
    if (!is_spe_process(pid)) {
        errno = ESRCH;
        return -1;
    }
    if (kill(pid, SIGTERM) != 0) {
        return -1;
    }
    (void)kill(pid, SIGCONT);
    return 0;
}

/* Gone, or a zombie waiting for a parent that is not us. */
static bool process_gone(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        return true;
    }
    bool zombie = fgets(buf, sizeof(buf), f) != NULL && strstr(buf, ") Z ") != NULL;
    fclose(f);
    return zombie;
}

/* The socket does not answer (SPE hung, socket removed): fall back to the
 * pidfile, which names the SPE of this runtime directory. */
static cai_shell_status_t stop_by_pidfile(cai_shell_t *sh)
{
    pid_t pid = pidfile_spe();
    if (pid <= 0) {
        return cai_shell_error(sh, "no SPE answers on %s", cai_psa_client_socket());
    }
    if (signal_spe(pid) != 0) {
        return cai_shell_error(sh, "cannot signal cai-spe (pid %ld): %s", (long)pid,
                               strerror(errno));
    }
    for (int i = 0; i < 1000; i++) {
        if (process_gone(pid)) {
            cai_host.booted = false;
            cai_out_begin(sh);
            cai_out_str(sh, "spe", "stopped");
            cai_out_int(sh, "pid", (long long)pid);
            cai_out_end(sh);
            return CAI_SHELL_OK;
        }
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return cai_shell_error(sh, "cai-spe (pid %ld) did not stop within 10 s", (long)pid);
}

/* How long `spe stop` waits for the socket to accept: not the full client
 * timeout, since a full backlog means a stuck SPE, which the pidfile
 * fallback stops. */
#define STOP_PROBE_MS 1000u

static cai_shell_status_t stop_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "no arguments expected");
    }
    int prc = cai_psa_client_probe_within(STOP_PROBE_MS);
    if (prc != 0) {
        return stop_by_pidfile(sh);
    }
    pid_t pid = cai_psa_client_spe_pid();
    cai_psa_client_disconnect();
    long named = pidfile_pid();
    if (pid <= 0 || !is_spe_process(pid)) {
        return cai_shell_error(sh,
                               "the server of %s (pid %ld) is not a cai-spe of uid %ld; not "
                               "signalling it",
                               cai_psa_client_socket(), (long)pid, (long)cai_psa_client_spe_uid());
    }
    if (named > 0 && named != (long)pid) {
        return cai_shell_error(sh,
                               "the pidfile names pid %ld but pid %ld serves %s; not "
                               "signalling either",
                               named, (long)pid, cai_psa_client_socket());
    }
    if (signal_spe(pid) != 0) {
        return cai_shell_error(sh, "cannot signal the SPE (pid %ld): %s", (long)pid,
                               strerror(errno));
    }
    /* Wait (up to 10 s) until the socket stops answering (the SPE removes it
     * on exit), so a following command never talks to a half-stopped SPE. */
    for (int i = 0; i < 1000; i++) {
        if (cai_psa_client_probe_within(STOP_PROBE_MS) != 0) {
            cai_host.booted = false; /* a later command may boot a new one */
            cai_out_begin(sh);
            cai_out_str(sh, "spe", "stopped");
            cai_out_int(sh, "pid", (long long)pid);
            cai_out_end(sh);
            return CAI_SHELL_OK;
        }
        cai_psa_client_disconnect();
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return cai_shell_error(sh, "the SPE (pid %ld) did not stop within 10 s", (long)pid);
}

static const cai_cmd_t spe_status_cmd = { .name = "status",
                                          .summary = "is the secure side running (socket, pid)",
                                          .fn = status_run };
static const cai_cmd_t spe_start_cmd = { .name = "start",
                                         .summary = "boot the secure side if it is not running",
                                         .fn = start_run };
static const cai_cmd_t spe_stop_cmd = { .name = "stop",
                                        .summary = "stop the secure side (SIGTERM, wait for it)",
                                        .fn = stop_run };
static const cai_cmd_t *const spe_subs[] = { &spe_status_cmd, &spe_start_cmd, &spe_stop_cmd, NULL };

static const cai_cmd_t cai_cmd_spe = {
    .name = "spe",
    .summary = "the secure side process: status, start, stop",
    .subs = spe_subs,
};

static const cai_cmd_t *const host_commands[] = { &cai_cmd_spe, NULL };

/* The kernel's CSPRNG (getrandom), for challenges. */
static psa_status_t host_random(uint8_t *out, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = getrandom(out + got, len - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return PSA_ERROR_INSUFFICIENT_ENTROPY;
        }
        got += (size_t)n;
    }
    return PSA_SUCCESS;
}

const cai_shell_port_t cai_host_shell_port = {
    .info = host_info,
    .psa_close_status = cai_psa_close_status,
    .commands = host_commands,
    .history_line = cai_host_history_line,
    .connection = host_connection,
    .random = host_random,
};
