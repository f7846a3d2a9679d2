/* lr-surface-table.h: a surface known only at the nodes of a uniform grid
 * (a loss landscape), between them a bicubic Catmull-Rom interpolant
 * (internal to lr-surface.c)
 *
 * Positive values are interpolated in log space, so the surface stays
 * positive and a valley's orders of magnitude stay smooth; otherwise the
 * values themselves.  Outside the grid the nearest edge holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-surface.h"

G_BEGIN_DECLS

typedef struct _LrSurfaceTable LrSurfaceTable;

LrSurfaceTable *_lr_surface_table_new   (const LrBox          *box,
                                         guint                 nx,
                                         guint                 ny,
                                         const double         *values);
LrSurfaceTable *_lr_surface_table_copy  (const LrSurfaceTable *table);
void            _lr_surface_table_free  (LrSurfaceTable       *table);
/* f, and (optional) its gradient {fx, fy} and Hessian {fxx, fxy, fyy}. */
double          _lr_surface_table_eval  (const LrSurfaceTable *table,
                                         double                x,
                                         double                y,
                                         double               *grad,
                                         double               *hess);
/* The smallest finite node value and where it is (FALSE when none). */
gboolean        _lr_surface_table_min   (const LrSurfaceTable *table,
                                         LrPoint              *where,
                                         double               *value);

G_END_DECLS
