/* lr-render.c: cairo drawing shared by the app and lrlab-cli render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "lr-render.h"
#include "lr-colormap-tables.h"

/* Cairo's fixed-point coordinates overflow far outside the view. */
#define COORD_LIMIT 1e5

/* ---- theme, palette, colour maps --------------------------------------- */

void
lr_render_theme_init (LrRenderTheme *theme,
                      gboolean       dark,
                      double         scale)
{
  memset (theme, 0, sizeof *theme);
  theme->dark = dark;
  theme->scale = scale > 0 ? scale : 1;
  theme->font_family = "Cantarell, Inter, DejaVu Sans, sans-serif";
  if (dark)
    {
      theme->background = (LrRgb) { 0.118, 0.118, 0.118 };
      theme->foreground = (LrRgb) { 0.93, 0.93, 0.93 };
      theme->muted = (LrRgb) { 0.65, 0.65, 0.68 };
      theme->grid = (LrRgb) { 0.28, 0.28, 0.30 };
    }
  else
    {
      theme->background = (LrRgb) { 1, 1, 1 };
      theme->foreground = (LrRgb) { 0.13, 0.13, 0.15 };
      theme->muted = (LrRgb) { 0.40, 0.40, 0.44 };
      theme->grid = (LrRgb) { 0.88, 0.88, 0.90 };
    }
}

/* Okabe–Ito, lightened where needed to read on viridis with an outline. */
static const LrRgb palette[] = {
  { 0.937, 0.353, 0.227 },  /* vermilion */
  { 1.000, 0.847, 0.200 },  /* yellow */
  { 0.337, 0.706, 0.914 },  /* sky blue */
  { 0.960, 0.960, 0.960 },  /* white */
  { 0.800, 0.475, 0.655 },  /* reddish purple */
  { 0.000, 0.800, 0.550 },  /* bluish green */
  { 0.902, 0.624, 0.000 },  /* orange */
  { 0.000, 0.447, 0.698 },  /* blue */
};

guint
lr_render_palette_size (void)
{
  return G_N_ELEMENTS (palette);
}

void
lr_render_palette (guint  index,
                   LrRgb *color)
{
  *color = palette[index % G_N_ELEMENTS (palette)];
}

LrColormap
lr_colormap_from_name (const char *name)
{
  if (g_strcmp0 (name, "diverging") == 0)
    return LR_COLORMAP_DIVERGING;
  if (g_strcmp0 (name, "grey") == 0 || g_strcmp0 (name, "gray") == 0)
    return LR_COLORMAP_GREY;
  return LR_COLORMAP_VIRIDIS;
}

const char *
lr_colormap_to_name (LrColormap map)
{
  switch (map)
    {
    case LR_COLORMAP_DIVERGING:
      return "diverging";
    case LR_COLORMAP_GREY:
      return "grey";
    case LR_COLORMAP_VIRIDIS:
    default:
      return "viridis";
    }
}

static const LrRgb *
table_of (LrColormap map)
{
  switch (map)
    {
    case LR_COLORMAP_DIVERGING:
      return coolwarm_table;
    case LR_COLORMAP_GREY:
      return grey_table;
    case LR_COLORMAP_VIRIDIS:
    default:
      return viridis_table;
    }
}

void
lr_colormap_lookup (LrColormap  map,
                    double      t,
                    LrRgb      *color)
{
  const LrRgb *table = table_of (map);
  double pos, frac;
  int i;

  if (!(t >= 0))
    t = 0;
  if (t > 1)
    t = 1;
  pos = t * 255;
  i = (int) pos;
  if (i >= 255)
    {
      *color = table[255];
      return;
    }
  frac = pos - i;
  color->r = table[i].r + frac * (table[i + 1].r - table[i].r);
  color->g = table[i].g + frac * (table[i + 1].g - table[i].g);
  color->b = table[i].b + frac * (table[i + 1].b - table[i].b);
}

static void
set_rgb (cairo_t     *cr,
         const LrRgb *c,
         double       alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

/* ---- numbers and text ------------------------------------------------- */

char *
lr_render_format_number (double value)
{
  double a = fabs (value);

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "—" : value > 0 ? "∞" : "−∞");
  if (value == 0)
    return g_strdup ("0");
  if (a >= 1e-3 && a < 1e4)
    {
      char *s = g_strdup_printf ("%.4g", value);
      return s;
    }
  {
    int e = (int) floor (log10 (a));
    double m = value / pow (10, e);
    char buf[64];

    if (fabs (m - round (m)) < 1e-9)
      g_snprintf (buf, sizeof buf, "%.0fe%d", round (m), e);
    else
      g_snprintf (buf, sizeof buf, "%.3ge%d", m, e);
    return g_strdup (buf);
  }
}

