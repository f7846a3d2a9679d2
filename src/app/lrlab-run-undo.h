/* lrlab-run-undo.h: a removed run comes back with the toast's Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lrlab-run-list.h"
#include "lrlab-run.h"

G_BEGIN_DECLS

/* Shows "Run removed" with an Undo button in the toast overlay around
 * @near (nothing without one); Undo puts @run back into @list at
 * @position (or at the end, if the list is shorter by then), unless the
 * list is full. */
void lrlab_run_undo_offer (LrlabRunList *list,
                           GtkWidget    *near,
                           LrlabRun     *run,
                           guint         position);

G_END_DECLS
