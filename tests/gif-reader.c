/* gif-reader.c: an animated GIF read back frame by frame, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gif-reader.h"

static guint
u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

/* The sub-blocks from @g->p on, joined. */
static GByteArray *
sub_blocks (Gif *g)
{
  GByteArray *data = g_byte_array_new ();

  while (g->p < g->end && *g->p != 0)
    {
      guint n = *g->p++;

      g_assert_cmpint (g->end - g->p, >=, n);
      g_byte_array_append (data, g->p, n);
      g->p += n;
    }
  g->p++;
  return data;
}

/* LZW of minimum code size @min into @out (@n indices expected). */
static void
lzw_decode (const GByteArray *data,
            guint             min,
            guint8           *out,
            gsize             n)
{
  guint16 prefix[4096];
  guint8 suffix[4096], stack[4097];
  guint clear = 1u << min, size = min + 1, next = clear + 2, old = G_MAXUINT, bits = 0, nbits = 0;
  guint8 first = 0;
  gsize o = 0;

  for (guint i = 0; i < data->len; i++)
    {
      bits |= (guint) data->data[i] << nbits;
      nbits += 8;
      while (nbits >= size)
        {
          guint code = bits & ((1u << size) - 1), c, sp = 0;

          bits >>= size;
          nbits -= size;
          if (code == clear)
            {
              size = min + 1;
              next = clear + 2;
              old = G_MAXUINT;
              continue;
            }
          if (code == clear + 1)
            {
              g_assert_cmpuint (o, ==, n);
              return;
            }
          g_assert_cmpuint (code, <=, next);
          c = code;
          if (code == next)
            {
              g_assert_cmpuint (old, !=, G_MAXUINT);
              stack[sp++] = first;
              c = old;
            }
          while (c >= clear)
            {
              stack[sp++] = suffix[c];
              c = prefix[c];
            }
          stack[sp++] = c;
          first = c;
          while (sp > 0 && o < n)
            out[o++] = stack[--sp];
          if (old != G_MAXUINT && next < 4096)
            {
              prefix[next] = old;
              suffix[next] = first;
              next++;
              if (next == (1u << size) && size < 12)
                size++;
            }
          old = code;
        }
    }
  g_assert_not_reached ();
}

static void
gif_image (Gif *g,
           int  transparent)
{
  guint x0 = u16 (g->p), y0 = u16 (g->p + 2), w = u16 (g->p + 4), h = u16 (g->p + 6);
  g_autoptr(GByteArray) data = NULL;
  g_autofree guint8 *indices = NULL;
  guint min;

  g_assert_cmpuint (g->p[8] & 0x80, ==, 0);      /* the global palette only */
  g_assert_cmpuint (x0 + w, <=, (guint) g->width);
  g_assert_cmpuint (y0 + h, <=, (guint) g->height);
  g->p += 9;
  min = *g->p++;
  data = sub_blocks (g);
  indices = g_new (guint8, (gsize) w * h);
  lzw_decode (data, min, indices, (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        guint8 i = indices[y * w + x];

        if (i != transparent)
          g->canvas[(y0 + y) * g->width + x0 + x] = g->palette[i][0] << 16 | g->palette[i][1] << 8 |
                                                    g->palette[i][2];
      }
}

/* Reads @bytes frame by frame; @frame_done (when not NULL) sees the
 * composed canvas after each frame. */
void
gif_read (Gif          *g,
          const guint8 *bytes,
          gsize         len,
          void        (*frame_done) (Gif *g, gpointer data),
          gpointer      data)
{
  int transparent = -1;

  memset (g, 0, sizeof *g);
  g_assert_cmpint (len, >, 13 + 768);
  g_assert_true (memcmp (bytes, "GIF89a", 6) == 0);
  g->width = u16 (bytes + 6);
  g->height = u16 (bytes + 8);
  g_assert_cmpuint (bytes[10], ==, 0xf7);
  memcpy (g->palette, bytes + 13, 768);
  g->p = bytes + 13 + 768;
  g->end = bytes + len;
  g->canvas = g_new0 (guint32, (gsize) g->width * g->height);
  while (g->p < g->end && *g->p != ';')
    {
      if (g->p[0] == 0x21 && g->p[1] == 0xf9)
        {
          transparent = g->p[3] & 1 ? g->p[6] : -1;
          g_assert_cmpuint (g->frames, <, G_N_ELEMENTS (g->delays));
          g->delays[g->frames] = u16 (g->p + 4);
          g->p += 8;
        }
      else if (g->p[0] == 0x21)
        {
          g_autoptr(GByteArray) ext = NULL;

          g->loop_found |= g->p[1] == 0xff && memcmp (g->p + 3, "NETSCAPE2.0", 11) == 0;
          g->p += 2;
          ext = sub_blocks (g);
        }
      else
        {
          g_assert_cmpuint (*g->p, ==, 0x2c);
          g->p++;
          gif_image (g, transparent);
          if (frame_done != NULL)
            frame_done (g, data);
          g->frames++;
        }
    }
  g_assert_true (g->p < g->end && *g->p == ';');
}
