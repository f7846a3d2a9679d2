/* test-app-wheel.c: the mouse wheel over the sidebar scrolls it and changes
 * no value, headless under a virtual display
 *
 * The wheel is a real X11 wheel event (xdotool) where the display is an X
 * server and xdotool is installed; elsewhere the scroll reaches the
 * slider's scroll controllers as GTK delivers it, capture phase first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "app-test-util.h"
#include "lrlab-run.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

static void
iterate_for (int ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* One wheel notch down over the middle of @widget: a real X11 event when
 * possible, else what GTK does with it (capture-phase controllers first,
 * then the widget's own until one takes it). */
static void
wheel_down_over (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_rect_t bounds;
  double sx, sy;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds));
  gtk_native_get_surface_transform (native, &sx, &sy);
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (gtk_widget_get_display (widget)) && g_find_program_in_path ("xdotool") != NULL)
    {
      GdkSurface *surface = gtk_native_get_surface (native);
      g_autofree char *cmd = g_strdup_printf ("xdotool mousemove --window %lu %d %d click 5",
                                              (gulong) gdk_x11_surface_get_xid (surface),
                                              (int) (sx + bounds.origin.x + bounds.size.width / 2),
                                              (int) (sy + bounds.origin.y + bounds.size.height / 2));
      int status = -1;

      g_test_message ("%s", cmd);
      g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      iterate_for (300);
      return;
    }
#endif
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
    const GtkPropagationPhase phases[] = { GTK_PHASE_CAPTURE, GTK_PHASE_TARGET, GTK_PHASE_BUBBLE };
    gboolean handled = FALSE;

    for (guint p = 0; !handled && p < G_N_ELEMENTS (phases); p++)
      for (guint i = 0; !handled && i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

          if (GTK_IS_EVENT_CONTROLLER_SCROLL (c) && gtk_event_controller_get_propagation_phase (c) == phases[p])
            g_signal_emit_by_name (c, "scroll", 0.0, 1.0, &handled);
        }
    iterate_for (100);
  }
}

/* The sidebar of the surfaces page: the first run's rate slider under the
 * pointer, the wheel turned: the rate stays, the sidebar moves.  With the
 * keyboard focus on the slider, the wheel changes it as before. */
static void
test_wheel_over_slider (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GPtrArray) scales = g_ptr_array_new ();
  g_autoptr(LrlabRun) run = NULL;
  LrlabSurfacesPage *page;
  GtkWidget *scale = NULL, *sidebar;
  GtkAdjustment *vadj;
  double lr, before;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (300);
  find_all (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE, pages);
  page = g_ptr_array_index (pages, 0);
  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  lrlab_surfaces_page_stop (page);
  iterate_for (200);

  run = g_list_model_get_item (lrlab_surfaces_page_get_runs (page), 0);
  find_all (GTK_WIDGET (page), GTK_TYPE_SCALE, scales);
  for (guint i = 0; i < scales->len && scale == NULL; i++)
    {
      GtkWidget *s = g_ptr_array_index (scales, i);

      if (gtk_widget_get_ancestor (s, GTK_TYPE_SCROLLED_WINDOW) != NULL)
        scale = s;
    }
  g_assert_nonnull (scale);
  sidebar = gtk_widget_get_ancestor (scale, GTK_TYPE_SCROLLED_WINDOW);
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sidebar));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));
  gtk_adjustment_set_value (vadj, 0);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  iterate_for (100);

  lr = lrlab_run_get_lr (run);
  before = gtk_adjustment_get_value (vadj);
  wheel_down_over (scale);
  g_assert_cmpfloat (lrlab_run_get_lr (run), ==, lr);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, before);

  /* focused, the slider takes the wheel */
  gtk_adjustment_set_value (vadj, 0);
  iterate_for (100);
  g_assert_true (gtk_widget_grab_focus (scale));
  before = gtk_adjustment_get_value (vadj);
  wheel_down_over (scale);
  g_assert_cmpfloat (lrlab_run_get_lr (run), !=, lr);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, before);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app-wheel/over-slider", test_wheel_over_slider);

  return g_test_run ();
}
