/* test-lrfree.c: Prodigy, D-Adaptation, DoG, Schedule-Free, Lion and the wsd schedule against
 * trajectories computed with their authors' code; the float rules against the double ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lr-train.h"
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

/* CONFIGS.tsv: the reference set of ../shared; CONFIGS-generated.tsv: make-lrfree.py's. */
static void
test_golden (void)
{
  const char *dir = g_test_get_filename (G_TEST_DIST, "golden", "lrfree", NULL);
  const char *lists[] = { "CONFIGS.tsv", "CONFIGS-generated.tsv" };
  guint files = 0, rows = 0;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autofree char *configs_path = g_build_filename (dir, lists[l], NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

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
    }
  g_assert_cmpuint (files, >=, 32);
  g_test_message ("%u reference trajectories, %u rows", files, rows);
}

/* ---- the float rules (classifier) against the double ones (surfaces) -------------------- */

#define DIM 5

/* A coupled, curved problem in five coordinates. */
static void
grad5 (const double *p,
       double       *g)
{
  for (guint i = 0; i < DIM; i++)
    g[i] = (1 + i) * (p[i] - 0.3 * i) + 0.1 * p[i] * p[i] * p[i] + 0.2 * p[(i + 1) % DIM];
}

static void
test_float_double (void)
{
  const char *specs[] = {
    "prodigy", "prodigy:beta1=0,weight_decay=0.01,decouple=false,use_bias_correction=true",
    "dadapt_sgd:momentum=0.9", "dadapt_sgd:lr=0.5,weight_decay=0.01", "dadapt_adam",
    "dadapt_adam:decouple=true,weight_decay=0.01,growth_rate=1.1", "dog", "dog:weight_decay=0.01",
    "sgd_schedulefree:lr=0.05,warmup_steps=5,weight_decay=0.01", "adamw_schedulefree:lr=0.05,r=1",
    "lion:lr=0.01,weight_decay=0.1",
  };

  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrOptimizer) od = NULL;
      g_autoptr(LrOptimizer) of = NULL;
      LrOptimizerConfig config;
      /* Near 0, where float resolves Prodigy's and D-Adaptation's first steps of ~1e-6 well. */
      double p[DIM] = { 0.015, -0.01, 0.005, 0.02, -0.0025 }, g[DIM], moved = 0, diff = 0;
      float pf[DIM], gf[DIM];
      double p_start[DIM];

      g_assert_true (lr_optimizer_config_parse (specs[s], &config, &error));
      g_assert_no_error (error);
      od = lr_optimizer_new (&config, DIM, LR_PRECISION_DOUBLE);
      of = lr_optimizer_new (&config, DIM, LR_PRECISION_FLOAT);
      for (guint i = 0; i < DIM; i++)
        pf[i] = (float) (p_start[i] = p[i]);

      /* While the estimates grow, before the runs oscillate and amplify every rounding. */
      for (guint k = 0; k < 12; k++)
        {
          double pd[DIM];

          for (guint i = 0; i < DIM; i++)
            pd[i] = pf[i];
          grad5 (p, g);
          grad5 (pd, pd);
          for (guint i = 0; i < DIM; i++)
            gf[i] = (float) pd[i];
          lr_optimizer_step (od, p, g, config.lr);
          lr_optimizer_step_float (of, pf, gf, config.lr);
          g_assert_cmpfloat (fabs (lr_optimizer_get_effective_lr (od) -
                                   lr_optimizer_get_effective_lr (of)), <=,
                             1e-2 * fabs (lr_optimizer_get_effective_lr (od)));
        }
      for (guint i = 0; i < DIM; i++)
        {
          moved = MAX (moved, fabs (p[i] - p_start[i]));
          diff = MAX (diff, fabs (p[i] - pf[i]));
        }
      g_test_message ("%s: largest |double - float| %.3g of a move of %.3g", specs[s], diff, moved);
      g_assert_cmpfloat (moved, >, 0);
      g_assert_cmpfloat (diff, <=, 1e-2 * moved);
    }
}

