/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Command dispatch for the cai shell: walk the command tree with the words
 * of a line, answer -h/--help anywhere, and turn every malformed input into
 * one error line and a non-zero status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cai/escape.h"
#include "cai/shell.h"
#include "commands.h"

void cai_shell_init(cai_shell_t *sh, const cai_shell_port_t *port)
{
    static const cai_shell_port_t no_port = { 0 };
    memset(sh, 0, sizeof(*sh));
    sh->out = stdout;
    sh->err = stderr;
    sh->port = port != NULL ? port : &no_port;
    sh->tables[0] = cai_shell_commands;
    sh->tables[1] = sh->port->commands;
}

/* An error message usually quotes input: formatted first, then written
 * with its control bytes escaped (cai_fputs_escaped, or JSON escapes). */
static char g_msg[2 * CAI_SHELL_MAX_LINE + 256];

/* The error line: "error: <msg>" escaped, or {"error": "<msg>"} in JSON
 * mode (one object per error, never mixed with the results on sh->out). */
static void put_error(cai_shell_t *sh)
{
    if (sh->json) {
        fputs("{\"error\":", sh->err);
        cai_shell_json_string(sh->err, g_msg);
        fputs("}\n", sh->err);
    } else {
        fputs("error: ", sh->err);
        cai_fputs_escaped(g_msg, sh->err);
        fputc('\n', sh->err);
    }
    fflush(sh->err);
}

cai_shell_status_t cai_shell_error(cai_shell_t *sh, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_msg, sizeof(g_msg), fmt, ap);
    va_end(ap);
    put_error(sh);
    return CAI_SHELL_FAIL;
}

cai_shell_status_t cai_shell_usage_error(cai_shell_t *sh, const cai_cmd_t *cmd, const char *fmt,
                                         ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_msg, sizeof(g_msg) - 256, fmt, ap);
    va_end(ap);
    if (cmd != NULL) {
        size_t used = strlen(g_msg);
        snprintf(g_msg + used, sizeof(g_msg) - used, " (usage: %s%s%s; try '%s -h')", sh->cmd_path,
                 cmd->usage ? " " : "", cmd->usage ? cmd->usage : "", sh->cmd_path);
    }
    put_error(sh);
    return CAI_SHELL_USAGE;
}

const cai_cmd_t *cai_shell_find(const cai_shell_t *sh, const char *name)
{
    for (size_t t = 0; t < 2; t++) {
        const cai_cmd_t *const *tab = sh->tables[t];
        for (size_t i = 0; tab != NULL && tab[i] != NULL; i++) {
            if (strcmp(tab[i]->name, name) == 0) {
                return tab[i];
            }
        }
    }
    return NULL;
}

static const cai_cmd_t *find_sub(const cai_cmd_t *cmd, const char *name)
{
    for (size_t i = 0; cmd->subs != NULL && cmd->subs[i] != NULL; i++) {
        if (strcmp(cmd->subs[i]->name, name) == 0) {
            return cmd->subs[i];
        }
    }
    return NULL;
}

static void json_help(FILE *f, const cai_cmd_t *cmd, const char *path)
{
    fputs("{\"command\":", f);
    cai_shell_json_string(f, path);
    fputs(",\"summary\":", f);
    cai_shell_json_string(f, cmd->summary);
    if (cmd->fn != NULL) {
        fputs(",\"usage\":", f);
        char usage[256];
        snprintf(usage, sizeof(usage), "%s%s%s", path, cmd->usage ? " " : "",
                 cmd->usage ? cmd->usage : "");
        cai_shell_json_string(f, usage);
    }
    if (cmd->help != NULL) {
        fputs(",\"help\":", f);
        cai_shell_json_string(f, cmd->help);
    }
    if (cmd->subs != NULL) {
        fputs(",\"subcommands\":[", f);
        for (size_t i = 0; cmd->subs[i] != NULL; i++) {
            fputs(i ? ",{\"name\":" : "{\"name\":", f);
            cai_shell_json_string(f, cmd->subs[i]->name);
            fputs(",\"summary\":", f);
            cai_shell_json_string(f, cmd->subs[i]->summary);
            fputc('}', f);
        }
        fputc(']', f);
    }
    fputs("}\n", f);
}

