/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe / cai-spe-test: the host backend's secure processing environment
 * (the two images differ only in their manifest). One process,
 * not dumpable, serving PSA calls from NS clients over a SOCK_SEQPACKET
 * socket in a 0700 state directory. By default it daemonizes once the
 * socket is ready (the parent exits 0 only then); --foreground keeps it
 * attached, logging to stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cai/spm.h"
#include "cai_host/huk_host.h"
#include "cai_host/spe.h"
#include "cai_host/state.h"
#include "cai_host/version.h"

/* Which image this is (platform/host/spe/CMakeLists.txt): cai-spe, or
 * cai-spe-test with the [TEST] partitions. Same code, another manifest. */
#ifndef CAI_SPE_IMAGE_NAME
#error "CAI_SPE_IMAGE_NAME must name the image (cai-spe or cai-spe-test)"
#endif

/* Set by the serve loop when SIGTERM/SIGINT arrive (through its signalfd). */
static volatile sig_atomic_t g_stop;

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: " CAI_SPE_IMAGE_NAME
        " [--foreground] [--state-dir DIR] [--socket PATH] [--huk-file FILE]\n"
        "\n"
        "The cai secure processing environment (host backend).\n"
        "  --foreground      stay attached, log to stderr (default: daemonize once ready,\n"
        "                    log to DIR/" CAI_SPE_LOG_NAME ")\n"
        "  --state-dir DIR   state directory, mode 0700 (default $XDG_RUNTIME_DIR/cai, else "
        "./var)\n"
        "  --socket PATH     listen here instead of DIR/" CAI_SPE_SOCKET_NAME "\n"
        "  --huk-file FILE   pin the HUK (32 bytes, mode 0600); CAI_HUK_HEX=<64 hex> also pins it\n"
        "  -h, --help        this help;  --version  print the version\n");
}

typedef struct spe_opts {
    int foreground;
    const char *state_dir;
    const char *socket_path;
    const char *huk_file;
} spe_opts_t;

/* 0: parsed; 1: help/version printed; 2: usage error. */
static int parse_args(int argc, char **argv, spe_opts_t *o)
{
    static const struct option longopts[] = {
        { "foreground", no_argument, NULL, 'f' },
        { "state-dir", required_argument, NULL, 'd' },
        { "socket", required_argument, NULL, 's' },
        { "huk-file", required_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            o->foreground = 1;
            break;
        case 'd':
            o->state_dir = optarg;
            break;
        case 's':
            o->socket_path = optarg;
            break;
        case 'k':
            o->huk_file = optarg;
            break;
        case 'h':
            usage(stdout);
            return 1;
        case 'V':
            printf(CAI_SPE_IMAGE_NAME " %s\n", CAI_VERSION_STRING);
            return 1;
        default:
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": unknown or incomplete option '%s' (try --help)\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, CAI_SPE_IMAGE_NAME ": unexpected argument '%s' (try --help)\n",
                argv[optind]);
        return 2;
    }
    return 0;
}

/* Bind the listening socket. A socket file left by a dead SPE is replaced;
 * one that still answers means another SPE owns it: refuse. */
static int open_listener(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path)) {
        cai_host_log("[ERR] socket path too long (max %zu bytes): %s", sizeof(sa.sun_path) - 1,
                     path);
        return -1;
    }
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        cai_host_log("[ERR] socket: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            cai_host_log("[ERR] %s exists and is not a socket; refusing to replace it", path);
            close(fd);
            return -1;
        }
        int probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            cai_host_log("[ERR] another cai-spe is already serving %s", path);
            close(probe);
            close(fd);
            return -1;
        }
        if (probe >= 0) {
            close(probe);
        }
        unlink(path); /* stale: its SPE died without cleaning up */
    }
    mode_t old = umask(0077);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    if (rc != 0 || listen(fd, 64) != 0) {
        cai_host_log("[ERR] cannot listen on %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int write_pidfile(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        cai_host_log("[ERR] cannot write pidfile %s: %s", path, strerror(errno));
        return -1;
    }
    dprintf(fd, "%ld\n", (long)getpid());
    close(fd);
    return 0;
}

/* Fork; the parent waits until the child reports ready (one byte on the
 * pipe) and exits 0, or exits 1 when the child dies first. Returns the
 * write end of the pipe in the child. */
static int daemonize(void)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        fprintf(stderr, CAI_SPE_IMAGE_NAME ": pipe: %s\n", strerror(errno));
        exit(1);
    }
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, CAI_SPE_IMAGE_NAME ": fork: %s\n", strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        /* The waiting parent stays interruptible (Ctrl-C while booting). */
        sigset_t stop_sigs;
        sigemptyset(&stop_sigs);
        sigaddset(&stop_sigs, SIGTERM);
        sigaddset(&stop_sigs, SIGINT);
        sigprocmask(SIG_UNBLOCK, &stop_sigs, NULL);
        close(p[1]);
        char b;
        ssize_t n;
        do {
            n = read(p[0], &b, 1);
        } while (n < 0 && errno == EINTR);
        if (n == 1) {
            _exit(0);
        }
        int st;
        waitpid(pid, &st, 0);
        _exit(1);
    }
    close(p[0]);
    setsid();
    return p[1];
}

