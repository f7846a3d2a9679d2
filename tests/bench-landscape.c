/* bench-landscape.c: the loss landscape's grid, Hessian-vector products and
 * λmax, side by side with PyTorch
 *
 *   landscape  41 × 41 grid of the mean training loss over the digits'
 *              training images, MLP 64 (relu, cross-entropy; and tanh with
 *              the squared error), two runs of 10 epochs, PCA plane
 *   hvp        one exact Hessian-vector product of the mean training loss
 *              (MLP 64 tanh, squared error), and one λmax by Lanczos
 *
 * When a Python with torch is found ($LRLAB_PYTHON, /usr/bin/python3,
 * python3), tests/bench/landscape-torch.py times the straightforward
 * PyTorch loop over the same grid (one full-batch forward pass per point)
 * and its double-backward HVP with the same number of threads, and the
 * ratios are printed against the goal: the grid ≥ 10× faster.
 *
 * Usage: bench-landscape [--no-reference]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lr-kernels.h"
#include "lr-landscape.h"
#include "lr-mlp-hvp.h"

#define GRID     41
#define EPOCHS   10
#define REPEATS  3
#define HVP_CALLS 20
#define LMAX_CALLS 3

static double
grid_seconds (LrDataset  *dataset,
              const char *model,
              guint       n_threads,
              double     *total_out)
{
  const char *specs[] = { "adam:lr=0.001", "sgd:lr=0.1,momentum=0.9" };
  double best = INFINITY, best_total = INFINITY;

  for (guint rep = 0; rep < REPEATS; rep++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrLandscape) l = NULL;
      LrTrainConfig configs[2];
      LrLandscapeConfig lc;
      gint64 start;

      for (guint r = 0; r < 2; r++)
        {
          lr_train_config_init (&configs[r]);
          g_assert_true (lr_optimizer_config_parse (specs[r], &configs[r].optimizer, NULL));
          configs[r].model = g_strdup (model);
          configs[r].epochs = EPOCHS;
          configs[r].n_threads = 1;
        }
      lr_landscape_config_init (&lc);
      lc.grid = GRID;
      lc.n_threads = n_threads;
      start = g_get_monotonic_time ();
      l = lr_landscape_compute (dataset, configs, specs, 2, &lc, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      best_total = MIN (best_total, (g_get_monotonic_time () - start) / 1e6);
      best = MIN (best, lr_landscape_get_grid_seconds (l));
      for (guint r = 0; r < 2; r++)
        lr_train_config_clear (&configs[r]);
    }
  *total_out = best_total;
  return best;
}

static void
hvp_costs (LrDataset *dataset,
           guint      n_threads,
           double    *hvp_ms,
           double    *lmax_ms,
           double    *lmax)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSplit) split = lr_split_new (dataset, 0);
  const LrSubset *train = &split->train;
  LrMlpConfig mc;
  g_autoptr(LrMlp) mlp = NULL;
  g_autoptr(LrMlpHvp) hvp = NULL;
  g_autofree double *v = NULL, *hv = NULL;
  gsize n;
  gint64 start;

  g_assert_true (lr_mlp_config_parse ("mlp:hidden=64,act=tanh,loss=mse", &mc, NULL));
  mlp = lr_mlp_new (&mc, lr_dataset_get_n_pixels (dataset), lr_dataset_get_n_classes (dataset), 1, &error);
  g_assert_no_error (error);
  lr_mlp_init_params (mlp, 0);
  hvp = lr_mlp_hvp_new (mlp, &train, 1, 1.f / lr_dataset_get_pixel_max (dataset), n_threads);
  n = lr_mlp_get_n_params (mlp);
  v = g_new (double, n);
  hv = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    v[i] = sin (i + 1.0);

  lr_mlp_hvp_apply (hvp, lr_mlp_get_params (mlp), v, hv);   /* warm-up */
  start = g_get_monotonic_time ();
  for (guint k = 0; k < HVP_CALLS; k++)
    lr_mlp_hvp_apply (hvp, lr_mlp_get_params (mlp), v, hv);
  *hvp_ms = (g_get_monotonic_time () - start) / 1e3 / HVP_CALLS;

  start = g_get_monotonic_time ();
  for (guint k = 0; k < LMAX_CALLS; k++)
    lr_mlp_hvp_top_eigenvalues (hvp, lr_mlp_get_params (mlp), 1, 0, lmax);
  *lmax_ms = (g_get_monotonic_time () - start) / 1e3 / LMAX_CALLS;
}

