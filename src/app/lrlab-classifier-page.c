/* lrlab-classifier-page.c: the classifier view — data, model, training runs,
 * LR range test, learning-rate search, results and exports
 *
 * Background work runs in GTask threads on private copies (configuration,
 * a data set reference); progress comes back to the main thread through
 * g_main_context_invoke and results reach the page only while it is alive
 * (each job holds a weak reference to it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lr-spec.h"
#include "lrlab-classifier-export.h"
#include "lrlab-classifier-page.h"
#include "lrlab-classifier-result.h"
#include "lrlab-dialogs.h"
#include "lrlab-run-row.h"
#include "lrlab-util.h"

#define MAX_RUNS        6
#define MAX_PARALLEL    2
#define MAX_WRONG       24
#define MAX_UNITS       32
#define N_SAMPLES       18
#define STATE_KEY       "lrlab-classifier-state"

typedef enum {
  JOB_TRAIN,
  JOB_SEARCH,
  JOB_LR_FIND,
} JobKind;

typedef struct {
  /* Set by the main thread before the job starts; the worker reads them. */
  JobKind         kind;
  guint           generation;
  LrDataset      *dataset;
  LrTrainConfig   config;
  GCancellable   *cancellable;
  GMainContext   *context;
  double          start_lr;
  double          end_lr;
  guint           iters;

  /* Main thread only. */
  LrlabRun       *run;
  GWeakRef        page;

  /* Written by the worker, read by the main thread after completion. */
  LrEpochRecord  *records;
  guint           n_records;
  gboolean        diverged;
  guint          *confusion;
  guint           n_classes;
  guint           rows;
  guint           cols;
  float          *wrong_pixels;
  char          **wrong_captions;
  guint           n_wrong;
  float          *weights;
  guint           n_units;
  LrLrFindResult *lf;
} Job;

typedef struct {
  LrlabRunPhase  phase;
  guint          generation;
  GArray        *records;     /* LrEpochRecord */
  char          *status;
  guint          epochs;
} RunState;

struct _LrlabClassifierPage
{
  GtkWidget                 parent_instance;

  GSettings                *settings;
  LrDataset                *dataset;
  GCancellable             *load_cancellable;
  gboolean                  loading;
  char                     *data_error;
  char                     *model;
  guint                     epochs;
  guint                     batch_size;
  guint                     seed;
  gboolean                  updating;

  GListStore               *runs;
  GCancellable             *cancellable;      /* range test and search */
  GCancellable             *train_cancellable;
  GQueue                    queue;        /* Job *, waiting */
  guint                     n_running;
  guint                     generation;
  gboolean                  results_shown;

  /* range test */
  guint                     lf_generation;
  gboolean                  lf_running;
  LrlabRun                 *lf_run;
  double                    suggested_lr;
  LrLrFindResult           *lf_result_data;

  /* search */
  guint                     search_generation;
  guint                     search_total;
  guint                     search_done;
  double                    search_from;
  double                    search_to;
  GListStore               *results;
  double                    best_lr;
  char                     *words[3][3];
  GtkLabel                 *word_labels[3][3];

  /* results */
  guint                    *confusion;
  guint                     n_classes;

  /* template */
  GtkWidget                *paned;
  GtkSpinner               *load_spinner;
  GtkLabel                 *dataset_label;
  GtkLabel                 *data_error_label;
  LrlabClassifierImages    *sample_gallery;
  GtkEntry                 *hidden_entry;
  GtkDropDown              *activation_dropdown;
  GtkAdjustment            *batch_adjustment;
  GtkAdjustment            *epochs_adjustment;
  GtkAdjustment            *seed_adjustment;
  GtkLabel                 *model_error;
  GtkLabel                 *model_label;
  GtkListBox               *run_list;
  GtkLabel                 *status_label;
  GtkStack                 *view_stack;
  LrlabClassifierPlot      *loss_plot;
  LrlabClassifierPlot      *acc_plot;
  GtkEntry                 *lf_start_entry;
  GtkEntry                 *lf_end_entry;
  GtkAdjustment            *lf_iters_adjustment;
  GtkProgressBar           *lf_progress;
  GtkLabel                 *lf_explain;
  GtkLabel                 *lf_error;
  LrlabClassifierPlot      *lf_plot;
  GtkLabel                 *lf_result;
  GtkEntry                 *search_from_entry;
  GtkEntry                 *search_to_entry;
  GtkAdjustment            *search_count_adjustment;
  GtkSwitch                *search_random_switch;
  GtkProgressBar           *search_progress;
  GtkLabel                 *search_error;
  LrlabClassifierPlot      *search_acc_plot;
  LrlabClassifierPlot      *search_loss_plot;
  GtkColumnView            *search_view;
  GtkGrid                  *words_grid;
  GtkLabel                 *best_label;
  GtkLabel                 *results_label;
  LrlabClassifierConfusion *confusion_view;
  LrlabClassifierImages    *wrong_gallery;
  GtkLabel                 *weights_label;
  LrlabClassifierImages    *weights_gallery;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierPage, lrlab_classifier_page, GTK_TYPE_WIDGET)

static gint n_workers;

static void update_actions (LrlabClassifierPage *self);
static void update_plots (LrlabClassifierPage *self);
static void start_jobs (LrlabClassifierPage *self);

/* ---- jobs ------------------------------------------------------------- */

static void
job_free (Job *job)
{
  g_clear_pointer (&job->dataset, lr_dataset_unref);
  lr_train_config_clear (&job->config);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->records);
  g_free (job->confusion);
  g_free (job->wrong_pixels);
  g_strfreev (job->wrong_captions);
  g_free (job->weights);
  g_clear_pointer (&job->lf, lr_lr_find_result_free);
}

static void
job_release (Job *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_free);
}

/* The main-thread parts, dropped before the last reference can leave. */
static void
job_detach (Job *job)
{
  g_clear_object (&job->run);
  g_weak_ref_clear (&job->page);
}

static Job *
job_new (LrlabClassifierPage *self,
         JobKind              kind,
         guint                generation,
         LrlabRun            *run)
{
  Job *job = g_atomic_rc_box_new0 (Job);

  job->kind = kind;
  job->generation = generation;
  job->dataset = lr_dataset_ref (self->dataset);
  lr_train_config_init (&job->config);
  job->cancellable = g_object_ref (kind == JOB_TRAIN ? self->train_cancellable : self->cancellable);
  job->context = g_main_context_ref_thread_default ();
  job->run = run ? g_object_ref (run) : NULL;
  g_weak_ref_init (&job->page, self);
  return job;
}

static gboolean
job_set_run_config (LrlabClassifierPage  *self,
                    Job                  *job,
                    LrlabRun             *run,
                    GError              **error)
{
  g_autofree char *spec = lrlab_run_get_optimizer (run) ? g_strdup (lrlab_run_get_optimizer (run)) : NULL;
  const char *schedule = lrlab_run_get_schedule (run);

  if (!lr_optimizer_config_parse (spec, &job->config.optimizer, error))
    return FALSE;
  g_free (job->config.model);
  job->config.model = g_strdup (self->model);
  g_free (job->config.schedule);
  job->config.schedule = g_strdup (schedule && *schedule ? schedule : NULL);
  job->config.epochs = self->epochs;
  job->config.batch_size = self->batch_size;
  job->config.seed = self->seed;
  job->config.n_threads = 1;
  return TRUE;
}

typedef struct {
  Job           *job;
  LrEpochRecord  record;
  double         fraction;
  gboolean       is_epoch;
} ProgressMsg;

static void
progress_msg_free (gpointer data)
{
  ProgressMsg *msg = data;

  job_release (msg->job);
  g_free (msg);
}

static gboolean deliver_progress (gpointer data);

static void
job_progress (const LrTrainProgress *progress,
              gpointer               user_data)
{
  Job *job = user_data;
  ProgressMsg *msg;

  if (job->kind != JOB_LR_FIND && progress->kind != LR_TRAIN_PROGRESS_EPOCH)
    return;

  msg = g_new0 (ProgressMsg, 1);
  msg->job = g_atomic_rc_box_acquire (job);
  msg->is_epoch = progress->kind == LR_TRAIN_PROGRESS_EPOCH;
  if (msg->is_epoch && progress->record != NULL)
    msg->record = *progress->record;
  msg->fraction = progress->n_steps ? (double) progress->step / progress->n_steps : 0;
  if (job->kind == JOB_LR_FIND && job->iters > 0)
    msg->fraction = (double) progress->batch / job->iters;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, deliver_progress, msg, progress_msg_free);
}

