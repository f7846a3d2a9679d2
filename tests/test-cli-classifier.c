/* test-cli-classifier.c: lrlab-cli train, lr-find and sweep: outputs, exit
 * statuses, determinism and malformed data sets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli-run.h"


/* An error: status 2, nothing on stdout, one line on stderr that starts
 * with the command and contains @needle. */
static void
assert_usage_error (Result     *r,
                    const char *command,
                    const char *needle)
{
  g_autofree char *prefix = g_strdup_printf ("lrlab-cli %s: ", command);

  if (r->status != 2 || strstr (r->err, needle) == NULL)
    g_error ("expected status 2 and '%s' in stderr; got %d, '%s'", needle, r->status, r->err);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_str_has_prefix (r->err, prefix));
  g_assert_true (g_str_has_suffix (r->err, "\n"));
  g_assert_true (strchr (r->err, '\n') == r->err + strlen (r->err) - 1);   /* one line */
}

/* The rows of a CSV without the last column (wall time). */
static char *
without_seconds (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *comma = strrchr (lines[i], ',');

      if (comma != NULL)
        *comma = '\0';
      g_string_append_printf (s, "%s\n", lines[i]);
    }
  return g_string_free (s, FALSE);
}

static void
test_train_csv (void)
{
  Result a = RUN ("train", "--dataset", "digits", "--optimizer", "adam:lr=0.01", "--epochs", "3");
  Result b = RUN ("train", "--optimizer", "adam:lr=0.01", "--epochs", "3", "--threads", "1");
  g_auto(GStrv) lines = NULL;
  g_autofree char *sa = NULL, *sb = NULL;

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.err, ==, "");
  lines = g_strsplit (a.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 + 1);
  g_assert_cmpstr (lines[0], ==, "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds");
  for (guint e = 1; e <= 3; e++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[e], ",", -1);
      double v;

      g_assert_cmpuint (g_strv_length (cols), ==, 7);
      g_assert_cmpint (atoi (cols[0]), ==, e);
      g_assert_cmpfloat (g_ascii_strtod (cols[1], NULL), ==, 0.01);
      v = g_ascii_strtod (cols[5], NULL);
      g_assert_cmpfloat (v, >, 0.85);
      g_assert_cmpfloat (v, <=, 1);
      g_assert_cmpfloat (g_ascii_strtod (cols[6], NULL), >=, 0);
    }
  g_assert_cmpstr (lines[4], ==, "");

  /* Same seed, same output (but for the wall time), any number of threads. */
  g_assert_cmpint (b.status, ==, 0);
  sa = without_seconds (a.out);
  sb = without_seconds (b.out);
  g_assert_cmpstr (sa, ==, sb);

  result_clear (&a);
  result_clear (&b);
}

/* The methods that choose their own step train the MLP from the command line, deterministically;
 * the range test and the sweep search their multiplier. */
static void
test_lr_free (void)
{
  Result a = RUN ("train", "--optimizer", "prodigy", "--epochs", "4");
  Result b = RUN ("train", "--optimizer", "prodigy", "--epochs", "4", "--threads", "1");
  Result f = RUN ("lr-find", "--optimizer", "dadapt_adam", "--iters", "40", "--format", "json");
  Result w = RUN ("sweep", "--optimizer", "dog", "--lr-grid", "0.5:2:3", "--epochs", "1");
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) cols = NULL;
  g_autofree char *sa = NULL, *sb = NULL;

  g_assert_cmpint (a.status, ==, 0);
  lines = g_strsplit (a.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 4 + 1);
  cols = g_strsplit (lines[4], ",", -1);
  g_assert_cmpfloat (g_ascii_strtod (cols[1], NULL), ==, 1);        /* lr: the multiplier */
  g_assert_cmpfloat (g_ascii_strtod (cols[5], NULL), >, 0.95);      /* val_acc */
  g_assert_cmpint (b.status, ==, 0);
  sa = without_seconds (a.out);
  sb = without_seconds (b.out);
  g_assert_cmpstr (sa, ==, sb);

  g_assert_cmpint (f.status, ==, 0);
  g_assert_nonnull (strstr (f.out, "\"optimizer\": \"dadapt_adam\""));
  g_assert_nonnull (strstr (f.out, "\"lr_is_multiplier\": true"));

  g_assert_cmpint (w.status, ==, 0);
  g_strfreev (lines);
  lines = g_strsplit (w.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 + 1);
  g_assert_true (g_str_has_prefix (lines[1], "0.5,"));
  g_assert_true (g_str_has_prefix (lines[3], "2,"));

  result_clear (&a);
  result_clear (&b);
  result_clear (&f);
  result_clear (&w);
}

