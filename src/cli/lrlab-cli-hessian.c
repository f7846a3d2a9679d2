/* lrlab-cli-hessian.c: lrlab-cli hessian, the top eigenvalues of the loss's
 * Hessian at saved weights
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-dataset.h"
#include "lr-format.h"
#include "lr-mlp-hvp.h"
#include "lr-safetensors.h"
#include "lrlab-cli.h"
#include "lrlab-cli-train-options.h"

#define DEFAULT_TOP   1
#define MAX_TOP       100

int
lrlab_cli_cmd_hessian (int    argc,
                       char **argv)
{
  const char *command = "hessian";
  g_autofree char *dataset_text = NULL, *weights = NULL, *split_text = NULL;
  g_autofree char *top_text = NULL, *seed_text = NULL, *threads_text = NULL;
  const GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_FILENAME, &dataset_text, "Data set: digits (built-in, default) or a directory of MNIST-format files", "digits|DIR" },
    { "weights", 0, 0, G_OPTION_ARG_FILENAME, &weights, "The weights (safetensors, as written by train --save-weights)", "FILE" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split_text, "Images of the mean loss: train (default), val or all", "train|val|all" },
    { "top", 0, 0, G_OPTION_ARG_STRING, &top_text, "How many of the largest eigenvalues (default 1)", "K" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Seed of the validation split (as train's --seed) and of the Lanczos start vector (default 0)", "S" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &threads_text, "Threads (default: one per processor; results do not depend on it)", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(LrDataset) dataset = NULL;
  g_autoptr(LrSplit) split = NULL;
  g_autoptr(LrMlp) mlp = NULL;
  g_autoptr(LrMlpHvp) hvp = NULL;
  g_auto(LrWeightsInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("rank,eigenvalue\n");
  g_autofree double *values = NULL;
  const LrSubset *subsets[2];
  guint n_subsets = 0;
  guint64 top = DEFAULT_TOP, seed = 0, threads = 0;
  const char *split_name;
  guint n;

  if (!lrlab_cli_parse_options (command, "",
                                "Prints the K largest eigenvalues of the Hessian of the mean loss over\n"
                                "the chosen images at the given weights, one CSV row each, largest first:\n"
                                "  rank,eigenvalue\n"
                                "The Hessian is exact (Hessian-vector products by forward-over-reverse\n"
                                "differentiation), its eigenvalues found by Lanczos iteration.  The\n"
                                "validation split is train's: the t10k images when present, else a\n"
                                "seeded 20 % of the training images (--seed as given to train).",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if (weights == NULL)
    return lrlab_cli_error (command, "missing --weights FILE.safetensors");
  split_name = split_text ? split_text : "train";
  if (!g_str_equal (split_name, "train") && !g_str_equal (split_name, "val") && !g_str_equal (split_name, "all"))
    return lrlab_cli_error (command, "--split: '%s' is not valid; valid: train, val, all", split_name);
  if (!lrlab_cli_parse_uint (command, "--top", top_text, 1, MAX_TOP, &top) ||
      !lrlab_cli_parse_uint (command, "--seed", seed_text, 0, G_MAXUINT64, &seed) ||
      !lrlab_cli_parse_uint (command, "--threads", threads_text, 1, 64, &threads))
    return LRLAB_CLI_EXIT_USAGE;

  mlp = lr_weights_load (weights, 1, &info, &error);
  if (mlp == NULL)
    return lrlab_cli_error (command, "--weights: %s", error->message);
  dataset = lr_dataset_load (dataset_text ? dataset_text : "digits", NULL, &error);
  if (dataset == NULL)
    return lrlab_cli_error (command, "--dataset: %s", error->message);
  if (lr_mlp_get_n_inputs (mlp) != lr_dataset_get_n_pixels (dataset) ||
      lr_mlp_get_n_classes (mlp) != lr_dataset_get_n_classes (dataset))
    return lrlab_cli_error (command, "--weights: %s is for %u inputs and %u classes; the data set has %u and %u",
                            weights, lr_mlp_get_n_inputs (mlp), lr_mlp_get_n_classes (mlp),
                            lr_dataset_get_n_pixels (dataset), lr_dataset_get_n_classes (dataset));

  if (!lr_mlp_hvp_check_memory (mlp, &error))
    return lrlab_cli_error (command, "--weights: %s", error->message);
  split = lr_split_new (dataset, seed);
  if (!g_str_equal (split_name, "val"))
    subsets[n_subsets++] = &split->train;
  if (!g_str_equal (split_name, "train"))
    subsets[n_subsets++] = &split->val;
  hvp = lr_mlp_hvp_new (mlp, subsets, n_subsets, (float) info.input_scale, (guint) threads);
  if (lr_mlp_hvp_get_n_images (hvp) == 0)
    return lrlab_cli_error (command, "--split %s: the data set has no such images", split_name);

  values = g_new (double, top);
  n = lr_mlp_hvp_top_eigenvalues (hvp, lr_mlp_get_params (mlp), (guint) top, seed, values);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (out, "%u,", i + 1);
      lr_format_csv_number (out, values[i], LR_NUMBER_SHORTEST);
      g_string_append_c (out, '\n');
    }
  return lrlab_cli_write (command, "-", out->str, out->len);
}
