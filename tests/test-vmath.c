/* test-vmath.c: the array exp(), sin() and cos() against libm's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>

#include "lr-vmath.h"

/* two units in the last place */
#define MAX_REL_ERROR (2 * DBL_EPSILON)

static void
check_against_libm (const double *t,
                    gsize         n)
{
  g_autofree double *v = g_memdup2 (t, n * sizeof *t);

  lr_vexp (v, n);
  for (gsize i = 0; i < n; i++)
    {
      double want = exp (t[i]);

      if (isnan (want) ? !isnan (v[i]) :
          !(v[i] == want || fabs (v[i] - want) <= MAX_REL_ERROR * want))
        g_error ("exp(%.17g): %.17g, libm %.17g", t[i], v[i], want);
    }
}

static void
test_range (void)
{
  const gsize n = 200003;   /* not a multiple of the lanes: the tail too */
  g_autofree double *t = g_new (double, n);
  g_autoptr(GRand) rng = g_rand_new_with_seed (11);

  /* every binade the reduction sees, evenly and at random */
  for (gsize i = 0; i < n; i++)
    t[i] = i % 2 ? -745 + 1455.0 * i / n : g_rand_double_range (rng, -40, 40);
  check_against_libm (t, n);
  for (gsize i = 0; i < n; i++)
    t[i] = g_rand_double_range (rng, -1e-6, 1e-6);
  check_against_libm (t, n);
}

static void
test_special (void)
{
  /* each in a block of eight so that the vector path meets it */
  const double special[] = {
    0, -0.0, 1, -1, NAN, INFINITY, -INFINITY, 709.0, 709.5, 709.79, 710, 1e300, -708.0,
    -708.5, -744, -745.2, -746, -1e300, DBL_MIN, -DBL_MIN, 0.5 * G_LN2, -0.5 * G_LN2,
  };
  double block[8];

  for (gsize s = 0; s < G_N_ELEMENTS (special); s++)
    {
      for (int k = 0; k < 8; k++)
        block[k] = k == s % 8 ? special[s] : 0.25 * k;
      check_against_libm (block, 8);
      check_against_libm (&special[s], 1);
    }
  check_against_libm (special, G_N_ELEMENTS (special));
}

typedef void (*ArrayFunc) (double *, gsize);

static void
check_trig (ArrayFunc    f,
            double     (*ref) (double),
            const char  *name,
            const double *t,
            gsize         n)
{
  g_autofree double *v = g_memdup2 (t, n * sizeof *t);

  f (v, n);
  for (gsize i = 0; i < n; i++)
    {
      double want = ref (t[i]);

      /* two ulps of the value, or of 1e-16 near a zero */
      if (isnan (want) ? !isnan (v[i]) :
          !(v[i] == want || fabs (v[i] - want) <= 2 * DBL_EPSILON * MAX (fabs (want), 0.1)))
        g_error ("%s(%.17g): %.17g, libm %.17g", name, t[i], v[i], want);
    }
}

static void
test_trig (void)
{
  const gsize n = 200003;
  g_autofree double *t = g_new (double, n);
  g_autoptr(GRand) rng = g_rand_new_with_seed (12);
  const double special[] = {
    0, -0.0, NAN, INFINITY, -INFINITY, G_PI, -G_PI, G_PI / 2, G_PI / 4, 3 * G_PI / 4,
    1e5, -1e5, 1e5 + 1, 1e6, 1e22, -1e300, 1e-300, DBL_MIN, 355, 103993, 1.5707963267948966,
  };
  double block[8];

  for (gsize i = 0; i < n; i++)
    t[i] = i % 3 == 0 ? g_rand_double_range (rng, -10, 10)
         : i % 3 == 1 ? g_rand_double_range (rng, -2e5, 2e5)
         : (i - n / 2) * (G_PI / 4) * 0.999999;
  check_trig (lr_vsin, sin, "sin", t, n);
  check_trig (lr_vcos, cos, "cos", t, n);
  for (gsize s = 0; s < G_N_ELEMENTS (special); s++)
    {
      for (int k = 0; k < 8; k++)
        block[k] = k == s % 8 ? special[s] : 0.3 * k;
      check_trig (lr_vsin, sin, "sin", block, 8);
      check_trig (lr_vcos, cos, "cos", block, 8);
    }
  check_trig (lr_vsin, sin, "sin", special, G_N_ELEMENTS (special));
  check_trig (lr_vcos, cos, "cos", special, G_N_ELEMENTS (special));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vmath/exp-range", test_range);
  g_test_add_func ("/vmath/exp-special", test_special);
  g_test_add_func ("/vmath/sin-cos", test_trig);

  return g_test_run ();
}
