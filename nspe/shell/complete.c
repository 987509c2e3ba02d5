/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tab completion over the command tree: the words already typed select a
 * node, and the candidates are that node's subcommands (or the top-level
 * commands). Portable: the host feeds it from libedit, a UART shell could
 * feed it from its own line editor.
 */
#include <string.h>

#include "cai/shell.h"

static const cai_cmd_t *find_in(const cai_cmd_t *const *list, const char *name, size_t len)
{
    for (size_t i = 0; list != NULL && list[i] != NULL; i++) {
        if (strlen(list[i]->name) == len && strncmp(list[i]->name, name, len) == 0) {
            return list[i];
        }
    }
    return NULL;
}

const char *cai_shell_complete(const cai_shell_t *sh, const char *before, const char *word,
                               size_t n)
{
    const cai_cmd_t *node = NULL;
    const char *p = before;
    for (;;) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '\0') {
            break;
        }
        size_t len = strcspn(p, " \t");
        const cai_cmd_t *next;
        if (node == NULL) {
            next = find_in(sh->tables[0], p, len);
            if (next == NULL) {
                next = find_in(sh->tables[1], p, len);
            }
        } else {
            next = find_in(node->subs, p, len);
        }
        if (next == NULL) {
            return NULL; /* arguments, not commands: nothing to offer */
        }
        node = next;
        p += len;
    }
    size_t wlen = strlen(word);
    for (size_t t = 0; t < 2; t++) {
        const cai_cmd_t *const *list = node != NULL ? node->subs : sh->tables[t];
        for (size_t i = 0; list != NULL && list[i] != NULL; i++) {
            if (strncmp(list[i]->name, word, wlen) == 0 && n-- == 0) {
                return list[i]->name;
            }
        }
        if (node != NULL) {
            break;
        }
    }
    return NULL;
}
