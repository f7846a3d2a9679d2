/* lr-landscape.c: the classifier's loss on a plane through its initial
 * weights — training with recorded iterates, the plane, the projections and
 * the batched grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-landscape-private.h"
#include "lr-lanczos.h"
#include "lr-mlp-hvp.h"
#include "lr-parallel.h"
#include "lr-random.h"

/* PCA runs on the Gram matrix of at most this many iterates, evenly chosen. */
#define MAX_PCA_ITERATES 240
/* Share of the training in the progress fraction; the grid is the rest. */
#define TRAIN_SHARE    0.6

typedef struct {
  char             *spec;
  float            *weights;       /* (n_points) × n_params; row 0 is θ0 */
  guint             n_points;
  LrLandscapePoint *points;
  LrEpochRecord    *records;
  guint             n_records;
  gboolean          diverged;
  double            explained;
} Run;

struct _LrLandscape
{
  LrLandscapeConfig  config;
  gsize              n_params;
  float             *theta0;
  double            *d1, *d2;
  double             explained[2];
  guint              G;
  double             span;
  double            *a, *b, *loss;
  double             grid_seconds;
  Run               *runs;
  guint              n_runs;
  LrLandscapeGrid    eval;
};

/* ---- configuration ------------------------------------------------------- */

static const char *const plane_names[] = { "pca", "endpoints", "random" };

void
lr_landscape_config_init (LrLandscapeConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->plane = LR_LANDSCAPE_PLANE_PCA;
  config->grid = LR_LANDSCAPE_DEFAULT_GRID;
}

gboolean
lr_landscape_plane_parse (const char        *text,
                          LrLandscapePlane  *plane,
                          GError           **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (plane_names); i++)
    if (g_strcmp0 (text, plane_names[i]) == 0)
      {
        *plane = (LrLandscapePlane) i;
        return TRUE;
      }
  g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
               "plane '%s' is not known; valid: pca, endpoints, random", text ? text : "");
  return FALSE;
}

const char *
lr_landscape_plane_name (LrLandscapePlane plane)
{
  g_return_val_if_fail ((guint) plane < G_N_ELEMENTS (plane_names), NULL);
  return plane_names[plane];
}

/* ---- the object ---------------------------------------------------------- */

void
lr_landscape_free (LrLandscape *self)
{
  if (self == NULL)
    return;

  for (guint r = 0; r < self->n_runs; r++)
    {
      g_free (self->runs[r].spec);
      g_free (self->runs[r].weights);
      g_free (self->runs[r].points);
      g_free (self->runs[r].records);
    }
  g_free (self->runs);
  _lr_landscape_grid_clear (&self->eval);
  g_free (self->theta0);
  g_free (self->d1);
  g_free (self->d2);
  g_free (self->a);
  g_free (self->b);
  g_free (self->loss);
  g_free (self);
}

/* ---- training with recorded iterates ------------------------------------ */

typedef struct {
  LrTrainer               *trainer;
  Run                     *run;
  gsize                    n_params;
  guint                    index;
  guint                    n_runs;
  LrLandscapeProgressFunc  progress;
  gpointer                 user_data;
} Recorder;

static void
record_epoch (const LrTrainProgress *progress,
              gpointer               data)
{
  Recorder *rec = data;
  Run *run = rec->run;

  if (progress->kind != LR_TRAIN_PROGRESS_EPOCH)
    return;

  memcpy (run->weights + (gsize) run->n_points * rec->n_params,
          lr_mlp_get_params (lr_trainer_get_model (rec->trainer)),
          rec->n_params * sizeof (float));
  run->n_points++;
  if (rec->progress != NULL && progress->n_steps > 0)
    rec->progress (TRAIN_SHARE * (rec->index + (double) progress->step / progress->n_steps) / rec->n_runs,
                   rec->user_data);
}

/* The model spec in its canonical form ("mlp:hidden=64,act=relu" and
 * "mlp:hidden=64" are one model); NULL when it does not parse. */
static char *
canonical_model (const LrTrainConfig *c)
{
  LrMlpConfig mc;

  if (!lr_mlp_config_parse (c->model ? c->model : LR_MLP_DEFAULT_SPEC, &mc, NULL))
    return NULL;
  return lr_mlp_config_to_spec (&mc);
}

