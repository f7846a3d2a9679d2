/* test-surface.c: built-in and formula surfaces, their derivatives and metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "lr-surface.h"
#include "lr-trajectory.h"

/* Every built-in, several with non-default parameters. */
static const char *const builtin_specs[] = {
  "bowl",
  "bowl:kappa=250,theta=37",
  "bowl:kappa=0.5,theta=-120",
  "bowl:kappa=3,theta=90",
  "rosenbrock",
  "rosenbrock:a=-1.5,b=20",
  "rosenbrock:a=0.3,b=1000",
  "rosenbrock:a=2,b=0",
  "beale",
  "himmelblau",
  "booth",
  "saddle",
  "rastrigin",
  "ackley",
  "goldstein_price",
  "six_hump_camel",
  "styblinski_tang",
  "matyas",
  "three_hump_camel",
  "mccormick",
  "catapult",
};

static LrSurface *
make (const char *spec)
{
  g_autoptr(GError) error = NULL;
  LrSurface *surface = lr_surface_new (spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (surface);
  return surface;
}

static void
random_point (GRand       *rng,
              const LrBox *box,
              double      *x,
              double      *y)
{
  *x = g_rand_double_range (rng, box->xmin, box->xmax);
  *y = g_rand_double_range (rng, box->ymin, box->ymax);
}

static double
value_at (const LrSurface *s,
          const double     p[2])
{
  return lr_surface_eval (s, p[0], p[1], NULL, NULL);
}

static void
grad_at (const LrSurface *s,
         const double     p[2],
         double           g[2])
{
  lr_surface_eval (s, p[0], p[1], g, NULL);
}

/* ---- kinds ------------------------------------------------------------ */

static void
test_kinds (void)
{
  static const char *const names[] = {
    "bowl", "rosenbrock", "beale", "himmelblau", "booth", "saddle", "rastrigin", "ackley",
    "goldstein_price", "six_hump_camel", "styblinski_tang", "matyas", "three_hump_camel",
    "mccormick", "catapult", "expr",
  };
  guint n = 0;
  const LrKindInfo *kinds = lr_surface_kinds (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (kinds[i].name, ==, names[i]);
      g_assert_nonnull (kinds[i].blurb);
      g_assert_cmpuint (strlen (kinds[i].blurb), >, 5);
      g_assert_true (g_utf8_validate (kinds[i].blurb, -1, NULL));
      for (guint j = 0; j < kinds[i].n_params; j++)
        {
          const LrParamInfo *p = &kinds[i].params[j];

          g_assert_cmpint (p->type, ==, LR_PARAM_FLOAT);
          g_assert_true (p->def >= p->min && p->def <= p->max);
          g_assert_nonnull (p->blurb);
        }
      if (!g_str_equal (names[i], "expr"))
        {
          g_autoptr(LrSurface) s = make (names[i]);

          g_assert_cmpstr (lr_surface_get_name (s), ==, names[i]);
        }
    }

  g_assert_cmpstr (kinds[n - 1].blurb, ==, "a formula in x and y");
  g_assert_cmpuint (kinds[n - 1].n_params, ==, 0);
  g_assert_cmpuint (kinds[2].n_params, ==, 0);

  /* bowl: kappa in (0, 1e6], theta in [−360, 360] degrees */
  g_assert_cmpuint (kinds[0].n_params, ==, 2);
  g_assert_cmpstr (kinds[0].params[0].key, ==, "kappa");
  g_assert_cmpfloat (kinds[0].params[0].def, ==, 10);
  g_assert_cmpfloat (kinds[0].params[0].min, ==, 0);
  g_assert_true (kinds[0].params[0].flags & LR_PARAM_FLAG_MIN_EXCLUSIVE);
  g_assert_cmpfloat (kinds[0].params[0].max, ==, 1e6);
  g_assert_cmpstr (kinds[0].params[1].key, ==, "theta");
  g_assert_cmpfloat (kinds[0].params[1].def, ==, 0);
  g_assert_cmpfloat (kinds[0].params[1].min, ==, -360);
  g_assert_cmpfloat (kinds[0].params[1].max, ==, 360);
  /* rosenbrock: a in [−100, 100], b in [0, 1e6] */
  g_assert_cmpuint (kinds[1].n_params, ==, 2);
  g_assert_cmpstr (kinds[1].params[0].key, ==, "a");
  g_assert_cmpfloat (kinds[1].params[0].def, ==, 1);
  g_assert_cmpfloat (kinds[1].params[0].min, ==, -100);
  g_assert_cmpfloat (kinds[1].params[0].max, ==, 100);
  g_assert_cmpstr (kinds[1].params[1].key, ==, "b");
  g_assert_cmpfloat (kinds[1].params[1].def, ==, 100);
  g_assert_cmpfloat (kinds[1].params[1].min, ==, 0);
  g_assert_false (kinds[1].params[1].flags & LR_PARAM_FLAG_MIN_EXCLUSIVE);
  g_assert_cmpfloat (kinds[1].params[1].max, ==, 1e6);
}

/* ---- derivatives against finite differences --------------------------- */

/* Fourth-order central differences: f'(t) ≈ (f(t−2h) − 8f(t−h) + 8f(t+h)
 * − f(t+2h)) / 12h, with h scaled to |t|.  Truncation is O(h⁴), rounding
 * O(ε·|f|/h); h = 2⁻¹²·max(1, |t|) balances the two for these surfaces. */
static double
step_for (double t)
{
  return ldexp (MAX (1.0, fabs (t)), -12);
}

static double
fd_value (const LrSurface *s,
          const double     p[2],
          int              axis,
          double           h)
{
  double q[4][2];
  double f[4];
  const double off[4] = { -2, -1, 1, 2 };

  for (int i = 0; i < 4; i++)
    {
      q[i][0] = p[0];
      q[i][1] = p[1];
      q[i][axis] += off[i] * h;
      f[i] = value_at (s, q[i]);
    }
  return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
}

static void
fd_grad (const LrSurface *s,
         const double     p[2],
         int              axis,
         double           h,
         double           out[2])
{
  double g[4][2];
  const double off[4] = { -2, -1, 1, 2 };

  for (int i = 0; i < 4; i++)
    {
      double q[2] = { p[0], p[1] };

      q[axis] += off[i] * h;
      grad_at (s, q, g[i]);
    }
  for (int k = 0; k < 2; k++)
    out[k] = (g[0][k] - 8 * g[1][k] + 8 * g[2][k] - g[3][k]) / (12 * h);
}

typedef struct {
  double grad_err;   /* worst normalised gradient error */
  double hess_err;   /* worst normalised Hessian error */
  guint  n_points;
} FdReport;

/* Compares the analytic derivatives at (x, y) with finite differences.  The
 * error allowed is @tol relative to the size of what is compared (plus 1, an
 * absolute floor) plus the rounding noise of the difference quotient,
 * 64·ε·(|f| + 1)/h for the gradient and 64·ε·(‖g‖ + 1)/h for the Hessian;
 * rep gets the worst error over allowed error (≤ 1 passes).  The differences
 * are taken of @fd_s, normally @s itself. */
static void
check_point (const LrSurface *s,
             const LrSurface *fd_s,
             double           x,
             double           y,
             double           tol,
             FdReport        *rep)
{
  const double p[2] = { x, y };
  double g[2], h[3], f;
  double hs[2] = { step_for (x), step_for (y) };
  double exact[2][2], gnorm, hnorm;

  f = lr_surface_eval (s, x, y, g, h);
  g_assert_true (isfinite (f) && isfinite (g[0]) && isfinite (g[1]));
  g_assert_true (isfinite (h[0]) && isfinite (h[1]) && isfinite (h[2]));
  gnorm = hypot (g[0], g[1]);
  hnorm = fabs (h[0]) + 2 * fabs (h[1]) + fabs (h[2]);
  exact[0][0] = h[0];
  exact[0][1] = exact[1][0] = h[1];
  exact[1][1] = h[2];

  for (int axis = 0; axis < 2; axis++)
    {
      double allowed_g = tol * (gnorm + 1) + 64 * DBL_EPSILON * (fabs (f) + 1) / hs[axis];
      double allowed_h = tol * (hnorm + 1) + 64 * DBL_EPSILON * (gnorm + 1) / hs[axis];
      double fdh[2];

      /* ∂f/∂axis against the difference quotient of f */
      rep->grad_err = MAX (rep->grad_err, fabs (fd_value (fd_s, p, axis, hs[axis]) - g[axis]) / allowed_g);
      /* the Hessian row ∂g/∂axis against the difference quotient of g */
      fd_grad (fd_s, p, axis, hs[axis], fdh);
      for (int k = 0; k < 2; k++)
        rep->hess_err = MAX (rep->hess_err, fabs (fdh[k] - exact[axis][k]) / allowed_h);
    }
  rep->n_points++;
}

static void
check_derivatives (const char *spec,
                   guint       n_points,
                   double      tol)
{
  g_autoptr(LrSurface) s = make (spec);
  g_autoptr(GRand) rng = g_rand_new_with_seed (g_str_hash (spec));
  const LrPoint *minima;
  guint n_minima = lr_surface_get_minima (s, &minima);
  FdReport rep = { 0, 0, 0 };
  gboolean is_ackley = g_str_equal (lr_surface_get_name (s), "ackley");
  LrBox view;
  double x0, y0;

  lr_surface_get_view (s, &view);
  lr_surface_get_start (s, &x0, &y0);
  check_point (s, s, x0, y0, tol, &rep);
  for (guint i = 0; i < n_minima; i++)
    if (!(is_ackley && minima[i].x == 0 && minima[i].y == 0))
      check_point (s, s, minima[i].x, minima[i].y, tol, &rep);

  while (rep.n_points < n_points)
    {
      double x, y;

      random_point (rng, &view, &x, &y);
      /* Ackley's cone tip is not differentiable: keep the stencil off it. */
      if (is_ackley && hypot (x, y) < 0.05)
        continue;
      check_point (s, s, x, y, tol, &rep);
    }

  g_test_message ("%-28s %u points: worst error / allowed: gradient %.2g, Hessian %.2g",
                  spec, rep.n_points, rep.grad_err, rep.hess_err);
  if (!(rep.grad_err <= 1) || !(rep.hess_err <= 1))
    g_error ("%s: derivative error above the allowed (tolerance %.0e): gradient %.3f, Hessian %.3f",
             spec, tol, rep.grad_err, rep.hess_err);
}

/* Whether @specs names the surface kind @name (alone or with parameters). */
static gboolean
covers_kind (const char *const *specs,
             guint              n_specs,
             const char        *name)
{
  for (guint i = 0; i < n_specs; i++)
    {
      gsize len = strlen (name);

      if (strncmp (specs[i], name, len) == 0 && (specs[i][len] == '\0' || specs[i][len] == ':'))
        return TRUE;
    }
  return FALSE;
}

static void
test_derivatives (void)
{
  guint n_kinds;
  const LrKindInfo *kinds = lr_surface_kinds (&n_kinds);

  /* every built-in kind is checked, the ones with parameters also with others */
  for (guint k = 0; k < n_kinds; k++)
    if (!g_str_equal (kinds[k].name, "expr") &&
        !covers_kind (builtin_specs, G_N_ELEMENTS (builtin_specs), kinds[k].name))
      g_error ("surface kind '%s' is missing from the derivative checks", kinds[k].name);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_specs); i++)
    check_derivatives (builtin_specs[i], 250, 1e-8);
}

