/* lr-run-plot.c: loss and learning rate of runs against the step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-noise.h"
#include "lr-render-private.h"
#include "lr-sharpness.h"

/* The series of run @run up to @step: loss gaps (or losses) or rates. */
static double *
run_values (const LrRenderRun *run,
            LrRunPlotKind      kind,
            guint              step,
            gboolean           known,
            double             fmin,
            double             floor_value,
            guint             *n_out)
{
  const LrTrajectory *t = run->trajectory;
  guint n = MIN ((guint64) step + 1, (guint64) t->n_points);
  double *y = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      if (kind == LR_RUN_PLOT_LOSS)
        {
          double gap = t->points[i].loss - (known ? fmin : 0);

          /* converged runs end in rounding noise; keep it off the axis */
          y[i] = known && isfinite (gap) ? MAX (gap, 1e-16) : gap;
          /* On a surface unbounded below an escaping run falls without end:
           * the plot shows it leave through the bottom. */
          if (y[i] < floor_value)
            y[i] = NAN;
        }
      else if (kind == LR_RUN_PLOT_LR)
        y[i] = t->points[i].lr;
    }
  *n_out = n;
  return y;
}

/* The sharpness of run @run up to @step, and in @limit the largest sharpness
 * each update's rate keeps stable (NULL when the method has none). */
static double *
run_sharpness (const LrRenderRun *run,
               const LrSurface   *surface,
               guint              step,
               double           **limit,
               guint             *n_out)
{
  const LrTrajectory *t = run->trajectory;
  guint n = MIN ((guint64) step + 1, (guint64) t->n_points);
  double *y = lr_trajectory_sharpness (surface, t);
  double *l = NULL;

  if (run->optimizer != NULL && isfinite (lr_stability_factor (run->optimizer)))
    {
      l = g_new (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        l[i] = lr_sharpness_limit (run->optimizer, t->points[i].lr);
    }
  *limit = l;
  *n_out = n;
  return y;
}

/* A y range that shows every run's sharpness and limit where they matter:
 * the whole runs (so the axis holds still while playing), without the values
 * of diverging runs, and limits far above every sharpness cut off. */
static void
sharpness_range (const LrRenderRun *runs,
                 guint              n_runs,
                 const LrSurface   *surface,
                 double            *ymin,
                 double            *ymax)
{
  double smax = 0, smin = 0, lmax = 0;

  for (guint r = 0; r < n_runs; r++)
    {
      const LrTrajectory *t = runs[r].trajectory;
      g_autofree double *s = NULL;
      guint end;

      if (t == NULL || t->n_points == 0)
        continue;
      s = lr_trajectory_sharpness (surface, t);
      end = t->diverged ? 1 : t->n_points;
      for (guint i = 0; i < end; i++)
        if (isfinite (s[i]))
          {
            smax = MAX (smax, s[i]);
            smin = MIN (smin, s[i]);
          }
      if (runs[r].optimizer != NULL)
        for (guint i = 0; i < t->n_points; i++)
          {
            double l = lr_sharpness_limit (runs[r].optimizer, t->points[i].lr);

            if (isfinite (l))
              lmax = MAX (lmax, l);
          }
    }
  if (!(smax > 0))
    smax = MAX (lmax, 1);
  *ymax = 1.15 * MAX (smax, MIN (lmax, 3 * smax));
  *ymin = MAX (smin, -*ymax);
  if (*ymin < 0)
    *ymin *= 1.15;
}

/* The step run @run actually took at each update up to @step (its effective_lr), where it
 * differs from the schedule's rate: d·lr of Prodigy and D-Adaptation, DoG's ηₜ, a
 * Schedule-Free warm-up.  NaN elsewhere, but a differing stretch keeps the rate's point on
 * each side so that the dashed line leaves and rejoins the solid one.  NULL when it never
 * differs. */
static double *
effective_values (const LrRenderRun *run,
                  guint              step,
                  guint             *n_out)
{
  const LrTrajectory *t = run->trajectory;
  guint n = MIN ((guint64) step + 1, (guint64) t->n_points);
  g_autofree gboolean *differs = g_new0 (gboolean, n);
  double *y;
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      double e = t->points[i].effective_lr, lr = t->points[i].lr;

      differs[i] = isfinite (e) && e > 0 && !(fabs (e - lr) <= 1e-9 * fabs (lr));
      any |= differs[i];
    }
  if (!any)
    return NULL;
  y = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      gboolean near = differs[i] || (i > 0 && differs[i - 1]) || (i + 1 < n && differs[i + 1]);

      y[i] = near ? t->points[i].effective_lr : NAN;
    }
  *n_out = n;
  return y;
}

