/* lrlab-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lrlab-scenes.h"
#include "lrlab-classifier-page.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

struct _LrlabWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  gboolean              presenter;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewStack         *stack;
  LrlabSurfacesPage    *surfaces_page;
  LrlabClassifierPage  *classifier_page;
  GMenu                *scenes_section;
  GtkToggleButton      *presenter_button;
  GtkWidget            *scene_button;
  GtkWidget            *export_button;
};

G_DEFINE_FINAL_TYPE (LrlabWindow, lrlab_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PRESENTER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Window sides restored from the settings are kept within these. */
#define WINDOW_MIN_SIDE 360
#define WINDOW_MAX_SIDE 16384

/* The animation speed from the settings: finite, within the page's range
 * (the key's default otherwise). */
static gboolean
speed_from_setting (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  double speed = g_variant_get_double (variant);

  g_value_set_double (value, isfinite (speed) ? CLAMP (speed, 1.0, 1000.0) : 30.0);
  return TRUE;
}

LrlabWindow *
lrlab_window_new (LrlabApplication *application)
{
  return g_object_new (LRLAB_TYPE_WINDOW, "application", application, NULL);
}

void
lrlab_window_toast (LrlabWindow *self,
                    const char  *message)
{
  AdwToast *toast;

  g_return_if_fail (LRLAB_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
lrlab_window_load_scene (LrlabWindow *self,
                         const char  *scene_id)
{
  const LrlabScene *scene;

  g_return_if_fail (LRLAB_IS_WINDOW (self));

  scene = lrlab_scenes_lookup (scene_id);
  if (scene == NULL)
    scene = lrlab_scenes_lookup ("too-low-just-right-too-high");

  lrlab_surfaces_page_load_scene (self->surfaces_page, scene);
  g_settings_set_string (self->settings, "last-scene", scene->id);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lrlab_surfaces_page_toggle_play (self->surfaces_page);
}

void
lrlab_window_set_page (LrlabWindow *self,
                       const char  *page)
{
  g_return_if_fail (LRLAB_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
}

gboolean
lrlab_window_get_presenter (LrlabWindow *self)
{
  g_return_val_if_fail (LRLAB_IS_WINDOW (self), FALSE);
  return self->presenter;
}

void
lrlab_window_set_presenter (LrlabWindow *self,
                            gboolean     presenter)
{
  g_return_if_fail (LRLAB_IS_WINDOW (self));

  presenter = !!presenter;
  if (presenter == self->presenter)
    return;

  self->presenter = presenter;
  if (presenter)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  lrlab_surfaces_page_set_presenter (self->surfaces_page, presenter);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRESENTER]);
}

/* ---- actions ---------------------------------------------------------- */

static void
scene_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  lrlab_window_load_scene (LRLAB_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
play_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_toggle_play (page);
}

static void
step_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_step (page);
}

static void
reset_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_reset (page);
}

static void
zoom_in_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_zoom (page, 1.25);
}

static void
zoom_out_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_zoom (page, 0.8);
}

static void
zoom_reset_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_zoom (page, 0);
}

static void
export_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_export_figure (page);
}

static void
export_animation_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  lrlab_surfaces_page_export_animation (LRLAB_WINDOW (widget)->surfaces_page);
}

static void
export_csv_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LrlabSurfacesPage *page = LRLAB_WINDOW (widget)->surfaces_page;

  lrlab_surfaces_page_export_csv (page);
}

static void
add_run_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  LrlabWindow *self = LRLAB_WINDOW (widget);

  if (!lrlab_surfaces_page_add_run (self->surfaces_page))
    lrlab_window_toast (self, _("Six runs is the most the panels can show"));
}

static void
copy_runs_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LrlabWindow *self = LRLAB_WINDOW (widget);
  g_autofree char *text = lrlab_surfaces_page_runs_to_text (self->surfaces_page);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  lrlab_window_toast (self, _("Runs copied as lrlab-cli arguments"));
}

static void
leave_presenter_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  lrlab_window_set_presenter (LRLAB_WINDOW (widget), FALSE);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
build_scenes_menu (LrlabWindow *self)
{
  const LrlabScene *scenes;
  guint n;

  scenes = lrlab_scenes_get (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(scenes[i].title), NULL);

      g_menu_item_set_action_and_target (item, "win.scene", "s", scenes[i].id);
      g_menu_append_item (self->scenes_section, item);
    }
}

/* ---- window state ----------------------------------------------------- */

static gboolean
lrlab_window_close_request (GtkWindow *window)
{
  LrlabWindow *self = LRLAB_WINDOW (window);
  int width, height;

  if (!self->presenter)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  lrlab_surfaces_page_stop (self->surfaces_page);

  return GTK_WINDOW_CLASS (lrlab_window_parent_class)->close_request (window);
}

