/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe / cai-spe-test: the host backend's secure processing environment
 * (the two images differ only in their manifest). One process,
 * not dumpable, serving PSA calls from NS clients over a SOCK_SEQPACKET
 * socket in a 0700 runtime directory, keeping its HUK and storage objects
 * in a 0700 state directory (docs/host.md "Directories"). Both directories
 * are opened once, before anything else, and used only through those
 * descriptors. By default it daemonizes once the socket is ready (the parent
 * exits 0 only then); --foreground keeps it attached, logging to stderr.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cai/spe_port.h"
#include "cai/spm.h"
#include "cai_host/models_host.h"
#include "cai_host/huk_host.h"
#include "cai_host/image_host.h"
#include "cai_host/spe.h"
#include "cai_host/spe_notify.h"
#include "cai_host/spe_runtime.h"
#include "cai_host/state.h"
#include "cai_host/spe_user.h"
#include "cai_host/storage_host.h"
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
        f, "usage: " CAI_SPE_IMAGE_NAME " [--foreground] [--state-dir DIR] [--runtime-dir DIR]\n"
           "       [--socket PATH] [--huk-file FILE] [--user USER --group GROUP]\n"
           "       [--allow-uid USER]... [--allow-gid GROUP]... [--idle-timeout SECONDS]\n"
           "       [--rate-burst N] [--rate-per-second N] [--log-max BYTES]\n"
           "       [--model NAME[@VERSION]=FILE]...\n"
           "       [--log-level error|warn|info|debug]\n"
           "\n"
           "The cai secure processing environment (host backend).\n"
           "  --foreground       stay attached, log to stderr (default: daemonize once ready,\n"
           "                     log to RUNDIR/" CAI_SPE_LOG_NAME ")\n"
           "  --state-dir DIR    persistent state: HUK, protected storage (mode 0700; default\n"
           "                     $CAI_STATE_DIR, else $XDG_STATE_HOME/cai, else\n"
           "                     $HOME/.local/state/cai)\n"
           "  --runtime-dir DIR  socket, pidfile, log (mode 0700; default: the state\n"
           "                     directory when --state-dir or CAI_STATE_DIR names it, else\n"
           "                     $XDG_RUNTIME_DIR/cai, else the state directory)\n"
           "  --socket PATH      listen here (default $CAI_SPE_SOCKET, else "
           "RUNDIR/" CAI_SPE_SOCKET_NAME ")\n"
           "  --huk-file FILE    pin the HUK (32 bytes, mode 0600); CAI_HUK_HEX=<64 hex> also pins "
           "it\n"
           "  --user USER        run as USER (started as root: drops to it before opening\n"
           "                     anything); the runtime directory becomes mode 0750 of\n"
           "                     --group and the socket 0660; defaults /var/lib/cai, /run/cai.\n"
           "                     Without it: same-uid development mode\n"
           "  --group GROUP      the clients' group (with --user): may reach the socket, and\n"
           "                     is allowed unless --allow-uid/--allow-gid say otherwise\n"
           "  --allow-uid USER   admit this uid (repeatable; root and our uid always are)\n"
           "  --allow-gid GROUP  admit members of this group (repeatable)\n"
           "  --idle-timeout S   drop a connection without handles idle for S seconds\n"
           "                     (default 30; 0 never)\n"
           "  --rate-burst N, --rate-per-second N\n"
           "                     expensive calls (CSR, TLS signing, certificate install) per uid\n"
           "                     (default 64 at once, 16 per second; burst 0: unlimited)\n"
           "  --log-max BYTES    rotate RUNDIR/" CAI_SPE_LOG_NAME " to " CAI_SPE_LOG_NAME
           ".1 at this size\n"
           "                     (default 1 MiB; 4096..1 GiB)\n"
           "  --model NAME[@VERSION]=FILE\n"
           "                     register a TFLite model after the built-in ones (repeatable,\n"
           "                     8 models in all; NAME: 1..31 of a-z 0-9 _ -; VERSION default\n"
           "                     1): read once at boot, verified and measured inside the SPE\n"
           "  --log-level LEVEL  error, warn, info (default) or debug: lines above it are\n"
           "                     dropped; " CAI_SPE_LOG_NAME
           " lines start with the UTC time and level\n"
           "  -h, --help         this help;  -V, --version  print the version\n"
           "Relative paths are taken from the current directory and shown absolute.\n");
}

