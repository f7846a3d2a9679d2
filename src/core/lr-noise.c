/* lr-noise.c: gradient noise on the surfaces, and the floor it sets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-noise.h"
#include "lr-spec.h"

#define MAX_BATCH 1000000000.0
#define MAX_SEED 9007199254740992.0   /* 2^53: every seed reads back exactly */

static gboolean
noise_error (GError    **error,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
noise_error (GError    **error,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LR_ERROR, LR_ERROR_VALUE, "noise: %s", message);
  return FALSE;
}

static gboolean
parse_item (const char    *item,
            LrNoiseConfig *config,
            GError       **error)
{
  const char *eq = strchr (item, '=');
  g_autofree char *key = eq ? g_strndup (item, eq - item) : g_strdup (item);
  double v = 0;

  if (eq == NULL)
    return noise_error (error, "'%s' is not key=value; write sigma=S,batch=B,seed=N", item);
  if (!g_str_equal (key, "sigma") && !g_str_equal (key, "batch") && !g_str_equal (key, "seed"))
    return noise_error (error, "unknown key '%s'; valid: sigma, batch, seed", key);
  if (!lr_parse_double (eq + 1, &v))
    return noise_error (error, "%s: '%s' is not a finite number", key, eq + 1);

  if (g_str_equal (key, "sigma"))
    {
      if (v < 0)
        return noise_error (error, "sigma: '%s' is negative; valid: 0 or more", eq + 1);
      config->sigma = v;
    }
  else if (g_str_equal (key, "batch"))
    {
      if (v != floor (v) || v < 1 || v > MAX_BATCH)
        return noise_error (error, "batch: '%s' is not valid; valid: a whole number from 1 to %.0f",
                            eq + 1, MAX_BATCH);
      config->batch = (guint) v;
    }
  else
    {
      if (v != floor (v) || v < 0 || v > MAX_SEED)
        return noise_error (error, "seed: '%s' is not valid; valid: a whole number from 0 to %.0f",
                            eq + 1, MAX_SEED);
      config->seed = (guint64) v;
    }
  return TRUE;
}

gboolean
lr_noise_config_parse (const char    *text,
                       LrNoiseConfig *config,
                       GError       **error)
{
  LrNoiseConfig c = { 0, 1, 0 };
  g_auto(GStrv) items = NULL;

  if (text == NULL || *text == '\0')
    return noise_error (error, "empty; write sigma=S,batch=B,seed=N");
  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    if (!parse_item (items[i], &c, error))
      return FALSE;
  *config = c;
  return TRUE;
}

char *
lr_noise_config_to_spec (const LrNoiseConfig *config)
{
  GString *s = g_string_new ("sigma=");

  lr_format_number (s, config->sigma);
  g_string_append_printf (s, ",batch=%u,seed=%" G_GUINT64_FORMAT, config->batch, config->seed);
  return g_string_free (s, FALSE);
}

double
lr_noise_config_scale (const LrNoiseConfig *config)
{
  return config->sigma / sqrt ((double) config->batch);
}

void
lr_noise_init (LrNoise             *noise,
               const LrNoiseConfig *config)
{
  lr_random_init_stream (&noise->rng, config->seed, LR_RANDOM_STREAM_NOISE);
  noise->scale = lr_noise_config_scale (config);
}

void
lr_noise_add (LrNoise *noise,
              double  *grad)
{
  double nx = lr_random_normal (&noise->rng);
  double ny = lr_random_normal (&noise->rng);

  grad[0] += noise->scale * nx;
  grad[1] += noise->scale * ny;
}

double
lr_noise_floor_sgd (const LrNoiseConfig *config,
                    double               lr,
                    const double         eig[2])
{
  double s2 = lr_noise_config_scale (config) * lr_noise_config_scale (config);
  double floor = 0;

  for (guint i = 0; i < 2; i++)
    {
      double d = 2 - lr * eig[i];

      if (d <= 0)
        return INFINITY;
      floor += lr * s2 / (2 * d);
    }
  return floor;
}

/* The same Hessian at points spread over the view and beyond: a quadratic
 * (exact derivatives make that exact up to rounding). */
