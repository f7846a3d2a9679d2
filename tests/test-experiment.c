/* test-experiment.c: .lrlab files — reading, refusing, writing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lr-expect.h"
#include "lr-experiment.h"
#include "lr-spec.h"

static const char *full_example =
  "{\n"
  "  \"lrlab\": 1,\n"
  "  \"title\": \"Too low, just right, too high\",\n"
  "  \"description\": \"Four rates.\",\n"
  "  \"surface\": \"bowl:kappa=10,theta=30\",\n"
  "  \"start\": [-4, 3.25],\n"
  "  \"steps\": 120,\n"
  "  \"layout\": \"grid\",\n"
  "  \"plot\": \"sharpness\",\n"
  "  \"view\": [-5, 5, -5.5, 5],\n"
  "  \"noise\": \"sigma=0.5,batch=8,seed=1\",\n"
  "  \"future_key\": {\"ignored\": [1, 2, 3]},\n"
  "  \"runs\": [\n"
  "    {\"optimizer\": \"sgd:lr=0.01\", \"schedule\": \"constant\", \"label\": \"too low\",\n"
  "     \"color\": \"#e66100\", \"visible\": true},\n"
  "    {\"optimizer\": \"sgd:lr=0.1\", \"schedule\": \"cosine:T_max=100\", \"visible\": false}\n"
  "  ],\n"
  "  \"expect\": [{\"run\": 0, \"verdict\": \"slow\"}, {\"run\": 1, \"faster_than\": 0},\n"
  "             {\"run\": 1, \"loss_below\": 0}, {\"run\": 1, \"ends_near\": [1, 2]}],\n"
  "  \"lesson\": [\n"
  "    {\"at_step\": 30, \"question\": \"What next?\", \"choices\": [\"a\", \"b\", \"c\"],\n"
  "     \"answer\": 1, \"explain\": \"Because.\"}\n"
  "  ],\n"
  "  \"classifier\": {\"dataset\": \"digits\", \"model\": \"mlp:hidden=64\", \"batch_size\": 32,\n"
  "                 \"epochs\": 10, \"seed\": 7, \"runs\": [{\"optimizer\": \"adam:lr=0.001\"}]}\n"
  "}\n";

static LrExperiment *
load (const char *text,
      GError    **error)
{
  return lr_experiment_load_data (text, strlen (text), error);
}

static void
test_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = load (full_example, &error);
  const LrExperimentRun *run;
  const LrExpectation *x;
  const LrLessonStep *s;

  g_assert_no_error (error);
  g_assert_cmpstr (e->title, ==, "Too low, just right, too high");
  g_assert_cmpstr (e->surface, ==, "bowl:kappa=10,theta=30");
  g_assert_true (e->has_start);
  g_assert_cmpfloat (e->start[0], ==, -4);
  g_assert_cmpfloat (e->start[1], ==, 3.25);
  g_assert_cmpuint (e->steps, ==, 120);
  g_assert_cmpstr (e->layout, ==, "grid");
  g_assert_cmpstr (e->plot, ==, "sharpness");
  g_assert_true (e->has_view);
  g_assert_cmpfloat (e->view[2], ==, -5.5);
  g_assert_cmpstr (e->noise, ==, "sigma=0.5,batch=8,seed=1");
  g_assert_cmpuint (e->runs->len, ==, 2);
  run = g_ptr_array_index (e->runs, 0);
  g_assert_cmpstr (run->optimizer, ==, "sgd:lr=0.01");
  g_assert_null (run->schedule);          /* "constant" is the default */
  g_assert_cmpstr (run->label, ==, "too low");
  g_assert_cmpstr (run->color, ==, "#e66100");
  g_assert_true (run->visible);
  run = g_ptr_array_index (e->runs, 1);
  g_assert_cmpstr (run->schedule, ==, "cosine:T_max=100");
  g_assert_false (run->visible);
  g_assert_cmpuint (e->expect->len, ==, 4);
  x = &g_array_index (e->expect, LrExpectation, 1);
  g_assert_cmpint (x->kind, ==, LR_EXPECT_FASTER_THAN);
  g_assert_cmpuint (x->run, ==, 1);
  g_assert_cmpuint (x->other, ==, 0);
  x = &g_array_index (e->expect, LrExpectation, 2);
  g_assert_cmpint (x->kind, ==, LR_EXPECT_LOSS_BELOW);
  g_assert_cmpuint (e->lesson->len, ==, 1);
  s = &g_array_index (e->lesson, LrLessonStep, 0);
  g_assert_cmpuint (s->at_step, ==, 30);
  g_assert_cmpuint (g_strv_length (s->choices), ==, 3);
  g_assert_cmpuint (s->answer, ==, 1);
  g_assert_nonnull (e->classifier);
  g_assert_cmpstr (e->classifier->dataset, ==, "digits");
  g_assert_cmpuint (e->classifier->batch_size, ==, 32);
  g_assert_cmpuint (e->classifier->epochs, ==, 10);
  g_assert_true (e->classifier->has_seed);
  g_assert_cmpuint (e->classifier->seed, ==, 7);
  g_assert_cmpuint (e->classifier->runs->len, ==, 1);
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e =
    load ("{\"lrlab\": 1, \"surface\": \"rosenbrock\", \"runs\": [{\"optimizer\": \"adam\"}]}",
          &error);

  g_assert_no_error (error);
  g_assert_null (e->title);
  g_assert_false (e->has_start);
  g_assert_cmpuint (e->steps, ==, 0);
  g_assert_null (e->layout);
  g_assert_null (e->classifier);
  g_assert_cmpuint (e->runs->len, ==, 1);
}

