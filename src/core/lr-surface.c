/* lr-surface.c: 2-D loss surfaces with analytic gradient and Hessian
 *
 * Every built-in surface has its value, gradient and Hessian written out by
 * hand; "expr:" surfaces evaluate a formula with second-order dual numbers
 * (lr-expr.c).  A surface is immutable once made, so any number of threads
 * may evaluate it at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lr-expr.h"
#include "lr-surface.h"
#include "lr-surface-table.h"
#include "lr-vmath.h"

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
  S_CATAPULT,
  S_EXPR,
  S_TABLE,       /* lr_surface_new_table(): values on a grid, not a kind one can name */
} SurfaceId;

struct _LrSurface
{
  SurfaceId     id;
  double        p[2];         /* parameters: bowl kappa, theta; rosenbrock a, b */
  double        c, s;         /* bowl: cos and sin of theta */
  LrExpr       *expr;
  LrSurfaceTable *table;
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

/* Indexed by SurfaceId. */
static const LrKindInfo kinds[] = {
  { "bowl", "rotated quadratic bowl ½·(u² + kappa·v²): the textbook case", bowl_params, G_N_ELEMENTS (bowl_params) },
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
  { "mccormick", "McCormick's function: a sine-rippled valley", NULL, 0 },
  { "catapult", "½(xy − 1)², a two-parameter network: the catapult of large learning rates", NULL, 0 },
  { "expr", "a formula in x and y", NULL, 0 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == S_EXPR + 1);

/* The names a person reads, indexed by SurfaceId; marked for translation,
 * translated where they are shown (the core stays in English). */
static const char *titles[] = {
  N_("Quadratic bowl"), N_("Rosenbrock"), N_("Beale"), N_("Himmelblau"), N_("Booth"),
  N_("Saddle"), N_("Rastrigin"), N_("Ackley"), N_("Goldstein–Price"), N_("Six-hump camel"),
  N_("Styblinski–Tang"), N_("Matyas"), N_("Three-hump camel"), N_("McCormick"),
  N_("Catapult"), N_("Formula"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (titles) == G_N_ELEMENTS (kinds));

const char *
lr_surface_kind_title (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].name, name) == 0)
      return titles[i];
  return NULL;
}

