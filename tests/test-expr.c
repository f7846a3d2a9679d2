/* test-expr.c: formulas — values, exact derivatives, errors with columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "lr-expr.h"
#include "lr-spec.h"

static double
value (const char *formula,
       double      x,
       double      y)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExpr) expr = lr_expr_parse (formula, &error);

  g_assert_no_error (error);
  return lr_expr_value (expr, x, y);
}

static void
test_precedence (void)
{
  g_assert_cmpfloat (value ("-x^2", 3, 0), ==, -9);
  g_assert_cmpfloat (value ("2^3^2", 0, 0), ==, 512);
  g_assert_cmpfloat (value ("2**3**2", 0, 0), ==, 512);
  g_assert_cmpfloat (value ("2^-1", 0, 0), ==, 0.5);
  g_assert_cmpfloat (value ("1-2-3", 0, 0), ==, -4);
  g_assert_cmpfloat (value ("8/4/2", 0, 0), ==, 1);
  g_assert_cmpfloat (value ("2+3*4", 0, 0), ==, 14);
  g_assert_cmpfloat (value ("(2+3)*4", 0, 0), ==, 20);
  g_assert_cmpfloat (value ("--x", 5, 0), ==, 5);
  g_assert_cmpfloat (value ("+x - -y", 1, 2), ==, 3);
  g_assert_cmpfloat (value (" 1.5e-3 * x + .5 ", 1000, 0), ==, 2);
  g_assert_cmpfloat_with_epsilon (value ("pi + e", 0, 0), G_PI + G_E, 1e-15);
  g_assert_cmpfloat_with_epsilon (value ("sin(x)^2 + cos(x)^2", 0.7, 0), 1, 1e-15);
}

typedef struct {
  const char *formula;
  double (*f) (double);
  double (*d1) (double);
  double (*d2) (double);
} Unary;

static double d_sin (double u) { return cos (u); }
static double dd_sin (double u) { return -sin (u); }
static double d_cos (double u) { return -sin (u); }
static double dd_cos (double u) { return -cos (u); }
static double d_tan (double u) { return 1 + tan (u) * tan (u); }
static double dd_tan (double u) { return 2 * tan (u) * (1 + tan (u) * tan (u)); }
static double d_log (double u) { return 1 / u; }
static double dd_log (double u) { return -1 / (u * u); }
static double d_sqrt (double u) { return 0.5 / sqrt (u); }
static double dd_sqrt (double u) { return -0.25 / (u * sqrt (u)); }
static double d_abs (double u) { return u > 0 ? 1 : -1; }
static double zero (double u) { return 0; }
static double d_tanh (double u) { return 1 - tanh (u) * tanh (u); }
static double dd_tanh (double u) { return -2 * tanh (u) * (1 - tanh (u) * tanh (u)); }
static double d_atan (double u) { return 1 / (1 + u * u); }
static double dd_atan (double u) { return -2 * u / ((1 + u * u) * (1 + u * u)); }

/* f(x·y): gradient (f′·y, f′·x), Hessian (f″y², f″xy + f′, f″x²) */
static void
test_functions (void)
{
  const Unary cases[] = {
    { "sin(x*y)", sin, d_sin, dd_sin },
    { "cos(x*y)", cos, d_cos, dd_cos },
    { "tan(x*y)", tan, d_tan, dd_tan },
    { "exp(x*y)", exp, exp, exp },
    { "log(x*y)", log, d_log, dd_log },
    { "sqrt(x*y)", sqrt, d_sqrt, dd_sqrt },
    { "abs(x*y)", fabs, d_abs, zero },
    { "tanh(x*y)", tanh, d_tanh, dd_tanh },
    { "sinh(x*y)", sinh, cosh, sinh },
    { "cosh(x*y)", cosh, sinh, cosh },
    { "atan(x*y)", atan, d_atan, dd_atan },
  };
  const double pts[][2] = { { 0.3, 0.7 }, { 1.1, 0.45 }, { 0.8, 1.3 } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint p = 0; p < G_N_ELEMENTS (pts); p++)
      {
        g_autoptr(LrExpr) expr = lr_expr_parse (cases[i].formula, NULL);
        double x = pts[p][0], y = pts[p][1], u = x * y;
        double g[2], h[3];
        double f = lr_expr_eval (expr, x, y, g, h);
        double d1 = cases[i].d1 (u), d2 = cases[i].d2 (u);

        g_assert_cmpfloat_with_epsilon (f, cases[i].f (u), 1e-14 * (1 + fabs (f)));
        g_assert_cmpfloat_with_epsilon (g[0], d1 * y, 1e-12 * (1 + fabs (g[0])));
        g_assert_cmpfloat_with_epsilon (g[1], d1 * x, 1e-12 * (1 + fabs (g[1])));
        g_assert_cmpfloat_with_epsilon (h[0], d2 * y * y, 1e-12 * (1 + fabs (h[0])));
        g_assert_cmpfloat_with_epsilon (h[1], d2 * x * y + d1, 1e-12 * (1 + fabs (h[1])));
        g_assert_cmpfloat_with_epsilon (h[2], d2 * x * x, 1e-12 * (1 + fabs (h[2])));
      }
}

