/* SPDX-License-Identifier: Apache-2.0 */
/* Per-device sequence numbers seen by a verifier (see seq_state.h). */
#define _GNU_SOURCE
#include "seq_state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define SEQ_LINE_MAX 128

/* Copy every line of in to out except uuid's; *last gets uuid's number. */
static bool copy_others(FILE *in, FILE *out, const char *uuid, bool *found, uint64_t *last)
{
    char line[SEQ_LINE_MAX];
    *found = false;
    while (in != NULL && fgets(line, sizeof(line), in) != NULL) {
        char id[64];
        uint64_t v;
        if (sscanf(line, "%63s %" SCNu64, id, &v) != 2) {
            return false; /* not ours to rewrite */
        }
        if (strcmp(id, uuid) == 0) {
            *found = true;
            *last = v;
        } else if (fprintf(out, "%s %" PRIu64 "\n", id, v) < 0) {
            return false;
        }
    }
    return true;
}

bool seq_state_advance(const char *path, const char *uuid, uint64_t seq, char *why, size_t why_cap)
{
    char lock_path[4096], tmp_path[4096];
    if (snprintf(lock_path, sizeof(lock_path), "%s.lock", path) >= (int)sizeof(lock_path) ||
        snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", path) >= (int)sizeof(tmp_path)) {
        snprintf(why, why_cap, "state file path too long");
        return false;
    }
    int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0 || flock(lock, LOCK_EX) != 0) {
        snprintf(why, why_cap, "cannot lock %s: %s", lock_path, strerror(errno));
        if (lock >= 0) {
            close(lock);
        }
        return false;
    }
    FILE *in = fopen(path, "r");
    FILE *out = fopen(tmp_path, "w");
    bool found = false;
    uint64_t last = 0;
    bool ok = out != NULL && copy_others(in, out, uuid, &found, &last);
    if (!ok) {
        snprintf(why, why_cap, "the state file %s cannot be read or written", path);
    } else if (found && seq <= last) {
        snprintf(why, why_cap,
                 "sequence number %" PRIu64 " is not above %" PRIu64
                 ", the last one seen from this device (a replay, or out of order)",
                 seq, last);
        ok = false;
    } else {
        ok = fprintf(out, "%s %" PRIu64 "\n", uuid, seq) > 0 && fflush(out) == 0 &&
             fsync(fileno(out)) == 0;
        ok = fclose(out) == 0 && ok;
        out = NULL;
        ok = ok && rename(tmp_path, path) == 0;
        if (!ok) {
            snprintf(why, why_cap, "cannot update the state file %s: %s", path, strerror(errno));
        }
    }
    if (out != NULL) {
        fclose(out);
    }
    if (!ok) {
        unlink(tmp_path);
    }
    if (in != NULL) {
        fclose(in);
    }
    close(lock);
    return ok;
}
