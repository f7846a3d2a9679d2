/* lr-animation.c: a figure's frames, drawn over the layers that stay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-animation.h"
#include "lr-render-private.h"

/* What the static trails of one run depend on (see lr-trail.c). */
typedef struct {
  guint    split;
  gboolean dots;
} StillKey;

struct _LrAnimation {
  int               width, height;
  LrFigureSpec      spec;
  LrRenderRun      *runs;
  LrRenderTheme     theme;
  LrFigure          figure;
  cairo_surface_t  *base;     /* background, header, panels' backgrounds, colour bar */
  cairo_surface_t  *still;    /* the base with the static trails */
  StillKey         *still_key;
  gboolean          still_valid;
  cairo_surface_t  *frame;
};

LrAnimation *
lr_animation_new (int                 width,
                  int                 height,
                  const LrFigureSpec *spec)
{
  LrAnimation *self;

  g_return_val_if_fail (spec != NULL && spec->surface != NULL, NULL);
  g_return_val_if_fail (spec->runs != NULL || spec->n_runs == 0, NULL);
  g_return_val_if_fail (width >= 32 && height >= 32 && width <= 16384 && height <= 16384, NULL);

  self = g_new0 (LrAnimation, 1);
  self->width = width;
  self->height = height;
  self->spec = *spec;
  self->runs = g_memdup2 (spec->runs, sizeof (LrRenderRun) * MAX (spec->n_runs, 1));
  self->spec.runs = self->runs;
  self->theme = *default_theme (spec->theme, &self->theme);
  self->spec.theme = &self->theme;
  self->still_key = g_new0 (StillKey, MAX (spec->n_runs, 1));
  _lr_figure_layout (&self->figure, width, height, &self->spec, &self->theme);
  return self;
}

void
lr_animation_free (LrAnimation *self)
{
  if (self == NULL)
    return;
  _lr_figure_clear (&self->figure);
  g_clear_pointer (&self->base, cairo_surface_destroy);
  g_clear_pointer (&self->still, cairo_surface_destroy);
  g_clear_pointer (&self->frame, cairo_surface_destroy);
  g_free (self->still_key);
  g_free (self->runs);
  g_free (self);
}

int
lr_animation_get_width (LrAnimation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

int
lr_animation_get_height (LrAnimation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->height;
}

guint
lr_animation_get_length (LrAnimation *self)
{
  guint length = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->spec.n_runs; i++)
    {
      const LrTrajectory *traj = self->runs[i].trajectory;

      if (traj != NULL && traj->n_points > 0)
        length = MAX (length, traj->n_points - 1);
    }
  return length;
}

static cairo_surface_t *
new_image (LrAnimation *self)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->width, self->height);
}

/* @dest becomes a copy of @source and is returned clipped to the figure,
 * ready to draw on. */
static cairo_t *
copy_of (cairo_surface_t *dest,
         cairo_surface_t *source,
         LrAnimation     *self)
{
  cairo_t *cr = cairo_create (dest);

  cairo_set_source_surface (cr, source, 0, 0);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  cairo_clip (cr);
  return cr;
}

/* Each run summarised up to @step, as lrlab-cli render --step does. */
static void
summarize_runs (LrAnimation *self,
                guint        step)
{
  for (guint i = 0; i < self->spec.n_runs; i++)
    if (self->runs[i].trajectory != NULL)
      lr_trajectory_summarize (self->runs[i].trajectory, self->spec.surface, NULL,
                               step == G_MAXUINT ? G_MAXUINT : step + 1, &self->runs[i].summary);
}

/* TRUE when the static trails at @step differ from the ones drawn. */
static gboolean
still_changed (LrAnimation *self,
               guint        step)
{
  gboolean changed = !self->still_valid;

  for (guint i = 0; i < self->spec.n_runs; i++)
    {
      const LrTrajectory *traj = self->runs[i].trajectory;
      guint last = traj != NULL && traj->n_points > 0 ? MIN (step, traj->n_points - 1) : 0;
      StillKey key = { lr_render_trail_split (last), last < LR_RENDER_TRAIL_DOT_STEPS };

      if (key.split != self->still_key[i].split || key.dots != self->still_key[i].dots)
        changed = TRUE;
      self->still_key[i] = key;
    }
  return changed;
}

cairo_surface_t *
lr_animation_draw (LrAnimation *self,
                   guint        step)
{
  cairo_t *cr;

  g_return_val_if_fail (self != NULL, NULL);

  self->spec.step = step;
  summarize_runs (self, step);
  if (self->base == NULL)
    {
      self->base = new_image (self);
      self->still = new_image (self);
      self->frame = new_image (self);
      cr = cairo_create (self->base);
      _lr_figure_draw_base (cr, &self->figure);
      cairo_destroy (cr);
    }
  if (still_changed (self, step))
    {
      cr = copy_of (self->still, self->base, self);
      _lr_figure_draw_panels (cr, &self->figure, LR_PANEL_LAYER_STATIC_TRAILS);
      cairo_destroy (cr);
      self->still_valid = TRUE;
    }

  cr = copy_of (self->frame, self->still, self);
  _lr_figure_draw_panels (cr, &self->figure, LR_PANEL_LAYER_MOVING_TRAILS);
  _lr_figure_draw_panels (cr, &self->figure, LR_PANEL_LAYER_CAPTION);
  _lr_figure_draw_bottom (cr, &self->figure);
  cairo_destroy (cr);
  cairo_surface_flush (self->frame);
  return self->frame;
}

const LrFigureSpec *
_lr_animation_get_spec (LrAnimation *self)
{
  return &self->spec;
}