static void
test_train_seed (void)
{
  Result a = RUN ("train", "--optimizer", "sgd:lr=0.1", "--epochs", "2", "--seed", "1");
  Result b = RUN ("train", "--optimizer", "sgd:lr=0.1", "--epochs", "2", "--seed", "2");
  g_autofree char *sa = NULL, *sb = NULL;

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 0);
  sa = without_seconds (a.out);
  sb = without_seconds (b.out);
  g_assert_cmpstr (sa, !=, sb);
  result_clear (&a);
  result_clear (&b);
}

static void
test_train_diverges (void)
{
  Result r = RUN ("train", "--optimizer", "adam:lr=10", "--epochs", "5");
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (g_strv_length (lines), <, 1 + 5 + 1);
  g_assert_nonnull (strstr (r.err, "diverged"));
  result_clear (&r);
}

static void
test_train_errors (void)
{
  static const struct {
    const char *args[8];
    const char *needle;
  } cases[] = {
    { { "--epochs", "2", NULL }, "missing --optimizer" },
    { { "--optimizer", "adamm", NULL }, "adamm" },
    { { "--optimizer", "adam:lr=-1", NULL }, "lr" },
    { { "--optimizer", "adam", "--epochs", "0", NULL }, "--epochs" },
    { { "--optimizer", "adam", "--epochs", "many", NULL }, "many" },
    { { "--optimizer", "adam", "--batch-size", "0", NULL }, "--batch-size" },
    { { "--optimizer", "adam", "--seed", "-4", NULL }, "--seed" },
    { { "--optimizer", "adam", "--threads", "0", NULL }, "--threads" },
    { { "--optimizer", "adam", "--model", "mlp:hidden=0", NULL }, "hidden" },
    { { "--optimizer", "adam", "--model", "resnet", NULL }, "resnet" },
    { { "--optimizer", "adam", "--schedule", "cosine:T_max=x", NULL }, "T_max" },
    { { "--optimizer", "adam", "--frobnicate", NULL }, "frobnicate" },
    { { "--optimizer", "adam", "extra", NULL }, "extra" },
    { { "--optimizer", "adam", "--dataset", "", NULL }, "--dataset" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      Result r;

      g_ptr_array_add (args, (gpointer) "train");
      for (guint k = 0; cases[i].args[k] != NULL; k++)
        g_ptr_array_add (args, (gpointer) cases[i].args[k]);
      g_ptr_array_add (args, NULL);
      r = run_argv ((const char * const *) args->pdata);
      assert_usage_error (&r, "train", cases[i].needle);
      result_clear (&r);
    }
}

/* ---- malformed data sets ------------------------------------------------- */

static void
write_bytes (const char   *dir,
             const char   *name,
             const guint8 *data,
             gsize         len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, (const char *) data, len, NULL));
}

static void
write_idx (const char *dir,
           const char *name,
           guint       rank,
           guint32     n,
           gsize       payload,
           guint8      fill)
{
  gsize len = 4 + 4 * rank + payload;
  g_autofree guint8 *data = g_malloc0 (len);

  data[2] = 8;
  data[3] = (guint8) rank;
  data[4] = n >> 24;
  data[5] = n >> 16;
  data[6] = n >> 8;
  data[7] = n;
  if (rank == 3)
    {
      data[11] = 4;     /* 4 × 4 images */
      data[15] = 4;
    }
  memset (data + 4 + 4 * rank, fill, payload);
  write_bytes (dir, name, data, len);
}

static void
remove_tree (const char *dir)
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

