/* lrlab-classifier-training-view.h: the classifier's training view — loss
 * and accuracy of every run, epoch by epoch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-train.h"
#include "lrlab-classifier-plot.h"
#include "lrlab-run.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_TRAINING_VIEW (lrlab_classifier_training_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierTrainingView, lrlab_classifier_training_view,
                      LRLAB, CLASSIFIER_TRAINING_VIEW, GtkWidget)

LrlabClassifierPlot *lrlab_classifier_training_view_get_loss_plot     (LrlabClassifierTrainingView *self);
LrlabClassifierPlot *lrlab_classifier_training_view_get_accuracy_plot (LrlabClassifierTrainingView *self);
/* Empties both plots; @epochs > 1 fixes their x range to 1 … @epochs. */
void                 lrlab_classifier_training_view_clear             (LrlabClassifierTrainingView *self,
                                                                       guint                        epochs);
/* The sharpness plot (each run's λmax where measured, its limit dashed),
 * shown while the page measures it. */
void                 lrlab_classifier_training_view_set_sharpness_shown (LrlabClassifierTrainingView *self,
                                                                         gboolean                     shown);
LrlabClassifierPlot *lrlab_classifier_training_view_get_sharpness_plot (LrlabClassifierTrainingView *self);
/* Training (solid) and validation (dashed) curves of @run so far. */
void                 lrlab_classifier_training_view_add_run           (LrlabClassifierTrainingView *self,
                                                                       LrlabRun                    *run,
                                                                       const LrEpochRecord         *records,
                                                                       guint                        n_records,
                                                                       gboolean                     diverged);
/* Both plots, one above the other, for export. */
void                 lrlab_classifier_training_view_draw              (LrlabClassifierTrainingView *self,
                                                                       cairo_t                     *cr,
                                                                       double                       width,
                                                                       double                       height,
                                                                       const LrRenderTheme         *theme);

G_END_DECLS