/* Each operator on x and y: value, gradient and Hessian in closed form. */
static void
check_closed_form (const char   *formula,
                   double        x,
                   double        y,
                   const double  expect[6])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExpr) expr = lr_expr_parse (formula, &error);
  double g[2], h[3], got[6];

  g_assert_no_error (error);
  got[0] = lr_expr_eval (expr, x, y, g, h);
  got[1] = g[0];
  got[2] = g[1];
  got[3] = h[0];
  got[4] = h[1];
  got[5] = h[2];
  for (int i = 0; i < 6; i++)
    if (!(fabs (got[i] - expect[i]) <= 1e-13 * (1 + fabs (expect[i]))))
      g_error ("'%s' at (%g, %g): component %d is %.17g, expected %.17g",
               formula, x, y, i, got[i], expect[i]);
  /* the value-only path agrees */
  g_assert_cmpfloat (fabs (lr_expr_value (expr, x, y) - got[0]), <=, 1e-15 * (1 + fabs (got[0])));
}

static void
test_operators (void)
{
  const double pts[][2] = { { 0.3, 0.7 }, { 1.7, 2.25 }, { 2.5, -1.5 }, { 0.9, 3 } };

  for (guint p = 0; p < G_N_ELEMENTS (pts); p++)
    {
      double x = pts[p][0], y = pts[p][1];
      double lx = log (x), px = pow (x, y);

      check_closed_form ("x + y", x, y, (double[]) { x + y, 1, 1, 0, 0, 0 });
      check_closed_form ("x - y", x, y, (double[]) { x - y, 1, -1, 0, 0, 0 });
      check_closed_form ("x * y", x, y, (double[]) { x * y, y, x, 0, 1, 0 });
      check_closed_form ("x / y", x, y,
                         (double[]) { x / y, 1 / y, -x / (y * y), 0, -1 / (y * y), 2 * x / (y * y * y) });
      check_closed_form ("-(x*y)", x, y, (double[]) { -x * y, -y, -x, 0, -1, 0 });
      check_closed_form ("-x + -y", x, y, (double[]) { -x - y, -1, -1, 0, 0, 0 });
      /* squares and cubes: both variables, the cross term */
      check_closed_form ("(x*y)^2", x, y,
                         (double[]) { x * x * y * y, 2 * x * y * y, 2 * x * x * y, 2 * y * y, 4 * x * y, 2 * x * x });
      check_closed_form ("x^3 - y**3", x, y,
                         (double[]) { x * x * x - y * y * y, 3 * x * x, -3 * y * y, 6 * x, 0, -6 * y });
      check_closed_form ("x^4*y", x, y,
                         (double[]) { pow (x, 4) * y, 4 * pow (x, 3) * y, pow (x, 4),
                                      12 * x * x * y, 4 * pow (x, 3), 0 });
      check_closed_form ("x^1 + y^0", x, y, (double[]) { x + 1, 1, 0, 0, 0, 0 });
      check_closed_form ("x^2.5", x, y,
                         (double[]) { pow (x, 2.5), 2.5 * pow (x, 1.5), 0, 3.75 * pow (x, 0.5), 0, 0 });
      check_closed_form ("x^-2", x, y,
                         (double[]) { pow (x, -2), -2 * pow (x, -3), 0, 6 * pow (x, -4), 0, 0 });
      /* a constant base: d/dy 2^y = ln2·2^y */
      check_closed_form ("2^x", x, y,
                         (double[]) { pow (2, x), G_LN2 * pow (2, x), 0, G_LN2 * G_LN2 * pow (2, x), 0, 0 });
      check_closed_form ("3^(x*y)", x, y,
                         (double[]) { pow (3, x * y), log (3) * y * pow (3, x * y), log (3) * x * pow (3, x * y),
                                      log (3) * log (3) * y * y * pow (3, x * y),
                                      log (3) * pow (3, x * y) * (1 + log (3) * x * y),
                                      log (3) * log (3) * x * x * pow (3, x * y) });
      /* variable base and exponent */
      if (x > 0)
        {
          double e[6] = {
            px, y * pow (x, y - 1), px * lx,
            y * (y - 1) * pow (x, y - 2), pow (x, y - 1) * (1 + y * lx), px * lx * lx,
          };

          check_closed_form ("x^y", x, y, e);
          check_closed_form ("x**y", x, y, e);
        }
    }
}

