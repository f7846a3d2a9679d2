/* test-app-effective-step.c: the step a method chooses, seen on the surfaces page — the rate
 * plot's dashed series and the slider's marker — headless under a virtual display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "lr-optimizer.h"
#include "lrlab-plot-view.h"
#include "lrlab-rate-marker.h"
#include "lrlab-run-row.h"
#include "lrlab-run.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

static void
iterate (void)
{
  for (int i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Until @widget's window has drawn a frame with what changed. */
static void
drawn (GtkWidget *widget)
{
  iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  iterate ();
}

static void
find_all (GtkWidget *widget,
          GType      type,
          GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    find_all (c, type, out);
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

  g_test_add_func ("/app/effective-step/prodigy-run", test_prodigy_run);

  return g_test_run ();
}
