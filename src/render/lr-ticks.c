/* lr-ticks.c: numbers for people: tick positions and labels, compact values, decades
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

static void
strip_zeros (char *s)
{
  char *dot = strchr (s, '.');
  char *end;

  if (dot == NULL)
    return;
  end = dot + strlen (dot);
  while (end > dot + 1 && end[-1] == '0')
    *--end = '\0';
  if (end == dot + 1)
    *dot = '\0';
}

/* "1e-3", "2.5e5", with a real minus sign */
static char *
format_exponential (double value,
                    int    digits)
{
  int e = (int) floor (log10 (fabs (value)));
  double m = value / pow (10, e);
  char mant[32];

  if (fabs (m) >= 9.9999999)
    {
      m /= 10;
      e++;
    }
  g_snprintf (mant, sizeof mant, "%.*f", MAX (digits, 0), fabs (m));
  strip_zeros (mant);
  return g_strdup_printf ("%s%se%s%d", value < 0 ? MINUS_SIGN : "", mant,
                          e < 0 ? MINUS_SIGN : "", ABS (e));
}

char *
lr_render_format_tick (double value,
                       double step)
{
  double a = fabs (value);
  char buf[64];
  int decimals = 0;

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : value > 0 ? "∞" : MINUS_SIGN "∞");
  if (!(step > 0) || !isfinite (step))
    step = a > 0 ? a : 1;
  if (a < step * 1e-6)
    return g_strdup ("0");

  if (a >= 1e5 || a < 1e-3 || step < 1e-4)
    {
      /* digits of the mantissa the step still resolves */
      int e = (int) floor (log10 (a));
      int se = (int) floor (log10 (step) + 1e-9);
      double mstep = step / pow (10, se);
      int digits = e - se + (fabs (mstep - round (mstep)) > 1e-6 ? 1 : 0);

      return format_exponential (value, CLAMP (digits, 0, 6));
    }

  /* fewest decimals that show the step exactly (0.25 needs two) */
  while (decimals < 10)
    {
      double s = step * pow (10, decimals);

      if (fabs (s - round (s)) < 1e-6 * MAX (1.0, s))
        break;
      decimals++;
    }
  g_snprintf (buf, sizeof buf, "%.*f", decimals, a);
  strip_zeros (buf);
  return g_strdup_printf ("%s%s", value < 0 ? MINUS_SIGN : "", buf);
}

/* Compact numbers for captions and the table: 0.001, 0.25, 12.5, 1.2e−7 */
char *
_lr_format_value (double value,
                  int    significant)
{
  double a = fabs (value);
  char buf[64];

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : value > 0 ? "∞" : MINUS_SIGN "∞");
  if (a == 0)
    return g_strdup ("0");
  if (a >= 1e5 || a < 1e-3)
    return format_exponential (value, significant - 1);
  g_snprintf (buf, sizeof buf, "%.*g", significant, a);
  if (strchr (buf, 'e') != NULL)
    return format_exponential (value, significant - 1);
  return g_strdup_printf ("%s%s", value < 0 ? MINUS_SIGN : "", buf);
}

guint
lr_render_nice_ticks (double  lo,
                      double  hi,
                      guint   target,
                      double *ticks,
                      guint   max_ticks,
                      double *step_out)
{
  static const double nice[] = { 1, 2, 2.5, 5, 10 };
  double span, raw, mag, step = 0, first;
  guint n = 0;

  if (step_out != NULL)
    *step_out = 0;
  if (!isfinite (lo) || !isfinite (hi) || max_ticks == 0)
    return 0;
  if (hi < lo)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  span = hi - lo;
  if (!(span > 0) || !isfinite (span))
    {
      ticks[0] = lo;
      return 1;
    }
  target = MAX (target, 2);
  raw = span / target;
  mag = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (nice); i++)
    {
      step = nice[i] * mag;
      if (step >= raw * 0.999)
        break;
    }
  first = ceil (lo / step - 1e-9) * step;
  for (double v = first; v <= hi + step * 1e-9 && n < max_ticks; v = first + n * step)
    {
      ticks[n++] = fabs (v) < step * 1e-9 ? 0 : v;
    }
  if (step_out != NULL)
    *step_out = step;
  return n;
}

gboolean
_lr_decades_plain (double lo,
                   double hi)
{
  return lo >= 0.0099 && hi <= 1001;
}

char *
_lr_format_decade (double   v,
                   gboolean plain)
{
  static const char *const sup[] = {
    "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"
  };
  int e = (int) lround (log10 (v));
  GString *s;
  char digits[16];

  if (plain && e >= -2 && e <= 3)
    return e >= 0 ? g_strdup_printf ("%.0f", pow (10, e))
                  : g_strdup_printf ("%.*f", -e, pow (10, e));
  s = g_string_new ("10");
  if (e < 0)
    g_string_append (s, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (const char *d = digits; *d; d++)
    g_string_append (s, sup[*d - '0']);
  return g_string_free (s, FALSE);
}