/* ---- what each method reports as its step ---------------------------------------------- */

static void
test_effective_lr (void)
{
  g_autoptr(LrTrajectory) prodigy = run ("bowl", "prodigy:lr=0.5", NULL, -4, 3, 50);
  g_autoptr(LrTrajectory) dadapt = run ("bowl", "dadapt_sgd", NULL, -4, 3, 5);
  g_autoptr(LrTrajectory) dog = run ("booth", "dog:reps_rel=1e-4", NULL, -5, 7, 5);
  g_autoptr(LrTrajectory) sf = run ("bowl", "sgd_schedulefree:lr=0.1,warmup_steps=4", NULL, -4, 3, 6);
  g_autoptr(LrTrajectory) sgd = run ("bowl", "sgd:lr=0.1", "step:step_size=2,gamma=0.5", -4, 3, 4);
  g_autoptr(LrTrajectory) none = run ("bowl", "prodigy", NULL, -4, 3, 0);
  double g0 = hypot (-4, 30);     /* the bowl's gradient (x, 10y) at the start */

  /* Prodigy: d·lr from d0·lr; row 0 holds the first update's. */
  g_assert_cmpfloat (prodigy->points[0].effective_lr, ==, 0.5e-6);
  g_assert_cmpfloat (prodigy->points[1].effective_lr, ==, 0.5e-6);
  g_assert_cmpfloat (prodigy->points[50].effective_lr, >, 1e-3);
  for (guint k = 1; k < prodigy->n_points; k++)
    g_assert_cmpfloat (prodigy->points[k].lr, ==, 0.5);

  /* D-Adapt SGD: the rate on the gradient, d·lr/‖g₀‖. */
  g_assert_cmpfloat (dadapt->points[1].effective_lr, ==, 1e-6 / g0);

  /* DoG: η₀ = reps_rel·(1 + ‖x₀‖)/√(‖g₀‖² + eps), at booth's gradient (−28, −8). */
  g_assert_true (close_enough (dog->points[1].effective_lr,
                               1e-4 * (1 + hypot (-5, 7)) / sqrt (28 * 28 + 8 * 8 + 1e-8)));

  /* Schedule-Free: its own warm-up, (k+1)/warmup_steps of lr. */
  g_assert_true (close_enough (sf->points[1].effective_lr, 0.025));
  g_assert_true (close_enough (sf->points[3].effective_lr, 0.075));
  g_assert_cmpfloat (sf->points[6].effective_lr, ==, 0.1);

  /* Every other rule: the schedule's rate. */
  g_assert_cmpfloat (sgd->points[0].effective_lr, ==, 0.1);
  g_assert_cmpfloat (sgd->points[4].effective_lr, ==, 0.05);

  /* No update: the rate the first one would be given. */
  g_assert_cmpuint (none->n_points, ==, 1);
  g_assert_cmpfloat (none->points[0].effective_lr, ==, 1);
}

/* ---- Schedule-Free: three sequences ---------------------------------------------------- */

