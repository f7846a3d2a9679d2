/* lrlab-cli-figure.c: the options of a figure, shared by render and animate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lrlab-cli.h"
#include "lrlab-cli-figure.h"

guint
lrlab_cli_figure_entries (LrlabCliFigureOptions *o,
                          const char            *steps_help,
                          GOptionEntry          *entries)
{
  const GOptionEntry rows[LRLAB_CLI_FIGURE_N_ENTRIES] = {
    { "surface", 0, 0, G_OPTION_ARG_STRING, &o->surface_text, "Surface spec", "S" },
    { "run", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->run_texts, "A run, repeatable: OPTIMIZER[@SCHEDULE]", "O[@C]" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &o->start_text, "Start point (default: the surface's)", "X,Y" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &o->steps_text, steps_help, "N" },
    LRLAB_CLI_NOISE_ENTRY (o->noise_text),
    { "layout", 0, 0, G_OPTION_ARG_STRING, &o->layout, "One panel per run (grid, default) or all in one (overlay)", "grid|overlay" },
    { "plot", 0, 0, G_OPTION_ARG_STRING, &o->plot, "Beside the loss: the learning rate (rate, default) or the sharpness λmax against its limit 2/lr (sharpness)", "rate|sharpness" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &o->size, "Figure size in pixels (default 1280x800)", "WxH" },
    { "colormap", 0, 0, G_OPTION_ARG_STRING, &o->colormap, "viridis (default), diverging or grey", "NAME" },
    { "style", 0, 0, G_OPTION_ARG_STRING, &o->style, "light (default) or dark", "STYLE" },
    { "no-plots", 0, 0, G_OPTION_ARG_NONE, &o->no_plots, "Panels only, without the plots and the table", NULL },
    { "no-contours", 0, 0, G_OPTION_ARG_NONE, &o->no_contours, "No contour lines", NULL },
    LRLAB_CLI_EXPERIMENT_ENTRIES (o->from),
  };

  memcpy (entries, rows, sizeof rows);
  return G_N_ELEMENTS (rows);
}

void
lrlab_cli_figure_options_clear (LrlabCliFigureOptions *o)
{
  g_free (o->surface_text);
  g_strfreev (o->run_texts);
  g_free (o->start_text);
  g_free (o->steps_text);
  g_free (o->noise_text);
  g_free (o->layout);
  g_free (o->plot);
  g_free (o->size);
  g_free (o->colormap);
  g_free (o->style);
  lrlab_cli_experiment_options_clear (&o->from);
  memset (o, 0, sizeof *o);
}

static gboolean
check_options (const char                  *command,
               const LrlabCliFigureOptions *o,
               LrlabCliFigure              *figure)
{
  if (o->layout != NULL && !g_str_equal (o->layout, "grid") && !g_str_equal (o->layout, "overlay"))
    return lrlab_cli_error (command, "--layout: '%s' is not valid; valid: grid, overlay", o->layout), FALSE;
  if (o->plot != NULL && !g_str_equal (o->plot, "rate") && !g_str_equal (o->plot, "sharpness"))
    return lrlab_cli_error (command, "--plot: '%s' is not valid; valid: rate, sharpness", o->plot), FALSE;
  if (o->colormap != NULL && !g_str_equal (o->colormap, "viridis") &&
      !g_str_equal (o->colormap, "diverging") && !g_str_equal (o->colormap, "grey"))
    return lrlab_cli_error (command, "--colormap: '%s' is not valid; valid: viridis, diverging, grey",
                            o->colormap), FALSE;
  if (o->style != NULL && !g_str_equal (o->style, "light") && !g_str_equal (o->style, "dark"))
    return lrlab_cli_error (command, "--style: '%s' is not valid; valid: light, dark", o->style), FALSE;
  figure->width = 1280;
  figure->height = 800;
  if (o->size != NULL)
    {
      char *x = strchr (o->size, 'x');
      double w, h;
      g_autofree char *ws = x ? g_strndup (o->size, x - o->size) : NULL;

      if (x == NULL || !lr_parse_double (ws, &w) || !lr_parse_double (x + 1, &h) ||
          w != floor (w) || h != floor (h) || w < 64 || h < 64 || w > 8192 || h > 8192)
        return lrlab_cli_error (command, "--size: '%s' is not WIDTHxHEIGHT with sides from 64 to 8192",
                                o->size), FALSE;
      figure->width = (int) w;
      figure->height = (int) h;
    }
  return TRUE;
}

gboolean
lrlab_cli_figure_prepare (const char                  *command,
                          LrlabCliFigureOptions       *o,
                          const char                  *steps_text,
                          guint                        step,
                          LrlabCliFigure              *figure)
{
  LrFigureSpec *spec = &figure->spec;
  double x0 = 0, y0 = 0;

  memset (figure, 0, sizeof *figure);
  if (!check_options (command, o, figure))
    return FALSE;
  {
    g_autoptr(LrExperiment) experiment = NULL;

    if (!lrlab_cli_experiment_apply_noisy (command, &o->from, &o->surface_text, &o->run_texts,
                                           &o->start_text, &o->steps_text, &o->noise_text,
                                           &experiment))
      return FALSE;
    if (experiment != NULL && o->layout == NULL && experiment->layout != NULL)
      o->layout = g_strdup (experiment->layout);
    if (experiment != NULL && o->plot == NULL && experiment->plot != NULL)
      o->plot = g_strdup (experiment->plot);
  }
  figure->runs = lrlab_cli_compute_runs (command, o->surface_text, o->run_texts, o->start_text,
                                         steps_text != NULL ? steps_text : o->steps_text,
                                         o->noise_text,
                                         &figure->surface, &figure->n_runs, &x0, &y0);
  if (figure->runs == NULL)
    return FALSE;

  figure->labels = g_ptr_array_new_with_free_func (g_free);
  figure->render_runs = g_new0 (LrRenderRun, MAX (figure->n_runs, 1));
  for (guint i = 0; i < figure->n_runs; i++)
    {
      LrRenderRun *r = &figure->render_runs[i];

      r->trajectory = figure->runs[i].trajectory;
      lr_trajectory_summarize (r->trajectory, figure->surface, NULL,
                               step == G_MAXUINT ? G_MAXUINT : step + 1, &r->summary);
      g_ptr_array_add (figure->labels, lr_optimizer_config_describe (&figure->runs[i].optimizer));
      r->label = g_ptr_array_index (figure->labels, figure->labels->len - 1);
      g_ptr_array_add (figure->labels, lr_optimizer_config_title (&figure->runs[i].optimizer));
      r->title = g_ptr_array_index (figure->labels, figure->labels->len - 1);
      r->schedule = figure->runs[i].schedule;
      r->lr = lr_schedule_spec_characteristic_lr (r->schedule, figure->runs[i].optimizer.lr,
                                                  r->trajectory->n_points > 1 ? r->trajectory->n_points - 1 : 1);
      r->optimizer = &figure->runs[i].optimizer;
      r->theory_floor = lr_noise_theory_floor (figure->surface, &figure->runs[i].optimizer,
                                               figure->runs[i].schedule, &figure->runs[i].noise);
      lr_render_palette (i, &r->color);
    }

  lr_render_theme_init (&figure->theme, o->style != NULL && g_str_equal (o->style, "dark"),
                        MAX (1.0, figure->height / 900.0));
  spec->surface = figure->surface;
  lr_surface_get_view (figure->surface, &spec->view);
  spec->x0 = x0;
  spec->y0 = y0;
  spec->runs = figure->render_runs;
  spec->n_runs = figure->n_runs;
  spec->overlay = o->layout != NULL && g_str_equal (o->layout, "overlay");
  spec->sharpness = o->plot != NULL && g_str_equal (o->plot, "sharpness");
  spec->step = step;
  spec->colormap = lr_colormap_from_name (o->colormap);
  spec->contours = !o->no_contours;
  spec->plots = !o->no_plots;
  spec->theme = &figure->theme;
  return TRUE;
}

void
lrlab_cli_figure_clear (LrlabCliFigure *figure)
{
  if (figure->runs != NULL)
    lrlab_cli_runs_free (figure->runs, figure->n_runs);
  g_clear_pointer (&figure->labels, g_ptr_array_unref);
  g_clear_pointer (&figure->render_runs, g_free);
  g_clear_pointer (&figure->surface, lr_surface_free);
  memset (figure, 0, sizeof *figure);
}
