/* lrlab-surface-view.c: one panel — heatmap, contours, minima, trajectories
 *
 * The pixels come from the render module, the same functions that
 * lrlab-cli render uses; this widget adds caching and interaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lr-render.h"
#include "lrlab-run.h"
#include "lrlab-surface-view.h"
#include "lrlab-util.h"

struct _LrlabSurfaceView
{
  GtkWidget   parent_instance;

  LrSurface  *surface;
  LrBox       view;
  GPtrArray  *runs;
  guint       step;
  double      fraction;
  double      x0, y0;
  LrColormap  colormap;
  gboolean    show_contours;
  gboolean    presenter;

  /* heatmap + contours, cached until size, scale, view, style or
   * renderer change */
  cairo_surface_t *background;
  int              bg_width, bg_height, bg_scale;
  gboolean         bg_cairo;
  /* the background with what stays as the runs play on (start marker,
   * trails up to their split), while its key holds */
  GskRenderNode   *still;
  guint64          still_key;
  /* the caption, while its key holds */
  GskRenderNode   *caption;
  guint64          caption_key;
  guint64          description_key;

  /* interaction */
  gboolean    dragging_start;
  gboolean    panning;
  LrBox       pan_origin;
  double      pointer_x, pointer_y;
};

G_DEFINE_FINAL_TYPE (LrlabSurfaceView, lrlab_surface_view, GTK_TYPE_WIDGET)

enum {
  VIEW_CHANGED,
  START_CHANGED,
  HOVER,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
theme_for (LrlabSurfaceView *self,
           LrRenderTheme    *theme)
{
  lrlab_theme_for_widget (GTK_WIDGET (self), self->presenter, theme);
}

/* What the panel shows now; @theme and @runs must outlive @spec. */
static void
panel_spec (LrlabSurfaceView    *self,
            const LrRenderTheme *theme,
            const LrRenderRun   *runs,
            guint                n_runs,
            LrPanelSpec         *spec)
{
  *spec = (LrPanelSpec) { 0 };
  spec->surface = self->surface;
  spec->view = self->view;
  spec->colormap = self->colormap;
  spec->contours = self->show_contours;
  spec->axes = TRUE;
  spec->runs = runs;
  spec->n_runs = n_runs;
  spec->step = self->step;
  spec->fraction = self->fraction;
  spec->x0 = self->x0;
  spec->y0 = self->y0;
  spec->show_start = TRUE;
  spec->theme = theme;
}

static void
plot_rect (LrlabSurfaceView *self,
           LrRect           *rect)
{
  LrRenderTheme theme;

  theme_for (self, &theme);
  lr_render_panel_layout (gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)),
                          &theme, TRUE, rect);
}

gboolean
lrlab_surface_view_to_data (LrlabSurfaceView *self,
                            double            wx,
                            double            wy,
                            double           *x,
                            double           *y)
{
  LrRect r;

  g_return_val_if_fail (LRLAB_IS_SURFACE_VIEW (self), FALSE);

  plot_rect (self, &r);
  if (r.width <= 0 || r.height <= 0)
    return FALSE;
  *x = self->view.xmin + (wx - r.x) / r.width * (self->view.xmax - self->view.xmin);
  *y = self->view.ymax - (wy - r.y) / r.height * (self->view.ymax - self->view.ymin);
  return wx >= r.x && wx <= r.x + r.width && wy >= r.y && wy <= r.y + r.height;
}

gboolean
lrlab_surface_view_to_widget (LrlabSurfaceView *self,
                              double            x,
                              double            y,
                              double           *wx,
                              double           *wy)
{
  LrRect r;

  g_return_val_if_fail (LRLAB_IS_SURFACE_VIEW (self), FALSE);

  plot_rect (self, &r);
  *wx = r.x + (x - self->view.xmin) / (self->view.xmax - self->view.xmin) * r.width;
  *wy = r.y + (self->view.ymax - y) / (self->view.ymax - self->view.ymin) * r.height;
  return *wx >= r.x && *wx <= r.x + r.width && *wy >= r.y && *wy <= r.y + r.height;
}

static void
clear_caches (LrlabSurfaceView *self)
{
  g_clear_pointer (&self->background, cairo_surface_destroy);
  g_clear_pointer (&self->still, gsk_render_node_unref);
  g_clear_pointer (&self->caption, gsk_render_node_unref);
}

