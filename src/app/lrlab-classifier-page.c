/* lrlab-classifier-page.c: the classifier page — the data-and-model panel,
 * the runs, and four views (training, range test, search, results) it
 * composes; the page's other concerns live in lrlab-classifier-page-*.c
 *
 * Background work runs as LrlabJob on the page's small thread pool; a job
 * reaches the page only while the page is alive (it holds a weak reference).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lr-run-spec.h"
#include "lr-experiment.h"
#include "lrlab-classifier-page-private.h"
#include "lrlab-classifier-result.h"
#include "lrlab-util.h"
#include "lrlab-wheel-guard.h"

G_DEFINE_FINAL_TYPE (LrlabClassifierPage, lrlab_classifier_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

void
lrlab_classifier_page_changed (LrlabClassifierPage *self)
{
  g_signal_emit (self, signals [CHANGED], 0);
}

/* ---- background jobs ------------------------------------------------------ */

typedef struct {
  GWeakRef          page;
  LrlabPageJobDone  done;
  gpointer          tag;
  GDestroyNotify    tag_free;
} Ticket;

static void
job_finished (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Ticket *ticket = user_data;
  LrlabJob *job = LRLAB_JOB (source);
  g_autoptr(LrlabClassifierPage) self = g_weak_ref_get (&ticket->page);
  g_autoptr(GError) error = NULL;

  lrlab_job_run_finish (job, result, &error);
  /* A page that is gone, or disposed and about to go, wants nothing. */
  if (self != NULL && self->pool != NULL)
    {
      self->n_pending--;
      ticket->done (self, job, ticket->tag, error);
      lrlab_classifier_page_update_status (self);
      lrlab_classifier_page_update_actions (self);
    }
  if (ticket->tag_free != NULL)
    ticket->tag_free (ticket->tag);
  g_weak_ref_clear (&ticket->page);
  g_free (ticket);
}

void
lrlab_classifier_page_run_job (LrlabClassifierPage *self,
                               LrlabJob            *job,
                               GCancellable        *cancellable,
                               LrlabPageJobDone     done,
                               gpointer             tag,
                               GDestroyNotify       tag_free)
{
  Ticket *ticket = g_new0 (Ticket, 1);

  g_weak_ref_init (&ticket->page, self);
  ticket->done = done;
  ticket->tag = tag;
  ticket->tag_free = tag_free;
  self->n_pending++;
  lrlab_job_run_async (job, self->pool, cancellable, job_finished, ticket);
}

void
lrlab_classifier_page_fit_parallel (LrlabClassifierPage *self,
                                    const LrTrainConfig *config,
                                    guint                n_jobs)
{
  guint64 per_run = 0, available = 0;
  guint fit;

  g_clear_pointer (&self->memory_note, g_free);
  if (self->dataset == NULL)
    return;
  fit = lr_sweep_fit_parallel (self->dataset, config, n_jobs, LRLAB_CLASSIFIER_MAX_PARALLEL, &per_run, &available);
  g_thread_pool_set_max_threads (self->pool, (int) fit, NULL);
  if (fit < MIN (n_jobs, LRLAB_CLASSIFIER_MAX_PARALLEL))
    {
      g_autofree char *need = g_format_size (per_run);
      g_autofree char *left = g_format_size (available);

      /* Translators: how many runs train at once, what one needs, what the memory limits leave */
      self->memory_note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u at a time: each needs %s of the %s left",
                                                        "%u at a time: each needs %s of the %s left", fit),
                                           fit, need, left);
    }
}

gboolean
lrlab_classifier_page_make_config (LrlabClassifierPage  *self,
                                   LrlabRun             *run,
                                   LrTrainConfig        *config,
                                   GError              **error)
{
  const char *schedule = lrlab_run_get_schedule (run);

  if (!lr_optimizer_config_parse (lrlab_run_get_optimizer (run), &config->optimizer, error))
    return FALSE;
  g_free (config->model);
  config->model = g_strdup (self->model);
  g_free (config->schedule);
  config->schedule = g_strdup (schedule && *schedule ? schedule : NULL);
  config->epochs = self->epochs;
  config->batch_size = lrlab_classifier_page_get_batch_size (self);
  config->seed = self->seed;
  config->sharpness_every = self->sharpness_every;
  config->n_threads = 1;
  return TRUE;
}

guint
lrlab_classifier_page_get_n_workers (void)
{
  return lrlab_job_get_n_workers ();
}

gboolean
lrlab_classifier_page_get_busy (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);
  return self->loading || self->n_pending > 0;
}

/* ---- the status line ------------------------------------------------------ */

