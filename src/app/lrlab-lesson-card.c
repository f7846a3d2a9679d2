/* lrlab-lesson-card.c: one lesson step on screen — the question, its two to
 * four answers the class picks from, and after Reveal the right answer
 * marked and the explanation
 *
 * The card's buttons activate the surfaces page's lesson actions
 * (lesson.next, lesson.previous, lesson.close), so a click, a key and a
 * clicker all take the same path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lrlab-lesson-card.h"

struct _LrlabLessonCard
{
  GtkWidget   parent_instance;

  GtkLabel   *heading;
  GtkLabel   *question;
  GtkBox     *choice_box;
  GtkWidget  *choices[LR_EXPERIMENT_MAX_CHOICES];
  GtkLabel   *choice_labels[LR_EXPERIMENT_MAX_CHOICES];
  GtkLabel   *explanation;
  GtkButton  *reveal_button;
  GtkLabel   *hint;
  GtkWidget  *scroller;
  GtkWidget  *box;

  char       *choice_texts[LR_EXPERIMENT_MAX_CHOICES];
  guint       n_choices;
  guint       answer;
  guint       index;
  int         picked;
  gboolean    revealed;
};

G_DEFINE_FINAL_TYPE (LrlabLessonCard, lrlab_lesson_card, GTK_TYPE_WIDGET)

/* A, B, C, D: how a class calls out its answer. */
static const char letters[] = "ABCD";

static void
update_choices (LrlabLessonCard *self)
{
  for (guint i = 0; i < LR_EXPERIMENT_MAX_CHOICES; i++)
    {
      GtkWidget *button = self->choices[i];
      g_autofree char *text = NULL;
      const char *mark = "";

      gtk_widget_set_visible (button, i < self->n_choices);
      if (i >= self->n_choices)
        continue;
      gtk_widget_remove_css_class (button, "picked");
      gtk_widget_remove_css_class (button, "correct");
      gtk_widget_remove_css_class (button, "wrong");
      if ((int) i == self->picked)
        gtk_widget_add_css_class (button, "picked");
      if (self->revealed && i == self->answer)
        {
          gtk_widget_add_css_class (button, "correct");
          mark = "✓ ";
        }
      else if (self->revealed && (int) i == self->picked)
        {
          gtk_widget_add_css_class (button, "wrong");
          mark = "✗ ";
        }
      text = g_strdup_printf ("%s%c  %s", mark, letters[i], self->choice_texts[i]);
      gtk_label_set_label (self->choice_labels[i], text);
    }
  gtk_label_set_label (self->hint, self->revealed
                       ? _("Page Down or Space goes on to the next question; Page Up asks this one again.")
                       : _("Pick an answer, then reveal it. Page Down or Space reveals and plays on; "
                           "Page Up goes back."));
  gtk_widget_set_visible (GTK_WIDGET (self->explanation), self->revealed);
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), !self->revealed);
}

static void
on_choice_clicked (GtkButton       *button,
                   LrlabLessonCard *self)
{
  for (guint i = 0; i < self->n_choices; i++)
    if (GTK_WIDGET (button) == self->choices[i])
      lrlab_lesson_card_pick (self, (int) i);
}

void
lrlab_lesson_card_show_step (LrlabLessonCard    *self,
                             const LrLessonStep *step,
                             guint               index,
                             guint               n_steps)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (LRLAB_IS_LESSON_CARD (self));
  g_return_if_fail (step != NULL);

  /* Translators: the heading of a lesson's question: its number and how many there are */
  heading = g_strdup_printf (_("Question %u of %u"), index + 1, n_steps);
  gtk_label_set_label (self->heading, heading);
  gtk_label_set_label (self->question, _(step->question));
  gtk_label_set_label (self->explanation, _(step->explain));
  self->n_choices = MIN (g_strv_length (step->choices), LR_EXPERIMENT_MAX_CHOICES);
  for (guint i = 0; i < LR_EXPERIMENT_MAX_CHOICES; i++)
    {
      g_free (self->choice_texts[i]);
      self->choice_texts[i] = i < self->n_choices ? g_strdup (_(step->choices[i])) : NULL;
    }
  self->answer = step->answer;
  self->index = index;
  self->picked = -1;
  self->revealed = FALSE;
  update_choices (self);
}

void
lrlab_lesson_card_pick (LrlabLessonCard *self,
                        int              choice)
{
  g_return_if_fail (LRLAB_IS_LESSON_CARD (self));

  if (self->revealed || choice >= (int) self->n_choices)
    return;
  self->picked = choice < 0 ? -1 : choice;
  update_choices (self);
}

int
lrlab_lesson_card_get_picked (LrlabLessonCard *self)
{
  g_return_val_if_fail (LRLAB_IS_LESSON_CARD (self), -1);
  return self->picked;
}

void
lrlab_lesson_card_reveal (LrlabLessonCard *self)
{
  g_return_if_fail (LRLAB_IS_LESSON_CARD (self));

  self->revealed = TRUE;
  update_choices (self);
}

gboolean
lrlab_lesson_card_get_revealed (LrlabLessonCard *self)
{
  g_return_val_if_fail (LRLAB_IS_LESSON_CARD (self), FALSE);
  return self->revealed;
}

