/* test-app.c: the surfaces view, headless under a virtual display
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
#include "lr-optimizer.h"
#include "lrlab-application.h"
#include "lrlab-plot-view.h"
#include "lrlab-dialogs.h"
#include "lrlab-run-list.h"
#include "lrlab-run-row.h"
#include "lrlab-run.h"
#include "lrlab-scenes.h"
#include "lrlab-surface-key.h"
#include "lrlab-surface-view.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-util.h"
#include "lrlab-window.h"

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
find_page (GtkWidget *widget)
{
  GtkWidget *child;

  if (LRLAB_IS_SURFACES_PAGE (widget))
    return LRLAB_SURFACES_PAGE (widget);
  for (child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      LrlabSurfacesPage *page = find_page (child);
      if (page != NULL)
        return page;
    }
  return NULL;
}

/* Clicks the button labelled @label inside @widget, as a person would. */
static void
click_button (GtkWidget  *widget,
              const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  g_assert_nonnull (widget);
  find_all (widget, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      {
        g_signal_emit_by_name (g_ptr_array_index (buttons, i), "clicked");
        iterate ();
        return;
      }
  g_error ("no button %s", label);
}

static void
test_templates (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autoptr(LrlabRun) run = lrlab_run_new ("adam:lr=0.01", "cosine:T_max=50", NULL);
  GtkWidget *row = lrlab_run_row_new (run);

  g_assert_nonnull (page);
  g_assert_nonnull (row);
  g_object_ref_sink (row);
  g_object_unref (row);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* Clicking a palette colour in a run row gives the run that colour. */
static void
test_palette (void)
{
  g_autoptr(LrlabRun) run = lrlab_run_new ("sgd:lr=0.1", NULL, NULL);
  GtkWidget *row = g_object_ref_sink (lrlab_run_row_new (run));
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  GdkRGBA expected;

  find_all (row, GTK_TYPE_FLOW_BOX_CHILD, children);
  g_assert_cmpuint (children->len, ==, lrlab_palette_size ());
  for (guint i = 0; i < children->len; i += 3)
    {
      GtkWidget *button = gtk_flow_box_child_get_child (g_ptr_array_index (children, i));

      g_signal_emit_by_name (button, "clicked");
      lrlab_palette_color (i, &expected);
      g_assert_true (gdk_rgba_equal (lrlab_run_get_color (run), &expected));
    }
  g_object_unref (row);
}

static void
test_default_scene (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();
  const LrlabScene *scene = lrlab_scenes_lookup ("too-low-just-right-too-high");
  guint n_runs = 0;

  while (scene->runs[n_runs] != NULL)
    n_runs++;
  g_assert_cmpstr (lrlab_surfaces_page_get_scene_id (page), ==, scene->id);
  g_assert_cmpuint (g_list_model_get_n_items (lrlab_surfaces_page_get_runs (page)), ==, n_runs);
  find_all (GTK_WIDGET (window), LRLAB_TYPE_SURFACE_VIEW, panels);
  g_assert_cmpuint (panels->len, ==, n_runs);
  /* The title is the scene's, without the modified mark. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, scene->title);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_actions (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  GListModel *runs = lrlab_surfaces_page_get_runs (page);
  guint n;

  /* The window plays its scene on its own, or asks its lesson's first
   * question (test-lesson.c); this test plays a scene without a lesson. */
  g_assert_true (lrlab_surfaces_page_get_playing (page) || lrlab_surfaces_page_lesson_asking (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "saddle-point"));
  g_assert_false (lrlab_surfaces_page_has_lesson (page));
  g_assert_true (lrlab_surfaces_page_get_playing (page));
  /* Reset stops it at step 0. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  g_assert_true (lrlab_surfaces_page_get_playing (page));
  /* let the frame clock advance the animation (a first frame through GL
   * can take a while on a software renderer) */
  {
    gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (lrlab_surfaces_page_get_step (page) <= 2 && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), >, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 0);

  n = g_list_model_get_n_items (runs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, n + 1);

  /* The run added is a change: another scene asks first; Discard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "adaptive-methods"));
  iterate ();
  g_assert_cmpstr (lrlab_surfaces_page_get_scene_id (page), !=, "adaptive-methods");
  click_button (lrlab_window_get_save_changes_dialog (window), "_Discard");
  g_assert_cmpstr (lrlab_surfaces_page_get_scene_id (page), ==, "adaptive-methods");
  g_assert_cmpstr (lr_surface_get_name (lrlab_surfaces_page_get_surface (page)), ==, "rosenbrock");

  /* every scene loads and computes every run */
  {
    guint n_scenes;
    const LrlabScene *scenes = lrlab_scenes_get (&n_scenes);

    for (guint i = 0; i < n_scenes; i++)
      {
        lrlab_window_load_scene (window, scenes[i].id);
        for (guint k = 0; k < g_list_model_get_n_items (runs); k++)
          {
            g_autoptr(LrlabRun) run = g_list_model_get_item (runs, k);
            g_assert_nonnull (lrlab_run_get_trajectory (run));
          }
      }
  }

  lrlab_surfaces_page_lr_fan (page, 5, 3);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The plot beside the loss shows sharpness for the catapult scene and through the
 * view menu's action, and the rate again for a scene that does not ask for it. */
static void
test_sharpness_plot (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  gboolean sharpness = TRUE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "momentum"));
  g_object_get (page, "sharpness-plot", &sharpness, NULL);
  g_assert_false (sharpness);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sharpness-plot", NULL));
  g_object_get (page, "sharpness-plot", &sharpness, NULL);
  g_assert_true (sharpness);
  iterate ();

  /* The plot is part of the experiment: another scene asks first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "too-low-just-right-too-high"));
  iterate ();
  click_button (lrlab_window_get_save_changes_dialog (window), "_Discard");
  g_object_get (page, "sharpness-plot", &sharpness, NULL);
  g_assert_false (sharpness);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scene", "s", "catapult"));
  g_object_get (page, "sharpness-plot", &sharpness, NULL);
  g_assert_true (sharpness);
  g_assert_cmpuint (g_list_model_get_n_items (lrlab_surfaces_page_get_runs (page)), ==, 3);
  iterate ();
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The trajectory is drawn where the core says the points are. */
static void
test_trajectory_pixels (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();
  LrlabSurfaceView *panel;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(LrlabRun) run = NULL;
  const LrTrajectory *traj;
  guchar *pixels;
  int w, h;
  double wx, wy;
  gboolean found = FALSE;

  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  lrlab_surfaces_page_stop (page);
  lrlab_surfaces_page_set_step (page, 10);
  iterate ();
  find_all (GTK_WIDGET (window), LRLAB_TYPE_SURFACE_VIEW, panels);
  panel = g_ptr_array_index (panels, 1);
  run = g_list_model_get_item (lrlab_surfaces_page_get_runs (page), 1);
  traj = lrlab_run_get_trajectory (run);
  g_assert_nonnull (traj);

  w = gtk_widget_get_width (GTK_WIDGET (panel));
  h = gtk_widget_get_height (GTK_WIDGET (panel));
  g_assert_cmpint (w, >, 50);
  g_assert_cmpint (h, >, 50);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (panel));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (panel)));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));

  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, w * 4);

  /* The head at step 10 is a disc in the run's colour. */
  g_assert_true (lrlab_surface_view_to_widget (panel, traj->points[10].x, traj->points[10].y, &wx, &wy));
  {
    const GdkRGBA *c = lrlab_run_get_color (run);

    for (int dy = -2; dy <= 2 && !found; dy++)
      for (int dx = -2; dx <= 2 && !found; dx++)
        {
          int px = (int) wx + dx, py = (int) wy + dy;
          guchar *p = pixels + ((gsize) py * w + px) * 4;   /* B G R A */

          if (px < 0 || py < 0 || px >= w || py >= h)
            continue;
          if (fabs (p[2] / 255.0 - c->red) < 0.08 && fabs (p[1] / 255.0 - c->green) < 0.08 &&
              fabs (p[0] / 255.0 - c->blue) < 0.08)
            found = TRUE;
        }
  }
  g_free (pixels);
  g_assert_true (found);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The pixels of @widget as drawn (B G R A rows of @w × @h). */
