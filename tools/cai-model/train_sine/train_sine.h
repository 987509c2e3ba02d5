/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `cai-model train-sine`: train the project's own sine model (1-16-16-1 ReLU
 * network on sin(x), x in [0, 2*pi]) in plain C, quantize it to full int8,
 * write it as a .tflite file, then run that file through the cai inference
 * engine and report its accuracy. See docs/models.md.
 */
#ifndef CAI_TRAIN_SINE_H
#define CAI_TRAIN_SINE_H

/* argv[0] is the subcommand name. Returns a process exit status:
 * 0 success, 1 failure (including accuracy over the limit), 2 usage. */
int cai_model_cmd_train_sine(int argc, char **argv);

#endif /* CAI_TRAIN_SINE_H */
