/* lr-experiment-write.c: writing .lrlab experiments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lr-experiment.h"
#include "lr-format.h"
#include "lr-train.h"

/* ---- writing ---------------------------------------------------------------- */

/* A small pretty-printing JSON writer: numbers in their shortest C-locale form
 * that reads back exactly (json-glib would print 0.1 as 0.10000000000000001). */
typedef struct {
  GString *out;
  guint    depth;
  gboolean first;   /* no member or element yet at this depth */
} Writer;

static void
w_newline (Writer *w)
{
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

/* Starts a member of the current object (@key) or an element (@key NULL). */
static void
w_item (Writer     *w,
        const char *key)
{
  if (!w->first)
    g_string_append_c (w->out, ',');
  w->first = FALSE;
  w_newline (w);
  if (key != NULL)
    {
      lr_format_json_string (w->out, key);
      g_string_append (w->out, ": ");
    }
}

static void
w_open (Writer     *w,
        const char *key,
        char        bracket)
{
  w_item (w, key);
  g_string_append_c (w->out, bracket);
  w->depth++;
  w->first = TRUE;
}

static void
w_close (Writer *w,
         char    bracket)
{
  gboolean empty = w->first;

  w->depth--;
  w->first = FALSE;
  if (!empty)
    w_newline (w);
  g_string_append_c (w->out, bracket);
}

static void
w_str (Writer     *w,
       const char *key,
       const char *value)
{
  if (value == NULL)
    return;
  w_item (w, key);
  lr_format_json_string (w->out, value);
}

/* JSON readers take -0 for the integer 0: write it as 0, so that a file
 * reads back to the bytes it was written from. */
static void
w_number (Writer *w,
          double  value)
{
  lr_format_number (w->out, value == 0 ? 0.0 : value);
}

static void
w_num (Writer     *w,
       const char *key,
       double      value)
{
  w_item (w, key);
  w_number (w, value);
}

static void
w_bool (Writer     *w,
        const char *key,
        gboolean    value)
{
  w_item (w, key);
  g_string_append (w->out, value ? "true" : "false");
}

/* A short array of numbers on one line: [-4, 3]. */
static void
w_numbers (Writer       *w,
           const char   *key,
           const double *values,
           guint         n)
{
  w_item (w, key);
  g_string_append_c (w->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (w->out, ", ");
      w_number (w, values[i]);
    }
  g_string_append_c (w->out, ']');
}

static void
write_runs (Writer    *w,
            GPtrArray *runs)
{
  w_open (w, "runs", '[');
  for (guint i = 0; i < runs->len; i++)
    {
      const LrExperimentRun *run = g_ptr_array_index (runs, i);

      w_open (w, NULL, '{');
      w_str (w, "optimizer", run->optimizer);
      w_str (w, "schedule", run->schedule ? run->schedule : "constant");
      w_str (w, "label", run->label);
      w_str (w, "color", run->color);
      w_bool (w, "visible", run->visible);
      w_close (w, '}');
    }
  w_close (w, ']');
}

static void
write_expect (Writer       *w,
              const GArray *expect)
{
  static const char *const other_key[] = { NULL, "faster_than", "loss_below", NULL, "flatter_than",
                                           "floor_below", "settles_before" };

  if (expect->len == 0)
    return;
  w_open (w, "expect", '[');
  for (guint i = 0; i < expect->len; i++)
    {
      const LrExpectation *x = &g_array_index (expect, LrExpectation, i);

      w_open (w, NULL, '{');
      w_num (w, "run", x->run);
      if (x->kind == LR_EXPECT_VERDICT)
        w_str (w, "verdict", x->verdict);
      else if (x->kind == LR_EXPECT_ENDS_NEAR)
        w_numbers (w, "ends_near", x->point, 2);
      else
        w_num (w, other_key[x->kind], x->other);
      w_close (w, '}');
    }
  w_close (w, ']');
}

static void
write_lesson (Writer       *w,
              const GArray *lesson)
{
  if (lesson->len == 0)
    return;
  w_open (w, "lesson", '[');
  for (guint i = 0; i < lesson->len; i++)
    {
      const LrLessonStep *s = &g_array_index (lesson, LrLessonStep, i);

      w_open (w, NULL, '{');
      w_num (w, "at_step", s->at_step);
      w_str (w, "question", s->question);
      w_open (w, "choices", '[');
      for (guint k = 0; s->choices[k] != NULL; k++)
        w_str (w, NULL, s->choices[k]);
      w_close (w, ']');
      w_num (w, "answer", s->answer);
      w_str (w, "explain", s->explain);
      w_close (w, '}');
    }
  w_close (w, ']');
}

static void
write_classifier (Writer                       *w,
                  const LrExperimentClassifier *c)
{
  if (c == NULL)
    return;
  w_open (w, "classifier", '{');
  w_str (w, "dataset", c->dataset);
  w_str (w, "model", c->model);
  if (c->batch_size == LR_TRAIN_BATCH_FULL)
    w_str (w, "batch_size", "full");
  else if (c->batch_size > 0)
    w_num (w, "batch_size", c->batch_size);
  if (c->epochs > 0)
    w_num (w, "epochs", c->epochs);
  if (c->sharpness_every > 0)
    w_num (w, "sharpness_every", c->sharpness_every);
  if (c->has_seed)
    {
      w_item (w, "seed");
      g_string_append_printf (w->out, "%" G_GUINT64_FORMAT, c->seed);
    }
  write_runs (w, c->runs);
  w_close (w, '}');
}

char *
lr_experiment_run_spec (const LrExperimentRun *run)
{
  if (run->schedule == NULL)
    return g_strdup (run->optimizer);
  return g_strconcat (run->optimizer, "@", run->schedule, NULL);
}

char *
lr_experiment_to_json (const LrExperiment *e)
{
  Writer w = { g_string_new ("{"), 1, TRUE };

  w_num (&w, "lrlab", LR_EXPERIMENT_VERSION);
  w_str (&w, "title", e->title);
  w_str (&w, "description", e->description);
  w_str (&w, "surface", e->surface);
  if (e->has_start)
    w_numbers (&w, "start", e->start, 2);
  if (e->steps > 0)
    w_num (&w, "steps", e->steps);
  w_str (&w, "layout", e->layout);
  w_str (&w, "plot", e->plot);
  if (e->has_view)
    w_numbers (&w, "view", e->view, 4);
  w_str (&w, "noise", e->noise);
  if (e->speed > 0)
    w_num (&w, "speed", e->speed);
  write_runs (&w, e->runs);
  write_expect (&w, e->expect);
  write_lesson (&w, e->lesson);
  write_classifier (&w, e->classifier);
  w.depth = 0;
  g_string_append (w.out, "\n}\n");
  return g_string_free (w.out, FALSE);
}

gboolean
lr_experiment_save (const LrExperiment *e,
                    GFile              *file,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autofree char *json = lr_experiment_to_json (e);

  /* g_file_replace_contents writes a temporary file beside the target and
   * renames it over the target only once everything was written. */
  return g_file_replace_contents (file, json, strlen (json), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, cancellable, error);
}
