/* lr-gif.c: animated GIF: palette, frame differences and LZW
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-gif.h"
#include "lr-render-private.h"

#define TRANSPARENT 255    /* palette index of unchanged pixels */
#define N_COLORS    255
#define COLORMAP_COLORS 128
#define CELL_BITS   6      /* per channel, of the nearest-colour cache */
#define HASH_SIZE   5003

struct _LrGifEncoder {
  LrOutput *output;
  int       width, height;
  guint8    palette[N_COLORS][3];
  guint     n_colors;
  guint8   *cache;         /* 1 + nearest index per cell of CELL_BITS³; 0: unknown */
  guint8   *previous;      /* indices of the last frame */
  guint8   *indices;
  guint64  *weight;        /* pixels per cell of the frames learnt from */
  guint32  *sample;        /* one colour of each such cell */
  gboolean  started;
};

static void
palette_add (LrGifEncoder *self,
             guint8        r,
             guint8        g,
             guint8        b)
{
  for (guint i = 0; i < self->n_colors; i++)
    if (self->palette[i][0] == r && self->palette[i][1] == g && self->palette[i][2] == b)
      return;
  if (self->n_colors < N_COLORS)
    {
      self->palette[self->n_colors][0] = r;
      self->palette[self->n_colors][1] = g;
      self->palette[self->n_colors][2] = b;
      self->n_colors++;
    }
}

static guint8
channel (double v)
{
  return (guint8) CLAMP (lround (v * 255), 0, 255);
}

LrGifEncoder *
lr_gif_encoder_new (LrOutput    *output,
                    int          width,
                    int          height,
                    LrColormap   colormap,
                    const LrRgb *anchors,
                    guint        n_anchors)
{
  LrGifEncoder *self = g_new0 (LrGifEncoder, 1);

  self->output = output;
  self->width = width;
  self->height = height;
  for (guint i = 0; i < MIN (n_anchors, 64); i++)
    palette_add (self, channel (anchors[i].r), channel (anchors[i].g), channel (anchors[i].b));
  for (guint i = 0; i < COLORMAP_COLORS; i++)
    {
      LrRgb c;

      lr_colormap_lookup (colormap, i / (COLORMAP_COLORS - 1.0), &c);
      palette_add (self, channel (c.r), channel (c.g), channel (c.b));
    }
  self->cache = g_new0 (guint8, 1u << (3 * CELL_BITS));
  self->weight = g_new0 (guint64, 1u << (3 * CELL_BITS));
  self->sample = g_new0 (guint32, 1u << (3 * CELL_BITS));
  self->indices = g_new (guint8, (gsize) width * height);
  self->previous = g_new (guint8, (gsize) width * height);
  return self;
}

static guint
cell_of (guint32 v)
{
  return (((v >> 16) & 0xff) >> (8 - CELL_BITS) << (2 * CELL_BITS)) |
         (((v >> 8) & 0xff) >> (8 - CELL_BITS) << CELL_BITS) | ((v & 0xff) >> (8 - CELL_BITS));
}

