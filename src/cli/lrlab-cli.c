/* lrlab-cli.c: the headless twin of Learning Rate Lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <pthread.h>
#endif
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>

#include "lr-expect.h"
#include "lr-format.h"
#include "lr-noise.h"
#include "lr-optimizer.h"
#include "lr-rate-words.h"
#include "lr-run-spec.h"
#include "lr-output.h"
#include "lr-schedule.h"
#include "lr-surface.h"
#include "lr-trajectory.h"
#include "lrlab-cli.h"
#include "lrlab-cli-experiment.h"
#include "lrlab-cli-runs.h"

#define DEFAULT_STEPS 100

int
lrlab_cli_error (const char *command,
                 const char *format,
                 ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, always. */
  g_strdelimit (msg, "\r\n", ' ');
  fflush (stdout);
  fprintf (stderr, "lrlab-cli%s%s: %s\n", command ? " " : "", command ? command : "", msg);

  return LRLAB_CLI_EXIT_USAGE;
}

gboolean
lrlab_cli_write_file (const char  *path,
                      const char  *data,
                      gsize        len,
                      GError     **error)
{
  /* "-" is standard output; a file is replaced only once all is written */
  LrOutput *output = lr_output_new (path);

  lr_output_write (output, data, len);
  return lr_output_close (output, error);
}

/* Set once a failed write of standard output has been reported. */
static gboolean stdout_failure_reported;

int
lrlab_cli_write (const char *command,
                 const char *path,
                 const char *data,
                 gsize       len)
{
  g_autoptr(GError) error = NULL;

  if (lrlab_cli_write_file (path, data, len, &error))
    return 0;
  if (path == NULL || g_str_equal (path, "-"))
    stdout_failure_reported = TRUE;
  lrlab_cli_error (command, "%s", error->message);
  return LRLAB_CLI_EXIT_WRITE;
}

/* At exit: whatever went to standard output (help texts, the version) must
 * have reached it; a failure the command did not report is reported here. */
static void
check_stdout_at_exit (void)
{
  int failed = fflush (stdout) != 0 ? errno : 0;

  if (stdout_failure_reported || (failed == 0 && !ferror (stdout)))
    return;
  /* GLib's help printer flushes and drops the error code: then no reason. */
  if (failed != 0)
    fprintf (stderr, "lrlab-cli: cannot write to standard output: %s\n", g_strerror (failed));
  else
    fprintf (stderr, "lrlab-cli: cannot write to standard output\n");
  _exit (LRLAB_CLI_EXIT_WRITE);
}

gboolean
lrlab_cli_parse_options (const char          *command,
                         const char          *parameter_string,
                         const char          *summary,
                         const GOptionEntry  *entries,
                         int                 *argc,
                         char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("lrlab-cli %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      lrlab_cli_error (command, "%s (see 'lrlab-cli %s --help')", error->message, command);
      return FALSE;
    }

  if (*argc > 1)
    {
      lrlab_cli_error (command, "unexpected argument '%s' (see 'lrlab-cli %s --help')",
                       (*argv)[1], command);
      return FALSE;
    }

  return TRUE;
}

/* ---- listings -------------------------------------------------------- */

static void
append_params (GString          *out,
               const LrKindInfo *kind)
{
  for (guint i = 0; i < kind->n_params; i++)
    {
      const LrParamInfo *info = &kind->params[i];
      g_autofree char *def = lr_param_format_default (info);
      g_autofree char *extra = NULL;

      if (info->type == LR_PARAM_CHOICE)
        {
          g_autofree char *choices = g_strdup (info->choices);
          g_strdelimit (choices, "|", ',');
          extra = g_strdup_printf (" (one of %s)", choices);
        }
      else if (info->type == LR_PARAM_BOOL)
        extra = g_strdup (" (true or false)");
      else if (info->type == LR_PARAM_LIST)
        extra = g_strdup (" (whole numbers separated by '/')");

      g_string_append_printf (out, "    %-26s %s%s  [default %s]\n",
                              info->key, info->blurb ? info->blurb : "",
                              extra ? extra : "", *def ? def : "none");
    }
}

