/* lrlab-run-list.h: the runs a page compares — add, duplicate, remove and
 * the learning-rate fan — as a list model of LrlabRun, and the rows that
 * edit them in a GtkListBox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lrlab-run.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_RUN_LIST (lrlab_run_list_get_type ())

G_DECLARE_FINAL_TYPE (LrlabRunList, lrlab_run_list, LRLAB, RUN_LIST, GObject)

/* At most @max_runs runs and at least @min_runs (remove keeps them); the
 * first run added to an empty list is @first_optimizer without schedule. */
LrlabRunList *lrlab_run_list_new           (guint          max_runs,
                                            guint          min_runs,
                                            const char    *first_optimizer);
guint         lrlab_run_list_get_max_runs  (LrlabRunList  *self);
/* A copy of the last run (or @first_optimizer) in the next palette colour;
 * FALSE when the list is full. */
gboolean      lrlab_run_list_add           (LrlabRunList  *self);
/* A copy of @run right after it; FALSE when the list is full. */
gboolean      lrlab_run_list_duplicate     (LrlabRunList  *self,
                                            LrlabRun      *run);
/* FALSE when @run is not in the list or removing it leaves too few. */
gboolean      lrlab_run_list_remove        (LrlabRunList  *self,
                                            LrlabRun      *run);
/* @run (not in the list) at @position, or at the end when the list is
 * shorter; FALSE when the list is full. */
gboolean      lrlab_run_list_insert        (LrlabRunList  *self,
                                            guint          position,
                                            LrlabRun      *run);
/* Whether @run is in the list, and where. */
gboolean      lrlab_run_list_find          (LrlabRunList  *self,
                                            LrlabRun      *run,
                                            guint         *position);
/* Replaces every run by @runs (at most max_runs of them). */
void          lrlab_run_list_replace       (LrlabRunList  *self,
                                            LrlabRun     **runs,
                                            guint          n);
/* @n copies (2 … max_runs) of the first run whose rates step by @factor
 * around its rate, rounded to three significant digits, in palette order. */
void          lrlab_run_list_lr_fan        (LrlabRunList  *self,
                                            guint          n,
                                            double         factor);
/* Shows one LrlabRunRow per run in @box; its duplicate and remove buttons
 * act on this list. */
void          lrlab_run_list_bind          (LrlabRunList  *self,
                                            GtkListBox    *box);

G_END_DECLS
