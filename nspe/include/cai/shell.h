/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cai NS shell: a Zephyr-shell-style command tree, the same on every
 * backend. A command is one cai_cmd_t in its own file plus one entry in
 * cmd_table.c (or in a platform's own table, for backend-only commands such
 * as `spe` on the host). Output goes through the cai_out_* helpers so every
 * command can print plain text or, with --json, one JSON object.
 */
#ifndef CAI_SHELL_H
#define CAI_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "psa/client.h"

/* Command results, also the process exit codes of the one-shot CLI
 * (docs/design.md §6). Ordered: a script's status is the worst (largest) of
 * its commands'. */
typedef enum {
    CAI_SHELL_OK = 0,    /* done */
    CAI_SHELL_FAIL = 1,  /* the command ran and failed (one "error: " line) */
    CAI_SHELL_USAGE = 2, /* bad input: unknown command, bad arguments */
} cai_shell_status_t;

#define CAI_SHELL_MAX_ARGS 64
#define CAI_SHELL_MAX_LINE 4096
#define CAI_OUT_MAX_DEPTH  8

typedef struct cai_shell cai_shell_t;
typedef struct cai_cmd cai_cmd_t;

/* argv[0] is the command's own name; -h/--help never reaches a handler. */
typedef cai_shell_status_t (*cai_cmd_fn)(cai_shell_t *sh, const cai_cmd_t *cmd, int argc,
                                         char **argv);

struct cai_cmd {
    const char *name;
    const char *summary;          /* one line, shown by `help` */
    const char *usage;            /* arguments after the name, e.g. "SID VER" */
    const char *help;             /* optional longer text for `CMD -h` */
    cai_cmd_fn fn;                /* NULL for a pure group of subcommands */
    const cai_cmd_t *const *subs; /* NULL-terminated, or NULL */
    /* Optional: the fixed set of words its arguments take (key names, ...),
     * NULL-terminated; tab completion offers them after the command. */
    const char *const *words;
};

/*
 * The NS port: everything the shell asks of its backend, handed to
 * cai_shell_init in one struct (the backend keeps it alive as long as the
 * shell). Every member may be NULL; the host's is cai_host_shell_port
 * (platform/host/nspe/cmd_spe.c), an521 will bring its own.
 */
typedef struct cai_shell_port {
    /* Backend facts for `info`, printed with cai_out_* after the framework
     * version (host: the SPE's socket and pid). Called only while `info`
     * builds its output; NULL: no backend facts. */
    void (*info)(cai_shell_t *sh);
    /* psa_close that reports the SPM's answer (FF-M's psa_close is void), for
     * `psa close`. Returns:
     *   PSA_SUCCESS                      closed (or PSA_NULL_HANDLE)
     *   PSA_ERROR_PROGRAMMER_ERROR       not the caller's open connection
     *   PSA_ERROR_COMMUNICATION_FAILURE  the secure side did not answer
     * NULL: plain psa_close, and `psa close` reports PSA_SUCCESS (the
     * backend cannot tell). */
    psa_status_t (*psa_close_status)(psa_handle_t handle);
    /* The backend's own commands (host: `spe`), NULL-terminated, searched
     * after the portable ones (cai_shell_commands); NULL: none. */
    const cai_cmd_t *const *commands;
    /* The i-th line (0: the oldest) of the line editor's history, NULL past
     * the last, for `history`; NULL: the backend keeps no history. */
    const char *(*history_line)(size_t i);
    /* Which connection to the secure side PSA calls use now: a number that
     * changes whenever a new one is opened (handles belong to one), and the
     * secure side's process id (-1: unknown) in *spe_id. `psa call` and
     * `psa close` use it to explain a handle that died with its connection
     * (an SPE restart). NULL: no such hint. */
    unsigned (*connection)(long *spe_id);
    /* len random bytes into out, for a challenge the shell makes up
     * (`attest token` without --challenge); never for keys: the NS side
     * makes none. PSA_SUCCESS, or any error when the source failed. NULL:
     * the backend has none, and such commands ask for the value. */
    psa_status_t (*random)(uint8_t *out, size_t len);
} cai_shell_port_t;

