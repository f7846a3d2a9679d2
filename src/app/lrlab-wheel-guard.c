/* lrlab-wheel-guard.c: sliders and spin buttons in a scrolled list leave
 * the mouse wheel to the list unless they have the keyboard focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lrlab-wheel-guard.h"

#define GUARD_NAME "lrlab-wheel-guard"

static gboolean
holds_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
scroll_adjustment (GtkAdjustment *adj,
                   double         delta,
                   GdkScrollUnit  unit)
{
  double page = gtk_adjustment_get_page_size (adj);
  /* GtkScrolledWindow's own step for one wheel notch */
  double step = unit == GDK_SCROLL_UNIT_WHEEL ? pow (MAX (page, 1), 2.0 / 3.0) : 1;
  double upper = gtk_adjustment_get_upper (adj) - page;

  if (delta == 0)
    return;
  gtk_adjustment_set_value (adj, CLAMP (gtk_adjustment_get_value (adj) + delta * step,
                                        gtk_adjustment_get_lower (adj), MAX (upper, 0)));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           gpointer                  user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *sw;
  GdkScrollUnit unit;

  if (holds_focus (widget))
    return FALSE;
  sw = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (sw == NULL)
    return FALSE;
  unit = gtk_event_controller_scroll_get_unit (controller);
  scroll_adjustment (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw)), dy, unit);
  scroll_adjustment (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (sw)), dx, unit);
  /* handled: the widget's own scroll controller never sees it */
  return TRUE;
}

static gboolean
is_guarded (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), GUARD_NAME) == 0)
        return TRUE;
    }
  return FALSE;
}

void
lrlab_wheel_guard (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if ((GTK_IS_RANGE (root) || GTK_IS_SPIN_BUTTON (root)) && !is_guarded (root))
    {
      GtkEventController *c = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

      gtk_event_controller_set_name (c, GUARD_NAME);
      /* before the widget's own controller, which runs in the bubble phase */
      gtk_event_controller_set_propagation_phase (c, GTK_PHASE_CAPTURE);
      g_signal_connect (c, "scroll", G_CALLBACK (on_scroll), NULL);
      gtk_widget_add_controller (root, c);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    lrlab_wheel_guard (c);
}
