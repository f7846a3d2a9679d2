/* lrlab-classifier-training-view.c: loss and accuracy of every run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lrlab-classifier-training-view.h"

struct _LrlabClassifierTrainingView
{
  GtkWidget            parent_instance;

  /* template */
  LrlabClassifierPlot *loss_plot;
  LrlabClassifierPlot *acc_plot;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierTrainingView, lrlab_classifier_training_view, GTK_TYPE_WIDGET)

static void
lrlab_classifier_training_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LRLAB_TYPE_CLASSIFIER_TRAINING_VIEW);
  /* The template's top box is not a bound child: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lrlab_classifier_training_view_parent_class)->dispose (object);
}

static void
lrlab_classifier_training_view_class_init (LrlabClassifierTrainingViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lrlab_classifier_training_view_dispose;

  g_type_ensure (LRLAB_TYPE_CLASSIFIER_PLOT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lrlab/LearningRateLab/ui/lrlab-classifier-training-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierTrainingView, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierTrainingView, acc_plot);
}

static void
lrlab_classifier_training_view_init (LrlabClassifierTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lrlab_classifier_plot_set_axes (self->loss_plot, _("Loss"), _("epoch"), _("loss"), FALSE, TRUE);
  lrlab_classifier_plot_set_axes (self->acc_plot, _("Accuracy"), _("epoch"), _("accuracy (%)"), FALSE, FALSE);
  lrlab_classifier_plot_set_empty_text (self->loss_plot, _("Press Train to train every run"));
  lrlab_classifier_plot_set_empty_text (self->acc_plot, _("Training and validation accuracy appear here"));
}

LrlabClassifierPlot *
lrlab_classifier_training_view_get_loss_plot (LrlabClassifierTrainingView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self), NULL);
  return self->loss_plot;
}

LrlabClassifierPlot *
lrlab_classifier_training_view_get_accuracy_plot (LrlabClassifierTrainingView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self), NULL);
  return self->acc_plot;
}

void
lrlab_classifier_training_view_clear (LrlabClassifierTrainingView *self,
                                      guint                        epochs)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self));

  lrlab_classifier_plot_clear (self->loss_plot);
  lrlab_classifier_plot_clear (self->acc_plot);
  if (epochs > 1)
    {
      lrlab_classifier_plot_set_x_range (self->loss_plot, 1, epochs);
      lrlab_classifier_plot_set_x_range (self->acc_plot, 1, epochs);
    }
}

/* One curve: the field at @offset of each record (finite ones), × @scale. */
static void
add_record_series (LrlabClassifierPlot *plot,
                   const char          *label,
                   const GdkRGBA       *color,
                   const LrEpochRecord *records,
                   guint                n_records,
                   gsize                offset,
                   double               scale,
                   gboolean             dashed)
{
  g_autofree double *x = g_new (double, MAX (n_records, 1));
  g_autofree double *y = g_new (double, MAX (n_records, 1));
  guint n = 0;

  for (guint i = 0; i < n_records; i++)
    {
      const LrEpochRecord *r = &records[i];
      double v = *(const double *) ((const char *) r + offset);

      if (!isfinite (v))
        continue;
      x[n] = r->epoch;
      y[n] = v * scale;
      n++;
    }
  lrlab_classifier_plot_add_series (plot, label, color, x, y, n, dashed, n < 2);
}

void
lrlab_classifier_training_view_add_run (LrlabClassifierTrainingView *self,
                                        LrlabRun                    *run,
                                        const LrEpochRecord         *records,
                                        guint                        n_records,
                                        gboolean                     diverged)
{
  const GdkRGBA *color;
  g_autofree char *desc = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self));
  g_return_if_fail (LRLAB_IS_RUN (run));

  if (n_records == 0)
    return;
  color = lrlab_run_get_color (run);
  desc = lrlab_run_describe (run);
  label = diverged ? g_strdup_printf (_("%s — diverged"), desc) : g_strdup (desc);
  add_record_series (self->loss_plot, label, color, records, n_records,
                     G_STRUCT_OFFSET (LrEpochRecord, train_loss), 1, FALSE);
  add_record_series (self->loss_plot, NULL, color, records, n_records,
                     G_STRUCT_OFFSET (LrEpochRecord, val_loss), 1, TRUE);
  add_record_series (self->acc_plot, label, color, records, n_records,
                     G_STRUCT_OFFSET (LrEpochRecord, train_acc), 100, FALSE);
  add_record_series (self->acc_plot, NULL, color, records, n_records,
                     G_STRUCT_OFFSET (LrEpochRecord, val_acc), 100, TRUE);
  if (diverged)
    {
      guint epoch = records[n_records - 1].epoch;

      lrlab_classifier_plot_add_marker (self->loss_plot, epoch, _("diverged"), color, TRUE);
      lrlab_classifier_plot_add_marker (self->acc_plot, epoch, _("diverged"), color, TRUE);
    }
}

void
lrlab_classifier_training_view_draw (LrlabClassifierTrainingView *self,
                                     cairo_t                     *cr,
                                     double                       width,
                                     double                       height,
                                     const LrRenderTheme         *theme)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self));

  lrlab_classifier_plot_draw (self->loss_plot, cr, width, height / 2, theme);
  cairo_save (cr);
  cairo_translate (cr, 0, height / 2);
  lrlab_classifier_plot_draw (self->acc_plot, cr, width, height / 2, theme);
  cairo_restore (cr);
}
