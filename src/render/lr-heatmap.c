/* lr-heatmap.c: surface values as colour-mapped pixels, and how values map to colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-parallel.h"
#include "lr-render-private.h"

/* Below this many pixels a heatmap is computed on the calling thread only. */
#define HEATMAP_THREAD_MIN_PIXELS (256 * 256)
#define NORM_SAMPLES 48

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
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
void
_lr_heatmap_norm_for_colormap (LrHeatmapNorm *norm,
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

static void
heatmap_task (guint    i,
              gpointer data)
{
  heatmap_rows ((HeatmapJob *) data + i);
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
  guint n_jobs = 1;

  g_return_if_fail (data != NULL);
  g_return_if_fail (surface != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (width_px >= 0 && height_px >= 0 && stride >= 4 * width_px);

  if (width_px == 0 || height_px == 0)
    return;

  jobs[0] = (HeatmapJob) { data, stride, width_px, height_px, 0, height_px, surface, *view,
                           _lr_colormap_lut (colormap), { 0 }, NULL };
  if (!box_is_valid (view))
    {
      for (int j = 0; j < height_px; j++)
        for (int i = 0; i < width_px; i++)
          ((guint32 *) (gpointer) (data + (gsize) j * stride))[i] = jobs[0].lut[0];
      return;
    }
  lr_render_heatmap_norm (surface, view, scale, &jobs[0].norm);
  _lr_heatmap_norm_for_colormap (&jobs[0].norm, colormap);
  if (jobs[0].norm.scale == LR_COLOR_SCALE_LOG)
    {
      log_table_init (&log_table, &jobs[0].norm, jobs[0].lut);
      jobs[0].log = &log_table;
    }

  if ((gint64) width_px * height_px >= HEATMAP_THREAD_MIN_PIXELS && g_get_num_processors () > 1)
    {
      jobs[1] = jobs[0];
      jobs[0].row1 = jobs[1].row0 = height_px / 2;
      n_jobs = 2;
    }
  lr_parallel_for (n_jobs, n_jobs, heatmap_task, jobs);
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
