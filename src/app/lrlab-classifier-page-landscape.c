/* lrlab-classifier-page-landscape.c: the classifier page computes the loss
 * landscape of its visible runs in the background and hands it to the
 * landscape view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lrlab-classifier-page-private.h"

static void
on_landscape_progress (LrlabJob            *job,
                       double               fraction,
                       gpointer             record,
                       LrlabClassifierPage *self)
{
  if (job == self->landscape_job && self->pool != NULL)
    lrlab_classifier_landscape_view_set_progress (self->landscape_view, fraction);
}

/* @tag: the runs' colours (a GArray of GdkRGBA). */
static void
landscape_done (LrlabClassifierPage *self,
                LrlabJob            *job,
                gpointer             tag,
                const GError        *error)
{
  GArray *colors = tag;
  LrLandscape *landscape;

  g_signal_handlers_disconnect_by_data (job, self);
  if (job != self->landscape_job)
    return;
  g_clear_object (&self->landscape_job);
  lrlab_classifier_landscape_view_set_progress (self->landscape_view, -1);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lrlab_classifier_landscape_view_show_error (self->landscape_view, error->message);
      return;
    }
  landscape = lrlab_job_steal_landscape (job);
  lrlab_classifier_landscape_view_set_landscape (self->landscape_view, landscape,
                                                 (const GdkRGBA *) (gpointer) colors->data, colors->len);
}

void
lrlab_classifier_page_landscape (LrlabClassifierPage *self)
{
  guint count = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  g_autoptr(GArray) configs = g_array_new (FALSE, TRUE, sizeof (LrTrainConfig));
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  GArray *colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  g_autoptr(GError) error = NULL;
  LrLandscapeConfig lconfig;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  lrlab_classifier_landscape_view_show_error (self->landscape_view, NULL);
  if (self->dataset == NULL || self->landscape_job != NULL)
    {
      g_array_unref (colors);
      return;
    }

  lrlab_classifier_landscape_view_get_settings (self->landscape_view, &lconfig);
  lconfig.seed = self->seed;
  for (guint i = 0; i < count && error == NULL; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      LrTrainConfig config;

      if (!lrlab_run_get_visible (run))
        continue;
      lr_train_config_init (&config);
      if (!lrlab_classifier_page_make_config (self, run, &config, &error))
        {
          lr_train_config_clear (&config);
          break;
        }
      g_array_append_val (configs, config);
      g_ptr_array_add (specs, lrlab_run_to_text (run));
      g_array_append_vals (colors, lrlab_run_get_color (run), 1);
    }
  g_ptr_array_add (specs, NULL);

  if (error == NULL && configs->len == 0)
    g_set_error_literal (&error, LR_ERROR, LR_ERROR_VALUE, _("Show at least one run to map its landscape"));
  else if (error == NULL && lconfig.plane == LR_LANDSCAPE_PLANE_ENDPOINTS && configs->len != 2)
    g_set_error (&error, LR_ERROR, LR_ERROR_VALUE,
                 ngettext ("The end-point plane needs exactly two visible runs; %u is shown",
                           "The end-point plane needs exactly two visible runs; %u are shown", configs->len),
                 configs->len);

  if (error == NULL)
    {
      self->landscape_job = lrlab_job_new_landscape (self->dataset, (const LrTrainConfig *) (gpointer) configs->data,
                                                     (const char * const *) specs->pdata, configs->len, &lconfig);
      g_signal_connect_object (self->landscape_job, "progress", G_CALLBACK (on_landscape_progress), self, 0);
      lrlab_classifier_landscape_view_set_progress (self->landscape_view, 0);
      lrlab_classifier_page_run_job (self, self->landscape_job, self->landscape_cancellable, landscape_done,
                                     g_steal_pointer (&colors), (GDestroyNotify) g_array_unref);
    }
  else
    {
      lrlab_classifier_landscape_view_show_error (self->landscape_view, error->message);
      g_array_unref (colors);
    }
  for (guint i = 0; i < configs->len; i++)
    lr_train_config_clear (&g_array_index (configs, LrTrainConfig, i));
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
}

struct _LrlabClassifierLandscapeView *
lrlab_classifier_page_get_landscape_view (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->landscape_view;
}

void
lrlab_classifier_page_cancel_landscape (LrlabClassifierPage *self)
{
  g_cancellable_cancel (self->landscape_cancellable);
  g_object_unref (self->landscape_cancellable);
  self->landscape_cancellable = g_cancellable_new ();
  if (self->landscape_job != NULL)
    {
      g_clear_object (&self->landscape_job);
      lrlab_classifier_landscape_view_set_progress (self->landscape_view, -1);
    }
}
