/* lrlab-scenes.h: the preset lessons of the surfaces view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LRLAB_SCENE_MAX_RUNS 6

typedef struct {
  const char *id;          /* stable, used by --scene and GSettings */
  const char *title;
  const char *lesson;      /* what the scene shows, one or two sentences */
  const char *surface;     /* surface spec */
  double      x0, y0;      /* start point */
  guint       steps;
  double      speed;       /* steps per second */
  gboolean    overlay;     /* all runs in one panel */
  gboolean    sharpness;   /* the sharpness plot instead of the rate's */
  const char *noise;       /* noise spec, or NULL: none */
  const char *runs[LRLAB_SCENE_MAX_RUNS + 1]; /* "OPTIMIZER[@SCHEDULE]", NULL-terminated */
  GArray     *lesson_steps; /* of LrLessonStep (lr-experiment.h); empty: none */
} LrlabScene;

const LrlabScene *lrlab_scenes_get    (guint      *n_scenes);
const LrlabScene *lrlab_scenes_lookup (const char *id);
/* "a, b, c" of all ids, for error messages */
char             *lrlab_scenes_list_ids (void);

G_END_DECLS
