/* lr-expr.h: formulas in x and y, evaluated with second-order dual numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest formula accepted, in bytes. */
#define LR_EXPR_MAX_LENGTH (64 * 1024)

typedef struct _LrExpr LrExpr;

/* Errors are LR_ERROR_FORMULA with a message like
 * "column 7: expected ')' to close '(' at column 3". */
LrExpr   *lr_expr_parse  (const char   *formula,
                          GError      **error);
void      lr_expr_free   (LrExpr       *expr);
LrExpr   *lr_expr_copy   (const LrExpr *expr);
const char *lr_expr_get_text (const LrExpr *expr);

/* Value, and exact gradient {fx, fy} and Hessian {fxx, fxy, fyy} when not
 * NULL.  Thread-safe (no shared scratch).  Cost is linear in the program. */
double    lr_expr_eval   (const LrExpr *expr,
                          double        x,
                          double        y,
                          double       *grad,
                          double       *hess);
double    lr_expr_value  (const LrExpr *expr,
                          double        x,
                          double        y);

/* Values on a grid: out[j·nx + i] = f(xs[i], ys[j]), the operations of
 * lr_expr_value() a row at a time (exp(), sin() and cos() within two ulps
 * of it).  FALSE, and
 * nothing written, when the rows would need more than 64 MiB (a formula
 * thousands of operands deep): evaluate point by point then. */
gboolean  lr_expr_value_grid (const LrExpr *expr,
                              const double *xs,
                              guint         nx,
                              const double *ys,
                              guint         ny,
                              double       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrExpr, lr_expr_free)

G_END_DECLS
