/* lr-webm.h: WebM (VP8) encoding of cairo image frames through GStreamer
 *
 * appsrc ! videoconvert ! vp8enc ! webmmux, its bytes kept in memory
 * (the muxer goes back to write the duration and the cues) and written to
 * an LrOutput at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lr-output.h"

G_BEGIN_DECLS

typedef struct _LrWebmEncoder LrWebmEncoder;

/* FALSE with a message naming what is missing when this build has no
 * GStreamer or the elements are not installed. */
gboolean       lr_webm_available      (GError          **error);
LrWebmEncoder *lr_webm_encoder_new    (LrOutput         *output,
                                       int               width,
                                       int               height,
                                       double            fps,
                                       GError          **error);
/* @frame (ARGB32) shown from @start_us for @duration_us microseconds. */
gboolean       lr_webm_encoder_add    (LrWebmEncoder    *encoder,
                                       cairo_surface_t  *frame,
                                       gint64            start_us,
                                       gint64            duration_us,
                                       GError          **error);
/* Ends the stream and, when @complete, writes the file's bytes to the
 * output; frees the encoder either way. */
gboolean       lr_webm_encoder_finish (LrWebmEncoder    *encoder,
                                       gboolean          complete,
                                       GError          **error);

G_END_DECLS
