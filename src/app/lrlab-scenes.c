/* lrlab-scenes.c: the preset lessons of the surfaces view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lrlab-scenes.h"

static const LrlabScene scenes[] = {
  {
    "too-low-just-right-too-high",
    N_("Too Low, Just Right, Too High"),
    N_("The same gradient descent with four learning rates: too low crawls, just right converges, "
       "too high oscillates, and beyond the critical rate it blows up."),
    "bowl:kappa=10,theta=30", -4.0, 3.0, 120, 20, FALSE,
    { "sgd:lr=0.01", "sgd:lr=0.1", "sgd:lr=0.198", "sgd:lr=0.21", NULL },
  },
  {
    "momentum",
    N_("Momentum"),
    N_("In a narrow valley plain gradient descent crawls along the floor; momentum builds up speed "
       "there, too much of it overshoots, and Nesterov's look-ahead needs a smaller rate."),
    "bowl:kappa=50,theta=-20", -4.0, 2.5, 200, 25, FALSE,
    { "sgd:lr=0.035", "sgd:lr=0.035,momentum=0.7", "momentum:lr=0.035", "nesterov:lr=0.02", NULL },
  },
  {
    "adaptive-methods",
    N_("Adaptive Methods"),
    N_("Adagrad, RMSprop and Adam scale each coordinate's step by its gradient history, so one "
       "learning rate works along the steep wall and the flat floor of Rosenbrock's valley."),
    "rosenbrock", -1.5, 2.0, 1500, 120, FALSE,
    { "sgd:lr=0.001", "adagrad:lr=0.5", "rmsprop:lr=0.005", "adam:lr=0.1", NULL },
  },
  {
    "schedules",
    N_("Schedules"),
    N_("A learning rate a little above the critical one never settles; decaying it with a "
       "schedule keeps the fast start and still converges."),
    "bowl:kappa=20", -4.0, 2.0, 200, 25, FALSE,
    { "sgd:lr=0.104", "sgd:lr=0.104@step:step_size=20,gamma=0.5",
      "sgd:lr=0.104@exponential:gamma=0.97", "sgd:lr=0.104@cosine", "sgd:lr=0.104@onecycle", NULL },
  },
  {
    "saddle-point",
    N_("Saddle Point"),
    N_("Near a saddle the gradient almost vanishes: plain descent lingers, momentum and Adam "
       "escape along the downhill direction."),
    "saddle", -2.0, 0.001, 80, 15, TRUE,
    { "sgd:lr=0.05", "momentum:lr=0.05", "adam:lr=0.1", NULL },
  },
  {
    "rosenbrocks-valley",
    N_("Rosenbrock's Valley"),
    N_("Finding the curved valley is easy, following it to the minimum at (1, 1) is not: the "
       "critical rate of the steep walls limits plain descent."),
    "rosenbrock", -1.5, 2.0, 1500, 120, TRUE,
    { "sgd:lr=0.001", "momentum:lr=0.001", "nesterov:lr=0.001", "adam:lr=0.1", NULL },
  },
  {
    "many-minima",
    N_("Many Minima"),
    N_("Which minimum a run ends in depends on the learning rate: small steps stop in the nearest "
       "basin, large steps jump between basins."),
    "himmelblau", 0.5, -5.0, 300, 30, TRUE,
    { "sgd:lr=0.002", "sgd:lr=0.01", "sgd:lr=0.02", "adam:lr=0.3", NULL },
  },
};

const LrlabScene *
lrlab_scenes_get (guint *n_scenes)
{
  *n_scenes = G_N_ELEMENTS (scenes);
  return scenes;
}

const LrlabScene *
lrlab_scenes_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenes); i++)
    if (g_strcmp0 (scenes[i].id, id) == 0)
      return &scenes[i];
  return NULL;
}

char *
lrlab_scenes_list_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scenes); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", scenes[i].id);
  return g_string_free (s, FALSE);
}
