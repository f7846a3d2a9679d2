/* test-dataset.c: the built-in digits, MNIST-format directories and every
 * way such a directory can be broken
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lr-dataset.h"
#include "lr-random.h"
#include "lr-spec.h"

#define FASHION_DIR "/usr/share/datasets/fashion-mnist"

/* ---- the built-in digits ---------------------------------------------- */

static void
check_digits (LrDataset *ds)
{
  /* The values of scikit-learn's load_digits(). */
  static const guint counts[10] = { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 };
  const LrImageSet *train = lr_dataset_get_train (ds);
  guint found[10] = { 0 };
  guint64 sum = 0;

  g_assert_cmpstr (lr_dataset_get_name (ds), ==, "digits");
  g_assert_cmpuint (lr_dataset_get_rows (ds), ==, 8);
  g_assert_cmpuint (lr_dataset_get_cols (ds), ==, 8);
  g_assert_cmpuint (lr_dataset_get_n_pixels (ds), ==, 64);
  g_assert_cmpuint (lr_dataset_get_pixel_max (ds), ==, 16);
  g_assert_cmpuint (lr_dataset_get_n_classes (ds), ==, 10);
  g_assert_null (lr_dataset_get_test (ds));
  g_assert_cmpuint (train->n, ==, 1797);

  for (guint i = 0; i < 1797 * 64; i++)
    sum += train->pixels[i];
  g_assert_cmpuint (sum, ==, 561718);
  for (guint i = 0; i < 1797; i++)
    found[train->labels[i]]++;
  for (guint c = 0; c < 10; c++)
    g_assert_cmpuint (found[c], ==, counts[c]);

  /* The first image of the set (a zero). */
  g_assert_cmpuint (train->labels[0], ==, 0);
  g_assert_cmpuint (train->pixels[2], ==, 5);
  g_assert_cmpuint (train->pixels[3], ==, 13);
}

static void
test_digits_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) ds = lr_dataset_load ("digits", NULL, &error);

  g_assert_no_error (error);
  check_digits (ds);
}

static void
test_digits_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "digits.idx.gz", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LrDataset) ds = NULL;
  char *contents;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  bytes = g_bytes_new_take (contents, len);
  ds = lr_dataset_new_digits_from_bytes (bytes, &error);
  g_assert_no_error (error);
  check_digits (ds);
  g_clear_pointer (&ds, lr_dataset_unref);

  /* LRLAB_DATADIR wins over the compiled-in copy. */
  g_setenv ("LRLAB_DATADIR", dir, TRUE);
  ds = lr_dataset_load_digits (&error);
  g_assert_no_error (error);
  check_digits (ds);
  g_clear_pointer (&ds, lr_dataset_unref);

  g_setenv ("LRLAB_DATADIR", "/nonexistent-lrlab-dir", TRUE);
  ds = lr_dataset_load_digits (&error);
  g_assert_null (ds);
  g_assert_error (error, LR_ERROR, LR_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "/nonexistent-lrlab-dir/digits.idx.gz"));
  g_unsetenv ("LRLAB_DATADIR");
}

static void
test_digits_bytes_bad (void)
{
  /* Digits pixels above 16 and garbage are refused. */
  static const guint8 garbage[] = "this is not a data set";
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  LrDataset *ds;

  bytes = g_bytes_new_static (garbage, sizeof garbage);
  ds = lr_dataset_new_digits_from_bytes (bytes, &error);
  g_assert_null (ds);
  g_assert_error (error, LR_ERROR, LR_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "not an IDX file"));
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* 2 images of 2 × 2 (one pixel 17), then 2 labels, back to back. */
  {
    static const guint8 file[] = {
      0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2,
      3, 3, 3, 3, 3, 17, 3, 3,
      0, 0, 8, 1, 0, 0, 0, 2,
      1, 2,
    };
    bytes = g_bytes_new_static (file, sizeof file);
  }
  ds = lr_dataset_new_digits_from_bytes (bytes, &error);
  g_assert_null (ds);
  g_assert_error (error, LR_ERROR, LR_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "pixel value 17"));
}

