/* test-cli.c: lrlab-cli outputs, exit statuses and determinism
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli-run.h"


static void
test_trajectory_csv (void)
{
  Result r = RUN ("trajectory", "--surface", "rosenbrock", "--optimizer", "adam:lr=0.01",
                  "--start", "-1.5,2", "--steps", "50");
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "step,lr,x,y,loss,grad_x,grad_y");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 51 + 1);   /* header, rows, final "" */
  g_assert_true (g_str_has_prefix (lines[1], "0,0.01,-1.5,2,"));
  g_assert_true (g_str_has_prefix (lines[51], "50,0.01,"));

  /* %.17g: every value reads back to the same double */
  {
    g_auto(GStrv) cols = g_strsplit (lines[2], ",", -1);

    for (guint c = 1; c < 7; c++)
      {
        double v = g_ascii_strtod (cols[c], NULL);
        char buf[64];

        g_snprintf (buf, sizeof buf, "%.17g", v);
        g_assert_cmpstr (buf, ==, cols[c]);
      }
  }
  result_clear (&r);
}

static void
test_trajectory_json (void)
{
  Result r = RUN ("trajectory", "--surface", "bowl", "--optimizer", "sgd:lr=0.1",
                  "--steps", "3", "--format", "json");

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"surface\": \"bowl\""));
  g_assert_nonnull (strstr (r.out, "\"points\": ["));
  g_assert_nonnull (strstr (r.out, "{\"step\": 3, "));
  g_assert_null (strstr (r.out, "{\"step\": 4, "));
  g_assert_nonnull (strstr (r.out, "\"critical_lr\": 0.2"));
  g_assert_nonnull (strstr (r.out, "\"verdict\": "));
  result_clear (&r);
}

/* Every "effective_lr" value of a JSON text, in order. */
static GArray *
effective_lrs (const char *json)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));
  const char *key = "\"effective_lr\": ";

  for (const char *p = strstr (json, key); p != NULL; p = strstr (p + 1, key))
    {
      double v = g_ascii_strtod (p + strlen (key), NULL);
      g_array_append_val (values, v);
    }
  return values;
}

/* The step the method chose: Prodigy's d·lr starts at d0·lr = 1e-6 and grows; SGD's is its lr. */
static void
test_effective_lr (void)
{
  Result r = RUN ("trajectory", "--surface", "bowl", "--optimizer", "prodigy",
                  "--steps", "60", "--format", "json");
  g_autoptr(GArray) steps = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_cmpint (r.status, ==, 0);
  steps = effective_lrs (r.out);
  g_assert_cmpuint (steps->len, ==, 61);
  g_assert_cmpfloat (g_array_index (steps, double, 0), ==, 1e-6);
  g_assert_cmpfloat (g_array_index (steps, double, 1), ==, 1e-6);
  g_assert_cmpfloat (g_array_index (steps, double, 60), >, 1e-2);
  result_clear (&r);

  r = RUN ("trajectory", "--surface", "bowl", "--optimizer", "sgd:lr=0.1", "--schedule",
           "step:step_size=2,gamma=0.5", "--steps", "4", "--format", "json");
  g_clear_pointer (&steps, g_array_unref);
  steps = effective_lrs (r.out);
  g_assert_cmpuint (steps->len, ==, 5);
  g_assert_cmpfloat (g_array_index (steps, double, 4), ==, 0.05);
  result_clear (&r);

  /* The CSV keeps its seven columns. */
  r = RUN ("trajectory", "--surface", "bowl", "--optimizer", "dog", "--steps", "3");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "step,lr,x,y,loss,grad_x,grad_y\n"));
  result_clear (&r);

  /* compare: the effective rate at the end, after every existing column. */
  r = RUN ("compare", "--surface", "bowl", "--steps", "60", "--run", "sgd:lr=0.1",
           "--run", "prodigy", "--format", "csv");
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "lr,optimizer,schedule,steps_to_converge,final_loss_gap,"
                                 "final_distance,verdict,critical_lr,effective_lr,noise_floor,"
                                 "steps_to_floor,theory_floor");
  fields = g_strsplit (lines[1], ",", -1);
  g_assert_cmpfloat (g_ascii_strtod (fields[8], NULL), ==, 0.1);
  g_strfreev (fields);
  fields = g_strsplit (lines[2], ",", -1);
  g_assert_cmpfloat (g_ascii_strtod (fields[8], NULL), >, 1e-2);
  result_clear (&r);

  r = RUN ("compare", "--surface", "bowl", "--steps", "60", "--run", "prodigy");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "effective rate"));
  result_clear (&r);
}

