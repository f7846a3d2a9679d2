/* lr-text.c: text drawn with pango in the theme's font
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

void
_lr_text_init (LrText              *text,
               cairo_t             *cr,
               const LrRenderTheme *theme)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoContext *context;

  text->cr = cr;
  text->theme = theme;
  text->layout = pango_cairo_create_layout (cr);
  context = pango_layout_get_context (text->layout);
  /* Unhinged metrics keep labels from jittering while they animate. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  pango_cairo_context_set_font_options (context, options);
  pango_layout_context_changed (text->layout);
  cairo_font_options_destroy (options);
}

void
_lr_text_clear (LrText *text)
{
  g_clear_object (&text->layout);
}

/* @size relative to the theme's font size; @markup may use Pango markup. */
void
_lr_text_set (LrText     *text,
              const char *str,
              double      size,
              gboolean    bold,
              gboolean    markup)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, text->theme->font_family);
  pango_font_description_set_absolute_size (desc, text->theme->font_size * size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (text->layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (text->layout, -1);
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_NONE);
  if (markup)
    pango_layout_set_markup (text->layout, str, -1);
  else
    {
      pango_layout_set_attributes (text->layout, NULL);
      pango_layout_set_text (text->layout, str, -1);
    }
}

void
_lr_text_size (LrText *text,
               double *w,
               double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (text->layout, NULL, &logical);
  if (w != NULL)
    *w = logical.width / (double) PANGO_SCALE;
  if (h != NULL)
    *h = logical.height / (double) PANGO_SCALE;
}

/* Limits the layout to @width, ending in an ellipsis when longer. */
void
_lr_text_ellipsize (LrText *text,
                    double  width)
{
  pango_layout_set_width (text->layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_END);
}

/* Draws the current layout with its box anchored at (x, y): ax, ay in 0..1
 * (0, 0 = top-left corner at the point, 0.5, 0.5 = centred). */
void
_lr_text_draw (LrText      *text,
               double       x,
               double       y,
               double       ax,
               double       ay,
               const LrRgb *color,
               double       alpha)
{
  double w, h;

  _lr_text_size (text, &w, &h);
  cairo_save (text->cr);
  cairo_move_to (text->cr, x - ax * w, y - ay * h);
  set_rgba (text->cr, color, alpha);
  pango_cairo_show_layout (text->cr, text->layout);
  cairo_restore (text->cr);
}

/* A layout of its own in the theme's font, with the default font options
 * of @cr: matrices and galleries keep the look they had in the app. */
static PangoLayout *
plain_layout (cairo_t             *cr,
              const LrRenderTheme *theme,
              const char          *text,
              double               size,
              gboolean             bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, theme->font_family);
  pango_font_description_set_absolute_size (desc, theme->font_size * size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
_lr_show_text (cairo_t             *cr,
               const LrRenderTheme *theme,
               const char          *text,
               double               size,
               gboolean             bold,
               double               x,
               double               y,
               double               ax,
               double               ay,
               const LrRgb         *color,
               double              *width_out)
{
  g_autoptr(PangoLayout) layout = plain_layout (cr, theme, text, size, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width_out != NULL)
    *width_out = w;
  if (color == NULL)
    return;
  set_rgb (cr, color);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (cr, layout);
}