/* The derivative check notices derivatives off by 1e-6: booth's analytic
 * derivatives against the differences of booth + 1e-6·sin(3x + 2y). */
static void
test_derivative_check_sensitivity (void)
{
  g_autoptr(LrSurface) exact = make ("booth");
  g_autoptr(LrSurface) same = make ("expr:(x + 2*y - 7)^2 + (2*x + y - 5)^2");
  g_autoptr(LrSurface) off = make ("expr:(x + 2*y - 7)^2 + (2*x + y - 5)^2 + 1e-6*sin(3*x + 2*y)");
  g_autoptr(GRand) rng = g_rand_new_with_seed (3);
  FdReport rep_same = { 0, 0, 0 }, rep_off = { 0, 0, 0 };
  LrBox view;

  lr_surface_get_view (exact, &view);
  for (int k = 0; k < 50; k++)
    {
      double x, y;

      random_point (rng, &view, &x, &y);
      check_point (exact, same, x, y, 1e-8, &rep_same);
      check_point (exact, off, x, y, 1e-8, &rep_off);
    }
  g_assert_cmpfloat (rep_same.grad_err, <=, 1);
  g_assert_cmpfloat (rep_same.hess_err, <=, 1);
  g_assert_cmpfloat (rep_off.grad_err, >, 2);
  g_assert_cmpfloat (rep_off.hess_err, >, 2);
}

/* lr_surface_value() is the same function as lr_surface_eval(). */
static void
test_value_matches_eval (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_specs); i++)
    {
      g_autoptr(LrSurface) s = make (builtin_specs[i]);
      LrBox view;

      lr_surface_get_view (s, &view);
      for (int k = 0; k < 500; k++)
        {
          double x, y, g[2], h[3], v, e, e2;

          random_point (rng, &view, &x, &y);
          v = lr_surface_value (s, x, y);
          e = lr_surface_eval (s, x, y, g, h);
          e2 = lr_surface_eval (s, x, y, NULL, NULL);
          g_assert_cmpfloat (e, ==, e2);
          if (fabs (v - e) > 4 * DBL_EPSILON * (fabs (e) + 1))
            g_error ("%s (%g, %g): value %.17g, eval %.17g", builtin_specs[i], x, y, v, e);
        }
    }
}

