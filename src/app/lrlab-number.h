/* lrlab-number.h: numbers as a person reads and types them
 *
 * What the app shows and what a person types follows the locale ("0,05"
 * in German); every machine format (specs, CSV, JSON, command lines,
 * .lrlab files) is written with lr-format.h and never passes through here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The finite number in @text, read the way a person writes it: the
 * locale's decimal mark, or the other of ',' and '.' where it cannot be a
 * thousands separator ("0,05" and "0.05" alike; "1e-4"; spaces around it
 * ignored).  FALSE for anything else, including "1.000" in a locale that
 * groups thousands with '.' (1 or 1000?) and text with both marks. */
gboolean  lrlab_number_parse  (const char *text,
                               double     *value);
/* @value with @digits significant digits in the locale ("0,0316"). */
char     *lrlab_number_format (double      value,
                               int         digits);
/* "(x, y)" for a person: "(0.5, -1.5)", or "(0,5; -1,5)" where the
 * decimal mark is a comma. */
char     *lrlab_number_format_point (double x,
                                     double y,
                                     int    digits);

G_END_DECLS
