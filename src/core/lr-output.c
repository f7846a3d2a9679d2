/* lr-output.c: one way to write a file (or standard output), atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gprintf.h>

#include "lr-output.h"

struct _LrOutput {
  char       *path;     /* NULL: standard output */
  GByteArray *bytes;    /* what goes into the file */
  GError     *error;    /* the first failure */
};

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
      gssize n = write (STDOUT_FILENO, data, left);

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

static gboolean
commit (LrOutput  *output,
        GError   **error)
{
  g_autoptr(GError) local = NULL;

  if (output->path == NULL)
    return commit_stdout (output, error);
  /* a temporary file beside the target, synced and renamed over it */
  if (!g_file_set_contents_full (output->path, (const char *) output->bytes->data,
                                 output->bytes->len, G_FILE_SET_CONTENTS_CONSISTENT, 0666,
                                 &local))
    {
      g_set_error (error, local->domain, local->code, "cannot write '%s': %s", output->path,
                   error_reason (local));
      return FALSE;
    }
  return TRUE;
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