/* The grid form hoists terms of one coordinate; it must agree with the
 * point form to rounding, everywhere in the view and a little beyond. */
static void
test_value_grid (void)
{
  const char *const formulas[] = {
    "expr:sin(3*x)*cos(3*y)+0.1*(x^2+y^2)", "expr:exp(-(x^2+y^2))*x", "expr:log(x)+y",
  };
  const guint nx = 97, ny = 41;
  g_autofree double *xs = g_new (double, nx);
  g_autofree double *ys = g_new (double, ny);
  g_autofree double *out = g_new (double, nx * ny);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_specs) + G_N_ELEMENTS (formulas); i++)
    {
      const char *spec = i < G_N_ELEMENTS (builtin_specs) ? builtin_specs[i]
                         : formulas[i - G_N_ELEMENTS (builtin_specs)];
      g_autoptr(LrSurface) s = make (spec);
      LrBox view;
      double scale = 0;

      lr_surface_get_view (s, &view);
      for (guint k = 0; k < nx; k++)
        xs[k] = view.xmin - 0.5 + (view.xmax - view.xmin + 1) * k / (nx - 1);
      for (guint k = 0; k < ny; k++)
        ys[k] = view.ymax + 0.5 - (view.ymax - view.ymin + 1) * k / (ny - 1);
      lr_surface_value_grid (s, xs, nx, ys, ny, out);

      for (guint k = 0; k < nx * ny; k++)
        if (isfinite (out[k]))
          scale = MAX (scale, fabs (out[k]));
      for (guint j = 0; j < ny; j++)
        for (guint k = 0; k < nx; k++)
          {
            double v = lr_surface_value (s, xs[k], ys[j]);
            double g = out[j * nx + k];

            if ((isnan (v) && isnan (g)) || v == g)
              continue;
            if (!(fabs (g - v) <= 1e-14 * (fabs (v) + scale)))
              g_error ("%s (%.17g, %.17g): grid %.17g, point %.17g", spec, xs[k], ys[j], g, v);
          }
    }

  /* nothing to do is nothing written */
  {
    g_autoptr(LrSurface) s = make ("bowl");

    out[0] = 42;
    lr_surface_value_grid (s, xs, 0, ys, ny, out);
    lr_surface_value_grid (s, xs, nx, ys, 0, out);
    g_assert_cmpfloat (out[0], ==, 42);
  }
}

/* ---- values by hand --------------------------------------------------- */

static void
check_value (const char *spec,
             double      x,
             double      y,
             double      expect,
             double      tol)
{
  g_autoptr(LrSurface) s = make (spec);
  double f = lr_surface_eval (s, x, y, NULL, NULL);

  if (!(fabs (f - expect) <= tol))
    g_error ("%s (%g, %g) = %.17g, expected %.17g", spec, x, y, f, expect);
}

static void
test_values (void)
{
  const double t = 1e-12;

  check_value ("bowl", 1, 1, 5.5, t);
  check_value ("bowl:kappa=4,theta=90", 1, 0, 2, 0);         /* u = 0, v = −1 */
  check_value ("bowl:kappa=4,theta=90", 0, 1, 0.5, 0);
  check_value ("bowl:kappa=9,theta=45", 1, 1, 1, t);          /* u = √2, v = 0 */
  check_value ("bowl:kappa=9,theta=45", -1, 1, 9, t);         /* u = 0, v = √2 */
  check_value ("rosenbrock", 1, 1, 0, 0);
  check_value ("rosenbrock", -1.5, 2, 12.5, t);
  check_value ("rosenbrock:a=2,b=10", 0, 0, 4, 0);
  check_value ("rosenbrock:a=2,b=10", 2, 4, 0, 0);
  check_value ("rosenbrock:a=-1,b=0.5", 0, 1, 1.5, t);
  check_value ("beale", 3, 0.5, 0, 0);
  check_value ("beale", 0, 0, 14.203125, 0);
  check_value ("beale", 1, 2, 126.453125, 0);               /* 2.5² + 5.25² + 9.625² */
  check_value ("himmelblau", 3, 2, 0, 0);
  check_value ("himmelblau", 0, 0, 170, 0);
  check_value ("booth", 1, 3, 0, 0);
  check_value ("booth", 0, 0, 74, 0);
  check_value ("saddle", 3, 2, 5, 0);
  check_value ("rastrigin", 0, 0, 0, 0);
  check_value ("rastrigin", 0.5, 0.5, 40.5, t);
  check_value ("rastrigin", 1, -2, 5, t);
  check_value ("ackley", 0, 0, 0, 1e-15);
  check_value ("ackley", 1, 0, 20 - 20 * exp (-0.2 * sqrt (0.5)), t);
  check_value ("goldstein_price", 0, -1, 3, 0);
  check_value ("goldstein_price", 0, 0, 600, 0);
  check_value ("goldstein_price", 1, 1, 1876, 0);             /* (1 + 3²·3)·(30 + 1²·37) */
  check_value ("six_hump_camel", 0, 0, 0, 0);
  check_value ("six_hump_camel", 1, 1, 97.0 / 30, t);
  check_value ("styblinski_tang", 0, 0, 0, 0);
  check_value ("styblinski_tang", 1, 1, -10, t);
  check_value ("matyas", 1, 1, 0.04, t);
  check_value ("matyas", 0, 0, 0, 0);
  check_value ("three_hump_camel", 1, 1, 2 - 1.05 + 1.0 / 6 + 2, t);
  check_value ("mccormick", 0, 0, 1, 0);
  check_value ("mccormick", 0.5 - G_PI / 3, -0.5 - G_PI / 3, -sqrt (3) / 2 - G_PI / 3, t);
  check_value ("mccormick", -0.54719, -1.54719, -1.9133, 1e-4);
  check_value ("six_hump_camel", 0.0898, -0.7126, -1.0316, 1e-4);
  check_value ("six_hump_camel", -0.0898, 0.7126, -1.0316, 1e-4);
  check_value ("styblinski_tang", -2.903534, -2.903534, -78.332, 1e-3);
  check_value ("himmelblau", -2.805118, 3.131312, 0, 1e-9);
  check_value ("three_hump_camel", 0, 0, 0, 0);
}

/* ---- Ackley's cone tip ------------------------------------------------ */