static void
lrlab_window_constructed (GObject *object)
{
  LrlabWindow *self = LRLAB_WINDOW (object);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GAction) colormap = NULL;
  g_autoptr(GAction) contours = NULL;
  g_autoptr(GAction) overlay = NULL;
  g_autoptr(GAction) sharpness = NULL;
  g_autofree char *scene = NULL;

  G_OBJECT_CLASS (lrlab_window_parent_class)->constructed (object);

  if (app != NULL && LRLAB_IS_APPLICATION (app))
    self->settings = g_object_ref (lrlab_application_get_settings (LRLAB_APPLICATION (app)));
  else
    self->settings = g_settings_new (APP_ID);

  /* A settings backend may hold anything (a hand-edited key file). */
  gtk_window_set_default_size (GTK_WINDOW (self),
                               CLAMP (g_settings_get_int (self->settings, "window-width"),
                                      WINDOW_MIN_SIDE, WINDOW_MAX_SIDE),
                               CLAMP (g_settings_get_int (self->settings, "window-height"),
                                      WINDOW_MIN_SIDE, WINDOW_MAX_SIDE));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Settings-backed toggles live in the window's "win" action map. */
  colormap = g_settings_create_action (self->settings, "colormap");
  contours = g_settings_create_action (self->settings, "show-contours");
  g_action_map_add_action (G_ACTION_MAP (self), colormap);
  g_action_map_add_action (G_ACTION_MAP (self), contours);
  overlay = G_ACTION (g_property_action_new ("overlay", self->surfaces_page, "overlay"));
  g_action_map_add_action (G_ACTION_MAP (self), overlay);
  sharpness = G_ACTION (g_property_action_new ("sharpness-plot", self->surfaces_page, "sharpness-plot"));
  g_action_map_add_action (G_ACTION_MAP (self), sharpness);

  g_settings_bind (self->settings, "colormap", self->surfaces_page, "colormap", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-contours", self->surfaces_page, "show-contours", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (self->settings, "speed", self->surfaces_page, "speed", G_SETTINGS_BIND_DEFAULT,
                                speed_from_setting, NULL, NULL, NULL);

  scene = g_settings_get_string (self->settings, "last-scene");
  lrlab_surfaces_page_load_scene (self->surfaces_page,
                                  lrlab_scenes_lookup (scene) ? lrlab_scenes_lookup (scene)
                                                              : lrlab_scenes_lookup ("too-low-just-right-too-high"));
  {
    g_autofree char *page = g_settings_get_string (self->settings, "page");
    lrlab_window_set_page (self, page);
  }
}

static void
lrlab_window_dispose (GObject *object)
{
  LrlabWindow *self = LRLAB_WINDOW (object);

  /* Training threads stop; their results no longer reach the page. */
  if (self->classifier_page != NULL)
    lrlab_classifier_page_cancel (self->classifier_page);
  gtk_widget_dispose_template (GTK_WIDGET (self), LRLAB_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lrlab_window_parent_class)->dispose (object);
}

static void
lrlab_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LrlabWindow *self = LRLAB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LrlabWindow *self = LRLAB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTER:
      lrlab_window_set_presenter (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_window_class_init (LrlabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lrlab_window_constructed;
  object_class->dispose = lrlab_window_dispose;
  object_class->get_property = lrlab_window_get_property;
  object_class->set_property = lrlab_window_set_property;
  window_class->close_request = lrlab_window_close_request;

  properties [PROP_PRESENTER] =
    g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LRLAB_TYPE_SURFACES_PAGE);
  g_type_ensure (LRLAB_TYPE_CLASSIFIER_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/lrlab/LearningRateLab/ui/lrlab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, surfaces_page);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, classifier_page);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, scenes_section);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, presenter_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, scene_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabWindow, export_button);

  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "win.add-run", NULL, add_run_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.export-animation", NULL, export_animation_action);
  gtk_widget_class_install_action (widget_class, "win.copy-runs", NULL, copy_runs_action);
  gtk_widget_class_install_action (widget_class, "win.scene", "s", scene_action);
  gtk_widget_class_install_property_action (widget_class, "win.presenter", "presenter");
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.leave-presenter", NULL, leave_presenter_action);

  /* Playback keys bubble up from the focus widget, so text entries and
   * buttons keep Space for themselves. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.leave-presenter", NULL);
}

static void
on_map (GtkWidget *widget,
        gpointer   user_data)
{
  LrlabWindow *self = LRLAB_WINDOW (widget);

  /* Start with the panels focused, so that Space pauses right away, and
   * play the scene: its lesson shows without touching anything. */
  lrlab_surfaces_page_focus_panels (self->surfaces_page);
  if (!lrlab_surfaces_page_get_playing (self->surfaces_page))
    lrlab_surfaces_page_toggle_play (self->surfaces_page);
}

/* Scenes and the surfaces' export menu belong to the surfaces page only. */
static void
on_page_changed (LrlabWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  gboolean surfaces = g_strcmp0 (name, "surfaces") == 0;

  gtk_widget_set_visible (self->scene_button, surfaces);
  gtk_widget_set_visible (self->export_button, surfaces);
  if (self->settings != NULL && name != NULL)
    g_settings_set_string (self->settings, "page", name);
}

static void
lrlab_window_init (LrlabWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  build_scenes_menu (self);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_page_changed), self, G_CONNECT_SWAPPED);
}
