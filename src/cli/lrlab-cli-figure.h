/* lrlab-cli-figure.h: the options of a figure, shared by render and animate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-render.h"
#include "lrlab-cli-experiment.h"
#include "lrlab-cli-runs.h"

G_BEGIN_DECLS

typedef struct {
  char     *surface_text;
  char    **run_texts;
  char     *start_text;
  char     *steps_text;
  char     *noise_text;
  char     *layout;
  char     *plot;
  char     *size;
  char     *colormap;
  char     *style;
  gboolean  no_plots;
  gboolean  no_contours;
  LrlabCliExperimentOptions from;
} LrlabCliFigureOptions;

/* The figure's options (the surface, the runs, --start, --steps with
 * @steps_help, the layout, size, colours and parts) as GOptionEntry rows
 * written to @entries (room for LRLAB_CLI_FIGURE_N_ENTRIES), pointing into
 * @options; returns how many. */
#define LRLAB_CLI_FIGURE_N_ENTRIES 14
guint    lrlab_cli_figure_entries (LrlabCliFigureOptions *options,
                                   const char            *steps_help,
                                   GOptionEntry          *entries);
void     lrlab_cli_figure_options_clear (LrlabCliFigureOptions *options);

/* A figure ready to draw: the runs computed, the spec filled. */
typedef struct {
  LrSurface     *surface;
  LrlabCliRun   *runs;
  guint          n_runs;
  LrRenderRun   *render_runs;
  GPtrArray     *labels;
  LrRenderTheme  theme;
  LrFigureSpec   spec;
  int            width, height;
} LrlabCliFigure;

/* Checks @options and computes the runs (@steps_text instead of the
 * option's when not NULL) with their summaries at @step (G_MAXUINT: the
 * end); on an error prints one line and returns FALSE. */
gboolean lrlab_cli_figure_prepare (const char                  *command,
                                   LrlabCliFigureOptions       *options,
                                   const char                  *steps_text,
                                   guint                        step,
                                   LrlabCliFigure              *figure);
void     lrlab_cli_figure_clear   (LrlabCliFigure              *figure);

G_END_DECLS
