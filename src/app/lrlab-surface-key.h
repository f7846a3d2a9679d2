/* lrlab-surface-key.h: beside the panels, the colour scale of the loss and
 * what the markers mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-surface.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_SURFACE_KEY (lrlab_surface_key_get_type ())

G_DECLARE_FINAL_TYPE (LrlabSurfaceKey, lrlab_surface_key, LRLAB, SURFACE_KEY, GtkWidget)

/* What the panels show: @surface (copied) with the colour map named
 * @colormap, at presenter sizes or not; then the view they show of it. */
void lrlab_surface_key_set_surface (LrlabSurfaceKey *self,
                                    const LrSurface *surface,
                                    const char      *colormap,
                                    gboolean         presenter);
void lrlab_surface_key_set_view    (LrlabSurfaceKey *self,
                                    const LrBox     *view);

G_END_DECLS
