/* lrlab-cli-classifier.c: lrlab-cli train, lr-find and sweep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "lr-dataset.h"
#include "lr-format.h"
#include "lr-mlp.h"
#include "lr-optimizer.h"
#include "lr-safetensors.h"
#include "lr-schedule.h"
#include "lr-train.h"
#include "lrlab-cli.h"
#include "lrlab-cli-experiment.h"
#include "lrlab-cli-train-options.h"

#define DEFAULT_START_LR 1e-7
#define DEFAULT_END_LR   10.0
#define DEFAULT_ITERS    100

#define LR_TRAIN_CSV_HEADER "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds"

gboolean
lrlab_cli_parse_uint (const char *command,
            const char *option,
            const char *text,
            guint64     min,
            guint64     max,
            guint64    *out)
{
  guint64 v;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &v, NULL))
    {
      lrlab_cli_error (command, "%s: '%s' is not a whole number from %" G_GUINT64_FORMAT
                       " to %" G_GUINT64_FORMAT, option, text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
parse_positive (const char *command,
                const char *option,
                const char *text,
                double     *out)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (!lr_train_parse_lr (text, out, &error))
    {
      lrlab_cli_error (command, "%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrlab_cli_train_setup (const char     *command,
       TrainOptions   *o,
       gboolean        needs_lr,
       LrTrainConfig  *config,
       LrDataset     **dataset)
{
  g_autoptr(GError) error = NULL;
  guint64 v;

  lr_train_config_init (config);

  if (o->optimizer == NULL)
    {
      lrlab_cli_error (command, "missing --optimizer (see 'lrlab-cli optimizers')");
      return FALSE;
    }
  if (!lr_optimizer_config_parse (o->optimizer, &config->optimizer, &error))
    {
      lrlab_cli_error (command, "--optimizer: %s", error->message);
      return FALSE;
    }

  if (o->model != NULL)
    {
      LrMlpConfig mlp;

      if (!lr_mlp_config_parse (o->model, &mlp, &error))
        {
          lrlab_cli_error (command, "--model: %s", error->message);
          return FALSE;
        }
      g_free (config->model);
      config->model = g_strdup (o->model);
    }

  v = config->epochs;
  if (!lrlab_cli_parse_uint (command, "--epochs", o->epochs, 1, LR_TRAIN_MAX_EPOCHS, &v))
    return FALSE;
  config->epochs = (guint) v;
  v = config->batch_size;
  if (g_strcmp0 (o->batch_size, "full") == 0)
    v = LR_TRAIN_BATCH_FULL;
  else if (!lrlab_cli_parse_uint (command, "--batch-size", o->batch_size, 1, LR_TRAIN_MAX_BATCH_SIZE, &v))
    return FALSE;
  config->batch_size = (guint) v;
  if (!lrlab_cli_parse_uint (command, "--seed", o->seed, 0, G_MAXUINT64, &config->seed))
    return FALSE;
  v = 0;
  if (!lrlab_cli_parse_uint (command, "--threads", o->threads, 1, 64, &v))
    return FALSE;
  config->n_threads = (guint) v;

  if (o->schedule != NULL && *o->schedule == '\0')
    {
      lrlab_cli_error (command, "--schedule: empty spec: expected a name (see 'lrlab-cli schedules')");
      return FALSE;
    }
  if (o->schedule != NULL)
    {
      /* Checked here so that the message names the option; the run
       * length is known only with the data set. */
      g_autoptr(LrSchedule) s = lr_schedule_new (o->schedule, needs_lr ? config->optimizer.lr : 0.001,
                                                 lr_optimizer_config_get_momentum (&config->optimizer),
                                                 1000, &error);
      if (s == NULL)
        {
          lrlab_cli_error (command, "--schedule: %s", error->message);
          return FALSE;
        }
      config->schedule = g_strdup (o->schedule);
    }

  *dataset = lr_dataset_load (o->dataset ? o->dataset : "digits", NULL, &error);
  if (*dataset == NULL)
    {
      lrlab_cli_error (command, "--dataset: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* ---- train ------------------------------------------------------------- */

typedef struct {
  int           write_status;   /* 0, or LRLAB_CLI_EXIT_WRITE after a failed row */
  GCancellable *cancellable;    /* cancelled by a failed row: no work for nothing */
  gboolean      sharpness;      /* the sharpness column is printed */
} TrainOutput;

static void
train_progress (const LrTrainProgress *p,
                gpointer               user_data)
{
  TrainOutput *out = user_data;
  const LrEpochRecord *r = p->record;
  g_autoptr(GString) row = NULL;

  if (p->kind != LR_TRAIN_PROGRESS_EPOCH || out->write_status != 0)
    return;

  row = g_string_new (NULL);
  g_string_append_printf (row, "%u,", r->epoch);
  lr_format_csv_number (row, r->lr, LR_NUMBER_SHORTEST);
  g_string_append_c (row, ',');
  lr_format_csv_number (row, r->train_loss, LR_NUMBER_SHORTEST);
  g_string_append_c (row, ',');
  lr_format_csv_number (row, r->train_acc, LR_NUMBER_SHORTEST);
  g_string_append_c (row, ',');
  lr_format_csv_number (row, r->val_loss, LR_NUMBER_SHORTEST);
  g_string_append_c (row, ',');
  lr_format_csv_number (row, r->val_acc, LR_NUMBER_SHORTEST);
  g_string_append_printf (row, ",%.6f", r->seconds);
  if (out->sharpness)
    {
      g_string_append_c (row, ',');
      if (!isnan (r->sharpness))
        lr_format_csv_number (row, r->sharpness, LR_NUMBER_SHORTEST);
    }
  g_string_append_c (row, '\n');

  /* Row by row, so a long run shows its progress; a row that cannot be
   * written ends the run. */
  out->write_status = lrlab_cli_write ("train", "-", row->str, row->len);
  if (out->write_status != 0)
    g_cancellable_cancel (out->cancellable);
}

/* --load-weights: the file's model stands for --model, or must equal it. */
static LrMlp *
load_weights (const char     *command,
              const char     *path,
              TrainOptions   *o,
              LrWeightsInfo  *info)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrMlp) mlp = lr_weights_load (path, 1, info, &error);
  LrMlpConfig wanted;

  if (mlp == NULL)
    {
      lrlab_cli_error (command, "--load-weights: %s", error->message);
      return NULL;
    }
  if (o->model == NULL)
    o->model = g_strdup (info->model);
  else if (lr_mlp_config_parse (o->model, &wanted, NULL))
    {
      g_autofree char *a = lr_mlp_config_to_spec (&wanted);
      g_autofree char *b = lr_mlp_config_to_spec (lr_mlp_get_config (mlp));

      if (!g_str_equal (a, b))
        {
          lrlab_cli_error (command, "--load-weights: %s holds the model %s, not --model %s",
                           path, b, a);
          return NULL;
        }
    }
  return g_steal_pointer (&mlp);
}

