/* test-render-noise.c: what noisy runs add to the pictures — the cloud
 * around the head and the floors on the loss plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "lr-noise.h"
#include "lr-render.h"

#define W 480
#define H 480
#define STEPS 600

static LrTrajectory *
noisy_run (const LrSurface *surface,
           const char      *optimizer)
{
  LrNoiseConfig noise = { 1, 4, 5 };
  LrOptimizerConfig config;
  LrTrajectory *traj;

  g_assert_true (lr_optimizer_config_parse (optimizer, &config, NULL));
  traj = lr_trajectory_compute_noisy (surface, &config, NULL, &noise, -1.5, 1, STEPS, NULL);
  g_assert_nonnull (traj);
  g_assert_true (traj->noisy);
  return traj;
}

static guint8
alpha_at (cairo_surface_t *image,
          double           x,
          double           y)
{
  const guint32 *row = (const guint32 *) (gpointer) (cairo_image_surface_get_data (image) +
                                                     (int) y * cairo_image_surface_get_stride (image));

  return row[(int) x] >> 24;
}

static guint
painted (cairo_surface_t *image)
{
  guint n = 0;

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      n += alpha_at (image, x, y) > 0;
  return n;
}

/* The moving layer of a panel (trails from LR_RENDER_TRAIL_RECENT steps
 * before the head on) at the last step, on a transparent image. */
static cairo_surface_t *
moving_layer (const LrPanelSpec *spec,
              LrRect            *extent)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (image);

  lr_render_panel (cr, W, H, spec, LR_PANEL_LAYER_MOVING_TRAILS, extent);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  return image;
}

/* The points before the recent trail, up to LR_RENDER_CLOUD_POINTS back,
 * are drawn on the moving layer only for a noisy run: the cloud. */
static void
test_cloud (void)
{
  g_autoptr(LrSurface) surface = lr_surface_new ("bowl:kappa=4", NULL);
  g_autoptr(LrTrajectory) traj = noisy_run (surface, "sgd:lr=0.2");
  LrTrajectory quiet = *traj;
  LrRenderRun run = { 0 };
  LrPanelSpec spec = { 0 };
  LrRenderTheme theme;
  LrRect plot, with_extent = { 0, 0, -1, -1 }, without_extent = { 0, 0, -1, -1 };
  cairo_surface_t *with, *without;
  guint covered = 0, covered_without = 0, inside = 0;

  quiet.noisy = FALSE;
  lr_render_theme_init (&theme, FALSE, 1);
  run.trajectory = traj;
  run.color = (LrRgb) { 0.9, 0.3, 0.1 };
  spec.surface = surface;
  spec.view = (LrBox) { -2, 2, -2, 2 };
  spec.runs = &run;
  spec.n_runs = 1;
  spec.step = STEPS;
  spec.axes = TRUE;
  spec.theme = &theme;
  with = moving_layer (&spec, &with_extent);
  run.trajectory = &quiet;
  without = moving_layer (&spec, &without_extent);

  lr_render_panel_layout (W, H, &theme, TRUE, &plot);
  for (guint i = STEPS - 150; i < STEPS - LR_RENDER_TRAIL_RECENT - 4; i++)
    {
      double px, py;

      g_assert_true (lr_render_map_point (&plot, &spec.view, traj->points[i].x, traj->points[i].y,
                                          &px, &py));
      if (px < plot.x + 2 || py < plot.y + 2 || px > plot.x + plot.width - 2 ||
          py > plot.y + plot.height - 2)
        continue;
      inside++;
      covered += alpha_at (with, px, py) > 0;
      covered_without += alpha_at (without, px, py) > 0;
    }
  g_test_message ("%u points of the cloud inside: %u drawn with noise, %u without", inside,
                  covered, covered_without);
  g_assert_cmpuint (inside, >, 50);
  g_assert_cmpuint (covered, ==, inside);
  /* the recent trail crosses some of them; the cloud covers every one and
   * adds its discs to what is painted */
  g_assert_cmpuint (covered_without, <, covered);
  g_test_message ("painted pixels: %u with noise, %u without", painted (with), painted (without));
  g_assert_cmpuint (painted (with), >, painted (without) + painted (without) / 10);
  /* what the widget redraws covers the cloud */
  g_assert_cmpfloat (with_extent.width * with_extent.height, >,
                     without_extent.width * without_extent.height);

  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

static cairo_surface_t *
loss_plot (const LrSurface   *surface,
           const LrRenderRun *run)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, 300);
  cairo_t *cr = cairo_create (image);

  lr_render_run_plot (cr, W, 300, LR_RUN_PLOT_LOSS, surface, run, 1, G_MAXUINT, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  return image;
}

