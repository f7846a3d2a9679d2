/* lrlab-sidebar.h: a page's sidebar, hidden to give the plots the width of
 * a small screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A page is a widget whose child is a GtkPaned with the sidebar at its
 * start (the surfaces and the classifier page). */
void     lrlab_sidebar_set_visible (GtkWidget *page,
                                    gboolean   visible);
gboolean lrlab_sidebar_get_visible (GtkWidget *page);

G_END_DECLS
