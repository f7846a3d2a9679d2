/* lrlab-classifier-page-search.c: the classifier page looks for a learning
 * rate — the LR range test of one run, and a search that trains the first
 * run at many rates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lr-round.h"
#include "lr-sweep-summary.h"
#include "lrlab-classifier-page-private.h"
#include "lrlab-classifier-result.h"

/* ---- range test ------------------------------------------------------------ */

static LrlabRun *
selected_run (LrlabClassifierPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->run_list);
  guint index = row ? (guint) gtk_list_box_row_get_index (row) : 0;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->runs), index);
}

static void
on_range_test_progress (LrlabJob            *job,
                        double               fraction,
                        gpointer             record,
                        LrlabClassifierPage *self)
{
  if (job == self->lf_job && self->pool != NULL)
    lrlab_classifier_range_test_view_set_progress (self->range_test_view, fraction);
}

static void
range_test_done (LrlabClassifierPage *self,
                 LrlabJob            *job,
                 gpointer             tag,
                 const GError        *error)
{
  LrLrFindResult *result;

  g_signal_handlers_disconnect_by_data (job, self);
  if (job != self->lf_job)
    return;
  g_clear_object (&self->lf_job);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lrlab_classifier_range_test_view_show_error (self->range_test_view, error->message);
      lrlab_classifier_range_test_view_set_progress (self->range_test_view, 0);
      return;
    }
  result = lrlab_job_steal_lr_find (job);
  g_set_object (&self->lf_run, tag);
  self->suggested_lr = result->suggested_lr;
  lrlab_classifier_range_test_view_show_result (self->range_test_view, result);
}

void
lrlab_classifier_page_lr_find (LrlabClassifierPage *self)
{
  g_autoptr(LrlabRun) run = NULL;
  g_autoptr(GError) error = NULL;
  LrlabJobRequest *request;
  LrTrainConfig config;
  double start, end;
  guint iters;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  lrlab_classifier_range_test_view_show_error (self->range_test_view, NULL);
  run = selected_run (self);
  if (self->dataset == NULL || run == NULL)
    return;
  lr_train_config_init (&config);
  if (!lrlab_classifier_range_test_view_get_range (self->range_test_view, &start, &end, &iters, &error)
      || !lrlab_classifier_page_make_config (self, run, &config, &error))
    {
      lrlab_classifier_range_test_view_show_error (self->range_test_view, error->message);
      lr_train_config_clear (&config);
      return;
    }
  config.n_threads = 0;

  g_clear_object (&self->lf_job);
  self->lf_job = lrlab_job_new (LRLAB_JOB_LR_FIND, self->dataset, &config);
  lr_train_config_clear (&config);
  request = lrlab_job_get_request (self->lf_job);
  request->start_lr = start;
  request->end_lr = end;
  request->iters = iters;
  g_signal_connect_object (self->lf_job, "progress", G_CALLBACK (on_range_test_progress), self, 0);
  lrlab_classifier_range_test_view_set_progress (self->range_test_view, 0);
  lrlab_classifier_page_run_job (self, self->lf_job, self->lf_cancellable, range_test_done,
                                 g_object_ref (run), g_object_unref);
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
}

double
lrlab_classifier_page_get_suggested_lr (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NAN);
  return self->suggested_lr;
}

gboolean
lrlab_classifier_page_use_suggested_lr (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  if (!isfinite (self->suggested_lr) || self->lf_run == NULL
      || !lrlab_run_list_find (self->runs, self->lf_run, NULL))
    return FALSE;
  lrlab_run_set_lr (self->lf_run, lr_round_significant (self->suggested_lr, 3));
  return TRUE;
}

/* ---- search ---------------------------------------------------------------- */

static void
search_rate_done (LrlabClassifierPage *self,
                  LrlabJob            *job,
                  gpointer             tag,
                  const GError        *error)
{
  const LrlabJobResult *result = lrlab_job_get_result (job);
  LrSweepRow row;
  g_autoptr(LrlabClassifierResult) item = NULL;

  /* A job of an earlier search. */
  if (tag != self->search_cancellable)
    return;
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lrlab_classifier_search_view_show_error (self->search_view, error->message);
      return;
    }

  lr_sweep_row_from_records (&row, lrlab_job_get_request (job)->config.optimizer.lr, result->diverged, result->records, result->n_records);
  row.batch_size = lrlab_job_get_request (job)->config.batch_size;
  self->search_done++;
  lrlab_classifier_search_view_set_progress (self->search_view,
                                             (double) self->search_done / MAX (self->search_total, 1));
  item = lrlab_classifier_result_new (&row, result->records, result->n_records);
  g_list_store_append (self->results, item);
  lrlab_classifier_search_view_update (self->search_view, self->search_from, self->search_to);
}

static gboolean
check_search (LrlabClassifierPage  *self,
              double                from,
              double                to,
              guint                 count,
              GError              **error)
{
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
  return lrlab_classifier_page_search_batches (self, from, to, count, random, NULL, 1, error);
}

