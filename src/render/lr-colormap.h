/* lr-colormap.h: colour maps: viridis, diverging and grey
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-theme.h"

G_BEGIN_DECLS

typedef enum {
  LR_COLORMAP_VIRIDIS,
  LR_COLORMAP_DIVERGING,   /* balanced cool–warm, blue … white … red */
  LR_COLORMAP_GREY,
} LrColormap;

/* "viridis", "diverging", "grey"; NULL or unknown names give VIRIDIS. */
LrColormap lr_colormap_from_name  (const char    *name);
/* Strict variant: unknown names are an LR_ERROR_UNKNOWN_NAME naming them. */
gboolean   lr_colormap_parse      (const char    *name,
                                   LrColormap    *colormap,
                                   GError       **error);
const char *lr_colormap_to_name   (LrColormap     colormap);
/* @t in 0..1 (clamped; NaN gives the low end). */
void       lr_colormap_lookup     (LrColormap     colormap,
                                   double         t,
                                   LrRgb         *color);

G_END_DECLS
