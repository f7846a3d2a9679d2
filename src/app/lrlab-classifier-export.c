/* lrlab-classifier-export.c: figures and tables of the classifier page as files
 *
 * The figure goes through the same cairo drawing functions the widgets use,
 * onto an image, SVG or PDF surface that writes into memory; the bytes then
 * replace the file in one step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>

#include "lr-png.h"
#include "lr-spec.h"
#include "lrlab-classifier-export.h"

typedef enum {
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
lrlab_classifier_write_drawing (const char     *path,
                                int             width,
                                int             height,
                                LrlabDrawFunc   draw,
                                gpointer        user_data,
                                GError        **error)
{
  g_autofree char *lower = NULL;
  g_autoptr(GString) bytes = g_string_new (NULL);
  const char *dot, *slash;
  cairo_surface_t *surface;
  cairo_status_t status;
  Format format;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  slash = strrchr (lower, '/');
  dot = strrchr (slash ? slash : lower, '.');
  if (dot != NULL && g_str_equal (dot, ".png"))
    format = FORMAT_PNG;
  else if (dot != NULL && g_str_equal (dot, ".svg"))
    format = FORMAT_SVG;
  else if (dot != NULL && g_str_equal (dot, ".pdf"))
    format = FORMAT_PDF;
  else
    {
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "'%s': unknown figure format '%s'; valid: .png, .svg, .pdf",
                   path, dot != NULL ? path + (dot - lower) : "(no extension)");
      return FALSE;
    }
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_RANGE,
                   "figure size %dx%d is out of range; sides must be 1 to 16384 pixels", width, height);
      return FALSE;
    }

  switch (format)
    {
    case FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      break;
    case FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
      break;
    case FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  /* Finishing writes SVG and PDF out; an image surface would lose its pixels. */
  if (format == FORMAT_PNG)
    cairo_surface_flush (surface);
  else
    cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG && !lr_png_encode (surface, bytes))
    status = CAIRO_STATUS_WRITE_ERROR;
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot draw '%s': %s", path, cairo_status_to_string (status));
      return FALSE;
    }

  return lrlab_classifier_write_text (path, bytes, error);
}

gboolean
lrlab_classifier_write_text (const char     *path,
                             const GString  *text,
                             GError        **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return g_file_set_contents_full (path, text->str, text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

void
lrlab_classifier_csv_number (GString *out,
                             double   value)
{
  if (isfinite (value))
    lr_format_number (out, value);
  else if (isnan (value))
    g_string_append (out, "nan");
  else
    g_string_append (out, value > 0 ? "inf" : "-inf");
}
