/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A third-party NS program built out of tree against the installed cai
 * (tests/pkg/test_install.py): it reads the device UUID through the
 * identity service, over the socket given as argv[1].
 */
#include <stdio.h>

#include "cai/identity_client.h"
#include "cai_host/psa_client_host.h"
#include "psa/client.h"

int main(int argc, char **argv)
{
    if (argc != 2 || cai_psa_client_set_socket(argv[1]) != 0) {
        fprintf(stderr, "usage: nsapp SOCKET\n");
        return 2;
    }
    uint32_t fw = psa_framework_version();
    uint8_t uuid[CAI_IDENTITY_UUID_LEN];
    psa_status_t st = cai_identity_uuid(uuid);
    if (st != PSA_SUCCESS) {
        const char *why = cai_psa_client_error();
        fprintf(stderr, "nsapp: uuid: status %d%s%s\n", (int)st, why ? ": " : "", why ? why : "");
        return 1;
    }
    char text[CAI_IDENTITY_UUID_STR_LEN];
    cai_identity_uuid_format(uuid, text);
    printf("framework_version: %u.%u\n", (unsigned)(fw >> 8), (unsigned)(fw & 0xffu));
    printf("uuid: %s\n", text);
    return 0;
}
