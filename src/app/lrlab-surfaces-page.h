/* lrlab-surfaces-page.h: the start page — surfaces, runs, playback, plots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-surface.h"
#include "lrlab-run.h"
#include "lrlab-scenes.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_SURFACES_PAGE (lrlab_surfaces_page_get_type ())

G_DECLARE_FINAL_TYPE (LrlabSurfacesPage, lrlab_surfaces_page, LRLAB, SURFACES_PAGE, GtkWidget)

void             lrlab_surfaces_page_load_scene    (LrlabSurfacesPage *self,
                                                    const LrlabScene  *scene);
/* Every run's gradient noise: "sigma=S,batch=B,seed=N", or NULL/"" for none;
 * a bad spec is refused.  get returns the canonical spec or NULL. */
gboolean         lrlab_surfaces_page_set_noise     (LrlabSurfacesPage  *self,
                                                     const char         *spec,
                                                     GError            **error);
char            *lrlab_surfaces_page_get_noise     (LrlabSurfacesPage  *self);
const char      *lrlab_surfaces_page_get_scene_id  (LrlabSurfacesPage *self);
/* What an experiment file holds: its text, steps, start, view and runs. */
void             lrlab_surfaces_page_set_text      (LrlabSurfacesPage *self,
                                                    const char        *title,
                                                    const char        *description);
const char      *lrlab_surfaces_page_get_title     (LrlabSurfacesPage *self);
const char      *lrlab_surfaces_page_get_description (LrlabSurfacesPage *self);
guint            lrlab_surfaces_page_get_steps     (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_set_steps     (LrlabSurfacesPage *self,
                                                    guint              steps);
void             lrlab_surfaces_page_get_start     (LrlabSurfacesPage *self,
                                                    double            *x,
                                                    double            *y);
void             lrlab_surfaces_page_get_view      (LrlabSurfacesPage *self,
                                                    LrBox             *view);
void             lrlab_surfaces_page_set_view      (LrlabSurfacesPage *self,
                                                    const LrBox       *view);
/* Replaces every run (at most six); no scene is shown any more. */
void             lrlab_surfaces_page_set_runs      (LrlabSurfacesPage *self,
                                                    LrlabRun         **runs,
                                                    guint              n_runs);
gboolean         lrlab_surfaces_page_set_surface   (LrlabSurfacesPage *self,
                                                    const char        *spec,
                                                    GError           **error);
const LrSurface *lrlab_surfaces_page_get_surface   (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_set_start     (LrlabSurfacesPage *self,
                                                    double             x,
                                                    double             y);

void             lrlab_surfaces_page_toggle_play   (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_stop          (LrlabSurfacesPage *self);
gboolean         lrlab_surfaces_page_get_playing   (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_step          (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_reset         (LrlabSurfacesPage *self);
guint            lrlab_surfaces_page_get_step      (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_set_step      (LrlabSurfacesPage *self,
                                                    guint              step);
/* factor > 1 zooms in, < 1 out; 0 resets the view */
void             lrlab_surfaces_page_zoom          (LrlabSurfacesPage *self,
                                                    double             factor);

GListModel      *lrlab_surfaces_page_get_runs      (LrlabSurfacesPage *self);
/* FALSE when the page already has the most runs it can show */
gboolean         lrlab_surfaces_page_add_run       (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_lr_fan        (LrlabSurfacesPage *self,
                                                    guint              n,
                                                    double             factor);

/* Lesson steps (of LrLessonStep, referenced; NULL or empty: none). */
void             lrlab_surfaces_page_set_lesson    (LrlabSurfacesPage *self,
                                                    GArray            *steps);
gboolean         lrlab_surfaces_page_has_lesson    (LrlabSurfacesPage *self);
/* The clicker's forward: reveals the question on the card and plays on,
 * plays when paused, or goes on to the next question.  FALSE without a
 * lesson. */
gboolean         lrlab_surfaces_page_lesson_next   (LrlabSurfacesPage *self);
/* The clicker's back: asks the shown question again if revealed, else the
 * one before (before the first: back to the start). */
gboolean         lrlab_surfaces_page_lesson_previous (LrlabSurfacesPage *self);
/* TRUE while the card shows a question not yet revealed. */
gboolean         lrlab_surfaces_page_lesson_asking (LrlabSurfacesPage *self);
/* Highlights answer @choice of the open question; FALSE if none is open. */
gboolean         lrlab_surfaces_page_lesson_pick   (LrlabSurfacesPage *self,
                                                    int                choice);
/* The lesson card (an LrlabLessonCard), visible while it shows a step. */
GtkWidget       *lrlab_surfaces_page_get_lesson_card (LrlabSurfacesPage *self);
/* Seeks by @delta steps without playing (negative: back). */
void             lrlab_surfaces_page_seek_by       (LrlabSurfacesPage *self,
                                                    int                delta);

/* Moves the keyboard focus to the first panel (Space then plays). */
void             lrlab_surfaces_page_focus_panels  (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_set_presenter (LrlabSurfacesPage *self,
                                                    gboolean           presenter);
void             lrlab_surfaces_page_export_figure (LrlabSurfacesPage *self);
void             lrlab_surfaces_page_export_csv    (LrlabSurfacesPage *self);
/* Opens the Export Animation dialog for the runs shown. */
void             lrlab_surfaces_page_export_animation (LrlabSurfacesPage *self);
/* Writes the figure (format from the extension: png, svg, pdf) or the CSV. */
gboolean         lrlab_surfaces_page_write_figure  (LrlabSurfacesPage *self,
                                                    const char        *path,
                                                    int                width,
                                                    int                height,
                                                    GError           **error);
gboolean         lrlab_surfaces_page_write_csv     (LrlabSurfacesPage *self,
                                                    const char        *path,
                                                    GError           **error);
/* "lrlab-cli compare --surface … --run … --steps …" */
char            *lrlab_surfaces_page_runs_to_text  (LrlabSurfacesPage *self);

G_END_DECLS
