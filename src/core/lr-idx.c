/* lr-idx.c: IDX sections, raw or gzip, each header checked against what
 * the file can hold before its payload is allocated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "lr-dataset.h"
#include "lr-idx.h"
#include "lr-spec.h"

#define IDX_TYPE_UBYTE   0x08
/* The most one byte of a deflate stream can expand to. */
#define DEFLATE_MAX_RATIO 1032

/* ---- reading IDX sections ---------------------------------------------- */

void
lr_idx_source_clear (IdxSource *src)
{
  if (src->z_ready)
    inflateEnd (&src->zs);
  src->z_ready = FALSE;
  g_clear_pointer (&src->in, g_free);
  g_clear_object (&src->base);
  g_clear_pointer (&src->name, g_free);
}

void
lr_data_error (GError     **error,
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
      lr_data_error (error, name, "%s: %s", what, local->message);
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
gboolean
lr_idx_source_init (IdxSource     *src,
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
          lr_data_error (error, name, "truncated gzip file (%" G_GUINT64_FORMAT " bytes)", size);
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
          lr_data_error (error, name, "truncated gzip file");
          return FALSE;
        }

      src->gzip = TRUE;
      src->total = (guint64) trailer[0] | (guint64) trailer[1] << 8 |
                   (guint64) trailer[2] << 16 | (guint64) trailer[3] << 24;
      src->limit = size * DEFLATE_MAX_RATIO + 1024;
      src->in = g_try_malloc (GZIP_CHUNK);
      if (src->in == NULL || inflateInit2 (&src->zs, 15 + 16) != Z_OK)
        {
          lr_data_error (error, name, "out of memory for the gzip decoder");
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

gboolean
lr_idx_source_open_file (IdxSource     *src,
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

      lr_data_error (error, path, "cannot open: %s", g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      lr_data_error (error, path, "not a regular file (%s); an MNIST-format file is expected",
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

  return lr_idx_source_init (src, G_INPUT_STREAM (in), (guint64) g_file_info_get_size (info),
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
              lr_data_error (error, src->name, "truncated gzip data");
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
          lr_data_error (error, src->name, "out of memory for the gzip decoder");
          return FALSE;
        }
      else if (ret != Z_OK && ret != Z_BUF_ERROR)
        {
          lr_data_error (error, src->name, "corrupt gzip data (%s)", zs->msg ? zs->msg : "bad stream");
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
      lr_data_error (error, src->name, "out of memory for the gzip decoder");
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
          lr_data_error (error, src->name, "cannot read: the file changed while it was read");
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
          lr_data_error (error, src->name, "truncated: %s but only %s follow", claim, have);
          return FALSE;
        }
      if (last && end < src->total)
        {
          g_autofree char *extra = format_bytes (src->total - end);
          lr_data_error (error, src->name, "%s of trailing data after the %u %s", extra, header->dims[0], what);
          return FALSE;
        }
    }
  else
    {
      if (end > src->limit)
        {
          lr_data_error (error, src->name,
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
              lr_data_error (error, src->name,
                          "%s but the gzip trailer records %" G_GUINT64_FORMAT " bytes in all and the "
                          "data holds %" G_GUINT64_FORMAT " (a truncated or damaged file?)",
                          claim, src->total, src->consumed + rest);
              return FALSE;
            }
        }
    }

  return TRUE;
}

gboolean
lr_idx_read_header (IdxSource     *src,
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
      lr_data_error (error, src->name, "the file is empty; expected an IDX %s file", what);
      return FALSE;
    }
  if (got < 4)
    {
      lr_data_error (error, src->name, "truncated IDX header (%" G_GSIZE_FORMAT " of 4 magic bytes)", got);
      return FALSE;
    }
  if (magic[0] != 0 || magic[1] != 0)
    {
      lr_data_error (error, src->name,
                  "not an IDX file: it starts with %02x %02x %02x %02x, expected 00 00 08 %02x",
                  magic[0], magic[1], magic[2], magic[3], rank);
      return FALSE;
    }
  if (magic[2] != IDX_TYPE_UBYTE)
    {
      lr_data_error (error, src->name,
                  "element type 0x%02x (%s) is not supported; MNIST-format files hold unsigned bytes (0x08)",
                  magic[2], idx_type_name (magic[2]));
      return FALSE;
    }
  if (magic[3] != rank)
    {
      lr_data_error (error, src->name,
                  "rank %u, expected %u for %s (%s)", magic[3], rank, what,
                  rank == 3 ? "count × rows × columns" : "a count");
      return FALSE;
    }

  if (!idx_source_read (src, raw_dims, 4 * rank, &got, cancellable, error))
    return FALSE;
  if (got < 4 * rank)
    {
      lr_data_error (error, src->name, "truncated IDX header (%" G_GSIZE_FORMAT " of %u dimension bytes)",
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
          lr_data_error (error, src->name, "the header declares no %s", what);
          return FALSE;
        }
      if (i == 2 && ((guint64) header->dims[1] * header->dims[2] == 0 ||
                     (guint64) header->dims[1] * header->dims[2] > LR_DATASET_MAX_PIXELS))
        {
          lr_data_error (error, src->name, "images of %u × %u pixels are not supported (1 to %d pixels)",
                      header->dims[1], header->dims[2], LR_DATASET_MAX_PIXELS);
          return FALSE;
        }
    }

  return idx_check_payload (src, header, last, what, cancellable, error);
}

/* Reads a payload whose size lr_idx_read_header() has checked. */
guint8 *
lr_idx_read_payload (IdxSource        *src,
                  const IdxHeader  *header,
                  gboolean          last,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_autofree guint8 *data = NULL;
  gsize got = 0;

  if (header->payload > G_MAXSIZE)
    {
      lr_data_error (error, src->name, "%" G_GUINT64_FORMAT " bytes do not fit in memory", header->payload);
      return NULL;
    }
  data = g_try_malloc ((gsize) header->payload);
  if (data == NULL)
    {
      lr_data_error (error, src->name, "out of memory for %" G_GUINT64_FORMAT " bytes", header->payload);
      return NULL;
    }

  if (!idx_source_read (src, data, (gsize) header->payload, &got, cancellable, error))
    return NULL;
  if (got < header->payload)
    {
      lr_data_error (error, src->name,
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
          lr_data_error (error, src->name, "trailing data after the %u %s", header->dims[0],
                      header->rank == 3 ? "images" : "labels");
          return NULL;
        }
    }

  return g_steal_pointer (&data);
}

