/* lr-png.c: fast PNG encoding of cairo image surfaces
 *
 * cairo always compresses PNGs at zlib's default level, which costs more
 * than drawing a whole figure; figures compress well at level 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "lr-png.h"

static void
put_u32 (GString *out,
         guint32  v)
{
  guchar b[4] = { v >> 24, v >> 16, v >> 8, v };
  g_string_append_len (out, (const char *) b, 4);
}

static void
put_chunk (GString      *out,
           const char   *type,
           const guchar *data,
           gsize         len)
{
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  put_u32 (out, (guint32) len);
  g_string_append_len (out, type, 4);
  if (len > 0)
    {
      g_string_append_len (out, (const char *) data, len);
      crc = crc32 (crc, data, (uInt) len);
    }
  put_u32 (out, (guint32) crc);
}

gboolean
lr_png_encode (cairo_surface_t *image,
               GString         *out)
{
  int width, height, stride;
  const guchar *src;
  cairo_format_t format;
  gsize row_bytes, raw_len;
  g_autofree guchar *raw = NULL;
  g_autofree guchar *packed = NULL;
  uLongf packed_len;
  guchar ihdr[13];
  int channels;

  g_return_val_if_fail (image != NULL, FALSE);

  format = cairo_image_surface_get_format (image);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;

  cairo_surface_flush (image);
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  src = cairo_image_surface_get_data (image);
  if (src == NULL || width <= 0 || height <= 0)
    return FALSE;

  /* Opaque images are written as RGB: a quarter less to compress. */
  {
    gboolean opaque = TRUE;

    if (format == CAIRO_FORMAT_ARGB32)
      for (int y = 0; y < height && opaque; y++)
        {
          const guint32 *s = (const guint32 *) (src + (gsize) y * stride);

          for (int x = 0; x < width; x++)
            if ((s[x] >> 24) != 255)
              {
                opaque = FALSE;
                break;
              }
        }
    channels = opaque ? 3 : 4;
  }

  /* Filter byte + RGB(A) per row, un-premultiplied. */
  row_bytes = 1 + (gsize) width * channels;
  raw_len = row_bytes * height;
  raw = g_malloc (raw_len);
  for (int y = 0; y < height; y++)
    {
      const guint32 *s = (const guint32 *) (src + (gsize) y * stride);
      guchar *d = raw + y * row_bytes;

      d[0] = 0;
      d++;
      for (int x = 0; x < width; x++, d += channels)
        {
          guint32 p = s[x];
          guint a = format == CAIRO_FORMAT_RGB24 ? 255 : p >> 24;
          guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

          if (a != 255 && a != 0)
            {
              r = (r * 255 + a / 2) / a;
              g = (g * 255 + a / 2) / a;
              b = (b * 255 + a / 2) / a;
            }
          d[0] = r;
          d[1] = g;
          d[2] = b;
          if (channels == 4)
            d[3] = a;
        }
    }

  /* The Up filter: figures are mostly vertical runs of equal colour. */
  for (int y = height - 1; y > 0; y--)
    {
      guchar *d = raw + y * row_bytes;
      const guchar *u = d - row_bytes;

      d[0] = 2;
      for (gsize i = 1; i < row_bytes; i++)
        d[i] = (guchar) (d[i] - u[i]);
    }

  packed_len = compressBound (raw_len);
  packed = g_malloc (packed_len);
  {
    z_stream zs = { 0 };
    int ret;

    /* Level 1: the fastest matching; after the Up filter a figure is
     * mostly runs of zeros and still compresses well. */
    if (deflateInit2 (&zs, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      return FALSE;
    zs.next_in = raw;
    zs.avail_in = (uInt) raw_len;
    zs.next_out = packed;
    zs.avail_out = (uInt) packed_len;
    ret = deflate (&zs, Z_FINISH);
    packed_len = zs.total_out;
    deflateEnd (&zs);
    if (ret != Z_STREAM_END)
      return FALSE;
  }

  g_string_append_len (out, "\x89PNG\r\n\x1a\n", 8);
  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 8;    /* bit depth */
  ihdr[9] = channels == 4 ? 6 : 2;    /* RGBA or RGB */
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  put_chunk (out, "IHDR", ihdr, sizeof ihdr);
  put_chunk (out, "IDAT", packed, packed_len);
  put_chunk (out, "IEND", NULL, 0);
  return TRUE;
}
