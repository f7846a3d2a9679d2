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

#include "lr-dataset.h"
#include "lr-idx.h"
#include "lr-random.h"
#include "lr-spec.h"

#include "lrcore-resources.h"

#define DIGITS_FILE      "digits.idx.gz"
#define DIGITS_RESOURCE  "/io/github/lrlab/LearningRateLab/data/" DIGITS_FILE
#define DIGITS_PIXEL_MAX 16
#define IDX_PIXEL_MAX    255


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

static gboolean
check_labels (const char    *name,
              const guint8  *labels,
              guint          n,
              GError       **error)
{
  for (guint i = 0; i < n; i++)
    if (labels[i] >= LR_DATASET_N_CLASSES)
      {
        lr_data_error (error, name, "label %u at index %u is out of range; labels must be 0 to %d",
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
        lr_data_error (error, name, "pixel value %u at byte %" G_GSIZE_FORMAT " exceeds %u",
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
      lr_data_error (error, name, "images of %u × %u pixels are not supported (1 to %d pixels)",
                  rows, cols, LR_DATASET_MAX_PIXELS);
      return NULL;
    }
  if (pixel_max == 0 || pixel_max > 255)
    {
      lr_data_error (error, name, "the pixel maximum must be 1 to 255, not %u", pixel_max);
      return NULL;
    }
  if (n_train < (n_test > 0 ? 1u : 2u))
    {
      lr_data_error (error, name, "too few training images (%u)", n_train);
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
  if (!lr_idx_source_init (&src, base, g_bytes_get_size (bytes), DIGITS_FILE, NULL, error))
    goto out;

  /* Two sections back to back: images, then labels. */
  if (!lr_idx_read_header (&src, 3, FALSE, &ih, NULL, error) ||
      !(pixels = lr_idx_read_payload (&src, &ih, FALSE, NULL, error)) ||
      !lr_idx_read_header (&src, 1, TRUE, &lh, NULL, error) ||
      !(labels = lr_idx_read_payload (&src, &lh, TRUE, NULL, error)))
    goto out;

  if (lh.dims[0] != ih.dims[0])
    {
      lr_data_error (error, DIGITS_FILE, "%u labels for %u images", lh.dims[0], ih.dims[0]);
      goto out;
    }
  if (ih.dims[0] < 2)
    {
      lr_data_error (error, DIGITS_FILE, "too few images (%u)", ih.dims[0]);
      goto out;
    }
  if (!check_labels (DIGITS_FILE, labels, lh.dims[0], error) ||
      !check_pixels (DIGITS_FILE, pixels, ih.payload, DIGITS_PIXEL_MAX, error))
    goto out;
  ok = TRUE;

out:
  lr_idx_source_clear (&src);
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
          lr_data_error (error, path, "cannot read the built-in digits (LRLAB_DATADIR is set): %s",
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
  lr_idx_source_clear (&pair->images);
  lr_idx_source_clear (&pair->labels);
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
  if (!lr_idx_source_open_file (&pair->images, images_path, cancellable, error) ||
      !lr_idx_read_header (&pair->images, 3, TRUE, &pair->ih, cancellable, error) ||
      !lr_idx_source_open_file (&pair->labels, labels_path, cancellable, error) ||
      !lr_idx_read_header (&pair->labels, 1, TRUE, &pair->lh, cancellable, error))
    return FALSE;

  if (pair->lh.dims[0] != pair->ih.dims[0])
    {
      lr_data_error (error, labels_path, "holds %u labels but %s holds %u images",
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
  pair->label_data = lr_idx_read_payload (&pair->labels, &pair->lh, TRUE, cancellable, error);
  if (pair->label_data == NULL ||
      !check_labels (pair->labels.name, pair->label_data, pair->lh.dims[0], error))
    return FALSE;

  pair->pixels = lr_idx_read_payload (&pair->images, &pair->ih, TRUE, cancellable, error);
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

      lr_data_error (error, path, "%s", saved == ENOENT ? "no such directory" : g_strerror (saved));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      lr_data_error (error, path, "not a directory; give 'digits' or a directory of MNIST-format files");
      return FALSE;
    }
  dir = g_dir_open (path, 0, &local);
  if (dir == NULL)
    {
      lr_data_error (error, path, "cannot read the directory: %s",
                  g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES) ? g_strerror (EACCES) : local->message);
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
      lr_data_error (error, path, "no %s[.gz] in this directory (an MNIST-format directory holds "
                  "train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally t10k-images-idx3-ubyte "
                  "and t10k-labels-idx1-ubyte, each raw or .gz)",
                  train_images == NULL ? "train-images-idx3-ubyte" : "train-labels-idx1-ubyte");
      return NULL;
    }
  if ((test_images == NULL) != (test_labels == NULL))
    {
      lr_data_error (error, test_images ? test_images : test_labels, "found without its %s file",
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
          lr_data_error (error, test_images, "holds images of %u × %u but %s holds %u × %u",
                      test.ih.dims[1], test.ih.dims[2], train_images,
                      train.ih.dims[1], train.ih.dims[2]);
          goto out;
        }
    }
  else if (train.ih.dims[0] < 2)
    {
      lr_data_error (error, train_images, "too few images (%u) to hold out a validation set",
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
