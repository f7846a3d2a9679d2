/* lrlab-surfaces-lesson.c: the surfaces page's lesson — predict, then
 * reveal.  Playing into a lesson step's at_step pauses on a card with its
 * question; Reveal marks the answer, shows the explanation and plays on to
 * the next step.  A step fires once; seeking back before it (the timeline,
 * Reset, a previous question) arms it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lrlab-lesson-card.h"
#include "lrlab-surfaces-page-private.h"

static const LrLessonStep *
lesson_step (LrlabSurfacesPage *self,
             guint              index)
{
  return &g_array_index (self->lesson, LrLessonStep, index);
}

static guint
n_lesson_steps (LrlabSurfacesPage *self)
{
  return self->lesson != NULL ? self->lesson->len : 0;
}

static gboolean
card_shown (LrlabSurfacesPage *self)
{
  return gtk_widget_get_visible (self->lesson_card);
}

static void
hide_card (LrlabSurfacesPage *self)
{
  gtk_widget_set_visible (self->lesson_card, FALSE);
}

/* Shows step @index: paused at its step, its question on the card. */
static void
show_step (LrlabSurfacesPage *self,
           guint              index)
{
  const LrLessonStep *step = lesson_step (self, index);

  lrlab_surfaces_page_stop (self);
  if (lrlab_surfaces_page_current_step (self) != step->at_step)
    lrlab_surfaces_page_move_to (self, step->at_step);
  self->lesson_next = index + 1;
  lrlab_lesson_card_show_step (LRLAB_LESSON_CARD (self->lesson_card), step, index, n_lesson_steps (self));
  gtk_widget_set_visible (self->lesson_card, TRUE);
}

gboolean
lrlab_surfaces_page_lesson_due (LrlabSurfacesPage *self,
                                guint              step)
{
  return self->lesson_next < n_lesson_steps (self) &&
         lesson_step (self, self->lesson_next)->at_step <= step;
}

guint
lrlab_surfaces_page_lesson_due_step (LrlabSurfacesPage *self)
{
  return lesson_step (self, self->lesson_next)->at_step;
}

void
lrlab_surfaces_page_lesson_fire (LrlabSurfacesPage *self)
{
  if (self->lesson_next < n_lesson_steps (self))
    show_step (self, self->lesson_next);
}

void
lrlab_surfaces_page_lesson_skip (LrlabSurfacesPage *self,
                                 guint              step)
{
  while (lrlab_surfaces_page_lesson_due (self, step))
    self->lesson_next++;
}

void
lrlab_surfaces_page_lesson_seeked (LrlabSurfacesPage *self)
{
  guint step = lrlab_surfaces_page_current_step (self);
  guint i;

  hide_card (self);
  for (i = 0; i < n_lesson_steps (self) && lesson_step (self, i)->at_step < step; i++)
    ;
  self->lesson_next = i;
}

gboolean
lrlab_surfaces_page_lesson_asking (LrlabSurfacesPage *self)
{
  return card_shown (self) && !lrlab_lesson_card_get_revealed (LRLAB_LESSON_CARD (self->lesson_card));
}

void
lrlab_surfaces_page_set_lesson (LrlabSurfacesPage *self,
                                GArray            *steps)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  g_clear_pointer (&self->lesson, g_array_unref);
  if (steps != NULL && steps->len > 0)
    self->lesson = g_array_ref (steps);
  lrlab_surfaces_page_lesson_seeked (self);
}

gboolean
lrlab_surfaces_page_has_lesson (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);
  return n_lesson_steps (self) > 0;
}

gboolean
lrlab_surfaces_page_lesson_next (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);

  if (n_lesson_steps (self) == 0)
    return FALSE;
  if (lrlab_surfaces_page_lesson_asking (self))
    {
      lrlab_lesson_card_reveal (LRLAB_LESSON_CARD (self->lesson_card));
      if (self->position < self->steps)
        lrlab_surfaces_page_play (self);
      return TRUE;
    }
  if (!lrlab_surfaces_page_get_playing (self))
    {
      lrlab_surfaces_page_play (self);
      return TRUE;
    }
  /* Playing on after an answer: on to the next question. */
  if (self->lesson_next < n_lesson_steps (self))
    show_step (self, self->lesson_next);
  return TRUE;
}

gboolean
lrlab_surfaces_page_lesson_previous (LrlabSurfacesPage *self)
{
  int target;

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);

  if (n_lesson_steps (self) == 0)
    return FALSE;
  if (card_shown (self))
    {
      /* A revealed question is asked again; an open one goes to the one before. */
      target = (int) lrlab_lesson_card_get_index (LRLAB_LESSON_CARD (self->lesson_card));
      if (!lrlab_lesson_card_get_revealed (LRLAB_LESSON_CARD (self->lesson_card)))
        target--;
    }
  else
    target = (int) self->lesson_next - 1;

  lrlab_surfaces_page_stop (self);
  if (target < 0)
    {
      lrlab_surfaces_page_move_to (self, 0);
      lrlab_surfaces_page_lesson_seeked (self);
      return TRUE;
    }
  show_step (self, (guint) target);
  return TRUE;
}

gboolean
lrlab_surfaces_page_lesson_pick (LrlabSurfacesPage *self,
                                 int                choice)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);

  if (!lrlab_surfaces_page_lesson_asking (self))
    return FALSE;
  lrlab_lesson_card_pick (LRLAB_LESSON_CARD (self->lesson_card), choice);
  return TRUE;
}

GtkWidget *
lrlab_surfaces_page_get_lesson_card (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return self->lesson_card;
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  lrlab_surfaces_page_lesson_next (LRLAB_SURFACES_PAGE (widget));
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  lrlab_surfaces_page_lesson_previous (LRLAB_SURFACES_PAGE (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  hide_card (LRLAB_SURFACES_PAGE (widget));
}

/* The card at the bottom of the panels: as wide as they are up to a line
 * a class can read, as tall as its text at that width, and never taller
 * than the panels (it scrolls then). */
#define CARD_MAX_WIDTH 1100

static gboolean
place_card (GtkOverlay        *overlay,
            GtkWidget         *widget,
            GdkRectangle      *allocation,
            LrlabSurfacesPage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (overlay));
  int height = gtk_widget_get_height (GTK_WIDGET (overlay));
  int min_w, min_h, nat_h;

  if (widget != self->lesson_card)
    return FALSE;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  allocation->width = MAX (min_w, MIN (width, CARD_MAX_WIDTH));
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, allocation->width, &min_h, &nat_h, NULL, NULL);
  allocation->height = MAX (min_h, MIN (nat_h, height));
  allocation->x = (width - allocation->width) / 2;
  allocation->y = height - allocation->height;
  return TRUE;
}

void
lrlab_surfaces_page_init_lesson (LrlabSurfacesPage *self)
{
  self->lesson_card = lrlab_lesson_card_new ();
  gtk_widget_set_visible (self->lesson_card, FALSE);
  gtk_overlay_add_overlay (self->panel_overlay, self->lesson_card);
  g_signal_connect (self->panel_overlay, "get-child-position", G_CALLBACK (place_card), self);
}

void
lrlab_surfaces_page_bind_lesson (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "lesson.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "lesson.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "lesson.close", NULL, close_action);
}
