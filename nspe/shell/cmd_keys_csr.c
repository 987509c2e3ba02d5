/* SPDX-License-Identifier: Apache-2.0 */
/* `keys csr`: a certificate request for a key, built and signed in the SPE. */

#include "commands.h"
#include "keys_common.h"

static cai_shell_status_t csr_body(cai_shell_t *sh, const cai_cmd_t *cmd, const opts_t *o)
{
    const cai_identity_key_info_t *key;
    if (o->npos != 1) {
        return cai_shell_usage_error(sh, cmd, "expected one key");
    }
    if (keys_parse_key(sh, cmd, o->pos[0], &key) != CAI_SHELL_OK) {
        return CAI_SHELL_USAGE;
    }
    if (o->org != NULL && !cai_identity_org_valid(o->org)) {
        return cai_shell_usage_error(sh, cmd, "--org must be 1 to %u printable ASCII characters",
                                     CAI_IDENTITY_ORG_MAX);
    }
    const char *org = o->org != NULL ? o->org : CAI_IDENTITY_ORG_DEFAULT;
    uint8_t uuid[CAI_IDENTITY_UUID_LEN];
    psa_status_t ps = cai_identity_uuid(uuid);
    if (ps != PSA_SUCCESS) {
        return keys_identity_error(sh, ps, key, "reading the UUID");
    }
    size_t len;
    ps = cai_identity_csr(key->id, org, g_der, sizeof(g_der), &len);
    if (ps == PSA_ERROR_INVALID_ARGUMENT) {
        return cai_shell_error(sh, "the secure side refused organisation '%s'", org);
    }
    if (ps != PSA_SUCCESS) {
        return keys_identity_error(sh, ps, key, "a certificate request");
    }
    cai_out_begin(sh);
    if (sh->json) {
        char u[CAI_IDENTITY_UUID_STR_LEN], subject[SUBJECT_MAX];
        cai_identity_uuid_format(uuid, u);
        snprintf(subject, sizeof(subject), "O=%s,CN=%s,OU=%s", org, u, key->label);
        keys_out_key_fields(sh, key);
        cai_out_str(sh, "uuid", u);
        cai_out_str(sh, "org", org);
        cai_out_str(sh, "subject", subject);
    }
    cai_shell_status_t rc = keys_emit_der(sh, o, "CERTIFICATE REQUEST", g_der, len);
    cai_out_end(sh);
    return rc;
}

static cai_shell_status_t csr_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    return keys_run_with(sh, cmd, argc, argv, OPT_PEM | OPT_DER | OPT_JSON | OPT_ORG | OPT_OUT, 1,
                         csr_body);
}

const cai_cmd_t keys_csr_cmd = {
    .name = "csr",
    .summary = "a certificate request for a key, built and signed in the secure side",
    .usage = "KEY [--pem|--der] [--json] [--org NAME] [--out FILE]",
    .help = KEYS_HELP_IDS "\n"
                          "  subject O=NAME,CN=<device uuid>,OU=<key label>; NAME defaults to "
                          "'cai',\n"
                          "  1 to 64 printable ASCII characters\n"
                          "  --pem       PEM (the default);  --der  DER (hex unless --out)\n"
                          "  --out FILE  write the request to FILE\n"
                          "  --json      one object: key, uuid, subject, der (hex), pem",
    .fn = csr_run,
    .words = keys_key_words,
};
