/* lrlab-run.c: one optimizer run of the surfaces view (model object)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lrlab-run.h"

struct _LrlabRun
{
  GObject            parent_instance;

  char              *optimizer;
  LrOptimizerConfig  config;
  char              *schedule;
  GdkRGBA            color;
  gboolean           visible;
  char              *label;

  LrNoiseConfig      noise;
  LrTrajectory      *trajectory;
  char              *error;
  guint              serial;      /* bumped whenever what is drawn may change */
};

G_DEFINE_FINAL_TYPE (LrlabRun, lrlab_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPTIMIZER,
  PROP_SCHEDULE,
  PROP_LR,
  PROP_VISIBLE,
  N_PROPS
};

enum {
  CHANGED,
  COMPUTED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
lrlab_run_finalize (GObject *object)
{
  LrlabRun *self = (LrlabRun *)object;

  g_clear_pointer (&self->optimizer, g_free);
  g_clear_pointer (&self->schedule, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->trajectory, lr_trajectory_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (lrlab_run_parent_class)->finalize (object);
}

static void
lrlab_run_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LrlabRun *self = LRLAB_RUN (object);

  switch (prop_id)
    {
    case PROP_OPTIMIZER:
      g_value_set_string (value, self->optimizer);
      break;

    case PROP_SCHEDULE:
      g_value_set_string (value, self->schedule);
      break;

    case PROP_LR:
      g_value_set_double (value, self->config.lr);
      break;

    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_run_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LrlabRun *self = LRLAB_RUN (object);

  switch (prop_id)
    {
    case PROP_OPTIMIZER:
      lrlab_run_set_optimizer (self, g_value_get_string (value), NULL);
      break;

    case PROP_SCHEDULE:
      lrlab_run_set_schedule (self, g_value_get_string (value), NULL);
      break;

    case PROP_LR:
      lrlab_run_set_lr (self, g_value_get_double (value));
      break;

    case PROP_VISIBLE:
      lrlab_run_set_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_run_class_init (LrlabRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lrlab_run_finalize;
  object_class->get_property = lrlab_run_get_property;
  object_class->set_property = lrlab_run_set_property;

  properties [PROP_OPTIMIZER] =
    g_param_spec_string ("optimizer", NULL, NULL, "sgd",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SCHEDULE] =
    g_param_spec_string ("schedule", NULL, NULL, "constant",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LR] =
    g_param_spec_double ("lr", NULL, NULL, 0, G_MAXDOUBLE, 0.001,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Any setting changed: the trajectory must be recomputed. */
  signals [CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A new trajectory is available. */
  signals [COMPUTED] = g_signal_new ("computed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lrlab_run_init (LrlabRun *self)
{
  self->optimizer = g_strdup ("sgd");
  lr_optimizer_config_init (&self->config, "sgd");
  self->schedule = g_strdup ("constant");
  self->visible = TRUE;
  self->noise = (LrNoiseConfig) { 0, 1, 0 };
  gdk_rgba_parse (&self->color, "#3584e4");
}

LrlabRun *
lrlab_run_new (const char    *optimizer,
               const char    *schedule,
               const GdkRGBA *color)
{
  LrlabRun *self = g_object_new (LRLAB_TYPE_RUN, NULL);

  if (optimizer != NULL && !lrlab_run_set_optimizer (self, optimizer, NULL))
    g_warning ("Invalid optimizer spec '%s'", optimizer);
  if (schedule != NULL && !lrlab_run_set_schedule (self, schedule, NULL))
    g_warning ("Invalid schedule spec '%s'", schedule);
  if (color != NULL)
    self->color = *color;

  return self;
}

LrlabRun *
lrlab_run_duplicate (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);

  return lrlab_run_new (self->optimizer, self->schedule, &self->color);
}

const char *
lrlab_run_get_optimizer (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return self->optimizer;
}

const LrOptimizerConfig *
lrlab_run_get_config (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return &self->config;
}

static void
lrlab_run_changed (LrlabRun *self)
{
  self->serial++;
  g_signal_emit (self, signals [CHANGED], 0);
}

gboolean
lrlab_run_set_optimizer (LrlabRun    *self,
                         const char  *spec,
                         GError     **error)
{
  LrOptimizerConfig config;
  double old_lr;

  g_return_val_if_fail (LRLAB_IS_RUN (self), FALSE);

  if (!lr_optimizer_config_parse (spec, &config, error))
    return FALSE;

  /* Canonical text, so that equal settings compare equal. */
  {
    g_autofree char *canonical = lr_optimizer_config_to_spec (&config);

    if (g_strcmp0 (canonical, self->optimizer) == 0)
      return TRUE;

    old_lr = self->config.lr;
    g_free (self->optimizer);
    self->optimizer = g_steal_pointer (&canonical);
    self->config = config;
  }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OPTIMIZER]);
  if (old_lr != config.lr)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LR]);
  lrlab_run_changed (self);

  return TRUE;
}

const char *
lrlab_run_get_schedule (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return self->schedule;
}

gboolean
lrlab_run_set_schedule (LrlabRun    *self,
                        const char  *spec,
                        GError     **error)
{
  g_autoptr(LrSchedule) schedule = NULL;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (LRLAB_IS_RUN (self), FALSE);

  if (spec == NULL || *spec == '\0')
    spec = "constant";

  schedule = lr_schedule_new (spec, self->config.lr,
                              lr_optimizer_config_get_momentum (&self->config), 100, error);
  if (schedule == NULL)
    return FALSE;

  canonical = lr_schedule_to_spec (schedule);
  if (g_strcmp0 (canonical, self->schedule) == 0)
    return TRUE;

  g_free (self->schedule);
  self->schedule = g_steal_pointer (&canonical);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCHEDULE]);
  lrlab_run_changed (self);

  return TRUE;
}

double
lrlab_run_get_lr (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), 0);
  return self->config.lr;
}

