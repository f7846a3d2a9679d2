/* lr-lanczos.c: Lanczos with full reorthogonalisation, and Jacobi for the
 * small matrices it produces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-lanczos.h"
#include "lr-random.h"

/* Convergence is tested every this many iterations. */
#define CHECK_EVERY 4

static void
jacobi_rotate (double *a,
               double *vec,
               guint   n,
               guint   p,
               guint   q)
{
  double theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
  double t = (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
  double c = 1 / sqrt (t * t + 1), s = t * c;

  for (guint k = 0; k < n; k++)
    {
      double akp = a[k * n + p], akq = a[k * n + q];

      a[k * n + p] = c * akp - s * akq;
      a[k * n + q] = s * akp + c * akq;
    }
  for (guint k = 0; k < n; k++)
    {
      double apk = a[p * n + k], aqk = a[q * n + k];

      a[p * n + k] = c * apk - s * aqk;
      a[q * n + k] = s * apk + c * aqk;
    }
  for (guint k = 0; k < n; k++)
    {
      double vkp = vec[k * n + p], vkq = vec[k * n + q];

      vec[k * n + p] = c * vkp - s * vkq;
      vec[k * n + q] = s * vkp + c * vkq;
    }
}

void
lr_eigen_symmetric (double *a,
                    guint   n,
                    double *values,
                    double *vectors)
{
  g_autofree double *vec = g_new0 (double, (gsize) n * n);
  g_autofree guint *order = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    vec[i * n + i] = 1;

  for (guint sweep = 0; sweep < 100; sweep++)
    {
      double off = 0, diag = 0;

      for (guint p = 0; p < n; p++)
        {
          diag += a[p * n + p] * a[p * n + p];
          for (guint q = p + 1; q < n; q++)
            off += a[p * n + q] * a[p * n + q];
        }
      if (off <= 1e-30 * diag || off == 0)
        break;
      for (guint p = 0; p < n; p++)
        for (guint q = p + 1; q < n; q++)
          if (a[p * n + q] != 0)
            jacobi_rotate (a, vec, n, p, q);
    }

  /* Sort descending (insertion sort; n is small). */
  for (guint i = 0; i < n; i++)
    {
      guint j = i;

      order[i] = i;
      while (j > 0 && a[order[j - 1] * n + order[j - 1]] < a[i * n + i])
        {
          order[j] = order[j - 1];
          j--;
        }
      order[j] = i;
    }
  for (guint i = 0; i < n; i++)
    {
      values[i] = a[order[i] * n + order[i]];
      if (vectors)
        for (guint r = 0; r < n; r++)
          vectors[r * n + i] = vec[r * n + order[i]];
    }
}

static double
dot (const double *a,
     const double *b,
     gsize         n)
{
  double s = 0;

  for (gsize i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

/* The Ritz values of the m × m tridiagonal (alpha, beta) into @theta,
 * descending; TRUE when the first @k have converged (residual |β_m s_m|). */
static gboolean
ritz_values (const double *alpha,
             const double *beta,
             guint         m,
             guint         k,
             double       *theta)
{
  g_autofree double *t = g_new0 (double, (gsize) m * m);
  g_autofree double *s = g_new (double, (gsize) m * m);
  double scale;

  for (guint i = 0; i < m; i++)
    {
      t[i * m + i] = alpha[i];
      if (i + 1 < m)
        t[i * m + i + 1] = t[(i + 1) * m + i] = beta[i];
    }
  lr_eigen_symmetric (t, m, theta, s);

  scale = MAX (fabs (theta[0]), fabs (theta[m - 1]));
  for (guint i = 0; i < MIN (k, m); i++)
    if (fabs (beta[m - 1] * s[(m - 1) * m + i]) > LR_LANCZOS_TOLERANCE * scale)
      return FALSE;
  return TRUE;
}

guint
lr_lanczos_top (LrLinearOperator  op,
                gpointer          data,
                gsize             n,
                guint             k,
                guint64           seed,
                double           *eigenvalues)
{
  guint m_max = (guint) MIN ((gsize) LR_LANCZOS_MAX_ITERS, n);
  g_autofree double *q = g_new (double, (gsize) (m_max + 1) * n);
  g_autofree double *alpha = g_new0 (double, m_max + 1);
  g_autofree double *beta = g_new0 (double, m_max + 1);
  g_autofree double *theta = g_new (double, m_max + 1);
  LrRandom rng;
  double norm;
  guint m = 0;

  g_return_val_if_fail (op != NULL && n > 0, 0);
  k = (guint) MIN ((gsize) k, n);
  if (k == 0)
    return 0;

  lr_random_init_stream (&rng, seed, LR_RANDOM_STREAM_LANCZOS);
  for (gsize i = 0; i < n; i++)
    q[i] = lr_random_normal (&rng);
  norm = sqrt (dot (q, q, n));
  for (gsize i = 0; i < n; i++)
    q[i] /= norm;

  while (m < m_max)
    {
      double *qj = q + (gsize) m * n, *w = q + (gsize) (m + 1) * n;

      op (qj, w, data);
      alpha[m] = dot (w, qj, n);
      /* Full reorthogonalisation, twice (Gram–Schmidt "twice is enough"). */
      for (guint pass = 0; pass < 2; pass++)
        for (guint i = 0; i <= m; i++)
          {
            const double *qi = q + (gsize) i * n;
            double c = dot (w, qi, n);

            for (gsize r = 0; r < n; r++)
              w[r] -= c * qi[r];
          }
      beta[m] = sqrt (dot (w, w, n));
      m++;

      if (beta[m - 1] <= 1e-10 * MAX (fabs (alpha[m - 1]), 1e-300) || m == m_max)
        break;
      if (m >= k + 2 && m % CHECK_EVERY == 0 && ritz_values (alpha, beta, m, k, theta))
        break;
      for (gsize r = 0; r < n; r++)
        w[r] /= beta[m - 1];
    }

  ritz_values (alpha, beta, m, k, theta);
  k = MIN (k, m);
  memcpy (eigenvalues, theta, k * sizeof (double));
  return k;
}
