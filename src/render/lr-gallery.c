/* lr-gallery.c: a wrapping grid of small images with captions
 *
 * Used for a data set's samples, the most confidently wrong predictions and
 * the first layer's weights.  Each cell is a tile, its caption (up to two
 * lines) below it, and a gap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-render-private.h"

#define GAP 6
#define CAPTION_SIZE 0.8

static guint
caption_lines (const LrGallerySpec *spec)
{
  guint lines = 0;

  for (guint i = 0; spec->captions != NULL && i < spec->n; i++)
    {
      guint l = spec->captions[i][0] ? 1 : 0;

      for (const char *p = spec->captions[i]; *p; p++)
        if (*p == '\n')
          l++;
      lines = MAX (lines, l);
    }
  return lines;
}

static double
caption_height (LrText              *text,
                const LrGallerySpec *spec)
{
  guint lines = caption_lines (spec);
  double h;

  if (lines == 0)
    return 0;
  _lr_text_set (text, "Ag", CAPTION_SIZE, FALSE, FALSE);
  _lr_text_size (text, NULL, &h);
  return lines * ceil (h) + 2;
}

static void
gallery_cell (LrText              *text,
              const LrGallerySpec *spec,
              double              *width,
              double              *height)
{
  *width = spec->tile + GAP;
  *height = spec->tile + caption_height (text, spec) + GAP;
}

void
lr_render_gallery_cell (const LrGallerySpec *spec,
                        double              *width,
                        double              *height)
{
  LrRenderTheme fallback;
  LrGallerySpec s;
  cairo_surface_t *scratch;
  cairo_t *cr;
  LrText text;

  g_return_if_fail (spec != NULL && width != NULL && height != NULL);

  s = *spec;
  s.theme = default_theme (spec->theme, &fallback);
  /* text is measured on a surface of its own: widgets ask before drawing */
  scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (scratch);
  _lr_text_init (&text, cr, s.theme);
  gallery_cell (&text, &s, width, height);
  _lr_text_clear (&text);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
}

static void
gallery_empty (LrText              *text,
               double               width,
               double               height,
               const LrGallerySpec *spec)
{
  double h;

  if (spec->empty_text == NULL)
    return;
  _lr_text_set (text, spec->empty_text, CAPTION_SIZE, FALSE, FALSE);
  pango_layout_set_width (text->layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_wrap (text->layout, PANGO_WRAP_WORD_CHAR);
  _lr_text_size (text, NULL, &h);
  _lr_text_draw (text, 0, MAX (0, (height - h) / 2), 0, 0, &spec->theme->muted, 1);
}

static void
gallery_captions (LrText              *text,
                  const LrGallerySpec *spec,
                  guint                cols,
                  double               cw,
                  double               ch)
{
  const LrRenderTheme *theme = spec->theme;

  for (guint i = 0; spec->captions != NULL && i < spec->n; i++)
    {
      gboolean error = spec->highlight != NULL && spec->highlight[i];

      if (spec->captions[i][0] == '\0')
        continue;
      _lr_text_set (text, spec->captions[i], CAPTION_SIZE, FALSE, FALSE);
      _lr_text_ellipsize (text, cw);
      _lr_text_draw (text, (i % cols) * cw, (i / cols) * ch + spec->tile + 1, 0, 0,
                     error ? &theme->error : &theme->muted, 1);
    }
}

void
lr_render_gallery (cairo_t             *cr,
                   double               width,
                   double               height,
                   const LrGallerySpec *spec)
{
  LrRenderTheme fallback;
  LrGallerySpec s;
  double cw, ch;
  guint cols;
  LrText text;

  g_return_if_fail (cr != NULL && spec != NULL);
  g_return_if_fail (spec->values != NULL || spec->n == 0);

  s = *spec;
  s.theme = default_theme (spec->theme, &fallback);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  _lr_text_init (&text, cr, s.theme);
  pango_layout_set_alignment (text.layout, PANGO_ALIGN_CENTER);
  if (s.n == 0 || s.rows == 0 || s.cols == 0)
    gallery_empty (&text, width, height, &s);
  else
    {
      gallery_cell (&text, &s, &cw, &ch);
      cols = (guint) MAX (1, floor (width / cw));
      for (guint i = 0; i < s.n; i++)
        lr_render_image_tile (cr, (i % cols) * cw + GAP / 2, (i / cols) * ch, s.tile, s.mode,
                              s.rows, s.cols, s.values + (gsize) i * s.rows * s.cols, s.theme);
      gallery_captions (&text, &s, cols, cw, ch);
    }
  _lr_text_clear (&text);
  cairo_restore (cr);
}