typedef struct spe_opts {
    int foreground;
    const char *state_dir;
    const char *runtime_dir;
    const char *socket_path;
    const char *huk_file;
    /* Separate user and admission (docs/host.md "Separate user"). */
    const char *user;
    const char *group;
    const char *allow_uid[CAI_SPE_ALLOW_MAX];
    size_t n_allow_uid;
    const char *allow_gid[CAI_SPE_ALLOW_MAX];
    size_t n_allow_gid;
    const char *idle_timeout;
    const char *rate_burst;
    const char *rate_per_second;
    const char *log_max;
    const char *model[CAI_SPE_PORT_MODELS_MAX];
    size_t n_model;
    const char *log_level;
} spe_opts_t;

/* The options of the separate-user mode and of the limits; 0, or 2 (usage)
 * after one line on stderr. */
static int parse_policy_opt(int ch, const char *arg, spe_opts_t *o)
{
    switch (ch) {
    case 'u':
        o->user = arg;
        return 0;
    case 'g':
        o->group = arg;
        return 0;
    case 'U':
    case 'G': {
        size_t *n = ch == 'U' ? &o->n_allow_uid : &o->n_allow_gid;
        if (*n >= CAI_SPE_ALLOW_MAX) {
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": at most %u --allow-uid and %u --allow-gid\n",
                    CAI_SPE_ALLOW_MAX, CAI_SPE_ALLOW_MAX);
            return 2;
        }
        (ch == 'U' ? o->allow_uid : o->allow_gid)[(*n)++] = arg;
        return 0;
    }
    case 'i':
        o->idle_timeout = arg;
        return 0;
    case 'b':
        o->rate_burst = arg;
        return 0;
    case 'p':
        o->rate_per_second = arg;
        return 0;
    case 'L':
        o->log_max = arg;
        return 0;
    case 'M':
        if (o->n_model >= CAI_SPE_PORT_MODELS_MAX) {
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": at most %u models in all\n",
                    CAI_SPE_PORT_MODELS_MAX);
            return 2;
        }
        o->model[o->n_model++] = arg;
        return 0;
    case 'l':
        o->log_level = arg;
        return 0;
    default:
        return -1;
    }
}

/* 0: parsed; 1: help/version printed; 2: usage error. */
static int parse_args(int argc, char **argv, spe_opts_t *o)
{
    static const struct option longopts[] = {
        { "foreground", no_argument, NULL, 'f' },
        { "state-dir", required_argument, NULL, 'd' },
        { "runtime-dir", required_argument, NULL, 'r' },
        { "socket", required_argument, NULL, 's' },
        { "huk-file", required_argument, NULL, 'k' },
        { "user", required_argument, NULL, 'u' },
        { "group", required_argument, NULL, 'g' },
        { "allow-uid", required_argument, NULL, 'U' },
        { "allow-gid", required_argument, NULL, 'G' },
        { "idle-timeout", required_argument, NULL, 'i' },
        { "rate-burst", required_argument, NULL, 'b' },
        { "rate-per-second", required_argument, NULL, 'p' },
        { "log-max", required_argument, NULL, 'L' },
        { "model", required_argument, NULL, 'M' },
        { "log-level", required_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            o->foreground = 1;
            break;
        case 'd':
            o->state_dir = optarg;
            break;
        case 'r':
            o->runtime_dir = optarg;
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
        default: {
            int rc = parse_policy_opt(ch, optarg, o);
            if (rc >= 0) {
                if (rc != 0) {
                    return rc;
                }
                break;
            }
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": unknown or incomplete option '%s' (try --help)\n",
                    argv[optind - 1]);
            return 2;
        }
        }
    }
    if (optind != argc) {
        fprintf(stderr, CAI_SPE_IMAGE_NAME ": unexpected argument '%s' (try --help)\n",
                argv[optind]);
        return 2;
    }
    return 0;
}

/* Everything boot resolved and opened: absolute paths (for messages and
 * clients) and the descriptors actually used. */
typedef struct spe_boot {
    cai_host_dirs_t dirs;
    char sock_path[CAI_STATE_PATH_MAX];
    char huk_file[CAI_STATE_PATH_MAX];
    int state_fd, runtime_fd, sock_dir_fd;
    const char *sock_name; /* inside sock_dir_fd */
    bool state_on_tmpfs;
    /* --user: who we became, and the clients' group; else same-uid mode. */
    bool separate;
    uid_t uid;
    gid_t gid, client_group;
    cai_spe_policy_t policy;
} spe_boot_t;

/* One error line on stderr (before the log exists); always -1. */
static int fail(const char *what, const char *arg)
{
    fprintf(stderr, CAI_SPE_IMAGE_NAME ": %s%s\n", what, arg);
    return -1;
}

