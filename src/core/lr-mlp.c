/* lr-mlp.c: the MLP classifier: batched forward and backward passes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-kernels.h"
#include "lr-mlp.h"
#include "lr-random.h"

#define N_LAYERS_MAX (LR_MLP_MAX_HIDDEN + 1)

static const LrParamInfo mlp_params[] = {
  { "hidden", LR_PARAM_LIST, 0, "64", 1, LR_MLP_MAX_WIDTH, LR_PARAM_FLAG_NONE, NULL,
    "hidden layer sizes, input to output, separated by '/'" },
  { "act", LR_PARAM_CHOICE, LR_ACTIVATION_RELU, "relu", 0, 1, LR_PARAM_FLAG_NONE, "relu|tanh",
    "activation of the hidden layers" },
  { "loss", LR_PARAM_CHOICE, LR_LOSS_CROSS_ENTROPY, "cross_entropy", 0, 1, LR_PARAM_FLAG_NONE,
    "cross_entropy|mse", "softmax cross-entropy, or half the squared error to one-hot targets" },
  { "init", LR_PARAM_CHOICE, LR_INIT_AUTO, "auto", 0, 1, LR_PARAM_FLAG_NONE, "auto|torch",
    "auto: He (relu) or Xavier (tanh) weights, zero biases; torch: nn.Linear's U(±1/√in)" },
};

static const LrKindInfo model_kinds[] = {
  { "mlp", "multilayer perceptron, cross-entropy or squared-error loss, He/Xavier initialisation",
    mlp_params, G_N_ELEMENTS (mlp_params) },
};

const LrKindInfo *
lr_model_kinds (guint *n_kinds)
{
  if (n_kinds)
    *n_kinds = G_N_ELEMENTS (model_kinds);
  return model_kinds;
}

gboolean
lr_mlp_config_parse (const char   *text,
                     LrMlpConfig  *config,
                     GError      **error)
{
  g_autoptr(LrSpec) spec = NULL;
  const LrKindInfo *kind;
  LrParamValue *values;

  g_return_val_if_fail (config != NULL, FALSE);

  spec = lr_spec_parse (text ? text : "", error);
  if (spec == NULL)
    return FALSE;
  kind = lr_kind_lookup ("model", model_kinds, G_N_ELEMENTS (model_kinds), spec->name, error);
  if (kind == NULL)
    return FALSE;
  values = lr_params_resolve ("model", kind, spec, error);
  if (values == NULL)
    return FALSE;

  if (values[0].n_list == 0 || values[0].n_list > LR_MLP_MAX_HIDDEN)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "model mlp: hidden needs 1 to %d layer sizes separated by '/', got %u",
                   LR_MLP_MAX_HIDDEN, values[0].n_list);
      lr_param_values_free (values, kind->n_params);
      return FALSE;
    }

  memset (config, 0, sizeof *config);
  config->n_hidden = values[0].n_list;
  for (guint i = 0; i < config->n_hidden; i++)
    config->hidden[i] = (guint) values[0].list[i];
  config->activation = values[1].value == 1 ? LR_ACTIVATION_TANH : LR_ACTIVATION_RELU;
  config->loss = values[2].value == 1 ? LR_LOSS_MSE : LR_LOSS_CROSS_ENTROPY;
  config->init = values[3].value == 1 ? LR_INIT_TORCH : LR_INIT_AUTO;

  lr_param_values_free (values, kind->n_params);
  return TRUE;
}

char *
lr_mlp_config_to_spec (const LrMlpConfig *config)
{
  GString *s = g_string_new ("mlp:hidden=");

  for (guint i = 0; i < config->n_hidden; i++)
    g_string_append_printf (s, "%s%u", i ? "/" : "", config->hidden[i]);
  if (config->activation == LR_ACTIVATION_TANH)
    g_string_append (s, ",act=tanh");
  if (config->loss == LR_LOSS_MSE)
    g_string_append (s, ",loss=mse");
  if (config->init == LR_INIT_TORCH)
    g_string_append (s, ",init=torch");

  return g_string_free (s, FALSE);
}

/* ---- the network ------------------------------------------------------ */

struct _LrMlp
{
  LrMlpConfig  config;
  guint        n_layers;
  guint        sizes[N_LAYERS_MAX + 1];     /* sizes[0] inputs … sizes[n_layers] classes */
  gsize        w_offset[N_LAYERS_MAX];
  gsize        b_offset[N_LAYERS_MAX];
  gsize        n_params;
  guint        max_width;                   /* widest layer, inputs included */

  float       *params;
  float       *grad;

  LrTeam      *team;

