/* lr-kernels.c: float32 matrix products for the MLP, run on an LrTeam (lr-parallel.c)
 *
 * One kernel shape serves the whole network: C = A·B (+ bias), row-major.
 * The forward pass is X·W, the weight gradient Xᵀ·dZ and the input gradient
 * dZ·Wᵀ (the transposes are copied first, which costs little next to the
 * products).  Each output element is accumulated by one thread over k in
 * ascending order, so results do not depend on how the work is split.
 *
 * Three backends: a portable one (GCC/clang vector extensions), an AVX2+FMA
 * one chosen at run time on x86-64, and OpenBLAS's cblas_sgemm when built
 * with its header.  OpenBLAS is loaded when a product first needs it, not
 * with the program: loading starts its thread pool, whose idle threads spin
 * for a while, which a program that draws figures and never trains would
 * pay for; and a missing library only means the other backends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lr-kernels.h"

#ifdef LR_HAVE_CBLAS
#include <cblas.h>
#include <gmodule.h>
#include <sys/resource.h>
#endif

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define LR_KERNELS_X86 1
#include <immintrin.h>
#else
#define LR_KERNELS_X86 0
#endif

/* Row blocks of the portable (4) and AVX2 (6) kernels both divide this, so
 * splitting rows at its multiples never changes which rows share a block. */
#define ROW_SPLIT_QUANTUM 12
/* Column splits at multiples of the widest vector panel. */
#define COL_SPLIT_QUANTUM 16
/* Below this many multiply-adds a product is not worth waking a thread. */
#define MIN_PARALLEL_WORK (256 * 1024)

/* ---- memory ------------------------------------------------------------- */

float *
lr_aligned_new0 (gsize n_floats)
{
  return g_aligned_alloc0 (MAX (n_floats, 1), sizeof (float), 64);
}

float *
lr_aligned_try_new0 (gsize n_floats)
{
#ifdef G_OS_UNIX
  void *p = NULL;

  /* g_aligned_alloc0 aborts when the memory cannot be had; this is the
   * same allocation (posix_memalign, freed by g_aligned_free) without it */
  if (n_floats > G_MAXSIZE / sizeof (float) - 64 ||
      posix_memalign (&p, 64, MAX (n_floats, 1) * sizeof (float)) != 0)
    return NULL;
  memset (p, 0, MAX (n_floats, 1) * sizeof (float));
  return p;
#else
  return lr_aligned_new0 (n_floats);
#endif
}

void
lr_aligned_free (float *p)
{
  g_aligned_free (p);
}

/* ---- backends ----------------------------------------------------------- */

/* A's element (i, k) is A[i·rs + k·cs]: (ld, 1) as stored, (1, ld) for a
 * transposed A, which then needs no copy.  @lda and @a_trans are kept as
 * given for BLAS: with one row or one column both strides can be 1, and
 * they no longer tell which way A is stored. */
typedef struct {
  guint        M, N, K;
  const float *A;
  gsize        rs, cs;
  gsize        lda;
  gboolean     a_trans;
  const float *B;
  gsize        ldb;
  const float *bias;
  float       *C;
  gsize        ldc;
} GemmArgs;

typedef void (*GemmBlockFunc) (const GemmArgs *g,
                               guint           m0,
                               guint           m1,
                               guint           n0,
                               guint           n1);

/* Portable: 4 × 8 blocks of GCC/clang vectors.  Each element is a chain of
 * separate multiplies and adds, in every code path alike. */
typedef float v4f __attribute__ ((vector_size (16)));

static inline v4f
load4 (const float *p)
{
  v4f v;
  memcpy (&v, p, sizeof v);
  return v;
}

static inline void
store4 (float *p,
        v4f    v)
{
  memcpy (p, &v, sizeof v);
}