static void
test_malformed_datasets (void)
{
  enum { OK, MISSING_DIR, EMPTY_DIR, TRUNCATED, TRAILING, BAD_MAGIC, LABEL_RANGE, COUNT, LYING, N_CASES };
  static const char *needles[N_CASES] = {
    NULL, "no such directory", "train-images-idx3-ubyte", "truncated", "trailing",
    "not an IDX file", "label 17 at index 7", "labels but", "4000000000 images",
  };

  for (guint c = 0; c < N_CASES; c++)
    {
      g_autofree char *dir = g_dir_make_tmp ("lrlab-cli-idx-XXXXXX", NULL);
      g_autofree char *target = g_strdup (dir);
      Result r;

      g_assert_nonnull (dir);
      if (c != EMPTY_DIR && c != MISSING_DIR)
        {
          write_idx (dir, "train-images-idx3-ubyte", 3, 20, 20 * 16 + (c == TRAILING) - (c == TRUNCATED), 9);
          write_idx (dir, "train-labels-idx1-ubyte", 1, c == COUNT ? 19 : 20, c == COUNT ? 19 : 20, 3);
        }
      if (c == MISSING_DIR)
        {
          g_free (target);
          target = g_build_filename (dir, "nothing-here", NULL);
        }
      if (c == BAD_MAGIC)
        write_bytes (dir, "train-images-idx3-ubyte", (const guint8 *) "GIF89a..........", 16);
      if (c == LABEL_RANGE)
        {
          guint8 labels[8 + 20] = { 0, 0, 8, 1, 0, 0, 0, 20 };
          labels[8 + 7] = 17;
          write_bytes (dir, "train-labels-idx1-ubyte", labels, sizeof labels);
        }
      if (c == LYING)
        write_idx (dir, "train-images-idx3-ubyte", 3, 4000000000u, 320, 9);

      r = RUN ("train", "--dataset", target, "--optimizer", "sgd", "--epochs", "1", "--batch-size", "4");
      if (c == OK)
        {
          g_assert_cmpint (r.status, ==, 0);
          g_assert_true (g_str_has_prefix (r.out, "epoch,lr,"));
        }
      else
        {
          assert_usage_error (&r, "train", needles[c]);
          if (c != MISSING_DIR && c != EMPTY_DIR)
            g_assert_nonnull (strstr (r.err, dir));
        }
      result_clear (&r);

      /* lr-find and sweep refuse them the same way. */
      if (c != OK)
        {
          r = RUN ("lr-find", "--dataset", target, "--optimizer", "sgd");
          assert_usage_error (&r, "lr-find", needles[c]);
          result_clear (&r);
          r = RUN ("sweep", "--dataset", target, "--optimizer", "sgd", "--lr-grid", "0.01:0.1:2");
          assert_usage_error (&r, "sweep", needles[c]);
          result_clear (&r);
        }
      remove_tree (dir);
    }
}

/* ---- lr-find -------------------------------------------------------------- */

static void
test_lr_find (void)
{
  Result csv = RUN ("lr-find", "--optimizer", "sgd", "--iters", "60");
  Result json = RUN ("lr-find", "--optimizer", "sgd", "--iters", "60", "--format", "json");
  g_auto(GStrv) lines = NULL;
  double prev = 0;

  g_assert_cmpint (csv.status, ==, 0);
  g_assert_cmpstr (csv.err, ==, "");
  lines = g_strsplit (csv.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "lr,loss,smoothed_loss");
  g_assert_cmpuint (g_strv_length (lines), >, 20);
  g_assert_cmpuint (g_strv_length (lines), <=, 1 + 60 + 1);
  g_assert_true (g_str_has_prefix (lines[1], "1e-7,"));
  for (guint i = 1; lines[i] != NULL && *lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], ",", -1);
      double lr = g_ascii_strtod (cols[0], NULL);

      g_assert_cmpuint (g_strv_length (cols), ==, 3);
      g_assert_cmpfloat (lr, >, prev);
      prev = lr;
    }

  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"suggested_lr\": "));
  g_assert_nonnull (strstr (json.out, "\"steepest_slope_lr\": "));
  g_assert_nonnull (strstr (json.out, "\"min_loss_lr_div10\": "));
  g_assert_nonnull (strstr (json.out, "\"points\": ["));
  {
    const char *p = strstr (json.out, "\"suggested_lr\": ") + strlen ("\"suggested_lr\": ");
    double lr = g_ascii_strtod (p, NULL);

    g_assert_cmpfloat (lr, >, 1e-4);
    g_assert_cmpfloat (lr, <, 10);
  }
  result_clear (&csv);
  result_clear (&json);

  {
    Result r = RUN ("lr-find", "--optimizer", "sgd", "--schedule", "cosine");
    assert_usage_error (&r, "lr-find", "--schedule");
    result_clear (&r);
    r = RUN ("lr-find", "--optimizer", "sgd", "--start-lr", "1", "--end-lr", "0.1");
    assert_usage_error (&r, "lr-find", "--end-lr");
    result_clear (&r);
    r = RUN ("lr-find", "--optimizer", "sgd", "--start-lr", "zero");
    assert_usage_error (&r, "lr-find", "--start-lr");
    result_clear (&r);
    r = RUN ("lr-find", "--optimizer", "sgd", "--iters", "1");
    assert_usage_error (&r, "lr-find", "--iters");
    result_clear (&r);
    r = RUN ("lr-find", "--optimizer", "sgd", "--format", "xml");
    assert_usage_error (&r, "lr-find", "xml");
    result_clear (&r);
  }
}

/* ---- sweep --------------------------------------------------------------- */