static void
collect_results (Job       *job,
                 LrTrainer *trainer)
{
  const LrSplit *split = lr_trainer_get_split (trainer);
  LrMlp *mlp = lr_trainer_get_model (trainer);
  guint n_pixels = lr_dataset_get_n_pixels (job->dataset);
  guint pixel_max = MAX (lr_dataset_get_pixel_max (job->dataset), 1);
  const float *probs = lr_trainer_get_val_probs (trainer);
  const guint8 *predicted = lr_trainer_get_val_predicted (trainer);
  guint positions[MAX_WRONG];
  guint n_in, n_out;
  gsize w_off, b_off;

  job->n_classes = lr_dataset_get_n_classes (job->dataset);
  job->rows = lr_dataset_get_rows (job->dataset);
  job->cols = lr_dataset_get_cols (job->dataset);
  job->confusion = g_memdup2 (lr_trainer_get_confusion (trainer),
                              (gsize) job->n_classes * job->n_classes * sizeof (guint));

  job->n_wrong = lr_trainer_get_confidently_wrong (trainer, positions, MAX_WRONG);
  job->wrong_pixels = g_new (float, (gsize) MAX (job->n_wrong, 1) * n_pixels);
  job->wrong_captions = g_new0 (char *, job->n_wrong + 1);
  for (guint i = 0; i < job->n_wrong; i++)
    {
      guint p = positions[i];
      const guint8 *img = lr_subset_image (&split->val, p, n_pixels);
      guint truth = lr_subset_label (&split->val, p);
      guint pred = predicted[p];

      for (guint k = 0; k < n_pixels; k++)
        job->wrong_pixels[(gsize) i * n_pixels + k] = (float) img[k] / pixel_max;
      job->wrong_captions[i] = g_strdup_printf ("%u → %u\n%.0f%%", truth, pred,
                                                100.0 * probs[(gsize) p * job->n_classes + pred]);
    }

  lr_mlp_get_layer (mlp, 0, &n_in, &n_out, &w_off, &b_off);
  job->n_units = MIN (n_out, MAX_UNITS);
  job->weights = g_new (float, (gsize) job->n_units * n_pixels);
  for (guint u = 0; u < job->n_units; u++)
    lr_trainer_get_input_weights (trainer, u, job->weights + (gsize) u * n_pixels);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(LrTrainer) trainer = NULL;
  GError *error = NULL;

  trainer = lr_trainer_new (job->dataset, &job->config, &error);
  if (trainer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->kind == JOB_LR_FIND)
    {
      job->lf = lr_trainer_lr_find (trainer, job->start_lr, job->end_lr, job->iters,
                                    job_progress, job, cancellable, &error);
      if (job->lf == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  if (!lr_trainer_run (trainer, job_progress, job, cancellable, &error))
    {
      const LrEpochRecord *r = lr_trainer_get_records (trainer, &job->n_records);

      job->records = job->n_records ? g_memdup2 (r, job->n_records * sizeof *r) : NULL;
      g_task_return_error (task, error);
      return;
    }

  {
    const LrEpochRecord *r = lr_trainer_get_records (trainer, &job->n_records);

    job->records = job->n_records ? g_memdup2 (r, job->n_records * sizeof *r) : NULL;
  }
  job->diverged = lr_trainer_get_diverged (trainer);
  if (job->kind == JOB_TRAIN)
    collect_results (job, trainer);
  g_task_return_boolean (task, TRUE);
}

/* ---- run state ---------------------------------------------------------- */

static void
run_state_free (gpointer data)
{
  RunState *state = data;

  g_array_unref (state->records);
  g_free (state->status);
  g_free (state);
}

static RunState *
run_state (LrlabRun *run)
{
  RunState *state = g_object_get_data (G_OBJECT (run), STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (RunState, 1);
      state->records = g_array_new (FALSE, TRUE, sizeof (LrEpochRecord));
      g_object_set_data_full (G_OBJECT (run), STATE_KEY, state, run_state_free);
    }
  return state;
}

static void
update_status_labels (LrlabClassifierPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->run_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box;
      GtkLabel *label;
      LrlabRun *run;
      RunState *state;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      if (box == NULL)
        continue;
      label = g_object_get_data (G_OBJECT (box), "status-label");
      run = g_object_get_data (G_OBJECT (box), "run");
      if (label == NULL || run == NULL)
        continue;
      state = run_state (run);
      gtk_label_set_label (label, state->status ? state->status : "");
      gtk_widget_set_visible (GTK_WIDGET (label), state->status != NULL);
      if (state->phase == LRLAB_RUN_PHASE_DIVERGED || state->phase == LRLAB_RUN_PHASE_FAILED)
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
    }
}

static void
set_run_status (LrlabClassifierPage *self,
                LrlabRun            *run,
                LrlabRunPhase        phase,
                char                *status)
{
  RunState *state = run_state (run);

  state->phase = phase;
  g_free (state->status);
  state->status = status;
  update_status_labels (self);
}

static guint
count_phase (LrlabClassifierPage *self,
             LrlabRunPhase        phase)
{
  guint n = 0, count = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (run_state (run)->phase == phase)
        n++;
    }
  return n;
}

static void
update_status (LrlabClassifierPage *self)
{
  guint running = count_phase (self, LRLAB_RUN_PHASE_RUNNING);
  guint queued = count_phase (self, LRLAB_RUN_PHASE_QUEUED);
  g_autofree char *text = NULL;

  if (self->loading)
    text = g_strdup (_("Loading the data set…"));
  else if (running + queued > 0)
    text = g_strdup_printf (_("Training: %u running, %u waiting"), running, queued);
  else if (self->lf_running)
    text = g_strdup (_("Running the range test…"));
  else if (self->search_total > 0 && self->search_done < self->search_total)
    text = g_strdup_printf (_("Searching: %u of %u rates trained"), self->search_done, self->search_total);
  else
    {
      guint done = count_phase (self, LRLAB_RUN_PHASE_DONE);
      guint diverged = count_phase (self, LRLAB_RUN_PHASE_DIVERGED);

      if (done + diverged > 0)
        text = g_strdup_printf (_("%u trained, %u diverged"), done + diverged, diverged);
    }
  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
}

/* ---- plots -------------------------------------------------------------- */

static void
add_record_series (LrlabClassifierPlot *plot,
                   const char          *label,
                   const GdkRGBA       *color,
                   GArray              *records,
                   gsize                offset,
                   double               scale,
                   gboolean             dashed)
{
  g_autofree double *x = g_new (double, MAX (records->len, 1));
  g_autofree double *y = g_new (double, MAX (records->len, 1));
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    {
      const LrEpochRecord *r = &g_array_index (records, LrEpochRecord, i);
      double v = *(const double *) ((const char *) r + offset);

      if (!isfinite (v))
        continue;
      x[n] = r->epoch;
      y[n] = v * scale;
      n++;
    }
  lrlab_classifier_plot_add_series (plot, label, color, x, y, n, dashed, n < 2);
}

static void
update_plots (LrlabClassifierPage *self)
{
  guint count = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  lrlab_classifier_plot_clear (self->loss_plot);
  lrlab_classifier_plot_clear (self->acc_plot);
  if (self->epochs > 1)
    {
      lrlab_classifier_plot_set_x_range (self->loss_plot, 1, self->epochs);
      lrlab_classifier_plot_set_x_range (self->acc_plot, 1, self->epochs);
    }

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      RunState *state = run_state (run);
      const GdkRGBA *color = lrlab_run_get_color (run);
      g_autofree char *desc = NULL;
      g_autofree char *label = NULL;

      if (!lrlab_run_get_visible (run) || state->records->len == 0)
        continue;
      desc = lrlab_run_describe (run);
      label = state->phase == LRLAB_RUN_PHASE_DIVERGED ? g_strdup_printf (_("%s — diverged"), desc)
                                                       : g_strdup (desc);
      add_record_series (self->loss_plot, label, color, state->records,
                         G_STRUCT_OFFSET (LrEpochRecord, train_loss), 1, FALSE);
      add_record_series (self->loss_plot, NULL, color, state->records,
                         G_STRUCT_OFFSET (LrEpochRecord, val_loss), 1, TRUE);
      add_record_series (self->acc_plot, label, color, state->records,
                         G_STRUCT_OFFSET (LrEpochRecord, train_acc), 100, FALSE);
      add_record_series (self->acc_plot, NULL, color, state->records,
                         G_STRUCT_OFFSET (LrEpochRecord, val_acc), 100, TRUE);
      if (state->phase == LRLAB_RUN_PHASE_DIVERGED)
        {
          guint epoch = g_array_index (state->records, LrEpochRecord, state->records->len - 1).epoch;

          lrlab_classifier_plot_add_marker (self->loss_plot, epoch, _("diverged"), color, TRUE);
          lrlab_classifier_plot_add_marker (self->acc_plot, epoch, _("diverged"), color, TRUE);
        }
    }
}

/* ---- results of the first finished run ---------------------------------- */

static void
show_results (LrlabClassifierPage *self,
              Job                 *job)
{
  guint n_pixels = job->rows * job->cols;
  g_autofree char *desc = lrlab_run_describe (job->run);
  g_autofree char *text = NULL;
  double acc = job->n_records ? job->records[job->n_records - 1].val_acc : NAN;

  self->results_shown = TRUE;
  g_free (self->confusion);
  self->confusion = g_memdup2 (job->confusion, (gsize) job->n_classes * job->n_classes * sizeof (guint));
  self->n_classes = job->n_classes;

  text = g_strdup_printf (_("Validation results of the first run to finish (%s): accuracy %.1f%% after %u epochs."),
                          desc, 100 * acc, job->n_records);
  gtk_label_set_label (self->results_label, text);
  lrlab_classifier_confusion_set (self->confusion_view, job->confusion, job->n_classes, NULL, _("Confusion matrix"));
  lrlab_classifier_images_set (self->wrong_gallery, LRLAB_IMAGES_GREY, job->rows, job->cols, job->n_wrong,
                               job->wrong_pixels, (const char * const *) job->wrong_captions, NULL);
  lrlab_classifier_images_set (self->weights_gallery, LRLAB_IMAGES_SIGNED, job->rows, job->cols, job->n_units,
                               job->weights, NULL, NULL);
  g_free (text);
  text = g_strdup_printf (_("The weights into the first %u units of the first layer, one image each: red where a "
                            "bright pixel raises the unit’s input, blue where it lowers it."), job->n_units);
  gtk_label_set_label (self->weights_label, text);
  (void) n_pixels;
}

