/* test-cli-faults.c: lrlab-cli under faults — outputs that cannot be
 * written, full devices, odd files, memory limits, signals
 *
 * Every case must end in a correct result or in one line on stderr and a
 * non-zero status: never a hang, an abort, a partial file or a wrong
 * number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <errno.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct {
  char   *out;
  char   *err;
  int     status;     /* exit status, or -1 when killed by a signal */
  double  seconds;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static const char *
cli_path (void)
{
  const char *path = g_getenv ("LRLAB_CLI");

  g_assert_nonnull (path);
  return path;
}

static char *
bytes_to_string (GBytes *bytes)
{
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return g_strdup ("");
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* Runs @argv (NULL-terminated; "CLI" stands for lrlab-cli) with standard
 * output going to @stdout_path (NULL: captured) and @env_set ("NAME=value",
 * NULL-terminated, may be NULL) added to the environment. */
static Result
run_full (const char * const *args,
          const char         *stdout_path,
          const char * const *env_set)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  gint64 start = g_get_monotonic_time ();
  Result r = { 0 };

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) (g_str_equal (args[i], "CLI") ? cli_path () : args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (stdout_path == NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : 0));
  if (stdout_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  for (guint i = 0; env_set != NULL && env_set[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env_set[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, kv[0], kv[1], TRUE);
    }
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (child, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  r.seconds = (g_get_monotonic_time () - start) / 1e6;
  r.out = bytes_to_string (out);
  r.err = bytes_to_string (err);
  r.status = g_subprocess_get_if_exited (child) ? g_subprocess_get_exit_status (child) : -1;
  return r;
}

#define ARGS(...) ((const char *[]) { __VA_ARGS__, NULL })

/* A clean failure: a non-zero exit (not a signal), exactly one line on
 * stderr, containing @needle, and no GLib warning or critical. */
static void
assert_one_line_failure (const Result *r,
                         const char   *needle)
{
  if (r->status <= 0 || strchr (r->err, '\n') != r->err + strlen (r->err) - 1 ||
      strstr (r->err, needle) == NULL || strstr (r->err, "CRITICAL") != NULL ||
      strstr (r->err, "WARNING") != NULL)
    g_error ("expected one line with '%s' and a non-zero status; got status %d, stderr:\n%s",
             needle, r->status, r->err);
}

static void sh (const char *script);

/* ---- outputs that cannot be written --------------------------------------- */

/* Every command that prints, its standard output on a full device. */
static void
test_stdout_full (void)
{
  static const char *const cases[][16] = {
    { "CLI", "surfaces" },
    { "CLI", "optimizers" },
    { "CLI", "schedules" },
    { "CLI", "--help" },
    { "CLI", "--version" },
    { "CLI", "trajectory", "--help" },
    { "CLI", "trajectory", "--surface", "bowl", "--optimizer", "sgd:lr=0.1" },
    { "CLI", "trajectory", "--surface", "bowl", "--optimizer", "sgd:lr=0.1", "--format", "json" },
    { "CLI", "compare", "--surface", "bowl", "--run", "sgd:lr=0.1" },
    { "CLI", "compare", "--surface", "bowl", "--run", "sgd:lr=0.1", "--format", "csv" },
    { "CLI", "compare", "--surface", "bowl", "--run", "sgd:lr=0.1", "--format", "json" },
    { "CLI", "train", "--optimizer", "adam", "--epochs", "1", "--model", "mlp:hidden=8" },
    { "CLI", "lr-find", "--optimizer", "sgd", "--iters", "5", "--model", "mlp:hidden=8" },
    { "CLI", "sweep", "--optimizer", "sgd", "--lr-grid", "0.01:0.1:2", "--epochs", "1",
          "--model", "mlp:hidden=8" },
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = run_full (cases[i], "/dev/full", NULL);

      g_test_message ("%s %s: status %d, %s", cases[i][1], cases[i][2] ? cases[i][2] : "", r.status, r.err);
      assert_one_line_failure (&r, "standard output");
      /* (GLib's --help printer keeps no reason) */
      if (!g_strv_contains (cases[i], "--help"))
        g_assert_nonnull (strstr (r.err, g_strerror (ENOSPC)));
    }

  /* hessian, on weights saved by train */
  {
    g_autofree char *dir = g_dir_make_tmp ("lrlab-full-XXXXXX", NULL);
    g_autofree char *weights = g_build_filename (dir, "w.safetensors", NULL);
    g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);
    g_auto(Result) t = run_full (ARGS ("CLI", "train", "--optimizer", "adam", "--epochs", "1", "--model",
                                       "mlp:hidden=4", "--save-weights", weights), NULL, NULL);
    g_auto(Result) r = { 0 };

    g_assert_cmpint (t.status, ==, 0);
    r = run_full (ARGS ("CLI", "hessian", "--weights", weights), "/dev/full", NULL);
    assert_one_line_failure (&r, "standard output");
    g_assert_nonnull (strstr (r.err, g_strerror (ENOSPC)));
    sh (rm);
  }
}

/* train stops at its first failed write instead of training on. */
static void
test_train_stops_at_failed_write (void)
{
  g_auto(Result) r = { 0 };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  r = run_full (ARGS ("CLI", "train", "--optimizer", "adam", "--epochs", "3000"), "/dev/full", NULL);
  assert_one_line_failure (&r, "standard output");
  /* 3,000 epochs take minutes; the first row fails at once. */
  g_assert_cmpfloat (r.seconds, <, 20);
}

/* Runs the shell @script in a mount namespace of its own with $D a 64 KiB
 * tmpfs and $CLI lrlab-cli; FALSE (the test skipped) unless root may
 * mount there. */
static gboolean
run_on_small_tmpfs (const char *script,
                    Result     *r)
{
  g_autofree char *full = NULL;

  if (getuid () != 0 || !have_program ("unshare"))
    {
      g_test_skip ("needs root and unshare for a small tmpfs");
      return FALSE;
    }
  /* A sandbox (a Flatpak build, a container) may run as uid 0 without the
   * right to make a mount namespace. */
  {
    Result probe = run_full (ARGS ("unshare", "-m", "true"), NULL, NULL);
    int status = probe.status;

    result_clear (&probe);
    if (status != 0)
      {
        g_test_skip ("no mount namespace can be made here");
        return FALSE;
      }
  }
  full = g_strdup_printf ("D=$(mktemp -d) && mount -t tmpfs -o size=64k lrlab-full \"$D\" || exit 77\n"
                          "CLI=\"$0\"\n%s", script);
  *r = run_full (ARGS ("unshare", "-m", "sh", "-c", full, cli_path ()), NULL, NULL);
  if (r->status == 77)
    {
      g_test_skip ("cannot mount a tmpfs here");
      return FALSE;
    }
  return TRUE;
}

/* Files on a full device: one line naming the file, a non-zero status,
 * and no partial file or temporary file left. */
static void
test_full_device (void)
{
  g_auto(Result) render = { 0 };
  g_auto(Result) traj = { 0 };
  g_auto(Result) train = { 0 };

  /* A figure larger than the device: the old file stays, nothing beside it. */
  if (!run_on_small_tmpfs ("echo old > \"$D/out.png\"\n"
                           "\"$CLI\" render --surface rosenbrock --run sgd:lr=0.001 --size 4000x4000 "
                           "-o \"$D/out.png\"; s=$?\n"
                           "ls -A \"$D\"; cat \"$D/out.png\"; exit $s", &render))
    return;
  assert_one_line_failure (&render, "out.png");
  g_assert_cmpstr (render.out, ==, "out.png\nold\n");

  /* Standard output redirected to a file there: cut back to nothing. */
  g_assert_true (run_on_small_tmpfs ("\"$CLI\" trajectory --surface bowl --optimizer sgd:lr=0.01 --steps 5000 "
                                     "> \"$D/t.csv\"; s=$?\n"
                                     "wc -c < \"$D/t.csv\"; exit $s", &traj));
  assert_one_line_failure (&traj, "standard output");
  g_assert_cmpstr (traj.out, ==, "0\n");

  /* A full device before the first row: train stops at once, the file
   * holds whole rows only (here none). */
  g_assert_true (run_on_small_tmpfs ("head -c 1000000 /dev/zero > \"$D/fill\" 2>/dev/null\n"
                                     "\"$CLI\" train --optimizer adam --epochs 3000 > \"$D/t.csv\"; s=$?\n"
                                     "wc -c < \"$D/t.csv\"; exit $s", &train));
  assert_one_line_failure (&train, "standard output");
  g_assert_cmpstr (train.out, ==, "0\n");
  g_assert_cmpfloat (train.seconds, <, 20);
}

/* ---- odd files in a data-set folder ----------------------------------------- */

/* A FIFO (or another non-regular file) under a data-set name is refused
 * at once, by name, instead of waiting for a writer forever. */
static void
test_dataset_fifo (void)
{
  static const char *const names[] = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte.gz" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("lrlab-fifo-XXXXXX", NULL);
      g_autofree char *fifo = g_build_filename (dir, names[i], NULL);
      g_autofree char *other = g_build_filename (dir, i == 0 ? "train-labels-idx1-ubyte"
                                                             : "train-images-idx3-ubyte", NULL);
      g_auto(Result) r = { 0 };

      g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
      /* the other file of the pair: one label, or one image of 1 × 1 */
      if (i == 0)
        g_assert_true (g_file_set_contents (other, "\0\0\x08\x01\0\0\0\x01\x03", 9, NULL));
      else
        g_assert_true (g_file_set_contents (other, "\0\0\x08\x03\0\0\0\x01\0\0\0\x01\0\0\0\x01\x07",
                                            17, NULL));
      r = run_full (ARGS ("timeout", "20", "CLI", "train", "--optimizer", "adam", "--epochs", "1",
                          "--dataset", dir), NULL, NULL);
      assert_one_line_failure (&r, names[i]);
      g_assert_nonnull (strstr (r.err, "not a regular file"));
      g_assert_cmpint (g_remove (fifo), ==, 0);
      g_assert_cmpint (g_remove (other), ==, 0);
      g_assert_cmpint (g_rmdir (dir), ==, 0);
    }
}

