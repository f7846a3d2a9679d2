/* lrlab-param-editor.h: editors generated from the core's parameter metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-spec.h"

G_BEGIN_DECLS

#define LRLAB_TYPE_PARAM_EDITOR (lrlab_param_editor_get_type ())

G_DECLARE_FINAL_TYPE (LrlabParamEditor, lrlab_param_editor, LRLAB, PARAM_EDITOR, GtkWidget)

GtkWidget *lrlab_param_editor_new           (void);
/* Shows the keys of @kind with the values of @spec_text ("adam:beta1=0.8"). */
void       lrlab_param_editor_set_spec      (LrlabParamEditor  *self,
                                             const LrKindInfo  *kind,
                                             const char        *spec_text);
/* "NAME[:key=value,…]" with the keys that differ from their defaults;
 * emitted as "changed" whenever an editor commits. */
char      *lrlab_param_editor_get_spec      (LrlabParamEditor  *self);
/* Keys edited elsewhere (e.g. "lr"), not shown. */
void       lrlab_param_editor_set_skip      (LrlabParamEditor  *self,
                                             const char *const *keys);
guint      lrlab_param_editor_get_n_visible (LrlabParamEditor  *self);

G_END_DECLS
