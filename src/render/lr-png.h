/* lr-png.h: fast PNG encoding of cairo image surfaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Appends @image (ARGB32 or RGB24) to @out as an 8-bit PNG, RGB when every
 * pixel is opaque and RGBA otherwise, compressed for speed rather than for
 * size: rows unfiltered (filter type None), zlib level 1, in bands deflated
 * on threads of their own.  FALSE for other formats or when zlib fails. */
gboolean lr_png_encode (cairo_surface_t *image,
                        GString         *out);

G_END_DECLS