/* A FIFO given as weights to read, or as the file to write, is refused at
 * once by name (reading it waited for a writer, replacing it for a
 * reader, forever). */
static void
test_fifo_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-fifo-XXXXXX", NULL);
  g_autofree char *weights = g_build_filename (dir, "w.safetensors", NULL);
  g_autofree char *png = g_build_filename (dir, "out.png", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);
  const char *const *cases[] = {
    ARGS ("timeout", "20", "CLI", "train", "--optimizer", "adam", "--epochs", "1", "--load-weights", weights),
    ARGS ("timeout", "20", "CLI", "hessian", "--weights", weights),
    ARGS ("timeout", "20", "CLI", "render", "--surface", "bowl", "--run", "sgd:lr=0.1", "-o", png),
    ARGS ("timeout", "20", "CLI", "train", "--optimizer", "adam", "--epochs", "1", "--model", "mlp:hidden=4",
          "--save-weights", weights),
  };

  g_assert_cmpint (mkfifo (weights, 0600), ==, 0);
  g_assert_cmpint (mkfifo (png, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = run_full (cases[i], NULL, NULL);

      assert_one_line_failure (&r, i == 2 ? "out.png" : "w.safetensors");
      g_assert_nonnull (strstr (r.err, "not a regular file"));
      g_assert_cmpint (r.status, ==, 2);
    }
  sh (rm);
}