  /* Scratch, sized for `capacity` samples. */
  guint        capacity;
  float       *h[N_LAYERS_MAX];             /* layer outputs (after the activation) */
  float       *t_w;                         /* a weight matrix, transposed */
  float       *dz;                          /* gradient at a layer's pre-activation */
  float       *da;                          /* gradient at a layer's input */
};

LrMlp *
lr_mlp_new (const LrMlpConfig  *config,
            guint               n_inputs,
            guint               n_classes,
            guint               n_threads,
            GError            **error)
{
  g_autoptr(LrMlp) mlp = NULL;
  guint64 n_params = 0;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->n_hidden <= LR_MLP_MAX_HIDDEN, NULL);

  if (n_inputs == 0 || n_classes < 2)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "an MLP needs at least one input and two classes (got %u and %u)",
                   n_inputs, n_classes);
      return NULL;
    }

  mlp = g_new0 (LrMlp, 1);
  mlp->config = *config;
  mlp->n_layers = config->n_hidden + 1;
  mlp->sizes[0] = n_inputs;
  for (guint i = 0; i < config->n_hidden; i++)
    {
      if (config->hidden[i] == 0 || config->hidden[i] > LR_MLP_MAX_WIDTH)
        {
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                       "model mlp: hidden layer %u has %u units; valid: 1 to %d",
                       i + 1, config->hidden[i], LR_MLP_MAX_WIDTH);
          return NULL;
        }
      mlp->sizes[i + 1] = config->hidden[i];
    }
  mlp->sizes[mlp->n_layers] = n_classes;

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint in = mlp->sizes[l], out = mlp->sizes[l + 1];

      mlp->w_offset[l] = (gsize) n_params;
      n_params += (guint64) in * out;
      mlp->b_offset[l] = (gsize) n_params;
      n_params += out;
      mlp->max_width = MAX (mlp->max_width, MAX (in, out));
    }
  if (n_params > LR_MLP_MAX_PARAMS)
    {
      g_autofree char *spec = lr_mlp_config_to_spec (config);
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "model %s on %u inputs has %" G_GUINT64_FORMAT " parameters; the limit is %d",
                   spec, n_inputs, n_params, LR_MLP_MAX_PARAMS);
      return NULL;
    }

  mlp->n_params = (gsize) n_params;
  mlp->params = lr_aligned_new0 (mlp->n_params);
  mlp->grad = lr_aligned_new0 (mlp->n_params);
  if (n_threads != 1)
    mlp->team = lr_team_new (MIN (n_threads ? n_threads : g_get_num_processors (),
                                    LR_KERNELS_MAX_THREADS));

  return g_steal_pointer (&mlp);
}

static void
free_scratch (LrMlp *mlp)
{
  for (guint l = 0; l < N_LAYERS_MAX; l++)
    g_clear_pointer (&mlp->h[l], lr_aligned_free);
  g_clear_pointer (&mlp->t_w, lr_aligned_free);
  g_clear_pointer (&mlp->dz, lr_aligned_free);
  g_clear_pointer (&mlp->da, lr_aligned_free);
  mlp->capacity = 0;
}

void
lr_mlp_free (LrMlp *mlp)
{
  if (mlp == NULL)
    return;

  free_scratch (mlp);
  lr_aligned_free (mlp->params);
  lr_aligned_free (mlp->grad);
  lr_team_free (mlp->team);
  g_free (mlp);
}

static void
ensure_capacity (LrMlp *mlp,
                 guint  batch)
{
  gsize wide = (gsize) batch * mlp->max_width;
  gsize max_w = 0;

  if (batch <= mlp->capacity)
    return;

  free_scratch (mlp);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      mlp->h[l] = lr_aligned_new0 ((gsize) batch * mlp->sizes[l + 1]);
      max_w = MAX (max_w, (gsize) mlp->sizes[l] * mlp->sizes[l + 1]);
    }
  mlp->t_w = lr_aligned_new0 (max_w);
  mlp->dz = lr_aligned_new0 (wide);
  mlp->da = lr_aligned_new0 (wide);
  mlp->capacity = batch;
}

