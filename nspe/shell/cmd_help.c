/* SPDX-License-Identifier: Apache-2.0 */
/* `help [COMMAND [SUBCOMMAND...]]`: the command list, or one command's help. */
#include <string.h>

#include "commands.h"

static cai_shell_status_t help_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)cmd;
    if (argc > 1) {
        char *words[CAI_SHELL_MAX_ARGS + 1];
        int n = 0;
        for (int i = 1; i < argc && n < CAI_SHELL_MAX_ARGS; i++) {
            words[n++] = argv[i];
        }
        static char help_flag[] = "-h";
        words[n++] = help_flag;
        return cai_shell_exec_argv(sh, n, words);
    }
    if (sh->json) {
        cai_out_begin(sh);
        cai_out_list_begin(sh, "commands");
    } else {
        fprintf(sh->out, "commands:\n");
    }
    for (size_t t = 0; t < 2; t++) {
        const cai_cmd_t *const *tab = sh->tables[t];
        for (size_t i = 0; tab != NULL && tab[i] != NULL; i++) {
            if (sh->json) {
                cai_out_item_begin(sh);
                cai_out_str(sh, "name", tab[i]->name);
                cai_out_str(sh, "summary", tab[i]->summary);
                cai_out_item_end(sh);
            } else {
                fprintf(sh->out, "  %-8s %s\n", tab[i]->name, tab[i]->summary);
            }
        }
    }
    if (sh->json) {
        cai_out_list_end(sh);
        cai_out_end(sh);
    } else {
        fprintf(sh->out, "'COMMAND -h' or 'help COMMAND' for details\n");
    }
    return CAI_SHELL_OK;
}

const cai_cmd_t cai_cmd_help = {
    .name = "help",
    .summary = "list commands, or show one command's help",
    .usage = "[COMMAND [SUBCOMMAND]]",
    .fn = help_run,
};