/* Gradient and Hessian of a mixed formula against central differences. */
static void
test_finite_differences (void)
{
  const char *formulas[] = {
    "(1 - x)^2 + 100*(y - x^2)^2",
    "sin(3*x)*cos(2*y) + exp(-x^2 - y^2) / (1 + x^2)",
    "x^y + y^x",
    "sqrt(x^2 + y^2 + 1) * atan(x - y) - log(2 + cosh(x*y))",
    "(x^3 - 2*x*y + y^4) / (3 + tanh(x + y))",
  };
  guint32 state = 12345;

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrExpr) expr = lr_expr_parse (formulas[i], &error);

      g_assert_no_error (error);
      for (int k = 0; k < 200; k++)
        {
          double x, y, g[2], h[3], gp[2], gm[2];
          double eps = 1e-6;

          state = state * 1664525u + 1013904223u;
          x = 0.2 + 1.6 * (state >> 8) / 16777216.0;
          state = state * 1664525u + 1013904223u;
          y = 0.2 + 1.6 * (state >> 8) / 16777216.0;

          lr_expr_eval (expr, x, y, g, h);
          {
            double fx = (lr_expr_value (expr, x + eps, y) - lr_expr_value (expr, x - eps, y)) / (2 * eps);
            double fy = (lr_expr_value (expr, x, y + eps) - lr_expr_value (expr, x, y - eps)) / (2 * eps);

            g_assert_cmpfloat_with_epsilon (g[0], fx, 1e-6 * (1 + fabs (fx)));
            g_assert_cmpfloat_with_epsilon (g[1], fy, 1e-6 * (1 + fabs (fy)));
          }
          lr_expr_eval (expr, x + eps, y, gp, NULL);
          lr_expr_eval (expr, x - eps, y, gm, NULL);
          g_assert_cmpfloat_with_epsilon (h[0], (gp[0] - gm[0]) / (2 * eps), 1e-5 * (1 + fabs (h[0])));
          g_assert_cmpfloat_with_epsilon (h[1], (gp[1] - gm[1]) / (2 * eps), 1e-5 * (1 + fabs (h[1])));
          lr_expr_eval (expr, x, y + eps, gp, NULL);
          lr_expr_eval (expr, x, y - eps, gm, NULL);
          g_assert_cmpfloat_with_epsilon (h[2], (gp[1] - gm[1]) / (2 * eps), 1e-5 * (1 + fabs (h[2])));
          /* the value path and the dual path agree */
          g_assert_cmpfloat_with_epsilon (lr_expr_eval (expr, x, y, NULL, h), lr_expr_value (expr, x, y),
                                          1e-13 * (1 + fabs (lr_expr_value (expr, x, y))));
        }
    }
}

static double
lcg_uniform (guint32 *state,
             double   lo,
             double   hi)
{
  *state = *state * 1664525u + 1013904223u;
  return lo + (hi - lo) * (*state >> 8) / 16777216.0;
}

/* Every function and operator, over [−2, 2]², where each formula is smooth:
 * central differences with steps scaled to |x| and |y|. */
static void
test_finite_differences_all (void)
{
  const char *formulas[] = {
    "sin(x*y) + cos(x - 2*y)",
    "tan(0.4*x + 0.3*y) * y",
    "exp(0.5*x*y) - x/(3 + y)",
    "log(1 + x^2 + y^2) + sqrt(2 + x*y/3)",
    "abs(x - y + 5) * atan(x*y) + abs(-3 - x)",
    "tanh(x*y) + sinh(x/2)*cosh(y/2)",
    "-x^2 + 2^-y - (x + y)**3 / 7 + 8/4/2*y",
    "(x^2 + 1)^(0.3*y) + abs(x)^2.5^0.4 + abs(y)^3",
    "1 / (1 + (x - y)^2) - y^4 * x^-2 * 0.01 + e^x / pi",
  };
  guint32 state = 2024;

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrExpr) expr = lr_expr_parse (formulas[i], &error);
      double worst = 0;

      g_assert_no_error (error);
      for (int k = 0; k < 400; k++)
        {
          double x = lcg_uniform (&state, -2, 2), y = lcg_uniform (&state, -2, 2);
          double g[2], h[3], f, gp[2], gm[2];
          double hx = 1e-5 * MAX (1, fabs (x)), hy = 1e-5 * MAX (1, fabs (y));
          double fd[5], exact[5];

          /* x^-2 is singular at 0: keep the stencil away */
          if (fabs (x) < 0.1)
            continue;
          f = lr_expr_eval (expr, x, y, g, h);
          g_assert_true (isfinite (f));
          fd[0] = (lr_expr_value (expr, x + hx, y) - lr_expr_value (expr, x - hx, y)) / (2 * hx);
          fd[1] = (lr_expr_value (expr, x, y + hy) - lr_expr_value (expr, x, y - hy)) / (2 * hy);
          lr_expr_eval (expr, x + hx, y, gp, NULL);
          lr_expr_eval (expr, x - hx, y, gm, NULL);
          fd[2] = (gp[0] - gm[0]) / (2 * hx);
          fd[3] = (gp[1] - gm[1]) / (2 * hx);
          lr_expr_eval (expr, x, y + hy, gp, NULL);
          lr_expr_eval (expr, x, y - hy, gm, NULL);
          fd[4] = (gp[1] - gm[1]) / (2 * hy);
          exact[0] = g[0];
          exact[1] = g[1];
          exact[2] = h[0];
          exact[3] = h[1];
          exact[4] = h[2];
          /* the Hessian is symmetric: ∂fy/∂x = ∂fx/∂y */
          g_assert_cmpfloat_with_epsilon ((gp[0] - gm[0]) / (2 * hy), h[1], 1e-5 * (1 + fabs (h[1])));
          for (int c = 0; c < 5; c++)
            {
              double err = fabs (fd[c] - exact[c]) / (1 + fabs (exact[c]));

              worst = MAX (worst, err);
              if (!(err <= 1e-6))
                g_error ("'%s' at (%.17g, %.17g): derivative %d exact %.17g, differences %.17g",
                         formulas[i], x, y, c, exact[c], fd[c]);
            }
        }
      g_test_message ("%s: worst relative difference %.2e", formulas[i], worst);
    }
}

