/* test-app-noise.c: the Noise control of the surfaces view, headless under
 * a virtual display — switched on as a user does, the runs get noisy, settle
 * at floors the plots show, and a scene's noise comes with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "lrlab-noise-control.h"
#include "lrlab-run.h"
#include "lrlab-surface-view.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-util.h"
#include "lrlab-window.h"

static gpointer
find_one (GtkWidget *widget,
          GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (widget, type, found);
  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, 0);
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

/* Pixels of @panel that differ between two drawings within @r of (x, y). */
static guint
changed_near (const guchar *a,
              const guchar *b,
              int           w,
              int           h,
              double        x,
              double        y,
              int           r)
{
  guint n = 0;

  for (int py = MAX (0, (int) y - r); py < MIN (h, (int) y + r); py++)
    for (int px = MAX (0, (int) x - r); px < MIN (w, (int) x + r); px++)
      n += memcmp (a + ((gsize) py * w + px) * 4, b + ((gsize) py * w + px) * 4, 3) != 0;
  return n;
}

static void
test_noise_control (void)
{
  LrlabWindow *window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  LrlabSurfacesPage *page;
  LrlabNoiseControl *control;
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) panels = g_ptr_array_new ();
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree LrRenderRun *runs = NULL;
  g_autofree char *spec = NULL;
  g_autofree guchar *noisy_px = NULL;
  g_autofree guchar *quiet_px = NULL;
  g_autoptr(LrlabRun) run = NULL;
  GtkSwitch *toggle;
  LrlabSurfaceView *panel;
  guint n = 0, steps;
  int w, h;
  double hx, hy;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  page = find_one (GTK_WIDGET (window), LRLAB_TYPE_SURFACES_PAGE);
  control = find_one (GTK_WIDGET (page), LRLAB_TYPE_NOISE_CONTROL);
  toggle = find_one (GTK_WIDGET (control), GTK_TYPE_SWITCH);
  find_all (GTK_WIDGET (control), GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, ==, 3);

  lrlab_window_load_scene (window, "too-low-just-right-too-high");
  lrlab_surfaces_page_stop (page);
  iterate ();
  g_assert_null (lrlab_surfaces_page_get_noise (page));
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (g_ptr_array_index (spins, 0))));

  /* Switched on, then sigma typed in, as a user does. */
  steps = 600;
  g_object_set (page, "step", 0, NULL);
  {
    GtkAdjustment *adj = NULL;
    g_autoptr(GPtrArray) all = g_ptr_array_new ();

    /* the page's Steps spin button is the first outside the control */
    find_all (GTK_WIDGET (page), GTK_TYPE_SPIN_BUTTON, all);
    for (guint i = 0; i < all->len && adj == NULL; i++)
      if (!gtk_widget_is_ancestor (g_ptr_array_index (all, i), GTK_WIDGET (control)))
        adj = gtk_spin_button_get_adjustment (g_ptr_array_index (all, i));
    gtk_adjustment_set_value (adj, steps);
  }
  gtk_switch_set_active (toggle, TRUE);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 0.5);
  iterate ();
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (g_ptr_array_index (spins, 0))));
  spec = lrlab_surfaces_page_get_noise (page);
  g_assert_cmpstr (spec, ==, "sigma=0.5,batch=4,seed=1");
  g_assert_cmpstr (lrlab_noise_control_get_spec (control), ==, spec);
  {
    g_autofree char *text = lrlab_surfaces_page_runs_to_text (page);

    /* the copied command line computes the same runs */
    g_assert_nonnull (strstr (text, " --noise 'sigma=0.5,batch=4,seed=1'"));
  }

  shown = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (lrlab_surfaces_page_get_runs (page)); i++)
    {
      LrlabRun *r = g_list_model_get_item (lrlab_surfaces_page_get_runs (page), i);

      g_assert_true (lrlab_run_get_trajectory (r)->noisy);
      g_assert_cmpfloat (lrlab_run_get_noise (r)->sigma, ==, 0.5);
      g_ptr_array_add (shown, r);
    }

  /* At the end the stable runs sit at their floors, which the loss plot
   * is given: measured and, for plain SGD on this bowl, in theory. */
  g_object_set (page, "step", steps, NULL);
  iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  {
    const LrSurface *surface = NULL;
    g_autoptr(LrSurface) bowl = lr_surface_new ("bowl:kappa=10,theta=30", NULL);

    surface = bowl;
    runs = lrlab_render_runs (shown, surface, steps, &n, keep);
    g_assert_cmpuint (n, ==, 4);
    for (guint i = 1; i < 3; i++)
      {
        g_assert_cmpint (runs[i].summary.verdict, ==, LR_VERDICT_SETTLED);
        g_assert_true (runs[i].summary.noise_floor > 0);
        g_assert_true (runs[i].theory_floor > 0);
        g_assert_cmpfloat (fabs (runs[i].summary.noise_floor / runs[i].theory_floor - 1), <, 0.5);
      }
    g_assert_cmpint (runs[3].summary.verdict, ==, LR_VERDICT_DIVERGED);
  }

  /* The cloud: around the head of the "just right" run the panel changes
   * when the noise goes off again. */
  find_all (GTK_WIDGET (page), LRLAB_TYPE_SURFACE_VIEW, panels);
  panel = g_ptr_array_index (panels, 1);
  run = g_list_model_get_item (lrlab_surfaces_page_get_runs (page), 1);
  {
    const LrTrajectory *t = lrlab_run_get_trajectory (run);

    g_assert_true (lrlab_surface_view_to_widget (panel, t->points[steps].x, t->points[steps].y,
                                                 &hx, &hy));
  }
  noisy_px = widget_pixels (GTK_WIDGET (panel), &w, &h);
  gtk_switch_set_active (toggle, FALSE);
  iterate ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_null (lrlab_surfaces_page_get_noise (page));
  g_assert_false (lrlab_run_get_trajectory (run)->noisy);
  quiet_px = widget_pixels (GTK_WIDGET (panel), &w, &h);
  g_assert_cmpuint (changed_near (noisy_px, quiet_px, w, h, hx, hy, 30), >, 200);

  /* Switched on again: the settings come back. */
  gtk_switch_set_active (toggle, TRUE);
  iterate ();
  g_clear_pointer (&spec, g_free);
  spec = lrlab_surfaces_page_get_noise (page);
  g_assert_cmpstr (spec, ==, "sigma=0.5,batch=4,seed=1");

  /* A scene's noise is shown in the control; a scene without turns it off. */
  lrlab_window_load_scene (window, "high-medium-low");
  lrlab_surfaces_page_stop (page);
  iterate ();
  g_clear_pointer (&spec, g_free);
  spec = lrlab_surfaces_page_get_noise (page);
  g_assert_cmpstr (spec, ==, "sigma=2,batch=4,seed=2");
  g_assert_true (gtk_switch_get_active (toggle));
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 0)), ==, 2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (g_ptr_array_index (spins, 1)), ==, 4);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (g_ptr_array_index (spins, 2)), ==, 2);
  lrlab_window_load_scene (window, "momentum");
  lrlab_surfaces_page_stop (page);
  iterate ();
  g_assert_null (lrlab_surfaces_page_get_noise (page));
  g_assert_false (gtk_switch_get_active (toggle));

  /* A bad spec is refused and changes nothing. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (lrlab_surfaces_page_set_noise (page, "sigma=-1", &error));
    g_assert_nonnull (strstr (error->message, "sigma"));
    g_assert_null (lrlab_surfaces_page_get_noise (page));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
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

  g_test_add_func ("/app-noise/control", test_noise_control);
  return g_test_run ();
}