/* Paths first: options, then environment, then the defaults; all absolute. */
static int resolve_paths(const spe_opts_t *o, spe_boot_t *b)
{
    char err[512];
    if (cai_host_dirs_resolve(&b->dirs, o->state_dir, o->runtime_dir, err, sizeof(err)) != 0) {
        return fail("", err);
    }
    const char *env = getenv("CAI_SPE_SOCKET");
    const char *sock = o->socket_path != NULL            ? o->socket_path
                       : (env != NULL && env[0] != '\0') ? env
                                                         : NULL;
    if (sock == NULL) {
        if (cai_state_path(b->sock_path, sizeof(b->sock_path), b->dirs.runtime,
                           CAI_SPE_SOCKET_NAME) != 0) {
            return fail("runtime directory path too long", "");
        }
    } else if (cai_path_absolute(b->sock_path, sizeof(b->sock_path), sock) != 0) {
        return fail("socket path is empty or too long: ", sock);
    }
    if (o->huk_file != NULL &&
        cai_path_absolute(b->huk_file, sizeof(b->huk_file), o->huk_file) != 0) {
        return fail("HUK file path is empty or too long: ", o->huk_file);
    }
    return 0;
}

/* The socket's directory: the runtime directory's descriptor when the
 * socket is the default one there, else its parent as the operator named it. */