static void
test_schedule_free_sequences (void)
{
  g_autoptr(LrTrajectory) traj = run ("beale", "adamw_schedulefree:lr=0.05", NULL, 2, 1.5, 20);
  g_autoptr(LrSurface) surface = lr_surface_new ("beale", NULL);
  g_autoptr(LrOptimizer) opt = NULL;
  LrOptimizerConfig config;
  double p[2] = { 2, 1.5 }, g[2], y[2];
  const double *z;

  g_assert_true (lr_optimizer_config_parse ("adamw_schedulefree:lr=0.05", &config, NULL));
  g_assert_true (lr_optimizer_config_is_schedule_free (&config));
  opt = lr_optimizer_new (&config, 2, LR_PRECISION_DOUBLE);
  g_assert_null (lr_optimizer_get_base_sequence (opt));
  g_assert_nonnull (traj->averaged);
  g_assert_cmpfloat (traj->averaged[0].yx, ==, 2);
  g_assert_cmpfloat (traj->averaged[0].zy, ==, 1.5);

  /* Before any update eval leaves the point alone. */
  lr_optimizer_eval (opt, p);
  g_assert_cmpfloat (p[0], ==, 2);
  lr_optimizer_train (opt, p);

  for (guint k = 1; k <= 20; k++)
    {
      lr_surface_eval (surface, p[0], p[1], g, NULL);
      lr_optimizer_step (opt, p, g, 0.05);
      y[0] = p[0];
      y[1] = p[1];
      lr_optimizer_eval (opt, p);
      /* The trajectory's point is the average x, not the gradient point y. */
      g_assert_cmpfloat (p[0], ==, traj->points[k].x);
      g_assert_cmpfloat (p[1], ==, traj->points[k].y);
      z = lr_optimizer_get_base_sequence (opt);
      g_assert_nonnull (z);
      /* The trajectory keeps all three sequences. */
      g_assert_cmpfloat (traj->averaged[k].yx, ==, y[0]);
      g_assert_cmpfloat (traj->averaged[k].yy, ==, y[1]);
      g_assert_cmpfloat (traj->averaged[k].zx, ==, z[0]);
      g_assert_cmpfloat (traj->averaged[k].zy, ==, z[1]);
      /* y = beta1·x + (1 − beta1)·z */
      g_assert_true (fabs (y[0] - (0.9 * p[0] + 0.1 * z[0])) <= 1e-12 * (1 + fabs (y[0])));
      if (k > 1)
        g_assert_cmpfloat (y[0], !=, p[0]);
      lr_optimizer_train (opt, p);
      g_assert_cmpfloat (p[0], ==, y[0]);
      g_assert_cmpfloat (p[1], ==, y[1]);
    }

  /* Other rules have one sequence: eval and train do nothing. */
  {
    g_autoptr(LrOptimizer) adam = NULL;
    double q[2] = { 1, 2 }, gq[2] = { 0.5, -0.5 };

    g_assert_true (lr_optimizer_config_parse ("lion:lr=0.1", &config, NULL));
    g_assert_false (lr_optimizer_config_is_schedule_free (&config));
    adam = lr_optimizer_new (&config, 2, LR_PRECISION_DOUBLE);
    lr_optimizer_step (adam, q, gq, 0.1);
    lr_optimizer_eval (adam, q);
    g_assert_true (close_enough (q[0], 0.9));
    g_assert_true (close_enough (q[1], 2.1));
    g_assert_null (lr_optimizer_get_base_sequence (adam));
  }
  {
    g_autoptr(LrTrajectory) one = run ("beale", "adamw", NULL, 2, 1.5, 5);

    g_assert_null (one->averaged);
  }
}

/* ---- wsd ------------------------------------------------------------------------------- */

