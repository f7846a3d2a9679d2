/* lrlab-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LRLAB_TYPE_APPLICATION (lrlab_application_get_type ())

G_DECLARE_FINAL_TYPE (LrlabApplication, lrlab_application, LRLAB, APPLICATION, AdwApplication)

LrlabApplication *lrlab_application_new          (void);
GSettings        *lrlab_application_get_settings (LrlabApplication *self);

G_END_DECLS
