/* lr-experiment.c: reading, validating and writing .lrlab experiments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "lr-experiment.h"
#include "lr-mlp.h"
#include "lr-noise.h"
#include "lr-optimizer.h"
#include "lr-schedule.h"
#include "lr-spec.h"
#include "lr-train.h"
#include "lr-surface.h"
#include "lr-trajectory.h"
#include "lrcore-resources.h"

#define SCENES_PATH "/io/github/lrlab/LearningRateLab/scenes/"
#define PRESETS_PATH "/io/github/lrlab/LearningRateLab/presets/"

/* ---- construction ------------------------------------------------------ */

LrExperimentRun *
lr_experiment_run_new (const char *optimizer,
                       const char *schedule)
{
  LrExperimentRun *run = g_new0 (LrExperimentRun, 1);

  run->optimizer = g_strdup (optimizer);
  run->schedule = g_strdup (schedule);
  run->visible = TRUE;
  return run;
}

void
lr_experiment_run_free (LrExperimentRun *run)
{
  if (run == NULL)
    return;
  g_free (run->optimizer);
  g_free (run->schedule);
  g_free (run->label);
  g_free (run->color);
  g_free (run);
}

static void
expectation_clear (gpointer data)
{
  LrExpectation *e = data;

  g_clear_pointer (&e->verdict, g_free);
}

static void
lesson_step_clear (gpointer data)
{
  LrLessonStep *s = data;

  g_clear_pointer (&s->question, g_free);
  g_clear_pointer (&s->choices, g_strfreev);
  g_clear_pointer (&s->explain, g_free);
}

static LrExperimentClassifier *
classifier_new (void)
{
  LrExperimentClassifier *c = g_new0 (LrExperimentClassifier, 1);

  c->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) lr_experiment_run_free);
  return c;
}

static void
classifier_free (LrExperimentClassifier *c)
{
  if (c == NULL)
    return;
  g_free (c->dataset);
  g_free (c->model);
  g_ptr_array_unref (c->runs);
  g_free (c);
}

LrExperiment *
lr_experiment_new (void)
{
  LrExperiment *e = g_new0 (LrExperiment, 1);

  e->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) lr_experiment_run_free);
  e->expect = g_array_new (FALSE, TRUE, sizeof (LrExpectation));
  g_array_set_clear_func (e->expect, expectation_clear);
  e->lesson = g_array_new (FALSE, TRUE, sizeof (LrLessonStep));
  g_array_set_clear_func (e->lesson, lesson_step_clear);
  return e;
}

void
lr_experiment_free (LrExperiment *e)
{
  if (e == NULL)
    return;
  g_free (e->title);
  g_free (e->description);
  g_free (e->surface);
  g_free (e->layout);
  g_free (e->plot);
  g_free (e->noise);
  g_ptr_array_unref (e->runs);
  g_array_unref (e->expect);
  g_array_unref (e->lesson);
  classifier_free (e->classifier);
  g_free (e);
}

/* ---- reading: bounds ------------------------------------------------------ */

/* Nesting depth of arrays and objects, strings skipped; json-glib's parser
 * recurses, so a deep document is refused before it is parsed. */
static guint
max_depth (const char *data,
           gsize       length)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        deepest = MAX (deepest, ++depth);
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

/* ---- reading: typed members, each error naming its key ------------------- */

typedef struct {
  GError **error;
} Reader;

static gboolean
fail (GError    **error,
      const char *key,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError    **error,
      const char *key,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LR_ERROR, LR_ERROR_VALUE, "'%s': %s", key, what);
  return FALSE;
}

static const char *
node_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "true or false";
    default:
      return "a number";
    }
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (json_node_get_node_type (node) != JSON_NODE_VALUE)
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *member,
            const char  *key,
            gboolean     required,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *s;

  if (node == NULL)
    return required ? fail (error, key, "missing (it is required)") : TRUE;
  if (json_node_get_node_type (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, key, "expected a string, found %s", node_type_name (node));
  s = json_node_get_string (node);
  if (!g_utf8_validate (s, -1, NULL))
    return fail (error, key, "not valid UTF-8");
  g_free (*out);
  *out = g_strdup (s);
  return TRUE;
}

