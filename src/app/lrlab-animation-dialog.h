/* lrlab-animation-dialog.h: Export Animation — format, size, frame rate and
 * steps, then the frames rendered in the background with a progress bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lrlab-figure.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_ANIMATION_DIALOG (lrlab_animation_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LrlabAnimationDialog, lrlab_animation_dialog, LRLAB, ANIMATION_DIALOG, AdwWindow)

/* A dialog over @parent that exports @figure (taken) as a GIF or WebM;
 * "the window's size" is @parent's.  When the file is written, a "Saved
 * to" toast appears in @parent. */
LrlabAnimationDialog *lrlab_animation_dialog_new (GtkWindow   *parent,
                                                  LrlabFigure *figure);

G_END_DECLS
