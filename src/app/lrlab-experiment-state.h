/* lrlab-experiment-state.h: what the two pages show, as an experiment
 * (.lrlab) and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-experiment.h"
#include "lrlab-classifier-page.h"
#include "lrlab-surfaces-page.h"

G_BEGIN_DECLS

/* The experiment the pages show: the surfaces page's title, description,
 * surface, start, steps, layout, plot beside the loss, view, speed and runs,
 * and the classifier
 * page's data set, model, batch size, epochs, seed and runs.  @base (may be
 * NULL) is the experiment the pages were loaded from: its claims and lesson
 * steps, which the pages do not hold, are kept where they still fit the runs
 * and steps. */
LrExperiment *lrlab_experiment_state_capture (LrlabSurfacesPage   *surfaces,
                                              LrlabClassifierPage *classifier,
                                              const LrExperiment  *base);

/* Shows @experiment in the pages.  Everything is checked before either page
 * changes: on error (the message names the key) both show what they showed.
 * A relative data-set folder is taken from @folder (the file's folder; may
 * be NULL).  A file without a classifier part leaves that page as it is. */
gboolean      lrlab_experiment_state_apply   (LrlabSurfacesPage   *surfaces,
                                              LrlabClassifierPage *classifier,
                                              const LrExperiment  *experiment,
                                              GFile               *folder,
                                              GError             **error);

/* The parts that say what the experiment is, without the view box and the
 * speed (how it is looked at): equal texts mean nothing was changed. */
char         *lrlab_experiment_state_digest  (const LrExperiment  *experiment);

G_END_DECLS