static gboolean
get_number (JsonObject *obj,
            const char *member,
            const char *key,
            gboolean   *given,
            double     *out,
            GError    **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  double v;

  if (node == NULL)
    return TRUE;
  if (!is_number (node))
    return fail (error, key, "expected a number, found %s", node_type_name (node));
  v = json_node_get_double (node);
  if (!isfinite (v))
    return fail (error, key, "not a finite number");
  *out = v;
  if (given != NULL)
    *given = TRUE;
  return TRUE;
}

/* A whole number in [min, max]; untouched when absent. */
static gboolean
get_uint (JsonObject *obj,
          const char *member,
          const char *key,
          guint64     min,
          guint64     max,
          gboolean   *given,
          guint64    *out,
          GError    **error)
{
  double v = 0;
  gboolean here = FALSE;

  if (!get_number (obj, member, key, &here, &v, error))
    return FALSE;
  if (!here)
    return TRUE;
  if (v != floor (v) || v < (double) min || v > (double) max)
    return fail (error, key, "expected a whole number from %" G_GUINT64_FORMAT " to %"
                 G_GUINT64_FORMAT, min, max);
  *out = (guint64) v;
  if (given != NULL)
    *given = TRUE;
  return TRUE;
}

static gboolean
get_bool (JsonObject *obj,
          const char *member,
          const char *key,
          gboolean   *out,
          GError    **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return TRUE;
  if (json_node_get_node_type (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, key, "expected true or false, found %s", node_type_name (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *obj,
           const char *member,
           const char *key,
           GError    **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return NULL;
  if (json_node_get_node_type (node) != JSON_NODE_ARRAY)
    {
      fail (error, key, "expected an array, found %s", node_type_name (node));
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
element_object (JsonArray  *array,
                guint       i,
                const char *key,
                GError    **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (json_node_get_node_type (node) != JSON_NODE_OBJECT)
    {
      fail (error, key, "expected an object, found %s", node_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
}

/* Exactly @n finite numbers. */
static gboolean
get_numbers (JsonObject *obj,
             const char *member,
             const char *key,
             guint       n,
             gboolean   *given,
             double     *out,
             GError    **error)
{
  GError *local = NULL;
  JsonArray *array = get_array (obj, member, key, &local);

  if (array == NULL)
    {
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return TRUE;
    }
  if (json_array_get_length (array) != n)
    return fail (error, key, "expected %u numbers, found %u", n, json_array_get_length (array));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!is_number (node) || !isfinite (json_node_get_double (node)))
        return fail (error, key, "element %u is not a finite number", i);
      out[i] = json_node_get_double (node);
    }
  *given = TRUE;
  return TRUE;
}

/* ---- reading: validation of specs ---------------------------------------- */

static gboolean
check_spec (const char *key,
            GError    **error,
            gboolean    ok,
            GError     *local)
{
  if (ok)
    return TRUE;
  g_set_error (error, LR_ERROR, local != NULL ? local->code : LR_ERROR_VALUE, "'%s': %s", key,
               local != NULL ? local->message : "invalid");
  g_clear_error (&local);
  return FALSE;
}

static gboolean
validate_optimizer (const char        *key,
                    const char        *text,
                    LrOptimizerConfig *config,
                    GError           **error)
{
  GError *local = NULL;
  gboolean ok = lr_optimizer_config_parse (text, config, &local);

  /* Parsed first: the order in which arguments are evaluated is not fixed. */
  return check_spec (key, error, ok, local);
}

/* The schedule as the run will make it: from its optimizer's rate and
 * momentum, over the experiment's steps. */
static gboolean
validate_schedule (const char              *key,
                   const char              *text,
                   const LrOptimizerConfig *optimizer,
                   guint                    steps,
                   GError                 **error)
{
  GError *local = NULL;
  LrSchedule *schedule = lr_schedule_new (text, optimizer->lr,
                                          lr_optimizer_config_get_momentum (optimizer),
                                          steps > 0 ? steps : 100, &local);

  if (schedule != NULL)
    lr_schedule_free (schedule);
  return check_spec (key, error, schedule != NULL, local);
}

static gboolean
validate_noise (const char *text,
                GError    **error)
{
  LrNoiseConfig config;
  GError *local = NULL;
  gboolean ok = lr_noise_config_parse (text, &config, &local);

  return check_spec ("noise", error, ok, local);
}

static gboolean
valid_color (const char *s)
{
  if (strlen (s) != 7 || s[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
valid_verdict (const char *name)
{
  for (int v = 0; v < 32; v++)
    {
      const char *known = lr_verdict_to_string ((LrVerdict) v);

      if (g_str_equal (known, "unknown"))
        break;
      if (g_str_equal (known, name))
        return TRUE;
    }
  return FALSE;
}

/* ---- reading: parts -------------------------------------------------------- */

static gboolean
read_run (JsonObject       *obj,
          const char       *prefix,
          guint             steps,
          LrExperimentRun **out,
          GError          **error)
{
  g_autoptr(GString) key = g_string_new (prefix);
  gsize base = key->len;
  LrExperimentRun *run = lr_experiment_run_new (NULL, NULL);
  LrOptimizerConfig optimizer;

#define KEY(name) (g_string_truncate (key, base), g_string_append (key, "." name), key->str)
  if (!get_string (obj, "optimizer", KEY ("optimizer"), TRUE, &run->optimizer, error)
      || !validate_optimizer (KEY ("optimizer"), run->optimizer, &optimizer, error)
      || !get_string (obj, "schedule", KEY ("schedule"), FALSE, &run->schedule, error)
      || (run->schedule != NULL
          && !validate_schedule (KEY ("schedule"), run->schedule, &optimizer, steps, error))
      || !get_string (obj, "label", KEY ("label"), FALSE, &run->label, error)
      || !get_string (obj, "color", KEY ("color"), FALSE, &run->color, error)
      || !get_bool (obj, "visible", KEY ("visible"), &run->visible, error))
    goto failed;
  if (run->color != NULL && !valid_color (run->color))
    {
      fail (error, KEY ("color"), "'%s' is not a colour like #1c71d8", run->color);
      goto failed;
    }
#undef KEY
  if (run->schedule != NULL && g_str_equal (run->schedule, "constant"))
    g_clear_pointer (&run->schedule, g_free);
  *out = run;
  return TRUE;

failed:
  lr_experiment_run_free (run);
  return FALSE;
}

static gboolean
read_runs (JsonObject *obj,
           const char *prefix,
           gboolean    required,
           guint       steps,
           GPtrArray  *runs,
           GError    **error)
{
  g_autofree char *key = g_strconcat (prefix, "runs", NULL);
  GError *local = NULL;
  JsonArray *array = get_array (obj, "runs", key, &local);
  guint n;

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (array == NULL)
    return required ? fail (error, key, "missing (it is required)") : TRUE;
  n = json_array_get_length (array);
  if (n == 0 && required)
    return fail (error, key, "needs at least one run");
  if (n > LR_EXPERIMENT_MAX_RUNS)
    return fail (error, key, "%u runs; at most %u", n, LR_EXPERIMENT_MAX_RUNS);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item = g_strdup_printf ("%s[%u]", key, i);
      JsonObject *o = element_object (array, i, item, error);
      LrExperimentRun *run = NULL;

      if (o == NULL || !read_run (o, item, steps, &run, error))
        return FALSE;
      g_ptr_array_add (runs, run);
    }
  return TRUE;
}

static gboolean
read_expectation (JsonObject    *o,
                  const char    *item,
                  guint          n_runs,
                  LrExpectation *e,
                  GError       **error)
{
  g_autofree char *run_key = g_strdup_printf ("%s.run", item);
  guint64 run = 0, other = 0;
  gboolean has_run = FALSE, has_faster = FALSE, has_below = FALSE, has_near = FALSE;
  gboolean has_floor = FALSE, has_settles = FALSE;
  g_autofree char *verdict = NULL;
  g_autofree char *vkey = g_strdup_printf ("%s.verdict", item);
  g_autofree char *fkey = g_strdup_printf ("%s.faster_than", item);
  g_autofree char *lkey = g_strdup_printf ("%s.loss_below", item);
  g_autofree char *nkey = g_strdup_printf ("%s.ends_near", item);
  g_autofree char *skey = g_strdup_printf ("%s.flatter_than", item);
  gboolean has_flatter = FALSE;
  g_autofree char *bkey = g_strdup_printf ("%s.floor_below", item);
  g_autofree char *ekey = g_strdup_printf ("%s.settles_before", item);
  const char *other_key;
  guint n_claims;

  if (!get_uint (o, "run", run_key, 0, MAX (n_runs, 1) - 1, &has_run, &run, error)
      || !get_string (o, "verdict", vkey, FALSE, &verdict, error)
      || !get_uint (o, "faster_than", fkey, 0, MAX (n_runs, 1) - 1, &has_faster, &other, error)
      || !get_uint (o, "loss_below", lkey, 0, MAX (n_runs, 1) - 1, &has_below, &other, error)
      || !get_numbers (o, "ends_near", nkey, 2, &has_near, e->point, error)
      || !get_uint (o, "flatter_than", skey, 0, MAX (n_runs, 1) - 1, &has_flatter, &other, error)
      || !get_uint (o, "floor_below", bkey, 0, MAX (n_runs, 1) - 1, &has_floor, &other, error)
      || !get_uint (o, "settles_before", ekey, 0, MAX (n_runs, 1) - 1, &has_settles, &other, error))
    return FALSE;
  if (!has_run)
    return fail (error, run_key, "missing (it is required)");
  n_claims = (verdict != NULL) + has_faster + has_below + has_near + has_flatter + has_floor +
             has_settles;
  if (n_claims != 1)
    return fail (error, item, "needs exactly one of verdict, faster_than, loss_below, ends_near, "
                 "flatter_than, floor_below, settles_before");
  if (verdict != NULL && !valid_verdict (verdict))
    return fail (error, vkey, "'%s' is not a verdict", verdict);
  other_key = has_faster ? fkey : has_below ? lkey : has_flatter ? skey : has_floor ? bkey : ekey;
  if ((has_faster || has_below || has_flatter || has_floor || has_settles) && other == run)
    return fail (error, other_key, "compares run %u with itself", (guint) run);
  e->run = (guint) run;
  e->other = (guint) other;
  e->kind = verdict != NULL ? LR_EXPECT_VERDICT
          : has_faster ? LR_EXPECT_FASTER_THAN
          : has_below ? LR_EXPECT_LOSS_BELOW
          : has_flatter ? LR_EXPECT_FLATTER_THAN
          : has_floor ? LR_EXPECT_FLOOR_BELOW
          : has_settles ? LR_EXPECT_SETTLES_BEFORE : LR_EXPECT_ENDS_NEAR;
  e->verdict = g_steal_pointer (&verdict);
  return TRUE;
}

static gboolean
read_expect (JsonObject   *obj,
             LrExperiment *e,
             GError      **error)
{
  GError *local = NULL;
  JsonArray *array = get_array (obj, "expect", "expect", &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = g_strdup_printf ("expect[%u]", i);
      JsonObject *o = element_object (array, i, item, error);
      LrExpectation x = { 0 };

      if (o == NULL || !read_expectation (o, item, e->runs->len, &x, error))
        return FALSE;
      g_array_append_val (e->expect, x);
    }
  return TRUE;
}

static gboolean
read_choices (JsonObject   *o,
              const char   *item,
              LrLessonStep *s,
              GError      **error)
{
  g_autofree char *key = g_strdup_printf ("%s.choices", item);
  GError *local = NULL;
  JsonArray *array = get_array (o, "choices", key, &local);
  guint n;

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (array == NULL)
    return fail (error, key, "missing (it is required)");
  n = json_array_get_length (array);
  if (n < 2 || n > LR_EXPERIMENT_MAX_CHOICES)
    return fail (error, key, "%u choices; give 2 to %u", n, LR_EXPERIMENT_MAX_CHOICES);
  s->choices = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_node_type (node) != JSON_NODE_VALUE
          || json_node_get_value_type (node) != G_TYPE_STRING
          || !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return fail (error, key, "element %u is not a string", i);
      s->choices[i] = g_strdup (json_node_get_string (node));
    }
  return TRUE;
}

static gboolean
read_lesson_step (JsonObject   *o,
                  const char   *item,
                  guint         steps,
                  LrLessonStep *s,
                  GError      **error)
{
  g_autofree char *akey = g_strdup_printf ("%s.at_step", item);
  g_autofree char *qkey = g_strdup_printf ("%s.question", item);
  g_autofree char *nkey = g_strdup_printf ("%s.answer", item);
  g_autofree char *ekey = g_strdup_printf ("%s.explain", item);
  guint64 at = 0, answer = 0;
  gboolean has_at = FALSE, has_answer = FALSE;

  if (!get_uint (o, "at_step", akey, 0, steps, &has_at, &at, error)
      || !get_string (o, "question", qkey, TRUE, &s->question, error)
      || !read_choices (o, item, s, error)
      || !get_uint (o, "answer", nkey, 0, g_strv_length (s->choices) - 1, &has_answer, &answer,
                    error)
      || !get_string (o, "explain", ekey, TRUE, &s->explain, error))
    return FALSE;
  if (!has_at)
    return fail (error, akey, "missing (it is required)");
  if (!has_answer)
    return fail (error, nkey, "missing (it is required)");
  s->at_step = (guint) at;
  s->answer = (guint) answer;
  return TRUE;
}

static gboolean
read_lesson (JsonObject   *obj,
             LrExperiment *e,
             GError      **error)
{
  GError *local = NULL;
  JsonArray *array = get_array (obj, "lesson", "lesson", &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = g_strdup_printf ("lesson[%u]", i);
      JsonObject *o = element_object (array, i, item, error);
      LrLessonStep s = { 0 };

      if (o == NULL)
        return FALSE;
      if (!read_lesson_step (o, item, e->steps > 0 ? e->steps : LR_MAX_STEPS, &s, error))
        {
          lesson_step_clear (&s);
          return FALSE;
        }
      if (e->lesson->len > 0
          && g_array_index (e->lesson, LrLessonStep, e->lesson->len - 1).at_step >= s.at_step)
        {
          lesson_step_clear (&s);
          return fail (error, item, "at_step must be larger than the previous step's");
        }
      g_array_append_val (e->lesson, s);
    }
  return TRUE;
}

static gboolean
read_classifier (JsonObject   *root,
                 LrExperiment *e,
                 GError      **error)
{
  JsonNode *node = json_object_get_member (root, "classifier");
  LrExperimentClassifier *c;
  JsonObject *obj;
  guint64 batch = 0, epochs = 0, sharpness_every = 0;
  JsonNode *batch_node;
  LrMlpConfig model;
  GError *local = NULL;

  if (node == NULL)
    return TRUE;
  if (json_node_get_node_type (node) != JSON_NODE_OBJECT)
    return fail (error, "classifier", "expected an object, found %s", node_type_name (node));
  obj = json_node_get_object (node);
  c = e->classifier = classifier_new ();
  if (!get_string (obj, "dataset", "classifier.dataset", FALSE, &c->dataset, error)
      || !get_string (obj, "model", "classifier.model", FALSE, &c->model, error)
      || !get_uint (obj, "epochs", "classifier.epochs", 1, 100000, NULL, &epochs, error)
      || !get_uint (obj, "sharpness_every", "classifier.sharpness_every", 1, 100000, NULL,
                    &sharpness_every, error)
      || !get_uint (obj, "seed", "classifier.seed", 0, G_MAXINT64, &c->has_seed, &c->seed, error)
      || !read_runs (obj, "classifier.", FALSE, 0, c->runs, error))
    return FALSE;
  /* A whole number of images, or "full": all training images in one batch. */
  batch_node = json_object_get_member (obj, "batch_size");
  if (batch_node != NULL && json_node_get_node_type (batch_node) == JSON_NODE_VALUE
      && json_node_get_value_type (batch_node) == G_TYPE_STRING)
    {
      if (g_strcmp0 (json_node_get_string (batch_node), "full") != 0)
        return fail (error, "classifier.batch_size", "expected a whole number or \"full\"");
      batch = LR_TRAIN_BATCH_FULL;
    }
  else if (!get_uint (obj, "batch_size", "classifier.batch_size", 1, 1 << 20, NULL, &batch, error))
    return FALSE;
  if (c->dataset != NULL && *c->dataset == '\0')
    return fail (error, "classifier.dataset", "empty");
  if (c->model != NULL && !lr_mlp_config_parse (c->model, &model, &local))
    return check_spec ("classifier.model", error, FALSE, local);
  c->batch_size = (guint) batch;
  c->epochs = (guint) epochs;
  c->sharpness_every = (guint) sharpness_every;
  return TRUE;
}

static gboolean
read_version (JsonObject *root,
              GError    **error)
{
  JsonNode *node = json_object_get_member (root, "lrlab");
  double v;

  if (node == NULL)
    return fail (error, "lrlab", "missing: this is not a Learning Rate Lab experiment");
  if (!is_number (node))
    return fail (error, "lrlab", "expected the format version, a number, found %s",
                 node_type_name (node));
  v = json_node_get_double (node);
  if (v > LR_EXPERIMENT_VERSION)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "made by a newer version of Learning Rate Lab (format %g; this version reads "
                   "format %d)", v, LR_EXPERIMENT_VERSION);
      return FALSE;
    }
  if (v != floor (v) || v < 1)
    return fail (error, "lrlab", "%g is not a format version", v);
  return TRUE;
}

static gboolean
read_surface_part (JsonObject   *root,
                   LrExperiment *e,
                   GError      **error)
{
  guint64 steps = 0;
  GError *local = NULL;
  LrSurface *surface;

  if (!get_string (root, "title", "title", FALSE, &e->title, error)
      || !get_string (root, "description", "description", FALSE, &e->description, error)
      || !get_string (root, "surface", "surface", TRUE, &e->surface, error))
    return FALSE;
  surface = lr_surface_new (e->surface, &local);
  if (surface == NULL)
    return check_spec ("surface", error, FALSE, local);
  lr_surface_free (surface);

  if (!get_numbers (root, "start", "start", 2, &e->has_start, e->start, error)
      || !get_uint (root, "steps", "steps", 1, LR_MAX_STEPS, NULL, &steps, error)
      || !get_string (root, "layout", "layout", FALSE, &e->layout, error)
      || !get_string (root, "plot", "plot", FALSE, &e->plot, error)
      || !get_numbers (root, "view", "view", 4, &e->has_view, e->view, error)
      || !get_string (root, "noise", "noise", FALSE, &e->noise, error)
      || !get_number (root, "speed", "speed", NULL, &e->speed, error))
    return FALSE;
  e->steps = (guint) steps;
  if (e->layout != NULL && !g_str_equal (e->layout, "grid") && !g_str_equal (e->layout, "overlay"))
    return fail (error, "layout", "'%s' is not valid; valid: grid, overlay", e->layout);
  if (e->plot != NULL && !g_str_equal (e->plot, "rate") && !g_str_equal (e->plot, "sharpness"))
    return fail (error, "plot", "'%s' is not valid; valid: rate, sharpness", e->plot);
  if (e->has_view && !(e->view[0] < e->view[1] && e->view[2] < e->view[3]))
    return fail (error, "view", "expected [x_min, x_max, y_min, y_max] with min < max");
  if (e->noise != NULL && !validate_noise (e->noise, error))
    return FALSE;
  if (e->speed < 0 || e->speed > 10000)
    return fail (error, "speed", "expected steps per second from 0 to 10000");
  return read_runs (root, "", TRUE, e->steps, e->runs, error)
      && read_expect (root, e, error)
      && read_lesson (root, e, error);
}

/* Messages quote what the file holds: keep them on one line. */
static void
escape_controls (GError *error)
{
  g_autoptr(GString) s = NULL;

  if (error == NULL)
    return;
  s = g_string_new (NULL);
  for (const char *p = error->message; *p; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (s, "\\x%02x", (guchar) *p);
      else
        g_string_append_c (s, *p);
    }
  g_free (error->message);
  error->message = g_string_free (g_steal_pointer (&s), FALSE);
}

static LrExperiment *load_data (const char *data,
                                gsize       length,
                                GError    **error);

LrExperiment *
lr_experiment_load_data (const char *data,
                         gsize       length,
                         GError    **error)
{
  GError *local = NULL;
  LrExperiment *e = load_data (data, length, &local);

  escape_controls (local);
  if (local != NULL)
    g_propagate_error (error, local);
  return e;
}

static LrExperiment *
load_data (const char *data,
           gsize       length,
           GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(LrExperiment) e = NULL;
  GError *local = NULL;
  JsonNode *root;

  if (length > LR_EXPERIMENT_MAX_BYTES)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "the file has %" G_GSIZE_FORMAT " bytes; an experiment has at most %d",
                   length, LR_EXPERIMENT_MAX_BYTES);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, LR_ERROR, LR_ERROR_SYNTAX, "not a text file (not valid UTF-8)");
      return NULL;
    }
  if (max_depth (data, length) > LR_EXPERIMENT_MAX_DEPTH)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "nested more than %d levels deep", LR_EXPERIMENT_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX, "not valid JSON: %s", local->message);
      g_error_free (local);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, LR_ERROR, LR_ERROR_SYNTAX, "empty: not an experiment");
      return NULL;
    }
  if (json_node_get_node_type (root) != JSON_NODE_OBJECT)
    {
      g_set_error_literal (error, LR_ERROR, LR_ERROR_SYNTAX,
                           "not an experiment: the file is not a JSON object");
      return NULL;
    }

  e = lr_experiment_new ();
  if (!read_version (json_node_get_object (root), error)
      || !read_surface_part (json_node_get_object (root), e, error)
      || !read_classifier (json_node_get_object (root), e, error))
    return NULL;
  return g_steal_pointer (&e);
}

