/* test-presets.c: the classifier page's built-in experiments (presets) read,
 * write back unchanged, and show what their text says — on the surface and
 * in the classifier's training
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-dataset.h"
#include "lr-expect.h"
#include "lr-experiment.h"
#include "lr-preconditioned-sharpness.h"
#include "lr-train.h"
#include "lr-trajectory.h"

static void
test_list (void)
{
  g_auto(GStrv) names = lr_experiment_list_presets ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = NULL;

  g_assert_true (g_strv_contains ((const char * const *) names, "edge-of-stability"));
  e = lr_experiment_load_preset ("nosuch", &error);
  g_assert_null (e);
  g_assert_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME);
  g_assert_nonnull (strstr (error->message, "edge-of-stability"));
}

/* Every preset has a classifier part, writes back to the same bytes, and
 * its surface part shows what it claims (as test-scenes checks scenes). */
static void
test_preset (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = lr_experiment_load_preset (name, &error);
  g_autoptr(LrExperiment) back = NULL;
  g_autoptr(LrSurface) surface = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree LrSummary *summaries = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  double x0, y0;

  g_assert_no_error (error);
  g_assert_nonnull (e->title);
  g_assert_nonnull (e->classifier);
  g_assert_cmpuint (e->classifier->runs->len, >, 0);

  json = lr_experiment_to_json (e);
  back = lr_experiment_load_data (json, strlen (json), &error);
  g_assert_no_error (error);
  again = lr_experiment_to_json (back);
  g_assert_cmpstr (json, ==, again);
  g_assert_cmpuint (back->classifier->batch_size, ==, e->classifier->batch_size);
  g_assert_cmpuint (back->classifier->sharpness_every, ==, e->classifier->sharpness_every);

  surface = lr_surface_new (e->surface, &error);
  g_assert_no_error (error);
  lr_surface_get_start (surface, &x0, &y0);
  if (e->has_start)
    {
      x0 = e->start[0];
      y0 = e->start[1];
    }
  summaries = g_new0 (LrSummary, e->runs->len);
  for (guint i = 0; i < e->runs->len; i++)
    {
      const LrExperimentRun *run = g_ptr_array_index (e->runs, i);
      g_autoptr(LrTrajectory) traj = NULL;
      LrOptimizerConfig config;

      g_assert_true (lr_optimizer_config_parse (run->optimizer, &config, &error));
      traj = lr_trajectory_compute (surface, &config, run->schedule, x0, y0, e->steps, &error);
      g_assert_no_error (error);
      lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, &summaries[i]);
    }
  if (!lr_experiment_check (e, summaries, e->runs->len, report))
    g_error ("preset %s does not show what it claims:\n%s", name, report->str);
  g_test_message ("%s", report->str);
}

/* The sharpness after training run @index of the preset's classifier part
 * for @epochs epochs (its model, batch size and seed), and the run's limit. */
static double
sharpness_after (const LrExperimentClassifier *c,
                 guint                         index,
                 guint                         epochs,
                 double                       *limit)
{
  g_autoptr(LrDataset) dataset = lr_dataset_load_digits (NULL);
  g_autoptr(LrTrainer) trainer = NULL;
  g_autoptr(GError) error = NULL;
  const LrExperimentRun *run = g_ptr_array_index (c->runs, index);
  const LrEpochRecord *records;
  LrTrainConfig config;
  guint n;

  lr_train_config_init (&config);
  g_free (config.model);
  config.model = g_strdup (c->model);
  g_assert_true (lr_optimizer_config_parse (run->optimizer, &config.optimizer, &error));
  config.batch_size = c->batch_size;
  config.epochs = epochs;
  config.seed = c->seed;
  config.n_threads = 1;
  config.sharpness_every = epochs;
  trainer = lr_trainer_new (dataset, &config, &error);
  g_assert_no_error (error);
  *limit = lr_train_sharpness_limit (&config.optimizer, config.optimizer.lr);
  lr_train_config_clear (&config);
  g_assert_true (lr_trainer_run (trainer, NULL, NULL, NULL, &error));
  records = lr_trainer_get_records (trainer, &n);
  g_assert_cmpuint (n, ==, epochs);
  return records[n - 1].sharpness;
}

/* What the Edge of Stability preset's text says of its three runs:
 * lr 0.1 sharpens from 9.7 to 14.2, below 2/lr = 20; lr 0.15 reaches
 * 2/lr = 13.3 and hovers there; lr 0.4 is thrown from 13 to just above
 * 2/lr = 5 within 30 epochs and stays there. */
static void
test_edge_of_stability (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = lr_experiment_load_preset ("edge-of-stability", &error);
  const LrExperimentClassifier *c;
  double limit, start, end, thrown;

  g_assert_no_error (error);
  c = e->classifier;
  g_assert_cmpstr (c->model, ==, "mlp:hidden=64,act=tanh,loss=mse,init=torch");
  g_assert_cmpuint (c->batch_size, ==, LR_TRAIN_BATCH_FULL);
  g_assert_cmpuint (c->epochs, ==, 600);
  g_assert_cmpuint (c->sharpness_every, ==, 10);
  g_assert_cmpuint (c->runs->len, ==, 3);

  /* lr 0.1: progressive sharpening, still below its limit. */
  start = sharpness_after (c, 0, 1, &limit);
  end = sharpness_after (c, 0, c->epochs, &limit);
  g_test_message ("lr 0.1: %g → %g (limit %g)", start, end, limit);
  g_assert_cmpfloat (fabs (limit - 20), <, 1e-9);
  g_assert_cmpfloat (fabs (start - 9.7) / 9.7, <, 0.02);
  g_assert_cmpfloat (fabs (end - 14.2) / 14.2, <, 0.02);
  g_assert_cmpfloat (end, <, limit);

  /* lr 0.15: from below its limit to the edge, and there at the end. */
  start = sharpness_after (c, 1, 1, &limit);
  end = sharpness_after (c, 1, c->epochs, &limit);
  g_test_message ("lr 0.15: %g → %g (limit %g)", start, end, limit);
  g_assert_cmpfloat (start, <, 0.75 * limit);
  g_assert_cmpfloat (end, >=, limit);
  g_assert_cmpfloat (end, <, 14.7);

  /* lr 0.4: far above its limit after one step, just above it from epoch 30 on. */
  start = sharpness_after (c, 2, 1, &limit);
  thrown = sharpness_after (c, 2, 30, &limit);
  end = sharpness_after (c, 2, c->epochs, &limit);
  g_test_message ("lr 0.4: %g → %g at 30 → %g (limit %g)", start, thrown, end, limit);
  g_assert_cmpfloat (start, >, 2.5 * limit);
  g_assert_cmpfloat (thrown, >, limit);
  g_assert_cmpfloat (thrown, <, 6.3);
  g_assert_cmpfloat (end, >, 5.5);
  g_assert_cmpfloat (end, <, 6.3);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) names = NULL;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/presets/list", test_list);
  names = lr_experiment_list_presets ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/presets/%s/surface", names[i]);

      g_test_add_data_func (path, names[i], test_preset);
    }
  g_test_add_func ("/presets/edge-of-stability/classifier", test_edge_of_stability);
  return g_test_run ();
}
