/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A sine computed with + - * / only, used for the training targets so that
 * the trained weights (and so the model bytes) do not depend on which libm
 * the machine has: IEEE-754 double arithmetic without FMA contraction gives
 * the same bits everywhere, libm sin() need not. The accuracy report still
 * compares against the C library's sin().
 */
#ifndef CAI_TS_SINE_H
#define CAI_TS_SINE_H

/* sin(x) for x in [-8, 8], to within a few ulp. */
double ts_sine(double x);

#endif /* CAI_TS_SINE_H */