static void
clear_results (LrlabClassifierPage *self)
{
  self->results_shown = FALSE;
  g_clear_pointer (&self->confusion, g_free);
  self->n_classes = 0;
  gtk_label_set_label (self->results_label, _("Train the runs: the first one to finish is analysed here."));
  lrlab_classifier_confusion_set (self->confusion_view, NULL, 0, NULL, NULL);
  lrlab_classifier_images_clear (self->wrong_gallery);
  lrlab_classifier_images_clear (self->weights_gallery);
  gtk_label_set_label (self->weights_label, "");
}

/* ---- search results ------------------------------------------------------ */

static void
update_words (LrlabClassifierPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  double best_acc = 0, lo, hi;

  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 3; c++)
      g_clear_pointer (&self->words[r][c], g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabClassifierResult) res = g_list_model_get_item (G_LIST_MODEL (self->results), i);
      double acc = lrlab_classifier_result_get_val_acc (res);

      if (isfinite (acc) && acc > best_acc)
        best_acc = acc;
    }

  lo = log10 (self->search_from);
  hi = log10 (self->search_to);
  for (guint third = 0; third < 3 && n > 0 && hi > lo; third++)
    {
      double a = lo + (hi - lo) * third / 3.0, b = lo + (hi - lo) * (third + 1) / 3.0;
      double target = 0.9 * best_acc, fastest = NAN, third_best = 0;
      guint count = 0, diverged = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LrlabClassifierResult) res = g_list_model_get_item (G_LIST_MODEL (self->results), i);
          double pos = (log10 (lrlab_classifier_result_get_lr (res)) - lo) / (hi - lo);
          guint t = (guint) CLAMP (floor (pos * 3), 0, 2);
          double e;

          if (t != third)
            continue;
          count++;
          if (lrlab_classifier_result_get_diverged (res))
            diverged++;
          else if (lrlab_classifier_result_get_val_acc (res) > third_best)
            third_best = lrlab_classifier_result_get_val_acc (res);
          e = lrlab_classifier_result_epochs_to (res, target);
          if (isfinite (e) && !(e >= fastest))
            fastest = e;
        }
      if (count == 0)
        continue;

      self->words[third][0] = g_strdup_printf ("%.3g – %.3g", pow (10, a), pow (10, b));
      if (isfinite (fastest))
        self->words[third][1] = g_strdup_printf (_("Reaches %.0f%% accuracy in %.1f epochs"), 100 * target, fastest);
      else
        self->words[third][1] = g_strdup_printf (_("Never reaches %.0f%% accuracy"), 100 * target);
      if (diverged == count)
        self->words[third][2] = g_strdup (_("Diverges"));
      else if (diverged > 0)
        self->words[third][2] = g_strdup_printf (_("Unstable: %u of %u runs diverged, the others reach %.1f%%"),
                                                 diverged, count, 100 * third_best);
      else if (third_best >= best_acc - 0.01)
        self->words[third][2] = g_strdup_printf (_("Converges well: %.1f%%"), 100 * third_best);
      else
        self->words[third][2] = g_strdup_printf (_("Converges to a worse model: %.1f%%"), 100 * third_best);
    }

  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 3; c++)
      gtk_label_set_label (self->word_labels[r][c], self->words[r][c] ? self->words[r][c] : "—");
}

static void
update_search_view (LrlabClassifierPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree double *x = g_new (double, MAX (n, 1));
  g_autofree double *acc = g_new (double, MAX (n, 1));
  g_autofree double *loss = g_new (double, MAX (n, 1));
  guint n_acc = 0, n_loss = 0;
  double best = -1;
  GdkRGBA color;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (G_LIST_MODEL (self->results), i));
  for (guint i = 1; i < sorted->len; i++)
    for (guint j = i; j > 0 && lrlab_classifier_result_compare (sorted->pdata[j - 1], sorted->pdata[j], "lr") > 0; j--)
      {
        gpointer t = sorted->pdata[j];
        sorted->pdata[j] = sorted->pdata[j - 1];
        sorted->pdata[j - 1] = t;
      }

  self->best_lr = NAN;
  for (guint i = 0; i < sorted->len; i++)
    {
      LrlabClassifierResult *res = sorted->pdata[i];
      double lr = lrlab_classifier_result_get_lr (res);
      double a = lrlab_classifier_result_get_val_acc (res);
      double l = lrlab_classifier_result_get_val_loss (res);

      if (isfinite (a) && !lrlab_classifier_result_get_diverged (res))
        {
          x[n_acc] = lr;
          acc[n_acc++] = 100 * a;
          if (a > best)
            {
              best = a;
              self->best_lr = lr;
            }
        }
      if (isfinite (l) && l > 0 && !lrlab_classifier_result_get_diverged (res))
        loss[n_loss++] = l;
    }

  lrlab_palette_color (0, &color);
  lrlab_classifier_plot_clear (self->search_acc_plot);
  lrlab_classifier_plot_clear (self->search_loss_plot);
  lrlab_classifier_plot_add_series (self->search_acc_plot, _("validation accuracy"), &color, x, acc, n_acc, FALSE, TRUE);
  lrlab_classifier_plot_add_series (self->search_loss_plot, _("validation loss"), &color, x,
                                    loss, MIN (n_loss, n_acc), FALSE, TRUE);
  if (isfinite (self->best_lr))
    {
      GdkRGBA mark;

      lrlab_palette_color (1, &mark);
      lrlab_classifier_plot_add_marker (self->search_acc_plot, self->best_lr, _("best"), &mark, TRUE);
      lrlab_classifier_plot_add_marker (self->search_loss_plot, self->best_lr, _("best"), &mark, TRUE);
      text = g_strdup_printf (_("Best: learning rate %.3g, validation accuracy %.1f%%"), self->best_lr, 100 * best);
    }
  gtk_label_set_label (self->best_label, text ? text : "");
  update_words (self);
}

/* ---- delivery ------------------------------------------------------------ */

static gboolean
deliver_progress (gpointer data)
{
  ProgressMsg *msg = data;
  Job *job = msg->job;
  g_autoptr(LrlabClassifierPage) self = g_weak_ref_get (&job->page);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (job->kind == JOB_LR_FIND)
    {
      if (job->generation == self->lf_generation)
        gtk_progress_bar_set_fraction (self->lf_progress, CLAMP (msg->fraction, 0, 1));
    }
  else if (job->kind == JOB_TRAIN && msg->is_epoch && job->run != NULL)
    {
      RunState *state = run_state (job->run);

      if (state->generation != job->generation)
        return G_SOURCE_REMOVE;
      g_array_append_val (state->records, msg->record);
      set_run_status (self, job->run, LRLAB_RUN_PHASE_RUNNING,
                      g_strdup_printf (_("Epoch %u of %u: validation accuracy %.1f%%"),
                                       msg->record.epoch, state->epochs, 100 * msg->record.val_acc));
      update_plots (self);
    }
  return G_SOURCE_REMOVE;
}

static void
finish_train (LrlabClassifierPage *self,
              Job                 *job,
              GError              *error)
{
  RunState *state = run_state (job->run);

  if (state->generation != job->generation)
    return;

  g_array_set_size (state->records, 0);
  if (job->n_records)
    g_array_append_vals (state->records, job->records, job->n_records);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_run_status (self, job->run, LRLAB_RUN_PHASE_CANCELLED,
                    g_strdup_printf (_("Cancelled after %u epochs"), job->n_records));
  else if (error != NULL)
    set_run_status (self, job->run, LRLAB_RUN_PHASE_FAILED, g_strdup (error->message));
  else if (job->diverged)
    {
      const LrEpochRecord *last = &job->records[job->n_records - 1];

      set_run_status (self, job->run, LRLAB_RUN_PHASE_DIVERGED,
                      g_strdup_printf (_("Diverged in epoch %u: the loss blew up, the learning rate is too high"),
                                       last->epoch));
    }
  else
    {
      double seconds = 0;

      for (guint i = 0; i < job->n_records; i++)
        seconds += job->records[i].seconds;
      set_run_status (self, job->run, LRLAB_RUN_PHASE_DONE,
                      g_strdup_printf (_("Done: validation accuracy %.1f%% after %u epochs (%.2f s)"),
                                       100 * job->records[job->n_records - 1].val_acc, job->n_records, seconds));
    }

  if (error == NULL && job->confusion != NULL && !self->results_shown)
    show_results (self, job);
  update_plots (self);
}

static void
finish_search (LrlabClassifierPage *self,
               Job                 *job,
               GError              *error)
{
  LrSweepRow row = { 0 };
  g_autoptr(LrlabClassifierResult) result = NULL;

  if (job->generation != self->search_generation)
    return;
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->search_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->search_error), TRUE);
        }
      return;
    }

  row.lr = job->config.optimizer.lr;
  row.diverged = job->diverged;
  row.epochs = job->n_records;
  for (guint i = 0; i < job->n_records; i++)
    row.seconds += job->records[i].seconds;
  if (job->n_records > 0)
    {
      const LrEpochRecord *last = &job->records[job->n_records - 1];

      row.train_loss = last->train_loss;
      row.train_acc = last->train_acc;
      row.val_loss = last->val_loss;
      row.val_acc = last->val_acc;
    }
  else
    row.train_loss = row.train_acc = row.val_loss = row.val_acc = NAN;

  self->search_done++;
  gtk_progress_bar_set_fraction (self->search_progress, (double) self->search_done / MAX (self->search_total, 1));
  result = lrlab_classifier_result_new (&row, job->records, job->n_records);
  g_list_store_append (self->results, result);
  update_search_view (self);
}