static void
test_split (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) ds = lr_dataset_load_digits (&error);
  g_autoptr(LrSplit) a = lr_split_new (ds, 0);
  g_autoptr(LrSplit) b = lr_split_new (ds, 0);
  g_autoptr(LrSplit) c = lr_split_new (ds, 1);
  g_autofree guint8 *seen = g_new0 (guint8, 1797);

  g_assert_false (a->val_is_test);
  g_assert_cmpuint (a->val.n, ==, 360);
  g_assert_cmpuint (a->train.n, ==, 1437);

  for (guint i = 0; i < a->train.n; i++)
    {
      seen[a->train.index[i]]++;
      if (i > 0)
        g_assert_cmpuint (a->train.index[i - 1], <, a->train.index[i]);
    }
  for (guint i = 0; i < a->val.n; i++)
    {
      seen[a->val.index[i]]++;
      if (i > 0)
        g_assert_cmpuint (a->val.index[i - 1], <, a->val.index[i]);
    }
  for (guint i = 0; i < 1797; i++)
    g_assert_cmpuint (seen[i], ==, 1);

  g_assert_cmpmem (a->val.index, a->val.n * 4, b->val.index, b->val.n * 4);
  g_assert_true (memcmp (a->val.index, c->val.index, a->val.n * 4) != 0);

  /* Every class is represented in the validation set. */
  {
    guint classes[10] = { 0 };

    for (guint i = 0; i < a->val.n; i++)
      classes[lr_subset_label (&a->val, i)]++;
    for (guint k = 0; k < 10; k++)
      g_assert_cmpuint (classes[k], >, 15);
  }
}

static void
test_random (void)
{
  LrRandom r1, r2;
  double mean = 0, var = 0;
  guint hist[7] = { 0 };
  guint32 perm[100];
  guint64 first;

  lr_random_init (&r1, 42);
  lr_random_init (&r2, 42);
  first = lr_random_next (&r1);
  g_assert_cmpuint (first, ==, lr_random_next (&r2));
  lr_random_init_stream (&r2, 42, LR_RANDOM_STREAM_SHUFFLE);
  g_assert_cmpuint (first, !=, lr_random_next (&r2));

  for (guint i = 0; i < 20000; i++)
    {
      double z = lr_random_normal (&r1);
      double u = lr_random_uniform (&r1);

      g_assert_cmpfloat (u, >=, 0);
      g_assert_cmpfloat (u, <, 1);
      mean += z;
      var += z * z;
      hist[lr_random_below (&r1, 7)]++;
    }
  mean /= 20000;
  var = var / 20000 - mean * mean;
  g_assert_cmpfloat (fabs (mean), <, 0.03);
  g_assert_cmpfloat (fabs (var - 1), <, 0.05);
  for (guint k = 0; k < 7; k++)
    g_assert_cmpuint (hist[k], >, 2600);

  for (guint i = 0; i < 100; i++)
    perm[i] = i;
  lr_random_shuffle (&r1, perm, 100);
  {
    guint8 seen[100] = { 0 };
    guint moved = 0;

    for (guint i = 0; i < 100; i++)
      {
        seen[perm[i]]++;
        moved += perm[i] != i;
      }
    for (guint i = 0; i < 100; i++)
      g_assert_cmpuint (seen[i], ==, 1);
    g_assert_cmpuint (moved, >, 80);
  }
}

/* ---- MNIST-format directories ------------------------------------------ */

static GBytes *
idx_bytes (guint8        type,
           guint         rank,
           const guint32 *dims,
           const guint8  *payload,
           gsize          len)
{
  GByteArray *a = g_byte_array_new ();
  guint8 magic[4] = { 0, 0, type, (guint8) rank };

  g_byte_array_append (a, magic, 4);
  for (guint i = 0; i < rank; i++)
    {
      guint8 be[4] = { dims[i] >> 24, dims[i] >> 16, dims[i] >> 8, dims[i] };
      g_byte_array_append (a, be, 4);
    }
  if (len > 0)
    g_byte_array_append (a, payload, len);
  return g_byte_array_free_to_bytes (a);
}