guint
lrlab_lesson_card_get_index (LrlabLessonCard *self)
{
  g_return_val_if_fail (LRLAB_IS_LESSON_CARD (self), 0);
  return self->index;
}

const char *
lrlab_lesson_card_get_question (LrlabLessonCard *self)
{
  g_return_val_if_fail (LRLAB_IS_LESSON_CARD (self), NULL);
  return gtk_label_get_label (self->question);
}

const char *
lrlab_lesson_card_get_explanation (LrlabLessonCard *self)
{
  g_return_val_if_fail (LRLAB_IS_LESSON_CARD (self), NULL);
  return self->revealed ? gtk_label_get_label (self->explanation) : NULL;
}

static GtkLabel *
wrapped_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static GtkWidget *
action_button (const char *label,
               const char *icon,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = label ? gtk_button_new_with_mnemonic (label) : gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
lrlab_lesson_card_init (LrlabLessonCard *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *close;
  GtkWidget *back;
  GtkWidget *scroller = gtk_scrolled_window_new ();

  /* On a small screen (or with presenter mode's large text) the card
   * scrolls rather than growing past the panels. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_widget_set_parent (scroller, GTK_WIDGET (self));
  self->scroller = scroller;
  self->box = box;

  self->heading = wrapped_label ("lesson-heading");
  gtk_widget_set_hexpand (GTK_WIDGET (self->heading), TRUE);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->heading));
  close = action_button (NULL, "window-close-symbolic", "lesson.close", _("Close the Question"));
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_add_css_class (close, "circular");
  gtk_box_append (GTK_BOX (top), close);
  gtk_box_append (GTK_BOX (box), top);

  self->question = wrapped_label ("lesson-question");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->question));

  self->choice_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8));
  gtk_box_set_homogeneous (self->choice_box, TRUE);
  for (guint i = 0; i < LR_EXPERIMENT_MAX_CHOICES; i++)
    {
      self->choices[i] = gtk_button_new ();
      self->choice_labels[i] = wrapped_label (NULL);
      gtk_label_set_justify (self->choice_labels[i], GTK_JUSTIFY_LEFT);
      gtk_button_set_child (GTK_BUTTON (self->choices[i]), GTK_WIDGET (self->choice_labels[i]));
      gtk_widget_add_css_class (self->choices[i], "lesson-choice");
      g_signal_connect (self->choices[i], "clicked", G_CALLBACK (on_choice_clicked), self);
      gtk_box_append (self->choice_box, self->choices[i]);
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->choice_box));

  self->explanation = wrapped_label ("lesson-explanation");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->explanation));

  back = action_button (NULL, "go-previous-symbolic", "lesson.previous",
                        _("Previous Question (Page Up)"));
  gtk_box_append (GTK_BOX (bottom), back);
  self->hint = wrapped_label ("dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "caption");
  gtk_widget_set_hexpand (GTK_WIDGET (self->hint), TRUE);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->hint));
  self->reveal_button = GTK_BUTTON (action_button (_("_Reveal"), NULL, "lesson.next",
                                                   _("Reveal the Answer and Play On (Page Down)")));
  gtk_widget_add_css_class (GTK_WIDGET (self->reveal_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->reveal_button), "pill");
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->reveal_button));
  gtk_box_append (GTK_BOX (box), bottom);

  self->picked = -1;
  update_choices (self);
}

static void
lrlab_lesson_card_dispose (GObject *object)
{
  LrlabLessonCard *self = LRLAB_LESSON_CARD (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lrlab_lesson_card_parent_class)->dispose (object);
}

static void
lrlab_lesson_card_finalize (GObject *object)
{
  LrlabLessonCard *self = LRLAB_LESSON_CARD (object);

  for (guint i = 0; i < LR_EXPERIMENT_MAX_CHOICES; i++)
    g_free (self->choice_texts[i]);
  G_OBJECT_CLASS (lrlab_lesson_card_parent_class)->finalize (object);
}

/* The card asks for the height of its text at the width it gets, and can
 * shrink below it (the text scrolls then). */
static void
lrlab_lesson_card_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  LrlabLessonCard *self = LRLAB_LESSON_CARD (widget);

  gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int box_min, box_nat;

      gtk_widget_measure (self->box, orientation, for_size, &box_min, &box_nat, NULL, NULL);
      *natural = MAX (*minimum, box_nat);
    }
}

static void
lrlab_lesson_card_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  gtk_widget_allocate (LRLAB_LESSON_CARD (widget)->scroller, width, height, baseline, NULL);
}

static GtkSizeRequestMode
lrlab_lesson_card_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lrlab_lesson_card_class_init (LrlabLessonCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_lesson_card_dispose;
  object_class->finalize = lrlab_lesson_card_finalize;
  widget_class->measure = lrlab_lesson_card_measure;
  widget_class->size_allocate = lrlab_lesson_card_size_allocate;
  widget_class->get_request_mode = lrlab_lesson_card_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "lessoncard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

GtkWidget *
lrlab_lesson_card_new (void)
{
  return g_object_new (LRLAB_TYPE_LESSON_CARD, NULL);
}
