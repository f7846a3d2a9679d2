/* lr-png.h: fast PNG encoding of cairo image surfaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Appends @image (ARGB32 or RGB24) to @out as an 8-bit RGBA PNG, compressed
 * for speed (zlib level 1 after the Up filter) rather than for size. */
gboolean lr_png_encode (cairo_surface_t *image,
                        GString         *out);

G_END_DECLS
