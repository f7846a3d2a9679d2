/* lrlab-classifier-page-training.c: the classifier page trains its runs —
 * one job per run, two at a time, each run's epochs, status line and
 * curves; the first run to finish fills the results view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lrlab-classifier-page-private.h"
#include "lrlab-run-row.h"

/* ---- run state ------------------------------------------------------------ */

void
lrlab_run_state_free (gpointer data)
{
  LrlabRunState *state = data;

  g_clear_object (&state->job);
  g_array_unref (state->records);
  g_free (state->status);
  g_free (state);
}

LrlabRunState *
lrlab_classifier_page_run_state (LrlabClassifierPage *self,
                                 LrlabRun            *run)
{
  LrlabRunState *state = g_hash_table_lookup (self->run_states, run);

  if (state == NULL)
    {
      state = g_new0 (LrlabRunState, 1);
      state->records = g_array_new (FALSE, TRUE, sizeof (LrEpochRecord));
      g_hash_table_insert (self->run_states, g_object_ref (run), state);
    }
  return state;
}

void
lrlab_classifier_page_update_run_rows (LrlabClassifierPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->run_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child;
      LrlabRunState *state;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      if (!LRLAB_IS_RUN_ROW (child))
        continue;
      state = lrlab_classifier_page_run_state (self, lrlab_run_row_get_run (LRLAB_RUN_ROW (child)));
      lrlab_run_row_set_status (LRLAB_RUN_ROW (child), state->status,
                                state->phase == LRLAB_RUN_PHASE_DIVERGED || state->phase == LRLAB_RUN_PHASE_FAILED);
    }
}

/* Takes @status. */
static void
set_run_status (LrlabClassifierPage *self,
                LrlabRun            *run,
                LrlabRunPhase        phase,
                char                *status)
{
  LrlabRunState *state = lrlab_classifier_page_run_state (self, run);

  state->phase = phase;
  g_free (state->status);
  state->status = status;
  lrlab_classifier_page_update_run_rows (self);
}

guint
lrlab_classifier_page_count_phase (LrlabClassifierPage *self,
                                   LrlabRunPhase        phase)
{
  guint n = 0, count = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (lrlab_classifier_page_run_state (self, run)->phase == phase)
        n++;
    }
  return n;
}

void
lrlab_classifier_page_update_plots (LrlabClassifierPage *self)
{
  guint count = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  lrlab_classifier_training_view_clear (self->training_view, self->epochs);
  lrlab_classifier_training_view_set_sharpness_shown (self->training_view, self->sharpness_every > 0);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      LrlabRunState *state = lrlab_classifier_page_run_state (self, run);

      if (lrlab_run_get_visible (run))
        lrlab_classifier_training_view_add_run (self->training_view, run,
                                                (const LrEpochRecord *) (gpointer) state->records->data,
                                                state->records->len, state->phase == LRLAB_RUN_PHASE_DIVERGED);
    }
}

/* ---- a run's job ----------------------------------------------------------- */

static void
on_job_started (LrlabJob            *job,
                LrlabClassifierPage *self)
{
  GHashTableIter iter;
  gpointer run, state;

  if (self->pool == NULL)   /* disposed */
    return;
  g_hash_table_iter_init (&iter, self->run_states);
  while (g_hash_table_iter_next (&iter, &run, &state))
    if (((LrlabRunState *) state)->job == job)
      set_run_status (self, run, LRLAB_RUN_PHASE_RUNNING, g_strdup (_("Training…")));
  lrlab_classifier_page_update_status (self);
}