static void
gemm_block_portable (const GemmArgs *g,
                     guint           m0,
                     guint           m1,
                     guint           n0,
                     guint           n1)
{
  const gsize rs = g->rs, cs = g->cs, ldb = g->ldb, ldc = g->ldc;
  const guint K = g->K;
  guint n = n0;

  for (; n + 8 <= n1; n += 8)
    {
      v4f z = { 0, 0, 0, 0 };
      v4f bias0 = g->bias ? load4 (g->bias + n) : z;
      v4f bias1 = g->bias ? load4 (g->bias + n + 4) : z;
      guint m = m0;

      for (; m + 4 <= m1; m += 4)
        {
          const float *a = g->A + m * rs;
          const float *b = g->B + n;
          v4f c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1;
          v4f c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;

          for (guint k = 0; k < K; k++, a += cs, b += ldb)
            {
              float x[4] = { a[0], a[rs], a[2 * rs], a[3 * rs] };
              v4f b0 = load4 (b), b1 = load4 (b + 4);

              c00 += x[0] * b0; c01 += x[0] * b1;
              c10 += x[1] * b0; c11 += x[1] * b1;
              c20 += x[2] * b0; c21 += x[2] * b1;
              c30 += x[3] * b0; c31 += x[3] * b1;
            }
          store4 (g->C + m * ldc + n, c00);
          store4 (g->C + m * ldc + n + 4, c01);
          store4 (g->C + (m + 1) * ldc + n, c10);
          store4 (g->C + (m + 1) * ldc + n + 4, c11);
          store4 (g->C + (m + 2) * ldc + n, c20);
          store4 (g->C + (m + 2) * ldc + n + 4, c21);
          store4 (g->C + (m + 3) * ldc + n, c30);
          store4 (g->C + (m + 3) * ldc + n + 4, c31);
        }
      for (; m < m1; m++)
        {
          const float *a = g->A + m * rs;
          const float *b = g->B + n;
          v4f c0 = bias0, c1 = bias1;

          for (guint k = 0; k < K; k++, a += cs, b += ldb)
            {
              float x = a[0];

              c0 += x * load4 (b);
              c1 += x * load4 (b + 4);
            }
          store4 (g->C + m * ldc + n, c0);
          store4 (g->C + m * ldc + n + 4, c1);
        }
    }

  for (; n < n1; n++)
    for (guint m = m0; m < m1; m++)
      {
        const float *a = g->A + m * rs;
        float c = g->bias ? g->bias[n] : 0.f;

        for (guint k = 0; k < K; k++)
          c += a[k * cs] * g->B[k * ldb + n];
        g->C[m * ldc + n] = c;
      }
}

#if LR_KERNELS_X86
/* AVX2 + FMA: 6 × 16 blocks (12 accumulators), then 1 × 16, 1 × 8 and
 * single columns; every element is the same chain of fused multiply-adds. */
#define AVX2_ATTR __attribute__ ((target ("avx2,fma")))

