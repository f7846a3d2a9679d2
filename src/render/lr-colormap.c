/* lr-colormap.c: colour maps (viridis, diverging, grey) and their lookup tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"
#include "lr-colormap-tables.h"

LrColormap
lr_colormap_from_name (const char *name)
{
  LrColormap map = LR_COLORMAP_VIRIDIS;

  if (name != NULL)
    lr_colormap_parse (name, &map, NULL);
  return map;
}

gboolean
lr_colormap_parse (const char  *name,
                   LrColormap  *colormap,
                   GError     **error)
{
  g_return_val_if_fail (colormap != NULL, FALSE);

  if (g_strcmp0 (name, "viridis") == 0)
    *colormap = LR_COLORMAP_VIRIDIS;
  else if (g_strcmp0 (name, "diverging") == 0)
    *colormap = LR_COLORMAP_DIVERGING;
  else if (g_strcmp0 (name, "grey") == 0 || g_strcmp0 (name, "gray") == 0)
    *colormap = LR_COLORMAP_GREY;
  else
    {
      g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME,
                   "unknown colour map '%s'; valid: viridis, diverging, grey",
                   name != NULL ? name : "");
      return FALSE;
    }
  return TRUE;
}

const char *
lr_colormap_to_name (LrColormap colormap)
{
  switch (colormap)
    {
    case LR_COLORMAP_DIVERGING:
      return "diverging";
    case LR_COLORMAP_GREY:
      return "grey";
    case LR_COLORMAP_VIRIDIS:
    default:
      return "viridis";
    }
}

void
lr_colormap_lookup (LrColormap  colormap,
                    double      t,
                    LrRgb      *color)
{
  const LrRgb *table;
  double u, f;
  int i;

  g_return_if_fail (color != NULL);

  if (!(t >= 0))    /* also NaN */
    t = 0;
  if (t > 1)
    t = 1;

  if (colormap == LR_COLORMAP_GREY)
    {
      /* Not quite black to not quite white, so trails and text stay visible. */
      double v = 0.06 + 0.88 * t;

      *color = (LrRgb) { v, v, v };
      return;
    }
  table = colormap == LR_COLORMAP_DIVERGING ? lr_coolwarm_table : lr_viridis_table;
  u = t * 255;
  i = (int) floor (u);
  if (i >= 255)
    {
      *color = table[255];
      return;
    }
  f = u - i;
  color->r = table[i].r + f * (table[i + 1].r - table[i].r);
  color->g = table[i].g + f * (table[i + 1].g - table[i].g);
  color->b = table[i].b + f * (table[i + 1].b - table[i].b);
}

#define LUT_SIZE 1024

/* Opaque ARGB32 words of each colour map, filled once. */
const guint32 *
_lr_colormap_lut (LrColormap colormap)
{
  static guint32 luts[3][LUT_SIZE];
  static gsize done[3];
  int which = colormap == LR_COLORMAP_DIVERGING ? 1 : colormap == LR_COLORMAP_GREY ? 2 : 0;

  if (g_once_init_enter (&done[which]))
    {
      for (int i = 0; i < LUT_SIZE; i++)
        {
          LrRgb c;
          guint32 r, g, b;

          lr_colormap_lookup (colormap, i / (double) (LUT_SIZE - 1), &c);
          r = (guint32) lround (c.r * 255);
          g = (guint32) lround (c.g * 255);
          b = (guint32) lround (c.b * 255);
          luts[which][i] = 0xff000000u | (r << 16) | (g << 8) | b;
        }
      g_once_init_leave (&done[which], 1);
    }
  return luts[which];
}