static gboolean
hessian_is_constant (const LrSurface *surface,
                     double           h0[3])
{
  static const double at[][2] = {
    { 0.5, 0.5 }, { 0.0, 0.0 }, { 1.0, 1.0 }, { 0.137, 0.911 }, { 0.803, 0.229 }, { -2.3, 3.1 },
  };
  LrBox view;
  double grad[2], h[3], scale;

  lr_surface_get_view (surface, &view);
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      double x = view.xmin + at[i][0] * (view.xmax - view.xmin);
      double y = view.ymin + at[i][1] * (view.ymax - view.ymin);

      lr_surface_eval (surface, x, y, grad, i == 0 ? h0 : h);
      if (i == 0)
        continue;
      scale = fabs (h0[0]) + fabs (h0[1]) + fabs (h0[2]);
      for (guint j = 0; j < 3; j++)
        if (!isfinite (h[j]) || fabs (h[j] - h0[j]) > 1e-9 * scale)
          return FALSE;
    }
  return TRUE;
}

static gboolean
positive_definite (const double h[3],
                   double       eig[2])
{
  double mean = 0.5 * (h[0] + h[2]);
  double radius = hypot (0.5 * (h[0] - h[2]), h[1]);

  eig[0] = mean - radius;
  eig[1] = mean + radius;
  return eig[0] > 0 && isfinite (eig[1]);
}

gboolean
lr_noise_reference_minimum (const LrSurface *surface,
                            double          *fstar)
{
  double h[3], eig[2], g[2], x, y, det;
  LrBox view;

  g_return_val_if_fail (surface != NULL && fstar != NULL, FALSE);

  if (lr_surface_get_min_value (surface, fstar))
    return TRUE;
  if (!hessian_is_constant (surface, h) || !positive_definite (h, eig))
    return FALSE;
  /* one Newton step from anywhere lands on a quadratic's minimum */
  lr_surface_get_view (surface, &view);
  x = 0.5 * (view.xmin + view.xmax);
  y = 0.5 * (view.ymin + view.ymax);
  lr_surface_eval (surface, x, y, g, NULL);
  det = h[0] * h[2] - h[1] * h[1];
  x -= (h[2] * g[0] - h[1] * g[1]) / det;
  y -= (h[0] * g[1] - h[1] * g[0]) / det;
  *fstar = lr_surface_eval (surface, x, y, g, NULL);
  return isfinite (*fstar);
}

double
lr_noise_theory_floor (const LrSurface         *surface,
                       const LrOptimizerConfig *optimizer,
                       const char              *schedule,
                       const LrNoiseConfig     *config)
{
  double h[3], eig[2], fstar, floor;

  g_return_val_if_fail (surface != NULL && optimizer != NULL && config != NULL, NAN);

  if (optimizer->rule != LR_RULE_SGD || optimizer->momentum != 0 ||
      optimizer->weight_decay != 0 || !(config->sigma > 0))
    return NAN;
  if (schedule != NULL && *schedule != '\0' && !g_str_equal (schedule, "constant"))
    return NAN;
  if (!lr_noise_reference_minimum (surface, &fstar) || !hessian_is_constant (surface, h) ||
      !positive_definite (h, eig))
    return NAN;
  /* at or above the critical rate there is no floor: the run diverges */
  floor = lr_noise_floor_sgd (config, optimizer->lr, eig);
  return isfinite (floor) ? floor : NAN;
}

void
lr_noise_measure_floor (const double *gap,
                        guint         n,
                        guint         window,
                        double       *floor_out,
                        int          *steps_to_floor)
{
  double sum = 0, floor;
  guint half = n / 2;

  *steps_to_floor = -1;
  *floor_out = NAN;
  if (n < 2)
    return;
  for (guint k = half; k < n; k++)
    sum += gap[k];
  floor = sum / (n - half);
  *floor_out = floor;
  if (!isfinite (floor))
    return;

  window = CLAMP (window, 1, n);
  sum = 0;
  for (guint k = 0; k < n; k++)
    {
      sum += gap[k];
      if (k >= window)
        sum -= gap[k - window];
      if (k + 1 >= window && sum / window < 2 * floor)
        {
          *steps_to_floor = (int) (k + 1 - window);
          return;
        }
    }
}
