/* test-render-averaged.c: a Schedule-Free run's three sequences on a panel, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "lr-render.h"

#define W 480
#define H 400

static cairo_surface_t *
blank (void)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
}

static guint32
pixel (cairo_surface_t *image,
       int              x,
       int              y)
{
  const guint8 *data;

  cairo_surface_flush (image);
  g_assert_true (x >= 0 && y >= 0 && x < W && y < H);
  data = cairo_image_surface_get_data (image) + (gsize) y * cairo_image_surface_get_stride (image);
  return ((const guint32 *) (gconstpointer) data)[x];
}

/* Pixels that differ within @r pixels of (x, y). */
static guint
differences_near (cairo_surface_t *a,
                  cairo_surface_t *b,
                  double           x,
                  double           y,
                  int              r)
{
  guint n = 0;

  for (int j = (int) y - r; j <= (int) y + r; j++)
    for (int i = (int) x - r; i <= (int) x + r; i++)
      if (i >= 0 && j >= 0 && i < W && j < H && pixel (a, i, j) != pixel (b, i, j))
        n++;
  return n;
}

/* Pixels that differ, and how many of them lie outside @box (when not NULL). */
static guint
differences (cairo_surface_t *a,
             cairo_surface_t *b,
             const LrRect    *box,
             guint           *outside)
{
  guint n = 0;

  if (outside != NULL)
    *outside = 0;
  for (int j = 0; j < H; j++)
    for (int i = 0; i < W; i++)
      if (pixel (a, i, j) != pixel (b, i, j))
        {
          n++;
          if (box != NULL && outside != NULL &&
              (i + 1 < box->x || i > box->x + box->width + 1 ||
               j + 1 < box->y || j > box->y + box->height + 1))
            (*outside)++;
        }
  return n;
}

static void
draw (cairo_surface_t   *image,
      const LrPanelSpec *spec,
      LrPanelLayer       layer,
      LrRect            *extent)
{
  cairo_t *cr = cairo_create (image);

  lr_render_panel (cr, W, H, spec, layer, extent);
  cairo_destroy (cr);
}

typedef struct {
  LrSurface    *surface;
  LrTrajectory *traj;
  LrTrajectory  plain;       /* the same points without z and y */
  LrRenderRun   run;
} Fixture;

static void
fixture_init (Fixture    *f,
              const char *optimizer,
              guint       steps)
{
  g_autoptr(GError) error = NULL;
  LrOptimizerConfig config;

  f->surface = lr_surface_new ("bowl:kappa=10,theta=30", &error);
  g_assert_no_error (error);
  g_assert_true (lr_optimizer_config_parse (optimizer, &config, &error));
  g_assert_no_error (error);
  f->traj = lr_trajectory_compute (f->surface, &config, NULL, -4, 3, steps, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->traj->averaged);
  f->plain = *f->traj;
  f->plain.averaged = NULL;
  f->run = (LrRenderRun) { .trajectory = f->traj, .label = "schedule-free", .color = { 0.9, 0.4, 0.1 } };
  lr_trajectory_summarize (f->traj, f->surface, NULL, G_MAXUINT, &f->run.summary);
}

static void
fixture_clear (Fixture *f)
{
  lr_trajectory_free (f->traj);
  lr_surface_free (f->surface);
}

static LrPanelSpec
panel_spec (Fixture           *f,
            const LrRenderRun *run,
            guint              step,
            double             fraction)
{
  LrPanelSpec spec = { 0 };

  spec.surface = f->surface;
  spec.view = (LrBox) { -5, 5, -5, 5 };
  spec.colormap = LR_COLORMAP_VIRIDIS;
  spec.axes = TRUE;
  spec.runs = run;
  spec.n_runs = 1;
  spec.step = step;
  spec.fraction = fraction;
  spec.x0 = -4;
  spec.y0 = 3;
  spec.show_start = TRUE;
  return spec;
}

/* z faint, y as a white ring at the head, x the trail: what the panel adds to the same trail
 * drawn without the other two sequences. */
