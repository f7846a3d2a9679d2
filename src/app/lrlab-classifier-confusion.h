/* lrlab-classifier-confusion.h: the confusion matrix, counts and colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-render.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_CONFUSION (lrlab_classifier_confusion_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierConfusion, lrlab_classifier_confusion, LRLAB, CLASSIFIER_CONFUSION, GtkWidget)

GtkWidget *lrlab_classifier_confusion_new       (void);
/* @counts: @n_classes² counts, [true · n_classes + predicted]; NULL clears.
 * @names: @n_classes class names or NULL ("0", "1", …). */
void       lrlab_classifier_confusion_set       (LrlabClassifierConfusion *self,
                                                 const guint              *counts,
                                                 guint                     n_classes,
                                                 const char * const       *names,
                                                 const char               *title);
guint      lrlab_classifier_confusion_get_count (LrlabClassifierConfusion *self,
                                                 guint                     truth,
                                                 guint                     predicted);
guint      lrlab_classifier_confusion_get_n_classes (LrlabClassifierConfusion *self);

/* lr_render_confusion() of these: the widget and the exports both call it. */
void       lrlab_classifier_draw_confusion      (cairo_t                  *cr,
                                                 double                    width,
                                                 double                    height,
                                                 const guint              *counts,
                                                 guint                     n_classes,
                                                 const char * const       *names,
                                                 const char               *title,
                                                 const LrRenderTheme      *theme);

G_END_DECLS
