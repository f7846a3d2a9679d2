/* test-render.c: pixel probes of the render module, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#ifdef CAIRO_HAS_TEE_SURFACE
#include <cairo-tee.h>
#endif
#include <glib/gstdio.h>

#include "lr-png.h"
#include "lr-render.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
  double r, g, b, a;   /* un-premultiplied, 0..1 */
} Pixel;

static Pixel
pixel_at (cairo_surface_t *image,
          int              x,
          int              y)
{
  const guint8 *data;
  guint32 v;
  Pixel p = { 0 };

  cairo_surface_flush (image);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (image));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (image));
  data = cairo_image_surface_get_data (image);
  data += (gsize) y * cairo_image_surface_get_stride (image);
  v = ((const guint32 *) (gconstpointer) data)[x];
  if (cairo_image_surface_get_format (image) == CAIRO_FORMAT_RGB24)
    p.a = 1;
  else
    p.a = (v >> 24) / 255.0;
  if (p.a > 0)
    {
      p.r = ((v >> 16) & 0xff) / 255.0 / p.a;
      p.g = ((v >> 8) & 0xff) / 255.0 / p.a;
      p.b = (v & 0xff) / 255.0 / p.a;
    }
  return p;
}

static double
color_distance (const Pixel *p,
                const LrRgb *c)
{
  return fmax (fabs (p->r - c->r), fmax (fabs (p->g - c->g), fabs (p->b - c->b)));
}

/* Largest alpha within @radius pixels of (x, y). */
static double
max_alpha_near (cairo_surface_t *image,
                double           x,
                double           y,
                int              radius)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  double best = 0;

  for (int j = (int) floor (y) - radius; j <= (int) floor (y) + radius; j++)
    for (int i = (int) floor (x) - radius; i <= (int) floor (x) + radius; i++)
      if (i >= 0 && j >= 0 && i < w && j < h)
        best = fmax (best, pixel_at (image, i, j).a);
  return best;
}

static LrSurface *
surface_new (const char *spec)
{
  g_autoptr(GError) error = NULL;
  LrSurface *surface = lr_surface_new (spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (surface);
  return surface;
}

static LrTrajectory *
trajectory_new (const LrSurface *surface,
                const char      *optimizer,
                double           x0,
                double           y0,
                guint            steps)
{
  g_autoptr(GError) error = NULL;
  LrOptimizerConfig config;
  LrTrajectory *traj;

  g_assert_true (lr_optimizer_config_parse (optimizer, &config, &error));
  g_assert_no_error (error);
  traj = lr_trajectory_compute (surface, &config, NULL, x0, y0, steps, &error);
  g_assert_no_error (error);
  g_assert_nonnull (traj);
  return traj;
}

/* ---- colour maps and palette -------------------------------------------- */

static void
test_colormap (void)
{
  g_autoptr(GError) error = NULL;
  LrColormap map = LR_COLORMAP_GREY;
  LrRgb c, d;

  /* matplotlib's viridis ends */
  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, 0, &c);
  g_assert_cmpfloat_with_epsilon (c.r, 0.267004, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.g, 0.004874, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.b, 0.329415, 1e-6);
  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, 1, &c);
  g_assert_cmpfloat_with_epsilon (c.r, 0.993248, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.g, 0.906157, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.b, 0.143936, 1e-6);
  /* clamped, NaN is the low end */
  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, NAN, &d);
  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, -3, &c);
  g_assert_cmpfloat (c.r, ==, d.r);
  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, 7, &c);
  g_assert_cmpfloat_with_epsilon (c.g, 0.906157, 1e-6);

  /* diverging: blue, near-white middle, red */
  lr_colormap_lookup (LR_COLORMAP_DIVERGING, 0, &c);
  g_assert_cmpfloat (c.b, >, c.r);
  lr_colormap_lookup (LR_COLORMAP_DIVERGING, 1, &c);
  g_assert_cmpfloat (c.r, >, c.b);
  lr_colormap_lookup (LR_COLORMAP_DIVERGING, 0.5, &c);
  g_assert_cmpfloat (c.r + c.g + c.b, >, 2.2);

  /* grey rises monotonically */
  lr_colormap_lookup (LR_COLORMAP_GREY, 0.2, &c);
  lr_colormap_lookup (LR_COLORMAP_GREY, 0.8, &d);
  g_assert_cmpfloat (c.r, <, d.r);
  g_assert_cmpfloat (c.r, ==, c.g);

  g_assert_cmpint (lr_colormap_from_name ("viridis"), ==, LR_COLORMAP_VIRIDIS);
  g_assert_cmpint (lr_colormap_from_name ("diverging"), ==, LR_COLORMAP_DIVERGING);
  g_assert_cmpint (lr_colormap_from_name ("grey"), ==, LR_COLORMAP_GREY);
  g_assert_cmpint (lr_colormap_from_name (NULL), ==, LR_COLORMAP_VIRIDIS);
  g_assert_cmpstr (lr_colormap_to_name (LR_COLORMAP_DIVERGING), ==, "diverging");

  g_assert_false (lr_colormap_parse ("jet", &map, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME);
  g_assert_nonnull (strstr (error->message, "'jet'"));
  g_assert_cmpint (map, ==, LR_COLORMAP_GREY);
}

static void
test_palette (void)
{
  guint n = lr_render_palette_size ();

  g_assert_cmpuint (n, ==, 8);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        LrRgb a, b;
        double diff;

        lr_render_palette (i, &a);
        lr_render_palette (j, &b);
        /* distinguishable: some channel differs clearly */
        diff = fmax (fabs (a.r - b.r), fmax (fabs (a.g - b.g), fabs (a.b - b.b)));
        g_assert_cmpfloat (diff, >, 0.15);
      }
  {
    LrRgb a, b;

    lr_render_palette (3, &a);
    lr_render_palette (3 + n, &b);
    g_assert_cmpfloat (a.r, ==, b.r);
  }
}

/* ---- heatmap ----------------------------------------------------------------- */

static void
test_heatmap_bowl (void)
{
  g_autoptr(LrSurface) bowl = surface_new ("bowl:kappa=1");
  LrBox view = { -1, 1, -1, 1 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  LrRgb low, high;
  Pixel centre, mid, corners[4];

  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, 0, &low);
  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, 1, &high);

  lr_render_heatmap (image, bowl, &view, LR_COLORMAP_VIRIDIS, LR_COLOR_SCALE_LINEAR);
  centre = pixel_at (image, 32, 32);
  g_assert_cmpfloat (centre.a, ==, 1);
  g_assert_cmpfloat (color_distance (&centre, &low), <, 0.02);
  corners[0] = pixel_at (image, 0, 0);
  corners[1] = pixel_at (image, 63, 0);
  corners[2] = pixel_at (image, 0, 63);
  corners[3] = pixel_at (image, 63, 63);
  for (int k = 0; k < 4; k++)
    g_assert_cmpfloat (color_distance (&corners[k], &high), <, 0.02);
  /* half-way out along the diagonal: between the ends (viridis green rises) */
  mid = pixel_at (image, 48, 48);
  g_assert_cmpfloat (mid.g, >, centre.g + 0.1);
  g_assert_cmpfloat (mid.g, <, corners[0].g - 0.1);
  /* symmetric surface, symmetric image */
  {
    Pixel a = pixel_at (image, 10, 20), b = pixel_at (image, 53, 43);

    g_assert_cmpfloat (fabs (a.g - b.g), <, 0.01);
  }

  /* LOG scale (odd size: the middle pixel's centre is the minimum itself):
   * the centre is the low end, corners the high end, and log spreads the
   * colours near the minimum (a pixel off centre is already much lighter) */
  {
    cairo_surface_t *odd = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 63, 63);
    Pixel near;

    lr_render_heatmap (odd, bowl, &view, LR_COLORMAP_VIRIDIS, LR_COLOR_SCALE_LOG);
    centre = pixel_at (odd, 31, 31);
    g_assert_cmpfloat (color_distance (&centre, &low), <, 0.01);
    corners[0] = pixel_at (odd, 0, 0);
    g_assert_cmpfloat (color_distance (&corners[0], &high), <, 0.02);
    near = pixel_at (odd, 33, 31);
    g_assert_cmpfloat (color_distance (&near, &low), >, 0.1);
    cairo_surface_destroy (odd);
  }

  /* GREY: raw buffer with a wider stride; padding untouched */
  {
    int stride = 64 * 4 + 32;
    g_autofree guint8 *buf = g_malloc0 ((gsize) stride * 64);

    lr_render_heatmap_data (buf, stride, 64, 64, bowl, &view, LR_COLORMAP_GREY,
                            LR_COLOR_SCALE_LINEAR);
    for (int j = 0; j < 64; j++)
      for (int k = 64 * 4; k < stride; k++)
        g_assert_cmpuint (buf[(gsize) j * stride + k], ==, 0);
    /* opaque, darker in the middle than at the corner */
    g_assert_cmpuint (buf[32 * stride + 32 * 4 + 3], ==, 255);
    g_assert_cmpuint (buf[32 * stride + 32 * 4 + 1], <, buf[0 * stride + 0 * 4 + 1]);
  }
  cairo_surface_destroy (image);
}