static guint8
nearest (LrGifEncoder *self,
         int           r,
         int           g,
         int           b)
{
  guint best = 0, best_d = G_MAXUINT;

  for (guint i = 0; i < self->n_colors; i++)
    {
      int dr = r - self->palette[i][0], dg = g - self->palette[i][1], db = b - self->palette[i][2];
      guint d = 2 * dr * dr + 4 * dg * dg + db * db;

      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}

void
lr_gif_encoder_learn (LrGifEncoder    *self,
                      cairo_surface_t *frame)
{
  const guint32 *pixels = (const guint32 *) (gpointer) cairo_image_surface_get_data (frame);
  int stride_words = cairo_image_surface_get_stride (frame) / 4;

  g_return_if_fail (!self->started);
  cairo_surface_flush (frame);
  for (int y = 0; y < self->height; y++)
    for (int x = 0; x < self->width; x++)
      {
        guint32 v = pixels[(gsize) y * stride_words + x];
        guint c = cell_of (v);

        self->weight[c]++;
        self->sample[c] = v;
      }
}

/* The colours of the frames learnt from that the palette lacks most
 * (counted per cache cell, weighted by how far they are) fill its free
 * entries. */
static void
palette_complete (LrGifEncoder *self)
{
  guint n_cells = 1u << (3 * CELL_BITS);
  guint64 *weight = self->weight;
  guint32 *sample = self->sample;

  while (self->n_colors < N_COLORS)
    {
      guint64 best_w = 0;
      guint best = 0;

      for (guint c = 0; c < n_cells; c++)
        if (weight[c] > 0)
          {
            guint32 v = sample[c];
            int r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;
            guint8 i = nearest (self, r, g, b);
            int dr = r - self->palette[i][0], dg = g - self->palette[i][1], db = b - self->palette[i][2];
            guint64 w = weight[c] * (guint64) (dr * dr + dg * dg + db * db);

            if (w > best_w)
              {
                best_w = w;
                best = c;
              }
          }
      if (best_w == 0)
        break;
      palette_add (self, (sample[best] >> 16) & 0xff, (sample[best] >> 8) & 0xff, sample[best] & 0xff);
      weight[best] = 0;
    }
  g_clear_pointer (&self->weight, g_free);
  g_clear_pointer (&self->sample, g_free);
}

/* Palette indices of @frame's pixels. */
static void
map_frame (LrGifEncoder  *self,
           const guint32 *pixels,
           int            stride_words)
{
  for (int y = 0; y < self->height; y++)
    {
      const guint32 *row = pixels + (gsize) y * stride_words;
      guint8 *out = self->indices + (gsize) y * self->width;

      for (int x = 0; x < self->width; x++)
        {
          guint c = cell_of (row[x]);

          if (self->cache[c] == 0)
            {
              int half = 1 << (7 - CELL_BITS);
              int r = (int) ((c >> (2 * CELL_BITS)) << (8 - CELL_BITS)) + half;
              int g = (int) (((c >> CELL_BITS) & ((1 << CELL_BITS) - 1)) << (8 - CELL_BITS)) + half;
              int b = (int) ((c & ((1 << CELL_BITS) - 1)) << (8 - CELL_BITS)) + half;

              self->cache[c] = 1 + nearest (self, r, g, b);
            }
          out[x] = self->cache[c] - 1;
        }
    }
}

/* ---- LZW --------------------------------------------------------------------- */

typedef struct {
  GByteArray *data;     /* sub-blocks */
  guint8      block[256];
  guint       block_len;
  guint32     bits;
  guint       n_bits;
} BitWriter;

static void
put_code (BitWriter *w,
          guint      code,
          guint      size)
{
  w->bits |= (guint32) code << w->n_bits;
  w->n_bits += size;
  while (w->n_bits >= 8)
    {
      w->block[1 + w->block_len++] = w->bits & 0xff;
      w->bits >>= 8;
      w->n_bits -= 8;
      if (w->block_len == 255)
        {
          w->block[0] = 255;
          g_byte_array_append (w->data, w->block, 256);
          w->block_len = 0;
        }
    }
}

static void
flush_bits (BitWriter *w)
{
  if (w->n_bits > 0)
    put_code (w, 0, 8 - w->n_bits);
  if (w->block_len > 0)
    {
      w->block[0] = w->block_len;
      g_byte_array_append (w->data, w->block, w->block_len + 1);
    }
  g_byte_array_append (w->data, (const guint8 *) "", 1);
}

/* The image data of @n indices at minimum code size 8. */
static void
lzw_encode (GByteArray   *out,
            const guint8 *indices,
            gsize         n)
{
  const guint clear = 256, end = 257;
  g_autofree gint32 *keys = g_new (gint32, HASH_SIZE);
  g_autofree guint16 *codes = g_new (guint16, HASH_SIZE);
  BitWriter w = { out, { 0 }, 0, 0, 0 };
  guint next = 258, size = 9, prefix;

  memset (keys, 0xff, sizeof (gint32) * HASH_SIZE);
  g_byte_array_append (out, (const guint8 *) "\x08", 1);
  put_code (&w, clear, size);
  prefix = indices[0];
  for (gsize i = 1; i < n; i++)
    {
      guint8 k = indices[i];
      gint32 key = (gint32) ((k << 12) | prefix);
      guint h = ((guint) k << 4 ^ prefix) % HASH_SIZE;

      while (keys[h] != -1 && keys[h] != key)
        h = (h + 1) % HASH_SIZE;
      if (keys[h] == key)
        {
          prefix = codes[h];
          continue;
        }
      put_code (&w, prefix, size);
      if (next < 4095)
        {
          keys[h] = key;
          codes[h] = next;
          if (next == (1u << size) && size < 12)
            size++;
          next++;
        }
      else
        {
          put_code (&w, clear, size);
          memset (keys, 0xff, sizeof (gint32) * HASH_SIZE);
          next = 258;
          size = 9;
        }
      prefix = k;
    }
  put_code (&w, prefix, size);
  put_code (&w, end, size);
  flush_bits (&w);
}

/* ---- the file ---------------------------------------------------------------- */

static void
put_u16 (GByteArray *out,
         guint       v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
write_header (LrGifEncoder *self,
              GByteArray   *out)
{
  guint8 table[256 * 3] = { 0 };

  g_byte_array_append (out, (const guint8 *) "GIF89a", 6);
  put_u16 (out, self->width);
  put_u16 (out, self->height);
  /* global table of 256 entries, 8 bits of colour resolution */
  g_byte_array_append (out, (const guint8 *) "\xf7\x00\x00", 3);
  memcpy (table, self->palette, self->n_colors * 3);
  g_byte_array_append (out, table, sizeof table);
  /* NETSCAPE2.0: loop for ever */
  g_byte_array_append (out, (const guint8 *) "\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
}

/* The rectangle where @indices differ from the previous frame; FALSE when
 * nothing does. */
static gboolean
changed_box (LrGifEncoder *self,
             int          *x0,
             int          *y0,
             int          *x1,
             int          *y1)
{
  *x0 = self->width;
  *y0 = self->height;
  *x1 = *y1 = -1;
  for (int y = 0; y < self->height; y++)
    {
      const guint8 *a = self->indices + (gsize) y * self->width;
      const guint8 *b = self->previous + (gsize) y * self->width;
      int first = -1, last = -1;

      if (memcmp (a, b, self->width) == 0)
        continue;
      for (int x = 0; x < self->width; x++)
        if (a[x] != b[x])
          {
            if (first < 0)
              first = x;
            last = x;
          }
      *x0 = MIN (*x0, first);
      *x1 = MAX (*x1, last);
      *y0 = MIN (*y0, y);
      *y1 = y;
    }
  return *x1 >= 0;
}

void
lr_gif_encoder_add (LrGifEncoder    *self,
                    cairo_surface_t *frame,
                    guint            delay_cs)
{
  const guint32 *pixels = (const guint32 *) (gpointer) cairo_image_surface_get_data (frame);
  int stride_words = cairo_image_surface_get_stride (frame) / 4;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *sub = NULL;
  int x0 = 0, y0 = 0, x1 = self->width - 1, y1 = self->height - 1, w, h;
  guint8 gce[8] = { 0x21, 0xf9, 0x04, 0x04, delay_cs & 0xff, (delay_cs >> 8) & 0xff, 0, 0 };

  g_return_if_fail (cairo_image_surface_get_width (frame) == self->width &&
                    cairo_image_surface_get_height (frame) == self->height);

  if (!self->started)
    {
      lr_gif_encoder_learn (self, frame);
      palette_complete (self);
      write_header (self, out);
    }
  map_frame (self, pixels, stride_words);
  if (self->started && !changed_box (self, &x0, &y0, &x1, &y1))
    x0 = y0 = x1 = y1 = 0;   /* one unchanged pixel carries the delay */
  w = x1 - x0 + 1;
  h = y1 - y0 + 1;
  sub = g_new (guint8, (gsize) w * h);
  for (int y = 0; y < h; y++)
    {
      const guint8 *a = self->indices + (gsize) (y0 + y) * self->width + x0;
      const guint8 *b = self->previous + (gsize) (y0 + y) * self->width + x0;

      for (int x = 0; x < w; x++)
        sub[(gsize) y * w + x] = self->started && a[x] == b[x] ? TRANSPARENT : a[x];
    }
  if (self->started)
    {
      gce[3] |= 0x01;         /* transparent index given */
      gce[6] = TRANSPARENT;
    }
  g_byte_array_append (out, gce, sizeof gce);
  g_byte_array_append (out, (const guint8 *) "\x2c", 1);
  put_u16 (out, x0);
  put_u16 (out, y0);
  put_u16 (out, w);
  put_u16 (out, h);
  g_byte_array_append (out, (const guint8 *) "", 1);
  lzw_encode (out, sub, (gsize) w * h);
  lr_output_write (self->output, out->data, out->len);

  memcpy (self->previous, self->indices, (gsize) self->width * self->height);
  self->started = TRUE;
}

void
lr_gif_encoder_finish (LrGifEncoder *self)
{
  if (self == NULL)
    return;
  if (self->started)
    lr_output_write (self->output, ";", 1);
  g_free (self->cache);
  g_free (self->weight);
  g_free (self->sample);
  g_free (self->indices);
  g_free (self->previous);
  g_free (self);
}
