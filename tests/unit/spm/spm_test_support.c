/* SPDX-License-Identifier: Apache-2.0 */
#include "spm_test_support.h"

#include <stdio.h>
#include <string.h>

static char log_buf[16384];
static size_t log_len;

void cai_spe_port_log(const char *line)
{
    printf("  log: %s\n", line);
    size_t len = strlen(line);
    if (log_len + len + 2 < sizeof(log_buf)) {
        memcpy(log_buf + log_len, line, len);
        log_len += len;
        log_buf[log_len++] = '\n';
        log_buf[log_len] = '\0';
    }
}

bool spm_log_contains(const char *needle)
{
    return strstr(log_buf, needle) != NULL;
}

void spm_log_clear(void)
{
    log_len = 0;
    log_buf[0] = '\0';
}

rec_msg_t rec_log[REC_MAX];
size_t rec_n;
psa_status_t (*rec_behaviour)(const psa_msg_t *msg);

psa_status_t rec_sfn(const psa_msg_t *msg)
{
    size_t me = rec_n;
    if (rec_n < REC_MAX) {
        rec_msg_t *r = &rec_log[rec_n++];
        r->type = msg->type;
        r->client_id = msg->client_id;
        r->handle = msg->handle;
        r->rhandle = msg->rhandle;
        memcpy(r->in_size, msg->in_size, sizeof(r->in_size));
        memcpy(r->out_size, msg->out_size, sizeof(r->out_size));
        r->partition = cai_spm_current_partition();
    }
    psa_status_t st = rec_behaviour != NULL ? rec_behaviour(msg) : PSA_SUCCESS;
    if (me < REC_MAX) {
        rec_log[me].depth_mark = (uint32_t)rec_n;
    }
    return st;
}

void rec_reset(void)
{
    memset(rec_log, 0, sizeof(rec_log));
    rec_n = 0;
    rec_behaviour = NULL;
}

size_t rec_count(int32_t type, int32_t sfn_partition)
{
    size_t n = 0;
    for (size_t i = 0; i < rec_n && i < REC_MAX; i++) {
        if (rec_log[i].type == type &&
            (sfn_partition == 0 || rec_log[i].partition == sfn_partition)) {
            n++;
        }
    }
    return n;
}