static void
test_heatmap_orientation (void)
{
  /* f = y: top row (ymax) must be the high end */
  g_autoptr(LrSurface) plane = surface_new ("expr:y");
  LrBox view = { 0, 1, 0, 1 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 32, 48);
  Pixel top, bottom;
  LrRgb low, high;

  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, 0, &low);
  lr_colormap_lookup (LR_COLORMAP_VIRIDIS, 1, &high);
  lr_render_heatmap (image, plane, &view, LR_COLORMAP_VIRIDIS, LR_COLOR_SCALE_LINEAR);
  top = pixel_at (image, 16, 0);
  bottom = pixel_at (image, 16, 47);
  g_assert_cmpfloat (color_distance (&top, &high), <, 0.03);
  g_assert_cmpfloat (color_distance (&bottom, &low), <, 0.03);
  cairo_surface_destroy (image);
}

static void
test_heatmap_large_threads (void)
{
  /* big enough for two threads: both halves must be filled alike */
  g_autoptr(LrSurface) bowl = surface_new ("bowl:kappa=1");
  LrBox view = { -1, 1, -1, 1 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 600);

  lr_render_heatmap (image, bowl, &view, LR_COLORMAP_VIRIDIS, LR_COLOR_SCALE_LINEAR);
  for (int k = 0; k < 300; k += 37)
    {
      Pixel a = pixel_at (image, 100 + k, k), b = pixel_at (image, 100 + k, 599 - k);

      g_assert_cmpfloat (a.a, ==, 1);
      g_assert_cmpfloat (fabs (a.r - b.r) + fabs (a.g - b.g) + fabs (a.b - b.b), <, 0.01);
    }
  cairo_surface_destroy (image);
}

static void
test_heatmap_norm (void)
{
  g_autoptr(LrSurface) bowl = surface_new ("bowl:kappa=1");
  g_autoptr(LrSurface) saddle = surface_new ("saddle");
  LrBox view = { -1, 1, -1, 1 };
  LrHeatmapNorm norm;

  lr_render_heatmap_norm (bowl, &view, LR_COLOR_SCALE_LINEAR, &norm);
  g_assert_cmpfloat (norm.lo, ==, 0);          /* the known minimum is in view */
  g_assert_cmpfloat (norm.hi, >, 0.8);
  g_assert_cmpfloat (norm.hi, <=, 1.0);
  g_assert_cmpfloat (lr_heatmap_norm_apply (&norm, 0), ==, 0);
  g_assert_cmpfloat (lr_heatmap_norm_apply (&norm, 100), ==, 1);
  g_assert_true (isnan (lr_heatmap_norm_apply (&norm, NAN)));

  /* unbounded surface: sampled range, negative values included */
  lr_render_heatmap_norm (saddle, &view, LR_COLOR_SCALE_LINEAR, &norm);
  g_assert_cmpfloat (norm.lo, <, -0.9);
  g_assert_cmpfloat (norm.hi, >, 0.8);

  lr_render_heatmap_norm (bowl, &view, LR_COLOR_SCALE_LOG, &norm);
  g_assert_cmpfloat (lr_heatmap_norm_apply (&norm, 0.01), <, lr_heatmap_norm_apply (&norm, 0.1));
  g_assert_cmpfloat (lr_heatmap_norm_apply (&norm, 0.1), <, lr_heatmap_norm_apply (&norm, 0.5));
}

static void
test_heatmap_diverging (void)
{
  /* saddle x² − y² on an off-centre view: the neutral middle sits on f = 0
   * (the diagonals), blue below, red above */
  g_autoptr(LrSurface) saddle = surface_new ("saddle");
  LrBox view = { -1, 2, -1, 2 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 61, 61);
  LrRgb mid;
  Pixel diag, left, top;

  lr_colormap_lookup (LR_COLORMAP_DIVERGING, 0.5, &mid);
  lr_render_heatmap (image, saddle, &view, LR_COLORMAP_DIVERGING, LR_COLOR_SCALE_LINEAR);
  /* pixel centres: x = −1 + (i + 0.5)·3/61; (20, 40) lies on y = x, f = 0 */
  diag = pixel_at (image, 40, 20);
  g_assert_cmpfloat (color_distance (&diag, &mid), <, 0.03);
  left = pixel_at (image, 60, 30);   /* x ≈ 2, y ≈ 0.5: f > 0, red */
  top = pixel_at (image, 20, 0);     /* x ≈ 0, y ≈ 2: f < 0, blue */
  g_assert_cmpfloat (left.r, >, left.b + 0.3);
  g_assert_cmpfloat (top.b, >, top.r + 0.3);
  cairo_surface_destroy (image);
}

/* ---- contours ---------------------------------------------------------------- */

static void
test_contours_bowl (void)
{
  g_autoptr(LrSurface) bowl = surface_new ("bowl:kappa=1");
  LrBox view = { -1, 1, -1, 1 };
  LrRect plot = { 0, 0, 200, 200 };
  LrRenderTheme theme;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (image);
  int painted = 0;

  lr_render_theme_init (&theme, FALSE, 1);
  lr_render_contours (cr, &plot, bowl, &view, LR_COLOR_SCALE_LINEAR, &theme);
  cairo_destroy (cr);

  /* f = 0.5 r²: the levels 0.2 and 0.4 (1-2-5 spacing of 0.05, 0.1 or 0.2)
   * are circles of radius √(2f); 100 px per unit. */
  for (int k = 0; k < 16; k++)
    {
      double a = k * G_PI / 8;
      double r2 = sqrt (2 * 0.2) * 100, r4 = sqrt (2 * 0.4) * 100;

      if (max_alpha_near (image, 100 + r2 * cos (a), 100 - r2 * sin (a), 1) > 0.1)
        painted++;
      if (max_alpha_near (image, 100 + r4 * cos (a), 100 - r4 * sin (a), 1) > 0.1)
        painted++;
      /* midway between possible levels (0.175, 0.225): nothing */
      g_assert_cmpfloat (max_alpha_near (image, 100 + sqrt (2 * 0.175) * 100 * cos (a),
                                         100 - sqrt (2 * 0.175) * 100 * sin (a), 0), <, 0.02);
      g_assert_cmpfloat (max_alpha_near (image, 100 + sqrt (2 * 0.225) * 100 * cos (a),
                                         100 - sqrt (2 * 0.225) * 100 * sin (a), 0), <, 0.02);
    }
  g_assert_cmpint (painted, ==, 32);
  /* the centre (the minimum) has no line */
  g_assert_cmpfloat (max_alpha_near (image, 100, 100, 4), ==, 0);
  cairo_surface_destroy (image);
}