static void
test_diverging_run (void)
{
  Result r = RUN ("trajectory", "--surface", "bowl", "--optimizer", "sgd:lr=1e9", "--steps", "100");
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  /* Stopped early: far fewer rows than requested. */
  g_assert_cmpuint (g_strv_length (lines), <, 10);
  result_clear (&r);
}

static void
test_compare (void)
{
  Result r = RUN ("compare", "--surface", "bowl:kappa=10", "--start", "-4,3", "--steps", "200",
                  "--run", "sgd:lr=0.001", "--run", "sgd:lr=0.1", "--run", "sgd:lr=0.199",
                  "--run", "sgd:lr=0.3");

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "learning rate"));
  g_assert_nonnull (strstr (r.out, "steps to converge"));
  g_assert_nonnull (strstr (r.out, "slow"));
  g_assert_nonnull (strstr (r.out, "converged"));
  g_assert_nonnull (strstr (r.out, "diverged at step"));
  g_assert_nonnull (strstr (r.out, "critical learning rate"));
  result_clear (&r);

  r = RUN ("compare", "--surface", "bowl:kappa=10", "--steps", "100", "--format", "csv",
           "--run", "sgd:lr=0.1", "--run", "adam:lr=0.1@cosine:T_max=100");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "lr,optimizer,schedule,steps_to_converge,"));
  g_assert_nonnull (strstr (r.out, "cosine:T_max=100"));
  result_clear (&r);
}

static void
test_listings (void)
{
  const char *what[] = { "surfaces", "optimizers", "schedules" };
  const char *expect[] = { "rosenbrock", "nadam", "cosine_restarts" };

  for (guint i = 0; i < G_N_ELEMENTS (what); i++)
    {
      Result r = RUN (what[i]);

      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, expect[i]));
      g_assert_nonnull (strstr (r.out, "default"));
      result_clear (&r);
    }
}

static void
test_help (void)
{
  const char *commands[] = { "trajectory", "compare", "surfaces" };
  Result r = RUN ("--help");

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "trajectory"));
  result_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* GLib's own words ("Usage:") follow the locale; the usage line's
       * command and the option names do not. */
      g_autofree char *usage = g_strdup_printf ("\n  lrlab-cli %s [", commands[i]);

      r = RUN (commands[i], "--help");
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, usage));
      g_assert_nonnull (strstr (r.out, "--help"));
      result_clear (&r);
    }
}

static void
test_deterministic (void)
{
  Result a = RUN ("trajectory", "--surface", "expr:sin(x)*y^2 + x^2", "--optimizer", "nadam:lr=0.05",
                  "--schedule", "onecycle:total_steps=300", "--steps", "300");
  Result b = RUN ("trajectory", "--surface", "expr:sin(x)*y^2 + x^2", "--optimizer", "nadam:lr=0.05",
                  "--schedule", "onecycle:total_steps=300", "--steps", "300");

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  result_clear (&a);
  result_clear (&b);
}

