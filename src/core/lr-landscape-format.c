/* lr-landscape-format.c: a loss landscape in its machine formats, JSON and
 * CSV (lrlab-cli landscape, the app's export), numbers by lr-format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-format.h"
#include "lr-landscape.h"

void
lr_landscape_format_json (GString           *out,
                          const LrLandscape *l)
{
  guint G = lr_landscape_get_grid_size (l);
  const double *a = lr_landscape_get_a (l), *b = lr_landscape_get_b (l);
  const double *loss = lr_landscape_get_loss (l);
  double explained[2];

  g_string_append (out, "{\"grid\": {\"a\": [");
  for (guint i = 0; i < G; i++)
    {
      if (i)
        g_string_append (out, ", ");
      lr_format_json_number (out, a[i], LR_NUMBER_SHORTEST);
    }
  g_string_append (out, "], \"b\": [");
  for (guint j = 0; j < G; j++)
    {
      if (j)
        g_string_append (out, ", ");
      lr_format_json_number (out, b[j], LR_NUMBER_SHORTEST);
    }
  g_string_append (out, "], \"loss\": [");
  for (guint j = 0; j < G; j++)
    {
      g_string_append (out, j ? ",\n  [" : "\n  [");
      for (guint i = 0; i < G; i++)
        {
          if (i)
            g_string_append (out, ", ");
          lr_format_json_number (out, loss[(gsize) j * G + i], LR_NUMBER_SHORTEST);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "]},\n \"runs\": [");
  for (guint r = 0; r < lr_landscape_get_n_runs (l); r++)
    {
      guint n;
      const LrLandscapePoint *p = lr_landscape_get_points (l, r, &n);

      g_string_append (out, r ? ",\n  {\"spec\": " : "\n  {\"spec\": ");
      lr_format_json_string (out, lr_landscape_get_run_spec (l, r));
      g_string_append (out, ", \"points\": [");
      for (guint k = 0; k < n; k++)
        {
          g_string_append (out, k ? ",\n    {\"epoch\": " : "\n    {\"epoch\": ");
          lr_format_json_int (out, p[k].epoch, TRUE);
          g_string_append (out, ", \"a\": ");
          lr_format_json_number (out, p[k].a, LR_NUMBER_SHORTEST);
          g_string_append (out, ", \"b\": ");
          lr_format_json_number (out, p[k].b, LR_NUMBER_SHORTEST);
          g_string_append (out, ", \"loss\": ");
          lr_format_json_number (out, p[k].loss, LR_NUMBER_SHORTEST);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  lr_landscape_get_explained (l, explained);
  g_string_append (out, "],\n \"explained\": [");
  lr_format_json_number (out, explained[0], LR_NUMBER_SHORTEST);
  g_string_append (out, ", ");
  lr_format_json_number (out, explained[1], LR_NUMBER_SHORTEST);
  g_string_append (out, "]}\n");
}

static void
csv_row (GString    *out,
         const char *kind,
         const char *run,
         gint64      epoch,
         double      a,
         double      b,
         double      value)
{
  g_string_append (out, kind);
  g_string_append_c (out, ',');
  if (run)
    lr_format_csv_string (out, run);
  g_string_append_c (out, ',');
  if (epoch >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, epoch);
  g_string_append_c (out, ',');
  if (!isnan (a) || g_str_equal (kind, "point"))
    lr_format_csv_number (out, a, LR_NUMBER_SHORTEST);
  g_string_append_c (out, ',');
  if (!isnan (b) || g_str_equal (kind, "point"))
    lr_format_csv_number (out, b, LR_NUMBER_SHORTEST);
  g_string_append_c (out, ',');
  lr_format_csv_number (out, value, LR_NUMBER_SHORTEST);
  g_string_append_c (out, '\n');
}

void
lr_landscape_format_csv (GString           *out,
                         const LrLandscape *l)
{
  guint G = lr_landscape_get_grid_size (l);
  const double *a = lr_landscape_get_a (l), *b = lr_landscape_get_b (l);
  const double *loss = lr_landscape_get_loss (l);
  double explained[2];

  g_string_append (out, "kind,run,epoch,a,b,value\n");
  for (guint j = 0; j < G; j++)
    for (guint i = 0; i < G; i++)
      csv_row (out, "grid", NULL, -1, a[i], b[j], loss[(gsize) j * G + i]);
  for (guint r = 0; r < lr_landscape_get_n_runs (l); r++)
    {
      guint n;
      const LrLandscapePoint *p = lr_landscape_get_points (l, r, &n);

      for (guint k = 0; k < n; k++)
        csv_row (out, "point", lr_landscape_get_run_spec (l, r), p[k].epoch, p[k].a, p[k].b, p[k].loss);
    }
  lr_landscape_get_explained (l, explained);
  csv_row (out, "explained", "d1", -1, NAN, NAN, explained[0]);
  csv_row (out, "explained", "d2", -1, NAN, NAN, explained[1]);
}
