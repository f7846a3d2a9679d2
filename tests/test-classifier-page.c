/* test-classifier-page.c: the classifier view, headless under a virtual display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "app-test-util.h"
#include "lrlab-classifier-landscape-view.h"
#include "lrlab-classifier-page.h"
#include "lrlab-classifier-result.h"
#include "lrlab-classifier-search-view.h"
#include "lrlab-dialogs.h"
#include "lrlab-run-list.h"
#include "lrlab-window.h"

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @done (or 60 s). */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (60, timed_out, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return !expired;
}

static gboolean
page_idle (gpointer data)
{
  return !lrlab_classifier_page_get_busy (data) && lrlab_classifier_page_get_n_workers () == 0;
}

static gboolean
no_workers (gpointer data)
{
  return lrlab_classifier_page_get_n_workers () == 0;
}

static LrlabClassifierPage *
make_page (GtkWidget **window_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = lrlab_classifier_page_new ();
  g_autoptr(GError) error = NULL;
  static const char *one[] = { "adam:lr=0.01", NULL };

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (lrlab_classifier_page_set_model (LRLAB_CLASSIFIER_PAGE (page), "mlp:hidden=16", &error));
  g_assert_no_error (error);
  g_assert_true (lrlab_classifier_page_set_runs (LRLAB_CLASSIFIER_PAGE (page), one, &error));
  g_assert_no_error (error);
  lrlab_classifier_page_set_schedule (LRLAB_CLASSIFIER_PAGE (page), 2, 32, 1);
  *window_out = window;
  return LRLAB_CLASSIFIER_PAGE (page);
}