static void
test_subgradients (void)
{
  g_autoptr(LrExpr) a = lr_expr_parse ("abs(x) + sqrt(y^2)", NULL);
  double g[2], h[3];
  double f = lr_expr_eval (a, 0, 0, g, h);

  g_assert_cmpfloat (f, ==, 0);
  for (int i = 0; i < 2; i++)
    g_assert_true (isfinite (g[i]));
  for (int i = 0; i < 3; i++)
    g_assert_true (isfinite (h[i]));

  /* the same kinks written as powers: finite, with sqrt's subgradient 0 */
  {
    const char *kinks[] = {
      "(x^2 + y^2)^0.5", "abs(x)^1.5 + abs(y)^0.5", "sqrt(x)", "x^0.5 * y^0.25",
      "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2)))", "-20*exp(-0.2*(0.5*(x^2 + y^2))^0.5)",
      "sqrt(abs(x*y))", "abs(x) + abs(y)^3",
    };

    for (guint i = 0; i < G_N_ELEMENTS (kinks); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(LrExpr) k = lr_expr_parse (kinks[i], &error);

        g_assert_no_error (error);
        f = lr_expr_eval (k, 0, 0, g, h);
        if (!isfinite (f) || !isfinite (g[0]) || !isfinite (g[1]) ||
            !isfinite (h[0]) || !isfinite (h[1]) || !isfinite (h[2]))
          g_error ("'%s' at (0, 0): f %g, gradient (%g, %g), Hessian (%g, %g, %g)",
                   kinks[i], f, g[0], g[1], h[0], h[1], h[2]);
        g_assert_cmpfloat (f, ==, lr_expr_value (k, 0, 0));
        g_assert_cmpfloat (g[0], ==, 0);
        g_assert_cmpfloat (g[1], ==, 0);
      }
  }

  /* 0^y for y > 0 is 0 on a whole half-line: derivative 0 there */
  {
    g_autoptr(LrExpr) z = lr_expr_parse ("0^y", NULL);

    g_assert_cmpfloat (lr_expr_eval (z, 0, 1.5, g, h), ==, 0);
    g_assert_cmpfloat (g[1], ==, 0);
    g_assert_cmpfloat (h[2], ==, 0);
  }

  /* a variable base and exponent at a zero base: x^y near (0, 1.5) is
   * 0 + O(|x|^1.5), so its gradient and Hessian there are 0 */
  {
    g_autoptr(LrExpr) z = lr_expr_parse ("x^y + (x*y)^(y + 1)", NULL);

    g_assert_cmpfloat (lr_expr_eval (z, 0, 1.5, g, h), ==, 0);
    for (int i = 0; i < 2; i++)
      g_assert_cmpfloat (g[i], ==, 0);
    for (int i = 0; i < 3; i++)
      g_assert_cmpfloat (h[i], ==, 0);
  }

  /* a negative base with an integer exponent: d/dx x^y = y·x^(y−1) is
   * defined (only d/dy, ln of a negative number, is not) */
  {
    g_autoptr(LrExpr) n = lr_expr_parse ("x^y", NULL);

    g_assert_cmpfloat (lr_expr_eval (n, -2, 3, g, h), ==, -8);
    g_assert_cmpfloat_with_epsilon (g[0], 12, 1e-13);
    g_assert_cmpfloat_with_epsilon (h[0], -12, 1e-13);
    g_assert_true (isnan (g[1]));
  }
}

/* Constant subexpressions are folded and constant operands taken inline:
 * the value is still the same IEEE arithmetic, in the same order, as the
 * formula written out in C. */
