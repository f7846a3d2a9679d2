/* lrlab-cli-experiment.c: --experiment and --scene; the scenes command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-format.h"
#include "lr-spec.h"
#include "lrlab-cli.h"
#include "lrlab-cli-experiment.h"

void
lrlab_cli_experiment_options_clear (LrlabCliExperimentOptions *o)
{
  g_clear_pointer (&o->experiment, g_free);
  g_clear_pointer (&o->scene, g_free);
}

static LrExperiment *
load (const char                      *command,
      const LrlabCliExperimentOptions *o)
{
  g_autoptr(GError) error = NULL;
  LrExperiment *e;

  if (o->scene != NULL)
    {
      e = lr_experiment_load_scene (o->scene, &error);
      if (e == NULL)
        lrlab_cli_error (command, "--scene: %s", error->message);
      return e;
    }
  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (o->experiment);
    g_autofree char *shown = g_filename_display_name (o->experiment);

    e = lr_experiment_load_file (file, NULL, &error);
    if (e == NULL)
      lrlab_cli_error (command, "--experiment: %s: %s", shown, error->message);
    return e;
  }
}

gboolean
lrlab_cli_experiment_apply (const char                *command,
                            LrlabCliExperimentOptions *o,
                            char                     **surface_text,
                            char                    ***run_texts,
                            char                     **start_text,
                            char                     **steps_text,
                            LrExperiment             **experiment)
{
  g_autofree char *noise_text = NULL;

  return lrlab_cli_experiment_apply_noisy (command, o, surface_text, run_texts, start_text,
                                           steps_text, &noise_text, experiment);
}

gboolean
lrlab_cli_experiment_apply_noisy (const char                *command,
                                  LrlabCliExperimentOptions *o,
                                  char                     **surface_text,
                                  char                    ***run_texts,
                                  char                     **start_text,
                                  char                     **steps_text,
                                  char                     **noise_text,
                                  LrExperiment             **experiment)
{
  const char *which = o->scene != NULL ? "--scene" : "--experiment";
  g_autoptr(LrExperiment) e = NULL;
  GPtrArray *runs;

  *experiment = NULL;
  if (o->experiment == NULL && o->scene == NULL)
    return TRUE;
  if (o->experiment != NULL && o->scene != NULL)
    return lrlab_cli_error (command, "give --experiment or --scene, not both"), FALSE;
  if (*surface_text != NULL || *run_texts != NULL || *start_text != NULL || *steps_text != NULL ||
      *noise_text != NULL)
    return lrlab_cli_error (command, "%s stands for --surface, --run, --start, --steps and --noise; "
                            "give those options or %s, not both", which, which), FALSE;
  if ((e = load (command, o)) == NULL)
    return FALSE;

  *surface_text = g_strdup (e->surface);
  runs = g_ptr_array_new ();
  for (guint i = 0; i < e->runs->len; i++)
    g_ptr_array_add (runs, lr_experiment_run_spec (g_ptr_array_index (e->runs, i)));
  g_ptr_array_add (runs, NULL);
  *run_texts = (char **) g_ptr_array_free (runs, FALSE);
  if (e->has_start)
    {
      GString *s = g_string_new (NULL);

      lr_format_number (s, e->start[0]);
      g_string_append_c (s, ',');
      lr_format_number (s, e->start[1]);
      *start_text = g_string_free (s, FALSE);
    }
  if (e->steps > 0)
    *steps_text = g_strdup_printf ("%u", e->steps);
  if (e->noise != NULL)
    *noise_text = g_strdup (e->noise);
  *experiment = g_steal_pointer (&e);
  return TRUE;
}

/* @value into the option @option's text, unless the option was given too. */
static gboolean
set_option (const char  *command,
            const char  *which,
            const char  *option,
            char       **text,
            char        *value)
{
  if (*text != NULL)
    {
      lrlab_cli_error (command, "%s: the classifier part of %s sets it already; give one of them",
                       option, which);
      g_free (value);
      return FALSE;
    }
  *text = value;
  return TRUE;
}

gboolean
lrlab_cli_experiment_apply_classifier (const char                *command,
                                       LrlabCliExperimentOptions *o,
                                       const char                *run_index_text,
                                       TrainOptions              *train)
{
  const char *which = o->scene != NULL ? "--scene" : "--experiment";
  g_autoptr(LrExperiment) e = NULL;
  const LrExperimentClassifier *c;
  guint64 index = 0;

  if (o->experiment == NULL && o->scene == NULL)
    {
      if (run_index_text != NULL)
        return lrlab_cli_error (command, "--run needs --experiment or --scene (the run is --optimizer and --schedule)"), FALSE;
      return TRUE;
    }
  if (o->experiment != NULL && o->scene != NULL)
    return lrlab_cli_error (command, "give --experiment or --scene, not both"), FALSE;
  if ((e = load (command, o)) == NULL)
    return FALSE;
  if ((c = e->classifier) == NULL)
    {
      g_autofree char *shown = o->scene ? g_strdup_printf ("scene %s", o->scene)
                                        : g_filename_display_name (o->experiment);

      return lrlab_cli_error (command, "%s: %s has no classifier part (no \"classifier\" key)",
                              which, shown), FALSE;
    }
  if (run_index_text != NULL &&
      (c->runs->len == 0 ||
       !g_ascii_string_to_unsigned (run_index_text, 10, 0, c->runs->len - 1, &index, NULL)))
    {
      if (c->runs->len == 0)
        return lrlab_cli_error (command, "--run: the classifier part of %s has no runs", which), FALSE;
      return lrlab_cli_error (command, "--run: '%s' is not a run of the classifier part; valid: 0 to %u",
                              run_index_text, c->runs->len - 1), FALSE;
    }

  if ((c->dataset != NULL && !set_option (command, which, "--dataset", &train->dataset, g_strdup (c->dataset)))
      || (c->model != NULL && !set_option (command, which, "--model", &train->model, g_strdup (c->model)))
      || (c->batch_size > 0
          && !set_option (command, which, "--batch-size", &train->batch_size, g_strdup_printf ("%u", c->batch_size)))
      || (c->epochs > 0
          && !set_option (command, which, "--epochs", &train->epochs, g_strdup_printf ("%u", c->epochs)))
      || (c->has_seed
          && !set_option (command, which, "--seed", &train->seed,
                          g_strdup_printf ("%" G_GUINT64_FORMAT, c->seed))))
    return FALSE;
  if (c->runs->len > 0)
    {
      const LrExperimentRun *run = g_ptr_array_index (c->runs, (guint) index);

      if (!set_option (command, which, "--optimizer", &train->optimizer, g_strdup (run->optimizer))
          || (run->schedule != NULL
              && !set_option (command, which, "--schedule", &train->schedule, g_strdup (run->schedule))))
        return FALSE;
    }
  return TRUE;
}

int
lrlab_cli_cmd_scenes (int    argc,
                      char **argv)
{
  const char *command = "scenes";
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) names = NULL;

  if (!lrlab_cli_parse_options (command, "", "Lists the built-in scenes: the name that --scene takes, "
                                "then the title.", entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;
  names = lr_experiment_list_scenes ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrExperiment) e = lr_experiment_load_scene (names[i], &error);

      if (e == NULL)
        return lrlab_cli_error (command, "%s", error->message);
      g_string_append_printf (out, "%-30s %s\n", names[i], e->title ? e->title : "");
    }
  return lrlab_cli_write (command, "-", out->str, out->len);
}
