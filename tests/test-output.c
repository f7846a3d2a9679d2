/* test-output.c: LrOutput replaces a file only once all of it is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>

#include "lr-output.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lr-output-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Success: the file holds exactly what was written, printf included. */
static void
test_output_replaces (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "table.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  LrOutput *output;

  write_text (path, "old contents\n");
  output = lr_output_new (path);
  g_assert_cmpstr (lr_output_get_name (output), ==, path);
  g_assert_true (lr_output_puts (output, "lr,loss\n"));
  g_assert_true (lr_output_printf (output, "%s,%d\n", "0.001", 42));
  g_assert_true (lr_output_write (output, "x", 1));
  /* nothing changes before the output is closed */
  text = read_text (path);
  g_assert_cmpstr (text, ==, "old contents\n");
  g_clear_pointer (&text, g_free);
  g_assert_true (lr_output_close (output, &error));
  g_assert_no_error (error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "lr,loss\n0.001,42\nx");
  /* no temporary file stays behind */
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

/* A missing directory: an error naming the file, and nothing written. */
static void
test_output_missing_directory (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", NULL);
  g_autofree char *path = g_build_filename (missing, "figure.svg", NULL);
  g_autoptr(GError) error = NULL;
  LrOutput *output = lr_output_new (path);

  g_assert_true (lr_output_puts (output, "<svg/>"));
  g_assert_false (lr_output_close (output, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 0);
  remove_dir (dir);
}

/* A failure while producing the bytes, or an abort: the old file stays, no
 * new one appears, and the first error is the one reported. */
static void
test_output_failure_keeps_old (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.png", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  LrOutput *output;

  write_text (path, "old figure");
  output = lr_output_new (path);
  g_assert_true (lr_output_puts (output, "half a fig"));
  lr_output_fail (output, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "first"));
  lr_output_fail (output, g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE, "second"));
  g_assert_true (lr_output_has_failed (output));
  g_assert_false (lr_output_puts (output, "ure"));
  g_assert_false (lr_output_close (output, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "first");
  text = read_text (path);
  g_assert_cmpstr (text, ==, "old figure");

  output = lr_output_new (path);
  g_assert_true (lr_output_puts (output, "new figure"));
  lr_output_abort (output);
  g_clear_pointer (&text, g_free);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "old figure");

  {
    g_autoptr(LrOutput) unused = lr_output_new (fresh);

    lr_output_puts (unused, "never committed");
  }
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

/* "-" and NULL are standard output, written when the output is closed. */
static void
test_output_stdout (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      LrOutput *output = lr_output_new ("-");

      g_assert_cmpstr (lr_output_get_name (output), ==, "standard output");
      lr_output_printf (output, "step,%s\n", "loss");
      g_assert_true (lr_output_close (output, &error));
      g_assert_no_error (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("step,loss\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/output/replaces", test_output_replaces);
  g_test_add_func ("/output/missing-directory", test_output_missing_directory);
  g_test_add_func ("/output/failure-keeps-old", test_output_failure_keeps_old);
  g_test_add_func ("/output/stdout", test_output_stdout);

  return g_test_run ();
}