static int
cmd_list (int    argc,
          char **argv)
{
  const char *command = argv[0];
  g_autoptr(GString) out = g_string_new (NULL);
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  const LrKindInfo *kinds;
  guint n_kinds = 0;

  if (!lrlab_cli_parse_options (command, "", "List the names, keys and defaults accepted in specs.",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if (g_str_equal (command, "surfaces"))
    kinds = lr_surface_kinds (&n_kinds);
  else if (g_str_equal (command, "optimizers"))
    kinds = lr_optimizer_kinds (&n_kinds);
  else
    kinds = lr_schedule_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      const LrKindInfo *kind = &kinds[i];

      g_string_append_printf (out, "%s\n    %s\n", kind->name, kind->blurb ? kind->blurb : "");

      if (g_str_equal (command, "surfaces") && !g_str_equal (kind->name, "expr"))
        {
          g_autoptr(LrSurface) surface = lr_surface_new (kind->name, NULL);
          const LrPoint *minima = NULL;
          guint n_minima;
          LrBox view;
          double sx, sy, fmin;

          if (surface != NULL)
            {
              lr_surface_get_view (surface, &view);
              lr_surface_get_start (surface, &sx, &sy);
              n_minima = lr_surface_get_minima (surface, &minima);
              g_string_append_printf (out, "    f(x, y) = %s\n", lr_surface_get_formula (surface));
              g_string_append_printf (out, "    view [%g, %g] × [%g, %g], start (%g, %g), %s colour scale\n",
                                      view.xmin, view.xmax, view.ymin, view.ymax, sx, sy,
                                      lr_surface_get_color_scale (surface) == LR_COLOR_SCALE_LOG ? "log" : "linear");
              if (lr_surface_get_min_value (surface, &fmin) && n_minima > 0)
                {
                  g_string_append (out, "    minimum ");
                  for (guint m = 0; m < n_minima; m++)
                    g_string_append_printf (out, "%s(%.6g, %.6g)", m ? ", " : "", minima[m].x, minima[m].y);
                  g_string_append_printf (out, " with f = %.8g\n", fmin);
                }
              else
                g_string_append (out, "    no minimum (unbounded below)\n");
            }
        }
      else if (g_str_equal (command, "surfaces"))
        g_string_append (out, "    expr:FORMULA — numbers, x, y, pi, e, + - * / ^, parentheses,\n"
                              "    sin cos tan exp log sqrt abs tanh sinh cosh atan\n");

      append_params (out, kind);
      g_string_append_c (out, '\n');
    }

  return lrlab_cli_write (command, "-", out->str, out->len);
}

/* ---- shared option parsing -------------------------------------------- */

gboolean
lrlab_cli_parse_steps (const char *command,
                       const char *text,
                       guint      *steps)
{
  double v;

  if (text == NULL)
    {
      *steps = DEFAULT_STEPS;
      return TRUE;
    }
  if (!lr_parse_double (text, &v) || v != floor (v) || v < 0 || v > LR_MAX_STEPS)
    {
      lrlab_cli_error (command, "--steps: '%s' is not a whole number from 0 to %d",
                       text, LR_MAX_STEPS);
      return FALSE;
    }
  *steps = (guint) v;
  return TRUE;
}

gboolean
lrlab_cli_parse_point (const char *command,
                       const char *option,
                       const char *text,
                       double     *x,
                       double     *y)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 2 ||
      !lr_parse_double (g_strstrip (parts[0]), x) ||
      !lr_parse_double (g_strstrip (parts[1]), y))
    {
      lrlab_cli_error (command, "%s: '%s' is not a point; write X,Y as in -1.5,2", option, text);
      return FALSE;
    }
  if (fabs (*x) > LR_DIVERGENCE_BOUND || fabs (*y) > LR_DIVERGENCE_BOUND)
    {
      lrlab_cli_error (command, "%s: '%s' is outside ±%g", option, text, LR_DIVERGENCE_BOUND);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrlab_cli_parse_noise (const char    *command,
                       const char    *text,
                       LrNoiseConfig *noise)
{
  g_autoptr(GError) error = NULL;

  *noise = (LrNoiseConfig) { 0, 1, 0 };
  if (text == NULL)
    return TRUE;
  if (!lr_noise_config_parse (text, noise, &error))
    {
      const char *msg = error->message;

      if (g_str_has_prefix (msg, "noise: "))
        msg += strlen ("noise: ");
      lrlab_cli_error (command, "--noise: %s", msg);
      return FALSE;
    }
  return TRUE;
}

LrSurface *
lrlab_cli_parse_surface (const char *command,
                         const char *text)
{
  g_autoptr(GError) error = NULL;
  LrSurface *surface;

  if (text == NULL)
    {
      lrlab_cli_error (command, "missing --surface (see 'lrlab-cli surfaces')");
      return NULL;
    }
  surface = lr_surface_new (text, &error);
  if (surface == NULL)
    lrlab_cli_error (command, "--surface: %s", error->message);
  return surface;
}

void
lrlab_cli_run_clear (LrlabCliRun *run)
{
  g_clear_pointer (&run->schedule, g_free);
  g_clear_pointer (&run->trajectory, lr_trajectory_free);
}

/* Fills @run from a checked run spec. */
static void
run_from_spec (const LrRunSpec *spec,
               LrlabCliRun     *run)
{
  memset (run, 0, sizeof *run);
  /* Cannot fail: lr_run_spec_parse/_check has accepted it. */
  lr_optimizer_config_from_spec (spec->optimizer, &run->optimizer, NULL);
  if (spec->schedule != NULL)
    run->schedule = lr_spec_to_string (spec->schedule);
}

/* "OPTIMIZER[@SCHEDULE]" */
gboolean
lrlab_cli_parse_run (const char  *command,
                     const char  *text,
                     LrlabCliRun *run)
{
  g_autoptr(GError) error = NULL;
  g_auto(LrRunSpec) spec = { 0 };

  memset (run, 0, sizeof *run);
  if (!lr_run_spec_parse (text, &spec, &error))
    {
      lrlab_cli_error (command, "--run '%s': %s", text, error->message);
      return FALSE;
    }
  run_from_spec (&spec, run);
  return TRUE;
}

/* --optimizer and --schedule of one run; the message names the option. */
static gboolean
parse_run_options (const char  *command,
                   const char  *optimizer_text,
                   const char  *schedule_text,
                   LrlabCliRun *run)
{
  g_autoptr(GError) error = NULL;
  g_auto(LrRunSpec) spec = { 0 };

  memset (run, 0, sizeof *run);
  if (strchr (optimizer_text, '@') != NULL)
    {
      lrlab_cli_error (command, "--optimizer: unexpected '@' in '%s' (use --schedule)", optimizer_text);
      return FALSE;
    }
  if (!lr_run_spec_parse (optimizer_text, &spec, &error))
    {
      lrlab_cli_error (command, "--optimizer: %s", error->message);
      return FALSE;
    }
  if (schedule_text != NULL &&
      (!(spec.schedule = lr_spec_parse (schedule_text, &error)) ||
       !lr_run_spec_check (&spec, &error)))
    {
      lrlab_cli_error (command, "--schedule: %s", error->message);
      return FALSE;
    }
  run_from_spec (&spec, run);
  return TRUE;
}

gboolean
lrlab_cli_compute_run (const char      *command,
                       const LrSurface *surface,
                       LrlabCliRun     *run,
                       double           x0,
                       double           y0,
                       guint            steps)
{
  g_autoptr(GError) error = NULL;

  run->trajectory = lr_trajectory_compute_noisy (surface, &run->optimizer, run->schedule,
                                                 &run->noise, x0, y0, steps, &error);
  if (run->trajectory == NULL)
    {
      lrlab_cli_error (command, "%s", error->message);
      return FALSE;
    }
  lr_trajectory_summarize (run->trajectory, surface, NULL, G_MAXUINT, &run->summary);
  return TRUE;
}

LrlabCliRun *
lrlab_cli_compute_runs (const char  *command,
                        const char  *surface_text,
                        char       **run_texts,
                        const char  *start_text,
                        const char  *steps_text,
                        const char  *noise_text,
                        LrSurface  **surface_out,
                        guint       *n_runs_out,
                        double      *x0,
                        double      *y0)
{
  g_autoptr(LrSurface) surface = NULL;
  LrlabCliRun *runs;
  LrNoiseConfig noise;
  guint n_runs, steps;

  if (!(surface = lrlab_cli_parse_surface (command, surface_text)))
    return NULL;
  if (run_texts == NULL || run_texts[0] == NULL)
    {
      lrlab_cli_error (command, "missing --run (give one or more, e.g. --run sgd:lr=0.01 --run adam:lr=0.1)");
      return NULL;
    }
  n_runs = g_strv_length (run_texts);
  if (n_runs > LRLAB_CLI_MAX_RUNS)
    {
      lrlab_cli_error (command, "%u runs is too many; the limit is %d", n_runs, LRLAB_CLI_MAX_RUNS);
      return NULL;
    }

  lr_surface_get_start (surface, x0, y0);
  if (start_text != NULL && !lrlab_cli_parse_point (command, "--start", start_text, x0, y0))
    return NULL;
  if (!lrlab_cli_parse_steps (command, steps_text, &steps) ||
      !lrlab_cli_parse_noise (command, noise_text, &noise))
    return NULL;

  runs = g_new0 (LrlabCliRun, n_runs);
  for (guint i = 0; i < n_runs; i++)
    {
      gboolean ok = lrlab_cli_parse_run (command, run_texts[i], &runs[i]);

      /* every run sees the same noise: one seed, one sequence each */
      runs[i].noise = noise;
      if (!ok || !lrlab_cli_compute_run (command, surface, &runs[i], *x0, *y0, steps))
        {
          lrlab_cli_runs_free (runs, n_runs);
          return NULL;
        }
    }

  *surface_out = g_steal_pointer (&surface);
  *n_runs_out = n_runs;
  return runs;
}

void
lrlab_cli_runs_free (LrlabCliRun *runs,
                     guint        n_runs)
{
  if (runs == NULL)
    return;
  for (guint i = 0; i < n_runs; i++)
    lrlab_cli_run_clear (&runs[i]);
  g_free (runs);
}

/* ---- trajectory ------------------------------------------------------- */

static void
write_trajectory_csv (GString           *out,
                      const LrlabCliRun *run)
{
  g_string_append (out, "step,lr,x,y,loss,grad_x,grad_y\n");
  for (guint k = 0; k < run->trajectory->n_points; k++)
    {
      const LrTrajPoint *pt = &run->trajectory->points[k];

      g_string_append_printf (out, "%u,", k);
      lr_format_csv_number (out, pt->lr, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, pt->x, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, pt->y, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, pt->loss, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, pt->gx, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, pt->gy, LR_NUMBER_G17);
      g_string_append_c (out, '\n');
    }
}

static void
write_trajectory_json (GString           *out,
                       const LrSurface   *surface,
                       const LrlabCliRun *run,
                       double             x0,
                       double             y0,
                       guint              steps)
{
  g_autofree char *surface_spec = lr_surface_to_spec (surface);
  g_autofree char *opt_spec = lr_optimizer_config_to_spec (&run->optimizer);

  g_string_append (out, "{\n  \"surface\": ");
  lr_format_json_string (out, surface_spec);
  g_string_append (out, ",\n  \"optimizer\": ");
  lr_format_json_string (out, opt_spec);
  g_string_append (out, ",\n  \"schedule\": ");
  lr_format_json_string (out, run->schedule ? run->schedule : "constant");
  g_string_append (out, ",\n  \"start\": [");
  lr_format_json_number (out, x0, LR_NUMBER_G17);
  g_string_append (out, ", ");
  lr_format_json_number (out, y0, LR_NUMBER_G17);
  g_string_append_printf (out, "],\n  \"steps\": %u,\n  \"noise\": ", steps);
  if (run->noise.sigma > 0)
    {
      g_autofree char *noise_spec = lr_noise_config_to_spec (&run->noise);

      lr_format_json_string (out, noise_spec);
    }
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\n  \"diverged\": %s,\n  \"diverged_step\": ",
                          run->trajectory->diverged ? "true" : "false");
  lr_format_json_int (out, run->trajectory->diverged_step, run->trajectory->diverged);
  g_string_append (out, ",\n  \"summary\": {\"steps_to_converge\": ");
  lr_format_json_int (out, run->summary.steps_to_converge, run->summary.steps_to_converge >= 0);
  g_string_append (out, ", \"final_loss_gap\": ");
  lr_format_json_number (out, run->summary.final_loss_gap, LR_NUMBER_G17);
  g_string_append (out, ", \"final_distance\": ");
  lr_format_json_number (out, run->summary.final_distance, LR_NUMBER_G17);
  g_string_append (out, ", \"final_grad_norm\": ");
  lr_format_json_number (out, run->summary.final_grad_norm, LR_NUMBER_G17);
  g_string_append (out, ", \"noise_floor\": ");
  lr_format_json_number (out, run->summary.noise_floor, LR_NUMBER_G17);
  g_string_append (out, ", \"steps_to_floor\": ");
  lr_format_json_int (out, run->summary.steps_to_floor, run->summary.steps_to_floor >= 0);
  g_string_append_printf (out, ", \"verdict\": \"%s\"},\n  \"critical_lr\": ",
                          lr_verdict_to_string (run->summary.verdict));
  lr_format_json_number (out, lr_critical_lr (surface, &run->optimizer, x0, y0), LR_NUMBER_G17);
  g_string_append (out, ",\n  \"points\": [\n");
  for (guint k = 0; k < run->trajectory->n_points; k++)
    {
      const LrTrajPoint *pt = &run->trajectory->points[k];

      g_string_append_printf (out, "    {\"step\": %u, \"lr\": ", k);
      lr_format_json_number (out, pt->lr, LR_NUMBER_G17);
      g_string_append (out, ", \"x\": ");
      lr_format_json_number (out, pt->x, LR_NUMBER_G17);
      g_string_append (out, ", \"y\": ");
      lr_format_json_number (out, pt->y, LR_NUMBER_G17);
      g_string_append (out, ", \"loss\": ");
      lr_format_json_number (out, pt->loss, LR_NUMBER_G17);
      g_string_append (out, ", \"grad_x\": ");
      lr_format_json_number (out, pt->gx, LR_NUMBER_G17);
      g_string_append (out, ", \"grad_y\": ");
      lr_format_json_number (out, pt->gy, LR_NUMBER_G17);
      g_string_append (out, ", \"effective_lr\": ");
      lr_format_json_number (out, pt->effective_lr, LR_NUMBER_G17);
      g_string_append_printf (out, "}%s\n", k + 1 < run->trajectory->n_points ? "," : "");
    }
  g_string_append (out, "  ]\n}\n");
}

