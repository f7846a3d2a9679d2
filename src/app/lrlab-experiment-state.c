/* lrlab-experiment-state.c: what the two pages show, as an experiment
 * (.lrlab) and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lr-mlp.h"
#include "lr-noise.h"
#include "lr-spec.h"
#include "lr-surface.h"
#include "lr-train.h"
#include "lrlab-experiment-state.h"
#include "lrlab-util.h"

/* The most runs a page shows (the panels' grid, the classifier's runs). */
#define MAX_PAGE_RUNS 6
/* The longest run the surfaces page's steps field takes. */
#define MAX_PAGE_STEPS 100000

/* ---- from the pages ----------------------------------------------------- */

static char *
color_to_hex (const GdkRGBA *c)
{
  return g_strdup_printf ("#%02x%02x%02x",
                          (guint) lround (CLAMP (c->red, 0, 1) * 255),
                          (guint) lround (CLAMP (c->green, 0, 1) * 255),
                          (guint) lround (CLAMP (c->blue, 0, 1) * 255));
}

static void
capture_runs (GListModel *model,
              GPtrArray  *out)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (model, i);
      const char *schedule = lrlab_run_get_schedule (run);
      LrExperimentRun *r;

      if (g_strcmp0 (schedule, "constant") == 0 || (schedule != NULL && *schedule == '\0'))
        schedule = NULL;
      r = lr_experiment_run_new (lrlab_run_get_optimizer (run), schedule);
      r->label = g_strdup (lrlab_run_get_label (run));
      r->color = color_to_hex (lrlab_run_get_color (run));
      r->visible = lrlab_run_get_visible (run);
      g_ptr_array_add (out, r);
    }
}

/* The base's claims about runs that are still there, and its lesson steps
 * within the steps; a file written from them reads back. */
static void
keep_claims_and_lesson (LrExperiment       *e,
                        const LrExperiment *base)
{
  if (base == NULL)
    return;
  for (guint i = 0; i < base->expect->len; i++)
    {
      const LrExpectation *x = &g_array_index (base->expect, LrExpectation, i);
      LrExpectation copy = *x;
      gboolean two_runs = x->kind != LR_EXPECT_VERDICT && x->kind != LR_EXPECT_ENDS_NEAR;

      if (x->run >= e->runs->len || (two_runs && x->other >= e->runs->len))
        continue;
      copy.verdict = g_strdup (x->verdict);
      g_array_append_val (e->expect, copy);
    }
  for (guint i = 0; i < base->lesson->len; i++)
    {
      const LrLessonStep *s = &g_array_index (base->lesson, LrLessonStep, i);
      LrLessonStep copy = *s;

      if (s->at_step > e->steps)
        continue;
      copy.question = g_strdup (s->question);
      copy.choices = g_strdupv (s->choices);
      copy.explain = g_strdup (s->explain);
      g_array_append_val (e->lesson, copy);
    }
}

static LrExperimentClassifier *
capture_classifier (LrlabClassifierPage *page)
{
  LrExperimentClassifier *c = g_new0 (LrExperimentClassifier, 1);

  c->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) lr_experiment_run_free);
  c->dataset = g_strdup (lrlab_classifier_page_get_dataset_source (page));
  c->model = g_strdup (lrlab_classifier_page_get_model (page));
  c->batch_size = lrlab_classifier_page_get_batch_size (page);
  c->epochs = lrlab_classifier_page_get_epochs (page);
  c->seed = lrlab_classifier_page_get_seed (page);
  c->has_seed = TRUE;
  c->sharpness_every = lrlab_classifier_page_get_sharpness_every (page);
  capture_runs (lrlab_classifier_page_get_runs (page), c->runs);
  return c;
}

LrExperiment *
lrlab_experiment_state_capture (LrlabSurfacesPage   *surfaces,
                                LrlabClassifierPage *classifier,
                                const LrExperiment  *base)
{
  LrExperiment *e = lr_experiment_new ();
  const char *title = lrlab_surfaces_page_get_title (surfaces);
  const char *description = lrlab_surfaces_page_get_description (surfaces);
  const LrSurface *surface = lrlab_surfaces_page_get_surface (surfaces);
  gboolean overlay = FALSE;
  gboolean sharpness = FALSE;
  double speed = 0;
  LrBox view;

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (surfaces), NULL);

  e->title = title && *title ? g_strdup (title) : NULL;
  e->description = description && *description ? g_strdup (description) : NULL;
  e->surface = surface ? lr_surface_to_spec (surface) : g_strdup ("bowl");
  e->has_start = TRUE;
  lrlab_surfaces_page_get_start (surfaces, &e->start[0], &e->start[1]);
  e->steps = lrlab_surfaces_page_get_steps (surfaces);
  g_object_get (surfaces, "overlay", &overlay, "speed", &speed, "sharpness-plot", &sharpness, NULL);
  e->layout = g_strdup (overlay ? "overlay" : "grid");
  e->plot = g_strdup (sharpness ? "sharpness" : "rate");
  lrlab_surfaces_page_get_view (surfaces, &view);
  if (view.xmin < view.xmax && view.ymin < view.ymax)
    {
      e->has_view = TRUE;
      e->view[0] = view.xmin;
      e->view[1] = view.xmax;
      e->view[2] = view.ymin;
      e->view[3] = view.ymax;
    }
  e->speed = speed;
  e->noise = lrlab_surfaces_page_get_noise (surfaces);
  capture_runs (lrlab_surfaces_page_get_runs (surfaces), e->runs);
  keep_claims_and_lesson (e, base);
  if (classifier != NULL)
    e->classifier = capture_classifier (classifier);
  return e;
}