/* Every malformed invocation: status 2, one line on stderr, nothing on stdout. */
static void
test_bad_arguments (void)
{
  const char *cases[][12] = {
    { "nonsense", NULL },
    { "trajectory", NULL },
    { "trajectory", "--surface", "rosenbrock", NULL },
    { "trajectory", "--surface", "nope", "--optimizer", "sgd", NULL },
    { "trajectory", "--surface", "rosenbrock:a=x", "--optimizer", "sgd", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd:lr=nan", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd:lr=-1", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd:moment=0.9", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd:nesterov=true", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--steps", "-1", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--steps", "1e12", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--steps", "ten", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--start", "1", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--start", "inf,0", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--format", "xml", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--schedule", "cosine:T_max=0.5", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--schedule", "cosine:T_max=0", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--schedule", "warp", NULL },
    { "trajectory", "--surface", "expr:x^", "--optimizer", "sgd", NULL },
    { "trajectory", "--surface", "expr:foo(x)", "--optimizer", "sgd", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "--bogus", NULL },
    { "trajectory", "--surface", "rosenbrock", "--optimizer", "sgd", "extra", NULL },
    { "trajectory", "--surface", NULL },
    { "compare", "--surface", "bowl", NULL },
    { "compare", "--surface", "bowl", "--run", "adam@nope", NULL },
    { "compare", "--surface", "bowl", "--run", "", NULL },
    { "surfaces", "--what", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Result r = run_argv (cases[i]);
      const char *nl;

      if (r.status != 2)
        g_error ("case %u (%s …): status %d, stderr %s", i, cases[i][0], r.status, r.err);
      g_assert_cmpstr (r.out, ==, "");
      nl = strchr (r.err, '\n');
      g_assert_nonnull (nl);
      g_assert_cmpstr (nl + 1, ==, "");
      g_assert_true (g_str_has_prefix (r.err, "lrlab-cli"));
      g_test_message ("%s", r.err);
      result_clear (&r);
    }
}

/* --experiment and --scene give exactly the output of the same settings as
 * options; every scene's claims hold through compare --check; a broken
 * claim or a broken file is refused. */
static void
test_experiments (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-cli-exp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "e.lrlab", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.lrlab", NULL);
  static const char *text =
    "{\"lrlab\": 1, \"surface\": \"bowl:kappa=10\", \"start\": [-4, 3.5], \"steps\": 150,\n"
    " \"runs\": [{\"optimizer\": \"sgd:lr=0.1\"}, {\"optimizer\": \"adam:lr=0.1\", \"schedule\": \"cosine\"}],\n"
    " \"expect\": [{\"run\": 0, \"verdict\": \"converged\"}]}\n";
  Result a, b, r;
  g_auto(GStrv) scenes = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  a = RUN ("compare", "--experiment", path, "--format", "json");
  b = RUN ("compare", "--surface", "bowl:kappa=10", "--start", "-4,3.5", "--steps", "150",
           "--run", "sgd:lr=0.1", "--run", "adam:lr=0.1@cosine", "--format", "json");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  result_clear (&a);
  result_clear (&b);
  a = RUN ("trajectory", "--experiment", path, "--run", "1");
  b = RUN ("trajectory", "--surface", "bowl:kappa=10", "--start", "-4,3.5", "--steps", "150",
           "--optimizer", "adam:lr=0.1", "--schedule", "cosine");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  result_clear (&a);
  result_clear (&b);

  /* Every listed scene runs and shows what it claims. */
  r = RUN ("scenes");
  g_assert_cmpint (r.status, ==, 0);
  scenes = g_strsplit (r.out, "\n", -1);
  result_clear (&r);
  g_assert_cmpuint (g_strv_length (scenes), >=, 8);
  for (guint i = 0; scenes[i] != NULL && scenes[i][0] != '\0'; i++)
    {
      g_auto(GStrv) parts = g_strsplit (scenes[i], " ", 2);

      r = RUN ("compare", "--scene", parts[0], "--check");
      if (r.status != 0)
        g_error ("scene %s: %s", parts[0], r.err);
      g_assert_nonnull (strstr (r.err, "ok: "));
      g_assert_null (strstr (r.err, "FAILED"));
      result_clear (&r);
    }

  /* A claim that does not hold fails the check, with the table still printed. */
  g_assert_true (g_file_set_contents (path, "{\"lrlab\": 1, \"surface\": \"bowl:kappa=10\", \"steps\": 20, "
                                      "\"runs\": [{\"optimizer\": \"sgd:lr=0.001\"}], "
                                      "\"expect\": [{\"run\": 0, \"verdict\": \"converged\"}]}", -1, NULL));
  r = RUN ("compare", "--experiment", path, "--check");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "FAILED: run 0: verdict slow, expected converged"));
  g_assert_nonnull (strstr (r.out, "learning rate"));
  result_clear (&r);

  /* Broken files: status 2 and one line. */
  {
    static const char *broken[] = {
      "not json", "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [", "{\"lrlab\": 7}",
      "{\"lrlab\": 1, \"surface\": 5, \"runs\": []}", "\x89PNG\r\n\x1a\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
      {
        g_assert_true (g_file_set_contents (bad, broken[i], -1, NULL));
        r = RUN ("compare", "--experiment", bad);
        g_assert_cmpint (r.status, ==, 2);
        g_assert_cmpuint (strlen (r.err), >, 0);
        g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
        result_clear (&r);
      }
    r = RUN ("render", "--experiment", dir, "-o", bad);
    g_assert_cmpint (r.status, ==, 2);
    result_clear (&r);
    r = RUN ("compare", "--scene", "nosuch");
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "too-low-just-right-too-high"));
    result_clear (&r);
    r = RUN ("compare", "--scene", "momentum", "--steps", "10");
    g_assert_cmpint (r.status, ==, 2);
    result_clear (&r);
  }
  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}

