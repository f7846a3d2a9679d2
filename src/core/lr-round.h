/* lr-round.h: rounding a number to significant digits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @value rounded to @digits (1 … 17) significant decimal digits, as "%.Ng"
 * would print it and read back (locale-independent); so 0.0123456 with 3
 * digits is 0.0123.  Non-finite values and 0 come back unchanged. */
double lr_round_significant (double value,
                             int    digits);

G_END_DECLS
