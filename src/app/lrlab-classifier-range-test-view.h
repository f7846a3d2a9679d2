/* lrlab-classifier-range-test-view.h: the classifier's LR range test view —
 * the range typed in, the loss as the rate rises, the suggestion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-train.h"
#include "lrlab-classifier-plot.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_RANGE_TEST_VIEW (lrlab_classifier_range_test_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierRangeTestView, lrlab_classifier_range_test_view,
                      LRLAB, CLASSIFIER_RANGE_TEST_VIEW, GtkWidget)

LrlabClassifierPlot  *lrlab_classifier_range_test_view_get_plot     (LrlabClassifierRangeTestView  *self);
/* The rates and batches typed in; an error (and the entry marked) when
 * they do not make a test. */
gboolean              lrlab_classifier_range_test_view_get_range    (LrlabClassifierRangeTestView  *self,
                                                                     double                        *start_lr,
                                                                     double                        *end_lr,
                                                                     guint                         *iters,
                                                                     GError                       **error);
void                  lrlab_classifier_range_test_view_set_progress (LrlabClassifierRangeTestView  *self,
                                                                     double                         fraction);
/* NULL hides the error line. */
void                  lrlab_classifier_range_test_view_show_error   (LrlabClassifierRangeTestView  *self,
                                                                     const char                    *message);
/* Takes @result: its curves, the suggestion and the text that explains it. */
void                  lrlab_classifier_range_test_view_show_result  (LrlabClassifierRangeTestView  *self,
                                                                     LrLrFindResult                *result);
const LrLrFindResult *lrlab_classifier_range_test_view_get_result   (LrlabClassifierRangeTestView  *self);
/* "lr,loss,smoothed" rows of the latest test. */
void                  lrlab_classifier_range_test_view_append_csv   (LrlabClassifierRangeTestView  *self,
                                                                     GString                       *out);

G_END_DECLS
