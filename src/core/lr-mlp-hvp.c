/* lr-mlp-hvp.c: the mean loss of an MLP, its gradient and Hessian-vector
 * products (Pearlmutter's R-operator), chunked and threaded
 *
 * Notation, per layer l (W_l in × out, as in lr-mlp.h): z_l = a_{l-1} W_l + b_l,
 * a_l = σ(z_l) for hidden layers, the output is z_L.  With the direction
 * v = (V_l, c_l) and R{·} = d/dε at θ + εv:
 *
 *   R{z_l}  = R{a_{l-1}} W_l + a_{l-1} V_l + c_l,   R{a_l} = σ'(z_l) R{z_l}
 *   g_L     = ∂loss/∂z_L,                           R{g_L} = ∂²loss/∂z_L² · R{z_L}
 *   ∇W_l    = a_{l-1}ᵀ g_l,                          R{∇W_l} = R{a_{l-1}}ᵀ g_l + a_{l-1}ᵀ R{g_l}
 *   ∇b_l    = Σ g_l,                                 R{∇b_l} = Σ R{g_l}
 *   e       = g_l W_lᵀ,                              R{e}    = R{g_l} W_lᵀ + g_l V_lᵀ
 *   g_{l-1} = σ'(z) e,                               R{g_{l-1}} = σ'(z) R{e} + σ''(z) R{z} e
 *
 * with tanh: σ' = 1 − a², σ'' = −2a(1 − a²); relu: σ' = [z > 0], σ'' = 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-kernels.h"
#include "lr-lanczos.h"
#include "lr-memory.h"
#include "lr-mlp-hvp.h"
#include "lr-parallel.h"

#define N_LAYERS_MAX (LR_MLP_MAX_HIDDEN + 1)
/* Chunks are dealt to this many groups (chunk c to group c mod GROUPS);
 * each group sums its chunks in order, then the groups are summed in order. */
#define GROUPS       8
#define MAX_SUBSETS  4

typedef struct {
  float   *x;                         /* CHUNK × inputs */
  guint8  *y;
  float   *a[N_LAYERS_MAX];           /* activations (the last: outputs) */
  float   *ra[N_LAYERS_MAX];          /* their R{·} */
  float   *g, *rg;                    /* gradient at a pre-activation and its R{·} */
  float   *e, *re;                    /* gradient at a layer's input and its R{·} */
  float   *tmp;                       /* CHUNK × widest, or a weight matrix */
  float   *part;                      /* one chunk's sums, n_params */
  double  *acc;                       /* the group's sums, n_params */
  double   loss;
} Group;

struct _LrMlpHvp
{
  LrActivation    activation;
  LrLoss          loss;
  guint           n_layers;
  guint           sizes[N_LAYERS_MAX + 1];
  gsize           w_offset[N_LAYERS_MAX];
  gsize           b_offset[N_LAYERS_MAX];
  gsize           n_params;
  guint           max_width;

  const LrSubset *subsets[MAX_SUBSETS];
  guint           starts[MAX_SUBSETS + 1];   /* first image of each subset in the union */
  guint           n_subsets;
  guint           n_images;
  guint           n_chunks;
  float           scale;
  guint           n_threads;

  guint           n_groups;
  Group           groups[GROUPS];

  /* The call in progress. */
  const float    *params;
  float          *v;                          /* the direction as float */
  float          *wt;                         /* W_lᵀ of every layer, at w_offset */
  float          *vt;                         /* V_lᵀ */
  gboolean        second;                     /* Hessian-vector product, not gradient */
};

