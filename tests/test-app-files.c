/* test-app-files.c: experiments as files in the app — Save, Open, the title
 * and its modified mark, "Save changes?", recent experiments, dropped files
 * and lrlab FILE.lrlab — driven as a person drives them, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "app-test-util.h"
#include "lr-experiment.h"
#include "lrlab-application.h"
#include "lrlab-classifier-page.h"
#include "lrlab-dialogs.h"
#include "lrlab-document.h"
#include "lrlab-experiment-state.h"
#include "lrlab-run.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

static char *tmp_dir;

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @done holds (at most ten seconds). */
static gboolean
wait_for (Condition done,
          gpointer  data)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  return done (data);
}

static gpointer
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      gpointer found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static LrlabWindow *
make_window (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  return window;
}

static LrlabSurfacesPage *
surfaces_of (LrlabWindow *window)
{
  return find_type (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE);
}

static LrlabClassifierPage *
classifier_of (LrlabWindow *window)
{
  return find_type (GTK_WIDGET (window), LRLAB_TYPE_CLASSIFIER_PAGE);
}

static LrlabRun *
run_at (GListModel *runs,
        guint       i)
{
  LrlabRun *run = g_list_model_get_item (runs, i);

  g_object_unref (run);   /* the list keeps it */
  return run;
}

/* What the window's pages show, as the text an experiment file holds. */
static char *
shown (LrlabWindow *window)
{
  g_autoptr(LrExperiment) e = lrlab_experiment_state_capture (surfaces_of (window), classifier_of (window), NULL);

  return lr_experiment_to_json (e);
}

static void
destroy_window (LrlabWindow *window)
{
  lrlab_surfaces_page_stop (surfaces_of (window));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static gboolean
document_has_file (gpointer data)
{
  LrlabDocument *document = lrlab_window_get_document (data);
  GFile *file = lrlab_document_get_file (document);

  return file != NULL && !lrlab_document_get_modified (document);
}

static gboolean
document_modified (gpointer data)
{
  return lrlab_document_get_modified (lrlab_window_get_document (data));
}

static gboolean
document_clean (gpointer data)
{
  return !lrlab_document_get_modified (lrlab_window_get_document (data));
}

/* A message dialog (AdwMessageDialog, or AdwAlertDialog on libadwaita 1.5)
 * shown for @window; NULL when there is none. */
static GtkWidget *
find_message (LrlabWindow *window)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return find_type (GTK_WIDGET (window), ADW_TYPE_ALERT_DIALOG);
#else
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
#endif
}

static gboolean
has_message (gpointer data)
{
  return find_message (data) != NULL;
}

static const char *
message_body (GtkWidget *dialog)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog));
#else
  return adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
#endif
}