static int open_sock_dir(spe_boot_t *b)
{
    char *slash = strrchr(b->sock_path, '/');
    size_t dlen = (size_t)(slash - b->sock_path);
    b->sock_name = slash + 1;
    if (b->sock_name[0] == '\0') {
        return fail("socket path names a directory: ", b->sock_path);
    }
    if (strlen(b->dirs.runtime) == dlen && strncmp(b->dirs.runtime, b->sock_path, dlen) == 0) {
        b->sock_dir_fd = b->runtime_fd;
        return 0;
    }
    *slash = '\0';
    b->sock_dir_fd = open(dlen == 0 ? "/" : b->sock_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *slash = '/';
    if (b->sock_dir_fd < 0) {
        return fail("cannot open the directory of socket ", b->sock_path);
    }
    return 0;
}

/* Open (creating them) and check both directories, once. The same path is
 * opened only once, so state and runtime files can never end up in two
 * different directories that happened to have the same name. */
static int open_dirs(spe_boot_t *b)
{
    char err[512];
    b->state_fd = cai_dir_open(b->dirs.state, "state directory", err, sizeof(err));
    if (b->state_fd < 0) {
        return fail("", err);
    }
    if (strcmp(b->dirs.state, b->dirs.runtime) == 0) {
        b->runtime_fd = b->state_fd;
    } else {
        b->runtime_fd = b->separate
                            ? cai_dir_open_group(b->dirs.runtime, "runtime directory",
                                                 b->client_group, err, sizeof(err))
                            : cai_dir_open(b->dirs.runtime, "runtime directory", err, sizeof(err));
        if (b->runtime_fd < 0) {
            return fail("", err);
        }
    }
    struct statfs fs;
    b->state_on_tmpfs = fstatfs(b->state_fd, &fs) == 0 && fs.f_type == 0x01021994; /* TMPFS */
    return open_sock_dir(b);
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
static void detach(int ready_fd, int log_fd)
{
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(log_fd >= 0 ? log_fd : devnull, STDERR_FILENO);
        close(devnull);
    }
    cai_spe_log_to(false, log_fd);
    (void)!write(ready_fd, "1", 1);
    close(ready_fd);
}

/* The SPE's own state, before any partition runs: the HUK, then the
 * storage backend (partition init functions may already read both). */
static int boot_state(const spe_opts_t *o, spe_boot_t *b)
{
    char err[512];
    char *huk_hex = getenv("CAI_HUK_HEX");
    int huk_rc =
        cai_host_huk_load(b->state_fd, b->dirs.state, o->huk_file != NULL ? b->huk_file : NULL,
                          huk_hex, err, sizeof(err));
    if (huk_hex != NULL) {
        /* The key must not stay readable in our environment block. */
        memset(huk_hex, 'x', strlen(huk_hex));
    }
    if (huk_rc != 0) {
        cai_host_log("[ERR] %s", err);
        return -1;
    }
    if (cai_host_storage_open(b->state_fd, b->dirs.state, err, sizeof(err)) != 0) {
        cai_host_log("[ERR] %s", err);
        cai_host_huk_wipe();
        return -1;
    }
    return 0;
}

static int parse_uint(const char *opt, const char *s, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = (s[0] >= '0' && s[0] <= '9') ? strtoul(s, &end, 10) : 0;
    if (s[0] < '0' || s[0] > '9' || errno != 0 || *end != '\0' || v > max) {
        return fail(opt, s);
    }
    *out = (unsigned)v;
    return 0;
}

/* The admission list and the limits, from the options. */
static int build_policy(const spe_opts_t *o, spe_boot_t *b)
{
    cai_spe_policy_t *p = &b->policy;
    cai_spe_policy_default(p);
    for (size_t i = 0; i < o->n_allow_uid; i++) {
        if (cai_spe_user_lookup(o->allow_uid[i], &p->allow_uid[i], NULL) != 0) {
            return fail("--allow-uid: no such user: ", o->allow_uid[i]);
        }
    }
    p->n_allow_uid = o->n_allow_uid;
    for (size_t i = 0; i < o->n_allow_gid; i++) {
        if (cai_spe_group_lookup(o->allow_gid[i], &p->allow_gid[i]) != 0) {
            return fail("--allow-gid: no such group: ", o->allow_gid[i]);
        }
    }
    p->n_allow_gid = o->n_allow_gid;
    if ((o->idle_timeout != NULL &&
         parse_uint("--idle-timeout: not a number of seconds (0..86400): ", o->idle_timeout, 86400u,
                    &p->idle_timeout_s) != 0) ||
        (o->rate_burst != NULL && parse_uint("--rate-burst: not a count (0..100000): ",
                                             o->rate_burst, 100000u, &p->rate_burst) != 0) ||
        (o->rate_per_second != NULL &&
         parse_uint("--rate-per-second: not a count (0..100000): ", o->rate_per_second, 100000u,
                    &p->rate_per_second) != 0)) {
        return -1;
    }
    return 0;
}

/* --user: become the SPE user before any path is resolved, created or
 * opened, so that every directory and file is created by that user and
 * every "owned by us" check means it; root never touches the directories.
 * Without --user: the same-uid development mode. */
static int become_spe_user(const spe_opts_t *o, spe_boot_t *b)
{
    char err[512];
    if (build_policy(o, b) != 0) {
        return -1;
    }
    if (o->user == NULL) {
        if (o->group != NULL) {
            return fail("--group needs --user", "");
        }
        return 0;
    }
    if (o->group == NULL) {
        return fail("--user needs --group GROUP (the group whose members may use the SPE)", "");
    }
    if (cai_spe_user_lookup(o->user, &b->uid, &b->gid) != 0) {
        return fail("--user: no such user: ", o->user);
    }
    if (cai_spe_group_lookup(o->group, &b->client_group) != 0) {
        return fail("--group: no such group: ", o->group);
    }
    if (b->uid == 0) {
        return fail("--user: the SPE user must not be root", "");
    }
    if (cai_spe_user_become(b->uid, b->gid, b->client_group, err, sizeof(err)) != 0) {
        return fail("", err);
    }
    b->separate = true;
    if (b->policy.n_allow_uid == 0 && b->policy.n_allow_gid == 0) {
        b->policy.allow_gid[b->policy.n_allow_gid++] = b->client_group;
    }
    return 0;
}

/* In the separate-user mode, a system service's directories by default,
 * and never one directory for both: the runtime one is group-readable. */
static int separate_dirs(const spe_opts_t *o, spe_boot_t *b)
{
    if (!b->separate) {
        return 0;
    }
    const char *env = getenv("CAI_STATE_DIR");
    if (o->state_dir == NULL && (env == NULL || env[0] == '\0')) {
        snprintf(b->dirs.state, sizeof(b->dirs.state), "%s", CAI_SPE_SYSTEM_STATE_DIR);
        if (o->runtime_dir == NULL) {
            snprintf(b->dirs.runtime, sizeof(b->dirs.runtime), "%s", CAI_SPE_SYSTEM_RUNTIME_DIR);
            if (o->socket_path == NULL &&
                (getenv("CAI_SPE_SOCKET") == NULL || getenv("CAI_SPE_SOCKET")[0] == '\0')) {
                snprintf(b->sock_path, sizeof(b->sock_path), "%s/%s", CAI_SPE_SYSTEM_RUNTIME_DIR,
                         CAI_SPE_SOCKET_NAME);
            }
        }
    }
    if (strcmp(b->dirs.state, b->dirs.runtime) == 0) {
        return fail("with --user the runtime directory must not be the state directory "
                    "(the socket's directory is open to the clients' group): add "
                    "--runtime-dir DIR",
                    "");
    }
    return 0;
}

/* Which mode this is, in the boot log: a development mode is announced the
 * way TF-M announces dummy provisioning. */
static void announce_mode(const spe_boot_t *b)
{
    if (!b->separate) {
        cai_host_log("[WRN] same-uid development mode: the non-secure side can read the HUK "
                     "(development only; use --user for a separate SPE user)");
        return;
    }
    cai_host_log("[SPE] separate user: uid %u gid %u; runtime directory and socket open to "
                 "group %u",
                 (unsigned)b->uid, (unsigned)b->gid, (unsigned)b->client_group);
    for (size_t i = 0; i < b->policy.n_allow_uid; i++) {
        cai_host_log("[SPE] admitted: uid %u", (unsigned)b->policy.allow_uid[i]);
    }
    for (size_t i = 0; i < b->policy.n_allow_gid; i++) {
        cai_host_log("[SPE] admitted: members of group %u", (unsigned)b->policy.allow_gid[i]);
    }
}

static void shutdown_state(void)
{
    cai_host_storage_close();
    cai_host_huk_wipe();
}

/* Close every descriptor above 2 (close_range where the kernel has it,
 * else each one listed in /proc/self/fd). */
static void close_inherited_fds(void)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0) {
        return;
    }
