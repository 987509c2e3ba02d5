/* SPDX-License-Identifier: Apache-2.0 */
/* `info`: framework version, the backend's facts, the services we can see. */
#include <stdio.h>

#include "commands.h"
#include "psa/client.h"

static cai_shell_status_t info_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "info takes no arguments");
    }
    uint32_t fw = psa_framework_version();
    if (fw == 0) {
        return cai_shell_error(sh, "the secure side does not answer");
    }
    char ver[16];
    snprintf(ver, sizeof(ver), "%u.%u", (unsigned)(fw >> 8), (unsigned)(fw & 0xff));
    cai_out_begin(sh);
    cai_out_str(sh, "framework_version", ver);
    if (sh->port->info != NULL) {
        sh->port->info(sh);
    }
    cai_out_list_begin(sh, "services");
    for (size_t i = 0; i < cai_known_services_count; i++) {
        uint32_t v = psa_version(cai_known_services[i].sid);
        if (v == PSA_VERSION_NONE) {
            continue; /* absent, or not visible to the non-secure side */
        }
        char sid[16];
        snprintf(sid, sizeof(sid), "0x%08x", (unsigned)cai_known_services[i].sid);
        cai_out_item_begin(sh);
        cai_out_str(sh, "name", cai_known_services[i].name);
        cai_out_str(sh, "sid", sid);
        cai_out_int(sh, "version", v);
        cai_out_item_end(sh);
    }
    cai_out_list_end(sh);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

const cai_cmd_t cai_cmd_info = {
    .name = "info",
    .summary = "framework version, secure side and visible services",
    .usage = NULL,
    .fn = info_run,
};
