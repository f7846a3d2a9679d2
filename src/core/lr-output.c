/* lr-output.c: one way to write a file (or standard output), atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gprintf.h>
#include <glib/gstdio.h>

#include "lr-output.h"

struct _LrOutput {
  char       *path;     /* NULL: standard output */
  GByteArray *bytes;    /* what goes into the file */
  GError     *error;    /* the first failure */
};

/* ---- interruptions ----------------------------------------------------- */

/* Set while an output is put in place; a signal that arrives then is
 * kept in `interrupted` and raised again once the commit has ended. */
static volatile sig_atomic_t committing;
static volatile sig_atomic_t interrupted;

static void
on_interrupt (int sig)
{
  if (committing)
    {
      interrupted = sig;
      return;
    }
  /* async-signal-safe: the default action, now */
  signal (sig, SIG_DFL);
  raise (sig);
}

void
lr_output_catch_interrupts (void)
{
#ifdef G_OS_UNIX
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    {
      struct sigaction old, act;

      if (sigaction (sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
        continue;
      memset (&act, 0, sizeof act);
      act.sa_handler = on_interrupt;
      act.sa_flags = SA_RESTART;
      sigemptyset (&act.sa_mask);
      sigaction (sigs[i], &act, NULL);
    }
#endif
}

/* After a commit: a signal that came during it takes effect now. */
static void
end_commit (void)
{
  int sig = interrupted;

  committing = 0;
  if (sig != 0)
    {
      signal (sig, SIG_DFL);
      raise (sig);
    }
}

/* ---- the output ---------------------------------------------------------- */

LrOutput *
lr_output_new (const char *path)
{
  LrOutput *output = g_new0 (LrOutput, 1);

  if (path != NULL && !g_str_equal (path, "-"))
    output->path = g_strdup (path);
  output->bytes = g_byte_array_new ();
  return output;
}

const char *
lr_output_get_name (LrOutput *output)
{
  g_return_val_if_fail (output != NULL, NULL);

  return output->path != NULL ? output->path : "standard output";
}

gboolean
lr_output_has_failed (LrOutput *output)
{
  g_return_val_if_fail (output != NULL, TRUE);

  return output->error != NULL;
}

void
lr_output_fail (LrOutput *output,
                GError   *error)
{
  g_return_if_fail (output != NULL);
  g_return_if_fail (error != NULL);

  if (output->error == NULL)
    output->error = error;
  else
    g_error_free (error);
}

gboolean
lr_output_write (LrOutput   *output,
                 const void *data,
                 gsize       length)
{
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (output->error != NULL)
    return FALSE;
  if (length > G_MAXUINT - output->bytes->len)
    {
      lr_output_fail (output, g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                           "cannot write %s%s%s: too large",
                                           output->path ? "'" : "", lr_output_get_name (output),
                                           output->path ? "'" : ""));
      return FALSE;
    }
  g_byte_array_append (output->bytes, data, (guint) length);
  return TRUE;
}

gboolean
lr_output_puts (LrOutput   *output,
                const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return lr_output_write (output, text, strlen (text));
}

gboolean
lr_output_printf (LrOutput   *output,
                  const char *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;
  int length;

  va_start (args, format);
  length = g_vasprintf (&text, format, args);
  va_end (args);
  if (length < 0)
    {
      lr_output_fail (output, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                           "cannot write '%s': bad text",
                                           lr_output_get_name (output)));
      return FALSE;
    }
  return lr_output_write (output, text, (gsize) length);
}

/* The reason at the end of a GLib file error ("…: No such file or
 * directory"), without the temporary file's name before it. */
static const char *
error_reason (const GError *error)
{
  const char *colon = strrchr (error->message, ':');

  return colon != NULL && colon[1] == ' ' ? colon + 2 : error->message;
}

/* Writes everything to standard output; when that is a regular file and
 * the write fails (a full disk), cuts the file back to where this output
 * began, so it never ends in the middle of a row. */
static gboolean
commit_stdout (LrOutput  *output,
               GError   **error)
{
  const guint8 *data = output->bytes->data;
  gsize left = output->bytes->len;
  off_t start;
  struct stat st;
  int saved = 0;

  if (fflush (stdout) != 0)
    saved = errno;
  start = lseek (STDOUT_FILENO, 0, SEEK_CUR);
  while (saved == 0 && left > 0)
    {
      /* interrupted: cut back like a failure, then the signal ends us */
      gssize n = interrupted ? (errno = EINTR, -1) : write (STDOUT_FILENO, data, MIN (left, 1 << 20));

      if (n < 0 && errno == EINTR && interrupted)
        {
          saved = EINTR;
          break;
        }

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        saved = n < 0 ? errno : ENOSPC;
      else
        {
          data += n;
          left -= (gsize) n;
        }
    }
  if (saved == 0)
    return TRUE;

  if (start >= 0 && fstat (STDOUT_FILENO, &st) == 0 && S_ISREG (st.st_mode))
    (void) !ftruncate (STDOUT_FILENO, start);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               "cannot write to standard output: %s", g_strerror (saved));
  return FALSE;
}

