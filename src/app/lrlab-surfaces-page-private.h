/* lrlab-surfaces-page-private.h: the state the surfaces page's files share
 * — the page (surface, runs, panels, plots), its playback and its export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lr-experiment.h"
#include "lr-noise.h"
#include "lr-surface.h"
#include "lrlab-noise-control.h"
#include "lrlab-param-editor.h"
#include "lrlab-plot-view.h"
#include "lrlab-run-list.h"
#include "lrlab-surface-key.h"
#include "lrlab-surfaces-page.h"

G_BEGIN_DECLS

#define MAX_RUNS 6

/* Plots and table redraw at most 20 times a second while playing. */
#define PLOT_INTERVAL_US (G_USEC_PER_SEC / 20)

struct _LrlabSurfacesPage
{
  GtkWidget          parent_instance;

  /* state */
  LrSurface         *surface;
  char              *surface_spec;
  const LrlabScene  *scene;
  double             x0, y0;
  guint              steps;
  LrBox              view;
  LrlabRunList      *runs;
  LrNoiseConfig      noise;         /* every run's gradient noise; sigma 0: none */
  double             position;      /* current step, fractional while playing */
  guint              tick_id;
  gint64             last_frame_time;
  double             speed;         /* steps per second */
  char              *colormap;
  gboolean           show_contours;
  gboolean           overlay;
  gboolean           sharpness_plot; /* the plot beside the loss shows sharpness, not the rate */
  gboolean           presenter;
  gboolean           updating;
  guint              plotted_step;
  gint64             plotted_time;
  gboolean           plots_valid;

  /* template */
  GtkWidget         *paned;
  GtkPaned          *vpaned;
  int                vpaned_auto;   /* the divider as last placed here, -1 before; else dragged */
  gboolean           vpaned_placing;
  GtkLabel          *scene_title;
  GtkLabel          *lesson_label;
  GtkDropDown       *surface_dropdown;
  GtkEntry          *formula_entry;
  GtkLabel          *formula_error;
  LrlabParamEditor  *surface_editor;
  GtkLabel          *formula_label;
  GtkLabel          *start_label;
  GtkAdjustment     *steps_adjustment;
  LrlabNoiseControl *noise_control;
  GtkSpinButton     *fan_count;
  GtkSpinButton     *fan_factor;
  GtkButton         *fan_apply;
  GtkMenuButton     *fan_button;
  GtkListBox        *run_list;
  GtkGrid           *panel_grid;
  LrlabSurfaceKey   *surface_key;
  GtkButton         *play_button;
  GtkAdjustment     *timeline_adjustment;
  GtkLabel          *step_label;
  GtkAdjustment     *speed_adjustment;
  GtkLabel          *speed_label;
  GtkLabel          *hover_label;
  LrlabPlotView     *loss_plot;
  LrlabPlotView     *lr_plot;
  LrlabPlotView     *table_view;
  GtkOverlay        *panel_overlay;

  /* lesson steps (lrlab-surfaces-lesson.c) */
  GArray            *lesson;        /* of LrLessonStep; NULL: none */
  guint              lesson_next;   /* the first step still armed */
  GtkWidget         *lesson_card;
};

enum {
  LRLAB_SURFACES_PAGE_PROP_0,
  LRLAB_SURFACES_PAGE_PROP_COLORMAP,
  LRLAB_SURFACES_PAGE_PROP_SHOW_CONTOURS,
  LRLAB_SURFACES_PAGE_PROP_SPEED,
  LRLAB_SURFACES_PAGE_PROP_OVERLAY,
  LRLAB_SURFACES_PAGE_PROP_SHARPNESS_PLOT,
  LRLAB_SURFACES_PAGE_PROP_PLAYING,
  LRLAB_SURFACES_PAGE_PROP_STEP,
  LRLAB_SURFACES_PAGE_N_PROPS
};

extern GParamSpec *lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_N_PROPS];

/* lrlab-surfaces-page.c */
GPtrArray *lrlab_surfaces_page_visible_runs        (LrlabSurfacesPage *self);
guint      lrlab_surfaces_page_current_step        (LrlabSurfacesPage *self);
void       lrlab_surfaces_page_update_panels       (LrlabSurfacesPage *self);

/* lrlab-surfaces-playback.c */
void       lrlab_surfaces_page_update_step_widgets (LrlabSurfacesPage *self);
void       lrlab_surfaces_page_update_speed_label  (LrlabSurfacesPage *self);
void       lrlab_surfaces_page_bind_playback       (GtkWidgetClass    *widget_class);
/* Moves to @step without playing (no lesson step fires). */
void       lrlab_surfaces_page_move_to             (LrlabSurfacesPage *self,
                                                    guint              step);
/* Plays from here (from the start at the end); an armed lesson step at
 * this step shows instead. */
void       lrlab_surfaces_page_play                (LrlabSurfacesPage *self);

/* lrlab-surfaces-lesson.c */
void       lrlab_surfaces_page_init_lesson         (LrlabSurfacesPage *self);
void       lrlab_surfaces_page_bind_lesson         (GtkWidgetClass    *widget_class);
/* TRUE when an armed lesson step is at @step or before it; then
 * _due_step() is its step and _fire() pauses there and shows it. */
gboolean   lrlab_surfaces_page_lesson_due          (LrlabSurfacesPage *self,
                                                    guint              step);
guint      lrlab_surfaces_page_lesson_due_step     (LrlabSurfacesPage *self);
void       lrlab_surfaces_page_lesson_fire         (LrlabSurfacesPage *self);
/* Disarms the steps at @step and before it without showing them. */
void       lrlab_surfaces_page_lesson_skip         (LrlabSurfacesPage *self,
                                                    guint              step);
/* After a seek: hides the card, arms every step from the current one on. */
void       lrlab_surfaces_page_lesson_seeked       (LrlabSurfacesPage *self);

G_END_DECLS
