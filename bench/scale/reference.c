/*
 * The reference for the scale benchmark, in C: the same minimal loop as reference.ts — the
 * model configuration of bench/scale/scenarios/shop.yaml hand-coded, the same random streams,
 * the same order of draws, the same accumulator layout. The benchmark compiles it (gcc -O2
 * -ffp-contract=off, so that no multiply-add is fused and the arithmetic stays that of the
 * TypeScript) and checks that it agrees with the engine before comparing speeds. exp, log and
 * sqrt come from the C library, which may round a last bit differently from V8's: a few
 * customers out of a million may then take another branch, so the check allows for that.
 *
 * Usage: reference SEED POPULATION HORIZON REPEATS
 * Prints the time of each repeat in milliseconds on one line, then the accumulator, one value a
 * line.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tychei.h"

/* Random streams: tychei (tychei.h), reseeded in place; keys mixed with a 32-bit finaliser. */

static void reseed(Gen *g, uint32_t hi, uint32_t lo) {
  g->a = hi;
  g->b = lo;
  g->c = 2654435769u;
  g->d = 1367130551u;
  for (int k = 0; k < 20; k++) gen_next(g);
}

static inline uint32_t mix32(uint32_t h) {
  h = (h ^ (h >> 16)) * 0x85ebca6bu;
  h = (h ^ (h >> 13)) * 0xc2b2ae35u;
  return h ^ (h >> 16);
}

static Gen persona, post, walk;

static void seed_block(Gen *g, uint32_t seed, uint32_t block, uint32_t k) {
  uint32_t lo = mix32(mix32(mix32(seed) ^ k) ^ block);
  reseed(g, mix32(lo ^ mix32(block + k)) & 0x1fffffu, lo);
}

static void seed_walk(uint32_t seed, double customer, uint32_t period) {
  uint32_t high = (uint32_t)floor(customer / 4294967296.0);
  uint32_t low = (uint32_t)fmod(customer, 4294967296.0);
  uint32_t hi = mix32(mix32(seed ^ 0x5bd1e995u) ^ high) & 0x1fffffu;
  uint32_t lo = mix32(mix32(seed + 0x9e3779b9u) ^ mix32(low ^ ((period + 1u) * 0x27d4eb2du)));
  reseed(&walk, hi, lo);
}

/* Distributions: the normal quantile (Acklam), gamma (Marsaglia-Tsang), beta. */

static double nq_tail(double p) {
  double q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
  double x = (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q +
              2.938163982698783) /
             ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  return p < 0.5 ? x : -x;
}

static inline double nq(double p) {
  if (p < 0.02425 || p > 1 - 0.02425) return nq_tail(p);
  double q = p - 0.5, r = q * q;
  return ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r +
           2.506628277459239) *
          q) /
         (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
}

static double gamma_draw(double shape) {
  double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);
  for (;;) {
    double x, v;
    do {
      x = nq(uniform(&walk));
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    double w = uniform(&walk);
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (log(w) < 0.5 * x * x + d * (1 - v + log(v))) return d * v;
  }
}

static double beta10(double a, double b) {
  double x = gamma_draw(a), y = gamma_draw(b);
  return 10 * (x / (x + y));
}

/* The configuration of shop.yaml, hand-coded. */

#define BLOCK 1024
#define ND 5
#define NP 4
#define NT 10
enum { PS, PR, HE, DE, QU };
enum { LAND, BROWSE, CHAT, BASKET, CHECKOUT, PAY, FIX, CONFIRM, DELIVER, UNBOX, DONE };
static const double SIGN[ND] = {-1, -1, 1, -1, 1};
static const double SCALE[ND] = {1.5, 3, 1.5, 1, 1.5};
static const int CHANNEL[NT] = {0, 0, 1, 0, 0, 0, 2, 3, 4, 4};
static const double EFFORT[NT] = {0.2, 0.5, 1, 0.3, 0.8, 0.5, 1.5, 0, 0, 0};
static const double COST[NT] = {0, 0, 2, 0, 0, 0.5, 6, 0, 4, 0};
static const double FAIL[NT] = {0, 0, 0, 0, 0.05, 0.03, 0, 0, 0.04, 0};
static const double SEVERITY[NT] = {2, 2, 2, 2, 1.5, 2, 2, 2, 2, 2};
#define FORGIVE 0.95
#define FAIL_EFFORT 1.0
#define SWITCH_EFFORT 1.0
#define REPEAT_EFFORT 1.0
#define MAX_STEPS 60