static void
test_constants (void)
{
  const double xs[] = { 0.3, -1.75, 7, 1e-3 };
  const double big = 9007199254740992.0;  /* 2^53: x + 1 + 2 is not x + 3 */

  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    {
      double x = xs[i], y = 0.5 * xs[i] + 0.25;

      g_assert_cmpfloat (value ("2 - x", x, y), ==, 2 - x);
      g_assert_cmpfloat (value ("x - 2", x, y), ==, x - 2);
      g_assert_cmpfloat (value ("2 / x", x, y), ==, 2 / x);
      g_assert_cmpfloat (value ("x / 3", x, y), ==, x / 3);
      g_assert_cmpfloat (value ("x * (1/3)", x, y), ==, x * (1.0 / 3));
      g_assert_cmpfloat (value ("x + 0.1*3", x, y), ==, x + 0.1 * 3);
      g_assert_cmpfloat (value ("0.1*3 + x", x, y), ==, 0.1 * 3 + x);
      g_assert_cmpfloat (value ("(1 + 2)*x*y", x, y), ==, 3 * x * y);
      g_assert_cmpfloat (value ("sin(pi/6)*x - y/e", x, y), ==, sin (G_PI / 6) * x - y / G_E);
      g_assert_cmpfloat (value ("2^x", x, y), ==, pow (2, x));
      g_assert_cmpfloat (value ("2^-1*x", x, y), ==, 0.5 * x);
      g_assert_cmpfloat (value ("-2^2*x", x, y), ==, -4 * x);
      g_assert_cmpfloat (value ("x^1", x, y), ==, x);
      g_assert_cmpfloat (value ("y^2", x, y), ==, y * y);
      g_assert_cmpfloat (value ("abs(x)^0.5", x, y), ==, pow (fabs (x), 0.5));
      g_assert_cmpfloat (value ("exp(log(2)*x)", x, y), ==, exp (log (2) * x));
      g_assert_cmpfloat (value ("1/(1 + x^2)", x, y), ==, 1 / (1 + x * x));
      g_assert_cmpfloat (value ("100*(y - x^2)^2 + (1 - x)^2", x, y),
                         ==, 100 * ((y - x * x) * (y - x * x)) + (1 - x) * (1 - x));
    }
  g_assert_cmpfloat (value ("x + 1 + 2", big, 0), ==, (big + 1) + 2);
  g_assert_cmpfloat (value ("x + 1 + 2", big, 0), !=, big + 3);
  g_assert_cmpfloat (value ("x + (1 + 2)", big, 0), ==, big + 3);
  g_assert_cmpfloat (value ("pi", 0, 0), ==, G_PI);
  g_assert_cmpfloat (value ("-(-(3))", 0, 0), ==, 3);
  g_assert_cmpfloat (value ("2^3^2 / 8", 0, 0), ==, 64);
  g_assert_cmpfloat (value ("x^0", NAN, 0), ==, 1);

  /* constant operands with exact derivatives, and constants alone */
  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    {
      double x = xs[i], y = 0.5 * xs[i] + 0.25, u = x * y;

      check_closed_form ("3 - x*y", x, y, (double[]) { 3 - u, -y, -x, 0, -1, 0 });
      check_closed_form ("x*y - 3", x, y, (double[]) { u - 3, y, x, 0, 1, 0 });
      check_closed_form ("5*(x*y)", x, y, (double[]) { 5 * u, 5 * y, 5 * x, 0, 5, 0 });
      check_closed_form ("(x*y)/4", x, y, (double[]) { u / 4, y / 4, x / 4, 0, 0.25, 0 });
      check_closed_form ("6/(x*y)", x, y,
                         (double[]) { 6 / u, -6 * y / (u * u), -6 * x / (u * u),
                                      12 * y * y / (u * u * u), 6 / (u * u), 12 * x * x / (u * u * u) });
      check_closed_form ("(x*y)^2", x, y,
                         (double[]) { u * u, 2 * u * y, 2 * u * x, 2 * y * y, 4 * u, 2 * x * x });
      check_closed_form ("3^(x*y)", x, y,
                         (double[]) { pow (3, u), log (3) * y * pow (3, u), log (3) * x * pow (3, u),
                                      log (3) * log (3) * y * y * pow (3, u),
                                      log (3) * pow (3, u) * (1 + log (3) * u),
                                      log (3) * log (3) * x * x * pow (3, u) });
      check_closed_form ("sqrt(2)*pi + 0*x", x, y, (double[]) { sqrt (2) * G_PI, 0, 0, 0, 0, 0 });
    }
}

/* The value with derivatives is the value alone, also where a power has a
 * negative base. */
