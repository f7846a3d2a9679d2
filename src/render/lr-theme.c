/* lr-theme.c: the render theme, the run palette and the verdicts' words and colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

/* The verdict as shown on figures, translated (lr_verdict_to_string is
 * the fixed English of the command line's output). */
const char *
_lr_verdict_label (LrVerdict verdict)
{
  switch (verdict)
    {
    case LR_VERDICT_CONVERGED:
      return _("converged");
    case LR_VERDICT_SLOW:
      return _("slow");
    case LR_VERDICT_OSCILLATING:
      return _("oscillating");
    case LR_VERDICT_ESCAPED:
      return _("escaped");
    case LR_VERDICT_STUCK:
      return _("stuck");
    case LR_VERDICT_SETTLED:
      /* TRANSLATORS: a noisy run that stays at its noise floor */
      return _("settled");
    case LR_VERDICT_DIVERGED:
    default:
      return _("diverged");
    }
}

void
lr_render_theme_init (LrRenderTheme *theme,
                      gboolean       dark,
                      double         scale)
{
  g_return_if_fail (theme != NULL);

  if (!(scale > 0) || !isfinite (scale))
    scale = 1;
  scale = CLAMP (scale, 0.25, 8);

  memset (theme, 0, sizeof *theme);
  theme->dark = !!dark;
  if (dark)
    {
      theme->background = (LrRgb) { 0.141, 0.141, 0.141 };
      theme->foreground = (LrRgb) { 0.922, 0.922, 0.922 };
      theme->muted = (LrRgb) { 0.655, 0.655, 0.655 };
      theme->grid = (LrRgb) { 0.235, 0.235, 0.235 };
      theme->panel_border = (LrRgb) { 0.45, 0.45, 0.45 };
      theme->error = (LrRgb) { 1.0, 0.482, 0.388 };     /* #ff7b63 */
    }
  else
    {
      theme->background = (LrRgb) { 1, 1, 1 };
      theme->foreground = (LrRgb) { 0.133, 0.133, 0.133 };
      theme->muted = (LrRgb) { 0.40, 0.40, 0.40 };
      theme->grid = (LrRgb) { 0.905, 0.905, 0.905 };
      theme->panel_border = (LrRgb) { 0.55, 0.55, 0.55 };
      theme->error = (LrRgb) { 0.753, 0.110, 0.157 };   /* #c01c28 */
    }
  g_strlcpy (theme->font_family, "Sans", sizeof theme->font_family);
  theme->font_size = 10.5 * scale;
  theme->line_scale = scale;
}

/* Okabe–Ito, reordered so the first colours differ most, vermillion and blue
 * brightened to stand out on viridis' dark end; the eighth is a neutral grey. */
static const LrRgb palette[] = {
  { 0.941, 0.353, 0.157 },   /* vermillion */
  { 0.337, 0.706, 0.914 },   /* sky blue */
  { 0.902, 0.624, 0.000 },   /* orange */
  { 0.800, 0.475, 0.655 },   /* reddish purple */
  { 0.000, 0.620, 0.451 },   /* bluish green */
  { 0.941, 0.894, 0.259 },   /* yellow */
  { 0.180, 0.490, 0.820 },   /* blue */
  { 0.600, 0.600, 0.600 },   /* grey */
};

guint
lr_render_palette_size (void)
{
  return G_N_ELEMENTS (palette);
}

void
lr_render_palette (guint  index,
                   LrRgb *color)
{
  g_return_if_fail (color != NULL);
  *color = palette[index % G_N_ELEMENTS (palette)];
}

const LrRgb *
_lr_verdict_color (LrVerdict            verdict,
                   const LrRenderTheme *theme,
                   LrRgb               *out)
{
  /* Okabe–Ito hues, darker on light backgrounds for contrast */
  switch (verdict)
    {
    case LR_VERDICT_CONVERGED:
    case LR_VERDICT_ESCAPED:
      *out = theme->dark ? (LrRgb) { 0.35, 0.80, 0.60 } : (LrRgb) { 0.0, 0.50, 0.36 };
      break;
    case LR_VERDICT_SLOW:
    case LR_VERDICT_STUCK:
      *out = theme->dark ? (LrRgb) { 0.45, 0.72, 0.95 } : (LrRgb) { 0.0, 0.40, 0.68 };
      break;
    case LR_VERDICT_SETTLED:
      *out = theme->dark ? (LrRgb) { 0.85, 0.60, 0.78 } : (LrRgb) { 0.58, 0.25, 0.48 };
      break;
    case LR_VERDICT_OSCILLATING:
      *out = theme->dark ? (LrRgb) { 0.95, 0.70, 0.25 } : (LrRgb) { 0.70, 0.45, 0.0 };
      break;
    case LR_VERDICT_DIVERGED:
    default:
      *out = theme->dark ? (LrRgb) { 1.0, 0.45, 0.35 } : (LrRgb) { 0.80, 0.25, 0.05 };
      break;
    }
  return out;
}

char *
_lr_color_hex (const LrRgb *c)
{
  return g_strdup_printf ("#%02x%02x%02x",
                          (int) lround (CLAMP (c->r, 0, 1) * 255),
                          (int) lround (CLAMP (c->g, 0, 1) * 255),
                          (int) lround (CLAMP (c->b, 0, 1) * 255));
}
