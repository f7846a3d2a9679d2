/* lrlab-surfaces-page.h: the start page — surfaces, runs, playback, plots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-surface.h"
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
