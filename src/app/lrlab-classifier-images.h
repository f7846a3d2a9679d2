/* lrlab-classifier-images.h: a wrapping grid of small images with captions
 *
 * Used for the data set's samples, the most confidently wrong predictions
 * and the first layer's weights.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  LRLAB_IMAGES_GREY,     /* values 0 … 1: ink on the background */
  LRLAB_IMAGES_SIGNED,   /* any sign: blue … white … red, per tile around zero */
} LrlabImagesMode;

#define LRLAB_TYPE_CLASSIFIER_IMAGES (lrlab_classifier_images_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierImages, lrlab_classifier_images, LRLAB, CLASSIFIER_IMAGES, GtkWidget)

GtkWidget  *lrlab_classifier_images_new            (void);
/* @values: @n tiles of @rows × @cols floats, row-major; @captions: NULL or
 * @n strings (may contain one newline); @highlight: NULL or @n flags that
 * draw a caption in the error colour. */
void        lrlab_classifier_images_set            (LrlabClassifierImages *self,
                                                    LrlabImagesMode        mode,
                                                    guint                  rows,
                                                    guint                  cols,
                                                    guint                  n,
                                                    const float           *values,
                                                    const char * const    *captions,
                                                    const gboolean        *highlight);
void        lrlab_classifier_images_clear          (LrlabClassifierImages *self);
/* Side of a tile in logical pixels (default 40). */
void        lrlab_classifier_images_set_tile_size  (LrlabClassifierImages *self,
                                                    int                    size);
void        lrlab_classifier_images_set_empty_text (LrlabClassifierImages *self,
                                                    const char            *text);
guint       lrlab_classifier_images_get_n          (LrlabClassifierImages *self);
const char *lrlab_classifier_images_get_caption    (LrlabClassifierImages *self,
                                                    guint                  index);

G_END_DECLS
