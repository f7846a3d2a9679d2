/* bench-train.c: classifier throughput, peak memory and accuracy, side by
 * side with PyTorch
 *
 *   digits   MLP 64, batch 32, Adam, 30 epochs on the built-in digits
 *   fashion  MLP 256/128, batch 128, Adam, 8 epochs on Fashion-MNIST
 *            (skipped when /usr/share/datasets/fashion-mnist is absent)
 *
 * Throughput is training samples per second over the training passes
 * (batch gathering included, evaluation not); peak memory is the process's
 * maximum resident set.  When a Python with torch is found ($LRLAB_PYTHON,
 * /usr/bin/python3, python3), tests/bench/torch-reference.py runs the same
 * case with the same number of threads and the ratios are printed against
 * the goals: digits ≥ 3× PyTorch's throughput, Fashion-MNIST ≥ 1.5×, peak
 * RSS < 150 MB and test accuracy ≥ 0.87 after 8 epochs.
 *
 * Usage: bench-train [--case digits|fashion] [--epochs N] [--no-reference]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sys/resource.h>
#include <sys/wait.h>

#include <gio/gio.h>

#include "lr-kernels.h"
#include "lr-train.h"

#define FASHION_DIR "/usr/share/datasets/fashion-mnist"

typedef struct {
  double samples_per_second;
  double accuracy;
  double peak_rss_mb;
  guint  threads;
  guint  epochs;
} Measure;

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;   /* kB on Linux */
}

static gboolean
run_ours (const char  *name,
          guint        epochs,
          Measure     *m,
          GError     **error)
{
  gboolean digits = g_str_equal (name, "digits");
  g_autoptr(LrDataset) dataset = NULL;
  g_autoptr(LrTrainer) trainer = NULL;
  LrTrainConfig config;
  const LrEpochRecord *records;
  guint n_records;
  double seconds = 0;

  dataset = lr_dataset_load (digits ? "digits" : FASHION_DIR, NULL, error);
  if (dataset == NULL)
    return FALSE;

  lr_train_config_init (&config);
  g_free (config.model);
  config.model = g_strdup (digits ? "mlp:hidden=64" : "mlp:hidden=256/128");
  config.batch_size = digits ? 32 : 128;
  config.epochs = epochs ? epochs : digits ? 30 : 8;
  config.n_threads = g_get_num_processors ();
  trainer = lr_trainer_new (dataset, &config, error);
  lr_train_config_clear (&config);
  if (trainer == NULL || !lr_trainer_run (trainer, NULL, NULL, NULL, error))
    return FALSE;

  records = lr_trainer_get_records (trainer, &n_records);
  for (guint e = 0; e < n_records; e++)
    seconds += records[e].seconds;

  m->epochs = n_records;
  m->threads = g_get_num_processors ();
  m->samples_per_second = (double) lr_trainer_get_split (trainer)->train.n * n_records / seconds;
  m->accuracy = records[n_records - 1].val_acc;
  m->peak_rss_mb = peak_rss_mb ();
  return TRUE;
}

static char *
find_torch_python (void)
{
  const char *candidates[] = { g_getenv ("LRLAB_PYTHON"), "/usr/bin/python3", "python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = NULL;
      int status = -1;

      if (candidates[i] == NULL || *candidates[i] == '\0')
        continue;
      path = g_path_is_absolute (candidates[i]) ? g_strdup (candidates[i])
                                                : g_find_program_in_path (candidates[i]);
      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        continue;
      {
        const char *argv[] = { path, "-c", "import torch", NULL };

        if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                          NULL, NULL, NULL, NULL, &status, NULL) &&
            g_spawn_check_wait_status (status, NULL))
          return g_steal_pointer (&path);
      }
    }
  return NULL;
}

static char *
reference_script (void)
{
  const char *env = g_getenv ("LRLAB_TORCH_REFERENCE");
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");

  if (env != NULL)
    return g_strdup (env);
  if (srcdir != NULL)
    return g_build_filename (srcdir, "bench", "torch-reference.py", NULL);
  return g_strdup (LRLAB_TORCH_REFERENCE_SCRIPT);
}

static gboolean
json_number (const char *json,
             const char *key,
             double     *out)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\": ", key);
  const char *p = strstr (json, needle);

  if (p == NULL)
    return FALSE;
  *out = g_ascii_strtod (p + strlen (needle), NULL);
  return TRUE;
}

