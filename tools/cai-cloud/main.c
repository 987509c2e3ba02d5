/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-cloud: the off-device tool (verifier, CA, ingest ...). Each subcommand
 * is one entry of the table below; later capabilities add theirs (ca,
 * verify-result, ingest) without touching the others.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "cai/crypto.h"
#include "cloud_cmds.h"
#include "cloud_util.h"

static const cloud_cmd_t k_commands[] = {
    { "ca", "a certificate authority for device keys: init, sign CSRs, list", cloud_cmd_ca },
    { "cose", "sign, verify, encrypt, decrypt and print COSE messages", cloud_cmd_cose },
    { "verify", "check an inference result: signature, device, claims, freshness",
      cloud_cmd_verify },
    { "attest", "check a PSA attestation token: signature, claims, nonce, measurements",
      cloud_cmd_attest },
};

static void usage(FILE *f)
{
    fprintf(f, "usage: cai-cloud <command> [args] (cai-cloud <command> --help for details)\n"
               "       cai-cloud --version | -V\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof k_commands / sizeof k_commands[0]; i++) {
        fprintf(f, "  %-14s %s\n", k_commands[i].name, k_commands[i].summary);
    }
    fprintf(f, "\n--json (any command): results as one JSON object each on stdout, errors as\n"
               "{\"error\": MESSAGE} on stderr.\n"
               "exit status: 0 success, 1 failed (e.g. a signature that does not verify),"
               " 2 usage error\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            cloud_json_mode = true;
        }
    }
    if (argc < 2) {
        cloud_err("cai-cloud: which command? (try --help)");
        usage(cloud_usage_stream());
        return CLOUD_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLOUD_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("cai-cloud %s\n", CAI_VERSION_STRING);
        return CLOUD_OK;
    }
    for (size_t i = 0; i < sizeof k_commands / sizeof k_commands[0]; i++) {
        if (strcmp(argv[1], k_commands[i].name) == 0) {
            if (cai_crypto_init() != PSA_SUCCESS) {
                cloud_err("cai-cloud: crypto initialisation failed\n");
                return CLOUD_FAILED;
            }
            return k_commands[i].run(argc - 1, argv + 1);
        }
    }
    cloud_err("cai-cloud: unknown command '%s' (try --help)\n", argv[1]);
    usage(cloud_usage_stream());
    return CLOUD_USAGE;
}
