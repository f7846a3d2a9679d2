/* lr-lr-table.h: the measured learning-rate table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-panel.h"

G_BEGIN_DECLS

typedef struct {
  LrRgb       color;
  double      lr;              /* the rate that characterises the run (a cycle's peak) */
  const char *optimizer;       /* in words, without the rate */
  const char *schedule;        /* spec, NULL or "" for constant; its name is shown */
  int         steps_to_converge;  /* −1: "—" */
  double      final_loss_gap;
  LrVerdict   verdict;
  gboolean    noisy;           /* gradient noise: the columns show the floor instead */
  int         steps_to_floor;  /* −1: "—" */
  double      noise_floor;
} LrTableRow;

typedef enum {
  LR_TABLE_COL_LR,
  LR_TABLE_COL_SCHEDULE,
  LR_TABLE_COL_OPTIMIZER,
  LR_TABLE_COL_STEPS,
  LR_TABLE_COL_GAP,
  LR_TABLE_COL_VERDICT,
  LR_TABLE_N_COLS
} LrTableColumn;

/* Where the table puts its text at a size: what lr_render_lr_table() draws. */
typedef struct {
  double   text_size;                     /* relative to the theme's font */
  double   row_height;
  double   width;                         /* the table's right end */
  guint    n_rows_shown;                  /* the others are "… N more" */
  gboolean shown[LR_TABLE_N_COLS];
  const char *title[LR_TABLE_N_COLS];     /* the header, translated */
  double   x[LR_TABLE_N_COLS];            /* a column's left edge */
  double   column_width[LR_TABLE_N_COLS]; /* its width (text beyond it is ellipsized) */
  double   header_width[LR_TABLE_N_COLS]; /* its header's text */
  double   widest[LR_TABLE_N_COLS];       /* its widest cell's text */
} LrTableLayout;

/* The layout of the table drawn at @width × @height: the text shrinks
 * (to 80 %), then the optimizer and schedule names give way (ellipsized),
 * then whole columns — the optimizer, the schedule, the steps — never the
 * rate, the loss gap or the verdict.  TRUE when every column shown is whole
 * within @width (else the table needs lr_render_lr_table_min_width()). */
gboolean lr_render_lr_table_layout (cairo_t             *cr,
                                    double               width,
                                    double               height,
                                    const LrTableRow    *rows,
                                    guint                n_rows,
                                    const LrRenderTheme *theme,
                                    LrTableLayout       *layout);
/* The narrowest width at which the rate, the gap and the verdict are whole. */
double   lr_render_lr_table_min_width (cairo_t             *cr,
                                       const LrTableRow    *rows,
                                       guint                n_rows,
                                       const LrRenderTheme *theme);

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
