/* lrlab-classifier-result.c: one learning rate of a search (list item)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lrlab-classifier-result.h"

struct _LrlabClassifierResult
{
  GObject        parent_instance;

  LrSweepRow     row;
  LrEpochRecord *records;
  guint          n_records;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierResult, lrlab_classifier_result, G_TYPE_OBJECT)

static void
lrlab_classifier_result_finalize (GObject *object)
{
  LrlabClassifierResult *self = LRLAB_CLASSIFIER_RESULT (object);

  g_free (self->records);

  G_OBJECT_CLASS (lrlab_classifier_result_parent_class)->finalize (object);
}

static void
lrlab_classifier_result_class_init (LrlabClassifierResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lrlab_classifier_result_finalize;
}

static void
lrlab_classifier_result_init (LrlabClassifierResult *self)
{
}

LrlabClassifierResult *
lrlab_classifier_result_new (const LrSweepRow    *row,
                             const LrEpochRecord *records,
                             guint                n_records)
{
  LrlabClassifierResult *self;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (records != NULL || n_records == 0, NULL);

  self = g_object_new (LRLAB_TYPE_CLASSIFIER_RESULT, NULL);
  self->row = *row;
  self->n_records = n_records;
  self->records = n_records ? g_memdup2 (records, n_records * sizeof (LrEpochRecord)) : NULL;
  return self;
}

const LrSweepRow *
lrlab_classifier_result_get_row (LrlabClassifierResult *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (self), NULL);
  return &self->row;
}

double
lrlab_classifier_result_get_lr (LrlabClassifierResult *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (self), NAN);
  return self->row.lr;
}

double
lrlab_classifier_result_get_val_acc (LrlabClassifierResult *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (self), NAN);
  return self->row.val_acc;
}

double
lrlab_classifier_result_get_val_loss (LrlabClassifierResult *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (self), NAN);
  return self->row.val_loss;
}

gboolean
lrlab_classifier_result_get_diverged (LrlabClassifierResult *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (self), FALSE);
  return self->row.diverged;
}

const LrEpochRecord *
lrlab_classifier_result_get_records (LrlabClassifierResult *self,
                                     guint                 *n_records)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (self), NULL);

  if (n_records != NULL)
    *n_records = self->n_records;
  return self->records;
}

static double
column_value (LrlabClassifierResult *self,
              const char            *column)
{
  if (g_strcmp0 (column, "val_acc") == 0)
    return self->row.diverged ? NAN : self->row.val_acc;
  if (g_strcmp0 (column, "val_loss") == 0)
    return self->row.diverged ? NAN : self->row.val_loss;
  if (g_strcmp0 (column, "train_loss") == 0)
    return self->row.diverged ? NAN : self->row.train_loss;
  if (g_strcmp0 (column, "seconds") == 0)
    return self->row.seconds;
  return self->row.lr;
}

int
lrlab_classifier_result_compare (LrlabClassifierResult *a,
                                 LrlabClassifierResult *b,
                                 const char            *column)
{
  double va, vb;
  gboolean fa, fb;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (a), 0);
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_RESULT (b), 0);

  va = column_value (a, column);
  vb = column_value (b, column);
  fa = isfinite (va);
  fb = isfinite (vb);
  if (fa != fb)
    return fa ? -1 : 1;
  if (!fa || va == vb)
    return (a->row.lr > b->row.lr) - (a->row.lr < b->row.lr);
  return va < vb ? -1 : 1;
}