static char *
find_torch_python (void)
{
  const char *candidates[] = { g_getenv ("LRLAB_PYTHON"), "/usr/bin/python3", "python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = NULL;
      const char *argv[] = { NULL, "-c", "import torch", NULL };
      int status = 0;

      if (candidates[i] == NULL)
        continue;
      path = g_find_program_in_path (candidates[i]);
      if (path == NULL)
        continue;
      argv[0] = path;
      if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* The reference's grid seconds and HVP milliseconds; FALSE (with a note)
 * when it fails. */
static gboolean
run_torch (const char *python,
           guint       n_images,
           const char *act,
           guint       n_threads,
           double     *grid_s,
           double     *hvp_ms)
{
  g_autofree char *images = g_strdup_printf ("%u", n_images);
  g_autofree char *grid = g_strdup_printf ("%u", GRID);
  g_autofree char *threads = g_strdup_printf ("%u", n_threads);
  const char *argv[] = { python, LRLAB_LANDSCAPE_TORCH_SCRIPT, "--images", images, "--hidden", "64",
                         "--act", act, "--grid", grid, "--threads", threads, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      !json_parser_load_from_data (parser, out, -1, &error))
    {
      printf ("  (PyTorch reference failed: %s %s)\n", error ? error->message : "", err ? err : "");
      return FALSE;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  *grid_s = json_object_get_double_member (o, "grid_seconds");
  *hvp_ms = json_object_get_double_member (o, "hvp_ms");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) dataset = lr_dataset_load ("digits", NULL, &error);
  g_autoptr(LrSplit) split = NULL;
  g_autofree char *python = NULL;
  gboolean reference = !(argc > 1 && g_str_equal (argv[1], "--no-reference"));
  guint n_threads = MIN (g_get_num_processors (), LR_KERNELS_MAX_THREADS);
  double relu_grid, relu_total, tanh_grid, tanh_total, hvp_ms, lmax_ms, lmax;
  double t_grid, t_hvp;

  g_assert_no_error (error);
  split = lr_split_new (dataset, 0);

  printf ("Loss landscape on the digits (%u training images), %u × %u grid, %u threads, %s products\n",
          split->train.n, GRID, GRID, n_threads, lr_gemm_backend_name (lr_gemm_get_backend ()));
  relu_grid = grid_seconds (dataset, "mlp:hidden=64", n_threads, &relu_total);
  tanh_grid = grid_seconds (dataset, "mlp:hidden=64,act=tanh,loss=mse", n_threads, &tanh_total);
  printf ("  MLP 64 relu, cross-entropy: grid %.3f s (%.1f µs a point); with two trainings of %u epochs %.3f s\n",
          relu_grid, relu_grid / (GRID * GRID) * 1e6, EPOCHS, relu_total);
  printf ("  MLP 64 tanh, squared error: grid %.3f s (%.1f µs a point); with two trainings of %u epochs %.3f s\n",
          tanh_grid, tanh_grid / (GRID * GRID) * 1e6, EPOCHS, tanh_total);

  hvp_costs (dataset, n_threads, &hvp_ms, &lmax_ms, &lmax);
  printf ("Hessian of the mean training loss, MLP 64 tanh, squared error (4810 parameters):\n");
  printf ("  Hessian-vector product %.2f ms a call; λmax (Lanczos) %.1f ms a call (λmax %.4g at θ0)\n",
          hvp_ms, lmax_ms, lmax);

  if (!reference)
    return 0;
  python = find_torch_python ();
  if (python == NULL)
    {
      printf ("PyTorch: not installed (Debian: python3-torch); no reference\n");
      return 0;
    }
  if (run_torch (python, split->train.n, "relu", n_threads, &t_grid, &t_hvp))
    printf ("PyTorch loop, relu:  grid %.3f s — lrlab %.1f× faster (goal ≥ 10×: %s)\n",
            t_grid, t_grid / relu_grid, t_grid / relu_grid >= 10 ? "met" : "NOT met");
  if (run_torch (python, split->train.n, "tanh", n_threads, &t_grid, &t_hvp))
    {
      printf ("PyTorch loop, tanh:  grid %.3f s — lrlab %.1f× faster (goal ≥ 10×: %s)\n",
              t_grid, t_grid / tanh_grid, t_grid / tanh_grid >= 10 ? "met" : "NOT met");
      printf ("PyTorch HVP (double backward), tanh: %.2f ms a call — lrlab %.1f× faster\n",
              t_hvp, t_hvp / hvp_ms);
    }
  return 0;
}