static void
finish_lr_find (LrlabClassifierPage *self,
                Job                 *job,
                GError              *error)
{
  GdkRGBA raw, smooth, mark;
  g_autofree char *text = NULL;
  LrLrFindResult *r = job->lf;

  if (job->generation != self->lf_generation)
    return;
  self->lf_running = FALSE;
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->lf_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->lf_error), TRUE);
        }
      gtk_progress_bar_set_fraction (self->lf_progress, 0);
      return;
    }

  gtk_progress_bar_set_fraction (self->lf_progress, 1);
  g_clear_pointer (&self->lf_result_data, lr_lr_find_result_free);
  self->lf_result_data = g_steal_pointer (&job->lf);
  r = self->lf_result_data;
  g_set_object (&self->lf_run, job->run);
  self->suggested_lr = r->suggested_lr;

  gdk_rgba_parse (&raw, "rgba(128,128,128,0.6)");
  lrlab_palette_color (0, &smooth);
  lrlab_palette_color (1, &mark);
  lrlab_classifier_plot_clear (self->lf_plot);
  lrlab_classifier_plot_add_series (self->lf_plot, _("batch loss"), &raw, r->lr, r->loss, r->n, FALSE, FALSE);
  lrlab_classifier_plot_add_series (self->lf_plot, _("smoothed loss"), &smooth, r->lr, r->smoothed, r->n, FALSE, FALSE);
  if (isfinite (r->suggested_lr))
    {
      lrlab_classifier_plot_add_marker (self->lf_plot, r->suggested_lr, _("suggested"), &mark, FALSE);
      text = g_strdup_printf (_("Suggested learning rate: %.3g (steepest descent %.3g, minimum ÷ 10 %.3g)%s"),
                              r->suggested_lr, r->steepest_lr, r->min_div10_lr,
                              r->stopped_early ? _("; the test stopped once the loss blew up") : "");
    }
  else
    text = g_strdup (_("Too few points for a suggestion: run the test over more batches or a wider range."));
  gtk_label_set_label (self->lf_result, text);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(LrlabClassifierPage) self = g_weak_ref_get (&job->page);

  g_atomic_int_dec_and_test (&n_workers);
  g_task_propagate_boolean (G_TASK (result), &error);

  if (self != NULL)
    {
      self->n_running--;
      switch (job->kind)
        {
        case JOB_TRAIN:
          finish_train (self, job, error);
          break;
        case JOB_SEARCH:
          finish_search (self, job, error);
          break;
        case JOB_LR_FIND:
        default:
          finish_lr_find (self, job, error);
          break;
        }
      start_jobs (self);
      update_status (self);
      update_actions (self);
    }
  job_detach (job);
}

static void
start_job (LrlabClassifierPage *self,
           Job                 *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, job->cancellable, job_done, NULL);

  g_task_set_task_data (task, job, (GDestroyNotify) job_release);
  g_task_set_source_tag (task, start_job);
  self->n_running++;
  g_atomic_int_inc (&n_workers);
  if (job->kind == JOB_TRAIN)
    {
      RunState *state = run_state (job->run);

      if (state->generation == job->generation)
        set_run_status (self, job->run, LRLAB_RUN_PHASE_RUNNING, g_strdup (_("Training…")));
    }
  g_task_run_in_thread (task, job_thread);
}

static void
start_jobs (LrlabClassifierPage *self)
{
  while (self->n_running < MAX_PARALLEL && !g_queue_is_empty (&self->queue))
    start_job (self, g_queue_pop_head (&self->queue));
}

static void
drop_queue (LrlabClassifierPage *self)
{
  Job *job;

  while ((job = g_queue_pop_head (&self->queue)) != NULL)
    {
      if (job->kind == JOB_TRAIN && run_state (job->run)->generation == job->generation)
        set_run_status (self, job->run, LRLAB_RUN_PHASE_CANCELLED, g_strdup (_("Cancelled before it started")));
      job_detach (job);
      job_release (job);
    }
}

/* ---- data set ----------------------------------------------------------- */

static void
show_data_error (LrlabClassifierPage *self,
                 const char          *message)
{
  g_free (self->data_error);
  self->data_error = g_strdup (message);
  gtk_label_set_label (self->data_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->data_error_label), message != NULL);
}

static void
update_model_label (LrlabClassifierPage *self)
{
  LrMlpConfig config;
  guint in, classes;
  guint64 params = 0;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *count = NULL;

  if (self->dataset == NULL || !lr_mlp_config_parse (self->model, &config, NULL))
    {
      gtk_label_set_label (self->model_label, "");
      return;
    }
  in = lr_dataset_get_n_pixels (self->dataset);
  classes = lr_dataset_get_n_classes (self->dataset);
  g_string_append_printf (text, "%u", in);
  for (guint l = 0; l <= config.n_hidden; l++)
    {
      guint out = l < config.n_hidden ? config.hidden[l] : classes;

      params += (guint64) (in + 1) * out;
      g_string_append_printf (text, " → %u", out);
      in = out;
    }
  count = g_strdup_printf ("%" G_GUINT64_FORMAT, params);
  /* Translators: follows the layer sizes, as in "64 → 16 → 10 units: 1210
   * weights and biases"; %s is the number of weights and biases. */
  g_string_append_printf (text, _(" units: %s weights and biases"), count);
  gtk_label_set_label (self->model_label, text->str);
}

static void
set_dataset (LrlabClassifierPage *self,
             LrDataset           *dataset)
{
  const LrImageSet *train = lr_dataset_get_train (dataset);
  const LrImageSet *test = lr_dataset_get_test (dataset);
  guint n_pixels = lr_dataset_get_n_pixels (dataset);
  guint pixel_max = MAX (lr_dataset_get_pixel_max (dataset), 1);
  guint n = MIN (train->n, N_SAMPLES);
  g_autofree float *pixels = g_new (float, (gsize) MAX (n, 1) * n_pixels);
  g_auto(GStrv) captions = g_new0 (char *, n + 1);
  g_autofree char *text = NULL;
  gboolean digits = g_strcmp0 (lr_dataset_get_name (dataset), "digits") == 0;

  g_clear_pointer (&self->dataset, lr_dataset_unref);
  self->dataset = lr_dataset_ref (dataset);

  for (guint i = 0; i < n; i++)
    {
      for (guint k = 0; k < n_pixels; k++)
        pixels[(gsize) i * n_pixels + k] = (float) train->pixels[(gsize) i * n_pixels + k] / pixel_max;
      captions[i] = g_strdup_printf ("%u", train->labels[i]);
    }
  lrlab_classifier_images_set_tile_size (self->sample_gallery, 32);
  lrlab_classifier_images_set (self->sample_gallery, LRLAB_IMAGES_GREY,
                               lr_dataset_get_rows (dataset), lr_dataset_get_cols (dataset),
                               n, pixels, (const char * const *) captions, NULL);

  if (test != NULL)
    text = g_strdup_printf (_("%s: %u training images of %u × %u pixels; the %u test images check the model"),
                            digits ? _("Built-in digits") : lr_dataset_get_name (dataset),
                            train->n, lr_dataset_get_rows (dataset), lr_dataset_get_cols (dataset), test->n);
  else
    text = g_strdup_printf (_("%s: %u images of %u × %u pixels; a fifth of them is held out to check the model"),
                            digits ? _("Built-in digits") : lr_dataset_get_name (dataset),
                            train->n, lr_dataset_get_rows (dataset), lr_dataset_get_cols (dataset));
  gtk_label_set_label (self->dataset_label, text);
  update_model_label (self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LrDataset *dataset = lr_dataset_load_idx_dir (task_data, cancellable, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) lr_dataset_unref);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(LrlabClassifierPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) dataset = g_task_propagate_pointer (G_TASK (result), &error);
  const char *path = g_task_get_task_data (G_TASK (result));

  g_weak_ref_clear (ref);
  g_free (ref);
  g_atomic_int_dec_and_test (&n_workers);
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  self->loading = FALSE;
  g_clear_object (&self->load_cancellable);
  gtk_spinner_set_spinning (self->load_spinner, FALSE);
  if (dataset == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_data_error (self, error->message);
    }
  else
    {
      show_data_error (self, NULL);
      set_dataset (self, dataset);
      if (self->settings)
        g_settings_set_string (self->settings, "classifier-dataset", path);
    }
  update_status (self);
  update_actions (self);
}

void
lrlab_classifier_page_load_dataset (LrlabClassifierPage *self,
                                    const char          *source)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  g_return_if_fail (source != NULL);

  if (self->load_cancellable)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->load_spinner, FALSE);

  if (g_strcmp0 (source, "digits") == 0 || *source == '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrDataset) dataset = lr_dataset_load_digits (&error);

      if (dataset == NULL)
        show_data_error (self, error->message);
      else
        {
          show_data_error (self, NULL);
          set_dataset (self, dataset);
          if (self->settings)
            g_settings_set_string (self->settings, "classifier-dataset", "digits");
        }
    }
  else
    {
      g_autoptr(GTask) task = NULL;
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      self->load_cancellable = g_cancellable_new ();
      self->loading = TRUE;
      gtk_spinner_set_spinning (self->load_spinner, TRUE);
      task = g_task_new (NULL, self->load_cancellable, load_done, ref);
      g_task_set_task_data (task, g_strdup (source), g_free);
      g_atomic_int_inc (&n_workers);
      g_task_run_in_thread (task, load_thread);
    }
  update_status (self);
  update_actions (self);
}