void
lrlab_classifier_page_update_status (LrlabClassifierPage *self)
{
  guint running = lrlab_classifier_page_count_phase (self, LRLAB_RUN_PHASE_RUNNING);
  guint queued = lrlab_classifier_page_count_phase (self, LRLAB_RUN_PHASE_QUEUED);
  g_autofree char *text = NULL;

  if (self->loading)
    text = g_strdup (_("Loading the data set…"));
  else if (running + queued > 0)
    text = g_strdup_printf (_("Training: %u running, %u waiting"), running, queued);
  else if (self->lf_job != NULL)
    text = g_strdup (_("Running the range test…"));
  else if (self->landscape_job != NULL)
    text = g_strdup (_("Computing the loss landscape…"));
  else if (self->search_total > 0 && self->search_done < self->search_total)
    text = g_strdup_printf (_("Searching: %u of %u rates trained"), self->search_done, self->search_total);
  if (text != NULL && self->memory_note != NULL && (running + queued > 0 || self->search_done < self->search_total))
    {
      char *both = g_strdup_printf ("%s · %s", text, self->memory_note);

      g_free (text);
      text = both;
    }
  else
    {
      guint done = lrlab_classifier_page_count_phase (self, LRLAB_RUN_PHASE_DONE);
      guint diverged = lrlab_classifier_page_count_phase (self, LRLAB_RUN_PHASE_DIVERGED);

      if (done + diverged > 0)
        text = g_strdup_printf (_("%u trained, %u diverged"), done + diverged, diverged);
    }
  /* a line of its own that wraps: never cut */
  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
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
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);
  return lrlab_run_list_add (self->runs);
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
      g_auto(LrRunSpec) spec = { NULL, NULL };
      g_autofree char *optimizer = NULL;
      g_autofree char *schedule = NULL;
      GdkRGBA color;
      LrlabRun *run;

      if (i >= LRLAB_CLASSIFIER_MAX_RUNS)
        {
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE, _("At most %u runs; “%s” is one too many"),
                       LRLAB_CLASSIFIER_MAX_RUNS, runs[i]);
          return FALSE;
        }
      if (!lr_run_spec_parse (runs[i], &spec, error))
        return FALSE;
      optimizer = lr_spec_to_string (spec.optimizer);
      schedule = spec.schedule ? lr_spec_to_string (spec.schedule) : NULL;
      lrlab_palette_color (i, &color);
      run = lrlab_run_new (NULL, NULL, &color);
      g_ptr_array_add (list, run);
      if (!lrlab_run_set_optimizer (run, optimizer, error))
        return FALSE;
      if (schedule != NULL && !lrlab_run_set_schedule (run, schedule, error))
        return FALSE;
    }
  lrlab_run_list_replace (self->runs, (LrlabRun **) list->pdata, list->len);
  return TRUE;
}

static gboolean
run_removed (gpointer key,
             gpointer value,
             gpointer user_data)
{
  return !lrlab_run_list_find (user_data, key, NULL);
}

/* A run's optimizer, rate or schedule changed: what it showed from its last
 * training (its status, its curves) was another run's, and goes.  A run in
 * training keeps training what it was given. */
static void
on_run_settings_changed (LrlabRun            *run,
                         LrlabClassifierPage *self)
{
  LrlabRunState *state = lrlab_classifier_page_run_state (self, run);

  if (state->phase != LRLAB_RUN_PHASE_QUEUED && state->phase != LRLAB_RUN_PHASE_RUNNING)
    {
      state->phase = LRLAB_RUN_PHASE_IDLE;
      g_clear_pointer (&state->status, g_free);
      g_array_set_size (state->records, 0);
      lrlab_classifier_page_update_run_rows (self);
    }
  lrlab_classifier_page_update_plots (self);
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

      lrlab_classifier_page_run_state (self, run);
      g_signal_connect_object (run, "notify::visible", G_CALLBACK (lrlab_classifier_page_update_plots),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (run, "changed", G_CALLBACK (on_run_settings_changed), self, 0);
    }
  if (removed > 0)
    g_hash_table_foreach_remove (self->run_states, run_removed, self->runs);
  lrlab_classifier_page_update_run_rows (self);
  lrlab_classifier_page_update_plots (self);
  lrlab_classifier_page_update_actions (self);
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
    return lrlab_classifier_training_view_get_loss_plot (self->training_view);
  if (g_strcmp0 (name, "accuracy") == 0)
    return lrlab_classifier_training_view_get_accuracy_plot (self->training_view);
  if (g_strcmp0 (name, "sharpness") == 0)
    return lrlab_classifier_training_view_get_sharpness_plot (self->training_view);
  if (g_strcmp0 (name, "lr-find") == 0)
    return lrlab_classifier_range_test_view_get_plot (self->range_test_view);
  if (g_strcmp0 (name, "search-accuracy") == 0)
    return lrlab_classifier_search_view_get_plot (self->search_view, FALSE);
  if (g_strcmp0 (name, "search-loss") == 0)
    return lrlab_classifier_search_view_get_plot (self->search_view, TRUE);
  return NULL;
}

LrlabClassifierConfusion *
lrlab_classifier_page_get_confusion (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return lrlab_classifier_results_view_get_confusion (self->results_view);
}

LrlabClassifierImages *
lrlab_classifier_page_get_images (LrlabClassifierPage *self,
                                  const char          *name)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);

  if (g_strcmp0 (name, "samples") == 0)
    return self->sample_gallery;
  return lrlab_classifier_results_view_get_images (self->results_view, name);
}