static double LAND_MU, LAND_SG, BROWSE_MU, BROWSE_SG, CHECKOUT_MU, CHECKOUT_SG, PAY_MU, PAY_SG, DELIVER_MU, DELIVER_SG;
static void logn(double mean, double sd, double *mu, double *sg) {
  double s2 = log(1 + (sd * sd) / (mean * mean));
  *mu = log(mean) - s2 / 2;
  *sg = sqrt(s2);
}

static const double SHARE_CUM[NP] = {0.35, 0.35 + 0.25, 0.35 + 0.25 + 0.25, 1};
static const double EXP[NP][ND][4] = {
    {{5, 3, 1.5, 0.5}, {28, 23, 19, 2}, {5, 6.5, 8, 1}, {6, 4, 2, 1}, {5, 7, 9, 1}},
    {{3.5, 2, 1, 0.4}, {35, 27, 20, 3}, {6, 7, 9, 0.8}, {3, 2, 1, 0.5}, {6, 7.5, 9, 0.8}},
    {{5, 3, 1.5, 0.8}, {30, 25, 20, 2.5}, {6, 7.5, 9, 1}, {5, 3, 2, 1}, {6, 7, 8.5, 1}},
    {{4, 2.5, 1.5, 0.5}, {32, 26, 21, 2}, {6, 7, 8.5, 0.5}, {4, 3, 2, 0.5}, {7, 8, 9.5, 0.5}}};
static double EA[NP * ND], EE[NP * ND], ED[NP * ND], ES[NP * ND], W[NP * ND];
static const double RAW_W[NP][ND] = {{1, 2, 1, 0.7, 1}, {1.5, 0.6, 1, 1.5, 1}, {1, 1, 1.6, 1, 1}, {1, 1, 1, 1, 1.8}};
static const double GAIN[NP * ND] = {1, 1, 1, 1, 1, 0.1, 1, 1, 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.1};
static const double LOSS[NP * ND] = {1, 1, 1, 1, 0.1, 1, 1, 1, 1, 1, 1, 1, 0.1, 1, 1, 1, 1, 1, 1, 1};
#define KAPPA 0.3
static const double LAMBDA[NP] = {2.25, 2.25, 2.5, 2.25};
#define ALPHA 0.88
static const double PATIENCE[NP] = {7, 5, 6, 9};
static const double DEVIATION[NP] = {0.05, 0.03, 0.08, 0.03};
static const double EFFORT_K[NP] = {1 * 0.4, 1.4 * 0.4, 1 * 0.4, 1 * 0.4};
#define DOUBLE_DEV 1.5
static double RETENTION[NP];
static const double LOY_SAT[NP] = {0.5, 0.9, 0.7, 0.9};
#define LOY_EFFORT 1.0
static double EXIT_EASE[NP]; /* e^(-switching cost): {1, 1, 1, e^-0.5} */
static double satRef, noiseLasting, noisePassing;
#define LOY_ABANDON 1.0
static const double RECOMMEND[NP] = {0, 0, 0, 0.8};
static const double ADAPT[NP] = {0.3, 0.3, 0.3, 0.2};
#define NOISE 0.6
#define NOISE_TRAIT 0.7
#define SAT_BIAS 1.1
#define SAT_SLOPE 0.5
#define ABANDON_PENALTY 2.0
#define SCAR 0.3
#define MEMORY_GAIN 0.5
#define RECOMMEND_NOISE 1.2
#define COMPLAINT (-3.0)
#define EFFORT_SCALE 4.0
static const double VALUE[NP] = {22, 45, 30, 38};
#define PEAK 0.25
#define END 0.25
#define AVG 0.5

