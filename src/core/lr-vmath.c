/* lr-vmath.c: elementwise maths on arrays, for values computed by the million
 *
 * exp(), sin() and cos() for heatmaps: libm's are a function call per
 * value with branches and table lookups; here eight values at a time go
 * through the same few vector operations (GCC/Clang vector extensions, so
 * SSE2 or AVX2 on x86-64, NEON on ARM64), which the compiler cannot do with
 * the library calls.  Arguments outside the range the reductions handle
 * exactly go to libm.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lr-vmath.h"

#define LANES 8

typedef double VecD __attribute__ ((vector_size (LANES * sizeof (double))));
typedef uint64_t VecU __attribute__ ((vector_size (LANES * sizeof (uint64_t))));
typedef float VecF __attribute__ ((vector_size (LANES * sizeof (float))));
typedef int32_t VecI __attribute__ ((vector_size (LANES * sizeof (int32_t))));

/* Inside this range 2^k is a normal double for every k the reduction gives. */
#define EXP_LOW  -708.0
#define EXP_HIGH  709.0

/* exp(t) = 2^k · exp(r), k = round(t / ln 2), |r| ≤ ln 2 / 2, with ln 2 in
 * two parts (Cody–Waite) and exp(r) by its Taylor polynomial of degree 13,
 * whose truncation error is below 1e-17 there.  Adding 1.5·2^52 rounds
 * t / ln 2 to an integer and leaves that integer in the low bits. */
static inline __attribute__ ((always_inline)) void
vexp_body (double *v,
           gsize   n)
{
  const double shift = 0x1.8p52;
  gsize i = 0;

  for (; i + LANES <= n; i += LANES)
    {
      VecD t, kf, r, r2, r4, r8, a0, a1, a2, a3, a4, a5, b0, b1, b2, p, scale;
      VecU kbits, sbits;
      gboolean in_range = TRUE;

      for (int l = 0; l < LANES; l++)
        in_range &= v[i + l] >= EXP_LOW && v[i + l] <= EXP_HIGH;
      if (G_UNLIKELY (!in_range))
        {
          for (int l = 0; l < LANES; l++)
            v[i + l] = exp (v[i + l]);
          continue;
        }

      memcpy (&t, v + i, sizeof t);
      kf = t * 1.4426950408889634 + shift;
      memcpy (&kbits, &kf, sizeof kbits);
      kf = kf - shift;
      r = t - kf * 6.93147180369123816490e-01;
      r = r - kf * 1.90821492927058770002e-10;

      /* exp(r) = 1 + (r + r²·P(r)), P in Estrin's scheme: a few short
       * chains of operations instead of one long one, and 1 added last so
       * that only one rounding falls on the leading digits */
      r2 = r * r;
      r4 = r2 * r2;
      r8 = r4 * r4;
      a0 = 1.0 / 2 + r * (1.0 / 6);
      a1 = 1.0 / 24 + r * (1.0 / 120);
      a2 = 1.0 / 720 + r * (1.0 / 5040);
      a3 = 1.0 / 40320 + r * (1.0 / 362880);
      a4 = 1.0 / 3628800 + r * (1.0 / 39916800);
      a5 = 1.0 / 479001600 + r * (1.0 / 6227020800);
      b0 = a0 + a1 * r2;
      b1 = a2 + a3 * r2;
      b2 = a4 + a5 * r2;
      p = (b0 + b1 * r4) + b2 * r8;
      p = 1.0 + (r + r2 * p);

      /* k sits in the low bits in two's complement: adding the bias and
       * shifting drops everything above it */
      sbits = (kbits + 1023) << 52;
      memcpy (&scale, &sbits, sizeof scale);
      t = p * scale;
      memcpy (v + i, &t, sizeof t);
    }
  for (; i < n; i++)
    v[i] = exp (v[i]);
}

/* Below this |x| the three-part reduction by π/2 is exact to far more
 * bits than a double holds. */
#define TRIG_MAX 1e5

