/* lrlab-run-undo.c: a removed run comes back with the toast's Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lrlab-run-undo.h"

typedef struct {
  LrlabRunList *list;
  LrlabRun     *run;
  guint         position;
} Removed;

static void
removed_free (gpointer data,
              GClosure *closure)
{
  Removed *r = data;

  g_object_unref (r->list);
  g_object_unref (r->run);
  g_free (r);
}

static void
on_undo (AdwToast *toast,
         Removed  *r)
{
  lrlab_run_list_insert (r->list, r->position, r->run);
}

void
lrlab_run_undo_offer (LrlabRunList *list,
                      GtkWidget    *near,
                      LrlabRun     *run,
                      guint         position)
{
  GtkWidget *overlay;
  AdwToast *toast;
  Removed *r;

  g_return_if_fail (LRLAB_IS_RUN_LIST (list));
  g_return_if_fail (GTK_IS_WIDGET (near));
  g_return_if_fail (LRLAB_IS_RUN (run));

  overlay = gtk_widget_get_ancestor (near, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;
  r = g_new0 (Removed, 1);
  r->list = g_object_ref (list);
  r->run = g_object_ref (run);
  r->position = position;
  toast = adw_toast_new (_("Run removed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo), r, removed_free, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