/* --experiment/--scene with --run N: the texts of the options they stand for. */
static gboolean
trajectory_from_experiment (const char                *command,
                            LrlabCliExperimentOptions *from,
                            const char                *run_index_text,
                            char                     **surface_text,
                            char                     **optimizer_text,
                            char                     **schedule_text,
                            char                     **start_text,
                            char                     **steps_text,
                            char                     **noise_text)
{
  g_autoptr(LrExperiment) experiment = NULL;
  g_auto(GStrv) run_texts = NULL;
  const LrExperimentRun *run;
  double index = 0;

  if (from->experiment == NULL && from->scene == NULL)
    {
      if (run_index_text != NULL)
        return lrlab_cli_error (command, "--run needs --experiment or --scene (the run is --optimizer and --schedule)"), FALSE;
      return TRUE;
    }
  if (*optimizer_text != NULL || *schedule_text != NULL)
    return lrlab_cli_error (command, "%s stands for --optimizer and --schedule too; choose its run with --run N",
                            from->scene ? "--scene" : "--experiment"), FALSE;
  if (!lrlab_cli_experiment_apply_noisy (command, from, surface_text, &run_texts, start_text,
                                         steps_text, noise_text, &experiment))
    return FALSE;
  if (run_index_text != NULL &&
      (!lr_parse_double (run_index_text, &index) || index != floor (index) || index < 0 ||
       index >= experiment->runs->len))
    return lrlab_cli_error (command, "--run: '%s' is not a run of the experiment; valid: 0 to %u",
                            run_index_text, experiment->runs->len - 1), FALSE;
  run = g_ptr_array_index (experiment->runs, (guint) index);
  *optimizer_text = g_strdup (run->optimizer);
  *schedule_text = g_strdup (run->schedule);
  return TRUE;
}