struct cai_shell {
    FILE *out;           /* results (stdout, or the --out FILE) */
    FILE *err;           /* the one-line errors */
    bool json;           /* results as one JSON object per command, errors as
                          * one JSON object on err: {"error": ..., "status": ...} */
    bool exit_requested; /* set by `exit` */
    char cmd_path[128];  /* the command being run, e.g. "psa call" */
    /* The backend's hooks (never NULL after cai_shell_init). */
    const cai_shell_port_t *port;
    /* Command tables searched in order: the portable one, then the port's. */
    const cai_cmd_t *const *tables[2];
    /* cai_out_* state */
    int depth;
    bool first[CAI_OUT_MAX_DEPTH];
    bool in_item;
    bool list_empty; /* text mode: no item since the last cai_out_list_begin */
};

/* The portable commands (cmd_table.c). */
extern const cai_cmd_t *const cai_shell_commands[];

/* A shell on stdout/stderr with the portable commands and the port's; port
 * may be NULL (no backend hooks at all). */
void cai_shell_init(cai_shell_t *sh, const cai_shell_port_t *port);
/* Run one command given as words. */
cai_shell_status_t cai_shell_exec_argv(cai_shell_t *sh, int argc, char **argv);
/* Split a line into words (quotes '..' and "..", backslash escapes, # comments)
 * and run it. An empty line is OK. */
cai_shell_status_t cai_shell_exec_line(cai_shell_t *sh, const char *line);

/* One error line on sh->err: "error: <msg>" (JSON mode: one object
 * {"error": "<msg>", "status": 1}). Returns CAI_SHELL_FAIL. */
cai_shell_status_t cai_shell_error(cai_shell_t *sh, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* One usage error line naming the command's usage (JSON mode: one object,
 * "status": 2). Returns CAI_SHELL_USAGE. */
cai_shell_status_t cai_shell_usage_error(cai_shell_t *sh, const cai_cmd_t *cmd, const char *fmt,
                                         ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A command's help: text, or in JSON mode one object {"command", "summary",
 * "usage", "help", "subcommands": [{"name", "summary"}]}. A command that has
 * only subcommands prints this when run bare (`psa`), as Zephyr's shell
 * does, and succeeds. */
void cai_shell_print_help(cai_shell_t *sh, FILE *f, const cai_cmd_t *cmd, const char *path);
/* Find a top-level command by name in the shell's tables. */
const cai_cmd_t *cai_shell_find(const cai_shell_t *sh, const char *name);

/* Tab completion: the n-th (from 0) command or subcommand name that starts
 * with `word`, given the text typed before that word; NULL when none left.
 * After `help` the words complete as a command path again; after a command
 * with `words`, those. */
const char *cai_shell_complete(const cai_shell_t *sh, const char *before, const char *word,
                               size_t n);

/* Argument parsing helpers: 0 on success, -1 on a malformed number. */
int cai_parse_u32(const char *s, uint32_t *out);
int cai_parse_i32(const char *s, int32_t *out); /* also accepts 0x80000000..0xffffffff */
/* Hex string (even length, optional 0x) into buf; returns the byte count or -1. */
long cai_parse_hex(const char *s, uint8_t *buf, size_t cap);

/* PSA status to its standard name ("PSA_ERROR_CONNECTION_REFUSED"), or NULL
 * for a service-defined value. */
const char *cai_psa_status_name(psa_status_t st);

/* Every text-mode string and error line goes to the terminal through
 * cai_fputs_escaped (cai/escape.h: control bytes as \xNN); JSON mode escapes
 * per RFC 8259 instead. */

/* Structured output: text "key: value" lines, or one JSON object. */
void cai_out_begin(cai_shell_t *sh);
void cai_out_end(cai_shell_t *sh);
void cai_out_str(cai_shell_t *sh, const char *key, const char *val);
void cai_out_int(cai_shell_t *sh, const char *key, long long val);
void cai_out_bool(cai_shell_t *sh, const char *key, bool val); /* true/false in both modes */
void cai_out_hex(cai_shell_t *sh, const char *key, const uint8_t *buf, size_t len);
void cai_out_status(cai_shell_t *sh, psa_status_t st); /* "status" + "status_code" */
void cai_out_list_begin(cai_shell_t *sh, const char *key);
void cai_out_list_end(cai_shell_t *sh);
void cai_out_item_begin(cai_shell_t *sh); /* an object inside a list */
void cai_out_item_end(cai_shell_t *sh);
void cai_out_list_hex(cai_shell_t *sh, const uint8_t *buf, size_t len); /* a bare hex string item */
/* Numbers: a JSON array (each float32 exactly, %.9g), or one text line of
 * values with six decimals. */
void cai_out_reals(cai_shell_t *sh, const char *key, const float *v, size_t n);

#endif /* CAI_SHELL_H */