static guchar *
widget_pixels (GtkWidget *widget,
               int       *w,
               int       *h)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guchar *pixels;

  *w = gtk_widget_get_width (widget);
  *h = gtk_widget_get_height (widget);
  g_assert_cmpint (*w, >, 50);
  g_assert_cmpint (*h, >, 50);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *w, *h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *w, *h));
  pixels = g_malloc ((gsize) *w * *h * 4);
  gdk_texture_download (texture, pixels, *w * 4);
  return pixels;
}

/* The most frequent colour (0xRRGGBB) of row @y from x0 to x1, or of
 * column x0 from @y to y1 when @vertical. */
static guint32
common_color (const guchar *pixels,
              int           w,
              int           x0,
              int           x1,
              int           y,
              int           y1,
              gboolean      vertical)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 best = 0;
  guint best_n = 0;
  int n = vertical ? y1 - y : x1 - x0;

  for (int k = 0; k < n; k++)
    {
      const guchar *p = pixels + ((gsize) (vertical ? y + k : y) * w + (vertical ? x0 : x0 + k)) * 4;
      guint32 c = (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (c))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (c), GUINT_TO_POINTER (count));
      if (count > best_n)
        {
          best_n = count;
          best = c;
        }
    }
  return best;
}

/* In the dark style the surface panels and the plots beside them share one
 * background: the view's. */
