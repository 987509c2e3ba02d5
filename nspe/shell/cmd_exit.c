/* SPDX-License-Identifier: Apache-2.0 */
/* `exit`: leave the interactive shell (or stop reading a script). */
#include "commands.h"

static cai_shell_status_t exit_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "exit takes no arguments");
    }
    sh->exit_requested = true;
    return CAI_SHELL_OK;
}

const cai_cmd_t cai_cmd_exit = {
    .name = "exit",
    .summary = "leave the shell",
    .usage = NULL,
    .fn = exit_run,
};