/* Detach from the terminal once ready: stdin/stdout to /dev/null, stderr
 * to the log file, and log only to the file from now on. */
static void detach(int ready_fd, FILE *log)
{
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(log != NULL ? fileno(log) : devnull, STDERR_FILENO);
        close(devnull);
    }
    cai_spe_log_to(false, log);
    (void)!write(ready_fd, "1", 1);
    close(ready_fd);
}

int main(int argc, char **argv)
{
    spe_opts_t o = { 0 };
    int prc = parse_args(argc, argv, &o);
    if (prc != 0) {
        return prc == 1 ? 0 : 2;
    }
    /* SIGTERM/SIGINT stay blocked for good: one arriving during boot stays
     * pending and the serve loop reads it from its signalfd at once, so a
     * stop request is never lost and never kills us half-initialised. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Nobody (not even our own uid) may ptrace us or read a core dump of
     * the SPE's memory: that is the host stand-in for TrustZone isolation. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

    char state_dir[CAI_STATE_PATH_MAX];
    if (o.state_dir != NULL) {
        if (snprintf(state_dir, sizeof(state_dir), "%s", o.state_dir) >= (int)sizeof(state_dir)) {
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": state directory path too long\n");
            return 1;
        }
    } else if (cai_state_dir_default(state_dir, sizeof(state_dir)) != 0) {
        fprintf(stderr, CAI_SPE_IMAGE_NAME ": cannot build the default state directory path\n");
        return 1;
    }
    char err[512];
    if (cai_state_dir_prepare(state_dir, err, sizeof(err)) != 0) {
        fprintf(stderr, CAI_SPE_IMAGE_NAME ": %s\n", err);
        return 1;
    }
    char sock_path[CAI_STATE_PATH_MAX], pid_path[CAI_STATE_PATH_MAX], log_path[CAI_STATE_PATH_MAX];
    if ((o.socket_path == NULL &&
         cai_state_path(sock_path, sizeof(sock_path), state_dir, CAI_SPE_SOCKET_NAME) != 0) ||
        (o.socket_path != NULL &&
         snprintf(sock_path, sizeof(sock_path), "%s", o.socket_path) >= (int)sizeof(sock_path)) ||
        cai_state_path(pid_path, sizeof(pid_path), state_dir, CAI_SPE_PIDFILE_NAME) != 0 ||
        cai_state_path(log_path, sizeof(log_path), state_dir, CAI_SPE_LOG_NAME) != 0) {
        fprintf(stderr, CAI_SPE_IMAGE_NAME ": path too long\n");
        return 1;
    }

    int ready_fd = -1;
    FILE *log = NULL;
    if (!o.foreground) {
        ready_fd = daemonize();
        log = fopen(log_path, "ae");
        if (log == NULL) {
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": cannot open log %s: %s\n", log_path,
                    strerror(errno));
            return 1;
        }
        cai_spe_log_to(true, log);
    }

    cai_host_log("[Sec Thread] Secure image initializing!");
    cai_host_log("Booting " CAI_SPE_IMAGE_NAME " %s (host backend, pid %ld)", CAI_VERSION_STRING,
                 (long)getpid());
    char *huk_hex = getenv("CAI_HUK_HEX");
    int huk_rc = cai_host_huk_load(state_dir, o.huk_file, huk_hex, err, sizeof(err));
    if (huk_hex != NULL) {
        /* The key must not stay readable in our environment block. */
        memset(huk_hex, 'x', strlen(huk_hex));
    }
    if (huk_rc != 0) {
        cai_host_log("[ERR] %s", err);
        return 1;
    }
    psa_status_t st = cai_spm_init(&cai_manifest);
    if (st != PSA_SUCCESS) {
        cai_host_log("[ERR] SPM initialisation failed (status %d); not serving", (int)st);
        cai_host_huk_wipe();
        return 1;
    }
    int lfd = open_listener(sock_path);
    if (lfd < 0) {
        cai_host_huk_wipe();
        return 1;
    }
    if (write_pidfile(pid_path) != 0) {
        unlink(sock_path);
        cai_host_huk_wipe();
        return 1;
    }
    cai_host_log("[SPE] serving PSA calls on %s", sock_path);
    if (!o.foreground) {
        detach(ready_fd, log);
    }

    int rc = cai_spe_serve(lfd, &g_stop);

    close(lfd);
    unlink(sock_path);
    unlink(pid_path);
    cai_host_huk_wipe();
    cai_host_log("[SPE] %s", rc == 0 ? "shut down cleanly" : "stopped on an error");
    if (log != NULL) {
        fclose(log);
    }
    return rc == 0 ? 0 : 1;
}