const LrKindInfo *
lr_surface_kinds (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

/* ---- metadata of the surfaces without parameters ------------------------ */

typedef struct {
  const char   *formula;
  LrBox         view;
  double        x0, y0;
  LrColorScale  scale;
  guint         n_minima;
  LrPoint       minima[4];
  gboolean      has_min_value;
  double        min_value;
} FixedInfo;

/* Starts make a teaching trajectory: on the multi-modal surfaces (six-hump
 * and three-hump camel, Styblinski–Tang, McCormick) small steps settle in a
 * local minimum while larger ones or momentum reach the global one;
 * Goldstein–Price's needs Adam or a tiny rate (its gradients there are
 * about 1e5).
 *
 * Minima that are not exact in binary are the doubles nearest to the true
 * stationary points (Newton's method in 40-digit arithmetic; the tests
 * refine them again with the analytic Hessian).  McCormick's is
 * (1/2 − π/3, −1/2 − π/3) with value −√3/2 − π/3: the global minimum over
 * its usual domain, the view box (the function itself is unbounded below
 * along x + y → −∞). */
static const FixedInfo fixed[] = {
  [S_BEALE] = {
    "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
    { -4.5, 4.5, -4.5, 4.5 }, 1, 1.5, LR_COLOR_SCALE_LOG,
    1, { { 3, 0.5 } }, TRUE, 0,
  },
  [S_HIMMELBLAU] = {
    "(x² + y − 11)² + (x + y² − 7)²",
    { -6, 6, -6, 6 }, 0, 0, LR_COLOR_SCALE_LOG,
    4, { { 3, 2 },
         { -2.805118086952745, 3.131312518250573 },
         { -3.779310253377747, -3.2831859912861696 },
         { 3.5844283403304917, -1.8481265269644036 } },
    TRUE, 0,
  },
  [S_BOOTH] = {
    "(x + 2y − 7)² + (2x + y − 5)²",
    { -10, 10, -10, 10 }, -8, -8, LR_COLOR_SCALE_LOG,
    1, { { 1, 3 } }, TRUE, 0,
  },
  [S_SADDLE] = {
    "x² − y²",
    { -3, 3, -3, 3 }, -2.5, 0.01, LR_COLOR_SCALE_LINEAR,
    0, { { 0, 0 } }, FALSE, 0,
  },
  [S_RASTRIGIN] = {
    "20 + x² − 10·cos(2πx) + y² − 10·cos(2πy)",
    { -5.12, 5.12, -5.12, 5.12 }, -3.3, 2.7, LR_COLOR_SCALE_LINEAR,
    1, { { 0, 0 } }, TRUE, 0,
  },
  [S_ACKLEY] = {
    "−20·exp(−0.2·√(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20",
    { -5, 5, -5, 5 }, -3.5, 2.5, LR_COLOR_SCALE_LINEAR,
    1, { { 0, 0 } }, TRUE, 0,
  },
  [S_GOLDSTEIN_PRICE] = {
    "[1 + (x + y + 1)²·(19 − 14x + 3x² − 14y + 6xy + 3y²)]"
    "·[30 + (2x − 3y)²·(18 − 32x + 12x² + 48y − 36xy + 27y²)]",
    { -2, 2, -3, 1 }, 1.5, -2.5, LR_COLOR_SCALE_LOG,
    1, { { 0, -1 } }, TRUE, 3,
  },
  [S_SIX_HUMP_CAMEL] = {
    "(4 − 2.1x² + x⁴/3)·x² + xy + (−4 + 4y²)·y²",
    { -2.2, 2.2, -1.2, 1.2 }, -2, -1, LR_COLOR_SCALE_LINEAR,
    2, { { 0.08984201310031806, -0.7126564030207396 },
         { -0.08984201310031806, 0.7126564030207396 } },
    TRUE, -1.0316284534898774,
  },
  [S_STYBLINSKI_TANG] = {
    "½·(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)",
    { -5, 5, -5, 5 }, 4.5, 4.5, LR_COLOR_SCALE_LINEAR,
    1, { { -2.903534027771177, -2.903534027771177 } }, TRUE, -78.33233140754282,
  },
  [S_MATYAS] = {
    "0.26·(x² + y²) − 0.48·xy",
    { -10, 10, -10, 10 }, -8, 6, LR_COLOR_SCALE_LOG,
    1, { { 0, 0 } }, TRUE, 0,
  },
  [S_THREE_HUMP_CAMEL] = {
    "2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    { -2.5, 2.5, -2.5, 2.5 }, -2, -2, LR_COLOR_SCALE_LOG,
    1, { { 0, 0 } }, TRUE, 0,
  },
  [S_MCCORMICK] = {
    "sin(x + y) + (x − y)² − 1.5x + 2.5y + 1",
    { -1.5, 4, -3, 4 }, -1, 3, LR_COLOR_SCALE_LINEAR,
    1, { { -0.5471975511965977, -1.5471975511965979 } }, TRUE, -1.9132229549810364,
  },
  /* The minima are the whole hyperbola xy = 1 (value 0), where the
   * Hessian [[y², 1], [1, x²]] has λmax = x² + y², flattest (2) at
   * ±(1, 1): no list of points, only the minimum value.  From the start,
   * λ0 ≈ 9.03: gradient descent converges below 2/λ0, is thrown by a loss
   * spike to the flatter part of the valley and converges there between
   * 2/λ0 and about 4/λ0, and diverges above. */
  [S_CATAPULT] = {
    "½·(xy − 1)²",
    { -4, 4, -4, 4 }, 0.25, 3, LR_COLOR_SCALE_LOG,
    0, { { 0, 0 } }, TRUE, 0,
  },
};

/* ---- evaluation ------------------------------------------------------- */

static inline void
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

static inline double
gp_q (double x,
      double y)
{
  return 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y;
}

static inline double
gp_s (double x,
      double y)
{
  return 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y;
}

static double
goldstein_price (double  x,
                 double  y,
                 double *grad,
                 double *hess)
{
  /* P = 1 + a²·Q and R = 30 + b²·S, f = P·R */
  double a[6] = { x + y + 1, 1, 1, 0, 0, 0 };
  double q[6] = { gp_q (x, y), -14 + 6 * x + 6 * y, -14 + 6 * x + 6 * y, 6, 6, 6 };
  double b[6] = { 2 * x - 3 * y, 2, -3, 0, 0, 0 };
  double s[6] = { gp_s (x, y), -32 + 24 * x - 36 * y, 48 - 36 * x + 54 * y, 24, -36, 54 };
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

/* Ackley's function.  Written as (20 − 20·exp(−0.2r)) + (e − exp(h)) so
 * that both brackets are exactly 0 at the origin.
 *
 * The cone 20 − 20·exp(−0.2r), r = √(½(x² + y²)), has no derivative at its
 * tip: there the gradient is its subgradient 0 and the Hessian leaves the
 * cone out (its curvature grows like 2/r towards the tip), so the Hessian
 * at (0, 0) is that of the smooth cosine term alone, diag(2π²e, 2π²e).
 * Off the tip the cone's curvature is capped at 1/DBL_MIN so that
 * subnormal distances still give finite numbers. */
static double
ackley (double  x,
        double  y,
        double *grad,
        double *hess)
{
  double rho = hypot (x, y);
  double r = rho * G_SQRT2 * 0.5;
  double ea = exp (-0.2 * r);
  double cx = cos (2 * G_PI * x), cy = cos (2 * G_PI * y);
  double eb = exp (0.5 * (cx + cy));
  double value = (20 - 20 * ea) + (G_E - eb);

  if (grad != NULL || hess != NULL)
    {
      double hx = -G_PI * sin (2 * G_PI * x), hy = -G_PI * sin (2 * G_PI * y);
      double hxx = -2 * G_PI * G_PI * cx, hyy = -2 * G_PI * G_PI * cy;
      double fx = -eb * hx, fy = -eb * hy;
      double fxx = -eb * (hx * hx + hxx), fxy = -eb * hx * hy, fyy = -eb * (hy * hy + hyy);

      if (rho > 0)
        {
          /* d/dr of the cone and its second derivative */
          double g1 = 4 * ea, g2 = -0.8 * ea;
          /* the direction from the tip, with subnormal offsets scaled up first */
          double sx = rho < 1e-150 ? ldexp (x, 600) : x;
          double sy = rho < 1e-150 ? ldexp (y, 600) : y;
          double nx = sx / hypot (sx, sy), ny = sy / hypot (sx, sy);
          double rx = nx * G_SQRT2 * 0.5, ry = ny * G_SQRT2 * 0.5;
          double inv_r = 1 / MAX (r, DBL_MIN);
          double rxx = 0.5 * ny * ny * inv_r;
          double rxy = -0.5 * nx * ny * inv_r;
          double ryy = 0.5 * nx * nx * inv_r;

          fx += g1 * rx;
          fy += g1 * ry;
          fxx += g2 * rx * rx + g1 * rxx;
          fxy += g2 * rx * ry + g1 * rxy;
          fyy += g2 * ry * ry + g1 * ryy;
        }
      set_out (grad, hess, fx, fy, fxx, fxy, fyy);
    }
  return value;
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

    case S_CATAPULT:
      {
        /* ½r² = (r/√2)² with r = xy − 1 */
        const double r[1][6] = {
          { (x * y - 1) * G_SQRT2 / 2, y * G_SQRT2 / 2, x * G_SQRT2 / 2, 0, G_SQRT2 / 2, 0 },
        };
        return sum_of_squares (r, 1, grad, hess);
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
      return ackley (x, y, grad, hess);

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

    case S_TABLE:
      return _lr_surface_table_eval (self->table, x, y, grad, hess);

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

/* The same expressions as eval_builtin() without the derivatives, so a
 * heatmap and a trajectory agree on every value. */
static inline __attribute__ ((always_inline)) double
value_of (const LrSurface *surface,
          SurfaceId        id,
          double           x,
          double           y)
{
  switch (id)
    {
    case S_BOWL:
      {
        double k = surface->p[0], c = surface->c, s = surface->s;
        double u = c * x + s * y;
        double v = -s * x + c * y;

        return 0.5 * (u * u + k * v * v);
      }

    case S_ROSENBROCK:
      {
        double a = surface->p[0], d = y - x * x;

        return (a - x) * (a - x) + surface->p[1] * d * d;
      }

    case S_BEALE:
      {
        double y2 = y * y, y3 = y2 * y;
        double r1 = 1.5 - x + x * y, r2 = 2.25 - x + x * y2, r3 = 2.625 - x + x * y3;

        return r1 * r1 + r2 * r2 + r3 * r3;
      }

    case S_HIMMELBLAU:
      {
        double r1 = x * x + y - 11, r2 = x + y * y - 7;

        return r1 * r1 + r2 * r2;
      }

    case S_BOOTH:
      {
        double r1 = x + 2 * y - 7, r2 = 2 * x + y - 5;

        return r1 * r1 + r2 * r2;
      }

    case S_CATAPULT:
      return 0.5 * (x * y - 1) * (x * y - 1);

    case S_SADDLE:
      return x * x - y * y;

    case S_RASTRIGIN:
      return 20 + x * x - 10 * cos (2 * G_PI * x) + y * y - 10 * cos (2 * G_PI * y);

    case S_GOLDSTEIN_PRICE:
      {
        double a = x + y + 1, b = 2 * x - 3 * y;

        return ((a * a) * gp_q (x, y) + 1) * ((b * b) * gp_s (x, y) + 30);
      }

    case S_SIX_HUMP_CAMEL:
      {
        double x2 = x * x, x4 = x2 * x2, y2 = y * y;

        return (4 - 2.1 * x2 + x4 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
      }

    case S_STYBLINSKI_TANG:
      return 0.5 * ((x * x * x * x - 16 * x * x + 5 * x) + (y * y * y * y - 16 * y * y + 5 * y));

    case S_MATYAS:
      return 0.26 * (x * x + y * y) - 0.48 * x * y;

    case S_THREE_HUMP_CAMEL:
      {
        double x2 = x * x, x4 = x2 * x2;

        return 2 * x2 - 1.05 * x4 + x4 * x2 / 6 + x * y + y * y;
      }

    case S_MCCORMICK:
      return sin (x + y) + (x - y) * (x - y) - 1.5 * x + 2.5 * y + 1;

    case S_EXPR:
      return lr_expr_value (surface->expr, x, y);

    case S_ACKLEY:
    case S_TABLE:
    default:
      return eval_builtin (surface, x, y, NULL, NULL);
    }
}

double
lr_surface_value (const LrSurface *surface,
                  double           x,
                  double           y)
{
  g_return_val_if_fail (surface != NULL, NAN);

  return value_of (surface, surface->id, x, y);
}

/* Ackley on a grid: exp(½(cos 2πx + cos 2πy)) is exp(½cos 2πx)·exp(½cos 2πy),
 * one factor per column and one per row, so a pixel costs one exp. */
static void
ackley_grid (const double *xs,
             guint         nx,
             const double *ys,
             guint         ny,
             double       *out)
{
  g_autofree double *ex = g_new (double, nx);

  for (guint i = 0; i < nx; i++)
    ex[i] = exp (0.5 * cos (2 * G_PI * xs[i]));
  for (guint j = 0; j < ny; j++)
    {
      double *row = out + (gsize) j * nx;
      double y = ys[j], ey = exp (0.5 * cos (2 * G_PI * y));

      for (guint i = 0; i < nx; i++)
        row[i] = -0.2 * (sqrt (xs[i] * xs[i] + y * y) * (G_SQRT2 * 0.5));
      lr_vexp (row, nx);
      for (guint i = 0; i < nx; i++)
        row[i] = (20 - 20 * row[i]) + (G_E - ex[i] * ey);
    }
}

/* Rastrigin is a sum of a function of x and one of y. */
static void
rastrigin_grid (const double *xs,
                guint         nx,
                const double *ys,
                guint         ny,
                double       *out)
{
  g_autofree double *fx = g_new (double, nx);

  for (guint i = 0; i < nx; i++)
    fx[i] = 20 + xs[i] * xs[i] - 10 * cos (2 * G_PI * xs[i]);
  for (guint j = 0; j < ny; j++)
    {
      double *row = out + (gsize) j * nx;
      double fy = ys[j] * ys[j] - 10 * cos (2 * G_PI * ys[j]);

      for (guint i = 0; i < nx; i++)
        row[i] = fx[i] + fy;
    }
}

/* McCormick: sin(x + y) = sin x·cos y + cos x·sin y. */
static void
mccormick_grid (const double *xs,
                guint         nx,
                const double *ys,
                guint         ny,
                double       *out)
{
  g_autofree double *sx = g_new (double, 2 * nx);
  double *cx = sx + nx;

  for (guint i = 0; i < nx; i++)
    {
      sx[i] = sin (xs[i]);
      cx[i] = cos (xs[i]);
    }
  for (guint j = 0; j < ny; j++)
    {
      double *row = out + (gsize) j * nx;
      double y = ys[j], sy = sin (y), cy = cos (y);

      for (guint i = 0; i < nx; i++)
        {
          double x = xs[i];

          row[i] = (sx[i] * cy + cx[i] * sy) + (x - y) * (x - y) - 1.5 * x + 2.5 * y + 1;
        }
    }
}

#define GRID_CASE(id_)                                                       \
  case id_:                                                                  \
    for (guint j = 0; j < ny; j++)                                           \
      for (guint i = 0; i < nx; i++)                                         \
        out[(gsize) j * nx + i] = value_of (surface, id_, xs[i], ys[j]);     \
    break

void
lr_surface_value_grid (const LrSurface *surface,
                       const double    *xs,
                       guint            nx,
                       const double    *ys,
                       guint            ny,
                       double          *out)
{
  g_return_if_fail (surface != NULL);
  g_return_if_fail (nx == 0 || ny == 0 || (xs != NULL && ys != NULL && out != NULL));

  if (nx == 0 || ny == 0)
    return;

  switch (surface->id)
    {
    case S_ACKLEY:
      ackley_grid (xs, nx, ys, ny, out);
      break;
    case S_RASTRIGIN:
      rastrigin_grid (xs, nx, ys, ny, out);
      break;
    case S_MCCORMICK:
      mccormick_grid (xs, nx, ys, ny, out);
      break;
    case S_EXPR:
      if (lr_expr_value_grid (surface->expr, xs, nx, ys, ny, out))
        break;
      for (guint j = 0; j < ny; j++)
        for (guint i = 0; i < nx; i++)
          out[(gsize) j * nx + i] = lr_expr_value (surface->expr, xs[i], ys[j]);
      break;
    GRID_CASE (S_BOWL);
    GRID_CASE (S_ROSENBROCK);
    GRID_CASE (S_BEALE);
    GRID_CASE (S_HIMMELBLAU);
    GRID_CASE (S_BOOTH);
    GRID_CASE (S_SADDLE);
    GRID_CASE (S_GOLDSTEIN_PRICE);
    GRID_CASE (S_SIX_HUMP_CAMEL);
    GRID_CASE (S_STYBLINSKI_TANG);
    GRID_CASE (S_MATYAS);
    GRID_CASE (S_CATAPULT);
    GRID_CASE (S_THREE_HUMP_CAMEL);
    case S_TABLE:
      for (guint j = 0; j < ny; j++)
        for (guint i = 0; i < nx; i++)
          out[(gsize) j * nx + i] = _lr_surface_table_eval (surface->table, xs[i], ys[j], NULL, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- construction ----------------------------------------------------- */

/* A number for a formula shown to people: shortest exact text, with a
 * real minus sign. */
static void
append_number (GString *out,
               double   value)
{
  if (value < 0)
    {
      g_string_append (out, "−");
      value = -value;
    }
  lr_format_number (out, value);
}

static void
init_bowl (LrSurface *self)
{
  double k = self->p[0], theta = self->p[1];
  double t = theta * G_PI / 180.0;
  /* The start sits at (u, v) = (−4, 1.5): far along the valley and a
   * little up its wall, so the zig-zag across the narrow direction and the
   * slow crawl along the flat one both show, at any rotation. */
  const double u0 = -4, v0 = 1.5;
  GString *f = g_string_new ("½·(");

  /* Exact quarter turns, so that a rotation by 90° is exactly symmetric. */
  if (fmod (theta, 90) == 0)
    {
      static const double cs[4][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
      int q = ((int) (theta / 90) % 4 + 4) % 4;

      self->c = cs[q][0];
      self->s = cs[q][1];
    }
  else
    {
      self->c = cos (t);
      self->s = sin (t);
    }

  self->x0 = self->c * u0 - self->s * v0;
  self->y0 = self->s * u0 + self->c * v0;
  /* Wide enough for the start at any rotation (|start| ≈ 4.27). */
  if (self->s == 0)
    self->view = (LrBox) { -5, 5, -4, 4 };
  else
    self->view = (LrBox) { -5, 5, -5, 5 };
  self->scale = k >= 5 ? LR_COLOR_SCALE_LOG : LR_COLOR_SCALE_LINEAR;
  self->minima[0] = (LrPoint) { 0, 0 };
  self->n_minima = 1;
  self->has_min_value = TRUE;
  self->min_value = 0;

  if (theta == 0)
    {
      g_string_append (f, "x² + ");
      append_number (f, k);
      g_string_append (f, "·y²)");
    }
  else
    {
      GString *deg = g_string_new (NULL);

      append_number (deg, theta);
      g_string_append (f, "u² + ");
      append_number (f, k);
      g_string_append_printf (f, "·v²), u = x·cos %s° + y·sin %s°, v = y·cos %s° − x·sin %s°",
                              deg->str, deg->str, deg->str, deg->str);
      g_string_free (deg, TRUE);
    }
  self->formula = g_string_free (f, FALSE);
}

static void
init_rosenbrock (LrSurface *self)
{
  double a = self->p[0], b = self->p[1];
  GString *f = g_string_new ("(");

  /* Start on the arm of the banana away from the minimum, and frame both. */
  self->x0 = a >= -0.25 ? -1.5 : 1.5;
  self->y0 = 2;
  self->view = (LrBox) { MIN (-2, a - 1), MAX (2, a + 1), MIN (-1, a * a - 1), MAX (3, a * a + 1) };
  self->scale = LR_COLOR_SCALE_LOG;
  self->has_min_value = TRUE;
  self->min_value = 0;
  /* With b = 0 the whole line x = a is minimal: no single point to list. */
  if (b > 0)
    {
      self->minima[0] = (LrPoint) { a, a * a };
      self->n_minima = 1;
    }

  append_number (f, a);
  g_string_append (f, " − x)² + ");
  append_number (f, b);
  g_string_append (f, "·(y − x²)²");
  self->formula = g_string_free (f, FALSE);
}

static void
init_fixed (LrSurface *self)
{
  const FixedInfo *info = &fixed[self->id];

  self->formula = g_strdup (info->formula);
  self->view = info->view;
  self->x0 = info->x0;
  self->y0 = info->y0;
  self->scale = info->scale;
  self->n_minima = info->n_minima;
  memcpy (self->minima, info->minima, info->n_minima * sizeof (LrPoint));
  self->has_min_value = info->has_min_value;
  self->min_value = info->min_value;
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

  if (kind == &kinds[S_EXPR])
    {
      LrExpr *expr = lr_expr_parse (spec->formula != NULL ? spec->formula : "", error);

      if (expr == NULL)
        return NULL;
      self = g_new0 (LrSurface, 1);
      self->id = S_EXPR;
      self->expr = expr;
      self->formula = g_strdup (lr_expr_get_text (expr));
      self->view = (LrBox) { -3, 3, -3, 3 };
      self->x0 = -2;
      self->y0 = 2;
      self->scale = LR_COLOR_SCALE_LINEAR;
      return self;
    }

  values = lr_params_resolve ("surface", kind, spec, error);
  if (values == NULL)
    return NULL;

  self = g_new0 (LrSurface, 1);
  self->id = (SurfaceId) (kind - kinds);
  for (guint i = 0; i < kind->n_params && i < G_N_ELEMENTS (self->p); i++)
    self->p[i] = values[i].value;
  lr_param_values_free (values, kind->n_params);

  switch (self->id)
    {
    case S_BOWL:
      init_bowl (self);
      break;
    case S_ROSENBROCK:
      init_rosenbrock (self);
      break;
    case S_BEALE: case S_HIMMELBLAU: case S_BOOTH: case S_SADDLE: case S_RASTRIGIN:
    case S_ACKLEY: case S_GOLDSTEIN_PRICE: case S_SIX_HUMP_CAMEL: case S_STYBLINSKI_TANG:
    case S_MATYAS: case S_THREE_HUMP_CAMEL: case S_MCCORMICK: case S_CATAPULT:
      init_fixed (self);
      break;
    case S_EXPR:
    case S_TABLE:
    default:
      g_assert_not_reached ();
    }
  return self;
}

LrSurface *
lr_surface_new_table (const LrBox  *box,
                      guint         nx,
                      guint         ny,
                      const double *values)
{
  LrSurface *self;

  g_return_val_if_fail (box != NULL && values != NULL, NULL);
  g_return_val_if_fail (nx >= 2 && ny >= 2, NULL);
  g_return_val_if_fail (box->xmax > box->xmin && box->ymax > box->ymin, NULL);

  self = g_new0 (LrSurface, 1);
  self->id = S_TABLE;
  self->table = _lr_surface_table_new (box, nx, ny, values);
  self->view = *box;
  self->scale = LR_COLOR_SCALE_LOG;
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
  copy->expr = surface->expr != NULL ? lr_expr_copy (surface->expr) : NULL;
  copy->table = surface->table != NULL ? _lr_surface_table_copy (surface->table) : NULL;
  return copy;
}

void
lr_surface_free (LrSurface *surface)
{
  if (surface == NULL)
    return;
  lr_expr_free (surface->expr);
  _lr_surface_table_free (surface->table);
  g_free (surface->formula);
  g_free (surface);
}

/* ---- accessors -------------------------------------------------------- */

const char *
lr_surface_get_name (const LrSurface *surface)
{
  g_return_val_if_fail (surface != NULL, NULL);
  if (surface->id == S_TABLE)
    return "table";
  return kinds[surface->id].name;
}

const char *
lr_surface_get_title (const LrSurface *surface)
{
  g_return_val_if_fail (surface != NULL, NULL);
  if (surface->id == S_TABLE)
    return N_("Measured surface");
  return titles[surface->id];
}

char *
lr_surface_to_spec (const LrSurface *surface)
{
  const LrKindInfo *kind;
  GString *s;
  gboolean first = TRUE;

  g_return_val_if_fail (surface != NULL, NULL);

  if (surface->id == S_EXPR)
    return g_strconcat ("expr:", lr_expr_get_text (surface->expr), NULL);
  if (surface->id == S_TABLE)
    return g_strdup ("table");

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
  g_return_if_fail (view != NULL);
  *view = surface->view;
}

void
lr_surface_get_start (const LrSurface *surface,
                      double          *x,
                      double          *y)
{
  g_return_if_fail (surface != NULL);
  if (x != NULL)
    *x = surface->x0;
  if (y != NULL)
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

gboolean
lr_surface_get_escape_level (const LrSurface *surface,
                             double          *level)
{
  g_return_val_if_fail (surface != NULL, FALSE);
  /* x² − y² is below −1 only where |y| > 1: a unit away from the saddle
   * along the way down. */
  if (surface->id != S_SADDLE)
    return FALSE;
  if (level != NULL)
    *level = -1.0;
  return TRUE;
}

LrColorScale
lr_surface_get_color_scale (const LrSurface *surface)
{
  g_return_val_if_fail (surface != NULL, LR_COLOR_SCALE_LINEAR);
  return surface->scale;
}
