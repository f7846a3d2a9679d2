/* lr-expect.h: checking an experiment's claims against its runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-experiment.h"
#include "lr-trajectory.h"

G_BEGIN_DECLS

/* Whether @claim holds for the runs' summaries (@summaries[i] of run i).
 * @why, if not NULL, gets one line in English saying what was measured. */
gboolean lr_expectation_holds    (const LrExpectation *claim,
                                  const LrSummary     *summaries,
                                  guint                n_summaries,
                                  char               **why);

/* Checks every claim of @experiment; appends one line per claim to @report
 * ("ok: …" or "FAILED: …") and returns whether all hold. */
gboolean lr_experiment_check     (const LrExperiment  *experiment,
                                  const LrSummary     *summaries,
                                  guint                n_summaries,
                                  GString             *report);

G_END_DECLS
