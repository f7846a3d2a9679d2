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
#include "lrlab-cli-runs.h"

static char *
run_label (const LrlabCliRun *run)
{
  return lr_optimizer_config_describe (&run->optimizer);
}

/* The output's format and the named choices; 0 or the exit status of the
 * message about the first that is wrong. */
static int
check_choices (const char *command,
               const char *output,
               const char *layout,
               const char *colormap,
               const char *style)
{
  g_autofree char *lower = NULL;

  if (output == NULL)
    return lrlab_cli_error (command, "missing -o FILE (.png, .svg or .pdf)");
  lower = g_ascii_strdown (output, -1);
  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") && !g_str_has_suffix (lower, ".pdf"))
    return lrlab_cli_error (command, "-o: cannot tell the format of '%s'; end the name in .png, .svg or .pdf", output);
  if (layout != NULL && !g_str_equal (layout, "grid") && !g_str_equal (layout, "overlay"))
    return lrlab_cli_error (command, "--layout: '%s' is not valid; valid: grid, overlay", layout);
  if (colormap != NULL && !g_str_equal (colormap, "viridis") && !g_str_equal (colormap, "diverging") &&
      !g_str_equal (colormap, "grey"))
    return lrlab_cli_error (command, "--colormap: '%s' is not valid; valid: viridis, diverging, grey", colormap);
  if (style != NULL && !g_str_equal (style, "light") && !g_str_equal (style, "dark"))
    return lrlab_cli_error (command, "--style: '%s' is not valid; valid: light, dark", style);
  return 0;
}

/* "WxH" with whole sides from 64 to 8192. */
static gboolean
parse_size (const char *size,
            int        *width,
            int        *height)
{
  const char *x = strchr (size, 'x');
  g_autofree char *ws = x ? g_strndup (size, x - size) : NULL;
  double w, h;

  if (x == NULL || !lr_parse_double (ws, &w) || !lr_parse_double (x + 1, &h) ||
      w != floor (w) || h != floor (h) || w < 64 || h < 64 || w > 8192 || h > 8192)
    return FALSE;
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

/* The runs as the render library takes them, summarized at @step; their
 * labels are kept in @labels. */
static LrRenderRun *
render_runs_new (const LrlabCliRun *runs,
                 guint              n_runs,
                 const LrSurface   *surface,
                 guint              step,
                 GPtrArray         *labels)
{
  LrRenderRun *render_runs = g_new0 (LrRenderRun, n_runs);

  for (guint i = 0; i < n_runs; i++)
    {
      render_runs[i].trajectory = runs[i].trajectory;
      lr_trajectory_summarize (runs[i].trajectory, surface, NULL,
                               step == G_MAXUINT ? G_MAXUINT : step + 1, &render_runs[i].summary);
      g_ptr_array_add (labels, run_label (&runs[i]));
      render_runs[i].label = g_ptr_array_index (labels, labels->len - 1);
      render_runs[i].schedule = runs[i].schedule;
      lr_render_palette (i, &render_runs[i].color);
    }
  return render_runs;
}

int
lrlab_cli_cmd_render (int    argc,
                      char **argv)
{
  const char *command = "render";
  g_autofree char *surface_text = NULL;
  g_auto(GStrv) run_texts = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *steps_text = NULL;
  g_autofree char *layout = NULL;
  g_autofree char *size = NULL;
  g_autofree char *step_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *colormap = NULL;
  g_autofree char *style = NULL;
  gboolean no_plots = FALSE;
  gboolean no_contours = FALSE;
  g_autoptr(LrSurface) surface = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "surface", 0, 0, G_OPTION_ARG_STRING, &surface_text, "Surface spec", "S" },
    { "run", 0, 0, G_OPTION_ARG_STRING_ARRAY, &run_texts, "A run, repeatable: OPTIMIZER[@SCHEDULE]", "O[@C]" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text, "Start point (default: the surface's)", "X,Y" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &steps_text, "Number of updates (default 100)", "N" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &layout, "One panel per run (grid, default) or all in one (overlay)", "grid|overlay" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Figure size in pixels (default 1280x800)", "WxH" },
    { "step", 0, 0, G_OPTION_ARG_STRING, &step_text, "Draw the frame at step N (default: the end)", "N" },
    { "colormap", 0, 0, G_OPTION_ARG_STRING, &colormap, "viridis (default), diverging or grey", "NAME" },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style, "light (default) or dark", "STYLE" },
    { "no-plots", 0, 0, G_OPTION_ARG_NONE, &no_plots, "Panels only, without the plots and the table", NULL },
    { "no-contours", 0, 0, G_OPTION_ARG_NONE, &no_contours, "No contour lines", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file: .png, .svg or .pdf", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  LrlabCliRun *runs;
  g_autofree LrRenderRun *render_runs = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  LrRenderTheme theme;
  LrFigureSpec spec = { 0 };
  guint n_runs = 0, step = G_MAXUINT;
  int width = 1280, height = 800;
  double x0 = 0, y0 = 0;
  int status = 0;

  if (!lrlab_cli_parse_options (command, "", "Draws the runs of compare as a PNG, SVG or PDF figure — the same "
                                "panels, plots and table as the app.", entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  status = check_choices (command, output, layout, colormap, style);
  if (status != 0)
    return status;
  if (size != NULL && !parse_size (size, &width, &height))
    return lrlab_cli_error (command, "--size: '%s' is not WIDTHxHEIGHT with sides from 64 to 8192", size);
  if (step_text != NULL)
    {
      double v;

      if (!lr_parse_double (step_text, &v) || v != floor (v) || v < 0 || v > LR_MAX_STEPS)
        return lrlab_cli_error (command, "--step: '%s' is not a whole number from 0 to %d", step_text, LR_MAX_STEPS);
      step = (guint) v;
    }

  runs = lrlab_cli_compute_runs (command, surface_text, run_texts, start_text, steps_text,
                                 &surface, &n_runs, &x0, &y0);
  if (runs == NULL)
    return LRLAB_CLI_EXIT_USAGE;

  render_runs = render_runs_new (runs, n_runs, surface, step, labels);

  if (status == 0)
    {
      lr_render_theme_init (&theme, style != NULL && g_str_equal (style, "dark"), MAX (1.0, height / 900.0));
      spec.surface = surface;
      lr_surface_get_view (surface, &spec.view);
      spec.x0 = x0;
      spec.y0 = y0;
      spec.runs = render_runs;
      spec.n_runs = n_runs;
      spec.overlay = layout != NULL && g_str_equal (layout, "overlay");
      spec.step = step;
      spec.colormap = lr_colormap_from_name (colormap);
      spec.contours = !no_contours;
      spec.plots = !no_plots;
      spec.theme = &theme;

      if (!lr_render_figure_to_file (output, width, height, &spec, &error))
        status = lrlab_cli_error (command, "%s", error->message);
    }

  lrlab_cli_runs_free (runs, n_runs);
  return status;
}
