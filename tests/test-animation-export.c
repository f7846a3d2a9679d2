/* test-animation-export.c: Export Animation from the surfaces page's menu,
 * and the "Saved to" toast after every export, headless under a virtual
 * display
 *
 * The dialog is driven as a person drives it: the window's action opens it,
 * its buttons, spin buttons and size list are set, Export asks for a file
 * (answered through lrlab_dialogs_answer_next(), as the file dialog would),
 * and the GIF written in the background is read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "app-test-util.h"
#include "gif-reader.h"
#include "lr-animation.h"
#include "lr-webm.h"
#include "lrlab-animation-dialog.h"
#include "lrlab-classifier-page.h"
#include "lrlab-dialogs.h"
#include "lrlab-job.h"
#include "lrlab-run.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

/* ---- driving the app ----------------------------------------------------------- */

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @done (or 120 s). */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (120, timed_out, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return !expired;
}

static gpointer
find_one (GtkWidget *root,
          GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return g_ptr_array_index (found, 0);
}

/* The widget the dialog's template names @name. */
static gpointer
find_named (GtkWidget  *root,
            const char *name)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  find_all (root, GTK_TYPE_WIDGET, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (all, i)), name) == 0)
      return g_ptr_array_index (all, i);
  g_error ("no widget named %s", name);
  return NULL;
}

static LrlabAnimationDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LRLAB_IS_ANIMATION_DIALOG (window))
        return LRLAB_ANIMATION_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_gone_and_idle (gpointer data)
{
  return find_dialog () == NULL && lrlab_job_get_n_workers () == 0;
}

static gboolean
rendering (gpointer data)
{
  return lrlab_job_get_n_workers () == 1;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static LrlabWindow *
make_window (LrlabSurfacesPage **page)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  *page = find_one (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE);
  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  lrlab_surfaces_page_stop (*page);
  iterate ();
  return window;
}

static void
close_window (LrlabWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The last step any visible run of the page reaches. */
static guint
page_length (LrlabSurfacesPage *page)
{
  GListModel *runs = lrlab_surfaces_page_get_runs (page);
  guint length = 0;

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (runs, i);

      if (lrlab_run_get_visible (run) && lrlab_run_get_trajectory (run) != NULL)
        length = MAX (length, lrlab_run_get_trajectory (run)->n_points - 1);
    }
  return length;
}

static LrlabAnimationDialog *
open_dialog (LrlabWindow *window)
{
  LrlabAnimationDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-animation", NULL));
  iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  return dialog;
}

static void
click (GtkWidget *dialog,
       const char *name)
{
  GtkWidget *button = find_named (dialog, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* ---- toasts -------------------------------------------------------------------- */

typedef struct {
  GtkWidget  *window;
  const char *title;
  GFile      *file;
} ToastCheck;

/* The window shows a toast titled @check->title whose button opens
 * @check->file. */
static gboolean
toast_shown (gpointer data)
{
  ToastCheck *check = data;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  AdwToastOverlay *overlay = find_one (check->window, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *uri = g_file_get_uri (check->file);
  gboolean titled = FALSE;

  find_all (GTK_WIDGET (overlay), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    titled |= g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), check->title) == 0;
  if (!titled)
    return FALSE;
  find_all (GTK_WIDGET (overlay), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkActionable *button = g_ptr_array_index (buttons, i);
      GVariant *target = gtk_actionable_get_action_target_value (button);

      if (g_strcmp0 (gtk_actionable_get_action_name (button), "saved.open") == 0 &&
          target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), uri) == 0 &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), "_Open") == 0)
        {
          /* The button's action exists where the button is. */
          g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
          return TRUE;
        }
    }
  return FALSE;
}

static void
assert_saved_toast (GtkWidget  *window,
                    const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf ("Saved to %s", name);
  ToastCheck check = { window, title, file };

  g_assert_true (wait_until (toast_shown, &check));
}

/* ---- the menu ------------------------------------------------------------------ */

/* The index of the item of @model (or its sections) that activates @action
 * in the menu of that item, or -1; @menu_out receives that menu. */
