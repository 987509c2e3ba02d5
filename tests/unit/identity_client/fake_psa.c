/* SPDX-License-Identifier: Apache-2.0 */
/* A scripted PSA client for the identity wrappers' unit test: records the
 * last call and answers with what the test set in g_fake. */
#include <string.h>

#include "fake_psa.h"

fake_psa_t g_fake;

psa_status_t psa_call(psa_handle_t handle, int32_t type, const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len)
{
    g_fake.calls++;
    g_fake.handle = handle;
    g_fake.type = type;
    g_fake.n_in = in_len;
    g_fake.n_out = out_len;
    for (size_t i = 0; i < in_len && i < 4; i++) {
        g_fake.in_len[i] = in_vec[i].len;
        memcpy(g_fake.in[i], in_vec[i].base,
               in_vec[i].len < sizeof(g_fake.in[i]) ? in_vec[i].len : sizeof(g_fake.in[i]));
    }
    for (size_t i = 0; i < out_len && i < 4; i++) {
        g_fake.out_cap[i] = out_vec[i].len;
        size_t n = g_fake.reply_len[i];
        if (n > out_vec[i].len) {
            n = out_vec[i].len; /* the SPM never writes past the capacity */
        }
        memcpy(out_vec[i].base, g_fake.reply[i], n);
        out_vec[i].len = n;
    }
    return g_fake.status;
}

uint32_t psa_version(uint32_t sid)
{
    g_fake.version_sid = sid;
    return g_fake.version;
}