static void
test_contours_log_levels (void)
{
  /* LOG: decades of f − fmin; on rosenbrock there are lines, none on a plane */
  g_autoptr(LrSurface) rosen = surface_new ("rosenbrock");
  g_autoptr(LrSurface) flat = surface_new ("expr:0*x");
  LrBox view = { -2, 2, -1, 3 };
  LrRect plot = { 0, 0, 160, 160 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 160);
  cairo_t *cr = cairo_create (image);
  double total = 0;

  lr_render_contours (cr, &plot, rosen, &view, LR_COLOR_SCALE_LOG, NULL);
  for (int j = 0; j < 160; j += 2)
    for (int i = 0; i < 160; i += 2)
      total += pixel_at (image, i, j).a;
  g_assert_cmpfloat (total, >, 20);

  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  lr_render_contours (cr, &plot, flat, &view, LR_COLOR_SCALE_LINEAR, NULL);
  cairo_destroy (cr);
  total = 0;
  for (int j = 0; j < 160; j++)
    for (int i = 0; i < 160; i++)
      total += pixel_at (image, i, j).a;
  g_assert_cmpfloat (total, ==, 0);
  cairo_surface_destroy (image);
}

/* ---- trajectories ------------------------------------------------------------- */

static void
test_trajectory_pixels (void)
{
  g_autoptr(LrSurface) bowl = surface_new ("bowl:kappa=1");
  g_autoptr(LrTrajectory) traj = trajectory_new (bowl, "sgd:lr=0.4", 0.8, 0.6, 12);
  LrBox view = { -1, 1, -1, 1 };
  LrRect plot = { 10, 20, 200, 200 };
  LrRgb color;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 220, 240);
  cairo_t *cr = cairo_create (image);
  double hx, hy;
  Pixel head;

  lr_render_palette (0, &color);
  lr_render_trajectory (cr, &plot, &view, traj, 6, 0, &color, NULL);

  /* every point shown is painted; later ones are not */
  for (guint k = 0; k <= 6; k++)
    {
      double px, py;

      g_assert_true (lr_render_map_point (&plot, &view, traj->points[k].x, traj->points[k].y,
                                          &px, &py));
      g_assert_cmpfloat (max_alpha_near (image, px, py, 0), >, 0.5);
    }
  /* the head is filled with the run's colour */
  lr_render_map_point (&plot, &view, traj->points[6].x, traj->points[6].y, &hx, &hy);
  head = pixel_at (image, (int) floor (hx), (int) floor (hy));
  g_assert_cmpfloat (color_distance (&head, &color), <, 0.08);
  /* the far corner and the space outside the plot are untouched */
  g_assert_cmpfloat (max_alpha_near (image, 15, 230, 3), ==, 0);
  g_assert_cmpfloat (max_alpha_near (image, 5, 5, 3), ==, 0);

  /* fraction: the head moves half-way to the next point */
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  lr_render_trajectory (cr, &plot, &view, traj, 0, 0.5, &color, NULL);
  lr_render_map_point (&plot, &view, 0.5 * (traj->points[0].x + traj->points[1].x),
                       0.5 * (traj->points[0].y + traj->points[1].y), &hx, &hy);
  head = pixel_at (image, (int) floor (hx), (int) floor (hy));
  g_assert_cmpfloat (color_distance (&head, &color), <, 0.08);
  g_assert_cmpfloat (head.a, >, 0.95);
  /* … and the trail does not reach point 1 yet (it is far from the head) */
  {
    double mx = hx, my = hy;

    lr_render_map_point (&plot, &view, traj->points[1].x, traj->points[1].y, &hx, &hy);
    g_assert_cmpfloat (hypot (hx - mx, hy - my), >, 15);
    g_assert_cmpfloat (max_alpha_near (image, hx, hy, 0), ==, 0);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

static void
test_trajectory_robust (void)
{
  LrTrajPoint pts[6] = {
    { 0.1, 0.5, 0.5, 1, 0, 0 },
    { 0.1, NAN, 0.2, NAN, 0, 0 },
    { 0.1, -0.5, INFINITY, 1, 0, 0 },
    { 0.1, -0.2, -0.3, 1, 0, 0 },
    { 0.1, 3e7, -2e7, 1e15, 0, 0 },
    { 0.1, 1e300, -1e300, INFINITY, 0, 0 },
  };
  LrTrajectory traj = { 6, 10, pts, TRUE, 5 };
  LrTrajectory empty = { 0, 0, NULL, FALSE, 0 };
  LrBox view = { -1, 1, -1, 1 };
  LrBox bad = { 1, -1, 0, 0 };
  LrRect plot = { 0, 0, 100, 100 };
  LrRgb color = { 0.2, 0.4, 0.9 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 100, 100);
  cairo_t *cr = cairo_create (image);
  double x, y;

  lr_render_trajectory (cr, &plot, &view, &traj, G_MAXUINT, 0.5, &color, NULL);
  lr_render_trajectory (cr, &plot, &view, &empty, 3, 0, &color, NULL);
  lr_render_trajectory (cr, &plot, &bad, &traj, 3, 0, &color, NULL);
  lr_render_trajectory (cr, &plot, &view, NULL, 3, 0, &color, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  /* a diverged run's cross sits on the border towards where it went */
  g_assert_cmpfloat (max_alpha_near (image, 94, 94, 3), >, 0.5);
  /* the first point is drawn */
  lr_render_map_point (&plot, &view, 0.5, 0.5, &x, &y);
  g_assert_cmpfloat (max_alpha_near (image, x, y, 1), >, 0.5);
  g_assert_false (lr_render_map_point (&plot, &view, NAN, 0, &x, &y));
  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

/* ---- ticks and layout --------------------------------------------------------- */

static void
check_tick (double      value,
            double      step,
            const char *expected)
{
  g_autofree char *s = lr_render_format_tick (value, step);

  g_assert_cmpstr (s, ==, expected);
}

static void
test_ticks (void)
{
  double ticks[32], step;
  guint n;

  check_tick (0, 0.5, "0");
  check_tick (0.5, 0.5, "0.5");
  check_tick (1, 0.5, "1");
  check_tick (-1.25, 0.25, "\xe2\x88\x92" "1.25");
  check_tick (0.30000000000000004, 0.1, "0.3");
  check_tick (1e-17, 0.1, "0");
  check_tick (2000, 500, "2000");
  check_tick (0.001, 0.0005, "0.001");
  check_tick (2e5, 1e5, "2e5");
  check_tick (2.5e5, 5e4, "2.5e5");
  check_tick (1e-4, 1e-4, "1e\xe2\x88\x92" "4");
  check_tick (-3e-6, 1e-6, "\xe2\x88\x92" "3e\xe2\x88\x92" "6");
  check_tick (NAN, 1, "NaN");

  n = lr_render_nice_ticks (0, 1, 5, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (step, ==, 0.2);
  g_assert_cmpfloat (ticks[0], ==, 0);
  g_assert_cmpfloat_with_epsilon (ticks[5], 1, 1e-12);

  n = lr_render_nice_ticks (-2, 3, 5, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpfloat (step, ==, 1);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (ticks[0], ==, -2);

  n = lr_render_nice_ticks (0.013, 0.087, 4, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpfloat_with_epsilon (step, 0.02, 1e-15);
  g_assert_cmpfloat_with_epsilon (ticks[0], 0.02, 1e-15);
  g_assert_cmpuint (n, ==, 4);

  /* reversed and degenerate ranges */
  n = lr_render_nice_ticks (1, 0, 5, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpuint (n, ==, 6);
  n = lr_render_nice_ticks (2, 2, 5, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpuint (n, ==, 1);
  n = lr_render_nice_ticks (NAN, 2, 5, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpuint (n, ==, 0);
  /* capacity respected */
  n = lr_render_nice_ticks (0, 1000, 1000, ticks, 4, &step);
  g_assert_cmpuint (n, ==, 4);
}

static void
test_layout (void)
{
  LrRenderTheme theme, big;
  LrRect a, b, c;
  LrBox view = { -2, 2, -1, 3 }, fitted;

  lr_render_theme_init (&theme, FALSE, 1);
  lr_render_theme_init (&big, TRUE, 1.5);
  g_assert_true (big.dark);
  g_assert_cmpfloat (big.font_size, >, theme.font_size);
  g_assert_cmpfloat (big.line_scale, ==, 1.5);

  lr_render_panel_layout (400, 300, &theme, TRUE, &a);
  lr_render_panel_layout (400, 300, &theme, FALSE, &b);
  lr_render_panel_layout (400, 300, &big, TRUE, &c);
  g_assert_cmpfloat (a.x, >, 0);
  g_assert_cmpfloat (a.y, >, 0);
  g_assert_cmpfloat (a.x + a.width, <=, 400);
  g_assert_cmpfloat (a.y + a.height, <=, 300);
  g_assert_cmpfloat (b.width * b.height, >, a.width * a.height);
  g_assert_cmpfloat (c.width * c.height, <, a.width * a.height);
  lr_render_panel_layout (3, 3, &theme, TRUE, &a);
  g_assert_cmpfloat (a.width, >=, 0);
  g_assert_cmpfloat (a.height, >=, 0);

  /* equal units: a 2:1 plot shows a 2:1 view, centred */
  lr_render_fit_view (&(LrRect) { 0, 0, 200, 100 }, &view, &fitted);
  g_assert_cmpfloat_with_epsilon (fitted.xmax - fitted.xmin, 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (fitted.ymax - fitted.ymin, 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (fitted.xmin + fitted.xmax, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (fitted.ymin + fitted.ymax, 2, 1e-12);
  lr_render_fit_view (&(LrRect) { 0, 0, 100, 400 }, &view, &fitted);
  g_assert_cmpfloat_with_epsilon (fitted.xmax - fitted.xmin, 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (fitted.ymax - fitted.ymin, 16, 1e-12);
}

static void
test_axes_labels (void)
{
  /* labels land left of and below the plot, never inside it */
  LrRenderTheme theme;
  LrRect plot;
  LrBox view = { -2, 2, -1, 3 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
  cairo_t *cr = cairo_create (image);
  double left = 0, below = 0, inside = 0;

  lr_render_theme_init (&theme, FALSE, 1);
  lr_render_panel_layout (300, 200, &theme, TRUE, &plot);
  lr_render_axes (cr, 300, 200, &plot, &view, &theme);
  cairo_destroy (cr);
  for (int j = 0; j < 200; j++)
    for (int i = 0; i < 300; i++)
      {
        double a = pixel_at (image, i, j).a;

        if (i < plot.x - 6 && j > plot.y && j < plot.y + plot.height)
          left += a;
        else if (j > plot.y + plot.height + 6)
          below += a;
        else if (i > plot.x + 2 && i < plot.x + plot.width - 2 &&
                 j > plot.y + 2 && j < plot.y + plot.height - 2)
          inside += a;
      }
  g_assert_cmpfloat (left, >, 10);
  g_assert_cmpfloat (below, >, 10);
  g_assert_cmpfloat (inside, ==, 0);
  cairo_surface_destroy (image);
}

/* ---- plots and table ------------------------------------------------------------- */

static gboolean
image_has_color (cairo_surface_t *image,
                 const LrRgb     *c,
                 double           tolerance)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);

  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        Pixel p = pixel_at (image, i, j);

        if (p.a > 0.9 && color_distance (&p, c) < tolerance)
          return TRUE;
      }
  return FALSE;
}

static void
test_line_plot (void)
{
  double x[50], y[50], yl[50];
  LrPlotSeries series[2] = { { 0 } };
  LrPlotMarker marker = { 25, "critical lr", { 0.1, 0.6, 0.1 }, TRUE };
  LrPlotSpec spec = { 0 };
  LrRenderTheme theme;
  LrRgb red = { 0.9, 0.1, 0.1 }, blue = { 0.1, 0.2, 0.9 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 360, 240);
  cairo_t *cr = cairo_create (image);
  Pixel centre;

  for (int i = 0; i < 50; i++)
    {
      x[i] = i;
      y[i] = i == 20 ? NAN : i == 30 ? INFINITY : sin (i * 0.2);
      yl[i] = i == 10 ? 0 : i == 11 ? -1 : exp (-0.2 * i);
    }
  lr_render_theme_init (&theme, FALSE, 1);
  series[0] = (LrPlotSeries) { "sine", red, x, y, 50, FALSE, FALSE };
  series[1] = (LrPlotSeries) { "decay", blue, NULL, yl, 50, TRUE, TRUE };
  spec.title = "Test plot";
  spec.x_label = "step";
  spec.y_label = "value";
  spec.series = series;
  spec.n_series = 1;
  spec.markers = &marker;
  spec.n_markers = 1;
  spec.legend = TRUE;
  spec.theme = &theme;
  lr_render_line_plot (cr, 360, 240, &spec);
  g_assert_true (image_has_color (image, &red, 0.1));
  g_assert_true (image_has_color (image, &marker.color, 0.1));

  /* log y with zeros and negatives: gaps, no failure */
  spec.series = series + 1;
  spec.log_y = TRUE;
  lr_render_line_plot (cr, 360, 240, &spec);
  g_assert_true (image_has_color (image, &blue, 0.1));
  g_assert_false (image_has_color (image, &red, 0.1));

  /* log x too (loss against learning rate) */
  spec.log_x = TRUE;
  spec.series = series;
  spec.n_series = 2;
  series[0].x = yl;
  lr_render_line_plot (cr, 360, 240, &spec);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  /* nothing drawable: the background plus a message in the middle */
  spec.n_series = 0;
  spec.empty_text = "Nothing yet";
  lr_render_line_plot (cr, 360, 240, &spec);
  centre = pixel_at (image, 180, 20);
  g_assert_cmpfloat (centre.r + centre.g + centre.b, >, 2.9);
  {
    double ink = 0;

    for (int j = 100; j < 160; j++)
      for (int i = 100; i < 260; i++)
        {
          Pixel p = pixel_at (image, i, j);

          ink += 3 - (p.r + p.g + p.b);
        }
    g_assert_cmpfloat (ink, >, 5);
  }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

static void
test_table (void)
{
  LrTableRow rows[3] = {
    { { 0.9, 0.1, 0.1 }, 0.001, "sgd", NULL, -1, 4.47, LR_VERDICT_SLOW },
    { { 0.1, 0.7, 0.2 }, 0.01, "sgd", NULL, 120, 1e-9, LR_VERDICT_CONVERGED },
    { { 0.1, 0.2, 0.9 }, 2.5, "sgd", "cosine:T_max=100", -1, INFINITY, LR_VERDICT_DIVERGED },
  };
  LrRenderTheme theme;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 160);
  cairo_t *cr = cairo_create (image);

  lr_render_theme_init (&theme, TRUE, 1);
  {
    double w3 = lr_render_lr_table_width (cr, rows, 3, &theme);
    double w2 = lr_render_lr_table_width (cr, rows, 2, &theme);

    /* the third row brings a schedule column */
    g_assert_cmpfloat (w3, >, w2 + 40);
    g_assert_cmpfloat (w2, >, 200);
  }
  g_assert_cmpfloat (lr_render_lr_table_height (3, &theme), >,
                     lr_render_lr_table_height (1, &theme));
  lr_render_lr_table (cr, 600, 160, rows, 3, &theme);
  for (int k = 0; k < 3; k++)
    g_assert_true (image_has_color (image, &rows[k].color, 0.05));
  /* too small for every row: still draws, no failure */
  lr_render_lr_table (cr, 200, 40, rows, 3, &theme);
  lr_render_lr_table (cr, 600, 160, NULL, 0, &theme);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

/* ---- the overlay in layers ------------------------------------------------------ */

typedef struct {
  LrSurface    *surface;
  LrTrajectory *traj[2];
  LrRenderRun   runs[2];
  LrRenderTheme theme;
  LrBox         view;
} Layers;

static void
layers_init (Layers *l)
{
  /* one that oscillates across the view for hundreds of steps, one that
   * creeps */
  const char *opts[2] = { "sgd:lr=0.1999", "momentum:lr=0.002" };

  memset (l, 0, sizeof *l);
  l->surface = surface_new ("bowl");
  lr_surface_get_view (l->surface, &l->view);
  lr_render_theme_init (&l->theme, FALSE, 1);
  for (int i = 0; i < 2; i++)
    {
      l->traj[i] = trajectory_new (l->surface, opts[i], -4, 3, 600);
      l->runs[i].trajectory = l->traj[i];
      l->runs[i].label = opts[i];
      lr_trajectory_summarize (l->traj[i], l->surface, NULL, G_MAXUINT, &l->runs[i].summary);
      lr_render_palette (i, &l->runs[i].color);
    }
}

/* The panel of @n_runs runs at @step, started at (−4, 3), as a widget
 * draws it. */
static LrPanelSpec
layers_spec (Layers *l,
             guint   n_runs,
             guint   step,
             double  fraction)
{
  LrPanelSpec spec = { 0 };

  spec.surface = l->surface;
  spec.view = l->view;
  spec.axes = TRUE;
  spec.runs = l->runs;
  spec.n_runs = n_runs;
  spec.step = step;
  spec.fraction = fraction;
  spec.x0 = -4;
  spec.y0 = 3;
  spec.show_start = TRUE;
  spec.theme = &l->theme;
  return spec;
}

static void
layers_clear (Layers *l)
{
  for (int i = 0; i < 2; i++)
    lr_trajectory_free (l->traj[i]);
  lr_surface_free (l->surface);
}

static cairo_surface_t *
blank (int w,
       int h)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
}

static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b,
                   const LrRect    *inside,
                   guint           *outside)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint n = 0;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  if (outside != NULL)
    *outside = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = ((guint32 *) (gpointer) (cairo_image_surface_get_data (a) +
                                             y * cairo_image_surface_get_stride (a)))[x];
        guint32 q = ((guint32 *) (gpointer) (cairo_image_surface_get_data (b) +
                                             y * cairo_image_surface_get_stride (b)))[x];

        if (p == q)
          continue;
        n++;
        if (outside != NULL && inside != NULL &&
            !(x >= floor (inside->x) && x < ceil (inside->x + inside->width) &&
              y >= floor (inside->y) && y < ceil (inside->y + inside->height)))
          (*outside)++;
      }
  return n;
}

static void
test_trail_split (void)
{
  guint prev = 0;

  g_assert_cmpuint (lr_render_trail_split (0), ==, 0);
  g_assert_cmpuint (lr_render_trail_split (LR_RENDER_TRAIL_RECENT), ==, 0);
  for (guint step = 0; step < 2000; step++)
    {
      guint split = lr_render_trail_split (step);

      g_assert_cmpuint (split % LR_RENDER_TRAIL_CHUNK, ==, 0);
      g_assert_cmpuint (split, >=, prev);
      if (step > LR_RENDER_TRAIL_RECENT)
        {
          g_assert_cmpuint (split, <=, step - LR_RENDER_TRAIL_RECENT);
          g_assert_cmpuint (split + LR_RENDER_TRAIL_CHUNK, >, step - LR_RENDER_TRAIL_RECENT);
        }
      prev = split;
    }
}

/* static + moving + caption is the overlay, pixel for pixel; the moving
 * part stays inside its extent, the caption inside its own; the static
 * layer is the same for every step with the same split. */
static void
test_overlay_layers (void)
{
  const int w = 480, h = 360;
  const guint steps[] = { 0, 30, 64 + 5, 200, 299, 450, 5000 };
  Layers l;

  layers_init (&l);
  for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
    for (guint n_runs = 1; n_runs <= 2; n_runs++)
      {
        guint step = steps[k];
        cairo_surface_t *whole = blank (w, h), *parts = blank (w, h), *still = blank (w, h);
        cairo_surface_t *text = blank (w, h), *none = blank (w, h);
        LrRect moving_box, caption_box;
        LrPanelSpec spec = layers_spec (&l, n_runs, step, 0.4);
        guint outside = 0;
        cairo_t *cr;

        cr = cairo_create (whole);
        lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_OVERLAY, NULL);
        cairo_destroy (cr);

        cr = cairo_create (parts);
        lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
        cairo_destroy (cr);
        cr = cairo_create (still);
        lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
        cairo_destroy (cr);
        cr = cairo_create (parts);
        lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_MOVING_TRAILS, &moving_box);
        cairo_destroy (cr);
        g_assert_cmpfloat (moving_box.width, >, 0);
        /* what the moving layer drew is inside its extent */
        g_assert_cmpuint (count_differences (parts, still, &moving_box, &outside), >, 0);
        g_assert_cmpuint (outside, ==, 0);

        cr = cairo_create (parts);
        lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_CAPTION, &caption_box);
        cairo_destroy (cr);
        cr = cairo_create (text);
        lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_CAPTION, NULL);
        cairo_destroy (cr);
        g_assert_cmpuint (count_differences (text, none, &caption_box, &outside), >, 0);
        g_assert_cmpuint (outside, ==, 0);

        g_assert_cmpuint (count_differences (whole, parts, NULL, NULL), ==, 0);

        cairo_surface_destroy (whole);
        cairo_surface_destroy (parts);
        cairo_surface_destroy (still);
        cairo_surface_destroy (text);
        cairo_surface_destroy (none);
      }

  /* a split holds for a chunk of steps: the static layer does not change */
  {
    guint a = LR_RENDER_TRAIL_RECENT + 3 * LR_RENDER_TRAIL_CHUNK;
    guint b = a + LR_RENDER_TRAIL_CHUNK - 1;
    cairo_surface_t *sa = blank (w, h), *sb = blank (w, h), *sc = blank (w, h);
    LrPanelSpec spec;
    cairo_t *cr;

    g_assert_cmpuint (lr_render_trail_split (a), ==, lr_render_trail_split (b));
    cr = cairo_create (sa);
    spec = layers_spec (&l, 2, a, 0);
    lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
    cairo_destroy (cr);
    cr = cairo_create (sb);
    spec = layers_spec (&l, 2, b, 0);
    lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
    cairo_destroy (cr);
    cr = cairo_create (sc);
    spec = layers_spec (&l, 2, b + 1, 0);
    lr_render_panel (cr, w, h, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
    cairo_destroy (cr);
    g_assert_cmpuint (count_differences (sa, sb, NULL, NULL), ==, 0);
    /* and the next chunk does add to it */
    g_assert_cmpuint (count_differences (sb, sc, NULL, NULL), >, 0);
    cairo_surface_destroy (sa);
    cairo_surface_destroy (sb);
    cairo_surface_destroy (sc);
  }
  layers_clear (&l);
}

/* ---- figures and export ---------------------------------------------------------- */

typedef struct {
  LrSurface    *surface;
  LrTrajectory *traj[3];
  LrRenderRun   runs[3];
  LrRenderTheme theme;
  LrFigureSpec  spec;
} Figure;

static void
figure_init (Figure *fig)
{
  const char *opts[3] = { "sgd:lr=0.001", "momentum:lr=0.001", "sgd:lr=0.0045" };

  memset (fig, 0, sizeof *fig);
  fig->surface = surface_new ("rosenbrock");
  lr_render_theme_init (&fig->theme, FALSE, 1);
  for (int i = 0; i < 3; i++)
    {
      fig->traj[i] = trajectory_new (fig->surface, opts[i], -1.5, 2, 150);
      fig->runs[i].trajectory = fig->traj[i];
      lr_trajectory_summarize (fig->traj[i], fig->surface, NULL, G_MAXUINT, &fig->runs[i].summary);
      fig->runs[i].label = opts[i];
      lr_render_palette (i, &fig->runs[i].color);
    }
  fig->spec.surface = fig->surface;
  lr_surface_get_view (fig->surface, &fig->spec.view);
  fig->spec.x0 = -1.5;
  fig->spec.y0 = 2;
  fig->spec.runs = fig->runs;
  fig->spec.n_runs = 3;
  fig->spec.step = G_MAXUINT;
  fig->spec.colormap = LR_COLORMAP_VIRIDIS;
  fig->spec.contours = TRUE;
  fig->spec.plots = TRUE;
  fig->spec.theme = &fig->theme;
}

static void
figure_clear (Figure *fig)
{
  for (int i = 0; i < 3; i++)
    lr_trajectory_free (fig->traj[i]);
  lr_surface_free (fig->surface);
}

static void
test_figure_draws (void)
{
  Figure fig;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 600);
  cairo_t *cr = cairo_create (image);

  figure_init (&fig);
  lr_render_figure (cr, 900, 600, &fig.spec);
  /* the runs' colours appear (trails, swatches, curves) */
  for (int i = 0; i < 3; i++)
    g_assert_true (image_has_color (image, &fig.runs[i].color, 0.03));
  fig.spec.overlay = TRUE;
  fig.spec.step = 0;
  lr_render_figure (cr, 900, 600, &fig.spec);
  fig.spec.n_runs = 0;
  fig.spec.plots = FALSE;
  lr_render_figure (cr, 900, 600, &fig.spec);
  lr_render_figure (cr, 10, 10, &fig.spec);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  figure_clear (&fig);
}

static void
test_panel_cached_heatmap (void)
{
  /* a panel drawn from a cached heatmap equals one drawn directly */
  Figure fig;
  LrPanelSpec ps = { 0 };
  LrRect plot;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 240);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 240);
  cairo_surface_t *heat;
  cairo_t *cr;
  guint differ = 0;

  figure_init (&fig);
  ps.surface = fig.surface;
  ps.view = fig.spec.view;
  ps.colormap = LR_COLORMAP_VIRIDIS;
  ps.contours = TRUE;
  ps.axes = TRUE;
  ps.runs = fig.runs;
  ps.n_runs = 1;
  ps.step = 40;
  ps.fraction = 0.5;
  ps.show_start = TRUE;
  ps.x0 = -1.5;
  ps.y0 = 2;
  ps.theme = &fig.theme;
  cr = cairo_create (a);
  lr_render_panel (cr, 320, 240, &ps, LR_PANEL_LAYER_ALL, NULL);
  cairo_destroy (cr);

  lr_render_panel_layout (320, 240, &fig.theme, TRUE, &plot);
  heat = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (plot.width),
                                     (int) ceil (plot.height));
  lr_render_heatmap (heat, fig.surface, &ps.view, LR_COLORMAP_VIRIDIS,
                     lr_surface_get_color_scale (fig.surface));
  ps.heatmap = heat;
  cr = cairo_create (b);
  lr_render_panel (cr, 320, 240, &ps, LR_PANEL_LAYER_ALL, NULL);
  cairo_destroy (cr);

  for (int j = 0; j < 240; j++)
    for (int i = 0; i < 320; i++)
      {
        Pixel p = pixel_at (a, i, j), q = pixel_at (b, i, j);

        if (fabs (p.r - q.r) + fabs (p.g - q.g) + fabs (p.b - q.b) > 0.02)
          differ++;
      }
  g_assert_cmpuint (differ, <, 320 * 240 / 200);
  cairo_surface_destroy (heat);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  figure_clear (&fig);
}

/* Panels of a raster figure share one rendered background; drawn through
 * a tee surface (not an image, so every panel is drawn in full) onto an
 * image the figure has the very same pixels. */
static void
test_figure_shared_background (void)
{
#ifdef CAIRO_HAS_TEE_SURFACE
  const int w = 900, h = 640;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_t *sub = cairo_tee_surface_create (b);
  cairo_t *cr;
  guint differ = 0;
  Figure fig;

  figure_init (&fig);
  fig.spec.plots = FALSE;
  cr = cairo_create (a);
  lr_render_figure (cr, w, h, &fig.spec);
  cairo_destroy (cr);
  cr = cairo_create (sub);
  lr_render_figure (cr, w, h, &fig.spec);
  cairo_destroy (cr);
  cairo_surface_flush (a);
  cairo_surface_flush (b);

  for (int y = 0; y < h; y++)
    {
      const guint32 *ra = (const guint32 *) (gpointer) (cairo_image_surface_get_data (a) +
                                                        y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *) (gpointer) (cairo_image_surface_get_data (b) +
                                                        y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < w; x++)
        differ += ra[x] != rb[x];
    }
  g_assert_cmpuint (differ, ==, 0);

  /* and the panels do show the heatmap: not one flat colour */
  g_assert_cmpuint (((guint32 *) (gpointer) cairo_image_surface_get_data (a))[w * (h / 2) + w / 4], !=,
                    ((guint32 *) (gpointer) cairo_image_surface_get_data (a))[w * (h / 3) + w / 5]);
  cairo_surface_destroy (sub);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  figure_clear (&fig);
#else
  g_test_skip ("cairo has no tee surface");
#endif
}

typedef struct {
  const guchar *data;
  gsize         len, pos;
} PngStream;

static cairo_status_t
read_stream (void          *closure,
             unsigned char *out,
             unsigned int   length)
{
  PngStream *stream = closure;

  if (stream->len - stream->pos < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, stream->data + stream->pos, length);
  stream->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The PNG encoder compresses bands of rows on several threads and joins
 * them into one stream: every size decodes to the image's pixels. */
static void
check_png_round_trip (int      width,
                      int      height,
                      gboolean translucent)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_surface_t *loaded;
  g_autoptr(GString) png = g_string_new (NULL);
  PngStream stream;
  guchar *data = cairo_image_surface_get_data (image);
  const int stride = cairo_image_surface_get_stride (image);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint a = translucent ? (guint) ((x * 7 + y * 3) % 256) : 255;
        guint r = (guint) ((x * 13 + y) % 256) * a / 255, g = (guint) (y % 256) * a / 255;
        guint bl = (guint) ((x ^ y) % 256) * a / 255;

        ((guint32 *) (gpointer) (data + y * stride))[x] = a << 24 | r << 16 | g << 8 | bl;
      }
  cairo_surface_mark_dirty (image);

  g_assert_true (lr_png_encode (image, png));
  stream.data = (const guchar *) png->str;
  stream.len = png->len;
  stream.pos = 0;
  loaded = cairo_image_surface_create_from_png_stream (read_stream, &stream);
  g_assert_cmpint (cairo_surface_status (loaded), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (loaded), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (loaded), ==, height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = ((guint32 *) (gpointer) (data + y * stride))[x];
        guint32 q = ((guint32 *) (gpointer) (cairo_image_surface_get_data (loaded) +
                                             y * cairo_image_surface_get_stride (loaded)))[x];

        /* un-premultiplying and premultiplying again may move a channel by one */
        for (int c = 0; c < 32; c += 8)
          if (abs ((int) ((p >> c) & 0xff) - (int) ((q >> c) & 0xff)) > (translucent ? 1 : 0))
            g_error ("%dx%d: pixel (%d, %d) is %08x, read back %08x", width, height, x, y, p, q);
      }
  cairo_surface_destroy (loaded);
  cairo_surface_destroy (image);
}