static void
on_job_progress (LrlabJob            *job,
                 double               fraction,
                 gpointer             record_data,
                 LrlabClassifierPage *self)
{
  const LrEpochRecord *record = record_data;
  GHashTableIter iter;
  gpointer run, data;

  if (record == NULL || self->pool == NULL)   /* between epochs, or disposed */
    return;
  g_hash_table_iter_init (&iter, self->run_states);
  while (g_hash_table_iter_next (&iter, &run, &data))
    {
      LrlabRunState *state = data;

      if (state->job != job)
        continue;
      g_array_append_val (state->records, *record);
      set_run_status (self, run, LRLAB_RUN_PHASE_RUNNING,
                      g_strdup_printf (_("Epoch %u of %u: validation accuracy %.1f%%"),
                                       record->epoch, state->epochs, 100 * record->val_acc));
      lrlab_classifier_page_update_plots (self);
    }
}

static char *
describe_end (const LrlabJobResult *result,
              const GError         *error,
              LrlabRunPhase        *phase)
{
  double seconds = 0;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      *phase = LRLAB_RUN_PHASE_CANCELLED;
      return result->started ? g_strdup_printf (_("Cancelled after %u epochs"), result->n_records)
                             : g_strdup (_("Cancelled before it started"));
    }
  if (error != NULL)
    {
      *phase = LRLAB_RUN_PHASE_FAILED;
      return g_strdup (error->message);
    }
  if (result->diverged)
    {
      *phase = LRLAB_RUN_PHASE_DIVERGED;
      return g_strdup_printf (_("Diverged in epoch %u: the loss blew up, the learning rate is too high"),
                              result->records[result->n_records - 1].epoch);
    }
  for (guint i = 0; i < result->n_records; i++)
    seconds += result->records[i].seconds;
  *phase = LRLAB_RUN_PHASE_DONE;
  return g_strdup_printf (_("Done: validation accuracy %.1f%% after %u epochs (%.2f s)"),
                          100 * result->records[result->n_records - 1].val_acc, result->n_records, seconds);
}

/* Results: the analysis of @run's last training, if it finished. */
static gboolean
show_results_of (LrlabClassifierPage *self,
                 LrlabRun            *run)
{
  LrlabRunState *state = g_hash_table_lookup (self->run_states, run);
  const LrlabJobResult *result;
  g_autofree char *desc = NULL;

  if (state == NULL || state->job == NULL || state->phase != LRLAB_RUN_PHASE_DONE)
    return FALSE;
  result = lrlab_job_get_result (state->job);
  if (result == NULL || result->analysis == NULL || result->n_records == 0)
    return FALSE;
  desc = lrlab_run_describe (run);
  lrlab_classifier_results_view_show (self->results_view, desc,
                                      result->records[result->n_records - 1].val_acc,
                                      result->n_records, result->analysis);
  return TRUE;
}

static gboolean
run_is_selected (LrlabClassifierPage *self,
                 LrlabRun            *run)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->run_list);
  guint pos;

  return row != NULL && lrlab_run_list_find (self->runs, run, &pos) &&
         pos == (guint) gtk_list_box_row_get_index (row);
}

static void
training_done (LrlabClassifierPage *self,
               LrlabJob            *job,
               gpointer             tag,
               const GError        *error)
{
  LrlabRun *run = tag;
  LrlabRunState *state = g_hash_table_lookup (self->run_states, run);
  const LrlabJobResult *result = lrlab_job_get_result (job);
  LrlabRunPhase phase;
  char *status;

  g_signal_handlers_disconnect_by_data (job, self);
  /* A run removed, or trained again since: this job's result is stale. */
  if (state == NULL || state->job != job)
    return;

  g_array_set_size (state->records, 0);
  if (result->n_records)
    g_array_append_vals (state->records, result->records, result->n_records);
  status = describe_end (result, error, &phase);
  set_run_status (self, run, phase, status);

  if (error == NULL && (!lrlab_classifier_results_view_get_shown (self->results_view) || run_is_selected (self, run)))
    show_results_of (self, run);
  lrlab_classifier_page_update_plots (self);
}