static void
invalidate_background (LrlabSurfaceView *self)
{
  clear_caches (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- drawing ---------------------------------------------------------- */

static void
free_surface_bytes (gpointer data)
{
  cairo_surface_destroy (data);
}

/* GTK's software renderer converts a texture pixel by pixel each time it
 * draws one; a cairo node that paints the image is a plain copy there.
 * GPU renderers keep textures uploaded, so they get a texture node. */
static gboolean
uses_cairo_renderer (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

/* Heatmap, contours and minima at device resolution. */
static cairo_surface_t *
render_background (LrlabSurfaceView *self,
                   int               width,
                   int               height,
                   int               scale)
{
  cairo_surface_t *target;
  cairo_t *cr;
  LrRenderTheme theme;
  LrPanelSpec spec;

  theme_for (self, &theme);
  panel_spec (self, &theme, NULL, 0, &spec);
  spec.device_scale = scale;
  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (target, scale, scale);
  cr = cairo_create (target);
  lr_render_panel (cr, width, height, &spec, LR_PANEL_LAYER_BACKGROUND, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (target);
  return target;
}

/* A node showing @image (device pixels, device scale set) over the widget. */
static GskRenderNode *
image_node (cairo_surface_t *image,
            int              width,
            int              height,
            gboolean         as_cairo)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  GskRenderNode *node;
  GdkTexture *texture;
  GBytes *bytes;

  if (as_cairo)
    {
      cairo_t *cr;

      node = gsk_cairo_node_new (&bounds);
      cr = gsk_cairo_node_get_draw_context (node);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      return node;
    }

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (image),
                                      (gsize) cairo_image_surface_get_stride (image) *
                                      cairo_image_surface_get_height (image),
                                      free_surface_bytes, cairo_surface_reference (image));
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (image),
                                    cairo_image_surface_get_height (image),
                                    GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (image));
  g_bytes_unref (bytes);
  node = gsk_texture_node_new (texture, &bounds);
  g_object_unref (texture);
  return node;
}

/* Draws what a recording holds into a cairo node that covers only @box (a
 * node's bounds are what GTK redraws when it changes). */
static GskRenderNode *
recording_node (cairo_surface_t *recording,
                const LrRect    *box,
                int              width,
                int              height)
{
  graphene_rect_t bounds;
  GskRenderNode *node;
  double x0 = floor (MAX (box->x, 0)), y0 = floor (MAX (box->y, 0));
  double x1 = ceil (MIN (box->x + box->width, width));
  double y1 = ceil (MIN (box->y + box->height, height));
  cairo_t *cr;

  if (!(box->width > 0) || x1 <= x0 || y1 <= y0)
    return NULL;
  bounds = GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0);
  node = gsk_cairo_node_new (&bounds);
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  return node;
}

static inline guint64
mix (guint64 h,
     guint64 v)
{
  /* FNV-1a over the value's bytes, enough to tell cache states apart */
  for (int i = 0; i < 8; i++)
    {
      h ^= (v >> (8 * i)) & 0xff;
      h *= G_GUINT64_CONSTANT (1099511628211);
    }
  return h;
}

static guint64
mix_double (guint64 h,
            double  v)
{
  guint64 bits;

  memcpy (&bits, &v, sizeof bits);
  return mix (h, bits);
}

/* What the static layer depends on: the start, and each trail's run, its
 * split and whether it still shows dots. */
static guint64
static_layer_key (LrlabSurfaceView *self)
{
  guint64 key = G_GUINT64_CONSTANT (14695981039346656037);

  key = mix_double (mix_double (key, self->x0), self->y0);
  for (guint i = 0; i < self->runs->len; i++)
    {
      LrlabRun *run = g_ptr_array_index (self->runs, i);
      const LrTrajectory *traj = lrlab_run_get_trajectory (run);
      guint last;

      if (traj == NULL || traj->n_points == 0)
        continue;
      /* the old part of a trail changes with its split and its dots only */
      last = MIN (self->step, traj->n_points - 1);
      key = mix (key, GPOINTER_TO_SIZE (run));
      key = mix (key, lrlab_run_get_serial (run));
      key = mix (key, lr_render_trail_split (last));
      key = mix (key, last < LR_RENDER_TRAIL_DOT_STEPS);
    }
  return key;
}