static void
test_value_paths (void)
{
  const char *formulas[] = {
    "x^y", "(x - y)^(y + 1)", "2^x - x^3", "x/y - y/x", "-x^y^2",
    /* sqrt(−0) is −0: its reciprocal −inf, with derivatives too */
    "sqrt(-0*x)^-1", "sqrt((-x^-3^32*y)* 4 ^-y)^-5",
  };
  const double pts[][2] = {
    { -2, 3 }, { 1.5, -2 }, { -0.5, 2 }, { 3, 1 }, { 0.25, 4 }, { -7.25, -0.125 }, { 2, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autoptr(LrExpr) expr = lr_expr_parse (formulas[i], NULL);

      for (guint p = 0; p < G_N_ELEMENTS (pts); p++)
        {
          double g[2], h[3];
          double v = lr_expr_value (expr, pts[p][0], pts[p][1]);
          double w = lr_expr_eval (expr, pts[p][0], pts[p][1], g, h);

          if (!(v == w || (isnan (v) && isnan (w))))
            g_error ("'%s' at (%g, %g): value %.17g, with derivatives %.17g",
                     formulas[i], pts[p][0], pts[p][1], v, w);
        }
    }
}

/* Row-at-a-time values are the point values: bit for bit without exp(),
 * sin() and cos(), to rounding with them; NaN where they are NaN. */
static void
test_value_grid (void)
{
  const char *formulas[] = {
    "7", "x", "y", "x*y", "x^2", "y^3 - 2", "sin(3*x)*cos(3*y)+0.1*(x^2+y^2)",
    "x^y", "(x - y)^(y + 1)", "2^x - x^3", "x/y - y/x", "-x^y^2", "log(x) + sqrt(y)",
    "tan(x)*tanh(y) - atan(x*y) + sinh(x)/cosh(y) + abs(x - y)", "1/(x^2 + 1) + 2/y",
    "exp(-(x^2 + y^2))", "exp(x*40) - exp(y)", "sin(x) + sin(x)*y + cos(x^2 + 1)*cos(y)",
    "(x + 1)^2.5 * y^4 / 3 - 4^x",
  };
  const guint nx = 37, ny = 23;
  double xs[37], ys[23], out[37 * 23];

  for (guint k = 0; k < nx; k++)
    xs[k] = -20 + 40.0 * k / (nx - 1) + 0.125;
  xs[5] = 0;
  xs[6] = -0.0;
  for (guint k = 0; k < ny; k++)
    ys[k] = 3 - 6.0 * k / (ny - 1);
  ys[3] = NAN;
  ys[4] = INFINITY;

  for (guint f = 0; f < G_N_ELEMENTS (formulas); f++)
    {
      g_autoptr(LrExpr) expr = lr_expr_parse (formulas[f], NULL);
      /* exp, sin and cos of rows are the array versions, within two ulps;
       * later operations may magnify that relative to the result */
      gboolean approx = strstr (formulas[f], "exp") != NULL || strstr (formulas[f], "sin(") != NULL ||
                        strstr (formulas[f], "cos(") != NULL;

      g_assert_nonnull (expr);
      g_assert_true (lr_expr_value_grid (expr, xs, nx, ys, ny, out));
      for (guint j = 0; j < ny; j++)
        for (guint k = 0; k < nx; k++)
          {
            double v = lr_expr_value (expr, xs[k], ys[j]);
            double g = out[j * nx + k];
            gboolean same = memcmp (&v, &g, sizeof v) == 0 || (isnan (v) && isnan (g)) ||
                            (approx && fabs (g - v) <= 1e-14 * (fabs (v) + 1));

            if (!same)
              g_error ("'%s' at (%.17g, %.17g): grid %.17g, point %.17g",
                       formulas[f], xs[k], ys[j], g, v);
          }
    }
}

/* Thousands of operands deep and a wide row: the rows would not fit, and
 * the grid says so instead of allocating them. */
static void
test_value_grid_limits (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LrExpr) expr = NULL;
  const guint depth = 12000, nx = 1920;
  g_autofree double *xs = g_new0 (double, nx);
  g_autofree double *out = g_new0 (double, nx);
  double y = 1;

  for (guint k = 0; k < depth; k++)
    g_string_append (text, "x+(");
  g_string_append (text, "y");
  for (guint k = 0; k < depth; k++)
    g_string_append_c (text, ')');
  expr = lr_expr_parse (text->str, NULL);
  g_assert_nonnull (expr);
  out[0] = 42;
  g_assert_false (lr_expr_value_grid (expr, xs, nx, &y, 1, out));
  g_assert_cmpfloat (out[0], ==, 42);
  /* a narrow row fits */
  g_assert_true (lr_expr_value_grid (expr, xs, 4, &y, 1, out));
  g_assert_cmpfloat (out[0], ==, lr_expr_value (expr, 0, 1));
}

static void
check_error (const char *formula,
             const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExpr) expr = lr_expr_parse (formula, &error);

  g_assert_null (expr);
  g_assert_error (error, LR_ERROR, LR_ERROR_FORMULA);
  if (strstr (error->message, fragment) == NULL)
    g_error ("formula '%s': message '%s' lacks '%s'", formula, error->message, fragment);
}

