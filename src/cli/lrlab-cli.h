/* lrlab-cli.h: shared pieces of the lrlab-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit status for every usage or input error. */
#define LRLAB_CLI_EXIT_USAGE 2

/* Each command: argv[0] is the command name; returns the exit status.
 * Errors: one line "lrlab-cli COMMAND: message" on stderr, nothing on stdout,
 * status LRLAB_CLI_EXIT_USAGE (use lrlab_cli_error()). */
typedef int (*LrlabCliCommand) (int argc, char **argv);

int  lrlab_cli_cmd_train   (int argc, char **argv);
int  lrlab_cli_cmd_lr_find (int argc, char **argv);
int  lrlab_cli_cmd_sweep   (int argc, char **argv);
int  lrlab_cli_cmd_render  (int argc, char **argv);
int  lrlab_cli_cmd_hessian (int argc, char **argv);
int  lrlab_cli_cmd_landscape (int argc, char **argv);
int  lrlab_cli_cmd_animate (int argc, char **argv);

/* Prints "lrlab-cli COMMAND: MESSAGE" (a single line) to stderr and returns
 * LRLAB_CLI_EXIT_USAGE. */
int  lrlab_cli_error       (const char *command,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);

/* Exit status when an output cannot be written. */
#define LRLAB_CLI_EXIT_WRITE 1

/* Writes @data to @path atomically (temporary file + rename), "-" = stdout. */
gboolean lrlab_cli_write_file (const char  *path,
                               const char  *data,
                               gsize        len,
                               GError     **error);
/* lrlab_cli_write_file(), and on failure one line naming what could not
 * be written: returns 0, or LRLAB_CLI_EXIT_WRITE after the message. */
int      lrlab_cli_write      (const char  *command,
                               const char  *path,
                               const char  *data,
                               gsize        len);

/* Parses a GOptionEntry table for @command; on error prints one line and
 * returns FALSE.  --help prints the help text to stdout and exits 0. */
gboolean lrlab_cli_parse_options (const char          *command,
                                  const char          *parameter_string,
                                  const char          *summary,
                                  const GOptionEntry  *entries,
                                  int                 *argc,
                                  char              ***argv);

G_END_DECLS
