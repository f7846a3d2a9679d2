/* lr-kernels.h: float32 matrix kernels and a the worker team they run on (internal)
 *
 * Results never depend on the number of threads: every output element is
 * computed by exactly one thread, always with the same sequence of
 * operations (k ascending).  One MLP trained with 1 or 2 threads gives
 * bit-identical parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-parallel.h"

G_BEGIN_DECLS

/* The kernels use at most this many threads of a team. */
#define LR_KERNELS_MAX_THREADS 16

/* C[M×N] = A[M×K] · B[K×N] (+ bias[N] broadcast over rows when non-NULL),
 * row-major with leading dimensions lda, ldb, ldc.  @a_trans: A is given
 * as its transpose, a K × M matrix with leading dimension lda (read in
 * place, not copied). */
void        lr_gemm                  (LrTeam      *team,
                                      guint        M,
                                      guint        N,
                                      guint        K,
                                      const float *A,
                                      gsize        lda,
                                      gboolean     a_trans,
                                      const float *B,
                                      gsize        ldb,
                                      const float *bias,
                                      float       *C,
                                      gsize        ldc);

/* dst[cols×rows] = src[rows×cols]ᵀ */
void        lr_transpose             (guint        rows,
                                      guint        cols,
                                      const float *src,
                                      gsize        lds,
                                      float       *dst,
                                      gsize        ldd);

typedef enum {
  LR_GEMM_PORTABLE,      /* plain C (GCC/clang vector extensions) */
  LR_GEMM_AVX2,          /* x86-64 AVX2 + FMA, chosen at run time */
  LR_GEMM_BLAS,          /* cblas_sgemm (built with -Dblas=openblas or auto) */
} LrGemmBackend;

/* The backend lr_gemm() uses: BLAS when built with it, else AVX2 when the
 * CPU has it, else portable.  The environment variable LRLAB_GEMM
 * (portable, avx2, blas) overrides the choice, for benchmarks. */
LrGemmBackend lr_gemm_get_backend    (void);
const char   *lr_gemm_backend_name   (LrGemmBackend backend);
/* FALSE if @backend is not available in this build or on this CPU. */
gboolean      lr_gemm_set_backend    (LrGemmBackend backend);

/* Memory aligned for the kernels (64 bytes), zero-filled; free with
 * lr_aligned_free(). */
float      *lr_aligned_new0          (gsize        n_floats);
/* The same, or NULL when the memory cannot be had (sizes from input or
 * from a user's model: the caller reports it). */
float      *lr_aligned_try_new0      (gsize        n_floats);
void        lr_aligned_free          (float       *p);

G_END_DECLS