void
lr_mlp_init_params (LrMlp   *mlp,
                    guint64  seed)
{
  LrRandom rng;

  g_return_if_fail (mlp != NULL);

  lr_random_init_stream (&rng, seed, LR_RANDOM_STREAM_INIT);
  memset (mlp->params, 0, mlp->n_params * sizeof (float));

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint in = mlp->sizes[l], out = mlp->sizes[l + 1];
      float *w = mlp->params + mlp->w_offset[l];
      gsize n = (gsize) in * out;

      if (mlp->config.init == LR_INIT_TORCH)
        {
          double bound = 1.0 / sqrt (in);
          float *b = mlp->params + mlp->b_offset[l];

          for (gsize i = 0; i < n; i++)
            w[i] = (float) (bound * (2.0 * lr_random_uniform (&rng) - 1.0));
          for (guint o = 0; o < out; o++)
            b[o] = (float) (bound * (2.0 * lr_random_uniform (&rng) - 1.0));
        }
      else if (mlp->config.activation == LR_ACTIVATION_RELU)
        {
          double std = sqrt (2.0 / in);

          for (gsize i = 0; i < n; i++)
            w[i] = (float) (std * lr_random_normal (&rng));
        }
      else
        {
          double bound = sqrt (6.0 / (in + out));

          for (gsize i = 0; i < n; i++)
            w[i] = (float) (bound * (2.0 * lr_random_uniform (&rng) - 1.0));
        }
    }
}

const LrMlpConfig *
lr_mlp_get_config (const LrMlp *mlp)
{
  return &mlp->config;
}

guint
lr_mlp_get_n_inputs (const LrMlp *mlp)
{
  return mlp->sizes[0];
}

guint
lr_mlp_get_n_classes (const LrMlp *mlp)
{
  return mlp->sizes[mlp->n_layers];
}

guint
lr_mlp_get_n_layers (const LrMlp *mlp)
{
  return mlp->n_layers;
}

void
lr_mlp_get_layer (const LrMlp *mlp,
                  guint        l,
                  guint       *n_in,
                  guint       *n_out,
                  gsize       *w_offset,
                  gsize       *b_offset)
{
  g_return_if_fail (l < mlp->n_layers);

  if (n_in)
    *n_in = mlp->sizes[l];
  if (n_out)
    *n_out = mlp->sizes[l + 1];
  if (w_offset)
    *w_offset = mlp->w_offset[l];
  if (b_offset)
    *b_offset = mlp->b_offset[l];
}

gsize
lr_mlp_get_n_params (const LrMlp *mlp)
{
  return mlp->n_params;
}

float *
lr_mlp_get_params (LrMlp *mlp)
{
  return mlp->params;
}

const float *
lr_mlp_get_grad (const LrMlp *mlp)
{
  return mlp->grad;
}

void
lr_mlp_get_input_weights (const LrMlp *mlp,
                          guint        unit,
                          float       *out)
{
  guint n_out = mlp->sizes[1];
  const float *w = mlp->params + mlp->w_offset[0];

  g_return_if_fail (unit < n_out);

  for (guint i = 0; i < mlp->sizes[0]; i++)
    out[i] = w[(gsize) i * n_out + unit];
}

/* ---- passes ------------------------------------------------------------ */

static void
forward (LrMlp       *mlp,
         const float *x,
         guint        batch)
{
  gboolean relu = mlp->config.activation == LR_ACTIVATION_RELU;

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint in = mlp->sizes[l], out = mlp->sizes[l + 1];
      const float *input = l == 0 ? x : mlp->h[l - 1];
      float *h = mlp->h[l];
      gsize n = (gsize) batch * out;

      lr_gemm (mlp->team, batch, out, in, input, in, FALSE,
               mlp->params + mlp->w_offset[l], out,
               mlp->params + mlp->b_offset[l], h, out);

      if (l + 1 == mlp->n_layers)
        break;
      if (relu)
        {
          for (gsize i = 0; i < n; i++)
            h[i] = h[i] > 0.f ? h[i] : 0.f;
        }
      else
        {
          for (gsize i = 0; i < n; i++)
            h[i] = tanhf (h[i]);
        }
    }
}

/* Softmax of the logits (in place) and the summed loss in double: the
 * cross-entropy, or (@mse) half the squared error of the logits to one-hot
 * targets. */
static double
softmax_loss (float        *logits,
              const guint8 *labels,
              guint         batch,
              guint         n_classes,
              gboolean      mse,
              guint8       *predicted,
              guint        *n_correct)
{
  double total = 0;
  guint correct = 0;

  for (guint b = 0; b < batch; b++)
    {
      float *z = logits + (gsize) b * n_classes;
      float zmax = z[0];
      guint arg = 0;
      double sum = 0, lse;
      double zy = z[labels[b]];
      double sq = 0;

      if (mse)
        {
          for (guint c = 0; c < n_classes; c++)
            {
              double d = (double) z[c] - (c == labels[b] ? 1.0 : 0.0);

              sq += d * d;
            }
        }
      for (guint c = 1; c < n_classes; c++)
        if (z[c] > zmax)
          {
            zmax = z[c];
            arg = c;
          }
      for (guint c = 0; c < n_classes; c++)
        {
          float e = expf (z[c] - zmax);

          z[c] = e;
          sum += e;
        }
      lse = zmax + log (sum);
      total += mse ? 0.5 * sq : lse - zy;
      for (guint c = 0; c < n_classes; c++)
        z[c] = (float) (z[c] / sum);

      if (predicted)
        predicted[b] = (guint8) arg;
      if (arg == labels[b])
        correct++;
    }

  if (n_correct)
    *n_correct = correct;
  return total;
}

