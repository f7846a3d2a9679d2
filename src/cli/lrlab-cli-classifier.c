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
#include "lr-schedule.h"
#include "lr-train.h"
#include "lrlab-cli.h"

#define DEFAULT_START_LR 1e-7
#define DEFAULT_END_LR   10.0
#define DEFAULT_ITERS    100

/* The options every classifier command shares. */
typedef struct {
  char *dataset;
  char *model;
  char *optimizer;
  char *schedule;
  char *epochs;
  char *batch_size;
  char *seed;
  char *threads;
} TrainOptions;

static void
train_options_clear (TrainOptions *o)
{
  g_free (o->dataset);
  g_free (o->model);
  g_free (o->optimizer);
  g_free (o->schedule);
  g_free (o->epochs);
  g_free (o->batch_size);
  g_free (o->seed);
  g_free (o->threads);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrainOptions, train_options_clear)

#define TRAIN_ENTRIES(o) \
  { "dataset", 0, 0, G_OPTION_ARG_FILENAME, &(o).dataset, "Data set: digits (built-in, default) or a directory of MNIST-format files", "digits|DIR" }, \
  { "model", 0, 0, G_OPTION_ARG_STRING, &(o).model, "Model spec (default " LR_MLP_DEFAULT_SPEC "), e.g. mlp:hidden=256/128,act=tanh", "M" }, \
  { "optimizer", 0, 0, G_OPTION_ARG_STRING, &(o).optimizer, "Optimizer spec, e.g. adam:lr=0.001 or sgd:lr=0.1,momentum=0.9", "O" }, \
  { "schedule", 0, 0, G_OPTION_ARG_STRING, &(o).schedule, "Schedule spec, stepped once per batch (default constant); plateau watches the validation loss", "C" }, \
  { "epochs", 0, 0, G_OPTION_ARG_STRING, &(o).epochs, "Passes over the training set (default 10)", "N" }, \
  { "batch-size", 0, 0, G_OPTION_ARG_STRING, &(o).batch_size, "Images per batch (default 32)", "B" }, \
  { "seed", 0, 0, G_OPTION_ARG_STRING, &(o).seed, "Seed of the weights, the batch order and the validation split (default 0)", "S" }, \
  { "threads", 0, 0, G_OPTION_ARG_STRING, &(o).threads, "Threads for the matrix products (default: one per processor; results do not depend on it)", "N" }