/* Clicks the dialog's button labelled @label, as a person would. */
static void
click (GtkWidget  *dialog,
       const char *label)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, dialog);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
        {
          g_signal_emit_by_name (w, "clicked");
          iterate ();
          return;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_error ("no button %s", label);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* ---- save, then open: both pages come back ------------------------------------------ */

static void
test_save_and_open (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *surfaces = surfaces_of (window);
  LrlabClassifierPage *classifier = classifier_of (window);
  GListModel *runs = lrlab_surfaces_page_get_runs (surfaces);
  g_autofree char *path = tmp_path ("saved.lrlab");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LrExperiment) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const LrExperimentRun *r;
  GdkRGBA pink;
  LrlabWindow *other;

  lrlab_window_load_scene (window, "momentum");
  lrlab_surfaces_page_stop (surfaces);
  g_assert_cmpuint (g_list_model_get_n_items (runs), >=, 2);

  /* Changes to both pages, as the run rows and panels make them. */
  lrlab_run_set_lr (run_at (runs, 0), 0.0123);
  lrlab_run_set_label (run_at (runs, 0), "mine");
  lrlab_run_set_visible (run_at (runs, 1), FALSE);
  gdk_rgba_parse (&pink, "#c061cb");
  lrlab_run_set_color (run_at (runs, 0), &pink);
  g_assert_true (lrlab_run_set_schedule (run_at (runs, 0), "cosine:T_max=50", NULL));
  lrlab_surfaces_page_set_start (surfaces, 1.5, -2.25);
  lrlab_surfaces_page_set_steps (surfaces, 77);
  g_assert_true (lrlab_surfaces_page_set_noise (surfaces, "sigma=0.25,batch=4,seed=7", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.overlay", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sharpness-plot", NULL));
  g_assert_true (lrlab_classifier_page_set_model (classifier, "mlp:hidden=16/8,act=tanh", NULL));
  lrlab_classifier_page_set_schedule (classifier, 4, 24, 11);
  g_assert_true (lrlab_classifier_page_set_runs (classifier,
                                                 (const char *[]) { "adam:lr=0.002", "sgd:lr=0.05@step:step_size=2", NULL },
                                                 NULL));
  g_assert_true (wait_for (document_modified, window));
  before = shown (window);

  lrlab_dialogs_answer_next (file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (wait_for (document_has_file, window));
  g_assert_true (g_file_equal (lrlab_document_get_file (lrlab_window_get_document (window)), file));

  /* The file says what the pages showed. */
  read = lr_experiment_load_file (file, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *spec = lr_surface_to_spec (lrlab_surfaces_page_get_surface (surfaces));

    g_assert_cmpstr (read->surface, ==, spec);
  }
  g_assert_cmpfloat (read->start[0], ==, 1.5);
  g_assert_cmpfloat (read->start[1], ==, -2.25);
  g_assert_cmpuint (read->steps, ==, 77);
  g_assert_cmpstr (read->layout, ==, "overlay");
  g_assert_cmpstr (read->plot, ==, "sharpness");
  g_assert_cmpstr (read->noise, ==, "sigma=0.25,batch=4,seed=7");
  g_assert_cmpuint (read->runs->len, ==, g_list_model_get_n_items (runs));
  r = g_ptr_array_index (read->runs, 0);
  g_assert_cmpstr (r->optimizer, ==, lrlab_run_get_optimizer (run_at (runs, 0)));
  g_assert_nonnull (strstr (r->optimizer, "lr=0.0123"));
  g_assert_cmpstr (r->schedule, ==, "cosine:T_max=50");
  g_assert_cmpstr (r->label, ==, "mine");
  g_assert_cmpstr (r->color, ==, "#c061cb");
  g_assert_false (((LrExperimentRun *) g_ptr_array_index (read->runs, 1))->visible);
  g_assert_nonnull (read->classifier);
  g_assert_cmpstr (read->classifier->dataset, ==, "digits");
  g_assert_cmpstr (read->classifier->model, ==, "mlp:hidden=16/8,act=tanh");
  g_assert_cmpuint (read->classifier->epochs, ==, 4);
  g_assert_cmpuint (read->classifier->batch_size, ==, 24);
  g_assert_cmpuint (read->classifier->seed, ==, 11);
  g_assert_cmpuint (read->classifier->runs->len, ==, 2);
  r = g_ptr_array_index (read->classifier->runs, 1);
  g_assert_cmpstr (r->schedule, ==, "step:step_size=2");

  /* A new window opens it through Open…: both pages show the same again. */
  other = make_window ();
  {
    g_autofree char *fresh = shown (other);
    g_autofree char *after = NULL;

    g_assert_cmpstr (fresh, !=, before);
    lrlab_dialogs_answer_next (file);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "win.open", NULL));
    g_assert_true (wait_for (document_has_file, other));
    after = shown (other);
    g_assert_cmpstr (after, ==, before);
  }
  g_assert_cmpstr (lrlab_run_get_label (run_at (lrlab_surfaces_page_get_runs (surfaces_of (other)), 0)), ==, "mine");
  g_assert_cmpuint (lrlab_classifier_page_get_seed (classifier_of (other)), ==, 11);
  {
    g_autofree char *noise = lrlab_surfaces_page_get_noise (surfaces_of (other));

    g_assert_cmpstr (noise, ==, "sigma=0.25,batch=4,seed=7");
  }
  /* the lesson comes with the file: its questions are asked again */
  g_assert_cmpuint (read->lesson->len, >, 0);
  g_assert_true (lrlab_surfaces_page_has_lesson (surfaces_of (other)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (other)), ==, gtk_window_get_title (GTK_WINDOW (window)));

  /* The momentum scene's claims and lessons travel with it where they
   * still fit. */
  g_assert_cmpuint (read->lesson->len, >, 0);

  destroy_window (other);
  destroy_window (window);
  g_unlink (path);
}

