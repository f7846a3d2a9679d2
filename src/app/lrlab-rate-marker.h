/* lrlab-rate-marker.h: a marker over a learning-rate slider at the step a run takes now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LRLAB_TYPE_RATE_MARKER (lrlab_rate_marker_get_type ())

G_DECLARE_FINAL_TYPE (LrlabRateMarker, lrlab_rate_marker, LRLAB, RATE_MARKER, GtkWidget)

/* The slider whose axis the marker follows; the marker is laid over it (an overlay child of
 * the same size) and draws where the slider would put a mark at the value. */
void     lrlab_rate_marker_set_range    (LrlabRateMarker *self,
                                         GtkRange        *range);
/* The value in the slider's units (log10 of the rate); NAN hides the marker. */
void     lrlab_rate_marker_set_value    (LrlabRateMarker *self,
                                         double           value);
double   lrlab_rate_marker_get_value    (LrlabRateMarker *self);
void     lrlab_rate_marker_set_color    (LrlabRateMarker *self,
                                         const GdkRGBA   *color);
/* Where the marker's tip is drawn, in the marker's coordinates; FALSE when hidden or not
 * laid out yet. */
gboolean lrlab_rate_marker_get_position (LrlabRateMarker *self,
                                         double          *x,
                                         double          *y);

G_END_DECLS