void
lrlab_run_set_lr (LrlabRun *self,
                  double    lr)
{
  LrOptimizerConfig config;

  g_return_if_fail (LRLAB_IS_RUN (self));

  if (!isfinite (lr) || lr < 0 || lr == self->config.lr)
    return;

  config = self->config;
  if (!lr_optimizer_config_set (&config, "lr", lr, NULL))
    return;

  g_free (self->optimizer);
  self->optimizer = lr_optimizer_config_to_spec (&config);
  self->config = config;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OPTIMIZER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LR]);
  lrlab_run_changed (self);
}

const GdkRGBA *
lrlab_run_get_color (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return &self->color;
}

void
lrlab_run_set_color (LrlabRun      *self,
                     const GdkRGBA *color)
{
  g_return_if_fail (LRLAB_IS_RUN (self));
  g_return_if_fail (color != NULL);

  if (gdk_rgba_equal (color, &self->color))
    return;

  self->color = *color;
  /* Drawing only; no recomputation needed. */
  self->serial++;
  g_signal_emit (self, signals [COMPUTED], 0);
}

const char *
lrlab_run_get_label (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return self->label;
}

void
lrlab_run_set_label (LrlabRun   *self,
                     const char *label)
{
  g_return_if_fail (LRLAB_IS_RUN (self));

  if (label != NULL && *label == '\0')
    label = NULL;
  if (g_strcmp0 (label, self->label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  self->serial++;
  g_signal_emit (self, signals [COMPUTED], 0);
}

gboolean
lrlab_run_get_visible (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), FALSE);
  return self->visible;
}

void
lrlab_run_set_visible (LrlabRun *self,
                       gboolean  visible)
{
  g_return_if_fail (LRLAB_IS_RUN (self));

  visible = !!visible;
  if (visible == self->visible)
    return;

  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VISIBLE]);
  self->serial++;
  g_signal_emit (self, signals [COMPUTED], 0);
}

char *
lrlab_run_describe (LrlabRun *self)
{
  g_autofree char *lr = NULL;

  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);

  lr = lr_optimizer_config_describe (&self->config);
  if (g_strcmp0 (self->schedule, "constant") == 0)
    return g_steal_pointer (&lr);

  {
    g_autofree char *sched_name = g_strdup (self->schedule);
    char *colon = strchr (sched_name, ':');

    if (colon != NULL)
      *colon = '\0';
    return g_strdup_printf ("%s, %s", lr, sched_name);
  }
}

char *
lrlab_run_to_text (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);

  if (g_strcmp0 (self->schedule, "constant") == 0)
    return g_strdup (self->optimizer);
  return g_strdup_printf ("%s@%s", self->optimizer, self->schedule);
}

void
lrlab_run_compute (LrlabRun        *self,
                   const LrSurface *surface,
                   double           x0,
                   double           y0,
                   guint            steps)
{
  lrlab_run_compute_noisy (self, surface, NULL, x0, y0, steps);
}

void
lrlab_run_compute_noisy (LrlabRun            *self,
                         const LrSurface     *surface,
                         const LrNoiseConfig *noise,
                         double               x0,
                         double               y0,
                         guint                steps)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LRLAB_IS_RUN (self));
  g_return_if_fail (surface != NULL);

  g_clear_pointer (&self->trajectory, lr_trajectory_free);
  g_clear_pointer (&self->error, g_free);

  self->noise = noise != NULL ? *noise : (LrNoiseConfig) { 0, 1, 0 };
  self->trajectory = lr_trajectory_compute_noisy (surface, &self->config, self->schedule,
                                                  &self->noise, x0, y0, steps, &error);
  if (self->trajectory == NULL)
    self->error = g_strdup (error->message);

  self->serial++;
  g_signal_emit (self, signals [COMPUTED], 0);
}

const LrNoiseConfig *
lrlab_run_get_noise (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return &self->noise;
}

guint
lrlab_run_get_serial (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), 0);
  return self->serial;
}

const LrTrajectory *
lrlab_run_get_trajectory (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return self->trajectory;
}

void
lrlab_run_summarize (LrlabRun        *self,
                     const LrSurface *surface,
                     guint            upto,
                     LrSummary       *summary)
{
  g_return_if_fail (LRLAB_IS_RUN (self));

  memset (summary, 0, sizeof *summary);
  summary->steps_to_converge = -1;
  summary->final_distance = NAN;
  summary->final_loss_gap = NAN;
  summary->noise_floor = NAN;
  summary->steps_to_floor = -1;
  if (self->trajectory == NULL)
    {
      summary->verdict = LR_VERDICT_DIVERGED;
      return;
    }
  lr_trajectory_summarize (self->trajectory, surface, NULL, upto, summary);
}

const char *
lrlab_run_get_error (LrlabRun *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN (self), NULL);
  return self->error;
}
