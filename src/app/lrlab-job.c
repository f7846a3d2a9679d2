/* lrlab-job.c: background work of the classifier on a small thread pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lrlab-job.h"

#define MAX_WRONG  24
#define MAX_UNITS  32

struct _LrlabJob
{
  GObject          parent_instance;

  LrlabJobRequest  request;
  LrlabJobResult   result;
  GMainContext    *context;     /* where signals and the callback run */
};

G_DEFINE_FINAL_TYPE (LrlabJob, lrlab_job, G_TYPE_OBJECT)

enum {
  STARTED,
  PROGRESS,
  N_SIGNALS
};

static guint signals [N_SIGNALS];
static gint n_workers;

/* ---- the object ---------------------------------------------------------- */

static void
analysis_free (LrlabJobAnalysis *analysis)
{
  g_free (analysis->confusion);
  g_free (analysis->wrong_pixels);
  g_strfreev (analysis->wrong_captions);
  g_free (analysis->weights);
  g_free (analysis);
}

static void
lrlab_job_finalize (GObject *object)
{
  LrlabJob *self = LRLAB_JOB (object);

  g_clear_pointer (&self->request.dataset, lr_dataset_unref);
  lr_train_config_clear (&self->request.config);
  g_free (self->result.records);
  g_clear_pointer (&self->result.analysis, analysis_free);
  g_clear_pointer (&self->result.lr_find, lr_lr_find_result_free);
  g_clear_pointer (&self->result.landscape, lr_landscape_free);
  for (guint r = 0; r < self->request.n_runs; r++)
    lr_train_config_clear (&self->request.runs[r]);
  g_free (self->request.runs);
  g_strfreev (self->request.run_specs);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (lrlab_job_parent_class)->finalize (object);
}

static void
lrlab_job_class_init (LrlabJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lrlab_job_finalize;

  /* A thread took the job. */
  signals [STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* @fraction of the job done; @record: the epoch just finished (a
   * const LrEpochRecord *, only during the call), or NULL between epochs. */
  signals [PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_POINTER);
}

static void
lrlab_job_init (LrlabJob *self)
{
  lr_train_config_init (&self->request.config);
}

LrlabJob *
lrlab_job_new (LrlabJobKind         kind,
               LrDataset           *dataset,
               const LrTrainConfig *config)
{
  LrlabJob *self;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (LRLAB_TYPE_JOB, NULL);
  self->request.kind = kind;
  self->request.dataset = lr_dataset_ref (dataset);
  lr_train_config_clear (&self->request.config);
  lr_train_config_copy (&self->request.config, config);
  return self;
}

LrlabJob *
lrlab_job_new_landscape (LrDataset               *dataset,
                         const LrTrainConfig     *configs,
                         const char * const      *specs,
                         guint                    n_runs,
                         const LrLandscapeConfig *landscape)
{
  LrlabJob *self;

  g_return_val_if_fail (n_runs > 0 && configs != NULL && specs != NULL, NULL);
  g_return_val_if_fail (landscape != NULL, NULL);

  self = lrlab_job_new (LRLAB_JOB_LANDSCAPE, dataset, &configs[0]);
  self->request.runs = g_new0 (LrTrainConfig, n_runs);
  self->request.run_specs = g_new0 (char *, n_runs + 1);
  for (guint r = 0; r < n_runs; r++)
    {
      lr_train_config_copy (&self->request.runs[r], &configs[r]);
      self->request.run_specs[r] = g_strdup (specs[r]);
    }
  self->request.n_runs = n_runs;
  self->request.landscape = *landscape;
  return self;
}

LrlabJobRequest *
lrlab_job_get_request (LrlabJob *self)
{
  g_return_val_if_fail (LRLAB_IS_JOB (self), NULL);
  return &self->request;
}

const LrlabJobResult *
lrlab_job_get_result (LrlabJob *self)
{
  g_return_val_if_fail (LRLAB_IS_JOB (self), NULL);
  return &self->result;
}

LrLrFindResult *
lrlab_job_steal_lr_find (LrlabJob *self)
{
  g_return_val_if_fail (LRLAB_IS_JOB (self), NULL);
  return g_steal_pointer (&self->result.lr_find);
}

LrLandscape *
lrlab_job_steal_landscape (LrlabJob *self)
{
  g_return_val_if_fail (LRLAB_IS_JOB (self), NULL);
  return g_steal_pointer (&self->result.landscape);
}

/* ---- progress, handed to the main thread --------------------------------- */

typedef struct {
  LrlabJob      *job;
  gboolean       started;
  gboolean       has_record;
  LrEpochRecord  record;
  double         fraction;
} Message;

static void
message_free (gpointer data)
{
  Message *msg = data;

  g_object_unref (msg->job);
  g_free (msg);
}

static gboolean
deliver (gpointer data)
{
  Message *msg = data;

  if (msg->started)
    g_signal_emit (msg->job, signals [STARTED], 0);
  else
    g_signal_emit (msg->job, signals [PROGRESS], 0, msg->fraction, msg->has_record ? &msg->record : NULL);
  return G_SOURCE_REMOVE;
}

static void
post (LrlabJob *self,
      Message  *msg)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  /* Always through a source: g_main_context_invoke() would call deliver()
   * right here, in the worker, whenever the main thread is not iterating. */
  msg->job = g_object_ref (self);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, msg, message_free);
  g_source_attach (source, self->context);
}