static PangoLayout *
make_layout (cairo_t             *cr,
             const LrRenderTheme *theme,
             double               size,
             gboolean             bold,
             const char          *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (theme->font_family);

  pango_font_description_set_absolute_size (desc, size * theme->scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws @text with its top-left (xalign 0) / top-centre (0.5) / top-right (1)
 * at (x, y); returns its width. */
static double
draw_text (cairo_t             *cr,
           const LrRenderTheme *theme,
           double               size,
           gboolean             bold,
           const LrRgb         *color,
           double               x,
           double               y,
           double               xalign,
           double               yalign,
           const char          *text)
{
  PangoLayout *layout = make_layout (cr, theme, size, bold, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  set_rgb (cr, color, 1);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
  g_object_unref (layout);
  return w;
}

static double
text_width (cairo_t             *cr,
            const LrRenderTheme *theme,
            double               size,
            gboolean             bold,
            const char          *text)
{
  PangoLayout *layout = make_layout (cr, theme, size, bold, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  g_object_unref (layout);
  return w;
}

/* Text with a halo, readable on any heatmap colour. */
static void
draw_halo_text (cairo_t             *cr,
                const LrRenderTheme *theme,
                double               size,
                gboolean             bold,
                double               x,
                double               y,
                double               xalign,
                const char          *text)
{
  PangoLayout *layout = make_layout (cr, theme, size, bold, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_save (cr);
  cairo_move_to (cr, x - xalign * w, y);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
  cairo_set_line_width (cr, 3 * theme->scale);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, x - xalign * w, y);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
  cairo_restore (cr);
  g_object_unref (layout);
}

/* ---- ticks ------------------------------------------------------------ */

static double
nice_step (double span,
           int    target)
{
  double raw = span / MAX (target, 1);
  double mag = pow (10, floor (log10 (raw)));
  double f = raw / mag;

  if (f < 1.5)
    return mag;
  if (f < 3.5)
    return 2 * mag;
  if (f < 7.5)
    return 5 * mag;
  return 10 * mag;
}

/* ---- layout ----------------------------------------------------------- */

void
lr_render_panel_layout (double               width,
                        double               height,
                        const LrRenderTheme *theme,
                        gboolean             axes,
                        LrRect              *plot)
{
  double s = theme->scale;
  double left = axes ? 40 * s : 4;
  double bottom = axes ? 22 * s : 4;
  double top = 26 * s;
  double right = 8 * s;

  plot->x = left;
  plot->y = top;
  plot->width = MAX (width - left - right, 1);
  plot->height = MAX (height - top - bottom, 1);
}

static void
to_px (const LrRect *plot,
       const LrBox  *view,
       double        x,
       double        y,
       double       *px,
       double       *py)
{
  *px = plot->x + (x - view->xmin) / (view->xmax - view->xmin) * plot->width;
  *py = plot->y + (view->ymax - y) / (view->ymax - view->ymin) * plot->height;
  *px = CLAMP (*px, -COORD_LIMIT, COORD_LIMIT);
  *py = CLAMP (*py, -COORD_LIMIT, COORD_LIMIT);
}

/* ---- heatmap ---------------------------------------------------------- */

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
lr_render_value_norm (const LrSurface *surface,
                      const LrBox     *view,
                      LrValueNorm     *norm)
{
  enum { N = 48 };
  double samples[N * N];
  guint n = 0;
  double fmin, lo, hi;
  gboolean known;

  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++)
      {
        double x = view->xmin + (i + 0.5) / N * (view->xmax - view->xmin);
        double y = view->ymin + (j + 0.5) / N * (view->ymax - view->ymin);
        double f = lr_surface_value (surface, x, y);

        if (isfinite (f))
          samples[n++] = f;
      }

  norm->scale = lr_surface_get_color_scale (surface);
  if (n < 2)
    {
      norm->scale = LR_COLOR_SCALE_LINEAR;
      norm->lo = 0;
      norm->hi = 1;
      norm->offset = 0;
      return;
    }

  qsort (samples, n, sizeof (double), cmp_double);
  /* Robust range: one extreme corner does not wash out the map. */
  lo = samples[0];
  hi = samples[(guint) (0.98 * (n - 1))];
  known = lr_surface_get_min_value (surface, &fmin);

  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      double base = known ? MIN (fmin, lo) : lo;
      double span = MAX (hi - base, 1e-300);
      /* Resolve five decades below the typical value in view. */
      double eps = MAX (span * 1e-5, 1e-300);

      norm->offset = base - eps;
      norm->lo = log10 (eps);
      norm->hi = log10 (hi - norm->offset);
    }
  else
    {
      norm->offset = 0;
      norm->lo = lo;
      norm->hi = hi > lo ? hi : lo + 1;
    }
}

double
lr_render_normalize (const LrValueNorm *norm,
                     double             value)
{
  double t;

  if (isnan (value))
    return 1;
  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      double d = value - norm->offset;
      t = d > 0 ? (log10 (d) - norm->lo) / (norm->hi - norm->lo) : 0;
    }
  else
    t = (value - norm->lo) / (norm->hi - norm->lo);
  return CLAMP (t, 0, 1);
}

typedef struct {
  guint32         *pixels;
  int              stride;   /* in pixels */
  int              width;
  int              row0, row1;
  const LrSurface *surface;
  const LrBox     *view;
  const LrValueNorm *norm;
  guint32          lut[1024];
  int              height;
} HeatJob;

static gpointer
heat_rows (gpointer data)
{
  HeatJob *job = data;
  double dx = (job->view->xmax - job->view->xmin) / job->width;
  double dy = (job->view->ymax - job->view->ymin) / job->height;

  for (int j = job->row0; j < job->row1; j++)
    {
      guint32 *row = job->pixels + (gsize) j * job->stride;
      double y = job->view->ymax - (j + 0.5) * dy;

      for (int i = 0; i < job->width; i++)
        {
          double x = job->view->xmin + (i + 0.5) * dx;
          double t = lr_render_normalize (job->norm, lr_surface_value (job->surface, x, y));

          row[i] = job->lut[(int) (t * 1023 + 0.5)];
        }
    }
  return NULL;
}

void
lr_render_heatmap (guint32         *pixels,
                   int              stride_bytes,
                   int              width,
                   int              height,
                   const LrSurface *surface,
                   const LrBox     *view,
                   LrColormap       map)
{
  LrValueNorm norm;
  HeatJob jobs[2];
  GThread *thread = NULL;
  int n_jobs;

  if (width <= 0 || height <= 0)
    return;

  lr_render_value_norm (surface, view, &norm);

  jobs[0] = (HeatJob) { pixels, stride_bytes / 4, width, 0, height, surface, view, &norm, { 0 }, height };
  for (int k = 0; k < 1024; k++)
    {
      LrRgb c;

      lr_colormap_lookup (map, k / 1023.0, &c);
      jobs[0].lut[k] = 0xff000000u | ((guint32) (c.r * 255 + 0.5) << 16) |
                       ((guint32) (c.g * 255 + 0.5) << 8) | (guint32) (c.b * 255 + 0.5);
    }

  /* Large images: two threads on disjoint rows. */
  n_jobs = (gint64) width * height > 250000 ? 2 : 1;
  if (n_jobs == 2)
    {
      jobs[1] = jobs[0];
      jobs[0].row1 = height / 2;
      jobs[1].row0 = height / 2;
      thread = g_thread_try_new ("lrlab-heatmap", heat_rows, &jobs[1], NULL);
      if (thread == NULL)
        jobs[0].row1 = height;
    }
  heat_rows (&jobs[0]);
  if (thread != NULL)
    g_thread_join (thread);
}

/* ---- contours --------------------------------------------------------- */

static guint
contour_levels (const LrSurface *surface,
                const LrValueNorm *norm,
                double           *levels,
                guint             max_levels)
{
  guint n = 0;

  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      /* Decades above the minimum, with 2× and 5× when few decades show. */
      double d0 = floor (norm->lo), d1 = ceil (norm->hi);
      gboolean subs = d1 - d0 <= 5;

      for (double d = d0; d <= d1 && n < max_levels; d++)
        for (int m = 0; m < (subs ? 3 : 1) && n < max_levels; m++)
          {
            static const double mult[] = { 1, 2, 5 };
            double v = mult[m] * pow (10, d);
            double lv = log10 (v);

            if (lv > norm->lo && lv < norm->hi)
              levels[n++] = norm->offset + v;
          }
    }
  else
    {
      double step = nice_step (norm->hi - norm->lo, 10);
      double v = ceil (norm->lo / step) * step;

      for (; v < norm->hi && n < max_levels; v += step)
        if (v > norm->lo)
          levels[n++] = v;
    }
  return n;
}

