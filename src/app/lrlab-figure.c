/* lrlab-figure.c: the surfaces page's figure as render draws it, with its
 * own copies of what it shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lrlab-figure.h"
#include "lrlab-util.h"

struct _LrlabFigure
{
  LrFigureSpec   spec;
  LrRenderTheme  theme;
  gboolean       dark;
  LrSurface     *surface;
  LrRenderRun   *runs;
  GPtrArray     *strings;        /* labels and schedules */
  GPtrArray     *trajectories;
  LrOptimizerConfig *configs;    /* each run's, for the sharpness limit */
};

LrlabFigure *
lrlab_figure_new (const LrSurface *surface,
                  const LrBox     *view,
                  double           x0,
                  double           y0,
                  GPtrArray       *runs,
                  gboolean         overlay,
                  gboolean         sharpness,
                  guint            step,
                  const char      *colormap,
                  gboolean         contours,
                  gboolean         dark)
{
  LrlabFigure *figure;
  guint n;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (runs != NULL, NULL);

  figure = g_new0 (LrlabFigure, 1);
  figure->dark = dark;
  figure->surface = lr_surface_copy (surface);
  figure->strings = g_ptr_array_new_with_free_func (g_free);
  figure->trajectories = g_ptr_array_new_with_free_func ((GDestroyNotify) lr_trajectory_free);
  figure->runs = lrlab_render_runs (runs, surface, step, &n, figure->strings);
  figure->configs = g_new0 (LrOptimizerConfig, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      LrRenderRun *run = &figure->runs[i];
      LrTrajectory *copy = lr_trajectory_copy (run->trajectory);

      g_ptr_array_add (figure->trajectories, copy);
      run->trajectory = copy;
      if (run->optimizer != NULL)
        {
          figure->configs[i] = *run->optimizer;
          run->optimizer = &figure->configs[i];
        }
      if (run->schedule != NULL)
        {
          run->schedule = g_strdup (run->schedule);
          g_ptr_array_add (figure->strings, (char *) run->schedule);
        }
    }

  figure->spec.surface = figure->surface;
  figure->spec.view = *view;
  figure->spec.x0 = x0;
  figure->spec.y0 = y0;
  figure->spec.runs = figure->runs;
  figure->spec.n_runs = n;
  figure->spec.overlay = overlay;
  figure->spec.sharpness = sharpness;
  figure->spec.step = step;
  figure->spec.colormap = lr_colormap_from_name (colormap);
  figure->spec.contours = contours;
  figure->spec.plots = TRUE;
  figure->spec.theme = &figure->theme;
  lr_render_theme_init (&figure->theme, dark, 1.0);
  return figure;
}

void
lrlab_figure_free (LrlabFigure *figure)
{
  if (figure == NULL)
    return;
  g_free (figure->runs);
  g_free (figure->configs);
  g_ptr_array_unref (figure->strings);
  g_ptr_array_unref (figure->trajectories);
  lr_surface_free (figure->surface);
  g_free (figure);
}

const LrFigureSpec *
lrlab_figure_get_spec (LrlabFigure *figure,
                       int          height)
{
  g_return_val_if_fail (figure != NULL, NULL);

  lr_render_theme_init (&figure->theme, figure->dark, MAX (1.0, height / 900.0));
  return &figure->spec;
}

guint
lrlab_figure_get_length (LrlabFigure *figure)
{
  guint length = 0;

  g_return_val_if_fail (figure != NULL, 0);

  for (guint i = 0; i < figure->spec.n_runs; i++)
    length = MAX (length, figure->runs[i].trajectory->n_points - 1);
  return length;
}

gboolean
lrlab_figure_write (LrlabFigure  *figure,
                    const char   *path,
                    int           width,
                    int           height,
                    GError      **error)
{
  g_return_val_if_fail (figure != NULL, FALSE);

  return lr_render_figure_to_file (path, width, height, lrlab_figure_get_spec (figure, height), error);
}
