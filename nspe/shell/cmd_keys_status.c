/* SPDX-License-Identifier: Apache-2.0 */
/* `keys status`: each device key, derived and certified, as the SPE reports it. */

#include "commands.h"
#include "keys_common.h"

static cai_shell_status_t status_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *one = NULL;
    if (o->npos == 1 && keys_parse_key(sh, cmd, o->pos[0], &one) != CAI_SHELL_OK) {
        return CAI_SHELL_USAGE;
    }
    cai_identity_key_status_t st[8];
    const cai_identity_key_info_t *keys[8];
    size_t n = 0;
    for (size_t i = 0; i < cai_identity_keys_count && n < 8; i++) {
        if (one == NULL || one == &cai_identity_keys[i]) {
            keys[n] = &cai_identity_keys[i];
            psa_status_t ps = cai_identity_key_status(keys[n]->id, &st[n]);
            if (ps != PSA_SUCCESS) {
                return keys_identity_error(sh, ps, keys[n], "key status");
            }
            n++;
        }
    }
    cai_out_begin(sh);
    cai_out_list_begin(sh, "keys");
    for (size_t i = 0; i < n; i++) {
        cai_out_item_begin(sh);
        keys_out_key_fields(sh, keys[i]);
        keys_out_status_fields(sh, &st[i]);
        cai_out_item_end(sh);
    }
    cai_out_list_end(sh);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t status_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return keys_run_with(sh, cmd, argc, argv, OPT_JSON, 1, status_body);
}

const cai_cmd_t keys_status_cmd = {
    .name = "status",
    .summary = "each device key: derived, certificate installed (expiry, serial)",
    .usage = "[KEY] [--json]",
    .help = KEYS_HELP_IDS,
    .fn = status_run,
    .words = keys_key_words,
};
