/* lr-gallery.h: small images (samples, weights) and a captioned grid of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-theme.h"

G_BEGIN_DECLS

typedef enum {
  LR_IMAGE_GREY,     /* values 0 … 1: ink on the background (data set samples) */
  LR_IMAGE_SIGNED,   /* any sign: blue … white … red around zero, scaled per
                      * image (the first layer's weights) */
} LrImageMode;

/* One @rows × @cols image of @values (row-major) as a framed @size × @size
 * tile at (x, y), its pixels unsmoothed. */
void     lr_render_image_tile     (cairo_t             *cr,
                                   double               x,
                                   double               y,
                                   double               size,
                                   LrImageMode          mode,
                                   guint                rows,
                                   guint                cols,
                                   const float         *values,
                                   const LrRenderTheme *theme);

typedef struct {
  LrImageMode          mode;
  guint                rows, cols;   /* of each image */
  guint                n;
  const float         *values;       /* @n images of rows × cols floats */
  const char * const  *captions;     /* NULL or @n strings (one newline at most) */
  const gboolean      *highlight;    /* NULL or @n flags: caption in the error colour */
  double               tile;         /* side of a tile in user units */
  const char          *empty_text;   /* shown when there are no images; NULL: nothing */
  const LrRenderTheme *theme;        /* NULL: light, scale 1 */
} LrGallerySpec;

/* Size of one cell of the grid: tile, caption and gap. */
void     lr_render_gallery_cell   (const LrGallerySpec *spec,
                                   double              *width,
                                   double              *height);
/* The images in rows of as many cells as fit @width, captions centred below
 * (no background is painted); or the empty text, centred vertically. */
void     lr_render_gallery        (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrGallerySpec *spec);

G_END_DECLS
