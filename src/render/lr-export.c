/* lr-export.c: drawings and figures written to PNG, SVG or PDF files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "lr-memory.h"
#include "lr-output.h"
#include "lr-png.h"

#include "lr-render-private.h"

typedef enum {
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} FileFormat;

static cairo_status_t
write_output (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  return lr_output_write (closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                 : CAIRO_STATUS_WRITE_ERROR;
}

/* The format of @path by its extension, any case. */
static gboolean
figure_format (const char  *path,
               FileFormat  *format,
               GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  const char *slash = strrchr (lower, '/');
  const char *dot = strrchr (slash ? slash : lower, '.');

  if (dot != NULL && g_str_equal (dot, ".png"))
    *format = FORMAT_PNG;
  else if (dot != NULL && g_str_equal (dot, ".svg"))
    *format = FORMAT_SVG;
  else if (dot != NULL && g_str_equal (dot, ".pdf"))
    *format = FORMAT_PDF;
  else
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': unknown figure format '%s'; valid: .png, .svg, .pdf",
                   path, dot != NULL ? path + (dot - lower) : "(no extension)");
      return FALSE;
    }
  return TRUE;
}

/* The same figure gives the same bytes: the PDF's creation date (cairo
 * writes the time of day otherwise) is $SOURCE_DATE_EPOCH when set, else
 * the epoch itself. */
static void
set_pdf_date (cairo_surface_t *surface)
{
  const char *env = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 seconds = 0;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (env == NULL || !g_ascii_string_to_unsigned (env, 10, 0, 253402300799, &seconds, NULL))
    seconds = 0;
  date = g_date_time_new_from_unix_utc ((gint64) seconds);
  text = g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, text);
}

/* Draws onto a surface of @format writing into @output. */
static void
draw_to_output (LrOutput         *output,
                FileFormat        format,
                int               width,
                int               height,
                LrRenderDrawFunc  draw,
                gpointer          user_data)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (format == FORMAT_SVG)
    surface = cairo_svg_surface_create_for_stream (write_output, output, width, height);
  else if (format == FORMAT_PDF)
    {
      surface = cairo_pdf_surface_create_for_stream (write_output, output, width, height);
      set_pdf_date (surface);
    }
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
    {
      /* lr_png_encode compresses for speed; cairo's encoder takes longer
       * than drawing the whole figure. */
      g_autoptr(GString) png = g_string_new (NULL);

      if (lr_png_encode (surface, png))
        status = write_output (output, (const guchar *) png->str, png->len);
      else
        status = CAIRO_STATUS_WRITE_ERROR;
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    lr_output_fail (output, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write '%s': %s",
                                         lr_output_get_name (output),
                                         cairo_status_to_string (status)));
}

gboolean
lr_render_to_file (const char        *path,
                   int                width,
                   int                height,
                   LrRenderDrawFunc   draw,
                   gpointer           user_data,
                   GError           **error)
{
  FileFormat format;
  LrOutput *output;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!figure_format (path, &format, error))
    return FALSE;
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "figure size %dx%d is out of range; sides must be 1 to 16384 pixels",
                   width, height);
      return FALSE;
    }
  /* the image, its PNG rows and their compressed copy, a heatmap's field:
   * refused now, clearly, rather than aborting in the middle of drawing */
  {
    guint64 need = (guint64) width * height * (format == FORMAT_PNG ? 16 : 32);
    guint64 left = lr_memory_available (NULL);

    if (need > left)
      {
        g_autofree char *need_text = g_format_size (need);
        g_autofree char *left_text = g_format_size (left);

        g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                     "not enough memory for a %dx%d figure: it needs about %s and %s is free",
                     width, height, need_text, left_text);
        return FALSE;
      }
  }
  output = lr_output_new (path);
  draw_to_output (output, format, width, height, draw, user_data);
  return lr_output_close (output, error);
}

static void
draw_figure (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  spec)
{
  lr_render_figure (cr, width, height, spec);
}

gboolean
lr_render_figure_to_file (const char          *path,
                          int                  width,
                          int                  height,
                          const LrFigureSpec  *spec,
                          GError             **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  return lr_render_to_file (path, width, height, draw_figure, (gpointer) spec, error);
}
