/* lrlab-number.c: numbers as a person reads and types them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "lr-spec.h"
#include "lrlab-number.h"

static char
locale_decimal_mark (void)
{
  const char *dp = localeconv ()->decimal_point;

  return dp != NULL && dp[0] == ',' && dp[1] == '\0' ? ',' : '.';
}

static char
locale_thousands_mark (void)
{
  const char *sep = localeconv ()->thousands_sep;

  return sep != NULL && sep[0] != '\0' && sep[1] == '\0' ? sep[0] : '\0';
}

/* TRUE when the mark at @mark could group thousands: one to three digits
 * (not a lone 0) before it, exactly three digits after it. */
static gboolean
looks_grouped (const char *start,
               const char *mark)
{
  const char *p = mark;
  guint before = 0, after = 0;

  while (p > start && g_ascii_isdigit (p[-1]))
    {
      p--;
      before++;
    }
  for (p = mark + 1; g_ascii_isdigit (*p); p++)
    after++;
  if (before == 0 || before > 3 || (before == 1 && mark[-1] == '0'))
    return FALSE;
  return after == 3 && (*p == '\0' || *p == 'e' || *p == 'E');
}

gboolean
lrlab_number_parse (const char *text,
                    double     *value)
{
  g_autofree char *s = NULL;
  char *comma, *point, *mark;
  char decimal = locale_decimal_mark ();

  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  comma = strchr (s, ',');
  point = strchr (s, '.');
  if (comma != NULL && point != NULL)
    return FALSE;
  mark = comma ? comma : point;
  if (mark != NULL)
    {
      if (strchr (mark + 1, *mark) != NULL)
        return FALSE;
      /* The other mark is a decimal point unless it may be the locale's
       * thousands separator. */
      if (*mark != decimal && *mark == locale_thousands_mark () && looks_grouped (s, mark))
        return FALSE;
      *mark = '.';
    }
  return lr_parse_double (s, value);
}

char *
lrlab_number_format (double value,
                     int    digits)
{
  return g_strdup_printf ("%.*g", CLAMP (digits, 1, 17), value);
}

char *
lrlab_number_format_point (double x,
                           double y,
                           int    digits)
{
  g_autofree char *a = lrlab_number_format (x, digits);
  g_autofree char *b = lrlab_number_format (y, digits);

  return g_strdup_printf (locale_decimal_mark () == ',' ? "(%s; %s)" : "(%s, %s)", a, b);
}