static int
find_item (GMenuModel  *model,
           const char  *action,
           GMenuModel **menu_out)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        {
          *menu_out = model;
          return i;
        }
      if (section != NULL)
        {
          int found = find_item (section, action, menu_out);

          if (found >= 0)
            return found;
        }
    }
  return -1;
}

/* "Export Animation…" sits right after "Export Figure…" in the window's
 * export menu, and its action opens the dialog. */
static void
test_menu (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  g_autoptr(GPtrArray) menu_buttons = g_ptr_array_new ();
  gboolean found = FALSE;
  LrlabAnimationDialog *dialog;

  find_all (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, menu_buttons);
  for (guint i = 0; i < menu_buttons->len; i++)
    {
      GMenuModel *model = gtk_menu_button_get_menu_model (g_ptr_array_index (menu_buttons, i));
      GMenuModel *figure_menu = NULL, *animation_menu = NULL;
      int figure, animation;
      g_autofree char *label = NULL;

      if (model == NULL || (figure = find_item (model, "win.export", &figure_menu)) < 0)
        continue;
      animation = find_item (model, "win.export-animation", &animation_menu);
      g_assert_cmpint (animation, ==, figure + 1);
      g_assert_true (animation_menu == figure_menu);
      g_assert_true (g_menu_model_get_item_attribute (animation_menu, animation, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_cmpstr (label, ==, "Export _Animation…");
      found = TRUE;
    }
  g_assert_true (found);

  dialog = open_dialog (window);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  /* Cancel before anything started closes it and writes nothing. */
  click (GTK_WIDGET (dialog), "cancel");
  g_assert_true (wait_until (dialog_gone_and_idle, NULL));
  close_window (window);
}

/* With every run hidden there is nothing to animate: Export is off and the
 * dialog says why. */
static void
test_no_runs (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  GListModel *runs = lrlab_surfaces_page_get_runs (page);
  LrlabAnimationDialog *dialog;

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (runs, i);

      lrlab_run_set_visible (run, FALSE);
    }
  iterate ();
  dialog = open_dialog (window);
  g_assert_cmpstr (gtk_label_get_text (find_named (GTK_WIDGET (dialog), "frames")), ==, "No run to show");
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "export")));
  click (GTK_WIDGET (dialog), "cancel");
  g_assert_true (wait_until (dialog_gone_and_idle, NULL));
  close_window (window);
}

/* ---- GIF --------------------------------------------------------------------- */

typedef struct {
  guint            wanted;
  cairo_surface_t *expected;
  double           mean_error;
} FrameCheck;

/* Frame @check->wanted of the GIF against the page's own figure. */
static void
compare_frame (Gif      *g,
               gpointer  data)
{
  FrameCheck *check = data;
  const guint8 *px;
  int stride;
  double sum = 0;

  if (g->frames != check->wanted)
    return;
  g_assert_cmpint (cairo_image_surface_get_width (check->expected), ==, g->width);
  g_assert_cmpint (cairo_image_surface_get_height (check->expected), ==, g->height);
  px = cairo_image_surface_get_data (check->expected);
  stride = cairo_image_surface_get_stride (check->expected);
  for (int y = 0; y < g->height; y++)
    for (int x = 0; x < g->width; x++)
      {
        guint32 a = ((const guint32 *) (gconstpointer) (px + y * stride))[x];
        guint32 b = g->canvas[y * g->width + x];
        int d = 0;

        for (int k = 0; k < 24; k += 8)
          d = MAX (d, ABS ((int) ((a >> k) & 0xff) - (int) ((b >> k) & 0xff)));
        sum += d;
      }
  check->mean_error = sum / (g->width * g->height);
}

/* The slide preset, 10 frames a second, steps 10 to 40: a 1280 × 720 GIF of
 * 31 frames in the file chosen (".gif" added to a name without one), each
 * frame the figure Export Figure writes at its step; then "Saved to". */
