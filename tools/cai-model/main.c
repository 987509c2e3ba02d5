/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-model: host tool for .tflite models and the cai inference engine.
 *   info MODEL [--json]       structure, quantization, arena size, SHA-256
 *   run MODEL --input ...     one inference
 *   bench MODEL [--iters N]   median wall time per inference
 * --json (any command): results as JSON on stdout, errors as JSON on stderr.
 *   train-sine ...            train the project's sine model
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "cli.h"
#include "train_sine.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: cai-model <command> [options]\n"
                 "       cai-model --version | -V\n"
                 "\n"
                 "commands:\n"
                 "  info MODEL [--json]             tensors, shapes, quantization, operators,\n"
                 "                                  arena size and SHA-256 of a .tflite file\n"
                 "  run MODEL --input FILE|-|VALUES [--clamp] [--output FILE|-] [--json]\n"
                 "                                  run one inference\n"
                 "  bench MODEL [--iters N] [--json]\n"
                 "                                  median wall time per inference\n"
                 "  train-sine [options]            train, quantize and write the sine model\n"
                 "\n"
                 "`cai-model <command> --help` describes each command. With --json, results\n"
                 "are JSON objects on stdout and errors {\"error\": MESSAGE} on stderr.\n"
                 "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--json") == 0)
            model_json_mode = true;
    if (argc < 2) {
        model_err("cai-model: which command? (try --help)");
        usage(model_usage_stream());
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("cai-model %s\n", CAI_VERSION_STRING);
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
    model_err("cai-model: unknown command '%s' (try --help)\n", cmd);
    usage(model_usage_stream());
    return EXIT_USAGE;
}