/* Writes an MNIST-format pair of @n blank images (28 × 28) and labels
 * 0, 1, …, 9, 0, … into @dir, raw. */
static void
write_blank_pair (const char *dir,
                  guint       n)
{
  g_autofree char *images = g_build_filename (dir, "train-images-idx3-ubyte", NULL);
  g_autofree char *labels = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);
  gsize n_images = 16 + (gsize) n * 784, n_labels = 8 + n;
  g_autofree guint8 *im = g_malloc0 (n_images);
  g_autofree guint8 *lb = g_malloc0 (n_labels);
  const guint8 im_head[16] = { 0, 0, 8, 3, n >> 24, n >> 16, n >> 8, n, 0, 0, 0, 28, 0, 0, 0, 28 };
  const guint8 lb_head[8] = { 0, 0, 8, 1, n >> 24, n >> 16, n >> 8, n };

  memcpy (im, im_head, 16);
  memcpy (lb, lb_head, 8);
  for (guint i = 0; i < n; i++)
    lb[8 + i] = i % 10;
  g_assert_true (g_file_set_contents (images, (char *) im, n_images, NULL));
  g_assert_true (g_file_set_contents (labels, (char *) lb, n_labels, NULL));
}

static void
sh (const char *script)
{
  g_auto(Result) r = run_full (ARGS ("sh", "-c", script), NULL, NULL);

  if (r.status != 0)
    g_error ("'%s' failed: %s", script, r.err);
}

/* A gzip data set of 150 MB (blank images) under a 210 MB address-space
 * limit: inflated straight into its buffer, it fits (a second buffer of
 * the request's size did not: GLib aborted). */
static void
test_gzip_memory_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-gz-XXXXXX", NULL);
  g_autofree char *cmd = g_strdup_printf ("cd '%s' && gzip -n train-images-idx3-ubyte train-labels-idx1-ubyte", dir);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);
  g_auto(Result) r = { 0 };

  if (g_strcmp0 (g_getenv ("LRLAB_SANITIZED"), "1") == 0)
    {
      g_test_skip ("a sanitizer's shadow memory does not fit under a memory limit");
      return;
    }
  if (!have_program ("prlimit") || !have_program ("gzip"))
    {
      g_test_skip ("needs prlimit and gzip");
      return;
    }
  write_blank_pair (dir, 190000);
  sh (cmd);
  r = run_full (ARGS ("prlimit", "--as=210000000", "timeout", "120", "CLI", "lr-find", "--optimizer", "sgd",
                      "--iters", "2", "--threads", "1", "--dataset", dir),
                NULL, (const char *[]) { "LRLAB_GEMM=portable", NULL });
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "lr,loss,smoothed_loss\n"));
  sh (rm);
}

/* A gzip file of several members (valid: gzip reads them one after the
 * other) loads like the same data in one member. */