LrDataset *
lrlab_classifier_page_get_dataset (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->dataset;
}

gboolean
lrlab_classifier_page_get_loading (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);
  return self->loading;
}

const char *
lrlab_classifier_page_get_data_error (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->data_error;
}

static void
folder_chosen (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LrlabClassifierPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = lrlab_folder_dialog_finish (source, result, &error);
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  path = g_file_get_path (folder);
  if (path == NULL)
    {
      show_data_error (self, _("The folder is not on a local disk"));
      return;
    }
  lrlab_classifier_page_load_dataset (self, path);
}

/* ---- model ---------------------------------------------------------------- */

static void
show_model (LrlabClassifierPage *self)
{
  LrMlpConfig config;
  g_autoptr(GString) hidden = g_string_new (NULL);

  if (!lr_mlp_config_parse (self->model, &config, NULL))
    return;
  for (guint i = 0; i < config.n_hidden; i++)
    g_string_append_printf (hidden, i ? "/%u" : "%u", config.hidden[i]);
  if (config.n_hidden == 0)
    g_string_append (hidden, "0");

  self->updating = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->hidden_entry)), hidden->str) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden->str);
  gtk_drop_down_set_selected (self->activation_dropdown, config.activation == LR_ACTIVATION_TANH ? 1 : 0);
  self->updating = FALSE;
  update_model_label (self);
}

gboolean
lrlab_classifier_page_set_model (LrlabClassifierPage  *self,
                                 const char           *spec,
                                 GError              **error)
{
  LrMlpConfig config;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  if (!lr_mlp_config_parse (spec, &config, error))
    return FALSE;
  g_free (self->model);
  self->model = lr_mlp_config_to_spec (&config);
  if (self->settings && !self->updating)
    g_settings_set_string (self->settings, "classifier-model", self->model);
  show_model (self);
  return TRUE;
}

const char *
lrlab_classifier_page_get_model (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->model;
}

static void
on_model_edited (LrlabClassifierPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  const char *hidden = gtk_editable_get_text (GTK_EDITABLE (self->hidden_entry));
  guint act = gtk_drop_down_get_selected (self->activation_dropdown);

  if (self->updating)
    return;
  spec = g_strdup_printf ("mlp:hidden=%s,act=%s", *hidden ? hidden : "0", act == 1 ? "tanh" : "relu");
  if (!lrlab_classifier_page_set_model (self, spec, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->hidden_entry), "error");
      gtk_label_set_label (self->model_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->model_error), TRUE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->model_error), FALSE);
}

void
lrlab_classifier_page_set_schedule (LrlabClassifierPage *self,
                                    guint                epochs,
                                    guint                batch_size,
                                    guint                seed)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  gtk_adjustment_set_value (self->epochs_adjustment, CLAMP (epochs, 1, LR_TRAIN_MAX_EPOCHS));
  gtk_adjustment_set_value (self->batch_adjustment, CLAMP (batch_size, 1, LR_TRAIN_MAX_BATCH_SIZE));
  gtk_adjustment_set_value (self->seed_adjustment, MIN (seed, (guint) G_MAXINT));
}

static void
on_schedule_changed (LrlabClassifierPage *self)
{
  self->epochs = (guint) gtk_adjustment_get_value (self->epochs_adjustment);
  self->batch_size = (guint) gtk_adjustment_get_value (self->batch_adjustment);
  self->seed = (guint) gtk_adjustment_get_value (self->seed_adjustment);
}

/* ---- runs ----------------------------------------------------------------- */

GListModel *
lrlab_classifier_page_get_runs (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return G_LIST_MODEL (self->runs);
}

gboolean
lrlab_classifier_page_add_run (LrlabClassifierPage *self)
{
  guint n;
  g_autoptr(LrlabRun) run = NULL;
  GdkRGBA color;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  if (n >= MAX_RUNS)
    return FALSE;
  lrlab_palette_color (n, &color);
  if (n > 0)
    {
      g_autoptr(LrlabRun) last = g_list_model_get_item (G_LIST_MODEL (self->runs), n - 1);

      run = lrlab_run_duplicate (last);
      lrlab_run_set_color (run, &color);
    }
  else
    run = lrlab_run_new ("adam:lr=0.001", NULL, &color);
  g_list_store_append (self->runs, run);
  return TRUE;
}

gboolean
lrlab_classifier_page_set_runs (LrlabClassifierPage  *self,
                                const char * const   *runs,
                                GError              **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);
  g_return_val_if_fail (runs != NULL, FALSE);

  for (guint i = 0; runs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (runs[i], "@", 2);
      GdkRGBA color;
      LrlabRun *run;

      if (i >= MAX_RUNS)
        {
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE, _("At most %u runs; “%s” is one too many"), MAX_RUNS, runs[i]);
          return FALSE;
        }
      lrlab_palette_color (i, &color);
      run = lrlab_run_new (NULL, NULL, &color);
      g_ptr_array_add (list, run);
      if (!lrlab_run_set_optimizer (run, parts[0], error))
        return FALSE;
      if (parts[1] != NULL && !lrlab_run_set_schedule (run, parts[1], error))
        return FALSE;
    }
  g_list_store_splice (self->runs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->runs)),
                       list->pdata, list->len);
  return TRUE;
}

static void
on_row_duplicate (LrlabRunRow         *row,
                  LrlabClassifierPage *self)
{
  LrlabRun *run = lrlab_run_row_get_run (row);
  g_autoptr(LrlabRun) copy = NULL;
  guint pos;
  GdkRGBA color;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) >= MAX_RUNS)
    return;
  copy = lrlab_run_duplicate (run);
  lrlab_palette_color (g_list_model_get_n_items (G_LIST_MODEL (self->runs)), &color);
  lrlab_run_set_color (copy, &color);
  if (g_list_store_find (self->runs, run, &pos))
    g_list_store_insert (self->runs, pos + 1, copy);
}

static void
on_row_remove (LrlabRunRow         *row,
               LrlabClassifierPage *self)
{
  guint pos;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 1
      && g_list_store_find (self->runs, lrlab_run_row_get_run (row), &pos))
    g_list_store_remove (self->runs, pos);
}

static GtkWidget *
create_run_row (gpointer item,
                gpointer user_data)
{
  LrlabClassifierPage *self = user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *row = lrlab_run_row_new (LRLAB_RUN (item));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (box), "status-label", label);
  g_object_set_data_full (G_OBJECT (box), "run", g_object_ref (item), g_object_unref);

  g_signal_connect (row, "duplicate", G_CALLBACK (on_row_duplicate), self);
  g_signal_connect (row, "remove", G_CALLBACK (on_row_remove), self);
  return box;
}

static void
on_runs_changed (GListModel          *model,
                 guint                position,
                 guint                removed,
                 guint                added,
                 LrlabClassifierPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (model, i);

      run_state (run);
      g_signal_connect_object (run, "notify::visible", G_CALLBACK (update_plots), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (run, "changed", G_CALLBACK (update_plots), self, G_CONNECT_SWAPPED);
    }
  update_status_labels (self);
  update_plots (self);
  update_actions (self);
}

/* ---- training ------------------------------------------------------------- */

void
lrlab_classifier_page_train (LrlabClassifierPage *self)
{
  guint n;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  if (self->dataset == NULL)
    return;

  /* Restart: the training under way stops and its results are ignored. */
  self->generation++;
  g_cancellable_cancel (self->train_cancellable);
  g_object_unref (self->train_cancellable);
  self->train_cancellable = g_cancellable_new ();
  for (GList *l = self->queue.head; l != NULL;)
    {
      Job *job = l->data;
      GList *next = l->next;

      if (job->kind == JOB_TRAIN)
        {
          g_queue_delete_link (&self->queue, l);
          job_detach (job);
          job_release (job);
        }
      l = next;
    }
  clear_results (self);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      RunState *state = run_state (run);
      g_autoptr(GError) error = NULL;
      Job *job;

      state->generation = self->generation;
      state->epochs = self->epochs;
      g_array_set_size (state->records, 0);

      job = job_new (self, JOB_TRAIN, self->generation, run);
      if (!job_set_run_config (self, job, run, &error))
        {
          set_run_status (self, run, LRLAB_RUN_PHASE_FAILED, g_strdup (error->message));
          job_detach (job);
          job_release (job);
          continue;
        }
      set_run_status (self, run, LRLAB_RUN_PHASE_QUEUED, g_strdup (_("Waiting for a free processor")));
      g_queue_push_tail (&self->queue, job);
    }
  start_jobs (self);
  update_plots (self);
  update_status (self);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->view_stack, "training");
}

void
lrlab_classifier_page_cancel (LrlabClassifierPage *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->train_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->train_cancellable);
  self->cancellable = g_cancellable_new ();
  self->train_cancellable = g_cancellable_new ();
  drop_queue (self);
  if (self->lf_running)
    {
      self->lf_running = FALSE;
      self->lf_generation++;
      gtk_progress_bar_set_fraction (self->lf_progress, 0);
    }
  if (self->search_done < self->search_total)
    self->search_total = self->search_done;
  update_status (self);
  update_actions (self);
}

gboolean
lrlab_classifier_page_get_busy (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);
  return self->loading || self->n_running > 0 || !g_queue_is_empty (&self->queue);
}

LrlabRunPhase
lrlab_classifier_page_get_run_phase (LrlabClassifierPage *self,
                                     LrlabRun            *run)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), LRLAB_RUN_PHASE_IDLE);
  g_return_val_if_fail (LRLAB_IS_RUN (run), LRLAB_RUN_PHASE_IDLE);
  return run_state (run)->phase;
}

