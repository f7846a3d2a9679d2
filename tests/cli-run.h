/* cli-run.h: running lrlab-cli (the path in $LRLAB_CLI) from a test and
 * keeping what it printed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *out;
  char *err;
  int   status;   /* the exit status; −1 when killed by a signal (a crash) */
} Result;

void   result_clear (Result             *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* lrlab-cli with the NULL-terminated @args. */
Result run_argv     (const char * const *args);

#define RUN(...) run_argv ((const char *[]) { __VA_ARGS__, NULL })

G_END_DECLS
