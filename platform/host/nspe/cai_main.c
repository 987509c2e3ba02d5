/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `cai`: the host's non-secure shell and one-shot CLI.
 *   cai [global options] COMMAND [ARGS...]   run one command; exit 0/1/2
 *   cai [global options]                     interactive shell on a terminal
 *                                            (libedit, history), or one
 *                                            command per line from a pipe
 * When no SPE answers, cai boots one (spe_boot.c), like a board booting its
 * secure image before the NS one.
 */
#define _GNU_SOURCE
#include <editline/readline.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cai_host/cli.h"
#include "cai_host/psa_client_host.h"
#include "cai_host/version.h"
#include "cai/escape.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: cai [--state-dir DIR] [--runtime-dir DIR] [--spe-socket PATH]\n"
            "           [--spe-uid USER] [--json] [--out FILE] [COMMAND [ARGS...]]\n"
            "\n"
            "The cai non-secure shell. Without COMMAND: an interactive shell (prompt 'cai:~$ '),\n"
            "or one command per line when stdin is not a terminal.\n"
            "  --state-dir DIR    persistent state: HUK, storage, history (default\n"
            "                     $CAI_STATE_DIR, else $XDG_STATE_HOME/cai, else\n"
            "                     $HOME/.local/state/cai)\n"
            "  --runtime-dir DIR  the SPE's socket, pidfile and log (default: the state\n"
            "                     directory when --state-dir or CAI_STATE_DIR names it, else\n"
            "                     $XDG_RUNTIME_DIR/cai, else the state directory)\n"
            "  --spe-socket PATH  talk to the SPE on PATH (default $CAI_SPE_SOCKET, else\n"
            "                     RUNDIR/" CAI_SPE_SOCKET_NAME ")\n"
            "  --spe-uid USER     the SPE's user (name or uid): a server of another uid is\n"
            "                     refused (default $CAI_SPE_UID, else our own uid; root is\n"
            "                     always accepted)\n"
            "  --json             print results as JSON (one object per command on stdout)\n"
            "                     and errors as JSON ({\"error\": MESSAGE} on stderr)\n"
            "  --out FILE         write results to FILE instead of stdout\n"
            "  -h, --help         this help;  -V, --version  print the version\n"
            "Relative paths are taken from the current directory and shown absolute.\n"
            "CAI_SPE_TIMEOUT_MS (default %u) bounds each wait for the SPE.\n"
            "Exit status: 0 ok, 1 failed, 2 usage error. 'cai help' lists the commands.\n",
            CAI_PSA_TIMEOUT_DEFAULT_MS);
}

/* --json anywhere on the command line: errors are JSON objects too. */
static bool g_json;

void cai_host_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (g_json) {
        fputs("{\"error\":\"", stderr);
        for (const unsigned char *p = (const unsigned char *)msg; *p != '\0'; p++) {
            if (*p == '"' || *p == '\\') {
                fprintf(stderr, "\\%c", *p);
            } else if (*p < 0x20) {
                fprintf(stderr, "\\u%04x", *p);
            } else {
                fputc(*p, stderr);
            }
        }
        fputs("\"}\n", stderr);
    } else {
        fputs("error: ", stderr);
        cai_fputs_escaped(msg, stderr);
        fputc('\n', stderr);
    }
    fflush(stderr);
}

/* Why the SPE could not be used (a refused server, a timeout): one line,
 * printed once, not again for every call of the same command that hits it. */
static void transport_error(const char *msg, void *ctx)
{
    static char last[512];
    (void)ctx;
    if (strcmp(msg, last) != 0) {
        snprintf(last, sizeof(last), "%s", msg);
        cai_host_error("%s", msg);
    }
}

/* libedit completion: candidates come from the shell's command tree. */
static cai_shell_t *g_complete_sh;
static char g_complete_before[CAI_SHELL_MAX_LINE];