static void
test_dark_backgrounds (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  LrlabWindow *window;
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();
  g_autoptr(GPtrArray) plots = g_ptr_array_new ();
  g_autofree guchar *panel_px = NULL;
  g_autofree guchar *plot_px = NULL;
  LrRenderTheme theme;
  guint32 panel_bg, plot_bg, want;
  int pw, ph, qw, qh;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = make_window ();
  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  iterate ();
  g_assert_true (adw_style_manager_get_dark (style));
  find_all (GTK_WIDGET (window), LRLAB_TYPE_SURFACE_VIEW, panels);
  find_all (GTK_WIDGET (window), LRLAB_TYPE_PLOT_VIEW, plots);
  g_assert_cmpuint (panels->len, >, 0);
  g_assert_cmpuint (plots->len, >, 0);

  panel_px = widget_pixels (g_ptr_array_index (panels, 0), &pw, &ph);
  plot_px = widget_pixels (g_ptr_array_index (plots, 0), &qw, &qh);
  /* the caption band's right half, the plot's right margin */
  panel_bg = common_color (panel_px, pw, pw / 2, pw - 4, 6, 0, FALSE);
  plot_bg = common_color (plot_px, qw, qw - 4, 0, 4, qh - 4, TRUE);
  lrlab_theme_for_widget (GTK_WIDGET (window), FALSE, &theme);
  want = (guint32) lround (theme.background.r * 255) << 16 |
         (guint32) lround (theme.background.g * 255) << 8 |
         (guint32) lround (theme.background.b * 255);
  g_assert_cmphex (plot_bg, ==, want);
  g_assert_cmphex (panel_bg, ==, plot_bg);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  iterate ();
}

