/* lrlab-surfaces-playback.c: the surfaces page plays its runs — the step
 * shown, the frame-clock animation at a speed in steps per second, and the
 * timeline under the panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lrlab-surfaces-page-private.h"

void
lrlab_surfaces_page_update_step_widgets (LrlabSurfacesPage *self)
{
  g_autofree char *text = NULL;
  guint step = lrlab_surfaces_page_current_step (self);

  self->updating = TRUE;
  gtk_adjustment_set_upper (self->timeline_adjustment, self->steps);
  gtk_adjustment_set_value (self->timeline_adjustment, step);
  self->updating = FALSE;

  /* Translators: the current step of the animation and the total */
  text = g_strdup_printf (_("step %u / %u"), step, self->steps);
  gtk_label_set_label (self->step_label, text);
  gtk_button_set_icon_name (self->play_button, self->tick_id ? "media-playback-pause-symbolic"
                                                            : "media-playback-start-symbolic");
}

static void
set_position (LrlabSurfacesPage *self,
              double             position)
{
  guint old = lrlab_surfaces_page_current_step (self);

  position = CLAMP (position, 0, self->steps);
  self->position = position;
  lrlab_surfaces_page_update_panels (self);
  if (lrlab_surfaces_page_current_step (self) != old)
    {
      lrlab_surfaces_page_update_step_widgets (self);
      g_object_notify_by_pspec (G_OBJECT (self), lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_STEP]);
    }
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  LrlabSurfacesPage *self = LRLAB_SURFACES_PAGE (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double dt, target;

  if (self->last_frame_time == 0)
    self->last_frame_time = now;
  dt = (now - self->last_frame_time) / (double) G_USEC_PER_SEC;
  self->last_frame_time = now;

  /* Never jump more than a tenth of a second after a stall. */
  dt = MIN (dt, 0.1);
  target = self->position + self->speed * dt;
  if (lrlab_surfaces_page_lesson_due (self, (guint) floor (MIN (target, self->steps))))
    {
      /* A lesson step: pause on it and ask. */
      set_position (self, lrlab_surfaces_page_lesson_due_step (self));
      lrlab_surfaces_page_lesson_fire (self);
      return G_SOURCE_REMOVE;
    }
  set_position (self, target);

  if (self->position >= self->steps)
    {
      lrlab_surfaces_page_stop (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
lrlab_surfaces_page_stop (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  if (self->tick_id == 0)
    return;
  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  /* Land on a whole step. */
  self->position = floor (self->position);
  lrlab_surfaces_page_update_panels (self);
  lrlab_surfaces_page_update_step_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_PLAYING]);
}

gboolean
lrlab_surfaces_page_get_playing (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);
  return self->tick_id != 0;
}

void
lrlab_surfaces_page_play (LrlabSurfacesPage *self)
{
  if (self->tick_id != 0)
    return;
  if (self->position >= self->steps)
    {
      set_position (self, 0);
      lrlab_surfaces_page_lesson_seeked (self);
    }
  if (lrlab_surfaces_page_lesson_due (self, lrlab_surfaces_page_current_step (self)))
    {
      lrlab_surfaces_page_lesson_fire (self);
      return;
    }
  self->last_frame_time = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  lrlab_surfaces_page_update_step_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_PLAYING]);
}

void
lrlab_surfaces_page_toggle_play (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  if (self->tick_id != 0)
    lrlab_surfaces_page_stop (self);
  else if (lrlab_surfaces_page_lesson_asking (self))
    lrlab_surfaces_page_lesson_next (self);   /* playing on reveals the answer */
  else
    lrlab_surfaces_page_play (self);
}

void
lrlab_surfaces_page_step (LrlabSurfacesPage *self)
{
  guint next;

  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  lrlab_surfaces_page_stop (self);
  next = MIN (lrlab_surfaces_page_current_step (self) + 1, self->steps);
  /* Stepping away from a question not asked yet skips it; one stepped
   * onto is asked. */
  lrlab_surfaces_page_lesson_skip (self, lrlab_surfaces_page_current_step (self));
  set_position (self, next);
  if (lrlab_surfaces_page_lesson_due (self, next))
    lrlab_surfaces_page_lesson_fire (self);
}

void
lrlab_surfaces_page_move_to (LrlabSurfacesPage *self,
                             guint              step)
{
  set_position (self, step);
}

void
lrlab_surfaces_page_seek_by (LrlabSurfacesPage *self,
                             int                delta)
{
  double target;

  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  lrlab_surfaces_page_stop (self);
  target = CLAMP ((double) lrlab_surfaces_page_current_step (self) + delta, 0, self->steps);
  set_position (self, target);
  lrlab_surfaces_page_update_step_widgets (self);
  lrlab_surfaces_page_lesson_seeked (self);
}

void
lrlab_surfaces_page_reset (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  lrlab_surfaces_page_stop (self);
  set_position (self, 0);
  lrlab_surfaces_page_update_step_widgets (self);
  lrlab_surfaces_page_lesson_seeked (self);
}

guint
lrlab_surfaces_page_get_step (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), 0);
  return lrlab_surfaces_page_current_step (self);
}

void
lrlab_surfaces_page_set_step (LrlabSurfacesPage *self,
                              guint              step)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  set_position (self, step);
  lrlab_surfaces_page_lesson_seeked (self);
}

static void
on_timeline_changed (LrlabSurfacesPage *self)
{
  if (self->updating)
    return;
  set_position (self, gtk_adjustment_get_value (self->timeline_adjustment));
  lrlab_surfaces_page_lesson_seeked (self);
}

void
lrlab_surfaces_page_update_speed_label (LrlabSurfacesPage *self)
{
  /* Translators: animation speed */
  g_autofree char *text = g_strdup_printf (_("%.0f steps/s"), self->speed);
  gtk_label_set_label (self->speed_label, text);
}

static void
on_speed_changed (LrlabSurfacesPage *self)
{
  double speed = pow (10, gtk_adjustment_get_value (self->speed_adjustment));

  if (self->updating)
    return;
  speed = CLAMP (speed, 1, 1000);
  if (fabs (speed - self->speed) < 1e-9)
    return;
  self->speed = speed;
  lrlab_surfaces_page_update_speed_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_SPEED]);
}

void
lrlab_surfaces_page_bind_playback (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_changed);
}
