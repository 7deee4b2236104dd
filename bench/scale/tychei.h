/*
 * The random generator of the C benchmarks (reference.c, primitives.c): seedrandom's tychei, as
 * the engine's Tyche (src/engine/rng.ts) computes it, and a uniform draw in (0, 1) from it.
 */
#ifndef CXSIM_TYCHEI_H
#define CXSIM_TYCHEI_H
#include <stdint.h>

typedef struct {
  uint32_t a, b, c, d;
} Gen;

static inline uint32_t gen_next(Gen *g) {
  uint32_t b = g->b, c = g->c, d = g->d, a = g->a;
  b = (b << 25) ^ (b >> 7) ^ c;
  c = c - d;
  d = (d << 24) ^ (d >> 8) ^ a;
  a = a - b;
  g->b = b = (b << 20) ^ (b >> 12) ^ c;
  g->c = c = c - d;
  g->d = (d << 16) ^ (c >> 16) ^ a;
  return g->a = a - b;
}

static inline double uniform(Gen *g) { return ((double)gen_next(g) + 0.5) * 2.3283064365386963e-10; }

#endif
