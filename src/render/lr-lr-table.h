/* lr-lr-table.h: the measured learning-rate table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-panel.h"

G_BEGIN_DECLS

typedef struct {
  LrRgb       color;
  double      lr;
  const char *optimizer;       /* label */
  const char *schedule;        /* NULL or "" for constant */
  int         steps_to_converge;  /* −1: "—" */
  double      final_loss_gap;
  LrVerdict   verdict;
  gboolean    noisy;           /* gradient noise: the columns show the floor instead */
  int         steps_to_floor;  /* −1: "—" */
  double      noise_floor;
} LrTableRow;

void     lr_render_lr_table       (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrTableRow    *rows,
                                   guint                n_rows,
                                   const LrRenderTheme *theme);
/* Width the table wants at its full text size (@cr only measures text). */
double   lr_render_lr_table_width (cairo_t             *cr,
                                   const LrTableRow    *rows,
                                   guint                n_rows,
                                   const LrRenderTheme *theme);
/* Height the table wants for @n_rows rows. */
double   lr_render_lr_table_height (guint               n_rows,
                                    const LrRenderTheme *theme);
/* The table rows of @runs (strings borrowed from @runs). */
void     lr_render_table_rows_from_runs (const LrRenderRun *runs,
                                         guint              n_runs,
                                         LrTableRow        *rows);
/* The table of @runs (their summaries are taken as the shown step's), and
 * below it, for noisy runs at their floors, the seed's table in words. */
void     lr_render_run_table      (cairo_t             *cr,
                                   double               width,
                                   double               height,
                                   const LrRenderRun   *runs,
                                   guint                n_runs,
                                   const LrRenderTheme *theme);

G_END_DECLS
