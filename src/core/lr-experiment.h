/* lr-experiment.h: experiments as files (.lrlab, PRODUCT.md §4.6)
 *
 * An experiment is what the app shows: a surface with its runs, optionally
 * claims about their outcome ("expect"), lesson steps, and the classifier's
 * settings.  Specs are kept as text in the §4.1 syntax and validated on load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The format version this build reads and writes. */
#define LR_EXPERIMENT_VERSION 1
/* Files larger than this are refused before they are parsed. */
#define LR_EXPERIMENT_MAX_BYTES (4 * 1024 * 1024)
/* Deepest nesting of arrays and objects accepted. */
#define LR_EXPERIMENT_MAX_DEPTH 32
#define LR_EXPERIMENT_MAX_RUNS 64
#define LR_EXPERIMENT_MAX_CHOICES 4

typedef struct {
  char     *optimizer;   /* spec text, never NULL */
  char     *schedule;    /* spec text; NULL: constant */
  char     *label;       /* NULL: none */
  char     *color;       /* "#rrggbb"; NULL: the palette's */
  gboolean  visible;
} LrExperimentRun;

typedef enum {
  LR_EXPECT_VERDICT,     /* run's verdict is @verdict */
  LR_EXPECT_FASTER_THAN, /* run converges in fewer steps than @other (which may never converge) */
  LR_EXPECT_LOSS_BELOW,  /* run's final loss is below @other's */
  LR_EXPECT_ENDS_NEAR,   /* run's last point is within LR_EXPECT_NEAR of @point */
  LR_EXPECT_FLATTER_THAN, /* run ends where the surface is flatter (lower λmax) than @other */
  LR_EXPECT_FLOOR_BELOW, /* noisy runs: run's noise floor is below @other's */
  LR_EXPECT_SETTLES_BEFORE, /* noisy runs: run reaches its floor in fewer steps than @other */
} LrExpectKind;

#define LR_EXPECT_NEAR 0.01

typedef struct {
  LrExpectKind  kind;
  guint         run;
  guint         other;     /* FASTER_THAN, LOSS_BELOW, FLATTER_THAN, FLOOR_BELOW, SETTLES_BEFORE */
  char         *verdict;   /* VERDICT: a verdict's name as lr_verdict_to_string gives it */
  double        point[2];  /* ENDS_NEAR */
} LrExpectation;

typedef struct {
  guint   at_step;
  char   *question;
  char  **choices;         /* NULL-terminated, 2 to 4 */
  guint   answer;          /* index into choices */
  char   *explain;
} LrLessonStep;

typedef struct {
  char    *dataset;        /* "digits" or a folder */
  char    *model;          /* model spec */
  guint    batch_size;     /* 0: not given; LR_TRAIN_BATCH_FULL: "full" */
  guint    epochs;         /* 0: not given */
  guint    sharpness_every; /* epochs between sharpness measurements; 0: not given (none) */
  guint64  seed;
  gboolean has_seed;
  GPtrArray *runs;         /* of LrExperimentRun */
} LrExperimentClassifier;

typedef struct {
  char      *title;        /* NULL: none */
  char      *description;  /* NULL: none */
  char      *surface;      /* spec text, never NULL */
  gboolean   has_start;
  double     start[2];
  guint      steps;        /* 0: not given */
  char      *layout;       /* "grid", "overlay" or NULL */
  char      *plot;         /* the plot beside the loss: "rate", "sharpness" or NULL (rate) */
  gboolean   has_view;
  double     view[4];      /* x_min, x_max, y_min, y_max */
  char      *noise;        /* noise spec text or NULL */
  double     speed;        /* steps per second in the app; 0: not given */
  GPtrArray *runs;         /* of LrExperimentRun */
  GArray    *expect;       /* of LrExpectation */
  GArray    *lesson;       /* of LrLessonStep, by increasing at_step */
  LrExperimentClassifier *classifier; /* NULL: none */
} LrExperiment;

LrExperiment    *lr_experiment_new            (void);
void             lr_experiment_free           (LrExperiment        *experiment);
LrExperimentRun *lr_experiment_run_new        (const char          *optimizer,
                                               const char          *schedule);
void             lr_experiment_run_free       (LrExperimentRun     *run);

/* Parses and validates a whole experiment; on error nothing is returned and
 * the message names the key at fault. */
LrExperiment    *lr_experiment_load_data      (const char          *data,
                                               gsize                length,
                                               GError             **error);
LrExperiment    *lr_experiment_load_file      (GFile               *file,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* The built-in scene @name from the resources; NULL with an error naming the
 * known scenes if there is none. */
LrExperiment    *lr_experiment_load_scene     (const char          *name,
                                               GError             **error);
/* The names of the built-in scenes, in their order of presentation. */
char           **lr_experiment_list_scenes    (void);

/* The built-in experiments for the classifier page (presets), by name, in
 * their order of presentation, and one of them (NULL with an error naming
 * the known ones if there is none). */
char           **lr_experiment_list_presets   (void);
LrExperiment    *lr_experiment_load_preset    (const char          *name,
                                               GError             **error);

/* The run as a run spec, "OPTIMIZER" or "OPTIMIZER@SCHEDULE". */
char            *lr_experiment_run_spec       (const LrExperimentRun *run);

/* UTF-8 JSON, C-locale numbers, ending in a newline. */
char            *lr_experiment_to_json        (const LrExperiment  *experiment);
/* Atomically replaces @file: on any error the previous file is untouched. */
gboolean         lr_experiment_save           (const LrExperiment  *experiment,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrExperiment, lr_experiment_free)

G_END_DECLS
