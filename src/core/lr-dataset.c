/* lr-dataset.c: the built-in digits and MNIST-format (IDX) directories
 *
 * Every IDX file is checked before its payload is allocated: the header must
 * agree with the size of the file (for gzip files, with the size recorded in
 * the gzip trailer and with the most a deflate stream of that length can
 * expand to), so a lying header can never make us allocate what it claims.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "lr-dataset.h"
#include "lr-random.h"
#include "lr-spec.h"

#include "lrcore-resources.h"

#define DIGITS_FILE      "digits.idx.gz"
#define DIGITS_RESOURCE  "/io/github/lrlab/LearningRateLab/data/" DIGITS_FILE
#define DIGITS_PIXEL_MAX 16
#define IDX_PIXEL_MAX    255
#define IDX_TYPE_UBYTE   0x08
/* zlib's deflate never expands data by more than 1032:1. */
#define DEFLATE_MAX_RATIO 1032
/* Compressed bytes read at a time. */
#define GZIP_CHUNK (64 * 1024)

struct _LrDataset
{
  gatomicrefcount  ref_count;
  char            *name;
  guint            rows;
  guint            cols;
  guint            pixel_max;
  LrImageSet       train;
  LrImageSet       test;
  guint8          *train_pixels;
  guint8          *train_labels;
  guint8          *test_pixels;
  guint8          *test_labels;
};

/* ---- reading IDX sections ---------------------------------------------- */

typedef struct {
  GInputStream *base;       /* the file (raw or compressed) */
  char         *name;       /* for messages */
  gboolean      gzip;
  guint64       total;      /* raw: file size; gzip: the last member's trailer size (mod 2^32) */
  guint64       limit;      /* raw: file size; gzip: the most it can expand to */
  guint64       consumed;   /* (decompressed) bytes read so far */
  /* gzip: inflated by zlib straight into the caller's buffer, member after
   * member (a valid gzip file may hold several) */
  z_stream      zs;
  guint8       *in;         /* GZIP_CHUNK compressed bytes */
  gboolean      z_ready;    /* zs initialised */
  gboolean      in_member;  /* inside a member: its end not seen yet */
  gboolean      base_eof;
} IdxSource;

typedef struct {
  guint   rank;
  guint32 dims[3];
  guint64 payload;          /* bytes after the header */
} IdxHeader;

static void
idx_source_clear (IdxSource *src)
{
  if (src->z_ready)
    inflateEnd (&src->zs);
  src->z_ready = FALSE;
  g_clear_pointer (&src->in, g_free);
  g_clear_object (&src->base);
  g_clear_pointer (&src->name, g_free);
}

G_GNUC_PRINTF (3, 4)
static void
data_error (GError     **error,
            const char  *name,
            const char  *format,
            ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LR_ERROR, LR_ERROR_DATA, "%s: %s", name, msg);
}

/* Turns a stream error into a data error naming the file; cancellation
 * stays what it is. */
static void
propagate_read_error (GError     **error,
                      GError      *local,
                      const char  *name,
                      const char  *what)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local);
  else
    {
      data_error (error, name, "%s: %s", what, local->message);
      g_error_free (local);
    }
}

static char *
format_bytes (guint64 n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT " byte%s", n, n == 1 ? "" : "s");
}

/* Sets up @src over @base (which must be seekable when it is a file), with
 * @size the size of the whole stream. */
