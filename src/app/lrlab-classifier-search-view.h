/* lrlab-classifier-search-view.h: the classifier's learning-rate search
 * view — the rates to try, validation accuracy and loss per rate, the
 * table of runs, the best rate and the table in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-batch-heatmap.h"
#include "lrlab-classifier-plot.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_SEARCH_VIEW (lrlab_classifier_search_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierSearchView, lrlab_classifier_search_view,
                      LRLAB, CLASSIFIER_SEARCH_VIEW, GtkWidget)

/* The search typed in: from, to (rates), count, random. */
gboolean             lrlab_classifier_search_view_get_request  (LrlabClassifierSearchView  *self,
                                                                double                     *from,
                                                                double                     *to,
                                                                guint                      *count,
                                                                gboolean                   *random,
                                                                GError                    **error);
/* The batch-size grid typed in (a:b:n), NULL and @n_batches 0 when the
 * entry is empty (the first run's batch size); NULL and @error when not
 * valid. */
guint               *lrlab_classifier_search_view_get_batch_grid (LrlabClassifierSearchView *self,
                                                                guint                      *n_batches,
                                                                GError                    **error);
/* What the heatmap of rate × batch size shows (n_batches 0: no heatmap,
 * the results have one batch size). */
const LrBatchHeatmapSpec *lrlab_classifier_search_view_get_heatmap (LrlabClassifierSearchView *self);
/* @results: LrlabClassifierResult items; shown until the view goes. */
/* The rates searched multiply the step the method chooses (Prodigy,
 * D-Adaptation, DoG): the axes and the best rate say "lr multiplier". */
void lrlab_classifier_search_view_set_lr_multiplier (LrlabClassifierSearchView *self,
                                                     gboolean                   multiplier);
void                 lrlab_classifier_search_view_set_results  (LrlabClassifierSearchView  *self,
                                                                GListModel                 *results);
/* Redraws plots, best rate and words for the results of a search from
 * @from to @to. */
void                 lrlab_classifier_search_view_update       (LrlabClassifierSearchView  *self,
                                                                double                      from,
                                                                double                      to);
void                 lrlab_classifier_search_view_set_progress (LrlabClassifierSearchView  *self,
                                                                double                      fraction);
/* NULL hides the error line. */
void                 lrlab_classifier_search_view_show_error   (LrlabClassifierSearchView  *self,
                                                                const char                 *message);
/* Highest validation accuracy's rate, NaN before any. */
double               lrlab_classifier_search_view_get_best_lr  (LrlabClassifierSearchView  *self);
/* Row 0 low, 1 middle, 2 high third; column 0 the range, 1 training
 * time, 2 convergence; NULL when the third has no result. */
const char          *lrlab_classifier_search_view_get_words    (LrlabClassifierSearchView  *self,
                                                                guint                       row,
                                                                guint                       column);
/* FALSE: accuracy plot, TRUE: loss plot. */
LrlabClassifierPlot *lrlab_classifier_search_view_get_plot     (LrlabClassifierSearchView  *self,
                                                                gboolean                    loss);
/* Accuracy and loss side by side, for export. */
void                 lrlab_classifier_search_view_draw         (LrlabClassifierSearchView  *self,
                                                                cairo_t                    *cr,
                                                                double                      width,
                                                                double                      height,
                                                                const LrRenderTheme        *theme);
/* One row per result, in the order they finished. */
void                 lrlab_classifier_search_view_append_csv   (LrlabClassifierSearchView  *self,
                                                                GString                    *out);

G_END_DECLS
