/* lrlab-classifier-page-export.c: the classifier page's figures, tables and
 * command lines — the view shown (or named) as PNG, SVG, PDF or CSV, and
 * the runs as lrlab-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lrlab-classifier-export.h"
#include "lrlab-classifier-page-private.h"
#include "lrlab-dialogs.h"
#include "lrlab-saved-toast.h"
#include "lrlab-util.h"

typedef enum {
  VIEW_TRAINING,
  VIEW_LR_FIND,
  VIEW_SEARCH,
  VIEW_RESULTS,
  VIEW_LANDSCAPE,
  N_VIEWS
} View;

static const char *view_names[N_VIEWS] = { "training", "lr-find", "search", "results", "landscape" };

static gboolean
resolve_view (LrlabClassifierPage  *self,
              const char           *name,
              View                 *view,
              GError              **error)
{
  if (name == NULL)
    name = lrlab_classifier_page_get_view (self);
  for (guint i = 0; i < N_VIEWS; i++)
    if (g_strcmp0 (name, view_names[i]) == 0)
      {
        *view = i;
        return TRUE;
      }
  g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
               _("Unknown view “%s”; valid: training, lr-find, search, results, landscape"), name);
  return FALSE;
}

/* ---- figures ---------------------------------------------------------------- */

typedef struct {
  LrlabClassifierPage *self;
  View                 view;
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

  switch (d->view)
    {
    case VIEW_TRAINING:
      lrlab_classifier_training_view_draw (self->training_view, cr, width, height, &d->theme);
      break;
    case VIEW_LR_FIND:
      lrlab_classifier_plot_draw (lrlab_classifier_range_test_view_get_plot (self->range_test_view),
                                  cr, width, height, &d->theme);
      break;
    case VIEW_SEARCH:
      lrlab_classifier_search_view_draw (self->search_view, cr, width, height, &d->theme);
      break;
    case VIEW_LANDSCAPE:
      lrlab_classifier_landscape_view_draw (self->landscape_view, cr, width, height, &d->theme);
      break;
    case VIEW_RESULTS:
    case N_VIEWS:
    default:
      lrlab_classifier_results_view_draw (self->results_view, cr, width, height, &d->theme);
      break;
    }
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
  if (!resolve_view (self, view, &d.view, error))
    return FALSE;
  lrlab_theme_for_widget (GTK_WIDGET (self), FALSE, &d.theme);
  return lrlab_classifier_write_drawing (path, width, height, draw_view, &d, error);
}

/* ---- tables ------------------------------------------------------------------ */

static void
append_training_csv (LrlabClassifierPage *self,
                     GString             *out)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  g_string_append (out, "run,optimizer,schedule,epoch,step,lr,train_loss,train_acc,val_loss,val_acc,seconds,diverged\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      guint n_records;
      const LrEpochRecord *records = lrlab_classifier_page_get_run_records (self, run, &n_records);

      for (guint k = 0; k < n_records; k++)
        {
          const LrEpochRecord *r = &records[k];
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

gboolean
lrlab_classifier_page_write_csv (LrlabClassifierPage  *self,
                                 const char           *view_name,
                                 const char           *path,
                                 GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  View view;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  if (!resolve_view (self, view_name, &view, error))
    return FALSE;
  switch (view)
    {
    case VIEW_TRAINING:
      append_training_csv (self, out);
      break;
    case VIEW_LR_FIND:
      lrlab_classifier_range_test_view_append_csv (self->range_test_view, out);
      break;
    case VIEW_SEARCH:
      lrlab_classifier_search_view_append_csv (self->search_view, out);
      break;
    case VIEW_LANDSCAPE:
      lrlab_classifier_landscape_view_append_csv (self->landscape_view, out);
      break;
    case VIEW_RESULTS:
    case N_VIEWS:
    default:
      lrlab_classifier_results_view_append_csv (self->results_view, out);
      break;
    }
  return lrlab_classifier_write_text (path, out, error);
}

/* ---- export through a file dialog --------------------------------------------- */

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LrlabSaveRequest) request = user_data;
  LrlabClassifierPage *self = request->owner;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = lrlab_save_dialog_finish (source, result, &error);
  g_autofree char *path = NULL;
  gboolean ok;

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    return;
  if (request->kind == LRLAB_SAVE_CSV)
    ok = lrlab_classifier_page_write_csv (self, NULL, path, &error);
  else
    ok = lrlab_classifier_page_write_figure (self, NULL, path, 1600, 1000, &error);
  if (!ok)
    lrlab_show_error (GTK_WIDGET (self), _("Export failed"), error->message);
  else
    lrlab_toast_saved (GTK_WIDGET (self), file);
}

static void
export (LrlabClassifierPage *self,
        LrlabSaveKind        kind)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  gboolean csv = kind == LRLAB_SAVE_CSV;
  g_autofree char *name = g_strdup_printf ("classifier-%s.%s", lrlab_classifier_page_get_view (self),
                                           csv ? "csv" : "png");

  lrlab_save_dialog (GTK_WINDOW (window), csv ? _("Export as CSV") : _("Export Figure"), name,
                     kind, export_done,
                     lrlab_save_request_new (self, kind));
}

void
lrlab_classifier_page_export_figure (LrlabClassifierPage *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  export (self, LRLAB_SAVE_FIGURE);
}

void
lrlab_classifier_page_export_csv (LrlabClassifierPage *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  export (self, LRLAB_SAVE_CSV);
}

/* ---- command lines ----------------------------------------------------------- */

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
  g_autofree char *q_source = NULL;
  g_autofree char *q_model = NULL;
  guint n;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);

  q_source = quote_arg (self->dataset ? lr_dataset_get_name (self->dataset) : "digits");
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
      g_string_append_printf (out, " --epochs %u", self->epochs);
      if (lrlab_classifier_page_get_batch_size (self) == LR_TRAIN_BATCH_FULL)
        g_string_append (out, " --batch-size full");
      else
        g_string_append_printf (out, " --batch-size %u", self->batch_size);
      g_string_append_printf (out, " --seed %u", self->seed);
      if (self->sharpness_every > 0)
        g_string_append_printf (out, " --sharpness-every %u", self->sharpness_every);
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
