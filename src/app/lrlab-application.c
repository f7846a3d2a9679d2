/* lrlab-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lrlab-application.h"
#include "lrlab-scenes.h"
#include "lrlab-util.h"
#include "lrlab-window.h"

struct _LrlabApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *scene;
  char           *page;
  gboolean        presenter;
  char          **files;     /* from the command line, opened on activation */
};

G_DEFINE_FINAL_TYPE (LrlabApplication, lrlab_application, ADW_TYPE_APPLICATION)

LrlabApplication *
lrlab_application_new (void)
{
  return g_object_new (LRLAB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/lrlab/LearningRateLab",
                       NULL);
}

GSettings *
lrlab_application_get_settings (LrlabApplication *self)
{
  g_return_val_if_fail (LRLAB_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
apply_style (LrlabApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *style = g_settings_get_string (self->settings, "style");

  if (g_strcmp0 (style, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (style, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
on_quit (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  LrlabApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing the windows lets them save their state; a window with unsaved
   * changes asks first and may stay: the application ends with its last
   * window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
    g_application_quit (G_APPLICATION (self));
}

static void
on_about (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  LrlabApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Learning Rate Lab authors", NULL };
  const char *credits =
    _("The built-in digits are the UCI Optical Recognition of Handwritten Digits "
      "data set (E. Alpaydin, C. Kaynak), as distributed with scikit-learn, "
      "licensed CC BY 4.0.");

#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *about = adw_about_dialog_new ();

  adw_about_dialog_set_application_name (ADW_ABOUT_DIALOG (about), _("Learning Rate Lab"));
  adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (about), APP_ID);
  adw_about_dialog_set_version (ADW_ABOUT_DIALOG (about), PACKAGE_VERSION);
  adw_about_dialog_set_developer_name (ADW_ABOUT_DIALOG (about), _("The Learning Rate Lab authors"));
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (about), developers);
  adw_about_dialog_set_license_type (ADW_ABOUT_DIALOG (about), GTK_LICENSE_GPL_3_0);
  adw_about_dialog_set_website (ADW_ABOUT_DIALOG (about), "https://github.com/lrlab/LearningRateLab");
  adw_about_dialog_set_issue_url (ADW_ABOUT_DIALOG (about), "https://github.com/lrlab/LearningRateLab/issues");
  adw_about_dialog_set_comments (ADW_ABOUT_DIALOG (about),
                                 _("See what the learning rate does: optimizer trajectories on loss surfaces, "
                                   "and the same optimizers training an image classifier."));
  adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (about), _("translator-credits"));
  adw_about_dialog_add_acknowledgement_section (ADW_ABOUT_DIALOG (about), _("Data"),
                                                (const char *[]) { "UCI ML digits, CC BY 4.0 https://archive.ics.uci.edu/dataset/80", NULL });
  adw_about_dialog_add_legal_section (ADW_ABOUT_DIALOG (about), _("Digits data set"), NULL,
                                      GTK_LICENSE_CUSTOM, credits);
  adw_dialog_present (about, GTK_WIDGET (window));
#else
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Learning Rate Lab"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Learning Rate Lab authors"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), "https://github.com/lrlab/LearningRateLab");
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about), "https://github.com/lrlab/LearningRateLab/issues");
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("See what the learning rate does: optimizer trajectories on loss surfaces, "
                                   "and the same optimizers training an image classifier."));
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Digits data set"), NULL,
                                      GTK_LICENSE_CUSTOM, credits);
  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static const GActionEntry app_entries[] = {
  { "quit", on_quit },
  { "about", on_about },
};