static void
test_gzip_multi_member (void)
{
  g_autofree char *one = g_dir_make_tmp ("lrlab-gz1-XXXXXX", NULL);
  g_autofree char *two = g_dir_make_tmp ("lrlab-gz2-XXXXXX", NULL);
  g_autofree char *cmd = g_strdup_printf (
    "cd '%s' && cp train-* '%s' && gzip -n train-images-idx3-ubyte train-labels-idx1-ubyte && cd '%s' && "
    "head -c 300000 train-images-idx3-ubyte | gzip -n > i.gz && tail -c +300001 train-images-idx3-ubyte | gzip -n >> i.gz && "
    "head -c 100 train-labels-idx1-ubyte | gzip -n > l.gz && tail -c +101 train-labels-idx1-ubyte | gzip -n >> l.gz && "
    "rm train-* && mv i.gz train-images-idx3-ubyte.gz && mv l.gz train-labels-idx1-ubyte.gz",
    one, two, two);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s' '%s'", one, two);
  g_auto(Result) a = { 0 };
  g_auto(Result) b = { 0 };

  if (!have_program ("gzip"))
    {
      g_test_skip ("needs gzip");
      return;
    }
  write_blank_pair (one, 1000);
  sh (cmd);
  a = run_full (ARGS ("CLI", "lr-find", "--optimizer", "sgd", "--iters", "3", "--dataset", one), NULL, NULL);
  b = run_full (ARGS ("CLI", "lr-find", "--optimizer", "sgd", "--iters", "3", "--dataset", two), NULL, NULL);
  g_assert_cmpstr (b.err, ==, "");
  g_assert_cmpint (b.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  sh (rm);
}

/* Under a 300 MB address-space limit training ends (OpenBLAS, whose
 * buffers do not fit, spun forever after a failed mmap): the built-in
 * kernels take over. */
static void
test_train_memory_limit (void)
{
  g_auto(Result) r = { 0 };

  if (g_strcmp0 (g_getenv ("LRLAB_SANITIZED"), "1") == 0)
    {
      g_test_skip ("a sanitizer's shadow memory does not fit under a memory limit");
      return;
    }
  if (!have_program ("prlimit"))
    {
      g_test_skip ("needs prlimit");
      return;
    }
  r = run_full (ARGS ("prlimit", "--as=300000000", "timeout", "120", "CLI", "train", "--optimizer", "adam",
                      "--epochs", "1"), NULL, NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\n1,"));
}

/* A sweep of a large model, more runs at once than fit under a 1 GB
 * address-space limit: as many as fit run, stderr says so, every row is
 * there (N copies were allocated unchecked and aborted). */
static void
test_sweep_parallel_memory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-par-XXXXXX", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;

  if (g_strcmp0 (g_getenv ("LRLAB_SANITIZED"), "1") == 0 || !have_program ("prlimit"))
    {
      g_test_skip ("needs prlimit and no sanitizer");
      sh (rm);
      return;
    }
  write_blank_pair (dir, 10);
  r = run_full (ARGS ("prlimit", "--as=1000000000", "timeout", "120", "CLI", "sweep", "--optimizer", "sgd",
                      "--lr-grid", "0.01:0.1:8", "--epochs", "1", "--model", "mlp:hidden=4096/4096",
                      "--parallel", "8", "--dataset", dir), NULL, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "--parallel 8: a run needs about"));
  g_assert_nonnull (strstr (r.err, "at a time"));
  g_assert_true (g_str_has_suffix (r.err, "\n") && strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);   /* header, 8 rows, "" */
  sh (rm);
}

/* A model whose weights do not fit at all: one clear line, no abort,
 * from train, lr-find and sweep alike. */
static void
test_model_too_large (void)
{
  static const char *const commands[] = { "train", "lr-find", "sweep" };

  if (g_strcmp0 (g_getenv ("LRLAB_SANITIZED"), "1") == 0 || !have_program ("prlimit"))
    {
      g_test_skip ("needs prlimit and no sanitizer");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Result) r = run_full (ARGS ("prlimit", "--as=300000000", "timeout", "120", "CLI", commands[i],
                                         "--optimizer", "adam", "--epochs", "1", "--lr-grid", "0.001:0.01:2",
                                         "--model", "mlp:hidden=8192/8000"), NULL, NULL);

      if (i != 2)   /* train and lr-find have no --lr-grid: run them without it */
        {
          result_clear (&r);
          r = run_full (ARGS ("prlimit", "--as=300000000", "timeout", "120", "CLI", commands[i],
                              "--optimizer", "adam", "--model", "mlp:hidden=8192/8000"), NULL, NULL);
        }
      assert_one_line_failure (&r, "not enough memory for the model mlp:hidden=8192/8000");
    }

  /* the Hessian of a model whose weights fit but whose Lanczos vectors
   * do not: hessian and train --sharpness-every say so */
  {
    g_autofree char *dir = g_dir_make_tmp ("lrlab-hess-XXXXXX", NULL);
    g_autofree char *weights = g_build_filename (dir, "w.safetensors", NULL);
    g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);
    g_auto(Result) t = run_full (ARGS ("CLI", "train", "--optimizer", "sgd", "--epochs", "1", "--model",
                                       "mlp:hidden=1024/1024", "--save-weights", weights), NULL, NULL);
    g_auto(Result) h = { 0 };
    g_auto(Result) s = { 0 };

    g_assert_cmpint (t.status, ==, 0);
    h = run_full (ARGS ("prlimit", "--as=300000000", "timeout", "120", "CLI", "hessian", "--weights", weights),
                  NULL, NULL);
    assert_one_line_failure (&h, "not enough memory for the Hessian of the model mlp:hidden=1024/1024");
    s = run_full (ARGS ("prlimit", "--as=300000000", "timeout", "120", "CLI", "train", "--optimizer", "sgd",
                        "--epochs", "1", "--model", "mlp:hidden=1024/1024", "--sharpness-every", "1"), NULL, NULL);
    assert_one_line_failure (&s, "not enough memory for the Hessian");
    g_assert_cmpstr (s.out, ==, "");
    sh (rm);
  }
}