/* Writing and reading back gives the same experiment, and writing again the
 * same bytes; numbers are C-locale whatever the locale. */
static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = load (full_example, &error);
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr(LrExperiment) back = NULL;

  g_assert_no_error (error);
  json = lr_experiment_to_json (e);
  g_assert_null (strstr (json, "future_key"));
  g_assert_nonnull (strstr (json, "3.25"));
  g_assert_null (strstr (json, "3,25"));
  back = load (json, &error);
  g_assert_no_error (error);
  again = lr_experiment_to_json (back);
  g_assert_cmpstr (json, ==, again);
  g_assert_cmpfloat (back->view[2], ==, -5.5);

  /* A negative zero is written as 0, which reads back as 0 (found by fuzzing). */
  {
    g_autoptr(LrExperiment) z =
      load ("{\"lrlab\": 1, \"surface\": \"bowl\", \"start\": [-0.0, 2], \"runs\": [{\"optimizer\": \"sgd\"}]}",
            &error);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autoptr(LrExperiment) z2 = NULL;

    g_assert_no_error (error);
    first = lr_experiment_to_json (z);
    g_assert_nonnull (strstr (first, "[0, 2]"));
    z2 = load (first, &error);
    g_assert_no_error (error);
    second = lr_experiment_to_json (z2);
    g_assert_cmpstr (first, ==, second);
  }
  g_assert_false (((LrExperimentRun *) g_ptr_array_index (back->runs, 1))->visible);
}

typedef struct {
  const char *text;
  const char *expected;   /* a part of the message */
} BadCase;

