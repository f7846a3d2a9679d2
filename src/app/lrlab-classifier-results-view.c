/* lrlab-classifier-results-view.c: the results of the selected run (or the first to finish)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lrlab-classifier-results-view.h"

struct _LrlabClassifierResultsView
{
  GtkWidget                 parent_instance;

  gboolean                  shown;
  guint                    *confusion;
  guint                     n_classes;

  /* template */
  GtkLabel                 *results_label;
  LrlabClassifierConfusion *confusion_view;
  LrlabClassifierImages    *wrong_gallery;
  GtkLabel                 *weights_label;
  LrlabClassifierImages    *weights_gallery;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierResultsView, lrlab_classifier_results_view, GTK_TYPE_WIDGET)

static void
lrlab_classifier_results_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LRLAB_TYPE_CLASSIFIER_RESULTS_VIEW);
  /* The template's top box is not a bound child: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lrlab_classifier_results_view_parent_class)->dispose (object);
}

static void
lrlab_classifier_results_view_finalize (GObject *object)
{
  LrlabClassifierResultsView *self = LRLAB_CLASSIFIER_RESULTS_VIEW (object);

  g_free (self->confusion);
  G_OBJECT_CLASS (lrlab_classifier_results_view_parent_class)->finalize (object);
}

static void
lrlab_classifier_results_view_class_init (LrlabClassifierResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_classifier_results_view_dispose;
  object_class->finalize = lrlab_classifier_results_view_finalize;

  g_type_ensure (LRLAB_TYPE_CLASSIFIER_CONFUSION);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_IMAGES);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lrlab/LearningRateLab/ui/lrlab-classifier-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierResultsView, results_label);
  gtk_widget_class_bind_template_child_full (widget_class, "confusion", FALSE,
                                             G_STRUCT_OFFSET (LrlabClassifierResultsView, confusion_view));
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierResultsView, wrong_gallery);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierResultsView, weights_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierResultsView, weights_gallery);
}

static void
lrlab_classifier_results_view_init (LrlabClassifierResultsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lrlab_classifier_images_set_empty_text (self->wrong_gallery, _("No results yet"));
  lrlab_classifier_images_set_empty_text (self->weights_gallery, _("No results yet"));
  lrlab_classifier_results_view_clear (self);
}

void
lrlab_classifier_results_view_show (LrlabClassifierResultsView *self,
                                    const char                 *description,
                                    double                      val_acc,
                                    guint                       epochs,
                                    const LrlabJobAnalysis     *a)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_RESULTS_VIEW (self));
  g_return_if_fail (a != NULL);

  self->shown = TRUE;
  g_free (self->confusion);
  self->confusion = g_memdup2 (a->confusion, (gsize) a->n_classes * a->n_classes * sizeof (guint));
  self->n_classes = a->n_classes;

  text = g_strdup_printf (_("Validation results of %s (select a run in the list to see its own): accuracy %.1f%% after %u epochs."),
                          description, 100 * val_acc, epochs);
  gtk_label_set_label (self->results_label, text);
  lrlab_classifier_confusion_set (self->confusion_view, a->confusion, a->n_classes, NULL, _("Confusion matrix"));
  lrlab_classifier_images_set (self->wrong_gallery, LRLAB_IMAGES_GREY, a->rows, a->cols, a->n_wrong,
                               a->wrong_pixels, (const char * const *) a->wrong_captions, NULL);
  lrlab_classifier_images_set (self->weights_gallery, LRLAB_IMAGES_SIGNED, a->rows, a->cols, a->n_units,
                               a->weights, NULL, NULL);
  g_free (text);
  text = g_strdup_printf (_("The weights into the first %u units of the first layer, one image each: red where a "
                            "bright pixel raises the unit’s input, blue where it lowers it."), a->n_units);
  gtk_label_set_label (self->weights_label, text);
}

void
lrlab_classifier_results_view_clear (LrlabClassifierResultsView *self)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_RESULTS_VIEW (self));

  self->shown = FALSE;
  g_clear_pointer (&self->confusion, g_free);
  self->n_classes = 0;
  gtk_label_set_label (self->results_label, _("Train the runs: the run selected in the list, or else the first to finish, is analysed here."));
  lrlab_classifier_confusion_set (self->confusion_view, NULL, 0, NULL, NULL);
  lrlab_classifier_images_clear (self->wrong_gallery);
  lrlab_classifier_images_clear (self->weights_gallery);
  gtk_label_set_label (self->weights_label, "");
}

gboolean
lrlab_classifier_results_view_get_shown (LrlabClassifierResultsView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULTS_VIEW (self), FALSE);
  return self->shown;
}

LrlabClassifierConfusion *
lrlab_classifier_results_view_get_confusion (LrlabClassifierResultsView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULTS_VIEW (self), NULL);
  return self->confusion_view;
}

LrlabClassifierImages *
lrlab_classifier_results_view_get_images (LrlabClassifierResultsView *self,
                                          const char                 *name)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULTS_VIEW (self), NULL);

  if (g_strcmp0 (name, "wrong") == 0)
    return self->wrong_gallery;
  if (g_strcmp0 (name, "weights") == 0)
    return self->weights_gallery;
  return NULL;
}

void
lrlab_classifier_results_view_draw (LrlabClassifierResultsView *self,
                                    cairo_t                    *cr,
                                    double                      width,
                                    double                      height,
                                    const LrRenderTheme        *theme)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_RESULTS_VIEW (self));
  lrlab_classifier_draw_confusion (cr, width, height, self->confusion, self->confusion ? self->n_classes : 0,
                                   NULL, _("Confusion matrix"), theme);
}

void
lrlab_classifier_results_view_append_csv (LrlabClassifierResultsView *self,
                                          GString                    *out)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_RESULTS_VIEW (self));

  g_string_append (out, "true,predicted,count\n");
  for (guint t = 0; self->confusion && t < self->n_classes; t++)
    for (guint p = 0; p < self->n_classes; p++)
      g_string_append_printf (out, "%u,%u,%u\n", t, p, self->confusion[t * self->n_classes + p]);
}