char *
lrlab_experiment_state_digest (const LrExperiment *experiment)
{
  LrExperiment *e = (LrExperiment *) experiment;
  gboolean has_view = e->has_view;
  double speed = e->speed;
  char *json;

  e->has_view = FALSE;
  e->speed = 0;
  json = lr_experiment_to_json (e);
  e->has_view = has_view;
  e->speed = speed;
  return json;
}

/* ---- to the pages --------------------------------------------------------- */

static gboolean
refuse (GError    **error,
        const char *key,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError    **error,
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

/* The runs as the pages' run objects, or an error naming the run's key. */
static GPtrArray *
make_runs (GPtrArray  *runs,
           const char *prefix,
           GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = g_strdup_printf ("%sruns", prefix);

  if (runs->len > MAX_PAGE_RUNS)
    {
      refuse (error, key, ngettext ("%u run; the app shows at most %u", "%u runs; the app shows at most %u",
                                    runs->len),
              runs->len, MAX_PAGE_RUNS);
      return NULL;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      const LrExperimentRun *r = g_ptr_array_index (runs, i);
      g_autoptr(GError) local = NULL;
      GdkRGBA color;
      LrlabRun *run;

      if (r->color == NULL || !gdk_rgba_parse (&color, r->color))
        lrlab_palette_color (i, &color);
      run = lrlab_run_new (NULL, NULL, &color);
      g_ptr_array_add (out, run);
      if (!lrlab_run_set_optimizer (run, r->optimizer, &local))
        {
          g_autofree char *k = g_strdup_printf ("%s[%u].optimizer", key, i);
          refuse (error, k, "%s", local->message);
          return NULL;
        }
      if (!lrlab_run_set_schedule (run, r->schedule ? r->schedule : "constant", &local))
        {
          g_autofree char *k = g_strdup_printf ("%s[%u].schedule", key, i);
          refuse (error, k, "%s", local->message);
          return NULL;
        }
      lrlab_run_set_label (run, r->label);
      lrlab_run_set_visible (run, r->visible);
    }
  return g_steal_pointer (&out);
}

/* The classifier part, checked: its runs and values the page takes. */
static GPtrArray *
check_classifier (const LrExperimentClassifier *c,
                  GError                      **error)
{
  LrMlpConfig model;
  g_autoptr(GError) local = NULL;

  if (c->model != NULL && !lr_mlp_config_parse (c->model, &model, &local))
    {
      refuse (error, "classifier.model", "%s", local->message);
      return NULL;
    }
  if (c->epochs > LR_TRAIN_MAX_EPOCHS)
    {
      refuse (error, "classifier.epochs", _("%u is more than %u"), c->epochs, LR_TRAIN_MAX_EPOCHS);
      return NULL;
    }
  if (c->batch_size > LR_TRAIN_MAX_BATCH_SIZE && c->batch_size != LR_TRAIN_BATCH_FULL)
    {
      refuse (error, "classifier.batch_size", _("%u is more than %u"), c->batch_size, LR_TRAIN_MAX_BATCH_SIZE);
      return NULL;
    }
  if (c->has_seed && c->seed > G_MAXINT)
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, c->seed);

      refuse (error, "classifier.seed", _("%s is more than %d"), seed, G_MAXINT);
      return NULL;
    }
  return make_runs (c->runs, "classifier.", error);
}

static char *
dataset_source (const char *dataset,
                GFile      *folder)
{
  g_autoptr(GFile) file = NULL;

  if (dataset == NULL || g_str_equal (dataset, "digits"))
    return g_strdup ("digits");
  if (g_path_is_absolute (dataset) || folder == NULL)
    return g_strdup (dataset);
  file = g_file_resolve_relative_path (folder, dataset);
  return g_file_get_path (file);
}