static void
test_wsd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSchedule) s = NULL;
  g_autoptr(LrSchedule) auto_s = NULL;
  g_autofree char *text = NULL;
  double lrs[130];

  s = lr_schedule_new ("wsd:warmup_steps=10,stable_steps=60,decay_steps=40,decay_type=linear,"
                       "min_lr_ratio=0.1", 2.0, -1, 120, &error);
  g_assert_no_error (error);
  text = lr_schedule_to_spec (s);
  g_assert_cmpstr (text, ==, "wsd:warmup_steps=10,stable_steps=60,decay_steps=40,"
                             "decay_type=linear,min_lr_ratio=0.1");
  for (guint k = 0; k < G_N_ELEMENTS (lrs); k++)
    {
      lrs[k] = lr_schedule_get_lr (s);
      lr_schedule_step (s);
    }
  g_assert_true (close_enough (lrs[0], 0.2));                 /* m at the start of the warm-up */
  g_assert_true (close_enough (lrs[5], 2 * (0.5 * 0.9 + 0.1)));
  g_assert_cmpfloat (lrs[10], ==, 2);
  g_assert_cmpfloat (lrs[69], ==, 2);
  g_assert_true (close_enough (lrs[90], 2 * (0.5 * 0.9 + 0.1)));
  g_assert_true (close_enough (lrs[109], 2 * ((1 - 39 / 40.) * 0.9 + 0.1)));
  g_assert_true (close_enough (lrs[110], 0.2));
  g_assert_true (close_enough (lrs[129], 0.2));

  /* The lengths transformers requires may follow the run: a fifth of it decays. */
  auto_s = lr_schedule_new ("wsd", 1.0, -1, 100, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 101; k++)
    {
      lrs[k] = lr_schedule_get_lr (auto_s);
      lr_schedule_step (auto_s);
    }
  g_assert_cmpfloat (lrs[79], ==, 1);
  g_assert_cmpfloat (lrs[80], ==, 1);
  g_assert_cmpfloat (lrs[81], <, 1);
  g_assert_true (close_enough (lrs[90], 0.5));
  g_assert_cmpfloat (lrs[100], ==, 0);

  g_assert_null (lr_schedule_new ("wsd:decay_type=square", 1.0, -1, 100, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "linear, cosine, 1-sqrt"));
}

/* ---- the classifier ------------------------------------------------------------------ */

static LrDataset *digits;

static LrTrainer *
train_digits (const char *optimizer,
              guint       epochs)
{
  g_autoptr(GError) error = NULL;
  LrTrainConfig config;
  LrTrainer *t;

  lr_train_config_init (&config);
  g_assert_true (lr_optimizer_config_parse (optimizer, &config.optimizer, &error));
  g_assert_no_error (error);
  config.epochs = epochs;
  t = lr_trainer_new (digits, &config, &error);
  g_assert_no_error (error);
  g_assert_true (lr_trainer_run (t, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lr_train_config_clear (&config);
  return t;
}

/* Prodigy at its defaults learns the digits, the same bytes every time. */
static void
test_classifier (void)
{
  const char *specs[] = { "prodigy", "dadapt_adam", "sgd_schedulefree:lr=0.1", "adamw_schedulefree",
                          "dog", "dadapt_sgd", "lion:lr=0.0003" };

  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      g_autoptr(LrTrainer) a = train_digits (specs[s], 4);
      g_autoptr(LrTrainer) b = train_digits (specs[s], 4);
      const LrEpochRecord *ra, *rb;
      guint n;

      ra = lr_trainer_get_records (a, &n);
      rb = lr_trainer_get_records (b, NULL);
      g_assert_cmpuint (n, ==, 4);
      g_test_message ("%s: validation accuracy %.4f after 4 epochs", specs[s], ra[3].val_acc);
      for (guint e = 0; e < n; e++)
        {
          g_assert_cmpfloat (ra[e].train_loss, ==, rb[e].train_loss);
          g_assert_cmpfloat (ra[e].val_loss, ==, rb[e].val_loss);
        }
      g_assert_false (lr_trainer_get_diverged (a));
      g_assert_cmpfloat (ra[3].effective_lr, >, 0);
      if (s == 0)     /* Prodigy's step grew from d0·lr = 1e-6 */
        g_assert_cmpfloat (ra[3].effective_lr, >, 1e-4);
      g_assert_cmpfloat (ra[3].val_loss, <, ra[0].val_loss);
      if (s == 0)
        g_assert_cmpfloat (ra[3].val_acc, >=, 0.95);
      else
        g_assert_cmpfloat (ra[3].val_acc, >=, 0.7);
    }
}

/* The range test ramps Prodigy's multiplier and finds one. */
static void
test_lr_find (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrTrainer) t = NULL;
  g_autoptr(LrLrFindResult) r = NULL;
  LrTrainConfig config;

  lr_train_config_init (&config);
  g_assert_true (lr_optimizer_config_parse ("prodigy", &config.optimizer, NULL));
  g_assert_true (lr_optimizer_config_is_lr_free (&config.optimizer));
  config.epochs = 1;
  t = lr_trainer_new (digits, &config, &error);
  g_assert_no_error (error);
  r = lr_trainer_lr_find (t, 1e-3, 100, 100, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n, >, 10);
  g_assert_true (isfinite (r->suggested_lr));
  g_assert_cmpfloat (r->suggested_lr, >=, 1e-3);
  lr_train_config_clear (&config);
}

