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

#include "lr-parallel.h"
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

/* Rows [row0, row1) of the image, packed and deflated on their own: a raw
 * deflate stream that ends on a byte boundary (a sync flush) unless it is
 * the last, so the bands' streams concatenate into one. */
typedef struct {
  const guchar   *src;
  int             stride, width, row0, row1, channels;
  gboolean        last;
  guchar         *packed;
  gsize           packed_len;
  uLong           adler;
  gsize           raw_len;
  gboolean        ok;
} Band;

static void
pack_row (const Band *band,
          int         y,
          guchar     *d)
{
  const guint32 *s = (const guint32 *) (gconstpointer) (band->src + (gsize) y * band->stride);

  if (band->channels == 3)
    {
      /* opaque: no alpha to divide out */
      for (int x = 0; x < band->width; x++, d += 3)
        {
          guint32 p = s[x];

          d[0] = (guchar) (p >> 16);
          d[1] = (guchar) (p >> 8);
          d[2] = (guchar) p;
        }
      return;
    }

  for (int x = 0; x < band->width; x++, d += 4)
    {
      guint32 p = s[x];
      guint a = p >> 24;
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
      d[3] = a;
    }
}

static gpointer
encode_band (gpointer data)
{
  Band *band = data;
  const gsize pixels_bytes = (gsize) band->width * band->channels;
  const gsize row_bytes = 1 + pixels_bytes;
  const int n_rows = band->row1 - band->row0;
  g_autofree guchar *raw = NULL;
  z_stream zs = { 0 };
  int ret;

  band->raw_len = row_bytes * n_rows;
  /* a figure's size is the user's: no memory is a failed band, not an abort */
  raw = g_try_malloc (band->raw_len);
  if (raw == NULL)
    return NULL;
  /* No filter: on figures (flat areas, smooth heatmaps) level 1 deflate
   * finds the repeats itself, and the file comes out smaller than with the
   * Up or Sub filter. */
  for (int y = band->row0; y < band->row1; y++)
    {
      guchar *d = raw + (gsize) (y - band->row0) * row_bytes;

      d[0] = 0;
      pack_row (band, y, d + 1);
    }
  band->adler = adler32 (adler32 (0, NULL, 0), raw, (uInt) band->raw_len);

  /* Level 1: the fastest matching. */
  if (deflateInit2 (&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;
  band->packed_len = deflateBound (&zs, band->raw_len) + 16;
  band->packed = g_try_malloc (band->packed_len);
  if (band->packed == NULL)
    {
      deflateEnd (&zs);
      return NULL;
    }
  zs.next_in = raw;
  zs.avail_in = (uInt) band->raw_len;
  zs.next_out = band->packed;
  zs.avail_out = (uInt) band->packed_len;
  ret = deflate (&zs, band->last ? Z_FINISH : Z_SYNC_FLUSH);
  band->packed_len = zs.total_out;
  deflateEnd (&zs);
  band->ok = band->last ? ret == Z_STREAM_END : ret == Z_OK && zs.avail_in == 0;
  return NULL;
}

/* Bands below this many pixels are not worth a thread. */
#define MIN_BAND_PIXELS (256 * 1024)
#define MAX_BANDS 8

/* Opaque images are written as RGB: a quarter less to compress. */
static gboolean
image_is_opaque (cairo_format_t  format,
                 const guchar   *src,
                 int             width,
                 int             height,
                 int             stride)
{
  if (format != CAIRO_FORMAT_ARGB32)
    return TRUE;
  for (int y = 0; y < height; y++)
    {
      const guint32 *s = (const guint32 *) (gconstpointer) (src + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if ((s[x] >> 24) != 255)
          return FALSE;
    }
  return TRUE;
}

static void
encode_band_task (guint    b,
                  gpointer data)
{
  encode_band ((Band *) data + b);
}

/* Deflates @n_bands bands, one per thread; FALSE (bands freed) on failure. */
static gboolean
encode_bands (Band  *bands,
              guint  n_bands)
{
  gboolean ok = TRUE;

  lr_parallel_for (n_bands, n_bands, encode_band_task, bands);
  for (guint b = 0; b < n_bands; b++)
    ok &= bands[b].ok;
  if (!ok)
    for (guint b = 0; b < n_bands; b++)
      g_free (bands[b].packed);
  return ok;
}

/* The file: signature, header, one IDAT (the zlib header, the bands'
 * deflate data, the Adler-32 of all the filtered rows) and the end.  Frees
 * the bands' data. */
static void
write_png (GString *out,
           int      width,
           int      height,
           int      channels,
           Band    *bands,
           guint    n_bands)
{
  guchar ihdr[13];
  gsize idat_len, idat_start;
  uLong adler;

  g_string_append_len (out, "\x89PNG\r\n\x1a\n", 8);
  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 8;    /* bit depth */
  ihdr[9] = channels == 4 ? 6 : 2;    /* RGBA or RGB */
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  put_chunk (out, "IHDR", ihdr, sizeof ihdr);

  idat_len = 2 + 4;
  for (guint b = 0; b < n_bands; b++)
    idat_len += bands[b].packed_len;
  put_u32 (out, (guint32) idat_len);
  idat_start = out->len;
  g_string_append_len (out, "IDAT\x78\x01", 6);
  adler = bands[0].adler;
  for (guint b = 0; b < n_bands; b++)
    {
      g_string_append_len (out, (const char *) bands[b].packed, bands[b].packed_len);
      if (b > 0)
        adler = adler32_combine (adler, bands[b].adler, (z_off_t) bands[b].raw_len);
      g_free (bands[b].packed);
    }
  put_u32 (out, (guint32) adler);
  put_u32 (out, (guint32) crc32 (0, (const Bytef *) out->str + idat_start,
                                 (uInt) (out->len - idat_start)));
  put_chunk (out, "IEND", NULL, 0);
}

gboolean
lr_png_encode (cairo_surface_t *image,
               GString         *out)
{
  int width, height, stride, channels;
  const guchar *src;
  cairo_format_t format;
  Band bands[MAX_BANDS];
  guint n_bands;

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
  channels = image_is_opaque (format, src, width, height, stride) ? 3 : 4;

  /* one band per processor, each compressed on its own thread */
  n_bands = CLAMP ((guint) g_get_num_processors (), 1, MAX_BANDS);
  n_bands = MIN (n_bands, (guint) MAX ((gint64) width * height / MIN_BAND_PIXELS, 1));
  n_bands = MIN (n_bands, (guint) height);
  for (guint b = 0; b < n_bands; b++)
    bands[b] = (Band) { src, stride, width, (int) ((gint64) height * b / n_bands),
                        (int) ((gint64) height * (b + 1) / n_bands), channels,
                        b == n_bands - 1, NULL, 0, 0, 0, FALSE };
  if (!encode_bands (bands, n_bands))
    return FALSE;
  write_png (out, width, height, channels, bands, n_bands);
  return TRUE;
}
