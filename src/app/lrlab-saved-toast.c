/* lrlab-saved-toast.c: "Saved to NAME" with an Open button, after an export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lrlab-saved-toast.h"

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWidget *overlay = user_data;
  GtkRoot *root = gtk_widget_get_root (overlay);
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  const char *uri = g_variant_get_string (parameter, NULL);
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_launch (launcher, parent, NULL, NULL, NULL);
#else
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
#endif
}

/* The overlay's "saved" actions, added the first time. */
static void
ensure_actions (GtkWidget *overlay)
{
  static const char key[] = "lrlab-saved-actions";
  GSimpleActionGroup *group;
  g_autoptr(GSimpleAction) open = NULL;

  if (g_object_get_data (G_OBJECT (overlay), key) != NULL)
    return;
  group = g_simple_action_group_new ();
  open = g_simple_action_new ("open", G_VARIANT_TYPE_STRING);
  g_signal_connect_object (open, "activate", G_CALLBACK (open_activated), overlay, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (open));
  gtk_widget_insert_action_group (overlay, "saved", G_ACTION_GROUP (group));
  g_object_set_data_full (G_OBJECT (overlay), key, group, g_object_unref);
}

static GtkWidget *
find_descendant_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *overlay = find_descendant_overlay (child);

      if (overlay != NULL)
        return overlay;
    }
  return NULL;
}

/* The overlay around @widget; for a dialog, the one of the window it was
 * opened from. */
static GtkWidget *
find_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *parent;

  if (overlay != NULL || !GTK_IS_WINDOW (root))
    return overlay;
  parent = gtk_window_get_transient_for (GTK_WINDOW (root));
  if (parent != NULL)
    return find_overlay (GTK_WIDGET (parent));
  return find_descendant_overlay (GTK_WIDGET (root));
}

void
lrlab_toast_saved (GtkWidget *widget,
                   GFile     *file)
{
  GtkWidget *overlay;
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));

  overlay = find_overlay (widget);
  if (overlay == NULL)
    return;
  ensure_actions (overlay);
  name = g_file_get_basename (file);
  uri = g_file_get_uri (file);
  /* TRANSLATORS: %s is the name of the file just written */
  escaped = g_markup_escape_text (name, -1);   /* the title is markup */
  title = g_strdup_printf (_("Saved to %s"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 6);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "saved.open");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
