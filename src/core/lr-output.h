/* lr-output.h: one way to write a file (or standard output), atomically
 *
 * Figures, CSV and JSON are written through an LrOutput: the bytes are
 * gathered as they are produced, and lr_output_close() puts them in place
 * at once (a temporary file beside the target renamed over it), so a
 * failure or an abort leaves the target as it was and nothing beside it.
 * Standard output too is written at lr_output_close(), all at once; when
 * it is a regular file and the write fails (a full disk), the file is cut
 * back to where the output began.  The first error is kept and reported
 * by lr_output_close(); later writes are ignored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LrOutput LrOutput;

/* An output to @path; NULL or "-" is standard output. */
LrOutput   *lr_output_new        (const char  *path);
/* The target's name for messages: the path, or "standard output". */
const char *lr_output_get_name   (LrOutput    *output);

/* FALSE once any write (or lr_output_fail()) has failed. */
gboolean    lr_output_write      (LrOutput    *output,
                                  const void  *data,
                                  gsize        length);
gboolean    lr_output_puts       (LrOutput    *output,
                                  const char  *text);
/* Text for people may follow the locale; machine formats must format
 * their numbers with g_ascii_dtostr() or g_ascii_formatd() first. */
gboolean    lr_output_printf     (LrOutput    *output,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (2, 3);
/* Records a failure of whatever produces the bytes (takes @error), so the
 * output is not committed; ignored when an error is recorded already. */
void        lr_output_fail       (LrOutput    *output,
                                  GError      *error);
gboolean    lr_output_has_failed (LrOutput    *output);

/* Commits and frees @output: replaces the file with what was written, or
 * flushes standard output.  FALSE (and the first error) when anything
 * failed; the target is then untouched. */
gboolean    lr_output_close      (LrOutput    *output,
                                  GError     **error);
/* Frees @output without committing: the target stays as it was. */
void        lr_output_abort      (LrOutput    *output);

/* For a program that writes files and may be interrupted (the command
 * line): SIGINT, SIGTERM and SIGHUP end the process at once as before,
 * except while an output is being put in place; then the commit is
 * abandoned if it can still be (the temporary file removed, a new target
 * not created) or completed if the rename is under way, and the signal
 * takes effect right after.  A killed process leaves no temporary file,
 * no empty new file and no half-written standard output file.  Signals
 * ignored when this is called (nohup) stay ignored. */
void        lr_output_catch_interrupts (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrOutput, lr_output_abort)

G_END_DECLS
