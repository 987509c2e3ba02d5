/* SPDX-License-Identifier: Apache-2.0 */
/* The cai-cloud subcommand table entry and the commands it lists. */
#ifndef CAI_CLOUD_CMDS_H
#define CAI_CLOUD_CMDS_H

typedef struct cloud_cmd {
    const char *name;
    const char *summary;
    /* argv[0] is the command name; returns a CLOUD_* exit code. */
    int (*run)(int argc, char **argv);
} cloud_cmd_t;

int cloud_cmd_ca(int argc, char **argv);
int cloud_cmd_cose(int argc, char **argv);
int cloud_cmd_verify(int argc, char **argv);
int cloud_cmd_attest(int argc, char **argv);

#endif /* CAI_CLOUD_CMDS_H */
