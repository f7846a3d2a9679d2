/* lr-render.c: cairo drawing of surfaces, trajectories, plots and tables
 *
 * One renderer for the screen and for exported figures: the GTK widgets and
 * lrlab-cli render both call these functions on a cairo_t.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "lr-png.h"
#include <glib/gi18n-lib.h>

#include "lr-render.h"
#include "lr-colormap-tables.h"

/* The verdict as shown on figures, translated (lr_verdict_to_string is
 * the fixed English of the command line's output). */
static const char *
verdict_label (LrVerdict verdict)
{
  switch (verdict)
    {
    case LR_VERDICT_CONVERGED:
      return _("converged");
    case LR_VERDICT_SLOW:
      return _("slow");
    case LR_VERDICT_OSCILLATING:
      return _("oscillating");
    case LR_VERDICT_ESCAPED:
      return _("escaped");
    case LR_VERDICT_STUCK:
      return _("stuck");
    case LR_VERDICT_DIVERGED:
    default:
      return _("diverged");
    }
}


#define MINUS_SIGN "\xe2\x88\x92"   /* U+2212 */
#define EM_DASH "\xe2\x80\x94"
#define MIDDLE_DOT "\xc2\xb7"

/* Below this many pixels a heatmap is computed on the calling thread only. */
#define HEATMAP_THREAD_MIN_PIXELS (256 * 256)
#define NORM_SAMPLES 48

/* ---- colours and theme ---------------------------------------------------- */

void
lr_render_theme_init (LrRenderTheme *theme,
                      gboolean       dark,
                      double         scale)
{
  g_return_if_fail (theme != NULL);

  if (!(scale > 0) || !isfinite (scale))
    scale = 1;
  scale = CLAMP (scale, 0.25, 8);

  memset (theme, 0, sizeof *theme);
  theme->dark = !!dark;
  if (dark)
    {
      theme->background = (LrRgb) { 0.141, 0.141, 0.141 };
      theme->foreground = (LrRgb) { 0.922, 0.922, 0.922 };
      theme->muted = (LrRgb) { 0.655, 0.655, 0.655 };
      theme->grid = (LrRgb) { 0.235, 0.235, 0.235 };
      theme->panel_border = (LrRgb) { 0.45, 0.45, 0.45 };
    }
  else
    {
      theme->background = (LrRgb) { 1, 1, 1 };
      theme->foreground = (LrRgb) { 0.133, 0.133, 0.133 };
      theme->muted = (LrRgb) { 0.40, 0.40, 0.40 };
      theme->grid = (LrRgb) { 0.905, 0.905, 0.905 };
      theme->panel_border = (LrRgb) { 0.55, 0.55, 0.55 };
    }
  g_strlcpy (theme->font_family, "Sans", sizeof theme->font_family);
  theme->font_size = 10.5 * scale;
  theme->line_scale = scale;
}

static const LrRenderTheme *
default_theme (const LrRenderTheme *theme,
               LrRenderTheme       *storage)
{
  if (theme != NULL)
    return theme;
  lr_render_theme_init (storage, FALSE, 1);
  return storage;
}

/* Okabe–Ito, reordered so the first colours differ most, vermillion and blue
 * brightened to stand out on viridis' dark end; the eighth is a neutral grey. */
static const LrRgb palette[] = {
  { 0.941, 0.353, 0.157 },   /* vermillion */
  { 0.337, 0.706, 0.914 },   /* sky blue */
  { 0.902, 0.624, 0.000 },   /* orange */
  { 0.800, 0.475, 0.655 },   /* reddish purple */
  { 0.000, 0.620, 0.451 },   /* bluish green */
  { 0.941, 0.894, 0.259 },   /* yellow */
  { 0.180, 0.490, 0.820 },   /* blue */
  { 0.600, 0.600, 0.600 },   /* grey */
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
  g_return_if_fail (color != NULL);
  *color = palette[index % G_N_ELEMENTS (palette)];
}

static double
luminance (const LrRgb *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

static void
set_rgb (cairo_t     *cr,
         const LrRgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static void
set_rgba (cairo_t     *cr,
          const LrRgb *c,
          double       alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

/* ---- colour maps ------------------------------------------------------------ */

LrColormap
lr_colormap_from_name (const char *name)
{
  LrColormap map = LR_COLORMAP_VIRIDIS;

  if (name != NULL)
    lr_colormap_parse (name, &map, NULL);
  return map;
}

gboolean
lr_colormap_parse (const char  *name,
                   LrColormap  *colormap,
                   GError     **error)
{
  g_return_val_if_fail (colormap != NULL, FALSE);

  if (g_strcmp0 (name, "viridis") == 0)
    *colormap = LR_COLORMAP_VIRIDIS;
  else if (g_strcmp0 (name, "diverging") == 0)
    *colormap = LR_COLORMAP_DIVERGING;
  else if (g_strcmp0 (name, "grey") == 0 || g_strcmp0 (name, "gray") == 0)
    *colormap = LR_COLORMAP_GREY;
  else
    {
      g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME,
                   "unknown colour map '%s'; valid: viridis, diverging, grey",
                   name != NULL ? name : "");
      return FALSE;
    }
  return TRUE;
}

const char *
lr_colormap_to_name (LrColormap colormap)
{
  switch (colormap)
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

void
lr_colormap_lookup (LrColormap  colormap,
                    double      t,
                    LrRgb      *color)
{
  const LrRgb *table;
  double u, f;
  int i;

  g_return_if_fail (color != NULL);

  if (!(t >= 0))    /* also NaN */
    t = 0;
  if (t > 1)
    t = 1;

  if (colormap == LR_COLORMAP_GREY)
    {
      /* Not quite black to not quite white, so trails and text stay visible. */
      double v = 0.06 + 0.88 * t;

      *color = (LrRgb) { v, v, v };
      return;
    }
  table = colormap == LR_COLORMAP_DIVERGING ? lr_coolwarm_table : lr_viridis_table;
  u = t * 255;
  i = (int) floor (u);
  if (i >= 255)
    {
      *color = table[255];
      return;
    }
  f = u - i;
  color->r = table[i].r + f * (table[i + 1].r - table[i].r);
  color->g = table[i].g + f * (table[i + 1].g - table[i].g);
  color->b = table[i].b + f * (table[i + 1].b - table[i].b);
}

#define LUT_SIZE 1024

/* Opaque ARGB32 words of each colour map, filled once. */
static const guint32 *
colormap_lut (LrColormap colormap)
{
  static guint32 luts[3][LUT_SIZE];
  static gsize done[3];
  int which = colormap == LR_COLORMAP_DIVERGING ? 1 : colormap == LR_COLORMAP_GREY ? 2 : 0;

  if (g_once_init_enter (&done[which]))
    {
      for (int i = 0; i < LUT_SIZE; i++)
        {
          LrRgb c;
          guint32 r, g, b;

          lr_colormap_lookup (colormap, i / (double) (LUT_SIZE - 1), &c);
          r = (guint32) lround (c.r * 255);
          g = (guint32) lround (c.g * 255);
          b = (guint32) lround (c.b * 255);
          luts[which][i] = 0xff000000u | (r << 16) | (g << 8) | b;
        }
      g_once_init_leave (&done[which], 1);
    }
  return luts[which];
}

/* ---- normalisation ---------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
box_width (const LrBox *view)
{
  return view->xmax - view->xmin;
}

static double
box_height (const LrBox *view)
{
  return view->ymax - view->ymin;
}

static gboolean
box_is_valid (const LrBox *view)
{
  return view != NULL && isfinite (view->xmin) && isfinite (view->xmax) &&
         isfinite (view->ymin) && isfinite (view->ymax) &&
         view->xmax > view->xmin && view->ymax > view->ymin &&
         isfinite (box_width (view)) && isfinite (box_height (view));
}

void
lr_render_heatmap_norm (const LrSurface *surface,
                        const LrBox     *view,
                        LrColorScale     scale,
                        LrHeatmapNorm   *norm)
{
  double samples[NORM_SAMPLES * NORM_SAMPLES];
  guint n = 0;
  double known, lo, hi;

  g_return_if_fail (norm != NULL);

  *norm = (LrHeatmapNorm) { scale, 0, 1, 0, 1e-12 };
  if (surface == NULL || !box_is_valid (view))
    return;

  for (int j = 0; j < NORM_SAMPLES; j++)
    for (int i = 0; i < NORM_SAMPLES; i++)
      {
        double x = view->xmin + (i + 0.5) / NORM_SAMPLES * box_width (view);
        double y = view->ymin + (j + 0.5) / NORM_SAMPLES * box_height (view);
        double f = lr_surface_value (surface, x, y);

        if (isfinite (f))
          samples[n++] = f;
      }
  if (n == 0)
    return;
  qsort (samples, n, sizeof samples[0], compare_doubles);

  /* The low end is the true low (minima must look deepest); the high end a
   * robust percentile, so a few huge corner values do not flatten the rest. */
  lo = samples[0];
  hi = samples[MIN (n - 1, (guint) floor (0.985 * (n - 1) + 0.5))];
  if (lr_surface_get_min_value (surface, &known) && isfinite (known) && known < lo)
    {
      /* Only when a minimum lies in the view: otherwise the sampled low is right. */
      const LrPoint *minima;
      guint n_minima = lr_surface_get_minima (surface, &minima);

      for (guint k = 0; k < n_minima; k++)
        if (minima[k].x >= view->xmin && minima[k].x <= view->xmax &&
            minima[k].y >= view->ymin && minima[k].y <= view->ymax)
          {
            lo = known;
            break;
          }
    }
  if (!(hi > lo))
    hi = samples[n - 1];
  if (!(hi > lo))
    hi = lo + (fabs (lo) > 0 ? fabs (lo) * 1e-6 : 1e-6);

  norm->lo = lo;
  norm->hi = hi;
  norm->fmin = lo;
  /* Four decades of colour below the robust top. */
  norm->eps = MAX ((hi - lo) * 1e-4, DBL_MIN * 1e10);
  if (!isfinite (norm->eps) || norm->eps <= 0)
    norm->eps = 1e-12;
}

double
lr_heatmap_norm_apply (const LrHeatmapNorm *norm,
                       double               f)
{
  double t;

  g_return_val_if_fail (norm != NULL, NAN);

  if (!isfinite (f))
    return NAN;
  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      double a = log (MAX (f - norm->fmin, 0) + norm->eps);
      double b = log (norm->lo - norm->fmin + norm->eps);
      double c = log (norm->hi - norm->fmin + norm->eps);

      t = (a - b) / (c - b);
    }
  else
    t = (f - norm->lo) / (norm->hi - norm->lo);
  return CLAMP (t, 0, 1);
}

/* LOG colouring without a log per pixel: the top bits of an IEEE double
 * (exponent and the first LOG_BITS mantissa bits) are a piecewise-linear
 * log2 of it, so they index a table of colours built once per image.  With
 * 64 steps per octave the steps are finer than the colour map's. */
#define LOG_BITS 6
#define LOG_SHIFT (52 - LOG_BITS)
#define LOG_MAX_OCTAVES 80

static inline guint64
double_bits (double v)
{
  guint64 bits;

  memcpy (&bits, &v, sizeof bits);
  return bits;
}

typedef struct {
  guint64  base;       /* top bits of the smallest tabulated value */
  guint    n;
  guint32 *colors;
} LogTable;

static void
log_table_init (LogTable            *table,
                const LrHeatmapNorm *norm,
                const guint32       *lut)
{
  double dlo = norm->lo - norm->fmin + norm->eps;
  double dhi = norm->hi - norm->fmin + norm->eps;
  guint64 top;

  /* only values ≥ eps occur (d is clamped at 0) */
  table->base = double_bits (norm->eps) >> LOG_SHIFT;
  top = double_bits (dhi) >> LOG_SHIFT;
  table->n = (guint) MIN (top - table->base + 1, (guint64) LOG_MAX_OCTAVES << LOG_BITS);
  table->colors = g_new (guint32, table->n);
  for (guint i = 0; i < table->n; i++)
    {
      /* the bucket's geometric middle */
      guint64 lo_bits = (table->base + i) << LOG_SHIFT;
      guint64 hi_bits = (table->base + i + 1) << LOG_SHIFT;
      double a, b, t;

      memcpy (&a, &lo_bits, sizeof a);
      memcpy (&b, &hi_bits, sizeof b);
      t = (0.5 * (log (a) + log (b)) - log (dlo)) / (log (dhi) - log (dlo));
      t = CLAMP (t, 0, 1);
      table->colors[i] = lut[(int) (t * (LUT_SIZE - 1) + 0.5)];
    }
}

typedef struct {
  guint8          *data;
  int              stride;
  int              width, height;
  int              row0, row1;
  const LrSurface *surface;
  LrBox            view;
  const guint32   *lut;
  LrHeatmapNorm    norm;
  const LogTable  *log;
} HeatmapJob;

/* Rows are evaluated this many at a time: the core hoists what one
 * coordinate alone decides out of the whole block. */
#define HEATMAP_BLOCK_ROWS 64

static void
heatmap_rows (const HeatmapJob *job)
{
  const double dx = box_width (&job->view) / job->width;
  const double dy = box_height (&job->view) / job->height;
  const guint32 high = job->lut[LUT_SIZE - 1];
  const guint32 low = job->lut[0];
  const int w = job->width;
  g_autofree double *xs = g_new (double, w);
  g_autofree double *values = g_new (double, (gsize) w * HEATMAP_BLOCK_ROWS);
  double ys[HEATMAP_BLOCK_ROWS];

  for (int i = 0; i < w; i++)
    xs[i] = job->view.xmin + (i + 0.5) * dx;

  for (int j0 = job->row0; j0 < job->row1; j0 += HEATMAP_BLOCK_ROWS)
    {
      int n_rows = MIN (HEATMAP_BLOCK_ROWS, job->row1 - j0);

      for (int r = 0; r < n_rows; r++)
        ys[r] = job->view.ymax - (j0 + r + 0.5) * dy;
      lr_surface_value_grid (job->surface, xs, w, ys, n_rows, values);

      for (int r = 0; r < n_rows; r++)
        {
          guint32 *row = (guint32 *) (gpointer) (job->data + (gsize) (j0 + r) * job->stride);
          const double *f = values + (gsize) r * w;

          if (job->log != NULL)
            {
              const LogTable *table = job->log;
              const double fmin = job->norm.fmin, eps = job->norm.eps;

              for (int i = 0; i < w; i++)
                {
                  double d = f[i] - fmin;
                  guint64 k;

                  if (!(d == d))
                    {
                      row[i] = high;
                      continue;
                    }
                  /* unsigned wrap sends values below the table to the end check */
                  k = (double_bits ((d > 0 ? d : 0) + eps) >> LOG_SHIFT) - table->base;
                  row[i] = k < table->n ? table->colors[k] : high;
                }
            }
          else
            {
              const double offset = job->norm.lo;
              const double mul = (LUT_SIZE - 1) / (job->norm.hi - job->norm.lo);

              for (int i = 0; i < w; i++)
                {
                  double u = (f[i] - offset) * mul;

                  if (u >= 0 && u < LUT_SIZE - 1)
                    row[i] = job->lut[(int) (u + 0.5)];
                  else if (u < 0)
                    row[i] = low;
                  else
                    row[i] = high;   /* above the range, or not finite */
                }
            }
        }
    }
}

/* A diverging map's neutral middle belongs at zero when the values span it. */
static void
norm_for_colormap (LrHeatmapNorm *norm,
                   LrColormap     colormap)
{
  if (colormap == LR_COLORMAP_DIVERGING && norm->scale == LR_COLOR_SCALE_LINEAR &&
      norm->lo < 0 && norm->hi > 0)
    {
      double m = MAX (-norm->lo, norm->hi);

      norm->lo = -m;
      norm->hi = m;
    }
}

static gpointer
heatmap_thread (gpointer data)
{
  heatmap_rows (data);
  return NULL;
}

void
lr_render_heatmap_data (guint8          *data,
                        int              stride,
                        int              width_px,
                        int              height_px,
                        const LrSurface *surface,
                        const LrBox     *view,
                        LrColormap       colormap,
                        LrColorScale     scale)
{
  HeatmapJob jobs[2];
  LogTable log_table = { 0, 0, NULL };
  GThread *thread = NULL;

  g_return_if_fail (data != NULL);
  g_return_if_fail (surface != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (width_px >= 0 && height_px >= 0 && stride >= 4 * width_px);

  if (width_px == 0 || height_px == 0)
    return;

  jobs[0] = (HeatmapJob) { data, stride, width_px, height_px, 0, height_px, surface, *view,
                           colormap_lut (colormap), { 0 }, NULL };
  if (!box_is_valid (view))
    {
      for (int j = 0; j < height_px; j++)
        for (int i = 0; i < width_px; i++)
          ((guint32 *) (gpointer) (data + (gsize) j * stride))[i] = jobs[0].lut[0];
      return;
    }
  lr_render_heatmap_norm (surface, view, scale, &jobs[0].norm);
  norm_for_colormap (&jobs[0].norm, colormap);
  if (jobs[0].norm.scale == LR_COLOR_SCALE_LOG)
    {
      log_table_init (&log_table, &jobs[0].norm, jobs[0].lut);
      jobs[0].log = &log_table;
    }

  if ((gint64) width_px * height_px >= HEATMAP_THREAD_MIN_PIXELS && g_get_num_processors () > 1)
    {
      jobs[1] = jobs[0];
      jobs[0].row1 = jobs[1].row0 = height_px / 2;
      thread = g_thread_try_new ("lr-heatmap", heatmap_thread, &jobs[1], NULL);
      if (thread == NULL)
        jobs[0].row1 = height_px;
    }
  heatmap_rows (&jobs[0]);
  if (thread != NULL)
    g_thread_join (thread);
  g_free (log_table.colors);
}

void
lr_render_heatmap (cairo_surface_t *target,
                   const LrSurface *surface,
                   const LrBox     *view,
                   LrColormap       colormap,
                   LrColorScale     scale)
{
  cairo_format_t format;

  g_return_if_fail (target != NULL);
  g_return_if_fail (cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_IMAGE);

  format = cairo_image_surface_get_format (target);
  g_return_if_fail (format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24);

  cairo_surface_flush (target);
  lr_render_heatmap_data (cairo_image_surface_get_data (target),
                          cairo_image_surface_get_stride (target),
                          cairo_image_surface_get_width (target),
                          cairo_image_surface_get_height (target),
                          surface, view, colormap, scale);
  cairo_surface_mark_dirty (target);
}

/* ---- numbers and ticks ---------------------------------------------------- */

static void
strip_zeros (char *s)
{
  char *dot = strchr (s, '.');
  char *end;

  if (dot == NULL)
    return;
  end = dot + strlen (dot);
  while (end > dot + 1 && end[-1] == '0')
    *--end = '\0';
  if (end == dot + 1)
    *dot = '\0';
}

/* "1e-3", "2.5e5", with a real minus sign */
static char *
format_exponential (double value,
                    int    digits)
{
  int e = (int) floor (log10 (fabs (value)));
  double m = value / pow (10, e);
  char mant[32];

  if (fabs (m) >= 9.9999999)
    {
      m /= 10;
      e++;
    }
  g_snprintf (mant, sizeof mant, "%.*f", MAX (digits, 0), fabs (m));
  strip_zeros (mant);
  return g_strdup_printf ("%s%se%s%d", value < 0 ? MINUS_SIGN : "", mant,
                          e < 0 ? MINUS_SIGN : "", ABS (e));
}

char *
lr_render_format_tick (double value,
                       double step)
{
  double a = fabs (value);
  char buf[64];
  int decimals = 0;

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : value > 0 ? "∞" : MINUS_SIGN "∞");
  if (!(step > 0) || !isfinite (step))
    step = a > 0 ? a : 1;
  if (a < step * 1e-6)
    return g_strdup ("0");

  if (a >= 1e5 || a < 1e-3 || step < 1e-4)
    {
      /* digits of the mantissa the step still resolves */
      int e = (int) floor (log10 (a));
      int se = (int) floor (log10 (step) + 1e-9);
      double mstep = step / pow (10, se);
      int digits = e - se + (fabs (mstep - round (mstep)) > 1e-6 ? 1 : 0);

      return format_exponential (value, CLAMP (digits, 0, 6));
    }

  /* fewest decimals that show the step exactly (0.25 needs two) */
  while (decimals < 10)
    {
      double s = step * pow (10, decimals);

      if (fabs (s - round (s)) < 1e-6 * MAX (1.0, s))
        break;
      decimals++;
    }
  g_snprintf (buf, sizeof buf, "%.*f", decimals, a);
  strip_zeros (buf);
  return g_strdup_printf ("%s%s", value < 0 ? MINUS_SIGN : "", buf);
}

/* Compact numbers for captions and the table: 0.001, 0.25, 12.5, 1.2e−7 */
static char *
format_value (double value,
              int    significant)
{
  double a = fabs (value);
  char buf[64];

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : value > 0 ? "∞" : MINUS_SIGN "∞");
  if (a == 0)
    return g_strdup ("0");
  if (a >= 1e5 || a < 1e-3)
    return format_exponential (value, significant - 1);
  g_snprintf (buf, sizeof buf, "%.*g", significant, a);
  if (strchr (buf, 'e') != NULL)
    return format_exponential (value, significant - 1);
  return g_strdup_printf ("%s%s", value < 0 ? MINUS_SIGN : "", buf);
}