/* ---- a bad file: a message naming the key, nothing changed ---------------------------- */

static void
test_open_malformed (void)
{
  static const struct {
    const char *contents;
    const char *names;    /* in the message */
  } cases[] = {
    { "{ not json", "" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"steps\": \"ten\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'steps'" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd:lr=-1\"}]}", "runs[0].optimizer" },
    { "{\"lrlab\": 9, \"surface\": \"bowl\", \"runs\": []}", "newer version" },
    { "{\"lrlab\": 1, \"surface\": \"nosuch\", \"runs\": [{\"optimizer\": \"sgd\"}]}", "'surface'" },
    /* valid for the command line, more runs than the panels show */
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}, {\"optimizer\": \"sgd\"},"
      " {\"optimizer\": \"sgd\"}, {\"optimizer\": \"sgd\"}, {\"optimizer\": \"sgd\"}, {\"optimizer\": \"sgd\"},"
      " {\"optimizer\": \"sgd\"}]}", "'runs'" },
    { "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}],"
      " \"classifier\": {\"model\": \"mlp:hidden=x\"}}", "classifier.model" },
  };
  LrlabWindow *window = make_window ();
  g_autofree char *path = tmp_path ("bad.lrlab");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *title = NULL;
  g_autofree char *before = NULL;

  lrlab_surfaces_page_stop (surfaces_of (window));
  lrlab_run_set_lr (run_at (lrlab_surfaces_page_get_runs (surfaces_of (window)), 0), 0.0321);
  g_assert_true (wait_for (document_modified, window));
  title = g_strdup (gtk_window_get_title (GTK_WINDOW (window)));
  before = shown (window);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *dialog;
      g_autofree char *after = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));
      /* Opening asks first about the changes; they are discarded... */
      lrlab_window_open_file (window, file);
      iterate ();
      dialog = lrlab_window_get_save_changes_dialog (window);
      g_assert_nonnull (dialog);
      click (dialog, "_Discard");
      /* ...yet the file is refused, and the window shows what it showed. */
      g_assert_true (wait_for (has_message, window));
      dialog = find_message (window);
      g_test_message ("%s", message_body (dialog));
      g_assert_nonnull (strstr (message_body (dialog), "bad.lrlab"));
      g_assert_nonnull (strstr (message_body (dialog), cases[i].names));
      click (dialog, "_Close");
      g_assert_false (has_message (window));
      after = shown (window);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
      g_assert_null (lrlab_document_get_file (lrlab_window_get_document (window)));
      g_assert_true (lrlab_document_get_modified (lrlab_window_get_document (window)));
    }
  destroy_window (window);
  g_unlink (path);
}

/* ---- a preset of the classifier page ------------------------------------------------- */

