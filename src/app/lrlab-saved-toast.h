/* lrlab-saved-toast.h: "Saved to NAME" with an Open button, after an export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows "Saved to NAME" in the toast overlay around @widget (or around the
 * window @widget's window is transient for); its Open button activates
 * "saved.open" with @file's URI, which opens the file in the program the
 * desktop chooses. */
void lrlab_toast_saved (GtkWidget *widget,
                        GFile     *file);

G_END_DECLS
