/* SPDX-License-Identifier: Apache-2.0 */
#include "ts_sine.h"

/* 2*pi split into a head exact in double and a tail, so that the reduction
 * x - 2*pi is accurate to far below what training can notice. */
#define TS_TWO_PI_HI 6.28318530717958623200e+00
#define TS_TWO_PI_LO 2.44929359829470635445e-16
#define TS_PI        3.14159265358979323846

double ts_sine(double x)
{
    /* Reduce to [-pi, pi]: the trainer only asks for x in [0, 2*pi] (and a
     * little around it), so one step either way is enough. */
    if (x > TS_PI)
        x = (x - TS_TWO_PI_HI) - TS_TWO_PI_LO;
    else if (x < -TS_PI)
        x = (x + TS_TWO_PI_HI) + TS_TWO_PI_LO;
    /* Taylor series: for |x| <= pi the terms fall below 1e-17 by n = 27. */
    double term = x, sum = x, x2 = x * x;
    for (int n = 3; n <= 31; n += 2) {
        term = -term * x2 / (double)((n - 1) * n);
        sum += term;
    }
    return sum;
}
