/* test-render-markers.c: the markers on the panels and their key — every
 * minimum's star and every head when several end at the same point stay
 * visible; the key shows the colour scale and the four markers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <cairo.h>

#include "lr-render.h"

#define W 480
#define H 400

/* The pixel at (x, y), premultiplied ARGB. */
static guint32
argb (cairo_surface_t *image,
      int              x,
      int              y)
{
  const guint8 *data;

  g_assert_true (x >= 0 && y >= 0 && x < cairo_image_surface_get_width (image) &&
                 y < cairo_image_surface_get_height (image));
  data = cairo_image_surface_get_data (image) + (gsize) y * cairo_image_surface_get_stride (image);
  return ((const guint32 *) (gconstpointer) data)[x];
}

static guint32
pixel (cairo_surface_t *image,
       int              x,
       int              y)
{
  return argb (image, x, y) & 0xffffff;
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

/* Non-transparent pixels in the band of rows [y0, y1). */
static guint
drawn_in_rows (cairo_surface_t *image,
               int              width,
               int              y0,
               int              y1)
{
  guint n = 0;

  cairo_surface_flush (image);
  for (int j = y0; j < y1; j++)
    for (int i = 0; i < width; i++)
      if ((argb (image, i, j) >> 24) != 0)
        n++;
  return n;
}

/* The key beside the app's panels: the bar in the panels' colour map, the
 * four markers below it, all within the width it asks for. */
static void
test_key (void)
{
  g_autoptr(GError) error = NULL;
  LrSurface *surface = lr_surface_new ("bowl", &error);
  LrRenderTheme theme;
  LrBox view;
  int w, h = 420;
  cairo_surface_t *viridis, *grey, *images[2];

  g_assert_no_error (error);
  lr_render_theme_init (&theme, FALSE, 1);
  w = (int) lr_render_surface_key_width (&theme);
  g_assert_cmpint (w, >, 40);
  g_assert_cmpint (w, <, 160);
  lr_surface_get_view (surface, &view);
  for (int k = 0; k < 2; k++)
    {
      cairo_t *cr;

      images[k] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w + 40, h);
      cr = cairo_create (images[k]);
      lr_render_surface_key (cr, w, h, surface, &view, k == 0 ? LR_COLORMAP_VIRIDIS : LR_COLORMAP_GREY, &theme);
      cairo_destroy (cr);
    }
  viridis = images[0];
  grey = images[1];
  /* nothing beyond its width */
  for (int j = 0; j < h; j += 7)
    for (int i = w; i < w + 40; i++)
      g_assert_cmpuint (argb (viridis, i, j), ==, 0);
  /* the bar takes the colour map: its middle differs between two maps */
  g_assert_cmpuint (pixel (viridis, 12, h / 3), !=, pixel (grey, 12, h / 3));
  /* four marker rows at the bottom: four bands of drawn rows with empty
   * rows between them, below the bar */
  {
    guint bands = 0;
    gboolean in_band = FALSE;

    for (int j = h - 110; j < h; j++)
      {
        gboolean drawn = drawn_in_rows (viridis, w, j, j + 1) > 0;

        if (drawn && !in_band)
          bands++;
        in_band = drawn;
      }
    g_assert_cmpuint (bands, >=, 4);
  }
  cairo_surface_destroy (viridis);
  cairo_surface_destroy (grey);
  lr_surface_free (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/heads/every-minimum-starred", test_every_minimum_starred);
  g_test_add_func ("/render/heads/coinciding", test_coinciding_heads);
  g_test_add_func ("/render/key", test_key);

  return g_test_run ();
}