static GBytes *
gzip_bytes (GBytes *raw)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  gsize written;

  g_assert_true (g_output_stream_write_all (out, g_bytes_get_data (raw, NULL), g_bytes_get_size (raw),
                                            &written, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

static void
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
}

/* A small valid set: n images of rows × cols, pixel i of image k = (k + i) % 256,
 * label k % 10. */
typedef struct {
  guint   n, rows, cols;
  guint8 *pixels;
  guint8 *labels;
} Synth;

static void
synth_init (Synth *s,
            guint  n,
            guint  rows,
            guint  cols)
{
  s->n = n;
  s->rows = rows;
  s->cols = cols;
  s->pixels = g_new (guint8, n * rows * cols);
  s->labels = g_new (guint8, n);
  for (guint k = 0; k < n; k++)
    {
      for (guint i = 0; i < rows * cols; i++)
        s->pixels[k * rows * cols + i] = (guint8) ((k * 7 + i) % 256);
      s->labels[k] = k % 10;
    }
}

static void
synth_clear (Synth *s)
{
  g_free (s->pixels);
  g_free (s->labels);
}

static GBytes *
synth_images (const Synth *s)
{
  guint32 dims[3] = { s->n, s->rows, s->cols };
  return idx_bytes (8, 3, dims, s->pixels, s->n * s->rows * s->cols);
}

static GBytes *
synth_labels (const Synth *s)
{
  guint32 dims[1] = { s->n };
  return idx_bytes (8, 1, dims, s->labels, s->n);
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lrlab-idx-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

/* Writes a complete valid directory: train (n_train) and, if n_test > 0,
 * t10k; @gz compresses the images files. */
static void
write_valid (const char *dir,
             guint       n_train,
             guint       n_test,
             gboolean    gz,
             const char *sep)
{
  Synth train, test;
  g_autoptr(GBytes) ti = NULL;
  g_autoptr(GBytes) tl = NULL;
  g_autofree char *images_name = g_strdup_printf ("train-images%sidx3-ubyte%s", sep, gz ? ".gz" : "");
  g_autofree char *labels_name = g_strdup_printf ("train-labels%sidx1-ubyte", sep);

  synth_init (&train, n_train, 6, 5);
  ti = synth_images (&train);
  tl = synth_labels (&train);
  if (gz)
    {
      GBytes *z = gzip_bytes (ti);
      g_bytes_unref (ti);
      ti = z;
    }
  write_file (dir, images_name, ti);
  write_file (dir, labels_name, tl);
  synth_clear (&train);

  if (n_test > 0)
    {
      g_autoptr(GBytes) ei = NULL;
      g_autoptr(GBytes) el = NULL;
      g_autoptr(GBytes) elz = NULL;

      synth_init (&test, n_test, 6, 5);
      ei = synth_images (&test);
      el = synth_labels (&test);
      elz = gzip_bytes (el);
      write_file (dir, "t10k-images-idx3-ubyte", ei);
      write_file (dir, "t10k-labels-idx1-ubyte.gz", elz);
      synth_clear (&test);
    }
}

static void
test_idx_valid (void)
{
  for (guint variant = 0; variant < 4; variant++)
    {
      g_autofree char *dir = make_dir ();
      g_autoptr(GError) error = NULL;
      g_autoptr(LrDataset) ds = NULL;
      g_autoptr(LrSplit) split = NULL;
      gboolean gz = variant & 1;
      guint n_test = variant & 2 ? 12 : 0;
      const LrImageSet *train;

      write_valid (dir, 40, n_test, gz, variant == 3 ? "." : "-");
      ds = lr_dataset_load (dir, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (lr_dataset_get_rows (ds), ==, 6);
      g_assert_cmpuint (lr_dataset_get_cols (ds), ==, 5);
      g_assert_cmpuint (lr_dataset_get_pixel_max (ds), ==, 255);
      train = lr_dataset_get_train (ds);
      g_assert_cmpuint (train->n, ==, 40);
      for (guint k = 0; k < 40; k++)
        {
          g_assert_cmpuint (train->labels[k], ==, k % 10);
          for (guint i = 0; i < 30; i++)
            g_assert_cmpuint (train->pixels[k * 30 + i], ==, (k * 7 + i) % 256);
        }

      split = lr_split_new (ds, 3);
      if (n_test > 0)
        {
          g_assert_nonnull (lr_dataset_get_test (ds));
          g_assert_cmpuint (lr_dataset_get_test (ds)->n, ==, 12);
          g_assert_true (split->val_is_test);
          g_assert_cmpuint (split->val.n, ==, 12);
          g_assert_cmpuint (split->train.n, ==, 40);
          g_assert_cmpuint (lr_subset_label (&split->val, 11), ==, 1);
        }
      else
        {
          g_assert_null (lr_dataset_get_test (ds));
          g_assert_false (split->val_is_test);
          g_assert_cmpuint (split->val.n, ==, 8);
          g_assert_cmpuint (split->train.n, ==, 32);
        }
      remove_dir (dir);
    }
}

typedef enum {
  DEFECT_NO_DIR,
  DEFECT_NOT_DIR,
  DEFECT_EMPTY_DIR,
  DEFECT_NO_LABELS,
  DEFECT_EMPTY_FILE,
  DEFECT_SHORT_HEADER,
  DEFECT_BAD_MAGIC,
  DEFECT_FLOAT_TYPE,
  DEFECT_IMAGES_RANK,
  DEFECT_LABELS_RANK,
  DEFECT_TRUNCATED,
  DEFECT_TRAILING,
  DEFECT_LYING_COUNT,
  DEFECT_LYING_DIMS,
  DEFECT_GZ_LYING,
  DEFECT_GZ_TRAILER,
  DEFECT_GZ_TRUNCATED,
  DEFECT_GZ_CORRUPT,
  DEFECT_GZ_SHORT,
  DEFECT_COUNT_MISMATCH,
  DEFECT_LABEL_RANGE,
  DEFECT_NO_IMAGES,
  DEFECT_ZERO_SIZE,
  DEFECT_HUGE_IMAGES,
  DEFECT_TEST_ALONE,
  DEFECT_TEST_DIMS,
  DEFECT_TOO_FEW,
  N_DEFECTS
} Defect;

static const struct {
  Defect      defect;
  const char *file;       /* must appear in the message */
  const char *needle;     /* and so must this */
} defects[] = {
  { DEFECT_NO_DIR, "missing", "no such directory" },
  { DEFECT_NOT_DIR, "plain-file", "not a directory" },
  { DEFECT_EMPTY_DIR, NULL, "no train-images-idx3-ubyte" },
  { DEFECT_NO_LABELS, NULL, "no train-labels-idx1-ubyte" },
  { DEFECT_EMPTY_FILE, "train-images-idx3-ubyte", "empty" },
  { DEFECT_SHORT_HEADER, "train-images-idx3-ubyte", "truncated IDX header" },
  { DEFECT_BAD_MAGIC, "train-images-idx3-ubyte", "not an IDX file" },
  { DEFECT_FLOAT_TYPE, "train-images-idx3-ubyte", "element type 0x0d (float)" },
  { DEFECT_IMAGES_RANK, "train-images-idx3-ubyte", "rank 2, expected 3" },
  { DEFECT_LABELS_RANK, "train-labels-idx1-ubyte", "rank 3, expected 1" },
  { DEFECT_TRUNCATED, "train-images-idx3-ubyte", "truncated" },
  { DEFECT_TRAILING, "train-images-idx3-ubyte", "trailing data" },
  { DEFECT_LYING_COUNT, "train-images-idx3-ubyte", "4000000000 images" },
  { DEFECT_LYING_DIMS, "train-images-idx3-ubyte", "images of 70000 × 70000" },
  { DEFECT_GZ_LYING, "train-images-idx3-ubyte.gz", "more than this gzip file can possibly hold" },
  { DEFECT_GZ_TRAILER, "train-images-idx3-ubyte.gz", "gzip trailer" },
  { DEFECT_GZ_TRUNCATED, "train-images-idx3-ubyte.gz", NULL },
  { DEFECT_GZ_CORRUPT, "train-images-idx3-ubyte.gz", NULL },
  { DEFECT_GZ_SHORT, "train-images-idx3-ubyte.gz", "truncated gzip" },
  { DEFECT_COUNT_MISMATCH, "train-labels-idx1-ubyte", "holds 39 labels but" },
  { DEFECT_LABEL_RANGE, "train-labels-idx1-ubyte", "label 10 at index 7" },
  { DEFECT_NO_IMAGES, "train-images-idx3-ubyte", "declares no images" },
  { DEFECT_ZERO_SIZE, "train-images-idx3-ubyte", "images of 0 × 5" },
  { DEFECT_HUGE_IMAGES, "train-images-idx3-ubyte", "not supported" },
  { DEFECT_TEST_ALONE, "t10k-images-idx3-ubyte", "without its t10k-labels" },
  { DEFECT_TEST_DIMS, "t10k-images-idx3-ubyte", "holds images of 5 × 6" },
  { DEFECT_TOO_FEW, "train-images-idx3-ubyte", "too few images" },
};

static void
write_images_raw (const char *dir,
                  guint8      type,
                  guint       rank,
                  guint32     d0,
                  guint32     d1,
                  guint32     d2,
                  gsize       payload)
{
  guint32 dims[3] = { d0, d1, d2 };
  g_autofree guint8 *data = g_malloc0 (MAX (payload, 1));
  g_autoptr(GBytes) b = idx_bytes (type, rank, dims, data, payload);

  write_file (dir, "train-images-idx3-ubyte", b);
}

static void
make_defect (const char *dir,
             Defect      defect)
{
  Synth s;
  g_autoptr(GBytes) images = NULL;
  g_autoptr(GBytes) labels = NULL;

  synth_init (&s, 40, 6, 5);
  images = synth_images (&s);
  labels = synth_labels (&s);

  /* Start from a valid directory, then break it. */
  if (defect != DEFECT_EMPTY_DIR)
    {
      write_file (dir, "train-images-idx3-ubyte", images);
      write_file (dir, "train-labels-idx1-ubyte", labels);
    }

  switch (defect)
    {
    case DEFECT_NO_DIR:
    case DEFECT_NOT_DIR:
    case DEFECT_EMPTY_DIR:
      break;
    case DEFECT_NO_LABELS:
      {
        g_autofree char *p = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);
        g_remove (p);
      }
      break;
    case DEFECT_EMPTY_FILE:
      {
        g_autoptr(GBytes) b = g_bytes_new_static ("", 0);
        write_file (dir, "train-images-idx3-ubyte", b);
      }
      break;
    case DEFECT_SHORT_HEADER:
      {
        g_autoptr(GBytes) b = g_bytes_new_static ("\0\0\x08\x03\0\0", 6);
        write_file (dir, "train-images-idx3-ubyte", b);
      }
      break;
    case DEFECT_BAD_MAGIC:
      {
        static const char zip[] = "PK\x03\x04 this is a zip";
        g_autoptr(GBytes) b = g_bytes_new_static (zip, sizeof zip - 1);
        write_file (dir, "train-images-idx3-ubyte", b);
      }
      break;
    case DEFECT_FLOAT_TYPE:
      write_images_raw (dir, 0x0d, 3, 40, 6, 5, 40 * 30 * 4);
      break;
    case DEFECT_IMAGES_RANK:
      write_images_raw (dir, 8, 2, 40, 30, 0, 40 * 30);
      break;
    case DEFECT_LABELS_RANK:
      {
        guint32 dims[3] = { 40, 1, 1 };
        g_autoptr(GBytes) b = idx_bytes (8, 3, dims, s.labels, 40);
        write_file (dir, "train-labels-idx1-ubyte", b);
      }
      break;
    case DEFECT_TRUNCATED:
      write_images_raw (dir, 8, 3, 40, 6, 5, 40 * 30 - 1);
      break;
    case DEFECT_TRAILING:
      write_images_raw (dir, 8, 3, 40, 6, 5, 40 * 30 + 3);
      break;
    case DEFECT_LYING_COUNT:
      /* 4e9 images of 28 × 28 claimed by a 1 kB file: never allocated. */
      write_images_raw (dir, 8, 3, 4000000000u, 28, 28, 1000);
      break;
    case DEFECT_LYING_DIMS:
      write_images_raw (dir, 8, 3, 40, 70000, 70000, 100);
      break;
    case DEFECT_GZ_LYING:
    case DEFECT_GZ_TRAILER:
    case DEFECT_GZ_TRUNCATED:
    case DEFECT_GZ_CORRUPT:
    case DEFECT_GZ_SHORT:
      {
        g_autofree char *p = g_build_filename (dir, "train-images-idx3-ubyte", NULL);
        g_autoptr(GBytes) z = NULL;
        guint8 *data;
        gsize len;

        g_remove (p);
        if (defect == DEFECT_GZ_LYING)
          {
            /* Claims 3e9 images: far beyond what a small gzip file can expand to. */
            guint32 dims[3] = { 3000000000u, 6, 5 };
            g_autoptr(GBytes) raw = idx_bytes (8, 3, dims, s.pixels, 40 * 30);
            z = gzip_bytes (raw);
          }
        else if (defect == DEFECT_GZ_TRAILER)
          {
            /* Claims 41 images but holds 40: the gzip trailer tells. */
            guint32 dims[3] = { 41, 6, 5 };
            g_autoptr(GBytes) raw = idx_bytes (8, 3, dims, s.pixels, 40 * 30);
            z = gzip_bytes (raw);
          }
        else
          z = gzip_bytes (images);

        data = g_memdup2 (g_bytes_get_data (z, NULL), g_bytes_get_size (z));
        len = g_bytes_get_size (z);
        if (defect == DEFECT_GZ_TRUNCATED)
          len = len / 2;
        else if (defect == DEFECT_GZ_CORRUPT)
          for (gsize i = 12; i < len - 10; i++)
            data[i] ^= 0x5a;
        else if (defect == DEFECT_GZ_SHORT)
          len = 10;
        {
          g_autoptr(GBytes) out = g_bytes_new_take (data, len);
          write_file (dir, "train-images-idx3-ubyte.gz", out);
        }
      }
      break;
    case DEFECT_COUNT_MISMATCH:
      {
        guint32 dims[1] = { 39 };
        g_autoptr(GBytes) b = idx_bytes (8, 1, dims, s.labels, 39);
        write_file (dir, "train-labels-idx1-ubyte", b);
      }
      break;
    case DEFECT_LABEL_RANGE:
      {
        guint32 dims[1] = { 40 };
        g_autoptr(GBytes) b = NULL;

        s.labels[7] = 10;
        b = idx_bytes (8, 1, dims, s.labels, 40);
        write_file (dir, "train-labels-idx1-ubyte", b);
      }
      break;
    case DEFECT_NO_IMAGES:
      write_images_raw (dir, 8, 3, 0, 6, 5, 0);
      break;
    case DEFECT_ZERO_SIZE:
      write_images_raw (dir, 8, 3, 40, 0, 5, 0);
      break;
    case DEFECT_HUGE_IMAGES:
      write_images_raw (dir, 8, 3, 1, 300, 300, 90000);
      break;
    case DEFECT_TEST_ALONE:
      write_file (dir, "t10k-images-idx3-ubyte", images);
      break;
    case DEFECT_TEST_DIMS:
      {
        guint32 dims[3] = { 40, 5, 6 };
        g_autoptr(GBytes) b = idx_bytes (8, 3, dims, s.pixels, 40 * 30);

        write_file (dir, "t10k-images-idx3-ubyte", b);
        write_file (dir, "t10k-labels-idx1-ubyte", labels);
      }
      break;
    case DEFECT_TOO_FEW:
      {
        guint32 dims[1] = { 1 };
        g_autoptr(GBytes) b = idx_bytes (8, 1, dims, s.labels, 1);

        write_images_raw (dir, 8, 3, 1, 6, 5, 30);
        write_file (dir, "train-labels-idx1-ubyte", b);
      }
      break;
    case N_DEFECTS:
    default:
      g_assert_not_reached ();
    }

  synth_clear (&s);
}

static void
test_idx_malformed (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (defects), ==, N_DEFECTS);

  for (guint i = 0; i < G_N_ELEMENTS (defects); i++)
    {
      g_autofree char *dir = make_dir ();
      g_autofree char *target = NULL;
      g_autoptr(GError) error = NULL;
      LrDataset *ds;

      make_defect (dir, defects[i].defect);
      if (defects[i].defect == DEFECT_NO_DIR)
        target = g_build_filename (dir, "missing", NULL);
      else if (defects[i].defect == DEFECT_NOT_DIR)
        {
          g_autoptr(GBytes) b = g_bytes_new_static ("x", 1);

          write_file (dir, "plain-file", b);
          target = g_build_filename (dir, "plain-file", NULL);
        }
      else
        target = g_strdup (dir);

      ds = lr_dataset_load (target, NULL, &error);
      g_assert_null (ds);
      g_assert_error (error, LR_ERROR, LR_ERROR_DATA);
      g_test_message ("defect %u: %s", i, error->message);
      if (strstr (error->message, defects[i].file ? defects[i].file : dir) == NULL ||
          (defects[i].needle != NULL && strstr (error->message, defects[i].needle) == NULL))
        g_error ("defect %u: message '%s' should name '%s' and say '%s'", i, error->message,
                 defects[i].file ? defects[i].file : dir, defects[i].needle ? defects[i].needle : "");
      g_assert_null (strchr (error->message, '\n'));
      remove_dir (dir);
    }
}

static void
test_idx_cancel (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  LrDataset *ds;

  write_valid (dir, 40, 0, TRUE, "-");
  g_cancellable_cancel (cancellable);
  ds = lr_dataset_load (dir, cancellable, &error);
  g_assert_null (ds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  remove_dir (dir);
}

static void
test_fashion (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) ds = NULL;
  const LrImageSet *train, *test;
  guint counts[10] = { 0 };

  if (!g_file_test (FASHION_DIR "/train-images-idx3-ubyte.gz", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Fashion-MNIST is not installed (Debian: dataset-fashion-mnist)");
      return;
    }

  ds = lr_dataset_load (FASHION_DIR, NULL, &error);
  g_assert_no_error (error);
  train = lr_dataset_get_train (ds);
  test = lr_dataset_get_test (ds);
  g_assert_cmpuint (lr_dataset_get_rows (ds), ==, 28);
  g_assert_cmpuint (lr_dataset_get_cols (ds), ==, 28);
  g_assert_cmpuint (train->n, ==, 60000);
  g_assert_nonnull (test);
  g_assert_cmpuint (test->n, ==, 10000);
  for (guint i = 0; i < train->n; i++)
    counts[train->labels[i]]++;
  for (guint c = 0; c < 10; c++)
    g_assert_cmpuint (counts[c], ==, 6000);
  /* The first training image is an ankle boot (9). */
  g_assert_cmpuint (train->labels[0], ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset/random", test_random);
  g_test_add_func ("/dataset/digits/builtin", test_digits_builtin);
  g_test_add_func ("/dataset/digits/file", test_digits_file);
  g_test_add_func ("/dataset/digits/bad-bytes", test_digits_bytes_bad);
  g_test_add_func ("/dataset/split", test_split);
  g_test_add_func ("/dataset/idx/valid", test_idx_valid);
  g_test_add_func ("/dataset/idx/malformed", test_idx_malformed);
  g_test_add_func ("/dataset/idx/cancel", test_idx_cancel);
  g_test_add_func ("/dataset/fashion-mnist", test_fashion);

  return g_test_run ();
}
