/*
 * The primitives of the kernel in C, for bench/scale/primitives.ts: the random generator (tychei),
 * the power |x|^alpha as exp(alpha * log x) of the C library, and the normal quantile's central
 * region (Acklam) — each in a loop of N operations, the same inputs as the TypeScript loops.
 * Compiled like the C reference (gcc -O2 -ffp-contract=off).
 *
 * Usage: primitives N. Prints, a line per primitive, its name, nanoseconds per operation (best of
 * 5) and the loop's sum (which keeps the work alive and checks that both languages agree).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tychei.h"

static double ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double generator(long n) {
  Gen g = {1, 2, 2654435769u, 1367130551u};
  for (int k = 0; k < 20; k++) gen_next(&g);
  double s = 0;
  for (long i = 0; i < n; i++) s += uniform(&g);
  return s;
}

static double power(long n) {
  double s = 0;
  for (long i = 0; i < n; i++) s += exp(0.88 * log(0.05 + (double)(i & 1023) * 0.01));
  return s;
}

static double quantile(long n) {
  double s = 0;
  for (long i = 0; i < n; i++) {
    double q = 0.03 + (double)(i & 1023) * 9.2e-4 - 0.5, r = q * q;
    s += ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r +
           2.506628277459239) *
          q) /
         (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
  }
  return s;
}

static void measure(const char *name, double (*f)(long), long n) {
  double best = 1e300, sum = 0;
  for (int r = 0; r < 5; r++) {
    double t = ms();
    sum = f(n);
    t = ms() - t;
    if (t < best) best = t;
  }
  printf("%s %.4f %.17g\n", name, best * 1e6 / n, sum);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 50000000;
  measure("generator", generator, n);
  measure("power", power, n);
  measure("quantile", quantile, n);
  return 0;
}