/* sin(x) (@cosine FALSE) or cos(x) = sin(x + π/2): k = round(x·2/π), r = x −
 * k·π/2 with π/2 in three parts of 33 bits and a tail (fdlibm's), so each
 * k·part is exact; then fdlibm's polynomials for sin and cos on
 * [−π/4, π/4], and the quadrant (k mod 4) picks one and its sign. */
static inline __attribute__ ((always_inline)) void
vtrig_body (double   *v,
            gsize     n,
            gboolean  cosine)
{
  const double shift = 0x1.8p52;
  const double pio2_1 = 1.57079632673412561417e+00, pio2_2 = 6.07710050630396597660e-11;
  const double pio2_3 = 2.02226624871116645580e-21, pio2_3t = 8.47842766036889956997e-32;
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03;
  const double S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06;
  const double S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03;
  const double C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07;
  const double C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  gsize i = 0;

  for (; i + LANES <= n; i += LANES)
    {
      VecD x, kf, r, z, w, hz, sn, cs, res;
      VecU kbits, q, pick, sbits, cbits, rbits;
      gboolean in_range = TRUE;

      for (int l = 0; l < LANES; l++)
        in_range &= fabs (v[i + l]) <= TRIG_MAX;
      if (G_UNLIKELY (!in_range))
        {
          for (int l = 0; l < LANES; l++)
            v[i + l] = cosine ? cos (v[i + l]) : sin (v[i + l]);
          continue;
        }

      memcpy (&x, v + i, sizeof x);
      kf = x * 6.36619772367581382433e-01 + shift;
      memcpy (&kbits, &kf, sizeof kbits);
      kf = kf - shift;
      r = x - kf * pio2_1;
      r = r - kf * pio2_2;
      r = r - kf * pio2_3;
      r = r - kf * pio2_3t;

      z = r * r;
      w = z * z;
      /* sin r = r + r³·(S1 + z·S2 + …), split in two halves of the polynomial */
      sn = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
      sn = r + z * r * (S1 + z * sn);
      /* cos r = 1 − z/2 + z²·(C1 + …), 1 − z/2 formed in two steps */
      cs = (C1 + z * (C2 + z * C3)) + w * z * (C4 + z * (C5 + z * C6));
      hz = 0.5 * z;
      res = 1.0 - hz;
      cs = res + (((1.0 - res) - hz) + w * cs);

      /* quadrant: 1 and 3 take the cosine, 2 and 3 flip the sign */
      q = kbits + (VecU) { cosine, cosine, cosine, cosine, cosine, cosine, cosine, cosine };
      pick = -(q & 1);
      memcpy (&sbits, &sn, sizeof sbits);
      memcpy (&cbits, &cs, sizeof cbits);
      rbits = (sbits & ~pick) | (cbits & pick);
      rbits ^= (q & 2) << 62;
      memcpy (&res, &rbits, sizeof res);
      memcpy (v + i, &res, sizeof res);
    }
  for (; i < n; i++)
    v[i] = cosine ? cos (v[i]) : sin (v[i]);
}

/* tanh as a rational function of odd degree 13 over even degree 6 on
 * [−7.905, 7.905] (outside, ±1 to float precision); x itself below 4e-4.
 * The coefficients are Eigen's (generic_fast_tanh_float).  Lanes are
 * selected by masks, so there is no branch and NaN stays NaN. */
#define TANH_CLAMP 7.90531110763549805f
#define TANH_TINY  0.0004f

