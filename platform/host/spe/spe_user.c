/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe under its own user (docs/host.md "Separate user"): names of users
 * and groups resolved without the heap (getpwnam_r/getgrnam_r into static
 * buffers), and the switch from root to the SPE user, done before any
 * directory or file is opened so that everything the SPE creates is the SPE
 * user's from the start and every by-descriptor check ("owned by us") means
 * "owned by the SPE user".
 */
#define _GNU_SOURCE
#include "cai_host/spe_user.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static char g_buf[16384];

/* A decimal number that fits an id, else -1. */
static int parse_id(const char *s, unsigned *out)
{
    char *end;
    if (s[0] < '0' || s[0] > '9') {
        return -1;
    }
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v >= 0xFFFFFFFFul) {
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int cai_spe_user_lookup(const char *name, uid_t *uid, gid_t *gid)
{
    struct passwd pw, *res = NULL;
    unsigned n;
    if (parse_id(name, &n) == 0) {
        if (getpwuid_r((uid_t)n, &pw, g_buf, sizeof(g_buf), &res) != 0 || res == NULL) {
            if (gid == NULL) {
                *uid = (uid_t)n; /* a bare uid is fine for an allow-list */
                return 0;
            }
            return -1;
        }
    } else if (getpwnam_r(name, &pw, g_buf, sizeof(g_buf), &res) != 0 || res == NULL) {
        return -1;
    }
    *uid = pw.pw_uid;
    if (gid != NULL) {
        *gid = pw.pw_gid;
    }
    return 0;
}

int cai_spe_group_lookup(const char *name, gid_t *gid)
{
    struct group gr, *res = NULL;
    unsigned n;
    if (parse_id(name, &n) == 0) {
        *gid = (gid_t)n;
        return 0;
    }
    if (getgrnam_r(name, &gr, g_buf, sizeof(g_buf), &res) != 0 || res == NULL) {
        return -1;
    }
    *gid = gr.gr_gid;
    return 0;
}

int cai_spe_user_become(uid_t uid, gid_t gid, gid_t client_group, char *err, size_t err_size)
{
    if (geteuid() == uid && getuid() == uid) {
        /* Already the SPE user (a service manager started us as it): we
         * must be able to give the runtime directory to the client group. */
        gid_t groups[256];
        int n = getgroups((int)(sizeof(groups) / sizeof(groups[0])), groups);
        bool member = getegid() == client_group;
        for (int i = 0; i < n && !member; i++) {
            member = groups[i] == client_group;
        }
        if (!member) {
            snprintf(err, err_size,
                     "uid %u is not a member of group %u: cannot share the socket with it",
                     (unsigned)uid, (unsigned)client_group);
            return -1;
        }
        return 0;
    }
    if (geteuid() != 0) {
        snprintf(err, err_size, "--user needs root (or to be started as that user)");
        return -1;
    }
    /* Supplementary groups: only the client group (so the SPE can make the
     * runtime directory and the socket that group's); root's are dropped.
     * Order: groups and gid while still root, then the uid. */
    gid_t groups[1] = { client_group };
    if (setgroups(1, groups) != 0 || setresgid(gid, gid, gid) != 0 ||
        setresuid(uid, uid, uid) != 0) {
        snprintf(err, err_size, "cannot switch to uid %u gid %u: %s", (unsigned)uid, (unsigned)gid,
                 strerror(errno));
        return -1;
    }
    /* Prove it cannot be undone. */
    if (setuid(0) == 0 || geteuid() != uid || getegid() != gid) {
        snprintf(err, err_size, "the switch to uid %u is not permanent; refusing to run",
                 (unsigned)uid);
        return -1;
    }
    /* A change of credentials resets the dumpable flag: set it again. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return 0;
}