/* A GIO error about @path as the GLib file error callers expect. */
static void
set_file_error (GError       **error,
                const char    *path,
                const GError  *local)
{
  static const struct { int io; GFileError file; } map[] = {
    { G_IO_ERROR_NOT_FOUND, G_FILE_ERROR_NOENT },
    { G_IO_ERROR_PERMISSION_DENIED, G_FILE_ERROR_ACCES },
    { G_IO_ERROR_NO_SPACE, G_FILE_ERROR_NOSPC },
    { G_IO_ERROR_IS_DIRECTORY, G_FILE_ERROR_ISDIR },
    { G_IO_ERROR_NOT_DIRECTORY, G_FILE_ERROR_NOTDIR },
    { G_IO_ERROR_FILENAME_TOO_LONG, G_FILE_ERROR_NAMETOOLONG },
    { G_IO_ERROR_READ_ONLY, G_FILE_ERROR_ROFS },
    { G_IO_ERROR_TOO_MANY_LINKS, G_FILE_ERROR_LOOP },
  };
  GFileError code = G_FILE_ERROR_FAILED;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (local->domain == G_IO_ERROR && local->code == map[i].io)
      code = map[i].file;
  g_set_error (error, G_FILE_ERROR, code, "cannot write '%s': %s", path, error_reason (local));
}

/* The file that writing @path changes: a symbolic link is written
 * through (its target is replaced, the link stays), like most tools. */
static char *
resolve_target (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 32 && g_file_test (current, G_FILE_TEST_IS_SYMLINK); hops++)
    {
      g_autofree char *link = g_file_read_link (current, NULL);
      g_autofree char *dir = g_path_get_dirname (current);

      if (link == NULL)
        break;
      g_free (current);
      current = g_path_is_absolute (link) ? g_steal_pointer (&link) : g_build_filename (dir, link, NULL);
    }
  return g_steal_pointer (&current);
}

/* Refuses to replace a file the user may not write (as cp does), or
 * one nobody may write (read-only even to root). */
static gboolean
check_replaceable (const char  *target,
                   gboolean    *exists,
                   GError     **error)
{
  GStatBuf st;

  *exists = g_stat (target, &st) == 0;
  /* replacing a FIFO would open it and wait for a reader forever; a
   * device or socket is not a file to replace either */
  if (*exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_FAILED,
                   "cannot write '%s': %s", target,
                   S_ISDIR (st.st_mode) ? "it is a folder" : "not a regular file");
      return FALSE;
    }
  if (*exists && (access (target, W_OK) != 0 || (st.st_mode & 0222) == 0))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                   "cannot write '%s': the file is read-only (Permission denied)", target);
      return FALSE;
    }
  return TRUE;
}

/* GIO's replace: the bytes go to a temporary file beside the target (a
 * short name, whatever the target's length), synced and renamed over it.
 * A new file is first created empty, so that it too is replaced rather
 * than written in place. */
static gboolean
commit_file (LrOutput  *output,
             GError   **error)
{
  g_autofree char *target = resolve_target (output->path);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local = NULL;
  gboolean exists, ok;

  if (!check_replaceable (target, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_autoptr(GFileOutputStream) placeholder = g_file_create (file, G_FILE_CREATE_NONE, NULL, &local);

      if (placeholder == NULL || !g_output_stream_close (G_OUTPUT_STREAM (placeholder), NULL, &local))
        {
          set_file_error (error, output->path, local);
          return FALSE;
        }
    }

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &local);
  ok = stream != NULL &&
       g_output_stream_write_all (G_OUTPUT_STREAM (stream), output->bytes->data, output->bytes->len,
                                  NULL, NULL, &local);
  /* interrupted before the rename: abandoned like a failure */
  if (ok && interrupted)
    {
      g_set_error_literal (&local, G_IO_ERROR, G_IO_ERROR_CANCELLED, "interrupted");
      ok = FALSE;
    }
  ok = ok && g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local);
  if (!ok && stream != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (stream)))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* closing with a cancelled cancellable drops the temporary file */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
    }
  if (!ok)
    {
      if (!exists)
        (void) g_unlink (target);
      set_file_error (error, output->path, local);
    }
  return ok;
}

static gboolean
commit (LrOutput  *output,
        GError   **error)
{
  gboolean ok;

  committing = 1;
  ok = output->path == NULL ? commit_stdout (output, error) : commit_file (output, error);
  end_commit ();
  return ok;
}

gboolean
lr_output_close (LrOutput  *output,
                 GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (output->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&output->error));
      ok = FALSE;
    }
  else
    ok = commit (output, error);
  lr_output_abort (output);
  return ok;
}

void
lr_output_abort (LrOutput *output)
{
  if (output == NULL)
    return;
  g_clear_error (&output->error);
  g_byte_array_unref (output->bytes);
  g_free (output->path);
  g_free (output);
}