static void
test_png_round_trip (void)
{
  check_png_round_trip (1, 1, FALSE);
  check_png_round_trip (3, 2000, FALSE);
  check_png_round_trip (1500, 901, FALSE);
  check_png_round_trip (1100, 700, TRUE);
}

static gchar *
read_all (const char *path,
          gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, &error));
  g_assert_no_error (error);
  return data;
}

static guint
count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  return n;
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lrrender-XXXXXX", &error);
  g_autofree char *png = NULL, *svg = NULL, *pdf = NULL, *upper = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  cairo_surface_t *loaded;
  Figure fig;

  g_assert_no_error (error);
  figure_init (&fig);
  png = g_build_filename (dir, "figure.png", NULL);
  svg = g_build_filename (dir, "figure.svg", NULL);
  pdf = g_build_filename (dir, "figure.pdf", NULL);
  upper = g_build_filename (dir, "FIGURE.PNG", NULL);

  g_assert_true (lr_render_figure_to_file (png, 640, 400, &fig.spec, &error));
  g_assert_no_error (error);
  data = read_all (png, &len);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&data, g_free);
  loaded = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (loaded), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (loaded), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (loaded), ==, 400);
  cairo_surface_destroy (loaded);

  g_assert_true (lr_render_figure_to_file (svg, 640, 400, &fig.spec, &error));
  g_assert_no_error (error);
  data = read_all (svg, &len);
  g_assert_nonnull (g_strstr_len (data, MIN (len, 400), "<svg"));
  g_assert_nonnull (g_strstr_len (data, len, "</svg>"));
  g_clear_pointer (&data, g_free);

  g_assert_true (lr_render_figure_to_file (pdf, 640, 400, &fig.spec, &error));
  g_assert_no_error (error);
  data = read_all (pdf, &len);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  /* The file ends with the trailer's %%EOF; the bytes before it may be
   * compressed stream data holding a NUL, where g_strstr_len stops. */
  while (len > 0 && g_ascii_isspace (data[len - 1]))
    len--;
  g_assert_cmpuint (len, >=, 5);
  g_assert_cmpmem (data + len - 5, 5, "%%EOF", 5);
  g_clear_pointer (&data, g_free);

  g_assert_true (lr_render_figure_to_file (upper, 100, 80, &fig.spec, &error));
  g_assert_no_error (error);

  /* overwriting works and leaves no temporary files behind */
  g_assert_true (lr_render_figure_to_file (png, 320, 200, &fig.spec, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir), ==, 4);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_unlink (upper);
  g_rmdir (dir);
  figure_clear (&fig);
}

