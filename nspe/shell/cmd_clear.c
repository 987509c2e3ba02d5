/* SPDX-License-Identifier: Apache-2.0 */
/* `clear`: clear the terminal, as Zephyr's shell and bash's `clear` do (the
 * VT100/ECMA-48 sequences: cursor home, erase the whole display). */
#include "commands.h"

static cai_shell_status_t clear_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "clear takes no arguments");
    }
    if (sh->json) {
        cai_out_begin(sh); /* nothing to clear in a JSON stream: an empty result */
        cai_out_end(sh);
        return CAI_SHELL_OK;
    }
    fputs("\033[H\033[2J", sh->out);
    return CAI_SHELL_OK;
}

const cai_cmd_t cai_cmd_clear = {
    .name = "clear",
    .summary = "clear the screen",
    .usage = NULL,
    .fn = clear_run,
};
