/* lr-gif.h: animated GIF encoding of cairo image frames
 *
 * One global palette for all frames: the colour map's colours, the theme's
 * and the runs' colours, and  the colours the frames need most that
 * these lack in the frames learnt from, so heatmaps keep their gradient without dithering.  Frames
 * after the first store only the rectangle that changed, its unchanged
 * pixels transparent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lr-output.h"
#include "lr-render.h"

G_BEGIN_DECLS

typedef struct _LrGifEncoder LrGifEncoder;

/* @anchors: colours that must be in the palette (theme, runs), @n_anchors
 * of them (at most 64); @colormap's colours follow them. */
LrGifEncoder *lr_gif_encoder_new   (LrOutput        *output,
                                    int              width,
                                    int              height,
                                    LrColormap       colormap,
                                    const LrRgb     *anchors,
                                    guint            n_anchors);
/* Counts @frame's colours for the palette (before the first frame is
 * added: the palette is complete then). */
void          lr_gif_encoder_learn (LrGifEncoder    *encoder,
                                    cairo_surface_t *frame);
/* Appends @frame (ARGB32, opaque, of the encoder's size) shown for
 * @delay_cs hundredths of a second.  The first frame completes the palette. */
void          lr_gif_encoder_add   (LrGifEncoder    *encoder,
                                    cairo_surface_t *frame,
                                    guint            delay_cs);
/* Writes the trailer and frees the encoder (the output stays open). */
void          lr_gif_encoder_finish (LrGifEncoder   *encoder);

G_END_DECLS
