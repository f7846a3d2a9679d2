/* lr-mlp-size.c: the size of an MLP from its configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lr-mlp-size.h"

guint64
lr_mlp_config_count_params (const LrMlpConfig *config,
                            guint              n_inputs,
                            guint              n_classes)
{
  guint64 params = 0;
  guint in = n_inputs;

  g_return_val_if_fail (config != NULL, 0);
  g_return_val_if_fail (config->n_hidden <= LR_MLP_MAX_HIDDEN, 0);

  for (guint l = 0; l <= config->n_hidden; l++)
    {
      guint out = l < config->n_hidden ? config->hidden[l] : n_classes;

      params += (guint64) (in + 1) * out;
      in = out;
    }
  return params;
}

guint64
lr_mlp_config_scratch_bytes (const LrMlpConfig *config,
                             guint              n_inputs,
                             guint              n_classes,
                             guint              batch)
{
  guint64 floats = 0, max_w = 0;
  guint in = n_inputs, widest = n_inputs;

  g_return_val_if_fail (config != NULL, 0);
  g_return_val_if_fail (config->n_hidden <= LR_MLP_MAX_HIDDEN, 0);

  for (guint l = 0; l <= config->n_hidden; l++)
    {
      guint out = l < config->n_hidden ? config->hidden[l] : n_classes;

      floats += (guint64) batch * out;
      max_w = MAX (max_w, (guint64) in * out);
      widest = MAX (widest, out);
      in = out;
    }
  return (floats + max_w + 2 * (guint64) batch * widest) * sizeof (float);
}