static gboolean
same_setup (const LrTrainConfig *a,
            const LrTrainConfig *b)
{
  g_autofree char *ma = canonical_model (a);
  g_autofree char *mb = canonical_model (b);

  return g_strcmp0 (ma, mb) == 0 && a->seed == b->seed && a->batch_size == b->batch_size;
}

static gboolean
train_runs (LrLandscape             *self,
            LrDataset               *dataset,
            const LrTrainConfig     *configs,
            const char *const       *specs,
            LrLandscapeProgressFunc  progress,
            gpointer                 user_data,
            GCancellable            *cancellable,
            LrSplit                **split,
            LrMlp                  **arch,
            GError                 **error)
{
  for (guint r = 0; r < self->n_runs; r++)
    {
      g_autoptr(LrTrainer) trainer = NULL;
      Run *run = &self->runs[r];
      Recorder rec = { 0 };
      const LrEpochRecord *records;
      LrMlp *mlp;

      if (configs[r].epochs > LR_LANDSCAPE_MAX_EPOCHS)
        {
          g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                       "epochs: %u is out of range for a landscape; valid: 1 to %d",
                       configs[r].epochs, LR_LANDSCAPE_MAX_EPOCHS);
          return FALSE;
        }
      if (!same_setup (&configs[0], &configs[r]))
        {
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                       "run %u: every run of a landscape needs the same model, seed and batch size "
                       "(they start from the same weights)", r + 1);
          return FALSE;
        }
      trainer = lr_trainer_new (dataset, &configs[r], error);
      if (trainer == NULL)
        return FALSE;
      mlp = lr_trainer_get_model (trainer);
      if (r == 0)
        {
          self->n_params = lr_mlp_get_n_params (mlp);
          self->theta0 = g_memdup2 (lr_mlp_get_params (mlp), self->n_params * sizeof (float));
          *split = lr_split_new (dataset, configs[0].seed);
          *arch = lr_mlp_new (lr_mlp_get_config (mlp), lr_mlp_get_n_inputs (mlp),
                              lr_mlp_get_n_classes (mlp), 1, error);
          if (*arch == NULL)
            return FALSE;
        }

      run->spec = g_strdup (specs[r]);
      run->weights = g_new (float, (gsize) (configs[r].epochs + 1) * self->n_params);
      memcpy (run->weights, self->theta0, self->n_params * sizeof (float));
      run->n_points = 1;

      rec.trainer = trainer;
      rec.run = run;
      rec.n_params = self->n_params;
      rec.index = r;
      rec.n_runs = self->n_runs;
      rec.progress = progress;
      rec.user_data = user_data;
      if (!lr_trainer_run (trainer, record_epoch, &rec, cancellable, error))
        return FALSE;
      run->diverged = lr_trainer_get_diverged (trainer);
      records = lr_trainer_get_records (trainer, &run->n_records);
      run->records = g_memdup2 (records, run->n_records * sizeof *records);
    }
  return TRUE;
}

/* ---- the plane ----------------------------------------------------------- */

static gboolean
all_finite (const float *v,
            gsize        n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return FALSE;
  return TRUE;
}

static double
dot (const double *x,
     const double *y,
     gsize         n)
{
  double s = 0;

  for (gsize i = 0; i < n; i++)
    s += x[i] * y[i];
  return s;
}

static void
normalize (double *v,
           gsize   n)
{
  double norm = sqrt (dot (v, v, n));

  if (norm > 0)
    for (gsize i = 0; i < n; i++)
      v[i] /= norm;
}

/* Li et al.'s filter normalisation: each unit's incoming weights (a column
 * of W_l in our layout) scaled to that unit's norm in θ0; biases zero. */
static void
random_direction (const LrLandscapeGrid *e,
                  const float     *theta0,
                  LrRandom        *rng,
                  double          *d)
{
  memset (d, 0, e->n_params * sizeof (double));
  for (guint l = 0; l < e->n_layers; l++)
    {
      guint in = e->sizes[l], out = e->sizes[l + 1];
      gsize w = e->w_offset[l];

      for (gsize i = 0; i < (gsize) in * out; i++)
        d[w + i] = lr_random_normal (rng);
      for (guint o = 0; o < out; o++)
        {
          double nd = 0, nt = 0;

          for (guint i = 0; i < in; i++)
            {
              gsize k = w + (gsize) i * out + o;

              nd += d[k] * d[k];
              nt += (double) theta0[k] * theta0[k];
            }
          for (guint i = 0; i < in; i++)
            d[w + (gsize) i * out + o] *= nd > 0 ? sqrt (nt / nd) : 0;
        }
    }
}