static gboolean
idx_source_init (IdxSource     *src,
                 GInputStream  *base,
                 guint64        size,
                 const char    *name,
                 GCancellable  *cancellable,
                 GError       **error)
{
  guint8 magic[2] = { 0, 0 };
  gsize got = 0;
  GError *local = NULL;

  memset (src, 0, sizeof *src);
  src->base = g_object_ref (base);
  src->name = g_strdup (name);

  if (size >= 2)
    {
      if (!g_input_stream_read_all (base, magic, 2, &got, cancellable, &local))
        {
          propagate_read_error (error, local, name, "cannot read");
          return FALSE;
        }
      if (!g_seekable_seek (G_SEEKABLE (base), 0, G_SEEK_SET, cancellable, &local))
        {
          propagate_read_error (error, local, name, "cannot read");
          return FALSE;
        }
    }

  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
    {
      guint8 trailer[4];

      /* A gzip member is at least a 10-byte header and an 8-byte trailer. */
      if (size < 18)
        {
          data_error (error, name, "truncated gzip file (%" G_GUINT64_FORMAT " bytes)", size);
          return FALSE;
        }
      if (!g_seekable_seek (G_SEEKABLE (base), (goffset) size - 4, G_SEEK_SET, cancellable, &local) ||
          !g_input_stream_read_all (base, trailer, 4, &got, cancellable, &local) ||
          !g_seekable_seek (G_SEEKABLE (base), 0, G_SEEK_SET, cancellable, &local))
        {
          propagate_read_error (error, local, name, "cannot read");
          return FALSE;
        }
      if (got != 4)
        {
          data_error (error, name, "truncated gzip file");
          return FALSE;
        }

      src->gzip = TRUE;
      src->total = (guint64) trailer[0] | (guint64) trailer[1] << 8 |
                   (guint64) trailer[2] << 16 | (guint64) trailer[3] << 24;
      src->limit = size * DEFLATE_MAX_RATIO + 1024;
      src->in = g_try_malloc (GZIP_CHUNK);
      if (src->in == NULL || inflateInit2 (&src->zs, 15 + 16) != Z_OK)
        {
          data_error (error, name, "out of memory for the gzip decoder");
          return FALSE;
        }
      src->z_ready = TRUE;
    }
  else
    {
      src->total = size;
      src->limit = size;
    }

  return TRUE;
}

static gboolean
idx_source_open_file (IdxSource     *src,
                      const char    *path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GError *local = NULL;
  GStatBuf st;

  /* Opening a FIFO would wait for a writer forever, a device would read
   * forever: only regular files (or links to them) are opened. */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      data_error (error, path, "cannot open: %s", g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      data_error (error, path, "not a regular file (%s); an MNIST-format file is expected",
                  S_ISFIFO (st.st_mode) ? "a FIFO" : S_ISDIR (st.st_mode) ? "a directory" :
                  S_ISSOCK (st.st_mode) ? "a socket" : "a device");
      return FALSE;
    }

  in = g_file_read (file, cancellable, &local);
  if (in == NULL)
    {
      propagate_read_error (error, local, path, "cannot open");
      return FALSE;
    }
  info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, &local);
  if (info == NULL)
    {
      propagate_read_error (error, local, path, "cannot read");
      return FALSE;
    }

  return idx_source_init (src, G_INPUT_STREAM (in), (guint64) g_file_info_get_size (info),
                          path, cancellable, error);
}

/* Inflates into @buffer until it is full or the last member ends. */
static gboolean
gzip_read (IdxSource     *src,
           guint8        *buffer,
           gsize          count,
           gsize         *got,
           GCancellable  *cancellable,
           GError       **error)
{
  z_stream *zs = &src->zs;
  gsize done = 0;

  while (done < count)
    {
      int ret;

      if (zs->avail_in == 0 && !src->base_eof)
        {
          GError *local = NULL;
          gssize n = g_input_stream_read (src->base, src->in, GZIP_CHUNK, cancellable, &local);

          if (n < 0)
            {
              propagate_read_error (error, local, src->name, "cannot read");
              return FALSE;
            }
          src->base_eof = n == 0;
          zs->next_in = src->in;
          zs->avail_in = (uInt) n;
        }
      if (zs->avail_in == 0)
        {
          if (src->in_member)
            {
              data_error (error, src->name, "truncated gzip data");
              return FALSE;
            }
          break;   /* the last member has ended */
        }

      src->in_member = TRUE;
      zs->next_out = buffer + done;
      zs->avail_out = (uInt) MIN (count - done, (gsize) G_MAXUINT32 / 2);
      ret = inflate (zs, Z_NO_FLUSH);
      done = (gsize) (zs->next_out - buffer);
      if (ret == Z_STREAM_END)
        {
          /* another member may follow */
          src->in_member = FALSE;
          inflateReset (zs);
        }
      else if (ret == Z_MEM_ERROR)
        {
          data_error (error, src->name, "out of memory for the gzip decoder");
          return FALSE;
        }
      else if (ret != Z_OK && ret != Z_BUF_ERROR)
        {
          data_error (error, src->name, "corrupt gzip data (%s)", zs->msg ? zs->msg : "bad stream");
          return FALSE;
        }
    }
  *got = done;
  return TRUE;
}