static void
test_gif (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-app-XXXXXX", NULL);
  g_autofree char *chosen = g_build_filename (dir, "clip", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.gif", NULL);
  g_autofree char *png = g_build_filename (dir, "step25.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (chosen);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  LrlabAnimationDialog *dialog = open_dialog (window);
  GtkWidget *d = GTK_WIDGET (dialog);
  FrameCheck check = { 15, NULL, -1 };
  gsize len;
  Gif g;

  /* The whole run unless the user narrows it. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (find_named (d, "first")), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (find_named (d, "last")), ==, page_length (page));
  g_assert_cmpuint (page_length (page), ==, 120);

  click (d, "gif");
  g_assert_true (gtk_toggle_button_get_active (find_named (d, "gif")));
  adw_combo_row_set_selected (find_named (d, "size"), 0);
  gtk_spin_button_set_value (find_named (d, "fps"), 10);
  gtk_spin_button_set_value (find_named (d, "first"), 10);
  gtk_spin_button_set_value (find_named (d, "last"), 40);
  g_assert_cmpstr (gtk_label_get_text (find_named (d, "frames")), ==, "31 frames, every step, 4.1 s");

  lrlab_dialogs_answer_next (file);
  click (d, "export");
  g_assert_true (wait_until (dialog_gone_and_idle, NULL));
  g_assert_false (g_file_test (chosen, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  assert_saved_toast (GTK_WIDGET (window), path);

  /* What Export Figure writes at step 25 is frame 15. */
  lrlab_surfaces_page_set_step (page, 25);
  g_assert_true (lrlab_surfaces_page_write_figure (page, png, 1280, 720, &error));
  g_assert_no_error (error);
  check.expected = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (check.expected), ==, CAIRO_STATUS_SUCCESS);
  gif_read (&g, (const guint8 *) bytes, len, compare_frame, &check);
  g_assert_cmpint (g.width, ==, 1280);
  g_assert_cmpint (g.height, ==, 720);
  g_assert_cmpuint (g.frames, ==, 31);
  g_assert_true (g.loop_found);
  for (guint i = 0; i + 1 < g.frames; i++)
    g_assert_cmpuint (g.delays[i], ==, 10);   /* 10 frames a second */
  g_assert_cmpuint (g.delays[g.frames - 1], ==, 110);   /* and held a second */
  g_test_message ("frame 15 against the figure at step 25: mean error %.2f", check.mean_error);
  g_assert_cmpfloat (check.mean_error, >=, 0);
  g_assert_cmpfloat (check.mean_error, <, 2.0);

  g_free (g.canvas);
  cairo_surface_destroy (check.expected);
  g_unlink (png);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  close_window (window);
}

/* ---- Cancel ------------------------------------------------------------------- */

typedef struct {
  GtkProgressBar *bar;
  guint           updates;
  double          last;
} ProgressWatch;

static gboolean
progress_started (gpointer data)
{
  ProgressWatch *watch = data;
  double fraction = gtk_progress_bar_get_fraction (watch->bar);

  if (fraction != watch->last)
    watch->updates++;
  watch->last = fraction;
  return watch->updates >= 2 && fraction > 0;
}

/* Full HD, the whole run: Cancel while the frames are being drawn stops the
 * work, closes the dialog and leaves no file (nor any part of one); no
 * "Saved to" toast. */
static void
test_cancel (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-app-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cancelled.gif", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LrlabAnimationDialog *dialog = open_dialog (window);
  GtkWidget *d = GTK_WIDGET (dialog);
  ProgressWatch watch = { find_named (d, "progress"), 0, 0 };
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  adw_combo_row_set_selected (find_named (d, "size"), 1);
  lrlab_dialogs_answer_next (file);
  click (d, "export");
  g_assert_true (wait_until (rendering, NULL));
  /* The window may go on while the frames are drawn. */
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (wait_until (progress_started, &watch));
  g_assert_true (g_str_has_prefix (gtk_progress_bar_get_text (watch.bar), "Frame "));
  g_assert_cmpfloat (watch.last, <, 1.0);
  lrlab_surfaces_page_step (page);   /* the page answers meanwhile */

  click (d, "cancel");
  g_assert_true (wait_until (dialog_gone_and_idle, NULL));
  iterate ();
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);   /* empty: no partial file either */
  find_all (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, i)), "Saved to"));
  close_window (window);
}

