/* SPDX-License-Identifier: Apache-2.0 */
/* Test front end: `train_sine_cli train-sine ARGS...` behaves like
 * `cai-model train-sine ARGS...` (same function), for builds without the
 * cai-model tool. */
#include "train_sine.h"

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    return cai_model_cmd_train_sine(argc - 1, argv + 1);
}
