/* lrlab-noise-control.h: the Noise control of an experiment — off, or
 * sigma, batch size and seed of its gradient noise
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LRLAB_TYPE_NOISE_CONTROL (lrlab_noise_control_get_type ())

G_DECLARE_FINAL_TYPE (LrlabNoiseControl, lrlab_noise_control, LRLAB, NOISE_CONTROL, GtkWidget)

GtkWidget  *lrlab_noise_control_new      (void);
/* "sigma=S,batch=B,seed=N" as lr_noise_config_to_spec() writes it, or NULL
 * when the noise is off.  The "spec" property notifies on every change. */
const char *lrlab_noise_control_get_spec (LrlabNoiseControl  *self);
/* NULL or "" switches the noise off; a bad spec is refused (FALSE, @error). */
gboolean    lrlab_noise_control_set_spec (LrlabNoiseControl  *self,
                                          const char         *spec,
                                          GError            **error);

G_END_DECLS
