/* lrlab-classifier-result.h: one learning rate of a search (list item)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lr-train.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_RESULT (lrlab_classifier_result_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierResult, lrlab_classifier_result, LRLAB, CLASSIFIER_RESULT, GObject)

/* @records: the run's epochs (copied), for the time-to-accuracy measure. */
LrlabClassifierResult *lrlab_classifier_result_new           (const LrSweepRow      *row,
                                                              const LrEpochRecord   *records,
                                                              guint                  n_records);
const LrSweepRow      *lrlab_classifier_result_get_row       (LrlabClassifierResult *self);
double                 lrlab_classifier_result_get_lr        (LrlabClassifierResult *self);
double                 lrlab_classifier_result_get_val_acc   (LrlabClassifierResult *self);
double                 lrlab_classifier_result_get_val_loss  (LrlabClassifierResult *self);
gboolean               lrlab_classifier_result_get_diverged  (LrlabClassifierResult *self);
const LrEpochRecord   *lrlab_classifier_result_get_records   (LrlabClassifierResult *self,
                                                              guint                 *n_records);
/* qsort-style order on a column: lr, val_acc, val_loss, train_loss, seconds;
 * values that are not finite (diverged runs) sort last. */
int                    lrlab_classifier_result_compare       (LrlabClassifierResult *a,
                                                              LrlabClassifierResult *b,
                                                              const char            *column);

G_END_DECLS