static void
on_train_progress (const LrTrainProgress *progress,
                   gpointer               user_data)
{
  LrlabJob *self = user_data;
  Message *msg;

  if (self->request.kind != LRLAB_JOB_LR_FIND && progress->kind != LR_TRAIN_PROGRESS_EPOCH)
    return;

  msg = g_new0 (Message, 1);
  msg->has_record = progress->kind == LR_TRAIN_PROGRESS_EPOCH && progress->record != NULL;
  if (msg->has_record)
    msg->record = *progress->record;
  msg->fraction = progress->n_steps ? (double) progress->step / progress->n_steps : 0;
  if (self->request.kind == LRLAB_JOB_LR_FIND && self->request.iters > 0)
    msg->fraction = (double) progress->batch / self->request.iters;
  post (self, msg);
}

/* ---- the worker ---------------------------------------------------------- */

static LrlabJobAnalysis *
analyse (LrDataset *dataset,
         LrTrainer *trainer)
{
  LrlabJobAnalysis *a = g_new0 (LrlabJobAnalysis, 1);
  const LrSplit *split = lr_trainer_get_split (trainer);
  LrMlp *mlp = lr_trainer_get_model (trainer);
  guint n_pixels = lr_dataset_get_n_pixels (dataset);
  guint pixel_max = MAX (lr_dataset_get_pixel_max (dataset), 1);
  const float *probs = lr_trainer_get_val_probs (trainer);
  const guint8 *predicted = lr_trainer_get_val_predicted (trainer);
  guint positions[MAX_WRONG];
  guint n_in, n_out;
  gsize w_off, b_off;

  a->n_classes = lr_dataset_get_n_classes (dataset);
  a->rows = lr_dataset_get_rows (dataset);
  a->cols = lr_dataset_get_cols (dataset);
  a->confusion = g_memdup2 (lr_trainer_get_confusion (trainer), (gsize) a->n_classes * a->n_classes * sizeof (guint));

  a->n_wrong = lr_trainer_get_confidently_wrong (trainer, positions, MAX_WRONG);
  a->wrong_pixels = g_new (float, (gsize) MAX (a->n_wrong, 1) * n_pixels);
  a->wrong_captions = g_new0 (char *, a->n_wrong + 1);
  for (guint i = 0; i < a->n_wrong; i++)
    {
      guint p = positions[i];
      const guint8 *img = lr_subset_image (&split->val, p, n_pixels);
      guint truth = lr_subset_label (&split->val, p);
      guint pred = predicted[p];

      for (guint k = 0; k < n_pixels; k++)
        a->wrong_pixels[(gsize) i * n_pixels + k] = (float) img[k] / pixel_max;
      a->wrong_captions[i] = g_strdup_printf ("%u → %u\n%.0f%%", truth, pred,
                                              100.0 * probs[(gsize) p * a->n_classes + pred]);
    }

  lr_mlp_get_layer (mlp, 0, &n_in, &n_out, &w_off, &b_off);
  a->n_units = MIN (n_out, MAX_UNITS);
  a->weights = g_new (float, (gsize) a->n_units * n_pixels);
  for (guint u = 0; u < a->n_units; u++)
    lr_trainer_get_input_weights (trainer, u, a->weights + (gsize) u * n_pixels);
  return a;
}

static void
keep_records (LrlabJob  *self,
              LrTrainer *trainer)
{
  const LrEpochRecord *r = lr_trainer_get_records (trainer, &self->result.n_records);

  self->result.records = self->result.n_records ? g_memdup2 (r, self->result.n_records * sizeof *r) : NULL;
}

static void
on_landscape_progress (double   fraction,
                       gpointer user_data)
{
  LrlabJob *self = user_data;
  Message *msg = g_new0 (Message, 1);

  msg->fraction = fraction;
  post (self, msg);
}

