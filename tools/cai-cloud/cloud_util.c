/* SPDX-License-Identifier: Apache-2.0 */
/* Shared plumbing of the cai-cloud subcommands (see cloud_util.h). */
#define _GNU_SOURCE
#include "cloud_util.h"

#include "cai/hex.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLOUD_MAX_FILE (64u * 1024u * 1024u)

bool cloud_parse_opts(int argc, char **argv, int first, cloud_opt_t *opts, size_t n_opts,
                      const char *prog)
{
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            cloud_err("%s: unexpected argument '%s' (try --help)\n", prog, a);
            return false;
        }
        const char *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        cloud_opt_t *o = NULL;
        for (size_t j = 0; j < n_opts; j++) {
            if (strlen(opts[j].name) == nl && strncmp(opts[j].name, a + 2, nl) == 0) {
                o = &opts[j];
            }
        }
        if (o == NULL) {
            cloud_err("%s: unknown option '%s' (try --help)\n", prog, a);
            return false;
        }
        if (!o->takes_value) {
            if (eq) {
                cloud_err("%s: option --%s takes no value\n", prog, o->name);
                return false;
            }
            o->value = "";
        } else if (eq) {
            o->value = eq + 1;
        } else if (i + 1 < argc) {
            o->value = argv[++i];
        } else {
            cloud_err("%s: option --%s needs a value\n", prog, o->name);
            return false;
        }
    }
    return true;
}

const char *cloud_opt(const cloud_opt_t *opts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(opts[i].name, name) == 0) {
            return opts[i].value;
        }
    }
    return NULL;
}

bool cloud_read_file(const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        cloud_err("cai-cloud: cannot open %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap);
    bool ok = b != NULL;
    while (ok) {
        if (n == cap) {
            if (cap >= CLOUD_MAX_FILE) {
                cloud_err("cai-cloud: %s is larger than %u bytes\n", path, CLOUD_MAX_FILE);
                ok = false;
                break;
            }
            uint8_t *nb = realloc(b, cap * 2);
            if (nb == NULL) {
                ok = false;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                cloud_err("cai-cloud: read error on %s\n", path);
                ok = false;
            }
            break;
        }
    }
    if (f != stdin) {
        fclose(f);
    }
    if (!ok) {
        free(b);
        return false;
    }
    *buf = b;
    *len = n;
    return true;
}

bool cloud_write_file(const char *path, const uint8_t *buf, size_t len)
{
    if (strcmp(path, "-") == 0) {
        return fwrite(buf, 1, len, stdout) == len && fflush(stdout) == 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        cloud_err("cai-cloud: cannot write %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, buf + done, len - done);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            cloud_err("cai-cloud: write error on %s: %s\n", path, strerror(errno));
            close(fd);
            return false;
        }
        done += (size_t)w;
    }
    return close(fd) == 0;
}

bool cloud_unhex(const char *hex, uint8_t **out, size_t *len)
{
    size_t n = strlen(hex);
    uint8_t *b = malloc(n / 2 + 1);
    if (b == NULL || cai_hex_decode(hex, n, b, n / 2, len) != 0) {
        free(b);
        return false;
    }
    *out = b;
    return true;
}

void cloud_print_hex(FILE *f, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%02x", p[i]);
    }
}

bool cloud_parse_kid(const char *text, const uint8_t **out, size_t *len)
{
    static uint8_t kid[256];
    size_t n = strlen(text);
    if (strncmp(text, "hex:", 4) == 0) {
        const char *h = text + 4;
        size_t hl = strlen(h);
        if (cai_hex_decode(h, hl, kid, sizeof kid, len) != 0) {
            return false;
        }
        *out = kid;
        return true;
    }
    /* 8-4-4-4-12 hex digits: a UUID, sent as its 16 bytes like the device kid */
    bool uuid = n == 36;
    size_t k = 0;
    for (size_t i = 0; uuid && i < n; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : cai_hex_nibble(text[i]) < 0) {
            uuid = false;
        }
    }
    if (uuid) {
        int hi = -1;
        for (size_t i = 0; i < n; i++) {
            if (text[i] == '-') {
                continue;
            }
            if (hi < 0) {
                hi = cai_hex_nibble(text[i]);
            } else {
                kid[k++] = (uint8_t)(hi << 4 | cai_hex_nibble(text[i]));
                hi = -1;
            }
        }
        *out = kid;
        *len = 16;
        return true;
    }
    *out = (const uint8_t *)text;
    *len = n;
    return true;
}

void cloud_json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);
        }
    }
    fputc('"', f);
}

bool cloud_json_mode;

void cloud_err(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = strlen(msg);
    while (n > 0 && msg[n - 1] == '\n') {
        msg[--n] = '\0';
    }
    if (cloud_json_mode) {
        fputs("{\"error\": ", stderr);
        cloud_json_string(stderr, msg, n);
        fputs("}\n", stderr);
    } else {
        fprintf(stderr, "%s\n", msg);
    }
    fflush(stderr);
}

FILE *cloud_usage_stream(void)
{
    static FILE *sink;
    if (!cloud_json_mode) {
        return stderr;
    }
    if (sink == NULL) {
        sink = fopen("/dev/null", "w");
    }
    return sink != NULL ? sink : stderr;
}
