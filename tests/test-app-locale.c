/* test-app-locale.c: the app under a locale that writes "0,05"
 *
 * meson runs this test with LC_ALL set to a German and to a French locale
 * (build-aux/deps.sh generates both).  What a person reads and types
 * follows the locale; what the app hands to a machine (command lines, CSV)
 * never does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "app-test-util.h"
#include "lrlab-classifier-page.h"
#include "lrlab-dialogs.h"
#include "lrlab-number.h"
#include "lrlab-run-row.h"
#include "lrlab-run.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

static LrlabWindow *
make_window (LrlabSurfacesPage **page)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  find_all (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  *page = g_ptr_array_index (pages, 0);
  lrlab_surfaces_page_stop (*page);
  return window;
}

static gboolean
comma_locale (void)
{
  if (strcmp (localeconv ()->decimal_point, ",") != 0)
    {
      g_test_skip ("the locale's decimal mark is not a comma (generate de_DE.UTF-8 or fr_FR.UTF-8)");
      return FALSE;
    }
  return TRUE;
}

/* Both marks where they cannot be confused; the locale's own always. */
static void
test_parse (void)
{
  double v;

  if (!comma_locale ())
    return;
  g_assert_true (lrlab_number_parse ("0,05", &v));
  g_assert_cmpfloat (v, ==, 0.05);
  g_assert_true (lrlab_number_parse ("0.05", &v));
  g_assert_cmpfloat (v, ==, 0.05);
  g_assert_true (lrlab_number_parse (" 1,5e-3 ", &v));
  g_assert_cmpfloat (v, ==, 1.5e-3);
  g_assert_true (lrlab_number_parse ("1e-4", &v));
  g_assert_cmpfloat (v, ==, 1e-4);
  g_assert_true (lrlab_number_parse ("1,000", &v));
  g_assert_cmpfloat (v, ==, 1);
  g_assert_false (lrlab_number_parse ("0,0,1", &v));
  g_assert_false (lrlab_number_parse ("1.000,5", &v));
  g_assert_false (lrlab_number_parse ("zehn", &v));
  g_assert_false (lrlab_number_parse ("", &v));
  /* German groups thousands with a point: 1 or 1000? */
  if (strcmp (localeconv ()->thousands_sep, ".") == 0)
    g_assert_false (lrlab_number_parse ("1.000", &v));
  else
    g_assert_true (lrlab_number_parse ("1.000", &v));
}

/* LR Fan from its popover: the factor typed as "2,5", the rates spread by
 * that factor around the first run's. */
static void
test_lr_fan (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) apply = g_ptr_array_new ();
  g_autoptr(LrlabRun) first = NULL;
  GtkWidget *popover = NULL;
  GListModel *runs;
  double lr0;

  if (!comma_locale ())
    return;
  window = make_window (&page);
  runs = lrlab_surfaces_page_get_runs (page);
  first = g_list_model_get_item (runs, 0);
  lrlab_run_set_lr (first, 0.01);
  lr0 = 0.01;

  find_all (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_menu_button_get_label (g_ptr_array_index (buttons, i)), "LR _Fan") == 0)
      popover = GTK_WIDGET (gtk_menu_button_get_popover (g_ptr_array_index (buttons, i)));
  g_assert_nonnull (popover);
  find_all (popover, GTK_TYPE_SPIN_BUTTON, spins);
  find_all (popover, GTK_TYPE_BUTTON, apply);
  g_assert_cmpuint (spins->len, ==, 2);
  for (guint i = apply->len; i-- > 0;)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (apply, i)), "_Make Fan") != 0)
      g_ptr_array_remove_index (apply, i);
  g_assert_cmpuint (apply->len, ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (spins, 0)), "5");
  gtk_spin_button_update (g_ptr_array_index (spins, 0));
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (spins, 1)), "2,5");
  gtk_spin_button_update (g_ptr_array_index (spins, 1));
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 1)), ==, 2.5);
  g_signal_emit_by_name (g_ptr_array_index (apply, 0), "clicked");
  iterate ();

  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (runs, i);
      double want = lr0 * pow (2.5, (double) i - 2);

      g_assert_cmpfloat (fabs (lrlab_run_get_lr (run) - want) / want, <, 0.005);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The run row's rate entry shows the rate in the locale, takes it back as
 * it is, and takes "0,05" and "0.05" typed by a person. */
static void
test_lr_entry (void)
{
  g_autoptr(LrlabRun) run = lrlab_run_new ("sgd:lr=0.01", NULL, NULL);
  GtkWidget *row = g_object_ref_sink (lrlab_run_row_new (run));
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  GtkEditable *entry = NULL;
  const char *typed[] = { "0,05", "0.002", "3e-4" };
  const double want[] = { 0.05, 0.002, 3e-4 };

  if (!comma_locale ())
    {
      g_object_unref (row);
      return;
    }
  find_all (row, GTK_TYPE_ENTRY, entries);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (gtk_editable_get_text (g_ptr_array_index (entries, i)), "0,01") == 0)
      entry = g_ptr_array_index (entries, i);
  g_assert_nonnull (entry);

  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpfloat (lrlab_run_get_lr (run), ==, 0.01);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *shown = lrlab_number_format (want[i], 6);

      gtk_editable_set_text (entry, typed[i]);
      g_signal_emit_by_name (entry, "activate");
      g_assert_cmpfloat (lrlab_run_get_lr (run), ==, want[i]);
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
      g_assert_cmpstr (gtk_editable_get_text (entry), ==, shown);
    }
  gtk_editable_set_text (entry, "0,0,1");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpfloat (lrlab_run_get_lr (run), ==, 3e-4);
  g_object_unref (row);
}

