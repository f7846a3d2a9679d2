/* lr-round.c: rounding a number to significant digits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "lr-round.h"

double
lr_round_significant (double value,
                      int    digits)
{
  char format[8];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value) || value == 0)
    return value;
  /* Printing and reading back rounds exactly as the text a person sees. */
  g_snprintf (format, sizeof format, "%%.%dg", CLAMP (digits, 1, 17));
  g_ascii_formatd (buf, sizeof buf, format, value);
  return g_ascii_strtod (buf, NULL);
}