static void
test_sweep (void)
{
  Result r = RUN ("sweep", "--optimizer", "adam", "--lr-grid", "1e-5:1:6", "--epochs", "5");
  g_auto(GStrv) lines = NULL;
  double acc[6], best_acc = 0;
  guint best = 0;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "lr,train_loss,val_loss,val_acc,diverged,seconds");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 6 + 1);
  for (guint i = 0; i < 6; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[1 + i], ",", -1);

      g_assert_cmpuint (g_strv_length (cols), ==, 6);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cols[0], NULL), pow (10, (int) i - 5), 1e-12 * pow (10, (int) i - 5));
      acc[i] = g_ascii_strtod (cols[3], NULL);
      g_assert_true (g_str_equal (cols[4], "true") || g_str_equal (cols[4], "false"));
      if (acc[i] > best_acc)
        {
          best_acc = acc[i];
          best = i;
        }
      /* top diverged, bottom undertrained, best in between */
      if (i == 5)
        g_assert_cmpstr (cols[4], ==, "true");
      if (i == 0)
        g_assert_cmpstr (cols[4], ==, "false");
    }
  g_assert_cmpuint (best, >, 0);
  g_assert_cmpuint (best, <, 5);
  g_assert_cmpfloat (acc[0], <, best_acc - 0.3);
  result_clear (&r);

  /* random search: sorted, seeded, within the range */
  {
    Result a = RUN ("sweep", "--optimizer", "sgd", "--lr-random", "0.001:0.1:4", "--epochs", "1", "--seed", "3");
    Result b = RUN ("sweep", "--optimizer", "sgd", "--lr-random", "0.001:0.1:4", "--epochs", "1", "--seed", "3",
                    "--parallel", "1");
    g_autofree char *sa = without_seconds (a.out);
    g_autofree char *sb = without_seconds (b.out);
    g_auto(GStrv) rows = g_strsplit (a.out, "\n", -1);
    double prev = 0;

    g_assert_cmpint (a.status, ==, 0);
    g_assert_cmpstr (sa, ==, sb);
    g_assert_cmpuint (g_strv_length (rows), ==, 1 + 4 + 1);
    for (guint i = 1; i <= 4; i++)
      {
        double lr = g_ascii_strtod (rows[i], NULL);

        g_assert_cmpfloat (lr, >=, 0.001);
        g_assert_cmpfloat (lr, <=, 0.1);
        g_assert_cmpfloat (lr, >=, prev);
        prev = lr;
      }
    result_clear (&a);
    result_clear (&b);
  }

  {
    static const struct {
      const char *a, *b, *c, *needle;
    } cases[] = {
      { "--epochs", "1", NULL, "missing --lr-grid" },
      { "--lr-grid", "1:2", NULL, "--lr-grid" },
      { "--lr-grid", "0:1:3", NULL, "'0' is not a positive number" },
      { "--lr-random", "1e-3:1:0", NULL, "--lr-random" },
      { "--lr-grid", "1e-3:1:3", "--lr-random", "not both" },
      { "--lr-grid", "1e-3:1:3", "--parallel", "--parallel" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        Result e;

        if (cases[i].c == NULL)
          e = RUN ("sweep", "--optimizer", "sgd", cases[i].a, cases[i].b);
        else if (g_str_equal (cases[i].c, "--lr-random"))
          e = RUN ("sweep", "--optimizer", "sgd", cases[i].a, cases[i].b, "--lr-random", "1e-3:1:3");
        else
          e = RUN ("sweep", "--optimizer", "sgd", cases[i].a, cases[i].b, "--parallel", "0");
        assert_usage_error (&e, "sweep", cases[i].needle);
        result_clear (&e);
      }
  }
}

/* ---- the rate against the batch size --------------------------------------- */

/* Bad batch grids are refused with status 2, one line each. */
static void
test_sweep_batch_grid_errors (void)
{
  static const char *const cases[][2] = {
    { "16:16:3", "a < b" },
    { "64:16:3", "a < b" },
    { "0:16:3", "'0' is not a whole number" },
    { "8:70000:3", "'70000' is not a whole number" },
    { "8:16:1", "the count '1'" },
    { "8:16:65", "the count '65'" },
    { "8:16", "not a range of batch sizes" },
    { "8:1e2:3", "'1e2' is not a whole number" },
    { "8.5:16:3", "'8.5' is not a whole number" },
    { "", "not a range of batch sizes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) e = RUN ("sweep", "--optimizer", "sgd", "--lr-grid", "0.01:0.1:2", "--epochs", "1",
                              "--batch-grid", cases[i][0]);

      assert_usage_error (&e, "sweep", cases[i][1]);
    }
  {
    g_auto(Result) e = RUN ("sweep", "--optimizer", "sgd", "--lr-grid", "0.01:0.1:2", "--batch-size", "8",
                            "--batch-grid", "8:64:3");

    assert_usage_error (&e, "sweep", "not both");
  }
  {
    g_auto(Result) e = RUN ("sweep", "--optimizer", "sgd", "--lr-grid", "0.01:0.1:100", "--batch-grid", "8:64:11");

    assert_usage_error (&e, "sweep", "1100 runs");
  }
}

