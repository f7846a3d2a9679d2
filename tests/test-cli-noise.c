/* test-cli-noise.c: lrlab-cli with gradient noise — the floors against the
 * formula, determinism per seed, bad --noise values, experiments' noise
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli-run.h"
#include <json-glib/json-glib.h>


typedef struct {
  double lr, floor, theory;
  int    steps_to_floor;
  char  *verdict;
} Row;

/* compare --format json, one Row per run. */
static guint
parse_compare (const char *json,
               Row        *rows,
               guint       max_rows)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  guint n;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  n = json_array_get_length (array);
  g_assert_cmpuint (n, <=, max_rows);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      rows[i].lr = json_object_get_double_member (o, "lr");
      rows[i].floor = json_object_get_double_member (o, "noise_floor");
      rows[i].theory = json_object_get_double_member (o, "theory_floor");
      rows[i].steps_to_floor = json_object_get_null_member (o, "steps_to_floor")
                               ? -1 : (int) json_object_get_int_member (o, "steps_to_floor");
      rows[i].verdict = g_strdup (json_object_get_string_member (o, "verdict"));
    }
  return n;
}

/* The integrated autocorrelation time of the loss gap of plain SGD at rate
 * @lr on curvature @lmin (its slowest mode): the gap is a sum of squares of
 * AR(1) processes x' = (1 − lr·λ)x + noise, whose squares decorrelate with
 * ρ = (1 − lr·λ)², τ = (1 + ρ)/(1 − ρ). */
static double
autocorrelation_time (double lr,
                      double lmin)
{
  double rho = (1 - lr * lmin) * (1 - lr * lmin);

  return (1 + rho) / (1 - rho);
}

/* Through compare: for three rates (and several batch sizes and condition
 * numbers) the measured floor is the formula Σ lr·s²/(2(2 − lr·λᵢ)) within
 * five standard errors of the mean over the second half (relative error at
 * most √(2τ/N) for a mean of squared Gaussians with autocorrelation time τ),
 * and
 * always within 10 % over 200,000 steps; the floors rise with the rate and
 * the steps to reach them fall. */
static void
test_floor_formula (void)
{
  static const struct {
    const char *surface;
    const char *noise;
    double      lmin;
    const char *rates[3];
  } cases[] = {
    { "bowl:kappa=10,theta=30", "sigma=0.5,batch=8,seed=1", 1, { "0.01", "0.05", "0.15" } },
    { "bowl:kappa=4", "sigma=2,batch=1,seed=5", 1, { "0.02", "0.1", "0.4" } },
    { "bowl:kappa=100,theta=-20", "sigma=3,batch=32,seed=9", 1, { "0.003", "0.008", "0.018" } },
    { "booth", "sigma=1,batch=2,seed=3", 2, { "0.005", "0.02", "0.08" } },
    /* a formula: its f* is found (one Newton step on a quadratic) */
    { "expr:x^2 + 3*y^2 + x*y + 2*x - y + 5", "sigma=1,batch=2,seed=3", 1.7639320225002102,
      { "0.02", "0.1", "0.25" } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *r0 = g_strdup_printf ("sgd:lr=%s", cases[c].rates[0]);
      g_autofree char *r1 = g_strdup_printf ("sgd:lr=%s", cases[c].rates[1]);
      g_autofree char *r2 = g_strdup_printf ("sgd:lr=%s", cases[c].rates[2]);
      Result r = RUN ("compare", "--surface", cases[c].surface, "--start", "-3,2", "--steps", "200000",
                      "--noise", cases[c].noise, "--run", r0, "--run", r1, "--run", r2,
                      "--format", "json");
      Row rows[3];
      guint n;

      g_assert_cmpint (r.status, ==, 0);
      n = parse_compare (r.out, rows, 3);
      g_assert_cmpuint (n, ==, 3);
      for (guint i = 0; i < n; i++)
        {
          double tau = autocorrelation_time (rows[i].lr, cases[c].lmin);
          double tol = 5 * sqrt (2 * tau / 100000.0);
          double rel = rows[i].floor / rows[i].theory - 1;

          g_test_message ("%s %s lr %g: floor %.6g, theory %.6g (%+.2f %%, tolerance %.1f %%), "
                          "at it from step %d", cases[c].surface, cases[c].noise, rows[i].lr,
                          rows[i].floor, rows[i].theory, 100 * rel, 100 * tol,
                          rows[i].steps_to_floor);
          g_assert_cmpstr (rows[i].verdict, ==, "settled");
          g_assert_cmpfloat (fabs (rel), <, MIN (tol, 0.10));
          g_assert_cmpint (rows[i].steps_to_floor, >=, 0);
          if (i > 0)
            {
              g_assert_cmpfloat (rows[i].floor, >, rows[i - 1].floor);
              g_assert_cmpint (rows[i].steps_to_floor, <, rows[i - 1].steps_to_floor);
            }
        }
      for (guint i = 0; i < n; i++)
        g_free (rows[i].verdict);
      result_clear (&r);
    }
}

/* No theory floor where the formula does not hold; no floor without noise. */
static void
test_floor_fields (void)
{
  Result r = RUN ("compare", "--surface", "rosenbrock", "--steps", "300", "--noise", "sigma=0.1",
                  "--run", "sgd:lr=0.001", "--run", "sgd:lr=0.001,momentum=0.9", "--format", "json");
  Row rows[2];

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"theory_floor\": null"));
  result_clear (&r);

  r = RUN ("compare", "--surface", "bowl", "--steps", "300", "--run", "sgd:lr=0.1",
           "--run", "adam:lr=0.1", "--format", "json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (parse_compare (r.out, rows, 2), ==, 2);
  g_assert_nonnull (strstr (r.out, "\"noise_floor\": null, \"steps_to_floor\": null, "
                                   "\"theory_floor\": null"));
  g_assert_cmpstr (rows[0].verdict, ==, "converged");
  g_free (rows[0].verdict);
  g_free (rows[1].verdict);
  result_clear (&r);

  /* Momentum and Adam settle too, but the SGD formula is not theirs. */
  r = RUN ("compare", "--surface", "bowl", "--steps", "3000", "--noise", "sigma=1,batch=4,seed=2",
           "--run", "sgd:lr=0.05", "--run", "sgd:lr=0.05,momentum=0.9", "--run", "adam:lr=0.05",
           "--format", "csv");
  {
    g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (lines[0], ==, "lr,optimizer,schedule,steps_to_converge,final_loss_gap,"
                                   "final_distance,verdict,critical_lr,effective_lr,noise_floor,"
                                   "steps_to_floor,theory_floor");
    g_assert_true (g_str_has_suffix (lines[2], ",nan"));
    g_assert_true (g_str_has_suffix (lines[3], ",nan"));
    g_assert_false (g_str_has_suffix (lines[1], ",nan"));
    g_assert_nonnull (strstr (lines[1], "settled"));
  }
  result_clear (&r);
}

