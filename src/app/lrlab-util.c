/* lrlab-util.c: palette and render-module glue shared by the app's views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <epoxy/gl.h>

#include "lr-schedule.h"
#include "lrlab-run.h"
#include "lrlab-util.h"

gboolean
lrlab_gl_renderer_is_software (const char *gl_renderer)
{
  static const char *const names[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer",
                                       "SWR", "lavapipe" };

  if (gl_renderer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (gl_renderer, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

void
lrlab_prefer_cairo_without_gpu (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;   /* no GL at all: GTK falls back to cairo itself */
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  if (lrlab_gl_renderer_is_software (name))
    {
      g_debug ("GL renderer '%s' is a software rasterizer: drawing with cairo", name);
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
    }
  gdk_gl_context_clear_current ();
}

guint
lrlab_palette_size (void)
{
  return lr_render_palette_size ();
}

void
lrlab_palette_color (guint    index,
                     GdkRGBA *color)
{
  LrRgb c;

  lr_render_palette (index, &c);
  *color = (GdkRGBA) { c.r, c.g, c.b, 1 };
}

LrRenderRun *
lrlab_render_runs (GPtrArray       *runs,
                   const LrSurface *surface,
                   guint            step,
                   guint           *n_out,
                   GPtrArray       *keep)
{
  LrRenderRun *out = g_new0 (LrRenderRun, MAX (runs->len, 1));
  guint n = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      LrlabRun *run = g_ptr_array_index (runs, i);
      const LrTrajectory *traj = lrlab_run_get_trajectory (run);
      const GdkRGBA *c = lrlab_run_get_color (run);
      char *label;

      if (traj == NULL)
        continue;
      label = lrlab_run_describe (run);
      g_ptr_array_add (keep, label);
      out[n].trajectory = traj;
      lrlab_run_summarize (run, surface, step == G_MAXUINT ? G_MAXUINT : step + 1, &out[n].summary);
      out[n].label = label;
      out[n].title = lr_optimizer_config_title (lrlab_run_get_config (run));
      g_ptr_array_add (keep, (char *) out[n].title);
      out[n].schedule = lrlab_run_get_schedule (run);
      out[n].theory_floor = surface == NULL ? NAN
                            : lr_noise_theory_floor (surface, lrlab_run_get_config (run),
                                                     lrlab_run_get_schedule (run),
                                                     lrlab_run_get_noise (run));
      out[n].lr = lr_schedule_spec_characteristic_lr (out[n].schedule, lrlab_run_get_lr (run),
                                                       traj->n_points > 1 ? traj->n_points - 1 : 1);
      out[n].color = (LrRgb) { c->red, c->green, c->blue };
      n++;
    }
  *n_out = n;
  return out;
}

void
lrlab_theme_for_widget (GtkWidget     *widget,
                        gboolean       presenter,
                        LrRenderTheme *theme)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  lr_render_theme_init (theme, dark, presenter ? 1.5 : 1.0);
  /* Match the libadwaita view background so plots sit flush. */
  if (dark)
    theme->background = (LrRgb) { 0.118, 0.118, 0.118 };
  else
    theme->background = (LrRgb) { 1, 1, 1 };
}
