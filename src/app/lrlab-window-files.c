/* lrlab-window-files.c: the window's experiment files — Open, Save, Save As,
 * recent experiments, dropped files, the title with its modified mark, and
 * "Save changes?" before the window closes or another experiment replaces
 * the one shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lrlab-classifier-page.h"
#include "lrlab-dialogs.h"
#include "lrlab-document.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window-files.h"

/* Recent experiments shown in the menu. */
#define N_RECENT 8

typedef struct {
  LrlabDocument *document;
  GCancellable  *cancellable;
  GtkWidget     *save_changes;    /* the dialog while it is shown */
  gboolean       close_confirmed; /* the next close needs no question */
} Files;

static GQuark
files_quark (void)
{
  return g_quark_from_static_string ("lrlab-window-files");
}

static void
files_free (gpointer data)
{
  Files *files = data;

  g_clear_object (&files->document);
  g_clear_object (&files->cancellable);
  g_free (files);
}

static Files *
files_get (LrlabWindow *self)
{
  return g_object_get_qdata (G_OBJECT (self), files_quark ());
}

static gpointer
child (LrlabWindow *self,
       const char  *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), LRLAB_TYPE_WINDOW, name);
}

LrlabDocument *
lrlab_window_get_document (LrlabWindow *self)
{
  g_return_val_if_fail (LRLAB_IS_WINDOW (self), NULL);
  return files_get (self)->document;
}

GtkWidget *
lrlab_window_get_save_changes_dialog (LrlabWindow *self)
{
  g_return_val_if_fail (LRLAB_IS_WINDOW (self), NULL);
  return files_get (self)->save_changes;
}

/* ---- title ------------------------------------------------------------------ */

static char *
file_display_name (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autofree char *base = NULL;

  if (info != NULL)
    return g_strdup (g_file_info_get_display_name (info));
  base = g_file_get_basename (file);
  return g_filename_display_name (base);
}

/* "• Title" while changed (as GNOME Text Editor marks it), the file's name
 * below. */
static void
update_title (LrlabWindow *self)
{
  LrlabDocument *document = files_get (self)->document;
  GFile *file = lrlab_document_get_file (document);
  const char *title = lrlab_document_get_title (document);
  g_autofree char *shown = NULL;
  g_autofree char *subtitle = file ? file_display_name (file) : NULL;
  AdwWindowTitle *header = child (self, "experiment_title");

  shown = lrlab_document_get_modified (document) ? g_strconcat ("• ", title, NULL) : g_strdup (title);
  gtk_window_set_title (GTK_WINDOW (self), shown);
  /* The view switcher's title (through its properties: newer libadwaita
   * deprecates the type). */
  g_object_set (child (self, "switcher_title"), "title", shown, "subtitle", subtitle ? subtitle : "", NULL);
  adw_window_title_set_title (header, shown);
  adw_window_title_set_subtitle (header, subtitle ? subtitle : "");
}

/* The switcher shows the title itself when the window is narrow. */
static void
update_title_visible (LrlabWindow *self)
{
  gboolean title_visible = FALSE;

  g_object_get (child (self, "switcher_title"), "title-visible", &title_visible, NULL);
  gtk_widget_set_visible (child (self, "experiment_title"), !title_visible);
}

/* ---- opening ------------------------------------------------------------------ */

static void
show_open_error (LrlabWindow  *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *name = file_display_name (file);
  /* Translators: a file's name, then why it cannot be opened */
  g_autofree char *body = g_strdup_printf (_("“%s”: %s"), name, error->message);

  lrlab_show_error (GTK_WIDGET (self), _("Cannot Open Experiment"), body);
}

typedef struct {
  LrlabWindow *window;
  GFile       *file;
} Opening;