static void
test_export_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lrrender-XXXXXX", &error);
  g_autofree char *jpg = NULL, *none = NULL, *missing = NULL, *png = NULL;
  Figure fig;

  g_assert_no_error (error);
  figure_init (&fig);
  jpg = g_build_filename (dir, "figure.jpg", NULL);
  none = g_build_filename (dir, "figure", NULL);
  missing = g_build_filename (dir, "no", "such", "dir", "figure.png", NULL);
  png = g_build_filename (dir, "figure.png", NULL);

  g_assert_false (lr_render_figure_to_file (jpg, 100, 100, &fig.spec, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, ".jpg"));
  g_clear_error (&error);

  g_assert_false (lr_render_figure_to_file (none, 100, 100, &fig.spec, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_clear_error (&error);

  g_assert_false (lr_render_figure_to_file (missing, 100, 100, &fig.spec, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_false (lr_render_figure_to_file (png, 0, 100, &fig.spec, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_RANGE);
  g_clear_error (&error);

  /* nothing was created */
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_rmdir (dir);
  figure_clear (&fig);
}

/* ---- classifier drawings --------------------------------------------------------- */

/* Bounding box of the pixels within @tolerance of @c; FALSE when none. */
static gboolean
color_bounds (cairo_surface_t *image,
              const LrRgb     *c,
              double           tolerance,
              int             *x0,
              int             *y0,
              int             *x1,
              int             *y1)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);

  *x0 = *y0 = G_MAXINT;
  *x1 = *y1 = -1;
  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        Pixel p = pixel_at (image, i, j);

        if (p.a > 0.9 && color_distance (&p, c) < tolerance)
          {
            *x0 = MIN (*x0, i);
            *y0 = MIN (*y0, j);
            *x1 = MAX (*x1, i);
            *y1 = MAX (*y1, j);
          }
      }
  return *x1 >= 0;
}

/* Rows are true classes, columns predicted ones: a cell's colour is its
 * share of the row, blue on the diagonal, red (strengthened) off it. */
static void
test_confusion (void)
{
  static const guint counts[9] = { 10, 0, 0,
                                   0, 5, 5,
                                   0, 0, 10 };
  const char *names[3] = { "cat", "dog", "owl" };
  const LrRgb blue = { 0.208, 0.518, 0.894 }, red = { 0.878, 0.106, 0.141 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 360, 320);
  LrConfusionSpec spec = { counts, 3, names, "Validation", NULL };
  LrRenderTheme theme;
  int x0, y0, x1, y1;
  double cell, k = MIN (1.0, sqrt (0.5) * 1.3);
  LrRgb half_blue, mostly_red;
  cairo_t *cr;

  lr_render_theme_init (&theme, FALSE, 1);
  spec.theme = &theme;
  cr = cairo_create (image);
  lr_render_confusion (cr, 360, 320, &spec);
  cairo_destroy (cr);

  /* the two all-right rows span the diagonal: (0, 0) to (2, 2) */
  g_assert_true (color_bounds (image, &blue, 0.01, &x0, &y0, &x1, &y1));
  g_assert_cmpint (x1 - x0, ==, y1 - y0);
  cell = (x1 - x0 + 1) / 3.0;
  g_assert_cmpfloat (cell, >, 30);
#define CELL_PROBE(row, col) pixel_at (image, (int) (x0 + ((col) + 0.2) * cell), \
                                       (int) (y0 + ((row) + 0.2) * cell))
  {
    Pixel right = CELL_PROBE (0, 0), empty = CELL_PROBE (1, 0), half = CELL_PROBE (1, 1);
    Pixel wrong = CELL_PROBE (1, 2), last = CELL_PROBE (2, 2);

    half_blue = (LrRgb) { 1 + 0.5 * (blue.r - 1), 1 + 0.5 * (blue.g - 1), 1 + 0.5 * (blue.b - 1) };
    mostly_red = (LrRgb) { 1 + k * (red.r - 1), 1 + k * (red.g - 1), 1 + k * (red.b - 1) };
    g_assert_cmpfloat (color_distance (&right, &blue), <, 0.01);
    g_assert_cmpfloat (color_distance (&last, &blue), <, 0.01);
    g_assert_cmpfloat (color_distance (&empty, &theme.background), <, 0.01);
    g_assert_cmpfloat (color_distance (&half, &half_blue), <, 0.01);
    g_assert_cmpfloat (color_distance (&wrong, &mostly_red), <, 0.01);
  }
#undef CELL_PROBE
  cairo_surface_destroy (image);

  /* no counts yet: a hint, and no cells */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 360, 320);
  spec.counts = NULL;
  cr = cairo_create (image);
  lr_render_confusion (cr, 360, 320, &spec);
  cairo_destroy (cr);
  g_assert_false (image_has_color (image, &blue, 0.05));
  g_assert_true (image_has_color (image, &theme.muted, 0.1));
  cairo_surface_destroy (image);
}