static char *complete_next(const char *word, int state)
{
    static size_t n;
    if (state == 0) {
        n = 0;
    }
    const char *name = cai_shell_complete(g_complete_sh, g_complete_before, word, n++);
    return name != NULL ? strdup(name) : NULL;
}

static char **complete_line(const char *word, int start, int end)
{
    (void)end;
    size_t len = start > 0 ? (size_t)start : 0;
    if (len >= sizeof(g_complete_before)) {
        len = sizeof(g_complete_before) - 1;
    }
    memcpy(g_complete_before, rl_line_buffer, len);
    g_complete_before[len] = '\0';
    rl_attempted_completion_over = 1; /* never fall back to file names */
    return rl_completion_matches(word, complete_next);
}

/* The history file, opened once through the state directory's descriptor
 * (no symlink, no FIFO, not hard-linked, ours, 0600) and kept open for the
 * session: libedit reads and writes it by the name of that descriptor,
 * /proc/self/fd/N, which always reaches this very file whatever happens to
 * the path. false (with a warning) when there is no usable history file. */
static int g_hist_fd = -1;

static bool open_history(char *name, size_t size)
{
    char err[512];
    g_hist_fd = cai_file_openat(cai_host.state_fd, cai_host.dirs.state, CAI_HISTORY_NAME,
                                O_RDWR | O_CREAT, 0600, "history file", err, sizeof(err));
    if (g_hist_fd < 0) {
        fprintf(stderr, "warning: %s; no history this session\n", err);
        return false;
    }
    snprintf(name, size, "/proc/self/fd/%d", g_hist_fd);
    return true;
}

/* History for `history` (the port's history_line): only once libedit's
 * history is in use, i.e. in the interactive shell. */
static bool g_interactive;

const char *cai_host_history_line(size_t i)
{
    if (!g_interactive || i >= (size_t)history_length) {
        return NULL;
    }
    HIST_ENTRY *e = history_get(history_base + (int)i);
    return e != NULL ? e->line : NULL;
}

/* Ctrl-C at the prompt drops the line being typed and gives a fresh prompt,
 * as Zephyr's shell and bash do. SIGINT (the terminal's ISIG) or the byte
 * 0x03 (when the line editor reads it raw) ends the line with "^C"; the line
 * is then neither run nor kept in the history. While a command runs, SIGINT
 * is ignored: Ctrl-C never kills the session (and its handles). */
static volatile sig_atomic_t g_sigint;
static bool g_line_cancelled;

static void on_sigint(int sig)
{
    (void)sig;
    g_sigint = 1;
}

static int getc_cancel(FILE *f)
{
    for (;;) {
        if (!g_sigint) {
            unsigned char c;
            ssize_t n = read(fileno(f), &c, 1);
            if (n == 1 && c != 0x03) {
                return c;
            }
            if (n == 0 || (n < 0 && errno != EINTR)) {
                return EOF;
            }
            if (n == 1) {
                g_sigint = 1; /* Ctrl-C read as a byte */
            }
        }
        if (g_sigint) {
            g_sigint = 0;
            g_line_cancelled = true;
            fputs("^C", stdout);
            fflush(stdout);
            return '\n'; /* ends the line; the loop drops it */
        }
    }
}

static void sigint_at_prompt(bool on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on ? on_sigint : SIG_IGN; /* no SA_RESTART: read() sees EINTR */
    sigaction(SIGINT, &sa, NULL);
}