LrMlpHvp *
lr_mlp_hvp_new (const LrMlp           *mlp,
                const LrSubset *const *subsets,
                guint                  n_subsets,
                float                  scale,
                guint                  n_threads)
{
  LrMlpHvp *self;
  const LrMlpConfig *config;
  gsize max_w = 0;

  g_return_val_if_fail (mlp != NULL, NULL);
  g_return_val_if_fail (n_subsets >= 1 && n_subsets <= MAX_SUBSETS, NULL);

  config = lr_mlp_get_config (mlp);
  self = g_new0 (LrMlpHvp, 1);
  self->activation = config->activation;
  self->loss = config->loss;
  self->n_layers = lr_mlp_get_n_layers (mlp);
  for (guint l = 0; l < self->n_layers; l++)
    {
      lr_mlp_get_layer (mlp, l, &self->sizes[l], &self->sizes[l + 1],
                        &self->w_offset[l], &self->b_offset[l]);
      self->max_width = MAX (self->max_width, MAX (self->sizes[l], self->sizes[l + 1]));
      max_w = MAX (max_w, (gsize) self->sizes[l] * self->sizes[l + 1]);
    }
  self->n_params = lr_mlp_get_n_params (mlp);

  for (guint s = 0; s < n_subsets; s++)
    {
      self->subsets[s] = subsets[s];
      self->starts[s] = self->n_images;
      self->n_images += subsets[s]->n;
    }
  self->starts[n_subsets] = self->n_images;
  self->n_subsets = n_subsets;
  self->n_chunks = (self->n_images + LR_MLP_HVP_CHUNK - 1) / LR_MLP_HVP_CHUNK;
  self->scale = scale;
  self->n_threads = n_threads ? n_threads : g_get_num_processors ();
  self->n_groups = CLAMP (self->n_chunks, 1, GROUPS);

  for (guint k = 0; k < self->n_groups; k++)
    {
      Group *g = &self->groups[k];
      gsize wide = (gsize) LR_MLP_HVP_CHUNK * self->max_width;

      g->x = lr_aligned_new0 ((gsize) LR_MLP_HVP_CHUNK * self->sizes[0]);
      g->y = g_new0 (guint8, LR_MLP_HVP_CHUNK);
      for (guint l = 0; l < self->n_layers; l++)
        {
          g->a[l] = lr_aligned_new0 ((gsize) LR_MLP_HVP_CHUNK * self->sizes[l + 1]);
          g->ra[l] = lr_aligned_new0 ((gsize) LR_MLP_HVP_CHUNK * self->sizes[l + 1]);
        }
      g->g = lr_aligned_new0 (wide);
      g->rg = lr_aligned_new0 (wide);
      g->e = lr_aligned_new0 (wide);
      g->re = lr_aligned_new0 (wide);
      g->tmp = lr_aligned_new0 (MAX (wide, max_w));
      g->part = lr_aligned_new0 (self->n_params);
      g->acc = g_new0 (double, self->n_params);
    }
  self->v = lr_aligned_new0 (self->n_params);
  self->wt = lr_aligned_new0 (self->n_params);
  self->vt = lr_aligned_new0 (self->n_params);

  return self;
}

guint64
lr_mlp_hvp_estimate_bytes (const LrMlp *mlp)
{
  guint n_layers = lr_mlp_get_n_layers (mlp);
  guint64 n_params = lr_mlp_get_n_params (mlp), group_floats, widest = 0, max_w = 0, outs = 0;

  for (guint l = 0; l < n_layers; l++)
    {
      guint in, out;

      lr_mlp_get_layer (mlp, l, &in, &out, NULL, NULL);
      widest = MAX (widest, MAX (in, out));
      max_w = MAX (max_w, (guint64) in * out);
      outs += out;
    }
  group_floats = (guint64) LR_MLP_HVP_CHUNK * (lr_mlp_get_n_inputs (mlp) + 2 * outs + 4 * widest) +
                 MAX ((guint64) LR_MLP_HVP_CHUNK * widest, max_w) + n_params;
  return GROUPS * (group_floats * sizeof (float) + n_params * sizeof (double)) +
         3 * n_params * sizeof (float) +
         (MIN ((guint64) LR_LANCZOS_MAX_ITERS, n_params) + 1) * n_params * sizeof (double);
}

