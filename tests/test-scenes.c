/* test-scenes.c: every built-in scene shows what its text says
 *
 * Each scene states its claims as "expect" entries; here every run of every
 * scene is computed (with the scene's noise) and every claim checked, and no
 * scene reports a negative loss gap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-expect.h"
#include "lr-experiment.h"
#include "lr-trajectory.h"

static void
test_scene (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = lr_experiment_load_scene (name, &error);
  g_autoptr(LrSurface) surface = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree LrSummary *summaries = NULL;
  LrNoiseConfig noise = { 0, 1, 0 };
  double x0, y0;

  g_assert_no_error (error);
  surface = lr_surface_new (e->surface, &error);
  g_assert_no_error (error);
  lr_surface_get_start (surface, &x0, &y0);
  if (e->has_start)
    {
      x0 = e->start[0];
      y0 = e->start[1];
    }
  g_assert_cmpuint (e->expect->len, >, 0);
  if (e->noise != NULL)
    g_assert_true (lr_noise_config_parse (e->noise, &noise, &error));
  summaries = g_new0 (LrSummary, e->runs->len);
  for (guint i = 0; i < e->runs->len; i++)
    {
      const LrExperimentRun *run = g_ptr_array_index (e->runs, i);
      g_autoptr(LrTrajectory) traj = NULL;
      LrOptimizerConfig config;

      g_assert_true (lr_optimizer_config_parse (run->optimizer, &config, &error));
      traj = lr_trajectory_compute_noisy (surface, &config, run->schedule, &noise, x0, y0, e->steps,
                                          &error);
      g_assert_no_error (error);
      lr_trajectory_summarize (traj, surface, NULL, G_MAXUINT, &summaries[i]);
      g_assert_false (summaries[i].final_loss_gap < 0);
    }
  if (!lr_experiment_check (e, summaries, e->runs->len, report))
    g_error ("scene %s does not show what it claims:\n%s", name, report->str);
  g_test_message ("%s", report->str);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) names = NULL;

  g_test_init (&argc, &argv, NULL);
  names = lr_experiment_list_scenes ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenes/%s", names[i]);

      g_test_add_data_func (path, names[i], test_scene);
    }
  return g_test_run ();
}
