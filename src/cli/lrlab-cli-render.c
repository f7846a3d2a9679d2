/* lrlab-cli-render.c: lrlab-cli render — the runs of compare as a figure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lr-render.h"
#include "lrlab-cli.h"
#include "lrlab-cli-figure.h"

int
lrlab_cli_cmd_render (int    argc,
                      char **argv)
{
  const char *command = "render";
  LrlabCliFigureOptions options = { 0 };
  g_autofree char *step_text = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[LRLAB_CLI_FIGURE_N_ENTRIES + 3];
  guint n = lrlab_cli_figure_entries (&options, "Number of updates (default 100)", entries);
  LrlabCliFigure figure;
  guint step = G_MAXUINT;
  int status = 0;

  entries[n++] = (GOptionEntry) { "step", 0, 0, G_OPTION_ARG_STRING, &step_text, "Draw the frame at step N (default: the end)", "N" };
  entries[n++] = (GOptionEntry) { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file: .png, .svg or .pdf", "FILE" };
  entries[n] = (GOptionEntry) G_OPTION_ENTRY_NULL;

  if (!lrlab_cli_parse_options (command, "", "Draws the runs of compare as a PNG, SVG or PDF figure — the same "
                                "panels, plots and table as the app.", entries, &argc, &argv))
    status = LRLAB_CLI_EXIT_USAGE;
  else if (output == NULL)
    status = lrlab_cli_error (command, "missing -o FILE (.png, .svg or .pdf)");
  else
    {
      g_autofree char *lower = g_ascii_strdown (output, -1);

      if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") && !g_str_has_suffix (lower, ".pdf"))
        status = lrlab_cli_error (command, "-o: cannot tell the format of '%s'; end the name in .png, .svg or .pdf", output);
    }
  if (status == 0 && step_text != NULL)
    {
      double v;

      if (!lr_parse_double (step_text, &v) || v != floor (v) || v < 0 || v > LR_MAX_STEPS)
        status = lrlab_cli_error (command, "--step: '%s' is not a whole number from 0 to %d", step_text, LR_MAX_STEPS);
      step = (guint) v;
    }
  if (status == 0 && !lrlab_cli_figure_prepare (command, &options, NULL, step, &figure))
    status = LRLAB_CLI_EXIT_USAGE;
  else if (status == 0)
    {
      if (!lr_render_figure_to_file (output, figure.width, figure.height, &figure.spec, &error))
        status = lrlab_cli_error (command, "%s", error->message);
      lrlab_cli_figure_clear (&figure);
    }
  lrlab_cli_figure_options_clear (&options);
  return status;
}
