/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The shell's top-level commands. Adding one: write cmd_<name>.c defining a
 * cai_cmd_t, declare it in commands.h, list it here. Backend-only commands
 * live in the backend's own table (platform/host: `spe`).
 */
#include "commands.h"

const cai_cmd_t *const cai_shell_commands[] = {
    &cai_cmd_help, &cai_cmd_info, &cai_cmd_infer,   &cai_cmd_keys,  &cai_cmd_attest,
    &cai_cmd_psa,  &cai_cmd_exit, &cai_cmd_history, &cai_cmd_clear, NULL,
};
