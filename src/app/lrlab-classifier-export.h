/* lrlab-classifier-export.h: figures and tables of the classifier page as files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Draws a whole figure of @width × @height user units on @cr. */
typedef void (*LrlabDrawFunc) (cairo_t  *cr,
                               double    width,
                               double    height,
                               gpointer  user_data);

/* Renders @draw into a PNG, SVG or PDF file (chosen by @path's extension,
 * any case) and writes it atomically: a failure leaves no partial file.
 * Other extensions are an LR_ERROR_VALUE naming the valid ones. */
gboolean lrlab_classifier_write_drawing (const char     *path,
                                         int             width,
                                         int             height,
                                         LrlabDrawFunc   draw,
                                         gpointer        user_data,
                                         GError        **error);

/* Writes @text atomically (g_file_set_contents_full). */
gboolean lrlab_classifier_write_text    (const char     *path,
                                         const GString  *text,
                                         GError        **error);

/* Appends @value so that it reads back exactly ("nan", "inf" when not finite). */
void     lrlab_classifier_csv_number    (GString        *out,
                                         double          value);

G_END_DECLS