static int
cmd_trajectory (int    argc,
                char **argv)
{
  const char *command = "trajectory";
  g_autofree char *surface_text = NULL;
  g_autofree char *optimizer_text = NULL;
  g_autofree char *schedule_text = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *steps_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *run_index_text = NULL;
  g_autofree char *noise_text = NULL;
  g_auto(LrlabCliExperimentOptions) from = { NULL, NULL };
  g_autoptr(LrSurface) surface = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *help = g_strdup_printf (
    "Runs one optimizer on a surface and prints every point.\n\n"
    "Row k holds the point after k updates, its loss and gradient, and the\n"
    "learning rate used for update k (row 0: the rate of the first update).\n"
    "A run that leaves ±%g or produces a non-finite value stops there.\n"
    "With --noise each update sees the exact gradient plus independent\n"
    "Gaussian noise of variance S²/B per coordinate from seed N (the rows\n"
    "keep the exact gradient); one seed gives the same bytes everywhere.\n"
    "At most %d steps.", LR_DIVERGENCE_BOUND, LR_MAX_STEPS);
  const GOptionEntry entries[] = {
    { "surface", 0, 0, G_OPTION_ARG_STRING, &surface_text, "Surface spec, e.g. rosenbrock:b=100 or expr:x^2+y^2", "S" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &optimizer_text, "Optimizer spec, e.g. sgd:lr=0.01,momentum=0.9", "O" },
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &schedule_text, "Schedule spec, e.g. cosine:T_max=200 (default constant)", "C" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text, "Start point (default: the surface's)", "X,Y" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &steps_text, "Number of updates (default 100)", "N" },
    LRLAB_CLI_NOISE_ENTRY (noise_text),
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: csv (default) or json", "csv|json" },
    LRLAB_CLI_EXPERIMENT_ENTRIES (from),
    { "run", 0, 0, G_OPTION_ARG_STRING, &run_index_text, "With --experiment or --scene: which of its runs (from 0, default 0)", "N" },
    G_OPTION_ENTRY_NULL
  };
  LrlabCliRun run = { 0 };
  double x0, y0;
  guint steps;
  gboolean json;

  if (!lrlab_cli_parse_options (command, "", help, entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;
  if (!trajectory_from_experiment (command, &from, run_index_text, &surface_text, &optimizer_text,
                                   &schedule_text, &start_text, &steps_text, &noise_text))
    return LRLAB_CLI_EXIT_USAGE;

  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return lrlab_cli_error (command, "--format: '%s' is not valid; valid: csv, json", format);
  json = format != NULL && g_str_equal (format, "json");

  if (!(surface = lrlab_cli_parse_surface (command, surface_text)))
    return LRLAB_CLI_EXIT_USAGE;
  if (optimizer_text == NULL)
    return lrlab_cli_error (command, "missing --optimizer (see 'lrlab-cli optimizers')");
  if (!parse_run_options (command, optimizer_text, schedule_text, &run))
    return LRLAB_CLI_EXIT_USAGE;

  lr_surface_get_start (surface, &x0, &y0);
  if (start_text != NULL && !lrlab_cli_parse_point (command, "--start", start_text, &x0, &y0))
    {
      lrlab_cli_run_clear (&run);
      return LRLAB_CLI_EXIT_USAGE;
    }
  if (!lrlab_cli_parse_steps (command, steps_text, &steps) ||
      !lrlab_cli_parse_noise (command, noise_text, &run.noise) ||
      !lrlab_cli_compute_run (command, surface, &run, x0, y0, steps))
    {
      lrlab_cli_run_clear (&run);
      return LRLAB_CLI_EXIT_USAGE;
    }

  if (json)
    write_trajectory_json (out, surface, &run, x0, y0, steps);
  else
    write_trajectory_csv (out, &run);

  lrlab_cli_run_clear (&run);
  return lrlab_cli_write (command, "-", out->str, out->len);
}

/* ---- compare ---------------------------------------------------------- */

char *
lrlab_cli_format_gap (double gap)
{
  if (!isfinite (gap))
    return g_strdup ("—");
  return g_strdup_printf ("%.3g", gap);
}

/* --check: every claim of @experiment against the runs; one line each on
 * stderr; 1 if one fails. */
static int
check_claims (const LrExperiment *experiment,
              const LrlabCliRun  *runs,
              guint               n_runs)
{
  g_autofree LrSummary *summaries = g_new0 (LrSummary, MAX (n_runs, 1));
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean ok;

  for (guint i = 0; i < n_runs; i++)
    summaries[i] = runs[i].summary;
  ok = lr_experiment_check (experiment, summaries, n_runs, report);
  fflush (stdout);
  g_printerr ("%s", report->str);
  return ok ? 0 : 1;
}

static int
cmd_compare (int    argc,
             char **argv)
{
  const char *command = "compare";
  g_autofree char *surface_text = NULL;
  g_auto(GStrv) run_texts = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *steps_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *noise_text = NULL;
  g_autoptr(LrSurface) surface = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(LrlabCliExperimentOptions) from = { NULL, NULL };
  g_autoptr(LrExperiment) experiment = NULL;
  gboolean check = FALSE;
  g_autofree char *help = g_strdup_printf (
    "Runs several optimizers (OPTIMIZER or OPTIMIZER@SCHEDULE) from one start\n"
    "point and prints the measured learning-rate table: steps to converge,\n"
    "final loss gap, distance to the nearest minimum and a verdict (converged,\n"
    "slow, oscillating, diverged).  With --noise every run sees gradient noise\n"
    "of one seed and also gets its noise floor (the mean loss gap over the\n"
    "second half), the steps to reach it (the gap averaged over a short window\n"
    "below twice the floor), the floor plain SGD has in theory on a quadratic,\n"
    "the verdict settled for a run at its floor, and the seed's table in words.\n"
    "At most %d steps.", LR_MAX_STEPS);
  const GOptionEntry entries[] = {
    { "surface", 0, 0, G_OPTION_ARG_STRING, &surface_text, "Surface spec", "S" },
    { "run", 0, 0, G_OPTION_ARG_STRING_ARRAY, &run_texts, "A run, repeatable: OPTIMIZER[@SCHEDULE]", "O[@C]" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text, "Start point (default: the surface's)", "X,Y" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &steps_text, "Number of updates (default 100)", "N" },
    LRLAB_CLI_NOISE_ENTRY (noise_text),
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text (default), csv or json", "text|csv|json" },
    LRLAB_CLI_EXPERIMENT_ENTRIES (from),
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Check the experiment's claims (its expect entries): one line each on stderr, exit status 1 if one fails", NULL },
    G_OPTION_ENTRY_NULL
  };
  LrlabCliRun *runs;
  guint n_runs = 0;
  double x0 = 0, y0 = 0;
  int status = 0;

  if (!lrlab_cli_parse_options (command, "", help, entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;
  if (!lrlab_cli_experiment_apply_noisy (command, &from, &surface_text, &run_texts, &start_text,
                                         &steps_text, &noise_text, &experiment))
    return LRLAB_CLI_EXIT_USAGE;
  if (check && experiment == NULL)
    return lrlab_cli_error (command, "--check needs --experiment or --scene");
  if (format == NULL)
    format = g_strdup ("text");
  if (!g_str_equal (format, "text") && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return lrlab_cli_error (command, "--format: '%s' is not valid; valid: text, csv, json", format);

  runs = lrlab_cli_compute_runs (command, surface_text, run_texts, start_text, steps_text,
                                 noise_text, &surface, &n_runs, &x0, &y0);
  if (runs == NULL)
    return LRLAB_CLI_EXIT_USAGE;

  lrlab_cli_format_table (out, format, surface, runs, n_runs, x0, y0);
  if (check)
    status = check_claims (experiment, runs, n_runs);
  lrlab_cli_runs_free (runs, n_runs);

  return lrlab_cli_write (command, "-", out->str, out->len) ?: status;
}

/* Columns of the text table: eight, and three more for noisy runs. */
#define N_TABLE_COLUMNS 8
#define N_NOISE_COLUMNS 3

/* The floor plain SGD settles at in theory (NAN where the formula does not apply). */
static double
theory_floor (const LrSurface   *surface,
              const LrlabCliRun *r)
{
  return lr_noise_theory_floor (surface, &r->optimizer, r->schedule, &r->noise);
}

/* The step the run's last update took (d·lr, DoG's ηₜ, …; the lr for most rules). */
static double
final_effective_lr (const LrlabCliRun *r)
{
  return r->trajectory->points[r->trajectory->n_points - 1].effective_lr;
}

static void
format_table_csv (GString           *out,
                  const LrSurface   *surface,
                  const LrlabCliRun *runs,
                  guint              n_runs,
                  double             x0,
                  double             y0)
{
  g_string_append (out, "lr,optimizer,schedule,steps_to_converge,final_loss_gap,final_distance,verdict,critical_lr,effective_lr,"
                        "noise_floor,steps_to_floor,theory_floor\n");
  for (guint i = 0; i < n_runs; i++)
    {
      const LrlabCliRun *r = &runs[i];
      g_autofree char *spec = lr_optimizer_config_to_spec (&r->optimizer);

      lr_format_csv_number (out, r->optimizer.lr, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_string (out, spec);
      g_string_append_c (out, ',');
      lr_format_csv_string (out, r->schedule ? r->schedule : "constant");
      g_string_append_c (out, ',');
      if (r->summary.steps_to_converge >= 0)
        g_string_append_printf (out, "%d", r->summary.steps_to_converge);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, r->summary.final_loss_gap, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, r->summary.final_distance, LR_NUMBER_G17);
      g_string_append_printf (out, ",%s,", lr_verdict_to_string (r->summary.verdict));
      lr_format_csv_number (out, lr_critical_lr (surface, &r->optimizer, x0, y0), LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, final_effective_lr (r), LR_NUMBER_G17);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, r->summary.noise_floor, LR_NUMBER_G17);
      g_string_append_c (out, ',');
      if (r->summary.steps_to_floor >= 0)
        g_string_append_printf (out, "%d", r->summary.steps_to_floor);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, theory_floor (surface, r), LR_NUMBER_G17);
      g_string_append_c (out, '\n');
    }
}

static void
format_table_json (GString           *out,
                   const LrSurface   *surface,
                   const LrlabCliRun *runs,
                   guint              n_runs,
                   double             x0,
                   double             y0)
{
  g_string_append (out, "[\n");
  for (guint i = 0; i < n_runs; i++)
    {
      const LrlabCliRun *r = &runs[i];
      g_autofree char *spec = lr_optimizer_config_to_spec (&r->optimizer);

      g_string_append (out, "  {\"lr\": ");
      lr_format_json_number (out, r->optimizer.lr, LR_NUMBER_G17);
      g_string_append (out, ", \"optimizer\": ");
      lr_format_json_string (out, spec);
      g_string_append (out, ", \"schedule\": ");
      lr_format_json_string (out, r->schedule ? r->schedule : "constant");
      g_string_append (out, ", \"steps_to_converge\": ");
      lr_format_json_int (out, r->summary.steps_to_converge, r->summary.steps_to_converge >= 0);
      g_string_append (out, ", \"final_loss_gap\": ");
      lr_format_json_number (out, r->summary.final_loss_gap, LR_NUMBER_G17);
      g_string_append (out, ", \"final_distance\": ");
      lr_format_json_number (out, r->summary.final_distance, LR_NUMBER_G17);
      g_string_append_printf (out, ", \"verdict\": \"%s\", \"diverged_step\": ",
                              lr_verdict_to_string (r->summary.verdict));
      lr_format_json_int (out, r->trajectory->diverged_step, r->trajectory->diverged);
      g_string_append (out, ", \"critical_lr\": ");
      lr_format_json_number (out, lr_critical_lr (surface, &r->optimizer, x0, y0), LR_NUMBER_G17);
      g_string_append (out, ", \"effective_lr\": ");
      lr_format_json_number (out, final_effective_lr (r), LR_NUMBER_G17);
      g_string_append (out, ", \"noise_floor\": ");
      lr_format_json_number (out, r->summary.noise_floor, LR_NUMBER_G17);
      g_string_append (out, ", \"steps_to_floor\": ");
      lr_format_json_int (out, r->summary.steps_to_floor, r->summary.steps_to_floor >= 0);
      g_string_append (out, ", \"theory_floor\": ");
      lr_format_json_number (out, theory_floor (surface, r), LR_NUMBER_G17);
      g_string_append_printf (out, "}%s\n", i + 1 < n_runs ? "," : "");
    }
  g_string_append (out, "]\n");
}

/* An aligned table for people to read. */
static void
format_table_text (GString           *out,
                   const LrSurface   *surface,
                   const LrlabCliRun *runs,
                   guint              n_runs,
                   double             x0,
                   double             y0)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *header[] = { "learning rate", "optimizer", "schedule", "steps to converge",
                           "final loss gap", "distance", "verdict", "effective rate",
                           "noise floor", "steps to floor", "theory floor", NULL };
  guint widths[N_TABLE_COLUMNS + N_NOISE_COLUMNS] = { 0 };
  g_autofree char *surface_spec = lr_surface_to_spec (surface);
  gboolean noisy = runs[0].noise.sigma > 0;
  guint n_cols = noisy ? N_TABLE_COLUMNS + N_NOISE_COLUMNS : N_TABLE_COLUMNS;

  g_ptr_array_add (rows, g_strdupv ((char **) header));
  for (guint i = 0; i < n_runs; i++)
    {
      const LrlabCliRun *r = &runs[i];
      char **row = g_new0 (char *, N_TABLE_COLUMNS + N_NOISE_COLUMNS + 1);

      row[0] = g_strdup_printf ("%g", r->optimizer.lr);
      row[1] = lr_optimizer_config_to_spec (&r->optimizer);
      row[2] = g_strdup (r->schedule ? r->schedule : "constant");
      if (r->summary.steps_to_converge >= 0)
        row[3] = g_strdup_printf ("%d", r->summary.steps_to_converge);
      else
        row[3] = g_strdup_printf ("> %u", r->trajectory->n_steps);
      row[4] = lrlab_cli_format_gap (r->summary.final_loss_gap);
      row[5] = isfinite (r->summary.final_distance) ? g_strdup_printf ("%.3g", r->summary.final_distance)
                                                   : g_strdup ("—");
      if (r->trajectory->diverged)
        row[6] = g_strdup_printf ("diverged at step %u", r->trajectory->diverged_step);
      else
        row[6] = g_strdup (lr_verdict_to_string (r->summary.verdict));
      row[7] = lrlab_cli_format_gap (final_effective_lr (r));
      row[8] = lrlab_cli_format_gap (r->summary.noise_floor);
      row[9] = r->summary.steps_to_floor >= 0 ? g_strdup_printf ("%d", r->summary.steps_to_floor)
                                              : g_strdup ("—");
      row[10] = lrlab_cli_format_gap (theory_floor (surface, r));
      g_ptr_array_add (rows, row);
    }

  for (guint i = 0; i < rows->len; i++)
    for (guint c = 0; c < n_cols; c++)
      widths[c] = MAX (widths[c], g_utf8_strlen (((char **) rows->pdata[i])[c], -1));

  g_string_append_printf (out, "surface %s, start (%g, %g), %u steps",
                          surface_spec, x0, y0, runs[0].trajectory->n_steps);
  if (noisy)
    {
      g_autofree char *noise_spec = lr_noise_config_to_spec (&runs[0].noise);

      g_string_append_printf (out, ", noise %s", noise_spec);
    }
  g_string_append (out, "\n\n");
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];

      for (guint c = 0; c < n_cols; c++)
        {
          glong pad = (glong) widths[c] - g_utf8_strlen (row[c], -1);

          g_string_append (out, row[c]);
          if (c + 1 < n_cols)
            {
              for (glong k = 0; k < pad + 2; k++)
                g_string_append_c (out, ' ');
            }
        }
      g_string_append_c (out, '\n');
      if (i == 0)
        {
          for (guint c = 0; c < n_cols; c++)
            {
              for (guint k = 0; k < widths[c]; k++)
                g_string_append (out, "─");
              if (c + 1 < n_cols)
                g_string_append (out, "  ");
            }
          g_string_append_c (out, '\n');
        }
    }

  {
    double crit = lr_critical_lr (surface, &runs[0].optimizer, x0, y0);

    if (isfinite (crit))
      g_string_append_printf (out, "\ncritical learning rate for %s near the minimum: %.6g\n",
                              runs[0].optimizer.name, crit);
  }
  if (noisy)
    {
      g_autofree LrSummary *summaries = g_new (LrSummary, n_runs);
      g_autofree double *lrs = g_new (double, n_runs);
      g_autofree char *words = NULL;

      for (guint i = 0; i < n_runs; i++)
        {
          summaries[i] = runs[i].summary;
          lrs[i] = runs[i].optimizer.lr;
        }
      words = lr_rate_words_describe (summaries, lrs, n_runs);
      if (words != NULL)
        g_string_append_printf (out, "\n%s", words);
    }
}