static void
lrlab_application_startup (GApplication *app)
{
  LrlabApplication *self = LRLAB_APPLICATION (app);
  g_autoptr(GAction) style_action = NULL;
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.export-csv", { "<Control><Shift>e", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-reset", { "<Control>0", NULL } },
    { "win.presenter", { "F11", NULL } },
    { "win.add-run", { "<Control>n", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (lrlab_application_parent_class)->startup (app);

  lrlab_prefer_cairo_without_gpu (gdk_display_get_default ());
  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  style_action = g_settings_create_action (self->settings, "style");
  g_action_map_add_action (G_ACTION_MAP (self), style_action);
  g_signal_connect_object (self->settings, "changed::style",
                           G_CALLBACK (apply_style), self, G_CONNECT_SWAPPED);
  apply_style (self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
lrlab_application_activate (GApplication *app)
{
  LrlabApplication *self = LRLAB_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (lrlab_window_new (self));

  if (self->scene != NULL)
    lrlab_window_load_scene (LRLAB_WINDOW (window), self->scene);
  if (self->page != NULL)
    lrlab_window_set_page (LRLAB_WINDOW (window), self->page);
  if (self->presenter)
    lrlab_window_set_presenter (LRLAB_WINDOW (window), TRUE);

  gtk_window_present (window);

  /* Files named on the command line (checked in handle_local_options). */
  if (self->files != NULL)
    {
      g_auto(GStrv) names = g_steal_pointer (&self->files);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; names[i] != NULL; i++)
        g_ptr_array_add (files, g_file_new_for_commandline_arg (names[i]));
      g_application_open (app, (GFile **) files->pdata, (int) files->len, "");
    }
}

/* Experiments from the command line or a file manager: the first in the
 * active window unless it holds a file or changes, the others in windows of
 * their own.  A file that cannot be opened says why in its window. */
static void
lrlab_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  LrlabApplication *self = LRLAB_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
      LrlabDocument *document = window ? lrlab_window_get_document (LRLAB_WINDOW (window)) : NULL;

      if (document == NULL || lrlab_document_get_file (document) != NULL || lrlab_document_get_modified (document))
        {
          window = GTK_WINDOW (lrlab_window_new (self));
          if (self->presenter)
            lrlab_window_set_presenter (LRLAB_WINDOW (window), TRUE);
        }
      lrlab_window_open_file (LRLAB_WINDOW (window), files[i]);
      gtk_window_present (window);
    }
}

static int
lrlab_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  LrlabApplication *self = LRLAB_APPLICATION (app);
  const char *scene = NULL;
  const char *page = NULL;
  g_autofree const char **files = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("lrlab %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "scene", "&s", &scene))
    {
      if (lrlab_scenes_lookup (scene) == NULL)
        {
          g_autofree char *ids = lrlab_scenes_list_ids ();
          g_printerr (_("lrlab: unknown scene “%s”; valid: %s\n"), scene, ids);
          return 2;
        }
      g_free (self->scene);
      self->scene = g_strdup (scene);
    }

  if (g_variant_dict_lookup (options, "page", "&s", &page))
    {
      if (g_strcmp0 (page, "surfaces") != 0 && g_strcmp0 (page, "classifier") != 0)
        {
          g_printerr (_("lrlab: unknown page “%s”; valid: surfaces, classifier\n"), page);
          return 2;
        }
      g_free (self->page);
      self->page = g_strdup (page);
    }

  if (g_variant_dict_lookup (options, "presenter", "b", NULL))
    self->presenter = TRUE;

  /* Files other than experiments get a clear message here; experiments
   * open once the window is there (lrlab_application_open). */
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files) && files[0] != NULL)
    {
      for (guint i = 0; files[i] != NULL; i++)
        if (!g_str_has_suffix (files[i], ".lrlab"))
          {
            g_autofree char *name = g_filename_display_name (files[i]);

            g_printerr (_("lrlab: cannot open “%s”: Learning Rate Lab opens only .lrlab experiment files\n"), name);
            return 2;
          }
      g_strfreev (self->files);
      self->files = g_strdupv ((char **) files);
    }

  return -1;
}

static void
lrlab_application_dispose (GObject *object)
{
  LrlabApplication *self = LRLAB_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->scene, g_free);
  g_clear_pointer (&self->page, g_free);
  g_clear_pointer (&self->files, g_strfreev);

  G_OBJECT_CLASS (lrlab_application_parent_class)->dispose (object);
}

static void
lrlab_application_class_init (LrlabApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lrlab_application_dispose;
  app_class->startup = lrlab_application_startup;
  app_class->activate = lrlab_application_activate;
  app_class->open = lrlab_application_open;
  app_class->handle_local_options = lrlab_application_handle_local_options;
}

static void
lrlab_application_init (LrlabApplication *self)
{
  static const GOptionEntry entries[] = {
    { "scene", 's', 0, G_OPTION_ARG_STRING, NULL, N_("Open on a scene (too-low-just-right-too-high, momentum, …)"), N_("NAME") },
    { "page", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open on a page: surfaces or classifier"), N_("PAGE") },
    { "presenter", 'p', 0, G_OPTION_ARG_NONE, NULL, N_("Fullscreen with larger text and lines, for a projector"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE…]") },
    G_OPTION_ENTRY_NULL
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("See what the learning rate does."));
}
