/* lr-mlp-size.h: the size of an MLP from its configuration, without
 * building one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-mlp.h"

G_BEGIN_DECLS

/* Weights and biases of @config on @n_inputs inputs and @n_classes
 * outputs: the sum over layers of (in + 1) × out, as lr_mlp_new()
 * allocates them. */
guint64 lr_mlp_config_count_params (const LrMlpConfig *config,
                                    guint              n_inputs,
                                    guint              n_classes);

/* Bytes of the scratch of a forward and backward pass over @batch samples
 * (the layers' outputs, two gradients as wide as the widest layer and one
 * transposed weight matrix), as lr_mlp_reserve() allocates them. */
guint64 lr_mlp_config_scratch_bytes (const LrMlpConfig *config,
                                     guint              n_inputs,
                                     guint              n_classes,
                                     guint              batch);

G_END_DECLS