static void
test_ackley_origin (void)
{
  g_autoptr(LrSurface) s = make ("ackley");
  const double tiny[][2] = {
    { 1e-300, 0 }, { 0, -1e-300 }, { 5e-324, 5e-324 }, { -1e-160, 3e-170 }, { 1e-8, 1e-8 },
  };
  double g[2], h[3], f;

  f = lr_surface_eval (s, 0, 0, g, h);
  g_assert_cmpfloat (fabs (f), <=, 1e-15);
  g_assert_cmpfloat (lr_surface_value (s, 0, 0), ==, f);
  /* the subgradient 0 */
  g_assert_cmpfloat (g[0], ==, 0);
  g_assert_cmpfloat (g[1], ==, 0);
  /* documented choice: the Hessian of the smooth cosine term alone */
  g_assert_cmpfloat_with_epsilon (h[0], 2 * G_PI * G_PI * G_E, 1e-12);
  g_assert_cmpfloat (h[1], ==, 0);
  g_assert_cmpfloat_with_epsilon (h[2], 2 * G_PI * G_PI * G_E, 1e-12);

  /* Right next to the tip everything stays finite, the gradient points
   * away from the tip with the cone's slope 4/√2 = 2√2. */
  for (guint i = 0; i < G_N_ELEMENTS (tiny); i++)
    {
      double x = tiny[i][0], y = tiny[i][1];

      f = lr_surface_eval (s, x, y, g, h);
      g_assert_true (isfinite (f) && f >= 0 && f < 1e-6);
      g_assert_true (isfinite (g[0]) && isfinite (g[1]));
      g_assert_true (isfinite (h[0]) && isfinite (h[1]) && isfinite (h[2]));
      g_assert_cmpfloat_with_epsilon (hypot (g[0], g[1]), 2 * G_SQRT2, 1e-6);
      g_assert_cmpfloat (g[0] * x + g[1] * y, >, 0);
    }
}

/* ---- minima ----------------------------------------------------------- */

/* Newton's method with the analytic Hessian, from the stored point. */
static void
newton (const LrSurface *s,
        double          *x,
        double          *y)
{
  for (int it = 0; it < 30; it++)
    {
      double g[2], h[3], det, dx, dy;

      lr_surface_eval (s, *x, *y, g, h);
      det = h[0] * h[2] - h[1] * h[1];
      g_assert_cmpfloat (det, >, 0);
      dx = (h[2] * g[0] - h[1] * g[1]) / det;
      dy = (h[0] * g[1] - h[1] * g[0]) / det;
      *x -= dx;
      *y -= dy;
      if (hypot (dx, dy) <= 1e-16 * (1 + hypot (*x, *y)))
        break;
    }
}

typedef struct {
  const char *spec;
  guint       n_minima;
  double      min_value;
} MinimaCase;

static void
test_minima (void)
{
  static const MinimaCase cases[] = {
    { "bowl", 1, 0 },
    { "bowl:kappa=1e6,theta=45", 1, 0 },
    { "bowl:kappa=0.01,theta=-30", 1, 0 },
    { "rosenbrock", 1, 0 },
    { "rosenbrock:a=-2,b=5", 1, 0 },
    { "rosenbrock:a=0.3,b=1000", 1, 0 },
    { "beale", 1, 0 },
    { "himmelblau", 4, 0 },
    { "booth", 1, 0 },
    { "rastrigin", 1, 0 },
    { "goldstein_price", 1, 3 },
    { "six_hump_camel", 2, -1.0316 },
    { "styblinski_tang", 1, -78.33233 },
    { "matyas", 1, 0 },
    { "three_hump_camel", 1, 0 },
    { "mccormick", 1, -1.9133 },
    { "catapult", 0, 0 },      /* a curve of minima, xy = 1: the value only */
    { "ackley", 1, 0 },
  };
  const char *covered[G_N_ELEMENTS (cases)];
  guint n_kinds;
  const LrKindInfo *kinds = lr_surface_kinds (&n_kinds);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    covered[c] = cases[c].spec;
  for (guint k = 0; k < n_kinds; k++)
    if (!g_str_equal (kinds[k].name, "expr") && !g_str_equal (kinds[k].name, "saddle") &&
        !covers_kind (covered, G_N_ELEMENTS (covered), kinds[k].name))
      g_error ("surface kind '%s' is missing from the minimum checks", kinds[k].name);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(LrSurface) s = make (cases[c].spec);
      g_autoptr(GRand) rng = g_rand_new_with_seed (c + 1);
      const LrPoint *minima = NULL;
      guint n = lr_surface_get_minima (s, &minima);
      double fmin = NAN, lowest = INFINITY;
      LrBox view;

      lr_surface_get_view (s, &view);
      g_assert_cmpuint (n, ==, cases[c].n_minima);
      g_assert_cmpuint (n, <=, LR_SURFACE_MAX_MINIMA);
      g_assert_true (lr_surface_get_min_value (s, &fmin));
      g_assert_cmpfloat (fabs (fmin - cases[c].min_value), <, 1e-4);

      for (guint i = 0; i < n; i++)
        {
          double x = minima[i].x, y = minima[i].y, g[2], h[3], f;

          g_assert_true (x >= view.xmin && x <= view.xmax && y >= view.ymin && y <= view.ymax);
          /* the stored value is f there, and every minimum has it */
          f = lr_surface_eval (s, x, y, g, h);
          if (!(fabs (f - fmin) <= 1e-13 * (1 + fabs (fmin))))
            g_error ("%s minimum %u: f = %.17g, stored %.17g", cases[c].spec, i, f, fmin);
          /* stationary: the gradient is rounding noise on the scale of the
           * curvature times the distance from the origin */
          {
            double hnorm = fabs (h[0]) + 2 * fabs (h[1]) + fabs (h[2]);
            double gnorm = hypot (g[0], g[1]);

            if (!(gnorm <= 1e-9 * (1 + hnorm * (1 + hypot (x, y)))))
              g_error ("%s minimum %u (%.17g, %.17g): gradient norm %.3g", cases[c].spec, i, x, y, gnorm);
          }
          /* positive-definite Hessian */
          g_assert_cmpfloat (h[0], >, 0);
          g_assert_cmpfloat (h[0] * h[2] - h[1] * h[1], >, 0);
          /* stationary: Newton moves the stored point by rounding only */
          if (!g_str_equal (lr_surface_get_name (s), "ackley"))
            {
              double nx = x, ny = y;

              newton (s, &nx, &ny);
              g_test_message ("%s minimum %u: Newton moves it by %.2e", cases[c].spec, i,
                              hypot (nx - x, ny - y));
              if (!(hypot (nx - x, ny - y) <= 1e-12 * (1 + hypot (x, y))))
                g_error ("%s minimum %u (%.17g, %.17g): Newton gives (%.17g, %.17g)",
                         cases[c].spec, i, x, y, nx, ny);
            }
        }

      /* global over the view box: no sample goes below it */
      for (int k = 0; k < 20000; k++)
        {
          double x, y;

          random_point (rng, &view, &x, &y);
          lowest = MIN (lowest, lr_surface_value (s, x, y));
        }
      if (!(lowest >= fmin - 1e-12 * (1 + fabs (fmin))))
        g_error ("%s: a sample in the view box has f = %.17g below the minimum %.17g",
                 cases[c].spec, lowest, fmin);
    }
}