/* The loaded weights into the trainer: same inputs and input scale. */
static gboolean
start_from_weights (const char          *command,
                    const char          *path,
                    LrTrainer           *trainer,
                    LrDataset           *dataset,
                    LrMlp               *loaded,
                    const LrWeightsInfo *info)
{
  g_autoptr(GError) error = NULL;
  double scale = 1.0 / lr_dataset_get_pixel_max (dataset);

  if (lr_mlp_get_n_inputs (loaded) != lr_dataset_get_n_pixels (dataset) ||
      lr_mlp_get_n_classes (loaded) != lr_dataset_get_n_classes (dataset))
    {
      lrlab_cli_error (command, "--load-weights: %s is for %u inputs and %u classes; the data set "
                       "has %u and %u", path, lr_mlp_get_n_inputs (loaded), lr_mlp_get_n_classes (loaded),
                       lr_dataset_get_n_pixels (dataset), lr_dataset_get_n_classes (dataset));
      return FALSE;
    }
  if (fabs (info->input_scale - scale) > 1e-6 * scale)
    {
      lrlab_cli_error (command, "--load-weights: %s expects pixels scaled by %g; this data set's "
                       "scale is %g", path, info->input_scale, scale);
      return FALSE;
    }
  if (!lr_trainer_set_params (trainer, lr_mlp_get_params (loaded), lr_mlp_get_n_params (loaded), &error))
    {
      lrlab_cli_error (command, "--load-weights: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
note_divergence (LrTrainer *trainer)
{
  guint n;
  const LrEpochRecord *r = lr_trainer_get_records (trainer, &n);

  /* Not an error (the run is a valid lesson), but say why it stopped. */
  fflush (stdout);
  g_printerr ("lrlab-cli train: note: the run diverged in epoch %u (the loss blew up) and stopped\n",
              n > 0 ? r[n - 1].epoch : 1);
}

int
lrlab_cli_cmd_train (int    argc,
                     char **argv)
{
  const char *command = "train";
  g_auto(TrainOptions) o = { 0 };
  g_autofree char *save_path = NULL;
  g_autofree char *load_path = NULL;
  g_autofree char *sharpness_text = NULL;
  g_autofree char *run_index_text = NULL;
  g_auto(LrlabCliExperimentOptions) from = { NULL, NULL };
  const GOptionEntry entries[] = {
    TRAIN_ENTRIES (o),
    LRLAB_CLI_EXPERIMENT_CLASSIFIER_ENTRIES (from, run_index_text),
    { "save-weights", 0, 0, G_OPTION_ARG_FILENAME, &save_path, "Write the final weights to FILE (safetensors)", "FILE" },
    { "load-weights", 0, 0, G_OPTION_ARG_FILENAME, &load_path, "Start from the weights of FILE (safetensors) instead of --seed's", "FILE" },
    { "sharpness-every", 0, 0, G_OPTION_ARG_STRING, &sharpness_text, "Add a sharpness column: the top Hessian eigenvalue of the mean training loss (adam, adamw: of the preconditioned Hessian), every N epochs", "N" },
    G_OPTION_ENTRY_NULL
  };
  LrTrainConfig config = { 0 };
  g_autoptr(LrDataset) dataset = NULL;
  g_autoptr(LrTrainer) trainer = NULL;
  g_autoptr(LrMlp) loaded = NULL;
  g_auto(LrWeightsInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint64 sharpness_every = 0;
  TrainOutput out = { 0, cancellable, FALSE };
  int status = 0;

  if (!lrlab_cli_parse_options (command, "",
                                "Trains the image classifier and prints one CSV row per epoch:\n"
                                "  epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds[,sharpness]\n"
                                "lr is the rate of the epoch's last update, train_loss and train_acc\n"
                                "are measured over the epoch's batches, val_loss and val_acc on the\n"
                                "validation set afterwards (the t10k files when present, else a seeded\n"
                                "20 % of the training images), seconds is the wall time of the epoch's\n"
                                "training pass.  A run whose loss blows up (not finite, or its smoothed\n"
                                "value above 4 × the first batch's) diverged: it stops after that\n"
                                "epoch's row, with a note on stderr and exit status 0.  Every column\n"
                                "but seconds is the same for the same seed, byte for byte.\n"
                                "--sharpness-every N adds sharpness, the largest eigenvalue of the\n"
                                "Hessian H of the mean training loss over all training images after the\n"
                                "epoch (empty on other epochs); full-batch gradient descent is stable\n"
                                "only while it is below 2/lr (2(1+momentum)/lr with heavy-ball\n"
                                "momentum).  For adam and adamw the column holds Adam's preconditioned\n"
                                "sharpness instead, the largest eigenvalue of P^-1 H with\n"
                                "P = (1 - beta1^t)(sqrt(v_hat) + eps) from the optimizer's state (Cohen\n"
                                "et al. 2022); its limit is (2 + 2 beta1)/((1 - beta1) lr), 38/lr at\n"
                                "beta1 = 0.9.",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if (!lrlab_cli_experiment_apply_classifier (command, &from, run_index_text, &o))
    return LRLAB_CLI_EXIT_USAGE;
  if (!lrlab_cli_parse_uint (command, "--sharpness-every", sharpness_text, 1, LR_TRAIN_MAX_EPOCHS,
                             &sharpness_every))
    return LRLAB_CLI_EXIT_USAGE;
  if (load_path != NULL && (loaded = load_weights (command, load_path, &o, &info)) == NULL)
    return LRLAB_CLI_EXIT_USAGE;
  if (!lrlab_cli_train_setup (command, &o, TRUE, &config, &dataset))
    {
      lr_train_config_clear (&config);
      return LRLAB_CLI_EXIT_USAGE;
    }
  config.sharpness_every = (guint) sharpness_every;
  out.sharpness = sharpness_every > 0;

  trainer = lr_trainer_new (dataset, &config, &error);
  lr_train_config_clear (&config);
  if (trainer == NULL)
    return lrlab_cli_error (command, "%s", error->message);
  if (loaded != NULL && !start_from_weights (command, load_path, trainer, dataset, loaded, &info))
    return LRLAB_CLI_EXIT_USAGE;

  {
    const char *header = out.sharpness ? LR_TRAIN_CSV_HEADER ",sharpness\n" : LR_TRAIN_CSV_HEADER "\n";

    if ((status = lrlab_cli_write (command, "-", header, strlen (header))) != 0)
      return status;
  }
  if (!lr_trainer_run (trainer, train_progress, &out, cancellable, &error))
    {
      if (out.write_status != 0)
        return out.write_status;   /* reported already */
      return lrlab_cli_error (command, "%s", error->message);
    }
  if (lr_trainer_get_diverged (trainer))
    note_divergence (trainer);
  if (save_path != NULL &&
      !lr_weights_save (save_path, lr_trainer_get_model (trainer), lr_dataset_get_name (dataset),
                        1.0 / lr_dataset_get_pixel_max (dataset), &error))
    status = lrlab_cli_error (command, "--save-weights: %s", error->message);
  if (out.write_status != 0)
    status = out.write_status;

  return status;
}

/* ---- lr-find ----------------------------------------------------------- */

static void
write_lr_find_csv (GString              *out,
                   const LrLrFindResult *r)
{
  g_string_append (out, "lr,loss,smoothed_loss\n");
  for (guint i = 0; i < r->n; i++)
    {
      lr_format_csv_number (out, r->lr[i], LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, r->loss[i], LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, r->smoothed[i], LR_NUMBER_SHORTEST);
      g_string_append_c (out, '\n');
    }
}

static void
write_lr_find_json (GString              *out,
                    LrDataset            *dataset,
                    const LrTrainConfig  *config,
                    double                start_lr,
                    double                end_lr,
                    guint                 iters,
                    const LrLrFindResult *r)
{
  g_autofree char *opt_spec = lr_optimizer_config_to_spec (&config->optimizer);

  g_string_append (out, "{\n  \"dataset\": ");
  lr_format_json_string (out, lr_dataset_get_name (dataset));
  g_string_append (out, ",\n  \"model\": ");
  lr_format_json_string (out, config->model);
  g_string_append (out, ",\n  \"optimizer\": ");
  lr_format_json_string (out, opt_spec);
  g_string_append_printf (out, ",\n  \"batch_size\": %u,\n  \"seed\": %" G_GUINT64_FORMAT
                          ",\n  \"start_lr\": ", config->batch_size, config->seed);
  lr_format_json_number (out, start_lr, LR_NUMBER_SHORTEST);
  g_string_append (out, ",\n  \"end_lr\": ");
  lr_format_json_number (out, end_lr, LR_NUMBER_SHORTEST);
  g_string_append_printf (out, ",\n  \"iters\": %u,\n  \"stopped_early\": %s,\n  \"suggested_lr\": ",
                          iters, r->stopped_early ? "true" : "false");
  lr_format_json_number (out, r->suggested_lr, LR_NUMBER_SHORTEST);
  g_string_append (out, ",\n  \"steepest_slope_lr\": ");
  lr_format_json_number (out, r->steepest_lr, LR_NUMBER_SHORTEST);
  g_string_append (out, ",\n  \"min_loss_lr\": ");
  lr_format_json_number (out, r->min_lr, LR_NUMBER_SHORTEST);
  g_string_append (out, ",\n  \"min_loss_lr_div10\": ");
  lr_format_json_number (out, r->min_div10_lr, LR_NUMBER_SHORTEST);
  g_string_append_printf (out, ",\n  \"lr_is_multiplier\": %s",
                          lr_optimizer_config_is_lr_free (&config->optimizer) ? "true" : "false");
  g_string_append (out, ",\n  \"points\": [\n");
  for (guint i = 0; i < r->n; i++)
    {
      g_string_append (out, "    {\"lr\": ");
      lr_format_json_number (out, r->lr[i], LR_NUMBER_SHORTEST);
      g_string_append (out, ", \"loss\": ");
      lr_format_json_number (out, r->loss[i], LR_NUMBER_SHORTEST);
      g_string_append (out, ", \"smoothed_loss\": ");
      lr_format_json_number (out, r->smoothed[i], LR_NUMBER_SHORTEST);
      g_string_append_printf (out, "}%s\n", i + 1 < r->n ? "," : "");
    }
  g_string_append (out, "  ]\n}\n");
}

int
lrlab_cli_cmd_lr_find (int    argc,
                       char **argv)
{
  const char *command = "lr-find";
  g_auto(TrainOptions) o = { 0 };
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *iters_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *run_index_text = NULL;
  g_auto(LrlabCliExperimentOptions) from = { NULL, NULL };
  const GOptionEntry entries[] = {
    TRAIN_ENTRIES (o),
    LRLAB_CLI_EXPERIMENT_CLASSIFIER_ENTRIES (from, run_index_text),
    { "start-lr", 0, 0, G_OPTION_ARG_STRING, &start_text, "First learning rate (default 1e-7)", "a" },
    { "end-lr", 0, 0, G_OPTION_ARG_STRING, &end_text, "Last learning rate (default 10)", "b" },
    { "iters", 0, 0, G_OPTION_ARG_STRING, &iters_text, "Batches, one per rate (default 100)", "n" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: csv (default) or json", "csv|json" },
    G_OPTION_ENTRY_NULL
  };
  LrTrainConfig config = { 0 };
  g_autoptr(LrDataset) dataset = NULL;
  g_autoptr(LrTrainer) trainer = NULL;
  g_autoptr(LrLrFindResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  double start_lr = DEFAULT_START_LR, end_lr = DEFAULT_END_LR;
  guint64 iters = DEFAULT_ITERS;
  gboolean json;

  if (!lrlab_cli_parse_options (command, "",
                                "Learning-rate range test: the rate rises exponentially from --start-lr\n"
                                "to --end-lr, one batch each, on a fresh model; the loss is smoothed\n"
                                "with a bias-corrected exponential moving average (0.98) and the test\n"
                                "stops once the smoothed loss exceeds 4 × its minimum.  The optimizer\n"
                                "spec may omit lr.  CSV: lr,loss,smoothed_loss; --format json adds the\n"
                                "values of both rules, the steepest descent of the smoothed loss\n"
                                "against log lr before its minimum (first 10 and last 5 points left\n"
                                "out) and the rate of the minimum divided by 10, and suggested_lr, the\n"
                                "smaller of the two.  --epochs is not used; --schedule cannot be given\n"
                                "(the test sets the rate).  prodigy, dadapt_sgd, dadapt_adam and dog\n"
                                "choose their own step: their lr multiplies it (1: as found), so the\n"
                                "test searches that multiplier (JSON: lr_is_multiplier).",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return lrlab_cli_error (command, "--format: '%s' is not valid; valid: csv, json", format);
  json = format != NULL && g_str_equal (format, "json");
  if (!lrlab_cli_experiment_apply_classifier (command, &from, run_index_text, &o))
    return LRLAB_CLI_EXIT_USAGE;
  if (o.schedule != NULL && (from.experiment != NULL || from.scene != NULL))
    return lrlab_cli_error (command, "%s: the run has the schedule %s, but the range test sets the "
                            "learning rate itself; choose a run without one (--run N)",
                            from.scene != NULL ? "--scene" : "--experiment", o.schedule);
  if (o.schedule != NULL)
    return lrlab_cli_error (command, "--schedule: the range test sets the learning rate itself; "
                            "leave the schedule out");
  if (!parse_positive (command, "--start-lr", start_text, &start_lr) ||
      !parse_positive (command, "--end-lr", end_text, &end_lr) ||
      !lrlab_cli_parse_uint (command, "--iters", iters_text, 2, 100000, &iters))
    return LRLAB_CLI_EXIT_USAGE;
  if (end_lr <= start_lr)
    return lrlab_cli_error (command, "--end-lr (%g) must be larger than --start-lr (%g)", end_lr, start_lr);

  if (!lrlab_cli_train_setup (command, &o, FALSE, &config, &dataset))
    {
      lr_train_config_clear (&config);
      return LRLAB_CLI_EXIT_USAGE;
    }
  config.epochs = 1;
  trainer = lr_trainer_new (dataset, &config, &error);
  if (trainer == NULL)
    {
      lr_train_config_clear (&config);
      return lrlab_cli_error (command, "%s", error->message);
    }

  r = lr_trainer_lr_find (trainer, start_lr, end_lr, (guint) iters, NULL, NULL, NULL, &error);
  if (r == NULL)
    {
      lr_train_config_clear (&config);
      return lrlab_cli_error (command, "%s", error->message);
    }

  if (json)
    write_lr_find_json (out, dataset, &config, start_lr, end_lr, (guint) iters, r);
  else
    write_lr_find_csv (out, r);

  lr_train_config_clear (&config);
  return lrlab_cli_write (command, "-", out->str, out->len);
}

/* ---- sweep ------------------------------------------------------------- */

int
lrlab_cli_cmd_sweep (int    argc,
                     char **argv)
{
  const char *command = "sweep";
  g_auto(TrainOptions) o = { 0 };
  g_autofree char *grid_text = NULL;
  g_autofree char *random_text = NULL;
  g_autofree char *parallel_text = NULL;
  g_autofree char *batch_grid_text = NULL;
  g_autofree char *run_index_text = NULL;
  g_auto(LrlabCliExperimentOptions) from = { NULL, NULL };
  const GOptionEntry entries[] = {
    TRAIN_ENTRIES (o),
    LRLAB_CLI_EXPERIMENT_CLASSIFIER_ENTRIES (from, run_index_text),
    { "batch-grid", 0, 0, G_OPTION_ARG_STRING, &batch_grid_text, "n batch sizes from a to b inclusive, equally spaced in log size (whole, each once), every rate trained at each", "a:b:n" },
    { "lr-grid", 0, 0, G_OPTION_ARG_STRING, &grid_text, "n learning rates from a to b inclusive, equally spaced in log lr", "a:b:n" },
    { "lr-random", 0, 0, G_OPTION_ARG_STRING, &random_text, "n learning rates drawn log-uniformly from [a, b] (seeded by --seed)", "a:b:n" },
    { "parallel", 0, 0, G_OPTION_ARG_STRING, &parallel_text, "Trainings at once (default: one per processor)", "N" },
    G_OPTION_ENTRY_NULL
  };
  LrTrainConfig config = { 0 };
  g_autoptr(LrDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree double *lrs = NULL;
  g_autofree LrSweepRow *rows = NULL;
  g_autofree char *capped = NULL;
  g_autofree guint *batches = NULL;
  guint n_batches = 1;
  const char *range_option;
  const char *range_text;
  double a, b;
  guint n;
  guint64 parallel = 0;

  if (!lrlab_cli_parse_options (command, "",
                                "Grid or random search over the learning rate: one full training per\n"
                                "rate (the optimizer spec may omit lr), several at once, each exactly as\n"
                                "'lrlab-cli train' with that rate.  CSV, one row per rate, sorted by lr:\n"
                                "  lr,train_loss,val_loss,val_acc,diverged,seconds\n"
                                "with the last epoch's losses and accuracy, diverged true when a loss\n"
                                "stopped being finite, and seconds the wall time of the run's training.\n"
                                "For prodigy, dadapt_sgd, dadapt_adam and dog the lr is a multiplier of\n"
                                "the step the method chooses (1: as found).\n"
                                "With --batch-grid every rate is trained at every batch size, and a\n"
                                "batch_size column follows lr; rows are sorted by batch size, then lr.",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if (!lrlab_cli_experiment_apply_classifier (command, &from, run_index_text, &o))
    return LRLAB_CLI_EXIT_USAGE;
  if ((grid_text == NULL) == (random_text == NULL))
    return lrlab_cli_error (command, "%s", grid_text ? "give either --lr-grid or --lr-random, not both"
                                                     : "missing --lr-grid a:b:n or --lr-random a:b:n");
  range_option = grid_text ? "--lr-grid" : "--lr-random";
  range_text = grid_text ? grid_text : random_text;
  if (!lr_sweep_parse_range (range_text, &a, &b, &n, &error))
    return lrlab_cli_error (command, "%s: %s", range_option, error->message);
  if (!lrlab_cli_parse_uint (command, "--parallel", parallel_text, 1, 64, &parallel))
    return LRLAB_CLI_EXIT_USAGE;
  if (batch_grid_text != NULL)
    {
      if (o.batch_size != NULL)
        return lrlab_cli_error (command, "give either --batch-size or --batch-grid, not both");
      batches = lr_sweep_parse_batch_grid (batch_grid_text, &n_batches, &error);
      if (batches == NULL)
        return lrlab_cli_error (command, "--batch-grid: %s", error->message);
      if (n * n_batches > LR_SWEEP_MAX_RUNS)
        return lrlab_cli_error (command, "%u rates at %u batch sizes are %u runs; at most %d",
                                n, n_batches, n * n_batches, LR_SWEEP_MAX_RUNS);
    }

  if (!lrlab_cli_train_setup (command, &o, FALSE, &config, &dataset))
    {
      lr_train_config_clear (&config);
      return LRLAB_CLI_EXIT_USAGE;
    }

  /* as many runs at once as fit in memory, and say so when that is fewer
   * than asked for (N copies of a large model aborted) */
  {
    guint wanted = MIN (parallel ? (guint) parallel : g_get_num_processors (), n * n_batches);
    guint64 run_bytes = 0, available = 0;
    guint fit;

    /* the largest batch needs the most */
    if (batches != NULL)
      config.batch_size = batches[n_batches - 1];
    fit = lr_sweep_fit_parallel (dataset, &config, n * n_batches, (guint) parallel, &run_bytes, &available);

    if (fit < wanted)
      {
        g_autofree char *need = g_format_size (run_bytes);
        g_autofree char *have = g_format_size (available);

        capped = g_strdup_printf ("lrlab-cli %s: %s%u: a run needs about %s and %s is free; running %u at a time\n",
                                  command, parallel ? "--parallel " : "one run per processor, ", wanted,
                                  need, have, fit);
        /* said now, unless not even one seems to fit: then the run's own
         * error is the one line, and this only follows a success */
        if (run_bytes <= available)
          {
            fflush (stdout);
            fputs (capped, stderr);
            g_clear_pointer (&capped, g_free);
          }
      }
    parallel = fit;
  }

  lrs = grid_text ? lr_sweep_grid (a, b, n) : lr_sweep_random (a, b, n, config.seed);
  rows = lr_sweep_run_batches (dataset, &config, lrs, n, batches, n_batches, (guint) parallel, NULL, NULL, NULL,
                               &error);
  lr_train_config_clear (&config);
  if (rows == NULL)
    return lrlab_cli_error (command, "%s", error->message);
  if (capped != NULL)
    fputs (capped, stderr);

  g_string_append (out, batches != NULL ? "lr,batch_size,train_loss,val_loss,val_acc,diverged,seconds\n"
                                         : "lr,train_loss,val_loss,val_acc,diverged,seconds\n");
  for (guint i = 0; i < n * n_batches; i++)
    {
      lr_format_csv_number (out, rows[i].lr, LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      if (batches != NULL)
        g_string_append_printf (out, "%u,", rows[i].batch_size);
      lr_format_csv_number (out, rows[i].train_loss, LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, rows[i].val_loss, LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, rows[i].val_acc, LR_NUMBER_SHORTEST);
      g_string_append_printf (out, ",%s,%.6f\n", rows[i].diverged ? "true" : "false", rows[i].seconds);
    }

  return lrlab_cli_write (command, "-", out->str, out->len);
}