const LrEpochRecord *
lrlab_classifier_page_get_run_records (LrlabClassifierPage *self,
                                       LrlabRun            *run,
                                       guint               *n_records)
{
  RunState *state;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  g_return_val_if_fail (LRLAB_IS_RUN (run), NULL);

  state = run_state (run);
  if (n_records)
    *n_records = state->records->len;
  return (const LrEpochRecord *) (gpointer) state->records->data;
}

const char *
lrlab_classifier_page_get_run_status (LrlabClassifierPage *self,
                                      LrlabRun            *run)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  g_return_val_if_fail (LRLAB_IS_RUN (run), NULL);
  return run_state (run)->status;
}

/* ---- range test and search ------------------------------------------------ */

static LrlabRun *
selected_run (LrlabClassifierPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->run_list);
  guint index = row ? (guint) gtk_list_box_row_get_index (row) : 0;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->runs), index);
}

static gboolean
parse_rate (GtkEntry   *entry,
            double     *value,
            GError    **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (!lr_parse_double (text, value) || !isfinite (*value) || *value <= 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   _("“%s” is not a learning rate; type a positive number such as 1e-4"), text);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  return TRUE;
}

void
lrlab_classifier_page_lr_find (LrlabClassifierPage *self)
{
  g_autoptr(LrlabRun) run = NULL;
  g_autoptr(GError) error = NULL;
  double start, end;
  Job *job;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->lf_error), FALSE);
  run = selected_run (self);
  if (self->dataset == NULL || run == NULL)
    return;
  if (!parse_rate (self->lf_start_entry, &start, &error) || !parse_rate (self->lf_end_entry, &end, &error))
    goto fail;
  if (!(start < end))
    {
      g_set_error (&error, LR_ERROR, LR_ERROR_VALUE, _("The first rate (%g) must be below the last (%g)"), start, end);
      goto fail;
    }

  self->lf_generation++;
  job = job_new (self, JOB_LR_FIND, self->lf_generation, run);
  if (!job_set_run_config (self, job, run, &error))
    {
      job_detach (job);
      job_release (job);
      goto fail;
    }
  job->config.n_threads = 0;
  job->start_lr = start;
  job->end_lr = end;
  job->iters = (guint) gtk_adjustment_get_value (self->lf_iters_adjustment);
  self->lf_running = TRUE;
  gtk_progress_bar_set_fraction (self->lf_progress, 0);
  g_queue_push_head (&self->queue, job);
  start_jobs (self);
  update_status (self);
  update_actions (self);
  return;

fail:
  gtk_label_set_label (self->lf_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->lf_error), TRUE);
}

double
lrlab_classifier_page_get_suggested_lr (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NAN);
  return self->suggested_lr;
}

static double
round3 (double value)
{
  char buf[32];

  g_ascii_formatd (buf, sizeof buf, "%.3g", value);
  return g_ascii_strtod (buf, NULL);
}

gboolean
lrlab_classifier_page_use_suggested_lr (LrlabClassifierPage *self)
{
  guint pos;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  if (!isfinite (self->suggested_lr) || self->lf_run == NULL
      || !g_list_store_find (self->runs, self->lf_run, &pos))
    return FALSE;
  lrlab_run_set_lr (self->lf_run, round3 (self->suggested_lr));
  return TRUE;
}

gboolean
lrlab_classifier_page_search (LrlabClassifierPage  *self,
                              double                from,
                              double                to,
                              guint                 count,
                              gboolean              random,
                              GError              **error)
{
  g_autoptr(LrlabRun) first = NULL;
  g_autofree double *lrs = NULL;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  if (!(isfinite (from) && isfinite (to) && from > 0 && from < to))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   _("The search range %g … %g is not valid: it needs 0 < from < to"), from, to);
      return FALSE;
    }
  if (count < 1 || count > LR_SWEEP_MAX_RUNS)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE, _("%u rates: the search trains 1 to %u"), count, LR_SWEEP_MAX_RUNS);
      return FALSE;
    }
  if (self->dataset == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE, _("No data set or no run to search with"));
      return FALSE;
    }

  first = g_list_model_get_item (G_LIST_MODEL (self->runs), 0);
  lrs = random ? lr_sweep_random (from, to, count, self->seed) : lr_sweep_grid (from, to, count);

  /* Check the run once before queueing every rate. */
  {
    Job *probe = job_new (self, JOB_SEARCH, 0, NULL);
    gboolean ok = job_set_run_config (self, probe, first, error);

    job_detach (probe);
    job_release (probe);
    if (!ok)
      return FALSE;
  }

  self->search_generation++;
  self->search_total = count;
  self->search_done = 0;
  self->search_from = from;
  self->search_to = to;
  g_list_store_remove_all (self->results);
  gtk_widget_set_visible (GTK_WIDGET (self->search_error), FALSE);
  gtk_progress_bar_set_fraction (self->search_progress, 0);

  for (guint i = 0; i < count; i++)
    {
      Job *job = job_new (self, JOB_SEARCH, self->search_generation, NULL);

      job_set_run_config (self, job, first, NULL);
      lr_optimizer_config_set (&job->config.optimizer, "lr", lrs[i], NULL);
      g_queue_push_tail (&self->queue, job);
    }
  update_search_view (self);
  start_jobs (self);
  update_status (self);
  update_actions (self);
  return TRUE;
}

GListModel *
lrlab_classifier_page_get_search_results (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return G_LIST_MODEL (self->results);
}

double
lrlab_classifier_page_get_best_lr (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NAN);
  return self->best_lr;
}

gboolean
lrlab_classifier_page_use_best_lr (LrlabClassifierPage *self)
{
  g_autoptr(LrlabRun) first = NULL;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  if (!isfinite (self->best_lr) || g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    return FALSE;
  first = g_list_model_get_item (G_LIST_MODEL (self->runs), 0);
  lrlab_run_set_lr (first, round3 (self->best_lr));
  return TRUE;
}

const char *
lrlab_classifier_page_get_words (LrlabClassifierPage *self,
                                 guint                row,
                                 guint                column)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  g_return_val_if_fail (row < 3 && column < 3, NULL);
  return self->words[row][column];
}

/* ---- views ---------------------------------------------------------------- */

void
lrlab_classifier_page_set_view (LrlabClassifierPage *self,
                                const char          *name)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  if (gtk_stack_get_child_by_name (self->view_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->view_stack, name);
}

const char *
lrlab_classifier_page_get_view (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->view_stack);
}

LrlabClassifierPlot *
lrlab_classifier_page_get_plot (LrlabClassifierPage *self,
                                const char          *name)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);

  if (g_strcmp0 (name, "loss") == 0)
    return self->loss_plot;
  if (g_strcmp0 (name, "accuracy") == 0)
    return self->acc_plot;
  if (g_strcmp0 (name, "lr-find") == 0)
    return self->lf_plot;
  if (g_strcmp0 (name, "search-accuracy") == 0)
    return self->search_acc_plot;
  if (g_strcmp0 (name, "search-loss") == 0)
    return self->search_loss_plot;
  return NULL;
}

LrlabClassifierConfusion *
lrlab_classifier_page_get_confusion (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->confusion_view;
}

LrlabClassifierImages *
lrlab_classifier_page_get_images (LrlabClassifierPage *self,
                                  const char          *name)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);

  if (g_strcmp0 (name, "samples") == 0)
    return self->sample_gallery;
  if (g_strcmp0 (name, "wrong") == 0)
    return self->wrong_gallery;
  if (g_strcmp0 (name, "weights") == 0)
    return self->weights_gallery;
  return NULL;
}

/* ---- export --------------------------------------------------------------- */

typedef struct {
  LrlabClassifierPage *self;
  const char          *view;
  LrRenderTheme        theme;
} DrawData;

static void
draw_view (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  user_data)
{
  DrawData *d = user_data;
  LrlabClassifierPage *self = d->self;

  if (g_str_equal (d->view, "training"))
    {
      lrlab_classifier_plot_draw (self->loss_plot, cr, width, height / 2, &d->theme);
      cairo_save (cr);
      cairo_translate (cr, 0, height / 2);
      lrlab_classifier_plot_draw (self->acc_plot, cr, width, height / 2, &d->theme);
      cairo_restore (cr);
    }
  else if (g_str_equal (d->view, "lr-find"))
    lrlab_classifier_plot_draw (self->lf_plot, cr, width, height, &d->theme);
  else if (g_str_equal (d->view, "search"))
    {
      lrlab_classifier_plot_draw (self->search_acc_plot, cr, width / 2, height, &d->theme);
      cairo_save (cr);
      cairo_translate (cr, width / 2, 0);
      lrlab_classifier_plot_draw (self->search_loss_plot, cr, width / 2, height, &d->theme);
      cairo_restore (cr);
    }
  else
    lrlab_classifier_draw_confusion (cr, width, height, self->confusion, self->confusion ? self->n_classes : 0,
                                     NULL, _("Confusion matrix"), &d->theme);
}

static const char *
resolve_view (LrlabClassifierPage  *self,
              const char           *view,
              GError              **error)
{
  static const char *views[] = { "training", "lr-find", "search", "results" };

  if (view == NULL)
    view = lrlab_classifier_page_get_view (self);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (g_strcmp0 (view, views[i]) == 0)
      return views[i];
  g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
               _("Unknown view “%s”; valid: training, lr-find, search, results"), view);
  return NULL;
}