/* Figures under a 200 MB address-space limit: drawn, every time (the
 * threads' malloc arenas took the address space, and Pango aborted when
 * it could not start a thread or fontconfig crashed). */
static void
test_render_memory_limit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-fig-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "f.png", NULL);
  g_autofree char *gif = g_build_filename (dir, "f.gif", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);

  if (g_strcmp0 (g_getenv ("LRLAB_SANITIZED"), "1") == 0 || !have_program ("prlimit"))
    {
      g_test_skip ("needs prlimit and no sanitizer");
      sh (rm);
      return;
    }
  for (guint k = 0; k < 8; k++)
    {
      g_auto(Result) r = k % 2 == 0
        ? run_full (ARGS ("prlimit", "--as=200000000", "timeout", "120", "CLI", "render", "--surface",
                          "rosenbrock", "--run", "sgd:lr=0.001", "-o", png), NULL, NULL)
        : run_full (ARGS ("prlimit", "--as=200000000", "timeout", "120", "CLI", "animate", "--surface",
                          "rosenbrock", "--run", "sgd:lr=0.001", "--size", "640x400", "-o", gif), NULL, NULL);

      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpint (r.status, ==, 0);
    }

  /* a figure far larger than the limit: one line, nothing written (a
   * buffer of the size asked for aborted) */
  g_assert_cmpint (g_remove (png), ==, 0);
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *name = g_build_filename (dir, k ? "huge.svg" : "huge.png", NULL);
      g_auto(Result) r = run_full (ARGS ("prlimit", "--as=400000000", "timeout", "120", "CLI", "render",
                                         "--surface", "rosenbrock", "--run", "sgd:lr=0.001", "--size",
                                         "8000x8000", "-o", name), NULL, NULL);

      assert_one_line_failure (&r, "not enough memory for a 8000x8000 figure");
      g_assert_cmpint (r.status, ==, 2);
      g_assert_false (g_file_test (name, G_FILE_TEST_EXISTS));
    }
  sh (rm);
}

/* ---- consistency ----------------------------------------------------------- */

/* An empty spec is an error everywhere, as --optimizer '' always was. */
static void
test_empty_specs (void)
{
  static const char *const cases[][12] = {
    { "CLI", "trajectory", "--surface", "bowl", "--optimizer", "sgd", "--schedule", "" },
    { "CLI", "compare", "--surface", "bowl", "--run", "sgd@" },
    { "CLI", "render", "--surface", "bowl", "--run", "sgd:lr=0.1@", "-o", "never.png" },
    { "CLI", "train", "--optimizer", "adam", "--schedule", "", "--epochs", "1" },
    { "CLI", "trajectory", "--surface", "bowl", "--optimizer", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = run_full (cases[i], NULL, NULL);

      assert_one_line_failure (&r, "empty spec");
      g_assert_cmpstr (r.out, ==, "");
    }
  g_assert_false (g_file_test ("never.png", G_FILE_TEST_EXISTS));
}

/* A sweep range above the optimizers' own cap is refused with the range,
 * the grid and the random search alike. */
static void
test_sweep_range_cap (void)
{
  static const char *const cases[][2] = {
    { "--lr-grid", "1e-3:1e13:2" },
    { "--lr-random", "1e-3:1e13:2" },
    { "--lr-random", "1e-3:1e400:2" },
    { "--lr-grid", "1e-320:1:2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = run_full (ARGS ("CLI", "sweep", "--optimizer", "sgd", cases[i][0], cases[i][1],
                                         "--epochs", "1", "--model", "mlp:hidden=4"), NULL, NULL);

      assert_one_line_failure (&r, "1e+12");
      g_assert_nonnull (strstr (r.err, i < 3 ? "above the largest learning rate" : "below the smallest"));
      g_assert_cmpstr (r.out, ==, "");
    }
}

