/* test-lrfree.c: Prodigy, D-Adaptation, DoG, Schedule-Free, Lion and the wsd schedule against
 * trajectories computed with their authors' code; the float rules against the double ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lr-trajectory.h"

static gboolean
close_enough (double a,
              double b)
{
  if (a == b)
    return TRUE;
  return fabs (a - b) <= 1e-9 * MAX (fabs (a), fabs (b)) + 1e-300;
}

static LrTrajectory *
run (const char *surface_spec,
     const char *optimizer_spec,
     const char *schedule,
     double      x0,
     double      y0,
     guint       steps)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) surface = lr_surface_new (surface_spec, &error);
  LrOptimizerConfig config;
  LrTrajectory *traj;

  g_assert_no_error (error);
  g_assert_true (lr_optimizer_config_parse (optimizer_spec, &config, &error));
  g_assert_no_error (error);
  traj = lr_trajectory_compute (surface, &config, schedule, x0, y0, steps, &error);
  g_assert_no_error (error);
  g_assert_nonnull (traj);
  return traj;
}

/* One CSV of tests/golden/lrfree: the rows of `lrlab-cli trajectory --format csv`.  Lines that
 * are neither the header nor a row are what the reference code printed on the way ("Switching
 * to train mode") and are skipped. */
static guint
check_golden (const char *dir,
              const char *line)
{
  /* "name<TAB>surface optimizer schedule start steps" (schedule "-": constant) */
  g_auto(GStrv) f = g_strsplit_set (line, "\t ", -1);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrTrajectory) traj = NULL;
  double x0, y0;
  guint rows = 0;
  gboolean header = FALSE;

  g_assert_cmpuint (g_strv_length (f), ==, 6);
  g_assert_cmpint (sscanf (f[4], "%lf,%lf", &x0, &y0), ==, 2);
  traj = run (f[1], f[2], g_str_equal (f[3], "-") ? NULL : f[3], x0, y0,
              (guint) g_ascii_strtoull (f[5], NULL, 10));

  path = g_strdup_printf ("%s/%s.csv", dir, f[0]);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      const LrTrajPoint *p;
      double got[6];

      if (g_str_equal (lines[i], "step,lr,x,y,loss,grad_x,grad_y"))
        {
          header = TRUE;
          continue;
        }
      if (!g_ascii_isdigit (lines[i][0]))
        continue;

      g_assert_true (header);
      cols = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (cols), ==, 7);
      g_assert_cmpuint (g_ascii_strtoull (cols[0], NULL, 10), ==, rows);
      g_assert_cmpuint (rows, <, traj->n_points);
      p = &traj->points[rows];
      got[0] = p->lr;
      got[1] = p->x;
      got[2] = p->y;
      got[3] = p->loss;
      got[4] = p->gx;
      got[5] = p->gy;
      for (guint c = 0; c < 6; c++)
        {
          double want = g_ascii_strtod (cols[c + 1], NULL);

          if (!close_enough (got[c], want))
            g_error ("%s: row %u column %u: %.17g, reference %.17g", path, rows, c + 1, got[c], want);
        }
      rows++;
    }
  g_assert_cmpuint (rows, ==, traj->n_points);
  return rows;
}

static void
test_golden (void)
{
  const char *dir = g_test_get_filename (G_TEST_DIST, "golden", "lrfree", NULL);
  g_autofree char *configs_path = g_build_filename (dir, "CONFIGS.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint files = 0, rows = 0;

  g_assert_true (g_file_get_contents (configs_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "file\t"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      rows += check_golden (dir, lines[i]);
      files++;
    }
  g_assert_cmpuint (files, >=, 12);
  g_test_message ("%u reference trajectories, %u rows", files, rows);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lrfree/golden", test_golden);

  return g_test_run ();
}
