/* lrlab-noise-control.c: the Noise control of an experiment
 *
 * A switch turns the gradient noise of every run on or off; while on, three
 * spin buttons set its standard deviation per example (sigma), the batch
 * size (the noise's variance is sigma²/batch) and the seed.  The control
 * only holds the spec; the page computes the runs with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lr-noise.h"
#include "lrlab-noise-control.h"

struct _LrlabNoiseControl
{
  GtkWidget      parent_instance;

  LrNoiseConfig  config;     /* kept while off, so switching on restores it */
  gboolean       on;
  char          *spec;       /* NULL while off */
  gboolean       updating;

  GtkWidget     *header;
  GtkSwitch     *toggle;
  GtkWidget     *grid;
  GtkSpinButton *sigma;
  GtkSpinButton *batch;
  GtkSpinButton *seed;
};

G_DEFINE_FINAL_TYPE (LrlabNoiseControl, lrlab_noise_control, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPEC,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The largest seed the spin button offers (every seed up to 2^53 reads back). */
#define MAX_SEED_SHOWN 2147483647.0

static void
update_spec (LrlabNoiseControl *self)
{
  g_autofree char *spec = self->on ? lr_noise_config_to_spec (&self->config) : NULL;

  gtk_widget_set_visible (self->grid, self->on);
  if (g_strcmp0 (spec, self->spec) == 0)
    return;
  g_free (self->spec);
  self->spec = g_steal_pointer (&spec);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SPEC]);
}

static void
show_config (LrlabNoiseControl *self)
{
  self->updating = TRUE;
  gtk_switch_set_active (self->toggle, self->on);
  gtk_spin_button_set_value (self->sigma, self->config.sigma);
  gtk_spin_button_set_value (self->batch, self->config.batch);
  gtk_spin_button_set_value (self->seed, MIN ((double) self->config.seed, MAX_SEED_SHOWN));
  self->updating = FALSE;
}

static void
on_toggled (LrlabNoiseControl *self)
{
  if (self->updating)
    return;
  self->on = gtk_switch_get_active (self->toggle);
  update_spec (self);
}

static void
on_value_changed (LrlabNoiseControl *self)
{
  if (self->updating)
    return;
  self->config.sigma = gtk_spin_button_get_value (self->sigma);
  self->config.batch = (guint) gtk_spin_button_get_value_as_int (self->batch);
  self->config.seed = (guint64) gtk_spin_button_get_value (self->seed);
  update_spec (self);
}

const char *
lrlab_noise_control_get_spec (LrlabNoiseControl *self)
{
  g_return_val_if_fail (LRLAB_IS_NOISE_CONTROL (self), NULL);
  return self->spec;
}

gboolean
lrlab_noise_control_set_spec (LrlabNoiseControl  *self,
                              const char         *spec,
                              GError            **error)
{
  LrNoiseConfig config;

  g_return_val_if_fail (LRLAB_IS_NOISE_CONTROL (self), FALSE);

  if (spec == NULL || *spec == '\0')
    self->on = FALSE;
  else
    {
      if (!lr_noise_config_parse (spec, &config, error))
        return FALSE;
      self->config = config;
      self->on = TRUE;
    }
  show_config (self);
  update_spec (self);
  return TRUE;
}

static GtkSpinButton *
add_spin (LrlabNoiseControl *self,
          int                row,
          const char        *label,
          const char        *tooltip,
          double             lower,
          double             upper,
          double             step,
          guint              digits)
{
  GtkWidget *name = gtk_label_new_with_mnemonic (label);
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (name), spin);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_hexpand (spin, TRUE);
  gtk_widget_set_tooltip_text (spin, tooltip);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  name, NULL, -1);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (on_value_changed), self);
  gtk_grid_attach (GTK_GRID (self->grid), name, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), spin, 1, row, 1, 1);
  return GTK_SPIN_BUTTON (spin);
}

static void
lrlab_noise_control_dispose (GObject *object)
{
  LrlabNoiseControl *self = LRLAB_NOISE_CONTROL (object);

  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (lrlab_noise_control_parent_class)->dispose (object);
}

static void
lrlab_noise_control_finalize (GObject *object)
{
  LrlabNoiseControl *self = LRLAB_NOISE_CONTROL (object);

  g_clear_pointer (&self->spec, g_free);

  G_OBJECT_CLASS (lrlab_noise_control_parent_class)->finalize (object);
}

static void
lrlab_noise_control_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LrlabNoiseControl *self = LRLAB_NOISE_CONTROL (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_string (value, self->spec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_noise_control_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LrlabNoiseControl *self = LRLAB_NOISE_CONTROL (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      {
        g_autoptr(GError) error = NULL;

        if (!lrlab_noise_control_set_spec (self, g_value_get_string (value), &error))
          g_warning ("%s", error->message);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_noise_control_class_init (LrlabNoiseControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_noise_control_dispose;
  object_class->finalize = lrlab_noise_control_finalize;
  object_class->get_property = lrlab_noise_control_get_property;
  object_class->set_property = lrlab_noise_control_set_property;

  properties [PROP_SPEC] =
    g_param_spec_string ("spec", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "noisecontrol");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lrlab_noise_control_init (LrlabNoiseControl *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  GtkWidget *title;

  self->config = (LrNoiseConfig) { 1.0, 4, 1 };
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (layout, 6);

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  title = gtk_label_new_with_mnemonic (_("_Noise"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_tooltip_text (title, _("Mini-batch noise: every step's gradient gets Gaussian "
                                        "noise of variance σ²/batch per coordinate, from the seed"));
  self->toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->toggle), GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), GTK_WIDGET (self->toggle));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Gradient noise"), -1);
  g_signal_connect_swapped (self->toggle, "notify::active", G_CALLBACK (on_toggled), self);
  gtk_box_append (GTK_BOX (self->header), title);
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->toggle));
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  self->sigma = add_spin (self, 0, _("_σ"), _("Standard deviation of one example's gradient noise"),
                          0, 100, 0.1, 3);
  self->batch = add_spin (self, 1, _("_Batch size"),
                          _("Examples per step: the larger the batch, the smaller the noise"),
                          1, 65536, 1, 0);
  self->seed = add_spin (self, 2, _("S_eed"), _("The same seed gives the same noise, bit for bit"),
                         0, MAX_SEED_SHOWN, 1, 0);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  show_config (self);
  update_spec (self);
}

GtkWidget *
lrlab_noise_control_new (void)
{
  return g_object_new (LRLAB_TYPE_NOISE_CONTROL, NULL);
}