LrExperiment *
lr_experiment_load_file (GFile        *file,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
                           ? "is a folder, not an experiment file"
                           : "is not a regular file");
      return NULL;
    }
  if (g_file_info_get_size (info) > LR_EXPERIMENT_MAX_BYTES)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "the file has %" G_GOFFSET_FORMAT " bytes; an experiment has at most %d",
                   g_file_info_get_size (info), LR_EXPERIMENT_MAX_BYTES);
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  return lr_experiment_load_data (contents, length, error);
}

/* The names listed in @dir's index, one a line ('#' starts a comment). */
static char **
list_resource (const char *dir)
{
  g_autofree char *index = g_strconcat (dir, "index", NULL);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (lrcore_get_resource (), index,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;

  if (bytes == NULL)
    return g_new0 (char *, 1);
  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0' && lines[i][0] != '#')
        g_ptr_array_add (names, g_strdup (lines[i]));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* @name's experiment in @dir; @what ("scene", "preset") names it in errors. */
static LrExperiment *
load_resource (const char  *dir,
               const char  *what,
               const char  *name,
               GError     **error)
{
  g_auto(GStrv) names = list_resource (dir);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *local = NULL;
  LrExperiment *e;
  gsize length;
  const char *data;

  if (name == NULL || !g_strv_contains ((const char * const *) names, name))
    {
      g_autofree char *known = g_strjoinv (", ", names);

      g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME,
                   "unknown %s '%s'; known: %s", what, name ? name : "", known);
      return NULL;
    }
  path = g_strconcat (dir, name, ".lrlab", NULL);
  bytes = g_resource_lookup_data (lrcore_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  e = lr_experiment_load_data (data, length, &local);
  if (e == NULL)
    {
      g_set_error (error, LR_ERROR, local->code, "%s '%s': %s", what, name, local->message);
      g_error_free (local);
    }
  return e;
}

char **
lr_experiment_list_scenes (void)
{
  return list_resource (SCENES_PATH);
}

LrExperiment *
lr_experiment_load_scene (const char *name,
                          GError    **error)
{
  return load_resource (SCENES_PATH, "scene", name, error);
}

char **
lr_experiment_list_presets (void)
{
  return list_resource (PRESETS_PATH);
}

LrExperiment *
lr_experiment_load_preset (const char *name,
                           GError    **error)
{
  return load_resource (PRESETS_PATH, "preset", name, error);
}