/* The background with the static trails on it, as a node. */
static GskRenderNode *
static_layer_node (LrlabSurfaceView  *self,
                   const LrPanelSpec *spec,
                   int                width,
                   int                height)
{
  int scale = self->bg_scale;
  cairo_surface_t *image = cairo_surface_create_similar_image (self->background,
                                                               CAIRO_FORMAT_ARGB32,
                                                               width * scale, height * scale);
  GskRenderNode *node;
  cairo_t *cr;

  cairo_surface_set_device_scale (image, scale, scale);
  cr = cairo_create (image);
  cairo_set_source_surface (cr, self->background, 0, 0);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  lr_render_panel (cr, width, height, spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  node = image_node (image, width, height, self->bg_cairo);
  cairo_surface_destroy (image);
  return node;
}

/* @layer of the panel recorded, as a node no larger than what it drew. */
static GskRenderNode *
recorded_layer_node (const LrPanelSpec *spec,
                     LrPanelLayer       layer,
                     int                width,
                     int                height)
{
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (recording);
  GskRenderNode *node;
  LrRect extent;

  lr_render_panel (cr, width, height, spec, layer, &extent);
  cairo_destroy (cr);
  node = recording_node (recording, &extent, width, height);
  cairo_surface_destroy (recording);
  return node;
}

static void
lrlab_surface_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  LrlabSurfaceView *self = LRLAB_SURFACE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  gboolean as_cairo;
  LrRenderTheme theme;
  LrPanelSpec spec;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree LrRenderRun *runs = NULL;
  guint64 still_key, caption_key;
  GskRenderNode *moving;
  guint n = 0;

  if (width <= 0 || height <= 0 || self->surface == NULL)
    return;

  as_cairo = uses_cairo_renderer (widget);
  if (self->background == NULL || self->bg_width != width || self->bg_height != height ||
      self->bg_scale != scale || self->bg_cairo != as_cairo)
    {
      clear_caches (self);
      self->background = render_background (self, width, height, scale);
      self->bg_width = width;
      self->bg_height = height;
      self->bg_scale = scale;
      self->bg_cairo = as_cairo;
    }

  theme_for (self, &theme);
  runs = lrlab_render_runs (self->runs, self->surface, self->step, &n, keep);
  panel_spec (self, &theme, runs, n, &spec);
  still_key = static_layer_key (self);
  caption_key = mix (still_key, self->step);

  /* The static layer: redrawn when a trail's split moves, every
   * LR_RENDER_TRAIL_CHUNK steps. */
  if (self->still == NULL || self->still_key != still_key)
    {
      g_clear_pointer (&self->still, gsk_render_node_unref);
      self->still = static_layer_node (self, &spec, width, height);
      self->still_key = still_key;
    }
  gtk_snapshot_append_node (snapshot, self->still);

  /* What moves each frame: the recent trails and the heads. */
  moving = recorded_layer_node (&spec, LR_PANEL_LAYER_MOVING_TRAILS, width, height);
  if (moving != NULL)
    {
      gtk_snapshot_append_node (snapshot, moving);
      gsk_render_node_unref (moving);
    }

  /* The caption changes with whole steps. */
  if (self->caption == NULL || self->caption_key != caption_key)
    {
      g_clear_pointer (&self->caption, gsk_render_node_unref);
      self->caption = recorded_layer_node (&spec, LR_PANEL_LAYER_CAPTION, width, height);
      self->caption_key = caption_key;
    }
  if (self->caption != NULL)
    gtk_snapshot_append_node (snapshot, self->caption);
}

static void
lrlab_surface_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  LrlabSurfaceView *self = LRLAB_SURFACE_VIEW (widget);

  if (width != self->bg_width || height != self->bg_height)
    clear_caches (self);
}

static void
lrlab_surface_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  /* small enough for three rows of panels above the plots at 1024×600 */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 140 : 96;
  *natural = 480;
}

/* ---- interaction ------------------------------------------------------ */

static void
emit_view_changed (LrlabSurfaceView *self)
{
  invalidate_background (self);
  g_signal_emit (self, signals [VIEW_CHANGED], 0);
}

