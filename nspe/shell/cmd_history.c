/* SPDX-License-Identifier: Apache-2.0 */
/* `history [N]`: the lines typed at the interactive shell, numbered from 1
 * (oldest first, as bash's `history`); N: only the last N. The lines come
 * from the backend's line editor (cai_shell_port_t.history_line). */
#include "cai/escape.h"
#include "commands.h"

static cai_shell_status_t history_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    uint32_t last = UINT32_MAX;
    if (argc > 2 || (argc == 2 && (cai_parse_u32(argv[1], &last) != 0 || last == 0))) {
        return cai_shell_usage_error(sh, cmd, "history takes at most one count, a number >= 1");
    }
    size_t n = 0;
    while (sh->port->history_line != NULL && sh->port->history_line(n) != NULL) {
        n++;
    }
    size_t first = last < n ? n - last : 0;
    if (sh->json) {
        cai_out_begin(sh);
        cai_out_list_begin(sh, "history");
    }
    for (size_t i = first; i < n; i++) {
        const char *line = sh->port->history_line(i);
        if (line == NULL) {
            break;
        }
        if (sh->json) {
            cai_out_item_begin(sh);
            cai_out_int(sh, "n", (long long)(i + 1));
            cai_out_str(sh, "line", line);
            cai_out_item_end(sh);
        } else {
            fprintf(sh->out, "%5zu  ", i + 1); /* as bash's history */
            cai_fputs_escaped(line, sh->out);  /* what was typed may hold control bytes */
            fputc('\n', sh->out);
        }
    }
    if (sh->json) {
        cai_out_list_end(sh);
        cai_out_end(sh);
    }
    return CAI_SHELL_OK;
}

const cai_cmd_t cai_cmd_history = {
    .name = "history",
    .summary = "the lines typed at the interactive shell",
    .usage = "[N]",
    .help = "  Numbered from 1, oldest first; N: only the last N. Kept in the state\n"
            "  directory's history file across sessions (interactive shell only).",
    .fn = history_run,
};