/* The text table has the floors and the seed's table in words. */
static void
test_text_words (void)
{
  Result r = RUN ("compare", "--surface", "bowl:kappa=4,theta=30", "--start", "-4,3", "--steps", "1000",
                  "--noise", "sigma=2,batch=4,seed=2", "--run", "sgd:lr=0.4", "--run", "sgd:lr=0.1",
                  "--run", "sgd:lr=0.025");

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "noise floor"));
  g_assert_nonnull (strstr (r.out, "theory floor"));
  g_assert_nonnull (strstr (r.out, "high rate 0.4: fast (at its floor from step"));
  g_assert_nonnull (strstr (r.out, ") but poor (floor"));
  g_assert_nonnull (strstr (r.out, "medium rate 0.1: moderate"));
  g_assert_nonnull (strstr (r.out, ") and good (floor"));
  g_assert_nonnull (strstr (r.out, "low rate 0.025: slow"));
  g_assert_nonnull (strstr (r.out, ") but excellent (floor"));
  g_assert_nonnull (strstr (r.out, "as in the classic table"));
  result_clear (&r);

  /* Without noise there is no floor to tell. */
  r = RUN ("compare", "--surface", "bowl", "--run", "sgd:lr=0.1", "--run", "sgd:lr=0.01");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "noise floor"));
  g_assert_null (strstr (r.out, "seed's table"));
  result_clear (&r);
}

/* One seed, the same bytes; another seed, other bytes; sigma 0, no noise. */
static void
test_determinism (void)
{
  const char *base[] = { "trajectory", "--surface", "rosenbrock", "--optimizer", "adam:lr=0.01",
                         "--steps", "2000", "--noise", NULL, "--format", NULL, NULL };
  const char *formats[] = { "csv", "json" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      Result a, b, c, quiet, plain;

      base[10] = formats[f];
      base[8] = "sigma=0.3,batch=2,seed=11";
      a = run_argv (base);
      b = run_argv (base);
      base[8] = "sigma=0.3,batch=2,seed=12";
      c = run_argv (base);
      base[8] = "sigma=0,batch=2,seed=11";
      quiet = run_argv (base);
      plain = RUN ("trajectory", "--surface", "rosenbrock", "--optimizer", "adam:lr=0.01",
                   "--steps", "2000", "--format", formats[f]);
      g_assert_cmpint (a.status, ==, 0);
      g_assert_cmpint (c.status, ==, 0);
      g_assert_cmpstr (a.out, ==, b.out);
      g_assert_cmpstr (a.out, !=, c.out);
      g_assert_cmpstr (a.out, !=, plain.out);
      g_assert_cmpstr (quiet.out, ==, plain.out);
      result_clear (&a);
      result_clear (&b);
      result_clear (&c);
      result_clear (&quiet);
      result_clear (&plain);
    }
}

