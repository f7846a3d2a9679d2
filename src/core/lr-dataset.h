/* lr-dataset.h: image classification data sets (built-in digits, MNIST format)
 *
 * Images stay uint8 in memory (n × rows × cols, row-major) and are scaled to
 * [0, 1] per batch by dividing by the set's pixel maximum, so Fashion-MNIST's
 * 60,000 training images cost 47 MB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* MNIST-format labels are digits: 0 … 9. */
#define LR_DATASET_N_CLASSES   10
/* Largest image accepted (rows × cols); MNIST is 784. */
#define LR_DATASET_MAX_PIXELS  65536
/* Share of the training images held out for validation when a data set
 * has no separate test files: ceil(n / 5). */
#define LR_DATASET_VAL_DIVISOR 5

typedef struct {
  guint          n;          /* number of images */
  const guint8  *pixels;     /* n × rows × cols bytes, row-major */
  const guint8  *labels;     /* n labels, each < LR_DATASET_N_CLASSES */
} LrImageSet;

typedef struct _LrDataset LrDataset;

/* @source: "digits" (the built-in set) or an MNIST-format directory. */
LrDataset        *lr_dataset_load                  (const char    *source,
                                                    GCancellable  *cancellable,
                                                    GError       **error);
/* The built-in digits: $LRLAB_DATADIR/digits.idx.gz when that variable is
 * set, else the copy compiled into the core library. */
LrDataset        *lr_dataset_load_digits           (GError       **error);
/* The built-in digits from the bytes of digits.idx.gz (e.g. a GResource). */
LrDataset        *lr_dataset_new_digits_from_bytes (GBytes        *bytes,
                                                    GError       **error);
/* A directory holding train-images-idx3-ubyte and train-labels-idx1-ubyte,
 * optionally t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or
 * gzip-compressed (.gz).  Every file is validated before anything is
 * allocated for it: magic, element type, rank, dimensions against the file
 * size, label/image count agreement and label range.  Errors are
 * LR_ERROR_DATA and name the file and the problem. */
LrDataset        *lr_dataset_load_idx_dir          (const char    *path,
                                                    GCancellable  *cancellable,
                                                    GError       **error);
/* A data set from memory (copied); @test_pixels may be NULL (n_test 0). */
LrDataset        *lr_dataset_new                   (const char    *name,
                                                    guint          rows,
                                                    guint          cols,
                                                    guint          pixel_max,
                                                    const guint8  *train_pixels,
                                                    const guint8  *train_labels,
                                                    guint          n_train,
                                                    const guint8  *test_pixels,
                                                    const guint8  *test_labels,
                                                    guint          n_test,
                                                    GError       **error);

LrDataset        *lr_dataset_ref                   (LrDataset     *dataset);
void              lr_dataset_unref                 (LrDataset     *dataset);

/* "digits" or the directory's path. */
const char       *lr_dataset_get_name              (const LrDataset *dataset);
guint             lr_dataset_get_rows              (const LrDataset *dataset);
guint             lr_dataset_get_cols              (const LrDataset *dataset);
/* rows × cols: the model's input size. */
guint             lr_dataset_get_n_pixels          (const LrDataset *dataset);
/* The value of a full-intensity pixel: 16 for digits, 255 for MNIST format. */
guint             lr_dataset_get_pixel_max         (const LrDataset *dataset);
guint             lr_dataset_get_n_classes         (const LrDataset *dataset);
const LrImageSet *lr_dataset_get_train             (const LrDataset *dataset);
/* The t10k images, or NULL when the data set has none. */
const LrImageSet *lr_dataset_get_test              (const LrDataset *dataset);

/* Positions into an image set (images are never copied). */
typedef struct {
  const guint8  *pixels;     /* the image set's pixels */
  const guint8  *labels;
  guint32       *index;      /* n positions, ascending (owned) */
  guint          n;
} LrSubset;

/* What training uses: the validation set is the t10k set when there is one,
 * else a seeded ceil(n / 5) of the training images. */
typedef struct {
  LrDataset *dataset;        /* a reference */
  LrSubset   train;
  LrSubset   val;
  gboolean   val_is_test;    /* val are the t10k images */
} LrSplit;

LrSplit          *lr_split_new                     (LrDataset     *dataset,
                                                    guint64        seed);
void              lr_split_free                    (LrSplit       *split);

/* The pixels of position @i of a subset. */
static inline const guint8 *
lr_subset_image (const LrSubset *subset,
                 guint           i,
                 guint           n_pixels)
{
  return subset->pixels + (gsize) subset->index[i] * n_pixels;
}

static inline guint
lr_subset_label (const LrSubset *subset,
                 guint           i)
{
  return subset->labels[subset->index[i]];
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrDataset, lr_dataset_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrSplit, lr_split_free)

G_END_DECLS
