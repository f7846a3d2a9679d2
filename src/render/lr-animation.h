/* lr-animation.h: a figure's frames as its runs play, and their files
 *
 * Frame by frame, an animation draws what lr_render_figure() draws at each
 * step (the same pixels), keeping what does not change drawn: the figure's
 * base (background, header, the panels' heatmaps, contours and axes, the
 * colour bar) once, and the trails older than the recent ones until their
 * split moves.  A frame redraws only the recent trails, the captions and
 * the plots and table below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lr-render.h"

G_BEGIN_DECLS

typedef struct _LrAnimation LrAnimation;

/* The frames of @spec (with a surface) at @width × @height pixels, sides
 * 32 … 16384.  The runs are copied (each frame summarises them at its
 * step); the surface, trajectories, labels and schedules they point to
 * must outlive the animation.  @spec->step is ignored. */
LrAnimation     *lr_animation_new        (int                 width,
                                          int                 height,
                                          const LrFigureSpec *spec);
void             lr_animation_free       (LrAnimation        *animation);
int              lr_animation_get_width  (LrAnimation        *animation);
int              lr_animation_get_height (LrAnimation        *animation);
/* The last step any run reaches (its points less one). */
guint            lr_animation_get_length (LrAnimation        *animation);

/* Draws the figure at @step into an ARGB32 image the animation owns,
 * valid until the next call or the animation's end: the pixels of
 * lr_render_figure() with spec->step = @step and each run summarised up to
 * that step (as lrlab-cli render --step draws it), on an image surface of
 * the same size. */
cairo_surface_t *lr_animation_draw       (LrAnimation        *animation,
                                          guint               step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrAnimation, lr_animation_free)

/* ---- files ------------------------------------------------------------------ */

typedef enum {
  LR_ANIMATION_GIF,
  LR_ANIMATION_WEBM,
} LrAnimationFormat;

/* Which steps are shown and how fast: frame i shows step first + i·every,
 * for every such step up to @last; each lasts 1 / @fps seconds and the last
 * one @hold seconds more.  The animation loops (GIF) or ends (WebM). */
typedef struct {
  guint  first, last, every;
  double fps;      /* 1 … 50 */
  double hold;     /* 0 … 60 */
} LrAnimationTiming;

/* A format by @path's extension, any case: .gif or .webm; others are
 * LR_ERROR_VALUE naming the valid ones. */
gboolean   lr_animation_format_from_path (const char              *path,
                                          LrAnimationFormat       *format,
                                          GError                 **error);
/* Frames of @timing; 0 when it shows none or is not valid. */
guint      lr_animation_timing_frames    (const LrAnimationTiming *timing);
/* The step @every that fits the steps first … last in at most @max_frames
 * frames. */
guint      lr_animation_default_every    (guint                    first,
                                          guint                    last,
                                          guint                    max_frames);

/* Called after each frame is encoded, on the thread that writes. */
typedef void (*LrAnimationProgress) (guint    done,
                                     guint    total,
                                     gpointer user_data);

/* Writes the frames of @timing to @path (the format by its extension)
 * through an LrOutput: the file appears only once complete, and an error or
 * a cancellation leaves what was there before and nothing beside it.  The
 * target's folder is checked first, so an unwritable path fails before any
 * frame is drawn; so does a WebM without the GStreamer elements it needs. */
gboolean   lr_animation_write            (LrAnimation             *animation,
                                          const char              *path,
                                          const LrAnimationTiming *timing,
                                          LrAnimationProgress      progress,
                                          gpointer                 user_data,
                                          GCancellable            *cancellable,
                                          GError                 **error);

G_END_DECLS
