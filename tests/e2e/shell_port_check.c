/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-e2e-shell-port: the shell's NS port (cai_shell_port_t) seen from a
 * backend that is not the host's `cai`: its info hook, its psa_close with
 * status and its command table are the ones the shell uses, and a shell
 * without a port still works (psa close falls back to psa_close).
 *   cai-e2e-shell-port SOCK   (an SPE serving the [TEST] services on SOCK)
 * Exit 0 when every check passed; every failure prints one line.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/shell.h"
#include "cai_host/psa_client_host.h"

static int g_closes;
static psa_handle_t g_closed;

static void port_info(cai_shell_t *sh)
{
    cai_out_str(sh, "port_info", "from the test port");
}

static psa_status_t port_close(psa_handle_t handle)
{
    g_closes++;
    g_closed = handle;
    return PSA_ERROR_NOT_PERMITTED; /* recognisable: the shell must print it */
}

static cai_shell_status_t ping_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)cmd;
    (void)argv;
    cai_out_begin(sh);
    cai_out_int(sh, "pong", argc);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static const cai_cmd_t ping_cmd = { .name = "ping",
                                    .summary = "test port command",
                                    .fn = ping_run };
static const cai_cmd_t *const port_commands[] = { &ping_cmd, NULL };
static const cai_shell_port_t test_port = {
    .info = port_info,
    .psa_close_status = port_close,
    .commands = port_commands,
};

static char *g_buf;
static size_t g_len;

/* Run one line on a fresh shell with the given port; output in g_buf. */
static cai_shell_status_t run(const cai_shell_port_t *port, const char *line)
{
    free(g_buf);
    g_buf = NULL;
    FILE *out = open_memstream(&g_buf, &g_len);
    cai_shell_t sh;
    cai_shell_init(&sh, port);
    sh.out = out;
    sh.err = out;
    cai_shell_status_t rc = cai_shell_exec_line(&sh, line);
    fclose(out);
    return rc;
}

static int fail(const char *what)
{
    printf("FAIL %s: output was:\n%s\n", what, g_buf != NULL ? g_buf : "");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2 || cai_psa_client_set_socket(argv[1]) != 0) {
        fprintf(stderr, "usage: cai-e2e-shell-port SOCK\n");
        return 2;
    }
    if (run(&test_port, "ping a b") != CAI_SHELL_OK || strstr(g_buf, "pong: 3") == NULL) {
        return fail("the port's command table is not searched");
    }
    if (run(&test_port, "info") != CAI_SHELL_OK ||
        strstr(g_buf, "port_info: from the test port") == NULL ||
        strstr(g_buf, "test.echo") == NULL) {
        return fail("info does not call the port's info hook");
    }
    if (run(&test_port, "psa close 1234") != CAI_SHELL_FAIL || g_closes != 1 || g_closed != 1234 ||
        strstr(g_buf, "PSA_ERROR_NOT_PERMITTED") == NULL) {
        return fail("psa close does not go through the port's psa_close_status");
    }
    /* No port: no backend command, info without backend facts, psa close
     * through plain psa_close (reported as PSA_SUCCESS). */
    if (run(NULL, "ping") != CAI_SHELL_USAGE || strstr(g_buf, "unknown command 'ping'") == NULL) {
        return fail("a shell without a port knows a port command");
    }
    if (run(NULL, "info") != CAI_SHELL_OK || strstr(g_buf, "port_info") != NULL ||
        strstr(g_buf, "framework_version: 1.1") == NULL) {
        return fail("info without a port");
    }
    if (run(NULL, "psa close 1234") != CAI_SHELL_OK || strstr(g_buf, "PSA_SUCCESS") == NULL ||
        g_closes != 1) {
        return fail("psa close without a port");
    }
    free(g_buf);
    printf("ok shell port\n");
    return 0;
}