/* The batch_size column: every rate at every batch size of the grid
 * (log-spaced, whole, each once), rows by batch size then rate; a run at a
 * batch size is the run train makes with that --batch-size. */
static void
test_sweep_batch_grid_csv (void)
{
  g_auto(Result) r = RUN ("sweep", "--optimizer", "sgd", "--lr-grid", "0.01:0.1:2", "--epochs", "1",
                          "--batch-grid", "1:4:5");
  g_auto(Result) t = RUN ("train", "--optimizer", "sgd:lr=0.1", "--epochs", "1", "--batch-size", "3");
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) train_lines = NULL;
  static const char *const expect[] = { "0.01,1,", "0.1,1,", "0.01,2,", "0.1,2,", "0.01,3,", "0.1,3,",
                                        "0.01,4,", "0.1,4," };

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "lr,batch_size,train_loss,val_loss,val_acc,diverged,seconds");
  /* 1:4:5 rounds to 1, 1, 2, 3, 4: the 1 once */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + G_N_ELEMENTS (expect) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    g_assert_true (g_str_has_prefix (lines[i + 1], expect[i]));

  /* the row of lr 0.1 at batch 3 against train's last epoch: same losses */
  g_assert_cmpint (t.status, ==, 0);
  train_lines = g_strsplit (t.out, "\n", -1);
  {
    g_auto(GStrv) sw = g_strsplit (lines[6], ",", -1);
    g_auto(GStrv) tr = g_strsplit (train_lines[1], ",", -1);

    /* train: epoch,lr,train_loss,train_acc,val_loss,val_acc,… */
    g_assert_cmpstr (sw[2], ==, tr[2]);
    g_assert_cmpstr (sw[3], ==, tr[4]);
    g_assert_cmpstr (sw[4], ==, tr[5]);
  }
}

/* On the digits, plain SGD: the best rate grows with the batch size, as
 * the linear scaling rule says it should (Goyal et al. 2017).  Best rate
 * per batch size: the highest validation accuracy after 4 epochs over 9
 * rates from 1e-3 to 10 at batch sizes 2, 16 and 128. */
static void
test_sweep_best_rate_grows_with_batch (void)
{
  g_auto(Result) r = RUN ("sweep", "--optimizer", "sgd", "--lr-grid", "0.001:10:9", "--epochs", "4",
                          "--batch-grid", "2:128:3");
  g_auto(GStrv) lines = NULL;
  const guint sizes[] = { 2, 16, 128 };
  double best_lr[3] = { 0 }, best_acc[3] = { -1, -1, -1 };

  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      guint b = (guint) g_ascii_strtoull (f[1], NULL, 10);
      double acc = g_ascii_strtod (f[4], NULL);

      for (guint k = 0; k < 3; k++)
        if (b == sizes[k] && g_str_equal (f[5], "false") && acc > best_acc[k])
          {
            best_acc[k] = acc;
            best_lr[k] = g_ascii_strtod (f[0], NULL);
          }
    }
  g_test_message ("best rates: %g (batch 2), %g (16), %g (128)", best_lr[0], best_lr[1], best_lr[2]);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat (best_acc[k], >, 0.8);   /* each batch size learns */
  g_assert_cmpfloat (best_lr[0], <, best_lr[1]);
  g_assert_cmpfloat (best_lr[1], <=, best_lr[2]);
  g_assert_cmpfloat (best_lr[2], >=, 10 * best_lr[0]);
}

/* ---- weights, sharpness, hessian ---------------------------------------- */

/* The last field of the last row of a CSV. */
static double
last_field (const char *csv)
{
  const char *end = csv + strlen (csv) - 1;
  const char *comma = g_strrstr_len (csv, end - csv, ",");

  g_assert_nonnull (comma);
  return g_ascii_strtod (comma + 1, NULL);
}

#define EOS_MODEL "mlp:hidden=64,act=tanh,loss=mse,init=torch"

/* Weights saved by train, read by hessian and by train --load-weights:
 * the sharpness column's last value is hessian's top eigenvalue, and a run
 * continued from the weights equals the same run done in one go. */
