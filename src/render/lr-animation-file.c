/* lr-animation-file.c: an animation's frames written as GIF or WebM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "lr-animation.h"
#include "lr-gif.h"
#include "lr-output.h"
#include "lr-webm.h"

#include "lr-render-private.h"

gboolean
lr_animation_format_from_path (const char         *path,
                               LrAnimationFormat  *format,
                               GError            **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".gif"))
    *format = LR_ANIMATION_GIF;
  else if (g_str_has_suffix (lower, ".webm"))
    *format = LR_ANIMATION_WEBM;
  else
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "cannot tell the format of '%s'; end the name in .gif or .webm", path);
      return FALSE;
    }
  return TRUE;
}

guint
lr_animation_timing_frames (const LrAnimationTiming *timing)
{
  if (timing->every == 0 || timing->last < timing->first)
    return 0;
  return (timing->last - timing->first) / timing->every + 1;
}

guint
lr_animation_default_every (guint first,
                            guint last,
                            guint max_frames)
{
  guint span = last >= first ? last - first : 0;

  max_frames = MAX (max_frames, 2);
  return MAX (1, (span + max_frames - 2) / (max_frames - 1));
}

/* Fails at once where the file could not be put: a missing folder or one
 * that cannot be written. */
static gboolean
check_target (const char  *path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "cannot write '%s': the folder '%s' does not exist", path, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot write '%s': %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Hundredths of a second from the start to the start of frame @i. */
static guint
frame_time_cs (const LrAnimationTiming *timing,
               guint                    i)
{
  return (guint) lround (i * 100.0 / timing->fps);
}

/* The colours a GIF's palette must have: the theme's and the runs'. */
static guint
gif_anchors (LrAnimation *animation,
             LrRgb       *anchors,
             guint        max)
{
  const LrFigureSpec *spec = _lr_animation_get_spec (animation);
  const LrRenderTheme *t = spec->theme;
  LrRgb fixed[] = { t->background, t->foreground, t->muted, t->grid, t->panel_border, t->error,
                    { 1, 1, 1 }, { 0, 0, 0 }, { 0.05, 0.05, 0.05 } };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fixed) && n < max; i++)
    anchors[n++] = fixed[i];
  for (guint i = 0; i < spec->n_runs && n < max; i++)
    anchors[n++] = spec->runs[i].color;
  for (int v = 0; v <= LR_VERDICT_DIVERGED && n < max; v++)
    _lr_verdict_color (v, t, &anchors[n++]);
  /* text's antialiased edges: steps from the background to the foreground */
  for (guint k = 1; k < 8 && n < max; k++)
    {
      double a = k / 8.0;

      anchors[n++] = (LrRgb) { t->background.r + a * (t->foreground.r - t->background.r),
                               t->background.g + a * (t->foreground.g - t->background.g),
                               t->background.b + a * (t->foreground.b - t->background.b) };
    }
  return n;
}

typedef struct {
  LrAnimationFormat format;
  LrGifEncoder     *gif;
  LrWebmEncoder    *webm;
} Encoder;

static gboolean
encoder_open (Encoder                 *enc,
              LrAnimation             *animation,
              LrOutput                *output,
              const LrAnimationTiming *timing,
              GError                 **error)
{
  int w = lr_animation_get_width (animation), h = lr_animation_get_height (animation);

  if (enc->format == LR_ANIMATION_GIF)
    {
      LrRgb anchors[64];
      guint n = gif_anchors (animation, anchors, G_N_ELEMENTS (anchors));

      enc->gif = lr_gif_encoder_new (output, w, h, _lr_animation_get_spec (animation)->colormap,
                                     anchors, n);
      /* the last frame has the most of the trails; the first is learnt
       * when it is added */
      lr_gif_encoder_learn (enc->gif, lr_animation_draw (animation, timing->first + (lr_animation_timing_frames (timing) - 1) * timing->every));
      return TRUE;
    }
  enc->webm = lr_webm_encoder_new (output, w, h, timing->fps, error);
  return enc->webm != NULL;
}

/* Frame @i of @n, drawn and encoded. */
static gboolean
encoder_add (Encoder                 *enc,
             cairo_surface_t         *frame,
             const LrAnimationTiming *timing,
             guint                    i,
             guint                    n,
             GError                 **error)
{
  guint start = frame_time_cs (timing, i), end = frame_time_cs (timing, i + 1);

  if (i + 1 == n)
    end += (guint) lround (timing->hold * 100);
  if (enc->format == LR_ANIMATION_GIF)
    {
      lr_gif_encoder_add (enc->gif, frame, MAX (end - start, 1));
      return TRUE;
    }
  return lr_webm_encoder_add (enc->webm, frame, start * (G_USEC_PER_SEC / 100),
                              (end - start) * (G_USEC_PER_SEC / 100), error);
}

gboolean
lr_animation_write (LrAnimation             *animation,
                    const char              *path,
                    const LrAnimationTiming *timing,
                    LrAnimationProgress      progress,
                    gpointer                 user_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr(LrOutput) output = NULL;
  Encoder enc = { 0 };
  guint n = lr_animation_timing_frames (timing);
  gboolean ok = TRUE;

  g_return_val_if_fail (animation != NULL && path != NULL && timing != NULL, FALSE);

  if (!lr_animation_format_from_path (path, &enc.format, error))
    return FALSE;
  if (n == 0 || !(timing->fps >= 1 && timing->fps <= 50) || !(timing->hold >= 0 && timing->hold <= 60))
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE, "no frames to write: steps %u to %u every %u at %g fps",
                   timing->first, timing->last, timing->every, timing->fps);
      return FALSE;
    }
  if (enc.format == LR_ANIMATION_WEBM && !lr_webm_available (error))
    return FALSE;
  if (!g_str_equal (path, "-") && !check_target (path, error))
    return FALSE;

  output = lr_output_new (path);
  if (!encoder_open (&enc, animation, output, timing, error))
    return FALSE;
  for (guint i = 0; i < n && ok; i++)
    {
      cairo_surface_t *frame;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      frame = lr_animation_draw (animation, timing->first + i * timing->every);
      ok = encoder_add (&enc, frame, timing, i, n, error);
      if (ok && progress != NULL)
        progress (i + 1, n, user_data);
    }
  if (enc.format == LR_ANIMATION_GIF)
    lr_gif_encoder_finish (enc.gif);
  else if (!lr_webm_encoder_finish (enc.webm, ok, ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    return FALSE;
  return lr_output_close (g_steal_pointer (&output), error);
}