void
lr_render_contours (cairo_t             *cr,
                    const LrRect        *plot,
                    const LrSurface     *surface,
                    const LrBox         *view,
                    double               device_scale,
                    const LrRenderTheme *theme)
{
  LrValueNorm norm;
  double levels[64];
  guint n_levels;
  double cell = 5.0 / MAX (device_scale, 1);
  int nx = MAX (2, (int) (plot->width / cell)), ny = MAX (2, (int) (plot->height / cell));
  double *grid;

  lr_render_value_norm (surface, view, &norm);
  n_levels = contour_levels (surface, &norm, levels, G_N_ELEMENTS (levels));
  if (n_levels == 0)
    return;

  grid = g_new (double, (gsize) (nx + 1) * (ny + 1));
  for (int j = 0; j <= ny; j++)
    for (int i = 0; i <= nx; i++)
      {
        double x = view->xmin + (double) i / nx * (view->xmax - view->xmin);
        double y = view->ymax - (double) j / ny * (view->ymax - view->ymin);
        grid[j * (nx + 1) + i] = lr_surface_value (surface, x, y);
      }

  cairo_save (cr);
  cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (cr);
  cairo_set_line_width (cr, 0.8 * theme->scale);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint l = 0; l < n_levels; l++)
    {
      double level = levels[l];
      double sx = plot->width / nx, sy = plot->height / ny;

      for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
          {
            /* Corners: a top-left, b top-right, c bottom-right, d bottom-left. */
            double va = grid[j * (nx + 1) + i], vb = grid[j * (nx + 1) + i + 1];
            double vc = grid[(j + 1) * (nx + 1) + i + 1], vd = grid[(j + 1) * (nx + 1) + i];
            double px[4], py[4];
            int k = 0;
            int idx;
            double x0 = plot->x + i * sx, y0 = plot->y + j * sy;

            if (!(isfinite (va) && isfinite (vb) && isfinite (vc) && isfinite (vd)))
              continue;
            idx = (va > level) | ((vb > level) << 1) | ((vc > level) << 2) | ((vd > level) << 3);
            if (idx == 0 || idx == 15)
              continue;

#define EDGE(v1, v2, ax, ay, bx, by) G_STMT_START {                       \
    if (((v1) > level) != ((v2) > level)) {                               \
      double t_ = (level - (v1)) / ((v2) - (v1));                         \
      px[k] = (ax) + t_ * ((bx) - (ax));                                  \
      py[k] = (ay) + t_ * ((by) - (ay));                                  \
      k++;                                                                \
    } } G_STMT_END
            EDGE (va, vb, x0, y0, x0 + sx, y0);
            EDGE (vb, vc, x0 + sx, y0, x0 + sx, y0 + sy);
            EDGE (vc, vd, x0 + sx, y0 + sy, x0, y0 + sy);
            EDGE (vd, va, x0, y0 + sy, x0, y0);
#undef EDGE
            if (k >= 2)
              {
                cairo_move_to (cr, px[0], py[0]);
                cairo_line_to (cr, px[1], py[1]);
              }
            if (k == 4)
              {
                cairo_move_to (cr, px[2], py[2]);
                cairo_line_to (cr, px[3], py[3]);
              }
          }
      /* White lines on the dark low end, dark lines on the bright high end. */
      {
        double t = lr_render_normalize (&norm, level);
        if (t < 0.6)
          cairo_set_source_rgba (cr, 1, 1, 1, 0.38);
        else
          cairo_set_source_rgba (cr, 0, 0, 0, 0.30);
      }
      cairo_stroke (cr);
    }

  cairo_restore (cr);
  g_free (grid);
}

/* ---- markers and axes ------------------------------------------------- */

static void
star_path (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  for (int i = 0; i < 10; i++)
    {
      double a = -G_PI / 2 + i * G_PI / 5;
      double rr = (i % 2 == 0) ? r : r * 0.45;

      if (i == 0)
        cairo_move_to (cr, cx + rr * cos (a), cy + rr * sin (a));
      else
        cairo_line_to (cr, cx + rr * cos (a), cy + rr * sin (a));
    }
  cairo_close_path (cr);
}

