/* lr-safetensors.h: the MLP's weights as a safetensors file
 *
 * The format (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length N, N bytes of JSON header, then the raw
 * little-endian tensor data.  The header maps each tensor name to
 * {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the data)
 * and "__metadata__" to string values.
 *
 * An MLP is stored as PyTorch's nn.Linear layers are: "fc0.weight"
 * [out, in], "fc0.bias" [out], "fc1.weight", …, all F32, with metadata
 * "model" (the model spec), "dataset" (its name) and "input_scale" (the
 * factor applied to raw pixel values, e.g. 0.0625 for the digits' 0 … 16),
 * so that torch.nn.Linear(in, out) loads them as they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-mlp.h"

G_BEGIN_DECLS

/* The largest header read (the JSON text), in bytes. */
#define LR_SAFETENSORS_MAX_HEADER (1 << 20)

typedef struct {
  char   *model;          /* the model spec */
  char   *dataset;        /* the data set's name */
  double  input_scale;    /* factor applied to raw pixel values */
} LrWeightsInfo;

void      lr_weights_info_clear (LrWeightsInfo  *info);

/* Writes @mlp's parameters and the metadata to @path, atomically. */
gboolean  lr_weights_save       (const char     *path,
                                 const LrMlp    *mlp,
                                 const char     *dataset,
                                 double          input_scale,
                                 GError        **error);
/* A new MLP (matrix products on @n_threads) with the weights of @path.
 * Every part of the file is checked (sizes, header, dtypes, shapes against
 * the model spec, offsets inside the data and covering it); errors are
 * LR_ERROR_DATA and name the file and the problem. */
LrMlp    *lr_weights_load       (const char     *path,
                                 guint           n_threads,
                                 LrWeightsInfo  *info,
                                 GError        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LrWeightsInfo, lr_weights_info_clear)

G_END_DECLS
