/* lrlab-classifier-results-view.h: the classifier's results view — the
 * confusion matrix, the confidently wrong images and the first layer's
 * weights of the first run to finish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lrlab-classifier-confusion.h"
#include "lrlab-classifier-images.h"
#include "lrlab-job.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_RESULTS_VIEW (lrlab_classifier_results_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierResultsView, lrlab_classifier_results_view,
                      LRLAB, CLASSIFIER_RESULTS_VIEW, GtkWidget)

/* @description names the run; @val_acc and @epochs sum it up. */
void                      lrlab_classifier_results_view_show          (LrlabClassifierResultsView *self,
                                                                       const char                 *description,
                                                                       double                      val_acc,
                                                                       guint                       epochs,
                                                                       const LrlabJobAnalysis     *analysis);
void                      lrlab_classifier_results_view_clear         (LrlabClassifierResultsView *self);
gboolean                  lrlab_classifier_results_view_get_shown     (LrlabClassifierResultsView *self);
LrlabClassifierConfusion *lrlab_classifier_results_view_get_confusion (LrlabClassifierResultsView *self);
/* "wrong" or "weights". */
LrlabClassifierImages    *lrlab_classifier_results_view_get_images    (LrlabClassifierResultsView *self,
                                                                       const char                 *name);
/* The confusion matrix, for export. */
void                      lrlab_classifier_results_view_draw          (LrlabClassifierResultsView *self,
                                                                       cairo_t                    *cr,
                                                                       double                      width,
                                                                       double                      height,
                                                                       const LrRenderTheme        *theme);
/* "true,predicted,count" rows. */
void                      lrlab_classifier_results_view_append_csv    (LrlabClassifierResultsView *self,
                                                                       GString                    *out);

G_END_DECLS