static void
got_text (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  *(char **) data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
}

/* "Copy runs as text" gives a command lrlab-cli runs, with the start
 * exactly where the page has it. */
static void
test_copy_runs (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window;
  const char *cli = g_getenv ("LRLAB_CLI");
  g_autofree char *text = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  int status = -1;
  int argc;

  if (!comma_locale ())
    return;
  g_assert_nonnull (cli);
  window = make_window (&page);
  lrlab_surfaces_page_set_start (page, 0.5, -1.25);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-runs", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL, got_text, &text);
  while (text == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, " --start 0.5,-1.25 "));

  g_assert_true (g_shell_parse_argv (text, &argc, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (argv[0], ==, "lrlab-cli");
  g_free (argv[0]);
  argv[0] = g_strdup (cli);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("lrlab-cli refused the copied runs:\n%s\n%s", text, err);
  g_assert_nonnull (strstr (out, "start (0.5, -1.25)"));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* "Export Runs as CSV": ten fields a row, numbers with a point. */
static void
test_csv (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window;
  g_autofree char *dir = g_dir_make_tmp ("lrlab-locale-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "runs.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(LrlabRun) first = NULL;
  const LrTrajectory *traj;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (!comma_locale ())
    return;
  window = make_window (&page);
  lrlab_surfaces_page_set_start (page, 0.5, -1.25);
  lrlab_dialogs_answer_next (file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-csv", NULL));
  while (!file_exists (path) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  first = g_list_model_get_item (lrlab_surfaces_page_get_runs (page), 0);
  traj = lrlab_run_get_trajectory (first);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 10);
    }
  {
    g_auto(GStrv) cells = g_strsplit (lines[2], ",", -1);

    g_assert_cmpstr (cells[0], ==, "1");
    g_assert_cmpfloat (g_ascii_strtod (cells[4], NULL), ==, traj->points[1].lr);
    g_assert_cmpfloat (g_ascii_strtod (cells[5], NULL), ==, traj->points[1].x);
    g_assert_cmpfloat (g_ascii_strtod (cells[6], NULL), ==, traj->points[1].y);
  }
  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static gboolean
has_suggestion (gpointer data)
{
  return isfinite (lrlab_classifier_page_get_suggested_lr (data)) && !lrlab_classifier_page_get_busy (data);
}

/* A range test, then "Use This Rate": the run gets the suggestion. */
static void
test_use_this_rate (void)
{
  GtkWidget *window, *page;
  static const char *one[] = { "sgd:lr=0.5", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LrlabRun) run = NULL;
  gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  double suggested;

  if (!comma_locale ())
    return;
  window = gtk_window_new ();
  page = lrlab_classifier_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (lrlab_classifier_page_set_model (LRLAB_CLASSIFIER_PAGE (page), "mlp:hidden=16", &error));
  g_assert_true (lrlab_classifier_page_set_runs (LRLAB_CLASSIFIER_PAGE (page), one, &error));
  g_assert_no_error (error);
  lrlab_classifier_page_set_schedule (LRLAB_CLASSIFIER_PAGE (page), 2, 32, 1);
  run = g_list_model_get_item (lrlab_classifier_page_get_runs (LRLAB_CLASSIFIER_PAGE (page)), 0);

  g_assert_true (gtk_widget_activate_action (page, "classifier.lr-find", NULL));
  while (!has_suggestion (page) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  suggested = lrlab_classifier_page_get_suggested_lr (LRLAB_CLASSIFIER_PAGE (page));
  g_assert_true (isfinite (suggested));
  g_assert_true (gtk_widget_activate_action (page, "classifier.use-suggested", NULL));
  g_assert_cmpfloat (fabs (lrlab_run_get_lr (run) - suggested) / suggested, <, 0.005);
  g_assert_cmpfloat (lrlab_run_get_lr (run), !=, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  while (lrlab_classifier_page_get_n_workers () > 0)
    g_main_context_iteration (NULL, TRUE);
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
  /* gtk_test_init() chose en_US; this test is about the caller's locale. */
  setlocale (LC_ALL, "");
  adw_init ();

  g_test_add_func ("/app-locale/parse", test_parse);
  g_test_add_func ("/app-locale/lr-fan", test_lr_fan);
  g_test_add_func ("/app-locale/lr-entry", test_lr_entry);
  g_test_add_func ("/app-locale/copy-runs", test_copy_runs);
  g_test_add_func ("/app-locale/csv", test_csv);
  g_test_add_func ("/app-locale/use-this-rate", test_use_this_rate);

  return g_test_run ();
}