static gboolean
parse_uint (const char *command,
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
  double v;

  if (text == NULL)
    return TRUE;
  if (!lr_parse_double (text, &v))
    {
      /* a number too small for a double (1e-320) is not "not a number" */
      char *end = NULL;
      double tiny = g_ascii_strtod (text, &end);

      if (end != text && *end == '\0' && tiny >= 0 && tiny < DBL_MIN)
        lrlab_cli_error (command, "%s: '%s' is below the smallest learning rate; valid: %g to %g",
                         option, text, DBL_MIN, LR_OPTIMIZER_MAX_LR);
      else
        lrlab_cli_error (command, "%s: '%s' is not a positive number", option, text);
      return FALSE;
    }
  if (v < DBL_MIN || v > LR_OPTIMIZER_MAX_LR)
    {
      if (v <= 0)
        lrlab_cli_error (command, "%s: '%s' is not a positive number", option, text);
      else
        lrlab_cli_error (command, "%s: '%s' is outside the learning rates %g to %g", option, text,
                         DBL_MIN, LR_OPTIMIZER_MAX_LR);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* Fills @config from the options; loads the data set.  FALSE after
 * printing the error. */
static gboolean
setup (const char     *command,
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
  if (!parse_uint (command, "--epochs", o->epochs, 1, LR_TRAIN_MAX_EPOCHS, &v))
    return FALSE;
  config->epochs = (guint) v;
  v = config->batch_size;
  if (!parse_uint (command, "--batch-size", o->batch_size, 1, LR_TRAIN_MAX_BATCH_SIZE, &v))
    return FALSE;
  config->batch_size = (guint) v;
  if (!parse_uint (command, "--seed", o->seed, 0, G_MAXUINT64, &config->seed))
    return FALSE;
  v = 0;
  if (!parse_uint (command, "--threads", o->threads, 1, 64, &v))
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
  g_string_append_printf (row, ",%.6f\n", r->seconds);

  /* Row by row, so a long run shows its progress; a row that cannot be
   * written ends the run. */
  out->write_status = lrlab_cli_write ("train", "-", row->str, row->len);
  if (out->write_status != 0)
    g_cancellable_cancel (out->cancellable);
}

int
lrlab_cli_cmd_train (int    argc,
                     char **argv)
{
  const char *command = "train";
  g_auto(TrainOptions) o = { 0 };
  const GOptionEntry entries[] = {
    TRAIN_ENTRIES (o),
    G_OPTION_ENTRY_NULL
  };
  LrTrainConfig config = { 0 };
  g_autoptr(LrDataset) dataset = NULL;
  g_autoptr(LrTrainer) trainer = NULL;
  g_autoptr(GError) error = NULL;
  static const char header[] = "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds\n";
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TrainOutput out = { 0, cancellable };
  int status = 0;

  if (!lrlab_cli_parse_options (command, "",
                                "Trains the image classifier and prints one CSV row per epoch:\n"
                                "  epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds\n"
                                "lr is the rate of the epoch's last update, train_loss and train_acc\n"
                                "are measured over the epoch's batches, val_loss and val_acc on the\n"
                                "validation set afterwards (the t10k files when present, else a seeded\n"
                                "20 % of the training images), seconds is the wall time of the epoch's\n"
                                "training pass.  A run whose loss blows up (not finite, or its smoothed\n"
                                "value above 4 × the first batch's) diverged: it stops after that\n"
                                "epoch's row, with a note on stderr and exit status 0.  Every column\n"
                                "but seconds is the same for the same seed, byte for byte.",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if (!setup (command, &o, TRUE, &config, &dataset))
    {
      lr_train_config_clear (&config);
      return LRLAB_CLI_EXIT_USAGE;
    }

  trainer = lr_trainer_new (dataset, &config, &error);
  lr_train_config_clear (&config);
  if (trainer == NULL)
    return lrlab_cli_error (command, "%s", error->message);

  if ((status = lrlab_cli_write (command, "-", header, strlen (header))) != 0)
    return status;
  if (!lr_trainer_run (trainer, train_progress, &out, cancellable, &error))
    {
      if (out.write_status != 0)
        return out.write_status;   /* reported already */
      status = lrlab_cli_error (command, "%s", error->message);
    }
  else if (lr_trainer_get_diverged (trainer))
    {
      guint n;
      const LrEpochRecord *r = lr_trainer_get_records (trainer, &n);

      /* Not an error (the run is a valid lesson), but say why it stopped. */
      fflush (stdout);
      g_printerr ("lrlab-cli train: note: the run diverged in epoch %u (the loss blew up) and stopped\n",
                  n > 0 ? r[n - 1].epoch : 1);
    }
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
  const GOptionEntry entries[] = {
    TRAIN_ENTRIES (o),
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
  if (o.schedule != NULL)
    return lrlab_cli_error (command, "--schedule: the range test sets the learning rate itself; "
                            "leave the schedule out");
  if (!parse_positive (command, "--start-lr", start_text, &start_lr) ||
      !parse_positive (command, "--end-lr", end_text, &end_lr) ||
      !parse_uint (command, "--iters", iters_text, 2, 100000, &iters))
    return LRLAB_CLI_EXIT_USAGE;
  if (end_lr <= start_lr)
    return lrlab_cli_error (command, "--end-lr (%g) must be larger than --start-lr (%g)", end_lr, start_lr);

  if (!setup (command, &o, FALSE, &config, &dataset))
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
  const GOptionEntry entries[] = {
    TRAIN_ENTRIES (o),
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
                                "the step the method chooses (1: as found).",
                                entries, &argc, &argv))
    return LRLAB_CLI_EXIT_USAGE;

  if ((grid_text == NULL) == (random_text == NULL))
    return lrlab_cli_error (command, "%s", grid_text ? "give either --lr-grid or --lr-random, not both"
                                                     : "missing --lr-grid a:b:n or --lr-random a:b:n");
  range_option = grid_text ? "--lr-grid" : "--lr-random";
  range_text = grid_text ? grid_text : random_text;
  if (!lr_sweep_parse_range (range_text, &a, &b, &n, &error))
    return lrlab_cli_error (command, "%s: %s", range_option, error->message);
  if (!parse_uint (command, "--parallel", parallel_text, 1, 64, &parallel))
    return LRLAB_CLI_EXIT_USAGE;

  if (!setup (command, &o, FALSE, &config, &dataset))
    {
      lr_train_config_clear (&config);
      return LRLAB_CLI_EXIT_USAGE;
    }

  lrs = grid_text ? lr_sweep_grid (a, b, n) : lr_sweep_random (a, b, n, config.seed);
  rows = lr_sweep_run (dataset, &config, lrs, n, (guint) parallel, NULL, NULL, NULL, &error);
  lr_train_config_clear (&config);
  if (rows == NULL)
    return lrlab_cli_error (command, "%s", error->message);

  g_string_append (out, "lr,train_loss,val_loss,val_acc,diverged,seconds\n");
  for (guint i = 0; i < n; i++)
    {
      lr_format_csv_number (out, rows[i].lr, LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, rows[i].train_loss, LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, rows[i].val_loss, LR_NUMBER_SHORTEST);
      g_string_append_c (out, ',');
      lr_format_csv_number (out, rows[i].val_acc, LR_NUMBER_SHORTEST);
      g_string_append_printf (out, ",%s,%.6f\n", rows[i].diverged ? "true" : "false", rows[i].seconds);
    }

  return lrlab_cli_write (command, "-", out->str, out->len);
}
