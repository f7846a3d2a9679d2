/* lr-surface.c: 2-D loss surfaces with analytic gradient and Hessian
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-expr.h"
#include "lr-surface.h"

typedef enum {
  S_BOWL,
  S_ROSENBROCK,
  S_BEALE,
  S_HIMMELBLAU,
  S_BOOTH,
  S_SADDLE,
  S_RASTRIGIN,
  S_ACKLEY,
  S_GOLDSTEIN_PRICE,
  S_SIX_HUMP_CAMEL,
  S_STYBLINSKI_TANG,
  S_MATYAS,
  S_THREE_HUMP_CAMEL,
  S_MCCORMICK,
  S_EXPR,
} SurfaceId;

struct _LrSurface
{
  SurfaceId     id;
  double        p[2];         /* parameters: bowl kappa, theta; rosenbrock a, b */
  double        c, s;         /* bowl: cos and sin of theta */
  LrExpr       *expr;
  char         *formula;
  LrBox         view;
  double        x0, y0;
  LrPoint       minima[LR_SURFACE_MAX_MINIMA];
  guint         n_minima;
  gboolean      has_min_value;
  double        min_value;
  LrColorScale  scale;
};

static const LrParamInfo bowl_params[] = {
  { "kappa", LR_PARAM_FLOAT, 10, NULL, 0, 1e6, LR_PARAM_FLAG_MIN_EXCLUSIVE | LR_PARAM_FLAG_LOG, NULL,
    "condition number: curvature across the valley over curvature along it" },
  { "theta", LR_PARAM_FLOAT, 0, NULL, -360, 360, 0, NULL,
    "rotation of the valley, in degrees" },
};

static const LrParamInfo rosenbrock_params[] = {
  { "a", LR_PARAM_FLOAT, 1, NULL, -100, 100, 0, NULL, "minimum at (a, a²)" },
  { "b", LR_PARAM_FLOAT, 100, NULL, 0, 1e6, 0, NULL, "steepness of the valley walls" },
};

static const LrKindInfo kinds[] = {
  { "bowl", "rotated quadratic bowl 0.5·(u² + kappa·v²): the textbook case", bowl_params, G_N_ELEMENTS (bowl_params) },
  { "rosenbrock", "Rosenbrock's banana valley: easy to find, hard to follow", rosenbrock_params, G_N_ELEMENTS (rosenbrock_params) },
  { "beale", "Beale's function: flat plateaus and steep ridges", NULL, 0 },
  { "himmelblau", "Himmelblau's function: four equal minima", NULL, 0 },
  { "booth", "Booth's function: a tilted quadratic bowl", NULL, 0 },
  { "saddle", "x² − y²: a saddle point, unbounded below", NULL, 0 },
  { "rastrigin", "Rastrigin's function: a bowl covered in local minima", NULL, 0 },
  { "ackley", "Ackley's function: a needle in a bumpy plain", NULL, 0 },
  { "goldstein_price", "the Goldstein–Price function: minimum 3 at (0, −1)", NULL, 0 },
  { "six_hump_camel", "six-hump camel: two global and four local minima", NULL, 0 },
  { "styblinski_tang", "Styblinski–Tang: one global and three local minima", NULL, 0 },
  { "matyas", "Matyas' function: a flat, tilted valley", NULL, 0 },
  { "three_hump_camel", "three-hump camel: one global and two local minima", NULL, 0 },
  { "mccormick", "McCormick's function: a sine-ripped valley", NULL, 0 },
  { "expr", "a formula in x and y: expr:FORMULA", NULL, 0 },
};

const LrKindInfo *
lr_surface_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

/* ---- evaluation ------------------------------------------------------- */

static void
set_out (double *grad,
         double *hess,
         double  fx,
         double  fy,
         double  fxx,
         double  fxy,
         double  fyy)
{
  if (grad != NULL)
    {
      grad[0] = fx;
      grad[1] = fy;
    }
  if (hess != NULL)
    {
      hess[0] = fxx;
      hess[1] = fxy;
      hess[2] = fyy;
    }
}