/* Log y for losses unless one is ≤ 0 without a known minimum (a saddle),
 * and for rates that span more than a decade or so. */
static gboolean
use_log_y (LrRunPlotKind       kind,
           gboolean            known,
           const LrPlotSeries *series,
           guint               n_runs)
{
  double lo = INFINITY, hi = 0;

  if (kind == LR_RUN_PLOT_LOSS)
    {
      if (known)
        return TRUE;
      for (guint r = 0; r < n_runs; r++)
        for (guint i = 0; i < series[r].n; i++)
          if (isfinite (series[r].y[i]) && series[r].y[i] <= 0)
            return FALSE;
      return TRUE;
    }
  for (guint r = 0; r < n_runs; r++)
    for (guint i = 0; i < series[r].n; i++)
      if (series[r].y[i] > 0 && isfinite (series[r].y[i]))
        {
          lo = MIN (lo, series[r].y[i]);
          hi = MAX (hi, series[r].y[i]);
        }
  return hi > 0 && hi / lo > 20;
}

/* A horizontal line across the plot at @y. */
static void
floor_line (LrPlotSeries *series,
            const LrRgb  *color,
            double        y,
            guint         max_len,
            gboolean      dotted,
            GPtrArray    *arrays)
{
  double *xs = g_new (double, 2), *ys = g_new (double, 2);

  xs[0] = 0;
  xs[1] = max_len;
  ys[0] = ys[1] = y;
  g_ptr_array_add (arrays, xs);
  g_ptr_array_add (arrays, ys);
  *series = (LrPlotSeries) { NULL, *color, xs, ys, 2, !dotted, FALSE, dotted };
}

/* A noisy run's loss gaps jump by decades on a log axis: its raw curve is
 * drawn pale (its colour mixed with the background) and on top the gap
 * averaged over the short window that also finds the steps to the floor
 * (LR_NOISE_FLOOR_WINDOW), in its colour.  Returns the series' count. */
static guint
add_smoothed (const LrRenderRun   *runs,
              guint                n_runs,
              LrPlotSeries        *series,
              guint                n,
              const LrRenderTheme *theme,
              GPtrArray           *arrays)
{
  for (guint r = 0; r < n_runs; r++)
    {
      const LrTrajectory *t = runs[r].trajectory;
      const double *raw = series[r].y;
      guint len = series[r].n, window;
      double *y, sum = 0;
      guint count = 0;

      if (t == NULL || !t->noisy || raw == NULL || len == 0)
        continue;
      window = LR_NOISE_FLOOR_WINDOW (t->n_points);
      y = g_new (double, len);
      for (guint i = 0; i < len; i++)
        {
          /* a trailing mean over the finite values of the window */
          if (isfinite (raw[i]))
            {
              sum += raw[i];
              count++;
            }
          if (i >= window && isfinite (raw[i - window]))
            {
              sum -= raw[i - window];
              count--;
            }
          y[i] = count > 0 ? sum / count : NAN;
        }
      g_ptr_array_add (arrays, y);
      series[n] = series[r];
      series[n].y = y;
      series[r].color = (LrRgb) { 0.35 * series[r].color.r + 0.65 * theme->background.r,
                                  0.35 * series[r].color.g + 0.65 * theme->background.g,
                                  0.35 * series[r].color.b + 0.65 * theme->background.b };
      n++;
    }
  return n;
}

/* Noisy runs' floors after the curves: dashed, the floor a settled run
 * measures (the mean gap over the second half so far); dotted, the floor
 * plain SGD has in theory on a quadratic.  Returns the series' count. */
static guint
add_floors (const LrRenderRun *runs,
            guint              n_runs,
            LrPlotSeries      *series,
            guint              n,
            guint              max_len,
            GPtrArray         *arrays)
{
  for (guint r = 0; r < n_runs; r++)
    {
      const LrTrajectory *t = runs[r].trajectory;

      if (t == NULL || !t->noisy)
        continue;
      if (runs[r].summary.verdict == LR_VERDICT_SETTLED && runs[r].summary.noise_floor > 0)
        floor_line (&series[n++], &runs[r].color, runs[r].summary.noise_floor, max_len, FALSE,
                    arrays);
      if (runs[r].theory_floor > 0 && isfinite (runs[r].theory_floor))
        floor_line (&series[n++], &runs[r].color, runs[r].theory_floor, max_len, TRUE, arrays);
    }
  return n;
}