gboolean
lr_mlp_hvp_check_memory (const LrMlp  *mlp,
                         GError      **error)
{
  gboolean address_space = FALSE;
  guint64 need = lr_mlp_hvp_estimate_bytes (mlp), left = lr_memory_available (&address_space);

  /* Lanczos reserves room for all its vectors but touches only those of
   * the iterations it makes: only an address-space or data limit counts
   * the whole reservation */
  if (address_space && need > left)
    {
      g_autofree char *spec = lr_mlp_config_to_spec (lr_mlp_get_config (mlp));
      g_autofree char *need_text = g_format_size (need);
      g_autofree char *left_text = g_format_size (left);

      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "not enough memory for the Hessian of the model %s: it needs about %s and %s is free",
                   spec, need_text, left_text);
      return FALSE;
    }
  return TRUE;
}

void
lr_mlp_hvp_free (LrMlpHvp *self)
{
  if (self == NULL)
    return;

  for (guint k = 0; k < self->n_groups; k++)
    {
      Group *g = &self->groups[k];

      lr_aligned_free (g->x);
      g_free (g->y);
      for (guint l = 0; l < self->n_layers; l++)
        {
          lr_aligned_free (g->a[l]);
          lr_aligned_free (g->ra[l]);
        }
      lr_aligned_free (g->g);
      lr_aligned_free (g->rg);
      lr_aligned_free (g->e);
      lr_aligned_free (g->re);
      lr_aligned_free (g->tmp);
      lr_aligned_free (g->part);
      g_free (g->acc);
    }
  lr_aligned_free (self->v);
  lr_aligned_free (self->wt);
  lr_aligned_free (self->vt);
  g_free (self);
}

guint
lr_mlp_hvp_get_n_images (const LrMlpHvp *self)
{
  return self->n_images;
}

gsize
lr_mlp_hvp_get_n_params (const LrMlpHvp *self)
{
  return self->n_params;
}

/* ---- one chunk ---------------------------------------------------------- */

static guint
gather (LrMlpHvp *self,
        Group    *g,
        guint     chunk)
{
  guint first = chunk * LR_MLP_HVP_CHUNK;
  guint count = MIN (LR_MLP_HVP_CHUNK, self->n_images - first);
  guint n_in = self->sizes[0];
  guint s = 0;

  for (guint j = 0; j < count; j++)
    {
      guint i = first + j;
      const guint8 *src;

      while (i >= self->starts[s + 1])
        s++;
      src = lr_subset_image (self->subsets[s], i - self->starts[s], n_in);
      for (guint p = 0; p < n_in; p++)
        g->x[(gsize) j * n_in + p] = src[p] * self->scale;
      g->y[j] = (guint8) lr_subset_label (self->subsets[s], i - self->starts[s]);
    }
  return count;
}

static void
add_into (float       *dst,
          const float *src,
          gsize        n)
{
  for (gsize i = 0; i < n; i++)
    dst[i] += src[i];
}

/* Activations and (second) their R{·}. */
static void
forward (LrMlpHvp *self,
         Group    *g,
         guint     n)
{
  const float *p = self->params;
  gboolean tanh_act = self->activation == LR_ACTIVATION_TANH;

  for (guint l = 0; l < self->n_layers; l++)
    {
      guint in = self->sizes[l], out = self->sizes[l + 1];
      const float *input = l == 0 ? g->x : g->a[l - 1];
      gsize m = (gsize) n * out;
      float *a = g->a[l], *ra = g->ra[l];

      lr_gemm (NULL, n, out, in, input, in, FALSE, p + self->w_offset[l], out,
               p + self->b_offset[l], a, out);
      if (self->second)
        {
          lr_gemm (NULL, n, out, in, input, in, FALSE, self->v + self->w_offset[l], out,
                   self->v + self->b_offset[l], ra, out);
          if (l > 0)
            {
              lr_gemm (NULL, n, out, in, g->ra[l - 1], in, FALSE, p + self->w_offset[l], out,
                       NULL, g->tmp, out);
              add_into (ra, g->tmp, m);
            }
        }
      if (l + 1 == self->n_layers)
        break;

      for (gsize i = 0; i < m; i++)
        {
          if (tanh_act)
            {
              a[i] = tanhf (a[i]);
              if (self->second)
                ra[i] *= 1.f - a[i] * a[i];
            }
          else if (a[i] <= 0.f)
            {
              a[i] = 0.f;
              if (self->second)
                ra[i] = 0.f;
            }
        }
    }
}

