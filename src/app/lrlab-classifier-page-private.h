/* lrlab-classifier-page-private.h: the state the classifier page's files
 * share — the page itself (data, model, runs), training, range test and
 * search, actions and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lrlab-classifier-landscape-view.h"
#include "lrlab-classifier-page.h"
#include "lrlab-classifier-range-test-view.h"
#include "lrlab-classifier-results-view.h"
#include "lrlab-classifier-search-view.h"
#include "lrlab-classifier-training-view.h"
#include "lrlab-job.h"
#include "lrlab-run-list.h"

G_BEGIN_DECLS

#define LRLAB_CLASSIFIER_MAX_RUNS      6
/* Trainings and search rates that run at once; more wait their turn. */
#define LRLAB_CLASSIFIER_MAX_PARALLEL  2

/* What the page knows of one run's training. */
typedef struct {
  LrlabRunPhase  phase;
  LrlabJob      *job;         /* the training under way or last run; older jobs' results are dropped */
  GArray        *records;     /* LrEpochRecord */
  char          *status;
  guint          epochs;
} LrlabRunState;

struct _LrlabClassifierPage
{
  GtkWidget                     parent_instance;

  GSettings                    *settings;

  /* data and model */
  LrDataset                    *dataset;
  char                         *dataset_source;  /* "digits" or the folder asked for */
  GCancellable                 *load_cancellable;
  gboolean                      loading;
  gboolean                      model_invalid;
  char                         *memory_note;    /* the parallelism the memory allows, when less than asked */  /* the hidden layers' field says no model */
  char                         *data_error;
  char                         *model;
  guint                         epochs;
  guint                         batch_size;
  guint                         sharpness_every;   /* epochs between sharpness measurements; 0: none */
  guint                         seed;
  gboolean                      updating;

  /* runs and their training */
  LrlabRunList                 *runs;
  GHashTable                   *run_states;      /* LrlabRun → LrlabRunState */
  GThreadPool                  *pool;
  guint                         n_pending;       /* jobs started and not finished */
  GCancellable                 *train_cancellable;

  /* range test */
  GCancellable                 *lf_cancellable;
  LrlabJob                     *lf_job;          /* the test under way, NULL when none */
  LrlabRun                     *lf_run;          /* the run the suggestion is for */
  double                        suggested_lr;

  /* search */
  GCancellable                 *search_cancellable;
  GListStore                   *results;         /* LrlabClassifierResult */
  guint                         search_total;
  guint                         search_done;
  double                        search_from;
  double                        search_to;

  /* landscape */
  GCancellable                 *landscape_cancellable;
  LrlabJob                     *landscape_job;   /* the computation under way, NULL when none */

  /* template */
  GtkWidget                    *paned;
  GtkSpinner                   *load_spinner;
  GtkLabel                     *dataset_label;
  GtkLabel                     *data_error_label;
  LrlabClassifierImages        *sample_gallery;
  GtkEntry                     *hidden_entry;
  GtkDropDown                  *activation_dropdown;
  GtkAdjustment                *batch_adjustment;
  GtkAdjustment                *sharpness_adjustment;
  GtkAdjustment                *epochs_adjustment;
  GtkAdjustment                *seed_adjustment;
  GtkLabel                     *model_error;
  GtkMenuButton                *presets_button;
  GtkLabel                     *model_label;
  GtkListBox                   *run_list;
  GtkLabel                     *status_label;
  GtkStack                     *view_stack;
  LrlabClassifierTrainingView  *training_view;
  LrlabClassifierRangeTestView *range_test_view;
  LrlabClassifierSearchView    *search_view;
  LrlabClassifierResultsView   *results_view;
  LrlabClassifierLandscapeView *landscape_view;
};

/* lrlab-classifier-page.c */
/* Emits "changed": the data set, model or schedule changed. */
void           lrlab_classifier_page_changed            (LrlabClassifierPage  *self);
void           lrlab_classifier_page_update_status      (LrlabClassifierPage  *self);
/* The page's model, schedule and @run's optimizer as a training config. */
/* At most as many jobs at once as the memory limits leave room for
 * (lr_sweep_fit_parallel), said in the status line when fewer than asked. */
void           lrlab_classifier_page_fit_parallel       (LrlabClassifierPage  *self,
                                                         const LrTrainConfig  *config,
                                                         guint                 n_jobs);
gboolean       lrlab_classifier_page_make_config        (LrlabClassifierPage  *self,
                                                         LrlabRun             *run,
                                                         LrTrainConfig        *config,
                                                         GError              **error);
/* Runs @job on the page's pool; @done gets the page (if it is still there)
 * and the job when it finishes; @tag_free (if any) frees @tag after that,
 * also when the page is gone. */
typedef void (*LrlabPageJobDone) (LrlabClassifierPage *self,
                                  LrlabJob            *job,
                                  gpointer             tag,
                                  const GError        *error);
void           lrlab_classifier_page_run_job            (LrlabClassifierPage  *self,
                                                         LrlabJob             *job,
                                                         GCancellable         *cancellable,
                                                         LrlabPageJobDone      done,
                                                         gpointer              tag,
                                                         GDestroyNotify        tag_free);

/* lrlab-classifier-page-data.c */
void           lrlab_classifier_page_init_data          (LrlabClassifierPage  *self);
void           lrlab_classifier_page_choose_dataset     (LrlabClassifierPage  *self);
void           lrlab_classifier_page_bind_data_callbacks (GtkWidgetClass      *widget_class);

/* lrlab-classifier-page-training.c */
/* Results shows the run selected in the list (else the first to finish). */
void           lrlab_classifier_page_follow_selection   (LrlabClassifierPage  *self);
LrlabRunState *lrlab_classifier_page_run_state          (LrlabClassifierPage  *self,
                                                         LrlabRun             *run);
void           lrlab_run_state_free                     (gpointer              state);
guint          lrlab_classifier_page_count_phase        (LrlabClassifierPage  *self,
                                                         LrlabRunPhase         phase);
void           lrlab_classifier_page_update_plots       (LrlabClassifierPage  *self);
void           lrlab_classifier_page_update_run_rows    (LrlabClassifierPage  *self);

/* lrlab-classifier-page-search.c */
void           lrlab_classifier_page_search_typed       (LrlabClassifierPage  *self);
void           lrlab_classifier_page_cancel_tests       (LrlabClassifierPage  *self);

/* lrlab-classifier-page-landscape.c */
void           lrlab_classifier_page_landscape          (LrlabClassifierPage  *self);
void           lrlab_classifier_page_cancel_landscape   (LrlabClassifierPage  *self);

/* lrlab-classifier-page-actions.c */
void           lrlab_classifier_page_install_actions    (GtkWidgetClass       *widget_class);
void           lrlab_classifier_page_update_actions     (LrlabClassifierPage  *self);

G_END_DECLS