static void
test_preset (void)
{
  LrlabWindow *window = make_window ();
  LrlabClassifierPage *classifier = classifier_of (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preset", "s", "edge-of-stability"));
  iterate ();
  g_assert_false (has_message (window));
  g_assert_cmpuint (lrlab_classifier_page_get_epochs (classifier), ==, 600);
  g_assert_cmpuint (lrlab_classifier_page_get_batch_size (classifier), ==, LR_TRAIN_BATCH_FULL);
  g_assert_cmpuint (lrlab_classifier_page_get_sharpness_every (classifier), ==, 10);
  g_assert_cmpstr (lrlab_classifier_page_get_model (classifier), ==, "mlp:hidden=64,act=tanh,loss=mse,init=torch");
  g_assert_cmpuint (g_list_model_get_n_items (lrlab_classifier_page_get_runs (classifier)), ==, 3);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (classifier)));
  /* a fresh experiment named after it, nothing to save yet */
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Edge of Stability"));
  lrlab_document_check (lrlab_window_get_document (window));
  g_assert_false (lrlab_document_get_modified (lrlab_window_get_document (window)));
  g_assert_null (lrlab_document_get_file (lrlab_window_get_document (window)));
  destroy_window (window);
}

/* ---- title and marker ------------------------------------------------------------------ */