/* Grey images are ink on the background, signed ones (weights) blue …
 * white … red around zero; a highlighted caption is in the error colour. */
static void
test_gallery (void)
{
  static const float values[2 * 4] = { 0, 1,
                                       1, 0,
                                       -2, 2,
                                       0, 1 };
  const char *captions[2] = { "7", "3\nwrong" };
  const gboolean highlight[2] = { FALSE, TRUE };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 120);
  LrGallerySpec spec = { LR_IMAGE_GREY, 2, 2, 2, values, captions, highlight, 40, NULL, NULL };
  LrRenderTheme theme;
  LrRgb low, high, middle;
  double cw, ch;
  cairo_t *cr;

  lr_render_theme_init (&theme, TRUE, 1);
  spec.theme = &theme;
  lr_render_gallery_cell (&spec, &cw, &ch);
  g_assert_cmpfloat (cw, ==, 46);
  g_assert_cmpfloat (ch, >, 40 + 2 * theme.font_size * 0.8);   /* two caption lines */

  /* the first image grey, the second signed: draw them as the app does */
  cr = cairo_create (image);
  lr_render_gallery (cr, 200, 120, &spec);
  lr_render_image_tile (cr, 49, 0, 40, LR_IMAGE_SIGNED, 2, 2, values + 4, &theme);
  cairo_destroy (cr);

  {
    Pixel bg = pixel_at (image, 3 + 5, 5), ink = pixel_at (image, 3 + 25, 5);

    g_assert_cmpfloat (color_distance (&bg, &theme.background), <, 0.01);
    g_assert_cmpfloat (color_distance (&ink, &theme.foreground), <, 0.01);
  }
  lr_colormap_lookup (LR_COLORMAP_DIVERGING, 0, &low);
  lr_colormap_lookup (LR_COLORMAP_DIVERGING, 1, &high);
  lr_colormap_lookup (LR_COLORMAP_DIVERGING, 0.5, &middle);
  {
    Pixel neg = pixel_at (image, 49 + 5, 5), pos = pixel_at (image, 49 + 25, 5);
    Pixel zero = pixel_at (image, 49 + 5, 25);

    g_assert_cmpfloat (color_distance (&neg, &low), <, 0.01);
    g_assert_cmpfloat (color_distance (&pos, &high), <, 0.01);
    g_assert_cmpfloat (color_distance (&zero, &middle), <, 0.01);
  }
  /* the second caption reports a mistake, the first does not */
  g_assert_true (image_has_color (image, &theme.error, 0.08));
  cairo_surface_destroy (image);

  /* no images: the empty text, nothing else */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 120);
  spec = (LrGallerySpec) { LR_IMAGE_GREY, 0, 0, 0, NULL, NULL, NULL, 40, "No samples", &theme };
  cr = cairo_create (image);
  lr_render_gallery (cr, 200, 120, &spec);
  cairo_destroy (cr);
  g_assert_true (image_has_color (image, &theme.muted, 0.1));
  g_assert_false (image_has_color (image, &theme.foreground, 0.05));
  cairo_surface_destroy (image);
}

