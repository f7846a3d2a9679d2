/* lr-mlp-hvp.h: the mean loss of an MLP over a fixed set of images, its
 * gradient and exact Hessian-vector products
 *
 * Hessian-vector products are computed by forward-over-reverse
 * differentiation (Pearlmutter's R-operator): one forward pass carrying
 * R{·} = d/dε (·)(θ + εv) beside the activations, one backward pass
 * carrying R{gradient} beside the gradient.  The result is H·v exactly (up
 * to rounding), at the cost of about two gradients.
 *
 * Images are processed in chunks of LR_MLP_HVP_CHUNK: within a chunk the
 * products are float32 (lr_gemm), the sums over chunks and the loss are
 * float64, and chunks are summed in a fixed order, so results do not
 * depend on the number of threads.  Vectors in and out are double, in the
 * MLP's parameter layout (lr-mlp.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-dataset.h"
#include "lr-mlp.h"

G_BEGIN_DECLS

#define LR_MLP_HVP_CHUNK  256

typedef struct _LrMlpHvp LrMlpHvp;

/* The mean loss of @mlp's architecture (its layout and loss, not its
 * parameters) over the images of @n_subsets subsets (their union, in order),
 * pixels multiplied by @scale.  The subsets' images must outlive the
 * object.  @n_threads: 0 = one per processor. */
LrMlpHvp *lr_mlp_hvp_new          (const LrMlp           *mlp,
                                   const LrSubset *const *subsets,
                                   guint                  n_subsets,
                                   float                  scale,
                                   guint                  n_threads);
void      lr_mlp_hvp_free         (LrMlpHvp              *hvp);
/* The memory lr_mlp_hvp_new() and lr_mlp_hvp_top_eigenvalues() need for
 * @mlp's architecture (Lanczos keeps up to LR_LANCZOS_MAX_ITERS vectors of
 * every parameter): checked before a large model's Hessian is begun. */
guint64   lr_mlp_hvp_estimate_bytes (const LrMlp         *mlp);
/* FALSE and a clear error when that is more than an address-space or
 * data limit leaves (see lr_memory_available()). */
gboolean  lr_mlp_hvp_check_memory (const LrMlp           *mlp,
                                   GError               **error);

guint     lr_mlp_hvp_get_n_images (const LrMlpHvp        *hvp);
gsize     lr_mlp_hvp_get_n_params (const LrMlpHvp        *hvp);

/* The mean loss at @params, and its gradient into @grad (n_params, may be
 * NULL). */
double    lr_mlp_hvp_loss         (LrMlpHvp              *hvp,
                                   const float           *params,
                                   double                *grad);
/* @hv = H(@params) · @v, H the Hessian of the mean loss. */
void      lr_mlp_hvp_apply        (LrMlpHvp              *hvp,
                                   const float           *params,
                                   const double          *v,
                                   double                *hv);

/* The @k algebraically largest eigenvalues of H(@params), descending, by
 * Lanczos from a start vector drawn from @seed (lr-lanczos.h).  Returns the
 * number found (@k unless the parameter count is smaller). */
guint     lr_mlp_hvp_top_eigenvalues (LrMlpHvp           *hvp,
                                   const float           *params,
                                   guint                  k,
                                   guint64                seed,
                                   double                *eigenvalues);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrMlpHvp, lr_mlp_hvp_free)

G_END_DECLS
