/* gif-reader.h: an animated GIF read back frame by frame, for the tests
 *
 * A small decoder of its own (global palette, LZW, transparency), so that
 * the tests check the project's encoder against the format, not against
 * itself.  Malformed input fails the test that reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const guint8 *p, *end;
  int           width, height;
  guint8        palette[256][3];
  guint32      *canvas;     /* 0xRRGGBB, composed frame by frame */
  guint         frames, loop_found;
  guint         delays[256];
} Gif;

/* Reads @bytes frame by frame; @frame_done (when not NULL) sees the
 * composed canvas after each frame.  Free g->canvas afterwards. */
void gif_read (Gif          *g,
               const guint8 *bytes,
               gsize         len,
               void        (*frame_done) (Gif *g, gpointer data),
               gpointer      data);

G_END_DECLS
