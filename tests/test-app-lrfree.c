/* test-app-lrfree.c: the methods that choose their own step on the surfaces page: the rate
 * plot's dashed series, the slider's marker, the editor of their keys — headless under a
 * virtual display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "lr-optimizer.h"
#include "lr-schedule.h"
#include "lrlab-param-editor.h"
#include "lrlab-plot-view.h"
#include "lrlab-rate-marker.h"
#include "lrlab-run-row.h"
#include "lrlab-run.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

/* Until @widget's window has drawn a frame with what changed. */
static void
drawn (GtkWidget *widget)
{
  iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  iterate ();
}

static gpointer
find_one (GtkWidget *widget,
          GType      type)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  find_all (widget, type, all);
  g_assert_cmpuint (all->len, >, 0);
  return g_ptr_array_index (all, 0);
}

/* The pixels of @widget as drawn (B G R A rows of @w × @h). */
static guchar *
widget_pixels (GtkWidget *widget,
               int       *w,
               int       *h)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guchar *pixels;

  drawn (widget);
  paintable = gtk_widget_paintable_new (widget);

  *w = gtk_widget_get_width (widget);
  *h = gtk_widget_get_height (widget);
  g_assert_cmpint (*w, >, 20);
  g_assert_cmpint (*h, >, 10);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *w, *h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *w, *h));
  pixels = g_malloc ((gsize) *w * *h * 4);
  gdk_texture_download (texture, pixels, *w * 4);
  return pixels;
}

static gboolean
is_color (const guchar  *p,
          const GdkRGBA *c)
{
  return fabs (p[2] / 255.0 - c->red) < 0.06 && fabs (p[1] / 255.0 - c->green) < 0.06 &&
         fabs (p[0] / 255.0 - c->blue) < 0.06;
}

/* How many pixel rows of the learning-rate plot hold the colour @c: a constant rate is one
 * horizontal line, a few rows; a step that grows over decades spans many. */
static guint
rows_with_color (GtkWidget     *plot,
                 const GdkRGBA *c)
{
  int w, h;
  g_autofree guchar *px = widget_pixels (plot, &w, &h);
  guint rows = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (is_color (px + ((gsize) y * w + x) * 4, c))
        {
          rows++;
          break;
        }
  return rows;
}

static LrlabRunRow *
row_of (GtkWidget *window,
        LrlabRun  *run)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all (window, LRLAB_TYPE_RUN_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (lrlab_run_row_get_run (g_ptr_array_index (rows, i)) == run)
      return g_ptr_array_index (rows, i);
  g_assert_not_reached ();
  return NULL;
}

static guint
kind_index (const char *name)
{
  guint n;
  const LrKindInfo *kinds = lr_optimizer_kinds (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (kinds[i].name, name))
      return i;
  g_assert_not_reached ();
  return 0;
}

/* The marker shows the step the run took at the page's step, and sits over the slider. */
static void
check_marker (LrlabSurfacesPage *page,
              LrlabRunRow       *row,
              LrlabRun          *run,
              double            *marker_x)
{
  const LrTrajectory *traj = lrlab_run_get_trajectory (run);
  guint step = lrlab_surfaces_page_get_step (page);
  LrlabRateMarker *marker = find_one (GTK_WIDGET (row), LRLAB_TYPE_RATE_MARKER);
  double want = traj->points[MIN (step, traj->n_points - 1)].effective_lr;
  double y;

  iterate ();
  g_assert_cmpfloat_with_epsilon (lrlab_run_row_get_step_marker (row), want, 1e-12 * want);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (marker)));
  g_assert_true (lrlab_rate_marker_get_position (marker, marker_x, &y));

  /* drawn there, in the run's colour, just above the trough */
  {
    int w, h;
    g_autofree guchar *px = widget_pixels (GTK_WIDGET (marker), &w, &h);
    int mx = (int) floor (*marker_x), my = (int) floor (y) - 5;

    g_assert_cmpint (mx, >=, 0);
    g_assert_cmpint (mx, <, w);
    g_assert_cmpint (my, >=, 0);
    g_assert_true (is_color (px + ((gsize) my * w + mx) * 4, lrlab_run_get_color (run)));
  }
}

