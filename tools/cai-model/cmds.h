/* SPDX-License-Identifier: Apache-2.0 */
/* Subcommands of cai-model. Each takes argv[0] = its own name and returns
 * the process exit status: 0 ok, 1 failure, 2 usage error. */
#ifndef CAI_MODEL_CMDS_H
#define CAI_MODEL_CMDS_H

int cmd_info(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_bench(int argc, char **argv);

#define EXIT_USAGE 2

#endif
