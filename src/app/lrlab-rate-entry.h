/* lrlab-rate-entry.h: a learning rate typed into an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The positive finite number in @entry as a person types it ("0,001" in a
 * German locale, "0.001", "1e-4": lrlab_number_parse()); else
 * FALSE with an error that says what to type, and the entry marked as an
 * error until it reads right again. */
gboolean lrlab_rate_entry_parse (GtkEntry  *entry,
                                 double    *value,
                                 GError   **error);

G_END_DECLS