static void
test_export (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lrlab-test-XXXXXX", &error);
  const char *names[] = { "fig.png", "fig.svg", "fig.pdf", "runs.csv" };
  const char *magic[] = { "\x89PNG", "<?xml", "%PDF", "run,optimizer,schedule,step," };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_str_has_suffix (names[i], ".csv"))
        g_assert_true (lrlab_surfaces_page_write_csv (page, path, &error));
      else
        g_assert_true (lrlab_surfaces_page_write_figure (page, path, 800, 500, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 100);
      g_assert_true (g_str_has_prefix (contents, magic[i]));
      g_unlink (path);
    }

  /* An unknown extension is an error, and leaves no file. */
  {
    g_autofree char *path = g_build_filename (dir, "fig.bmp", NULL);

    g_assert_false (lrlab_surfaces_page_write_figure (page, path, 800, 500, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  g_rmdir (dir);

  {
    g_autofree char *text = lrlab_surfaces_page_runs_to_text (page);
    g_assert_true (g_str_has_prefix (text, "lrlab-cli compare --surface "));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* "Export Runs as CSV" from the window's menu: the file the user chooses
 * holds one row per step of every visible run. */
static void
test_export_csv_action (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autofree char *dir = g_dir_make_tmp ("lrlab-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "runs.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(LrlabRun) first = NULL;
  const LrTrajectory *traj;
  guint n_runs, expected = 0;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  lrlab_surfaces_page_stop (page);
  n_runs = g_list_model_get_n_items (lrlab_surfaces_page_get_runs (page));
  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (lrlab_surfaces_page_get_runs (page), i);

      if (lrlab_run_get_visible (run))
        expected += lrlab_run_get_trajectory (run)->n_points;
    }

  lrlab_dialogs_answer_next (file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-csv", NULL));
  while (!file_exists (path) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  g_assert_cmpstr (lines[0], ==, "run,optimizer,schedule,step,lr,x,y,loss,grad_x,grad_y");
  g_assert_cmpuint (g_strv_length (lines), ==, expected + 1);

  /* The first data row is the first run's start, numbers as the core has them. */
  first = g_list_model_get_item (lrlab_surfaces_page_get_runs (page), 0);
  traj = lrlab_run_get_trajectory (first);
  {
    g_auto(GStrv) cells = g_strsplit (lines[1], ",", -1);

    g_assert_cmpuint (g_strv_length (cells), ==, 10);
    g_assert_cmpstr (cells[0], ==, "1");
    g_assert_cmpstr (cells[3], ==, "0");
    g_assert_cmpfloat (g_ascii_strtod (cells[5], NULL), ==, traj->points[0].x);
    g_assert_cmpfloat (g_ascii_strtod (cells[6], NULL), ==, traj->points[0].y);
    g_assert_cmpfloat (g_ascii_strtod (cells[7], NULL), ==, traj->points[0].loss);
  }

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_formula_error (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autoptr(GError) error = NULL;

  g_assert_false (lrlab_surfaces_page_set_surface (page, "expr:x^2 + (y", &error));
  g_assert_nonnull (strstr (error->message, "column"));
  g_clear_error (&error);
  g_assert_true (lrlab_surfaces_page_set_surface (page, "expr:x^2 + 4*y^2", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lr_surface_get_name (lrlab_surfaces_page_get_surface (page)), ==, "expr");
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The surface menu speaks of surfaces by name, and choosing one from it
 * sets that surface. */
static void
test_surface_names (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  GtkDropDown *surfaces = NULL;
  GListModel *names;
  guint n_kinds;
  const LrKindInfo *kinds = lr_surface_kinds (&n_kinds);

  find_all (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, dropdowns);
  for (guint i = 0; i < dropdowns->len; i++)
    {
      GListModel *m = gtk_drop_down_get_model (g_ptr_array_index (dropdowns, i));

      if (GTK_IS_STRING_LIST (m) && g_list_model_get_n_items (m) == n_kinds &&
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (m), n_kinds - 1),
                     g_dgettext (GETTEXT_PACKAGE, "Formula")) == 0)
        surfaces = g_ptr_array_index (dropdowns, i);
    }
  g_assert_nonnull (surfaces);
  names = gtk_drop_down_get_model (surfaces);
  for (guint i = 0; i < n_kinds; i++)
    {
      const char *shown = gtk_string_list_get_string (GTK_STRING_LIST (names), i);

      /* no spec syntax: "Goldstein–Price", not "goldstein_price" */
      g_assert_null (strchr (shown, '_'));
      g_assert_true (g_ascii_isupper (shown[0]));
      if (g_str_equal (kinds[i].name, "goldstein_price"))
        {
          g_assert_cmpstr (shown, ==, g_dgettext (GETTEXT_PACKAGE, "Goldstein–Price"));
          gtk_drop_down_set_selected (surfaces, i);
          iterate ();
          g_assert_cmpstr (lr_surface_get_name (lrlab_surfaces_page_get_surface (page)), ==, "goldstein_price");
        }
    }

  /* so does a run's menu of methods: "Momentum", not "momentum" */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    g_autoptr(GPtrArray) menus = g_ptr_array_new ();
    guint n_opt;
    const LrKindInfo *opts = lr_optimizer_kinds (&n_opt);
    GtkDropDown *methods = NULL;
    LrlabRun *run;

    find_all (GTK_WIDGET (page), LRLAB_TYPE_RUN_ROW, rows);
    g_assert_cmpuint (rows->len, >, 0);
    run = lrlab_run_row_get_run (g_ptr_array_index (rows, 0));
    find_all (g_ptr_array_index (rows, 0), GTK_TYPE_DROP_DOWN, menus);
    for (guint i = 0; i < menus->len; i++)
      if (g_list_model_get_n_items (gtk_drop_down_get_model (g_ptr_array_index (menus, i))) == n_opt)
        methods = g_ptr_array_index (menus, i);
    g_assert_nonnull (methods);
    for (guint i = 0; i < n_opt; i++)
      {
        const char *shown = gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (methods)), i);

        g_assert_null (strchr (shown, '_'));
        g_assert_true (g_ascii_isupper (shown[0]));
        if (g_str_equal (opts[i].name, "momentum"))
          {
            g_assert_cmpstr (shown, ==, "Momentum");
            gtk_drop_down_set_selected (methods, i);
            iterate ();
            g_assert_true (g_str_has_prefix (lrlab_run_get_optimizer (run), "momentum"));
          }
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* Beside the panels, the key of their colours and markers, whole. */
static void
test_surface_key (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  LrRenderTheme theme;
  GtkWidget *key;

  find_all (GTK_WIDGET (page), LRLAB_TYPE_SURFACE_KEY, keys);
  g_assert_cmpuint (keys->len, ==, 1);
  key = g_ptr_array_index (keys, 0);
  iterate ();
  g_assert_true (gtk_widget_get_mapped (key));
  lrlab_theme_for_widget (key, FALSE, &theme);
  g_assert_cmpint (gtk_widget_get_width (key), >=, (int) lr_render_surface_key_width (&theme));
  g_assert_cmpint (gtk_widget_get_height (key), >, 200);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* A button under @root whose label or tooltip is @text. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *b = g_ptr_array_index (buttons, i);

      if (gtk_widget_get_mapped (b) && (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (b)), text) == 0 ||
                                        g_strcmp0 (gtk_widget_get_tooltip_text (b), text) == 0))
        return b;
    }
  return NULL;
}

/* Removing a run with its row's button, then Undo on the toast: the same
 * run is back in its place. */
static void
test_undo_remove (void)
{
  LrlabWindow *window = make_window ();
  LrlabSurfacesPage *page = find_page (GTK_WIDGET (window));
  GListModel *runs = lrlab_surfaces_page_get_runs (page);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(LrlabRun) second = NULL;
  g_autoptr(LrlabRun) back = NULL;
  GtkWidget *undo;
  guint n;

  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  lrlab_surfaces_page_stop (page);
  iterate ();
  n = g_list_model_get_n_items (runs);
  g_assert_cmpuint (n, >=, 3);
  second = g_list_model_get_item (runs, 1);
  find_all (GTK_WIDGET (page), LRLAB_TYPE_RUN_ROW, rows);
  g_assert_cmpuint (rows->len, ==, n);
  g_assert_true (lrlab_run_row_get_run (g_ptr_array_index (rows, 1)) == second);
  g_signal_emit_by_name (find_button (g_ptr_array_index (rows, 1), "Remove Run"), "clicked");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, n - 1);
  g_assert_false (lrlab_run_list_find (LRLAB_RUN_LIST (runs), second, NULL));

  undo = find_button (GTK_WIDGET (window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, n);
  back = g_list_model_get_item (runs, 1);
  g_assert_true (back == second);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_software_gl_names (void)
{
  g_assert_true (lrlab_gl_renderer_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (lrlab_gl_renderer_is_software ("Software Rasterizer"));
  g_assert_true (lrlab_gl_renderer_is_software ("softpipe"));
  g_assert_false (lrlab_gl_renderer_is_software ("AMD Radeon Graphics (renoir, LLVM 15.0.6, DRM 3.49)"));
  g_assert_false (lrlab_gl_renderer_is_software ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (lrlab_gl_renderer_is_software (NULL));
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
  /* gtk_test_init() chose en_US; the app runs in its user's locale, and so
   * do these tests (CI runs them again under a German one). */
  setlocale (LC_ALL, "");
  adw_init ();

  g_test_add_func ("/app/templates", test_templates);
  g_test_add_func ("/app/software-gl-names", test_software_gl_names);
  g_test_add_func ("/app/default-scene", test_default_scene);
  g_test_add_func ("/app/palette", test_palette);
  g_test_add_func ("/app/actions", test_actions);
  g_test_add_func ("/app/trajectory-pixels", test_trajectory_pixels);
  g_test_add_func ("/app/sharpness-plot", test_sharpness_plot);
  g_test_add_func ("/app/export", test_export);
  g_test_add_func ("/app/dark-backgrounds", test_dark_backgrounds);
  g_test_add_func ("/app/export-csv-action", test_export_csv_action);
  g_test_add_func ("/app/formula-error", test_formula_error);
  g_test_add_func ("/app/surface-names", test_surface_names);
  g_test_add_func ("/app/surface-key", test_surface_key);
  g_test_add_func ("/app/undo-remove", test_undo_remove);

  return g_test_run ();
}