static void configure(void) {
  for (int p = 0; p < NP; p++) {
    double ws = 0;
    for (int d = 0; d < ND; d++) ws += RAW_W[p][d];
    for (int d = 0; d < ND; d++) {
      EA[p * ND + d] = SIGN[d] * EXP[p][d][0];
      EE[p * ND + d] = SIGN[d] * EXP[p][d][1];
      ED[p * ND + d] = SIGN[d] * EXP[p][d][2];
      ES[p * ND + d] = EXP[p][d][3];
      W[p * ND + d] = (RAW_W[p][d] * ND) / ws;
    }
  }
  const double retention[NP] = {0.7, 0.8, 0.6, 0.9};
  for (int p = 0; p < NP; p++) RETENTION[p] = log(retention[p] / (1 - retention[p]));
  for (int p = 0; p < NP; p++) EXIT_EASE[p] = exp(-(p == 3 ? 0.5 : 0.0));
  satRef = 10 / (1 + exp(-SAT_BIAS));
  noiseLasting = sqrt(NOISE_TRAIT);
  noisePassing = sqrt(1 - NOISE_TRAIT);
  logn(2, 1, &LAND_MU, &LAND_SG);
  logn(2.5, 1.2, &BROWSE_MU, &BROWSE_SG);
  logn(3, 1.5, &CHECKOUT_MU, &CHECKOUT_SG);
  logn(2, 0.8, &PAY_MU, &PAY_SG);
  logn(3, 1.2, &DELIVER_MU, &DELIVER_SG);
}

/* The accumulator, in the engine's layout for this configuration. */
enum { S_N, S_COMPLETED, S_ABANDONED, S_COMPLAINTS, S_SAT, S_SAT2, S_REV, S_REV2, S_COST, S_EFFORT, S_STEPS, S_FAILURES, S_RECOVERED, S_LOST, S_EVALUATIONS, L_OUTCOME };

/* The current customer. */
static double cA[ND], cE[ND], cD[ND], pSum[ND];
static int pN[ND];
static int pd;
static double lambda;
/* 0 while valuing the service a failed visit interrupted: valued, not perceived (no adaptation to it). */
static int perceive = 1;

static inline double value(int d, double level) {
  double g = SIGN[d] * level;
  if (perceive) {
    pSum[d] += g;
    pN[d] += 1;
  }
  double A = cA[d], E = cE[d], D = cD[d], x;
  if (g < A) x = KAPPA * (A - E) + (g - A);
  else if (g > D) x = KAPPA * (D - E) + (g - D);
  else x = KAPPA * (g - E);
  x /= SCALE[d];
  double v = 0;
  if (x > 0) v = GAIN[pd + d] * exp(ALPHA * log(x));
  else if (x < 0) v = -lambda * LOSS[pd + d] * exp(ALPHA * log(-x));
  return W[pd + d] * v;
}

static inline double clamp0(double x) { return x < 0 ? 0 : x; }
static inline double clamp10(double x) { return x < 0 ? 0 : x > 10 ? 10 : x; }