static void
assert_point (const LrPoint *p,
              double         x,
              double         y,
              double         tol)
{
  if (!(fabs (p->x - x) <= tol && fabs (p->y - y) <= tol))
    g_error ("minimum (%.17g, %.17g), expected (%.17g, %.17g)", p->x, p->y, x, y);
}

/* The stored minima against the published ones. */
static void
test_minima_literature (void)
{
  const LrPoint *m;
  double v;

  {
    g_autoptr(LrSurface) s = make ("himmelblau");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 4);
    assert_point (&m[0], 3, 2, 0);
    assert_point (&m[1], -2.805118, 3.131312, 1e-6);
    assert_point (&m[2], -3.779310, -3.283186, 1e-6);
    assert_point (&m[3], 3.584428, -1.848126, 1e-6);
  }
  {
    g_autoptr(LrSurface) s = make ("six_hump_camel");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 2);
    assert_point (&m[0], 0.0898, -0.7126, 1e-4);
    assert_point (&m[1], -0.0898, 0.7126, 1e-4);
    g_assert_true (lr_surface_get_min_value (s, &v));
    g_assert_cmpfloat_with_epsilon (v, -1.0316, 1e-4);
  }
  {
    g_autoptr(LrSurface) s = make ("styblinski_tang");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 1);
    assert_point (&m[0], -2.903534, -2.903534, 1e-6);
    g_assert_true (lr_surface_get_min_value (s, &v));
    g_assert_cmpfloat_with_epsilon (v, -78.33234, 1e-5);
  }
  {
    g_autoptr(LrSurface) s = make ("mccormick");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 1);
    /* closed form: x − y = 1 and cos(x + y) = −1/2 */
    assert_point (&m[0], 0.5 - G_PI / 3, -0.5 - G_PI / 3, 4 * DBL_EPSILON);
    g_assert_true (lr_surface_get_min_value (s, &v));
    g_assert_cmpfloat_with_epsilon (v, -sqrt (3) / 2 - G_PI / 3, 1e-15);
  }
  {
    g_autoptr(LrSurface) s = make ("goldstein_price");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 1);
    assert_point (&m[0], 0, -1, 0);
  }
  {
    g_autoptr(LrSurface) s = make ("rosenbrock:a=-2,b=5");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 1);
    assert_point (&m[0], -2, 4, 0);
  }
}

static void
test_no_minimum (void)
{
  const LrPoint *m = NULL;
  double v = 123;

  {
    g_autoptr(LrSurface) s = make ("saddle");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 0);
    g_assert_false (lr_surface_get_min_value (s, &v));
    g_assert_cmpfloat (v, ==, 123);
  }
  {
    /* b = 0: every point of the line x = a is a minimum, none is listed */
    g_autoptr(LrSurface) s = make ("rosenbrock:a=0.5,b=0");

    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 0);
    g_assert_true (lr_surface_get_min_value (s, &v));
    g_assert_cmpfloat (v, ==, 0);
    g_assert_cmpfloat (lr_surface_value (s, 0.5, -7), ==, 0);
  }
  {
    g_autoptr(LrSurface) s = make ("expr:x^2 + y^2");

    g_assert_cmpuint (lr_surface_get_minima (s, NULL), ==, 0);
    g_assert_false (lr_surface_get_min_value (s, NULL));
  }
}

/* ---- metadata --------------------------------------------------------- */