static void
test_prodigy_run (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  LrlabSurfacesPage *page;
  GListModel *runs;
  g_autoptr(GPtrArray) plots = g_ptr_array_new ();
  g_autoptr(LrlabRun) run = NULL;
  GtkWidget *lr_plot = NULL;
  LrlabRunRow *row;
  GtkDropDown *optimizer;
  guint n, before, after;
  double x4, x12, x_play;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  page = find_one (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE);
  runs = lrlab_surfaces_page_get_runs (page);
  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));

  /* Add a run, as the + button does: plain SGD at a constant rate draws no dashed series */
  n = g_list_model_get_n_items (runs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, n + 1);
  run = g_list_model_get_item (runs, n);
  iterate ();
  row = row_of (GTK_WIDGET (window), run);
  g_assert_true (isnan (lrlab_run_row_get_step_marker (row)));

  find_all (GTK_WIDGET (window), LRLAB_TYPE_PLOT_VIEW, plots);
  /* the page's plots: loss, learning rate, table, in that order */
  g_assert_cmpuint (plots->len, >=, 2);
  lr_plot = g_ptr_array_index (plots, 1);

  lrlab_surfaces_page_set_step (page, 120);
  iterate ();
  before = rows_with_color (lr_plot, lrlab_run_get_color (run));
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (before, <=, 4);

  /* Choose Prodigy in the row's method list */
  optimizer = find_one (GTK_WIDGET (row), GTK_TYPE_DROP_DOWN);
  gtk_drop_down_set_selected (optimizer, kind_index ("prodigy"));
  iterate ();
  g_assert_cmpstr (lrlab_run_get_config (run)->name, ==, "prodigy");
  /* its lr is a multiplier of the step it chooses: the default 1, not the SGD rate */
  g_assert_cmpfloat (lrlab_run_get_lr (run), ==, 1.0);

  /* The rate plot now has the dashed series of the step taken: from d0 = 1e-6 up, over many
   * rows of pixels beside the line at lr = 1. */
  after = rows_with_color (lr_plot, lrlab_run_get_color (run));
  g_assert_cmpuint (after, >, before + 20);

  /* The slider's marker follows playback: step by step … */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  for (int i = 0; i < 4; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 4);
  check_marker (page, row, run, &x4);
  for (int i = 0; i < 8; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), ==, 12);
  check_marker (page, row, run, &x12);
  /* Prodigy's step grows over decades early on: the marker moves right */
  g_assert_cmpfloat (lrlab_run_row_get_step_marker (row), >, 100 * lrlab_run_get_trajectory (run)->points[4].effective_lr);
  g_assert_cmpfloat (x12, >, x4 + 10);

  /* … and while playing, wherever playback is paused */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  {
    gint64 until = g_get_monotonic_time () + 600 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL));
  g_assert_false (lrlab_surfaces_page_get_playing (page));
  g_assert_cmpuint (lrlab_surfaces_page_get_step (page), >, 12);
  check_marker (page, row, run, &x_play);
  g_assert_cmpfloat (x_play, >=, x12);

  /* Back to plain SGD: no marker, no dashed series */
  gtk_drop_down_set_selected (optimizer, kind_index ("sgd"));
  iterate ();
  g_assert_true (isnan (lrlab_run_row_get_step_marker (row)));
  g_assert_cmpuint (rows_with_color (lr_plot, lrlab_run_get_color (run)), <=, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* The editor of @key in a parameter editor: the widget beside its label. */
static GtkWidget *
editor_of (LrlabParamEditor *editor,
           const char       *key)
{
  GtkWidget *grid = gtk_widget_get_first_child (GTK_WIDGET (editor));

  g_assert_true (GTK_IS_GRID (grid));
  for (int row = 0; gtk_grid_get_child_at (GTK_GRID (grid), 0, row) != NULL; row++)
    {
      GtkWidget *label = gtk_grid_get_child_at (GTK_GRID (grid), 0, row);

      if (g_str_equal (gtk_label_get_label (GTK_LABEL (label)), key))
        return gtk_grid_get_child_at (GTK_GRID (grid), 1, row);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
type_into (GtkWidget  *entry,
           const char *text)
{
  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  iterate ();
}

/* The keys of the new optimizers and of wsd in the run's editors, derived defaults as "auto". */
static void
test_editor (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  LrlabSurfacesPage *page;
  GListModel *runs;
  g_autoptr(GPtrArray) editors = g_ptr_array_new ();
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  g_autoptr(LrlabRun) run = NULL;
  GtkDropDown *schedule = NULL;
  LrlabRunRow *row;
  const LrTrajectory *traj;
  guint n, n_sched;
  const LrKindInfo *sched_kinds;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  page = find_one (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE);
  runs = lrlab_surfaces_page_get_runs (page);
  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  n = g_list_model_get_n_items (runs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", NULL));
  run = g_list_model_get_item (runs, n);
  iterate ();
  row = row_of (GTK_WIDGET (window), run);
  gtk_drop_down_set_selected (find_one (GTK_WIDGET (row), GTK_TYPE_DROP_DOWN), kind_index ("prodigy"));
  iterate ();
  g_assert_cmpstr (lrlab_run_get_config (run)->name, ==, "prodigy");

  /* open "Parameters and Schedule" */
  gtk_expander_set_expanded (find_one (GTK_WIDGET (row), GTK_TYPE_EXPANDER), TRUE);
  iterate ();
  find_all (GTK_WIDGET (row), LRLAB_TYPE_PARAM_EDITOR, editors);
  g_assert_cmpuint (editors->len, ==, 2);
  /* derived defaults read as words, the others as numbers */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_of (editors->pdata[0], "beta3"))), ==, "auto");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_of (editors->pdata[0], "growth_rate"))), ==, "inf");
  g_assert_cmpfloat (g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (editor_of (editors->pdata[0], "d0"))), NULL), ==, 1e-6);
  g_assert_true (GTK_IS_SWITCH (editor_of (editors->pdata[0], "safeguard_warmup")));

  type_into (editor_of (editors->pdata[0], "beta3"), "0.99");
  g_assert_cmpfloat (lrlab_run_get_config (run)->beta3, ==, 0.99);
  type_into (editor_of (editors->pdata[0], "d_coef"), "0.5");
  g_assert_cmpfloat (lrlab_run_get_config (run)->d_coef, ==, 0.5);
  g_assert_cmpfloat (lrlab_run_get_lr (run), ==, 1.0);
  type_into (editor_of (editors->pdata[0], "beta3"), "auto");
  g_assert_cmpfloat (lrlab_run_get_config (run)->beta3, ==, 0);
  g_assert_null (strstr (lrlab_run_get_optimizer (run), "beta3"));
  g_assert_nonnull (strstr (lrlab_run_get_optimizer (run), "d_coef=0.5"));

  /* wsd in the schedule list: its lengths are derived from the run's */
  find_all (GTK_WIDGET (row), GTK_TYPE_DROP_DOWN, dropdowns);
  sched_kinds = lr_schedule_kinds (&n_sched);
  for (guint i = 0; i < dropdowns->len; i++)
    if (g_list_model_get_n_items (gtk_drop_down_get_model (dropdowns->pdata[i])) == n_sched)
      schedule = dropdowns->pdata[i];
  g_assert_nonnull (schedule);
  for (guint i = 0; i < n_sched; i++)
    if (g_str_equal (sched_kinds[i].name, "wsd"))
      gtk_drop_down_set_selected (schedule, i);
  iterate ();
  g_assert_true (g_str_has_prefix (lrlab_run_get_schedule (run), "wsd"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_of (editors->pdata[1], "stable_steps"))), ==, "auto");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_of (editors->pdata[1], "decay_steps"))), ==, "auto");
  g_assert_true (GTK_IS_DROP_DOWN (editor_of (editors->pdata[1], "decay_type")));

  type_into (editor_of (editors->pdata[1], "decay_steps"), "30");
  g_assert_nonnull (strstr (lrlab_run_get_schedule (run), "decay_steps=30"));
  /* the run follows: full rate until the last 30 updates, then the cooldown */
  traj = lrlab_run_get_trajectory (run);
  g_assert_nonnull (traj);
  g_assert_cmpuint (traj->n_points, >, 40);
  g_assert_cmpfloat (traj->points[traj->n_steps - 31].lr, ==, 1.0);
  g_assert_cmpfloat (traj->points[traj->n_steps - 1].lr, <, 0.1);

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

  g_test_add_func ("/app/lrfree/prodigy-run", test_prodigy_run);
  g_test_add_func ("/app/lrfree/editor", test_editor);

  return g_test_run ();
}
