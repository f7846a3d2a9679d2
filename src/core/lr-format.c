/* lr-format.c: numbers and strings in machine formats (specs, CSV, JSON)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-format.h"

/* The shortest text that reads back as exactly @value, in the C locale, with a compact
 * exponent ("1e-8", not "1e-08"). */
void
lr_format_number (GString *out,
                  double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *e;

  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  e = strchr (buf, 'e');
  /* Plain decimals read better than exponents for everyday magnitudes. */
  if (e != NULL && fabs (value) >= 1e-4 && fabs (value) < 1e6)
    {
      int prec = 0;
      int exponent = (int) floor (log10 (fabs (value)));

      for (const char *c = buf; c < e; c++)
        if (g_ascii_isdigit (*c))
          prec++;
      {
        char fmt[16];

        g_snprintf (fmt, sizeof fmt, "%%.%df", MAX (0, prec - 1 - exponent));
        g_ascii_formatd (buf, sizeof buf, fmt, value);
      }
      if (g_ascii_strtod (buf, NULL) == value)
        {
          g_string_append (out, buf);
          return;
        }
      g_ascii_formatd (buf, sizeof buf, "%.17g", value);
      e = strchr (buf, 'e');
    }
  if (e == NULL)
    {
      g_string_append (out, buf);
      return;
    }

  g_string_append_len (out, buf, e - buf + 1);
  e++;
  if (*e == '-')
    g_string_append_c (out, *e++);
  else if (*e == '+')
    e++;
  while (*e == '0' && e[1] != '\0')
    e++;
  g_string_append (out, e);
}

char *
lr_format_double (double value)
{
  GString *s = g_string_new (NULL);

  lr_format_number (s, value);
  return g_string_free (s, FALSE);
}

static void
append_finite (GString      *out,
               double        value,
               LrNumberStyle style)
{
  if (style == LR_NUMBER_G17)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
    }
  else
    lr_format_number (out, value);
}

void
lr_format_csv_number (GString      *out,
                      double        value,
                      LrNumberStyle style)
{
  if (isfinite (value))
    append_finite (out, value, style);
  else if (isnan (value))
    g_string_append (out, "nan");
  else
    g_string_append (out, value > 0 ? "inf" : "-inf");
}

void
lr_format_csv_string (GString    *out,
                      const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; p && *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
lr_format_json_number (GString      *out,
                       double        value,
                       LrNumberStyle style)
{
  if (isfinite (value))
    append_finite (out, value, style);
  else
    g_string_append (out, "null");
}

void
lr_format_json_int (GString  *out,
                    gint64    value,
                    gboolean  present)
{
  if (present)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
  else
    g_string_append (out, "null");
}

void
lr_format_json_string (GString    *out,
                       const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; p && *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}