gboolean
lrlab_classifier_page_write_figure (LrlabClassifierPage  *self,
                                    const char           *view,
                                    const char           *path,
                                    int                   width,
                                    int                   height,
                                    GError              **error)
{
  DrawData d;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  d.self = self;
  d.view = resolve_view (self, view, error);
  if (d.view == NULL)
    return FALSE;
  lrlab_theme_for_widget (GTK_WIDGET (self), FALSE, &d.theme);
  return lrlab_classifier_write_drawing (path, width, height, draw_view, &d, error);
}

gboolean
lrlab_classifier_page_write_csv (LrlabClassifierPage  *self,
                                 const char           *view,
                                 const char           *path,
                                 GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  view = resolve_view (self, view, error);
  if (view == NULL)
    return FALSE;

  if (g_str_equal (view, "training"))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

      g_string_append (out, "run,optimizer,schedule,epoch,step,lr,train_loss,train_acc,val_loss,val_acc,seconds,diverged\n");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
          RunState *state = run_state (run);

          for (guint k = 0; k < state->records->len; k++)
            {
              const LrEpochRecord *r = &g_array_index (state->records, LrEpochRecord, k);
              const double v[] = { r->lr, r->train_loss, r->train_acc, r->val_loss, r->val_acc, r->seconds };

              g_string_append_printf (out, "%u,\"%s\",\"%s\",%u,%" G_GUINT64_FORMAT, i + 1,
                                      lrlab_run_get_optimizer (run), lrlab_run_get_schedule (run), r->epoch, r->step);
              for (guint j = 0; j < G_N_ELEMENTS (v); j++)
                {
                  g_string_append_c (out, ',');
                  lrlab_classifier_csv_number (out, v[j]);
                }
              g_string_append_printf (out, ",%d\n", r->diverged ? 1 : 0);
            }
        }
    }
  else if (g_str_equal (view, "lr-find"))
    {
      g_string_append (out, "lr,loss,smoothed\n");
      for (guint i = 0; self->lf_result_data && i < self->lf_result_data->n; i++)
        {
          lrlab_classifier_csv_number (out, self->lf_result_data->lr[i]);
          g_string_append_c (out, ',');
          lrlab_classifier_csv_number (out, self->lf_result_data->loss[i]);
          g_string_append_c (out, ',');
          lrlab_classifier_csv_number (out, self->lf_result_data->smoothed[i]);
          g_string_append_c (out, '\n');
        }
    }
  else if (g_str_equal (view, "search"))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

      g_string_append (out, "lr,train_loss,train_acc,val_loss,val_acc,diverged,epochs,seconds\n");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LrlabClassifierResult) res = g_list_model_get_item (G_LIST_MODEL (self->results), i);
          const LrSweepRow *row = lrlab_classifier_result_get_row (res);
          const double v[] = { row->lr, row->train_loss, row->train_acc, row->val_loss, row->val_acc };

          for (guint j = 0; j < G_N_ELEMENTS (v); j++)
            {
              if (j)
                g_string_append_c (out, ',');
              lrlab_classifier_csv_number (out, v[j]);
            }
          g_string_append_printf (out, ",%d,%u,", row->diverged ? 1 : 0, row->epochs);
          lrlab_classifier_csv_number (out, row->seconds);
          g_string_append_c (out, '\n');
        }
    }
  else
    {
      g_string_append (out, "true,predicted,count\n");
      for (guint t = 0; self->confusion && t < self->n_classes; t++)
        for (guint p = 0; p < self->n_classes; p++)
          g_string_append_printf (out, "%u,%u,%u\n", t, p, self->confusion[t * self->n_classes + p]);
    }
  return lrlab_classifier_write_text (path, out, error);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LrlabClassifierPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = lrlab_save_dialog_finish (source, result, &error);
  g_autofree char *path = NULL;
  gboolean csv = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "export-csv"));

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    return;
  if (csv ? !lrlab_classifier_page_write_csv (self, NULL, path, &error)
          : !lrlab_classifier_page_write_figure (self, NULL, path, 1600, 1000, &error))
    lrlab_show_error (GTK_WIDGET (self), _("Export failed"), error->message);
}

static void
export (LrlabClassifierPage *self,
        gboolean             csv)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  g_autofree char *name = g_strdup_printf ("classifier-%s.%s", lrlab_classifier_page_get_view (self),
                                           csv ? "csv" : "png");

  g_object_set_data (G_OBJECT (self), "export-csv", GINT_TO_POINTER (csv));
  lrlab_save_dialog (GTK_WINDOW (window), csv ? _("Export as CSV") : _("Export Figure"), name,
                     csv ? LRLAB_SAVE_CSV : LRLAB_SAVE_FIGURE, export_done, g_object_ref (self));
}

void
lrlab_classifier_page_export_figure (LrlabClassifierPage *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  export (self, FALSE);
}

void
lrlab_classifier_page_export_csv (LrlabClassifierPage *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  export (self, TRUE);
}

/* Shell-quoted only when the text needs it. */
static char *
quote_arg (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_./:=,@+-", *p) == NULL)
      return g_shell_quote (text);
  return g_strdup (*text ? text : "''");
}

char *
lrlab_classifier_page_runs_to_text (LrlabClassifierPage *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n;
  const char *source;
  g_autofree char *q_source = NULL;
  g_autofree char *q_model = NULL;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);

  source = self->dataset ? lr_dataset_get_name (self->dataset) : "digits";
  q_source = quote_arg (source);
  q_model = quote_arg (self->model);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      g_autofree char *q_opt = quote_arg (lrlab_run_get_optimizer (run));
      const char *schedule = lrlab_run_get_schedule (run);

      g_string_append_printf (out, "lrlab-cli train --dataset %s --model %s --optimizer %s", q_source, q_model, q_opt);
      if (schedule && *schedule && g_strcmp0 (schedule, "constant") != 0)
        {
          g_autofree char *q_sched = quote_arg (schedule);
          g_string_append_printf (out, " --schedule %s", q_sched);
        }
      g_string_append_printf (out, " --epochs %u --batch-size %u --seed %u\n", self->epochs, self->batch_size, self->seed);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

guint
lrlab_classifier_page_get_n_workers (void)
{
  return (guint) g_atomic_int_get (&n_workers);
}

/* ---- actions -------------------------------------------------------------- */

static void
update_actions (LrlabClassifierPage *self)
{
  gboolean ready = self->dataset != NULL && !self->loading;
  gboolean busy = lrlab_classifier_page_get_busy (self);
  GtkWidget *w = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (w, "classifier.train", ready);
  gtk_widget_action_set_enabled (w, "classifier.cancel", busy || self->lf_running);
  gtk_widget_action_set_enabled (w, "classifier.lr-find", ready && !self->lf_running);
  gtk_widget_action_set_enabled (w, "classifier.search", ready);
  gtk_widget_action_set_enabled (w, "classifier.use-suggested", isfinite (self->suggested_lr) && self->lf_run != NULL);
  gtk_widget_action_set_enabled (w, "classifier.use-best", isfinite (self->best_lr));
  gtk_widget_action_set_enabled (w, "classifier.add-run",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->runs)) < MAX_RUNS);
}

static void
search_from_entries (LrlabClassifierPage *self)
{
  g_autoptr(GError) error = NULL;
  double from, to;

  if (!parse_rate (self->search_from_entry, &from, &error)
      || !parse_rate (self->search_to_entry, &to, &error)
      || !lrlab_classifier_page_search (self, from, to,
                                        (guint) gtk_adjustment_get_value (self->search_count_adjustment),
                                        gtk_switch_get_active (self->search_random_switch), &error))
    {
      gtk_label_set_label (self->search_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->search_error), TRUE);
    }
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LrlabClassifierPage *self = LRLAB_CLASSIFIER_PAGE (widget);

  if (g_str_equal (action_name, "classifier.use-digits"))
    lrlab_classifier_page_load_dataset (self, "digits");
  else if (g_str_equal (action_name, "classifier.open-dataset"))
    {
      GtkWidget *window = gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW);

      lrlab_folder_dialog (GTK_WINDOW (window), _("Open an MNIST-Format Data Set"), folder_chosen, g_object_ref (self));
    }
  else if (g_str_equal (action_name, "classifier.add-run"))
    lrlab_classifier_page_add_run (self);
  else if (g_str_equal (action_name, "classifier.train"))
    lrlab_classifier_page_train (self);
  else if (g_str_equal (action_name, "classifier.cancel"))
    lrlab_classifier_page_cancel (self);
  else if (g_str_equal (action_name, "classifier.lr-find"))
    lrlab_classifier_page_lr_find (self);
  else if (g_str_equal (action_name, "classifier.use-suggested"))
    lrlab_classifier_page_use_suggested_lr (self);
  else if (g_str_equal (action_name, "classifier.search"))
    search_from_entries (self);
  else if (g_str_equal (action_name, "classifier.use-best"))
    lrlab_classifier_page_use_best_lr (self);
  else if (g_str_equal (action_name, "classifier.export-figure"))
    lrlab_classifier_page_export_figure (self);
  else if (g_str_equal (action_name, "classifier.export-csv"))
    lrlab_classifier_page_export_csv (self);
  else if (g_str_equal (action_name, "classifier.copy-runs"))
    {
      g_autofree char *text = lrlab_classifier_page_runs_to_text (self);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
    }
}