static void
test_title_marker (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *surfaces = surfaces_of (window);
  LrlabRun *run;
  g_autofree char *path = tmp_path ("Marked.lrlab");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *marked = NULL;
  const char *title;
  double lr;

  lrlab_window_load_scene (window, "schedules");
  lrlab_surfaces_page_stop (surfaces);
  iterate ();
  title = lrlab_surfaces_page_get_title (surfaces);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  g_assert_false (lrlab_document_get_modified (lrlab_window_get_document (window)));

  /* A change marks it... */
  run = run_at (lrlab_surfaces_page_get_runs (surfaces), 0);
  lr = lrlab_run_get_lr (run);
  lrlab_run_set_lr (run, lr * 2);
  g_assert_true (wait_for (document_modified, window));
  marked = g_strconcat ("• ", title, NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, marked);
  /* ...undoing it clears the mark... */
  lrlab_run_set_lr (run, lr);
  g_assert_true (wait_for (document_clean, window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  /* ...so do changes of the surface, the steps, the layout, the classifier. */
  lrlab_surfaces_page_set_steps (surfaces, lrlab_surfaces_page_get_steps (surfaces) + 1);
  g_assert_true (wait_for (document_modified, window));
  lrlab_surfaces_page_set_steps (surfaces, lrlab_surfaces_page_get_steps (surfaces) - 1);
  g_assert_true (wait_for (document_clean, window));
  g_assert_true (lrlab_surfaces_page_set_surface (surfaces, "rosenbrock", NULL));
  g_assert_true (wait_for (document_modified, window));
  lrlab_window_load_scene (window, "schedules");
  g_assert_true (wait_for (document_clean, window));
  lrlab_classifier_page_set_schedule (classifier_of (window),
                                      lrlab_classifier_page_get_epochs (classifier_of (window)) + 1, 32, 0);
  g_assert_true (wait_for (document_modified, window));

  /* Saving clears it; the file's name is the subtitle. */
  lrlab_dialogs_answer_next (file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", NULL));
  g_assert_true (wait_for (document_has_file, window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  {
    AdwWindowTitle *header = find_type (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE);

    g_assert_cmpstr (adw_window_title_get_title (header), ==, title);
    g_assert_cmpstr (adw_window_title_get_subtitle (header), ==, "Marked.lrlab");
  }

  /* Changed again, Save writes to the same file without asking. */
  run = run_at (lrlab_surfaces_page_get_runs (surfaces), 0);
  lrlab_run_set_lr (run, lr * 3);
  g_assert_true (wait_for (document_modified, window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (wait_for (document_clean, window));
  {
    g_autoptr(LrExperiment) e = lr_experiment_load_file (file, NULL, NULL);
    const LrExperimentRun *r = g_ptr_array_index (e->runs, 0);

    g_assert_cmpstr (r->optimizer, ==, lrlab_run_get_optimizer (run));
  }
  destroy_window (window);
  g_unlink (path);
}

/* ---- closing with changes asks ------------------------------------------------------------ */

static void
change_something (LrlabWindow *window)
{
  LrlabRun *run = run_at (lrlab_surfaces_page_get_runs (surfaces_of (window)), 0);

  lrlab_surfaces_page_stop (surfaces_of (window));
  lrlab_run_set_lr (run, lrlab_run_get_lr (run) * 1.5);
  g_assert_true (wait_for (document_modified, window));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_close_request (void)
{
  LrlabWindow *window = make_window ();
  g_autofree char *path = tmp_path ("closing.lrlab");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *dialog;

  /* Nothing changed: it closes at once. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (is_null, &window));

  /* Cancel keeps the window. */
  window = make_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  change_something (window);
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_nonnull (window);
  dialog = lrlab_window_get_save_changes_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (has_message (window));
  click (dialog, "_Cancel");
  g_assert_nonnull (window);
  g_assert_null (lrlab_window_get_save_changes_dialog (window));
  g_assert_true (lrlab_document_get_modified (lrlab_window_get_document (window)));

  /* Save runs the save flow (the file chooser answers), then closes. */
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  dialog = lrlab_window_get_save_changes_dialog (window);
  g_assert_nonnull (dialog);
  lrlab_dialogs_answer_next (file);
  click (dialog, "_Save");
  g_assert_true (wait_for (is_null, &window));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Another scene replaces the experiment: the same question first. */
  window = make_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  lrlab_window_load_scene (window, "schedules");
  change_something (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "momentum"));
  iterate ();
  dialog = lrlab_window_get_save_changes_dialog (window);
  g_assert_nonnull (dialog);
  click (dialog, "_Cancel");
  g_assert_cmpstr (lrlab_surfaces_page_get_scene_id (surfaces_of (window)), ==, "schedules");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "momentum"));
  iterate ();
  click (lrlab_window_get_save_changes_dialog (window), "_Discard");
  iterate ();
  g_assert_cmpstr (lrlab_surfaces_page_get_scene_id (surfaces_of (window)), ==, "momentum");
  g_assert_false (lrlab_document_get_modified (lrlab_window_get_document (window)));
  destroy_window (window);
  g_assert_null (window);

  /* Discard closes without writing. */
  g_unlink (path);
  window = make_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  change_something (window);
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  dialog = lrlab_window_get_save_changes_dialog (window);
  g_assert_nonnull (dialog);
  click (dialog, "_Discard");
  g_assert_true (wait_for (is_null, &window));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* ---- recent experiments and dropped files --------------------------------------------------- */

static gboolean
menu_has_target (GMenuModel *menu,
                 const char *uri)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);
      g_autoptr(GMenuModel) sub = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), uri) == 0)
        return TRUE;
      if ((sub != NULL && menu_has_target (sub, uri)) || (section != NULL && menu_has_target (section, uri)))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  LrlabWindow *window;
  const char  *uri;
} MenuWait;

static gboolean
recent_in_menu (gpointer data)
{
  MenuWait *w = data;
  GtkMenuButton *button = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  /* The primary menu is the menu button marked primary. */
  g_ptr_array_add (stack, w->window);
  while (stack->len > 0 && button == NULL)
    {
      GtkWidget *x = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_MENU_BUTTON (x) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (x)))
        button = GTK_MENU_BUTTON (x);
      for (GtkWidget *c = gtk_widget_get_first_child (x); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_assert_nonnull (button);
  return menu_has_target (gtk_menu_button_get_menu_model (button), w->uri);
}

static void
test_recent_and_drop (void)
{
  LrlabWindow *window = make_window ();
  LrlabWindow *other;
  g_autofree char *path = tmp_path ("recent.lrlab");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) recent = NULL;
  MenuWait w;

  change_something (window);
  lrlab_dialogs_answer_next (file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (wait_for (document_has_file, window));

  /* Saved: a recent experiment, in the primary menu of every window. */
  recent = lrlab_document_list_recent (8);
  g_assert_true (g_strv_contains ((const char * const *) recent, uri));
  other = make_window ();
  w = (MenuWait) { other, uri };
  g_assert_true (wait_for (recent_in_menu, &w));

  /* Open Recent opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "win.open-recent", "s", uri));
  g_assert_true (wait_for (document_has_file, other));
  g_assert_true (g_file_equal (lrlab_document_get_file (lrlab_window_get_document (other)), file));
  destroy_window (other);

  /* A file dropped on a window opens in it. */
  other = make_window ();
  {
    GtkDropTarget *target = NULL;
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (other));
    GValue value = G_VALUE_INIT;
    GFile *files[] = { file };
    gboolean accepted = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (c))
          target = GTK_DROP_TARGET (c);
      }
    g_assert_nonnull (target);
    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_array (files, 1));
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
    g_value_unset (&value);
    g_assert_true (accepted);
  }
  g_assert_true (wait_for (document_has_file, other));
  g_assert_true (g_file_equal (lrlab_document_get_file (lrlab_window_get_document (other)), file));
  destroy_window (other);
  destroy_window (window);
  g_unlink (path);
}

