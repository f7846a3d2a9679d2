/* test-round.c: rounding to significant digits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include "lr-round.h"

static void
test_digits (void)
{
  g_assert_cmpfloat (lr_round_significant (0.0123456, 3), ==, 0.0123);
  g_assert_cmpfloat (lr_round_significant (123456, 3), ==, 123000);
  g_assert_cmpfloat (lr_round_significant (-2.71828, 2), ==, -2.7);
  g_assert_cmpfloat (lr_round_significant (9.996, 3), ==, 10);
  g_assert_cmpfloat (lr_round_significant (1.75e-7, 1), ==, 2e-7);
  /* a fan of rates 0.01 · 3^k reads as three digits */
  g_assert_cmpfloat (lr_round_significant (0.01 * pow (3, -1.5), 3), ==, 0.00192);
  g_assert_cmpfloat (lr_round_significant (1.0 / 3, 17), ==, 1.0 / 3);
}

static void
test_special (void)
{
  g_assert_cmpfloat (lr_round_significant (0, 3), ==, 0);
  g_assert_true (isnan (lr_round_significant (NAN, 3)));
  g_assert_true (isinf (lr_round_significant (INFINITY, 3)));
  /* digits out of range are clamped, not undefined */
  g_assert_cmpfloat (lr_round_significant (0.456, 0), ==, 0.5);
  g_assert_cmpfloat (lr_round_significant (0.456, 40), ==, 0.456);
}

/* A decimal comma in the locale changes nothing. */
static void
test_locale (void)
{
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL && setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("no locale with a decimal comma");
      return;
    }
  g_assert_cmpfloat (lr_round_significant (0.0123456, 3), ==, 0.0123);
  setlocale (LC_NUMERIC, "C");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/round/digits", test_digits);
  g_test_add_func ("/round/special", test_special);
  g_test_add_func ("/round/locale", test_locale);
  return g_test_run ();
}