/* The finite iterates of all runs (θ0 once), at most @max of them evenly
 * chosen, as pointers. */
static GPtrArray *
collect_iterates (LrLandscape *self,
                  guint        max)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GPtrArray *chosen;

  g_ptr_array_add (all, self->theta0);
  for (guint r = 0; r < self->n_runs; r++)
    for (guint p = 1; p < self->runs[r].n_points; p++)
      {
        float *w = self->runs[r].weights + (gsize) p * self->n_params;

        if (all_finite (w, self->n_params))
          g_ptr_array_add (all, w);
      }
  if (all->len <= max)
    return g_ptr_array_ref (all);

  chosen = g_ptr_array_new ();
  for (guint i = 0; i < max; i++)
    g_ptr_array_add (chosen, all->pdata[(gsize) i * (all->len - 1) / (max - 1)]);
  return chosen;
}

/* The mean of the iterates (float weights), in double. */
static double *
iterates_mean (LrLandscape *self,
               GPtrArray   *iterates)
{
  gsize P = self->n_params;
  double *mean = g_new0 (double, P);

  for (guint m = 0; m < iterates->len; m++)
    {
      const float *w = iterates->pdata[m];

      for (gsize i = 0; i < P; i++)
        mean[i] += w[i];
    }
  for (gsize i = 0; i < P && iterates->len > 0; i++)
    mean[i] /= iterates->len;
  return mean;
}

/* (w_m − mean) · (w_k − mean), the iterates read in place. */
static double
centred_dot (const float  *wm,
             const float  *wk,
             const double *mean,
             gsize         P)
{
  double s = 0;

  for (gsize i = 0; i < P; i++)
    s += (wm[i] - mean[i]) * (wk[i] - mean[i]);
  return s;
}

/* PCA by the Gram matrix of the centred iterates: its eigenvectors v_k
 * give the principal directions Xᵀ v_k / ‖Xᵀ v_k‖. */
static void
pca_directions (LrLandscape *self,
                LrRandom    *rng)
{
  g_autoptr(GPtrArray) iterates = collect_iterates (self, MAX_PCA_ITERATES);
  gsize P = self->n_params;
  guint M = iterates->len;
  g_autofree double *mean = iterates_mean (self, iterates);
  g_autofree double *gram = g_new (double, (gsize) M * M);
  g_autofree double *values = g_new (double, M);
  g_autofree double *vectors = g_new (double, (gsize) M * M);
  double *dirs[2] = { self->d1, self->d2 };

  for (guint i = 0; i < M; i++)
    for (guint j = 0; j <= i; j++)
      gram[(gsize) i * M + j] = gram[(gsize) j * M + i] =
        centred_dot (iterates->pdata[i], iterates->pdata[j], mean, P);
  lr_eigen_symmetric (gram, M, values, vectors);

  for (guint k = 0; k < 2; k++)
    {
      double *d = dirs[k];

      memset (d, 0, P * sizeof (double));
      if (k < M && values[k] > 1e-12 * MAX (values[0], 1e-300))
        for (guint m = 0; m < M; m++)
          {
            const float *w = iterates->pdata[m];
            double c = vectors[(gsize) m * M + k];

            for (gsize i = 0; i < P; i++)
              d[i] += c * (w[i] - mean[i]);
          }
      if (dot (d, d, P) == 0)
        {
          /* No variance left in this direction (a single step, or runs
           * that did not move): a random one orthogonal to the first. */
          random_direction (&self->eval, self->theta0, rng, d);
          if (k == 1)
            {
              double c = dot (d, self->d1, P);

              for (gsize i = 0; i < P; i++)
                d[i] -= c * self->d1[i];
            }
        }
      normalize (d, P);
    }

  /* Signs: the first run's last point on the positive side of both axes. */
  {
    const Run *run = &self->runs[0];
    const float *last = run->weights + (gsize) (run->n_points - 1) * P;

    for (guint k = 0; k < 2; k++)
      {
        double s = 0;

        for (gsize i = 0; i < P; i++)
          s += dirs[k][i] * ((double) last[i] - self->theta0[i]);
        if (s < 0)
          for (gsize i = 0; i < P; i++)
            dirs[k][i] = -dirs[k][i];
      }
  }
}

