/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Runs a fuzz target's entry point over files, outside libFuzzer, so the
 * seed corpus and every saved crash input (regressions/) are checked by the
 * normal and the ASan test builds too. Arguments: files or directories.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 4096;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                exit(1);
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0) {
            break;
        }
        len += got;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 1;
}

static unsigned run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("(no %s)\n", path);
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        return run_file(path);
    }
    DIR *dir = opendir(path);
    unsigned n = 0;
    struct dirent *de;
    while (dir && (de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        n += run_path(sub);
    }
    if (dir) {
        closedir(dir);
    }
    return n;
}

int main(int argc, char **argv)
{
    unsigned n = 0;
    for (int i = 1; i < argc; i++) {
        n += run_path(argv[i]);
    }
    printf("%u inputs replayed, all invariants held\n", n);
    return 0;
}
