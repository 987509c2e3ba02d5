/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-model: host tool for .tflite models and the cai inference engine.
 *   info MODEL [--json]       structure, quantization, arena size, SHA-256
 *   run MODEL --input ...     one inference
 *   bench MODEL [--iters N]   median wall time per inference
 *   train-sine ...            train the project's sine model
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "train_sine.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: cai-model <command> [options]\n"
                 "\n"
                 "commands:\n"
                 "  info MODEL [--json]             tensors, shapes, quantization, operators,\n"
                 "                                  arena size and SHA-256 of a .tflite file\n"
                 "  run MODEL --input FILE|VALUES [--output FILE]\n"
                 "                                  run one inference\n"
                 "  bench MODEL [--iters N]         median wall time per inference\n"
                 "  train-sine [options]            train, quantize and write the sine model\n"
                 "\n"
                 "`cai-model <command> --help` describes each command.\n"
                 "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "info") == 0)
        return cmd_info(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "bench") == 0)
        return cmd_bench(argc - 1, argv + 1);
    if (strcmp(cmd, "train-sine") == 0)
        return cai_model_cmd_train_sine(argc - 1, argv + 1);
    fprintf(stderr, "cai-model: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