static void
test_weights_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-weights-XXXXXX", NULL);
  g_autofree char *w = g_build_filename (dir, "w.safetensors", NULL);
  g_autofree char *w2 = g_build_filename (dir, "w2.safetensors", NULL);
  g_auto(Result) a = RUN ("train", "--model", EOS_MODEL, "--optimizer", "sgd:lr=0.1", "--batch-size", "full",
                          "--epochs", "6", "--sharpness-every", "3", "--save-weights", w);
  g_auto(Result) h = { 0 }, b = { 0 }, c = { 0 }, e = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *top = NULL;

  g_assert_cmpint (a.status, ==, 0);
  lines = g_strsplit (a.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,sharpness");
  g_assert_true (g_str_has_suffix (lines[1], ","));            /* epoch 1: empty */
  g_assert_false (g_str_has_suffix (lines[3], ","));           /* epoch 3: measured */

  h = RUN ("hessian", "--weights", w, "--top", "2");
  g_assert_cmpint (h.status, ==, 0);
  g_assert_true (g_str_has_prefix (h.out, "rank,eigenvalue\n1,"));
  top = g_strndup (h.out + strlen ("rank,eigenvalue\n1,"), strcspn (h.out + strlen ("rank,eigenvalue\n1,"), "\n"));
  g_assert_cmpfloat (g_ascii_strtod (top, NULL), ==, last_field (a.out));

  /* 3 + 3 epochs from saved weights = 6 epochs (full batch: no shuffle matters). */
  b = RUN ("train", "--model", EOS_MODEL, "--optimizer", "sgd:lr=0.1", "--batch-size", "full",
           "--epochs", "3", "--save-weights", w2);
  g_assert_cmpint (b.status, ==, 0);
  c = RUN ("train", "--optimizer", "sgd:lr=0.1", "--batch-size", "full", "--epochs", "3",
           "--load-weights", w2, "--sharpness-every", "3");
  g_assert_cmpint (c.status, ==, 0);
  g_assert_cmpfloat (fabs (last_field (c.out) - last_field (a.out)), <, 1e-4 * last_field (a.out));

  e = RUN ("train", "--model", "mlp:hidden=32", "--optimizer", "sgd", "--load-weights", w);
  assert_usage_error (&e, "train", "not --model");
  g_unlink (w);
  g_unlink (w2);
  g_rmdir (dir);
}

static void
test_weights_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-weights-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.safetensors", NULL);
  static const char *const bodies[] = {
    "", "\x02\0\0\0\0\0\0\0{}", "\xff\xff\xff\xff\0\0\0\0{}",
    "\x0b\0\0\0\0\0\0\0{not json}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_auto(Result) r = { 0 };

      g_assert_true (g_file_set_contents (bad, bodies[i], i == 0 ? 0 : 8 + (i == 3 ? 10 : 2), NULL));
      r = RUN ("hessian", "--weights", bad);
      assert_usage_error (&r, "hessian", "bad.safetensors");
      result_clear (&r);
      r = RUN ("train", "--optimizer", "sgd", "--load-weights", bad);
      assert_usage_error (&r, "train", "bad.safetensors");
    }
  {
    g_auto(Result) r = RUN ("hessian", "--weights", "/nonexistent/w.safetensors");
    g_auto(Result) s = RUN ("hessian");
    g_auto(Result) t = RUN ("train", "--optimizer", "sgd", "--batch-size", "half");

    assert_usage_error (&r, "hessian", "/nonexistent");
    assert_usage_error (&s, "hessian", "--weights");
    assert_usage_error (&t, "train", "half");
  }
  g_unlink (bad);
  g_rmdir (dir);
}

/* The edge of stability (Cohen et al. 2021), in short: full-batch gradient
 * descent at lr 0.4 starts with sharpness above 2/lr = 5 (8.9 … 13) and is
 * thrown to a region where it hovers just above 5; the 3,000-epoch check
 * at lr 0.1 and 0.4 is tests/bench/edge-of-stability.sh. */
static void
test_edge_of_stability (void)
{
  g_auto(Result) r = RUN ("train", "--model", EOS_MODEL, "--optimizer", "sgd:lr=0.4", "--batch-size", "full",
                          "--epochs", "400", "--sharpness-every", "200");
  g_auto(Result) first = RUN ("train", "--model", EOS_MODEL, "--optimizer", "sgd:lr=0.4", "--batch-size", "full",
                              "--epochs", "1", "--sharpness-every", "1");
  double end;

  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpfloat (last_field (first.out), >, 8);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  end = last_field (r.out);
  g_test_message ("sharpness after 400 epochs at lr 0.4: %g (2/lr = 5)", end);
  g_assert_cmpfloat (fabs (end - 5) / 5, <, 0.2);
}

/* --experiment FILE: the classifier part stands for the options; the output
 * is that of the same settings given as options, byte for byte (train and
 * sweep but for their wall-time column). */
static const char experiment_json[] =
  "{\"lrlab\": 1, \"title\": \"Digits\", \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd:lr=0.1\"}],\n"
  " \"classifier\": {\"dataset\": \"digits\", \"model\": \"mlp:hidden=16\", \"batch_size\": 64,\n"
  "   \"epochs\": 2, \"seed\": 5, \"runs\": [{\"optimizer\": \"adam:lr=0.003\"},\n"
  "   {\"optimizer\": \"sgd:lr=0.1,momentum=0.9\", \"schedule\": \"cosine\"}]}}\n";

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lrlab-clf-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