/* Σ r_i² from residuals with their derivatives {r, rx, ry, rxx, rxy, ryy}. */
static double
sum_of_squares (const double  r[][6],
                guint         n,
                double       *grad,
                double       *hess)
{
  double f = 0, fx = 0, fy = 0, fxx = 0, fxy = 0, fyy = 0;

  for (guint i = 0; i < n; i++)
    {
      f += r[i][0] * r[i][0];
      fx += 2 * r[i][0] * r[i][1];
      fy += 2 * r[i][0] * r[i][2];
      fxx += 2 * (r[i][1] * r[i][1] + r[i][0] * r[i][3]);
      fxy += 2 * (r[i][1] * r[i][2] + r[i][0] * r[i][4]);
      fyy += 2 * (r[i][2] * r[i][2] + r[i][0] * r[i][5]);
    }
  set_out (grad, hess, fx, fy, fxx, fxy, fyy);
  return f;
}

/* Product rule on {v, x, y, xx, xy, yy} tuples. */
static void
mul6 (const double a[6],
      const double b[6],
      double       r[6])
{
  r[0] = a[0] * b[0];
  r[1] = a[1] * b[0] + a[0] * b[1];
  r[2] = a[2] * b[0] + a[0] * b[2];
  r[3] = a[3] * b[0] + 2 * a[1] * b[1] + a[0] * b[3];
  r[4] = a[4] * b[0] + a[1] * b[2] + a[2] * b[1] + a[0] * b[4];
  r[5] = a[5] * b[0] + 2 * a[2] * b[2] + a[0] * b[5];
}

static double
goldstein_price (double  x,
                 double  y,
                 double *grad,
                 double *hess)
{
  /* P = 1 + a²·Q and R = 30 + b²·S, f = P·R */
  double a[6] = { x + y + 1, 1, 1, 0, 0, 0 };
  double q[6] = { 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y,
                  -14 + 6 * x + 6 * y, -14 + 6 * x + 6 * y, 6, 6, 6 };
  double b[6] = { 2 * x - 3 * y, 2, -3, 0, 0, 0 };
  double s[6] = { 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y,
                  -32 + 24 * x - 36 * y, 48 - 36 * x + 54 * y, 24, -36, 54 };
  double a2[6], b2[6], p[6], r[6], f[6];

  mul6 (a, a, a2);
  mul6 (a2, q, p);
  p[0] += 1;
  mul6 (b, b, b2);
  mul6 (b2, s, r);
  r[0] += 30;
  mul6 (p, r, f);
  set_out (grad, hess, f[1], f[2], f[3], f[4], f[5]);
  return f[0];
}

