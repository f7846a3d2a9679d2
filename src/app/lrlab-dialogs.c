/* lrlab-dialogs.c: file choosers and error messages on GTK 4.8 and newer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lrlab-dialogs.h"

static GListStore *
make_filters (LrlabSaveKind kind)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  GtkFileFilter *filter;

  if (kind == LRLAB_SAVE_FIGURE)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("PNG, SVG or PDF figure"));
      gtk_file_filter_add_pattern (filter, "*.png");
      gtk_file_filter_add_pattern (filter, "*.svg");
      gtk_file_filter_add_pattern (filter, "*.pdf");
      g_list_store_append (filters, filter);
      g_object_unref (filter);
    }
  else if (kind == LRLAB_SAVE_ANIMATION)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("GIF or WebM animation"));
      gtk_file_filter_add_pattern (filter, "*.gif");
      gtk_file_filter_add_pattern (filter, "*.webm");
      g_list_store_append (filters, filter);
      g_object_unref (filter);
    }
  else
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("CSV table"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      g_list_store_append (filters, filter);
      g_object_unref (filter);
    }
  return filters;
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
show_save_dialog (GtkWindow           *parent,
                   const char          *title,
                   const char          *initial_name,
                   LrlabSaveKind        kind,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = make_filters (kind);

  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_initial_name (dialog, initial_name);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_save (dialog, parent, NULL, callback, user_data);
}

static GFile *
save_dialog_finish (GObject       *source,
                    GAsyncResult  *result,
                    GError       **error)
{
  return gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, error);
}

static void
show_folder_dialog (GtkWindow           *parent,
                    const char          *title,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_select_folder (dialog, parent, NULL, callback, user_data);
}

static GFile *
folder_dialog_finish (GObject       *source,
                      GAsyncResult  *result,
                      GError       **error)
{
  return gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (source), result, error);
}

#else

/* GtkFileChooserNative goes through the portal when sandboxed.  Its
 * response is turned into a GTask so callers see one async shape. */

static void
on_native_response (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    g_task_return_pointer (task, gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native)), g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Dismissed");
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
run_native (GtkFileChooserNative *native,
            GAsyncReadyCallback   callback,
            gpointer              user_data)
{
  GTask *task = g_task_new (native, NULL, callback, user_data);

  g_signal_connect (native, "response", G_CALLBACK (on_native_response), task);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
show_save_dialog (GtkWindow           *parent,
                  const char          *title,
                  const char          *initial_name,
                  LrlabSaveKind        kind,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GtkFileChooserNative *native;
  g_autoptr(GListStore) filters = make_filters (kind);

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  run_native (native, callback, user_data);
}

static GFile *
save_dialog_finish (GObject       *source,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
show_folder_dialog (GtkWindow           *parent,
                    const char          *title,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Open"), _("_Cancel"));
  run_native (native, callback, user_data);
}

static GFile *
folder_dialog_finish (GObject       *source,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

#endif

/* ---- save requests ----------------------------------------------------- */

LrlabSaveRequest *
lrlab_save_request_new (gpointer      owner,
                        LrlabSaveKind kind)
{
  LrlabSaveRequest *request = g_new0 (LrlabSaveRequest, 1);

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);

  request->owner = g_object_ref (owner);
  request->kind = kind;
  return request;
}

void
lrlab_save_request_free (LrlabSaveRequest *request)
{
  g_object_unref (request->owner);
  g_free (request);
}

/* ---- the choice a test makes in place of a person --------------------- */

static GFile *next_answer;

void
lrlab_dialogs_answer_next (GFile *file)
{
  g_set_object (&next_answer, file);
}

/* Completes the request with the prepared answer, as a dialog would. */
static gboolean
answer_prepared (GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  if (next_answer == NULL)
    return FALSE;
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, lrlab_dialogs_answer_next);
  g_task_return_pointer (task, g_steal_pointer (&next_answer), g_object_unref);
  return TRUE;
}

void
lrlab_save_dialog (GtkWindow           *parent,
                   const char          *title,
                   const char          *initial_name,
                   LrlabSaveKind        kind,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  if (!answer_prepared (callback, user_data))
    show_save_dialog (parent, title, initial_name, kind, callback, user_data);
}

GFile *
lrlab_save_dialog_finish (GObject       *source,
                          GAsyncResult  *result,
                          GError       **error)
{
  if (g_async_result_is_tagged (result, lrlab_dialogs_answer_next))
    return g_task_propagate_pointer (G_TASK (result), error);
  return save_dialog_finish (source, result, error);
}

void
lrlab_folder_dialog (GtkWindow           *parent,
                     const char          *title,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  if (!answer_prepared (callback, user_data))
    show_folder_dialog (parent, title, callback, user_data);
}

GFile *
lrlab_folder_dialog_finish (GObject       *source,
                            GAsyncResult  *result,
                            GError       **error)
{
  if (g_async_result_is_tagged (result, lrlab_dialogs_answer_next))
    return g_task_propagate_pointer (G_TASK (result), error);
  return folder_dialog_finish (source, result, error);
}

void
lrlab_show_error (GtkWidget  *parent,
                  const char *heading,
                  const char *body)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);

  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_dialog_present (dialog, parent);
#else
  GtkWidget *dialog = adw_message_dialog_new (parent ? GTK_WINDOW (gtk_widget_get_root (parent)) : NULL,
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}