static void
assert_same_output (Result *a,
                    Result *b,
                    gboolean timed)
{
  g_autofree char *sa = timed ? without_seconds (a->out) : g_strdup (a->out);
  g_autofree char *sb = timed ? without_seconds (b->out) : g_strdup (b->out);

  g_assert_cmpint (a->status, ==, 0);
  g_assert_cmpint (b->status, ==, 0);
  g_assert_cmpstr (a->err, ==, b->err);
  g_assert_cmpuint (strlen (a->out), >, 40);
  g_assert_cmpstr (sa, ==, sb);
}

static void
test_experiment (void)
{
  g_autofree char *path = write_temp ("digits.lrlab", experiment_json);
  g_autofree char *plain = write_temp ("plain.lrlab",
                                       "{\"lrlab\": 1, \"surface\": \"bowl\", \"runs\": [{\"optimizer\": \"sgd\"}]}");

  {
    Result a = RUN ("train", "--experiment", path);
    Result b = RUN ("train", "--dataset", "digits", "--model", "mlp:hidden=16", "--batch-size", "64",
                    "--epochs", "2", "--seed", "5", "--optimizer", "adam:lr=0.003");
    assert_same_output (&a, &b, TRUE);
    result_clear (&a);
    result_clear (&b);
  }
  {
    /* the second run, with its schedule; --threads is not the file's */
    Result a = RUN ("train", "--experiment", path, "--run", "1", "--threads", "1");
    Result b = RUN ("train", "--dataset", "digits", "--model", "mlp:hidden=16", "--batch-size", "64",
                    "--epochs", "2", "--seed", "5", "--optimizer", "sgd:lr=0.1,momentum=0.9",
                    "--schedule", "cosine");
    Result other = RUN ("train", "--experiment", path);
    assert_same_output (&a, &b, TRUE);
    g_assert_cmpstr (a.out, !=, other.out);
    result_clear (&a);
    result_clear (&b);
    result_clear (&other);
  }
  {
    Result a = RUN ("lr-find", "--experiment", path, "--iters", "30", "--format", "json");
    Result b = RUN ("lr-find", "--iters", "30", "--format", "json", "--dataset", "digits", "--model",
                    "mlp:hidden=16", "--batch-size", "64", "--epochs", "2", "--seed", "5",
                    "--optimizer", "adam:lr=0.003");
    assert_same_output (&a, &b, FALSE);
    g_assert_nonnull (strstr (a.out, "\"model\": \"mlp:hidden=16\""));
    result_clear (&a);
    result_clear (&b);
  }
  {
    Result a = RUN ("sweep", "--experiment", path, "--run", "1", "--lr-grid", "0.01:0.1:2");
    Result b = RUN ("sweep", "--lr-grid", "0.01:0.1:2", "--dataset", "digits", "--model", "mlp:hidden=16",
                    "--batch-size", "64", "--epochs", "2", "--seed", "5",
                    "--optimizer", "sgd:lr=0.1,momentum=0.9", "--schedule", "cosine");
    assert_same_output (&a, &b, TRUE);
    result_clear (&a);
    result_clear (&b);
  }

  /* errors: one line, status 2 */
  {
    Result r = RUN ("train", "--experiment", plain);
    assert_usage_error (&r, "train", "has no classifier part");
    result_clear (&r);
  }
  {
    Result r = RUN ("sweep", "--scene", "momentum", "--lr-grid", "0.01:0.1:2");
    assert_usage_error (&r, "sweep", "scene momentum has no classifier part");
    result_clear (&r);
  }
  {
    Result r = RUN ("train", "--experiment", path, "--epochs", "3");
    assert_usage_error (&r, "train", "--epochs: the classifier part of --experiment sets it already");
    result_clear (&r);
  }
  {
    Result r = RUN ("train", "--experiment", path, "--optimizer", "sgd");
    assert_usage_error (&r, "train", "--optimizer: the classifier part");
    result_clear (&r);
  }
  {
    Result r = RUN ("train", "--experiment", path, "--run", "2");
    assert_usage_error (&r, "train", "--run: '2' is not a run of the classifier part; valid: 0 to 1");
    result_clear (&r);
  }
  {
    Result r = RUN ("train", "--optimizer", "sgd", "--run", "1");
    assert_usage_error (&r, "train", "--run needs --experiment or --scene");
    result_clear (&r);
  }
  {
    Result r = RUN ("lr-find", "--experiment", path, "--run", "1");
    assert_usage_error (&r, "lr-find", "the run has the schedule cosine");
    result_clear (&r);
  }
  {
    Result r = RUN ("train", "--experiment", "/nonexistent/x.lrlab");
    assert_usage_error (&r, "train", "--experiment: /nonexistent/x.lrlab");
    result_clear (&r);
  }

  remove_temp (path);
  remove_temp (plain);
}