static void
test_errors (void)
{
  check_error ("", "column 1: the formula is empty");
  check_error ("   ", "column 1: the formula is empty");
  check_error ("x +", "column 4: expected a number, x, y or '(' at the end");
  check_error ("foo(x)", "column 1: unknown name 'foo'; known: x, y, pi, e, sin");
  check_error ("x + z", "column 5: unknown name 'z'");
  check_error ("2x", "column 2: expected an operator before 'x' (write 2*x, not 2x)");
  check_error ("x (y)", "column 3: expected an operator before '('");
  check_error ("(x + y", "column 7: expected ')' to close '(' at column 1");
  check_error ("x + (y * (2 - x)", "expected ')' to close '(' at column 5");
  check_error ("x + y)", "column 6: unexpected ')' without a matching '('");
  check_error ("()", "column 2: expected a number, x, y or '(' before ')'");
  check_error ("x * * y", "column 5: expected a number");
  check_error ("sin x", "column 5: expected '(' after the function 'sin'");
  check_error ("x $ y", "column 3: expected an operator or ')' but found '$'");
  check_error ("x + \x01", "byte 0x01");
  check_error ("1e999", "column 1: number '1e999' is out of range");
  /* columns point at the offending token, not at the start */
  check_error ("x + (y * (2 - x)", "column 17: expected ')' to close '(' at column 5");
  check_error ("sin(x", "column 6: expected ')' to close '(' at column 4");
  check_error ("((x)", "column 5: expected ')' to close '(' at column 1");
  check_error ("(x))", "column 4: unexpected ')'");
  check_error (")", "column 1: expected a number, x, y or '(' before ')'");
  check_error ("sin()", "column 5: expected a number, x, y or '(' before ')'");
  check_error ("x ^", "column 4: expected a number, x, y or '(' at the end");
  check_error ("x ^ / y", "column 5: expected a number");
  check_error ("sin", "column 4: expected '(' after the function 'sin'");
  check_error ("1 + cosh + 2", "column 10: expected '(' after the function 'cosh'");
  check_error ("x y", "column 3: expected an operator before 'y'");
  check_error ("3.5.2", "column 4: expected an operator before '.'");
  check_error ("2 pi", "column 3: expected an operator before 'p'");
  check_error ("x + y;", "column 6: expected an operator or ')' but found ';'");
  check_error ("x + \xc3\xa9", "column 5: expected a number, x, y, a function or '(' but found byte 0xc3");
  check_error ("x # y", "column 3: expected an operator or ')' but found '#'");
  check_error ("x +\n\t  )", "column 8: expected a number, x, y or '(' before ')'");
  check_error ("log(x) + X", "column 10: unknown name 'X'");
  check_error ("x_1 * 2", "column 1: unknown name 'x_1'");
  check_error ("x * 1e", "column 6: expected an operator before 'e'");

  /* the unknown-name message lists every name a formula may use */
  {
    static const char *const known[] = {
      "x", "y", "pi", "e", "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh",
      "cosh", "atan",
    };
    g_autoptr(GError) error = NULL;
    g_autoptr(LrExpr) expr = lr_expr_parse ("2*arcsin(x)", &error);
    const char *list;

    g_assert_null (expr);
    g_assert_error (error, LR_ERROR, LR_ERROR_FORMULA);
    g_assert_true (g_str_has_prefix (error->message, "column 3: unknown name 'arcsin'; known: "));
    list = strstr (error->message, "known: ") + strlen ("known: ");
    {
      g_auto(GStrv) names = g_strsplit (list, ", ", -1);

      g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (known));
      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        g_assert_true (g_strv_contains ((const char *const *) names, known[i]));
    }
  }
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  GString *deep = g_string_new (NULL);
  g_autofree char *huge = g_strnfill (1024 * 1024, '(');
  LrExpr *expr;

  /* 30,000 nested parentheses parse and evaluate without recursion */
  for (int i = 0; i < 30000; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "x+1");
  for (int i = 0; i < 30000; i++)
    g_string_append_c (deep, ')');
  expr = lr_expr_parse (deep->str, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lr_expr_value (expr, 2, 0), ==, 3);
  {
    double g[2], h[3];

    g_assert_cmpfloat (lr_expr_eval (expr, 2, 5, g, h), ==, 3);
    g_assert_cmpfloat (g[0], ==, 1);
    g_assert_cmpfloat (g[1], ==, 0);
    g_assert_cmpfloat (h[0], ==, 0);
  }
  lr_expr_free (expr);

  /* 200,000 levels and a 1 MB formula: the length limit, at once */
  g_string_truncate (deep, 0);
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '(');
  expr = lr_expr_parse (deep->str, &error);
  g_assert_null (expr);
  g_assert_error (error, LR_ERROR, LR_ERROR_FORMULA);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);
  expr = lr_expr_parse (huge, &error);
  g_assert_null (expr);
  g_assert_error (error, LR_ERROR, LR_ERROR_FORMULA);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);

  /* both refusals cost no more than reading the text: a thousand of them
   * (a gigabyte scanned) well within the test's time */
  {
    gint64 t0 = g_get_monotonic_time ();
    double seconds;

    for (int i = 0; i < 1000; i++)
      {
        g_assert_null (lr_expr_parse (i % 2 ? huge : deep->str, NULL));
      }
    seconds = (g_get_monotonic_time () - t0) / 1e6;
    g_test_message ("1000 over-long formulas refused in %.3f s", seconds);
    g_assert_cmpfloat (seconds, <, 10);
  }

  /* exactly the limit is accepted, one byte more is not */
  g_string_truncate (deep, 0);
  g_string_append (deep, "x");
  while (deep->len < LR_EXPR_MAX_LENGTH)
    g_string_append_c (deep, ' ');
  expr = lr_expr_parse (deep->str, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lr_expr_value (expr, 7, 0), ==, 7);
  lr_expr_free (expr);
  g_string_append_c (deep, ' ');
  expr = lr_expr_parse (deep->str, &error);
  g_assert_null (expr);
  g_assert_error (error, LR_ERROR, LR_ERROR_FORMULA);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);

  /* the longest chains of the limit's length: one sum of 21,000 terms and
   * 32,000 unary minus signs */
  g_string_truncate (deep, 0);
  g_string_append (deep, "x");
  for (int i = 0; i < 21000; i++)
    g_string_append (deep, "+y");
  expr = lr_expr_parse (deep->str, &error);
  g_assert_no_error (error);
  {
    double g[2], h[3];

    g_assert_cmpfloat (lr_expr_eval (expr, 1, 2, g, h), ==, 42001);
    g_assert_cmpfloat (g[0], ==, 1);
    g_assert_cmpfloat (g[1], ==, 21000);
    g_assert_cmpfloat (h[0], ==, 0);
  }
  lr_expr_free (expr);
  g_string_truncate (deep, 0);
  for (int i = 0; i < 32000; i++)
    g_string_append_c (deep, '-');
  g_string_append (deep, "-x^2");
  expr = lr_expr_parse (deep->str, &error);
  g_assert_no_error (error);
  {
    double g[2], h[3];

    /* 32,001 minus signs: an odd count */
    g_assert_cmpfloat (lr_expr_eval (expr, 3, 0, g, h), ==, -9);
    g_assert_cmpfloat (g[0], ==, -6);
    g_assert_cmpfloat (h[0], ==, -2);
  }
  lr_expr_free (expr);
  g_string_free (deep, TRUE);
}

