/* lr-key.h: the key beside the app's panels — the colour bar of the loss
 * over the panels' view and what their markers mean (start, minimum, the
 * run's head now, diverged)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "lr-colormap.h"
#include "lr-surface.h"
#include "lr-theme.h"

G_BEGIN_DECLS

/* The width the key needs at @theme's sizes. */
double lr_render_surface_key_width (const LrRenderTheme *theme);
/* The key in @width × @height: the bar (as the panels colour the loss over
 * @view with @colormap) on top, the markers below it. */
void   lr_render_surface_key       (cairo_t             *cr,
                                    double               width,
                                    double               height,
                                    const LrSurface     *surface,
                                    const LrBox         *view,
                                    LrColormap           colormap,
                                    const LrRenderTheme *theme);

G_END_DECLS
