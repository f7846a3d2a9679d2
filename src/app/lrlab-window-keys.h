/* lrlab-window-keys.h: the playback and lesson keys, wherever the focus is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lrlab-surfaces-page.h"

G_BEGIN_DECLS

/* The controller's name, to find it among the window's controllers. */
#define LRLAB_WINDOW_KEYS_NAME "lrlab-playback-keys"

/* Adds to @window a key controller in the capture phase that drives @page:
 * Space, '.', R, Home, End, Page Up/Down and, while a lesson question is
 * shown or in presenter mode, Left/Right (a clicker's keys).  Keys typed
 * into text (an entry, a spin button) stay there. */
void lrlab_window_keys_attach (GtkWindow         *window,
                               LrlabSurfacesPage *page);

G_END_DECLS
