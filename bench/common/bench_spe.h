/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the host benchmarks share: starting the test image cai-spe-test
 * (the image with the [TEST] echo service) in a fresh state directory with a
 * pinned HUK, and pinning processes to one CPU.
 */
#ifndef CAI_BENCH_SPE_H
#define CAI_BENCH_SPE_H

#include <stddef.h>
#include <sys/types.h>

/* Starts cai-spe-test (from $CAI_BIN_DIR, else beside this program) with
 * --foreground --state-dir dir and then extra[0..n_extra), its stderr
 * silenced, and points the PSA client at sock once the SPE answers there
 * (up to 30 s). Its pid, or -1 (nothing left running). */
pid_t cai_bench_spe_start(const char *dir, const char *sock, const char *const *extra,
                          size_t n_extra);

/* This process and the given others on the CPU it runs on now: 0 or -1. */
int cai_bench_pin_to_one_cpu(const pid_t *others, size_t n);

#endif /* CAI_BENCH_SPE_H */
