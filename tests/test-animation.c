/* test-animation.c: an animation's frames against the figure at each step,
 * and its GIF and WebM files read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "lr-animation.h"
#include "lr-render.h"
#include "gif-reader.h"

typedef struct {
  LrSurface    *surface;
  LrTrajectory *traj[3];
  LrRenderRun   runs[3];
  LrRenderTheme theme;
  LrFigureSpec  spec;
} Figure;

static void
figure_init (Figure     *fig,
             const char *surface,
             guint       steps,
             gboolean    dark)
{
  const char *opts[3] = { "sgd:lr=0.001", "adam:lr=0.05", "sgd:lr=0.0045" };
  g_autoptr(GError) error = NULL;

  memset (fig, 0, sizeof *fig);
  fig->surface = lr_surface_new (surface, &error);
  g_assert_no_error (error);
  lr_render_theme_init (&fig->theme, dark, 1);
  for (int i = 0; i < 3; i++)
    {
      LrOptimizerConfig config;

      g_assert_true (lr_optimizer_config_parse (opts[i], &config, &error));
      fig->traj[i] = lr_trajectory_compute (fig->surface, &config, NULL, -1.5, 2, steps, &error);
      g_assert_no_error (error);
      fig->runs[i].trajectory = fig->traj[i];
      fig->runs[i].label = opts[i];
      lr_render_palette (i, &fig->runs[i].color);
    }
  fig->spec.surface = fig->surface;
  lr_surface_get_view (fig->surface, &fig->spec.view);
  fig->spec.x0 = -1.5;
  fig->spec.y0 = 2;
  fig->spec.runs = fig->runs;
  fig->spec.n_runs = 3;
  fig->spec.colormap = LR_COLORMAP_VIRIDIS;
  fig->spec.contours = TRUE;
  fig->spec.plots = TRUE;
  fig->spec.theme = &fig->theme;
}

static void
figure_clear (Figure *fig)
{
  for (int i = 0; i < 3; i++)
    lr_trajectory_free (fig->traj[i]);
  lr_surface_free (fig->surface);
}

/* The figure at @step drawn whole, as lrlab-cli render --step draws it. */
static cairo_surface_t *
figure_at (Figure *fig,
           int     width,
           int     height,
           guint   step)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (image);

  for (int i = 0; i < 3; i++)
    lr_trajectory_summarize (fig->traj[i], fig->surface, NULL, step + 1, &fig->runs[i].summary);
  fig->spec.step = step;
  lr_render_figure (cr, width, height, &fig->spec);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  return image;
}

static guint
pixels_differing (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint differ = 0;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  for (int y = 0; y < h; y++)
    {
      const guint32 *ra = (const guint32 *) (gpointer) (cairo_image_surface_get_data (a) +
                                                        y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *) (gpointer) (cairo_image_surface_get_data (b) +
                                                        y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < w; x++)
        differ += ra[x] != rb[x];
    }
  return differ;
}

/* Frames in the order an export draws them, then jumps back and past the
 * end: each the figure's pixels exactly, whatever the caches held. */
static void
check_frames (gboolean overlay,
              gboolean dark,
              gboolean plots)
{
  const guint steps[] = { 0, 1, 2, 47, 48, 49, 64, 65, 80, 96, 150, 220, 430, 399, 400, 3, 0 };
  const int w = 960, h = 600;
  g_autoptr(LrAnimation) animation = NULL;
  cairo_surface_t *previous = NULL;
  guint changes = 0;
  Figure fig;

  figure_init (&fig, "rosenbrock", 420, dark);
  fig.spec.overlay = overlay;
  fig.spec.plots = plots;
  animation = lr_animation_new (w, h, &fig.spec);
  g_assert_cmpuint (lr_animation_get_length (animation), ==, 420);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      cairo_surface_t *frame = lr_animation_draw (animation, steps[i]);
      cairo_surface_t *expected = figure_at (&fig, w, h, steps[i]);

      g_test_message ("step %u", steps[i]);
      g_assert_cmpuint (pixels_differing (frame, expected), ==, 0);
      if (previous != NULL)
        changes += pixels_differing (previous, expected) > 0;
      g_clear_pointer (&previous, cairo_surface_destroy);
      previous = expected;
    }
  /* the steps do look different: the comparison is not of blank images */
  g_assert_cmpuint (changes, >=, G_N_ELEMENTS (steps) - 3);
  cairo_surface_destroy (previous);
  figure_clear (&fig);
}