static gboolean
make_plane (LrLandscape  *self,
            GError      **error)
{
  gsize P = self->n_params;
  LrRandom rng;

  self->d1 = g_new0 (double, P);
  self->d2 = g_new0 (double, P);
  lr_random_init_stream (&rng, self->config.seed, LR_RANDOM_STREAM_PLANE);

  switch (self->config.plane)
    {
    case LR_LANDSCAPE_PLANE_PCA:
      pca_directions (self, &rng);
      break;

    case LR_LANDSCAPE_PLANE_ENDPOINTS:
      {
        double *dirs[2] = { self->d1, self->d2 };
        double g11, g12, g22;

        for (guint k = 0; k < 2; k++)
          {
            const Run *run = &self->runs[k];
            const float *last = run->weights + (gsize) (run->n_points - 1) * P;

            if (!all_finite (last, P))
              {
                g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                             "plane endpoints: run %u (%s) diverged; its final weights are not finite",
                             k + 1, run->spec);
                return FALSE;
              }
            for (gsize i = 0; i < P; i++)
              dirs[k][i] = (double) last[i] - (double) self->theta0[i];
          }
        g11 = dot (self->d1, self->d1, P);
        g12 = dot (self->d1, self->d2, P);
        g22 = dot (self->d2, self->d2, P);
        if (g11 == 0 || g22 == 0 || g11 * g22 - g12 * g12 <= 1e-12 * g11 * g22)
          {
            g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                         "plane endpoints: the two runs end on one line through the start "
                         "(or at the start), so they span no plane");
            return FALSE;
          }
      }
      break;

    case LR_LANDSCAPE_PLANE_RANDOM:
      random_direction (&self->eval, self->theta0, &rng, self->d1);
      random_direction (&self->eval, self->theta0, &rng, self->d2);
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* (a, b) minimising ‖θ0 + a·d1 + b·d2 − w‖. */
static void
project (const LrLandscape *self,
         const float       *w,
         double             g11,
         double             g12,
         double             g22,
         double            *a,
         double            *b)
{
  gsize P = self->n_params;
  double r1 = 0, r2 = 0, det = g11 * g22 - g12 * g12;

  for (gsize i = 0; i < P; i++)
    {
      double v = (double) w[i] - (double) self->theta0[i];

      r1 += self->d1[i] * v;
      r2 += self->d2[i] * v;
    }
  *a = (g22 * r1 - g12 * r2) / det;
  *b = (g11 * r2 - g12 * r1) / det;
}

/* Shares of variance along u1 = d1/‖d1‖ and u2 = (d2 − (d2·u1)u1)/‖…‖. */
static void
explained_shares (LrLandscape *self,
                  GPtrArray   *iterates,
                  double      *shares)
{
  gsize P = self->n_params;
  g_autofree double *mean = iterates_mean (self, iterates);
  g_autofree double *u1 = g_memdup2 (self->d1, P * sizeof (double));
  g_autofree double *u2 = g_memdup2 (self->d2, P * sizeof (double));
  double total = 0, s1 = 0, s2 = 0, c;

  normalize (u1, P);
  c = dot (u2, u1, P);
  for (gsize i = 0; i < P; i++)
    u2[i] -= c * u1[i];
  normalize (u2, P);

  for (guint m = 0; m < iterates->len; m++)
    {
      const float *w = iterates->pdata[m];
      double p1 = 0, p2 = 0, sq = 0;

      for (gsize i = 0; i < P; i++)
        {
          double v = w[i] - mean[i];

          p1 += v * u1[i];
          p2 += v * u2[i];
          sq += v * v;
        }
      total += sq;
      s1 += p1 * p1;
      s2 += p2 * p2;
    }
  shares[0] = total > 0 ? MIN (s1 / total, 1.0) : 0;
  shares[1] = total > 0 ? MIN (s2 / total, 1.0 - shares[0]) : 0;
}

typedef struct {
  LrLandscape             *self;
  GCancellable            *cancellable;
  GMutex                   lock;
  guint                    rows_done;
  LrLandscapeProgressFunc  progress;
  gpointer                 user_data;
} GridJob;

