/* test-render-heads.c: what the heads of a panel leave visible — every
 * minimum's star, and every run when several end at the same point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <cairo.h>

#include "lr-render.h"

#define W 480
#define H 400

static guint32
pixel (cairo_surface_t *image,
       int              x,
       int              y)
{
  const guint8 *data;

  g_assert_true (x >= 0 && y >= 0 && x < W && y < H);
  data = cairo_image_surface_get_data (image) + (gsize) y * cairo_image_surface_get_stride (image);
  return ((const guint32 *) (gconstpointer) data)[x] & 0xffffff;
}

/* Pixels within @r of (x, y) whose colour is within a few levels of @c. */
static guint
count_near (cairo_surface_t *image,
            double           x,
            double           y,
            double           r,
            const LrRgb     *c)
{
  guint n = 0;

  cairo_surface_flush (image);
  for (int j = (int) (y - r); j <= (int) (y + r); j++)
    for (int i = (int) (x - r); i <= (int) (x + r); i++)
      {
        guint32 p = pixel (image, i, j);
        int dr = (int) ((p >> 16) & 0xff) - (int) lround (c->r * 255);
        int dg = (int) ((p >> 8) & 0xff) - (int) lround (c->g * 255);
        int db = (int) (p & 0xff) - (int) lround (c->b * 255);

        if (hypot (i + 0.5 - x, j + 0.5 - y) <= r && abs (dr) <= 6 && abs (dg) <= 6 && abs (db) <= 6)
          n++;
      }
  return n;
}

/* Pixels within @r of (x, y) that are nearly white (a star's lines,
 * antialiased). */
static guint
count_light (cairo_surface_t *image,
             double           x,
             double           y,
             double           r)
{
  guint n = 0;

  cairo_surface_flush (image);
  for (int j = (int) (y - r); j <= (int) (y + r); j++)
    for (int i = (int) (x - r); i <= (int) (x + r); i++)
      {
        guint32 p = pixel (image, i, j);

        if (hypot (i + 0.5 - x, j + 0.5 - y) <= r &&
            ((p >> 16) & 0xff) >= 200 && ((p >> 8) & 0xff) >= 200 && (p & 0xff) >= 200)
          n++;
      }
  return n;
}

static cairo_surface_t *
draw (const LrPanelSpec *spec)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (image);

  lr_render_panel (cr, W, H, spec, LR_PANEL_LAYER_ALL, NULL);
  cairo_destroy (cr);
  return image;
}

static LrPanelSpec
panel (LrSurface         *surface,
       const LrRenderRun *runs,
       guint              n_runs,
       guint              step)
{
  LrPanelSpec spec = { 0 };

  spec.surface = surface;
  lr_surface_get_view (surface, &spec.view);
  spec.colormap = LR_COLORMAP_VIRIDIS;
  spec.axes = TRUE;
  spec.runs = runs;
  spec.n_runs = n_runs;
  spec.step = step;
  return spec;
}

/* Himmelblau's four equal minima, a run come to rest on each: every
 * minimum still shows its star, drawn over the head. */
static void
test_every_minimum_starred (void)
{
  g_autoptr(GError) error = NULL;
  LrSurface *surface = lr_surface_new ("himmelblau", &error);
  const LrPoint *minima;
  guint n = lr_surface_get_minima (surface, &minima);
  LrRenderRun runs[4] = { 0 };
  LrOptimizerConfig config;
  LrPanelSpec spec;
  cairo_surface_t *image;
  LrRect plot;

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  g_assert_true (lr_optimizer_config_parse ("sgd:lr=0.01", &config, &error));
  for (guint i = 0; i < n; i++)
    {
      runs[i].trajectory = lr_trajectory_compute (surface, &config, NULL, minima[i].x + 0.3,
                                                  minima[i].y - 0.2, 200, &error);
      g_assert_no_error (error);
      lr_render_palette (i, &runs[i].color);
      lr_trajectory_summarize (runs[i].trajectory, surface, NULL, G_MAXUINT, &runs[i].summary);
      g_assert_cmpint (runs[i].summary.verdict, ==, LR_VERDICT_CONVERGED);
    }
  spec = panel (surface, runs, n, 200);
  image = draw (&spec);
  lr_render_panel_layout (W, H, NULL, TRUE, &plot);
  for (guint i = 0; i < n; i++)
    {
      double px, py;

      g_assert_true (lr_render_map_point (&plot, &spec.view, minima[i].x, minima[i].y, &px, &py));
      /* the head is there (its colour around the centre) … */
      g_assert_cmpuint (count_near (image, px, py, 5, &runs[i].color), >, 3);
      /* … and the star's white lines cross its inside, where a head alone
       * is its colour only */
      g_test_message ("minimum %u: %u light pixels inside its head", i, count_light (image, px, py, 3.5));
      g_assert_cmpuint (count_light (image, px, py, 3.5), >=, 2);
    }
  cairo_surface_destroy (image);
  for (guint i = 0; i < n; i++)
    lr_trajectory_free ((LrTrajectory *) runs[i].trajectory);
  lr_surface_free (surface);
}

/* Three runs that end at the same point (Rosenbrock's minimum): each head
 * keeps a ring of its own colour. */
static void
test_coinciding_heads (void)
{
  g_autoptr(GError) error = NULL;
  LrSurface *surface = lr_surface_new ("bowl", &error);
  LrRenderRun runs[3] = { 0 };
  LrOptimizerConfig config;
  LrPanelSpec spec;
  cairo_surface_t *image;
  LrRect plot;
  double px, py;
  const LrTrajectory *t;

  g_assert_no_error (error);
  g_assert_true (lr_optimizer_config_parse ("adam:lr=0.1", &config, &error));
  for (guint i = 0; i < 3; i++)
    {
      runs[i].trajectory = lr_trajectory_compute (surface, &config, NULL, 3, 2, 80, &error);
      g_assert_no_error (error);
      lr_render_palette (i, &runs[i].color);
    }
  spec = panel (surface, runs, 3, 40);
  image = draw (&spec);
  lr_render_panel_layout (W, H, NULL, TRUE, &plot);
  t = runs[0].trajectory;
  g_assert_true (lr_render_map_point (&plot, &spec.view, t->points[40].x, t->points[40].y, &px, &py));
  for (guint i = 0; i < 3; i++)
    {
      g_test_message ("run %u: %u pixels of its colour at its head", i,
                      count_near (image, px, py, 16, &runs[i].color));
      g_assert_cmpuint (count_near (image, px, py, 16, &runs[i].color), >, 6);
    }
  cairo_surface_destroy (image);
  for (guint i = 0; i < 3; i++)
    lr_trajectory_free ((LrTrajectory *) runs[i].trajectory);
  lr_surface_free (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/heads/every-minimum-starred", test_every_minimum_starred);
  g_test_add_func ("/render/heads/coinciding", test_coinciding_heads);

  return g_test_run ();
}