void
lrlab_cli_format_table (GString           *out,
                        const char        *format,
                        const LrSurface   *surface,
                        const LrlabCliRun *runs,
                        guint              n_runs,
                        double             x0,
                        double             y0)
{
  if (g_str_equal (format, "csv"))
    format_table_csv (out, surface, runs, n_runs, x0, y0);
  else if (g_str_equal (format, "json"))
    format_table_json (out, surface, runs, n_runs, x0, y0);
  else
    format_table_text (out, surface, runs, n_runs, x0, y0);
}

/* ---- main ------------------------------------------------------------- */

static const struct {
  const char      *name;
  LrlabCliCommand  func;
  const char      *summary;
} commands[] = {
  { "surfaces", cmd_list, "list surfaces, their keys, defaults and formulas" },
  { "optimizers", cmd_list, "list optimizers, their keys and defaults" },
  { "schedules", cmd_list, "list learning-rate schedules, their keys and defaults" },
  { "trajectory", cmd_trajectory, "run one optimizer on a surface, print every point (csv|json)" },
  { "compare", cmd_compare, "run several optimizers, print the measured learning-rate table" },
  { "scenes", lrlab_cli_cmd_scenes, "the built-in scenes: the name --scene takes, and the title" },
  { "render", lrlab_cli_cmd_render, "draw the runs of compare to a PNG, SVG or PDF figure" },
  { "animate", lrlab_cli_cmd_animate, "the figure of render as its runs play: an animated GIF or a WebM video" },
  { "train", lrlab_cli_cmd_train, "train the image classifier, one CSV row per epoch" },
  { "lr-find", lrlab_cli_cmd_lr_find, "learning-rate range test on the classifier" },
  { "sweep", lrlab_cli_cmd_sweep, "grid or random search over the learning rate" },
  { "hessian", lrlab_cli_cmd_hessian, "top eigenvalues of the classifier loss's Hessian at saved weights" },
  { "landscape", lrlab_cli_cmd_landscape, "the classifier's loss on a plane through its initial weights, with each run's path" },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: lrlab-cli COMMAND [OPTION…]\n\n"
           "Learning Rate Lab on the command line.\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream,
           "\nSpecs are NAME[:key=value,…], e.g. sgd:lr=0.1,momentum=0.9 or\n"
           "cosine:T_max=200,eta_min=0.001.  'lrlab-cli COMMAND --help' shows a\n"
           "command's options.  Errors exit with status 2.\n");
}

