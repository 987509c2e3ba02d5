/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tab completion over the command tree: the words already typed select a
 * node, and the candidates are that node's subcommands (or the top-level
 * commands), then its fixed argument words (cai_cmd_t.words). After `help`
 * the words are a command path again. Portable: the host feeds it from libedit, a UART shell could
 * feed it from its own line editor.
 */
#include <stdbool.h>
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

/* The n-th word of a NULL-terminated list starting with word[0..wlen). */
static const char *nth_word(const char *const *list, const char *word, size_t wlen, size_t *n)
{
    for (size_t i = 0; list != NULL && list[i] != NULL; i++) {
        if (strncmp(list[i], word, wlen) == 0 && (*n)-- == 0) {
            return list[i];
        }
    }
    return NULL;
}

const char *cai_shell_complete(const cai_shell_t *sh, const char *before, const char *word,
                               size_t n)
{
    const cai_cmd_t *node = NULL;
    bool in_args = false; /* past the command path: the command's fixed words */
    bool first = true;
    const char *p = before;
    for (;;) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '\0') {
            break;
        }
        size_t len = strcspn(p, " \t");
        if (first && len == 4 && strncmp(p, "help", 4) == 0) {
            /* `help CMD SUB`: the words after it are a command path again */
            first = false;
            p += len;
            continue;
        }
        first = false;
        const cai_cmd_t *next = NULL;
        if (in_args) {
            next = node;
        } else if (node == NULL) {
            next = find_in(sh->tables[0], p, len);
            if (next == NULL) {
                next = find_in(sh->tables[1], p, len);
            }
        } else {
            next = find_in(node->subs, p, len);
            if (next == NULL && node->words != NULL) {
                in_args = true; /* an argument: offer the fixed words again */
                next = node;
            }
        }
        if (next == NULL) {
            return NULL; /* arguments, not commands: nothing to offer */
        }
        node = next;
        p += len;
    }
    size_t wlen = strlen(word);
    if (node == NULL) {
        for (size_t t = 0; t < 2; t++) {
            const cai_cmd_t *const *list = sh->tables[t];
            for (size_t i = 0; list != NULL && list[i] != NULL; i++) {
                if (strncmp(list[i]->name, word, wlen) == 0 && n-- == 0) {
                    return list[i]->name;
                }
            }
        }
        return NULL;
    }
    if (!in_args) {
        for (size_t i = 0; node->subs != NULL && node->subs[i] != NULL; i++) {
            if (strncmp(node->subs[i]->name, word, wlen) == 0 && n-- == 0) {
                return node->subs[i]->name;
            }
        }
    }
    return nth_word(node->words, word, wlen, &n);
}