/* ---- search table ---------------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  LrlabClassifierResult *res = gtk_list_item_get_item (item);
  const LrSweepRow *row = lrlab_classifier_result_get_row (res);
  const char *column = user_data;
  g_autofree char *text = NULL;

  if (g_str_equal (column, "lr"))
    text = g_strdup_printf ("%.3g", row->lr);
  else if (g_str_equal (column, "val_acc"))
    text = row->diverged ? g_strdup (_("diverged")) : g_strdup_printf ("%.1f%%", 100 * row->val_acc);
  else if (g_str_equal (column, "val_loss"))
    text = g_strdup_printf ("%.4g", row->val_loss);
  else if (g_str_equal (column, "train_loss"))
    text = g_strdup_printf ("%.4g", row->train_loss);
  else
    text = g_strdup_printf ("%.1f s", row->seconds);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
build_search_view (LrlabClassifierPage *self)
{
  static const char *ids[] = { "lr", "val_acc", "val_loss", "train_loss", "seconds" };
  const char *titles[] = { _("Learning rate"), _("Val. accuracy"), _("Val. loss"), _("Train loss"), _("Time") };
  GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->results)));

  gtk_column_view_set_model (self->search_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) ids[i]);
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->search_view, column);
      g_object_unref (column);
    }
}

static void
build_words_grid (LrlabClassifierPage *self)
{
  const char *heads[] = { _("Rates"), _("Training time"), _("Convergence") };
  const char *rows[] = { _("Low"), _("Middle"), _("High") };

  for (guint c = 0; c < 3; c++)
    {
      GtkWidget *label = gtk_label_new (heads[c]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->words_grid, label, c + 1, 0, 1, 1);
    }
  for (guint r = 0; r < 3; r++)
    {
      GtkWidget *label = gtk_label_new (rows[r]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->words_grid, label, 0, r + 1, 1, 1);
      for (guint c = 0; c < 3; c++)
        {
          GtkWidget *word = gtk_label_new ("—");

          gtk_label_set_xalign (GTK_LABEL (word), 0);
          gtk_label_set_wrap (GTK_LABEL (word), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (word), 24);
          gtk_grid_attach (self->words_grid, word, c + 1, r + 1, 1, 1);
          self->word_labels[r][c] = GTK_LABEL (word);
        }
    }
}

/* ---- GObject ---------------------------------------------------------------- */

static void
lrlab_classifier_page_dispose (GObject *object)
{
  LrlabClassifierPage *self = LRLAB_CLASSIFIER_PAGE (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  if (self->train_cancellable)
    g_cancellable_cancel (self->train_cancellable);
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  drop_queue (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LRLAB_TYPE_CLASSIFIER_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->train_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->runs);
  g_clear_object (&self->results);
  g_clear_object (&self->lf_run);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lrlab_classifier_page_parent_class)->dispose (object);
}

static void
lrlab_classifier_page_finalize (GObject *object)
{
  LrlabClassifierPage *self = LRLAB_CLASSIFIER_PAGE (object);

  g_clear_pointer (&self->dataset, lr_dataset_unref);
  g_clear_pointer (&self->lf_result_data, lr_lr_find_result_free);
  g_free (self->data_error);
  g_free (self->model);
  g_free (self->confusion);
  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 3; c++)
      g_free (self->words[r][c]);

  G_OBJECT_CLASS (lrlab_classifier_page_parent_class)->finalize (object);
}

static void
lrlab_classifier_page_class_init (LrlabClassifierPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *actions[] = {
    "classifier.use-digits", "classifier.open-dataset", "classifier.add-run", "classifier.train",
    "classifier.cancel", "classifier.lr-find", "classifier.use-suggested", "classifier.search",
    "classifier.use-best", "classifier.export-figure", "classifier.export-csv", "classifier.copy-runs",
  };

  object_class->dispose = lrlab_classifier_page_dispose;
  object_class->finalize = lrlab_classifier_page_finalize;

  g_type_ensure (LRLAB_TYPE_CLASSIFIER_PLOT);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_CONFUSION);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_IMAGES);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "classifier.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "classifier.train", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/lrlab/LearningRateLab/ui/lrlab-classifier-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, paned);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, load_spinner);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, dataset_label);
  gtk_widget_class_bind_template_child_full (widget_class, "data_error", FALSE,
                                             G_STRUCT_OFFSET (LrlabClassifierPage, data_error_label));
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, sample_gallery);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, hidden_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, batch_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, epochs_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, model_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, model_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, run_list);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, acc_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_start_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_end_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_iters_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_progress);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_explain);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, lf_result);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_from_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_to_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_random_switch);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_progress);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_acc_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_view);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, words_grid);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, best_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, results_label);
  gtk_widget_class_bind_template_child_full (widget_class, "confusion", FALSE,
                                             G_STRUCT_OFFSET (LrlabClassifierPage, confusion_view));
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, wrong_gallery);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, weights_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, weights_gallery);
}

static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema ? g_settings_new (APP_ID) : NULL;
}

static void
lrlab_classifier_page_init (LrlabClassifierPage *self)
{
  static const char *default_runs[] = { "sgd:lr=0.001", "sgd:lr=0.1", "sgd:lr=20", NULL };
  g_autofree char *source = NULL;
  g_autofree char *model = NULL;

  self->runs = g_list_store_new (LRLAB_TYPE_RUN);
  self->results = g_list_store_new (LRLAB_TYPE_CLASSIFIER_RESULT);
  self->cancellable = g_cancellable_new ();
  self->train_cancellable = g_cancellable_new ();
  self->suggested_lr = NAN;
  self->best_lr = NAN;
  self->model = g_strdup (LR_MLP_DEFAULT_SPEC);
  g_queue_init (&self->queue);

  gtk_widget_init_template (GTK_WIDGET (self));

  lrlab_classifier_plot_set_axes (self->loss_plot, _("Loss"), _("epoch"), _("loss"), FALSE, TRUE);
  lrlab_classifier_plot_set_axes (self->acc_plot, _("Accuracy"), _("epoch"), _("accuracy (%)"), FALSE, FALSE);
  lrlab_classifier_plot_set_empty_text (self->loss_plot, _("Press Train to train every run"));
  lrlab_classifier_plot_set_empty_text (self->acc_plot, _("Training and validation accuracy appear here"));
  lrlab_classifier_plot_set_axes (self->lf_plot, _("LR range test"), _("learning rate"), _("loss"), TRUE, FALSE);
  lrlab_classifier_plot_set_empty_text (self->lf_plot, _("Run the range test to see the loss as the rate rises"));
  lrlab_classifier_plot_set_axes (self->search_acc_plot, _("Validation accuracy"), _("learning rate"),
                                  _("accuracy (%)"), TRUE, FALSE);
  lrlab_classifier_plot_set_axes (self->search_loss_plot, _("Validation loss"), _("learning rate"),
                                  _("loss"), TRUE, TRUE);
  lrlab_classifier_plot_set_empty_text (self->search_acc_plot, _("Search to train one run per rate"));
  lrlab_classifier_plot_set_empty_text (self->search_loss_plot, _("Search to train one run per rate"));
  lrlab_classifier_images_set_empty_text (self->wrong_gallery, _("No results yet"));
  lrlab_classifier_images_set_empty_text (self->weights_gallery, _("No results yet"));
  gtk_label_set_label (self->lf_explain,
                       _("One short training whose learning rate rises exponentially every batch. The loss first "
                         "falls, then blows up; a good rate sits where it falls fastest, or a tenth of the rate at "
                         "its minimum — the smaller of the two is suggested for the selected run."));
  build_search_view (self);
  build_words_grid (self);
  clear_results (self);

  gtk_list_box_bind_model (self->run_list, G_LIST_MODEL (self->runs), create_run_row, self, NULL);
  g_signal_connect (self->runs, "items-changed", G_CALLBACK (on_runs_changed), self);
  lrlab_classifier_page_set_runs (self, default_runs, NULL);

  self->settings = open_settings ();
  if (self->settings)
    {
      g_settings_bind (self->settings, "classifier-batch-size", self->batch_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "classifier-epochs", self->epochs_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "classifier-seed", self->seed_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
      model = g_settings_get_string (self->settings, "classifier-model");
      source = g_settings_get_string (self->settings, "classifier-dataset");
    }
  on_schedule_changed (self);
  g_signal_connect_swapped (self->batch_adjustment, "value-changed", G_CALLBACK (on_schedule_changed), self);
  g_signal_connect_swapped (self->epochs_adjustment, "value-changed", G_CALLBACK (on_schedule_changed), self);
  g_signal_connect_swapped (self->seed_adjustment, "value-changed", G_CALLBACK (on_schedule_changed), self);
  g_signal_connect_swapped (self->epochs_adjustment, "value-changed", G_CALLBACK (update_plots), self);

  self->updating = TRUE;
  if (model == NULL || !lrlab_classifier_page_set_model (self, model, NULL))
    lrlab_classifier_page_set_model (self, LR_MLP_DEFAULT_SPEC, NULL);
  self->updating = FALSE;
  g_signal_connect_swapped (self->hidden_entry, "changed", G_CALLBACK (on_model_edited), self);
  g_signal_connect_swapped (self->activation_dropdown, "notify::selected", G_CALLBACK (on_model_edited), self);

  /* The digits at once; a saved folder then loads in the background. */
  lrlab_classifier_page_load_dataset (self, "digits");
  if (source != NULL && *source != '\0' && g_strcmp0 (source, "digits") != 0)
    lrlab_classifier_page_load_dataset (self, source);

  update_search_view (self);
  update_status (self);
  update_actions (self);
}

GtkWidget *
lrlab_classifier_page_new (void)
{
  return g_object_new (LRLAB_TYPE_CLASSIFIER_PAGE, NULL);
}