static void
apply_classifier (LrlabClassifierPage          *page,
                  const LrExperimentClassifier *c,
                  GPtrArray                    *runs,
                  GFile                        *folder)
{
  g_autofree char *source = dataset_source (c->dataset, folder);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GListModel *model;

  lrlab_classifier_page_cancel (page);
  if (g_strcmp0 (source, lrlab_classifier_page_get_dataset_source (page)) != 0
      || lrlab_classifier_page_get_dataset (page) == NULL)
    lrlab_classifier_page_load_dataset (page, source);
  /* Checked above: it parses. */
  lrlab_classifier_page_set_model (page, c->model ? c->model : LR_MLP_DEFAULT_SPEC, NULL);
  lrlab_classifier_page_set_schedule (page,
                                      c->epochs ? c->epochs : LR_TRAIN_DEFAULT_EPOCHS,
                                      c->batch_size ? c->batch_size : LR_TRAIN_DEFAULT_BATCH_SIZE,
                                      c->has_seed ? (guint) c->seed : 0);
  lrlab_classifier_page_set_sharpness_every (page, c->sharpness_every);

  if (runs->len == 0)
    g_ptr_array_add (texts, g_strdup ("adam:lr=0.001"));
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (texts, lrlab_run_to_text (g_ptr_array_index (runs, i)));
  g_ptr_array_add (texts, NULL);
  lrlab_classifier_page_set_runs (page, (const char * const *) texts->pdata, NULL);

  /* Colours, labels and visibility as the file has them. */
  model = lrlab_classifier_page_get_runs (page);
  for (guint i = 0; i < runs->len && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (model, i);
      LrlabRun *from = g_ptr_array_index (runs, i);

      lrlab_run_set_color (run, lrlab_run_get_color (from));
      lrlab_run_set_label (run, lrlab_run_get_label (from));
      lrlab_run_set_visible (run, lrlab_run_get_visible (from));
    }
}

gboolean
lrlab_experiment_state_apply (LrlabSurfacesPage   *surfaces,
                              LrlabClassifierPage *classifier,
                              const LrExperiment  *e,
                              GFile               *folder,
                              GError             **error)
{
  g_autoptr(LrSurface) surface = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) classifier_runs = NULL;
  g_autoptr(GError) local = NULL;
  double x0, y0;

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (surfaces), FALSE);
  g_return_val_if_fail (e != NULL, FALSE);

  /* Everything is checked first. */
  surface = lr_surface_new (e->surface, &local);
  if (surface == NULL)
    return refuse (error, "surface", "%s", local->message);
  if (e->steps > MAX_PAGE_STEPS)
    return refuse (error, "steps", _("%u is more than the app shows (%u)"), e->steps, MAX_PAGE_STEPS);
  runs = make_runs (e->runs, "", error);
  if (runs == NULL)
    return FALSE;
  if (e->noise != NULL)
    {
      LrNoiseConfig noise;

      if (!lr_noise_config_parse (e->noise, &noise, &local))
        return refuse (error, "noise", "%s", local->message);
    }
  if (e->classifier != NULL && classifier != NULL)
    {
      classifier_runs = check_classifier (e->classifier, error);
      if (classifier_runs == NULL)
        return FALSE;
    }

  /* Then shown: the runs first, so that the surface computes them once. */
  lrlab_surfaces_page_set_runs (surfaces, (LrlabRun **) runs->pdata, runs->len);
  if (!lrlab_surfaces_page_set_noise (surfaces, e->noise, NULL))
    g_return_val_if_reached (FALSE);   /* parsed above */
  lrlab_surfaces_page_set_steps (surfaces, e->steps ? e->steps : 100);
  g_object_set (surfaces,
                "overlay", g_strcmp0 (e->layout, "overlay") == 0,
                "sharpness-plot", g_strcmp0 (e->plot, "sharpness") == 0,
                NULL);
  if (!lrlab_surfaces_page_set_surface (surfaces, e->surface, &local))
    g_return_val_if_reached (FALSE);   /* parsed above */
  if (e->has_start)
    x0 = e->start[0], y0 = e->start[1];
  else
    lr_surface_get_start (surface, &x0, &y0);
  lrlab_surfaces_page_set_start (surfaces, x0, y0);
  if (e->has_view)
    lrlab_surfaces_page_set_view (surfaces, &(LrBox) { e->view[0], e->view[1], e->view[2], e->view[3] });
  if (e->speed > 0)
    g_object_set (surfaces, "speed", e->speed, NULL);
  lrlab_surfaces_page_set_text (surfaces, e->title, e->description);
  lrlab_surfaces_page_set_lesson (surfaces, e->lesson);

  if (classifier_runs != NULL)
    apply_classifier (classifier, e->classifier, classifier_runs, folder);
  return TRUE;
}
