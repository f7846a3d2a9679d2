/* lr-landscape-grid.c: the landscape's grid of mean training losses,
 * batched — the first layer's three products once, then each point's
 * forward pass a block of images at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-kernels.h"
#include "lr-landscape-private.h"
#include "lr-vmath.h"

/* Images per block of the forward passes (fits in L1/L2 for the widths of
 * the built-in models). */
#define BLOCK 64

void
_lr_landscape_grid_clear (LrLandscapeGrid *e)
{
  g_clear_pointer (&e->labels, g_free);
  g_clear_pointer (&e->z0, lr_aligned_free);
  g_clear_pointer (&e->z1, lr_aligned_free);
  g_clear_pointer (&e->z2, lr_aligned_free);
}

void
_lr_landscape_grid_init (LrLandscapeGrid *e,
                         const LrMlp      *arch,
                         const LrSubset   *images)
{
  const LrMlpConfig *mc = lr_mlp_get_config (arch);

  e->n_layers = lr_mlp_get_n_layers (arch);
  e->n_params = lr_mlp_get_n_params (arch);
  e->relu = mc->activation == LR_ACTIVATION_RELU;
  e->loss = mc->loss;
  for (guint l = 0; l < e->n_layers; l++)
    {
      lr_mlp_get_layer (arch, l, &e->sizes[l], &e->sizes[l + 1], &e->w_offset[l], &e->b_offset[l]);
      e->max_width = MAX (e->max_width, MAX (e->sizes[l], e->sizes[l + 1]));
    }
  e->n_images = images ? images->n : 0;
}

/* The three products of the first layer, over all training images. */
void
_lr_landscape_grid_prepare (LrLandscapeGrid *e,
                            const LrSubset  *images,
                            float            scale,
                            const float     *theta0,
                            const double    *d1,
                            const double    *d2,
                            guint            n_threads)
{
  guint n_in = e->sizes[0], H = e->sizes[1];
  gsize nw = (gsize) n_in * H;
  float *x = lr_aligned_new0 ((gsize) MAX (e->n_images, 1) * n_in);
  float *w1 = lr_aligned_new0 (nw), *w2 = lr_aligned_new0 (nw);
  LrTeam *team = lr_team_new (MIN (n_threads ? n_threads : g_get_num_processors (), LR_KERNELS_MAX_THREADS));

  e->theta0 = theta0;
  e->d1 = d1;
  e->d2 = d2;
  e->labels = g_new (guint8, MAX (e->n_images, 1));
  for (guint i = 0; i < e->n_images; i++)
    {
      const guint8 *img = lr_subset_image (images, i, n_in);

      for (guint k = 0; k < n_in; k++)
        x[(gsize) i * n_in + k] = img[k] * scale;
      e->labels[i] = (guint8) lr_subset_label (images, i);
    }
  for (gsize k = 0; k < nw; k++)
    {
      w1[k] = (float) d1[e->w_offset[0] + k];
      w2[k] = (float) d2[e->w_offset[0] + k];
    }

  e->z0 = lr_aligned_new0 ((gsize) MAX (e->n_images, 1) * H);
  e->z1 = lr_aligned_new0 ((gsize) MAX (e->n_images, 1) * H);
  e->z2 = lr_aligned_new0 ((gsize) MAX (e->n_images, 1) * H);
  lr_gemm (team, e->n_images, H, n_in, x, n_in, FALSE, theta0 + e->w_offset[0], H, NULL, e->z0, H);
  lr_gemm (team, e->n_images, H, n_in, x, n_in, FALSE, w1, H, NULL, e->z1, H);
  lr_gemm (team, e->n_images, H, n_in, x, n_in, FALSE, w2, H, NULL, e->z2, H);

  lr_team_free (team);
  lr_aligned_free (x);
  lr_aligned_free (w1);
  lr_aligned_free (w2);
}

void
_lr_landscape_grid_scratch_init (LrLandscapeGridScratch *s,
                                 const LrLandscapeGrid  *e)
{
  s->params = lr_aligned_new0 (e->n_params);
  s->h0 = lr_aligned_new0 ((gsize) BLOCK * e->max_width);
  s->h1 = lr_aligned_new0 ((gsize) BLOCK * e->max_width);
  s->e = g_new (double, (gsize) BLOCK * e->sizes[e->n_layers]);
}

