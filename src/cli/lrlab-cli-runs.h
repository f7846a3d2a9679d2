/* lrlab-cli-runs.h: runs on a surface, shared by compare, trajectory and render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-noise.h"
#include "lr-optimizer.h"
#include "lr-surface.h"
#include "lr-trajectory.h"

G_BEGIN_DECLS

/* The --noise option of every command that computes runs. */
#define LRLAB_CLI_NOISE_ENTRY(text) \
  { "noise", 0, 0, G_OPTION_ARG_STRING, &(text), "Gradient noise: each step adds N(0, S²/B) per coordinate, seeded (default none)", "sigma=S,batch=B,seed=N" }

/* Most runs in one compare or render. */
#define LRLAB_CLI_MAX_RUNS 64

typedef struct {
  LrOptimizerConfig  optimizer;
  char              *schedule;    /* NULL: constant */
  LrNoiseConfig      noise;       /* sigma 0: none */
  LrTrajectory      *trajectory;
  LrSummary          summary;
} LrlabCliRun;

gboolean   lrlab_cli_parse_steps   (const char        *command,
                                    const char        *text,
                                    guint             *steps);
gboolean   lrlab_cli_parse_point   (const char        *command,
                                    const char        *option,
                                    const char        *text,
                                    double            *x,
                                    double            *y);
/* --noise sigma=S,batch=B,seed=N; NULL: no noise (sigma 0). */
gboolean   lrlab_cli_parse_noise   (const char        *command,
                                    const char        *text,
                                    LrNoiseConfig     *noise);
LrSurface *lrlab_cli_parse_surface (const char        *command,
                                    const char        *text);
gboolean   lrlab_cli_parse_run     (const char        *command,
                                    const char        *text,
                                    LrlabCliRun       *run);
gboolean   lrlab_cli_compute_run   (const char        *command,
                                    const LrSurface   *surface,
                                    LrlabCliRun       *run,
                                    double             x0,
                                    double             y0,
                                    guint              steps);
void       lrlab_cli_run_clear     (LrlabCliRun       *run);
/* --surface, every --run, --start, --steps and --noise, parsed and
 * computed; on an error one line is printed and NULL returned. */
LrlabCliRun *lrlab_cli_compute_runs (const char       *command,
                                     const char       *surface_text,
                                     char            **run_texts,
                                     const char       *start_text,
                                     const char       *steps_text,
                                     const char       *noise_text,
                                     LrSurface       **surface,
                                     guint            *n_runs,
                                     double           *x0,
                                     double           *y0);
void       lrlab_cli_runs_free     (LrlabCliRun       *runs,
                                    guint              n_runs);
char      *lrlab_cli_format_gap    (double             gap);
void       lrlab_cli_format_table  (GString           *out,
                                    const char        *format,
                                    const LrSurface   *surface,
                                    const LrlabCliRun *runs,
                                    guint              n_runs,
                                    double             x0,
                                    double             y0);

G_END_DECLS