void
lr_render_minima (cairo_t             *cr,
                  const LrRect        *plot,
                  const LrSurface     *surface,
                  const LrBox         *view,
                  const LrRenderTheme *theme)
{
  const LrPoint *minima = NULL;
  guint n = lr_surface_get_minima (surface, &minima);

  cairo_save (cr);
  for (guint i = 0; i < n; i++)
    {
      double px, py;

      to_px (plot, view, minima[i].x, minima[i].y, &px, &py);
      if (px < plot->x || px > plot->x + plot->width || py < plot->y || py > plot->y + plot->height)
        continue;
      star_path (cr, px, py, 7 * theme->scale);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      cairo_set_line_width (cr, 1.2 * theme->scale);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
lr_render_start_marker (cairo_t             *cr,
                        const LrRect        *plot,
                        const LrBox         *view,
                        double               x,
                        double               y,
                        const LrRenderTheme *theme)
{
  double px, py, r = 6 * theme->scale;

  to_px (plot, view, x, y, &px, &py);
  cairo_save (cr);
  cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (cr);
  cairo_move_to (cr, px, py - r);
  cairo_line_to (cr, px + r, py);
  cairo_line_to (cr, px, py + r);
  cairo_line_to (cr, px - r, py);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
  cairo_set_line_width (cr, 4 * theme->scale);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2 * theme->scale);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
axis_ticks (cairo_t             *cr,
            const LrRenderTheme *theme,
            double               lo,
            double               hi,
            double               length_px,
            gboolean             horizontal,
            const LrRect        *plot)
{
  double fs = 10;
  double step = nice_step (hi - lo, MAX (2, (int) (length_px / (horizontal ? 70 : 40) / theme->scale)));
  double first = ceil (lo / step) * step;

  for (double v = first; v <= hi + step * 1e-9; v += step)
    {
      g_autofree char *label = NULL;
      double p;

      if (fabs (v) < step * 1e-9)
        v = 0;
      label = lr_render_format_number (v);
      if (horizontal)
        {
          p = plot->x + (v - lo) / (hi - lo) * plot->width;
          set_rgb (cr, &theme->muted, 1);
          cairo_move_to (cr, p, plot->y + plot->height);
          cairo_line_to (cr, p, plot->y + plot->height + 4 * theme->scale);
          cairo_stroke (cr);
          draw_text (cr, theme, fs, FALSE, &theme->muted, p, plot->y + plot->height + 5 * theme->scale, 0.5, 0, label);
        }
      else
        {
          p = plot->y + (hi - v) / (hi - lo) * plot->height;
          set_rgb (cr, &theme->muted, 1);
          cairo_move_to (cr, plot->x - 4 * theme->scale, p);
          cairo_line_to (cr, plot->x, p);
          cairo_stroke (cr);
          draw_text (cr, theme, fs, FALSE, &theme->muted, plot->x - 6 * theme->scale, p, 1, 0.5, label);
        }
    }
}

void
lr_render_axes (cairo_t             *cr,
                const LrRect        *plot,
                const LrBox         *view,
                const LrRenderTheme *theme)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1 * theme->scale);
  set_rgb (cr, &theme->muted, 0.8);
  cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
  cairo_stroke (cr);
  axis_ticks (cr, theme, view->xmin, view->xmax, plot->width, TRUE, plot);
  axis_ticks (cr, theme, view->ymin, view->ymax, plot->height, FALSE, plot);
  cairo_restore (cr);
}

/* ---- trajectories ----------------------------------------------------- */

