/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `keys`: the device keys as the identity service shows them (docs/identity.md):
 * their status, public keys, certificate requests and certificates. Private
 * keys never leave the secure side; nothing here ever sees one.
 *
 * Text output of a key, request or certificate is the object itself (PEM,
 * hex, diagnostic notation), ready for a pipe; where several are printed,
 * each follows one "# <name> <key id> <label>" line, which PEM readers skip
 * and the shell reads as a comment. Files (--out, install FILE) go through
 * stdio: a backend without a file system reports that it cannot open them.
 */
#include "commands.h"
#include "keys_common.h"

static const cai_cmd_t *const keys_subs[] = {
    &keys_status_cmd, &keys_public_cmd, &keys_csr_cmd, &keys_cert_cmd, &keys_cloud_cmd, NULL,
};

const cai_cmd_t cai_cmd_keys = {
    .name = "keys",
    .summary = "device keys: status, public keys, certificate requests, certificates",
    .subs = keys_subs,
};