static void
test_sequences_drawn (void)
{
  Fixture f;
  const guint step = 25;
  LrRenderRun plain_run;
  LrPanelSpec with, without;
  cairo_surface_t *a = blank (), *b = blank ();
  const LrAveragedPoint *at;
  LrRect plot;
  double zx, zy, yx, yy, mx, my;

  fixture_init (&f, "adamw_schedulefree:lr=0.3", 200);
  plain_run = f.run;
  plain_run.trajectory = &f.plain;
  with = panel_spec (&f, &f.run, step, 0);
  without = panel_spec (&f, &plain_run, step, 0);
  draw (a, &with, LR_PANEL_LAYER_ALL, NULL);
  draw (b, &without, LR_PANEL_LAYER_ALL, NULL);
  lr_render_panel_layout (W, H, NULL, TRUE, &plot);

  at = &f.traj->averaged[step];
  /* here z runs well ahead of the average x */
  g_assert_cmpfloat (hypot (at->zx - f.traj->points[step].x, at->zy - f.traj->points[step].y), >, 1);
  g_assert_true (lr_render_map_point (&plot, &with.view, at->zx, at->zy, &zx, &zy));
  g_assert_true (lr_render_map_point (&plot, &with.view, at->yx, at->yy, &yx, &yy));

  /* z's head is drawn … */
  g_assert_cmpuint (differences_near (a, b, zx, zy, 2), >, 4);
  /* … and the faint line z came along, half-way through the run so far */
  at = &f.traj->averaged[step / 2];
  g_assert_true (lr_render_map_point (&plot, &with.view, at->zx, at->zy, &mx, &my));
  g_assert_cmpuint (differences_near (a, b, mx, my, 1), >, 0);
  /* y is a white ring: white pixels around it that the trail alone does not have */
  {
    guint white = 0;

    for (int j = (int) yy - 6; j <= (int) yy + 6; j++)
      for (int i = (int) yx - 6; i <= (int) yx + 6; i++)
        {
          double d = hypot (i + 0.5 - yx, j + 0.5 - yy);
          guint32 p = pixel (a, i, j), q = pixel (b, i, j);

          if (d > 2.5 && d < 4.7 && (p & 0xffffff) == 0xffffff && (q & 0xffffff) != 0xffffff)
            white++;
        }
    g_assert_cmpuint (white, >, 6);
  }
  /* the key in the bottom-left corner of the plot */
  g_assert_cmpuint (differences_near (a, b, plot.x + 40, plot.y + plot.height - 25, 15), >, 50);
  /* and nothing far from all of them, e.g. the top-right corner of the plot */
  g_assert_cmpuint (differences_near (a, b, plot.x + plot.width - 15, plot.y + 15, 10), ==, 0);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  fixture_clear (&f);
}

/* Drawn in layers as widgets and animations draw them, the panel is the same; what moves
 * lies inside the extent the moving layer reports. */
static void
test_sequences_layers (void)
{
  const guint steps[] = { 3, 30, 140, 400 };
  Fixture f;

  fixture_init (&f, "sgd_schedulefree:lr=0.05", 400);
  for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
    {
      LrPanelSpec spec = panel_spec (&f, &f.run, steps[k], 0.4);
      cairo_surface_t *whole = blank (), *parts = blank (), *still = blank ();
      LrRect moving, caption;
      guint outside;

      draw (whole, &spec, LR_PANEL_LAYER_OVERLAY, NULL);
      draw (parts, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
      draw (still, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
      draw (parts, &spec, LR_PANEL_LAYER_MOVING_TRAILS, &moving);
      g_assert_cmpuint (differences (parts, still, &moving, &outside), >, 0);
      g_assert_cmpuint (outside, ==, 0);
      draw (parts, &spec, LR_PANEL_LAYER_CAPTION, &caption);
      g_assert_cmpuint (differences (whole, parts, NULL, NULL), ==, 0);

      cairo_surface_destroy (whole);
      cairo_surface_destroy (parts);
      cairo_surface_destroy (still);
    }
  fixture_clear (&f);
}

/* A run that leaves the surface draws no stray z or y, and nothing crashes. */
static void
test_sequences_diverging (void)
{
  Fixture f;
  cairo_surface_t *a = blank ();

  fixture_init (&f, "sgd_schedulefree:lr=50", 200);
  g_assert_true (f.traj->diverged);
  for (guint step = 0; step < f.traj->n_points + 2; step += 3)
    {
      LrPanelSpec spec = panel_spec (&f, &f.run, step, 0.5);

      draw (a, &spec, LR_PANEL_LAYER_ALL, NULL);
      g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
    }
  cairo_surface_destroy (a);
  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/averaged/drawn", test_sequences_drawn);
  g_test_add_func ("/render/averaged/layers", test_sequences_layers);
  g_test_add_func ("/render/averaged/diverging", test_sequences_diverging);

  return g_test_run ();
}