AVX2_ATTR static void
gemm_block_avx2 (const GemmArgs *g,
                 guint           m0,
                 guint           m1,
                 guint           n0,
                 guint           n1)
{
  const gsize rs = g->rs, cs = g->cs, ldb = g->ldb, ldc = g->ldc;
  const guint K = g->K;
  guint n = n0;

  for (; n + 16 <= n1; n += 16)
    {
      __m256 bias0 = g->bias ? _mm256_loadu_ps (g->bias + n) : _mm256_setzero_ps ();
      __m256 bias1 = g->bias ? _mm256_loadu_ps (g->bias + n + 8) : _mm256_setzero_ps ();
      guint m = m0;

      for (; m + 6 <= m1; m += 6)
        {
          const float *a = g->A + m * rs;
          const float *b = g->B + n;
          __m256 c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
          __m256 c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
          float *c = g->C + m * ldc + n;

          for (guint k = 0; k < K; k++, a += cs, b += ldb)
            {
              __m256 b0 = _mm256_loadu_ps (b), b1 = _mm256_loadu_ps (b + 8);
              __m256 x = _mm256_broadcast_ss (a);

              c00 = _mm256_fmadd_ps (x, b0, c00); c01 = _mm256_fmadd_ps (x, b1, c01);
              x = _mm256_broadcast_ss (a + rs);
              c10 = _mm256_fmadd_ps (x, b0, c10); c11 = _mm256_fmadd_ps (x, b1, c11);
              x = _mm256_broadcast_ss (a + 2 * rs);
              c20 = _mm256_fmadd_ps (x, b0, c20); c21 = _mm256_fmadd_ps (x, b1, c21);
              x = _mm256_broadcast_ss (a + 3 * rs);
              c30 = _mm256_fmadd_ps (x, b0, c30); c31 = _mm256_fmadd_ps (x, b1, c31);
              x = _mm256_broadcast_ss (a + 4 * rs);
              c40 = _mm256_fmadd_ps (x, b0, c40); c41 = _mm256_fmadd_ps (x, b1, c41);
              x = _mm256_broadcast_ss (a + 5 * rs);
              c50 = _mm256_fmadd_ps (x, b0, c50); c51 = _mm256_fmadd_ps (x, b1, c51);
            }
          _mm256_storeu_ps (c, c00); _mm256_storeu_ps (c + 8, c01); c += ldc;
          _mm256_storeu_ps (c, c10); _mm256_storeu_ps (c + 8, c11); c += ldc;
          _mm256_storeu_ps (c, c20); _mm256_storeu_ps (c + 8, c21); c += ldc;
          _mm256_storeu_ps (c, c30); _mm256_storeu_ps (c + 8, c31); c += ldc;
          _mm256_storeu_ps (c, c40); _mm256_storeu_ps (c + 8, c41); c += ldc;
          _mm256_storeu_ps (c, c50); _mm256_storeu_ps (c + 8, c51);
        }
      for (; m < m1; m++)
        {
          const float *a = g->A + m * rs;
          const float *b = g->B + n;
          __m256 c0 = bias0, c1 = bias1;

          for (guint k = 0; k < K; k++, a += cs, b += ldb)
            {
              __m256 x = _mm256_broadcast_ss (a);

              c0 = _mm256_fmadd_ps (x, _mm256_loadu_ps (b), c0);
              c1 = _mm256_fmadd_ps (x, _mm256_loadu_ps (b + 8), c1);
            }
          _mm256_storeu_ps (g->C + m * ldc + n, c0);
          _mm256_storeu_ps (g->C + m * ldc + n + 8, c1);
        }
    }

  for (; n + 8 <= n1; n += 8)
    {
      __m256 bias0 = g->bias ? _mm256_loadu_ps (g->bias + n) : _mm256_setzero_ps ();

      for (guint m = m0; m < m1; m++)
        {
          const float *a = g->A + m * rs;
          const float *b = g->B + n;
          __m256 c0 = bias0;

          for (guint k = 0; k < K; k++, a += cs, b += ldb)
            c0 = _mm256_fmadd_ps (_mm256_broadcast_ss (a), _mm256_loadu_ps (b), c0);
          _mm256_storeu_ps (g->C + m * ldc + n, c0);
        }
    }

  for (; n < n1; n++)
    for (guint m = m0; m < m1; m++)
      {
        const float *a = g->A + m * rs;
        __m128 c = _mm_set_ss (g->bias ? g->bias[n] : 0.f);

        for (guint k = 0; k < K; k++)
          c = _mm_fmadd_ss (_mm_set_ss (a[k * cs]), _mm_set_ss (g->B[k * ldb + n]), c);
        g->C[m * ldc + n] = _mm_cvtss_f32 (c);
      }
}
#endif

#ifdef LR_HAVE_CBLAS
static __typeof__ (cblas_sgemm) *blas_sgemm;
static void (*blas_set_num_threads) (int);

/* OpenBLAS maps a buffer of tens of MB per thread when it loads and,
 * when that mapping fails, spins forever.  Under an address-space or data
 * limit below this it is not loaded: the built-in kernels are used. */
#define BLAS_MIN_MEMORY_LIMIT ((rlim_t) 2 << 30)

static gboolean
memory_limited (void)
{
  static const int resources[] = { RLIMIT_AS, RLIMIT_DATA };

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      struct rlimit rl;

      if (getrlimit (resources[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
          rl.rlim_cur < BLAS_MIN_MEMORY_LIMIT)
        return TRUE;
    }
  return FALSE;
}

/* Loads OpenBLAS once; FALSE when it is not there (or memory is limited). */
static gboolean
blas_load (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      static const char *const names[] = { "libopenblas.so.0", "libopenblas.so" };
      GModule *module = NULL;
      gpointer sgemm = NULL, threads = NULL;
      gboolean limited = memory_limited ();

      for (guint i = 0; i < G_N_ELEMENTS (names) && module == NULL && !limited; i++)
        module = g_module_open (names[i], G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module != NULL && g_module_symbol (module, "cblas_sgemm", &sgemm) && sgemm != NULL)
        {
          g_module_make_resident (module);
          if (g_module_symbol (module, "openblas_set_num_threads", &threads))
            blas_set_num_threads = (void (*) (int)) threads;
          blas_sgemm = (__typeof__ (cblas_sgemm) *) sgemm;
        }
      else if (module != NULL)
        g_module_close (module);
      g_once_init_leave (&loaded, 1);
    }
  return blas_sgemm != NULL;
}