/* The learning-rate table at any width from its minimum up: the rate, the
 * loss gap and the verdict are always whole; names and then whole columns
 * give way first. */
static void
test_table_fits (void)
{
  static const char *schedules[] = { NULL, "step:step_size=30", "exponential:gamma=0.97",
                                     "cosine:T_max=200", "onecycle:max_lr=0.104" };
  LrTableRow rows[5];
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (image);
  LrRenderTheme theme;
  double min_width;

  lr_render_theme_init (&theme, FALSE, 1);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    rows[i] = (LrTableRow) { { 0.2, 0.4, 0.8 }, 0.104, "SGD with Nesterov momentum", schedules[i],
                             -1, 403.25 + i, i == 4 ? LR_VERDICT_SLOW : LR_VERDICT_OSCILLATING,
                             FALSE, -1, NAN };
  min_width = lr_render_lr_table_min_width (cr, rows, G_N_ELEMENTS (rows), &theme);
  g_assert_cmpfloat (min_width, >, 60);
  g_assert_cmpfloat (min_width, <, 260);
  for (double width = min_width; width <= 700; width += 7)
    {
      LrTableLayout l;
      gboolean fits = lr_render_lr_table_layout (cr, width, 200, rows, G_N_ELEMENTS (rows), &theme, &l);
      const int whole[] = { LR_TABLE_COL_LR, LR_TABLE_COL_GAP, LR_TABLE_COL_VERDICT };

      g_assert_true (fits);
      for (guint k = 0; k < G_N_ELEMENTS (whole); k++)
        {
          int c = whole[k];

          g_assert_true (l.shown[c]);
          /* whole: its widest cell and its header fit the column, inside the width */
          g_assert_cmpfloat (l.column_width[c] + 0.5, >=, MAX (l.widest[c], l.header_width[c]));
          g_assert_cmpfloat (l.x[c] + l.column_width[c], <=, width + 0.5);
        }
      /* the schedule is the one column that tells these runs apart: it
       * goes only after the optimizer */
      if (l.shown[LR_TABLE_COL_OPTIMIZER])
        g_assert_true (l.shown[LR_TABLE_COL_SCHEDULE]);
    }
  /* wide enough, everything is shown */
  {
    LrTableLayout l;

    g_assert_true (lr_render_lr_table_layout (cr, 900, 200, rows, G_N_ELEMENTS (rows), &theme, &l));
    for (int c = 0; c < LR_TABLE_N_COLS; c++)
      g_assert_true (l.shown[c]);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/colormap", test_colormap);
  g_test_add_func ("/render/palette", test_palette);
  g_test_add_func ("/render/heatmap/bowl", test_heatmap_bowl);
  g_test_add_func ("/render/heatmap/orientation", test_heatmap_orientation);
  g_test_add_func ("/render/heatmap/threads", test_heatmap_large_threads);
  g_test_add_func ("/render/heatmap/norm", test_heatmap_norm);
  g_test_add_func ("/render/heatmap/diverging", test_heatmap_diverging);
  g_test_add_func ("/render/contours/bowl", test_contours_bowl);
  g_test_add_func ("/render/contours/log", test_contours_log_levels);
  g_test_add_func ("/render/trajectory/pixels", test_trajectory_pixels);
  g_test_add_func ("/render/trajectory/robust", test_trajectory_robust);
  g_test_add_func ("/render/trail/split", test_trail_split);
  g_test_add_func ("/render/overlay/layers", test_overlay_layers);
  g_test_add_func ("/render/ticks", test_ticks);
  g_test_add_func ("/render/layout", test_layout);
  g_test_add_func ("/render/axes", test_axes_labels);
  g_test_add_func ("/render/line-plot", test_line_plot);
  g_test_add_func ("/render/table", test_table);
  g_test_add_func ("/render/figure", test_figure_draws);
  g_test_add_func ("/render/panel/cached-heatmap", test_panel_cached_heatmap);
  g_test_add_func ("/render/figure/shared-background", test_figure_shared_background);
  g_test_add_func ("/render/png/round-trip", test_png_round_trip);
  g_test_add_func ("/render/export", test_export);
  g_test_add_func ("/render/export/errors", test_export_errors);
  g_test_add_func ("/render/confusion", test_confusion);
  g_test_add_func ("/render/gallery", test_gallery);

  g_test_add_func ("/render/table-fits", test_table_fits);

  return g_test_run ();
}
