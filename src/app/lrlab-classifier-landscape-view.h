/* lrlab-classifier-landscape-view.h: the classifier's loss landscape — the
 * loss on a plane through the runs' initial weights, each run's path on it
 * played epoch by epoch beside its loss curve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-landscape.h"
#include "lr-theme.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_CLASSIFIER_LANDSCAPE_VIEW (lrlab_classifier_landscape_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabClassifierLandscapeView, lrlab_classifier_landscape_view,
                      LRLAB, CLASSIFIER_LANDSCAPE_VIEW, GtkWidget)

/* The plane and grid size chosen in the view (other fields: defaults). */
void               lrlab_classifier_landscape_view_get_settings  (LrlabClassifierLandscapeView *self,
                                                                  LrLandscapeConfig            *config);
/* The computation's progress, 0 … 1; a negative value: none under way. */
void               lrlab_classifier_landscape_view_set_progress  (LrlabClassifierLandscapeView *self,
                                                                  double                        fraction);
void               lrlab_classifier_landscape_view_show_error    (LrlabClassifierLandscapeView *self,
                                                                  const char                   *message);
/* Shows @landscape (taken) with run r drawn in @colors[r], and plays the
 * paths from the first epoch. */
void               lrlab_classifier_landscape_view_set_landscape (LrlabClassifierLandscapeView *self,
                                                                  LrLandscape                  *landscape,
                                                                  const GdkRGBA                *colors,
                                                                  guint                         n_colors);
const LrLandscape *lrlab_classifier_landscape_view_get_landscape (LrlabClassifierLandscapeView *self);
/* The epoch shown (the paths' heads); setting it stops the playback. */
double             lrlab_classifier_landscape_view_get_epoch     (LrlabClassifierLandscapeView *self);
void               lrlab_classifier_landscape_view_set_epoch     (LrlabClassifierLandscapeView *self,
                                                                  double                        epoch);
gboolean           lrlab_classifier_landscape_view_get_playing   (LrlabClassifierLandscapeView *self);
/* The panel at the epoch shown, its loss curves beside it, for export. */
void               lrlab_classifier_landscape_view_draw          (LrlabClassifierLandscapeView *self,
                                                                  cairo_t                      *cr,
                                                                  double                        width,
                                                                  double                        height,
                                                                  const LrRenderTheme          *theme);
/* The landscape as lrlab-cli landscape --format csv writes it (only the
 * header before one is computed). */
void               lrlab_classifier_landscape_view_append_csv    (LrlabClassifierLandscapeView *self,
                                                                  GString                      *out);

G_END_DECLS