static void
gemm_block_blas (const GemmArgs *g,
                 guint           m0,
                 guint           m1,
                 guint           n0,
                 guint           n1)
{
  float beta = 0.f;

  if (m1 <= m0 || n1 <= n0)
    return;
  if (g->bias != NULL)
    {
      for (guint m = m0; m < m1; m++)
        memcpy (g->C + m * g->ldc + n0, g->bias + n0, (n1 - n0) * sizeof (float));
      beta = 1.f;
    }
  if (g->K == 0)
    {
      if (g->bias == NULL)
        for (guint m = m0; m < m1; m++)
          memset (g->C + m * g->ldc + n0, 0, (n1 - n0) * sizeof (float));
      return;
    }
  /* A transposed is a K × M matrix with leading dimension lda (≥ M); as
   * stored, an M × K one with lda ≥ K.  BLAS checks each leading dimension
   * against the full matrix (not the tile), so they are passed as given. */
  blas_sgemm (CblasRowMajor, g->a_trans ? CblasTrans : CblasNoTrans, CblasNoTrans,
              (int) (m1 - m0), (int) (n1 - n0), (int) g->K, 1.f,
              g->A + m0 * g->rs, (int) g->lda,
              g->B + n0, (int) g->ldb, beta,
              g->C + m0 * g->ldc + n0, (int) g->ldc);
}
#endif

static LrGemmBackend backend = LR_GEMM_PORTABLE;
static gsize backend_once = 0;

static gboolean
backend_available (LrGemmBackend b)
{
  switch (b)
    {
    case LR_GEMM_PORTABLE:
      return TRUE;
    case LR_GEMM_AVX2:
#if LR_KERNELS_X86
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
#else
      return FALSE;
#endif
    case LR_GEMM_BLAS:
#ifdef LR_HAVE_CBLAS
      return blas_load ();
#else
      return FALSE;
#endif
    default:
      return FALSE;
    }
}

static void
backend_prepare (LrGemmBackend b)
{
#ifdef LR_HAVE_CBLAS
  /* Our team splits the products; OpenBLAS threads on top would only
   * compete with it (and with parallel sweeps). */
  if (b == LR_GEMM_BLAS && blas_set_num_threads != NULL)
    blas_set_num_threads (1);
#else
  (void) b;
#endif
}

static void
backend_init (void)
{
  if (g_once_init_enter (&backend_once))
    {
      const char *env = g_getenv ("LRLAB_GEMM");
      LrGemmBackend chosen = LR_GEMM_PORTABLE;

      if (backend_available (LR_GEMM_BLAS))
        chosen = LR_GEMM_BLAS;
      else if (backend_available (LR_GEMM_AVX2))
        chosen = LR_GEMM_AVX2;

      if (env != NULL)
        for (LrGemmBackend b = LR_GEMM_PORTABLE; b <= LR_GEMM_BLAS; b++)
          if (g_ascii_strcasecmp (env, lr_gemm_backend_name (b)) == 0 && backend_available (b))
            chosen = b;

      backend_prepare (chosen);
      backend = chosen;
      g_once_init_leave (&backend_once, 1);
    }
}

LrGemmBackend
lr_gemm_get_backend (void)
{
  backend_init ();
  return backend;
}

const char *
lr_gemm_backend_name (LrGemmBackend b)
{
  switch (b)
    {
    case LR_GEMM_PORTABLE: return "portable";
    case LR_GEMM_AVX2:     return "avx2";
    case LR_GEMM_BLAS:     return "blas";
    default:               return "unknown";
    }
}

gboolean
lr_gemm_set_backend (LrGemmBackend b)
{
  backend_init ();
  if (!backend_available (b))
    return FALSE;
  backend_prepare (b);
  backend = b;
  return TRUE;
}

static GemmBlockFunc
backend_block_func (void)
{
  switch (lr_gemm_get_backend ())
    {
    case LR_GEMM_AVX2:
#if LR_KERNELS_X86
      return gemm_block_avx2;
#else
      break;
#endif
    case LR_GEMM_BLAS:
#ifdef LR_HAVE_CBLAS
      return gemm_block_blas;
#else
      break;
#endif
    case LR_GEMM_PORTABLE:
    default:
      break;
    }
  return gemm_block_portable;
}

/* ---- the product -------------------------------------------------------- */

/* OpenBLAS rounds differently for different shapes, so with BLAS the output
 * is always cut into the same tiles (whatever the number of threads) and
 * each tile is one call. */
#define BLAS_TILE 64

typedef struct {
  GemmArgs       args;
  GemmBlockFunc  block;
  gboolean       split_cols;
  gboolean       tiled;
  guint          n_tiles;
  guint          n_parts;       /* untiled: the output cut into this many parts */
} GemmJob;

