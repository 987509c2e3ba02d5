/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host model images (cai_spe_port_model_count/get): the built-in models of
 * every image, then those `cai-spe --model` loaded at boot. A file is read
 * once, whole, into anonymous pages of the SPE (models_host.h): the SPE runs
 * its own copy, so nothing the NS side does to the file later changes what
 * runs or what was measured.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin_models.h"
#include "cai/spe_port.h"
#include "cai_host/models_host.h"

typedef struct host_model {
    char name[CAI_SPE_PORT_MODEL_NAME_MAX + 1];
    uint32_t version;
    const uint8_t *bytes;
    size_t len;
} host_model_t;

static host_model_t g_models[CAI_SPE_PORT_MODELS_MAX];
static size_t g_n_models;

size_t cai_spe_port_model_count(void)
{
    return cai_builtin_model_count() + g_n_models;
}

psa_status_t cai_spe_port_model_get(size_t index, cai_spe_port_model_t *out)
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t nb = cai_builtin_model_count();
    if (index < nb) {
        return cai_builtin_model_get(index, out);
    }
    index -= nb;
    if (index >= g_n_models) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    const host_model_t *m = &g_models[index];
    *out = (cai_spe_port_model_t){
        .name = m->name, .version = m->version, .bytes = m->bytes, .len = m->len, .builtin = 0
    };
    return PSA_SUCCESS;
}

/* "--model <what>: <why>" into err; always -1. */
static int fail(char *err, size_t cap, const char *what, const char *why)
{
    if (err != NULL && cap > 0) {
        snprintf(err, cap, "--model %s: %s", what, why);
    }
    return -1;
}

static bool name_ok(const char *s, size_t n)
{
    if (n == 0 || n > CAI_SPE_PORT_MODEL_NAME_MAX) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return false;
        }
    }
    return true;
}

static bool name_taken(const char *name)
{
    for (size_t i = 0; i < cai_spe_port_model_count(); i++) {
        cai_spe_port_model_t m;
        if (cai_spe_port_model_get(i, &m) == PSA_SUCCESS && strcmp(m.name, name) == 0) {
            return true;
        }
    }
    return false;
}

/* "1".."4294967295" without sign, spaces or leading zeros. */
static bool parse_version(const char *s, size_t n, uint32_t *out)
{
    if (n == 0 || n > 10 || s[0] == '0') {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10u + (uint64_t)(s[i] - '0');
    }
    if (v > UINT32_MAX) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

/* The whole of a regular file into fresh anonymous pages (page-aligned, so
 * CAI_SPE_PORT_MODEL_ALIGN holds), then read-only. */
static int read_model_file(const char *path, host_model_t *m, char *err, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        return fail(err, cap, path, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(err, cap, path, "not a regular file");
    }
    if (st.st_size <= 0 || (unsigned long long)st.st_size > CAI_HOST_MODEL_FILE_MAX) {
        close(fd);
        return fail(err, cap, path, st.st_size <= 0 ? "empty file" : "larger than 8 MiB");
    }
    size_t len = (size_t)st.st_size;
    uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        close(fd);
        return fail(err, cap, path, "out of memory");
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    /* A file that changed size under us is refused, not half-loaded. */
    if (got != len) {
        munmap(p, len);
        return fail(err, cap, path, "changed while being read");
    }
    mprotect(p, len, PROT_READ);
    m->bytes = p;
    m->len = len;
    return 0;
}

int cai_host_model_add(const char *spec, char *err, size_t errcap)
{
    const char *eq = strchr(spec, '=');
    if (eq == NULL || eq[1] == '\0') {
        return fail(err, errcap, spec, "expected NAME=FILE or NAME@VERSION=FILE");
    }
    if (g_n_models + cai_builtin_model_count() >= CAI_SPE_PORT_MODELS_MAX) {
        return fail(err, errcap, spec, "too many models (8 in all)");
    }
    const char *at = memchr(spec, '@', (size_t)(eq - spec));
    size_t name_len = (size_t)((at != NULL ? at : eq) - spec);
    host_model_t m = { .version = 1 };
    if (!name_ok(spec, name_len)) {
        return fail(err, errcap, spec, "a model name is 1..31 characters of a-z, 0-9, '_' and '-'");
    }
    memcpy(m.name, spec, name_len);
    m.name[name_len] = '\0';
    if (at != NULL && !parse_version(at + 1, (size_t)(eq - at - 1), &m.version)) {
        return fail(err, errcap, spec, "the version is a number 1..4294967295");
    }
    if (name_taken(m.name)) {
        return fail(err, errcap, spec, "a model of that name is registered");
    }
    if (read_model_file(eq + 1, &m, err, errcap) != 0) {
        return -1;
    }
    g_models[g_n_models++] = m;
    return 0;
}

/* ---- Boot memory ---------------------------------------------------------- */

static bool g_boot_closed;
static size_t g_boot_used;

psa_status_t cai_spe_port_boot_memory(size_t bytes, void **out)
{
    if (out == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    *out = NULL;
    if (bytes == 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (g_boot_closed) {
        return PSA_ERROR_BAD_STATE;
    }
    if (bytes > CAI_HOST_BOOT_MEMORY_MAX - g_boot_used) {
        return PSA_ERROR_INSUFFICIENT_MEMORY;
    }
    /* Anonymous pages are zeroed and page-aligned (>= CAI_SPE_PORT_BOOT_ALIGN). */
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return PSA_ERROR_INSUFFICIENT_MEMORY;
    }
    g_boot_used += bytes;
    *out = p;
    return PSA_SUCCESS;
}

void cai_host_boot_memory_close(void)
{
    g_boot_closed = true;
}
