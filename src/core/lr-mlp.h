/* lr-mlp.h: a multilayer perceptron classifier in float32
 *
 * Spec: "mlp:hidden=256/128,act=relu,loss=cross_entropy" — hidden layer
 * sizes separated by '/', activation relu or tanh; the output layer has one
 * unit per class and either a softmax cross-entropy loss or the squared
 * error against one-hot targets, ½‖output − onehot‖² (loss=mse), both
 * averaged over the images of a batch.  Weights are He
 * (relu: normal, std √(2/in)) or Xavier (tanh: uniform ±√(6/(in+out)))
 * initialised from the core's seeded PRNG; biases start at zero.
 *
 * All parameters live in one flat float vector so that the core's
 * optimizers step them directly.  Layer l occupies W_l (in × out, row-major:
 * W_l[i·out + o] connects input i to unit o, i.e. PyTorch's weight.T),
 * followed by b_l (out).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-spec.h"

G_BEGIN_DECLS

#define LR_MLP_MAX_HIDDEN  8       /* hidden layers */
#define LR_MLP_MAX_WIDTH   8192    /* units per hidden layer */
#define LR_MLP_MAX_PARAMS  (64 * 1024 * 1024)

typedef enum {
  LR_ACTIVATION_RELU,
  LR_ACTIVATION_TANH,
} LrActivation;

typedef enum {
  LR_LOSS_CROSS_ENTROPY,
  LR_LOSS_MSE,
} LrLoss;

typedef enum {
  LR_INIT_AUTO,     /* He-normal for relu, Xavier-uniform for tanh; zero biases */
  LR_INIT_TORCH,    /* torch.nn.Linear's default: weights and biases U(±1/√in) */
} LrInit;

typedef struct {
  guint         n_hidden;                    /* hidden layers, 0 … LR_MLP_MAX_HIDDEN */
  guint         hidden[LR_MLP_MAX_HIDDEN];
  LrActivation  activation;
  LrLoss        loss;
  LrInit        init;
} LrMlpConfig;

/* The default model: mlp:hidden=64,act=relu */
#define LR_MLP_DEFAULT_SPEC "mlp:hidden=64"

const LrKindInfo *lr_model_kinds            (guint              *n_kinds);
gboolean          lr_mlp_config_parse       (const char         *spec,
                                             LrMlpConfig        *config,
                                             GError            **error);
char             *lr_mlp_config_to_spec     (const LrMlpConfig  *config);

typedef struct _LrMlp LrMlp;

/* @n_threads: threads for the matrix products (0: one per processor,
 * 1: the calling thread only).  Results do not depend on it.
 * NULL with @error set when the model would be too large. */
LrMlp            *lr_mlp_new                (const LrMlpConfig  *config,
                                             guint               n_inputs,
                                             guint               n_classes,
                                             guint               n_threads,
                                             GError            **error);
void              lr_mlp_free               (LrMlp              *mlp);

/* The configured initialisation, from (seed, LR_RANDOM_STREAM_INIT). */
void              lr_mlp_init_params        (LrMlp              *mlp,
                                             guint64             seed);

const LrMlpConfig *lr_mlp_get_config        (const LrMlp        *mlp);
guint             lr_mlp_get_n_inputs       (const LrMlp        *mlp);
guint             lr_mlp_get_n_classes      (const LrMlp        *mlp);
/* Weight layers (hidden layers + 1). */
guint             lr_mlp_get_n_layers       (const LrMlp        *mlp);
/* Layer @l: its input and output sizes and where W_l and b_l start in the
 * parameter vector. */
void              lr_mlp_get_layer          (const LrMlp        *mlp,
                                             guint               l,
                                             guint              *n_in,
                                             guint              *n_out,
                                             gsize              *w_offset,
                                             gsize              *b_offset);
gsize             lr_mlp_get_n_params       (const LrMlp        *mlp);
float            *lr_mlp_get_params         (LrMlp              *mlp);
/* The gradient of the last lr_mlp_train_batch() (same layout). */
const float      *lr_mlp_get_grad           (const LrMlp        *mlp);
/* The @n_inputs weights into first-layer unit @unit (e.g. an 8×8 or 28×28
 * image of what the unit responds to). */
void              lr_mlp_get_input_weights  (const LrMlp        *mlp,
                                             guint               unit,
                                             float              *out);

/* One batch: @x is batch × n_inputs (scaled to [0, 1]), @labels the classes.
 * Computes the mean loss (cross-entropy or squared error, as configured)
 * and its gradient (lr_mlp_get_grad).
 * Returns the loss (may be non-finite when training diverges);
 * @n_correct (optional) counts argmax hits. */
double            lr_mlp_train_batch        (LrMlp              *mlp,
                                             const float        *x,
                                             const guint8       *labels,
                                             guint               batch,
                                             guint              *n_correct);
/* Forward pass only.  Returns the summed (not mean) loss over the batch;
 * @probs (optional, batch × n_classes) receives the softmax of the outputs
 * (for either loss),
 * @predicted (optional) the argmax class per sample. */
double            lr_mlp_evaluate           (LrMlp              *mlp,
                                             const float        *x,
                                             const guint8       *labels,
                                             guint               batch,
                                             float              *probs,
                                             guint8             *predicted,
                                             guint              *n_correct);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrMlp, lr_mlp_free)

G_END_DECLS