/* Interactive: libedit line editing, history in the state directory. */
static cai_shell_status_t run_interactive(cai_shell_t *sh)
{
    g_complete_sh = sh;
    rl_attempted_completion_function = complete_line;
    /* libedit must not install its own signal handlers (it would re-raise
     * SIGINT and readline() return as if at end of input): Ctrl-C is ours,
     * through the getc function above. */
    rl_catch_signals = 0;
    rl_getc_function = getc_cancel;
    sigint_at_prompt(false);
    g_interactive = true;
    char hist[64];
    bool have_hist = open_history(hist, sizeof(hist));
    using_history();
    stifle_history(1000);
    if (have_hist) {
        read_history(hist);
    }
    /* A person at the shell gets the board experience: the secure side
     * boots (or is found) before the first prompt, not at first use. One
     * attempt: the boot hook runs at most once per process anyway. */
    if (cai_psa_client_open() != 0) {
        fprintf(stderr, "warning: no secure side is running; commands that need it will fail\n");
    }
    printf("cai %s non-secure shell; 'help' lists the commands, 'exit' or Ctrl-D leaves\n",
           CAI_VERSION_STRING);
    for (;;) {
        g_line_cancelled = false;
        sigint_at_prompt(true);
        char *line = readline("cai:~$ ");
        sigint_at_prompt(false);
        if (line == NULL) {
            putchar('\n');
            break;
        }
        if (g_line_cancelled) {
            free(line); /* Ctrl-C: dropped, a fresh prompt */
            continue;
        }
        if (line[strspn(line, " \t")] != '\0') {
            add_history(line);
        }
        cai_shell_exec_line(sh, line);
        free(line);
        if (sh->exit_requested) {
            break;
        }
    }
    if (have_hist) {
        write_history(hist);
        close(g_hist_fd);
        g_hist_fd = -1;
    }
    return CAI_SHELL_OK;
}

/* From a pipe or file: no prompt, no echo; the exit status is the worst
 * status of the commands run (usage 2 > failed 1 > ok 0). */
static cai_shell_status_t run_script(cai_shell_t *sh)
{
    char *line = NULL;
    size_t cap = 0;
    cai_shell_status_t worst = CAI_SHELL_OK;
    ssize_t n;
    while (!sh->exit_requested && (n = getline(&line, &cap, stdin)) >= 0) {
        /* The line ends at its newline: the newline does not count toward
         * the CAI_SHELL_MAX_LINE - 1 characters a line may have. */
        if (n > 0 && line[n - 1] == '\n') {
            line[--n] = '\0';
        }
        cai_shell_status_t rc = cai_shell_exec_line(sh, line);
        if (rc > worst) {
            worst = rc;
        }
    }
    free(line);
    return worst;
}

/* Where the SPE and our state are: directories resolved, opened and
 * checked once; the socket from --spe-socket, $CAI_SPE_SOCKET or the runtime
 * directory. All absolute, whatever the current directory. */
static int setup_host(const char *state_opt, const char *runtime_opt, const char *sock_opt)
{
    char err[512];
    cai_host_ctx_t *h = &cai_host;
    if (cai_host_dirs_resolve(&h->dirs, state_opt, runtime_opt, err, sizeof(err)) != 0) {
        cai_host_error("%s", err);
        return CAI_SHELL_USAGE;
    }
    h->state_fd = cai_dir_open(h->dirs.state, "state directory", err, sizeof(err));
    if (h->state_fd < 0) {
        cai_host_error("%s", err);
        return CAI_SHELL_FAIL;
    }
    h->runtime_fd = strcmp(h->dirs.state, h->dirs.runtime) == 0
                        ? h->state_fd
                        : cai_dir_open(h->dirs.runtime, "runtime directory", err, sizeof(err));
    if (h->runtime_fd < 0) {
        cai_host_error("%s", err);
        return CAI_SHELL_FAIL;
    }
    const char *env = getenv("CAI_SPE_SOCKET");
    const char *sock = sock_opt != NULL ? sock_opt : (env != NULL && env[0] != '\0') ? env : NULL;
    h->socket_custom = sock != NULL;
    if ((sock != NULL && cai_path_absolute(h->socket, sizeof(h->socket), sock) != 0) ||
        (sock == NULL &&
         cai_state_path(h->socket, sizeof(h->socket), h->dirs.runtime, CAI_SPE_SOCKET_NAME) != 0) ||
        cai_psa_client_set_socket(h->socket) != 0) {
        cai_host_error("socket path too long for a Unix socket: %s",
                       sock != NULL ? sock : h->socket);
        return CAI_SHELL_USAGE;
    }
    return CAI_SHELL_OK;
}

