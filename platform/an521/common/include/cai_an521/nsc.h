/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The secure image's non-secure-callable entry points: the PSA client API
 * as the non-secure image reaches it (platform/an521/nspe/psa_client_nsc.c
 * maps psa_* onto these). Their addresses are fixed by the import library
 * platform/an521/spe/cai_s_veneers.o, which is versioned: the secure link
 * keeps every released entry where it was (--in-implib), so a non-secure
 * image built against an older secure image still calls the right function.
 *
 * An entry function takes at most four register arguments (arguments on the
 * stack cannot cross the security boundary), so psa_call's six go in one
 * block the secure side checks and copies before reading.
 */
#ifndef CAI_AN521_NSC_H
#define CAI_AN521_NSC_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"

#if defined(CAI_AN521_SECURE)
#define CAI_NSC_ENTRY __attribute__((cmse_nonsecure_entry))
#else
#define CAI_NSC_ENTRY
#endif

typedef struct cai_nsc_call_args {
    psa_handle_t handle;
    int32_t type;
    const psa_invec *in_vec;
    size_t in_len;
    psa_outvec *out_vec;
    size_t out_len;
} cai_nsc_call_args_t;

CAI_NSC_ENTRY uint32_t cai_nsc_framework_version(void);
CAI_NSC_ENTRY uint32_t cai_nsc_version(uint32_t sid);
CAI_NSC_ENTRY psa_handle_t cai_nsc_connect(uint32_t sid, uint32_t version);
CAI_NSC_ENTRY psa_status_t cai_nsc_call(const cai_nsc_call_args_t *args);
CAI_NSC_ENTRY psa_status_t cai_nsc_close(psa_handle_t handle);

#endif /* CAI_AN521_NSC_H */