/* The loss summed over the chunk (double); g = ∂(mean loss)/∂outputs and
 * (second) rg = R{g}. */
static double
output_loss (LrMlpHvp *self,
             Group    *g,
             guint     n)
{
  guint C = self->sizes[self->n_layers];
  const float *z = g->a[self->n_layers - 1];
  const float *rz = g->ra[self->n_layers - 1];
  float inv_n = 1.f / self->n_images;
  double total = 0;

  for (guint b = 0; b < n; b++)
    {
      const float *zb = z + (gsize) b * C, *rzb = rz + (gsize) b * C;
      float *gb = g->g + (gsize) b * C, *rgb = g->rg + (gsize) b * C;
      guint y = g->y[b];

      if (self->loss == LR_LOSS_MSE)
        {
          for (guint c = 0; c < C; c++)
            {
              double d = (double) zb[c] - (c == y ? 1.0 : 0.0);

              total += 0.5 * d * d;
              gb[c] = (float) d * inv_n;
              if (self->second)
                rgb[c] = rzb[c] * inv_n;
            }
        }
      else
        {
          double zmax = zb[0], sum = 0, prz = 0;

          /* softmax p: g = (p − onehot) / N, R{g} = (p ⊙ R{z} − p (p · R{z})) / N */

          for (guint c = 1; c < C; c++)
            zmax = MAX (zmax, zb[c]);
          for (guint c = 0; c < C; c++)
            sum += exp (zb[c] - zmax);
          total += zmax + log (sum) - zb[y];
          for (guint c = 0; c < C; c++)
            {
              double pc = exp (zb[c] - zmax) / sum;

              gb[c] = (float) ((pc - (c == y ? 1.0 : 0.0)) * inv_n);
              if (self->second)
                {
                  rgb[c] = (float) pc;
                  prz += pc * rzb[c];
                }
            }
          if (self->second)
            for (guint c = 0; c < C; c++)
              rgb[c] = (float) (rgb[c] * (rzb[c] - prz) * inv_n);
        }
    }
  return total;
}

/* Column sums of an n × out matrix into @db (overwritten). */
static void
sum_rows (const float *m,
          guint        n,
          guint        out,
          float       *db)
{
  memset (db, 0, out * sizeof (float));
  for (guint b = 0; b < n; b++)
    add_into (db, m + (gsize) b * out, out);
}

/* From the gradient at layer l's input (e, re) to the gradient at layer
 * l-1's pre-activation (g, rg). */
static void
through_activation (LrMlpHvp *self,
                    Group    *g,
                    guint     l,
                    guint     n)
{
  const float *a = g->a[l - 1], *ra = g->ra[l - 1];
  gsize m = (gsize) n * self->sizes[l];
  gboolean tanh_act = self->activation == LR_ACTIVATION_TANH;

  for (gsize i = 0; i < m; i++)
    {
      float d1 = tanh_act ? 1.f - a[i] * a[i] : (a[i] > 0.f ? 1.f : 0.f);

      g->g[i] = d1 * g->e[i];
      /* σ''(z) R{z}: ra holds R{a} = σ'(z) R{z}, and for tanh
       * σ'' = −2a σ', so the term is −2a R{a}; relu has σ'' = 0. */
      if (self->second)
        g->rg[i] = d1 * g->re[i] + (tanh_act ? -2.f * a[i] * ra[i] : 0.f) * g->e[i];
    }
}

