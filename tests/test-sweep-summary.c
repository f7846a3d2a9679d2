/* test-sweep-summary.c: sweep rows, epochs to an accuracy and the table in
 * words, on hand-made epoch records with answers worked out by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-mlp-size.h"
#include "lr-sweep-summary.h"

static LrEpochRecord
record (guint    epoch,
        double   val_acc,
        double   seconds,
        gboolean diverged)
{
  LrEpochRecord r = { 0 };

  r.epoch = epoch;
  r.step = epoch * 10;
  r.train_loss = 1.0 / epoch;
  r.train_acc = val_acc + 0.01;
  r.val_loss = 2.0 / epoch;
  r.val_acc = val_acc;
  r.seconds = seconds;
  r.diverged = diverged;
  return r;
}

static void
test_row (void)
{
  LrEpochRecord r[3] = { record (1, 0.5, 0.25, FALSE), record (2, 0.7, 0.5, FALSE), record (3, 0.8, 1, FALSE) };
  LrSweepRow row;

  lr_sweep_row_from_records (&row, 0.03, FALSE, r, 3);
  g_assert_cmpfloat (row.lr, ==, 0.03);
  g_assert_cmpuint (row.epochs, ==, 3);
  g_assert_cmpfloat (row.seconds, ==, 1.75);
  g_assert_cmpfloat (row.val_acc, ==, 0.8);
  g_assert_cmpfloat (row.train_acc, ==, 0.81);
  g_assert_cmpfloat (row.val_loss, ==, 2.0 / 3);
  g_assert_cmpfloat (row.train_loss, ==, 1.0 / 3);
  g_assert_false (row.diverged);

  lr_sweep_row_from_records (&row, 5, TRUE, NULL, 0);
  g_assert_cmpuint (row.epochs, ==, 0);
  g_assert_true (row.diverged);
  g_assert_true (isnan (row.val_acc) && isnan (row.train_loss));
  g_assert_cmpfloat (row.seconds, ==, 0);
}

static void
test_epochs_to (void)
{
  LrEpochRecord r[3] = { record (1, 0.4, 1, FALSE), record (2, 0.6, 1, FALSE), record (3, 0.9, 1, FALSE) };
  LrEpochRecord d[2] = { record (1, 0.4, 1, FALSE), record (2, 0.95, 1, TRUE) };

  /* epoch 0 is accuracy 0: 0.2 is half-way to epoch 1's 0.4 */
  g_assert_cmpfloat_with_epsilon (lr_epochs_to_accuracy (r, 3, 0.2), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (lr_epochs_to_accuracy (r, 3, 0.5), 1.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (lr_epochs_to_accuracy (r, 3, 0.8), 2 + 2.0 / 3, 1e-12);
  g_assert_cmpfloat (lr_epochs_to_accuracy (r, 3, 0.6), ==, 2);
  g_assert_true (isnan (lr_epochs_to_accuracy (r, 3, 0.95)));
  /* an epoch that diverged does not count */
  g_assert_true (isnan (lr_epochs_to_accuracy (d, 2, 0.9)));
  g_assert_true (isnan (lr_epochs_to_accuracy (NULL, 0, 0.1)));
}

static void
test_thirds (void)
{
  /* 1e-4 … 1e-1: thirds 1e-4…1e-3, 1e-3…1e-2, 1e-2…1e-1 */
  LrEpochRecord slow[2] = { record (1, 0.3, 1, FALSE), record (2, 0.6, 1, FALSE) };
  LrEpochRecord good[2] = { record (1, 0.5, 1, FALSE), record (2, 1.0, 1, FALSE) };
  LrEpochRecord fine[2] = { record (1, 0.95, 1, FALSE), record (2, 0.995, 1, FALSE) };
  LrEpochRecord blown[1] = { record (1, 0.1, 1, TRUE) };
  LrSweepRow rows[4];
  LrSweepRun runs[4] = {
    { &rows[0], slow, 2 }, { &rows[1], good, 2 }, { &rows[2], fine, 2 }, { &rows[3], blown, 1 },
  };
  LrSweepThird t[3];

  lr_sweep_row_from_records (&rows[0], 2e-4, FALSE, slow, 2);
  lr_sweep_row_from_records (&rows[1], 3e-3, FALSE, good, 2);
  lr_sweep_row_from_records (&rows[2], 2e-2, FALSE, fine, 2);
  lr_sweep_row_from_records (&rows[3], 1e-1, TRUE, blown, 1);   /* the top end counts to the high third */
  lr_sweep_thirds (runs, 4, 1e-4, 1e-1, t);

  g_assert_cmpfloat_with_epsilon (t[0].lr_from, 1e-4, 1e-15);
  g_assert_cmpfloat_with_epsilon (t[0].lr_to, 1e-3, 1e-15);
  g_assert_cmpfloat_with_epsilon (t[2].lr_to, 1e-1, 1e-15);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (t[i].target, 0.9, 1e-12);   /* 0.9 × the best, 1.0 */

  g_assert_cmpuint (t[0].n_runs, ==, 1);
  g_assert_true (isnan (t[0].epochs_to_target));               /* 0.6 never reaches 0.9 */
  g_assert_cmpint (t[0].verdict, ==, LR_SWEEP_THIRD_CONVERGES_WORSE);
  g_assert_cmpfloat (t[0].best_acc, ==, 0.6);

  g_assert_cmpuint (t[1].n_runs, ==, 1);
  g_assert_cmpfloat_with_epsilon (t[1].epochs_to_target, 1.8, 1e-12);  /* 0.5 → 1.0: 0.9 at 1 + 0.8 */
  g_assert_cmpint (t[1].verdict, ==, LR_SWEEP_THIRD_CONVERGES_WELL);

  g_assert_cmpuint (t[2].n_runs, ==, 2);
  g_assert_cmpuint (t[2].n_diverged, ==, 1);
  g_assert_cmpfloat_with_epsilon (t[2].epochs_to_target, 0.9 / 0.95, 1e-12);
  g_assert_cmpint (t[2].verdict, ==, LR_SWEEP_THIRD_UNSTABLE);
  g_assert_cmpfloat (t[2].best_acc, ==, 0.995);

  /* only the diverged run: the high third diverges, the others are empty */
  lr_sweep_thirds (&runs[3], 1, 1e-4, 1e-1, t);
  g_assert_cmpint (t[0].verdict, ==, LR_SWEEP_THIRD_EMPTY);
  g_assert_cmpint (t[1].verdict, ==, LR_SWEEP_THIRD_EMPTY);
  g_assert_cmpint (t[2].verdict, ==, LR_SWEEP_THIRD_DIVERGES);
}

static void
test_mlp_size (void)
{
  LrMlpConfig config = { 0 };

  /* no hidden layer: (64 + 1) × 10 */
  g_assert_cmpuint (lr_mlp_config_count_params (&config, 64, 10), ==, 650);
  config.n_hidden = 2;
  config.hidden[0] = 32;
  config.hidden[1] = 16;
  /* 785·32 + 33·16 + 17·10 */
  g_assert_cmpuint (lr_mlp_config_count_params (&config, 784, 10), ==, 25120 + 528 + 170);
  {
    g_autoptr(GError) error = NULL;
    LrMlp *mlp = lr_mlp_new (&config, 784, 10, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (lr_mlp_get_n_params (mlp), ==, lr_mlp_config_count_params (&config, 784, 10));
    lr_mlp_free (mlp);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep-summary/row", test_row);
  g_test_add_func ("/sweep-summary/epochs-to", test_epochs_to);
  g_test_add_func ("/sweep-summary/thirds", test_thirds);
  g_test_add_func ("/mlp-size/count", test_mlp_size);
  return g_test_run ();
}
