/* lrlab-scenes.c: the preset lessons of the surfaces view, read from the
 * built-in experiment files of data/scenes that the core carries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lr-experiment.h"
#include "lrlab-scenes.h"

/* The scenes' texts, marked for translation (generated from the scene files;
 * compiled here so that the generated C is checked by the compiler). */
#include "lrlab-scene-strings.h"

/* The scenes, loaded once; they live as long as the program. */
static LrlabScene *scenes;
static guint n_scenes_loaded;

static void
scene_from_experiment (LrlabScene         *scene,
                       const char         *id,
                       const LrExperiment *e)
{
  scene->id = g_intern_string (id);
  scene->title = g_intern_string (e->title ? e->title : id);
  scene->lesson = g_intern_string (e->description ? e->description : "");
  scene->surface = g_intern_string (e->surface);
  scene->x0 = e->start[0];
  scene->y0 = e->start[1];
  scene->steps = e->steps;
  scene->speed = e->speed > 0 ? e->speed : 20;
  scene->overlay = g_strcmp0 (e->layout, "overlay") == 0;
  scene->lesson_steps = g_array_ref (e->lesson);
  scene->sharpness = g_strcmp0 (e->plot, "sharpness") == 0;
  scene->noise = e->noise != NULL ? g_intern_string (e->noise) : NULL;
  for (guint r = 0; r < MIN (e->runs->len, LRLAB_SCENE_MAX_RUNS); r++)
    {
      g_autofree char *text = lr_experiment_run_spec (g_ptr_array_index (e->runs, r));

      scene->runs[r] = g_intern_string (text);
    }
}

static void
load_scenes (void)
{
  g_auto(GStrv) names = NULL;
  guint n = 0;

  if (scenes != NULL)
    return;
  names = lr_experiment_list_scenes ();
  scenes = g_new0 (LrlabScene, g_strv_length (names) + 1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrExperiment) e = lr_experiment_load_scene (names[i], &error);

      /* The built-in scenes are checked by the test suite: a failure here
       * is a broken build, not a user's input. */
      if (e == NULL || !e->has_start || e->steps == 0)
        {
          g_critical ("Built-in scene %s: %s", names[i], error ? error->message : "no start or steps");
          continue;
        }
      scene_from_experiment (&scenes[n++], names[i], e);
    }
  n_scenes_loaded = n;
}

const LrlabScene *
lrlab_scenes_get (guint *n_scenes)
{
  load_scenes ();
  *n_scenes = n_scenes_loaded;
  return scenes;
}

const LrlabScene *
lrlab_scenes_lookup (const char *id)
{
  load_scenes ();
  for (guint i = 0; i < n_scenes_loaded; i++)
    if (g_strcmp0 (scenes[i].id, id) == 0)
      return &scenes[i];
  return NULL;
}

char *
lrlab_scenes_list_ids (void)
{
  GString *s = g_string_new (NULL);

  load_scenes ();
  for (guint i = 0; i < n_scenes_loaded; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", scenes[i].id);
  return g_string_free (s, FALSE);
}