/* The number of bytes the rest of a gzip source inflates to; the source is
 * then rewound to where it was. */
static gboolean
gzip_measure_rest (IdxSource     *src,
                   guint64       *rest,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree guint8 *scratch = g_try_malloc (GZIP_CHUNK);
  guint64 position = src->consumed, skipped = 0;
  GError *local = NULL;
  gsize got;

  if (scratch == NULL)
    {
      data_error (error, src->name, "out of memory for the gzip decoder");
      return FALSE;
    }
  *rest = 0;
  do
    {
      if (!gzip_read (src, scratch, GZIP_CHUNK, &got, cancellable, error))
        return FALSE;
      *rest += got;
    }
  while (got == GZIP_CHUNK);

  /* back to the start, then forward to @position */
  if (!g_seekable_seek (G_SEEKABLE (src->base), 0, G_SEEK_SET, cancellable, &local))
    {
      propagate_read_error (error, local, src->name, "cannot read");
      return FALSE;
    }
  inflateReset (&src->zs);
  src->zs.avail_in = 0;
  src->in_member = FALSE;
  src->base_eof = FALSE;
  while (skipped < position)
    {
      if (!gzip_read (src, scratch, (gsize) MIN (position - skipped, GZIP_CHUNK), &got, cancellable, error))
        return FALSE;
      if (got == 0)
        {
          data_error (error, src->name, "cannot read: the file changed while it was read");
          return FALSE;
        }
      skipped += got;
    }
  return TRUE;
}

static gboolean
idx_source_read (IdxSource     *src,
                 void          *buffer,
                 gsize          count,
                 gsize         *got,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GError *local = NULL;

  *got = 0;
  if (src->gzip)
    {
      if (!gzip_read (src, buffer, count, got, cancellable, error))
        return FALSE;
    }
  else if (!g_input_stream_read_all (src->base, buffer, count, got, cancellable, &local))
    {
      propagate_read_error (error, local, src->name, "cannot read");
      return FALSE;
    }
  src->consumed += *got;
  return TRUE;
}

static const char *
idx_type_name (guint type)
{
  switch (type)
    {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0b: return "short";
    case 0x0c: return "int";
    case 0x0d: return "float";
    case 0x0e: return "double";
    default:   return "unknown";
    }
}

/* Reads and checks one header.  @rank: 3 for images, 1 for labels.
 * @last: the section ends the stream, so its end must be the stream's end. */
/* What @header declares against what the file can hold: nothing is
 * allocated before this passes.  @last: no other member follows. */