static void
test_instantiate (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (lrlab_classifier_page_get_dataset (page));
  g_assert_cmpstr (lr_dataset_get_name (lrlab_classifier_page_get_dataset (page)), ==, "digits");
  g_assert_null (lrlab_classifier_page_get_data_error (page));
  g_assert_cmpuint (lrlab_classifier_images_get_n (lrlab_classifier_page_get_images (page, "samples")), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lrlab_classifier_page_get_runs (page)), ==, 1);
  g_assert_true (isnan (lrlab_classifier_page_get_suggested_lr (page)));
  g_assert_false (lrlab_classifier_page_set_model (page, "mlp:hidden=abc", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (lrlab_classifier_page_get_model (page), !=, "mlp:hidden=abc");
  g_assert_nonnull (lrlab_classifier_page_get_plot (page, "loss"));
  lrlab_classifier_page_set_view (page, "search");
  g_assert_cmpstr (lrlab_classifier_page_get_view (page), ==, "search");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The hidden layers as a person types them; a field that says no model
 * stops training, so the model trained is always the one shown. */
static void
test_hidden_layers (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkEditable *hidden = NULL;
  GtkLabel *message = NULL;

  find_all (GTK_WIDGET (page), GTK_TYPE_ENTRY, entries);
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (gtk_editable_get_text (g_ptr_array_index (entries, i)), "16"))
      hidden = g_ptr_array_index (entries, i);
  g_assert_nonnull (hidden);

  gtk_editable_set_text (hidden, "512,512");
  g_assert_cmpstr (lrlab_classifier_page_get_model (page), ==, "mlp:hidden=512/512");
  g_assert_cmpstr (gtk_editable_get_text (hidden), ==, "512,512");   /* as typed */
  gtk_editable_set_text (hidden, "64 32");
  g_assert_cmpstr (lrlab_classifier_page_get_model (page), ==, "mlp:hidden=64/32");
  gtk_editable_set_text (hidden, "128 × 10");
  g_assert_cmpstr (lrlab_classifier_page_get_model (page), ==, "mlp:hidden=128/10");
  gtk_editable_set_text (hidden, "128, ");
  g_assert_cmpstr (lrlab_classifier_page_get_model (page), ==, "mlp:hidden=128");
  g_assert_cmpstr (gtk_editable_get_text (hidden), ==, "128, ");

  /* a word that is not a size: said in plain words, and nothing trains */
  gtk_editable_set_text (hidden, "128 big");
  find_all (GTK_WIDGET (page), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (labels, i)) &&
        strstr (gtk_label_get_label (g_ptr_array_index (labels, i)), "“big”") != NULL)
      message = g_ptr_array_index (labels, i);
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (hidden), "error"));
  gtk_widget_activate_action (GTK_WIDGET (page), "classifier.train", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (lrlab_classifier_page_get_busy (page));

  gtk_editable_set_text (hidden, "24");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.train", NULL));
  g_assert_true (lrlab_classifier_page_get_busy (page));
  g_assert_cmpstr (lrlab_classifier_page_get_model (page), ==, "mlp:hidden=24");
  lrlab_classifier_page_cancel (page);
  g_assert_true (wait_until (page_idle, page));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Sharpness every epoch, set in its field: the plot appears with each
 * run's λmax and its limit 2/lr, dashed. */
static void
test_sharpness (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  static const char *one[] = { "sgd:lr=0.1", NULL };
  LrlabClassifierPlot *plot = lrlab_classifier_page_get_plot (page, "sharpness");
  GtkSpinButton *every = NULL;
  const double *y, *x;
  const char *label;
  guint n;

  g_assert_true (lrlab_classifier_page_set_runs (page, one, NULL));
  find_all (GTK_WIDGET (page), GTK_TYPE_SPIN_BUTTON, spins);
  for (guint i = 0; i < spins->len; i++)
    {
      const char *tip = gtk_widget_get_tooltip_text (g_ptr_array_index (spins, i));

      if (tip != NULL && strstr (tip, "λmax") != NULL)
        every = g_ptr_array_index (spins, i);
    }
  g_assert_nonnull (every);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (plot)));
  gtk_spin_button_set_value (every, 1);
  g_assert_cmpuint (lrlab_classifier_page_get_sharpness_every (page), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (plot)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.train", NULL));
  g_assert_true (wait_until (page_idle, page));
  g_assert_cmpuint (lrlab_classifier_plot_get_n_series (plot), ==, 2);
  y = lrlab_classifier_plot_get_series (plot, 0, &x, &n, &label);
  g_assert_cmpuint (n, ==, 2);   /* both epochs */
  for (guint i = 0; i < n; i++)
    g_assert_true (isfinite (y[i]) && y[i] > 0);
  y = lrlab_classifier_plot_get_series (plot, 1, &x, &n, &label);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat_with_epsilon (y[0], 2 / 0.1, 1e-9);

  /* the command line says it too */
  {
    g_autofree char *text = lrlab_classifier_page_runs_to_text (page);

    g_assert_nonnull (strstr (text, "--sharpness-every 1"));
  }
  gtk_spin_button_set_value (every, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (plot)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A search over a method that picks its own step searches the multiplier
 * of that step, and says so. */
static void
test_search_multiplier (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(GError) error = NULL;
  static const char *prodigy[] = { "prodigy", NULL };
  static const char *sgd[] = { "sgd:lr=0.1", NULL };
  LrlabClassifierPlot *plot = lrlab_classifier_page_get_plot (page, "search-accuracy");

  lrlab_classifier_page_set_schedule (page, 1, 32, 1);
  g_assert_true (lrlab_classifier_page_set_runs (page, prodigy, NULL));
  g_assert_true (lrlab_classifier_page_search (page, 0.5, 2, 2, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lrlab_classifier_plot_get_x_label (plot), ==,
                   g_dgettext (GETTEXT_PACKAGE, "lr multiplier (of the step the method chooses)"));
  g_assert_true (wait_until (page_idle, page));
  g_assert_true (lrlab_classifier_page_set_runs (page, sgd, NULL));
  g_assert_true (lrlab_classifier_page_search (page, 0.01, 0.1, 2, FALSE, &error));
  g_assert_cmpstr (lrlab_classifier_plot_get_x_label (plot), ==, g_dgettext (GETTEXT_PACKAGE, "learning rate"));
  g_assert_true (wait_until (page_idle, page));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_train (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(LrlabRun) run = g_list_model_get_item (lrlab_classifier_page_get_runs (page), 0);
  LrlabClassifierPlot *plot;
  guint n_records = 0, n = 0;
  const double *y;
  g_autofree char *text = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lrlab-cls-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "training.csv", NULL);
  g_autofree char *png = g_build_filename (dir, "training.png", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  lrlab_classifier_page_train (page);
  g_assert_true (lrlab_classifier_page_get_busy (page));
  g_assert_true (wait_until (page_idle, page));

  g_assert_cmpint (lrlab_classifier_page_get_run_phase (page, run), ==, LRLAB_RUN_PHASE_DONE);
  lrlab_classifier_page_get_run_records (page, run, &n_records);
  g_assert_cmpuint (n_records, ==, 2);
  g_assert_nonnull (lrlab_classifier_page_get_run_status (page, run));

  plot = lrlab_classifier_page_get_plot (page, "loss");
  g_assert_cmpuint (lrlab_classifier_plot_get_n_series (plot), >=, 2);
  y = lrlab_classifier_plot_get_series (plot, 0, NULL, &n, NULL);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (isfinite (y[0]) && y[1] < y[0] * 1.5);

  /* The first finished run fills the results. */
  g_assert_cmpuint (lrlab_classifier_confusion_get_n_classes (lrlab_classifier_page_get_confusion (page)), ==, 10);
  g_assert_cmpuint (lrlab_classifier_images_get_n (lrlab_classifier_page_get_images (page, "weights")), ==, 16);

  text = lrlab_classifier_page_runs_to_text (page);
  g_assert_nonnull (strstr (text, "lrlab-cli train --dataset digits --model"));
  g_assert_nonnull (strstr (text, "--epochs 2"));

  g_assert_true (lrlab_classifier_page_write_csv (page, "training", csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "run,"));
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (lrlab_classifier_page_write_figure (page, "training", png, 400, 300, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_remove (csv);
  g_remove (png);
  g_rmdir (dir);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cancel (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(LrlabRun) run = g_list_model_get_item (lrlab_classifier_page_get_runs (page), 0);

  lrlab_classifier_page_set_schedule (page, 1000, 1, 1);
  lrlab_classifier_page_train (page);
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (lrlab_classifier_page_get_busy (page));
  g_assert_cmpuint (lrlab_classifier_page_get_n_workers (), >, 0);
  lrlab_classifier_page_cancel (page);
  g_assert_true (wait_until (page_idle, page));
  g_assert_cmpuint (lrlab_classifier_page_get_n_workers (), ==, 0);
  g_assert_false (lrlab_classifier_page_get_busy (page));
  g_assert_cmpint (lrlab_classifier_page_get_run_phase (page, run), ==, LRLAB_RUN_PHASE_CANCELLED);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_destroy_while_training (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  LrlabClassifierPage *page = NULL;
  GtkWidget *w;

  gtk_window_present (GTK_WINDOW (window));
  lrlab_window_set_page (window, "classifier");
  for (w = GTK_WIDGET (window); w != NULL && page == NULL;)
    {
      /* Depth-first search for the page. */
      if (LRLAB_IS_CLASSIFIER_PAGE (w))
        page = LRLAB_CLASSIFIER_PAGE (w);
      else if (gtk_widget_get_first_child (w))
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (page);
  lrlab_classifier_page_set_schedule (page, 1000, 1, 1);
  lrlab_classifier_page_train (page);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (lrlab_classifier_page_get_n_workers (), >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_until (no_workers, NULL));
}

static gboolean
not_loading (gpointer data)
{
  return !lrlab_classifier_page_get_loading (data);
}

static void
test_bad_dataset (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autofree char *dir = g_dir_make_tmp ("lrlab-cls-XXXXXX", NULL);
  g_autofree char *images = g_build_filename (dir, "train-images-idx3-ubyte", NULL);
  g_autofree char *labels = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);
  const guint8 bad_images[16] = { 0x00, 0x00, 0x08, 0x04, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2 };
  const guint8 good_labels[9] = { 0x00, 0x00, 0x08, 0x01, 0, 0, 0, 1, 3 };
  guint8 image_file[20];

  memcpy (image_file, bad_images, 16);
  memset (image_file + 16, 7, 4);
  g_assert_true (g_file_set_contents (images, (const char *) image_file, sizeof image_file, NULL));
  g_assert_true (g_file_set_contents (labels, (const char *) good_labels, sizeof good_labels, NULL));

  lrlab_classifier_page_load_dataset (page, dir);
  g_assert_true (lrlab_classifier_page_get_loading (page));
  g_assert_true (wait_until (not_loading, page));
  g_assert_nonnull (lrlab_classifier_page_get_data_error (page));
  g_assert_nonnull (strstr (lrlab_classifier_page_get_data_error (page), "train-images-idx3-ubyte"));
  /* The digits stay. */
  g_assert_cmpstr (lr_dataset_get_name (lrlab_classifier_page_get_dataset (page)), ==, "digits");

  g_remove (images);
  g_remove (labels);
  g_rmdir (dir);
  g_assert_true (wait_until (no_workers, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_suggestion (gpointer data)
{
  return !lrlab_classifier_page_get_busy (data) && lrlab_classifier_page_get_n_workers () == 0;
}

static void
test_lr_find (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(LrlabRun) run = g_list_model_get_item (lrlab_classifier_page_get_runs (page), 0);
  double suggested, ymin, ymax, lowest = INFINITY;
  const double *smoothed, *lrs;
  guint n;

  /* a rate that blows up first: the run's status says so */
  lrlab_run_set_lr (run, 80);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.train", NULL));
  g_assert_true (wait_until (page_idle, page));
  g_assert_cmpint (lrlab_classifier_page_get_run_phase (page, run), ==, LRLAB_RUN_PHASE_DIVERGED);

  lrlab_classifier_page_lr_find (page);
  g_assert_true (lrlab_classifier_page_get_busy (page));
  g_assert_true (wait_until (has_suggestion, page));
  suggested = lrlab_classifier_page_get_suggested_lr (page);
  g_assert_true (isfinite (suggested));
  g_assert_cmpfloat (suggested, >, 1e-7);
  g_assert_cmpfloat (suggested, <, 10);
  g_assert_cmpuint (lrlab_classifier_plot_get_n_series (lrlab_classifier_page_get_plot (page, "lr-find")), ==, 2);
  g_assert_cmpuint (lrlab_classifier_plot_get_n_markers (lrlab_classifier_page_get_plot (page, "lr-find")), ==, 1);
  /* the plot shows the descent: y from below the smoothed minimum to three
   * times the start, on a log rate axis */
  smoothed = lrlab_classifier_plot_get_series (lrlab_classifier_page_get_plot (page, "lr-find"), 1, &lrs, &n, NULL);
  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    lowest = MIN (lowest, smoothed[i]);
  lrlab_classifier_plot_get_y_range (lrlab_classifier_page_get_plot (page, "lr-find"), &ymin, &ymax);
  g_assert_cmpfloat (ymin, <, lowest);
  g_assert_cmpfloat (ymin, >=, 0);
  g_assert_cmpfloat_with_epsilon (ymax, 3 * smoothed[0], 1e-9 * ymax);

  /* Use This Rate: the run takes it and its old status goes */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.use-suggested", NULL));
  g_assert_cmpfloat (fabs (lrlab_run_get_lr (run) - suggested) / suggested, <, 0.01);
  g_assert_cmpint (lrlab_classifier_page_get_run_phase (page, run), ==, LRLAB_RUN_PHASE_IDLE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrlabRun) run = g_list_model_get_item (lrlab_classifier_page_get_runs (page), 0);
  GListModel *results;
  double best = NAN, best_acc = -1;

  g_assert_false (lrlab_classifier_page_search (page, 1, 0.1, 3, FALSE, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_clear_error (&error);

  g_assert_true (lrlab_classifier_page_search (page, 1e-4, 1e-1, 3, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (page_idle, page));

  results = lrlab_classifier_page_get_search_results (page);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LrlabClassifierResult) res = g_list_model_get_item (results, i);
      double lr = lrlab_classifier_result_get_lr (res);

      g_assert_true (fabs (lr / 1e-4 - 1) < 1e-9 || fabs (lr / pow (10, -2.5) - 1) < 1e-9 || fabs (lr / 0.1 - 1) < 1e-9);
      if (lrlab_classifier_result_get_val_acc (res) > best_acc)
        {
          best_acc = lrlab_classifier_result_get_val_acc (res);
          best = lr;
        }
    }
  g_assert_cmpfloat (lrlab_classifier_page_get_best_lr (page), ==, best);
  for (guint row = 0; row < 3; row++)
    g_assert_nonnull (lrlab_classifier_page_get_words (page, row, 0));
  g_assert_true (lrlab_classifier_page_use_best_lr (page));
  g_assert_cmpfloat (fabs (lrlab_run_get_lr (run) - best) / best, <, 0.01);
  g_assert_cmpuint (lrlab_classifier_plot_get_n_markers (lrlab_classifier_page_get_plot (page, "search-accuracy")), ==, 1);

  /* rates drawn at random, trained two at a time: the table lists them by
   * rate whatever order they were drawn and finished in */
  g_assert_true (lrlab_classifier_page_search (page, 1e-4, 1, 6, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (page_idle, page));
  {
    g_autoptr(GPtrArray) tables = g_ptr_array_new ();
    GListModel *shown;
    double last = 0;

    find_all (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, tables);
    g_assert_cmpuint (tables->len, ==, 1);
    shown = G_LIST_MODEL (gtk_column_view_get_model (g_ptr_array_index (tables, 0)));
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 6);
    for (guint i = 0; i < 6; i++)
      {
        g_autoptr(LrlabClassifierResult) res = g_list_model_get_item (shown, i);

        g_assert_cmpfloat (lrlab_classifier_result_get_lr (res), >=, last);
        last = lrlab_classifier_result_get_lr (res);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first widget of @type under @root, depth first; or named @name. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *name)
{
  if ((type == G_TYPE_NONE || G_TYPE_CHECK_INSTANCE_TYPE (root, type)) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A batch-size grid typed into the Search view and the view's Search
 * action: every rate at every batch size, and the heatmap of rate × batch
 * size holds every cell, the best rate of each batch size among them. */
static void
test_search_batch_grid (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  GtkWidget *view = find_widget (GTK_WIDGET (page), LRLAB_TYPE_CLASSIFIER_SEARCH_VIEW, NULL);
  GtkWidget *entry;
  const LrBatchHeatmapSpec *heat;
  GListModel *results;
  guint n_at[2] = { 0, 0 };

  g_assert_nonnull (view);
  entry = find_widget (view, GTK_TYPE_EDITABLE, "search-batch-entry");
  g_assert_nonnull (entry);
  lrlab_classifier_page_set_view (page, "search");
  heat = lrlab_classifier_search_view_get_heatmap (LRLAB_CLASSIFIER_SEARCH_VIEW (view));
  g_assert_cmpuint (heat->n_batches, ==, 0);

  /* a bad grid: nothing starts */
  gtk_editable_set_text (GTK_EDITABLE (entry), "64:8:2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.search", NULL));
  g_assert_false (lrlab_classifier_page_get_busy (page));
  g_assert_cmpuint (g_list_model_get_n_items (lrlab_classifier_page_get_search_results (page)), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), "8:64:2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.search", NULL));
  g_assert_true (wait_until (page_idle, page));

  /* the view's default rates: 10 from 1e-4 to 10 */
  results = lrlab_classifier_page_get_search_results (page);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(LrlabClassifierResult) res = g_list_model_get_item (results, i);
      guint b = lrlab_classifier_result_get_row (res)->batch_size;

      g_assert_true (b == 8 || b == 64);
      n_at[b == 64]++;
    }
  g_assert_cmpuint (n_at[0], ==, 10);
  g_assert_cmpuint (n_at[1], ==, 10);

  heat = lrlab_classifier_search_view_get_heatmap (LRLAB_CLASSIFIER_SEARCH_VIEW (view));
  g_assert_cmpuint (heat->n_batches, ==, 2);
  g_assert_cmpuint (heat->batches[0], ==, 8);
  g_assert_cmpuint (heat->batches[1], ==, 64);
  g_assert_cmpuint (heat->n_lrs, ==, 10);
  g_assert_cmpfloat (fabs (heat->lrs[0] / 1e-4 - 1), <, 1e-9);
  for (guint i = 0; i < heat->n_lrs * heat->n_batches; i++)
    g_assert_true (isfinite (heat->val_acc[i]) || heat->diverged[i]);
  for (guint b = 0; b < 2; b++)
    {
      double best = -1;

      g_assert_true (isfinite (heat->best_lr[b]));
      for (guint i = 0; i < heat->n_lrs; i++)
        if (!heat->diverged[b * heat->n_lrs + i])
          best = MAX (best, heat->val_acc[b * heat->n_lrs + i]);
      for (guint i = 0; i < heat->n_lrs; i++)
        if (heat->lrs[i] == heat->best_lr[b])
          g_assert_cmpfloat (heat->val_acc[b * heat->n_lrs + i], ==, best);
      g_assert_cmpfloat (best, >, 0.5);
    }
  g_assert_true (gtk_widget_get_visible (find_widget (view, GTK_TYPE_DRAWING_AREA, NULL)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The label of the Results view that names the run analysed. */
static const char *
results_text (LrlabClassifierPage *page)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (GTK_WIDGET (page), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_label (g_ptr_array_index (labels, i)), "Validation results of "))
      return gtk_label_get_label (g_ptr_array_index (labels, i));
  return NULL;
}

/* Results shows the run the user selects in the list, not only the first
 * to finish. */
static void
test_results_choice (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  static const char *two[] = { "adam:lr=0.001", "sgd:lr=0.05", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();
  GtkListBox *box = NULL;

  g_assert_true (lrlab_classifier_page_set_runs (page, two, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.train", NULL));
  g_assert_true (wait_until (page_idle, page));
  find_all (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, boxes);
  for (guint i = 0; i < boxes->len; i++)
    if (gtk_list_box_get_selection_mode (g_ptr_array_index (boxes, i)) == GTK_SELECTION_SINGLE &&
        gtk_list_box_get_row_at_index (g_ptr_array_index (boxes, i), 1) != NULL)
      box = g_ptr_array_index (boxes, i);
  g_assert_nonnull (box);
  for (guint k = 0; k < 4; k++)
    {
      guint pick = (k + 1) % 2;
      g_autoptr(LrlabRun) run = g_list_model_get_item (lrlab_classifier_page_get_runs (page), pick);
      g_autofree char *desc = lrlab_run_describe (run);

      gtk_list_box_select_row (box, gtk_list_box_get_row_at_index (box, pick));
      g_assert_nonnull (results_text (page));
      g_assert_nonnull (strstr (results_text (page), desc));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_until (no_workers, NULL));
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Train with Ctrl+Return's action and export the training table through the
 * export menu's action, into the file the user chooses. */
static void
test_actions (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  g_autoptr(LrlabRun) run = g_list_model_get_item (lrlab_classifier_page_get_runs (page), 0);
  g_autofree char *dir = g_dir_make_tmp ("lrlab-cls-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "training.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_records;
  const LrEpochRecord *records;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.train", NULL));
  g_assert_true (lrlab_classifier_page_get_busy (page));
  g_assert_true (wait_until (page_idle, page));
  g_assert_cmpint (lrlab_classifier_page_get_run_phase (page, run), ==, LRLAB_RUN_PHASE_DONE);
  records = lrlab_classifier_page_get_run_records (page, run, &n_records);
  g_assert_cmpuint (n_records, ==, 2);

  lrlab_classifier_page_set_view (page, "training");
  lrlab_dialogs_answer_next (file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.export-csv", NULL));
  g_assert_true (wait_until (file_exists, path));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "run,optimizer,schedule,epoch,"));
  {
    g_auto(GStrv) cells = g_strsplit (lines[2], ",", -1);

    g_assert_cmpstr (cells[0], ==, "1");
    g_assert_cmpstr (cells[3], ==, "2");
    g_assert_cmpfloat (g_ascii_strtod (cells[9], NULL), ==, records[1].val_acc);
  }
  g_remove (path);
  g_rmdir (dir);

  /* The run list: add copies the last run; the page keeps at least one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.add-run", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (lrlab_classifier_page_get_runs (page)), ==, 2);
  {
    LrlabRunList *list = LRLAB_RUN_LIST (lrlab_classifier_page_get_runs (page));
    g_autoptr(LrlabRun) second = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_cmpstr (lrlab_run_get_optimizer (second), ==, lrlab_run_get_optimizer (run));
    g_assert_true (lrlab_run_list_remove (list, second));
    g_assert_false (lrlab_run_list_remove (list, run));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    /* a fan of five around 0.01, three apart, rounded to three digits */
    lrlab_run_list_lr_fan (list, 5, 3);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(LrlabRun) r = g_list_model_get_item (G_LIST_MODEL (list), i);
        const double expected[] = { 0.00111, 0.00333, 0.01, 0.03, 0.09 };

        g_assert_cmpfloat (lrlab_run_get_lr (r), ==, expected[i]);
      }
    g_assert_false (lrlab_run_list_duplicate (list, run));   /* no longer in the list */
    while (lrlab_run_list_add (list))
      ;
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, lrlab_run_list_get_max_runs (list));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first button below @widget whose action is @action. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_landscape (gpointer data)
{
  return lrlab_classifier_landscape_view_get_landscape (data) != NULL;
}

/* The Compute button's action trains the visible runs in the background and
 * the view shows the grid, both paths from θ0 at (0, 0), and plays them;
 * Cancel stops a computation without an error. */
static void
test_landscape (void)
{
  GtkWidget *window;
  LrlabClassifierPage *page = make_page (&window);
  LrlabClassifierLandscapeView *view = lrlab_classifier_page_get_landscape_view (page);
  static const char *two[] = { "adam:lr=0.01", "sgd:lr=0.1,momentum=0.9", NULL };
  g_autoptr(GError) error = NULL;
  const LrLandscape *l;
  const LrLandscapePoint *p;
  guint n, G;
  double e[2];

  g_assert_true (lrlab_classifier_page_set_runs (page, two, &error));
  g_assert_no_error (error);
  lrlab_classifier_page_set_view (page, "landscape");
  g_assert_cmpstr (lrlab_classifier_page_get_view (page), ==, "landscape");
  g_assert_null (lrlab_classifier_landscape_view_get_landscape (view));

  /* Cancelled: no landscape, no error, the action enabled again. */
  gtk_widget_activate_action (GTK_WIDGET (page), "classifier.landscape", NULL);
  g_assert_true (lrlab_classifier_page_get_busy (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "classifier.cancel", NULL);
  g_assert_true (wait_until (page_idle, page));
  g_assert_null (lrlab_classifier_landscape_view_get_landscape (view));

  /* The view's Compute Landscape button, as a user presses it. */
  {
    GtkWidget *button = find_action_button (GTK_WIDGET (view), "classifier.landscape");

    g_assert_nonnull (button);
    g_assert_true (gtk_widget_is_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (lrlab_classifier_page_get_busy (page));
  }
  g_assert_true (wait_until (has_landscape, view));
  g_assert_true (wait_until (page_idle, page));

  l = lrlab_classifier_landscape_view_get_landscape (view);
  G = lr_landscape_get_grid_size (l);
  g_assert_cmpuint (G, ==, LR_LANDSCAPE_DEFAULT_GRID);
  for (guint k = 0; k < G * G; k++)
    g_assert_true (isfinite (lr_landscape_get_loss (l)[k]) && lr_landscape_get_loss (l)[k] > 0);
  g_assert_cmpuint (lr_landscape_get_n_runs (l), ==, 2);
  g_assert_cmpstr (lr_landscape_get_run_spec (l, 1), ==, "sgd:lr=0.1,momentum=0.9");
  p = lr_landscape_get_points (l, 0, &n);
  g_assert_cmpuint (n, ==, 3);   /* θ0 and two epochs */
  g_assert_cmpfloat (p[0].a, ==, 0);
  g_assert_cmpfloat (p[0].b, ==, 0);
  g_assert_cmpfloat (fabs (lr_landscape_get_loss (l)[(G / 2) * G + G / 2] - p[0].loss), <, 1e-5 * p[0].loss);
  lr_landscape_get_explained (l, e);
  g_assert_cmpfloat (e[0] + e[1], <=, 1 + 1e-12);

  /* It plays from the start; the scrubber's epoch holds. */
  g_assert_true (lrlab_classifier_landscape_view_get_playing (view));
  lrlab_classifier_landscape_view_set_epoch (view, 1);
  g_assert_false (lrlab_classifier_landscape_view_get_playing (view));
  g_assert_cmpfloat (lrlab_classifier_landscape_view_get_epoch (view), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (view));

  /* Export what is shown: the CLI's CSV, and a figure. */
  {
    g_autofree char *dir = g_dir_make_tmp ("lrlab-landscape-XXXXXX", NULL);
    g_autofree char *csv = g_build_filename (dir, "landscape.csv", NULL);
    g_autofree char *png = g_build_filename (dir, "landscape.png", NULL);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (lrlab_classifier_page_write_csv (page, NULL, csv, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\n", -1);
    g_assert_cmpstr (lines[0], ==, "kind,run,epoch,a,b,value");
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + G * G + 2 * 3 + 2 + 1);
    g_assert_true (g_str_has_prefix (lines[1 + G * G], "point,\"adam:lr=0.01\",0,0,0,"));
    g_assert_true (lrlab_classifier_page_write_figure (page, NULL, png, 900, 500, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
    g_remove (csv);
    g_remove (png);
    g_rmdir (dir);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_until (no_workers, NULL));
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
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/classifier-page/instantiate", test_instantiate);
  g_test_add_func ("/classifier-page/hidden-layers", test_hidden_layers);
  g_test_add_func ("/classifier-page/train", test_train);
  g_test_add_func ("/classifier-page/sharpness", test_sharpness);
  g_test_add_func ("/classifier-page/search-multiplier", test_search_multiplier);
  g_test_add_func ("/classifier-page/cancel", test_cancel);
  g_test_add_func ("/classifier-page/destroy-while-training", test_destroy_while_training);
  g_test_add_func ("/classifier-page/bad-dataset", test_bad_dataset);
  g_test_add_func ("/classifier-page/lr-find", test_lr_find);
  g_test_add_func ("/classifier-page/search", test_search);
  g_test_add_func ("/classifier-page/search-batch-grid", test_search_batch_grid);
  g_test_add_func ("/classifier-page/results-choice", test_results_choice);
  g_test_add_func ("/classifier-page/actions", test_actions);
  g_test_add_func ("/classifier-page/landscape", test_landscape);

  return g_test_run ();
}