static void
test_refused (void)
{
  static const BadCase cases[] = {
    { "", "empty" },
    { "{\"lrlab\": 1,,}", "not valid JSON" },
    { "{\"lrlab\":1,\"r,\n {\n \"x\": 0}", "not valid JSON" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\", \"color\": \"a\\nb\"}]}", "'runs[0].color':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [", "not valid JSON" },
    { "[1, 2]", "not a JSON object" },
    { "{\"surface\": \"bowl\", \"runs\": []}", "'lrlab'" },
    { "{\"lrlab\": \"1\", \"surface\": \"bowl\"}", "'lrlab'" },
    { "{\"lrlab\": 2, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "newer version" },
    { "{\"lrlab\": 1, \"runs\": [{\"optimizer\": \"sgd\"}]}", "'surface': missing" },
    { "{\"lrlab\": 1, \"surface\": 3, \"runs\": [{\"optimizer\": \"sgd\"}]}", "'surface': expected a string" },
    { "{\"lrlab\": 1, \"surface\": \"nosuch\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'surface':" },
    { "{\"lrlab\": 1, \"surface\": \"expr:x+\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'surface':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\"}", "'runs': missing" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": []}", "'runs': needs at least one" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": {}}", "'runs': expected an array" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [3]}", "'runs[0]': expected an object" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{}]}", "'runs[0].optimizer': missing" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd:lr=-1\"}]}", "'runs[0].optimizer':" },
    /* the message says what is wrong, not only where */
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd:lr=-1\"}]}", "'runs[0].optimizer': optimizer sgd: lr=-1 is out of range" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"noise\": \"sigma=-1\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "sigma: '-1' is negative" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\", \"schedule\": \"cosine:T_max=x\"}]}", "'runs[0].schedule':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\", \"color\": \"red\"}]}", "'runs[0].color':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\", \"visible\": 1}]}", "'runs[0].visible':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"start\": [1], \"runs\": [{\"optimizer\": \"sgd\"}]}", "'start': expected 2 numbers" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"start\": [1, \"2\"], \"runs\": [{\"optimizer\": \"sgd\"}]}", "'start': element 1" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"steps\": 0, \"runs\": [{\"optimizer\": \"sgd\"}]}", "'steps':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"steps\": 1.5, \"runs\": [{\"optimizer\": \"sgd\"}]}", "'steps':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"steps\": 1e300, \"runs\": [{\"optimizer\": \"sgd\"}]}", "'steps':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"layout\": \"tiles\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'layout':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"plot\": \"curvature\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'plot':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}, {\"optimizer\": \"sgd\"}], \"expect\": [{\"run\": 0, \"flatter_than\": 0}]}", "'expect[0].flatter_than':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"view\": [1, 0, 0, 1], \"runs\": [{\"optimizer\": \"sgd\"}]}", "'view':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"noise\": \"sigma=-1\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'noise':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"noise\": \"sigma=1,batch=0\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'noise':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"noise\": \"colour=1\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'noise':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"expect\": [{\"run\": 3, \"verdict\": \"slow\"}]}", "'expect[0].run':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"expect\": [{\"run\": 0, \"verdict\": \"fine\"}]}", "'expect[0].verdict':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"expect\": [{\"run\": 0}]}", "'expect[0]': needs exactly one" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"expect\": [{\"run\": 0, \"floor_below\": 0}]}", "'expect[0].floor_below': compares run 0 with itself" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}, {\"optimizer\": \"sgd\"}], \"expect\": [{\"run\": 0, \"settles_before\": 1, \"verdict\": \"settled\"}]}", "'expect[0]': needs exactly one" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"lesson\": [{\"at_step\": 3, \"question\": \"q\", \"choices\": [\"a\"], \"answer\": 0, \"explain\": \"e\"}]}", "'lesson[0].choices':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"lesson\": [{\"at_step\": 3, \"question\": \"q\", \"choices\": [\"a\", \"b\"], \"answer\": 2, \"explain\": \"e\"}]}", "'lesson[0].answer':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"steps\": 10, \"runs\": [{\"optimizer\": \"sgd\"}], \"lesson\": [{\"at_step\": 30, \"question\": \"q\", \"choices\": [\"a\", \"b\"], \"answer\": 0, \"explain\": \"e\"}]}", "'lesson[0].at_step':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"classifier\": {\"model\": \"mlp:hidden=0\"}}", "'classifier.model':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"classifier\": {\"batch_size\": -1}}", "'classifier.batch_size':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"classifier\": {\"batch_size\": \"half\"}}", "'classifier.batch_size': expected a whole number or \"full\"" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"classifier\": {\"sharpness_every\": 0}}", "'classifier.sharpness_every':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"classifier\": {\"sharpness_every\": \"10\"}}", "'classifier.sharpness_every':" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}], \"classifier\": {\"runs\": [{\"optimizer\": \"nosuch\"}]}}", "'classifier.runs[0].optimizer':" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrExperiment) e = load (cases[i].text, &error);

      if (e != NULL || error == NULL || strstr (error->message, cases[i].expected) == NULL)
        g_error ("case %u (%s): expected an error with \"%s\", got %s", i, cases[i].text,
                 cases[i].expected, error ? error->message : "success");
      g_assert_null (strchr (error->message, '\n'));
    }
}

