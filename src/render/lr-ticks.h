/* lr-ticks.h: tick positions and labels (exposed for tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A tick label for @value on an axis whose ticks are @step apart: "0", "0.5",
 * "−1.25", "1e−4", "2.5e5": no trailing zeros, U+2212 as the minus sign. */
char    *lr_render_format_tick    (double               value,
                                   double               step);
/* Nice ticks covering [lo, hi]: returns the count (≤ @max_ticks), fills @ticks. */
guint    lr_render_nice_ticks     (double               lo,
                                   double               hi,
                                   guint                target,
                                   double              *ticks,
                                   guint                max_ticks,
                                   double              *step);

G_END_DECLS