static void
test_metadata (void)
{
  static const char *const log_scale[] = {
    "rosenbrock", "beale", "goldstein_price", "himmelblau", "booth", "bowl", "bowl:kappa=100",
  };
  static const char *const linear_scale[] = {
    "saddle", "rastrigin", "ackley", "six_hump_camel", "styblinski_tang", "mccormick",
    "bowl:kappa=1", "expr:x*y",
  };

  for (guint i = 0; i < G_N_ELEMENTS (builtin_specs); i++)
    {
      g_autoptr(LrSurface) s = make (builtin_specs[i]);
      const char *formula = lr_surface_get_formula (s);
      LrBox view;
      double x0, y0, g[2];

      g_assert_nonnull (formula);
      g_assert_true (g_utf8_validate (formula, -1, NULL));
      g_assert_cmpuint (strlen (formula), >, 4);
      lr_surface_get_view (s, &view);
      g_assert_cmpfloat (view.xmin, <, view.xmax);
      g_assert_cmpfloat (view.ymin, <, view.ymax);
      /* the start is inside the view, not at a minimum, not stationary */
      lr_surface_get_start (s, &x0, &y0);
      g_assert_true (x0 > view.xmin && x0 < view.xmax && y0 > view.ymin && y0 < view.ymax);
      lr_surface_eval (s, x0, y0, g, NULL);
      if (!(hypot (g[0], g[1]) > 0.1))
        g_error ("%s: start (%g, %g) is nearly stationary", builtin_specs[i], x0, y0);
      {
        const LrPoint *m;
        guint n = lr_surface_get_minima (s, &m);

        for (guint k = 0; k < n; k++)
          g_assert_cmpfloat (hypot (m[k].x - x0, m[k].y - y0), >, 0.5);
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (log_scale); i++)
    {
      g_autoptr(LrSurface) s = make (log_scale[i]);
      g_assert_cmpint (lr_surface_get_color_scale (s), ==, LR_COLOR_SCALE_LOG);
    }
  for (guint i = 0; i < G_N_ELEMENTS (linear_scale); i++)
    {
      g_autoptr(LrSurface) s = make (linear_scale[i]);
      g_assert_cmpint (lr_surface_get_color_scale (s), ==, LR_COLOR_SCALE_LINEAR);
    }

  {
    g_autoptr(LrSurface) s = make ("rosenbrock");
    LrBox v;
    double x0, y0;

    g_assert_cmpstr (lr_surface_get_formula (s), ==, "(1 − x)² + 100·(y − x²)²");
    lr_surface_get_view (s, &v);
    g_assert_cmpfloat (v.xmin, ==, -2);
    g_assert_cmpfloat (v.xmax, ==, 2);
    g_assert_cmpfloat (v.ymin, ==, -1);
    g_assert_cmpfloat (v.ymax, ==, 3);
    lr_surface_get_start (s, &x0, &y0);
    g_assert_cmpfloat (x0, ==, -1.5);
    g_assert_cmpfloat (y0, ==, 2);
  }
  {
    g_autoptr(LrSurface) s = make ("rosenbrock:a=-2.5,b=0.25");
    const LrPoint *m;
    LrBox v;

    g_assert_cmpstr (lr_surface_get_formula (s), ==, "(−2.5 − x)² + 0.25·(y − x²)²");
    /* the view grows to frame the minimum (−2.5, 6.25) */
    lr_surface_get_view (s, &v);
    g_assert_cmpuint (lr_surface_get_minima (s, &m), ==, 1);
    g_assert_true (m[0].x > v.xmin && m[0].x < v.xmax && m[0].y > v.ymin && m[0].y < v.ymax);
  }
  {
    g_autoptr(LrSurface) s = make ("bowl");
    double x0, y0;

    g_assert_cmpstr (lr_surface_get_formula (s), ==, "½·(x² + 10·y²)");
    lr_surface_get_start (s, &x0, &y0);
    g_assert_cmpfloat (x0, ==, -4);
    g_assert_cmpfloat (y0, ==, 1.5);
  }
  {
    /* the start turns with the valley */
    g_autoptr(LrSurface) s = make ("bowl:kappa=20,theta=90");
    double x0, y0;

    g_assert_nonnull (strstr (lr_surface_get_formula (s), "u² + 20·v²"));
    g_assert_nonnull (strstr (lr_surface_get_formula (s), "90°"));
    lr_surface_get_start (s, &x0, &y0);
    g_assert_cmpfloat (x0, ==, -1.5);
    g_assert_cmpfloat (y0, ==, -4);
  }
  {
    g_autoptr(LrSurface) s = make ("expr:sin(x) * y");
    LrBox v;
    double x0, y0;

    g_assert_cmpstr (lr_surface_get_name (s), ==, "expr");
    g_assert_cmpstr (lr_surface_get_formula (s), ==, "sin(x) * y");
    lr_surface_get_view (s, &v);
    g_assert_cmpfloat (v.xmin, ==, -3);
    g_assert_cmpfloat (v.xmax, ==, 3);
    g_assert_cmpfloat (v.ymin, ==, -3);
    g_assert_cmpfloat (v.ymax, ==, 3);
    lr_surface_get_start (s, &x0, &y0);
    g_assert_cmpfloat (x0, ==, -2);
    g_assert_cmpfloat (y0, ==, 2);
  }
}

/* ---- spec text, copies, threads --------------------------------------- */

static void
check_to_spec (const char *in,
               const char *expect)
{
  g_autoptr(LrSurface) s = make (in);
  g_autofree char *text = lr_surface_to_spec (s);
  g_autoptr(LrSurface) again = NULL;
  g_autoptr(GRand) rng = g_rand_new_with_seed (11);
  LrBox view;

  g_assert_cmpstr (text, ==, expect);
  /* the canonical text makes the same surface */
  again = make (text);
  lr_surface_get_view (s, &view);
  for (int k = 0; k < 50; k++)
    {
      double x, y, g1[2], g2[2], h1[3], h2[3];

      random_point (rng, &view, &x, &y);
      g_assert_cmpfloat (lr_surface_eval (s, x, y, g1, h1), ==, lr_surface_eval (again, x, y, g2, h2));
      g_assert_cmpmem (g1, sizeof g1, g2, sizeof g2);
      g_assert_cmpmem (h1, sizeof h1, h2, sizeof h2);
    }
}

static void
test_to_spec (void)
{
  check_to_spec ("bowl", "bowl");
  check_to_spec ("bowl:kappa=20", "bowl:kappa=20");
  check_to_spec ("bowl:theta=0,kappa=10", "bowl");
  check_to_spec ("BOWL: theta = -30.0 , kappa=1e-3", "bowl:kappa=0.001,theta=-30");
  check_to_spec ("rosenbrock:b=100,a=2", "rosenbrock:a=2");
  check_to_spec ("rosenbrock:a=0.1,b=2.5e5", "rosenbrock:a=0.1,b=250000");
  check_to_spec ("himmelblau", "himmelblau");
  check_to_spec ("six_hump_camel", "six_hump_camel");
  check_to_spec ("expr:x^2 + 3*y^2", "expr:x^2 + 3*y^2");
  check_to_spec ("expr: x * y", "expr: x * y");

  /* every built-in, default or not, reads back from its canonical text */
  for (guint i = 0; i < G_N_ELEMENTS (builtin_specs); i++)
    {
      g_autoptr(LrSurface) s = make (builtin_specs[i]);
      g_autofree char *text = lr_surface_to_spec (s);

      check_to_spec (builtin_specs[i], text);
      check_to_spec (text, text);
    }
}

static void
test_copy (void)
{
  const char *specs[] = { "bowl:kappa=7,theta=12", "rosenbrock:a=0.5", "ackley", "expr:exp(-x^2) * cos(3*y) + x*y" };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      LrSurface *orig = make (specs[i]);
      g_autoptr(LrSurface) copy = lr_surface_copy (orig);
      g_autofree char *spec_orig = lr_surface_to_spec (orig);
      g_autofree char *formula_orig = g_strdup (lr_surface_get_formula (orig));
      double vals[20], grads[20][2], hesses[20][3];
      double x0, y0, cx0, cy0;
      const LrPoint *m1, *m2;
      guint n1, n2;
      LrBox v1, v2;

      g_assert_true (copy != orig);
      lr_surface_get_start (orig, &x0, &y0);
      lr_surface_get_view (orig, &v1);
      n1 = lr_surface_get_minima (orig, &m1);
      for (int k = 0; k < 20; k++)
        vals[k] = lr_surface_eval (orig, -1 + 0.1 * k, 0.7 - 0.05 * k, grads[k], hesses[k]);
      {
        LrPoint saved[LR_SURFACE_MAX_MINIMA];

        memcpy (saved, m1, n1 * sizeof *m1);
        /* the copy stands alone */
        lr_surface_free (orig);
        n2 = lr_surface_get_minima (copy, &m2);
        g_assert_cmpuint (n1, ==, n2);
        g_assert_cmpmem (saved, n1 * sizeof *m1, m2, n2 * sizeof *m2);
      }
      {
        g_autofree char *spec_copy = lr_surface_to_spec (copy);
        g_assert_cmpstr (spec_copy, ==, spec_orig);
      }
      g_assert_cmpstr (lr_surface_get_formula (copy), ==, formula_orig);
      lr_surface_get_start (copy, &cx0, &cy0);
      g_assert_cmpfloat (cx0, ==, x0);
      g_assert_cmpfloat (cy0, ==, y0);
      lr_surface_get_view (copy, &v2);
      g_assert_cmpmem (&v1, sizeof v1, &v2, sizeof v2);
      for (int k = 0; k < 20; k++)
        {
          double g[2], h[3];

          g_assert_cmpfloat (lr_surface_eval (copy, -1 + 0.1 * k, 0.7 - 0.05 * k, g, h), ==, vals[k]);
          g_assert_cmpmem (g, sizeof g, grads[k], sizeof grads[k]);
          g_assert_cmpmem (h, sizeof h, hesses[k], sizeof hesses[k]);
        }
    }
}

#define N_THREADS 4
#define N_THREAD_POINTS 4000

typedef struct {
  const LrSurface *surface;
  guint            offset;
  double           out[N_THREAD_POINTS][6];
} ThreadJob;