guint
lr_render_nice_ticks (double  lo,
                      double  hi,
                      guint   target,
                      double *ticks,
                      guint   max_ticks,
                      double *step_out)
{
  static const double nice[] = { 1, 2, 2.5, 5, 10 };
  double span, raw, mag, step = 0, first;
  guint n = 0;

  if (step_out != NULL)
    *step_out = 0;
  if (!isfinite (lo) || !isfinite (hi) || max_ticks == 0)
    return 0;
  if (hi < lo)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  span = hi - lo;
  if (!(span > 0) || !isfinite (span))
    {
      ticks[0] = lo;
      return 1;
    }
  target = MAX (target, 2);
  raw = span / target;
  mag = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (nice); i++)
    {
      step = nice[i] * mag;
      if (step >= raw * 0.999)
        break;
    }
  first = ceil (lo / step - 1e-9) * step;
  for (double v = first; v <= hi + step * 1e-9 && n < max_ticks; v = first + n * step)
    {
      ticks[n++] = fabs (v) < step * 1e-9 ? 0 : v;
    }
  if (step_out != NULL)
    *step_out = step;
  return n;
}

/* ---- text ------------------------------------------------------------------ */

typedef struct {
  cairo_t              *cr;
  PangoLayout          *layout;
  const LrRenderTheme  *theme;
} Text;

static void
text_init (Text                *text,
           cairo_t             *cr,
           const LrRenderTheme *theme)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoContext *context;

  text->cr = cr;
  text->theme = theme;
  text->layout = pango_cairo_create_layout (cr);
  context = pango_layout_get_context (text->layout);
  /* Unhinged metrics keep labels from jittering while they animate. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  pango_cairo_context_set_font_options (context, options);
  pango_layout_context_changed (text->layout);
  cairo_font_options_destroy (options);
}

static void
text_clear (Text *text)
{
  g_clear_object (&text->layout);
}

/* @size relative to the theme's font size; @markup may use Pango markup. */
static void
text_set (Text       *text,
          const char *str,
          double      size,
          gboolean    bold,
          gboolean    markup)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, text->theme->font_family);
  pango_font_description_set_absolute_size (desc, text->theme->font_size * size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (text->layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (text->layout, -1);
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_NONE);
  if (markup)
    pango_layout_set_markup (text->layout, str, -1);
  else
    {
      pango_layout_set_attributes (text->layout, NULL);
      pango_layout_set_text (text->layout, str, -1);
    }
}

static void
text_size (Text   *text,
           double *w,
           double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (text->layout, NULL, &logical);
  if (w != NULL)
    *w = logical.width / (double) PANGO_SCALE;
  if (h != NULL)
    *h = logical.height / (double) PANGO_SCALE;
}

/* Limits the layout to @width, ending in an ellipsis when longer. */
static void
text_ellipsize (Text   *text,
                double  width)
{
  pango_layout_set_width (text->layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_END);
}

/* Draws the current layout with its box anchored at (x, y): ax, ay in 0..1
 * (0, 0 = top-left corner at the point, 0.5, 0.5 = centred). */
static void
text_draw (Text        *text,
           double       x,
           double       y,
           double       ax,
           double       ay,
           const LrRgb *color,
           double       alpha)
{
  double w, h;

  text_size (text, &w, &h);
  cairo_save (text->cr);
  cairo_move_to (text->cr, x - ax * w, y - ay * h);
  set_rgba (text->cr, color, alpha);
  pango_cairo_show_layout (text->cr, text->layout);
  cairo_restore (text->cr);
}

static double
line_height (const LrRenderTheme *theme,
             double               size)
{
  return ceil (theme->font_size * size * 1.25);
}

/* ---- geometry ------------------------------------------------------------ */

gboolean
lr_render_map_point (const LrRect *plot,
                     const LrBox  *view,
                     double        x,
                     double        y,
                     double       *px,
                     double       *py)
{
  g_return_val_if_fail (plot != NULL && view != NULL, FALSE);

  *px = plot->x + (x - view->xmin) / box_width (view) * plot->width;
  *py = plot->y + (view->ymax - y) / box_height (view) * plot->height;
  return isfinite (*px) && isfinite (*py);
}

static double
device_scale_of (cairo_t *cr)
{
  double dx = 1, dy = 0;

  cairo_user_to_device_distance (cr, &dx, &dy);
  dx = hypot (dx, dy);
  return isfinite (dx) && dx > 0 ? dx : 1;
}

/* Pixels per user unit for heatmap images: vector targets get 2× so the
 * heatmap stays sharp when the figure is zoomed. */
static double
heatmap_scale_of (cairo_t *cr)
{
  double ds = device_scale_of (cr);
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  if (type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG ||
      type == CAIRO_SURFACE_TYPE_PS || type == CAIRO_SURFACE_TYPE_RECORDING)
    return MAX (ds, 2);
  return ds;
}

static double
caption_height (const LrRenderTheme *theme)
{
  return line_height (theme, 1.0) + line_height (theme, 0.92) + 6 * theme->line_scale;
}

void
lr_render_panel_layout (double               width,
                        double               height,
                        const LrRenderTheme *theme,
                        gboolean             show_axes,
                        LrRect              *plot_area)
{
  LrRenderTheme fallback;
  double left, right, top, bottom;

  g_return_if_fail (plot_area != NULL);

  theme = default_theme (theme, &fallback);
  top = caption_height (theme);
  if (show_axes)
    {
      left = ceil (theme->font_size * 3.6 + 8 * theme->line_scale);
      bottom = ceil (line_height (theme, 0.9) + 7 * theme->line_scale);
      right = ceil (10 * theme->line_scale);
    }
  else
    left = right = bottom = ceil (4 * theme->line_scale);

  plot_area->x = left;
  plot_area->y = top;
  plot_area->width = MAX (0, floor (width - left - right));
  plot_area->height = MAX (0, floor (height - top - bottom));
}

void
lr_render_fit_view (const LrRect *plot,
                    const LrBox  *view,
                    LrBox        *fitted)
{
  double w, h, cx, cy, want;

  g_return_if_fail (plot != NULL && view != NULL && fitted != NULL);

  *fitted = *view;
  if (!box_is_valid (view) || !(plot->width > 0) || !(plot->height > 0))
    return;
  w = box_width (view);
  h = box_height (view);
  cx = 0.5 * (view->xmin + view->xmax);
  cy = 0.5 * (view->ymin + view->ymax);
  want = plot->width / plot->height;   /* units of x per unit of y to show */
  if (w / h < want)
    w = h * want;
  else
    h = w / want;
  *fitted = (LrBox) { cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2 };
}

/* Liang–Barsky: clips the segment to @r; FALSE when nothing is left. */
static gboolean
clip_segment (const LrRect *r,
              double       *x0,
              double       *y0,
              double       *x1,
              double       *y1)
{
  double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - r->x, r->x + r->width - *x0, *y0 - r->y, r->y + r->height - *y0 };

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
        }
      else
        {
          double t = q[i] / p[i];

          if (p[i] < 0)
            {
              if (t > t1)
                return FALSE;
              if (t > t0)
                t0 = t;
            }
          else
            {
              if (t < t0)
                return FALSE;
              if (t < t1)
                t1 = t;
            }
        }
    }
  if (t1 < 1)
    {
      *x1 = *x0 + t1 * dx;
      *y1 = *y0 + t1 * dy;
    }
  if (t0 > 0)
    {
      *x0 = *x0 + t0 * dx;
      *y0 = *y0 + t0 * dy;
    }
  return TRUE;
}

static void
clip_to (cairo_t      *cr,
         const LrRect *r)
{
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_clip (cr);
}

/* ---- contours --------------------------------------------------------------- */

/* Levels for [lo, hi]: 1-2-5 spaced (LINEAR) or decades of f − fmin with 2×
 * and 5× when few decades are shown (LOG).  Returns the count. */
static guint
contour_levels (const LrHeatmapNorm *norm,
                double              *levels,
                gboolean            *major,
                guint                max_levels)
{
  guint n = 0;

  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      double dlo = MAX (norm->eps, (norm->lo - norm->fmin) + norm->eps);
      double dhi = norm->hi - norm->fmin;
      int e0, e1;
      gboolean fine;

      if (!(dhi > dlo))
        return 0;
      e0 = (int) floor (log10 (dlo));
      e1 = (int) ceil (log10 (dhi));
      fine = e1 - e0 <= 6;
      for (int e = e0; e <= e1 && n < max_levels; e++)
        {
          static const double mult[] = { 1, 2, 5 };

          for (guint k = 0; k < G_N_ELEMENTS (mult) && n < max_levels; k++)
            {
              double d = mult[k] * pow (10, e);

              if (k > 0 && !fine)
                continue;
              if (d <= dlo || d >= dhi)
                continue;
              major[n] = k == 0;
              levels[n++] = norm->fmin + d;
            }
        }
    }
  else
    {
      double step, ticks[64];
      guint count = lr_render_nice_ticks (norm->lo, norm->hi, 12, ticks, G_N_ELEMENTS (ticks),
                                          &step);

      for (guint i = 0; i < count && n < max_levels; i++)
        {
          if (ticks[i] <= norm->lo || ticks[i] >= norm->hi)
            continue;
          major[n] = fabs (remainder (ticks[i], 5 * step)) < step * 1e-6;
          levels[n++] = ticks[i];
        }
    }
  return n;
}

static inline double
cross (double a,
       double b,
       double level)
{
  double t = (level - a) / (b - a);

  return CLAMP (t, 0, 1);
}

/* Marching squares over the grid of values @v (nx × ny, row 0 = ymax) for
 * one level.  Each crossing lies on a grid edge, named by an id (2 per grid
 * node: its rightward and downward edge); segments meeting on an edge are
 * chained, so each contour is one polyline, cheap to stroke and with clean
 * joins. */
/* Polyline simplification while emitting: a point is dropped when every
 * point since the last one kept stays within POLY_TOLERANCE of the straight
 * line that replaces them.  Contours have many nearly collinear pieces, and
 * cairo's stroker cost grows with the vertex count. */
#define POLY_TOLERANCE 0.2
#define POLY_PENDING 24

