/* lrlab-sidebar.c: a page's sidebar, hidden to give the plots the width of
 * a small screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lrlab-sidebar.h"

static GtkWidget *
sidebar_of (GtkWidget *page)
{
  GtkWidget *paned = gtk_widget_get_first_child (page);

  if (paned == NULL || !GTK_IS_PANED (paned))
    return NULL;
  return gtk_paned_get_start_child (GTK_PANED (paned));
}

void
lrlab_sidebar_set_visible (GtkWidget *page,
                           gboolean   visible)
{
  GtkWidget *sidebar;

  g_return_if_fail (GTK_IS_WIDGET (page));

  sidebar = sidebar_of (page);
  if (sidebar != NULL)
    gtk_widget_set_visible (sidebar, visible);
}

gboolean
lrlab_sidebar_get_visible (GtkWidget *page)
{
  GtkWidget *sidebar;

  g_return_val_if_fail (GTK_IS_WIDGET (page), FALSE);

  sidebar = sidebar_of (page);
  return sidebar != NULL && gtk_widget_get_visible (sidebar);
}
