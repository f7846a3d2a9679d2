/* lrlab-wheel-guard.h: sliders and spin buttons in a scrolled list leave
 * the mouse wheel to the list unless they have the keyboard focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Guards every GtkRange and GtkSpinButton in @root and below (once each):
 * a wheel or touchpad scroll over one that does not hold the focus scrolls
 * the nearest GtkScrolledWindow around it instead of changing its value.
 * Widgets added later need another call. */
void lrlab_wheel_guard (GtkWidget *root);

G_END_DECLS
