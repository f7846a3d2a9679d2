/* lrlab-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lrlab-application.h"
#include "lrlab-document.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_WINDOW (lrlab_window_get_type ())

G_DECLARE_FINAL_TYPE (LrlabWindow, lrlab_window, LRLAB, WINDOW, AdwApplicationWindow)

LrlabWindow *lrlab_window_new           (LrlabApplication *application);
void         lrlab_window_load_scene    (LrlabWindow      *self,
                                         const char       *scene_id);
void         lrlab_window_set_page      (LrlabWindow      *self,
                                         const char       *page);
void         lrlab_window_set_presenter (LrlabWindow      *self,
                                         gboolean          presenter);
gboolean     lrlab_window_get_presenter (LrlabWindow      *self);
void         lrlab_window_toast         (LrlabWindow      *self,
                                         const char       *message);

/* lrlab-window-files.c: the experiment shown, as a document. */
LrlabDocument *lrlab_window_get_document  (LrlabWindow      *self);
/* Opens an experiment file in this window (a bad one shows why). */
void         lrlab_window_open_file     (LrlabWindow      *self,
                                         GFile            *file);
/* The "Save changes?" dialog while it is shown, else NULL (tests answer it
 * by emitting its "response" with "cancel", "discard" or "save"). */
GtkWidget   *lrlab_window_get_save_changes_dialog (LrlabWindow *self);

G_END_DECLS