static void
thread_point (guint   i,
              double *x,
              double *y)
{
  *x = -2.5 + 5.0 * (i % 97) / 97.0;
  *y = -2.5 + 5.0 * (i / 97 % 89) / 89.0;
}

static gpointer
thread_main (gpointer data)
{
  ThreadJob *job = data;

  for (guint k = 0; k < N_THREAD_POINTS; k++)
    {
      guint i = (k + job->offset) % N_THREAD_POINTS;
      double x, y;

      thread_point (i, &x, &y);
      job->out[i][0] = lr_surface_eval (job->surface, x, y, &job->out[i][1], &job->out[i][3]);
    }
  return NULL;
}

static void
test_threads (void)
{
  const char *specs[] = { "goldstein_price", "expr:sin(x*y) + log(1 + x^2) * tanh(y) - sqrt(abs(x))^3" };

  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      g_autoptr(LrSurface) surface = make (specs[s]);
      ThreadJob *jobs = g_new0 (ThreadJob, N_THREADS);
      GThread *threads[N_THREADS];

      for (guint t = 0; t < N_THREADS; t++)
        {
          jobs[t].surface = surface;
          jobs[t].offset = t * N_THREAD_POINTS / N_THREADS;
          threads[t] = g_thread_new ("surface-eval", thread_main, &jobs[t]);
        }
      for (guint t = 0; t < N_THREADS; t++)
        g_thread_join (threads[t]);

      for (guint i = 0; i < N_THREAD_POINTS; i++)
        {
          double x, y, ref[6];

          thread_point (i, &x, &y);
          ref[0] = lr_surface_eval (surface, x, y, &ref[1], &ref[3]);
          for (guint t = 0; t < N_THREADS; t++)
            g_assert_cmpmem (jobs[t].out[i], sizeof ref, ref, sizeof ref);
        }
      g_free (jobs);
    }
}

/* ---- errors ----------------------------------------------------------- */

static void
check_error (const char *spec,
             int         code,
             const char *const *fragments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) s = lr_surface_new (spec, &error);

  g_assert_null (s);
  g_assert_nonnull (error);
  if (error->domain != LR_ERROR || error->code != code)
    g_error ("'%s': error %s:%d '%s', expected code %d", spec ? spec : "(null)",
             g_quark_to_string (error->domain), error->code, error->message, code);
  for (guint i = 0; fragments != NULL && fragments[i] != NULL; i++)
    if (strstr (error->message, fragments[i]) == NULL)
      g_error ("'%s': message '%s' lacks '%s'", spec ? spec : "(null)", error->message, fragments[i]);
}

#define FRAGS(...) ((const char *const[]) { __VA_ARGS__, NULL })

static void
test_errors (void)
{
  guint n;
  const LrKindInfo *kinds = lr_surface_kinds (&n);

  /* unknown name: every valid name is listed */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LrSurface) s = lr_surface_new ("bowel:kappa=3", &error);

    g_assert_null (s);
    g_assert_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME);
    g_assert_nonnull (strstr (error->message, "'bowel'"));
    for (guint i = 0; i < n; i++)
      g_assert_nonnull (strstr (error->message, kinds[i].name));
  }

  check_error ("bowl:kapa=3", LR_ERROR_UNKNOWN_KEY, FRAGS ("'kapa'", "kappa", "theta"));
  check_error ("rosenbrock:c=1", LR_ERROR_UNKNOWN_KEY, FRAGS ("'c'", "a, b"));
  check_error ("saddle:k=1", LR_ERROR_UNKNOWN_KEY, FRAGS ("'k'", "(none)"));

  check_error ("bowl:kappa=0", LR_ERROR_VALUE, FRAGS ("kappa=0", "(0, 1e+06]"));
  check_error ("bowl:kappa=-1", LR_ERROR_VALUE, FRAGS ("kappa=-1", "(0, 1e+06]"));
  check_error ("bowl:kappa=2e6", LR_ERROR_VALUE, FRAGS ("kappa=2e6", "(0, 1e+06]"));
  check_error ("bowl:theta=400", LR_ERROR_VALUE, FRAGS ("theta=400", "[-360, 360]"));
  check_error ("bowl:theta=nan", LR_ERROR_VALUE, FRAGS ("'nan'", "theta"));
  check_error ("bowl:kappa=inf", LR_ERROR_VALUE, FRAGS ("'inf'", "kappa"));
  check_error ("rosenbrock:a=101", LR_ERROR_VALUE, FRAGS ("a=101", "[-100, 100]"));
  check_error ("rosenbrock:b=-1", LR_ERROR_VALUE, FRAGS ("b=-1", "[0, 1e+06]"));
  check_error ("rosenbrock:b=1e7", LR_ERROR_VALUE, FRAGS ("b=1e7", "[0, 1e+06]"));
  check_error ("rosenbrock:a=x", LR_ERROR_VALUE, FRAGS ("'x'", "a"));

  check_error ("expr:x^2 + *y", LR_ERROR_FORMULA, FRAGS ("column"));
  check_error ("expr:(x + y", LR_ERROR_FORMULA, FRAGS ("column", "')'"));
  check_error ("expr:", LR_ERROR_FORMULA, NULL);
  check_error ("expr:z + 1", LR_ERROR_FORMULA, FRAGS ("column 1", "z"));
  check_error ("expr", LR_ERROR_SYNTAX, FRAGS ("formula"));
  check_error ("", LR_ERROR_SYNTAX, NULL);
  check_error (NULL, LR_ERROR_SYNTAX, NULL);
  check_error ("bowl:kappa", LR_ERROR_SYNTAX, FRAGS ("kappa"));
}

/* ---- formula surfaces equal the built-ins ----------------------------- */

typedef struct {
  const char *builtin;
  const char *formula;
} ExprCase;

static const ExprCase expr_cases[] = {
  { "bowl", "0.5*(x^2 + 10*y^2)" },
  { "bowl:kappa=25,theta=30",
    "0.5*((cos(pi/6)*x + sin(pi/6)*y)^2 + 25*(-sin(pi/6)*x + cos(pi/6)*y)^2)" },
  { "rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2" },
  { "rosenbrock:a=-0.5,b=7", "(-0.5 - x)^2 + 7*(y - x^2)^2" },
  { "beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2" },
  { "himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2" },
  { "booth", "(x + 2*y - 7)^2 + (2*x + y - 5)^2" },
  { "saddle", "x^2 - y^2" },
  { "rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)" },
  { "ackley", "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20" },
  { "goldstein_price",
    "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))"
    "*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))" },
  { "six_hump_camel", "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2" },
  { "styblinski_tang", "0.5*((x^4 - 16*x^2 + 5*x) + (y^4 - 16*y^2 + 5*y))" },
  { "matyas", "0.26*(x^2 + y^2) - 0.48*x*y" },
  { "three_hump_camel", "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2" },
  { "mccormick", "sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1" },
  { "catapult", "0.5*(x*y - 1)^2" },
};