/* Under an address-space or data limit, one malloc arena: glibc reserves
 * 64 MiB of address space for each thread's own arena, and the threads of
 * a figure's drawing and of Pango's font matching then exhausted a limit
 * of a few hundred megabytes (Pango aborts when it cannot start a thread,
 * fontconfig crashes when it cannot allocate). */
static void
limit_arenas (void)
{
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
  struct rlimit as, data;

  if ((getrlimit (RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) ||
      (getrlimit (RLIMIT_DATA, &data) == 0 && data.rlim_cur != RLIM_INFINITY))
    {
      pthread_attr_t attr;

      mallopt (M_ARENA_MAX, 1);
      /* and threads' stacks of 2 MiB rather than the stack limit's 8 */
      if (pthread_attr_init (&attr) == 0)
        {
          if (pthread_attr_setstacksize (&attr, 2 << 20) == 0)
            pthread_setattr_default_np (&attr);
          pthread_attr_destroy (&attr);
        }
    }
#endif
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  atexit (check_stdout_at_exit);
  /* a render or train stopped by ^C or kill leaves no temporary file */
  lr_output_catch_interrupts ();
  limit_arenas ();
  /* Numbers are always written and read in the C locale. */
  setlocale (LC_NUMERIC, "C");

  if (argc < 2)
    return lrlab_cli_error (NULL, "missing command (see 'lrlab-cli --help')");

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("lrlab-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].func (argc - 1, argv + 1);

  {
    GString *names = g_string_new (NULL);
    int status;

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      g_string_append_printf (names, "%s%s", i ? ", " : "", commands[i].name);
    status = lrlab_cli_error (NULL, "unknown command '%s'; valid: %s", argv[1], names->str);
    g_string_free (names, TRUE);
    return status;
  }
}
