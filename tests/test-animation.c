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


/* ---- a GIF read back: a small decoder of its own ------------------------------ */

typedef struct {
  const guint8 *p, *end;
  int           width, height;
  guint8        palette[256][3];
  guint32      *canvas;     /* 0xRRGGBB, composed frame by frame */
  guint         frames, loop_found;
  guint         delays[256];
} Gif;

static guint
u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

/* The sub-blocks from @g->p on, joined. */
static GByteArray *
sub_blocks (Gif *g)
{
  GByteArray *data = g_byte_array_new ();

  while (g->p < g->end && *g->p != 0)
    {
      guint n = *g->p++;

      g_assert_cmpint (g->end - g->p, >=, n);
      g_byte_array_append (data, g->p, n);
      g->p += n;
    }
  g->p++;
  return data;
}

/* LZW of minimum code size @min into @out (@n indices expected). */
static void
lzw_decode (const GByteArray *data,
            guint             min,
            guint8           *out,
            gsize             n)
{
  guint16 prefix[4096];
  guint8 suffix[4096], stack[4097];
  guint clear = 1u << min, size = min + 1, next = clear + 2, old = G_MAXUINT, bits = 0, nbits = 0;
  guint8 first = 0;
  gsize o = 0;

  for (guint i = 0; i < data->len; i++)
    {
      bits |= (guint) data->data[i] << nbits;
      nbits += 8;
      while (nbits >= size)
        {
          guint code = bits & ((1u << size) - 1), c, sp = 0;

          bits >>= size;
          nbits -= size;
          if (code == clear)
            {
              size = min + 1;
              next = clear + 2;
              old = G_MAXUINT;
              continue;
            }
          if (code == clear + 1)
            {
              g_assert_cmpuint (o, ==, n);
              return;
            }
          g_assert_cmpuint (code, <=, next);
          c = code;
          if (code == next)
            {
              g_assert_cmpuint (old, !=, G_MAXUINT);
              stack[sp++] = first;
              c = old;
            }
          while (c >= clear)
            {
              stack[sp++] = suffix[c];
              c = prefix[c];
            }
          stack[sp++] = c;
          first = c;
          while (sp > 0 && o < n)
            out[o++] = stack[--sp];
          if (old != G_MAXUINT && next < 4096)
            {
              prefix[next] = old;
              suffix[next] = first;
              next++;
              if (next == (1u << size) && size < 12)
                size++;
            }
          old = code;
        }
    }
  g_assert_not_reached ();
}

static void
gif_image (Gif *g,
           int  transparent)
{
  guint x0 = u16 (g->p), y0 = u16 (g->p + 2), w = u16 (g->p + 4), h = u16 (g->p + 6);
  g_autoptr(GByteArray) data = NULL;
  g_autofree guint8 *indices = NULL;
  guint min;

  g_assert_cmpuint (g->p[8] & 0x80, ==, 0);      /* the global palette only */
  g_assert_cmpuint (x0 + w, <=, (guint) g->width);
  g_assert_cmpuint (y0 + h, <=, (guint) g->height);
  g->p += 9;
  min = *g->p++;
  data = sub_blocks (g);
  indices = g_new (guint8, (gsize) w * h);
  lzw_decode (data, min, indices, (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        guint8 i = indices[y * w + x];

        if (i != transparent)
          g->canvas[(y0 + y) * g->width + x0 + x] = g->palette[i][0] << 16 | g->palette[i][1] << 8 |
                                                    g->palette[i][2];
      }
}

/* Reads @bytes frame by frame; @frame_done (when not NULL) sees the
 * composed canvas after each frame. */
static void
gif_read (Gif          *g,
          const guint8 *bytes,
          gsize         len,
          void        (*frame_done) (Gif *g, gpointer data),
          gpointer      data)
{
  int transparent = -1;

  memset (g, 0, sizeof *g);
  g_assert_cmpint (len, >, 13 + 768);
  g_assert_true (memcmp (bytes, "GIF89a", 6) == 0);
  g->width = u16 (bytes + 6);
  g->height = u16 (bytes + 8);
  g_assert_cmpuint (bytes[10], ==, 0xf7);
  memcpy (g->palette, bytes + 13, 768);
  g->p = bytes + 13 + 768;
  g->end = bytes + len;
  g->canvas = g_new0 (guint32, (gsize) g->width * g->height);
  while (g->p < g->end && *g->p != ';')
    {
      if (g->p[0] == 0x21 && g->p[1] == 0xf9)
        {
          transparent = g->p[3] & 1 ? g->p[6] : -1;
          g_assert_cmpuint (g->frames, <, G_N_ELEMENTS (g->delays));
          g->delays[g->frames] = u16 (g->p + 4);
          g->p += 8;
        }
      else if (g->p[0] == 0x21)
        {
          g_autoptr(GByteArray) ext = NULL;

          g->loop_found |= g->p[1] == 0xff && memcmp (g->p + 3, "NETSCAPE2.0", 11) == 0;
          g->p += 2;
          ext = sub_blocks (g);
        }
      else
        {
          g_assert_cmpuint (*g->p, ==, 0x2c);
          g->p++;
          gif_image (g, transparent);
          if (frame_done != NULL)
            frame_done (g, data);
          g->frames++;
        }
    }
  g_assert_true (g->p < g->end && *g->p == ';');
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
