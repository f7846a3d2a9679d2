/* lrlab-classifier-page-actions.c: the classifier page's actions, one
 * callback each, and when they are enabled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lrlab-classifier-page-private.h"

static void
use_digits_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  lrlab_classifier_page_load_dataset (LRLAB_CLASSIFIER_PAGE (widget), "digits");
}

static void
open_dataset_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  lrlab_classifier_page_choose_dataset (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
add_run_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  lrlab_classifier_page_add_run (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
train_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  lrlab_classifier_page_train (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  lrlab_classifier_page_cancel (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
lr_find_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  lrlab_classifier_page_lr_find (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
use_suggested_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  lrlab_classifier_page_use_suggested_lr (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  lrlab_classifier_page_search_typed (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
use_best_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  lrlab_classifier_page_use_best_lr (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
landscape_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  lrlab_classifier_page_landscape (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
export_figure_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  lrlab_classifier_page_export_figure (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  lrlab_classifier_page_export_csv (LRLAB_CLASSIFIER_PAGE (widget));
}

static void
copy_runs_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_autofree char *text = lrlab_classifier_page_runs_to_text (LRLAB_CLASSIFIER_PAGE (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

void
lrlab_classifier_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "classifier.use-digits", NULL, use_digits_action);
  gtk_widget_class_install_action (widget_class, "classifier.open-dataset", NULL, open_dataset_action);
  gtk_widget_class_install_action (widget_class, "classifier.add-run", NULL, add_run_action);
  gtk_widget_class_install_action (widget_class, "classifier.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "classifier.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "classifier.lr-find", NULL, lr_find_action);
  gtk_widget_class_install_action (widget_class, "classifier.use-suggested", NULL, use_suggested_action);
  gtk_widget_class_install_action (widget_class, "classifier.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "classifier.use-best", NULL, use_best_action);
  gtk_widget_class_install_action (widget_class, "classifier.landscape", NULL, landscape_action);
  gtk_widget_class_install_action (widget_class, "classifier.export-figure", NULL, export_figure_action);
  gtk_widget_class_install_action (widget_class, "classifier.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "classifier.copy-runs", NULL, copy_runs_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "classifier.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "classifier.train", NULL);
}

void
lrlab_classifier_page_update_actions (LrlabClassifierPage *self)
{
  gboolean ready = self->dataset != NULL && !self->loading && !self->model_invalid;
  gboolean testing = self->lf_job != NULL;
  GtkWidget *w = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (w, "classifier.train", ready);
  gtk_widget_action_set_enabled (w, "classifier.cancel", lrlab_classifier_page_get_busy (self) || testing ||
                                 self->landscape_job != NULL);
  gtk_widget_action_set_enabled (w, "classifier.lr-find", ready && !testing);
  gtk_widget_action_set_enabled (w, "classifier.search", ready);
  gtk_widget_action_set_enabled (w, "classifier.landscape", ready && self->landscape_job == NULL);
  gtk_widget_action_set_enabled (w, "classifier.use-suggested", isfinite (self->suggested_lr) && self->lf_run != NULL);
  gtk_widget_action_set_enabled (w, "classifier.use-best",
                                 isfinite (lrlab_classifier_search_view_get_best_lr (self->search_view)));
  gtk_widget_action_set_enabled (w, "classifier.add-run",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->runs)) < LRLAB_CLASSIFIER_MAX_RUNS);
}