static void
grid_row (guint    j,
          gpointer data)
{
  GridJob *job = data;
  LrLandscape *self = job->self;
  guint G = self->G;
  LrLandscapeGridScratch s;

  if (g_cancellable_is_cancelled (job->cancellable))
    return;

  _lr_landscape_grid_scratch_init (&s, &self->eval);
  for (guint i = 0; i < G; i++)
    self->loss[(gsize) j * G + i] = _lr_landscape_grid_loss (&self->eval, &s, self->a[i], self->b[j]);
  _lr_landscape_grid_scratch_clear (&s);

  if (job->progress != NULL)
    {
      g_mutex_lock (&job->lock);
      job->rows_done++;
      job->progress (TRAIN_SHARE + (1 - TRAIN_SHARE) * job->rows_done / G, job->user_data);
      g_mutex_unlock (&job->lock);
    }
}

double
lr_landscape_loss_at (LrLandscape *self,
                      double       a,
                      double       b)
{
  LrLandscapeGridScratch s;
  double loss;

  g_return_val_if_fail (self != NULL, NAN);

  _lr_landscape_grid_scratch_init (&s, &self->eval);
  loss = _lr_landscape_grid_loss (&self->eval, &s, a, b);
  _lr_landscape_grid_scratch_clear (&s);
  return loss;
}

/* ---- all of it ----------------------------------------------------------- */

LrLandscape *
lr_landscape_compute (LrDataset               *dataset,
                      const LrTrainConfig     *configs,
                      const char *const       *specs,
                      guint                    n_runs,
                      const LrLandscapeConfig *config,
                      LrLandscapeProgressFunc  progress,
                      gpointer                 user_data,
                      GCancellable            *cancellable,
                      GError                 **error)
{
  g_autoptr(LrLandscape) self = NULL;
  g_autoptr(LrSplit) split = NULL;
  g_autoptr(LrMlp) arch = NULL;
  g_autoptr(LrMlpHvp) loss_fn = NULL;
  g_autoptr(GPtrArray) iterates = NULL;
  const LrSubset *train;
  float scale;
  double g11, g12, g22, far = 0;
  GridJob job = { 0 };
  gint64 start;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (configs != NULL && specs != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  if (n_runs == 0 || n_runs > LR_LANDSCAPE_MAX_RUNS)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "a landscape needs 1 to %d runs, got %u", LR_LANDSCAPE_MAX_RUNS, n_runs);
      return NULL;
    }
  if (config->plane == LR_LANDSCAPE_PLANE_ENDPOINTS && n_runs != 2)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "plane endpoints needs exactly two runs, got %u", n_runs);
      return NULL;
    }
  if (config->grid < LR_LANDSCAPE_MIN_GRID || config->grid > LR_LANDSCAPE_MAX_GRID)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "grid: %u is out of range; valid: %d to %d",
                   config->grid, LR_LANDSCAPE_MIN_GRID, LR_LANDSCAPE_MAX_GRID);
      return NULL;
    }
  if (!isfinite (config->span) || config->span < 0 || config->span > 1e6)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "span: %g is out of range; valid: above 0 up to 1e6 (0: automatic)", config->span);
      return NULL;
    }

  self = g_new0 (LrLandscape, 1);
  self->config = *config;
  self->n_runs = n_runs;
  self->runs = g_new0 (Run, n_runs);

  if (!train_runs (self, dataset, configs, specs, progress, user_data, cancellable, &split, &arch, error))
    return NULL;

  train = &split->train;
  scale = 1.f / MAX (lr_dataset_get_pixel_max (dataset), 1);
  _lr_landscape_grid_init (&self->eval, arch, train);
  if (!make_plane (self, error))
    return NULL;

  /* Points: projections and true losses. */
  g11 = dot (self->d1, self->d1, self->n_params);
  g12 = dot (self->d1, self->d2, self->n_params);
  g22 = dot (self->d2, self->d2, self->n_params);
  loss_fn = lr_mlp_hvp_new (arch, &train, 1, scale, config->n_threads);
  for (guint r = 0; r < n_runs; r++)
    {
      Run *run = &self->runs[r];

      run->points = g_new0 (LrLandscapePoint, run->n_points);
      for (guint p = 0; p < run->n_points; p++)
        {
          const float *w = run->weights + (gsize) p * self->n_params;
          LrLandscapePoint *pt = &run->points[p];

          pt->epoch = p;
          if (!all_finite (w, self->n_params))
            {
              pt->a = pt->b = pt->loss = NAN;
              continue;
            }
          if (p == 0)
            pt->a = pt->b = 0;
          else
            project (self, w, g11, g12, g22, &pt->a, &pt->b);
          pt->loss = lr_mlp_hvp_loss (loss_fn, w, NULL);
          if (isfinite (pt->a) && isfinite (pt->b))
            far = MAX (far, MAX (fabs (pt->a), fabs (pt->b)));
        }
    }

  /* What the plane holds: of all iterates, and of each run's own. */
  iterates = collect_iterates (self, G_MAXUINT);
  explained_shares (self, iterates, self->explained);
  for (guint r = 0; r < n_runs; r++)
    {
      g_autoptr(GPtrArray) own = g_ptr_array_new ();
      double shares[2];

      for (guint p = 0; p < self->runs[r].n_points; p++)
        {
          float *w = self->runs[r].weights + (gsize) p * self->n_params;

          if (all_finite (w, self->n_params))
            g_ptr_array_add (own, w);
        }
      explained_shares (self, own, shares);
      self->runs[r].explained = shares[0] + shares[1];
    }

  /* The grid. */
  self->G = config->grid;
  self->span = config->span > 0 ? config->span : far * LR_LANDSCAPE_AUTO_MARGIN;
  if (!(self->span > 0) || !isfinite (self->span))
    self->span = 1;
  self->a = g_new (double, self->G);
  self->b = g_new (double, self->G);
  self->loss = g_new (double, (gsize) self->G * self->G);
  for (guint i = 0; i < self->G; i++)
    {
      /* The middle node is exactly 0 for odd G. */
      double t = (2.0 * i - (self->G - 1)) / (self->G - 1);

      self->a[i] = self->b[i] = self->span * t;
    }

  start = g_get_monotonic_time ();
  _lr_landscape_grid_prepare (&self->eval, train, scale, self->theta0, self->d1, self->d2, config->n_threads);
  job.self = self;
  job.cancellable = cancellable;
  job.progress = progress;
  job.user_data = user_data;
  g_mutex_init (&job.lock);
  lr_parallel_for (self->G, config->n_threads, grid_row, &job);
  g_mutex_clear (&job.lock);
  self->grid_seconds = (g_get_monotonic_time () - start) / 1e6;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ---- accessors ----------------------------------------------------------- */