/* The critical rate the app shows beside a run's own step: exact for the plain gradient steps
 * of DoG and D-Adapt SGD, a reference (gradient descent's) for the Adam-like methods. */
static void
test_critical_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) bowl = lr_surface_new ("bowl:kappa=10,theta=30", &error);
  struct {
    const char *spec;
    double      want;
    gboolean    exact;
  } cases[] = {
    { "sgd:lr=0.1", 0.2, TRUE },
    { "dog", 0.2, TRUE },
    { "dog:weight_decay=1", 2.0 / 11, TRUE },
    { "dadapt_sgd", 0.2, TRUE },
    { "dadapt_sgd:momentum=0.5", 0.2, FALSE },
    { "prodigy", 0.2, FALSE },
    { "prodigy:weight_decay=1", 0.2, FALSE },
    { "dadapt_adam", 0.2, FALSE },
    { "adam", NAN, FALSE },
    { "adamw_schedulefree", NAN, FALSE },
    { "lion", NAN, FALSE },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LrOptimizerConfig config;
      gboolean exact = !cases[i].exact;
      double crit;

      g_assert_true (lr_optimizer_config_parse (cases[i].spec, &config, &error));
      g_assert_no_error (error);
      crit = lr_critical_step (bowl, &config, -4, 3, &exact);
      if (isnan (cases[i].want))
        g_assert_true (isnan (crit));
      else
        g_assert_cmpfloat_with_epsilon (crit, cases[i].want, 1e-12);
      g_assert_cmpint (exact, ==, cases[i].exact);
    }

  /* "exact": D-Adapt SGD's own step outgrows the critical rate of Rosenbrock's minimum and the
   * run diverges, as plain descent above that rate does */
  {
    g_autoptr(LrSurface) rosen = lr_surface_new ("rosenbrock", &error);
    g_autoptr(LrTrajectory) traj = NULL;
    LrOptimizerConfig config;
    gboolean exact = FALSE;
    double crit, largest = 0;

    g_assert_true (lr_optimizer_config_parse ("dadapt_sgd", &config, &error));
    crit = lr_critical_step (rosen, &config, -1.5, 2, &exact);
    g_assert_true (exact);
    traj = lr_trajectory_compute (rosen, &config, NULL, -1.5, 2, 1500, &error);
    g_assert_no_error (error);
    for (guint k = 0; k < traj->n_points; k++)
      largest = MAX (largest, traj->points[k].effective_lr);
    g_assert_cmpfloat (largest, >, crit);
    g_assert_true (traj->diverged);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  digits = lr_dataset_load_digits (&error);
  g_assert_no_error (error);

  g_test_add_func ("/lrfree/golden", test_golden);
  g_test_add_func ("/lrfree/float-double", test_float_double);
  g_test_add_func ("/lrfree/effective-lr", test_effective_lr);
  g_test_add_func ("/lrfree/schedule-free-sequences", test_schedule_free_sequences);
  g_test_add_func ("/lrfree/wsd", test_wsd);
  g_test_add_func ("/lrfree/classifier", test_classifier);
  g_test_add_func ("/lrfree/lr-find", test_lr_find);
  g_test_add_func ("/lrfree/critical-step", test_critical_step);

  status = g_test_run ();
  lr_dataset_unref (digits);
  return status;

}
