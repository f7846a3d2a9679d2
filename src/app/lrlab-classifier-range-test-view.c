/* lrlab-classifier-range-test-view.c: the LR range test view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lr-spec.h"
#include "lrlab-classifier-export.h"
#include "lrlab-classifier-range-test-view.h"
#include "lrlab-rate-entry.h"
#include "lrlab-util.h"

struct _LrlabClassifierRangeTestView
{
  GtkWidget            parent_instance;

  LrLrFindResult      *result;

  /* template */
  GtkEntry            *lf_start_entry;
  GtkEntry            *lf_end_entry;
  GtkAdjustment       *lf_iters_adjustment;
  GtkProgressBar      *lf_progress;
  GtkLabel            *lf_explain;
  GtkLabel            *lf_error;
  LrlabClassifierPlot *lf_plot;
  GtkLabel            *lf_result;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierRangeTestView, lrlab_classifier_range_test_view, GTK_TYPE_WIDGET)

static void
lrlab_classifier_range_test_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LRLAB_TYPE_CLASSIFIER_RANGE_TEST_VIEW);
  /* The template's top box is not a bound child: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lrlab_classifier_range_test_view_parent_class)->dispose (object);
}

static void
lrlab_classifier_range_test_view_finalize (GObject *object)
{
  LrlabClassifierRangeTestView *self = LRLAB_CLASSIFIER_RANGE_TEST_VIEW (object);

  g_clear_pointer (&self->result, lr_lr_find_result_free);
  G_OBJECT_CLASS (lrlab_classifier_range_test_view_parent_class)->finalize (object);
}

static void
lrlab_classifier_range_test_view_class_init (LrlabClassifierRangeTestViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_classifier_range_test_view_dispose;
  object_class->finalize = lrlab_classifier_range_test_view_finalize;

  g_type_ensure (LRLAB_TYPE_CLASSIFIER_PLOT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lrlab/LearningRateLab/ui/lrlab-classifier-range-test-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_start_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_end_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_iters_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_progress);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_explain);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierRangeTestView, lf_result);
}

static void
lrlab_classifier_range_test_view_init (LrlabClassifierRangeTestView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lrlab_classifier_plot_set_axes (self->lf_plot, _("LR range test"), _("learning rate"), _("loss"), TRUE, FALSE);
  lrlab_classifier_plot_set_empty_text (self->lf_plot, _("Run the range test to see the loss as the rate rises"));
  gtk_label_set_label (self->lf_explain,
                       _("One short training whose learning rate rises exponentially every batch. The loss first "
                         "falls, then blows up; a good rate sits where it falls fastest, or a tenth of the rate at "
                         "its minimum — the smaller of the two is suggested for the selected run."));
}

LrlabClassifierPlot *
lrlab_classifier_range_test_view_get_plot (LrlabClassifierRangeTestView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RANGE_TEST_VIEW (self), NULL);
  return self->lf_plot;
}

gboolean
lrlab_classifier_range_test_view_get_range (LrlabClassifierRangeTestView  *self,
                                            double                        *start_lr,
                                            double                        *end_lr,
                                            guint                         *iters,
                                            GError                       **error)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RANGE_TEST_VIEW (self), FALSE);

  if (!lrlab_rate_entry_parse (self->lf_start_entry, start_lr, error)
      || !lrlab_rate_entry_parse (self->lf_end_entry, end_lr, error))
    return FALSE;
  if (!(*start_lr < *end_lr))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE, _("The first rate (%g) must be below the last (%g)"),
                   *start_lr, *end_lr);
      return FALSE;
    }
  *iters = (guint) gtk_adjustment_get_value (self->lf_iters_adjustment);
  return TRUE;
}

void
lrlab_classifier_range_test_view_set_progress (LrlabClassifierRangeTestView *self,
                                               double                        fraction)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_RANGE_TEST_VIEW (self));
  gtk_progress_bar_set_fraction (self->lf_progress, CLAMP (fraction, 0, 1));
}

void
lrlab_classifier_range_test_view_show_error (LrlabClassifierRangeTestView *self,
                                             const char                   *message)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_RANGE_TEST_VIEW (self));
  gtk_label_set_label (self->lf_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->lf_error), message != NULL);
}

void
lrlab_classifier_range_test_view_show_result (LrlabClassifierRangeTestView *self,
                                              LrLrFindResult               *result)
{
  GdkRGBA raw, smooth, mark;
  g_autofree char *text = NULL;
  const LrLrFindResult *r = result;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_RANGE_TEST_VIEW (self));
  g_return_if_fail (result != NULL);

  g_clear_pointer (&self->result, lr_lr_find_result_free);
  self->result = result;
  gtk_progress_bar_set_fraction (self->lf_progress, 1);

  gdk_rgba_parse (&raw, "rgba(128,128,128,0.6)");
  lrlab_palette_color (0, &smooth);
  lrlab_palette_color (1, &mark);
  lrlab_classifier_plot_clear (self->lf_plot);
  /* the descent fills the plot; the blow-up leaves it at the top */
  {
    double ymin, ymax;

    if (lr_lr_find_plot_range (r, &ymin, &ymax))
      lrlab_classifier_plot_set_y_range (self->lf_plot, ymin, ymax);
    else
      lrlab_classifier_plot_set_y_range (self->lf_plot, 0, 0);
  }
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

const LrLrFindResult *
lrlab_classifier_range_test_view_get_result (LrlabClassifierRangeTestView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RANGE_TEST_VIEW (self), NULL);
  return self->result;
}

void
lrlab_classifier_range_test_view_append_csv (LrlabClassifierRangeTestView *self,
                                             GString                      *out)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_RANGE_TEST_VIEW (self));

  g_string_append (out, "lr,loss,smoothed\n");
  for (guint i = 0; self->result && i < self->result->n; i++)
    {
      lrlab_classifier_csv_number (out, self->result->lr[i]);
      g_string_append_c (out, ',');
      lrlab_classifier_csv_number (out, self->result->loss[i]);
      g_string_append_c (out, ',');
      lrlab_classifier_csv_number (out, self->result->smoothed[i]);
      g_string_append_c (out, '\n');
    }
}