/* Bad --noise: status 2, one line naming the problem, nothing on stdout. */
static void
test_bad_noise (void)
{
  const char *values[] = {
    "sigma=-1", "sigma=nan", "sigma=inf", "sigma=-inf", "sigma=1e999", "batch=0", "batch=2.5",
    "batch=-4", "seed=-1", "colour=1", "sigma", "", "sigma=1,,batch=2", "sigma=1;batch=2",
  };
  const char *commands[] = { "trajectory", "compare", "render" };

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        Result r;
        const char *nl;

        if (g_str_equal (commands[c], "trajectory"))
          r = RUN ("trajectory", "--surface", "bowl", "--optimizer", "sgd", "--noise", values[i]);
        else if (g_str_equal (commands[c], "compare"))
          r = RUN ("compare", "--surface", "bowl", "--run", "sgd", "--noise", values[i]);
        else
          r = RUN ("render", "--surface", "bowl", "--run", "sgd", "--noise", values[i],
                   "-o", "/nonexistent-dir/never.png");
        if (r.status != 2)
          g_error ("%s --noise '%s': status %d, stderr %s", commands[c], values[i], r.status, r.err);
        g_assert_cmpstr (r.out, ==, "");
        nl = strchr (r.err, '\n');
        g_assert_nonnull (nl);
        g_assert_cmpstr (nl + 1, ==, "");
        g_assert_nonnull (strstr (r.err, "--noise: "));
        result_clear (&r);
      }
}

/* An experiment's noise is the --noise option: the same bytes; giving both
 * is refused. */
static void
test_experiment_noise (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-cli-noise-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "noisy.lrlab", NULL);
  const char *file =
    "{\"lrlab\": 1, \"surface\": \"bowl:kappa=4\", \"start\": [-2, 1], \"steps\": 400,\n"
    " \"noise\": \"sigma=1.5,batch=3,seed=8\",\n"
    " \"runs\": [{\"optimizer\": \"sgd:lr=0.2\"}, {\"optimizer\": \"sgd:lr=0.02\"}]}\n";
  Result a, b;

  g_assert_true (g_file_set_contents (path, file, -1, NULL));
  a = RUN ("compare", "--experiment", path, "--format", "json");
  b = RUN ("compare", "--surface", "bowl:kappa=4", "--start", "-2,1", "--steps", "400",
           "--noise", "sigma=1.5,batch=3,seed=8", "--run", "sgd:lr=0.2", "--run", "sgd:lr=0.02",
           "--format", "json");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  g_assert_nonnull (strstr (a.out, "\"verdict\": \"settled\""));
  result_clear (&a);
  result_clear (&b);

  a = RUN ("trajectory", "--experiment", path, "--run", "1");
  b = RUN ("trajectory", "--surface", "bowl:kappa=4", "--start", "-2,1", "--steps", "400",
           "--noise", "sigma=1.5,batch=3,seed=8", "--optimizer", "sgd:lr=0.02");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  result_clear (&a);
  result_clear (&b);

  a = RUN ("compare", "--experiment", path, "--noise", "sigma=1");
  g_assert_cmpint (a.status, ==, 2);
  g_assert_nonnull (strstr (a.err, "--noise"));
  result_clear (&a);

  /* The scene: its claims hold, and it is the same as its options. */
  a = RUN ("compare", "--scene", "high-medium-low", "--check");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_null (strstr (a.err, "FAILED"));
  g_assert_nonnull (strstr (a.out, "fast (at its floor"));
  result_clear (&a);
  a = RUN ("trajectory", "--scene", "high-medium-low", "--run", "2", "--format", "json");
  b = RUN ("trajectory", "--surface", "bowl:kappa=4,theta=30", "--start", "-4,3", "--steps", "1000",
           "--noise", "sigma=2,batch=4,seed=2", "--optimizer", "sgd:lr=0.025", "--format", "json");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  result_clear (&a);
  result_clear (&b);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-noise/floor-formula", test_floor_formula);
  g_test_add_func ("/cli-noise/floor-fields", test_floor_fields);
  g_test_add_func ("/cli-noise/text-words", test_text_words);
  g_test_add_func ("/cli-noise/determinism", test_determinism);
  g_test_add_func ("/cli-noise/bad-noise", test_bad_noise);
  g_test_add_func ("/cli-noise/experiment-noise", test_experiment_noise);
  return g_test_run ();
}
