/* test-lesson.c: lessons in the app and the keys that drive them and the
 * playback, through the user's path: the scene plays into a lesson step
 * and asks, the class picks an answer on the card, the clicker's keys reach
 * the window's key controller wherever the focus is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "app-test-util.h"
#include "lrlab-application.h"
#include "lrlab-lesson-card.h"
#include "lrlab-scenes.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"
#include "lrlab-window-keys.h"

static LrlabWindow *
make_window (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  gint64 until;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  lrlab_window_set_page (window, "surfaces");
  gtk_window_present (GTK_WINDOW (window));
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  iterate ();
  return window;
}

static gpointer
find_one (GtkWidget  *widget,
          GType       type,
          const char *buildable_id)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  find_all (widget, type, all);
  for (guint i = 0; i < all->len; i++)
    if (buildable_id == NULL ||
        g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (all->pdata[i])), buildable_id) == 0)
      return all->pdata[i];
  g_error ("no %s%s%s", g_type_name (type), buildable_id ? " " : "", buildable_id ? buildable_id : "");
  return NULL;
}

/* A key press as the window's key controller receives it from GTK. */
static gboolean
press (LrlabWindow *window,
       guint        keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), LRLAB_WINDOW_KEYS_NAME) == 0)
        {
          g_assert_cmpint (gtk_event_controller_get_propagation_phase (c), ==, GTK_PHASE_CAPTURE);
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          iterate ();
          return handled;
        }
    }
  g_error ("the window has no key controller named %s", LRLAB_WINDOW_KEYS_NAME);
  return FALSE;
}

/* Lets the frame clock play until the page pauses (or @seconds pass). */
static void
play_until_paused (LrlabSurfacesPage *page,
                   double             seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (lrlab_surfaces_page_get_playing (page) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static const LrLessonStep *
scene_step (const char *scene_id,
            guint       index)
{
  const LrlabScene *scene = lrlab_scenes_lookup (scene_id);

  g_assert_nonnull (scene);
  g_assert_cmpuint (scene->lesson_steps->len, >, index);
  return &g_array_index (scene->lesson_steps, LrLessonStep, index);
}

static void
assert_asking (LrlabSurfacesPage *page,
               const char        *scene_id,
               guint              index)
{
  const LrLessonStep *step = scene_step (scene_id, index);
  LrlabLessonCard *card = LRLAB_LESSON_CARD (lrlab_surfaces_page_get_lesson_card (page));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_true (lrlab_surfaces_page_lesson_asking (page));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, step->at_step);
  g_assert_cmpuint (lrlab_lesson_card_get_index (card), ==, index);
  g_assert_cmpstr (lrlab_lesson_card_get_question (card), ==, _(step->question));
  g_assert_null (lrlab_lesson_card_get_explanation (card));
}

/* The choice buttons on the card, in order. */
static GPtrArray *
choice_buttons (GtkWidget *card)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GPtrArray *choices = g_ptr_array_new ();

  find_all (card, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (buttons->pdata[i], "lesson-choice") &&
        gtk_widget_get_visible (buttons->pdata[i]))
      g_ptr_array_add (choices, buttons->pdata[i]);
  return choices;
}

