/* SPDX-License-Identifier: Apache-2.0 */
/* See bench_spe.h. */
#define _GNU_SOURCE
#include "bench_spe.h"

#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cai_host/psa_client_host.h"

#define EXTRA_MAX 8

static int image_path(char *exe, size_t cap)
{
    const char *bin = getenv("CAI_BIN_DIR");
    if (bin != NULL) {
        snprintf(exe, cap, "%s/cai-spe-test", bin);
        return 0;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0) {
        return -1;
    }
    self[n] = '\0';
    snprintf(exe, cap, "%s/cai-spe-test", dirname(self));
    return 0;
}

pid_t cai_bench_spe_start(const char *dir, const char *sock, const char *const *extra,
                          size_t n_extra)
{
    char exe[PATH_MAX + 16];
    if (n_extra > EXTRA_MAX || image_path(exe, sizeof(exe)) != 0) {
        return -1;
    }
    const char *argv[4 + EXTRA_MAX + 1] = { exe, "--foreground", "--state-dir", dir };
    for (size_t i = 0; i < n_extra; i++) {
        argv[4 + i] = extra[i];
    }
    argv[4 + n_extra] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        setenv("CAI_HUK_HEX",
               "42424242424242424242424242424242"
               "42424242424242424242424242424242",
               1);
        if (freopen("/dev/null", "w", stderr) == NULL) {
            _exit(127);
        }
        execv(exe, (char *const *)argv);
        _exit(127);
    }
    if (pid < 0) {
        return -1;
    }
    for (int i = 0; i < 3000; i++) { /* up to 30 s (slow under sanitizers) */
        if (cai_psa_client_set_socket(sock) == 0 && cai_psa_client_probe() == 0) {
            return pid;
        }
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGTERM);
    return -1;
}

int cai_bench_pin_to_one_cpu(const pid_t *others, size_t n)
{
    int cpu = sched_getcpu();
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu < 0 ? 0 : cpu, &set);
    int rc = sched_setaffinity(0, sizeof(set), &set);
    for (size_t i = 0; i < n; i++) {
        rc |= sched_setaffinity(others[i], sizeof(set), &set);
    }
    return rc;
}