static void
test_frames_grid (void)
{
  check_frames (FALSE, FALSE, TRUE);
}

static void
test_frames_overlay_dark (void)
{
  check_frames (TRUE, TRUE, TRUE);
}

static void
test_frames_no_plots (void)
{
  check_frames (FALSE, FALSE, FALSE);
}


typedef struct {
  Figure   *fig;
  guint     first, every;
  double    worst_mean;
} GifCheck;

/* Each composed frame against the figure at its step. */
static void
compare_frame (Gif      *g,
               gpointer  data)
{
  GifCheck *check = data;
  cairo_surface_t *expected = figure_at (check->fig, g->width, g->height,
                                         check->first + g->frames * check->every);
  const guint8 *px = cairo_image_surface_get_data (expected);
  int stride = cairo_image_surface_get_stride (expected);
  double sum = 0;

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
  check->worst_mean = MAX (check->worst_mean, sum / (g->width * g->height));
  cairo_surface_destroy (expected);
}

/* lr_animation_write's GIF read back: frames, delays, loop, and every frame
 * within the palette's error of the figure at its step. */
static void
test_gif_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.gif", NULL);
  LrAnimationTiming timing = { 10, 130, 12, 8, 0.5 };
  g_autoptr(LrAnimation) animation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  GifCheck check = { 0 };
  Figure fig;
  gsize len;
  Gif g;

  figure_init (&fig, "himmelblau", 150, FALSE);
  animation = lr_animation_new (640, 400, &fig.spec);
  g_assert_true (lr_animation_write (animation, path, &timing, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  check = (GifCheck) { &fig, timing.first, timing.every, 0 };
  gif_read (&g, (const guint8 *) bytes, len, compare_frame, &check);
  g_assert_cmpint (g.width, ==, 640);
  g_assert_cmpint (g.height, ==, 400);
  g_assert_cmpuint (g.frames, ==, 11);
  g_assert_true (g.loop_found);
  for (guint i = 0; i + 1 < g.frames; i++)
    g_assert_cmpuint (g.delays[i], ==, (i % 2 == 0) ? 13 : 12);   /* 8 fps: 12.5 cs */
  g_assert_cmpuint (g.delays[g.frames - 1], >=, 62);
  g_test_message ("worst mean error %.2f", check.worst_mean);
  g_assert_cmpfloat (check.worst_mean, <, 2.0);
  g_free (g.canvas);
  g_unlink (path);
  g_rmdir (dir);
  figure_clear (&fig);
}

/* A cancelled export leaves no file; so does an unknown extension. */
static void
test_write_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-anim-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.gif", NULL);
  g_autofree char *bad = g_build_filename (dir, "a.avi", NULL);
  LrAnimationTiming timing = { 0, 100, 10, 20, 1 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(LrAnimation) animation = NULL;
  g_autoptr(GError) error = NULL;
  Figure fig;

  figure_init (&fig, "rosenbrock", 100, FALSE);
  animation = lr_animation_new (320, 240, &fig.spec);
  g_cancellable_cancel (cancellable);
  g_assert_false (lr_animation_write (animation, path, &timing, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (lr_animation_write (animation, bad, &timing, NULL, NULL, NULL, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_cmpint (g_rmdir (dir), ==, 0);    /* empty: nothing was left */
  figure_clear (&fig);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/animation/frames/grid", test_frames_grid);
  g_test_add_func ("/animation/frames/overlay-dark", test_frames_overlay_dark);
  g_test_add_func ("/animation/frames/no-plots", test_frames_no_plots);
  g_test_add_func ("/animation/gif", test_gif_file);
  g_test_add_func ("/animation/write-errors", test_write_errors);
  return g_test_run ();
}