void
lr_render_trajectory (cairo_t             *cr,
                      const LrRect        *plot,
                      const LrBox         *view,
                      const LrTrajectory  *traj,
                      guint                step,
                      double               fraction,
                      const LrRgb         *color,
                      const LrRenderTheme *theme)
{
  guint last;
  double hx, hy;
  const double s = theme->scale;
  /* The most recent segments are drawn solid, older ones fade. */
  const guint recent = 30;

  if (traj == NULL || traj->n_points == 0)
    return;

  last = MIN (step, traj->n_points - 1);
  if (last + 1 >= traj->n_points)
    fraction = 0;

  cairo_save (cr);
  cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* head position, interpolated towards the next point while animating */
  to_px (plot, view, traj->points[last].x, traj->points[last].y, &hx, &hy);
  if (fraction > 0)
    {
      double nx, ny;

      to_px (plot, view, traj->points[last + 1].x, traj->points[last + 1].y, &nx, &ny);
      hx += fraction * (nx - hx);
      hy += fraction * (ny - hy);
    }

  for (int pass = 0; pass < 2; pass++)
    {
      guint fade_end = last > recent ? last - recent : 0;

      /* pass 0: dark outline; pass 1: colour */
      for (int part = 0; part < 2; part++)
        {
          guint from = part == 0 ? 0 : fade_end;
          guint to = part == 0 ? fade_end : last;
          double px, py;

          if (to <= from && !(part == 1 && fraction > 0))
            continue;
          to_px (plot, view, traj->points[from].x, traj->points[from].y, &px, &py);
          cairo_move_to (cr, px, py);
          for (guint k = from + 1; k <= to; k++)
            {
              to_px (plot, view, traj->points[k].x, traj->points[k].y, &px, &py);
              cairo_line_to (cr, px, py);
            }
          if (part == 1 && fraction > 0)
            cairo_line_to (cr, hx, hy);

          if (pass == 0)
            {
              cairo_set_source_rgba (cr, 0, 0, 0, part == 0 ? 0.25 : 0.6);
              cairo_set_line_width (cr, 4.5 * s);
            }
          else
            {
              set_rgb (cr, color, part == 0 ? 0.55 : 1.0);
              cairo_set_line_width (cr, 2.2 * s);
            }
          cairo_stroke (cr);
        }
    }

  /* A dot on each of the recent points shows the step size. */
  if (last < 2000)
    for (guint k = last > recent ? last - recent : 0; k <= last; k++)
      {
        double px, py;

        to_px (plot, view, traj->points[k].x, traj->points[k].y, &px, &py);
        cairo_arc (cr, px, py, 1.8 * s, 0, 2 * G_PI);
        set_rgb (cr, color, 1);
        cairo_fill (cr);
      }

  if (traj->diverged && last >= traj->diverged_step)
    {
      double r = 7 * s;

      cairo_move_to (cr, hx - r, hy - r);
      cairo_line_to (cr, hx + r, hy + r);
      cairo_move_to (cr, hx + r, hy - r);
      cairo_line_to (cr, hx - r, hy + r);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
      cairo_set_line_width (cr, 5 * s);
      cairo_stroke_preserve (cr);
      set_rgb (cr, color, 1);
      cairo_set_line_width (cr, 2.5 * s);
      cairo_stroke (cr);
    }
  else
    {
      cairo_arc (cr, hx, hy, 6 * s, 0, 2 * G_PI);
      set_rgb (cr, color, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 2 * s);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 0.8 * s);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

/* ---- panels ----------------------------------------------------------- */

void
lr_render_panel_background (cairo_t             *cr,
                            double               width,
                            double               height,
                            double               device_scale,
                            const LrSurface     *surface,
                            const LrBox         *view,
                            LrColormap           map,
                            gboolean             contours,
                            const LrRenderTheme *theme)
{
  LrRect plot;
  int pw, ph;
  cairo_surface_t *img;

  lr_render_panel_layout (width, height, theme, TRUE, &plot);

  set_rgb (cr, &theme->background, 1);
  cairo_paint (cr);

  /* One value per device pixel. */
  pw = MAX (1, (int) ceil (plot.width * device_scale));
  ph = MAX (1, (int) ceil (plot.height * device_scale));
  img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_surface_flush (img);
  lr_render_heatmap ((guint32 *) cairo_image_surface_get_data (img),
                     cairo_image_surface_get_stride (img), pw, ph, surface, view, map);
  cairo_surface_mark_dirty (img);

  cairo_save (cr);
  cairo_rectangle (cr, plot.x, plot.y, plot.width, plot.height);
  cairo_clip (cr);
  cairo_translate (cr, plot.x, plot.y);
  cairo_scale (cr, plot.width / pw, plot.height / ph);
  cairo_set_source_surface (cr, img, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);

  if (contours)
    lr_render_contours (cr, &plot, surface, view, device_scale, theme);
  lr_render_minima (cr, &plot, surface, view, theme);
  lr_render_axes (cr, &plot, view, theme);
}

static const char *
verdict_text (LrVerdict verdict)
{
  return lr_verdict_to_string (verdict);
}

static void
verdict_color (LrVerdict            verdict,
               const LrRenderTheme *theme,
               LrRgb               *c)
{
  switch (verdict)
    {
    case LR_VERDICT_CONVERGED:
      *c = theme->dark ? (LrRgb) { 0.56, 0.86, 0.52 } : (LrRgb) { 0.15, 0.55, 0.25 };
      break;
    case LR_VERDICT_SLOW:
      *c = theme->dark ? (LrRgb) { 0.98, 0.80, 0.35 } : (LrRgb) { 0.65, 0.45, 0.0 };
      break;
    case LR_VERDICT_OSCILLATING:
      *c = theme->dark ? (LrRgb) { 1.0, 0.60, 0.30 } : (LrRgb) { 0.80, 0.35, 0.0 };
      break;
    case LR_VERDICT_DIVERGED:
    default:
      *c = theme->dark ? (LrRgb) { 1.0, 0.45, 0.45 } : (LrRgb) { 0.75, 0.10, 0.15 };
      break;
    }
}

static double
run_loss_at (const LrRenderRun *run,
             guint              step)
{
  const LrTrajectory *t = run->trajectory;

  if (t == NULL || t->n_points == 0)
    return NAN;
  return t->points[MIN (step, t->n_points - 1)].loss;
}

void
lr_render_panel_overlay (cairo_t             *cr,
                         double               width,
                         double               height,
                         const LrSurface     *surface,
                         const LrBox         *view,
                         const LrRenderRun   *runs,
                         guint                n_runs,
                         guint                step,
                         double               fraction,
                         double               x0,
                         double               y0,
                         const LrRenderTheme *theme)
{
  LrRect plot;
  double s = theme->scale;

  lr_render_panel_layout (width, height, theme, TRUE, &plot);
  lr_render_start_marker (cr, &plot, view, x0, y0, theme);
  for (guint i = 0; i < n_runs; i++)
    lr_render_trajectory (cr, &plot, view, runs[i].trajectory, step, fraction, &runs[i].color, theme);

  /* Caption band above the plot. */
  if (n_runs == 1)
    {
      const LrRenderRun *r = &runs[0];
      g_autofree char *left = NULL;
      g_autofree char *loss = lr_render_format_number (run_loss_at (r, step));
      g_autofree char *right = NULL;
      guint shown = r->trajectory ? MIN (step, r->trajectory->n_points - 1) : 0;
      LrRgb vc;
      double wr;

      if (r->schedule != NULL && g_strcmp0 (r->schedule, "constant") != 0)
        left = g_strdup_printf ("%s · %s", r->label, r->schedule);
      else
        left = g_strdup (r->label);

      cairo_arc (cr, plot.x + 6 * s, plot.y / 2, 5 * s, 0, 2 * G_PI);
      set_rgb (cr, &r->color, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);

      verdict_color (r->summary.verdict, theme, &vc);
      right = g_strdup_printf ("step %u · loss %s", shown, loss);
      wr = draw_text (cr, theme, 11, TRUE, &vc, plot.x + plot.width, plot.y / 2, 1, 0.5,
                      verdict_text (r->summary.verdict));
      wr += 8 * s;
      wr += draw_text (cr, theme, 11, FALSE, &theme->muted, plot.x + plot.width - wr, plot.y / 2, 1, 0.5, right);
      {
        double avail = plot.width - wr - 24 * s;
        PangoLayout *layout = make_layout (cr, theme, 11, TRUE, left);
        int w, h;

        pango_layout_set_width (layout, (int) (MAX (avail, 10) * PANGO_SCALE));
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        pango_layout_get_pixel_size (layout, &w, &h);
        set_rgb (cr, &theme->foreground, 1);
        cairo_move_to (cr, plot.x + 16 * s, plot.y / 2 - h / 2.0);
        pango_cairo_show_layout (cr, layout);
        cairo_new_path (cr);
        g_object_unref (layout);
      }
    }
  else if (n_runs > 1)
    {
      guint shown = step;
      g_autofree char *caption = NULL;
      double y = plot.y + 8 * s;

      if (runs[0].trajectory != NULL)
        shown = MIN (step, runs[0].trajectory->n_steps);
      caption = g_strdup_printf ("step %u", shown);
      draw_text (cr, theme, 11, TRUE, &theme->foreground, plot.x, plot.y / 2, 0, 0.5, caption);

      /* Legend inside the plot, top right, with halos. */
      for (guint i = 0; i < n_runs; i++)
        {
          g_autofree char *line = g_strdup_printf ("%s — %s", runs[i].label, verdict_text (runs[i].summary.verdict));
          double w = text_width (cr, theme, 10.5, FALSE, line);
          double x = plot.x + plot.width - 8 * s - w;

          cairo_arc (cr, x - 9 * s, y + 7 * s, 4.5 * s, 0, 2 * G_PI);
          set_rgb (cr, &runs[i].color, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
          draw_halo_text (cr, theme, 10.5, FALSE, x, y, 0, line);
          y += 16 * s;
        }
    }
}

/* ---- line plots ------------------------------------------------------- */

static double
tr (double   v,
    gboolean log_scale)
{
  if (!log_scale)
    return v;
  return v > 0 ? log10 (v) : NAN;
}

void
lr_render_line_plot (cairo_t             *cr,
                     double               width,
                     double               height,
                     const LrPlotSpec    *spec,
                     const LrRenderTheme *theme)
{
  double s = theme->scale;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  LrRect plot;
  gboolean any = FALSE;

  cairo_save (cr);
  set_rgb (cr, &theme->background, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  plot.x = 52 * s;
  plot.y = 24 * s;
  plot.width = MAX (width - plot.x - 10 * s, 10);
  plot.height = MAX (height - plot.y - 30 * s, 10);

  if (spec->title != NULL)
    draw_text (cr, theme, 11.5, TRUE, &theme->foreground, plot.x, 5 * s, 0, 0, spec->title);

  for (guint i = 0; i < spec->n_series; i++)
    for (guint k = 0; k < spec->series[i].n; k++)
      {
        double x = tr (spec->series[i].x[k], spec->log_x);
        double y = tr (spec->series[i].y[k], spec->log_y);

        if (!isfinite (x) || !isfinite (y))
          continue;
        xlo = MIN (xlo, x);
        xhi = MAX (xhi, x);
        ylo = MIN (ylo, y);
        yhi = MAX (yhi, y);
        any = TRUE;
      }
  for (guint i = 0; i < spec->n_markers; i++)
    {
      double x = tr (spec->markers[i].x, spec->log_x);

      if (isfinite (x))
        {
          xlo = MIN (xlo, x);
          xhi = MAX (xhi, x);
        }
    }

  if (!any)
    {
      draw_text (cr, theme, 11, FALSE, &theme->muted, width / 2, height / 2, 0.5, 0.5,
                 spec->empty_text ? spec->empty_text : "no data");
      cairo_restore (cr);
      return;
    }

  /* A run that blew up must not flatten everyone else's curve. */
  if (spec->n_series > 0 && spec->log_y)
    {
      double cap = -INFINITY;

      for (guint i = 0; i < spec->n_series; i++)
        if (spec->series[i].n > 0 && isfinite (tr (spec->series[i].y[0], TRUE)))
          cap = MAX (cap, tr (spec->series[i].y[0], TRUE) + 2);
      if (isfinite (cap) && yhi > cap)
        yhi = cap;
    }
  if (xhi <= xlo)
    xhi = xlo + 1;
  if (yhi <= ylo)
    {
      yhi = ylo + (spec->log_y ? 1 : MAX (fabs (ylo) * 0.1, 1e-12));
      ylo = ylo - (spec->log_y ? 1 : MAX (fabs (ylo) * 0.1, 1e-12));
    }
  else
    {
      double pad = 0.05 * (yhi - ylo);
      yhi += pad;
      ylo -= pad;
    }

  /* grid and ticks */
  cairo_set_line_width (cr, 1);
  {
    double step = spec->log_y ? MAX (1, round (nice_step (yhi - ylo, 4))) : nice_step (yhi - ylo, 4);

    for (double v = ceil (ylo / step) * step; v <= yhi; v += step)
      {
        double py = plot.y + (yhi - v) / (yhi - ylo) * plot.height;
        g_autofree char *label = lr_render_format_number (spec->log_y ? pow (10, v) : (fabs (v) < step * 1e-9 ? 0 : v));

        set_rgb (cr, &theme->grid, 1);
        cairo_move_to (cr, plot.x, py);
        cairo_line_to (cr, plot.x + plot.width, py);
        cairo_stroke (cr);
        draw_text (cr, theme, 9.5, FALSE, &theme->muted, plot.x - 5 * s, py, 1, 0.5, label);
      }
    step = spec->log_x ? MAX (1, round (nice_step (xhi - xlo, 5))) : nice_step (xhi - xlo, 5);
    for (double v = ceil (xlo / step) * step; v <= xhi; v += step)
      {
        double px = plot.x + (v - xlo) / (xhi - xlo) * plot.width;
        g_autofree char *label = lr_render_format_number (spec->log_x ? pow (10, v) : (fabs (v) < step * 1e-9 ? 0 : v));

        set_rgb (cr, &theme->grid, 1);
        cairo_move_to (cr, px, plot.y);
        cairo_line_to (cr, px, plot.y + plot.height);
        cairo_stroke (cr);
        draw_text (cr, theme, 9.5, FALSE, &theme->muted, px, plot.y + plot.height + 3 * s, 0.5, 0, label);
      }
  }
  set_rgb (cr, &theme->muted, 0.8);
  cairo_rectangle (cr, plot.x, plot.y, plot.width, plot.height);
  cairo_stroke (cr);
  if (spec->x_label != NULL)
    draw_text (cr, theme, 10, FALSE, &theme->muted, plot.x + plot.width, height - 2 * s, 1, 1, spec->x_label);

  /* markers */
  for (guint i = 0; i < spec->n_markers; i++)
    {
      double x = tr (spec->markers[i].x, spec->log_x);
      double px;
      double dash[] = { 4 * s, 3 * s };

      if (!isfinite (x))
        continue;
      px = plot.x + (x - xlo) / (xhi - xlo) * plot.width;
      cairo_save (cr);
      cairo_set_dash (cr, dash, 2, 0);
      set_rgb (cr, &spec->markers[i].color, 0.9);
      cairo_set_line_width (cr, 1.2 * s);
      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (spec->markers[i].label != NULL)
        draw_text (cr, theme, 9.5, FALSE, &spec->markers[i].color, px + 3 * s, plot.y + 2 * s, 0, 0,
                   spec->markers[i].label);
    }

  /* series */
  cairo_save (cr);
  cairo_rectangle (cr, plot.x, plot.y, plot.width, plot.height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 1.8 * s);
  for (guint i = 0; i < spec->n_series; i++)
    {
      const LrPlotSeries *ser = &spec->series[i];
      gboolean pen = FALSE;

      for (guint k = 0; k < ser->n; k++)
        {
          double x = tr (ser->x[k], spec->log_x);
          double y = tr (ser->y[k], spec->log_y);
          double px, py;

          if (!isfinite (x) || !isfinite (y))
            {
              pen = FALSE;
              continue;
            }
          px = plot.x + (x - xlo) / (xhi - xlo) * plot.width;
          py = plot.y + (yhi - y) / (yhi - ylo) * plot.height;
          py = CLAMP (py, -COORD_LIMIT, COORD_LIMIT);
          if (pen)
            cairo_line_to (cr, px, py);
          else
            cairo_move_to (cr, px, py);
          pen = TRUE;
        }
      set_rgb (cr, &ser->color, 1);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* legend */
  if (spec->legend)
    {
      double y = plot.y + 6 * s;

      for (guint i = 0; i < spec->n_series; i++)
        {
          double w;

          if (spec->series[i].label == NULL)
            continue;
          w = text_width (cr, theme, 9.5, FALSE, spec->series[i].label);
          set_rgb (cr, &theme->background, 0.8);
          cairo_rectangle (cr, plot.x + plot.width - w - 30 * s, y - 1 * s, w + 26 * s, 14 * s);
          cairo_fill (cr);
          set_rgb (cr, &spec->series[i].color, 1);
          cairo_set_line_width (cr, 2.5 * s);
          cairo_move_to (cr, plot.x + plot.width - w - 26 * s, y + 6 * s);
          cairo_line_to (cr, plot.x + plot.width - w - 12 * s, y + 6 * s);
          cairo_stroke (cr);
          draw_text (cr, theme, 9.5, FALSE, &theme->foreground, plot.x + plot.width - 6 * s, y, 1, 0,
                     spec->series[i].label);
          y += 15 * s;
        }
    }

  cairo_restore (cr);
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
  g_autofree LrPlotSeries *series = g_new0 (LrPlotSeries, MAX (n_runs, 1));
  g_autoptr(GPtrArray) buffers = g_ptr_array_new_with_free_func (g_free);
  double fmin = 0;
  gboolean known = surface != NULL && lr_surface_get_min_value (surface, &fmin);
  LrPlotSpec spec = { 0 };
  guint n = 0;

  for (guint i = 0; i < n_runs; i++)
    {
      const LrTrajectory *t = runs[i].trajectory;
      guint count;
      double *x, *y;

      if (t == NULL || t->n_points == 0)
        continue;
      count = MIN (step, t->n_points - 1) + 1;
      x = g_new (double, count);
      y = g_new (double, count);
      for (guint k = 0; k < count; k++)
        {
          x[k] = k;
          if (kind == LR_RUN_PLOT_LOSS)
            y[k] = known ? t->points[k].loss - fmin : t->points[k].loss;
          else
            y[k] = t->points[k].lr;
        }
      g_ptr_array_add (buffers, x);
      g_ptr_array_add (buffers, y);
      series[n++] = (LrPlotSeries) { x, y, count, runs[i].color, runs[i].label };
    }

  if (kind == LR_RUN_PLOT_LOSS)
    {
      spec.title = known ? "Loss gap to the minimum" : "Loss";
      spec.log_y = known || TRUE;
    }
  else
    {
      spec.title = "Learning rate";
      spec.log_y = TRUE;
    }
  spec.x_label = "step";
  spec.series = series;
  spec.n_series = n;
  spec.empty_text = "no runs";
  lr_render_line_plot (cr, width, height, &spec, theme);
}

/* ---- the learning-rate table ------------------------------------------ */

void
lr_render_lr_table (cairo_t             *cr,
                    double               width,
                    double               height,
                    const LrRenderRun   *runs,
                    guint                n_runs,
                    guint                step,
                    const LrRenderTheme *theme)
{
  static const char *headers[] = { "learning rate", "optimizer", "steps", "loss gap", "verdict" };
  static const double col_frac[] = { 0.18, 0.32, 0.14, 0.16, 0.20 };
  double s = theme->scale;
  double x0 = 10 * s, y = 6 * s;
  double row_h = 20 * s;
  double avail = width - x0 - 18 * s - 6 * s;
  double fs = 10.5;

  cairo_save (cr);
  set_rgb (cr, &theme->background, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  draw_text (cr, theme, 11.5, TRUE, &theme->foreground, x0, y, 0, 0, "Measured learning-rate table");
  y += 22 * s;

  {
    double x = x0 + 18 * s;

    for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
      {
        PangoLayout *layout = make_layout (cr, theme, 9.5, TRUE, headers[c]);

        pango_layout_set_width (layout, (int) (col_frac[c] * avail * PANGO_SCALE));
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        set_rgb (cr, &theme->muted, 1);
        cairo_move_to (cr, x, y);
        pango_cairo_show_layout (cr, layout);
        cairo_new_path (cr);
        g_object_unref (layout);
        x += col_frac[c] * avail;
      }
    y += 16 * s;
    set_rgb (cr, &theme->grid, 1);
    cairo_set_line_width (cr, 1);
    cairo_move_to (cr, x0, y);
    cairo_line_to (cr, width - 6 * s, y);
    cairo_stroke (cr);
    y += 4 * s;
  }

  for (guint i = 0; i < n_runs && y + row_h <= height + 2; i++)
    {
      const LrRenderRun *r = &runs[i];
      const LrTrajectory *t = r->trajectory;
      char *cells[5];
      double x = x0 + 18 * s;
      LrRgb vc;
      guint shown = t ? MIN (step, t->n_points - 1) : 0;

      cells[0] = t ? lr_render_format_number (t->points[0].lr) : g_strdup ("—");
      cells[1] = g_strdup (r->label);
      if (r->summary.steps_to_converge >= 0)
        cells[2] = g_strdup_printf ("%d", r->summary.steps_to_converge);
      else
        cells[2] = g_strdup_printf ("> %u", shown);
      cells[3] = lr_render_format_number (r->summary.final_loss_gap);
      if (t != NULL && t->diverged && shown >= t->diverged_step)
        cells[4] = g_strdup_printf ("diverged (%u)", t->diverged_step);
      else
        cells[4] = g_strdup (verdict_text (r->summary.verdict));

      cairo_arc (cr, x0 + 6 * s, y + row_h / 2 - 2 * s, 5 * s, 0, 2 * G_PI);
      set_rgb (cr, &r->color, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);

      verdict_color (r->summary.verdict, theme, &vc);
      for (guint c = 0; c < 5; c++)
        {
          PangoLayout *layout = make_layout (cr, theme, fs, c == 4, cells[c]);

          pango_layout_set_width (layout, (int) ((col_frac[c] * avail - 4 * s) * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          set_rgb (cr, c == 4 ? &vc : &theme->foreground, 1);
          cairo_move_to (cr, x, y);
          pango_cairo_show_layout (cr, layout);
          cairo_new_path (cr);
          g_object_unref (layout);
          x += col_frac[c] * avail;
          g_free (cells[c]);
        }
      y += row_h;
    }

  if (n_runs == 0)
    draw_text (cr, theme, 11, FALSE, &theme->muted, width / 2, height / 2, 0.5, 0.5, "no runs");

  cairo_restore (cr);
}

/* ---- figures ---------------------------------------------------------- */

void
lr_render_figure (cairo_t            *cr,
                  double              width,
                  double              height,
                  const LrFigureSpec *spec)
{
  LrRenderTheme fallback;
  const LrRenderTheme *theme = spec->theme;
  double s, gap, panels_h, bottom_h;
  guint n_panels, cols, rows;
  guint step = spec->step;
  guint max_steps = 0;

  if (theme == NULL)
    {
      lr_render_theme_init (&fallback, FALSE, 1);
      theme = &fallback;
    }
  s = theme->scale;
  gap = 6 * s;

  for (guint i = 0; i < spec->n_runs; i++)
    if (spec->runs[i].trajectory != NULL)
      max_steps = MAX (max_steps, spec->runs[i].trajectory->n_steps);
  step = MIN (step, max_steps);

  cairo_save (cr);
  set_rgb (cr, &theme->background, 1);
  cairo_paint (cr);

  bottom_h = spec->plots ? MAX (height * 0.30, 150 * s) : 0;
  panels_h = height - bottom_h - (spec->plots ? gap : 0);

  n_panels = spec->overlay ? 1 : MAX (spec->n_runs, 1);
  cols = n_panels <= 1 ? 1 : n_panels == 2 ? 2 : n_panels <= 3 ? 3 : n_panels == 4 ? 2 : 3;
  rows = (n_panels + cols - 1) / cols;

  for (guint p = 0; p < n_panels; p++)
    {
      double pw = (width - gap * (cols + 1)) / cols;
      double ph = (panels_h - gap * (rows + 1)) / rows;
      double px = gap + (p % cols) * (pw + gap);
      double py = gap + (p / cols) * (ph + gap);
      const LrRenderRun *runs = spec->overlay ? spec->runs : (p < spec->n_runs ? &spec->runs[p] : NULL);
      guint n = spec->overlay ? spec->n_runs : (runs ? 1 : 0);
      double dscale = 1;

      cairo_save (cr);
      cairo_translate (cr, px, py);
      cairo_rectangle (cr, 0, 0, pw, ph);
      cairo_clip (cr);
      {
        double sx = 1, sy = 1;
        cairo_user_to_device_distance (cr, &sx, &sy);
        dscale = MAX (fabs (sx), 1);
      }
      lr_render_panel_background (cr, pw, ph, dscale, spec->surface, &spec->view, spec->colormap,
                                  spec->contours, theme);
      lr_render_panel_overlay (cr, pw, ph, spec->surface, &spec->view, runs, n, step, 0,
                               spec->x0, spec->y0, theme);
      cairo_restore (cr);
    }

  if (spec->plots)
    {
      double by = height - bottom_h;
      double w3 = (width - 4 * gap) / 3;

      cairo_save (cr);
      cairo_translate (cr, gap, by);
      lr_render_run_plot (cr, w3, bottom_h - gap, LR_RUN_PLOT_LOSS, spec->surface, spec->runs, spec->n_runs, step, theme);
      cairo_restore (cr);

      cairo_save (cr);
      cairo_translate (cr, 2 * gap + w3, by);
      lr_render_run_plot (cr, w3, bottom_h - gap, LR_RUN_PLOT_LR, spec->surface, spec->runs, spec->n_runs, step, theme);
      cairo_restore (cr);

      cairo_save (cr);
      cairo_translate (cr, 3 * gap + 2 * w3, by);
      lr_render_lr_table (cr, w3, bottom_h - gap, spec->runs, spec->n_runs, step, theme);
      cairo_restore (cr);
    }

  cairo_restore (cr);
}

static cairo_status_t
write_to_gstring (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
lr_render_figure_to_file (const char          *path,
                          int                  width,
                          int                  height,
                          const LrFigureSpec  *spec,
                          GError             **error)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *lower = g_ascii_strdown (path, -1);
  cairo_surface_t *target;
  cairo_status_t status;
  cairo_t *cr;
  enum { PNG, SVG, PDF } format;

  if (width < 16 || height < 16 || width > 16384 || height > 16384)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "figure size %d×%d is out of range (16 to 16384 pixels a side)", width, height);
      return FALSE;
    }

  if (g_str_has_suffix (lower, ".png"))
    format = PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    format = SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    format = PDF;
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "cannot tell the format of '%s'; end the name in .png, .svg or .pdf", base);
      return FALSE;
    }

  if (format == PNG)
    target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  else if (format == SVG)
    target = cairo_svg_surface_create_for_stream (write_to_gstring, data, width, height);
  else
    target = cairo_pdf_surface_create_for_stream (write_to_gstring, data, width, height);

  cr = cairo_create (target);
  lr_render_figure (cr, width, height, spec);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    {
      if (format == PNG)
        status = cairo_surface_write_to_png_stream (target, write_to_gstring, data);
      else
        cairo_surface_finish (target);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (target);
    }
  cairo_surface_destroy (target);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE, "drawing failed: %s", cairo_status_to_string (status));
      return FALSE;
    }

  /* Temporary file and rename: never a partial figure. */
  return g_file_set_contents_full (path, data->str, data->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
