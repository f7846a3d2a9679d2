/* lrlab-window-keys.c: the playback and lesson keys, wherever the focus is
 *
 * One key controller on the window, in the capture phase, sees every key
 * before the focused widget does: after the timeline or a button was used,
 * Space still plays.  Only text input keeps its keys (typing a space into a
 * formula), and arrows stay with a focused slider unless a lesson question
 * is open or the window is in presenter mode — a presentation clicker
 * sends Page Down / Page Up or Right / Left.  When the scene has a lesson,
 * the clicker keys and Space drive it (reveal, play on, go back); without
 * one, Page Up/Down move ten steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lrlab-window.h"
#include "lrlab-window-keys.h"

/* Steps that Page Up / Page Down move without a lesson. */
#define PAGE_STEPS 10

static gboolean
focus_takes_text (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

/* The page is the one on screen: drawable, and the visible child of every
 * view stack above it (during a stack's transition the page it leaves can
 * still be drawn). */
static gboolean
page_shown (GtkWidget *page)
{
  if (!gtk_widget_is_drawable (page))
    return FALSE;
  for (GtkWidget *w = page, *parent; (parent = gtk_widget_get_parent (w)) != NULL; w = parent)
    if (ADW_IS_VIEW_STACK (parent) && adw_view_stack_get_visible_child (ADW_VIEW_STACK (parent)) != w)
      return FALSE;
  return TRUE;
}

static gboolean
focus_takes_arrows (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (GTK_IS_RANGE (focus) || gtk_widget_get_ancestor (focus, GTK_TYPE_RANGE) != NULL);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LrlabSurfacesPage     *page)
{
  GtkWindow *window = GTK_WINDOW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  gboolean lesson = lrlab_surfaces_page_has_lesson (page);
  gboolean asking = lrlab_surfaces_page_lesson_asking (page);
  gboolean presenter = LRLAB_IS_WINDOW (window) && lrlab_window_get_presenter (LRLAB_WINDOW (window));

  /* Shortcuts with Ctrl or Alt are the application's; only the surfaces
   * page plays. */
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      !page_shown (GTK_WIDGET (page)) || focus_takes_text (window))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (lesson && (asking || !lrlab_surfaces_page_get_playing (page)))
        lrlab_surfaces_page_lesson_next (page);
      else
        lrlab_surfaces_page_toggle_play (page);
      return GDK_EVENT_STOP;

    case GDK_KEY_period:
    case GDK_KEY_KP_Decimal:
      lrlab_surfaces_page_step (page);
      return GDK_EVENT_STOP;

    case GDK_KEY_r:
    case GDK_KEY_R:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      lrlab_surfaces_page_reset (page);
      return GDK_EVENT_STOP;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      lrlab_surfaces_page_seek_by (page, G_MAXINT / 2);
      return GDK_EVENT_STOP;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (!lesson || (!asking && !presenter && focus_takes_arrows (window)))
        return GDK_EVENT_PROPAGATE;
      G_GNUC_FALLTHROUGH;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      if (lesson)
        lrlab_surfaces_page_lesson_next (page);
      else
        lrlab_surfaces_page_seek_by (page, PAGE_STEPS);
      return GDK_EVENT_STOP;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (!lesson || (!asking && !presenter && focus_takes_arrows (window)))
        return GDK_EVENT_PROPAGATE;
      G_GNUC_FALLTHROUGH;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      if (lesson)
        lrlab_surfaces_page_lesson_previous (page);
      else
        lrlab_surfaces_page_seek_by (page, -PAGE_STEPS);
      return GDK_EVENT_STOP;

    case GDK_KEY_1: case GDK_KEY_2: case GDK_KEY_3: case GDK_KEY_4:
      return lrlab_surfaces_page_lesson_pick (page, (int) (keyval - GDK_KEY_1)) ? GDK_EVENT_STOP
                                                                                 : GDK_EVENT_PROPAGATE;
    case GDK_KEY_a: case GDK_KEY_b: case GDK_KEY_c: case GDK_KEY_d:
      return lrlab_surfaces_page_lesson_pick (page, (int) (keyval - GDK_KEY_a)) ? GDK_EVENT_STOP
                                                                                 : GDK_EVENT_PROPAGATE;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

void
lrlab_window_keys_attach (GtkWindow         *window,
                          LrlabSurfacesPage *page)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (page));

  gtk_event_controller_set_name (keys, LRLAB_WINDOW_KEYS_NAME);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), page, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
}