static gpointer
eval_thread (gpointer data)
{
  const LrExpr *expr = data;
  double sum = 0;

  for (int i = 0; i < 20000; i++)
    {
      double g[2], h[3];
      sum += lr_expr_eval (expr, i * 1e-4, 1 - i * 1e-4, g, h) + g[0] + h[1];
    }
  return g_memdup2 (&sum, sizeof sum);
}

static void
test_threads_and_copy (void)
{
  g_autoptr(LrExpr) expr = lr_expr_parse ("sin(x)*exp(y) + x^3/(1 + y^2)", NULL);
  g_autoptr(LrExpr) copy = lr_expr_copy (expr);
  GThread *a = g_thread_new ("a", eval_thread, expr);
  GThread *b = g_thread_new ("b", eval_thread, expr);
  g_autofree double *ra = g_thread_join (a);
  g_autofree double *rb = g_thread_join (b);

  g_assert_cmpfloat (*ra, ==, *rb);
  g_assert_cmpstr (lr_expr_get_text (copy), ==, lr_expr_get_text (expr));
  g_assert_cmpfloat (lr_expr_value (copy, 0.3, 0.2), ==, lr_expr_value (expr, 0.3, 0.2));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/expr/precedence", test_precedence);
  g_test_add_func ("/expr/functions", test_functions);
  g_test_add_func ("/expr/operators", test_operators);
  g_test_add_func ("/expr/finite-differences", test_finite_differences);
  g_test_add_func ("/expr/finite-differences-all", test_finite_differences_all);
  g_test_add_func ("/expr/subgradients", test_subgradients);
  g_test_add_func ("/expr/constants", test_constants);
  g_test_add_func ("/expr/value-paths", test_value_paths);
  g_test_add_func ("/expr/value-grid", test_value_grid);
  g_test_add_func ("/expr/value-grid-limits", test_value_grid_limits);
  g_test_add_func ("/expr/errors", test_errors);
  g_test_add_func ("/expr/limits", test_limits);
  g_test_add_func ("/expr/threads-and-copy", test_threads_and_copy);

  return g_test_run ();
}