const LrLandscapeConfig *
lr_landscape_get_config (const LrLandscape *self)
{
  return &self->config;
}

guint
lr_landscape_get_grid_size (const LrLandscape *self)
{
  return self->G;
}

const double *
lr_landscape_get_a (const LrLandscape *self)
{
  return self->a;
}

const double *
lr_landscape_get_b (const LrLandscape *self)
{
  return self->b;
}

const double *
lr_landscape_get_loss (const LrLandscape *self)
{
  return self->loss;
}

double
lr_landscape_get_grid_seconds (const LrLandscape *self)
{
  return self->grid_seconds;
}

double
lr_landscape_get_span (const LrLandscape *self)
{
  return self->span;
}

void
lr_landscape_get_explained (const LrLandscape *self,
                            double            *explained)
{
  explained[0] = self->explained[0];
  explained[1] = self->explained[1];
}

guint
lr_landscape_get_n_runs (const LrLandscape *self)
{
  return self->n_runs;
}

const char *
lr_landscape_get_run_spec (const LrLandscape *self,
                           guint              run)
{
  g_return_val_if_fail (run < self->n_runs, NULL);
  return self->runs[run].spec;
}

const LrLandscapePoint *
lr_landscape_get_points (const LrLandscape *self,
                         guint              run,
                         guint             *n_points)
{
  g_return_val_if_fail (run < self->n_runs, NULL);
  if (n_points)
    *n_points = self->runs[run].n_points;
  return self->runs[run].points;
}

gboolean
lr_landscape_get_diverged (const LrLandscape *self,
                           guint              run)
{
  g_return_val_if_fail (run < self->n_runs, FALSE);
  return self->runs[run].diverged;
}

const LrEpochRecord *
lr_landscape_get_records (const LrLandscape *self,
                          guint              run,
                          guint             *n_records)
{
  g_return_val_if_fail (run < self->n_runs, NULL);
  if (n_records)
    *n_records = self->runs[run].n_records;
  return self->runs[run].records;
}

double
lr_landscape_get_run_explained (const LrLandscape *self,
                                guint              run)
{
  g_return_val_if_fail (run < self->n_runs, NAN);
  return self->runs[run].explained;
}