static void
zoom_around (LrlabSurfaceView *self,
             double            cx,
             double            cy,
             double            factor)
{
  double w = (self->view.xmax - self->view.xmin) / factor;
  double h = (self->view.ymax - self->view.ymin) / factor;
  double fx = (cx - self->view.xmin) / (self->view.xmax - self->view.xmin);
  double fy = (cy - self->view.ymin) / (self->view.ymax - self->view.ymin);

  if (w < 1e-9 || h < 1e-9 || w > 1e7 || h > 1e7)
    return;
  self->view.xmin = cx - fx * w;
  self->view.xmax = self->view.xmin + w;
  self->view.ymin = cy - fy * h;
  self->view.ymax = self->view.ymin + h;
  emit_view_changed (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           LrlabSurfaceView         *self)
{
  double x, y;

  if (dy == 0 || self->surface == NULL)
    return FALSE;
  lrlab_surface_view_to_data (self, self->pointer_x, self->pointer_y, &x, &y);
  zoom_around (self, x, y, pow (1.15, -dy));
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    wx,
           double                    wy,
           LrlabSurfaceView         *self)
{
  double x, y;
  gboolean inside;

  self->pointer_x = wx;
  self->pointer_y = wy;
  inside = lrlab_surface_view_to_data (self, wx, wy, &x, &y);
  g_signal_emit (self, signals [HOVER], 0, inside, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          LrlabSurfaceView         *self)
{
  g_signal_emit (self, signals [HOVER], 0, FALSE, 0.0, 0.0);
}

static void
on_drag_begin (GtkGestureDrag   *gesture,
               double            wx,
               double            wy,
               LrlabSurfaceView *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double x, y;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->panning = button == GDK_BUTTON_MIDDLE || (state & GDK_CONTROL_MASK);
  self->dragging_start = !self->panning && button == GDK_BUTTON_PRIMARY;
  self->pan_origin = self->view;

  if (self->dragging_start && lrlab_surface_view_to_data (self, wx, wy, &x, &y))
    g_signal_emit (self, signals [START_CHANGED], 0, x, y);
}

static void
on_drag_update (GtkGestureDrag   *gesture,
                double            ox,
                double            oy,
                LrlabSurfaceView *self)
{
  double sx, sy, x, y;
  LrRect r;

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  if (self->panning)
    {
      plot_rect (self, &r);
      if (r.width <= 0 || r.height <= 0)
        return;
      x = ox / r.width * (self->pan_origin.xmax - self->pan_origin.xmin);
      y = oy / r.height * (self->pan_origin.ymax - self->pan_origin.ymin);
      self->view = (LrBox) { self->pan_origin.xmin - x, self->pan_origin.xmax - x,
                             self->pan_origin.ymin + y, self->pan_origin.ymax + y };
      emit_view_changed (self);
    }
  else if (self->dragging_start)
    {
      lrlab_surface_view_to_data (self, sx + ox, sy + oy, &x, &y);
      g_signal_emit (self, signals [START_CHANGED], 0, x, y);
    }
}

static void
on_drag_end (GtkGestureDrag   *gesture,
             double            ox,
             double            oy,
             LrlabSurfaceView *self)
{
  self->panning = FALSE;
  self->dragging_start = FALSE;
}

static void
on_double_click (GtkGestureClick  *gesture,
                 int               n_press,
                 double            wx,
                 double            wy,
                 LrlabSurfaceView *self)
{
  if (n_press != 2 || self->surface == NULL)
    return;
  lr_surface_get_view (self->surface, &self->view);
  emit_view_changed (self);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  LrlabSurfaceView *self = LRLAB_SURFACE_VIEW (widget);
  int dx, dy;
  double w = self->view.xmax - self->view.xmin;
  double h = self->view.ymax - self->view.ymin;

  g_variant_get (param, "(ii)", &dx, &dy);
  self->view.xmin += 0.1 * dx * w;
  self->view.xmax += 0.1 * dx * w;
  self->view.ymin += 0.1 * dy * h;
  self->view.ymax += 0.1 * dy * h;
  emit_view_changed (self);
}

/* ---- API -------------------------------------------------------------- */

/* What the description is made of: step, start, surface and runs. */
static guint64
description_key (LrlabSurfaceView *self)
{
  guint64 key = G_GUINT64_CONSTANT (14695981039346656037);

  key = mix (key, self->step);
  key = mix_double (mix_double (key, self->x0), self->y0);
  key = mix (key, GPOINTER_TO_SIZE (self->surface));
  for (guint i = 0; i < self->runs->len; i++)
    {
      LrlabRun *run = g_ptr_array_index (self->runs, i);

      key = mix (mix (key, GPOINTER_TO_SIZE (run)), lrlab_run_get_serial (run));
    }
  return key;
}

static void
update_description (LrlabSurfaceView *self)
{
  GString *s = g_string_new (NULL);

  self->description_key = description_key (self);
  if (self->surface != NULL)
    g_string_append_printf (s, _("Surface %s, start (%.3g, %.3g), step %u."),
                            lr_surface_get_name (self->surface), self->x0, self->y0, self->step);
  for (guint i = 0; i < self->runs->len; i++)
    {
      LrlabRun *run = g_ptr_array_index (self->runs, i);
      const LrTrajectory *traj = lrlab_run_get_trajectory (run);
      g_autofree char *desc = lrlab_run_describe (run);

      if (traj != NULL && traj->n_points > 0)
        {
          const LrTrajPoint *p = &traj->points[MIN (self->step, traj->n_points - 1)];
          g_string_append_printf (s, _(" Run %s at (%.3g, %.3g), loss %.4g."), desc, p->x, p->y, p->loss);
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, s->str, -1);
  g_string_free (s, TRUE);
}

void
lrlab_surface_view_set_surface (LrlabSurfaceView *self,
                                const LrSurface  *surface)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  g_clear_pointer (&self->surface, lr_surface_free);
  if (surface != NULL)
    {
      self->surface = lr_surface_copy (surface);
      lr_surface_get_view (surface, &self->view);
    }
  invalidate_background (self);
}

void
lrlab_surface_view_set_view (LrlabSurfaceView *self,
                             const LrBox      *view)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  if (memcmp (view, &self->view, sizeof *view) == 0)
    return;
  self->view = *view;
  invalidate_background (self);
}

void
lrlab_surface_view_get_view (LrlabSurfaceView *self,
                             LrBox            *view)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));
  *view = self->view;
}