int main(int argc, char **argv)
{
    const char *state_dir = NULL, *runtime_dir = NULL, *sock = NULL, *out_file = NULL;
    const char *spe_uid = NULL;
    cai_shell_t sh;
    cai_shell_init(&sh, &cai_host_shell_port);
    for (int j = 1; j < argc; j++) {
        if (strcmp(argv[j], "--json") == 0) {
            g_json = sh.json = cai_host.json = true; /* errors before the command's too */
        }
    }

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return CAI_SHELL_OK;
        } else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("cai %s\n", CAI_VERSION_STRING);
            return CAI_SHELL_OK;
        } else if (strcmp(a, "--json") == 0) {
            sh.json = true;
        } else if (strcmp(a, "--state-dir") == 0 || strcmp(a, "--runtime-dir") == 0 ||
                   strcmp(a, "--spe-socket") == 0 || strcmp(a, "--out") == 0 ||
                   strcmp(a, "--spe-uid") == 0) {
            if (i + 1 >= argc) {
                cai_host_error("%s needs a value (try 'cai --help')", a);
                return CAI_SHELL_USAGE;
            }
            const char *val = argv[++i];
            if (strcmp(a, "--state-dir") == 0) {
                state_dir = val;
            } else if (strcmp(a, "--runtime-dir") == 0) {
                runtime_dir = val;
            } else if (strcmp(a, "--spe-socket") == 0) {
                sock = val;
            } else if (strcmp(a, "--spe-uid") == 0) {
                spe_uid = val;
            } else {
                out_file = val;
            }
        } else {
            cai_host_error("unknown option '%s' (try 'cai --help')", a);
            return CAI_SHELL_USAGE;
        }
    }

    int src = setup_host(state_dir, runtime_dir, sock);
    if (src != CAI_SHELL_OK) {
        return src;
    }
    if (spe_uid != NULL) {
        uid_t uid;
        if (cai_psa_client_parse_uid(spe_uid, &uid) != 0) {
            cai_host_error("--spe-uid: no such user '%s'", spe_uid);
            return CAI_SHELL_USAGE;
        }
        cai_psa_client_set_spe_uid(uid);
    }
    cai_psa_client_set_boot_hook(cai_host_boot_spe, &cai_host);
    cai_psa_client_set_error_hook(transport_error, NULL);

    FILE *out = NULL;
    if (out_file != NULL) {
        out = fopen(out_file, "we");
        if (out == NULL) {
            cai_host_error("cannot write %s: %s", out_file, strerror(errno));
            return CAI_SHELL_FAIL;
        }
        sh.out = out;
    }

    int rc;
    if (i < argc) {
        /* --json may also follow the command words. */
        char *words[CAI_SHELL_MAX_ARGS];
        int n = 0;
        for (; i < argc; i++) {
            if (strcmp(argv[i], "--json") == 0) {
                sh.json = true;
            } else if (n == CAI_SHELL_MAX_ARGS) {
                cai_host_error("too many arguments (max %d)", CAI_SHELL_MAX_ARGS);
                rc = CAI_SHELL_USAGE;
                goto done;
            } else {
                words[n++] = argv[i];
            }
        }
        rc = cai_shell_exec_argv(&sh, n, words);
    } else if (isatty(STDIN_FILENO)) {
        rc = run_interactive(&sh);
    } else {
        rc = run_script(&sh);
    }
done:
    cai_psa_client_disconnect();
    if (out != NULL && fclose(out) != 0) {
        cai_host_error("cannot write %s", out_file);
        rc = CAI_SHELL_FAIL;
    }
    return rc;
}