gboolean
lrlab_classifier_page_search_batches (LrlabClassifierPage  *self,
                                      double                from,
                                      double                to,
                                      guint                 count,
                                      gboolean              random,
                                      const guint          *batches,
                                      guint                 n_batches,
                                      GError              **error)
{
  g_autoptr(LrlabRun) first = NULL;
  g_autofree double *lrs = NULL;
  LrTrainConfig config;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);
  g_return_val_if_fail (batches != NULL || n_batches == 1, FALSE);

  if (!check_search (self, from, to, count, error))
    return FALSE;
  if (n_batches < 1 || count * n_batches > LR_SWEEP_MAX_RUNS)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE, _("%u rates at %u batch sizes: the search trains 1 to %u runs"),
                   count, n_batches, LR_SWEEP_MAX_RUNS);
      return FALSE;
    }
  first = g_list_model_get_item (G_LIST_MODEL (self->runs), 0);
  lr_train_config_init (&config);
  if (!lrlab_classifier_page_make_config (self, first, &config, error))
    {
      lr_train_config_clear (&config);
      return FALSE;
    }
  lrs = random ? lr_sweep_random (from, to, count, self->seed) : lr_sweep_grid (from, to, count);

  /* A new search: the rates of the one before stop. */
  g_cancellable_cancel (self->search_cancellable);
  g_object_unref (self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  self->search_total = count * n_batches;
  self->search_done = 0;
  self->search_from = from;
  self->search_to = to;
  g_list_store_remove_all (self->results);
  {
    LrTrainConfig largest = config;

    /* the largest batch needs the most */
    for (guint b = 0; batches != NULL && b < n_batches; b++)
      largest.batch_size = b == 0 ? batches[b] : MAX (largest.batch_size, batches[b]);
    lrlab_classifier_page_fit_parallel (self, &largest, count * n_batches);
  }
  lrlab_classifier_search_view_show_error (self->search_view, NULL);
  lrlab_classifier_search_view_set_lr_multiplier (self->search_view, lr_optimizer_config_is_lr_free (&config.optimizer));
  lrlab_classifier_search_view_set_progress (self->search_view, 0);

  for (guint b = 0; b < n_batches; b++)
    for (guint i = 0; i < count; i++)
      {
        g_autoptr(LrlabJob) job = NULL;

        if (batches != NULL)
          config.batch_size = batches[b];
        lr_optimizer_config_set (&config.optimizer, "lr", lrs[i], NULL);
        job = lrlab_job_new (LRLAB_JOB_SEARCH, self->dataset, &config);
        lrlab_classifier_page_run_job (self, job, self->search_cancellable, search_rate_done,
                                       g_object_ref (self->search_cancellable), g_object_unref);
      }
  lr_train_config_clear (&config);
  lrlab_classifier_search_view_update (self->search_view, from, to);
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
  return TRUE;
}

/* The search as typed in the search view. */
void
lrlab_classifier_page_search_typed (LrlabClassifierPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint *batches = NULL;
  double from, to;
  guint count, n_batches = 0;
  gboolean random;

  if (!lrlab_classifier_search_view_get_request (self->search_view, &from, &to, &count, &random, &error)
      || ((batches = lrlab_classifier_search_view_get_batch_grid (self->search_view, &n_batches, &error)) == NULL
          && error != NULL)
      || !lrlab_classifier_page_search_batches (self, from, to, count, random, batches, MAX (n_batches, 1),
                                                &error))
    lrlab_classifier_search_view_show_error (self->search_view, error->message);
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
  return lrlab_classifier_search_view_get_best_lr (self->search_view);
}

gboolean
lrlab_classifier_page_use_best_lr (LrlabClassifierPage *self)
{
  g_autoptr(LrlabRun) first = NULL;
  double best;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  best = lrlab_classifier_search_view_get_best_lr (self->search_view);
  if (!isfinite (best) || g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    return FALSE;
  first = g_list_model_get_item (G_LIST_MODEL (self->runs), 0);
  lrlab_run_set_lr (first, lr_round_significant (best, 3));
  return TRUE;
}

const char *
lrlab_classifier_page_get_words (LrlabClassifierPage *self,
                                 guint                row,
                                 guint                column)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return lrlab_classifier_search_view_get_words (self->search_view, row, column);
}

void
lrlab_classifier_page_cancel_tests (LrlabClassifierPage *self)
{
  g_cancellable_cancel (self->lf_cancellable);
  g_object_unref (self->lf_cancellable);
  self->lf_cancellable = g_cancellable_new ();
  if (self->lf_job != NULL)
    {
      g_clear_object (&self->lf_job);
      lrlab_classifier_range_test_view_set_progress (self->range_test_view, 0);
    }

  /* The rates already trained stay; the others end cancelled. */
  g_cancellable_cancel (self->search_cancellable);
  if (self->search_done < self->search_total)
    self->search_total = self->search_done;
}