typedef struct {
  cairo_t *cr;
  double   tol;                 /* in user units */
  double   kx, ky;              /* last point kept */
  int      n;                   /* pending points (not yet kept) */
  double   px[POLY_PENDING], py[POLY_PENDING];
} Poly;

static void
poly_move (Poly   *p,
           double  x,
           double  y)
{
  cairo_move_to (p->cr, x, y);
  p->kx = x;
  p->ky = y;
  p->n = 0;
}

static gboolean
poly_fits (const Poly *p,
           double      x,
           double      y)
{
  double dx = x - p->kx, dy = y - p->ky;
  double len = hypot (dx, dy);

  for (int i = 0; i < p->n; i++)
    {
      double d = len > 0 ? fabs ((p->px[i] - p->kx) * dy - (p->py[i] - p->ky) * dx) / len
                         : hypot (p->px[i] - p->kx, p->py[i] - p->ky);

      if (d > p->tol)
        return FALSE;
    }
  return TRUE;
}

static void
poly_line (Poly   *p,
           double  x,
           double  y)
{
  if (p->n > 0 && (p->n == POLY_PENDING || !poly_fits (p, x, y)))
    {
      /* keep the last pending point, restart the corridor from it */
      double lx = p->px[p->n - 1], ly = p->py[p->n - 1];

      cairo_line_to (p->cr, lx, ly);
      p->kx = lx;
      p->ky = ly;
      p->n = 0;
    }
  p->px[p->n] = x;
  p->py[p->n] = y;
  p->n++;
}

static void
poly_end (Poly     *p,
          gboolean  close)
{
  if (p->n > 0)
    cairo_line_to (p->cr, p->px[p->n - 1], p->py[p->n - 1]);
  p->n = 0;
  if (close)
    cairo_close_path (p->cr);
}

typedef struct {
  int    e[2];         /* edge ids of the two ends */
  double x[2], y[2];
  gboolean used;
} Segment;

typedef struct {
  GArray *segments;    /* Segment */
  int    *owner;       /* edge id → 2 segment indices (−1: none) */
  GArray *touched;     /* edge ids with an owner, to reset */
} Marcher;

static void
add_segment (Marcher      *m,
             const int    *edge,
             const double *px,
             const double *py,
             int           a,
             int           b)
{
  Segment seg = { { edge[a], edge[b] }, { px[a], px[b] }, { py[a], py[b] }, FALSE };
  int index = (int) m->segments->len;

  g_array_append_val (m->segments, seg);
  for (int k = 0; k < 2; k++)
    {
      int *slot = &m->owner[2 * seg.e[k]];

      if (slot[0] < 0)
        {
          slot[0] = index;
          g_array_append_val (m->touched, seg.e[k]);
        }
      else if (slot[1] < 0)
        slot[1] = index;
    }
}

/* From segment @index's end @end, follows the chain adding line_tos. */
static void
follow_chain (Poly    *poly,
              Marcher *m,
              int      index,
              int      end)
{
  for (;;)
    {
      Segment *seg = &g_array_index (m->segments, Segment, index);
      int edge = seg->e[end];
      int *slot = &m->owner[2 * edge];
      int next = slot[0] == index ? slot[1] : slot[0];
      Segment *n;

      if (next < 0)
        return;
      n = &g_array_index (m->segments, Segment, next);
      if (n->used)
        return;
      n->used = TRUE;
      /* enter the next segment at the shared edge, leave at its other end */
      end = n->e[0] == edge ? 1 : 0;
      poly_line (poly, n->x[end], n->y[end]);
      index = next;
    }
}

static void
march_level (cairo_t      *cr,
             Marcher      *m,
             const double *v,
             int           nx,
             int           ny,
             const LrRect *plot,
             double        level)
{
  const double sx = plot->width / (nx - 1), sy = plot->height / (ny - 1);
  Poly poly = { cr, POLY_TOLERANCE / device_scale_of (cr), 0, 0, 0, { 0 }, { 0 } };

  g_array_set_size (m->segments, 0);
  for (int j = 0; j < ny - 1; j++)
    for (int i = 0; i < nx - 1; i++)
      {
        double a = v[j * nx + i], b = v[j * nx + i + 1];
        double c = v[(j + 1) * nx + i + 1], d = v[(j + 1) * nx + i];
        int code;
        double px[4], py[4];
        int edge[4];
        double x0 = plot->x + i * sx, y0 = plot->y + j * sy;

        if (!isfinite (a) || !isfinite (b) || !isfinite (c) || !isfinite (d))
          continue;
        code = (a > level) | (b > level) << 1 | (c > level) << 2 | (d > level) << 3;
        if (code == 0 || code == 15)
          continue;

        /* edges: 0 top (a-b), 1 right (b-c), 2 bottom (d-c), 3 left (a-d) */
        px[0] = x0 + cross (a, b, level) * sx;  py[0] = y0;
        px[1] = x0 + sx;                        py[1] = y0 + cross (b, c, level) * sy;
        px[2] = x0 + cross (d, c, level) * sx;  py[2] = y0 + sy;
        px[3] = x0;                             py[3] = y0 + cross (a, d, level) * sy;
        edge[0] = 2 * (j * nx + i);
        edge[1] = 2 * (j * nx + i + 1) + 1;
        edge[2] = 2 * ((j + 1) * nx + i);
        edge[3] = 2 * (j * nx + i) + 1;

        switch (code)
          {
          case 1: case 14: add_segment (m, edge, px, py, 0, 3); break;
          case 2: case 13: add_segment (m, edge, px, py, 0, 1); break;
          case 3: case 12: add_segment (m, edge, px, py, 1, 3); break;
          case 4: case 11: add_segment (m, edge, px, py, 1, 2); break;
          case 6: case 9:  add_segment (m, edge, px, py, 0, 2); break;
          case 7: case 8:  add_segment (m, edge, px, py, 2, 3); break;
          case 5: case 10:
            {
              /* saddle cell: the centre value decides which corners connect */
              double centre = 0.25 * (a + b + c + d);

              if ((centre > level) == (code == 5))
                {
                  add_segment (m, edge, px, py, 0, 1);
                  add_segment (m, edge, px, py, 2, 3);
                }
              else
                {
                  add_segment (m, edge, px, py, 0, 3);
                  add_segment (m, edge, px, py, 1, 2);
                }
            }
            break;
          default:
            break;
          }
      }

  /* chains: open ones start at an end with a single owner, then closed loops */
  for (int pass = 0; pass < 2; pass++)
    for (guint k = 0; k < m->segments->len; k++)
      {
        Segment *seg = &g_array_index (m->segments, Segment, k);
        int start;

        if (seg->used)
          continue;
        if (pass == 0)
          {
            if (m->owner[2 * seg->e[0] + 1] < 0)
              start = 0;
            else if (m->owner[2 * seg->e[1] + 1] < 0)
              start = 1;
            else
              continue;
          }
        else
          start = 0;
        seg->used = TRUE;
        poly_move (&poly, seg->x[start], seg->y[start]);
        poly_line (&poly, seg->x[1 - start], seg->y[1 - start]);
        follow_chain (&poly, m, (int) k, 1 - start);
        poly_end (&poly, pass == 1);
      }

  for (guint k = 0; k < m->touched->len; k++)
    {
      int e = g_array_index (m->touched, int, k);

      m->owner[2 * e] = m->owner[2 * e + 1] = -1;
    }
  g_array_set_size (m->touched, 0);
}

static void
draw_contours (cairo_t             *cr,
               const LrRect        *plot,
               const LrSurface     *surface,
               const LrBox         *view,
               const LrHeatmapNorm *norm,
               const LrRenderTheme *theme)
{
  double ds = device_scale_of (cr);
  int nx, ny;
  g_autofree double *v = NULL;
  double levels[96];
  gboolean major[96];
  guint n_levels;
  Marcher marcher;

  if (plot->width < 4 || plot->height < 4 || !box_is_valid (view))
    return;

  n_levels = contour_levels (norm, levels, major, G_N_ELEMENTS (levels));
  if (n_levels == 0)
    return;

  /* about one cell per 6 device pixels: linear interpolation inside a
   * cell keeps the lines smooth, and stroking fewer pieces is much cheaper */
  nx = CLAMP ((int) ceil (plot->width * ds / 6) + 1, 8, 1200);
  ny = CLAMP ((int) ceil (plot->height * ds / 6) + 1, 8, 1200);
  v = g_new (double, (gsize) nx * ny);
  for (int j = 0; j < ny; j++)
    {
      double y = view->ymax - j * box_height (view) / (ny - 1);

      for (int i = 0; i < nx; i++)
        v[j * nx + i] = lr_surface_value (surface, view->xmin + i * box_width (view) / (nx - 1), y);
    }

  marcher.segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  marcher.touched = g_array_new (FALSE, FALSE, sizeof (int));
  marcher.owner = g_new (int, (gsize) 4 * nx * ny);
  memset (marcher.owner, 0xff, sizeof (int) * (gsize) 4 * nx * ny);   /* all −1 */

  cairo_save (cr);
  clip_to (cr, plot);
  /* thin lines of many short pieces: bevel joins look the same as round ones
   * and cost far less to stroke */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean want_major = pass == 1;

      cairo_new_path (cr);
      for (guint k = 0; k < n_levels; k++)
        if (major[k] == want_major)
          march_level (cr, &marcher, v, nx, ny, plot, levels[k]);
      cairo_set_source_rgba (cr, 1, 1, 1, want_major ? 0.55 : 0.30);
      cairo_set_line_width (cr, (want_major ? 0.9 : 0.6) * theme->line_scale);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  g_array_unref (marcher.segments);
  g_array_unref (marcher.touched);
  g_free (marcher.owner);
}

