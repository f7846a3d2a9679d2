/* lr-lanczos.h: the largest eigenvalues of a symmetric operator, and of a
 * small dense symmetric matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* out = A · v for a symmetric n × n matrix A known only through products. */
typedef void (*LrLinearOperator) (const double *v,
                                  double       *out,
                                  gpointer      data);

/* Lanczos iterations stop when every wanted Ritz value's residual
 * |β_m s_m| is below this share of the largest Ritz value's size. */
#define LR_LANCZOS_TOLERANCE  1e-6
#define LR_LANCZOS_MAX_ITERS  300

/* The @k algebraically largest eigenvalues of A, descending, by Lanczos with
 * full reorthogonalisation from a start vector drawn from (@seed,
 * LR_RANDOM_STREAM_LANCZOS): the same seed gives the same numbers.  Returns
 * how many were written (min (k, n)). */
guint lr_lanczos_top      (LrLinearOperator  op,
                           gpointer          data,
                           gsize             n,
                           guint             k,
                           guint64           seed,
                           double           *eigenvalues);

/* All eigenvalues of the symmetric n × n matrix @a (row-major; destroyed),
 * descending, by cyclic Jacobi rotations; @vectors (optional, n × n) gets
 * the unit eigenvectors as columns in the same order. */
void  lr_eigen_symmetric  (double           *a,
                           guint             n,
                           double           *values,
                           double           *vectors);

G_END_DECLS