static void
backward (LrMlpHvp *self,
          Group    *g,
          guint     n)
{
  for (guint l = self->n_layers; l-- > 0;)
    {
      guint in = self->sizes[l], out = self->sizes[l + 1];
      const float *input = l == 0 ? g->x : g->a[l - 1];
      float *dw = g->part + self->w_offset[l];
      float *db = g->part + self->b_offset[l];

      if (!self->second)
        {
          lr_gemm (NULL, in, out, n, input, in, TRUE, g->g, out, NULL, dw, out);
          sum_rows (g->g, n, out, db);
        }
      else
        {
          lr_gemm (NULL, in, out, n, input, in, TRUE, g->rg, out, NULL, dw, out);
          if (l > 0)
            {
              lr_gemm (NULL, in, out, n, g->ra[l - 1], in, TRUE, g->g, out, NULL, g->tmp, out);
              add_into (dw, g->tmp, (gsize) in * out);
            }
          sum_rows (g->rg, n, out, db);
        }
      if (l == 0)
        break;

      lr_gemm (NULL, n, in, out, g->g, out, FALSE, self->wt + self->w_offset[l], in, NULL, g->e, in);
      if (self->second)
        {
          lr_gemm (NULL, n, in, out, g->rg, out, FALSE, self->wt + self->w_offset[l], in, NULL,
                   g->re, in);
          lr_gemm (NULL, n, in, out, g->g, out, FALSE, self->vt + self->w_offset[l], in, NULL,
                   g->tmp, in);
          add_into (g->re, g->tmp, (gsize) n * in);
        }
      through_activation (self, g, l, n);
    }
}

static void
run_group (guint    k,
           gpointer data)
{
  LrMlpHvp *self = data;
  Group *g = &self->groups[k];

  memset (g->acc, 0, self->n_params * sizeof (double));
  g->loss = 0;
  for (guint c = k; c < self->n_chunks; c += self->n_groups)
    {
      guint n = gather (self, g, c);

      forward (self, g, n);
      g->loss += output_loss (self, g, n);
      backward (self, g, n);
      for (gsize i = 0; i < self->n_params; i++)
        g->acc[i] += g->part[i];
    }
}

/* All chunks; the groups' sums into @out (may be NULL); returns the mean loss. */
static double
run (LrMlpHvp *self,
     double   *out)
{
  double loss = 0;

  for (guint l = 0; l < self->n_layers; l++)
    {
      guint in = self->sizes[l], out_size = self->sizes[l + 1];
      gsize o = self->w_offset[l];

      lr_transpose (in, out_size, self->params + o, out_size, self->wt + o, in);
      if (self->second)
        lr_transpose (in, out_size, self->v + o, out_size, self->vt + o, in);
    }

  lr_parallel_for (self->n_groups, self->n_threads, run_group, self);

  if (out)
    memset (out, 0, self->n_params * sizeof (double));
  for (guint k = 0; k < self->n_groups; k++)
    {
      loss += self->groups[k].loss;
      if (out)
        for (gsize i = 0; i < self->n_params; i++)
          out[i] += self->groups[k].acc[i];
    }
  return self->n_images ? loss / self->n_images : NAN;
}

double
lr_mlp_hvp_loss (LrMlpHvp    *self,
                 const float *params,
                 double      *grad)
{
  g_return_val_if_fail (self != NULL && params != NULL, NAN);

  self->params = params;
  self->second = FALSE;
  return run (self, grad);
}

void
lr_mlp_hvp_apply (LrMlpHvp     *self,
                  const float  *params,
                  const double *v,
                  double       *hv)
{
  g_return_if_fail (self != NULL && params != NULL && v != NULL && hv != NULL);

  self->params = params;
  self->second = TRUE;
  for (gsize i = 0; i < self->n_params; i++)
    self->v[i] = (float) v[i];
  run (self, hv);
}

typedef struct {
  LrMlpHvp    *hvp;
  const float *params;
} Operator;

static void
apply_operator (const double *v,
                double       *out,
                gpointer      data)
{
  Operator *op = data;

  lr_mlp_hvp_apply (op->hvp, op->params, v, out);
}

guint
lr_mlp_hvp_top_eigenvalues (LrMlpHvp    *self,
                            const float *params,
                            guint        k,
                            guint64      seed,
                            double      *eigenvalues)
{
  Operator op = { self, params };

  g_return_val_if_fail (self != NULL && params != NULL, 0);

  return lr_lanczos_top (apply_operator, &op, self->n_params, k, seed, eigenvalues);
}
