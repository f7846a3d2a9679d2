/* lrlab-classifier-training-view.c: loss and accuracy of every run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lr-preconditioned-sharpness.h"
#include "lrlab-classifier-training-view.h"

struct _LrlabClassifierTrainingView
{
  GtkWidget            parent_instance;

  /* template */
  LrlabClassifierPlot *loss_plot;
  LrlabClassifierPlot *acc_plot;
  LrlabClassifierPlot *sharp_plot;
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
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierTrainingView, sharp_plot);
}

static void
lrlab_classifier_training_view_init (LrlabClassifierTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lrlab_classifier_plot_set_axes (self->loss_plot, _("Loss"), _("epoch"), _("loss"), FALSE, TRUE);
  lrlab_classifier_plot_set_axes (self->acc_plot, _("Accuracy"), _("epoch"), _("accuracy (%)"), FALSE, FALSE);
  lrlab_classifier_plot_set_empty_text (self->loss_plot, _("Press Train to train every run"));
  lrlab_classifier_plot_set_empty_text (self->acc_plot, _("Training and validation accuracy appear here"));
  lrlab_classifier_plot_set_axes (self->sharp_plot, _("Sharpness λmax; dashed: its limit, 2/lr for SGD"),
                                  _("epoch"), _("λmax"), FALSE, TRUE);
  lrlab_classifier_plot_set_empty_text (self->sharp_plot, _("The sharpness appears here every few epochs"));
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
  lrlab_classifier_plot_clear (self->sharp_plot);
  if (epochs > 1)
    {
      lrlab_classifier_plot_set_x_range (self->loss_plot, 1, epochs);
      lrlab_classifier_plot_set_x_range (self->acc_plot, 1, epochs);
      lrlab_classifier_plot_set_x_range (self->sharp_plot, 1, epochs);
    }
}

void
lrlab_classifier_training_view_set_sharpness_shown (LrlabClassifierTrainingView *self,
                                                    gboolean                     shown)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sharp_plot), shown);
}

LrlabClassifierPlot *
lrlab_classifier_training_view_get_sharpness_plot (LrlabClassifierTrainingView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self), NULL);
  return self->sharp_plot;
}

/* The run's sharpness where it was measured and, dashed, its limit at the
 * rate of that epoch (2/lr for SGD, (2 + 2β)/lr with momentum, 38/lr for
 * Adam's preconditioned sharpness at its default betas). */
static void
add_sharpness (LrlabClassifierPlot *plot,
               LrlabRun            *run,
               const char          *label,
               const LrEpochRecord *records,
               guint                n_records)
{
  g_autofree double *x = g_new (double, MAX (n_records, 1));
  g_autofree double *y = g_new (double, MAX (n_records, 1));
  g_autofree double *limit = g_new (double, MAX (n_records, 1));
  LrOptimizerConfig config;
  gboolean has_limit = lr_optimizer_config_parse (lrlab_run_get_optimizer (run), &config, NULL);
  guint n = 0;

  for (guint i = 0; i < n_records; i++)
    if (isfinite (records[i].sharpness))
      {
        x[n] = records[i].epoch;
        y[n] = records[i].sharpness;
        limit[n] = has_limit ? lr_train_sharpness_limit (&config, records[i].lr) : NAN;
        n++;
      }
  if (n == 0)
    return;
  lrlab_classifier_plot_add_series (plot, label, lrlab_run_get_color (run), x, y, n, FALSE, n < 2);
  if (has_limit && isfinite (limit[0]))
    lrlab_classifier_plot_add_series (plot, NULL, lrlab_run_get_color (run), x, limit, n, TRUE, FALSE);
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
  add_sharpness (self->sharp_plot, run, label, records, n_records);
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
  LrlabClassifierPlot *plots[3];
  guint n;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_TRAINING_VIEW (self));

  plots[0] = self->loss_plot;
  plots[1] = self->acc_plot;
  plots[2] = self->sharp_plot;
  n = gtk_widget_get_visible (GTK_WIDGET (self->sharp_plot)) ? 3 : 2;

  for (guint i = 0; i < n; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, i * height / n);
      lrlab_classifier_plot_draw (plots[i], cr, width, height / n, theme);
      cairo_restore (cr);
    }
}
