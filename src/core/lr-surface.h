/* lr-surface.h: 2-D loss surfaces with analytic gradient and Hessian
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-spec.h"

G_BEGIN_DECLS

#define LR_SURFACE_MAX_MINIMA 8

typedef enum {
  LR_COLOR_SCALE_LINEAR,
  LR_COLOR_SCALE_LOG,
} LrColorScale;

typedef struct {
  double xmin, xmax, ymin, ymax;
} LrBox;

typedef struct {
  double x, y;
} LrPoint;

typedef struct _LrSurface LrSurface;

/* "rosenbrock:a=1,b=100", "bowl", "expr:x^2+3*y^2" */
LrSurface        *lr_surface_new            (const char       *spec,
                                             GError          **error);
LrSurface        *lr_surface_new_from_spec  (const LrSpec     *spec,
                                             GError          **error);
/* A surface known on a uniform @nx × @ny grid over @box (values[j·nx + i]
 * at x_i, y_j, both ascending), smooth between the nodes (bicubic, in log
 * space when every value is positive), log colour scale, start (0, 0).
 * Its name is "table"; it has no spec one could parse. */
LrSurface        *lr_surface_new_table      (const LrBox      *box,
                                             guint             nx,
                                             guint             ny,
                                             const double     *values);
LrSurface        *lr_surface_copy           (const LrSurface  *surface);
void              lr_surface_free           (LrSurface        *surface);

/* f(x, y); grad = {fx, fy} and hess = {fxx, fxy, fyy} may be NULL.
 * Thread-safe: a surface may be evaluated from several threads at once. */
double            lr_surface_eval           (const LrSurface  *surface,
                                             double            x,
                                             double            y,
                                             double           *grad,
                                             double           *hess);
/* value only, fast path for heatmaps */
double            lr_surface_value          (const LrSurface  *surface,
                                             double            x,
                                             double            y);
/* Values on a grid, for heatmaps: out[j·nx + i] = f(xs[i], ys[j]).  Terms
 * of one coordinate are computed once per column or row, so values may
 * differ from lr_surface_value() in the last bits (relative 1e-14 at most,
 * or that much of the terms' size where they cancel). */
void              lr_surface_value_grid     (const LrSurface  *surface,
                                             const double     *xs,
                                             guint             nx,
                                             const double     *ys,
                                             guint             ny,
                                             double           *out);

const char       *lr_surface_get_name       (const LrSurface  *surface); /* "rosenbrock", "expr" */
/* The name a person reads ("Goldstein–Price", "Formula"), in English:
 * translate it with the project's catalogue where it is shown. */
const char       *lr_surface_get_title      (const LrSurface  *surface);
const char       *lr_surface_kind_title     (const char       *name);
char             *lr_surface_to_spec        (const LrSurface  *surface); /* canonical spec text */
const char       *lr_surface_get_formula    (const LrSurface  *surface); /* human-readable f(x, y) */
void              lr_surface_get_view       (const LrSurface  *surface,
                                             LrBox            *view);
void              lr_surface_get_start      (const LrSurface  *surface,
                                             double           *x,
                                             double           *y);
/* known minima (global ones); returns the count, 0 when unknown/unbounded */
guint             lr_surface_get_minima     (const LrSurface  *surface,
                                             const LrPoint   **minima);
/* TRUE and the minimum value when known */
gboolean          lr_surface_get_min_value  (const LrSurface  *surface,
                                             double           *value);
/* Surfaces unbounded below have no minimum to converge to: a run on them
 * either escapes the stationary point it starts near or stays stuck there.
 * TRUE for those, with the loss below which a run has escaped. */
gboolean          lr_surface_get_escape_level (const LrSurface *surface,
                                             double          *level);
LrColorScale      lr_surface_get_color_scale (const LrSurface *surface);

const LrKindInfo *lr_surface_kinds          (guint            *n_kinds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrSurface, lr_surface_free)

G_END_DECLS