static void
opening_free (Opening *o)
{
  g_object_unref (o->window);
  g_object_unref (o->file);
  g_free (o);
}

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Opening *o = user_data;
  LrlabWindow *self = o->window;
  g_autoptr(GError) error = NULL;

  if (!lrlab_document_open_finish (LRLAB_DOCUMENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_open_error (self, o->file, error);
    }
  else
    {
      LrlabSurfacesPage *page = child (self, "surfaces_page");

      /* Like a scene, it plays: its runs show what it is about. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !lrlab_surfaces_page_get_playing (page))
        lrlab_surfaces_page_toggle_play (page);
    }
  opening_free (o);
}

static void
open_now (LrlabWindow *self,
          GFile       *file)
{
  Files *files = files_get (self);
  Opening *o = g_new0 (Opening, 1);

  o->window = g_object_ref (self);
  o->file = g_object_ref (file);
  lrlab_document_open_async (files->document, file, files->cancellable, opened, o);
}

/* ---- saving ------------------------------------------------------------------- */

/* What to do once the experiment is saved (or its changes discarded). */
typedef void (*Then) (LrlabWindow *self,
                      gpointer     data);

typedef struct {
  LrlabWindow    *window;
  Then            then;
  gpointer        data;
  GDestroyNotify  destroy;
} Pending;

static Pending *
pending_new (LrlabWindow    *self,
             Then            then,
             gpointer        data,
             GDestroyNotify  destroy)
{
  Pending *p = g_new0 (Pending, 1);

  p->window = g_object_ref (self);
  p->then = then;
  p->data = data;
  p->destroy = destroy;
  return p;
}

static void
pending_free (Pending *p)
{
  if (p->destroy != NULL && p->data != NULL)
    p->destroy (p->data);
  g_object_unref (p->window);
  g_free (p);
}

static void
pending_run (Pending *p)
{
  if (p->then != NULL)
    p->then (p->window, p->data);
  pending_free (p);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  Pending *p = user_data;
  LrlabWindow *self = p->window;
  g_autoptr(GError) error = NULL;

  if (!lrlab_document_save_finish (LRLAB_DOCUMENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lrlab_show_error (GTK_WIDGET (self), _("Cannot Save Experiment"), error->message);
      pending_free (p);
      return;
    }
  {
    g_autofree char *name = file_display_name (lrlab_document_get_file (LRLAB_DOCUMENT (source)));
    g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

    lrlab_window_toast (self, text);
  }
  pending_run (p);
}

static void
save_to (Pending *p,
         GFile   *file)
{
  Files *files = files_get (p->window);

  lrlab_document_save_async (files->document, file, files->cancellable, saved, p);
}

static void
save_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = lrlab_save_dialog_finish (source, result, &error);

  if (file == NULL)
    {
      pending_free (p);   /* not saved: nothing follows */
      return;
    }
  save_to (p, file);
}

/* Saves to the document's file, or asks where first (@choose: always);
 * @then follows a successful save only. */
static void
save_flow (LrlabWindow    *self,
           gboolean        choose,
           Then            then,
           gpointer        data,
           GDestroyNotify  destroy)
{
  LrlabDocument *document = files_get (self)->document;
  GFile *file = lrlab_document_get_file (document);
  Pending *p = pending_new (self, then, data, destroy);
  g_autofree char *name = NULL;

  if (file != NULL && !choose)
    {
      save_to (p, file);
      return;
    }
  name = g_strconcat (lrlab_document_get_title (document), ".lrlab", NULL);
  g_strdelimit (name, "/\\:", '-');
  lrlab_save_dialog (GTK_WINDOW (self), _("Save Experiment"), name, LRLAB_SAVE_EXPERIMENT,
                     save_chosen, p);
}

/* ---- "Save changes?" ---------------------------------------------------------- */

static gboolean
run_when_idle (gpointer data)
{
  pending_run (data);
  return G_SOURCE_REMOVE;
}

static void
on_save_changes_response (GObject    *dialog,
                          const char *response,
                          Pending    *p)
{
  LrlabWindow *self = p->window;

  g_signal_handlers_disconnect_by_func (dialog, on_save_changes_response, p);
  files_get (self)->save_changes = NULL;
  /* The dialog finishes its response before the window may close. */
  if (g_strcmp0 (response, "discard") == 0)
    g_idle_add (run_when_idle, p);
  else if (g_strcmp0 (response, "save") == 0)
    {
      save_flow (self, FALSE, p->then, p->data, p->destroy);
      p->destroy = NULL;
      pending_free (p);
    }
  else
    pending_free (p);
}

/* Runs @then at once when nothing changed; else asks whether to save first
 * (Cancel drops @then). */
static void
unless_unsaved (LrlabWindow    *self,
                Then            then,
                gpointer        data,
                GDestroyNotify  destroy)
{
  Files *files = files_get (self);
  Pending *p = pending_new (self, then, data, destroy);
  g_autofree char *body = NULL;
  const char *heading = _("Save Changes?");

  lrlab_document_check (files->document);
  if (!lrlab_document_get_modified (files->document))
    {
      pending_run (p);
      return;
    }
  if (files->save_changes != NULL)
    {
      pending_free (p);
      gtk_widget_grab_focus (files->save_changes);
      return;
    }

  body = g_strdup_printf (_("“%s” has changes that were not saved. If you do not save them, they are lost."),
                          lrlab_document_get_title (files->document));
#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *dialog = adw_alert_dialog_new (heading, body);

    adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
    adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
    adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
    adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "save");
    adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
    g_signal_connect (dialog, "response", G_CALLBACK (on_save_changes_response), p);
    files->save_changes = GTK_WIDGET (dialog);
    adw_dialog_present (dialog, GTK_WIDGET (self));
  }
#else
  {
    GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                      "cancel", _("_Cancel"),
                                      "discard", _("_Discard"),
                                      "save", _("_Save"),
                                      NULL);
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
    adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    g_signal_connect (dialog, "response", G_CALLBACK (on_save_changes_response), p);
    files->save_changes = dialog;
    gtk_window_present (GTK_WINDOW (dialog));
  }
