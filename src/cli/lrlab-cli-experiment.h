/* lrlab-cli-experiment.h: --experiment FILE and --scene NAME, which stand for
 * the surface, the runs, the start and the steps of a command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-experiment.h"
#include "lrlab-cli-train-options.h"

G_BEGIN_DECLS

typedef struct {
  char *experiment;   /* a .lrlab file */
  char *scene;        /* a built-in scene's name */
} LrlabCliExperimentOptions;

#define LRLAB_CLI_EXPERIMENT_ENTRIES(o) \
  { "experiment", 0, 0, G_OPTION_ARG_FILENAME, &(o).experiment, "Take the surface, runs, start, steps and noise from an experiment file", "FILE.lrlab" }, \
  { "scene", 0, 0, G_OPTION_ARG_STRING, &(o).scene, "Take them from a built-in scene (see 'lrlab-cli scenes')", "NAME" }

/* The classifier commands' form: the file's classifier part, and which of
 * its runs (@run_index, a string option). */
#define LRLAB_CLI_EXPERIMENT_CLASSIFIER_ENTRIES(o, run_index) \
  { "experiment", 0, 0, G_OPTION_ARG_FILENAME, &(o).experiment, "Take the data set, model, batch size, epochs, seed, optimizer and schedule from an experiment file's classifier part", "FILE.lrlab" }, \
  { "scene", 0, 0, G_OPTION_ARG_STRING, &(o).scene, "Take them from a built-in scene's classifier part (see 'lrlab-cli scenes')", "NAME" }, \
  { "run", 0, 0, G_OPTION_ARG_STRING, &(run_index), "With --experiment or --scene: which run of its classifier part (from 0, default 0)", "N" }

void     lrlab_cli_experiment_options_clear (LrlabCliExperimentOptions *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LrlabCliExperimentOptions, lrlab_cli_experiment_options_clear)

/* With neither option, sets *@experiment to NULL and returns TRUE.  Else
 * loads the experiment and writes its surface, runs, start, steps and noise as
 * the texts of the options they stand for (the start and steps as text
 * that reads back exactly), so that the command's output is that of the
 * same settings given as options; giving any of those options too is an
 * error.  On an error prints one line and returns FALSE. */
gboolean lrlab_cli_experiment_apply_noisy (const char                *command,
                                           LrlabCliExperimentOptions *o,
                                           char                     **surface_text,
                                           char                    ***run_texts,
                                           char                     **start_text,
                                           char                     **steps_text,
                                           char                     **noise_text,
                                           LrExperiment             **experiment);
/* The same for a command without --noise: an experiment's noise is not
 * taken (nor refused). */
gboolean lrlab_cli_experiment_apply (const char                *command,
                                     LrlabCliExperimentOptions *o,
                                     char                     **surface_text,
                                     char                    ***run_texts,
                                     char                     **start_text,
                                     char                     **steps_text,
                                     LrExperiment             **experiment);

/* The classifier commands: with --experiment or --scene, writes what the
 * file's classifier part sets (data set, model, batch size, epochs, seed,
 * and the optimizer and schedule of run @run_index_text, default 0) into
 * @train as the texts of the options they stand for, so that the output is
 * that of the same settings given as options.  An option the file sets
 * given too, a file without a classifier part or a run that is not there:
 * one line, FALSE.  With neither option, TRUE (and --run is refused). */
gboolean lrlab_cli_experiment_apply_classifier (const char                *command,
                                                LrlabCliExperimentOptions *o,
                                                const char                *run_index_text,
                                                TrainOptions              *train);

int      lrlab_cli_cmd_scenes           (int                        argc,
                                         char                     **argv);

G_END_DECLS
