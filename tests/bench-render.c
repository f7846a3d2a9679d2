/* bench-render.c: frame times of the render module against the 60 Hz budget
 *
 * Heatmap recompute at 1920×1080 (a built-in surface and a formula), the same
 * on one core (the process pinned to one CPU), and
 * a whole 2×3 figure with plots and table.  Prints ms per frame and the ratio
 * to 16.7 ms (below 1 fits in a frame).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#ifdef __linux__
#include <sched.h>
#endif

#include "lr-render.h"

#define BUDGET_MS (1000.0 / 60.0)

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
report (const char *what,
        double      ms)
{
  printf ("%-44s %8.2f ms/frame   %5.2f × budget (16.7 ms)\n", what, ms, ms / BUDGET_MS);
  fflush (stdout);
}

/* Best-of-rounds mean: the machine's noise only ever adds time. */
static double
time_heatmap (const LrSurface *surface,
              int              width,
              int              height,
              guint            frames)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  LrBox view;
  double best = INFINITY;

  lr_surface_get_view (surface, &view);
  for (int round = 0; round < 3; round++)
    {
      double t0 = now_ms ();

      for (guint f = 0; f < frames; f++)
        {
          /* a slightly different view each frame, as when panning */
          LrBox v = view;
          double d = 1e-3 * f * (view.xmax - view.xmin);

          v.xmin += d;
          v.xmax += d;
          lr_render_heatmap (image, surface, &v, LR_COLORMAP_VIRIDIS,
                             lr_surface_get_color_scale (surface));
        }
      best = MIN (best, (now_ms () - t0) / frames);
    }
  cairo_surface_destroy (image);
  return best;
}

/* Pins the process to its first allowed CPU: both heatmap threads then share
 * one core, which measures the single-core cost. */
static gboolean
pin_to_one_cpu (void)
{
#ifdef __linux__
  cpu_set_t set;

  if (sched_getaffinity (0, sizeof set, &set) != 0)
    return FALSE;
  for (int c = 0; c < CPU_SETSIZE; c++)
    if (CPU_ISSET (c, &set))
      {
        CPU_ZERO (&set);
        CPU_SET (c, &set);
        return sched_setaffinity (0, sizeof set, &set) == 0;
      }
#endif
  return FALSE;
}

static const char *heatmap_specs[] = {
  "rosenbrock", "himmelblau", "goldstein_price", "ackley",
  "expr:sin(3*x)*cos(3*y)+0.1*(x^2+y^2)", "expr:x*exp(-(x^2+y^2))", "expr:sin(x*y)",
  "expr:cos(x^2+y^2)*exp(-0.1*(x^2+y^2))",
};

static void
bench_heatmaps (const char *how)
{
  for (guint i = 0; i < G_N_ELEMENTS (heatmap_specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrSurface) surface = lr_surface_new (heatmap_specs[i], &error);
      g_autofree char *label = NULL;

      g_assert_no_error (error);
      label = g_strdup_printf ("heatmap 1920x1080 %s, %s", heatmap_specs[i], how);
      report (label, time_heatmap (surface, 1920, 1080, 10));
    }
}

static void
bench_figure (void)
{
  const char *opts[6] = { "sgd:lr=0.0001", "sgd:lr=0.001", "sgd:lr=0.002",
                          "momentum:lr=0.001", "adam:lr=0.05", "rmsprop:lr=0.005" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) surface = lr_surface_new ("rosenbrock", &error);
  LrTrajectory *traj[6];
  LrRenderRun runs[6] = { { 0 } };
  LrRenderTheme theme;
  LrFigureSpec spec = { 0 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cairo_t *cr = cairo_create (image);
  double best = INFINITY, best_panels = INFINITY;
  const guint frames = 8;

  g_assert_no_error (error);
  for (int i = 0; i < 6; i++)
    {
      LrOptimizerConfig config;

      g_assert_true (lr_optimizer_config_parse (opts[i], &config, &error));
      traj[i] = lr_trajectory_compute (surface, &config, NULL, -1.5, 2, 500, &error);
      g_assert_no_error (error);
      runs[i].trajectory = traj[i];
      lr_trajectory_summarize (traj[i], surface, NULL, G_MAXUINT, &runs[i].summary);
      runs[i].label = opts[i];
      lr_render_palette (i, &runs[i].color);
    }
  lr_render_theme_init (&theme, FALSE, 1.2);
  spec.surface = surface;
  lr_surface_get_view (surface, &spec.view);
  spec.x0 = -1.5;
  spec.y0 = 2;
  spec.runs = runs;
  spec.n_runs = 6;
  spec.colormap = LR_COLORMAP_VIRIDIS;
  spec.contours = TRUE;
  spec.plots = TRUE;
  spec.theme = &theme;

  for (int round = 0; round < 3; round++)
    {
      double t0 = now_ms ();

      for (guint f = 0; f < frames; f++)
        {
          spec.step = 60 * f;
          lr_render_figure (cr, 1920, 1080, &spec);
        }
      best = MIN (best, (now_ms () - t0) / frames);
    }
  report ("figure 1920x1080, 2x3 panels + plots + table", best);

  /* What an animation frame redraws over the cached layers (backgrounds with
   * the old parts of the trails): the moving parts and, on a new step, the
   * captions. */
  {
    LrRect plot;

    lr_render_panel_layout (620, 440, &theme, TRUE, &plot);
    for (int round = 0; round < 3; round++)
      {
        double t0 = now_ms ();

        for (guint f = 0; f < frames; f++)
          for (int p = 0; p < 6; p++)
            {
              LrPanelSpec ps = { .surface = surface, .view = spec.view, .axes = TRUE,
                                 .runs = &runs[p], .n_runs = 1, .step = 40 * f, .fraction = 0.5,
                                 .theme = &theme };

              cairo_save (cr);
              cairo_translate (cr, (p % 3) * 630, (p / 3) * 450);
              lr_render_panel (cr, 620, 440, &ps, LR_PANEL_LAYER_MOVING_TRAILS, NULL);
              lr_render_panel (cr, 620, 440, &ps, LR_PANEL_LAYER_CAPTION, NULL);
              cairo_restore (cr);
            }
        best_panels = MIN (best_panels, (now_ms () - t0) / frames);
      }
    report ("animation frame: 6 moving layers + captions", best_panels);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (image);
  for (int i = 0; i < 6; i++)
    lr_trajectory_free (traj[i]);
}

int
main (int    argc,
      char **argv)
{
  printf ("render benchmark (%u processors)\n", g_get_num_processors ());
  bench_heatmaps ("2 threads");
  bench_figure ();
  if (pin_to_one_cpu ())
    bench_heatmaps ("one core");
  return 0;
}