#endif
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL) {
        for (int fd = 3; fd < 1024; fd++) {
            close(fd);
        }
        return;
    }
    int self = dirfd(d);
    int fds[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < sizeof(fds) / sizeof(fds[0])) {
        int fd = atoi(e->d_name);
        if (fd > 2 && fd != self) {
            fds[n++] = fd;
        }
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        close(fds[i]);
    }
}

int main(int argc, char **argv)
{
    /* Nothing inherited beyond stdin/stdout/stderr: no descriptor of the
     * NS process that started us stays open in the SPE. */
    close_inherited_fds();
    /* During boot SIGTERM/SIGINT keep their default action (whatever the
     * parent left blocked or ignored): a boot stuck on anything (an old SPE
     * that accepts nothing, a slow disk) is ended by a plain stop request.
     * Nothing boot leaves behind needs us: a stale socket is replaced and a
     * leftover huk.bin.tmp removed at the next start. They are blocked
     * (read from the serve loop's signalfd) once the socket is listening. */
    sigset_t stop_sigs;
    sigemptyset(&stop_sigs);
    sigaddset(&stop_sigs, SIGTERM);
    sigaddset(&stop_sigs, SIGINT);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    sigprocmask(SIG_UNBLOCK, &stop_sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    spe_opts_t o = { 0 };
    int prc = parse_args(argc, argv, &o);
    if (prc != 0) {
        return prc == 1 ? 0 : 2;
    }
    unsigned log_max = CAI_SPE_LOG_MAX_BYTES;
    if (o.log_max != NULL && (parse_uint("--log-max: not a size in bytes (4096..1073741824): ",
                                         o.log_max, 1u << 30, &log_max) != 0 ||
                              log_max < 4096u)) {
        if (log_max < 4096u) {
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": --log-max: at least 4096 bytes\n");
        }
        return 2;
    }

    cai_spe_log_level_t log_level = CAI_SPE_LOG_INFO;
    if (o.log_level != NULL && cai_spe_log_level_parse(o.log_level, &log_level) != 0) {
        fprintf(stderr,
                CAI_SPE_IMAGE_NAME ": --log-level: '%s' is not error, warn, info or debug\n",
                o.log_level);
        return 2;
    }
    cai_spe_log_set_level(log_level);

    /* Nobody (not even our own uid) may ptrace us or read a core dump of
     * the SPE's memory: that is the host stand-in for TrustZone isolation. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

    static spe_boot_t b;
    if (become_spe_user(&o, &b) != 0) {
        return 1;
    }
    if (resolve_paths(&o, &b) != 0 || separate_dirs(&o, &b) != 0 || open_dirs(&b) != 0) {
        return 1;
    }
    /* A second SPE on the same socket says so in one line, before any
     * boot log (and before daemonizing): the first one keeps serving. */
    pid_t other;
    if (cai_spe_socket_served(b.sock_dir_fd, b.sock_name, b.sock_path, &other)) {
        if (other > 0) {
            fprintf(stderr,
                    CAI_SPE_IMAGE_NAME ": another cai-spe is already serving %s (pid %ld); "
                                       "not starting\n",
                    b.sock_path, (long)other);
        } else {
            fprintf(stderr,
                    CAI_SPE_IMAGE_NAME ": another cai-spe is already serving %s; not starting\n",
                    b.sock_path);
        }
        return 1;
    }
    /* As the SPE user (with --user), before daemonizing: a file it cannot
     * read is one error line on the console, not in a log. */
    for (size_t i = 0; i < o.n_model; i++) {
        char err[512];
        if (cai_host_model_add(o.model[i], err, sizeof(err)) != 0) {
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": %s\n", err);
            return 1;
        }
    }

    int ready_fd = -1, log_fd = -1;
    if (!o.foreground) {
        ready_fd = daemonize();
        char err[512];
        log_fd = cai_spe_log_open(b.runtime_fd, b.dirs.runtime, CAI_SPE_LOG_NAME, err, sizeof(err));
        if (log_fd < 0) {
            fprintf(stderr, CAI_SPE_IMAGE_NAME ": cannot use the log: %s\n", err);
            return 1;
        }
        cai_spe_log_to(true, log_fd);
        cai_spe_log_rotate_at(b.runtime_fd, b.dirs.runtime, CAI_SPE_LOG_NAME, log_max);
    }

    cai_host_log("[Sec Thread] Secure image initializing!");
    cai_host_log("Booting " CAI_SPE_IMAGE_NAME " %s (host backend, pid %ld)", CAI_VERSION_STRING,
                 (long)getpid());
    cai_host_log("[SPE] state directory %s, runtime directory %s", b.dirs.state, b.dirs.runtime);
    announce_mode(&b);
    if (b.state_on_tmpfs) {
        cai_host_log("[WRN] state directory %s is on a tmpfs: the HUK and stored objects will "
                     "not survive a reboot",
                     b.dirs.state);
    }
    if (boot_state(&o, &b) != 0) {
        return 1;
    }
    char merr[512];
    if (cai_host_image_measure(merr, sizeof(merr)) != 0) {
        cai_host_log("[ERR] %s", merr); /* the attestation partition then says it cannot start */
    }
    psa_status_t st = cai_spm_init(&cai_manifest);
    cai_host_boot_memory_close();
    if (st != PSA_SUCCESS) {
        cai_host_log("[ERR] SPM initialisation failed (status %d); not serving", (int)st);
        shutdown_state();
        return 1;
    }
    /* From here a stop request stays pending until the serve loop reads
     * it from its signalfd, so it is never lost and the socket and pidfile
     * are always removed. Blocked before the socket exists: a client that
     * sees the socket may stop us at once (a stop between listen and the
     * block would kill the SPE and leave the socket behind). */
    sigprocmask(SIG_BLOCK, &stop_sigs, NULL);
    int lfd = cai_spe_listen_at(b.sock_dir_fd, b.sock_name, b.sock_path,
                                b.separate ? b.client_group : (gid_t)-1);
    if (lfd < 0) {
        shutdown_state();
        return 1;
    }
    if (cai_spe_pidfile_write(b.runtime_fd, b.dirs.runtime, CAI_SPE_PIDFILE_NAME) != 0) {
        unlinkat(b.sock_dir_fd, b.sock_name, 0);
        shutdown_state();
        return 1;
    }
    cai_host_log("[SPE] serving PSA calls on %s", b.sock_path);
    char ready[64 + CAI_STATE_PATH_MAX];
    snprintf(ready, sizeof(ready), "READY=1\nMAINPID=%ld\nSTATUS=serving PSA calls on %s",
             (long)getpid(), b.sock_path);
    if (cai_spe_notify(ready) != 0) {
        cai_host_log("[WRN] cannot notify the service manager on $NOTIFY_SOCKET");
    }
    if (!o.foreground) {
        detach(ready_fd, log_fd);
    }

    cai_spe_server_set_policy(&b.policy);
    int rc = cai_spe_serve(lfd, &g_stop);
    (void)cai_spe_notify("STOPPING=1");

    close(lfd);
    /* Through the descriptors: the files we made, wherever the paths now
     * lead. */
    unlinkat(b.sock_dir_fd, b.sock_name, 0);
    unlinkat(b.runtime_fd, CAI_SPE_PIDFILE_NAME, 0);
    shutdown_state();
    cai_host_log("[SPE] %s", rc == 0 ? "shut down cleanly" : "stopped on an error");
    if (log_fd >= 0) {
        close(log_fd);
    }
    return rc == 0 ? 0 : 1;
}
