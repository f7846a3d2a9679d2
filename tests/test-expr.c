/* test-expr.c: formulas — values, exact derivatives, errors with columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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
  check_error ("1e999", "out of range");
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
  g_assert_nonnull (strstr (error->message, "too long"));
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
  g_test_add_func ("/expr/finite-differences", test_finite_differences);
  g_test_add_func ("/expr/subgradients", test_subgradients);
  g_test_add_func ("/expr/errors", test_errors);
  g_test_add_func ("/expr/limits", test_limits);
  g_test_add_func ("/expr/threads-and-copy", test_threads_and_copy);

  return g_test_run ();
}