void
lr_render_contours (cairo_t             *cr,
                    const LrRect        *plot,
                    const LrSurface     *surface,
                    const LrBox         *view,
                    LrColorScale         scale,
                    const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  LrHeatmapNorm norm;

  g_return_if_fail (cr != NULL && plot != NULL && surface != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  lr_render_heatmap_norm (surface, view, scale, &norm);
  draw_contours (cr, plot, surface, view, &norm, theme);
}

/* ---- markers -------------------------------------------------------------------- */

static void
star_path (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  for (int k = 0; k < 10; k++)
    {
      double a = -G_PI / 2 + k * G_PI / 5;
      double rr = k % 2 == 0 ? r : r * 0.45;

      if (k == 0)
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
  LrRenderTheme fallback;
  const LrPoint *minima = NULL;
  guint n;

  g_return_if_fail (cr != NULL && plot != NULL && surface != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  n = lr_surface_get_minima (surface, &minima);
  cairo_save (cr);
  clip_to (cr, plot);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      double px, py, r = 6.5 * theme->line_scale;

      if (!lr_render_map_point (plot, view, minima[i].x, minima[i].y, &px, &py) ||
          px < plot->x - r || px > plot->x + plot->width + r ||
          py < plot->y - r || py > plot->y + plot->height + r)
        continue;
      star_path (cr, px, py, r);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      cairo_set_line_width (cr, 1.0 * theme->line_scale);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
lr_render_start_marker (cairo_t             *cr,
                        const LrRect        *plot,
                        const LrBox         *view,
                        double               x0,
                        double               y0,
                        const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  double px, py, r;

  g_return_if_fail (cr != NULL && plot != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  if (!box_is_valid (view) || !lr_render_map_point (plot, view, x0, y0, &px, &py))
    return;
  r = 4.5 * theme->line_scale;
  if (px < plot->x - r || px > plot->x + plot->width + r ||
      py < plot->y - r || py > plot->y + plot->height + r)
    return;

  cairo_save (cr);
  clip_to (cr, plot);
  cairo_rectangle (cr, px - r, py - r, 2 * r, 2 * r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
  cairo_set_line_width (cr, 3.2 * theme->line_scale);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.6 * theme->line_scale);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* ---- axes --------------------------------------------------------------------- */

/* Ticks for a pixel length so that labels of width @label_w (along the axis)
 * keep a gap; returns the count. */
static guint
fit_ticks (Text   *text,
           double  lo,
           double  hi,
           double  length,
           gboolean along_is_width,
           double *ticks,
           guint   max_ticks,
           double *step)
{
  double per_label = text->theme->font_size * (along_is_width ? 6 : 3.2);
  guint target = (guint) CLAMP (length / per_label, 2, 12);

  for (;;)
    {
      guint n = lr_render_nice_ticks (lo, hi, target, ticks, max_ticks, step);
      double widest = 0, need;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *s = lr_render_format_tick (ticks[i], *step);
          double w, h;

          text_set (text, s, 0.9, FALSE, FALSE);
          text_size (text, &w, &h);
          widest = MAX (widest, along_is_width ? w : h);
        }
      need = n * (widest + text->theme->font_size * 1.2);
      if (need <= length || target <= 2)
        return n;
      target--;
    }
}

static void
draw_axes (cairo_t             *cr,
           Text                *text,
           const LrRect        *plot,
           const LrBox         *view,
           const LrRenderTheme *theme)
{
  double ticks[16], step;
  guint n;
  double tick_len = 4 * theme->line_scale;
  double lw = 1.0 * theme->line_scale;

  /* frame */
  cairo_save (cr);
  cairo_rectangle (cr, plot->x - lw / 2, plot->y - lw / 2, plot->width + lw, plot->height + lw);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, lw);
  cairo_stroke (cr);

  /* x */
  n = fit_ticks (text, view->xmin, view->xmax, plot->width, TRUE, ticks, G_N_ELEMENTS (ticks),
                 &step);
  for (guint i = 0; i < n; i++)
    {
      double px = plot->x + (ticks[i] - view->xmin) / box_width (view) * plot->width;
      g_autofree char *s = lr_render_format_tick (ticks[i], step);

      px = round (px * 2) / 2;
      cairo_move_to (cr, px, plot->y + plot->height + lw / 2);
      cairo_line_to (cr, px, plot->y + plot->height + tick_len);
      text_set (text, s, 0.9, FALSE, FALSE);
      text_draw (text, px, plot->y + plot->height + tick_len + 1, 0.5, 0, &theme->muted, 1);
    }
  /* y */
  n = fit_ticks (text, view->ymin, view->ymax, plot->height, FALSE, ticks, G_N_ELEMENTS (ticks),
                 &step);
  for (guint i = 0; i < n; i++)
    {
      double py = plot->y + (view->ymax - ticks[i]) / box_height (view) * plot->height;
      g_autofree char *s = lr_render_format_tick (ticks[i], step);

      py = round (py * 2) / 2;
      cairo_move_to (cr, plot->x - lw / 2, py);
      cairo_line_to (cr, plot->x - tick_len, py);
      text_set (text, s, 0.9, FALSE, FALSE);
      text_draw (text, plot->x - tick_len - 3 * theme->line_scale, py, 1, 0.5, &theme->muted, 1);
    }
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, lw);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
lr_render_axes (cairo_t             *cr,
                double               width,
                double               height,
                const LrRect        *plot,
                const LrBox         *view,
                const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  Text text;

  g_return_if_fail (cr != NULL && plot != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  if (!box_is_valid (view) || plot->width <= 0 || plot->height <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  text_init (&text, cr, theme);
  draw_axes (cr, &text, plot, view, theme);
  text_clear (&text);
  cairo_restore (cr);
}

/* ---- trajectories ------------------------------------------------------------- */

#define FADE_BUCKETS 8

static void
contrast_of (const LrRgb *color,
             LrRgb       *outline)
{
  if (luminance (color) > 0.55)
    *outline = (LrRgb) { 0.05, 0.05, 0.05 };
  else
    *outline = (LrRgb) { 1, 1, 1 };
}

static void
draw_cross (cairo_t             *cr,
            double               px,
            double               py,
            const LrRgb         *color,
            const LrRenderTheme *theme)
{
  double r = 6 * theme->line_scale;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, px - r, py - r);
  cairo_line_to (cr, px + r, py + r);
  cairo_move_to (cr, px - r, py + r);
  cairo_line_to (cr, px + r, py - r);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 5.5 * theme->line_scale);
  cairo_stroke_preserve (cr);
  set_rgb (cr, color);
  cairo_set_line_width (cr, 2.8 * theme->line_scale);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A disc as a 16-sided polygon: at the few pixels of a marker it is a
 * circle to the eye, and fills far faster than arcs. */
static void
disc_path (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  static const double unit[16][2] = {
    { 1, 0 }, { 0.9238795325112867, 0.3826834323650898 },
    { 0.7071067811865476, 0.7071067811865476 }, { 0.3826834323650898, 0.9238795325112867 },
    { 0, 1 }, { -0.3826834323650898, 0.9238795325112867 },
    { -0.7071067811865476, 0.7071067811865476 }, { -0.9238795325112867, 0.3826834323650898 },
    { -1, 0 }, { -0.9238795325112867, -0.3826834323650898 },
    { -0.7071067811865476, -0.7071067811865476 }, { -0.3826834323650898, -0.9238795325112867 },
    { 0, -1 }, { 0.3826834323650898, -0.9238795325112867 },
    { 0.7071067811865476, -0.7071067811865476 }, { 0.9238795325112867, -0.3826834323650898 },
  };

  cairo_move_to (cr, cx + r, cy);
  for (int k = 1; k < 16; k++)
    cairo_line_to (cr, cx + r * unit[k][0], cy + r * unit[k][1]);
  cairo_close_path (cr);
}

/* Parts of a trail.  While a run plays, everything older than
 * LR_RENDER_TRAIL_RECENT steps before the head is drawn the same way on
 * every frame, so an animation keeps it drawn; the split moves in whole
 * chunks of LR_RENDER_TRAIL_CHUNK steps. */
typedef enum {
  TRAIL_OLD,      /* segments up to the split, their dots, the start marker's side */
  TRAIL_RECENT,   /* from the split to the head, dots, the head */
} TrailPart;

guint
lr_render_trail_split (guint step)
{
  if (step <= LR_RENDER_TRAIL_RECENT)
    return 0;
  return (step - LR_RENDER_TRAIL_RECENT) / LR_RENDER_TRAIL_CHUNK * LR_RENDER_TRAIL_CHUNK;
}

static void
extent_add (LrRect *extent,
            double  x,
            double  y,
            double  r)
{
  double x0 = MIN (extent->x, x - r), y0 = MIN (extent->y, y - r);
  double x1 = MAX (extent->x + extent->width, x + r);
  double y1 = MAX (extent->y + extent->height, y + r);

  if (extent->width < 0)
    {
      *extent = (LrRect) { x - r, y - r, 2 * r, 2 * r };
      return;
    }
  *extent = (LrRect) { x0, y0, x1 - x0, y1 - y0 };
}

/* Older segments fade; the last LR_RENDER_TRAIL_RECENT stay brighter.
 * Every segment of the old part is in the faintest bucket. */
static int
fade_bucket (guint age)
{
  int b;

  if (age >= LR_RENDER_TRAIL_RECENT)
    return 0;
  b = (int) ((1.0 - (double) age / LR_RENDER_TRAIL_RECENT) * FADE_BUCKETS);
  return CLAMP (b, 0, FADE_BUCKETS - 1);
}

/* One part of a run's trail up to @upto_step (+ @fraction of the next).
 * @diverged: the run is known to diverge (stopped early, or judged so by
 * its summary); its end gets a cross once shown.  @extent, when not NULL,
 * grows by what was drawn (user units). */
static void
draw_trail (cairo_t             *cr,
            const LrRect        *plot,
            const LrBox         *view,
            const LrTrajectory  *trajectory,
            guint                upto_step,
            double               fraction,
            TrailPart            part,
            const LrRgb         *color,
            gboolean             diverged,
            const LrRenderTheme *theme,
            LrRect              *extent)
{
  LrRgb outline;
  LrRect bounds;
  guint last, n_pts, split, first, end;
  g_autofree double *px = NULL;
  g_autofree double *py = NULL;
  g_autofree gboolean *ok = NULL;
  double head_x = NAN, head_y = NAN;
  double ls, min_step, halo = 2.8;
  gboolean dots, ended_diverged;

  if (trajectory == NULL || trajectory->n_points == 0 || trajectory->points == NULL ||
      !box_is_valid (view) || plot->width <= 0 || plot->height <= 0)
    return;

  ls = theme->line_scale;
  halo *= ls;
  last = MIN (upto_step, trajectory->n_points - 1);
  if (!(fraction > 0) || last + 1 >= trajectory->n_points)
    fraction = 0;
  fraction = MIN (fraction, 1);
  n_pts = last + 1 + (fraction > 0 ? 1 : 0);
  split = MIN (lr_render_trail_split (last), last);
  /* the old part's points are [0, split], the recent part's [split, end) */
  first = part == TRAIL_OLD ? 0 : split;
  end = part == TRAIL_OLD ? split + 1 : n_pts;
  if (part == TRAIL_OLD && split == 0)
    return;

  px = g_new (double, n_pts);
  py = g_new (double, n_pts);
  ok = g_new (gboolean, n_pts);
  for (guint i = first; i <= MIN (last, end - 1); i++)
    ok[i] = lr_render_map_point (plot, view, trajectory->points[i].x, trajectory->points[i].y,
                                 &px[i], &py[i]);
  if (fraction > 0 && part == TRAIL_RECENT)
    {
      const LrTrajPoint *a = &trajectory->points[last], *b = &trajectory->points[last + 1];

      ok[last + 1] = lr_render_map_point (plot, view, a->x + fraction * (b->x - a->x),
                                          a->y + fraction * (b->y - a->y),
                                          &px[last + 1], &py[last + 1]);
      if (!ok[last + 1])
        end--;
    }
  contrast_of (color, &outline);

  /* Points far outside are clipped analytically first: cairo's fixed-point
   * coordinates cannot hold the 1e8 a diverging run reaches. */
  bounds = (LrRect) { plot->x - 20 * ls, plot->y - 20 * ls,
                      plot->width + 40 * ls, plot->height + 40 * ls };
  min_step = 0.5 / device_scale_of (cr);

  cairo_save (cr);
  clip_to (cr, plot);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (int layer = 0; layer < 3; layer++)
    {
      /* The recent part's halo and white line leave out the old part's end
       * cap: drawn again on top of it they would cross its coloured line. */
      if (part == TRAIL_RECENT && split > 0 && layer < 2 && ok[split])
        {
          cairo_save (cr);
          cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
          cairo_new_sub_path (cr);
          cairo_arc (cr, px[split], py[split], halo + 0.5, 0, 2 * G_PI);
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
          cairo_clip (cr);
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
        }
      for (int bucket = 0; bucket < FADE_BUCKETS; bucket++)
        {
          double alpha = 0.55 + 0.45 * (bucket + 1) / (double) FADE_BUCKETS;
          gboolean any = FALSE;
          gboolean pen = FALSE;
          double last_x = 0, last_y = 0;

          cairo_new_path (cr);
          for (guint i = first + 1; i < end; i++)
            {
              int b = part == TRAIL_OLD ? 0 : fade_bucket (last >= i ? last - i : 0);
              double x0 = px[i - 1], y0 = py[i - 1], x1 = px[i], y1 = py[i];

              if (b != bucket || !ok[i - 1] || !ok[i] ||
                  !clip_segment (&bounds, &x0, &y0, &x1, &y1))
                {
                  pen = FALSE;
                  continue;
                }
              /* one polyline while the trail is unbroken; a vertex closer
               * than half a pixel to the last one drawn adds nothing but
               * work for the stroker */
              if (!pen || x0 != px[i - 1] || y0 != py[i - 1])
                {
                  cairo_move_to (cr, x0, y0);
                  last_x = x0;
                  last_y = y0;
                  if (extent != NULL)
                    extent_add (extent, x0, y0, halo + 1);
                }
              pen = x1 == px[i] && y1 == py[i];
              any = TRUE;
              if (pen && i + 1 < end && fabs (x1 - last_x) < min_step && fabs (y1 - last_y) < min_step)
                continue;
              cairo_line_to (cr, x1, y1);
              last_x = x1;
              last_y = y1;
              if (extent != NULL)
                extent_add (extent, x1, y1, halo + 1);
            }
          if (!any)
            continue;
          /* a white halo inside a thin dark rim: the trail reads on every
           * part of every colour map */
          if (layer == 0)
            {
              cairo_set_source_rgba (cr, 0, 0, 0, 0.5 * alpha);
              cairo_set_line_width (cr, 2 * halo);
            }
          else if (layer == 1)
            {
              cairo_set_source_rgba (cr, 1, 1, 1, 0.9 * alpha);
              cairo_set_line_width (cr, 4.2 * ls);
            }
          else
            {
              set_rgba (cr, color, alpha);
              cairo_set_line_width (cr, 2.4 * ls);
            }
          cairo_stroke (cr);
        }
      if (part == TRAIL_RECENT && split > 0 && layer < 2 && ok[split])
        cairo_restore (cr);
    }

  /* Iterates as dots while they are few enough to tell apart: a dark
   * disc under each coloured one (filled polygons: stroking circles costs
   * many times more), a dot on top of the last one drawn left out.  The old
   * part has the dots before the split, the recent part the rest. */
  dots = last < LR_RENDER_TRAIL_DOT_STEPS;
  if (dots)
    {
      const double r_dot = 1.9 * ls, r_rim = 2.4 * ls;
      guint dot_end = part == TRAIL_OLD ? split : last + 1;
      double last_x = INFINITY, last_y = INFINITY;
      guint n_dots = 0;
      g_autofree guint *drawn = g_new (guint, last + 1);

      for (guint i = first; i < dot_end; i++)
        if (ok[i] && px[i] > bounds.x && px[i] < bounds.x + bounds.width &&
            py[i] > bounds.y && py[i] < bounds.y + bounds.height &&
            (fabs (px[i] - last_x) >= 0.75 * ls || fabs (py[i] - last_y) >= 0.75 * ls))
          {
            drawn[n_dots++] = i;
            last_x = px[i];
            last_y = py[i];
            if (extent != NULL)
              extent_add (extent, px[i], py[i], r_rim + 1);
          }
      for (int pass = 0; pass < 2; pass++)
        {
          double r = pass == 0 ? r_rim : r_dot;

          cairo_new_path (cr);
          for (guint k = 0; k < n_dots; k++)
            disc_path (cr, px[drawn[k]], py[drawn[k]], r);
          if (pass == 0)
            set_rgba (cr, &outline, 0.8);
          else
            set_rgb (cr, color);
          cairo_fill (cr);
        }
    }

  if (part == TRAIL_OLD)
    {
      cairo_restore (cr);
      return;
    }

  /* The head: the last finite point drawn. */
  for (int i = (int) end - 1; i >= (int) first; i--)
    if (ok[i])
      {
        head_x = px[i];
        head_y = py[i];
        break;
      }
  ended_diverged = (diverged || trajectory->diverged) && last + 1 >= trajectory->n_points;
  if (isfinite (head_x))
    {
      double inset = 6 * ls;
      gboolean inside = head_x >= plot->x && head_x <= plot->x + plot->width &&
                        head_y >= plot->y && head_y <= plot->y + plot->height;

      if (ended_diverged || !inside)
        {
          /* where it left: pinned to the border so the end stays visible */
          head_x = CLAMP (head_x, plot->x + inset, plot->x + plot->width - inset);
          head_y = CLAMP (head_y, plot->y + inset, plot->y + plot->height - inset);
        }
      if (extent != NULL)
        extent_add (extent, head_x, head_y, 12 * ls);
      if (ended_diverged)
        draw_cross (cr, head_x, head_y, color, theme);
      else
        {
          cairo_new_path (cr);
          cairo_arc (cr, head_x, head_y, 5.5 * ls, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
          cairo_set_line_width (cr, 4.6 * ls);
          cairo_stroke_preserve (cr);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_set_line_width (cr, 2.4 * ls);
          cairo_stroke_preserve (cr);
          set_rgb (cr, color);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_trajectory (cairo_t             *cr,
                 const LrRect        *plot,
                 const LrBox         *view,
                 const LrTrajectory  *trajectory,
                 guint                upto_step,
                 double               fraction,
                 const LrRgb         *color,
                 gboolean             diverged,
                 const LrRenderTheme *theme)
{
  LrRenderTheme fallback;

  g_return_if_fail (cr != NULL && plot != NULL && view != NULL && color != NULL);

  theme = default_theme (theme, &fallback);
  draw_trail (cr, plot, view, trajectory, upto_step, fraction, TRAIL_OLD, color, diverged,
              theme, NULL);
  draw_trail (cr, plot, view, trajectory, upto_step, fraction, TRAIL_RECENT, color, diverged,
              theme, NULL);
}

void
lr_render_trajectory (cairo_t             *cr,
                      const LrRect        *plot,
                      const LrBox         *view,
                      const LrTrajectory  *trajectory,
                      guint                upto_step,
                      double               fraction,
                      const LrRgb         *color,
                      const LrRenderTheme *theme)
{
  draw_trajectory (cr, plot, view, trajectory, upto_step, fraction, color, FALSE, theme);
}

/* ---- captions and legends ------------------------------------------------------- */

static const LrRgb *
verdict_color (LrVerdict            verdict,
               const LrRenderTheme *theme,
               LrRgb               *out)
{
  /* Okabe–Ito hues, darker on light backgrounds for contrast */
  switch (verdict)
    {
    case LR_VERDICT_CONVERGED:
    case LR_VERDICT_ESCAPED:
      *out = theme->dark ? (LrRgb) { 0.35, 0.80, 0.60 } : (LrRgb) { 0.0, 0.50, 0.36 };
      break;
    case LR_VERDICT_SLOW:
    case LR_VERDICT_STUCK:
      *out = theme->dark ? (LrRgb) { 0.45, 0.72, 0.95 } : (LrRgb) { 0.0, 0.40, 0.68 };
      break;
    case LR_VERDICT_OSCILLATING:
      *out = theme->dark ? (LrRgb) { 0.95, 0.70, 0.25 } : (LrRgb) { 0.70, 0.45, 0.0 };
      break;
    case LR_VERDICT_DIVERGED:
    default:
      *out = theme->dark ? (LrRgb) { 1.0, 0.45, 0.35 } : (LrRgb) { 0.80, 0.25, 0.05 };
      break;
    }
  return out;
}

static char *
color_hex (const LrRgb *c)
{
  return g_strdup_printf ("#%02x%02x%02x",
                          (int) lround (CLAMP (c->r, 0, 1) * 255),
                          (int) lround (CLAMP (c->g, 0, 1) * 255),
                          (int) lround (CLAMP (c->b, 0, 1) * 255));
}

static gboolean
schedule_is_constant (const char *schedule)
{
  return schedule == NULL || *schedule == '\0' || g_str_equal (schedule, "constant");
}

static guint
shown_index (const LrRenderRun *run,
             guint              step)
{
  if (run->trajectory == NULL || run->trajectory->n_points == 0)
    return 0;
  return MIN (step, run->trajectory->n_points - 1);
}

static void
swatch (cairo_t     *cr,
        double       x,
        double       y,
        double       w,
        const LrRgb *color,
        const LrRenderTheme *theme)
{
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + w, y);
  set_rgb (cr, color);
  cairo_set_line_width (cr, 3 * theme->line_scale);
  cairo_stroke (cr);
  cairo_arc (cr, x + w / 2, y, 3.2 * theme->line_scale, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_caption (cairo_t             *cr,
              Text                *text,
              double               width,
              const LrRect        *plot,
              const LrSurface     *surface,
              const LrRenderRun   *runs,
              guint                n_runs,
              guint                step,
              const char          *title,
              const LrRenderTheme *theme)
{
  double pad = 2 * theme->line_scale;
  double y1 = pad, y2 = pad + line_height (theme, 1.0);
  double x = plot->x;
  double avail = width - plot->x - 4 * theme->line_scale;
  g_autofree char *muted = color_hex (&theme->muted);

  if (n_runs == 1 && runs[0].trajectory != NULL && runs[0].trajectory->n_points > 0)
    {
      const LrRenderRun *run = &runs[0];
      guint k = shown_index (run, step);
      const LrTrajPoint *p = &run->trajectory->points[k];
      g_autofree char *loss = format_value (p->loss, 4);
      g_autofree char *line1 = NULL;
      g_autofree char *line2 = NULL;
      g_autofree char *label = g_markup_escape_text (title ? title
                                                     : run->label ? run->label : "", -1);
      g_autofree char *sched = g_markup_escape_text (schedule_is_constant (run->schedule)
                                                     ? _("constant lr") : run->schedule, -1);
      LrRgb vc;
      g_autofree char *vhex = color_hex (verdict_color (run->summary.verdict, theme, &vc));
      double sw = 18 * theme->line_scale;

      swatch (cr, x, y1 + line_height (theme, 1.0) / 2, sw, &run->color, theme);
      line1 = g_strdup_printf ("<b>%s</b>  <span foreground='%s'>%s</span>", label, muted, sched);
      text_set (text, line1, 1.0, FALSE, TRUE);
      text_ellipsize (text, avail - sw - 6 * theme->line_scale);
      text_draw (text, x + sw + 6 * theme->line_scale, y1, 0, 0, &theme->foreground, 1);

      line2 = /* Translators: keep the markup; the values are the step, the loss, a
       * colour and the verdict */
      g_strdup_printf (_("step %u   loss %s   <span foreground='%s'><b>%s</b></span>"),
                               k, loss, vhex, verdict_label (run->summary.verdict));
      text_set (text, line2, 0.92, FALSE, TRUE);
      text_ellipsize (text, avail);
      text_draw (text, x, y2, 0, 0, &theme->muted, 1);
    }
  else
    {
      g_autofree char *line1 = NULL;
      g_autofree char *name = NULL;
      guint max_step = 0;

      if (title != NULL)
        name = g_markup_escape_text (title, -1);
      else if (surface != NULL)
        {
          g_autofree char *spec = lr_surface_to_spec (surface);

          name = g_markup_escape_text (spec ? spec : lr_surface_get_name (surface), -1);
        }
      else
        name = g_strdup ("");
      for (guint i = 0; i < n_runs; i++)
        max_step = MAX (max_step, shown_index (&runs[i], step));
      line1 = g_strdup_printf ("<b>%s</b>  <span foreground='%s'>%u run%s</span>",
                               name, muted, n_runs,
                               n_runs == 1 ? "" : "s");
      text_set (text, line1, 1.0, FALSE, TRUE);
      text_ellipsize (text, avail);
      text_draw (text, x, y1, 0, 0, &theme->foreground, 1);
      if (n_runs > 0)
        {
          g_autofree char *line2 = g_strdup_printf (_("step %u"), MIN (step, max_step));

          text_set (text, line2, 0.92, FALSE, FALSE);
          text_draw (text, x, y2, 0, 0, &theme->muted, 1);
        }
    }
}

/* Legend box inside the plot's top-right corner, for overlaid runs. */
static void
draw_run_legend (cairo_t             *cr,
                 Text                *text,
                 const LrRect        *plot,
                 const LrRenderRun   *runs,
                 guint                n_runs,
                 const LrRenderTheme *theme,
                 LrRect              *box)
{
  double ls = theme->line_scale;
  double pad = 6 * ls, sw = 16 * ls, row_h = line_height (theme, 0.9);
  double widest = 0, w, h, x, y;
  guint shown = n_runs;

  if (n_runs == 0)
    return;
  while (shown > 0 && (shown * row_h + 2 * pad > plot->height * 0.9))
    shown--;
  if (shown == 0)
    return;

  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *s = g_strdup_printf ("%s " EM_DASH " %s", runs[i].label ? runs[i].label : "",
                                            verdict_label (runs[i].summary.verdict));
      double tw;

      text_set (text, s, 0.9, FALSE, FALSE);
      text_size (text, &tw, NULL);
      widest = MAX (widest, tw);
    }
  w = MIN (pad * 2 + sw + 6 * ls + widest, plot->width - 8 * ls);
  h = pad * 2 + shown * row_h;
  x = plot->x + plot->width - w - 5 * ls;
  y = plot->y + 5 * ls;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  set_rgba (cr, &theme->background, 0.85);
  cairo_fill_preserve (cr);
  set_rgba (cr, &theme->panel_border, 0.6);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *label = g_markup_escape_text (runs[i].label ? runs[i].label : "", -1);
      LrRgb vc;
      g_autofree char *vhex = color_hex (verdict_color (runs[i].summary.verdict, theme, &vc));
      g_autofree char *s = g_strdup_printf ("%s <span foreground='%s'>" EM_DASH " %s</span>",
                                            label, vhex,
                                            verdict_label (runs[i].summary.verdict));
      double ry = y + pad + i * row_h;

      swatch (cr, x + pad, ry + row_h / 2, sw, &runs[i].color, theme);
      text_set (text, s, 0.9, FALSE, TRUE);
      text_ellipsize (text, w - 2 * pad - sw - 6 * ls);
      text_draw (text, x + pad + sw + 6 * ls, ry + row_h / 2, 0, 0.5, &theme->foreground, 1);
    }
  cairo_restore (cr);
  if (box != NULL)
    *box = (LrRect) { x - ls, y - ls, w + 2 * ls, h + 2 * ls };
}

/* ---- panels ------------------------------------------------------------------- */

static LrColorScale
surface_scale (const LrSurface *surface)
{
  return surface != NULL ? lr_surface_get_color_scale (surface) : LR_COLOR_SCALE_LINEAR;
}

/* Device-pixel image of the heatmap for @plot, painted in place. */
static void
paint_heatmap (cairo_t         *cr,
               const LrRect    *plot,
               double           device_scale,
               const LrSurface *surface,
               const LrBox     *view,
               LrColormap       colormap)
{
  int pw = (int) ceil (plot->width * device_scale);
  int ph = (int) ceil (plot->height * device_scale);
  cairo_surface_t *image;

  if (pw <= 0 || ph <= 0 || pw > 16384 || ph > 16384)
    return;
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return;
    }
  lr_render_heatmap (image, surface, view, colormap, surface_scale (surface));

  cairo_save (cr);
  clip_to (cr, plot);
  cairo_translate (cr, plot->x, plot->y);
  cairo_scale (cr, plot->width / pw, plot->height / ph);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
}

/* The panel's background without the axes' text: no fonts, so it can be
 * drawn on any thread. */
static void
panel_background_base (cairo_t             *cr,
                       double               width,
                       double               height,
                       double               device_scale,
                       const LrSurface     *surface,
                       const LrBox         *view,
                       LrColormap           colormap,
                       gboolean             show_contours,
                       gboolean             show_axes,
                       cairo_surface_t     *cached,
                       const LrRenderTheme *theme)
{
  LrRect plot;

  lr_render_panel_layout (width, height, theme, show_axes, &plot);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);

  if (surface == NULL || plot.width < 2 || plot.height < 2 || !box_is_valid (view))
    {
      cairo_restore (cr);
      return;
    }

  if (cached != NULL)
    {
      cairo_save (cr);
      clip_to (cr, &plot);
      cairo_translate (cr, plot.x, plot.y);
      if (cairo_surface_get_type (cached) == CAIRO_SURFACE_TYPE_IMAGE &&
          cairo_image_surface_get_width (cached) > 0 && cairo_image_surface_get_height (cached) > 0)
        cairo_scale (cr, plot.width / cairo_image_surface_get_width (cached),
                     plot.height / cairo_image_surface_get_height (cached));
      cairo_set_source_surface (cr, cached, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  else
    paint_heatmap (cr, &plot, device_scale, surface, view, colormap);

  if (show_contours)
    {
      LrHeatmapNorm norm;

      lr_render_heatmap_norm (surface, view, surface_scale (surface), &norm);
      draw_contours (cr, &plot, surface, view, &norm, theme);
    }
  lr_render_minima (cr, &plot, surface, view, theme);
  cairo_restore (cr);
}

/* The axes of a panel with room for them. */
static void
panel_axes (cairo_t             *cr,
            double               width,
            double               height,
            const LrSurface     *surface,
            const LrBox         *view,
            const LrRenderTheme *theme)
{
  LrRect plot;
  Text text;

  lr_render_panel_layout (width, height, theme, TRUE, &plot);
  if (surface == NULL || plot.width < 2 || plot.height < 2 || !box_is_valid (view))
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  text_init (&text, cr, theme);
  draw_axes (cr, &text, &plot, view, theme);
  text_clear (&text);
  cairo_restore (cr);
}

static void
panel_background (cairo_t             *cr,
                  double               width,
                  double               height,
                  double               device_scale,
                  const LrSurface     *surface,
                  const LrBox         *view,
                  LrColormap           colormap,
                  gboolean             show_contours,
                  gboolean             show_axes,
                  cairo_surface_t     *cached,
                  const LrRenderTheme *theme)
{
  panel_background_base (cr, width, height, device_scale, surface, view, colormap, show_contours,
                         show_axes, cached, theme);
  if (show_axes)
    panel_axes (cr, width, height, surface, view, theme);
}

void
lr_render_panel_background (cairo_t             *cr,
                            double               width,
                            double               height,
                            double               device_scale,
                            const LrSurface     *surface,
                            const LrBox         *view,
                            LrColormap           colormap,
                            gboolean             show_contours,
                            const LrRenderTheme *theme)
{
  LrRenderTheme fallback;

  g_return_if_fail (cr != NULL && view != NULL);

  theme = default_theme (theme, &fallback);
  if (!(device_scale > 0) || !isfinite (device_scale))
    device_scale = device_scale_of (cr);
  panel_background (cr, width, height, device_scale, surface, view, colormap, show_contours, TRUE,
                    NULL, theme);
}

/* One part of the trails of a panel: the old part with the start marker
 * (what stays as the runs play on), or the recent part with the heads (what
 * moves; @extent grows by it). */
static void
panel_trails (cairo_t             *cr,
              double               width,
              double               height,
              const LrBox         *view,
              const LrRenderRun   *runs,
              guint                n_runs,
              guint                step,
              double               fraction,
              TrailPart            part,
              gboolean             show_start,
              double               x0,
              double               y0,
              gboolean             show_axes,
              const LrRenderTheme *theme,
              LrRect              *extent)
{
  LrRect plot;

  lr_render_panel_layout (width, height, theme, show_axes, &plot);
  if (plot.width < 2 || plot.height < 2 || !box_is_valid (view))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (part == TRAIL_OLD && show_start)
    lr_render_start_marker (cr, &plot, view, x0, y0, theme);
  for (guint i = 0; i < n_runs; i++)
    draw_trail (cr, &plot, view, runs[i].trajectory, step, fraction, part, &runs[i].color,
                runs[i].summary.verdict == LR_VERDICT_DIVERGED, theme, extent);
  cairo_restore (cr);
}

/* The caption above the plot and, for several runs, the legend with their
 * verdicts so far; @extent: the box of both. */
static void
panel_caption (cairo_t             *cr,
               double               width,
               double               height,
               const LrSurface     *surface,
               const LrRenderRun   *runs,
               guint                n_runs,
               guint                step,
               gboolean             show_axes,
               const char          *title,
               const LrRenderTheme *theme,
               LrRect              *extent)
{
  LrRect plot, legend = { 0, 0, -1, -1 };
  Text text;

  lr_render_panel_layout (width, height, theme, show_axes, &plot);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  text_init (&text, cr, theme);
  draw_caption (cr, &text, width, &plot, surface, runs, n_runs, step, title, theme);
  if (n_runs > 1 && plot.width >= 2 && plot.height >= 2)
    draw_run_legend (cr, &text, &plot, runs, n_runs, theme, &legend);
  text_clear (&text);
  cairo_restore (cr);
  if (extent != NULL)
    {
      *extent = (LrRect) { 0, 0, width, MAX (plot.y, 0) };
      if (legend.width > 0)
        {
          extent_add (extent, legend.x, legend.y, 0);
          extent_add (extent, legend.x + legend.width, legend.y + legend.height, 0);
        }
    }
}

static void
panel_overlay (cairo_t             *cr,
               double               width,
               double               height,
               const LrSurface     *surface,
               const LrBox         *view,
               const LrRenderRun   *runs,
               guint                n_runs,
               guint                step,
               double               fraction,
               gboolean             show_start,
               double               x0,
               double               y0,
               gboolean             show_axes,
               const char          *title,
               const LrRenderTheme *theme)
{
  LrRect plot;

  lr_render_panel_layout (width, height, theme, show_axes, &plot);
  if (plot.width < 2 || plot.height < 2 || !box_is_valid (view))
    return;
  panel_trails (cr, width, height, view, runs, n_runs, step, 0, TRAIL_OLD, show_start, x0, y0,
                show_axes, theme, NULL);
  panel_trails (cr, width, height, view, runs, n_runs, step, fraction, TRAIL_RECENT, FALSE, 0, 0,
                show_axes, theme, NULL);
  panel_caption (cr, width, height, surface, runs, n_runs, step, show_axes, title, theme, NULL);
}

void
lr_render_panel_overlay_static (cairo_t             *cr,
                                double               width,
                                double               height,
                                const LrBox         *view,
                                const LrRenderRun   *runs,
                                guint                n_runs,
                                guint                step,
                                double               x0,
                                double               y0,
                                const LrRenderTheme *theme)
{
  LrRenderTheme fallback;

  g_return_if_fail (cr != NULL && view != NULL);
  g_return_if_fail (runs != NULL || n_runs == 0);

  theme = default_theme (theme, &fallback);
  panel_trails (cr, width, height, view, runs, n_runs, step, 0, TRAIL_OLD, TRUE, x0, y0, TRUE, theme,
                NULL);
}

void
lr_render_panel_overlay_moving (cairo_t             *cr,
                                double               width,
                                double               height,
                                const LrBox         *view,
                                const LrRenderRun   *runs,
                                guint                n_runs,
                                guint                step,
                                double               fraction,
                                const LrRenderTheme *theme,
                                LrRect              *extent)
{
  LrRenderTheme fallback;
  LrRect drawn = { 0, 0, -1, -1 };

  g_return_if_fail (cr != NULL && view != NULL);
  g_return_if_fail (runs != NULL || n_runs == 0);

  theme = default_theme (theme, &fallback);
  panel_trails (cr, width, height, view, runs, n_runs, step, fraction, TRAIL_RECENT, FALSE, 0, 0,
                TRUE, theme, &drawn);
  if (extent != NULL)
    *extent = drawn;
}

void
lr_render_panel_caption (cairo_t             *cr,
                         double               width,
                         double               height,
                         const LrSurface     *surface,
                         const LrRenderRun   *runs,
                         guint                n_runs,
                         guint                step,
                         const LrRenderTheme *theme,
                         LrRect              *extent)
{
  LrRenderTheme fallback;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (runs != NULL || n_runs == 0);

  theme = default_theme (theme, &fallback);
  panel_caption (cr, width, height, surface, runs, n_runs, step, TRUE, NULL, theme, extent);
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
  LrRenderTheme fallback;

  g_return_if_fail (cr != NULL && view != NULL);
  g_return_if_fail (runs != NULL || n_runs == 0);

  theme = default_theme (theme, &fallback);
  panel_overlay (cr, width, height, surface, view, runs, n_runs, step, fraction, TRUE, x0, y0, TRUE,
                 NULL, theme);
}

void
lr_render_panel (cairo_t           *cr,
                 double             width,
                 double             height,
                 const LrPanelSpec *spec)
{
  LrRenderTheme fallback;
  const LrRenderTheme *theme;

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->runs != NULL || spec->n_runs == 0);

  theme = default_theme (spec->theme, &fallback);
  panel_background (cr, width, height, heatmap_scale_of (cr), spec->surface, &spec->view,
                    spec->colormap, spec->contours, spec->axes, spec->heatmap, theme);
  panel_overlay (cr, width, height, spec->surface, &spec->view, spec->runs, spec->n_runs,
                 spec->step, spec->fraction, spec->show_start, spec->x0, spec->y0, spec->axes,
                 spec->title, theme);
}

/* ---- line plots ------------------------------------------------------------------ */

typedef struct {
  double lo, hi;
  gboolean log;
} Axis;

static double
axis_map (const Axis *axis,
          double      v,
          double      p0,
          double      len)
{
  double t = axis->log ? (log10 (v) - log10 (axis->lo)) / (log10 (axis->hi) - log10 (axis->lo))
                       : (v - axis->lo) / (axis->hi - axis->lo);

  return p0 + t * len;
}

static gboolean
value_usable (double   v,
              gboolean log_scale)
{
  return isfinite (v) && (!log_scale || v > 0);
}

/* Tick positions of a log axis: decades (labelled), thinned when crowded. */
static guint
log_ticks (double  lo,
           double  hi,
           guint   max_labels,
           double *ticks,
           guint   max_ticks,
           int    *every)
{
  int e0 = (int) ceil (log10 (lo) - 1e-9), e1 = (int) floor (log10 (hi) + 1e-9);
  int count = e1 - e0 + 1;
  guint n = 0;

  *every = 1;
  while (count > 0 && (guint) ((count + *every - 1) / *every) > MAX (max_labels, 2))
    (*every)++;
  for (int e = e0; e <= e1 && n < max_ticks; e++)
    if ((e - e0) % *every == 0)
      ticks[n++] = pow (10, e);
  return n;
}

/* Decade labels: plain numbers while every label of the axis stays short
 * (0.01 … 1000), powers of ten otherwise ("10⁻⁴"). */
static gboolean
decades_plain (double lo,
               double hi)
{
  return lo >= 0.0099 && hi <= 1001;
}

static char *
format_decade (double   v,
               gboolean plain)
{
  static const char *const sup[] = {
    "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"
  };
  int e = (int) lround (log10 (v));
  GString *s;
  char digits[16];

  if (plain && e >= -2 && e <= 3)
    return e >= 0 ? g_strdup_printf ("%.0f", pow (10, e))
                  : g_strdup_printf ("%.*f", -e, pow (10, e));
  s = g_string_new ("10");
  if (e < 0)
    g_string_append (s, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (const char *d = digits; *d; d++)
    g_string_append (s, sup[*d - '0']);
  return g_string_free (s, FALSE);
}

static void
axis_range (Axis *axis,
            double lo,
            double hi,
            gboolean pad)
{
  if (axis->log)
    {
      if (!(hi > lo))
        {
          lo /= 10;
          hi *= 10;
        }
      else if (pad)
        {
          double r = log10 (hi / lo);

          lo /= pow (10, 0.04 * r);
          hi *= pow (10, 0.04 * r);
        }
    }
  else
    {
      if (!(hi > lo))
        {
          double d = fabs (lo) > 0 ? fabs (lo) * 0.1 : 1;

          lo -= d;
          hi += d;
        }
      else if (pad)
        {
          double d = 0.05 * (hi - lo);

          lo -= d;
          hi += d;
        }
    }
  axis->lo = lo;
  axis->hi = hi;
}

void
lr_render_line_plot (cairo_t          *cr,
                     double            width,
                     double            height,
                     const LrPlotSpec *spec)
{
  LrRenderTheme fallback;
  const LrRenderTheme *theme;
  Text text;
  double ls, xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  double top, bottom, left, right, tw, th;
  Axis ax = { 0 }, ay = { 0 };
  LrRect plot;
  double ticks[64], step;
  guint n, nt;
  g_autofree char **ylabels = NULL;
  double ylabel_w = 0;
  int every = 1;

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->series != NULL || spec->n_series == 0);
  g_return_if_fail (spec->markers != NULL || spec->n_markers == 0);

  theme = default_theme (spec->theme, &fallback);
  ls = theme->line_scale;
  ax.log = spec->log_x;
  ay.log = spec->log_y;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);
  text_init (&text, cr, theme);

  /* data ranges */
  for (guint s = 0; s < spec->n_series; s++)
    {
      const LrPlotSeries *ser = &spec->series[s];

      if (ser->y == NULL)
        continue;
      for (guint i = 0; i < ser->n; i++)
        {
          double x = ser->x ? ser->x[i] : i, y = ser->y[i];

          if (!value_usable (x, ax.log) || !value_usable (y, ay.log))
            continue;
          if (spec->fixed_x && (x < spec->xmin || x > spec->xmax))
            continue;
          xlo = MIN (xlo, x);
          xhi = MAX (xhi, x);
          ylo = MIN (ylo, y);
          yhi = MAX (yhi, y);
        }
    }

  /* title */
  top = 4 * ls;
  if (spec->title != NULL && *spec->title)
    {
      text_set (&text, spec->title, 1.0, TRUE, FALSE);
      text_ellipsize (&text, width - 8 * ls);
      text_draw (&text, 6 * ls, top, 0, 0, &theme->foreground, 1);
      top += line_height (theme, 1.0) + 4 * ls;
    }
  else
    top += 6 * ls;

  if (!(xlo <= xhi) || !(ylo <= yhi))
    {
      const char *msg = spec->empty_text ? spec->empty_text : _("No data");

      text_set (&text, msg, 1.0, FALSE, FALSE);
      text_ellipsize (&text, width - 8 * ls);
      text_draw (&text, width / 2, (top + height) / 2, 0.5, 0.5, &theme->muted, 1);
      text_clear (&text);
      cairo_restore (cr);
      return;
    }

  if (spec->fixed_x && value_usable (spec->xmin, ax.log) && spec->xmax > spec->xmin)
    axis_range (&ax, spec->xmin, spec->xmax, FALSE);
  else
    axis_range (&ax, xlo, xhi, ax.log);
  axis_range (&ay, ylo, yhi, TRUE);

  /* y tick labels first: their width sets the left margin */
  bottom = line_height (theme, 0.9) + 6 * ls;
  if (spec->x_label != NULL && *spec->x_label)
    bottom += line_height (theme, 0.9);
  {
    double plot_h = MAX (height - top - bottom - 4 * ls, 10);
    guint target = (guint) CLAMP (plot_h / (theme->font_size * 3), 2, 8);

    if (ay.log)
      nt = log_ticks (ay.lo, ay.hi, target, ticks, G_N_ELEMENTS (ticks), &every);
    else
      nt = lr_render_nice_ticks (ay.lo, ay.hi, target, ticks, G_N_ELEMENTS (ticks), &step);
    ylabels = g_new0 (char *, nt + 1);
    for (guint i = 0; i < nt; i++)
      {
        ylabels[i] = ay.log ? format_decade (ticks[i], decades_plain (ticks[0], ticks[nt - 1]))
                            : lr_render_format_tick (ticks[i], step);
        text_set (&text, ylabels[i], 0.9, FALSE, FALSE);
        text_size (&text, &tw, NULL);
        ylabel_w = MAX (ylabel_w, tw);
      }
  }
  left = ylabel_w + 10 * ls;
  if (spec->y_label != NULL && *spec->y_label)
    left += line_height (theme, 0.9);
  right = 12 * ls;
  plot = (LrRect) { ceil (left), ceil (top),
                    floor (width - left - right), floor (height - top - bottom) };
  if (plot.width < 10 || plot.height < 10)
    {
      for (guint i = 0; i < nt; i++)
        g_free (ylabels[i]);
      text_clear (&text);
      cairo_restore (cr);
      return;
    }

  /* grid + y labels */
  cairo_set_line_width (cr, 1 * ls);
  set_rgb (cr, &theme->grid);
  for (guint i = 0; i < nt; i++)
    {
      double py = round (axis_map (&ay, ticks[i], plot.y + plot.height, -plot.height)) + 0.5;

      if (py < plot.y - 0.5 || py > plot.y + plot.height + 0.5)
        continue;
      cairo_move_to (cr, plot.x, py);
      cairo_line_to (cr, plot.x + plot.width, py);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < nt; i++)
    {
      double py = axis_map (&ay, ticks[i], plot.y + plot.height, -plot.height);

      if (py >= plot.y - 0.5 && py <= plot.y + plot.height + 0.5)
        {
          text_set (&text, ylabels[i], 0.9, FALSE, FALSE);
          text_draw (&text, plot.x - 6 * ls, py, 1, 0.5, &theme->muted, 1);
        }
      g_free (ylabels[i]);
    }
  /* log y: minor ticks at 2..9 when decades are few */
  if (ay.log && log10 (ay.hi / ay.lo) < 5)
    {
      set_rgba (cr, &theme->grid, 0.5);
      for (int e = (int) floor (log10 (ay.lo)); e <= (int) ceil (log10 (ay.hi)); e++)
        for (int m = 2; m <= 9; m++)
          {
            double v = m * pow (10, e), py;

            if (v <= ay.lo || v >= ay.hi)
              continue;
            py = round (axis_map (&ay, v, plot.y + plot.height, -plot.height)) + 0.5;
            cairo_move_to (cr, plot.x, py);
            cairo_line_to (cr, plot.x + plot.width, py);
          }
      cairo_stroke (cr);
    }

  /* x ticks */
  if (ax.log)
    nt = log_ticks (ax.lo, ax.hi, (guint) CLAMP (plot.width / (theme->font_size * 5), 2, 10), ticks,
                    G_N_ELEMENTS (ticks), &every);
  else
    nt = fit_ticks (&text, ax.lo, ax.hi, plot.width, TRUE, ticks, G_N_ELEMENTS (ticks), &step);
  set_rgb (cr, &theme->grid);
  for (guint i = 0; i < nt; i++)
    {
      double px = round (axis_map (&ax, ticks[i], plot.x, plot.width)) + 0.5;

      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < nt; i++)
    {
      double px = axis_map (&ax, ticks[i], plot.x, plot.width);
      g_autofree char *s = NULL;

      if (ax.log)
        s = format_decade (ticks[i], decades_plain (ticks[0], ticks[nt - 1]));
      else
        s = lr_render_format_tick (ticks[i], step);

      text_set (&text, s, 0.9, FALSE, FALSE);
      text_draw (&text, px, plot.y + plot.height + 4 * ls, 0.5, 0, &theme->muted, 1);
    }

  /* axis titles */
  if (spec->x_label != NULL && *spec->x_label)
    {
      text_set (&text, spec->x_label, 0.9, FALSE, FALSE);
      text_draw (&text, plot.x + plot.width / 2, height - 3 * ls, 0.5, 1, &theme->muted, 1);
    }
  if (spec->y_label != NULL && *spec->y_label)
    {
      cairo_save (cr);
      cairo_translate (cr, 4 * ls, plot.y + plot.height / 2);
      cairo_rotate (cr, -G_PI / 2);
      text_set (&text, spec->y_label, 0.9, FALSE, FALSE);
      text_ellipsize (&text, plot.height);
      pango_cairo_update_layout (cr, text.layout);
      text_draw (&text, 0, 0, 0.5, 0, &theme->muted, 1);
      cairo_restore (cr);
      pango_cairo_update_layout (cr, text.layout);
    }

  /* frame */
  cairo_rectangle (cr, plot.x + 0.5, plot.y + 0.5, plot.width - 1, plot.height - 1);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);

  /* series */
  cairo_save (cr);
  clip_to (cr, &plot);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < spec->n_series; s++)
    {
      const LrPlotSeries *ser = &spec->series[s];
      gboolean pen = FALSE;
      double dash[2] = { 5 * ls, 3 * ls };
      double lastx = NAN, lasty = NAN;

      if (ser->y == NULL)
        continue;
      cairo_new_path (cr);
      for (guint i = 0; i < ser->n; i++)
        {
          double x = ser->x ? ser->x[i] : i, y = ser->y[i], px, py;

          if (!value_usable (x, ax.log) || !value_usable (y, ay.log))
            {
              pen = FALSE;
              continue;
            }
          px = axis_map (&ax, x, plot.x, plot.width);
          py = axis_map (&ay, y, plot.y + plot.height, -plot.height);
          /* keep within cairo's coordinate range */
          px = CLAMP (px, plot.x - 1e4, plot.x + plot.width + 1e4);
          py = CLAMP (py, plot.y - 1e4, plot.y + plot.height + 1e4);
          /* skip sub-pixel steps of long series */
          if (pen && fabs (px - lastx) < 0.25 && fabs (py - lasty) < 0.25 && i + 1 < ser->n)
            continue;
          if (pen)
            cairo_line_to (cr, px, py);
          else
            {
              cairo_move_to (cr, px, py);
              cairo_line_to (cr, px, py);
            }
          lastx = px;
          lasty = py;
          pen = TRUE;
        }
      set_rgb (cr, &ser->color);
      cairo_set_line_width (cr, 1.8 * ls);
      cairo_set_dash (cr, dash, ser->dashed ? 2 : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (ser->points)
        {
          for (guint i = 0; i < ser->n; i++)
            {
              double x = ser->x ? ser->x[i] : i, y = ser->y[i];

              if (!value_usable (x, ax.log) || !value_usable (y, ay.log))
                continue;
              cairo_new_sub_path (cr);
              cairo_arc (cr, axis_map (&ax, x, plot.x, plot.width),
                         axis_map (&ay, y, plot.y + plot.height, -plot.height),
                         2.4 * ls, 0, 2 * G_PI);
            }
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);

  /* vertical markers */
  for (guint m = 0; m < spec->n_markers; m++)
    {
      const LrPlotMarker *mk = &spec->markers[m];
      double dash[2] = { 4 * ls, 3 * ls };
      double px, lw, lh;

      if (!value_usable (mk->x, ax.log))
        continue;
      px = axis_map (&ax, mk->x, plot.x, plot.width);
      if (px < plot.x - 0.5 || px > plot.x + plot.width + 0.5)
        continue;
      px = round (px) + 0.5;
      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
      set_rgb (cr, &mk->color);
      cairo_set_line_width (cr, 1.2 * ls);
      cairo_set_dash (cr, dash, mk->dashed ? 2 : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (mk->label != NULL && *mk->label)
        {
          double lx, ly;

          text_set (&text, mk->label, 0.82, FALSE, FALSE);
          text_size (&text, &lw, &lh);
          /* label beside the line, flipped to the left near the right edge */
          lx = px + 3 * ls + lw > plot.x + plot.width ? px - 3 * ls - lw : px + 3 * ls;
          /* stacked, so markers close together keep readable labels */
          ly = plot.y + 3 * ls + (m % 4) * (lh + 1 * ls);
          cairo_rectangle (cr, lx - 1 * ls, ly, lw + 2 * ls, lh);
          set_rgba (cr, &theme->background, 0.8);
          cairo_fill (cr);
          text_draw (&text, lx, ly, 0, 0, &mk->color, 1);
        }
    }

  /* legend */
  if (spec->legend && spec->n_series > 0)
    {
      double pad = 5 * ls, sw = 14 * ls, row_h = line_height (theme, 0.85), widest = 0, w, h, x, y;
      guint shown = 0;

      for (guint s = 0; s < spec->n_series; s++)
        {
          if (spec->series[s].label == NULL)
            continue;
          if ((shown + 1) * row_h + 2 * pad > plot.height - 6 * ls)
            break;
          text_set (&text, spec->series[s].label, 0.85, FALSE, FALSE);
          text_size (&text, &tw, &th);
          widest = MAX (widest, tw);
          shown++;
        }
      if (shown > 0)
        {
          guint row = 0;

          w = MIN (2 * pad + sw + 5 * ls + widest, plot.width * 0.6);
          h = 2 * pad + shown * row_h;
          x = plot.x + plot.width - w - 4 * ls;
          y = plot.y + 4 * ls;
          cairo_rectangle (cr, x, y, w, h);
          set_rgba (cr, &theme->background, 0.88);
          cairo_fill_preserve (cr);
          set_rgba (cr, &theme->panel_border, 0.5);
          cairo_set_line_width (cr, 1 * ls);
          cairo_stroke (cr);
          for (guint s = 0; s < spec->n_series && row < shown; s++)
            {
              double ry;

              if (spec->series[s].label == NULL)
                continue;
              ry = y + pad + row * row_h + row_h / 2;
              cairo_move_to (cr, x + pad, ry);
              cairo_line_to (cr, x + pad + sw, ry);
              set_rgb (cr, &spec->series[s].color);
              cairo_set_line_width (cr, 2.2 * ls);
              cairo_stroke (cr);
              text_set (&text, spec->series[s].label, 0.85, FALSE, FALSE);
              text_ellipsize (&text, w - 2 * pad - sw - 5 * ls);
              text_draw (&text, x + pad + sw + 5 * ls, ry, 0, 0.5, &theme->foreground, 1);
              row++;
            }
        }
    }
  (void) n;
  n = 0;

  text_clear (&text);
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
  LrRenderTheme fallback;
  g_autofree LrPlotSeries *series = NULL;
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func (g_free);
  LrPlotSpec spec = { 0 };
  LrPlotMarker marker;
  double fmin = 0;
  gboolean known = FALSE;
  guint max_len = 0, shown_step = 0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (runs != NULL || n_runs == 0);

  theme = default_theme (theme, &fallback);
  if (surface != NULL && kind == LR_RUN_PLOT_LOSS)
    known = lr_surface_get_min_value (surface, &fmin) && isfinite (fmin);

  series = g_new0 (LrPlotSeries, MAX (n_runs, 1));
  for (guint r = 0; r < n_runs; r++)
    {
      const LrTrajectory *t = runs[r].trajectory;
      double *y;
      guint n;

      series[r].label = runs[r].label;
      series[r].color = runs[r].color;
      if (t == NULL || t->n_points == 0)
        continue;
      max_len = MAX (max_len, t->n_steps);
      n = MIN ((guint64) step + 1, (guint64) t->n_points);
      shown_step = MAX (shown_step, n - 1);
      y = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          if (kind == LR_RUN_PLOT_LOSS)
            {
              double gap = t->points[i].loss - (known ? fmin : 0);

              /* converged runs end in rounding noise; keep it off the axis */
              y[i] = known && isfinite (gap) ? MAX (gap, 1e-16) : gap;
            }
          else
            y[i] = t->points[i].lr;
        }
      g_ptr_array_add (arrays, y);
      series[r].y = y;
      series[r].n = n;
    }

  if (kind == LR_RUN_PLOT_LOSS)
    spec.title = known ? _("Loss gap f − f* against step") : _("Loss against step");
  else
    spec.title = _("Learning rate against step");
  spec.x_label = _("step");
  spec.y_label = NULL;
  spec.log_y = kind == LR_RUN_PLOT_LOSS;
  if (kind == LR_RUN_PLOT_LOSS && !known)
    {
      /* a loss without a known minimum may go negative (saddle): linear then */
      for (guint r = 0; r < n_runs && spec.log_y; r++)
        for (guint i = 0; i < series[r].n; i++)
          if (isfinite (series[r].y[i]) && series[r].y[i] <= 0)
            {
              spec.log_y = FALSE;
              break;
            }
    }
  if (kind == LR_RUN_PLOT_LR)
    {
      /* log when the rates span more than a decade */
      double lo = INFINITY, hi = 0;

      for (guint r = 0; r < n_runs; r++)
        for (guint i = 0; i < series[r].n; i++)
          if (series[r].y[i] > 0 && isfinite (series[r].y[i]))
            {
              lo = MIN (lo, series[r].y[i]);
              hi = MAX (hi, series[r].y[i]);
            }
      spec.log_y = hi > 0 && hi / lo > 20;
    }
  spec.fixed_x = max_len > 0;
  spec.xmin = 0;
  spec.xmax = MAX (max_len, 1);
  spec.series = series;
  spec.n_series = n_runs;
  spec.legend = FALSE;
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

/* ---- the learning-rate table ------------------------------------------------------ */

enum { COL_LR, COL_OPT, COL_SCHED, COL_STEPS, COL_GAP, COL_VERDICT, N_COLS };

static const char *col_titles[N_COLS] = {
  N_("Learning rate"), N_("Optimizer"), N_("Schedule"), N_("Steps to converge"), N_("Final loss gap"), N_("Verdict")
};

double
lr_render_lr_table_height (guint                n_rows,
                           const LrRenderTheme *theme)
{
  LrRenderTheme fallback;

  theme = default_theme (theme, &fallback);
  return ceil ((n_rows + 1) * line_height (theme, 0.95) * 1.35 + 6 * theme->line_scale);
}

void
lr_render_table_rows_from_runs (const LrRenderRun *runs,
                                guint              n_runs,
                                LrTableRow        *rows)
{
  g_return_if_fail (runs != NULL || n_runs == 0);

  for (guint i = 0; i < n_runs; i++)
    {
      const LrTrajectory *t = runs[i].trajectory;

      rows[i].color = runs[i].color;
      rows[i].lr = runs[i].lr > 0 ? runs[i].lr
                   : t != NULL && t->n_points > 0 ? t->points[0].lr : NAN;
      rows[i].optimizer = runs[i].label;
      rows[i].schedule = runs[i].schedule;
      rows[i].steps_to_converge = runs[i].summary.steps_to_converge;
      rows[i].final_loss_gap = runs[i].summary.final_loss_gap;
      rows[i].verdict = runs[i].summary.verdict;
    }
}

static char *
table_cell (const LrTableRow *row,
            int               col)
{
  switch (col)
    {
    case COL_LR:
      return format_value (row->lr, 3);
    case COL_OPT:
      return g_strdup (row->optimizer ? row->optimizer : "");
    case COL_SCHED:
      return g_strdup (schedule_is_constant (row->schedule) ? _("constant") : row->schedule);
    case COL_STEPS:
      if (row->steps_to_converge < 0)
        return g_strdup (EM_DASH);
      return g_strdup_printf ("%d", row->steps_to_converge);
    case COL_GAP:
      return format_value (row->final_loss_gap, 3);
    case COL_VERDICT:
      return g_strdup (verdict_label (row->verdict));
    default:
      return g_strdup ("");
    }
}

/* Column widths at text @size; returns the table's total width. */
static double
table_measure (Text             *text,
               const LrTableRow *rows,
               guint             n_rows,
               double            size,
               gboolean         *show,
               double           *widths)
{
  const LrRenderTheme *theme = text->theme;
  double total = 12 * theme->line_scale + 8 * theme->line_scale;

  /* a schedule column only when some run has one */
  show[COL_SCHED] = FALSE;
  for (guint r = 0; r < n_rows; r++)
    if (!schedule_is_constant (rows[r].schedule))
      show[COL_SCHED] = TRUE;

  for (int c = 0; c < N_COLS; c++)
    {
      double w;

      widths[c] = 0;
      if (!show[c])
        continue;
      text_set (text, _(col_titles[c]), size, TRUE, FALSE);
      text_size (text, &w, NULL);
      widths[c] = w;
      for (guint r = 0; r < n_rows; r++)
        {
          g_autofree char *s = table_cell (&rows[r], c);

          text_set (text, s, size, c == COL_VERDICT, FALSE);
          text_size (text, &w, NULL);
          widths[c] = MAX (widths[c], w);
        }
      total += widths[c] + 14 * theme->line_scale;
    }
  return total + 8 * theme->line_scale;
}

double
lr_render_lr_table_width (cairo_t             *cr,
                          const LrTableRow    *rows,
                          guint                n_rows,
                          const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  gboolean show[N_COLS] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  double widths[N_COLS], total;
  Text text;

  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (rows != NULL || n_rows == 0, 0);

  theme = default_theme (theme, &fallback);
  text_init (&text, cr, theme);
  total = table_measure (&text, rows, n_rows, 0.95, show, widths);
  text_clear (&text);
  return ceil (total);
}

void
lr_render_lr_table (cairo_t             *cr,
                    double               width,
                    double               height,
                    const LrTableRow    *rows,
                    guint                n_rows,
                    const LrRenderTheme *theme)
{
  LrRenderTheme fallback;
  Text text;
  double ls, row_h, widths[N_COLS] = { 0 }, total = 0, x, y, sw, gap, size = 0.95;
  gboolean numeric[N_COLS] = { TRUE, FALSE, FALSE, TRUE, TRUE, FALSE };
  gboolean show[N_COLS] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
  guint fit;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);

  theme = default_theme (theme, &fallback);
  ls = theme->line_scale;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);
  text_init (&text, cr, theme);

  if (n_rows == 0)
    {
      text_set (&text, _("No runs"), 1.0, FALSE, FALSE);
      text_draw (&text, width / 2, height / 2, 0.5, 0.5, &theme->muted, 1);
      text_clear (&text);
      cairo_restore (cr);
      return;
    }

  sw = 12 * ls;
  gap = 14 * ls;
  total = table_measure (&text, rows, n_rows, size, show, widths);
  /* too wide: smaller text (down to 80 %), then the label columns give way
   * (ellipsized) */
  if (total > width - 8 * ls)
    {
      size = MAX (0.8 * size, size * (width - 8 * ls) / total);
      total = table_measure (&text, rows, n_rows, size, show, widths);
    }
  if (total > width - 8 * ls)
    {
      double excess = total - (width - 8 * ls);
      int shrink[] = { COL_OPT, COL_SCHED };

      for (guint k = 0; k < G_N_ELEMENTS (shrink) && excess > 0; k++)
        {
          int c = shrink[k];
          double give;

          if (!show[c])
            continue;
          give = MIN (excess, MAX (widths[c] - 60 * ls, 0));
          widths[c] -= give;
          excess -= give;
        }
    }
  row_h = line_height (theme, size) * 1.35;

  /* header */
  x = 4 * ls + sw + 8 * ls;
  y = 2 * ls;
  for (int c = 0; c < N_COLS; c++)
    {
      if (!show[c])
        continue;
      text_set (&text, _(col_titles[c]), size, TRUE, FALSE);
      text_ellipsize (&text, widths[c]);
      text_draw (&text, numeric[c] ? x + widths[c] : x, y + row_h / 2, numeric[c] ? 1 : 0, 0.5,
                 &theme->foreground, 1);
      x += widths[c] + gap;
    }
  y += row_h;
  cairo_move_to (cr, 4 * ls, round (y) + 0.5);
  cairo_line_to (cr, MIN (width - 4 * ls, x - gap + 4 * ls), round (y) + 0.5);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);

  fit = (guint) MAX (0, floor ((height - y) / row_h));
  for (guint r = 0; r < n_rows; r++)
    {
      LrRgb vc;

      if (r >= fit || (r + 1 == fit && r + 1 < n_rows))
        {
          g_autofree char *more = g_strdup_printf ("… %u more", n_rows - r);

          text_set (&text, more, size, FALSE, FALSE);
          text_draw (&text, 4 * ls, y + row_h / 2, 0, 0.5, &theme->muted, 1);
          break;
        }
      if (r % 2 == 1)
        {
          cairo_rectangle (cr, 4 * ls, y, MIN (width - 8 * ls, x - gap), row_h);
          set_rgba (cr, &theme->foreground, 0.045);
          cairo_fill (cr);
        }
      cairo_rectangle (cr, 6 * ls, y + row_h / 2 - sw / 2 + 1 * ls, sw - 2 * ls, sw - 2 * ls);
      set_rgb (cr, &rows[r].color);
      cairo_fill (cr);

      x = 4 * ls + sw + 8 * ls;
      for (int c = 0; c < N_COLS; c++)
        {
          g_autofree char *s = NULL;
          const LrRgb *color = &theme->foreground;

          if (!show[c])
            continue;
          s = table_cell (&rows[r], c);
          if (c == COL_VERDICT)
            color = verdict_color (rows[r].verdict, theme, &vc);
          text_set (&text, s, size, c == COL_VERDICT, FALSE);
          text_ellipsize (&text, widths[c]);
          text_draw (&text, numeric[c] ? x + widths[c] : x, y + row_h / 2,
                     numeric[c] ? 1 : 0, 0.5, color, 1);
          x += widths[c] + gap;
        }
      y += row_h;
    }

  text_clear (&text);
  cairo_restore (cr);
}

void
lr_render_run_table (cairo_t             *cr,
                     double               width,
                     double               height,
                     const LrRenderRun   *runs,
                     guint                n_runs,
                     const LrRenderTheme *theme)
{
  g_autofree LrTableRow *rows = g_new0 (LrTableRow, MAX (n_runs, 1));

  g_return_if_fail (runs != NULL || n_runs == 0);

  lr_render_table_rows_from_runs (runs, n_runs, rows);
  lr_render_lr_table (cr, width, height, rows, n_runs, theme);
}

/* ---- figures ------------------------------------------------------------------------- */

/* Vertical colour bar with the surface values at nice positions. */
static void
draw_colorbar (cairo_t             *cr,
               Text                *text,
               const LrRect        *bar,
               const LrHeatmapNorm *norm,
               LrColormap           colormap,
               const LrRenderTheme *theme)
{
  cairo_pattern_t *grad = cairo_pattern_create_linear (0, bar->y + bar->height, 0, bar->y);
  double ls = theme->line_scale;
  double ticks[64], step;
  guint n = 0;

  for (int i = 0; i <= 32; i++)
    {
      LrRgb c;

      lr_colormap_lookup (colormap, i / 32.0, &c);
      cairo_pattern_add_color_stop_rgb (grad, i / 32.0, c.r, c.g, c.b);
    }
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  cairo_set_source (cr, grad);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (grad);
  set_rgb (cr, &theme->panel_border);
  cairo_set_line_width (cr, 1 * ls);
  cairo_stroke (cr);
  text_set (text, norm->scale == LR_COLOR_SCALE_LOG ? _("loss (log)") : _("loss"), 0.82, FALSE, FALSE);
  text_draw (text, bar->x, bar->y - 4 * ls, 0, 1, &theme->muted, 1);

  if (norm->scale == LR_COLOR_SCALE_LOG)
    {
      double dlo = norm->lo - norm->fmin + norm->eps, dhi = norm->hi - norm->fmin;

      int e0 = (int) ceil (log10 (dlo)), e1 = (int) floor (log10 (dhi));

      for (int e = e0; e <= e1 && n < G_N_ELEMENTS (ticks); e++)
        ticks[n++] = norm->fmin + pow (10, e);
      /* thin out to what fits */
      while (n > 2 && n * line_height (theme, 0.85) * 1.6 > bar->height)
        {
          guint m = 0;

          for (guint i = 0; i < n; i += 2)
            ticks[m++] = ticks[i];
          n = m;
        }
    }
  else
    n = lr_render_nice_ticks (norm->lo, norm->hi,
                              (guint) CLAMP (bar->height / (theme->font_size * 3), 2, 8),
                              ticks, G_N_ELEMENTS (ticks), &step);

  for (guint i = 0; i < n; i++)
    {
      double t = lr_heatmap_norm_apply (norm, ticks[i]), py;
      g_autofree char *s = NULL;

      if (!(t >= 0 && t <= 1))
        continue;
      py = bar->y + bar->height * (1 - t);
      cairo_move_to (cr, bar->x + bar->width, round (py) + 0.5);
      cairo_line_to (cr, bar->x + bar->width + 3 * ls, round (py) + 0.5);
      set_rgb (cr, &theme->panel_border);
      cairo_stroke (cr);
      if (norm->scale == LR_COLOR_SCALE_LOG)
        {
          double d = ticks[i] - norm->fmin;
          gboolean plain = decades_plain (ticks[0] - norm->fmin, ticks[n - 1] - norm->fmin);
          g_autofree char *dec = format_decade (d, plain);

          s = norm->fmin != 0 ? g_strdup_printf ("f*+%s", dec) : g_steal_pointer (&dec);
        }
      else
        s = lr_render_format_tick (ticks[i], step);
      text_set (text, s, 0.82, FALSE, FALSE);
      text_draw (text, bar->x + bar->width + 5 * ls, py, 0, 0.5, &theme->muted, 1);
    }
}

/* Columns and rows for @n panels in w × h (gaps @gap): the shape whose plot
 * areas show the data largest at equal units. */
static void
grid_shape (guint                n,
            double               w,
            double               h,
            double               gap,
            double               aspect,
            const LrRenderTheme *theme,
            guint               *cols,
            guint               *rows)
{
  double best = -1;

  *cols = 1;
  *rows = 1;
  for (guint c = 1; c <= n; c++)
    {
      guint r = (n + c - 1) / c;
      LrRect plot;
      double score;

      if (r > 1 && (r - 1) * c >= n)
        continue;
      lr_render_panel_layout ((w - (c - 1) * gap) / c, (h - (r - 1) * gap) / r, theme, TRUE, &plot);
      score = MIN (plot.width, plot.height * aspect);
      if (score > best)
        {
          best = score;
          *cols = c;
          *rows = r;
        }
    }
}

/* When every panel of a figure lands on whole device pixels of an image,
 * their backgrounds (the same heatmap, contours, minima and axes) are
 * rendered once and copied: the pixels are those of drawing each.  Returns
 * the device scale, or 0 when the panels cannot share one. */
static double
shared_background_scale (cairo_t      *cr,
                         const double *px,
                         const double *py,
                         guint         n)
{
  cairo_matrix_t m;
  double s;

  if (n < 2 || cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return 0;
  cairo_get_matrix (cr, &m);
  s = m.xx;
  if (m.xy != 0 || m.yx != 0 || m.yy != s || !(s > 0) || s != floor (s))
    return 0;
  for (guint p = 0; p < n; p++)
    {
      double x = px[p], y = py[p];

      cairo_user_to_device (cr, &x, &y);
      if (x != floor (x) || y != floor (y))
        return 0;
    }
  return s;
}

/* The shared background without its axes' text, rendered on a thread while
 * the caller sets up its fonts and draws the header. */
typedef struct {
  double               width, height, scale;
  const LrSurface     *surface;
  LrBox                view;
  LrColormap           colormap;
  gboolean             contours;
  const LrRenderTheme *theme;
  cairo_surface_t     *image;
} SharedBackground;

static gpointer
shared_background_thread (gpointer data)
{
  SharedBackground *job = data;
  cairo_surface_t *image;
  cairo_t *cr;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (job->width * job->scale),
                                      (int) ceil (job->height * job->scale));
  cairo_surface_set_device_scale (image, job->scale, job->scale);
  cr = cairo_create (image);
  panel_background_base (cr, job->width, job->height, job->scale, job->surface, &job->view,
                         job->colormap, job->contours, TRUE, NULL, job->theme);
  cairo_destroy (cr);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&image, cairo_surface_destroy);
  job->image = image;
  return NULL;
}

void
lr_render_figure (cairo_t            *cr,
                  double              width,
                  double              height,
                  const LrFigureSpec *spec)
{
  LrRenderTheme fallback;
  const LrRenderTheme *theme;
  double ls, margin, gap, y, header_h, panels_h, bottom_h = 0, colorbar_w;
  LrRect area;
  guint cols, rows, n_panels;
  double aspect, cw = 0, ch = 0, ox = 0, shared_scale = 0;
  g_autofree double *origins_x = NULL;
  g_autofree double *origins_y = NULL;
  gboolean panels;
  SharedBackground job = { 0 };
  GThread *worker = NULL;
  LrRect plot = { 0 };
  LrBox view = { 0 };
  Text text;

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->runs != NULL || spec->n_runs == 0);

  theme = default_theme (spec->theme, &fallback);
  ls = theme->line_scale;
  margin = 12 * ls;
  gap = 10 * ls;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_rgb (cr, &theme->background);
  cairo_paint (cr);
  if (spec->surface == NULL || width < 32 || height < 32)
    {
      cairo_restore (cr);
      return;
    }

  header_h = margin * 0.75 + line_height (theme, 1.15) + 6 * ls;

  if (spec->plots)
    {
      double table_h = lr_render_lr_table_height (spec->n_runs, theme);

      bottom_h = MAX (0.30 * (height - header_h), table_h);
      bottom_h = MIN (bottom_h, 0.45 * (height - header_h));
    }
  colorbar_w = 14 * ls + theme->font_size * 4.6;
  panels_h = height - header_h - margin - (bottom_h > 0 ? bottom_h + gap : 0);
  area = (LrRect) { margin, header_h, width - 2 * margin - colorbar_w, panels_h };

  n_panels = spec->overlay || spec->n_runs == 0 ? 1 : spec->n_runs;
  aspect = box_is_valid (&spec->view) ? box_width (&spec->view) / box_height (&spec->view) : 1;
  grid_shape (n_panels, area.width, area.height, gap, aspect, theme, &cols, &rows);

  panels = area.width > 40 && area.height > 40;
  if (panels)
    {
      cw = floor ((area.width - (cols - 1) * gap) / cols);
      ch = floor ((area.height - (rows - 1) * gap) / rows);

      /* Equal units on both axes, but a view padded by at most a quarter:
       * beyond that the panels get narrower (or shorter) instead. */
      lr_render_panel_layout (cw, ch, theme, TRUE, &plot);
      if (plot.width > plot.height * aspect * 1.25)
        cw -= floor (plot.width - plot.height * aspect * 1.25);
      else if (plot.height > plot.width / aspect * 1.25)
        ch -= floor (plot.height - plot.width / aspect * 1.25);
      ox = floor (area.x + (area.width - (cols * cw + (cols - 1) * gap)) / 2);
      /* height the panels leave unused goes to the plots below, and what
       * the plots cannot use back to the panels */
      if (bottom_h > 0)
        {
          double unused = area.height - (rows * ch + (rows - 1) * gap);
          double grow = MIN (unused, MAX (0, 0.5 * (height - header_h) - bottom_h));

          bottom_h += grow;
          ch += floor ((unused - grow) / rows);
        }

      /* every panel has this size, so they share one fitted view */
      lr_render_panel_layout (cw, ch, theme, TRUE, &plot);
      lr_render_fit_view (&plot, &spec->view, &view);
      origins_x = g_new (double, n_panels);
      origins_y = g_new (double, n_panels);
      for (guint p = 0; p < n_panels; p++)
        {
          origins_x[p] = floor (ox + (p % cols) * (cw + gap));
          origins_y[p] = floor (area.y + (p / cols) * (ch + gap));
        }
      shared_scale = shared_background_scale (cr, origins_x, origins_y, n_panels);
      if (shared_scale > 0)
        {
          job = (SharedBackground) { cw, ch, shared_scale, spec->surface, view, spec->colormap,
                                     spec->contours, theme, NULL };
          worker = g_thread_try_new ("lr-figure", shared_background_thread, &job, NULL);
          if (worker == NULL)
            shared_background_thread (&job);
        }
    }

  /* header: the surface and its formula */
  text_init (&text, cr, theme);
  {
    g_autofree char *sspec = lr_surface_to_spec (spec->surface);
    const char *formula = lr_surface_get_formula (spec->surface);
    g_autofree char *a = g_markup_escape_text (sspec ? sspec : lr_surface_get_name (spec->surface),
                                               -1);
    g_autofree char *b = g_markup_escape_text (formula ? formula : "", -1);
    g_autofree char *muted = color_hex (&theme->muted);
    g_autofree char *sx = format_value (spec->x0, 4);
    g_autofree char *sy = format_value (spec->y0, 4);
    g_autofree char *head = g_strdup_printf ("<b>%s</b>   <span foreground='%s'>f(x, y) = %s   "
                                             MIDDLE_DOT "   start (%s, %s)</span>",
                                             a, muted, b, sx, sy);

    text_set (&text, head, 1.15, FALSE, TRUE);
    text_ellipsize (&text, width - 2 * margin);
    text_draw (&text, margin, margin * 0.75, 0, 0, &theme->foreground, 1);
  }

  if (panels)
    {
      cairo_surface_t *shared = NULL;

      if (worker != NULL)
        g_thread_join (worker);
      shared = job.image;
      if (shared != NULL)
        {
          cairo_t *scr = cairo_create (shared);

          panel_axes (scr, cw, ch, spec->surface, &view, theme);
          cairo_destroy (scr);
        }
      for (guint p = 0; p < n_panels; p++)
        {
          LrPanelSpec ps = { 0 };
          double px = origins_x[p];
          double py = origins_y[p];

          ps.surface = spec->surface;
          ps.view = view;
          ps.colormap = spec->colormap;
          ps.contours = spec->contours;
          ps.axes = TRUE;
          ps.runs = spec->overlay ? spec->runs : spec->runs + MIN (p, spec->n_runs);
          ps.n_runs = spec->overlay ? spec->n_runs : spec->n_runs > 0 ? 1 : 0;
          ps.step = spec->step;
          ps.x0 = spec->x0;
          ps.y0 = spec->y0;
          ps.show_start = TRUE;
          ps.theme = theme;
          cairo_save (cr);
          cairo_translate (cr, px, py);
          if (shared != NULL)
            {
              /* whole pixels onto whole pixels: a copy */
              cairo_save (cr);
              cairo_set_source_surface (cr, shared, 0, 0);
              cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
              cairo_rectangle (cr, 0, 0, cw, ch);
              cairo_fill (cr);
              cairo_restore (cr);
              panel_overlay (cr, cw, ch, ps.surface, &ps.view, ps.runs, ps.n_runs, ps.step,
                             ps.fraction, ps.show_start, ps.x0, ps.y0, ps.axes, ps.title, theme);
            }
          else
            lr_render_panel (cr, cw, ch, &ps);
          cairo_restore (cr);
        }
      g_clear_pointer (&shared, cairo_surface_destroy);

      /* one colour bar for all panels, from the first row's plot top to the last's bottom */
      {
        LrHeatmapNorm norm;
        LrRect bar = { ox + cols * cw + (cols - 1) * gap + 10 * ls, area.y + plot.y, 12 * ls,
                       (rows - 1) * (ch + gap) + plot.height };

        lr_render_heatmap_norm (spec->surface, &view, surface_scale (spec->surface), &norm);
        norm_for_colormap (&norm, spec->colormap);
        if (bar.height > 30)
          draw_colorbar (cr, &text, &bar, &norm, spec->colormap, theme);
      }
    }

  if (bottom_h > 0)
    {
      double bw = width - 2 * margin, table_w, plot_w;
      guint step = spec->step;

      y = height - margin - bottom_h;
      {
        g_autofree LrTableRow *table = g_new0 (LrTableRow, MAX (spec->n_runs, 1));

        lr_render_table_rows_from_runs (spec->runs, spec->n_runs, table);
        table_w = lr_render_lr_table_width (cr, table, spec->n_runs, theme);
      }
      table_w = CLAMP (table_w, bw * 0.3, bw * 0.5);
      plot_w = floor ((bw - table_w - 2 * gap) / 2);

      cairo_save (cr);
      cairo_translate (cr, margin, y);
      lr_render_run_plot (cr, plot_w, bottom_h, LR_RUN_PLOT_LOSS, spec->surface, spec->runs,
                          spec->n_runs, step, theme);
      cairo_translate (cr, plot_w + gap, 0);
      lr_render_run_plot (cr, plot_w, bottom_h, LR_RUN_PLOT_LR, spec->surface, spec->runs,
                          spec->n_runs, step, theme);
      cairo_translate (cr, plot_w + gap, 0);
      {
        double th = line_height (theme, 1.0) + 8 * ls;

        text_set (&text, _("Measured learning-rate table"), 1.0, TRUE, FALSE);
        pango_cairo_update_layout (cr, text.layout);
        text_draw (&text, 4 * ls, 4 * ls, 0, 0, &theme->foreground, 1);
        cairo_translate (cr, 0, th);
        lr_render_run_table (cr, table_w, bottom_h - th, spec->runs, spec->n_runs, theme);
      }
      cairo_restore (cr);
      pango_cairo_update_layout (cr, text.layout);
    }

  text_clear (&text);
  cairo_restore (cr);
}

/* ---- export ------------------------------------------------------------------------ */

typedef enum {
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} FileFormat;

typedef struct {
  int      fd;
  int      saved_errno;
} StreamTarget;

static cairo_status_t
write_fd (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  StreamTarget *target = closure;

  while (length > 0)
    {
      ssize_t done = write (target->fd, data, length);

      if (done < 0)
        {
          if (errno == EINTR)
            continue;
          target->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += done;
      length -= (unsigned int) done;
    }
  return CAIRO_STATUS_SUCCESS;
}

gboolean
lr_render_figure_to_file (const char          *path,
                          int                  width,
                          int                  height,
                          const LrFigureSpec  *spec,
                          GError             **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *tmp = NULL;
  const char *dot, *slash;
  FileFormat format;
  StreamTarget target = { -1, 0 };
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  slash = strrchr (lower, '/');
  dot = strrchr (slash ? slash : lower, '.');
  if (dot != NULL && g_str_equal (dot, ".png"))
    format = FORMAT_PNG;
  else if (dot != NULL && g_str_equal (dot, ".svg"))
    format = FORMAT_SVG;
  else if (dot != NULL && g_str_equal (dot, ".pdf"))
    format = FORMAT_PDF;
  else
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': unknown figure format '%s'; valid: .png, .svg, .pdf",
                   path, dot != NULL ? path + (dot - lower) : "(no extension)");
      return FALSE;
    }
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "figure size %dx%d is out of range; sides must be 1 to 16384 pixels",
                   width, height);
      return FALSE;
    }

  tmp = g_strdup_printf ("%s.XXXXXX", path);
  target.fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (target.fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create '%s': %s", path, g_strerror (saved));
      return FALSE;
    }
  {
    /* mkstemp makes the file private; give it the mode a new file gets */
    mode_t mask = umask (0);

    umask (mask);
    if (fchmod (target.fd, 0666 & ~mask) != 0)
      { /* not fatal: the figure is still written */ }
  }

  switch (format)
    {
    case FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_fd, &target, width, height);
      break;
    case FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_fd, &target, width, height);
      break;
    case FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  cr = cairo_create (surface);
  lr_render_figure (cr, width, height, spec);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
    {
      /* lr_png_encode compresses for speed; cairo's encoder takes longer
       * than drawing the whole figure. */
      g_autoptr(GString) png = g_string_new (NULL);

      if (lr_png_encode (surface, png))
        status = write_fd (&target, (const guchar *) png->str, png->len);
      else
        status = CAIRO_STATUS_WRITE_ERROR;
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && fsync (target.fd) != 0 && errno != EINVAL)
    target.saved_errno = errno;
  if (close (target.fd) != 0 && target.saved_errno == 0)
    target.saved_errno = errno;

  if (status != CAIRO_STATUS_SUCCESS || target.saved_errno != 0)
    {
      int saved = target.saved_errno ? target.saved_errno : EIO;

      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write '%s': %s", path,
                   target.saved_errno ? g_strerror (saved) : cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write '%s': %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