/* A rate too small or too large for a double, or above the optimizers'
 * cap, is named as such, with the range, at either end of lr-find. */
static void
test_tiny_rate (void)
{
  static const char *const cases[][3] = {
    { "--start-lr", "1e-320", "below the smallest learning rate" },
    { "--end-lr", "1e13", "above the largest learning rate" },
    { "--end-lr", "1e400", "above the largest learning rate" },
    { "--start-lr", "1e13", "above the largest learning rate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = run_full (ARGS ("CLI", "lr-find", "--optimizer", "sgd", cases[i][0], cases[i][1]),
                                   NULL, NULL);

      assert_one_line_failure (&r, cases[i][2]);
      g_assert_nonnull (strstr (r.err, cases[i][0]));
      g_assert_nonnull (strstr (r.err, "1e+12"));
      g_assert_cmpint (r.status, ==, 2);
    }
}

/* @csv without its last column (the wall time). */
static char *
drop_seconds (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *comma = strrchr (lines[i], ',');

      if (comma != NULL)
        *comma = '\0';
      g_string_append_printf (out, "%s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

/* --threads and --parallel never change a result. */
static void
test_threads_parallel_neutral (void)
{
  g_auto(Result) t1 = run_full (ARGS ("CLI", "train", "--optimizer", "sgd:lr=0.1,momentum=0.9", "--epochs", "2",
                                      "--model", "mlp:hidden=200/100", "--threads", "1"), NULL, NULL);
  g_auto(Result) t3 = run_full (ARGS ("CLI", "train", "--optimizer", "sgd:lr=0.1,momentum=0.9", "--epochs", "2",
                                      "--model", "mlp:hidden=200/100", "--threads", "3"), NULL, NULL);
  g_auto(Result) s1 = run_full (ARGS ("CLI", "sweep", "--optimizer", "adam", "--lr-grid", "1e-4:1:5", "--epochs", "1",
                                      "--model", "mlp:hidden=16", "--parallel", "1"), NULL, NULL);
  g_auto(Result) s4 = run_full (ARGS ("CLI", "sweep", "--optimizer", "adam", "--lr-grid", "1e-4:1:5", "--epochs", "1",
                                      "--model", "mlp:hidden=16", "--parallel", "4"), NULL, NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  g_assert_cmpint (t1.status, ==, 0);
  g_assert_cmpint (t3.status, ==, 0);
  g_assert_cmpint (s1.status, ==, 0);
  g_assert_cmpint (s4.status, ==, 0);
  a = drop_seconds (t1.out);
  b = drop_seconds (t3.out);
  c = drop_seconds (s1.out);
  d = drop_seconds (s4.out);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, ==, d);
  g_assert_nonnull (strstr (a, "\n2,"));
}

/* ---- files ------------------------------------------------------------------ */

/* The same figure is the same bytes in every format, whenever it is drawn
 * (the PDF carried the time of day). */
static void
test_render_reproducible (void)
{
  static const char *const formats[] = { "png", "svg", "pdf" };
  g_autofree char *dir = g_dir_make_tmp ("lrlab-repro-XXXXXX", NULL);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *name = g_strdup_printf ("a.%s", formats[f]);
      g_autofree char *a = g_build_filename (dir, name, NULL);
      g_autofree char *b = g_strconcat (a, ".again.", formats[f], NULL);
      g_autofree char *da = NULL, *db = NULL;
      gsize la, lb;

      for (guint k = 0; k < 2; k++)
        {
          g_auto(Result) r = run_full (ARGS ("CLI", "render", "--surface", "bowl", "--run", "sgd:lr=0.1",
                                             "--size", "200x150", "-o", k ? b : a), NULL, NULL);

          g_assert_cmpstr (r.err, ==, "");
          g_assert_cmpint (r.status, ==, 0);
          if (k == 0)
            g_usleep (1100 * 1000);   /* another second on the clock */
        }
      g_assert_true (g_file_get_contents (a, &da, &la, NULL));
      g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
      g_assert_cmpmem (da, la, db, lb);
      g_assert_cmpint (g_remove (a), ==, 0);
      g_assert_cmpint (g_remove (b), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static Result
render_to (const char *path)
{
  return run_full (ARGS ("CLI", "render", "--surface", "bowl", "--run", "sgd:lr=0.1", "--size", "120x90",
                         "-o", path), NULL, NULL);
}

/* -o: a name of 254 bytes (the temporary name must fit too), a read-only
 * file refused like cp, a symbolic link written through. */
static void
test_render_output_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-out-XXXXXX", NULL);
  g_autofree char *base = g_strnfill (250, 'n');
  g_autofree char *long_name = g_strconcat (dir, "/", base, ".png", NULL);
  g_autofree char *ro = g_build_filename (dir, "ro.png", NULL);
  g_autofree char *real = g_build_filename (dir, "real.png", NULL);
  g_autofree char *link = g_build_filename (dir, "link.png", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);
  g_autofree char *contents = NULL;
  Result r;

  for (guint k = 0; k < 2; k++)   /* new, then replaced */
    {
      r = render_to (long_name);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpint (r.status, ==, 0);
      result_clear (&r);
    }

  g_assert_true (g_file_set_contents (ro, "keep", -1, NULL));
  g_assert_cmpint (chmod (ro, 0444), ==, 0);
  r = render_to (ro);
  assert_one_line_failure (&r, "read-only");
  result_clear (&r);
  g_assert_true (g_file_get_contents (ro, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep");
  g_clear_pointer (&contents, g_free);

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.png", link), ==, 0);
  r = render_to (link);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_cmpmem (contents, 4, "\x89PNG", 4);

  /* nothing but the outputs */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 4);
  }
  sh (rm);
}

/* Names in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* A render killed (SIGINT, SIGTERM) the moment its output starts to be
 * put in place leaves the folder as it was or the whole new figure,
 * never a temporary file or an empty new file beside it. */
static void
test_render_killed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-kill-XXXXXX", NULL);
  g_autofree char *ref = g_build_filename (dir, "ref.png", NULL);
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  g_autofree char *out = g_build_filename (work, "out.png", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", dir);
  g_autofree char *want = NULL;
  gsize want_len;
  static const int sigs[] = { SIGINT, SIGTERM };
  guint whole = 0, none = 0;

  {
    g_auto(Result) r = run_full (ARGS ("CLI", "render", "--surface", "rosenbrock", "--run", "sgd:lr=0.001",
                                       "--size", "3000x3000", "-o", ref), NULL, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_get_contents (ref, &want, &want_len, NULL));
  }
  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *left = NULL;
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, cli_path (), "render",
                                "--surface", "rosenbrock", "--run", "sgd:lr=0.001", "--size", "3000x3000",
                                "-o", out, NULL);
      g_assert_no_error (error);
      /* the first sign of the commit: the new file or a temporary one */
      for (;;)
        {
          g_autoptr(GDir) d = g_dir_open (work, 0, NULL);

          if (g_dir_read_name (d) != NULL || g_get_monotonic_time () > deadline)
            break;
        }
      g_subprocess_send_signal (child, sigs[round % 2]);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      left = list_dir (work);
      if (g_str_equal (left, ""))
        none++;
      else
        {
          g_autofree char *got = NULL;
          gsize got_len;

          g_assert_cmpstr (left, ==, "out.png");
          g_assert_true (g_file_get_contents (out, &got, &got_len, NULL));
          g_assert_cmpmem (got, got_len, want, want_len);
          g_assert_cmpint (g_remove (out), ==, 0);
          whole++;
        }
    }
  g_test_message ("killed renders: %u left nothing, %u the whole figure", none, whole);
  sh (rm);
}

/* ---- the app ------------------------------------------------------------------ */

/* 'lrlab somefile': one clear line and status 2, no GIO critical. */
static void
test_app_file_argument (void)
{
  const char *app = g_getenv ("LRLAB_APP");
  g_auto(Result) r = { 0 };

  if (app == NULL || !g_file_test (app, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the app is not built");
      return;
    }
  r = run_full (ARGS (app, "/etc/hostname"), NULL, (const char *[]) { "GSETTINGS_BACKEND=memory", NULL });
  assert_one_line_failure (&r, "hostname");
  g_assert_cmpint (r.status, ==, 2);
}

/* Settings out of range in a key file (a hand edit): the app starts
 * without a critical or a property warning. */
static void
test_app_bad_settings (void)
{
  const char *app = g_getenv ("LRLAB_APP");
  const char *schemas = g_getenv ("LRLAB_SCHEMA_DIR");
  g_autofree char *home = g_dir_make_tmp ("lrlab-kf-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (home, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *env_home = g_strconcat ("XDG_CONFIG_HOME=", home, NULL);
  g_autofree char *env_schemas = g_strconcat ("GSETTINGS_SCHEMA_DIR=", schemas, NULL);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", home);
  g_auto(Result) r = { 0 };

  if (app == NULL || !g_file_test (app, G_FILE_TEST_IS_EXECUTABLE) || schemas == NULL || *schemas == '\0' ||
      g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("needs the app, its schema and a display");
      sh (rm);
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, "[io/github/lrlab/LearningRateLab]\n"
                                      "window-width=-5\nwindow-height=-7\nspeed=nan\n", -1, NULL));
  r = run_full (ARGS ("timeout", "5", app), NULL,
                (const char *[]) { "GSETTINGS_BACKEND=keyfile", env_home, env_schemas, NULL });
  if (strstr (r.err, "CRITICAL") != NULL || strstr (r.err, "GLib-GObject-WARNING") != NULL)
    g_error ("the app warned about its settings:\n%s", r.err);
  sh (rm);
}

/* A symlink loop and a folder without read permission say so, not "no
 * such directory" or "no train-images-idx3-ubyte". */
static void
test_dataset_dir_messages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lrlab-dirs-XXXXXX", NULL);
  g_autofree char *loop = g_build_filename (dir, "loop", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *rm = g_strdup_printf ("chmod -R u+rwx '%s'; rm -r '%s'", dir, dir);
  g_auto(Result) r = { 0 };

  g_assert_cmpint (symlink ("loop", loop), ==, 0);
  r = run_full (ARGS ("CLI", "train", "--optimizer", "adam", "--dataset", loop), NULL, NULL);
  assert_one_line_failure (&r, g_strerror (ELOOP));
  result_clear (&r);

  write_blank_pair (dir, 10);
  g_assert_cmpint (g_mkdir (locked, 0700), ==, 0);
  g_assert_cmpint (chmod (locked, 0300), ==, 0);   /* no read permission */
  if (getuid () == 0 && have_program ("setpriv"))
    {
      g_assert_cmpint (chmod (dir, 0755), ==, 0);
      g_assert_cmpint (chmod (locked, 0333), ==, 0);
      r = run_full (ARGS ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "CLI", "train",
                          "--optimizer", "adam", "--dataset", locked), NULL, NULL);
    }
  else if (getuid () != 0)
    r = run_full (ARGS ("CLI", "train", "--optimizer", "adam", "--dataset", locked), NULL, NULL);
  else
    {
      g_test_message ("root without setpriv: permissions not checked");
      sh (rm);
      return;
    }
  assert_one_line_failure (&r, g_strerror (EACCES));
  sh (rm);
}

/* --dataset is a file name: any bytes the file system allows, in any
 * locale. */
static void
test_dataset_non_utf8_name (void)
{
  g_autofree char *parent = g_dir_make_tmp ("lrlab-names-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (parent, "d\xe9j\xe0-\xff", NULL);
  g_autofree char *weights = g_build_filename (dir, "w\xe9.safetensors", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -r '%s'", parent);
  Result r = { 0 };

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  write_blank_pair (dir, 20);
  r = run_full (ARGS ("CLI", "train", "--optimizer", "adam", "--epochs", "1", "--model", "mlp:hidden=4",
                      "--dataset", dir, "--save-weights", weights), NULL, (const char *[]) { "LC_ALL=C.UTF-8", NULL });
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = run_full (ARGS ("CLI", "hessian", "--weights", weights, "--dataset", dir), NULL,
                (const char *[]) { "LC_ALL=C.UTF-8", NULL });
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "rank,eigenvalue\n1,"));
  result_clear (&r);
  sh (rm);
}

int
main (int   argc,
      char *argv[])
{
  /* The system's reasons ("No space left on device") come in the
   * commands' language: the one this test runs in. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-faults/stdout-full", test_stdout_full);
  g_test_add_func ("/cli-faults/train-stops-at-failed-write", test_train_stops_at_failed_write);
  g_test_add_func ("/cli-faults/full-device", test_full_device);
  g_test_add_func ("/cli-faults/dataset-fifo", test_dataset_fifo);
  g_test_add_func ("/cli-faults/fifo-files", test_fifo_files);
  g_test_add_func ("/cli-faults/gzip-memory-limit", test_gzip_memory_limit);
  g_test_add_func ("/cli-faults/gzip-multi-member", test_gzip_multi_member);
  g_test_add_func ("/cli-faults/dataset-dir-messages", test_dataset_dir_messages);
  g_test_add_func ("/cli-faults/dataset-non-utf8-name", test_dataset_non_utf8_name);
  g_test_add_func ("/cli-faults/train-memory-limit", test_train_memory_limit);
  g_test_add_func ("/cli-faults/sweep-parallel-memory", test_sweep_parallel_memory);
  g_test_add_func ("/cli-faults/model-too-large", test_model_too_large);
  g_test_add_func ("/cli-faults/render-memory-limit", test_render_memory_limit);
  g_test_add_func ("/cli-faults/empty-specs", test_empty_specs);
  g_test_add_func ("/cli-faults/sweep-range-cap", test_sweep_range_cap);
  g_test_add_func ("/cli-faults/tiny-rate", test_tiny_rate);
  g_test_add_func ("/cli-faults/threads-parallel-neutral", test_threads_parallel_neutral);
  g_test_add_func ("/cli-faults/render-reproducible", test_render_reproducible);
  g_test_add_func ("/cli-faults/render-output-files", test_render_output_files);
  g_test_add_func ("/cli-faults/render-killed", test_render_killed);
  g_test_add_func ("/cli-faults/app-file-argument", test_app_file_argument);
  g_test_add_func ("/cli-faults/app-bad-settings", test_app_bad_settings);

  return g_test_run ();
}