/* The pixels where two images of the same size differ. */
static guint
n_differ (cairo_surface_t *a,
          cairo_surface_t *b)
{
  guint n = 0;
  int stride = cairo_image_surface_get_stride (a), h = cairo_image_surface_get_height (a);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < cairo_image_surface_get_width (a); x++)
      n += ((guint32 *) (gpointer) (cairo_image_surface_get_data (a) + y * stride))[x] !=
           ((guint32 *) (gpointer) (cairo_image_surface_get_data (b) + y * stride))[x];
  return n;
}

/* The loss plot has a line at each settled run's measured floor and, when
 * given, at its theoretical floor; a run still falling has no measured one. */
static void
test_floor_lines (void)
{
  g_autoptr(LrSurface) surface = lr_surface_new ("bowl:kappa=4", NULL);
  g_autoptr(LrTrajectory) traj = noisy_run (surface, "sgd:lr=0.2");
  LrNoiseConfig noise = { 1, 4, 5 };
  LrOptimizerConfig config;
  LrRenderRun run = { 0 };
  cairo_surface_t *plain, *measured, *both;
  guint one, two;

  g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.2", &config, NULL));
  run.trajectory = traj;
  run.color = (LrRgb) { 0.9, 0.3, 0.1 };
  lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, &run.summary);
  g_assert_cmpint (run.summary.verdict, ==, LR_VERDICT_SETTLED);

  run.summary.verdict = LR_VERDICT_SLOW;
  plain = loss_plot (surface, &run);
  run.summary.verdict = LR_VERDICT_SETTLED;
  measured = loss_plot (surface, &run);
  run.theory_floor = lr_noise_theory_floor (surface, &config, NULL, &noise);
  g_assert_true (run.theory_floor > 0);
  both = loss_plot (surface, &run);

  one = n_differ (plain, measured);
  two = n_differ (measured, both);
  g_test_message ("the measured floor changes %u pixels, the theoretical one %u more", one, two);
  /* a line across most of the plot's width */
  g_assert_cmpuint (one, >, W / 3);
  g_assert_cmpuint (two, >, W / 6);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (measured);
  cairo_surface_destroy (both);
}

/* The table's rows of noisy runs carry the floor once a run is at it. */
static void
test_table_rows (void)
{
  g_autoptr(LrSurface) surface = lr_surface_new ("bowl:kappa=4", NULL);
  g_autoptr(LrTrajectory) traj = noisy_run (surface, "sgd:lr=0.2");
  LrRenderRun run = { 0 };
  LrTableRow row;

  run.trajectory = traj;
  lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, &run.summary);
  lr_render_table_rows_from_runs (&run, 1, &row);
  g_assert_true (row.noisy);
  g_assert_cmpint (row.steps_to_floor, ==, run.summary.steps_to_floor);
  g_assert_cmpfloat (row.noise_floor, ==, run.summary.noise_floor);
  lr_trajectory_summarize (traj, surface, NULL, 4, &run.summary);
  lr_render_table_rows_from_runs (&run, 1, &row);
  g_assert_cmpint (row.steps_to_floor, ==, -1);
  g_assert_true (isnan (row.noise_floor));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render-noise/cloud", test_cloud);
  g_test_add_func ("/render-noise/floor-lines", test_floor_lines);
  g_test_add_func ("/render-noise/table-rows", test_table_rows);
  return g_test_run ();
}
