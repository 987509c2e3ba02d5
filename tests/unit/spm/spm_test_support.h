/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared pieces of the SPM unit tests: the log sink the platform port would
 * provide (cai_spe_port_log, kept in memory so tests can look for a line),
 * and a recording service function whose behaviour each test scripts. The
 * tests check the SPM from the inside, so they see its internal header too
 * (cai_spm_current_partition).
 */
#ifndef SPM_TEST_SUPPORT_H
#define SPM_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cai/partition.h"
#include "cai/spe_port.h"
#include "cai/spm.h"
#include "cai/test_services.h"
#include "spm_internal.h"

/* Non-secure client ids, as a transport would assign them. */
#define NS_A ((int32_t)-1)
#define NS_B ((int32_t)-2)

/* True if some log line since spm_log_clear() contains `needle`. */
bool spm_log_contains(const char *needle);
void spm_log_clear(void);

/* One message as a service saw it. */
typedef struct {
    int32_t type;
    int32_t client_id;
    psa_handle_t handle;
    void *rhandle;
    size_t in_size[PSA_MAX_IOVEC];
    size_t out_size[PSA_MAX_IOVEC];
    int32_t partition;   /* cai_spm_current_partition() inside the sfn */
    uint32_t depth_mark; /* rec_n when the sfn returned (orders nested calls) */
} rec_msg_t;

#define REC_MAX 256u
extern rec_msg_t rec_log[REC_MAX];
extern size_t rec_n;
/* Called by rec_sfn after recording; NULL answers PSA_SUCCESS. */
extern psa_status_t (*rec_behaviour)(const psa_msg_t *msg);
psa_status_t rec_sfn(const psa_msg_t *msg);
void rec_reset(void);
/* How many recorded messages have this type (and, if sfn_partition != 0,
 * were served by that partition). */
size_t rec_count(int32_t type, int32_t sfn_partition);

#endif /* SPM_TEST_SUPPORT_H */