#endif
}

/* ---- what follows the question -------------------------------------------------- */

static void
close_now (LrlabWindow *self,
           gpointer     data)
{
  files_get (self)->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
open_file_now (LrlabWindow *self,
               gpointer     data)
{
  open_now (self, data);
}

static void
open_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LrlabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = lrlab_open_dialog_finish (source, result, &error);

  if (file != NULL)
    open_now (self, file);
}

static void
choose_file_now (LrlabWindow *self,
                 gpointer     data)
{
  lrlab_open_dialog (GTK_WINDOW (self), _("Open Experiment"), open_chosen, g_object_ref (self));
}

static void
load_scene_now (LrlabWindow *self,
                gpointer     data)
{
  lrlab_window_load_scene (self, data);
}

/* A built-in experiment of the classifier page: both pages as it has them,
 * untitled and unmodified like a scene, the classifier page shown. */
static void
load_preset_now (LrlabWindow *self,
                 gpointer     data)
{
  Files *files = files_get (self);
  g_autoptr(GError) error = NULL;
  LrExperiment *e = lr_experiment_load_preset (data, &error);

  if (e == NULL || !lrlab_document_start_from (files->document, e, &error))
    {
      lrlab_show_error (GTK_WIDGET (self), _("Cannot Open Experiment"), error->message);
      return;
    }
  lrlab_window_set_page (self, "classifier");
}

void
lrlab_window_files_choose_preset (LrlabWindow *self,
                                  const char  *name)
{
  unless_unsaved (self, load_preset_now, g_strdup (name), g_free);
}

void
lrlab_window_files_choose_scene (LrlabWindow *self,
                                 const char  *scene_id)
{
  unless_unsaved (self, load_scene_now, g_strdup (scene_id), g_free);
}