static void
test_bounds (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"lrlab\": 1, \"surface\": \"bowl\", \"x\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = NULL;
  g_autofree char *big = NULL;
  static const char binary[] = "\x89PNG\r\n\x1a\n\x00\x00\xff\xfe";

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  e = lr_experiment_load_data (deep->str, deep->len, &error);
  g_assert_null (e);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_clear_error (&error);

  big = g_strnfill (LR_EXPERIMENT_MAX_BYTES + 1, ' ');
  e = lr_experiment_load_data (big, LR_EXPERIMENT_MAX_BYTES + 1, &error);
  g_assert_null (e);
  g_assert_nonnull (strstr (error->message, "at most"));
  g_clear_error (&error);

  e = lr_experiment_load_data (binary, sizeof binary - 1, &error);
  g_assert_null (e);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_scenes (void)
{
  g_auto(GStrv) names = lr_experiment_list_scenes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) none = NULL;

  g_assert_cmpuint (g_strv_length (names), >=, 7);
  g_assert_cmpstr (names[0], ==, "too-low-just-right-too-high");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(LrExperiment) e = lr_experiment_load_scene (names[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (e->title);
      g_assert_nonnull (e->description);
      g_assert_cmpuint (e->steps, >, 0);
      g_assert_true (e->has_start);
    }
  none = lr_experiment_load_scene ("nosuch", &error);
  g_assert_null (none);
  g_assert_nonnull (strstr (error->message, "too-low-just-right-too-high"));
}

/* Saving replaces atomically: a failed save leaves the previous file whole. */
static void
test_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lrlab-exp-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "a.lrlab", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "b.lrlab", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(LrExperiment) e = load (full_example, &error);
  g_autoptr(LrExperiment) back = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_assert_true (lr_experiment_save (e, file, NULL, &error));
  g_assert_no_error (error);
  back = lr_experiment_load_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->title, ==, e->title);

  g_assert_false (lr_experiment_save (e, missing_file, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A read-only folder: the save fails and the old file stays as it was. */
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  g_free (e->title);
  e->title = g_strdup ("changed");
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  if (access (dir, W_OK) != 0)   /* root can write anyway */
    {
      g_assert_false (lr_experiment_save (e, file, NULL, &error));
      g_clear_error (&error);
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (before, ==, after);
    }
  g_chmod (dir, 0700);

  /* A folder is not an experiment. */
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autoptr(LrExperiment) none = lr_experiment_load_file (folder, NULL, &error);

    g_assert_null (none);
    g_assert_nonnull (strstr (error->message, "folder"));
    g_clear_error (&error);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* The claims on noisy runs' floors read, write back and check. */
static void
test_floor_claims (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e =
    load ("{\"lrlab\": 1, \"surface\": \"bowl\", \"noise\": \"sigma=1\",\n"
          " \"runs\": [{\"optimizer\": \"sgd:lr=0.1\"}, {\"optimizer\": \"sgd:lr=0.01\"}],\n"
          " \"expect\": [{\"run\": 1, \"floor_below\": 0}, {\"run\": 0, \"settles_before\": 1}]}",
          &error);
  g_autofree char *json = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  LrSummary s[2] = {
    { .verdict = LR_VERDICT_SETTLED, .noise_floor = 0.05, .steps_to_floor = 12 },
    { .verdict = LR_VERDICT_SETTLED, .noise_floor = 0.005, .steps_to_floor = 130 },
  };

  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (e->expect, LrExpectation, 0).kind, ==, LR_EXPECT_FLOOR_BELOW);
  g_assert_cmpint (g_array_index (e->expect, LrExpectation, 1).kind, ==, LR_EXPECT_SETTLES_BEFORE);
  json = lr_experiment_to_json (e);
  g_assert_nonnull (strstr (json, "\"floor_below\": 0"));
  g_assert_nonnull (strstr (json, "\"settles_before\": 1"));
  g_assert_true (lr_experiment_check (e, s, 2, report));
  g_assert_cmpstr (report->str, ==,
                   "ok: run 1 settles below run 0: floor 0.005 (settled) against 0.05 (settled)\n"
                   "ok: run 0 reaches its floor before run 1: at step 12 against 130\n");
  s[0].steps_to_floor = 200;
  s[1].noise_floor = 0.5;
  g_string_truncate (report, 0);
  g_assert_false (lr_experiment_check (e, s, 2, report));
  g_assert_nonnull (strstr (report->str, "FAILED: run 1 settles below"));
  g_assert_nonnull (strstr (report->str, "FAILED: run 0 reaches its floor"));
}

/* Claims against summaries made by hand: each kind holds and fails. */
static void
test_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = load (full_example, &error);
  LrSummary s[2] = {
    { .steps_to_converge = -1, .final_loss = 0.5, .verdict = LR_VERDICT_SLOW },
    { .steps_to_converge = 40, .final_loss = 1e-9, .final_x = 1, .final_y = 2.005,
      .verdict = LR_VERDICT_CONVERGED },
  };
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (lr_experiment_check (e, s, 2, report));
  g_assert_cmpstr (report->str, ==,
                   "ok: run 0: verdict slow, expected slow\n"
                   "ok: run 1 converges faster than run 0: at step 40 against never\n"
                   "ok: run 1 ends below run 0: loss 1e-9 against 0.5\n"
                   "ok: run 1 ends near (1, 2): at distance 0.004999999999999893\n");

  /* Each claim fails on its own. */
  s[0].verdict = LR_VERDICT_OSCILLATING;
  g_string_truncate (report, 0);
  g_assert_false (lr_experiment_check (e, s, 2, report));
  g_assert_true (g_str_has_prefix (report->str, "FAILED: run 0: verdict oscillating"));
  s[0].verdict = LR_VERDICT_SLOW;
  s[0].steps_to_converge = 40;          /* a tie is not faster */
  g_string_truncate (report, 0);
  g_assert_false (lr_experiment_check (e, s, 2, report));
  g_assert_nonnull (strstr (report->str, "FAILED: run 1 converges faster"));
  s[0].steps_to_converge = -1;
  s[1].final_loss = 0.5;                /* equal is not below */
  g_string_truncate (report, 0);
  g_assert_false (lr_experiment_check (e, s, 2, report));
  g_assert_nonnull (strstr (report->str, "FAILED: run 1 ends below"));
  s[1].final_loss = 1e-9;
  s[1].final_y = 2.02;
  g_string_truncate (report, 0);
  g_assert_false (lr_experiment_check (e, s, 2, report));
  g_assert_nonnull (strstr (report->str, "FAILED: run 1 ends near"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/experiment/full", test_full);
  g_test_add_func ("/experiment/minimal", test_minimal);
  g_test_add_func ("/experiment/round-trip", test_round_trip);
  g_test_add_func ("/experiment/floor-claims", test_floor_claims);
  g_test_add_func ("/experiment/refused", test_refused);
  g_test_add_func ("/experiment/bounds", test_bounds);
  g_test_add_func ("/experiment/scenes", test_scenes);
  g_test_add_func ("/experiment/save", test_save);
  g_test_add_func ("/experiment/check", test_check);
  return g_test_run ();
}
