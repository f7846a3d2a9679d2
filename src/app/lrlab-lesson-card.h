/* lrlab-lesson-card.h: one lesson step on screen — the question, its two to
 * four answers the class picks from, and after Reveal the right answer
 * marked and the explanation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-experiment.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_LESSON_CARD (lrlab_lesson_card_get_type ())

G_DECLARE_FINAL_TYPE (LrlabLessonCard, lrlab_lesson_card, LRLAB, LESSON_CARD, GtkWidget)

GtkWidget  *lrlab_lesson_card_new          (void);
/* Shows @step (its texts translated), number @index of @n_steps, unrevealed
 * and with no answer picked. */
void        lrlab_lesson_card_show_step    (LrlabLessonCard    *self,
                                            const LrLessonStep *step,
                                            guint               index,
                                            guint               n_steps);
/* Highlights answer @choice (-1: none); ignored once revealed. */
void        lrlab_lesson_card_pick         (LrlabLessonCard    *self,
                                            int                 choice);
int         lrlab_lesson_card_get_picked   (LrlabLessonCard    *self);
/* Marks the right answer (and a wrong pick) and shows the explanation. */
void        lrlab_lesson_card_reveal       (LrlabLessonCard    *self);
gboolean    lrlab_lesson_card_get_revealed (LrlabLessonCard    *self);
guint       lrlab_lesson_card_get_index    (LrlabLessonCard    *self);
/* The texts shown: the question, and the explanation (NULL until revealed). */
const char *lrlab_lesson_card_get_question (LrlabLessonCard    *self);
const char *lrlab_lesson_card_get_explanation (LrlabLessonCard *self);

G_END_DECLS
