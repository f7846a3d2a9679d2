/* lrlab-run-row.h: the editor of one run (optimizer, learning rate, schedule)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lrlab-run.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_RUN_ROW (lrlab_run_row_get_type ())

G_DECLARE_FINAL_TYPE (LrlabRunRow, lrlab_run_row, LRLAB, RUN_ROW, GtkWidget)

GtkWidget *lrlab_run_row_new             (LrlabRun    *run);
LrlabRun  *lrlab_run_row_get_run         (LrlabRunRow *self);
/* Marks the critical learning rate on the slider (NAN hides the mark), saying whether it is
 * critical for this run's own step (@exact, see lr_critical_step()) or only gradient
 * descent's, shown for comparison. */
void       lrlab_run_row_set_critical_step (LrlabRunRow *self,
                                            double       critical_lr,
                                            gboolean     exact);
/* The step the runs are shown at: the slider's marker (▼) and the line below it show the
 * step the run takes there, for runs whose step differs from their rate. */
void       lrlab_run_row_set_step        (LrlabRunRow *self,
                                          guint        step);
/* The step the marker shows, NAN when hidden. */
double     lrlab_run_row_get_step_marker (LrlabRunRow *self);

/* A line under the editor about the run's training (the classifier page);
 * NULL hides it. */
void        lrlab_run_row_set_status      (LrlabRunRow *self,
                                           const char  *status,
                                           gboolean     is_error);

G_END_DECLS
