/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Structured command output. Text mode prints "key: value" lines (list items
 * as one indented line of key=value pairs); JSON mode prints one object per
 * command, strings escaped per RFC 8259.
 */
#include <string.h>

#include "cai/escape.h"
#include "cai/shell.h"
#include "commands.h"

void cai_shell_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            fprintf(f, "\\%c", *p);
        } else if (*p < 0x20) {
            fprintf(f, "\\u%04x", *p);
        } else {
            fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* JSON: comma before every member but the first of its container. */
static void json_sep(cai_shell_t *sh)
{
    if (!sh->first[sh->depth]) {
        fputc(',', sh->out);
    }
    sh->first[sh->depth] = false;
}

static void json_open(cai_shell_t *sh, char c)
{
    fputc(c, sh->out);
    if (sh->depth + 1 < CAI_OUT_MAX_DEPTH) {
        sh->depth++;
    }
    sh->first[sh->depth] = true;
}

static void json_close(cai_shell_t *sh, char c)
{
    fputc(c, sh->out);
    if (sh->depth > 0) {
        sh->depth--;
    }
}

/* Text-mode key prefix: inside a list item, "key=" on the item's line. */
static void text_key(cai_shell_t *sh, const char *key)
{
    if (sh->in_item) {
        fputc(' ', sh->out);
        cai_fputs_escaped(key, sh->out);
        fputc('=', sh->out);
    } else {
        cai_fputs_escaped(key, sh->out);
        fputs(": ", sh->out);
    }
}

static void text_end(cai_shell_t *sh)
{
    if (!sh->in_item) {
        fputc('\n', sh->out);
    }
}

static void key_prefix(cai_shell_t *sh, const char *key)
{
    if (sh->json) {
        json_sep(sh);
        cai_shell_json_string(sh->out, key);
        fputc(':', sh->out);
    } else {
        text_key(sh, key);
    }
}

void cai_out_begin(cai_shell_t *sh)
{
    sh->depth = 0;
    sh->in_item = false;
    if (sh->json) {
        json_open(sh, '{');
    }
}

void cai_out_end(cai_shell_t *sh)
{
    if (sh->json) {
        json_close(sh, '}');
        fputc('\n', sh->out);
    }
    fflush(sh->out);
}

void cai_out_str(cai_shell_t *sh, const char *key, const char *val)
{
    key_prefix(sh, key);
    if (sh->json) {
        cai_shell_json_string(sh->out, val);
    } else {
        cai_fputs_escaped(val, sh->out);
        text_end(sh);
    }
}

void cai_out_int(cai_shell_t *sh, const char *key, long long val)
{
    key_prefix(sh, key);
    fprintf(sh->out, "%lld", val);
    if (!sh->json) {
        text_end(sh);
    }
}

void cai_out_bool(cai_shell_t *sh, const char *key, bool val)
{
    key_prefix(sh, key);
    fputs(val ? "true" : "false", sh->out);
    if (!sh->json) {
        text_end(sh);
    }
}

static void hex_bytes(FILE *f, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        fprintf(f, "%02x", buf[i]);
    }
}

void cai_out_hex(cai_shell_t *sh, const char *key, const uint8_t *buf, size_t len)
{
    key_prefix(sh, key);
    if (sh->json) {
        fputc('"', sh->out);
        hex_bytes(sh->out, buf, len);
        fputc('"', sh->out);
    } else {
        hex_bytes(sh->out, buf, len);
        if (!sh->in_item) {
            fprintf(sh->out, " (%zu bytes)", len);
        }
        text_end(sh);
    }
}

void cai_out_status(cai_shell_t *sh, psa_status_t st)
{
    const char *name = cai_psa_status_name(st);
    if (sh->json) {
        cai_out_str(sh, "status", name != NULL ? name : "service-defined");
        cai_out_int(sh, "status_code", st);
    } else {
        key_prefix(sh, "status");
        fprintf(sh->out, "%s (%d)", name != NULL ? name : "service-defined", (int)st);
        text_end(sh);
    }
}

void cai_out_list_begin(cai_shell_t *sh, const char *key)
{
    if (sh->json) {
        key_prefix(sh, key);
        json_open(sh, '[');
    } else {
        cai_fputs_escaped(key, sh->out);
        fputs(":\n", sh->out);
        sh->list_empty = true;
    }
}

void cai_out_list_end(cai_shell_t *sh)
{
    if (sh->json) {
        json_close(sh, ']');
    } else if (sh->list_empty) {
        fputs("  (none)\n", sh->out); /* an empty list still says so */
        sh->list_empty = false;
    }
}

void cai_out_item_begin(cai_shell_t *sh)
{
    if (sh->json) {
        json_sep(sh);
        json_open(sh, '{');
    } else {
        fputs("  -", sh->out);
        sh->in_item = true;
        sh->list_empty = false;
    }
}

void cai_out_item_end(cai_shell_t *sh)
{
    if (sh->json) {
        json_close(sh, '}');
    } else {
        fputc('\n', sh->out);
        sh->in_item = false;
    }
}

void cai_out_list_hex(cai_shell_t *sh, const uint8_t *buf, size_t len)
{
    if (sh->json) {
        json_sep(sh);
        fputc('"', sh->out);
        hex_bytes(sh->out, buf, len);
        fputc('"', sh->out);
    } else {
        sh->list_empty = false;
        fputs("  - ", sh->out);
        hex_bytes(sh->out, buf, len);
        fprintf(sh->out, " (%zu bytes)\n", len);
    }
}

void cai_out_reals(cai_shell_t *sh, const char *key, const float *v, size_t n)
{
    key_prefix(sh, key);
    if (sh->json) {
        fputc('[', sh->out);
    }
    for (size_t i = 0; i < n; i++) {
        /* %.9g: enough digits that the float32 value reads back exactly */
        fprintf(sh->out, sh->json ? "%s%.9g" : "%s%.6f", i > 0 ? (sh->json ? "," : " ") : "",
                (double)v[i]);
    }
    if (sh->json) {
        fputc(']', sh->out);
    } else {
        text_end(sh);
    }
}