void cai_shell_print_help(cai_shell_t *sh, FILE *f, const cai_cmd_t *cmd, const char *path)
{
    if (sh != NULL && sh->json) {
        json_help(f, cmd, path);
        return;
    }
    fprintf(f, "%s - %s\n", path, cmd->summary);
    if (cmd->fn != NULL) {
        fprintf(f, "usage: %s%s%s\n", path, cmd->usage ? " " : "", cmd->usage ? cmd->usage : "");
    }
    if (cmd->help != NULL) {
        fprintf(f, "%s\n", cmd->help);
    }
    if (cmd->subs != NULL) {
        fprintf(f, "subcommands:\n");
        for (size_t i = 0; cmd->subs[i] != NULL; i++) {
            fprintf(f, "  %-10s %s\n", cmd->subs[i]->name, cmd->subs[i]->summary);
        }
        fprintf(f, "'%s SUBCOMMAND -h' for details\n", path);
    }
}

static bool is_help_flag(const char *s)
{
    return strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0;
}

cai_shell_status_t cai_shell_exec_argv(cai_shell_t *sh, int argc, char **argv)
{
    if (argc <= 0) {
        return CAI_SHELL_OK;
    }
    const cai_cmd_t *cmd = cai_shell_find(sh, argv[0]);
    if (cmd == NULL) {
        return cai_shell_usage_error(sh, NULL, "unknown command '%s' (try 'help')", argv[0]);
    }
    char path[128];
    snprintf(path, sizeof(path), "%s", cmd->name);
    int at = 0; /* argv index of the command being run */
    while (at + 1 < argc && cmd->subs != NULL && !is_help_flag(argv[at + 1])) {
        const cai_cmd_t *sub = find_sub(cmd, argv[at + 1]);
        if (sub == NULL) {
            if (cmd->fn != NULL) {
                break; /* the group itself takes arguments */
            }
            return cai_shell_usage_error(sh, NULL, "'%s' has no subcommand '%s' (try '%s -h')",
                                         path, argv[at + 1], path);
        }
        cmd = sub;
        at++;
        size_t used = strlen(path);
        snprintf(path + used, sizeof(path) - used, " %s", cmd->name);
    }
    for (int i = at + 1; i < argc; i++) {
        if (is_help_flag(argv[i])) {
            cai_shell_print_help(sh, sh->out, cmd, path);
            return CAI_SHELL_OK;
        }
    }
    if (cmd->fn == NULL && at + 1 < argc) {
        return cai_shell_usage_error(sh, NULL, "'%s' has no subcommand '%s' (try '%s -h')", path,
                                     argv[at + 1], path);
    }
    if (cmd->fn == NULL) {
        /* a bare group (`psa`, `keys`): its subcommands, as Zephyr's shell */
        cai_shell_print_help(sh, sh->out, cmd, path);
        fflush(sh->out);
        return CAI_SHELL_OK;
    }
    snprintf(sh->cmd_path, sizeof(sh->cmd_path), "%s", path);
    cai_shell_status_t rc = cmd->fn(sh, cmd, argc - at, argv + at);
    fflush(sh->out);
    return rc;
}

/* Tokenizer: words separated by blanks; '...' literal, "..." with \" and \\
 * escapes, a backslash outside quotes escapes the next character, '#' at a
 * word start comments out the rest of the line. */
cai_shell_status_t cai_shell_exec_line(cai_shell_t *sh, const char *line)
{
    static char buf[CAI_SHELL_MAX_LINE];
    char *argv[CAI_SHELL_MAX_ARGS];
    int argc = 0;
    size_t o = 0;
    const char *p = line;

    if (strlen(line) >= sizeof(buf)) {
        return cai_shell_usage_error(sh, NULL, "line too long (max %d characters)",
                                     CAI_SHELL_MAX_LINE - 1);
    }
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
        }
        if (*p == '\0' || *p == '#') {
            break;
        }
        if (argc == CAI_SHELL_MAX_ARGS) {
            return cai_shell_usage_error(sh, NULL, "too many words (max %d)", CAI_SHELL_MAX_ARGS);
        }
        argv[argc++] = &buf[o];
        char quote = 0;
        while (*p != '\0') {
            char c = *p;
            if (quote == 0 && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                break;
            }
            p++;
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (c == '\\' && quote != '\'' && *p != '\0') {
                buf[o++] = *p++;
            } else {
                buf[o++] = c;
            }
        }
        if (quote != 0) {
            return cai_shell_usage_error(sh, NULL, "unterminated %c quote", quote);
        }
        buf[o++] = '\0';
    }
    return cai_shell_exec_argv(sh, argc, argv);
}