/* The sharpness column's value at @epoch (the row must have one). */
static double
sharpness_at (const char *csv,
              guint       epoch)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) fields = NULL;

  g_assert_cmpuint (g_strv_length (lines), >, epoch);
  fields = g_strsplit (lines[epoch], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 8);
  g_assert_cmpuint (g_ascii_strtoull (fields[0], NULL, 10), ==, epoch);
  g_assert_cmpstr (fields[7], !=, "");
  return g_ascii_strtod (fields[7], NULL);
}

/* Progressive sharpening, then the edge: at lr 0.1 the sharpness starts near
 * 9 (the PyTorch run: 8.9), well below 2/lr = 20, rises, and is at
 * 2/lr by epoch 1,600, where the 3,000-epoch run hovers (20.1–20.5). */
static void
test_progressive_sharpening (void)
{
  g_auto(Result) r = RUN ("train", "--model", EOS_MODEL, "--optimizer", "sgd:lr=0.1", "--batch-size", "full",
                          "--epochs", "1600", "--sharpness-every", "800", "--threads", "1");
  g_auto(Result) first = RUN ("train", "--model", EOS_MODEL, "--optimizer", "sgd:lr=0.1", "--batch-size", "full",
                              "--epochs", "1", "--sharpness-every", "1");
  double start, middle, end;

  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  start = sharpness_at (first.out, 1);
  middle = sharpness_at (r.out, 800);
  end = sharpness_at (r.out, 1600);
  g_test_message ("sharpness at lr 0.1: %g, %g, %g at epochs 1, 800, 1600 (2/lr = 20)", start, middle, end);
  g_assert_cmpfloat (start, >, 8);
  g_assert_cmpfloat (start, <, 11);
  g_assert_cmpfloat (start, <, middle);
  g_assert_cmpfloat (middle, <, end);
  g_assert_cmpfloat (fabs (end - 20) / 20, <, 0.15);
}

/* Adam at the edge of stability (Cohen et al. 2022): full batch at lr 0.01
 * its preconditioned sharpness rises to 38/lr = 3,800 within 100 epochs and
 * hovers there (3,400–4,100 in epochs 100–600). */
static void
test_adam_edge_of_stability (void)
{
  g_auto(Result) r = RUN ("train", "--model", EOS_MODEL, "--optimizer", "adam:lr=0.01", "--batch-size", "full",
                          "--epochs", "600", "--sharpness-every", "50", "--threads", "1");
  double early, end;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  early = sharpness_at (r.out, 50);
  end = sharpness_at (r.out, 600);
  g_test_message ("preconditioned sharpness at adam lr 0.01: %g at epoch 50, %g at 600 (38/lr = 3800)", early, end);
  g_assert_cmpfloat (early, <, 0.6 * 3800);
  for (guint epoch = 150; epoch <= 600; epoch += 50)
    g_assert_cmpfloat (fabs (sharpness_at (r.out, epoch) - 3800) / 3800, <, 0.15);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/train/csv", test_train_csv);
  g_test_add_func ("/cli/train/seed", test_train_seed);
  g_test_add_func ("/cli/train/lr-free", test_lr_free);
  g_test_add_func ("/cli/train/diverges", test_train_diverges);
  g_test_add_func ("/cli/train/errors", test_train_errors);
  g_test_add_func ("/cli/train/malformed-datasets", test_malformed_datasets);
  g_test_add_func ("/cli/lr-find", test_lr_find);
  g_test_add_func ("/cli/sweep", test_sweep);
  g_test_add_func ("/cli/sweep/batch-grid-errors", test_sweep_batch_grid_errors);
  g_test_add_func ("/cli/sweep/batch-grid-csv", test_sweep_batch_grid_csv);
  g_test_add_func ("/cli/sweep/best-rate-grows-with-batch", test_sweep_best_rate_grows_with_batch);
  g_test_add_func ("/cli/weights/round-trip", test_weights_round_trip);
  g_test_add_func ("/cli/weights/errors", test_weights_errors);
  g_test_add_func ("/cli/train/edge-of-stability", test_edge_of_stability);
  g_test_add_func ("/cli/classifier/experiment", test_experiment);
  g_test_add_func ("/cli/train/progressive-sharpening", test_progressive_sharpening);
  g_test_add_func ("/cli/train/adam-edge-of-stability", test_adam_edge_of_stability);

  return g_test_run ();
}
