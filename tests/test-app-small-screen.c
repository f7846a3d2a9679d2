/* test-app-small-screen.c: at 1024×600 everything is whole and reachable,
 * headless under a virtual display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "lrlab-classifier-page.h"
#include "lrlab-classifier-training-view.h"
#include "lrlab-plot-view.h"
#include "lrlab-surface-view.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

static void
iterate_for (int ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* @widget lies wholly inside @window's content (and is drawn). */
static void
assert_inside (GtkWidget *widget,
               GtkWidget *window,
               const char *what)
{
  graphene_rect_t b;
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &b));
  if (b.origin.x < 0 || b.origin.y < 0 || b.origin.x + b.size.width > w + 0.5 ||
      b.origin.y + b.size.height > h + 0.5 || b.size.width < 1 || b.size.height < 1)
    g_error ("%s at %g,%g %g×%g is not inside the %d×%d window", what,
             b.origin.x, b.origin.y, b.size.width, b.size.height, w, h);
}

static LrlabWindow *
small_window (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (400);
  /* (the client-side frame takes a few pixels) */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 1000);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 600);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), >=, 580);
  return window;
}

/* Six runs: every panel with its caption, the plots and the table inside
 * the window; the divider between them has room to move; hiding the
 * sidebar (F9's action) widens the panels. */
static void
test_surfaces (void)
{
  LrlabWindow *window = small_window ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();
  g_autoptr(GPtrArray) plots = g_ptr_array_new ();
  g_autoptr(GPtrArray) paneds = g_ptr_array_new ();
  LrlabSurfacesPage *page;
  GtkPaned *vpaned = NULL;
  int min_pos, max_pos, width_before;

  find_all (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE, pages);
  page = g_ptr_array_index (pages, 0);
  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  lrlab_surfaces_page_stop (page);
  while (lrlab_surfaces_page_add_run (page))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (lrlab_surfaces_page_get_runs (page)), ==, 6);
  iterate_for (300);

  find_all (GTK_WIDGET (page), LRLAB_TYPE_SURFACE_VIEW, panels);
  find_all (GTK_WIDGET (page), LRLAB_TYPE_PLOT_VIEW, plots);
  g_assert_cmpuint (panels->len, ==, 6);
  g_assert_cmpuint (plots->len, ==, 3);
  for (guint i = 0; i < panels->len; i++)
    assert_inside (g_ptr_array_index (panels, i), GTK_WIDGET (window), "a surface panel");
  for (guint i = 0; i < plots->len; i++)
    assert_inside (g_ptr_array_index (plots, i), GTK_WIDGET (window), "a plot");

  find_all (GTK_WIDGET (page), GTK_TYPE_PANED, paneds);
  for (guint i = 0; i < paneds->len; i++)
    if (gtk_orientable_get_orientation (g_ptr_array_index (paneds, i)) == GTK_ORIENTATION_VERTICAL)
      vpaned = g_ptr_array_index (paneds, i);
  g_assert_nonnull (vpaned);
  g_object_get (vpaned, "min-position", &min_pos, "max-position", &max_pos, NULL);
  g_assert_cmpint (max_pos - min_pos, >=, 40);
  gtk_paned_set_position (vpaned, min_pos);
  iterate_for (200);
  for (guint i = 0; i < panels->len; i++)
    assert_inside (g_ptr_array_index (panels, i), GTK_WIDGET (window), "a surface panel, divider up");

  width_before = gtk_widget_get_width (g_ptr_array_index (panels, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sidebar", NULL));
  iterate_for (300);
  g_assert_cmpint (gtk_widget_get_width (g_ptr_array_index (panels, 0)), >, width_before + 100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sidebar", NULL));
  iterate_for (200);
  g_assert_cmpint (gtk_widget_get_width (g_ptr_array_index (panels, 0)), ==, width_before);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
}

/* The classifier page: every view's tab and the export button inside
 * the window; the status line wraps instead of being cut. */
static void
test_classifier (void)
{
  LrlabWindow *window = small_window ();
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GPtrArray) switchers = g_ptr_array_new ();
  g_autoptr(GPtrArray) tabs = g_ptr_array_new ();
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean export_seen = FALSE;

  find_all (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, stacks);
  adw_view_stack_set_visible_child_name (g_ptr_array_index (stacks, 0), "classifier");
  iterate_for (400);
  find_all (GTK_WIDGET (window), LRLAB_TYPE_CLASSIFIER_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);

  find_all (g_ptr_array_index (pages, 0), GTK_TYPE_STACK_SWITCHER, switchers);
  g_assert_cmpuint (switchers->len, ==, 1);
  find_all (g_ptr_array_index (switchers, 0), GTK_TYPE_TOGGLE_BUTTON, tabs);
  /* Training, Range Test, Search, Landscape, Results */
  g_assert_cmpuint (tabs->len, ==, 5);
  for (guint i = 0; i < tabs->len; i++)
    assert_inside (g_ptr_array_index (tabs, i), GTK_WIDGET (window), "a view's tab");

  find_all (g_ptr_array_index (pages, 0), GTK_TYPE_MENU_BUTTON, menus);
  for (guint i = 0; i < menus->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (menus, i)), "Export What Is Shown") == 0)
      {
        assert_inside (g_ptr_array_index (menus, i), GTK_WIDGET (window), "the export button");
        export_seen = TRUE;
      }
  g_assert_true (export_seen);

  /* four runs trained (one diverges): the status line says so whole */
  {
    LrlabClassifierPage *page = g_ptr_array_index (pages, 0);
    static const char *runs[] = { "sgd:lr=0.01", "sgd:lr=0.1", "adam:lr=0.001", "sgd:lr=1000", NULL };
    g_autoptr(GError) error = NULL;
    gint64 until = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

    g_assert_true (lrlab_classifier_page_set_runs (page, runs, &error));
    g_assert_no_error (error);
    lrlab_classifier_page_set_schedule (page, 1, 64, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "classifier.train", NULL));
    while ((lrlab_classifier_page_get_busy (page) || lrlab_classifier_page_get_n_workers () > 0) &&
           g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_false (lrlab_classifier_page_get_busy (page));
    iterate_for (200);
    find_all (GTK_WIDGET (page), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      {
        GtkLabel *label = g_ptr_array_index (labels, i);

        if (strstr (gtk_label_get_label (label), "4 trained") != NULL)
          {
            assert_inside (GTK_WIDGET (label), GTK_WIDGET (window), "the status line");
            g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
            export_seen = FALSE;
          }
      }
    g_assert_false (export_seen);
    g_ptr_array_set_size (labels, 0);
  }

  /* the training view whole in the window, its hint below the plots too
   * (it was cut when the views' stack took the height of its tallest view) */
  {
    g_autoptr(GPtrArray) views = g_ptr_array_new ();
    g_autoptr(GPtrArray) all = g_ptr_array_new ();

    find_all (g_ptr_array_index (pages, 0), LRLAB_TYPE_CLASSIFIER_TRAINING_VIEW, views);
    g_assert_cmpuint (views->len, ==, 1);
    find_all (g_ptr_array_index (views, 0), GTK_TYPE_LABEL, all);
    for (guint i = 0; i < all->len; i++)
      if (gtk_widget_get_mapped (g_ptr_array_index (all, i)))
        assert_inside (g_ptr_array_index (all, i), GTK_WIDGET (window), "a label of the training view");
  }

  /* no label of the page is cut with an ellipsis (the status line was) */
  find_all (g_ptr_array_index (pages, 0), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_mapped (GTK_WIDGET (label)) && gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE)
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
}

