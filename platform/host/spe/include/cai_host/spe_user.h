/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-spe under its own user (docs/host.md "Separate user").
 */
#ifndef CAI_HOST_SPE_USER_H
#define CAI_HOST_SPE_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The directories of an SPE under its own user when none is named: a system
 * service's (systemd: StateDirectory=cai, RuntimeDirectory=cai). */
#define CAI_SPE_SYSTEM_STATE_DIR   "/var/lib/cai"
#define CAI_SPE_SYSTEM_RUNTIME_DIR "/run/cai"

/* A user by name or decimal uid. gid: its primary group (NULL: not
 * needed; then an unknown decimal uid is accepted as is). 0 or -1. */
int cai_spe_user_lookup(const char *name, uid_t *uid, gid_t *gid);

/* A group by name or decimal gid. 0 or -1. */
int cai_spe_group_lookup(const char *name, gid_t *gid);

/* Become uid/gid for good, with client_group as the only supplementary
 * group (needed to give the runtime directory and socket to it). From
 * root: setgroups, setresgid, setresuid, then a check that root cannot be
 * regained, then PR_SET_DUMPABLE 0 again (a credential change resets it).
 * Already uid: only checks the membership. 0, or -1 with one line in err. */
int cai_spe_user_become(uid_t uid, gid_t gid, gid_t client_group, char *err, size_t err_size);

#endif /* CAI_HOST_SPE_USER_H */