static void
test_lesson_plays (void)
{
  const char *id = "too-low-just-right-too-high";
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_one (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE, NULL);
  GtkWidget *card = lrlab_surfaces_page_get_lesson_card (page);
  g_autoptr(GPtrArray) choices = NULL;
  const LrLessonStep *first = scene_step (id, 0);
  const LrLessonStep *second = scene_step (id, 1);

  /* Choosing the scene plays it: its first question is at step 0. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", id));
  g_assert_true (lrlab_surfaces_page_has_lesson (page));
  assert_asking (page, id, 0);
  g_assert_true (gtk_widget_get_mapped (card));

  /* The class picks an answer: highlighted, not judged. */
  choices = choice_buttons (card);
  g_assert_cmpuint (choices->len, ==, g_strv_length (first->choices));
  g_assert_cmpuint (first->answer, !=, 0);
  g_signal_emit_by_name (choices->pdata[0], "clicked");
  g_assert_cmpint (lrlab_lesson_card_get_picked (LRLAB_LESSON_CARD (card)), ==, 0);
  g_assert_true (gtk_widget_has_css_class (choices->pdata[0], "picked"));
  g_assert_false (gtk_widget_has_css_class (choices->pdata[0], "wrong"));
  g_assert_false (gtk_widget_has_css_class (choices->pdata[first->answer], "correct"));
  g_assert_true (lrlab_surfaces_page_lesson_asking (page));
  /* a key picks too: '2' is the second answer */
  g_assert_true (press (window, GDK_KEY_2));
  g_assert_cmpint (lrlab_lesson_card_get_picked (LRLAB_LESSON_CARD (card)), ==, 1);
  g_assert_true (press (window, GDK_KEY_a));
  g_assert_cmpint (lrlab_lesson_card_get_picked (LRLAB_LESSON_CARD (card)), ==, 0);

  /* Page Down reveals: the answer marked, the wrong pick too, the
   * explanation shown, and it plays on. */
  g_assert_true (press (window, GDK_KEY_Page_Down));
  g_assert_true (lrlab_lesson_card_get_revealed (LRLAB_LESSON_CARD (card)));
  g_assert_true (gtk_widget_has_css_class (choices->pdata[first->answer], "correct"));
  g_assert_true (gtk_widget_has_css_class (choices->pdata[0], "wrong"));
  g_assert_cmpstr (lrlab_lesson_card_get_explanation (LRLAB_LESSON_CARD (card)), ==, _(first->explain));
  g_assert_true (lrlab_surfaces_page_get_playing (page));

  /* ... until the next step's at_step, where it pauses and asks. */
  play_until_paused (page, 10);
  assert_asking (page, id, 1);
  g_assert_cmpuint (second->at_step, >, 0);

  /* Page Up: back to the question before, at its step. */
  g_assert_true (press (window, GDK_KEY_Page_Up));
  assert_asking (page, id, 0);
  /* Right (a clicker's forward) reveals and plays; Left asks it again. */
  g_assert_true (press (window, GDK_KEY_Right));
  g_assert_true (lrlab_lesson_card_get_revealed (LRLAB_LESSON_CARD (card)));
  g_assert_true (lrlab_surfaces_page_get_playing (page));
  g_assert_true (press (window, GDK_KEY_Left));
  assert_asking (page, id, 0);

  /* Space is the presenter's forward too; the Reveal button the same. */
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_true (lrlab_lesson_card_get_revealed (LRLAB_LESSON_CARD (card)));
  play_until_paused (page, 10);
  assert_asking (page, id, 1);
  g_assert_true (gtk_widget_activate_action (card, "lesson.next", NULL));
  g_assert_true (lrlab_lesson_card_get_revealed (LRLAB_LESSON_CARD (card)));
  g_assert_true (lrlab_surfaces_page_get_playing (page));

  /* Space pauses what plays on; seeking past a step and back before it
   * arms it again. */
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  lrlab_surfaces_page_set_step (page, second->at_step + 5);
  g_assert_false (gtk_widget_get_visible (card));
  lrlab_surfaces_page_set_step (page, second->at_step - 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  play_until_paused (page, 10);
  assert_asking (page, id, 1);

  /* Reset (R) arms the first again: playing asks it at once. */
  g_assert_true (press (window, GDK_KEY_r));
  g_assert_false (gtk_widget_get_visible (card));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  assert_asking (page, id, 0);

  /* The close button hides the card. */
  g_assert_true (gtk_widget_activate_action (card, "lesson.close", NULL));
  g_assert_false (gtk_widget_get_visible (card));

  g_ptr_array_unref (g_steal_pointer (&choices));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* After the timeline (or any widget) was used, the playback keys still act
 * on the playback; typed into text they stay text. */
static void
test_keys_wherever_focus_is (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_one (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE, NULL);
  GtkWidget *timeline = find_one (GTK_WIDGET (window), GTK_TYPE_SCALE, "timeline");
  GtkWidget *steps_spin = find_one (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON, "steps_spin");
  GtkWidget *play_button = find_one (GTK_WIDGET (window), GTK_TYPE_BUTTON, "play_button");
  GtkWidget *focus;
  guint steps;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "saddle-point"));
  g_assert_false (lrlab_surfaces_page_has_lesson (page));
  g_assert_true (press (window, GDK_KEY_Home));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  steps = (guint) gtk_adjustment_get_upper (gtk_range_get_adjustment (GTK_RANGE (timeline)));

  /* the timeline dragged, and keeping the focus */
  gtk_widget_grab_focus (timeline);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == timeline);
  gtk_range_set_value (GTK_RANGE (timeline), 20);
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 20);
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_true (lrlab_surfaces_page_get_playing (page));
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == timeline);

  g_assert_true (press (window, GDK_KEY_Home));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 0);
  g_assert_true (press (window, GDK_KEY_period));
  g_assert_true (press (window, GDK_KEY_period));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 2);
  g_assert_true (press (window, GDK_KEY_Page_Down));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 12);
  g_assert_true (press (window, GDK_KEY_Page_Up));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 2);
  g_assert_true (press (window, GDK_KEY_End));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, steps);
  g_assert_true (press (window, GDK_KEY_R));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 0);
  /* Without a lesson the slider keeps its arrows. */
  g_assert_false (press (window, GDK_KEY_Right));

  /* a button focused: Space plays, it does not press the button twice */
  gtk_widget_grab_focus (play_button);
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_true (lrlab_surfaces_page_get_playing (page));
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_false (lrlab_surfaces_page_get_playing (page));

  /* typing into the steps field: the space, the point and the digits are text */
  gtk_widget_grab_focus (steps_spin);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  g_assert_false (press (window, GDK_KEY_space));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  g_assert_false (press (window, GDK_KEY_period));
  g_assert_false (press (window, GDK_KEY_r));
  g_assert_false (press (window, GDK_KEY_Page_Down));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 0);

  /* On the classifier page the keys are not the surfaces' playback. */
  gtk_widget_grab_focus (timeline);
  lrlab_window_set_page (window, "classifier");
  iterate ();
  g_assert_false (press (window, GDK_KEY_space));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  lrlab_window_set_page (window, "surfaces");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* In presenter mode a clicker's Right/Left drive the lesson even from a
 * focused slider; outside it the slider keeps them unless a question is open. */