/* ---- lrlab FILE.lrlab ------------------------------------------------------------------------- */

typedef struct {
  GApplication *app;
  const char   *title;
  gboolean      seen;
} Launch;

static gboolean
check_launched (gpointer data)
{
  Launch *l = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (l->app));

  if (window != NULL && g_strcmp0 (gtk_window_get_title (window), l->title) == 0)
    {
      LrlabDocument *document = lrlab_window_get_document (LRLAB_WINDOW (window));

      l->seen = lrlab_document_get_file (document) != NULL && !lrlab_document_get_modified (document);
      lrlab_surfaces_page_stop (surfaces_of (LRLAB_WINDOW (window)));
      gtk_window_destroy (window);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
give_up (gpointer data)
{
  g_application_quit (data);
  return G_SOURCE_REMOVE;
}

/* The command line of a person or a file manager (Exec=lrlab %F): the
 * window shows the experiment's title. */
static void
test_command_line (void)
{
  g_autofree char *path = tmp_path ("launched.lrlab");
  const char *title = "A title from the command line";
  g_autofree char *json = g_strdup_printf ("{\"lrlab\": 1, \"title\": \"%s\", \"surface\": \"rosenbrock\","
                                           " \"steps\": 40, \"runs\": [{\"optimizer\": \"adam:lr=0.1\"}]}", title);
  g_autoptr(LrlabApplication) app = lrlab_application_new ();
  char *argv[] = { (char *) "lrlab", path, NULL };
  Launch l = { G_APPLICATION (app), title, FALSE };
  guint poll, timeout;
  int status;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  poll = g_timeout_add (50, check_launched, &l);
  timeout = g_timeout_add_seconds (20, give_up, app);
  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_source_remove (timeout);
  if (!l.seen)
    g_source_remove (poll);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (l.seen);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  /* Recent files go to a folder of the test's own. */
  tmp_dir = g_dir_make_tmp ("lrlab-files-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Dialogs close at once, as with animations turned off: a closing dialog
   * (newer libadwaita fades it out in the window) is not the next one. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/app-files/save-and-open", test_save_and_open);
  g_test_add_func ("/app-files/open-malformed", test_open_malformed);
  g_test_add_func ("/app-files/title-marker", test_title_marker);
  g_test_add_func ("/app-files/preset", test_preset);
  g_test_add_func ("/app-files/close-request", test_close_request);
  g_test_add_func ("/app-files/recent-and-drop", test_recent_and_drop);
  g_test_add_func ("/app-files/command-line", test_command_line);

  status = g_test_run ();
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (rm) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  return status;
}
