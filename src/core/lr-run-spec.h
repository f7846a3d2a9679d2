/* lr-run-spec.h: a run spec, OPTIMIZER[@SCHEDULE], as text and as parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-spec.h"

G_BEGIN_DECLS

typedef struct {
  LrSpec *optimizer;
  LrSpec *schedule;       /* NULL: constant */
} LrRunSpec;

/* Parses and checks "OPTIMIZER[@SCHEDULE]" ("sgd:lr=0.1@cosine:T_max=100"):
 * the optimizer first, then the schedule against the optimizer's learning
 * rate and momentum, so the first error is the one reported.  An empty
 * schedule ("sgd@") is the constant one.  Error columns count from the
 * start of the part they are in.  On failure @out is left cleared. */
gboolean lr_run_spec_parse  (const char      *text,
                             LrRunSpec       *out,
                             GError         **error);
/* Checks a run spec built from parts (e.g. --optimizer and --schedule). */
gboolean lr_run_spec_check  (const LrRunSpec *spec,
                             GError         **error);
/* "OPTIMIZER" or "OPTIMIZER@SCHEDULE", parseable by lr_run_spec_parse(). */
char    *lr_run_spec_format (const LrRunSpec *spec);
/* The schedule as text, "constant" when there is none. */
char    *lr_run_spec_format_schedule (const LrRunSpec *spec);
void     lr_run_spec_clear  (LrRunSpec       *spec);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LrRunSpec, lr_run_spec_clear)

G_END_DECLS