void
lr_render_run_plot (cairo_t             *cr,
                    double               width,
                    double               height,
                    LrRunPlotKind        kind,
                    const LrSurface     *surface,
                    const LrRenderRun   *runs,
                    guint                n_runs,
                    guint                step,
                    const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  g_autofree LrPlotSeries *series = NULL;
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  LrPlotSpec spec = { 0 };
  LrPlotMarker marker;
  double fmin = 0, escape_level = 0, floor_value = -INFINITY;
  gboolean known = FALSE;
  guint max_len = 0, shown_step = 0, n_series;
  gboolean any_taken = FALSE;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (runs != NULL || n_runs == 0);

  theme = default_theme (theme, &fallback);
  if (surface != NULL && kind == LR_RUN_PLOT_LOSS)
    known = lr_surface_get_min_value (surface, &fmin) && isfinite (fmin);
  if (surface != NULL && lr_surface_get_escape_level (surface, &escape_level))
    floor_value = 10 * escape_level;

  /* each run's curve, then (loss) its smoothed curve and up to two floor
   * lines, or dashed after the runs' own: each run's limit (sharpness) or
   * the step it took where that differs from the schedule's rate (learning
   * rate) */
  series = g_new0 (LrPlotSeries, MAX (4 * n_runs, 1));
  n_series = kind == LR_RUN_PLOT_LOSS ? n_runs : 2 * n_runs;
  for (guint r = 0; r < n_runs; r++)
    {
      const LrTrajectory *t = runs[r].trajectory;

      series[r].label = runs[r].label;
      series[r].color = runs[r].color;
      if (t == NULL || t->n_points == 0)
        continue;
      max_len = MAX (max_len, t->n_steps);
      if (kind == LR_RUN_PLOT_SHARPNESS && surface != NULL)
        {
          double *limit;

          series[r].y = run_sharpness (&runs[r], surface, step, &limit, &series[r].n);
          if (limit != NULL)
            {
              series[n_runs + r] = (LrPlotSeries) { NULL, runs[r].color, NULL, limit,
                                                    series[r].n, TRUE, FALSE };
              g_ptr_array_add (arrays, limit);
            }
        }
      else
        series[r].y = run_values (&runs[r], kind, step, known, fmin, floor_value, &series[r].n);
      if (kind == LR_RUN_PLOT_LR)
        {
          LrPlotSeries *e = &series[n_runs + r];

          e->y = effective_values (&runs[r], step, &e->n);
          if (e->y != NULL)
            {
              /* Translators: a run's label, then what its dashed line shows */
              char *label = g_strdup_printf (_("%s, step taken"), runs[r].label ? runs[r].label : "");

              g_ptr_array_add (arrays, (gpointer) e->y);
              g_ptr_array_add (labels, label);
              e->label = label;
              e->color = runs[r].color;
              e->dashed = TRUE;
              any_taken = TRUE;
            }
        }
      g_ptr_array_add (arrays, (gpointer) series[r].y);
      shown_step = MAX (shown_step, series[r].n - 1);
    }

  if (kind == LR_RUN_PLOT_LOSS && known && max_len > 0)
    {
      n_series = add_smoothed (runs, n_runs, series, n_series, theme, arrays);
      n_series = add_floors (runs, n_runs, series, n_series, max_len, arrays);
    }

  if (kind == LR_RUN_PLOT_LOSS)
    spec.title = known ? _("Loss gap f − f* against step") : _("Loss against step");
  else if (kind == LR_RUN_PLOT_LR && any_taken)
    spec.title = _("Learning rate, dashed: step taken");
  else if (kind == LR_RUN_PLOT_LR)
    spec.title = _("Learning rate against step");
  else
    spec.title = _("Sharpness λmax against step; dashed: its limit, 2/lr for SGD");
  spec.x_label = _("step");
  if (kind == LR_RUN_PLOT_SHARPNESS)
    {
      spec.fixed_y = surface != NULL;
      if (spec.fixed_y)
        sharpness_range (runs, n_runs, surface, &spec.ymin, &spec.ymax);
      spec.n_series = n_series;
    }
  else
    {
      /* (the scale follows the runs and their steps taken, not the floors) */
      spec.log_y = use_log_y (kind, known, series, kind == LR_RUN_PLOT_LR ? n_series : n_runs);
      spec.n_series = n_series;
    }
  spec.fixed_x = max_len > 0;
  spec.xmin = 0;
  spec.xmax = MAX (max_len, 1);
  spec.series = series;
  spec.empty_text = n_runs == 0 ? _("No runs") : _("No finite values to plot");
  spec.theme = theme;
  if (step != G_MAXUINT && n_runs > 0 && max_len > 0)
    {
      marker = (LrPlotMarker) { MIN (step, shown_step), NULL, theme->muted, TRUE };
      spec.markers = &marker;
      spec.n_markers = 1;
    }
  lr_render_line_plot (cr, width, height, &spec);
}
