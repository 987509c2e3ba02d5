/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* fork, pipe, waitpid: a host-only test */
/*
 * A process that forks after cai_crypto_init must not hand the same random
 * bytes to parent and child: GCM IVs and ECDH-ES ephemeral keys come from
 * cai_random, and a repeat would be fatal. OpenSSL 3.0 reseeds on fork by
 * itself; the mbedTLS backend runs its CTR_DRBG with prediction resistance
 * for this reason. Built and run once per backend.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cai/crypto.h"

int main(void)
{
    uint8_t warm[16], mine[32], child[32];
    int fd[2];

    if (cai_crypto_init() != PSA_SUCCESS || cai_random(warm, sizeof warm) != PSA_SUCCESS ||
        pipe(fd) != 0) {
        printf("setup failed\n");
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        printf("fork failed\n");
        return 1;
    }
    if (pid == 0) {
        uint8_t r[32];
        int ok = cai_random(r, sizeof r) == PSA_SUCCESS &&
                 write(fd[1], r, sizeof r) == (ssize_t)sizeof r;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    int ok = cai_random(mine, sizeof mine) == PSA_SUCCESS &&
             read(fd[0], child, sizeof child) == (ssize_t)sizeof child &&
             waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
        printf("%s: random generation around fork failed\n", cai_crypto_backend_name());
        return 1;
    }
    if (memcmp(mine, child, sizeof mine) == 0) {
        printf("%s: parent and child drew the SAME random bytes after fork\n",
               cai_crypto_backend_name());
        return 1;
    }
    printf("%s: parent and child draw different random bytes after fork\n",
           cai_crypto_backend_name());
    return 0;
}