double
lr_mlp_evaluate (LrMlp        *mlp,
                 const float  *x,
                 const guint8 *labels,
                 guint         batch,
                 float        *probs,
                 guint8       *predicted,
                 guint        *n_correct)
{
  guint n_classes = mlp->sizes[mlp->n_layers];
  float *out;
  double loss;

  g_return_val_if_fail (mlp != NULL, NAN);

  if (batch == 0)
    {
      if (n_correct)
        *n_correct = 0;
      return 0;
    }

  ensure_capacity (mlp, batch);
  forward (mlp, x, batch);
  out = mlp->h[mlp->n_layers - 1];
  loss = softmax_loss (out, labels, batch, n_classes, mlp->config.loss == LR_LOSS_MSE,
                       predicted, n_correct);
  if (probs)
    memcpy (probs, out, (gsize) batch * n_classes * sizeof (float));

  return loss;
}

/* dz = (out − onehot) · scale */
static void
output_gradient (const float  *out,
                 const guint8 *labels,
                 guint         batch,
                 guint         n_classes,
                 float         scale,
                 float        *dz)
{
  for (guint b = 0; b < batch; b++)
    {
      const float *p = out + (gsize) b * n_classes;
      float *d = dz + (gsize) b * n_classes;

      for (guint c = 0; c < n_classes; c++)
        d[c] = (p[c] - (c == labels[b] ? 1.f : 0.f)) * scale;
    }
}

double
lr_mlp_train_batch (LrMlp        *mlp,
                    const float  *x,
                    const guint8 *labels,
                    guint         batch,
                    guint        *n_correct)
{
  guint L, n_classes;
  gboolean relu, mse;
  double loss;
  float inv_batch;

  g_return_val_if_fail (mlp != NULL, NAN);
  g_return_val_if_fail (batch > 0, NAN);

  L = mlp->n_layers;
  n_classes = mlp->sizes[L];
  relu = mlp->config.activation == LR_ACTIVATION_RELU;

  ensure_capacity (mlp, batch);
  forward (mlp, x, batch);
  inv_batch = 1.f / batch;
  mse = mlp->config.loss == LR_LOSS_MSE;
  /* d(mean loss)/d(outputs): (outputs − onehot) / batch for the squared
   * error, taken before the softmax overwrites the outputs;
   * (softmax − onehot) / batch for the cross-entropy. */
  if (mse)
    output_gradient (mlp->h[L - 1], labels, batch, n_classes, inv_batch, mlp->dz);
  loss = softmax_loss (mlp->h[L - 1], labels, batch, n_classes, mse, NULL, n_correct) / batch;
  if (!mse)
    output_gradient (mlp->h[L - 1], labels, batch, n_classes, inv_batch, mlp->dz);

  for (guint l = L; l-- > 0;)
    {
      guint in = mlp->sizes[l], out = mlp->sizes[l + 1];
      const float *input = l == 0 ? x : mlp->h[l - 1];
      float *db = mlp->grad + mlp->b_offset[l];

      /* dW = inputᵀ · dz (the transpose read in place) */
      lr_gemm (mlp->team, in, out, batch, input, in, TRUE, mlp->dz, out, NULL,
               mlp->grad + mlp->w_offset[l], out);

      /* db = Σ_batch dz, in batch order */
      memset (db, 0, out * sizeof (float));
      for (guint b = 0; b < batch; b++)
        {
          const float *dz = mlp->dz + (gsize) b * out;

          for (guint o = 0; o < out; o++)
            db[o] += dz[o];
        }

      if (l == 0)
        break;

      /* da = dz · Wᵀ, then through the activation into dz of layer l-1. */
      lr_transpose (in, out, mlp->params + mlp->w_offset[l], out, mlp->t_w, in);
      lr_gemm (mlp->team, batch, in, out, mlp->dz, out, FALSE, mlp->t_w, in, NULL,
               mlp->da, in);
      {
        const float *h = mlp->h[l - 1];
        gsize n = (gsize) batch * in;

        if (relu)
          {
            for (gsize i = 0; i < n; i++)
              mlp->dz[i] = h[i] > 0.f ? mlp->da[i] : 0.f;
          }
        else
          {
            for (gsize i = 0; i < n; i++)
              mlp->dz[i] = mlp->da[i] * (1.f - h[i] * h[i]);
          }
      }
    }

  return loss;
}