static gboolean
idx_check_payload (IdxSource       *src,
                   const IdxHeader *header,
                   gboolean         last,
                   const char      *what,
                   GCancellable    *cancellable,
                   GError         **error)
{
  guint rank = header->rank;
  g_autofree char *claim = NULL;
  guint64 end;

  if (rank == 3)
    claim = g_strdup_printf ("the header declares %u images of %u × %u (%" G_GUINT64_FORMAT " bytes)",
                             header->dims[0], header->dims[1], header->dims[2], header->payload);
  else
    claim = g_strdup_printf ("the header declares %u labels", header->dims[0]);

  end = src->consumed + header->payload;
  if (!src->gzip)
    {
      if (end > src->total)
        {
          g_autofree char *have = format_bytes (src->total - src->consumed);
          data_error (error, src->name, "truncated: %s but only %s follow", claim, have);
          return FALSE;
        }
      if (last && end < src->total)
        {
          g_autofree char *extra = format_bytes (src->total - end);
          data_error (error, src->name, "%s of trailing data after the %u %s", extra, header->dims[0], what);
          return FALSE;
        }
    }
  else
    {
      if (end > src->limit)
        {
          data_error (error, src->name,
                      "%s, more than this gzip file can possibly hold", claim);
          return FALSE;
        }
      /* The trailer records the size of a single-member file; a file of
       * several members records only its last one's, so on disagreement
       * the data is measured (inflated without being kept). */
      if (last && (end & G_MAXUINT32) != src->total)
        {
          guint64 rest;

          if (!gzip_measure_rest (src, &rest, cancellable, error))
            return FALSE;
          if (src->consumed + rest != end)
            {
              data_error (error, src->name,
                          "%s but the gzip trailer records %" G_GUINT64_FORMAT " bytes in all and the "
                          "data holds %" G_GUINT64_FORMAT " (a truncated or damaged file?)",
                          claim, src->total, src->consumed + rest);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
idx_read_header (IdxSource     *src,
                 guint          rank,
                 gboolean       last,
                 IdxHeader     *header,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char *what = rank == 3 ? "images" : "labels";
  guint8 magic[4];
  guint8 raw_dims[12];
  gsize got = 0;

  memset (header, 0, sizeof *header);

  if (!idx_source_read (src, magic, 4, &got, cancellable, error))
    return FALSE;
  if (got == 0)
    {
      data_error (error, src->name, "the file is empty; expected an IDX %s file", what);
      return FALSE;
    }
  if (got < 4)
    {
      data_error (error, src->name, "truncated IDX header (%" G_GSIZE_FORMAT " of 4 magic bytes)", got);
      return FALSE;
    }
  if (magic[0] != 0 || magic[1] != 0)
    {
      data_error (error, src->name,
                  "not an IDX file: it starts with %02x %02x %02x %02x, expected 00 00 08 %02x",
                  magic[0], magic[1], magic[2], magic[3], rank);
      return FALSE;
    }
  if (magic[2] != IDX_TYPE_UBYTE)
    {
      data_error (error, src->name,
                  "element type 0x%02x (%s) is not supported; MNIST-format files hold unsigned bytes (0x08)",
                  magic[2], idx_type_name (magic[2]));
      return FALSE;
    }
  if (magic[3] != rank)
    {
      data_error (error, src->name,
                  "rank %u, expected %u for %s (%s)", magic[3], rank, what,
                  rank == 3 ? "count × rows × columns" : "a count");
      return FALSE;
    }

  if (!idx_source_read (src, raw_dims, 4 * rank, &got, cancellable, error))
    return FALSE;
  if (got < 4 * rank)
    {
      data_error (error, src->name, "truncated IDX header (%" G_GSIZE_FORMAT " of %u dimension bytes)",
                  got, 4 * rank);
      return FALSE;
    }

  header->rank = rank;
  header->payload = 1;
  for (guint i = 0; i < rank; i++)
    {
      header->dims[i] = (guint32) raw_dims[4 * i] << 24 | (guint32) raw_dims[4 * i + 1] << 16 |
                        (guint32) raw_dims[4 * i + 2] << 8 | (guint32) raw_dims[4 * i + 3];
      header->payload *= header->dims[i];   /* at most 2^32 · 2^16: no overflow */
      if (i == 0 && header->dims[0] == 0)
        {
          data_error (error, src->name, "the header declares no %s", what);
          return FALSE;
        }
      if (i == 2 && ((guint64) header->dims[1] * header->dims[2] == 0 ||
                     (guint64) header->dims[1] * header->dims[2] > LR_DATASET_MAX_PIXELS))
        {
          data_error (error, src->name, "images of %u × %u pixels are not supported (1 to %d pixels)",
                      header->dims[1], header->dims[2], LR_DATASET_MAX_PIXELS);
          return FALSE;
        }
    }

  return idx_check_payload (src, header, last, what, cancellable, error);
}

/* Reads a payload whose size idx_read_header() has checked. */
static guint8 *
idx_read_payload (IdxSource        *src,
                  const IdxHeader  *header,
                  gboolean          last,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_autofree guint8 *data = NULL;
  gsize got = 0;

  if (header->payload > G_MAXSIZE)
    {
      data_error (error, src->name, "%" G_GUINT64_FORMAT " bytes do not fit in memory", header->payload);
      return NULL;
    }
  data = g_try_malloc ((gsize) header->payload);
  if (data == NULL)
    {
      data_error (error, src->name, "out of memory for %" G_GUINT64_FORMAT " bytes", header->payload);
      return NULL;
    }

  if (!idx_source_read (src, data, (gsize) header->payload, &got, cancellable, error))
    return NULL;
  if (got < header->payload)
    {
      data_error (error, src->name,
                  "truncated: the header declares %" G_GUINT64_FORMAT " bytes of %s but the data "
                  "ends after %" G_GSIZE_FORMAT,
                  header->payload, header->rank == 3 ? "images" : "labels", got);
      return NULL;
    }

  if (last)
    {
      guint8 extra;

      if (!idx_source_read (src, &extra, 1, &got, cancellable, error))
        return NULL;
      if (got != 0)
        {
          data_error (error, src->name, "trailing data after the %u %s", header->dims[0],
                      header->rank == 3 ? "images" : "labels");
          return NULL;
        }
    }

  return g_steal_pointer (&data);
}

static gboolean
check_labels (const char    *name,
              const guint8  *labels,
              guint          n,
              GError       **error)
{
  for (guint i = 0; i < n; i++)
    if (labels[i] >= LR_DATASET_N_CLASSES)
      {
        data_error (error, name, "label %u at index %u is out of range; labels must be 0 to %d",
                    labels[i], i, LR_DATASET_N_CLASSES - 1);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_pixels (const char    *name,
              const guint8  *pixels,
              gsize          n,
              guint          pixel_max,
              GError       **error)
{
  for (gsize i = 0; i < n; i++)
    if (pixels[i] > pixel_max)
      {
        data_error (error, name, "pixel value %u at byte %" G_GSIZE_FORMAT " exceeds %u",
                    pixels[i], i, pixel_max);
        return FALSE;
      }
  return TRUE;
}

/* ---- the data set ----------------------------------------------------- */

static LrDataset *
dataset_new_take (const char *name,
                  guint       rows,
                  guint       cols,
                  guint       pixel_max,
                  guint8     *train_pixels,
                  guint8     *train_labels,
                  guint       n_train,
                  guint8     *test_pixels,
                  guint8     *test_labels,
                  guint       n_test)
{
  LrDataset *ds = g_new0 (LrDataset, 1);

  g_atomic_ref_count_init (&ds->ref_count);
  ds->name = g_strdup (name);
  ds->rows = rows;
  ds->cols = cols;
  ds->pixel_max = pixel_max;
  ds->train_pixels = train_pixels;
  ds->train_labels = train_labels;
  ds->test_pixels = test_pixels;
  ds->test_labels = test_labels;
  ds->train = (LrImageSet) { n_train, train_pixels, train_labels };
  ds->test = (LrImageSet) { n_test, test_pixels, test_labels };

  return ds;
}

LrDataset *
lr_dataset_new (const char    *name,
                guint          rows,
                guint          cols,
                guint          pixel_max,
                const guint8  *train_pixels,
                const guint8  *train_labels,
                guint          n_train,
                const guint8  *test_pixels,
                const guint8  *test_labels,
                guint          n_test,
                GError       **error)
{
  gsize n_pixels = (gsize) rows * cols;

  g_return_val_if_fail (train_pixels != NULL || n_train == 0, NULL);
  g_return_val_if_fail (train_labels != NULL || n_train == 0, NULL);
  g_return_val_if_fail ((test_pixels != NULL && test_labels != NULL) || n_test == 0, NULL);

  if (n_pixels == 0 || n_pixels > LR_DATASET_MAX_PIXELS)
    {
      data_error (error, name, "images of %u × %u pixels are not supported (1 to %d pixels)",
                  rows, cols, LR_DATASET_MAX_PIXELS);
      return NULL;
    }
  if (pixel_max == 0 || pixel_max > 255)
    {
      data_error (error, name, "the pixel maximum must be 1 to 255, not %u", pixel_max);
      return NULL;
    }
  if (n_train < (n_test > 0 ? 1u : 2u))
    {
      data_error (error, name, "too few training images (%u)", n_train);
      return NULL;
    }
  if (!check_labels (name, train_labels, n_train, error) ||
      !check_labels (name, test_labels, n_test, error) ||
      !check_pixels (name, train_pixels, n_pixels * n_train, pixel_max, error) ||
      !check_pixels (name, test_pixels, n_pixels * n_test, pixel_max, error))
    return NULL;

  return dataset_new_take (name, rows, cols, pixel_max,
                           g_memdup2 (train_pixels, n_pixels * n_train),
                           g_memdup2 (train_labels, n_train), n_train,
                           n_test ? g_memdup2 (test_pixels, n_pixels * n_test) : NULL,
                           n_test ? g_memdup2 (test_labels, n_test) : NULL,
                           n_test);
}

LrDataset *
lr_dataset_new_digits_from_bytes (GBytes  *bytes,
                                  GError **error)
{
  g_autoptr(GInputStream) base = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *labels = NULL;
  IdxSource src;
  IdxHeader ih = { 0 }, lh = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (bytes != NULL, NULL);

  base = g_memory_input_stream_new_from_bytes (bytes);
  if (!idx_source_init (&src, base, g_bytes_get_size (bytes), DIGITS_FILE, NULL, error))
    goto out;

  /* Two sections back to back: images, then labels. */
  if (!idx_read_header (&src, 3, FALSE, &ih, NULL, error) ||
      !(pixels = idx_read_payload (&src, &ih, FALSE, NULL, error)) ||
      !idx_read_header (&src, 1, TRUE, &lh, NULL, error) ||
      !(labels = idx_read_payload (&src, &lh, TRUE, NULL, error)))
    goto out;

  if (lh.dims[0] != ih.dims[0])
    {
      data_error (error, DIGITS_FILE, "%u labels for %u images", lh.dims[0], ih.dims[0]);
      goto out;
    }
  if (ih.dims[0] < 2)
    {
      data_error (error, DIGITS_FILE, "too few images (%u)", ih.dims[0]);
      goto out;
    }
  if (!check_labels (DIGITS_FILE, labels, lh.dims[0], error) ||
      !check_pixels (DIGITS_FILE, pixels, ih.payload, DIGITS_PIXEL_MAX, error))
    goto out;
  ok = TRUE;

out:
  idx_source_clear (&src);
  if (!ok)
    return NULL;

  return dataset_new_take ("digits", ih.dims[1], ih.dims[2], DIGITS_PIXEL_MAX,
                           g_steal_pointer (&pixels), g_steal_pointer (&labels), ih.dims[0],
                           NULL, NULL, 0);
}

LrDataset *
lr_dataset_load_digits (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *datadir = g_getenv ("LRLAB_DATADIR");

  if (datadir != NULL && *datadir != '\0')
    {
      g_autofree char *path = g_build_filename (datadir, DIGITS_FILE, NULL);
      g_autoptr(GError) local = NULL;
      char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, &local))
        {
          data_error (error, path, "cannot read the built-in digits (LRLAB_DATADIR is set): %s",
                      local->message);
          return NULL;
        }
      bytes = g_bytes_new_take (contents, len);
    }
  else
    {
      bytes = g_resource_lookup_data (lrcore_get_resource (), DIGITS_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return NULL;
    }

  return lr_dataset_new_digits_from_bytes (bytes, error);
}

/* Finds "<prefix>-<kind>" (or the "<prefix>.<kind>" spelling some archives
 * use), raw or .gz; NULL if none exists. */
static char *
find_idx_file (const char *dir,
               const char *prefix,
               const char *kind)
{
  static const char *const seps[] = { "-", "." };
  static const char *const exts[] = { "", ".gz" };

  for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
    for (guint s = 0; s < G_N_ELEMENTS (seps); s++)
      {
        g_autofree char *base = g_strconcat (prefix, seps[s], kind, exts[e], NULL);
        g_autofree char *path = g_build_filename (dir, base, NULL);

        if (g_file_test (path, G_FILE_TEST_EXISTS))
          return g_steal_pointer (&path);
      }
  return NULL;
}

typedef struct {
  IdxSource images;
  IdxSource labels;
  IdxHeader ih;
  IdxHeader lh;
  guint8   *pixels;
  guint8   *label_data;
} IdxPair;

static void
idx_pair_clear (IdxPair *pair)
{
  idx_source_clear (&pair->images);
  idx_source_clear (&pair->labels);
  g_clear_pointer (&pair->pixels, g_free);
  g_clear_pointer (&pair->label_data, g_free);
}

static gboolean
idx_pair_open (IdxPair       *pair,
               const char    *images_path,
               const char    *labels_path,
               GCancellable  *cancellable,
               GError       **error)
{
  if (!idx_source_open_file (&pair->images, images_path, cancellable, error) ||
      !idx_read_header (&pair->images, 3, TRUE, &pair->ih, cancellable, error) ||
      !idx_source_open_file (&pair->labels, labels_path, cancellable, error) ||
      !idx_read_header (&pair->labels, 1, TRUE, &pair->lh, cancellable, error))
    return FALSE;

  if (pair->lh.dims[0] != pair->ih.dims[0])
    {
      data_error (error, labels_path, "holds %u labels but %s holds %u images",
                  pair->lh.dims[0], images_path, pair->ih.dims[0]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
idx_pair_read (IdxPair       *pair,
               GCancellable  *cancellable,
               GError       **error)
{
  /* Labels first: they are small, and a bad one stops us before the
   * images are read. */
  pair->label_data = idx_read_payload (&pair->labels, &pair->lh, TRUE, cancellable, error);
  if (pair->label_data == NULL ||
      !check_labels (pair->labels.name, pair->label_data, pair->lh.dims[0], error))
    return FALSE;

  pair->pixels = idx_read_payload (&pair->images, &pair->ih, TRUE, cancellable, error);
  return pair->pixels != NULL;
}

/* @path must be a directory we may list: the message says why not
 * (missing, a symlink loop, no permission, not a directory). */
static gboolean
check_directory (const char  *path,
                 GError     **error)
{
  GStatBuf st;
  GError *local = NULL;
  GDir *dir;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      data_error (error, path, "%s", saved == ENOENT ? "no such directory" : g_strerror (saved));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      data_error (error, path, "not a directory; give 'digits' or a directory of MNIST-format files");
      return FALSE;
    }
  dir = g_dir_open (path, 0, &local);
  if (dir == NULL)
    {
      data_error (error, path, "cannot read the directory: %s",
                  g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES) ? "Permission denied" : local->message);
      g_error_free (local);
      return FALSE;
    }
  g_dir_close (dir);
  return TRUE;
}

LrDataset *
lr_dataset_load_idx_dir (const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *train_images = NULL;
  g_autofree char *train_labels = NULL;
  g_autofree char *test_images = NULL;
  g_autofree char *test_labels = NULL;
  IdxPair train = { 0 };
  IdxPair test = { 0 };
  LrDataset *ds = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_directory (path, error))
    return NULL;

  train_images = find_idx_file (path, "train-images", "idx3-ubyte");
  train_labels = find_idx_file (path, "train-labels", "idx1-ubyte");
  test_images = find_idx_file (path, "t10k-images", "idx3-ubyte");
  test_labels = find_idx_file (path, "t10k-labels", "idx1-ubyte");

  if (train_images == NULL || train_labels == NULL)
    {
      data_error (error, path, "no %s[.gz] in this directory (an MNIST-format directory holds "
                  "train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally t10k-images-idx3-ubyte "
                  "and t10k-labels-idx1-ubyte, each raw or .gz)",
                  train_images == NULL ? "train-images-idx3-ubyte" : "train-labels-idx1-ubyte");
      return NULL;
    }
  if ((test_images == NULL) != (test_labels == NULL))
    {
      data_error (error, test_images ? test_images : test_labels, "found without its %s file",
                  test_images ? "t10k-labels-idx1-ubyte" : "t10k-images-idx3-ubyte");
      return NULL;
    }

  /* All headers are checked before any payload is read. */
  if (!idx_pair_open (&train, train_images, train_labels, cancellable, error))
    goto out;
  if (test_images != NULL)
    {
      if (!idx_pair_open (&test, test_images, test_labels, cancellable, error))
        goto out;
      if (test.ih.dims[1] != train.ih.dims[1] || test.ih.dims[2] != train.ih.dims[2])
        {
          data_error (error, test_images, "holds images of %u × %u but %s holds %u × %u",
                      test.ih.dims[1], test.ih.dims[2], train_images,
                      train.ih.dims[1], train.ih.dims[2]);
          goto out;
        }
    }
  else if (train.ih.dims[0] < 2)
    {
      data_error (error, train_images, "too few images (%u) to hold out a validation set",
                  train.ih.dims[0]);
      goto out;
    }

  if (!idx_pair_read (&train, cancellable, error))
    goto out;
  if (test_images != NULL && !idx_pair_read (&test, cancellable, error))
    goto out;

  ds = dataset_new_take (path, train.ih.dims[1], train.ih.dims[2], IDX_PIXEL_MAX,
                         g_steal_pointer (&train.pixels), g_steal_pointer (&train.label_data),
                         train.ih.dims[0],
                         g_steal_pointer (&test.pixels), g_steal_pointer (&test.label_data),
                         test_images != NULL ? test.ih.dims[0] : 0);

out:
  idx_pair_clear (&train);
  idx_pair_clear (&test);
  return ds;
}

LrDataset *
lr_dataset_load (const char    *source,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (source != NULL, NULL);

  if (g_str_equal (source, "digits"))
    return lr_dataset_load_digits (error);
  if (*source == '\0')
    {
      g_set_error (error, LR_ERROR, LR_ERROR_DATA,
                   "empty data set name; give 'digits' or a directory of MNIST-format files");
      return NULL;
    }
  return lr_dataset_load_idx_dir (source, cancellable, error);
}

LrDataset *
lr_dataset_ref (LrDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  g_atomic_ref_count_inc (&dataset->ref_count);
  return dataset;
}

void
lr_dataset_unref (LrDataset *dataset)
{
  if (dataset == NULL || !g_atomic_ref_count_dec (&dataset->ref_count))
    return;

  g_free (dataset->name);
  g_free (dataset->train_pixels);
  g_free (dataset->train_labels);
  g_free (dataset->test_pixels);
  g_free (dataset->test_labels);
  g_free (dataset);
}

const char *
lr_dataset_get_name (const LrDataset *dataset)
{
  return dataset->name;
}

guint
lr_dataset_get_rows (const LrDataset *dataset)
{
  return dataset->rows;
}

guint
lr_dataset_get_cols (const LrDataset *dataset)
{
  return dataset->cols;
}

guint
lr_dataset_get_n_pixels (const LrDataset *dataset)
{
  return dataset->rows * dataset->cols;
}

guint
lr_dataset_get_pixel_max (const LrDataset *dataset)
{
  return dataset->pixel_max;
}

guint
lr_dataset_get_n_classes (const LrDataset *dataset)
{
  return LR_DATASET_N_CLASSES;
}

const LrImageSet *
lr_dataset_get_train (const LrDataset *dataset)
{
  return &dataset->train;
}

const LrImageSet *
lr_dataset_get_test (const LrDataset *dataset)
{
  return dataset->test.n > 0 ? &dataset->test : NULL;
}

/* ---- the train/validation split ---------------------------------------- */

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

static guint32 *
identity (guint n)
{
  guint32 *index = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    index[i] = i;
  return index;
}

LrSplit *
lr_split_new (LrDataset *dataset,
              guint64    seed)
{
  LrSplit *split;
  const LrImageSet *train;

  g_return_val_if_fail (dataset != NULL, NULL);

  split = g_new0 (LrSplit, 1);
  split->dataset = lr_dataset_ref (dataset);
  train = &dataset->train;

  if (dataset->test.n > 0)
    {
      split->val_is_test = TRUE;
      split->train = (LrSubset) { train->pixels, train->labels, identity (train->n), train->n };
      split->val = (LrSubset) { dataset->test.pixels, dataset->test.labels,
                                identity (dataset->test.n), dataset->test.n };
    }
  else
    {
      guint n_val = (train->n + LR_DATASET_VAL_DIVISOR - 1) / LR_DATASET_VAL_DIVISOR;
      guint n_train = train->n - n_val;
      guint32 *perm = identity (train->n);
      LrRandom rng;

      lr_random_init_stream (&rng, seed, LR_RANDOM_STREAM_SPLIT);
      lr_random_shuffle (&rng, perm, train->n);

      split->val = (LrSubset) { train->pixels, train->labels, g_memdup2 (perm, sizeof (guint32) * MAX (n_val, 1)), n_val };
      split->train = (LrSubset) { train->pixels, train->labels, g_new (guint32, MAX (n_train, 1)), n_train };
      memcpy (split->train.index, perm + n_val, sizeof (guint32) * n_train);
      g_free (perm);

      /* Ascending order: the validation set reads in file order. */
      qsort (split->val.index, n_val, sizeof (guint32), compare_u32);
      qsort (split->train.index, n_train, sizeof (guint32), compare_u32);
    }

  return split;
}

void
lr_split_free (LrSplit *split)
{
  if (split == NULL)
    return;

  g_free (split->train.index);
  g_free (split->val.index);
  lr_dataset_unref (split->dataset);
  g_free (split);
}
