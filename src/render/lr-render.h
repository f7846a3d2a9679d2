/* lr-render.h: cairo drawing of surfaces, trajectories, plots and tables
 *
 * This header includes one per concept (lr-theme.h, lr-panel.h, …); a
 * caller may include just the one it needs.
 * Everything here draws with cairo and pango only, from core data, so the GTK
 * widgets and lrlab-cli render produce the same pixels.  Coordinates are in
 * user units of the cairo_t (logical pixels); only lr_render_heatmap*() work
 * in device pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-theme.h"
#include "lr-colormap.h"
#include "lr-heatmap.h"
#include "lr-panel.h"
#include "lr-figure.h"
#include "lr-line-plot.h"
#include "lr-run-plot.h"
#include "lr-lr-table.h"
#include "lr-confusion.h"
#include "lr-batch-heatmap.h"
#include "lr-gallery.h"
#include "lr-key.h"
#include "lr-ticks.h"