/* Every scene keeps the window within the screen: a run whose method has a
 * long name ("Schedule-Free AdamW") once widened the sidebar past it. */
static void
test_every_scene (void)
{
  LrlabWindow *window = small_window ();
  static const char *scenes[] = { "methods-that-pick-their-own-rate", "wsd-against-cosine", "schedules",
                                  "adaptive-methods", "high-medium-low", "rosenbrocks-valley" };

  for (guint i = 0; i < G_N_ELEMENTS (scenes); i++)
    {
      lrlab_window_load_scene (window, scenes[i]);
      iterate_for (300);
      if (gtk_widget_get_width (GTK_WIDGET (window)) > 1024)
        g_error ("scene %s: the window is %d wide at 1024×600", scenes[i], gtk_widget_get_width (GTK_WIDGET (window)));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
}

static double
font_size (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_create_pango_context (widget);
  double size = (double) pango_font_description_get_size (pango_context_get_font_description (context)) / PANGO_SCALE;

  g_object_unref (context);
  return size;
}

/* Presenter mode (its action, F11): the sidebar's headings, the formula,
 * the critical-rate sentence and the hint line grow, not only the body
 * text. */
static void
test_presenter (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (double));
  const char *classes[] = { "heading", "caption", "title-3" };
  guint found[G_N_ELEMENTS (classes)] = { 0 };

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (300);
  find_all (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      double size = font_size (g_ptr_array_index (labels, i));

      g_array_append_val (before, size);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presenter", NULL));
  iterate_for (300);
  for (guint i = 0; i < labels->len; i++)
    for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
      if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), classes[c]))
        {
          double was = g_array_index (before, double, i);
          double now = font_size (g_ptr_array_index (labels, i));

          if (!(now >= 1.2 * was))
            g_error ("a .%s label (“%s”) stays at %g pt in presenter mode (was %g pt)", classes[c],
                     gtk_label_get_label (g_ptr_array_index (labels, i)), now, was);
          found[c]++;
        }
  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    g_assert_cmpuint (found[c], >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
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
  /* the stylesheet AdwApplication loads for the app */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/lrlab/LearningRateLab/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/app-small-screen/surfaces", test_surfaces);
  g_test_add_func ("/app-small-screen/classifier", test_classifier);
  g_test_add_func ("/app-small-screen/presenter", test_presenter);
  g_test_add_func ("/app-small-screen/every-scene", test_every_scene);

  return g_test_run ();
}
