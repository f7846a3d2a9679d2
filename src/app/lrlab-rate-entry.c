/* lrlab-rate-entry.c: a learning rate typed into an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lr-spec.h"
#include "lrlab-number.h"
#include "lrlab-rate-entry.h"

gboolean
lrlab_rate_entry_parse (GtkEntry  *entry,
                        double    *value,
                        GError   **error)
{
  const char *text;

  g_return_val_if_fail (GTK_IS_ENTRY (entry), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  text = gtk_editable_get_text (GTK_EDITABLE (entry));
  if (!lrlab_number_parse (text, value) || !isfinite (*value) || *value <= 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   _("“%s” is not a learning rate; type a positive number such as 1e-4"), text);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  return TRUE;
}
