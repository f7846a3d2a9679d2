/* app-test-util.h: what the app's tests share — finding widgets in a tree
 * and letting the main loop run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every widget of @type at or below @widget, in tree order, into @out. */
void find_all (GtkWidget *widget,
               GType      type,
               GPtrArray *out);
/* Runs what the main loop has pending (at most 50 iterations). */
void iterate  (void);

G_END_DECLS