static double
eval_builtin (const LrSurface *self,
              double           x,
              double           y,
              double          *grad,
              double          *hess)
{
  switch (self->id)
    {
    case S_BOWL:
      {
        double k = self->p[0], c = self->c, s = self->s;
        double u = c * x + s * y;
        double v = -s * x + c * y;

        set_out (grad, hess,
                 u * c - k * v * s, u * s + k * v * c,
                 c * c + k * s * s, c * s * (1 - k), s * s + k * c * c);
        return 0.5 * (u * u + k * v * v);
      }

    case S_ROSENBROCK:
      {
        double a = self->p[0], b = self->p[1];
        double d = y - x * x;

        set_out (grad, hess,
                 -2 * (a - x) - 4 * b * x * d, 2 * b * d,
                 2 - 4 * b * d + 8 * b * x * x, -4 * b * x, 2 * b);
        return (a - x) * (a - x) + b * d * d;
      }

    case S_BEALE:
      {
        double y2 = y * y, y3 = y2 * y;
        const double r[3][6] = {
          { 1.5 - x + x * y, y - 1, x, 0, 1, 0 },
          { 2.25 - x + x * y2, y2 - 1, 2 * x * y, 0, 2 * y, 2 * x },
          { 2.625 - x + x * y3, y3 - 1, 3 * x * y2, 0, 3 * y2, 6 * x * y },
        };
        return sum_of_squares (r, 3, grad, hess);
      }

    case S_HIMMELBLAU:
      {
        const double r[2][6] = {
          { x * x + y - 11, 2 * x, 1, 2, 0, 0 },
          { x + y * y - 7, 1, 2 * y, 0, 0, 2 },
        };
        return sum_of_squares (r, 2, grad, hess);
      }

    case S_BOOTH:
      {
        const double r[2][6] = {
          { x + 2 * y - 7, 1, 2, 0, 0, 0 },
          { 2 * x + y - 5, 2, 1, 0, 0, 0 },
        };
        return sum_of_squares (r, 2, grad, hess);
      }

    case S_SADDLE:
      set_out (grad, hess, 2 * x, -2 * y, 2, 0, -2);
      return x * x - y * y;

    case S_RASTRIGIN:
      {
        double tx = 2 * G_PI * x, ty = 2 * G_PI * y;

        set_out (grad, hess,
                 2 * x + 20 * G_PI * sin (tx), 2 * y + 20 * G_PI * sin (ty),
                 2 + 40 * G_PI * G_PI * cos (tx), 0, 2 + 40 * G_PI * G_PI * cos (ty));
        return 20 + x * x - 10 * cos (tx) + y * y - 10 * cos (ty);
      }

    case S_ACKLEY:
      {
        double r = sqrt (0.5 * (x * x + y * y));
        double ea = exp (-0.2 * r);
        double h = 0.5 * (cos (2 * G_PI * x) + cos (2 * G_PI * y));
        double eb = exp (h);
        double hx = -G_PI * sin (2 * G_PI * x), hy = -G_PI * sin (2 * G_PI * y);
        double hxx = -2 * G_PI * G_PI * cos (2 * G_PI * x), hyy = -2 * G_PI * G_PI * cos (2 * G_PI * y);
        double fx = -eb * hx, fy = -eb * hy;
        double fxx = -eb * (hx * hx + hxx), fxy = -eb * hx * hy, fyy = -eb * (hy * hy + hyy);

        /* The cone −20·exp(−0.2r) has no derivative at r = 0: its
         * subgradient there is 0, and its curvature term is left out. */
        if (r > 0)
          {
            double g1 = 4 * ea, g2 = -0.8 * ea;
            double rx = 0.5 * x / r, ry = 0.5 * y / r;
            double r3 = r * r * r;
            double rxx = 0.5 / r - 0.25 * x * x / r3;
            double rxy = -0.25 * x * y / r3;
            double ryy = 0.5 / r - 0.25 * y * y / r3;

            fx += g1 * rx;
            fy += g1 * ry;
            fxx += g2 * rx * rx + g1 * rxx;
            fxy += g2 * rx * ry + g1 * rxy;
            fyy += g2 * ry * ry + g1 * ryy;
          }
        set_out (grad, hess, fx, fy, fxx, fxy, fyy);
        return -20 * ea - eb + G_E + 20;
      }

    case S_GOLDSTEIN_PRICE:
      return goldstein_price (x, y, grad, hess);

    case S_SIX_HUMP_CAMEL:
      {
        double x2 = x * x, x4 = x2 * x2, y2 = y * y;

        set_out (grad, hess,
                 8 * x - 8.4 * x2 * x + 2 * x4 * x + y, x - 8 * y + 16 * y2 * y,
                 8 - 25.2 * x2 + 10 * x4, 1, -8 + 48 * y2);
        return (4 - 2.1 * x2 + x4 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
      }

    case S_STYBLINSKI_TANG:
      set_out (grad, hess,
               2 * x * x * x - 16 * x + 2.5, 2 * y * y * y - 16 * y + 2.5,
               6 * x * x - 16, 0, 6 * y * y - 16);
      return 0.5 * ((x * x * x * x - 16 * x * x + 5 * x) + (y * y * y * y - 16 * y * y + 5 * y));

    case S_MATYAS:
      set_out (grad, hess, 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x, 0.52, -0.48, 0.52);
      return 0.26 * (x * x + y * y) - 0.48 * x * y;

    case S_THREE_HUMP_CAMEL:
      {
        double x2 = x * x, x4 = x2 * x2;

        set_out (grad, hess,
                 4 * x - 4.2 * x2 * x + x4 * x + y, x + 2 * y,
                 4 - 12.6 * x2 + 5 * x4, 1, 2);
        return 2 * x2 - 1.05 * x4 + x4 * x2 / 6 + x * y + y * y;
      }

    case S_MCCORMICK:
      {
        double sxy = sin (x + y), cxy = cos (x + y);

        set_out (grad, hess,
                 cxy + 2 * (x - y) - 1.5, cxy - 2 * (x - y) + 2.5,
                 -sxy + 2, -sxy - 2, -sxy + 2);
        return sxy + (x - y) * (x - y) - 1.5 * x + 2.5 * y + 1;
      }

    case S_EXPR:
      return lr_expr_eval (self->expr, x, y, grad, hess);

    default:
      g_assert_not_reached ();
    }
}

double
lr_surface_eval (const LrSurface *surface,
                 double           x,
                 double           y,
                 double          *grad,
                 double          *hess)
{
  g_return_val_if_fail (surface != NULL, NAN);
  return eval_builtin (surface, x, y, grad, hess);
}

double
lr_surface_value (const LrSurface *surface,
                  double           x,
                  double           y)
{
  g_return_val_if_fail (surface != NULL, NAN);

  switch (surface->id)
    {
    case S_ROSENBROCK:
      {
        double d = y - x * x;
        return (surface->p[0] - x) * (surface->p[0] - x) + surface->p[1] * d * d;
      }
    case S_EXPR:
      return lr_expr_value (surface->expr, x, y);
    case S_BOWL: case S_BEALE: case S_HIMMELBLAU: case S_BOOTH: case S_SADDLE:
    case S_RASTRIGIN: case S_ACKLEY: case S_GOLDSTEIN_PRICE: case S_SIX_HUMP_CAMEL:
    case S_STYBLINSKI_TANG: case S_MATYAS: case S_THREE_HUMP_CAMEL: case S_MCCORMICK:
    default:
      return eval_builtin (surface, x, y, NULL, NULL);
    }
}

/* ---- metadata --------------------------------------------------------- */

/* Newton's method with the analytic Hessian makes the stored minima exact
 * to the last digits the surface allows. */
static void
refine_minimum (const LrSurface *self,
                LrPoint         *pt)
{
  for (int it = 0; it < 50; it++)
    {
      double g[2], h[3], det, dx, dy;

      eval_builtin (self, pt->x, pt->y, g, h);
      det = h[0] * h[2] - h[1] * h[1];
      if (!(fabs (det) > 0) || !isfinite (det))
        return;
      dx = (h[2] * g[0] - h[1] * g[1]) / det;
      dy = (h[0] * g[1] - h[1] * g[0]) / det;
      if (!isfinite (dx) || !isfinite (dy) || hypot (dx, dy) > 1e-2)
        return;
      pt->x -= dx;
      pt->y -= dy;
      if (hypot (dx, dy) < 1e-17 * (1 + hypot (pt->x, pt->y)))
        return;
    }
}

static void
add_minimum (LrSurface *self,
             double     x,
             double     y,
             gboolean   refine)
{
  LrPoint pt = { x, y };

  g_assert (self->n_minima < LR_SURFACE_MAX_MINIMA);
  if (refine)
    refine_minimum (self, &pt);
  self->minima[self->n_minima++] = pt;
}

static void
set_meta (LrSurface    *self,
          double        xmin,
          double        xmax,
          double        ymin,
          double        ymax,
          double        x0,
          double        y0,
          LrColorScale  scale)
{
  self->view = (LrBox) { xmin, xmax, ymin, ymax };
  self->x0 = x0;
  self->y0 = y0;
  self->scale = scale;
}

static void
init_builtin (LrSurface *self)
{
  switch (self->id)
    {
    case S_BOWL:
      set_meta (self, -5, 5, -4, 4, -4, 3, self->p[0] >= 5 ? LR_COLOR_SCALE_LOG : LR_COLOR_SCALE_LINEAR);
      add_minimum (self, 0, 0, FALSE);
      self->formula = g_strdup_printf ("½·(u² + %g·v²), (u, v) = (x, y) rotated by %g°", self->p[0], self->p[1]);
      break;

    case S_ROSENBROCK:
      set_meta (self, -2, 2, -1, 3, -1.5, 2, LR_COLOR_SCALE_LOG);
      if (fabs (self->p[0]) > 1.5 || self->p[0] * self->p[0] > 2.5)
        {
          double a = self->p[0];
          self->view = (LrBox) { MIN (-2, a - 1), MAX (2, a + 1), MIN (-1, a * a - 1), MAX (3, a * a + 1) };
        }
      if (self->p[1] > 0)
        add_minimum (self, self->p[0], self->p[0] * self->p[0], FALSE);
      else
        add_minimum (self, self->p[0], 0, FALSE);
      self->formula = g_strdup_printf ("(%g − x)² + %g·(y − x²)²", self->p[0], self->p[1]);
      break;

    case S_BEALE:
      set_meta (self, -4.5, 4.5, -4.5, 4.5, 1, 1.5, LR_COLOR_SCALE_LOG);
      add_minimum (self, 3, 0.5, FALSE);
      self->formula = g_strdup ("(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²");
      break;

    case S_HIMMELBLAU:
      set_meta (self, -6, 6, -6, 6, 0, 0, LR_COLOR_SCALE_LOG);
      add_minimum (self, 3, 2, FALSE);
      add_minimum (self, -2.805118086952745, 3.131312518250573, TRUE);
      add_minimum (self, -3.779310253377747, -3.283185991286170, TRUE);
      add_minimum (self, 3.584428340330492, -1.848126526964404, TRUE);
      self->formula = g_strdup ("(x² + y − 11)² + (x + y² − 7)²");
      break;

    case S_BOOTH:
      set_meta (self, -10, 10, -10, 10, -8, -8, LR_COLOR_SCALE_LOG);
      add_minimum (self, 1, 3, FALSE);
      self->formula = g_strdup ("(x + 2y − 7)² + (2x + y − 5)²");
      break;

    case S_SADDLE:
      set_meta (self, -3, 3, -3, 3, -2.5, 0.01, LR_COLOR_SCALE_LINEAR);
      self->formula = g_strdup ("x² − y²");
      break;

    case S_RASTRIGIN:
      set_meta (self, -5.12, 5.12, -5.12, 5.12, -3.3, 2.7, LR_COLOR_SCALE_LINEAR);
      add_minimum (self, 0, 0, FALSE);
      self->formula = g_strdup ("20 + x² − 10·cos(2πx) + y² − 10·cos(2πy)");
      break;

    case S_ACKLEY:
      set_meta (self, -5, 5, -5, 5, -3.5, 2.5, LR_COLOR_SCALE_LINEAR);
      add_minimum (self, 0, 0, FALSE);
      self->formula = g_strdup ("−20·exp(−0.2·√(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20");
      break;

    case S_GOLDSTEIN_PRICE:
      set_meta (self, -2, 2, -3, 1, 1.2, 0.8, LR_COLOR_SCALE_LOG);
      add_minimum (self, 0, -1, FALSE);
      self->formula = g_strdup ("[1 + (x + y + 1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]"
                                "·[30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]");
      break;

    case S_SIX_HUMP_CAMEL:
      set_meta (self, -2.2, 2.2, -1.2, 1.2, -1.7, 0.9, LR_COLOR_SCALE_LINEAR);
      add_minimum (self, 0.08984201368301331, -0.7126564032704135, TRUE);
      add_minimum (self, -0.08984201368301331, 0.7126564032704135, TRUE);
      self->formula = g_strdup ("(4 − 2.1x² + x⁴/3)·x² + xy + (−4 + 4y²)·y²");
      break;

    case S_STYBLINSKI_TANG:
      set_meta (self, -5, 5, -5, 5, -0.5, 1.5, LR_COLOR_SCALE_LINEAR);
      add_minimum (self, -2.903534027771178, -2.903534027771178, TRUE);
      self->formula = g_strdup ("½·(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)");
      break;

    case S_MATYAS:
      set_meta (self, -10, 10, -10, 10, -8, 6, LR_COLOR_SCALE_LOG);
      add_minimum (self, 0, 0, FALSE);
      self->formula = g_strdup ("0.26·(x² + y²) − 0.48·xy");
      break;

    case S_THREE_HUMP_CAMEL:
      set_meta (self, -2.5, 2.5, -2.5, 2.5, -2, 2, LR_COLOR_SCALE_LOG);
      add_minimum (self, 0, 0, FALSE);
      self->formula = g_strdup ("2x² − 1.05x⁴ + x⁶/6 + xy + y²");
      break;

    case S_MCCORMICK:
      set_meta (self, -1.5, 4, -3, 4, 3, 3, LR_COLOR_SCALE_LINEAR);
      add_minimum (self, -0.5471975511965976, -1.5471975511965976, TRUE);
      self->formula = g_strdup ("sin(x + y) + (x − y)² − 1.5x + 2.5y + 1");
      break;

    case S_EXPR:
    default:
      g_assert_not_reached ();
    }

  if (self->n_minima > 0)
    {
      self->has_min_value = TRUE;
      self->min_value = eval_builtin (self, self->minima[0].x, self->minima[0].y, NULL, NULL);
      /* Known exact values where rounding of the location would show. */
      if (self->id == S_GOLDSTEIN_PRICE)
        self->min_value = 3;
      else if (self->id != S_SIX_HUMP_CAMEL && self->id != S_STYBLINSKI_TANG &&
               self->id != S_MCCORMICK)
        self->min_value = 0;
    }
}

LrSurface *
lr_surface_new_from_spec (const LrSpec  *spec,
                          GError       **error)
{
  const LrKindInfo *kind;
  LrParamValue *values;
  LrSurface *self;

  g_return_val_if_fail (spec != NULL, NULL);

  kind = lr_kind_lookup ("surface", kinds, G_N_ELEMENTS (kinds), spec->name, error);
  if (kind == NULL)
    return NULL;

  self = g_new0 (LrSurface, 1);
  self->id = (SurfaceId) (kind - kinds);

  if (self->id == S_EXPR)
    {
      self->expr = lr_expr_parse (spec->formula ? spec->formula : "", error);
      if (self->expr == NULL)
        {
          g_free (self);
          return NULL;
        }
      self->formula = g_strdup (spec->formula);
      set_meta (self, -3, 3, -3, 3, -2, 2, LR_COLOR_SCALE_LINEAR);
      return self;
    }

  values = lr_params_resolve ("surface", kind, spec, error);
  if (values == NULL)
    {
      g_free (self);
      return NULL;
    }
  for (guint i = 0; i < kind->n_params && i < 2; i++)
    self->p[i] = values[i].value;
  lr_param_values_free (values, kind->n_params);

  if (self->id == S_BOWL)
    {
      double t = self->p[1] * G_PI / 180.0;

      self->c = cos (t);
      self->s = sin (t);
    }

  init_builtin (self);
  return self;
}

LrSurface *
lr_surface_new (const char  *spec,
                GError     **error)
{
  g_autoptr(LrSpec) parsed = lr_spec_parse (spec, error);

  if (parsed == NULL)
    return NULL;
  return lr_surface_new_from_spec (parsed, error);
}

LrSurface *
lr_surface_copy (const LrSurface *surface)
{
  LrSurface *copy;

  g_return_val_if_fail (surface != NULL, NULL);

  copy = g_memdup2 (surface, sizeof *surface);
  copy->formula = g_strdup (surface->formula);
  copy->expr = surface->expr ? lr_expr_copy (surface->expr) : NULL;
  return copy;
}

void
lr_surface_free (LrSurface *surface)
{
  if (surface == NULL)
    return;
  lr_expr_free (surface->expr);
  g_free (surface->formula);
  g_free (surface);
}

const char *
lr_surface_get_name (const LrSurface *surface)
{
  g_return_val_if_fail (surface != NULL, NULL);
  return kinds[surface->id].name;
}

char *
lr_surface_to_spec (const LrSurface *surface)
{
  const LrKindInfo *kind;
  GString *s;
  gboolean first = TRUE;

  g_return_val_if_fail (surface != NULL, NULL);

  if (surface->id == S_EXPR)
    return g_strdup_printf ("expr:%s", surface->formula);

  kind = &kinds[surface->id];
  s = g_string_new (kind->name);
  for (guint i = 0; i < kind->n_params; i++)
    if (surface->p[i] != kind->params[i].def)
      {
        g_string_append_printf (s, "%s%s=", first ? ":" : ",", kind->params[i].key);
        lr_format_number (s, surface->p[i]);
        first = FALSE;
      }
  return g_string_free (s, FALSE);
}

const char *
lr_surface_get_formula (const LrSurface *surface)
{
  g_return_val_if_fail (surface != NULL, NULL);
  return surface->formula;
}

void
lr_surface_get_view (const LrSurface *surface,
                     LrBox           *view)
{
  g_return_if_fail (surface != NULL);
  *view = surface->view;
}

void
lr_surface_get_start (const LrSurface *surface,
                      double          *x,
                      double          *y)
{
  g_return_if_fail (surface != NULL);
  *x = surface->x0;
  *y = surface->y0;
}

guint
lr_surface_get_minima (const LrSurface  *surface,
                       const LrPoint   **minima)
{
  g_return_val_if_fail (surface != NULL, 0);
  if (minima != NULL)
    *minima = surface->minima;
  return surface->n_minima;
}

gboolean
lr_surface_get_min_value (const LrSurface *surface,
                          double          *value)
{
  g_return_val_if_fail (surface != NULL, FALSE);
  if (surface->has_min_value && value != NULL)
    *value = surface->min_value;
  return surface->has_min_value;
}

LrColorScale
lr_surface_get_color_scale (const LrSurface *surface)
{
  g_return_val_if_fail (surface != NULL, LR_COLOR_SCALE_LINEAR);
  return surface->scale;
}