static void
test_presenter_clicker (void)
{
  const char *id = "too-low-just-right-too-high";
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_one (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE, NULL);
  GtkWidget *timeline = find_one (GTK_WIDGET (window), GTK_TYPE_SCALE, "timeline");
  GtkWidget *card = lrlab_surfaces_page_get_lesson_card (page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", id));
  assert_asking (page, id, 0);
  g_assert_true (gtk_widget_activate_action (card, "lesson.close", NULL));
  gtk_widget_grab_focus (timeline);
  /* the question closed, not presenting: Right is the slider's */
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (page)));
  g_assert_false (press (window, GDK_KEY_Right));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presenter", NULL));
  g_assert_true (lrlab_window_get_presenter (window));
  iterate ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presenter"));
  {
    gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (!gtk_widget_get_mapped (GTK_WIDGET (page)) && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    iterate ();
  }
  /* presenting: Left asks the last question again, Right reveals it */
  g_assert_true (press (window, GDK_KEY_Left));
  assert_asking (page, id, 0);
  g_assert_true (press (window, GDK_KEY_Right));
  g_assert_true (lrlab_lesson_card_get_revealed (LRLAB_LESSON_CARD (card)));
  play_until_paused (page, 10);
  assert_asking (page, id, 1);
  /* Page Down while it plays on goes on to the next question at once. */
  g_assert_true (press (window, GDK_KEY_Page_Down));
  g_assert_true (lrlab_surfaces_page_get_playing (page));
  g_assert_true (press (window, GDK_KEY_Page_Down));
  assert_asking (page, id, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-presenter", NULL));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  /* Without a display (e.g. a build sandbox) there is nothing to test. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/lesson/plays", test_lesson_plays);
  g_test_add_func ("/lesson/keys-wherever-focus-is", test_keys_wherever_focus_is);
  g_test_add_func ("/lesson/presenter-clicker", test_presenter_clicker);

  return g_test_run ();
}
