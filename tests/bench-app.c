/* bench-app.c: CPU time per frame of a playing 2×3 grid of panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <adwaita.h>

#include "lrlab-surfaces-page.h"
#include "lrlab-window.h"

static LrlabSurfacesPage *
find_page (GtkWidget *widget)
{
  if (LRLAB_IS_SURFACES_PAGE (widget))
    return LRLAB_SURFACES_PAGE (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      LrlabSurfacesPage *p = find_page (c);
      if (p != NULL)
        return p;
    }
  return NULL;
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *n = user_data;

  (*n)++;
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  LrlabWindow *window;
  LrlabSurfacesPage *page;
  int w, h, win_w = 1920, win_h = 1080;
  guint n_frames = 0;
  double t0, t_frames, m0, t_main;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("no display: skipped (run under xvfb-run)\n");
      return 0;
    }
  /* bench-app [WIDTHxHEIGHT]: the window's size, 1920x1080 by default */
  if (argc > 1 && (sscanf (argv[1], "%dx%d", &win_w, &win_h) != 2 || win_w < 640 || win_h < 480))
    {
      printf ("usage: bench-app [WIDTHxHEIGHT]\n");
      return 2;
    }
  gtk_init ();
  adw_init ();

  window = g_object_new (LRLAB_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), win_w, win_h);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);

  page = find_page (GTK_WIDGET (window));
  lrlab_window_load_scene (window, "adaptive-methods");
  lrlab_surfaces_page_lr_fan (page, 6, 2);
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);

  w = gtk_widget_get_width (GTK_WIDGET (page));
  h = gtk_widget_get_height (GTK_WIDGET (page));

  /* Play for a while and count the frames the frame clock delivers: the
   * process's CPU time over the frames is what a frame of the animation
   * costs (heatmaps are cached; trails, markers and plots are redrawn). */
  g_object_set (page, "speed", 30.0, NULL);
  lrlab_surfaces_page_reset (page);
  {
    gboolean playing = FALSE;

    /* the window starts playing its scene when shown */
    g_object_get (page, "playing", &playing, NULL);
    if (!playing)
      lrlab_surfaces_page_toggle_play (page);
  }
  gtk_widget_add_tick_callback (GTK_WIDGET (page), count_frame, &n_frames, NULL);
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    t0 = cpu_seconds ();
    m0 = thread_cpu_seconds ();
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    t_frames = cpu_seconds () - t0;
    t_main = thread_cpu_seconds () - m0;
  }
  {
    guint step = 0;
    gboolean playing = FALSE;

    g_object_get (page, "step", &step, "playing", &playing, NULL);
    if (!playing || step < 60)
      {
        printf ("the animation did not play (step %u): no measurement\n", step);
        return 1;
      }
  }

  printf ("surfaces page %d×%d, 6 panels (2×3), playing at 30 steps/s for 3 s\n", w, h);
  printf ("frames drawn: %u (%.0f per second)\n", n_frames, n_frames / 3.0);
  printf ("CPU per frame: %.2f ms (goal under 4 ms; 60 Hz budget 16.7 ms), renderer %s\n",
          n_frames ? 1e3 * t_frames / n_frames : 0.0,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  printf ("  of which the main thread: %.2f ms\n", n_frames ? 1e3 * t_main / n_frames : 0.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