/* The plot beside the loss: --plot sharpness draws a different figure, a scene's
 * "plot" key gives the bytes of the same settings as options, bad values are refused. */
static void
test_sharpness_plot (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-cli-XXXXXX", NULL);
  g_autofree char *scene = g_build_filename (dir, "scene.png", NULL);
  g_autofree char *options = g_build_filename (dir, "options.png", NULL);
  g_autofree char *rate = g_build_filename (dir, "rate.png", NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  gsize na, nb, nc;
  Result r;

  r = RUN ("render", "--scene", "catapult", "--size", "640x400", "-o", scene);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = RUN ("render", "--surface", "catapult", "--run", "sgd:lr=0.15", "--run", "sgd:lr=0.3",
           "--run", "sgd:lr=0.5", "--start", "0.25,3", "--steps", "40", "--plot", "sharpness",
           "--size", "640x400", "-o", options);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = RUN ("render", "--scene", "catapult", "--plot", "rate", "--size", "640x400", "-o", rate);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_assert_true (g_file_get_contents (scene, &a, &na, NULL));
  g_assert_true (g_file_get_contents (options, &b, &nb, NULL));
  g_assert_true (g_file_get_contents (rate, &c, &nc, NULL));
  g_assert_cmpmem (a, na, b, nb);
  g_assert_false (na == nc && memcmp (a, c, na) == 0);

  r = RUN ("render", "--scene", "catapult", "--plot", "hessian", "-o", rate);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--plot"));
  result_clear (&r);

  g_remove (scene);
  g_remove (options);
  g_remove (rate);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/trajectory/csv", test_trajectory_csv);
  g_test_add_func ("/cli/trajectory/json", test_trajectory_json);
  g_test_add_func ("/cli/trajectory/diverging", test_diverging_run);
  g_test_add_func ("/cli/compare", test_compare);
  g_test_add_func ("/cli/experiments", test_experiments);
  g_test_add_func ("/cli/sharpness-plot", test_sharpness_plot);
  g_test_add_func ("/cli/effective-lr", test_effective_lr);
  g_test_add_func ("/cli/listings", test_listings);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/deterministic", test_deterministic);
  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