/* ---- GObject ---------------------------------------------------------------- */

static void
lrlab_classifier_page_dispose (GObject *object)
{
  LrlabClassifierPage *self = LRLAB_CLASSIFIER_PAGE (object);

  g_cancellable_cancel (self->train_cancellable);
  g_cancellable_cancel (self->lf_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->landscape_cancellable);
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  /* Waiting jobs finish at once, cancelled; the threads go when done. */
  g_clear_pointer (&self->pool, lrlab_job_pool_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LRLAB_TYPE_CLASSIFIER_PAGE);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lrlab_classifier_page_parent_class)->dispose (object);
}

static void
lrlab_classifier_page_finalize (GObject *object)
{
  LrlabClassifierPage *self = LRLAB_CLASSIFIER_PAGE (object);

  g_clear_object (&self->train_cancellable);
  g_clear_object (&self->lf_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->landscape_cancellable);
  g_clear_object (&self->landscape_job);
  g_clear_pointer (&self->run_states, g_hash_table_unref);
  g_clear_object (&self->runs);
  g_clear_object (&self->results);
  g_clear_object (&self->lf_job);
  g_clear_object (&self->lf_run);
  g_clear_pointer (&self->dataset, lr_dataset_unref);
  g_free (self->data_error);
  g_free (self->dataset_source);
  g_free (self->model);
  g_free (self->memory_note);

  G_OBJECT_CLASS (lrlab_classifier_page_parent_class)->finalize (object);
}

static void
lrlab_classifier_page_class_init (LrlabClassifierPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_classifier_page_dispose;
  object_class->finalize = lrlab_classifier_page_finalize;

  /* The data set, the model or the epochs, batch size or seed changed. */
  signals [CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (LRLAB_TYPE_CLASSIFIER_IMAGES);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_TRAINING_VIEW);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_RANGE_TEST_VIEW);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_LANDSCAPE_VIEW);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_SEARCH_VIEW);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_RESULTS_VIEW);

  lrlab_classifier_page_install_actions (widget_class);

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
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, sharpness_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, epochs_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, model_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, presets_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, model_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, run_list);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, training_view);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, range_test_view);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, landscape_view);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, search_view);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierPage, results_view);
  lrlab_classifier_page_bind_data_callbacks (widget_class);
}

/* The Presets menu: each built-in experiment by its title; choosing one
 * activates the window's win.preset. */
static void
build_presets_menu (LrlabClassifierPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_auto(GStrv) names = lr_experiment_list_presets ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(LrExperiment) e = lr_experiment_load_preset (names[i], NULL);
      g_autoptr(GMenuItem) item = NULL;

      if (e == NULL)
        continue;
      item = g_menu_item_new (_(e->title ? e->title : names[i]), NULL);
      g_menu_item_set_action_and_target (item, "win.preset", "s", names[i]);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->presets_button, G_MENU_MODEL (menu));
  gtk_widget_set_visible (GTK_WIDGET (self->presets_button), g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
}

static void
lrlab_classifier_page_init (LrlabClassifierPage *self)
{
  static const char *default_runs[] = { "sgd:lr=0.001", "sgd:lr=0.1", "sgd:lr=20", NULL };

  self->runs = lrlab_run_list_new (LRLAB_CLASSIFIER_MAX_RUNS, 1, "adam:lr=0.001");
  self->run_states = g_hash_table_new_full (NULL, NULL, g_object_unref, lrlab_run_state_free);
  self->results = g_list_store_new (LRLAB_TYPE_CLASSIFIER_RESULT);
  self->pool = lrlab_job_pool_new (LRLAB_CLASSIFIER_MAX_PARALLEL);
  self->train_cancellable = g_cancellable_new ();
  self->lf_cancellable = g_cancellable_new ();
  self->search_cancellable = g_cancellable_new ();
  self->landscape_cancellable = g_cancellable_new ();
  self->suggested_lr = NAN;
  self->model = g_strdup (LR_MLP_DEFAULT_SPEC);
  self->updating = TRUE;   /* until the data-and-model panel is set up */

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the wheel scrolls the list, not the value under the pointer */
  lrlab_wheel_guard (GTK_WIDGET (self));

  lrlab_classifier_search_view_set_results (self->search_view, G_LIST_MODEL (self->results));
  lrlab_run_list_bind (self->runs, self->run_list);
  lrlab_classifier_page_follow_selection (self);
  g_signal_connect (self->runs, "items-changed", G_CALLBACK (on_runs_changed), self);
  lrlab_classifier_page_set_runs (self, default_runs, NULL);

  lrlab_classifier_page_init_data (self);
  build_presets_menu (self);

  lrlab_classifier_search_view_update (self->search_view, self->search_from, self->search_to);
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
}

GtkWidget *
lrlab_classifier_page_new (void)
{
  return g_object_new (LRLAB_TYPE_CLASSIFIER_PAGE, NULL);
}
