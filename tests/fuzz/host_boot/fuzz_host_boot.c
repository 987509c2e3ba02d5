/* SPDX-License-Identifier: Apache-2.0 */
/* See fuzz_host_boot.h. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "fuzz_host_boot.h"

#include <stdio.h>
#include <stdlib.h>

#include "cai/spm.h"
#include "cai_host/huk_host.h"
#include "cai_host/state.h"
#include "cai_host/storage_host.h"

static char g_dir[96];

/* The state directory goes when the fuzzer ends (it holds whatever objects
 * the fuzzer managed to store). */
static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", g_dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", g_dir);
    }
}

bool cai_fuzz_host_boot(const char *name)
{
    static int booted = -1;
    if (booted < 0) {
        char err[256] = "cannot make a state directory";
        int fd = -1;
        snprintf(g_dir, sizeof(g_dir), "/tmp/cai-%s-XXXXXX", name);
        if (mkdtemp(g_dir) != NULL) {
            atexit(remove_dir);
            fd = cai_dir_open(g_dir, "state directory", err, sizeof(err));
        }
        booted = fd >= 0 && cai_host_storage_open(fd, g_dir, err, sizeof(err)) == 0 &&
                 cai_host_huk_load(-1, NULL, NULL,
                                   "000102030405060708090a0b0c0d0e0f"
                                   "101112131415161718191a1b1c1d1e1f",
                                   err, sizeof(err)) == 0 &&
                 cai_spm_init(&cai_manifest) == PSA_SUCCESS;
        if (booted != 1) {
            fprintf(stderr, "%s: the SPE did not boot: %s\n", name, err);
        }
    }
    return booted == 1;
}