static gboolean
run (LrlabJob      *self,
     GCancellable  *cancellable,
     GError       **error)
{
  LrlabJobRequest *req = &self->request;
  g_autoptr(LrTrainer) trainer = NULL;
  gboolean ok;

  if (req->kind == LRLAB_JOB_LANDSCAPE)
    {
      self->result.landscape = lr_landscape_compute (req->dataset, req->runs,
                                                     (const char * const *) req->run_specs, req->n_runs,
                                                     &req->landscape, on_landscape_progress, self,
                                                     cancellable, error);
      return self->result.landscape != NULL;
    }

  trainer = lr_trainer_new (req->dataset, &req->config, error);
  if (trainer == NULL)
    return FALSE;
  if (req->kind == LRLAB_JOB_LR_FIND)
    {
      self->result.lr_find = lr_trainer_lr_find (trainer, req->start_lr, req->end_lr, req->iters,
                                                 on_train_progress, self, cancellable, error);
      return self->result.lr_find != NULL;
    }

  ok = lr_trainer_run (trainer, on_train_progress, self, cancellable, error);
  keep_records (self, trainer);
  if (!ok)
    return FALSE;
  self->result.diverged = lr_trainer_get_diverged (trainer);
  if (req->kind == LRLAB_JOB_TRAIN)
    self->result.analysis = analyse (req->dataset, trainer);
  return TRUE;
}

static void
pool_worker (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  LrlabJob *self = g_task_get_source_object (task);
  GError *error = NULL;
  Message *msg;

  if (g_task_return_error_if_cancelled (task))
    return;

  self->result.started = TRUE;
  msg = g_new0 (Message, 1);
  msg->started = TRUE;
  post (self, msg);
  if (run (self, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Range tests first; otherwise first come, first served. */
static gint
compare_tasks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  LrlabJob *ja = g_task_get_source_object ((GTask *) a);
  LrlabJob *jb = g_task_get_source_object ((GTask *) b);
  gboolean fa = ja->request.kind == LRLAB_JOB_LR_FIND;
  gboolean fb = jb->request.kind == LRLAB_JOB_LR_FIND;
  gsize sa = GPOINTER_TO_SIZE (g_task_get_task_data ((GTask *) a));
  gsize sb = GPOINTER_TO_SIZE (g_task_get_task_data ((GTask *) b));

  if (fa != fb)
    return fa ? -1 : 1;
  return sa < sb ? -1 : sa > sb;
}

GThreadPool *
lrlab_job_pool_new (guint max_parallel)
{
  GThreadPool *pool = g_thread_pool_new (pool_worker, NULL, (gint) MAX (max_parallel, 1), FALSE, NULL);

  g_thread_pool_set_sort_function (pool, compare_tasks, NULL);
  return pool;
}

void
lrlab_job_pool_free (GThreadPool *pool)
{
  g_thread_pool_free (pool, FALSE, FALSE);
}

/* ---- async ---------------------------------------------------------------- */

typedef struct {
  GAsyncReadyCallback callback;
  gpointer            user_data;
} Completion;

/* Counts the job out, then hands the result to the caller's callback. */
static void
job_completed (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Completion *completion = data;

  lrlab_job_release_worker ();
  if (completion->callback != NULL)
    completion->callback (source, result, completion->user_data);
  g_free (completion);
}

void
lrlab_job_run_async (LrlabJob            *self,
                     GThreadPool         *pool,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  static gsize serial;
  Completion *completion;
  GTask *task;

  g_return_if_fail (LRLAB_IS_JOB (self));
  g_return_if_fail (pool != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->context == NULL);

  completion = g_new0 (Completion, 1);
  completion->callback = callback;
  completion->user_data = user_data;
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, job_completed, completion);
  g_task_set_source_tag (task, lrlab_job_run_async);
  /* The order of arrival, for the pool's sort. */
  g_task_set_task_data (task, GSIZE_TO_POINTER (++serial), NULL);
  lrlab_job_hold_worker ();
  g_thread_pool_push (pool, task, NULL);
}

gboolean
lrlab_job_run_finish (LrlabJob      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (LRLAB_IS_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, lrlab_job_run_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
lrlab_job_get_n_workers (void)
{
  return (guint) g_atomic_int_get (&n_workers);
}

void
lrlab_job_hold_worker (void)
{
  g_atomic_int_inc (&n_workers);
}

void
lrlab_job_release_worker (void)
{
  g_atomic_int_dec_and_test (&n_workers);
}
