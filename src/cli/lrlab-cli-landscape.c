/* lrlab-cli-landscape.c: lrlab-cli landscape, the classifier's loss on a
 * plane through its initial weights with every run's path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-format.h"
#include "lr-landscape.h"
#include "lr-run-spec.h"
#include "lrlab-cli.h"
#include "lrlab-cli-train-options.h"

int
lrlab_cli_cmd_landscape (int    argc,
                         char **argv)
{
  const char *command = "landscape";
  g_auto(TrainOptions) o = { 0 };
  g_auto(GStrv) run_texts = NULL;
  g_autofree char *plane_text = NULL, *grid_text = NULL, *span_text = NULL;
  g_autofree char *plane_seed_text = NULL, *format = NULL;
  const GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_FILENAME, &o.dataset, "Data set: digits (built-in, default) or a directory of MNIST-format files", "digits|DIR" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &o.model, "Model spec (default " LR_MLP_DEFAULT_SPEC "), e.g. mlp:hidden=64,act=tanh,loss=mse", "M" },
    { "run", 0, 0, G_OPTION_ARG_STRING_ARRAY, &run_texts, "A run: optimizer spec, optionally @ schedule spec (repeat for several runs)", "O[@C]" },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &o.epochs, "Passes over the training set (default 10)", "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &o.batch_size, "Images per batch (default 32), or full: every training image in one batch", "B|full" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o.seed, "Seed of the weights, the batch order and the validation split (default 0)", "S" },
    { "plane", 0, 0, G_OPTION_ARG_STRING, &plane_text, "The plane: pca (default), endpoints (two runs) or random", "pca|endpoints|random" },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &grid_text, "Points along each axis of the grid (default 41)", "G" },
    { "span", 0, 0, G_OPTION_ARG_STRING, &span_text, "The grid covers a and b from -S to S (default: 1.25 × the farthest point)", "S" },
    { "plane-seed", 0, 0, G_OPTION_ARG_STRING, &plane_seed_text, "Seed of the random plane's directions (default: --seed)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &o.threads, "Threads (default: one per processor; results do not depend on it)", "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: json (default) or csv", "json|csv" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(LrDataset) dataset = NULL;
  g_autoptr(LrLandscape) landscape = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  LrLandscapeConfig lconfig;
  LrTrainConfig *configs;
  char **specs;
  guint n_runs;
  guint64 v;
  int status = 0;

  if (!lrlab_cli_parse_options (command, "",
                                "Trains every --run from the same initial weights θ0 (same model and\n"
                                "seed), then prints the mean training loss on a plane through θ0,\n"
                                "θ(a, b) = θ0 + a·d1 + b·d2, with each run's weights after every epoch\n"
                                "projected onto it.  Planes: pca, the two leading principal directions\n"
                                "of all runs' weights (unit vectors; 'explained' is each one's share of\n"
                                "their variance); endpoints, for two runs, d1 and d2 from θ0 to each\n"
                                "run's final weights, which are then (1, 0) and (0, 1); random,\n"
                                "filter-normalised Gaussian directions (Li et al. 2018).\n"
                                "JSON: {\"grid\": {\"a\": [G], \"b\": [G], \"loss\": [[G × G]]},\n"
                                "       \"runs\": [{\"spec\", \"points\": [{\"epoch\", \"a\", \"b\", \"loss\"}]}],\n"
                                "       \"explained\": [d1, d2]}\n"
                                "loss[j][i] is at (a[i], b[j]); epoch 0 is θ0; each point's loss is that\n"
                                "of its weights themselves (they may lie off the plane).\n"
                                "CSV: kind,run,epoch,a,b,value with kind grid (value: the loss),\n"
                                "point (run: its spec) and explained (run: d1 or d2).",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if (argc > 1)
    return lrlab_cli_error (command, "unexpected argument '%s'", argv[1]);
  if (run_texts == NULL || run_texts[0] == NULL)
    return lrlab_cli_error (command, "missing --run O[@C] (see 'lrlab-cli optimizers')");
  n_runs = g_strv_length (run_texts);
  if (n_runs > LR_LANDSCAPE_MAX_RUNS)
    return lrlab_cli_error (command, "--run: %u runs; at most %d", n_runs, LR_LANDSCAPE_MAX_RUNS);
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "csv"))
    return lrlab_cli_error (command, "--format: '%s' is not valid; valid: json, csv", format);

  lr_landscape_config_init (&lconfig);
  if (plane_text != NULL && !lr_landscape_plane_parse (plane_text, &lconfig.plane, &error))
    return lrlab_cli_error (command, "--plane: %s", error->message);
  if (lconfig.plane == LR_LANDSCAPE_PLANE_ENDPOINTS && n_runs != 2)
    return lrlab_cli_error (command, "--plane endpoints needs exactly two --run, got %u", n_runs);
  v = lconfig.grid;
  if (!lrlab_cli_parse_uint (command, "--grid", grid_text, LR_LANDSCAPE_MIN_GRID, LR_LANDSCAPE_MAX_GRID, &v))
    return LRLAB_CLI_EXIT_USAGE;
  lconfig.grid = (guint) v;
  if (span_text != NULL)
    {
      char *end = NULL;
      double span = g_ascii_strtod (span_text, &end);

      if (end == span_text || *end != '\0' || !isfinite (span) || span <= 0 || span > 1e6)
        return lrlab_cli_error (command, "--span: '%s' is not a number above 0 up to 1e6", span_text);
      lconfig.span = span;
    }
  {
    guint64 e = LR_TRAIN_DEFAULT_EPOCHS;

    if (!lrlab_cli_parse_uint (command, "--epochs", o.epochs, 1, LR_LANDSCAPE_MAX_EPOCHS, &e))
      return LRLAB_CLI_EXIT_USAGE;
  }

  configs = g_new0 (LrTrainConfig, n_runs);
  specs = g_new0 (char *, n_runs + 1);
  for (guint r = 0; r < n_runs && status == 0; r++)
    {
      g_auto(LrRunSpec) rs = { 0 };
      g_autoptr(LrDataset) loaded = NULL;
      g_autofree char *optimizer = NULL;
      const char *at;

      if (!lr_run_spec_parse (run_texts[r], &rs, &error))
        {
          status = lrlab_cli_error (command, "--run '%s': %s", run_texts[r], error->message);
          break;
        }
      specs[r] = lr_run_spec_format (&rs);
      at = strchr (run_texts[r], '@');
      optimizer = at ? g_strndup (run_texts[r], at - run_texts[r]) : g_strdup (run_texts[r]);
      g_free (o.optimizer);
      g_free (o.schedule);
      o.optimizer = g_steal_pointer (&optimizer);
      o.schedule = at && at[1] ? g_strdup (at + 1) : NULL;
      /* Each run's options are checked as train checks them; the first
       * run's data set is kept. */
      if (!lrlab_cli_train_setup (command, &o, TRUE, &configs[r], &loaded))
        status = LRLAB_CLI_EXIT_USAGE;
      else if (dataset == NULL)
        dataset = g_steal_pointer (&loaded);
    }

  lconfig.seed = configs[0].seed;
  lconfig.n_threads = configs[0].n_threads;
  if (status == 0 && !lrlab_cli_parse_uint (command, "--plane-seed", plane_seed_text, 0, G_MAXUINT64, &lconfig.seed))
    status = LRLAB_CLI_EXIT_USAGE;
  if (status == 0)
    {
      landscape = lr_landscape_compute (dataset, configs, (const char *const *) specs, n_runs, &lconfig,
                                        NULL, NULL, NULL, &error);
      if (landscape == NULL)
        status = lrlab_cli_error (command, "%s", error->message);
    }
  for (guint r = 0; r < n_runs; r++)
    lr_train_config_clear (&configs[r]);
  g_free (configs);
  g_strfreev (specs);
  if (status != 0)
    return status;

  if (format != NULL && g_str_equal (format, "csv"))
    lr_landscape_format_csv (out, landscape);
  else
    lr_landscape_format_json (out, landscape);
  return lrlab_cli_write (command, "-", out->str, out->len);
}
