/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Readiness for a service manager: sd_notify(3)'s protocol written by hand
 * (no libsystemd). When $NOTIFY_SOCKET names a Unix datagram socket (a path,
 * or "@name" for the abstract namespace), one datagram carries the state
 * ("READY=1\nMAINPID=..."); without it nothing is sent. The system and user
 * units (platform/host/systemd) are Type=notify.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cai_host/spe_notify.h"

int cai_spe_notify(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    if (path == NULL || path[0] == '\0') {
        return 0;
    }
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    size_t plen = strlen(path);
    if ((path[0] != '/' && path[0] != '@') || plen >= sizeof(sa.sun_path)) {
        return -1;
    }
    memcpy(sa.sun_path, path, plen);
    if (path[0] == '@') {
        sa.sun_path[0] = '\0';
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    size_t len = strlen(state);
    ssize_t n = sendto(fd, state, len, MSG_NOSIGNAL, (const struct sockaddr *)&sa,
                       (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen));
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}