static void
gemm_run_tiles (const GemmJob *job,
                guint          first,
                guint          last)
{
  const GemmArgs *g = &job->args;

  for (guint i = first; i < last; i++)
    {
      if (job->n_tiles == 1)
        job->block (g, 0, g->M, 0, g->N);
      else if (job->split_cols)
        job->block (g, 0, g->M, i * BLAS_TILE, MIN (g->N, (i + 1) * BLAS_TILE));
      else
        job->block (g, i * BLAS_TILE, MIN (g->M, (i + 1) * BLAS_TILE), 0, g->N);
    }
}

/* One BLAS tile (a task of the team's parallel-for). */
static void
gemm_tile (guint    tile,
           gpointer data)
{
  gemm_run_tiles (data, tile, tile + 1);
}

/* Part @part of @job->n_parts, cut at the split quanta (a task of the
 * team's parallel-for). */
static void
gemm_part (guint    part,
           gpointer data)
{
  GemmJob *job = data;
  const GemmArgs *g = &job->args;
  guint n_parts = job->n_parts;

  if (job->split_cols)
    {
      guint quanta = (g->N + COL_SPLIT_QUANTUM - 1) / COL_SPLIT_QUANTUM;
      guint n0 = MIN (g->N, (quanta * part / n_parts) * COL_SPLIT_QUANTUM);
      guint n1 = MIN (g->N, (quanta * (part + 1) / n_parts) * COL_SPLIT_QUANTUM);

      if (n1 > n0)
        job->block (g, 0, g->M, n0, n1);
    }
  else
    {
      guint quanta = (g->M + ROW_SPLIT_QUANTUM - 1) / ROW_SPLIT_QUANTUM;
      guint m0 = MIN (g->M, (quanta * part / n_parts) * ROW_SPLIT_QUANTUM);
      guint m1 = MIN (g->M, (quanta * (part + 1) / n_parts) * ROW_SPLIT_QUANTUM);

      if (m1 > m0)
        job->block (g, m0, m1, 0, g->N);
    }
}

void
lr_gemm (LrTeam      *team,
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
         gsize        ldc)
{
  GemmJob job = {
    { M, N, K, A, a_trans ? 1 : lda, a_trans ? lda : 1, lda, a_trans, B, ldb, bias, C, ldc },
    backend_block_func (),
    FALSE, FALSE, 1, 1,
  };
  guint n_threads = lr_team_get_n_threads (team);

  if (M == 0 || N == 0)
    return;

  if (lr_gemm_get_backend () == LR_GEMM_BLAS)
    {
      job.tiled = TRUE;
      if (N >= 2 * BLAS_TILE)
        {
          job.split_cols = TRUE;
          job.n_tiles = (N + BLAS_TILE - 1) / BLAS_TILE;
        }
      else if (M >= 2 * BLAS_TILE)
        job.n_tiles = (M + BLAS_TILE - 1) / BLAS_TILE;

      if (n_threads == 1 || job.n_tiles == 1 || (guint64) M * N * K < MIN_PARALLEL_WORK)
        gemm_run_tiles (&job, 0, job.n_tiles);
      else
        lr_team_for (team, job.n_tiles, gemm_tile, &job);
      return;
    }

  if (n_threads == 1 || (guint64) M * N * K < MIN_PARALLEL_WORK)
    {
      job.block (&job.args, 0, M, 0, N);
      return;
    }

  /* Columns when there are enough of them for everyone, else rows. */
  if (N >= 2 * COL_SPLIT_QUANTUM * n_threads)
    job.split_cols = TRUE;
  else if (M >= 2 * ROW_SPLIT_QUANTUM * n_threads)
    job.split_cols = FALSE;
  else
    {
      job.block (&job.args, 0, M, 0, N);
      return;
    }

  job.n_parts = n_threads;
  lr_team_for (team, job.n_parts, gemm_part, &job);
}

void
lr_transpose (guint        rows,
              guint        cols,
              const float *src,
              gsize        lds,
              float       *dst,
              gsize        ldd)
{
  /* 16 × 16 tiles keep both sides in cache. */
  for (guint r0 = 0; r0 < rows; r0 += 16)
    for (guint c0 = 0; c0 < cols; c0 += 16)
      {
        guint r1 = MIN (rows, r0 + 16), c1 = MIN (cols, c0 + 16);

        for (guint r = r0; r < r1; r++)
          for (guint c = c0; c < c1; c++)
            dst[(gsize) c * ldd + r] = src[(gsize) r * lds + c];
      }
}