static inline __attribute__ ((always_inline)) void
tanh_lanes (VecF *xp)
{
  const VecF zero = { 0 };
  VecF x = *xp;
  VecI above = x > TANH_CLAMP, below = x < -TANH_CLAMP, tiny = (x < TANH_TINY) & (x > -TANH_TINY);
  VecF c, c2, p, q, r;

  c = (VecF) (((VecI) (zero + TANH_CLAMP) & above) | ((VecI) x & ~above));
  c = (VecF) (((VecI) (zero - TANH_CLAMP) & below) | ((VecI) c & ~below));
  c2 = c * c;
  p = zero - 2.76076847742355e-16f;
  p = p * c2 + 2.00018790482477e-13f;
  p = p * c2 - 8.60467152213735e-11f;
  p = p * c2 + 5.12229709037114e-08f;
  p = p * c2 + 1.48572235717979e-05f;
  p = p * c2 + 6.37261928875436e-04f;
  p = p * c2 + 4.89352455891786e-03f;
  p = p * c;
  q = zero + 1.19825839466702e-06f;
  q = q * c2 + 1.18534705686654e-04f;
  q = q * c2 + 2.26843463243900e-03f;
  q = q * c2 + 4.89352518554385e-03f;
  r = p / q;
  *xp = (VecF) (((VecI) x & tiny) | ((VecI) r & ~tiny));
}

static inline __attribute__ ((always_inline)) void
vtanhf_body (float *v,
             gsize  n)
{
  gsize i = 0;

  for (; i + LANES <= n; i += LANES)
    {
      VecF x;

      memcpy (&x, v + i, sizeof x);
      tanh_lanes (&x);
      memcpy (v + i, &x, sizeof x);
    }
  if (i < n)
    {
      VecF x = { 0 };

      memcpy (&x, v + i, (n - i) * sizeof (float));
      tanh_lanes (&x);
      memcpy (v + i, &x, (n - i) * sizeof (float));
    }
}

static void
vtanhf_portable (float *v,
                 gsize  n)
{
  vtanhf_body (v, n);
}

static void
vexp_portable (double *v,
               gsize   n)
{
  vexp_body (v, n);
}

static void
vtrig_portable (double   *v,
                gsize     n,
                gboolean  cosine)
{
  vtrig_body (v, n, cosine);
}

/* On x86-64 a second copy for CPUs with AVX2 does four lanes per
 * instruction; the CPU is asked once. */
#if defined(__x86_64__) && defined(__GNUC__)
#define LR_VMATH_AVX2 1

__attribute__ ((target ("avx2"))) static void
vexp_avx2 (double *v,
           gsize   n)
{
  vexp_body (v, n);
}

__attribute__ ((target ("avx2"))) static void
vtanhf_avx2 (float *v,
             gsize  n)
{
  vtanhf_body (v, n);
}

__attribute__ ((target ("avx2"))) static void
vtrig_avx2 (double   *v,
            gsize     n,
            gboolean  cosine)
{
  vtrig_body (v, n, cosine);
}
#endif

static gboolean
use_avx2 (void)
{
#ifdef LR_VMATH_AVX2
  static gsize answer = 0;

  if (g_once_init_enter (&answer))
    {
      __builtin_cpu_init ();
      g_once_init_leave (&answer, __builtin_cpu_supports ("avx2") ? 2 : 1);
    }
  return answer == 2;
#else
  return FALSE;
#endif
}

void
lr_vexp (double *v,
         gsize   n)
{
#ifdef LR_VMATH_AVX2
  if (use_avx2 ())
    {
      vexp_avx2 (v, n);
      return;
    }
#endif
  vexp_portable (v, n);
}

static void
vtrig (double   *v,
       gsize     n,
       gboolean  cosine)
{
#ifdef LR_VMATH_AVX2
  if (use_avx2 ())
    {
      vtrig_avx2 (v, n, cosine);
      return;
    }
#endif
  vtrig_portable (v, n, cosine);
}

void
lr_vsin (double *v,
         gsize   n)
{
  vtrig (v, n, FALSE);
}

void
lr_vcos (double *v,
         gsize   n)
{
  vtrig (v, n, TRUE);
}

void
lr_vtanhf (float *v,
           gsize  n)
{
#ifdef LR_VMATH_AVX2
  if (use_avx2 ())
    {
      vtanhf_avx2 (v, n);
      return;
    }
#endif
  vtanhf_portable (v, n);
}
