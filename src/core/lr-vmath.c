/* lr-vmath.c: elementwise maths on arrays, for values computed by the million
 *
 * exp() for heatmaps: libm's is a function call per value with a table
 * lookup; here eight values at a time go through the same few vector
 * operations (GCC/Clang vector extensions, so SSE2 on x86-64, NEON on
 * ARM64), which the compiler cannot do with the library call.
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

static void
vexp_portable (double *v,
               gsize   n)
{
  vexp_body (v, n);
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
#endif

void
lr_vexp (double *v,
         gsize   n)
{
#ifdef LR_VMATH_AVX2
  static gsize use_avx2 = 0;

  if (g_once_init_enter (&use_avx2))
    {
      __builtin_cpu_init ();
      g_once_init_leave (&use_avx2, __builtin_cpu_supports ("avx2") ? 2 : 1);
    }
  if (use_avx2 == 2)
    {
      vexp_avx2 (v, n);
      return;
    }
#endif
  vexp_portable (v, n);
}