/* Agreement to 1e-12 relative to the size of the quantity compared: the
 * larger of the component and of the vector it belongs to (a component
 * that cancels to near zero is compared on the scale of its neighbours). */
static void
test_expr_equals_builtin (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (expr_cases); c++)
    {
      g_autofree char *spec = g_strconcat ("expr:", expr_cases[c].formula, NULL);
      g_autoptr(LrSurface) a = make (expr_cases[c].builtin);
      g_autoptr(LrSurface) b = make (spec);
      g_autoptr(GRand) rng = g_rand_new_with_seed (100 + c);
      double worst = 0;
      LrBox view;

      lr_surface_get_view (a, &view);
      for (int k = 0; k < 300; k++)
        {
          double x, y, fa, fb, ga[2], gb[2], ha[3], hb[3], gs, hs, err;

          random_point (rng, &view, &x, &y);
          fa = lr_surface_eval (a, x, y, ga, ha);
          fb = lr_surface_eval (b, x, y, gb, hb);
          g_assert_cmpfloat (fabs (lr_surface_value (b, x, y) - fb), <=, 4 * DBL_EPSILON * fabs (fb));
          gs = MAX (hypot (ga[0], ga[1]), DBL_MIN);
          hs = MAX (fabs (ha[0]) + fabs (ha[1]) + fabs (ha[2]), DBL_MIN);
          err = fabs (fa - fb) / MAX (fabs (fa), 1e-300);
          /* values that cancel to near 0 at a minimum: compare absolutely */
          if (fabs (fa) < 1e-6)
            err = fabs (fa - fb) / 1e-6;
          err = MAX (err, fabs (ga[0] - gb[0]) / gs);
          err = MAX (err, fabs (ga[1] - gb[1]) / gs);
          for (int i = 0; i < 3; i++)
            err = MAX (err, fabs (ha[i] - hb[i]) / hs);
          if (!(err <= 1e-12))
            g_error ("%s vs expr:%s at (%.17g, %.17g): relative difference %.3e\n"
                     "  f %.17g %.17g\n  g %.17g %.17g | %.17g %.17g\n"
                     "  h %.17g %.17g %.17g | %.17g %.17g %.17g",
                     expr_cases[c].builtin, expr_cases[c].formula, x, y, err, fa, fb,
                     ga[0], ga[1], gb[0], gb[1], ha[0], ha[1], ha[2], hb[0], hb[1], hb[2]);
          worst = MAX (worst, err);
        }
      g_test_message ("%-24s = expr: worst relative difference %.2e", expr_cases[c].builtin, worst);
    }
}

/* λmax of the surface's Hessian at (x, y). */
static double
lambda_max (const LrSurface *s,
            double           x,
            double           y)
{
  double h[3], mean, diff;

  lr_surface_eval (s, x, y, NULL, h);
  mean = (h[0] + h[2]) / 2;
  diff = (h[0] - h[2]) / 2;
  return mean + sqrt (diff * diff + h[1] * h[1]);
}

/* The catapult (Lewkowycz et al. 2020) on ½(xy − 1)²: below 2/λ0 gradient
 * descent converges without a spike; between 2/λ0 and 4/λ0 the loss
 * spikes, the run lands where λmax < 2/lr and converges; above 4/λ0 it
 * diverges. */
static void
test_catapult_regimes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) s = lr_surface_new ("catapult", &error);
  double x0, y0, lambda0, min_value;
  const double factors[] = { 0.7, 1.35, 1.7, 2.7 };   /* lr · λ0 / 2 */

  g_assert_no_error (error);
  g_assert_cmpuint (lr_surface_get_minima (s, NULL), ==, 0);      /* a curve: xy = 1 */
  g_assert_true (lr_surface_get_min_value (s, &min_value));
  g_assert_cmpfloat (min_value, ==, 0);
  g_assert_cmpfloat (lr_surface_value (s, 2, 0.5), ==, 0);
  lr_surface_get_start (s, &x0, &y0);
  lambda0 = lambda_max (s, x0, y0);
  /* H = [[9, 0.5], [0.5, 0.0625]] at the start (0.25, 3) */
  g_assert_cmpfloat (fabs (lambda0 - (4.53125 + sqrt (4.46875 * 4.46875 + 0.25))), <, 1e-12);

  for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
    {
      double lr = factors[i] * 2 / lambda0, peak = 0;
      g_autofree char *spec = g_strdup_printf ("sgd:lr=%.17g", lr);
      LrOptimizerConfig opt;
      g_autoptr(LrTrajectory) t = NULL;
      const LrTrajPoint *end;

      g_assert_true (lr_optimizer_config_parse (spec, &opt, &error));
      t = lr_trajectory_compute (s, &opt, NULL, x0, y0, 400, &error);
      g_assert_no_error (error);
      end = &t->points[t->n_points - 1];
      for (guint k = 0; k < t->n_points; k++)
        peak = MAX (peak, t->points[k].loss);

      if (factors[i] < 1)
        {
          g_assert_false (t->diverged);
          g_assert_cmpfloat (peak, ==, t->points[0].loss);
          g_assert_cmpfloat (end->loss, <, 1e-12);
        }
      else if (factors[i] < 2)
        {
          g_assert_false (t->diverged);
          g_assert_cmpfloat (peak, >, 10 * t->points[0].loss);
          g_assert_cmpfloat (end->loss, <, 1e-12);
          g_assert_cmpfloat (lambda_max (s, end->x, end->y), <, 2 / lr);
        }
      else
        g_assert_true (t->diverged);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/surface/kinds", test_kinds);
  g_test_add_func ("/surface/derivatives", test_derivatives);
  g_test_add_func ("/surface/derivative-check-sensitivity", test_derivative_check_sensitivity);
  g_test_add_func ("/surface/value-matches-eval", test_value_matches_eval);
  g_test_add_func ("/surface/value-grid", test_value_grid);
  g_test_add_func ("/surface/values", test_values);
  g_test_add_func ("/surface/ackley-origin", test_ackley_origin);
  g_test_add_func ("/surface/minima", test_minima);
  g_test_add_func ("/surface/minima-literature", test_minima_literature);
  g_test_add_func ("/surface/no-minimum", test_no_minimum);
  g_test_add_func ("/surface/metadata", test_metadata);
  g_test_add_func ("/surface/to-spec", test_to_spec);
  g_test_add_func ("/surface/copy", test_copy);
  g_test_add_func ("/surface/threads", test_threads);
  g_test_add_func ("/surface/errors", test_errors);
  g_test_add_func ("/surface/expr-equals-builtin", test_expr_equals_builtin);

  g_test_add_func ("/surface/catapult/regimes", test_catapult_regimes);

  return g_test_run ();
}
