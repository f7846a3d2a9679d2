/* lrlab-window-files.h: the window's experiment files — Open, Save, Save As,
 * recent experiments, dropped files, the title with its modified mark, and
 * "Save changes?" before the window closes (used by lrlab-window.c only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lrlab-window.h"

G_BEGIN_DECLS

void     lrlab_window_files_class_init    (GtkWidgetClass *widget_class);
/* After the template: the document of the window's pages. */
void     lrlab_window_files_init          (LrlabWindow    *self);
void     lrlab_window_files_dispose       (LrlabWindow    *self);
/* A built-in scene is shown: a new document, not saved anywhere. */
void     lrlab_window_files_scene_loaded  (LrlabWindow    *self,
                                           const char     *scene_id);
/* Shows the scene, after asking to save changes if there are any. */
/* Opens a built-in experiment of the classifier page (asking first about
 * unsaved changes). */
void     lrlab_window_files_choose_preset (LrlabWindow    *self,
                                           const char     *name);
void     lrlab_window_files_choose_scene  (LrlabWindow    *self,
                                           const char     *scene_id);
/* TRUE when the window must stay open for now: it asks to save changes. */
gboolean lrlab_window_files_close_request (LrlabWindow    *self);

G_END_DECLS
