/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `info`: framework version, the backend's facts, the device UUID (when the
 * image has the identity service), the services we can see (a stateless one
 * with its static handle, CAI_STATELESS_HANDLE); `info uuid`, `info version`.
 */
#include <stdio.h>

#include "cai/identity_client.h"
#include "cai/services.h"
#include "commands.h"
#include "psa/client.h"

#ifndef CAI_SHELL_VERSION
#error "CAI_SHELL_VERSION comes from the build (nspe/shell/CMakeLists.txt)"
#endif

/* What `info` and `info version` both begin with: no argument, and the
 * framework version "major.minor" from the SPE (which must answer). */
static cai_shell_status_t no_args_and_version(cai_shell_t *sh, const cai_cmd_t *cmd, int argc,
                                              const char *what, char ver[16])
{
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "%s takes no arguments", what);
    }
    uint32_t fw = psa_framework_version();
    if (fw == 0) {
        return cai_shell_error(sh, "the secure side does not answer");
    }
    snprintf(ver, 16, "%u.%u", (unsigned)(fw >> 8), (unsigned)(fw & 0xff));
    return CAI_SHELL_OK;
}

static cai_shell_status_t info_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    char ver[16];
    cai_shell_status_t rc = no_args_and_version(sh, cmd, argc, "info", ver);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    cai_out_begin(sh);
    cai_out_str(sh, "framework_version", ver);
    if (sh->port->info != NULL) {
        sh->port->info(sh);
    }
    uint8_t uuid[CAI_IDENTITY_UUID_LEN];
    if (cai_identity_uuid(uuid) == PSA_SUCCESS) { /* absent in an image without identity */
        char u[CAI_IDENTITY_UUID_STR_LEN];
        cai_identity_uuid_format(uuid, u);
        cai_out_str(sh, "uuid", u);
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
        if (cai_known_services[i].stateless_index != 0) {
            /* a stateless service is called through its static handle */
            char handle[16];
            snprintf(handle, sizeof(handle), "0x%08x",
                     (unsigned)CAI_STATELESS_HANDLE(cai_known_services[i].stateless_index,
                                                    cai_known_services[i].version));
            cai_out_str(sh, "handle", handle);
        }
        cai_out_item_end(sh);
    }
    cai_out_list_end(sh);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t uuid_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        return cai_shell_usage_error(sh, cmd, "info uuid takes no arguments");
    }
    uint8_t uuid[CAI_IDENTITY_UUID_LEN];
    psa_status_t st = cai_identity_uuid(uuid);
    if (st == PSA_ERROR_CONNECTION_REFUSED) {
        return cai_shell_error(sh, "this secure image has no identity service (SID 0x00000100)");
    }
    if (st == PSA_ERROR_COMMUNICATION_FAILURE) {
        return cai_shell_error(sh, "the secure side does not answer");
    }
    if (st != PSA_SUCCESS) {
        const char *name = cai_psa_status_name(st);
        return cai_shell_error(sh, "reading the UUID failed: the secure side answered %s (%d)",
                               name != NULL ? name : "a service-defined status", (int)st);
    }
    char u[CAI_IDENTITY_UUID_STR_LEN];
    cai_identity_uuid_format(uuid, u);
    cai_out_begin(sh);
    cai_out_str(sh, "uuid", u);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static cai_shell_status_t version_run(cai_shell_t *sh, const cai_cmd_t *cmd, int argc, char **argv)
{
    (void)argv;
    char ver[16];
    cai_shell_status_t rc = no_args_and_version(sh, cmd, argc, "info version", ver);
    if (rc != CAI_SHELL_OK) {
        return rc;
    }
    cai_out_begin(sh);
    cai_out_str(sh, "version", CAI_SHELL_VERSION);
    cai_out_str(sh, "framework_version", ver);
    cai_out_end(sh);
    return CAI_SHELL_OK;
}

static const cai_cmd_t info_uuid_cmd = {
    .name = "uuid",
    .summary = "the device UUID (derived from the HUK in the secure side)",
    .usage = NULL,
    .fn = uuid_run,
};
static const cai_cmd_t info_version_cmd = {
    .name = "version",
    .summary = "the cai version and the PSA framework version of the secure side",
    .usage = NULL,
    .fn = version_run,
};
static const cai_cmd_t *const info_subs[] = { &info_uuid_cmd, &info_version_cmd, NULL };

const cai_cmd_t cai_cmd_info = {
    .name = "info",
    .summary = "framework version, secure side, device UUID and visible services",
    .usage = NULL,
    .fn = info_run,
    .subs = info_subs,
};
