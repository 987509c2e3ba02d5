/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for shell input: any bytes as one line through the
 * tokenizer, the command tree and every command's argument parsing. PSA
 * calls go to a socket path that does not exist, so they fail fast with a
 * communication failure; output goes to /dev/null.
 */
#include <stdio.h>
#include <string.h>

#include "cai_host/psa_client_host.h"
#include "cai/shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The NS port of the fuzzed shell: the real client library's psa_close
 * with status; no backend facts, no backend commands. */
static const cai_shell_port_t fuzz_port = { .psa_close_status = cai_psa_close_status };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    static char line[CAI_SHELL_MAX_LINE + 16];
    if (sink == NULL) {
        sink = fopen("/dev/null", "w");
        cai_psa_client_set_socket("/nonexistent/cai-fuzz.sock");
    }
    if (size >= sizeof(line)) {
        size = sizeof(line) - 1;
    }
    memcpy(line, data, size);
    line[size] = '\0'; /* lines arrive as C strings; embedded NULs end them */
    cai_shell_t sh;
    cai_shell_init(&sh, &fuzz_port);
    sh.out = sink;
    sh.err = sink;
    sh.json = size > 0 && (data[0] & 1);
    cai_shell_exec_line(&sh, line);
    return 0;
}
