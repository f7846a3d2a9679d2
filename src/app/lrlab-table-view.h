/* lrlab-table-view.h: the measured learning-rate table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-surface.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_TABLE_VIEW (lrlab_table_view_get_type ())

G_DECLARE_FINAL_TYPE (LrlabTableView, lrlab_table_view, LRLAB, TABLE_VIEW, GtkWidget)

GtkWidget *lrlab_table_view_new           (void);
/* @runs: LrlabRun objects, summarized at @step. */
void       lrlab_table_view_set_data      (LrlabTableView  *self,
                                           const LrSurface *surface,
                                           GPtrArray       *runs,
                                           guint            step);
void       lrlab_table_view_set_presenter (LrlabTableView  *self,
                                           gboolean         presenter);

G_END_DECLS