void
_lr_landscape_grid_scratch_clear (LrLandscapeGridScratch *s)
{
  lr_aligned_free (s->params);
  lr_aligned_free (s->h0);
  lr_aligned_free (s->h1);
  g_free (s->e);
}

static inline void
activate (float    *h,
          gsize     n,
          gboolean  relu)
{
  if (relu)
    {
      for (gsize i = 0; i < n; i++)
        h[i] = h[i] > 0.f ? h[i] : 0.f;
    }
  else
    lr_vtanhf (h, n);
}

/* The summed loss of @rows output rows, as lr-mlp.c defines it: the
 * softmax cross-entropy log Σ exp(z) − z_label (the exponentials eight at a
 * time, lr_vexp), or half the squared error to one-hot targets. */
static double
block_loss (const LrLandscapeGrid  *e,
            LrLandscapeGridScratch *s,
            const float     *out,
            const guint8    *labels,
            guint            rows)
{
  guint C = e->sizes[e->n_layers];
  double total = 0;

  if (e->loss == LR_LOSS_MSE)
    {
      for (guint r = 0; r < rows; r++)
        {
          const float *z = out + (gsize) r * C;
          double sq = 0;

          for (guint c = 0; c < C; c++)
            {
              double d = (double) z[c] - (c == labels[r] ? 1.0 : 0.0);

              sq += d * d;
            }
          total += 0.5 * sq;
        }
      return total;
    }

  for (guint r = 0; r < rows; r++)
    {
      const float *z = out + (gsize) r * C;
      double *ex = s->e + (gsize) r * C;
      float zmax = z[0];

      for (guint c = 1; c < C; c++)
        zmax = z[c] > zmax ? z[c] : zmax;
      for (guint c = 0; c < C; c++)
        ex[c] = (double) z[c] - zmax;
    }
  lr_vexp (s->e, (gsize) rows * C);
  for (guint r = 0; r < rows; r++)
    {
      const float *z = out + (gsize) r * C;
      const double *ex = s->e + (gsize) r * C;
      float zmax = z[0];
      double sum = 0;

      for (guint c = 1; c < C; c++)
        zmax = z[c] > zmax ? z[c] : zmax;
      for (guint c = 0; c < C; c++)
        sum += ex[c];
      total += zmax + log (sum) - z[labels[r]];
    }
  return total;
}

double
_lr_landscape_grid_loss (const LrLandscapeGrid  *e,
                         LrLandscapeGridScratch *s,
                         double                  a,
                         double                  b)
{
  guint H = e->sizes[1], L = e->n_layers;
  gsize first = e->b_offset[0];
  const float *bias0 = s->params + first;
  float fa = (float) a, fb = (float) b;
  double total = 0;

  if (e->n_images == 0)
    return NAN;

  /* Everything but the first layer's weights, in double, once per point. */
  for (gsize i = first; i < e->n_params; i++)
    s->params[i] = (float) ((double) e->theta0[i] + a * e->d1[i] + b * e->d2[i]);

  for (guint r0 = 0; r0 < e->n_images; r0 += BLOCK)
    {
      guint rows = MIN (BLOCK, e->n_images - r0);
      gsize n = (gsize) rows * H;
      const float *z0 = e->z0 + (gsize) r0 * H;
      const float *z1 = e->z1 + (gsize) r0 * H;
      const float *z2 = e->z2 + (gsize) r0 * H;
      float *cur = s->h0, *next = s->h1, *t;

      for (guint r = 0; r < rows; r++)
        for (guint h = 0; h < H; h++)
          {
            gsize k = (gsize) r * H + h;

            cur[k] = (z0[k] + fa * z1[k] + fb * z2[k]) + bias0[h];
          }
      if (L > 1)
        activate (cur, n, e->relu);

      for (guint l = 1; l < L; l++)
        {
          guint in = e->sizes[l], out = e->sizes[l + 1];

          lr_gemm (NULL, rows, out, in, cur, in, FALSE, s->params + e->w_offset[l], out,
                   s->params + e->b_offset[l], next, out);
          if (l + 1 < L)
            activate (next, (gsize) rows * out, e->relu);
          t = cur;
          cur = next;
          next = t;
        }
      total += block_loss (e, s, cur, e->labels + r0, rows);
    }
  return total / e->n_images;
}