static void
on_run_selected (GtkListBox          *box,
                 GtkListBoxRow       *row,
                 LrlabClassifierPage *self)
{
  g_autoptr(LrlabRun) run = NULL;

  if (row == NULL)
    return;
  run = g_list_model_get_item (G_LIST_MODEL (self->runs), (guint) gtk_list_box_row_get_index (row));
  if (run != NULL)
    show_results_of (self, run);
}

void
lrlab_classifier_page_follow_selection (LrlabClassifierPage *self)
{
  g_signal_connect_object (self->run_list, "row-selected", G_CALLBACK (on_run_selected), self, 0);
}

static void
train_run (LrlabClassifierPage *self,
           LrlabRun            *run)
{
  LrlabRunState *state = lrlab_classifier_page_run_state (self, run);
  LrTrainConfig config;
  g_autoptr(GError) error = NULL;

  g_clear_object (&state->job);
  state->epochs = self->epochs;
  g_array_set_size (state->records, 0);

  lr_train_config_init (&config);
  if (!lrlab_classifier_page_make_config (self, run, &config, &error))
    {
      set_run_status (self, run, LRLAB_RUN_PHASE_FAILED, g_strdup (error->message));
      lr_train_config_clear (&config);
      return;
    }
  state->job = lrlab_job_new (LRLAB_JOB_TRAIN, self->dataset, &config);
  lr_train_config_clear (&config);
  g_signal_connect_object (state->job, "started", G_CALLBACK (on_job_started), self, 0);
  g_signal_connect_object (state->job, "progress", G_CALLBACK (on_job_progress), self, 0);
  set_run_status (self, run, LRLAB_RUN_PHASE_QUEUED, g_strdup (_("Waiting for a free processor")));
  lrlab_classifier_page_run_job (self, state->job, self->train_cancellable, training_done,
                                 g_object_ref (run), g_object_unref);
}

void
lrlab_classifier_page_train (LrlabClassifierPage *self)
{
  guint n;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  if (self->dataset == NULL)
    return;

  /* Restart: the training under way stops and its results are dropped. */
  g_cancellable_cancel (self->train_cancellable);
  g_object_unref (self->train_cancellable);
  self->train_cancellable = g_cancellable_new ();
  lrlab_classifier_results_view_clear (self->results_view);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  /* the runs share model, data and batch size: one estimate for all */
  if (n > 0)
    {
      g_autoptr(LrlabRun) first = g_list_model_get_item (G_LIST_MODEL (self->runs), 0);
      LrTrainConfig config;

      lr_train_config_init (&config);
      if (lrlab_classifier_page_make_config (self, first, &config, NULL))
        lrlab_classifier_page_fit_parallel (self, &config, n);
      lr_train_config_clear (&config);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      train_run (self, run);
    }
  lrlab_classifier_page_update_plots (self);
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->view_stack, "training");
}

void
lrlab_classifier_page_cancel (LrlabClassifierPage *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  /* The jobs under way end cancelled and say so in their runs' lines. */
  g_cancellable_cancel (self->train_cancellable);
  g_object_unref (self->train_cancellable);
  self->train_cancellable = g_cancellable_new ();
  lrlab_classifier_page_cancel_tests (self);
  lrlab_classifier_page_cancel_landscape (self);
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
}

LrlabRunPhase
lrlab_classifier_page_get_run_phase (LrlabClassifierPage *self,
                                     LrlabRun            *run)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), LRLAB_RUN_PHASE_IDLE);
  g_return_val_if_fail (LRLAB_IS_RUN (run), LRLAB_RUN_PHASE_IDLE);
  return lrlab_classifier_page_run_state (self, run)->phase;
}

const LrEpochRecord *
lrlab_classifier_page_get_run_records (LrlabClassifierPage *self,
                                       LrlabRun            *run,
                                       guint               *n_records)
{
  LrlabRunState *state;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  g_return_val_if_fail (LRLAB_IS_RUN (run), NULL);

  state = lrlab_classifier_page_run_state (self, run);
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
  return lrlab_classifier_page_run_state (self, run)->status;
}