static gboolean
run_torch (const char *python,
           const char *name,
           guint       epochs,
           guint       threads,
           Measure    *m)
{
  g_autofree char *script = reference_script ();
  g_autofree char *epochs_text = g_strdup_printf ("%u", epochs);
  g_autofree char *threads_text = g_strdup_printf ("%u", threads);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { python, script, "--case", name, "--epochs", epochs_text,
                         "--threads", threads_text, NULL };
  int status;
  double v;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("PyTorch reference failed: %s\n%s", error ? error->message : "", err ? err : "");
      return FALSE;
    }

  if (!json_number (out, "samples_per_second", &m->samples_per_second) ||
      !json_number (out, "accuracy", &m->accuracy) ||
      !json_number (out, "peak_rss_mb", &m->peak_rss_mb))
    {
      g_printerr ("PyTorch reference: unexpected output: %s\n", out);
      return FALSE;
    }
  if (json_number (out, "threads", &v))
    m->threads = (guint) v;
  m->epochs = epochs;
  return TRUE;
}

static int
bench_case (const char *name,
            guint       epochs,
            gboolean    reference)
{
  gboolean digits = g_str_equal (name, "digits");
  g_autoptr(GError) error = NULL;
  g_autofree char *python = NULL;
  Measure ours = { 0 }, torch = { 0 };
  double goal = digits ? 3.0 : 1.5;

  if (!digits && !g_file_test (FASHION_DIR, G_FILE_TEST_IS_DIR))
    {
      g_print ("fashion: skipped, %s is not installed (Debian: dataset-fashion-mnist)\n", FASHION_DIR);
      return 77;
    }

  if (!run_ours (name, epochs, &ours, &error))
    {
      g_printerr ("%s: %s\n", name, error->message);
      return 1;
    }

  g_print ("%s (%s, batch %u, Adam, %u epochs, %u threads, %s kernels)\n", name,
           digits ? "MLP 64" : "MLP 256/128", digits ? 32 : 128, ours.epochs, ours.threads,
           lr_gemm_backend_name (lr_gemm_get_backend ()));
  g_print ("  lrlab:   %9.0f samples/s  peak RSS %6.1f MB  %s accuracy %.4f\n",
           ours.samples_per_second, ours.peak_rss_mb, digits ? "validation" : "test", ours.accuracy);

  if (reference && (python = find_torch_python ()) != NULL &&
      run_torch (python, name, ours.epochs, ours.threads, &torch))
    {
      double ratio = ours.samples_per_second / torch.samples_per_second;

      g_print ("  PyTorch: %9.0f samples/s  peak RSS %6.1f MB  %s accuracy %.4f  (%u threads)\n",
               torch.samples_per_second, torch.peak_rss_mb, digits ? "validation" : "test",
               torch.accuracy, torch.threads);
      g_print ("  throughput ratio %.2fx (goal >= %.1fx: %s)\n", ratio, goal, ratio >= goal ? "met" : "MISSED");
    }
  else if (reference)
    g_print ("  PyTorch: not measured (no python3 with torch; Debian: python3-torch)\n");

  if (!digits)
    {
      g_print ("  peak RSS %.1f MB (goal < 150 MB: %s)\n", ours.peak_rss_mb,
               ours.peak_rss_mb < 150 ? "met" : "MISSED");
      if (ours.epochs == 8)
        g_print ("  test accuracy %.4f after 8 epochs (goal >= 0.87: %s)\n", ours.accuracy,
                 ours.accuracy >= 0.87 ? "met" : "MISSED");
    }

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *name = NULL;
  gint epochs = 0;
  gboolean no_reference = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &name, "digits or fashion (default: both, each in its own process)", "NAME" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "Epochs (default 30 for digits, 8 for fashion)", "N" },
    { "no-reference", 0, 0, G_OPTION_ARG_NONE, &no_reference, "Do not run the PyTorch reference", NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || epochs < 0)
    {
      g_printerr ("bench-train: %s\n", error ? error->message : "--epochs must not be negative");
      return 2;
    }

  if (name == NULL)
    {
      /* Each case in its own process, so that peak RSS is its own. */
      int result = 0;

      for (guint i = 0; i < 2; i++)
        {
          const char *cases[] = { "digits", "fashion" };
          g_autofree char *epochs_text = g_strdup_printf ("%d", epochs);
          const char *child[] = { argv[0], "--case", cases[i], "--epochs", epochs_text,
                                  no_reference ? "--no-reference" : NULL, NULL };
          int status;

          if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                             NULL, NULL, &status, &error))
            {
              g_printerr ("bench-train: %s\n", error->message);
              return 1;
            }
          if (WIFEXITED (status) && WEXITSTATUS (status) != 0 && WEXITSTATUS (status) != 77)
            result = 1;
        }
      return result;
    }

  if (!g_str_equal (name, "digits") && !g_str_equal (name, "fashion"))
    {
      g_printerr ("bench-train: unknown case '%s'; valid: digits, fashion\n", name);
      return 2;
    }
  return bench_case (name, (guint) epochs, !no_reference);
}