static void run_reference(uint32_t seed, long population, int H, double *total, double *acc, int size) {
  const int csatL = L_OUTCOME + 1, ltrL = csatL + 5, cesL = ltrL + 11, csatChurnL = cesL + 7, periodL = csatChurnL + 5, LTP = periodL + 3 * H, stride = LTP + 10 * NT;
  int visits[NT], tpN[NT];
  double tpU[NT];
  double moments[MAX_STEPS * 2 + 2];
  const int maxMoments = MAX_STEPS * 2 + 2 - 1;
  long blocks = (population + BLOCK - 1) / BLOCK;
  memset(total, 0, sizeof(double) * size);
  for (long block = 0; block < blocks; block++) {
    memset(acc, 0, sizeof(double) * size);
    seed_block(&persona, seed, (uint32_t)block, 0x9e3779b1u);
    seed_block(&post, seed, (uint32_t)block, 0xc2b2ae3du);
    long count = population - block * BLOCK < BLOCK ? population - block * BLOCK : BLOCK;
    for (long c = 0; c < count; c++) {
      double up = uniform(&persona);
      int p = 0;
      while (p < NP - 1 && up >= SHARE_CUM[p]) p++;
      pd = p * ND;
      for (int d = 0; d < ND; d++) {
        double off = nq(uniform(&persona)) * ES[pd + d];
        cA[d] = EA[pd + d] + off;
        cE[d] = EE[pd + d] + off;
        cD[d] = ED[pd + d] + off;
      }
      double trait = nq(uniform(&persona));
      lambda = LAMBDA[p];
      double patience = PATIENCE[p], deviation = DEVIATION[p], effortK = EFFORT_K[p];
      int base = p * stride;
      acc[base + S_N] += 1;
      double cum = 0, cumEffort = 0, revenue = 0, cost = 0;
      int active = 1, csat0 = 0, churnedEver = 0;
      for (int h = 0; h < H; h++) {
        double uSat = uniform(&post), uLtr = uniform(&post), uChurn = uniform(&post), uComplain = uniform(&post);
        uniform(&post); /* the CES answer's noise: drawn always, unused (shop's personas have effortNoise 0) */
        if (!active) continue;
        seed_walk(seed, (double)(block * BLOCK + c), (uint32_t)h);
        int first = h == 0;
        memset(visits, 0, sizeof visits);
        memset(tpU, 0, sizeof tpU);
        memset(tpN, 0, sizeof tpN);
        memset(pSum, 0, sizeof pSum);
        memset(pN, 0, sizeof pN);
        int node = LAND, steps = 0, nMom = 0, failures = 0, recovered = 0, scarred = 0, lastChannel = -1, recoverFrom = -1, failMoment = -1, resumeFrom = -1, outcome = -1,
            abandonedAt = -1;
        double effortTot = 0;
        for (;;) {
          int t = node;
          steps++;
          int tb = base + LTP + t * 10;
          if (first) {
            if (visits[t] == 0) acc[tb] += 1;
            acc[tb + 1] += 1;
          }
          double effort = EFFORT[t];
          if (visits[t] > 0) effort += REPEAT_EFFORT;
          int ch = CHANNEL[t];
          if (lastChannel >= 0 && ch != lastChannel) effort += SWITCH_EFFORT;
          lastChannel = ch;
          visits[t] += 1;
          cost += COST[t];
          int isRecovery = recoverFrom >= 0 && t == FIX;
          int failed = uniform(&walk) < FAIL[t];
          double u = 0;
          /* A failed visit draws its levels as any visit does, and is worth the poorer of the
             failure and the service it interrupted. */
          perceive = !failed;
          {
            switch (t) {
              case LAND: u = value(PS, clamp0(exp(LAND_MU + LAND_SG * nq(uniform(&walk))))); break;
              case BROWSE: u = value(PS, clamp0(exp(BROWSE_MU + BROWSE_SG * nq(uniform(&walk))))); break;
              case CHAT: u = value(HE, clamp10(7 + 1.5 * nq(uniform(&walk)))); break;
              case BASKET: u = value(PR, clamp0(24 + 3 * nq(uniform(&walk)))); break;
              case CHECKOUT: u = value(PS, clamp0(exp(CHECKOUT_MU + CHECKOUT_SG * nq(uniform(&walk))))); break;
              case PAY: u = value(PS, clamp0(exp(PAY_MU + PAY_SG * nq(uniform(&walk))))); break;
              case FIX: u = value(HE, clamp10(6.5 + 2 * nq(uniform(&walk)))); break;
              case CONFIRM: {
                double q = uniform(&walk);
                u = value(DE, clamp0(q < 1.0 / 3 ? 1 + sqrt(q * 3 * 1) : 4 - sqrt((1 - q) * 3 * 2)));
                break;
              }
              case DELIVER: {
                u = value(DE, clamp0(exp(DELIVER_MU + DELIVER_SG * nq(uniform(&walk)))));
                double b = beta10(8, 2);
                u += value(QU, clamp10(b));
                break;
              }
              default: u = value(QU, clamp10(beta10(9, 2)));
            }
          }
          if (failed) {
            double sev = SEVERITY[t];
            if (failures > 0 || isRecovery) sev *= DOUBLE_DEV;
            double f = -lambda * exp(ALPHA * log(sev));
            if (f < u) u = f;
            effort += FAIL_EFFORT;
            failures++;
            if (first) acc[tb + 9] += 1;
          }
          u -= effortK * effort;
          effortTot += effort;
          if (isRecovery && !failed) {
            double q = 0.5 + u / 2;
            if (q < 0) q = 0;
            else if (q > 1) q = 1;
            moments[failMoment] = moments[failMoment] * (1 - FORGIVE * q);
            scarred++;
            if (q == 0) {
              moments[failMoment] = moments[failMoment] * DOUBLE_DEV;
              if (u > moments[failMoment]) u = moments[failMoment];
            } else {
              recovered++;
              if (u > 0) u = 0;
            }
            resumeFrom = recoverFrom;
            recoverFrom = -1;
          } else if (isRecovery) {
            resumeFrom = recoverFrom;
            recoverFrom = -1;
          }
          moments[nMom++] = u;
          if (first) {
            tpU[t] += u;
            tpN[t] += 1;
            if (u < 0) acc[tb + 3] += u;
          }
          double ua = uniform(&walk), lp = u / patience;
          if (t != UNBOX && u < 0 && ua < 1 - exp(-0.6931471805599453 * lp * lp)) {
            abandonedAt = t;
            break;
          }
          double udev = uniform(&walk), unext = uniform(&walk);
          if (failed) {
            recoverFrom = t;
            failMoment = nMom - 1;
            node = FIX;
          } else {
            int src = t == FIX ? resumeFrom : t;
            int off = udev < deviation;
            switch (src) {
              case LAND: node = off ? BASKET : BROWSE; break;
              case BROWSE: node = off ? CHECKOUT : unext < 0.8 / (0.8 + 0.2) ? BASKET : CHAT; break;
              case CHAT: node = unext < 0.7 / (0.7 + 0.3) ? BASKET : BROWSE; break;
              case BASKET: node = off ? LAND : unext < 0.9 / (0.9 + 0.1) ? CHECKOUT : BROWSE; break;
              case CHECKOUT: node = off ? BASKET : PAY; break;
              case PAY: node = CONFIRM; break;
              case CONFIRM: node = DELIVER; break;
              case DELIVER: node = UNBOX; break;
              default: node = DONE;
            }
            if (t == FIX) resumeFrom = -1;
          }
          if (node == DONE) {
            outcome = 0;
            break;
          }
          if (steps >= MAX_STEPS || nMom >= maxMoments) {
            abandonedAt = t;
            if (first) acc[base + S_LOST] += 1;
            break;
          }
        }
        acc[base + S_EVALUATIONS] += steps;
        /* Every visit of shop delivers a dimension every persona notices: all moments are felt. */
        double peak = 0, sumU = 0;
        for (int i = 0; i < nMom; i++) {
          double mm = moments[i];
          sumU += mm;
          if (fabs(mm) > fabs(peak)) peak = mm;
        }
        double endU = nMom > 0 ? moments[nMom - 1] : 0;
        double U = PEAK * peak + END * endU + AVG * (nMom > 0 ? sumU / nMom : 0);
        int completed = outcome == 0;
        if (!completed) U -= ABANDON_PENALTY;
        double z = noiseLasting * trait + noisePassing * nq(uSat);
        double sat = 10 / (1 + exp(-(SAT_BIAS + SAT_SLOPE * U + NOISE * z)));
        double scar = SCAR * scarred;
        double effortX = 6 * (1 - exp(-effortTot / EFFORT_SCALE));
        double effortScore = 1 + effortX;
        int ces = 1 + (int)floor(effortX + 0.5);
        if (ces > 7) ces = 7;
        cum = first ? sat : (1 - MEMORY_GAIN) * cum + MEMORY_GAIN * sat;
        cumEffort = first ? effortScore : (1 - MEMORY_GAIN) * cumEffort + MEMORY_GAIN * effortScore;
        double stay = RETENTION[p] + LOY_SAT[p] * (cum - satRef - scar);
        if (cumEffort > 2) stay -= LOY_EFFORT * (cumEffort - 2);
        if (!completed) stay -= LOY_ABANDON;
        int churned = uChurn < EXIT_EASE[p] / (1 + exp(stay));
        if (completed) revenue += VALUE[p];
        int pb = base + periodL + h * 3;
        acc[pb] += 1;
        acc[pb + 2] += sat;
        if (churned) {
          acc[pb + 1] += 1;
          active = 0;
          churnedEver = 1;
        }
        if (first) {
          int csat = 1 + (int)floor(sat / 2);
          if (csat > 5) csat = 5;
          int ltr = (int)floor(sat + RECOMMEND[p] - scar + RECOMMEND_NOISE * nq(uLtr) + 0.5);
          if (ltr < 0) ltr = 0;
          else if (ltr > 10) ltr = 10;
          int complains = uComplain < 1 / (1 + exp(-COMPLAINT + 0.8 * (sat - 5)));
          acc[base + (completed ? S_COMPLETED : S_ABANDONED)] += 1;
          if (completed) acc[base + L_OUTCOME] += 1;
          if (complains) acc[base + S_COMPLAINTS] += 1;
          acc[base + S_SAT] += sat;
          acc[base + S_SAT2] += sat * sat;
          acc[base + S_EFFORT] += effortTot;
          acc[base + S_STEPS] += steps;
          acc[base + S_FAILURES] += failures;
          acc[base + S_RECOVERED] += recovered;
          acc[base + csatL + csat - 1] += 1;
          csat0 = csat;
          acc[base + ltrL + ltr] += 1;
          acc[base + cesL + ces - 1] += 1;
          if (abandonedAt >= 0) acc[base + LTP + abandonedAt * 10 + 2] += 1;
          for (int t = 0; t < NT; t++) {
            int n = tpN[t];
            if (n == 0) continue;
            double um = tpU[t] / n;
            int tb = base + LTP + t * 10;
            acc[tb + 4] += um;
            acc[tb + 5] += um * um;
            acc[tb + 6] += sat;
            acc[tb + 7] += sat * sat;
            acc[tb + 8] += um * sat;
          }
        }
        double rate = ADAPT[p];
        for (int d = 0; d < ND; d++) {
          int n = pN[d];
          if (n == 0) continue;
          double delta = rate * (pSum[d] / n - cE[d]);
          cA[d] += delta;
          cE[d] += delta;
          cD[d] += delta;
        }
      }
      acc[base + S_REV] += revenue;
      acc[base + S_REV2] += revenue * revenue;
      acc[base + S_COST] += cost;
      if (churnedEver) acc[base + csatChurnL + csat0 - 1] += 1;
    }
    for (int i = 0; i < size; i++) total[i] += acc[i];
  }
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: reference SEED POPULATION HORIZON REPEATS\n");
    return 2;
  }
  uint32_t seed = (uint32_t)strtoul(argv[1], NULL, 10);
  long population = strtol(argv[2], NULL, 10);
  int H = atoi(argv[3]), repeats = atoi(argv[4]);
  configure();
  int size = (L_OUTCOME + 1 + 5 + 11 + 7 + 5 + 3 * H + 10 * NT) * NP;
  double *total = malloc(sizeof(double) * size), *acc = malloc(sizeof(double) * size);
  for (int r = 0; r < repeats; r++) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run_reference(seed, population, H, total, acc, size);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%s%.3f", r == 0 ? "" : " ", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
  }
  printf("\n");
  for (int i = 0; i < size; i++) printf("%.17g\n", total[i]);
  free(total);
  free(acc);
  return 0;
}
