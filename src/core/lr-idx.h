/* lr-idx.h: reading IDX sections (raw or gzip) with their headers checked
 * before anything is allocated; shared by the data sets' loaders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <zlib.h>

G_BEGIN_DECLS

/* Compressed bytes read at a time. */
#define GZIP_CHUNK (64 * 1024)

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

/* A message naming the file: "NAME: …" (LR_ERROR_DATA). */
void      lr_data_error            (GError          **error,
                                    const char       *name,
                                    const char       *format,
                                    ...) G_GNUC_PRINTF (3, 4);

/* @base holds @size bytes, raw IDX or gzip (told by its magic). */
gboolean  lr_idx_source_init       (IdxSource        *src,
                                    GInputStream     *base,
                                    guint64           size,
                                    const char       *name,
                                    GCancellable     *cancellable,
                                    GError          **error);
/* A regular file (or a link to one); anything else is refused by name. */
gboolean  lr_idx_source_open_file  (IdxSource        *src,
                                    const char       *path,
                                    GCancellable     *cancellable,
                                    GError          **error);
void      lr_idx_source_clear      (IdxSource        *src);
/* The next section's header, of @rank (3: images, 1: labels), checked
 * against what the file can hold; @last: nothing may follow it. */
gboolean  lr_idx_read_header       (IdxSource        *src,
                                    guint             rank,
                                    gboolean          last,
                                    IdxHeader        *header,
                                    GCancellable     *cancellable,
                                    GError          **error);
/* The payload of a section whose header was read. */
guint8   *lr_idx_read_payload      (IdxSource        *src,
                                    const IdxHeader  *header,
                                    gboolean          last,
                                    GCancellable     *cancellable,
                                    GError          **error);

G_END_DECLS
