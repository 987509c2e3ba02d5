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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cai_host/cli.h"
#include "cai_host/psa_client_host.h"
#include "cai_host/version.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: cai [--state-dir DIR] [--spe-socket PATH] [--json] [--out FILE] [COMMAND "
            "[ARGS...]]\n"
            "\n"
            "The cai non-secure shell. Without COMMAND: an interactive shell (prompt 'cai:~$ '),\n"
            "or one command per line when stdin is not a terminal.\n"
            "  --state-dir DIR    state directory (default $XDG_RUNTIME_DIR/cai, else ./var)\n"
            "  --spe-socket PATH  talk to the SPE on PATH (default DIR/" CAI_SPE_SOCKET_NAME ")\n"
            "  --json             print results as JSON (one object per command)\n"
            "  --out FILE         write results to FILE instead of stdout\n"
            "  -h, --help         this help;  --version  print the version\n"
            "Exit status: 0 ok, 1 failed, 2 usage error. 'cai help' lists the commands.\n");
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

/* Interactive: libedit line editing, history in the state directory. */
static cai_shell_status_t run_interactive(cai_shell_t *sh)
{
    g_complete_sh = sh;
    rl_attempted_completion_function = complete_line;
    /* Ctrl-C must not kill the session (and lose its handles and history);
     * commands are short, Ctrl-U clears a line, Ctrl-D or `exit` leaves.
     * libedit must not install its own handlers, or it re-raises SIGINT
     * and readline() returns as if at end of input. */
    rl_catch_signals = 0;
    signal(SIGINT, SIG_IGN);
    char hist[CAI_STATE_PATH_MAX];
    bool have_hist = cai_state_path(hist, sizeof(hist), cai_host.state_dir, CAI_HISTORY_NAME) == 0;
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
        char *line = readline("cai:~$ ");
        if (line == NULL) {
            putchar('\n');
            break;
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
    while (!sh->exit_requested && getline(&line, &cap, stdin) >= 0) {
        cai_shell_status_t rc = cai_shell_exec_line(sh, line);
        if (rc > worst) {
            worst = rc;
        }
    }
    free(line);
    return worst;
}

int main(int argc, char **argv)
{
    const char *state_dir = NULL, *out_file = NULL;
    cai_shell_t sh;
    cai_shell_init(&sh, &cai_host_shell_port);

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return CAI_SHELL_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("cai %s\n", CAI_VERSION_STRING);
            return CAI_SHELL_OK;
        } else if (strcmp(a, "--json") == 0) {
            sh.json = true;
        } else if (strcmp(a, "--state-dir") == 0 || strcmp(a, "--spe-socket") == 0 ||
                   strcmp(a, "--out") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "error: %s needs a value (try 'cai --help')\n", a);
                return CAI_SHELL_USAGE;
            }
            const char *val = argv[++i];
            if (strcmp(a, "--state-dir") == 0) {
                state_dir = val;
            } else if (strcmp(a, "--spe-socket") == 0) {
                cai_host.spe_socket = val;
            } else {
                out_file = val;
            }
        } else {
            fprintf(stderr, "error: unknown option '%s' (try 'cai --help')\n", a);
            return CAI_SHELL_USAGE;
        }
    }

    if (state_dir != NULL) {
        if (snprintf(cai_host.state_dir, sizeof(cai_host.state_dir), "%s", state_dir) >=
            (int)sizeof(cai_host.state_dir)) {
            fprintf(stderr, "error: state directory path too long\n");
            return CAI_SHELL_USAGE;
        }
    } else if (cai_state_dir_default(cai_host.state_dir, sizeof(cai_host.state_dir)) != 0) {
        fprintf(stderr, "error: cannot build the default state directory path\n");
        return CAI_SHELL_FAIL;
    }
    char err[512];
    if (cai_state_dir_prepare(cai_host.state_dir, err, sizeof(err)) != 0) {
        fprintf(stderr, "error: %s\n", err);
        return CAI_SHELL_FAIL;
    }
    char sock[CAI_STATE_PATH_MAX];
    const char *sock_path = cai_host.spe_socket;
    if (sock_path == NULL) {
        if (cai_state_path(sock, sizeof(sock), cai_host.state_dir, CAI_SPE_SOCKET_NAME) != 0) {
            fprintf(stderr, "error: state directory path too long\n");
            return CAI_SHELL_USAGE;
        }
        sock_path = sock;
    }
    if (cai_psa_client_set_socket(sock_path) != 0) {
        fprintf(stderr, "error: socket path too long for a Unix socket: %s\n", sock_path);
        return CAI_SHELL_USAGE;
    }
    cai_psa_client_set_boot_hook(cai_host_boot_spe, &cai_host);

    FILE *out = NULL;
    if (out_file != NULL) {
        out = fopen(out_file, "we");
        if (out == NULL) {
            fprintf(stderr, "error: cannot write %s: %s\n", out_file, strerror(errno));
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
                fprintf(stderr, "error: too many arguments (max %d)\n", CAI_SHELL_MAX_ARGS);
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
        fprintf(stderr, "error: cannot write %s\n", out_file);
        rc = CAI_SHELL_FAIL;
    }
    return rc;
}
