/* lr-render-private.h: helpers shared by the files of the render library
 *
 * Not installed and not for callers outside src/render: text layout, colour
 * and box helpers, device scales, number formats and the pieces a panel and
 * a figure are drawn from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "lr-render.h"

G_BEGIN_DECLS

#define MINUS_SIGN "\xe2\x88\x92"   /* U+2212 */
#define EM_DASH "\xe2\x80\x94"
#define MIDDLE_DOT "\xc2\xb7"

/* Entries of each colour map's lookup table of ARGB32 words. */
#define LUT_SIZE 1024

/* ---- small inline helpers ------------------------------------------------- */

/* @theme, or the light theme at scale 1 in @storage when @theme is NULL. */
static inline const LrRenderTheme *
default_theme (const LrRenderTheme *theme,
               LrRenderTheme       *storage)
{
  if (theme != NULL)
    return theme;
  lr_render_theme_init (storage, FALSE, 1);
  return storage;
}

static inline double
luminance (const LrRgb *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

static inline void
set_rgb (cairo_t     *cr,
         const LrRgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static inline void
set_rgba (cairo_t     *cr,
          const LrRgb *c,
          double       alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

static inline double
box_width (const LrBox *view)
{
  return view->xmax - view->xmin;
}

static inline double
box_height (const LrBox *view)
{
  return view->ymax - view->ymin;
}

static inline gboolean
box_is_valid (const LrBox *view)
{
  return view != NULL && isfinite (view->xmin) && isfinite (view->xmax) &&
         isfinite (view->ymin) && isfinite (view->ymax) &&
         view->xmax > view->xmin && view->ymax > view->ymin &&
         isfinite (box_width (view)) && isfinite (box_height (view));
}

static inline void
clip_to (cairo_t      *cr,
         const LrRect *r)
{
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_clip (cr);
}

/* Height of a line of text at @size times the theme's font size. */
static inline double
line_height (const LrRenderTheme *theme,
             double               size)
{
  return ceil (theme->font_size * size * 1.25);
}

static inline gboolean
schedule_is_constant (const char *schedule)
{
  return schedule == NULL || *schedule == '\0' || g_str_equal (schedule, "constant");
}

static inline LrColorScale
surface_scale (const LrSurface *surface)
{
  return surface != NULL ? lr_surface_get_color_scale (surface) : LR_COLOR_SCALE_LINEAR;
}

/* ---- text (lr-text.c) ------------------------------------------------------ */

/* One pango layout drawn on @cr with the theme's font. */
typedef struct {
  cairo_t              *cr;
  PangoLayout          *layout;
  const LrRenderTheme  *theme;
} LrText;

void          _lr_text_init       (LrText              *text,
                                   cairo_t             *cr,
                                   const LrRenderTheme *theme);
void          _lr_text_clear      (LrText              *text);
/* @size relative to the theme's font size; @markup may use Pango markup. */
void          _lr_text_set        (LrText              *text,
                                   const char          *str,
                                   double               size,
                                   gboolean             bold,
                                   gboolean             markup);
void          _lr_text_size       (LrText              *text,
                                   double              *w,
                                   double              *h);
/* Limits the layout to @width, ending in an ellipsis when longer. */
void          _lr_text_ellipsize  (LrText              *text,
                                   double               width);
/* Draws the layout with its box anchored at (x, y): ax, ay in 0..1
 * (0, 0 = top-left corner at the point, 0.5, 0.5 = centred). */
void          _lr_text_draw       (LrText              *text,
                                   double               x,
                                   double               y,
                                   double               ax,
                                   double               ay,
                                   const LrRgb         *color,
                                   double               alpha);

/* @text at @size in a layout of its own, its box anchored at (x, y) like
 * _lr_text_draw(); only measured (its pixel width in @width_out) when
 * @color is NULL. */
void          _lr_show_text       (cairo_t             *cr,
                                   const LrRenderTheme *theme,
                                   const char          *text,
                                   double               size,
                                   gboolean             bold,
                                   double               x,
                                   double               y,
                                   double               ax,
                                   double               ay,
                                   const LrRgb         *color,
                                   double              *width_out);

/* ---- theme (lr-theme.c) and colour maps (lr-colormap.c) ------------------- */

/* The verdict as shown on figures, translated. */
const char   *_lr_verdict_label   (LrVerdict            verdict);
/* The verdict's colour on @theme, stored in @out and returned. */
const LrRgb  *_lr_verdict_color   (LrVerdict            verdict,
                                   const LrRenderTheme *theme,
                                   LrRgb               *out);
/* "#rrggbb" for Pango markup. */
char         *_lr_color_hex       (const LrRgb         *c);
/* Opaque ARGB32 words of @colormap, LUT_SIZE of them, filled once. */
const guint32 *_lr_colormap_lut   (LrColormap           colormap);
/* A diverging map's neutral middle belongs at zero when the values span it. */
void          _lr_heatmap_norm_for_colormap (LrHeatmapNorm *norm,
                                             LrColormap     colormap);

/* The surface's name a person reads, translated, with its settings when it
 * has any: "Quadratic bowl (kappa=10)" (lr-caption.c). */
char         *_lr_surface_title   (const LrSurface     *surface);

/* ---- numbers (lr-ticks.c) -------------------------------------------------- */

/* Compact numbers for captions and the table: 0.001, 0.25, 12.5, 1.2e−7 */
char         *_lr_format_value    (double               value,
                                   int                  significant);
/* Decade labels: plain numbers while every label of the axis stays short
 * (0.01 … 1000), powers of ten otherwise ("10⁻⁴"). */
gboolean      _lr_decades_plain   (double               lo,
                                   double               hi);
char         *_lr_format_decade   (double               v,
                                   gboolean             plain);

/* ---- geometry (lr-geometry.c) ---------------------------------------------- */

/* Device pixels per user unit of @cr. */
double        _lr_device_scale    (cairo_t             *cr);
/* Pixels per user unit for heatmap images: 2 at least on vector targets. */
double        _lr_heatmap_scale   (cairo_t             *cr);
/* Liang–Barsky: clips the segment to @r; FALSE when nothing is left. */
gboolean      _lr_clip_segment    (const LrRect        *r,
                                   double              *x0,
                                   double              *y0,
                                   double              *x1,
                                   double              *y1);

/* ---- pieces of a panel ----------------------------------------------------- */

/* lr-contours.c: contour lines of @surface at the levels @norm implies. */
void          _lr_draw_contours   (cairo_t             *cr,
                                   const LrRect        *plot,
                                   const LrSurface     *surface,
                                   const LrBox         *view,
                                   const LrHeatmapNorm *norm,
                                   const LrRenderTheme *theme);
/* lr-axes.c: ticks for @length user units whose labels keep a gap. */
guint         _lr_fit_ticks       (LrText              *text,
                                   double               lo,
                                   double               hi,
                                   double               length,
                                   gboolean             along_is_width,
                                   double              *ticks,
                                   guint                max_ticks,
                                   double              *step);
void          _lr_draw_axes       (cairo_t             *cr,
                                   LrText              *text,
                                   const LrRect        *plot,
                                   const LrBox         *view,
                                   const LrRenderTheme *theme);
/* lr-markers.c */
/* The markers at a point (lr-markers.c, the head in lr-trail.c). */
void          _lr_draw_star       (cairo_t             *cr,
                                   double               px,
                                   double               py,
                                   const LrRenderTheme *theme);
void          _lr_draw_start_square (cairo_t           *cr,
                                     double             px,
                                     double             py,
                                     const LrRenderTheme *theme);
void          _lr_draw_head       (cairo_t             *cr,
                                   double               px,
                                   double               py,
                                   const LrRgb         *color,
                                   const LrRenderTheme *theme);
void          _lr_draw_cross      (cairo_t             *cr,
                                   double               px,
                                   double               py,
                                   const LrRgb         *color,
                                   const LrRenderTheme *theme);
/* A disc as a 16-sided polygon (a new sub-path). */
void          _lr_disc_path       (cairo_t             *cr,
                                   double               cx,
                                   double               cy,
                                   double               r);
/* A run's colour as a short line with a dot, centred on y. */
void          _lr_swatch          (cairo_t             *cr,
                                   double               x,
                                   double               y,
                                   double               w,
                                   const LrRgb         *color,
                                   const LrRenderTheme *theme);

/* lr-trail.c: the two parts of a trail.  While a run plays, everything
 * older than LR_RENDER_TRAIL_RECENT steps before the head is drawn the same
 * way on every frame, so an animation keeps it drawn; the split moves in
 * whole chunks of LR_RENDER_TRAIL_CHUNK steps. */
typedef enum {
  LR_TRAIL_OLD,      /* segments up to the split, their dots, the start marker's side */
  LR_TRAIL_RECENT,   /* from the split to the head, dots, the head */
} LrTrailPart;

/* Grows @extent (width < 0: empty) by the square of radius @r at (x, y). */
void          _lr_extent_add      (LrRect              *extent,
                                   double               x,
                                   double               y,
                                   double               r);

/* One part of a run's trail up to @upto_step (+ @fraction of the next).
 * @diverged: the run is known to diverge; its end gets a cross once shown.
 * @extent, when not NULL, grows by what was drawn (user units). */
typedef struct {
  const LrRect        *plot;
  const LrBox         *view;
  const LrTrajectory  *trajectory;
  guint                upto_step;
  double               fraction;
  LrTrailPart          part;
  const LrRgb         *color;
  gboolean             diverged;
  const LrRenderTheme *theme;
  double               head_scale;  /* the head's size: 1, larger under heads that coincide */
} LrTrailSpec;

void          _lr_draw_trail      (cairo_t             *cr,
                                   const LrTrailSpec   *trail,
                                   LrRect              *extent);

/* A minimum's star once more, as an outline, over a head that came to rest
 * on it (lr-markers.c); @extent grows by it. */
void          _lr_draw_minimum_outline (cairo_t             *cr,
                                        double               px,
                                        double               py,
                                        const LrRenderTheme *theme,
                                        LrRect              *extent);

/* lr-trail-averaged.c: a Schedule-Free run's base sequence z (faint) and, in the recent
 * part, the segment from x to z at the head; drawn under the run's trail.  Nothing for other runs. */
void          _lr_draw_averaged   (cairo_t             *cr,
                                   const LrTrailSpec   *trail,
                                   LrRect              *extent);
/* The gradient point y at the head, a white ring drawn over the trail (recent part only). */
void          _lr_draw_averaged_point (cairo_t           *cr,
                                       const LrTrailSpec *trail,
                                       LrRect            *extent);
gboolean      _lr_runs_have_averaged (const LrRenderRun *runs,
                                      guint              n_runs);
/* The key of those three in the plot's bottom-left corner (@box: where it went). */
void          _lr_draw_averaged_key (cairo_t             *cr,
                                     LrText              *text,
                                     const LrRect        *plot,
                                     const LrRenderTheme *theme,
                                     LrRect              *box);

/* lr-cloud.c: for a noisy run, its last LR_RENDER_CLOUD_POINTS points up to
 * the head as dots that fade with age, so the cloud it settles in around
 * the minimum is seen; nothing for runs without noise. */
#define LR_RENDER_CLOUD_POINTS 160
void          _lr_draw_cloud      (cairo_t             *cr,
                                   const LrTrailSpec   *trail,
                                   LrRect              *extent);

/* lr-table-words.c: the table of @rows in @width × @height and, when
 * @runs (the rows' runs) are noisy and at least two are at their floors,
 * the seed's table in words below its rows if there is room. */
void          _lr_draw_table_and_words (cairo_t             *cr,
                                        double               width,
                                        double               height,
                                        const LrTableRow    *rows,
                                        guint                n_rows,
                                        const LrRenderRun   *runs,
                                        guint                n_runs,
                                        const LrRenderTheme *theme);

/* lr-caption.c: the caption above a panel's plot, and the legend of
 * overlaid runs inside its top-right corner (@box: where it went). */
void          _lr_draw_caption    (cairo_t             *cr,
                                   LrText              *text,
                                   double               width,
                                   const LrRect        *plot,
                                   const LrPanelSpec   *spec);
void          _lr_draw_run_legend (cairo_t             *cr,
                                   LrText              *text,
                                   const LrRect        *plot,
                                   const LrRenderRun   *runs,
                                   guint                n_runs,
                                   const LrRenderTheme *theme,
                                   LrRect              *box);

/* lr-panel.c: the panel's background without the axes' text (no fonts, so
 * any thread may draw it), the axes alone, and the overlay. */
void          _lr_panel_background_base (cairo_t           *cr,
                                         double             width,
                                         double             height,
                                         const LrPanelSpec *spec);
void          _lr_panel_axes      (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrPanelSpec   *spec);

/* lr-colorbar.c: a vertical colour bar in @bar labelled with the surface
 * values at nice positions. */
void          _lr_draw_colorbar   (cairo_t             *cr,
                                   LrText              *text,
                                   const LrRect        *bar,
                                   const LrHeatmapNorm *norm,
                                   LrColormap           colormap,
                                   const LrRenderTheme *theme);

/* lr-figure.c: where everything of a figure goes, and its parts.  A figure
 * is drawn as the base (background, header, the panels' backgrounds and
 * the colour bar: what stays while the runs play), the panels' layers and
 * the plots and table at the bottom; lr-animation.c keeps the base and the
 * static trails drawn and redraws the rest for each frame. */
typedef struct {
  const LrFigureSpec  *spec;
  const LrRenderTheme *theme;
  double               width, height;
  double               ls, margin, gap, header_h, bottom_h;
  LrRect               area;       /* of the panels and the colour bar */
  guint                cols, rows, n_panels;
  gboolean             panels;     /* room for them */
  double               cw, ch, ox; /* panel size, left of the grid */
  LrRect               plot;       /* plot area inside each panel */
  LrBox                view;       /* fitted to it, the same for all */
  double              *origins_x, *origins_y;
} LrFigure;

/* @spec (not NULL, with a surface) and @theme are kept, not copied: a
 * caller may change the step and the runs' summaries between draws. */
void          _lr_figure_layout   (LrFigure            *f,
                                   double               width,
                                   double               height,
                                   const LrFigureSpec  *spec,
                                   const LrRenderTheme *theme);
void          _lr_figure_clear    (LrFigure            *f);
void          _lr_figure_draw_base   (cairo_t          *cr,
                                      const LrFigure   *f);
/* One layer of every panel: STATIC_TRAILS, MOVING_TRAILS, CAPTION or
 * OVERLAY (all three). */
void          _lr_figure_draw_panels (cairo_t          *cr,
                                      const LrFigure   *f,
                                      LrPanelLayer      layer);
/* The loss and learning-rate plots and the table, when the spec has them. */
void          _lr_figure_draw_bottom (cairo_t          *cr,
                                      const LrFigure   *f);

/* lr-animation.c: the spec an animation draws (its runs, its theme). */
typedef struct _LrAnimation LrAnimation;
const LrFigureSpec *_lr_animation_get_spec (LrAnimation *animation);

G_END_DECLS