/* Closing the window while the frames are drawn closes the dialog with it,
 * stops the work and leaves no file. */
static void
test_window_closed (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-app-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "closed.gif", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LrlabAnimationDialog *dialog = open_dialog (window);
  ProgressWatch watch = { find_named (GTK_WIDGET (dialog), "progress"), 0, 0 };

  adw_combo_row_set_selected (find_named (GTK_WIDGET (dialog), "size"), 1);
  lrlab_dialogs_answer_next (file);
  click (GTK_WIDGET (dialog), "export");
  g_assert_true (wait_until (progress_started, &watch));
  close_window (window);
  g_assert_true (wait_until (dialog_gone_and_idle, NULL));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- WebM --------------------------------------------------------------------- */

/* WebM can be chosen exactly when the GStreamer encoder is there, and says
 * why not otherwise; when it is, steps 0 to 10 make a WebM file. */
static void
test_webm (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  g_autoptr(GError) missing = NULL;
  gboolean available = lr_webm_available (&missing);
  LrlabAnimationDialog *dialog = open_dialog (window);
  GtkWidget *d = GTK_WIDGET (dialog);
  GtkWidget *webm = find_named (d, "webm");
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-app-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.webm", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_cmpint (gtk_widget_get_sensitive (webm), ==, available);
  if (!available)
    {
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (webm), missing->message));
      click (d, "cancel");
      g_assert_true (wait_until (dialog_gone_and_idle, NULL));
      g_rmdir (dir);
      close_window (window);
      g_test_skip ("no WebM encoder here");
      return;
    }
  click (d, "webm");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (webm)));
  gtk_spin_button_set_value (find_named (d, "last"), 10);
  lrlab_dialogs_answer_next (file);
  click (d, "export");
  g_assert_true (wait_until (dialog_gone_and_idle, NULL));
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (memcmp (bytes, "\x1a\x45\xdf\xa3", 4) == 0);   /* EBML */
  g_assert_nonnull (memmem (bytes, 64, "webm", 4));
  assert_saved_toast (GTK_WIDGET (window), path);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  close_window (window);
}

/* ---- "Saved to" after the other exports --------------------------------------- */

/* Export Figure and Export Runs as CSV from the window's menu. */
static void
test_surfaces_toasts (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-app-XXXXXX", NULL);
  const char *names[] = { "figure.png", "runs.csv" };
  const char *actions[] = { "win.export", "win.export-csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      lrlab_dialogs_answer_next (file);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), actions[i], NULL));
      g_assert_true (wait_until (file_exists, path));
      assert_saved_toast (GTK_WIDGET (window), path);
      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  close_window (window);
}

/* The classifier page's exports (figure and CSV of the view shown). */
static void
test_classifier_toasts (void)
{
  LrlabSurfacesPage *page;
  LrlabWindow *window = make_window (&page);
  LrlabClassifierPage *classifier = find_one (GTK_WIDGET (window), LRLAB_TYPE_CLASSIFIER_PAGE);
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-app-XXXXXX", NULL);
  const char *names[] = { "classifier.png", "classifier.csv" };
  const char *actions[] = { "classifier.export-figure", "classifier.export-csv" };

  lrlab_window_set_page (window, "classifier");
  iterate ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      lrlab_dialogs_answer_next (file);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (classifier), actions[i], NULL));
      g_assert_true (wait_until (file_exists, path));
      assert_saved_toast (GTK_WIDGET (window), path);
      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_assert_true (wait_until (dialog_gone_and_idle, NULL));
  close_window (window);
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
  adw_init ();

  g_test_add_func ("/animation-export/menu", test_menu);
  g_test_add_func ("/animation-export/no-runs", test_no_runs);
  g_test_add_func ("/animation-export/gif", test_gif);
  g_test_add_func ("/animation-export/cancel", test_cancel);
  g_test_add_func ("/animation-export/window-closed", test_window_closed);
  g_test_add_func ("/animation-export/webm", test_webm);
  g_test_add_func ("/saved-toast/surfaces", test_surfaces_toasts);
  g_test_add_func ("/saved-toast/classifier", test_classifier_toasts);
  return g_test_run ();
}