void
lrlab_window_open_file (LrlabWindow *self,
                        GFile       *file)
{
  g_return_if_fail (LRLAB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  unless_unsaved (self, open_file_now, g_object_ref (file), g_object_unref);
}

gboolean
lrlab_window_files_close_request (LrlabWindow *self)
{
  Files *files = files_get (self);

  if (files == NULL || files->close_confirmed)
    return FALSE;
  lrlab_document_check (files->document);
  if (!lrlab_document_get_modified (files->document))
    return FALSE;
  unless_unsaved (self, close_now, NULL, NULL);
  return TRUE;
}

/* ---- actions ------------------------------------------------------------------------ */

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  lrlab_window_files_choose_preset (LRLAB_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  unless_unsaved (LRLAB_WINDOW (widget), choose_file_now, NULL, NULL);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  lrlab_window_open_file (LRLAB_WINDOW (widget), file);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  save_flow (LRLAB_WINDOW (widget), FALSE, NULL, NULL, NULL);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  save_flow (LRLAB_WINDOW (widget), TRUE, NULL, NULL, NULL);
}

/* ---- recent experiments and dropped files --------------------------------------------- */

static void
update_recent (LrlabWindow *self)
{
  GMenu *section = child (self, "recent_section");
  g_auto(GStrv) uris = lrlab_document_list_recent (N_RECENT);

  g_menu_remove_all (section);
  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      g_autofree char *base = g_file_get_basename (file);
      g_autofree char *name = g_filename_display_name (base);
      g_autoptr(GMenuItem) item = NULL;

      if (g_str_has_suffix (name, ".lrlab"))
        name[strlen (name) - strlen (".lrlab")] = '\0';
      item = g_menu_item_new (name, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uris[i]);
      g_menu_append_item (section, item);
    }
  if (uris[0] == NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Experiments"), "win.no-recent");

      g_menu_append_item (section, item);
    }
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LrlabWindow   *self)
{
  GSList *list;
  GFile *chosen = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL && chosen == NULL; l = l->next)
    {
      g_autofree char *base = g_file_get_basename (l->data);

      if (base != NULL && g_str_has_suffix (base, ".lrlab"))
        chosen = l->data;
    }
  if (chosen == NULL && list != NULL)
    chosen = list->data;   /* says why it cannot be opened */
  if (chosen != NULL)
    lrlab_window_open_file (self, chosen);
  g_slist_free (list);
  return chosen != NULL;
}

/* ---- set-up ---------------------------------------------------------------------------- */

void
lrlab_window_files_scene_loaded (LrlabWindow *self,
                                 const char  *scene_id)
{
  Files *files = files_get (self);

  if (files == NULL)
    return;
  lrlab_document_reset (files->document, lr_experiment_load_scene (scene_id, NULL));
}

void
lrlab_window_files_class_init (GtkWidgetClass *widget_class)
{
  /* Children this file finds with gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "switcher_title", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "experiment_title", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recent_section", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.preset", "s", preset_action);
}

void
lrlab_window_files_init (LrlabWindow *self)
{
  Files *files = g_new0 (Files, 1);
  GtkDropTarget *drop;

  files->cancellable = g_cancellable_new ();
  files->document = lrlab_document_new (child (self, "surfaces_page"), child (self, "classifier_page"));
  g_object_set_qdata_full (G_OBJECT (self), files_quark (), files, files_free);

  g_signal_connect_object (files->document, "notify::title", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (files->document, "notify::modified", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (files->document, "notify::file", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (child (self, "switcher_title"), "notify::title-visible",
                           G_CALLBACK (update_title_visible), self, G_CONNECT_SWAPPED);
  update_title (self);
  update_title_visible (self);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

void
lrlab_window_files_dispose (LrlabWindow *self)
{
  Files *files = files_get (self);

  if (files == NULL)
    return;
  /* Files being read or written no longer reach the pages. */
  g_cancellable_cancel (files->cancellable);
  g_object_set_qdata (G_OBJECT (self), files_quark (), NULL);
}