void
lrlab_surface_view_set_runs (LrlabSurfaceView *self,
                             GPtrArray        *runs)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  g_ptr_array_set_size (self->runs, 0);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    g_ptr_array_add (self->runs, g_object_ref (g_ptr_array_index (runs, i)));
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_surface_view_set_step (LrlabSurfaceView *self,
                             guint             step,
                             double            fraction)
{
  guint64 key;

  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  self->step = step;
  self->fraction = fraction;
  /* the description names whole steps only: not rebuilt on every frame */
  key = description_key (self);
  if (key != self->description_key)
    update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_surface_view_set_start (LrlabSurfaceView *self,
                              double            x,
                              double            y)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  self->x0 = x;
  self->y0 = y;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lrlab_surface_view_set_colormap (LrlabSurfaceView *self,
                                 const char       *name)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  self->colormap = lr_colormap_from_name (name);
  invalidate_background (self);
}

void
lrlab_surface_view_set_show_contours (LrlabSurfaceView *self,
                                      gboolean          show)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  self->show_contours = !!show;
  invalidate_background (self);
}

void
lrlab_surface_view_set_presenter (LrlabSurfaceView *self,
                                  gboolean          presenter)
{
  g_return_if_fail (LRLAB_IS_SURFACE_VIEW (self));

  self->presenter = !!presenter;
  invalidate_background (self);
}

static void
on_dark_changed (LrlabSurfaceView *self)
{
  invalidate_background (self);
}

static void
lrlab_surface_view_dispose (GObject *object)
{
  LrlabSurfaceView *self = LRLAB_SURFACE_VIEW (object);

  clear_caches (self);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->surface, lr_surface_free);

  G_OBJECT_CLASS (lrlab_surface_view_parent_class)->dispose (object);
}

static void
lrlab_surface_view_class_init (LrlabSurfaceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_surface_view_dispose;
  widget_class->snapshot = lrlab_surface_view_snapshot;
  widget_class->size_allocate = lrlab_surface_view_size_allocate;
  widget_class->measure = lrlab_surface_view_measure;

  signals [VIEW_CHANGED] = g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [START_CHANGED] = g_signal_new ("start-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals [HOVER] = g_signal_new ("hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                  G_TYPE_BOOLEAN, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "surfaceview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "panel.pan", "(ii)", pan_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "panel.pan", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "panel.pan", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "panel.pan", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "panel.pan", "(ii)", 0, -1);
}

static void
lrlab_surface_view_init (LrlabSurfaceView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->colormap = LR_COLORMAP_VIRIDIS;
  self->show_contours = TRUE;
  self->view = (LrBox) { -1, 1, -1, 1 };

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loss surface with optimizer trajectories"),
                                  -1);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_double_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lrlab_surface_view_new (void)
{
  return g_object_new (LRLAB_TYPE_SURFACE_VIEW, NULL);
}
