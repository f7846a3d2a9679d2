/* lrlab-classifier-landscape-view.c: the loss landscape view — the panel
 * drawn by the surfaces' render code (heatmap, contours, axes, trails) from
 * a table surface of the grid, the paths played epoch by epoch with their
 * loss curves growing beside them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lr-render.h"
#include "lrlab-classifier-landscape-view.h"
#include "lrlab-classifier-plot.h"
#include "lrlab-util.h"

/* A whole path plays in about this many seconds (at least one epoch per
 * second). */
#define PLAY_SECONDS 5.0

struct _LrlabClassifierLandscapeView
{
  GtkWidget             parent_instance;

  GSettings            *settings;      /* the colour map the surfaces use; NULL without the schema */
  LrColormap            colormap;
  LrLandscape          *landscape;
  LrSurface            *surface;       /* the grid as a surface */
  const char           *title;         /* the panel's title (static, translated) */
  LrTrajectory         *paths;         /* one per run */
  LrRgb                *colors;
  char                **labels;
  guint                 n_runs;
  guint                 n_epochs;      /* the longest path's last epoch */

  double                epoch;         /* heads: whole epoch + fraction */
  guint                 tick_id;
  gint64                last_frame;
  gboolean              updating;
  guint                 plotted_epoch; /* G_MAXUINT: the plot needs filling */

  cairo_surface_t      *background;    /* the panel without trails, at device scale */
  int                   bg_width, bg_height, bg_scale;
  gboolean              bg_dark;

  /* template */
  GtkDropDown          *plane_dropdown;
  GtkAdjustment        *grid_adjustment;
  GtkProgressBar       *progress;
  GtkLabel             *explain;
  GtkLabel             *error_label;
  GtkDrawingArea       *panel;
  GtkLabel             *panel_caption;
  GtkLabel             *placeholder;
  LrlabClassifierPlot  *loss_plot;
  GtkLabel             *legend;
  GtkLabel             *explained_label;
  GtkButton            *play_button;
  GtkScale             *epoch_scale;
  GtkAdjustment        *epoch_adjustment;
  GtkLabel             *epoch_label;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierLandscapeView, lrlab_classifier_landscape_view, GTK_TYPE_WIDGET)

static void
clear_paths (LrlabClassifierLandscapeView *self)
{
  for (guint r = 0; r < self->n_runs; r++)
    g_free (self->paths[r].points);
  g_clear_pointer (&self->paths, g_free);
  g_clear_pointer (&self->colors, g_free);
  g_clear_pointer (&self->labels, g_strfreev);
  self->n_runs = 0;
}

static void
stop_playing (LrlabClassifierLandscapeView *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  gtk_button_set_icon_name (self->play_button, "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), _("Play the paths"));
}

static void
lrlab_classifier_landscape_view_dispose (GObject *object)
{
  LrlabClassifierLandscapeView *self = LRLAB_CLASSIFIER_LANDSCAPE_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), LRLAB_TYPE_CLASSIFIER_LANDSCAPE_VIEW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lrlab_classifier_landscape_view_parent_class)->dispose (object);
}

static void
lrlab_classifier_landscape_view_finalize (GObject *object)
{
  LrlabClassifierLandscapeView *self = LRLAB_CLASSIFIER_LANDSCAPE_VIEW (object);

  clear_paths (self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->landscape, lr_landscape_free);
  g_clear_pointer (&self->surface, lr_surface_free);
  g_clear_pointer (&self->background, cairo_surface_destroy);
  G_OBJECT_CLASS (lrlab_classifier_landscape_view_parent_class)->finalize (object);
}

/* ---- the panel ------------------------------------------------------------ */

static void
panel_spec (LrlabClassifierLandscapeView *self,
            const LrRenderTheme          *theme,
            LrRenderRun                  *runs,
            LrPanelSpec                  *spec)
{
  double span = lr_landscape_get_span (self->landscape);

  for (guint r = 0; r < self->n_runs; r++)
    {
      runs[r] = (LrRenderRun) { 0 };
      runs[r].trajectory = &self->paths[r];
      runs[r].label = self->labels[r];
      runs[r].color = self->colors[r];
    }
  *spec = (LrPanelSpec) { 0 };
  spec->surface = self->surface;
  spec->view = (LrBox) { -span, span, -span, span };
  spec->colormap = self->colormap;
  spec->contours = TRUE;
  spec->axes = TRUE;
  spec->runs = runs;
  spec->n_runs = self->n_runs;
  spec->step = (guint) floor (self->epoch);
  spec->fraction = self->epoch - floor (self->epoch);
  spec->x0 = 0;
  spec->y0 = 0;
  spec->show_start = TRUE;
  spec->theme = theme;
}

static void
draw_panel (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  LrlabClassifierLandscapeView *self = data;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));
  g_autofree LrRenderRun *runs = NULL;
  LrRenderTheme theme;
  LrPanelSpec spec;

  if (self->landscape == NULL || width <= 0 || height <= 0)
    return;

  lrlab_theme_for_widget (GTK_WIDGET (self), FALSE, &theme);
  runs = g_new0 (LrRenderRun, MAX (self->n_runs, 1));
  panel_spec (self, &theme, runs, &spec);

  if (self->background == NULL || self->bg_width != width || self->bg_height != height ||
      self->bg_scale != scale || self->bg_dark != theme.dark)
    {
      cairo_t *bg;

      g_clear_pointer (&self->background, cairo_surface_destroy);
      self->background = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      cairo_surface_set_device_scale (self->background, scale, scale);
      bg = cairo_create (self->background);
      lr_render_panel (bg, width, height, &spec, LR_PANEL_LAYER_BACKGROUND, NULL);
      cairo_destroy (bg);
      self->bg_width = width;
      self->bg_height = height;
      self->bg_scale = scale;
      self->bg_dark = theme.dark;
    }

  cairo_set_source_surface (cr, self->background, 0, 0);
  cairo_paint (cr);
  lr_render_panel (cr, width, height, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
  lr_render_panel (cr, width, height, &spec, LR_PANEL_LAYER_MOVING_TRAILS, NULL);
}

/* The plane's coordinates and the grid's loss under the pointer, in place
 * of the panel's title while the pointer is over the plot. */
static void
on_motion (GtkEventControllerMotion     *controller,
           double                        px,
           double                        py,
           LrlabClassifierLandscapeView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->panel));
  double height = gtk_widget_get_height (GTK_WIDGET (self->panel));
  g_autofree char *text = NULL;
  LrRenderTheme theme;
  LrRect plot;
  double span, a, b;

  if (self->landscape == NULL)
    return;
  lrlab_theme_for_widget (GTK_WIDGET (self), FALSE, &theme);
  lr_render_panel_layout (width, height, &theme, TRUE, &plot);
  if (px < plot.x || px > plot.x + plot.width || py < plot.y || py > plot.y + plot.height)
    {
      gtk_label_set_label (self->panel_caption, self->title);
      return;
    }
  span = lr_landscape_get_span (self->landscape);
  a = -span + (px - plot.x) / plot.width * 2 * span;
  b = span - (py - plot.y) / plot.height * 2 * span;
  /* Translators: the plane's coordinates under the pointer and the loss there */
  text = g_strdup_printf (_("a %.3g   b %.3g   loss %.4g"), a, b, lr_surface_value (self->surface, a, b));
  gtk_label_set_label (self->panel_caption, text);
}

static void
on_leave (GtkEventControllerMotion     *controller,
          LrlabClassifierLandscapeView *self)
{
  if (self->title != NULL)
    gtk_label_set_label (self->panel_caption, self->title);
}

/* ---- the epoch shown -------------------------------------------------------- */

static void
update_plot (LrlabClassifierLandscapeView *self)
{
  guint shown = (guint) floor (self->epoch);

  if (shown == self->plotted_epoch)
    return;
  self->plotted_epoch = shown;

  lrlab_classifier_plot_clear (self->loss_plot);
  lrlab_classifier_plot_set_x_range (self->loss_plot, 0, MAX (self->n_epochs, 1));
  for (guint r = 0; r < self->n_runs; r++)
    {
      guint n;
      const LrLandscapePoint *p = lr_landscape_get_points (self->landscape, r, &n);
      guint k = MIN (n, shown + 1);
      g_autofree double *x = g_new (double, MAX (k, 1));
      g_autofree double *y = g_new (double, MAX (k, 1));
      GdkRGBA c = { self->colors[r].r, self->colors[r].g, self->colors[r].b, 1 };

      for (guint i = 0; i < k; i++)
        {
          x[i] = p[i].epoch;
          y[i] = p[i].loss;
        }
      lrlab_classifier_plot_add_series (self->loss_plot, self->labels[r], &c, x, y, k, FALSE, TRUE);
    }
  {
    GdkRGBA grey = { 0.5, 0.5, 0.5, 1 };

    lrlab_classifier_plot_add_marker (self->loss_plot, MIN (shown, self->n_epochs), NULL, &grey, TRUE);
  }
}

static void
show_epoch (LrlabClassifierLandscapeView *self)
{
  g_autofree char *text = NULL;
  guint shown = (guint) floor (self->epoch);

  self->updating = TRUE;
  gtk_adjustment_set_value (self->epoch_adjustment, self->epoch);
  self->updating = FALSE;
  /* Translators: the epoch whose weights the paths' heads show */
  text = g_strdup_printf (_("Epoch %u of %u"), shown, self->n_epochs);
  gtk_label_set_label (self->epoch_label, text);
  update_plot (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->panel));
}

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       data)
{
  LrlabClassifierLandscapeView *self = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double rate = MAX (self->n_epochs / PLAY_SECONDS, 1.0);

  if (self->last_frame != 0)
    self->epoch += rate * (now - self->last_frame) / G_USEC_PER_SEC;
  self->last_frame = now;
  if (self->epoch >= self->n_epochs)
    {
      self->epoch = self->n_epochs;
      self->tick_id = 0;
      stop_playing (self);
      show_epoch (self);
      return G_SOURCE_REMOVE;
    }
  show_epoch (self);
  return G_SOURCE_CONTINUE;
}

static void
start_playing (LrlabClassifierLandscapeView *self)
{
  if (self->landscape == NULL || self->tick_id != 0)
    return;
  if (self->epoch >= self->n_epochs)
    self->epoch = 0;
  self->last_frame = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, self, NULL);
  gtk_button_set_icon_name (self->play_button, "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), _("Pause"));
}

static void
on_play_clicked (LrlabClassifierLandscapeView *self)
{
  if (self->tick_id != 0)
    stop_playing (self);
  else
    start_playing (self);
}

static void
on_epoch_changed (LrlabClassifierLandscapeView *self)
{
  if (self->updating || self->landscape == NULL)
    return;
  stop_playing (self);
  self->epoch = gtk_adjustment_get_value (self->epoch_adjustment);
  show_epoch (self);
}

static void
on_colormap_changed (LrlabClassifierLandscapeView *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "colormap");

  self->colormap = lr_colormap_from_name (name);
  g_clear_pointer (&self->background, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self->panel));
}

/* ---- the class ------------------------------------------------------------ */

static void
lrlab_classifier_landscape_view_class_init (LrlabClassifierLandscapeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_classifier_landscape_view_dispose;
  object_class->finalize = lrlab_classifier_landscape_view_finalize;

  g_type_ensure (LRLAB_TYPE_CLASSIFIER_PLOT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lrlab/LearningRateLab/ui/lrlab-classifier-landscape-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, plane_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, grid_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, progress);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, explain);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, error_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, panel);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, panel_caption);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, placeholder);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, legend);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, explained_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, play_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, epoch_scale);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, epoch_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierLandscapeView, epoch_label);
  gtk_widget_class_bind_template_callback (widget_class, on_play_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_epoch_changed);
}

static void
lrlab_classifier_landscape_view_init (LrlabClassifierLandscapeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->plotted_epoch = G_MAXUINT;
  self->colormap = LR_COLORMAP_VIRIDIS;
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

    if (schema != NULL)
      {
        self->settings = g_settings_new (APP_ID);
        g_signal_connect_object (self->settings, "changed::colormap", G_CALLBACK (on_colormap_changed),
                                 self, G_CONNECT_SWAPPED);
        on_colormap_changed (self);
      }
  }
  gtk_drawing_area_set_draw_func (self->panel, draw_panel, self, NULL);
  {
    GtkEventController *motion = gtk_event_controller_motion_new ();

    g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
    g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
    gtk_widget_add_controller (GTK_WIDGET (self->panel), motion);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->panel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loss landscape with the runs' paths"), -1);
  lrlab_classifier_plot_set_axes (self->loss_plot, _("Loss along the paths"), _("epoch"),
                                  _("training loss"), FALSE, TRUE);
  lrlab_classifier_plot_set_empty_text (self->loss_plot, _("Each run's loss, epoch by epoch"));
  gtk_label_set_label (self->explain,
                       _("The runs train from the same initial weights. The map is the mean training loss on a "
                         "plane through them — the two directions in which the weights moved most (PCA), the "
                         "directions to two runs' final weights, or random directions scaled to each unit's "
                         "weights. Each run's weights after every epoch are projected onto it; the curve "
                         "beside shows their own loss."));
  stop_playing (self);
}

/* ---- API -------------------------------------------------------------------- */

void
lrlab_classifier_landscape_view_get_settings (LrlabClassifierLandscapeView *self,
                                              LrLandscapeConfig            *config)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self));

  lr_landscape_config_init (config);
  switch (gtk_drop_down_get_selected (self->plane_dropdown))
    {
    case 1:
      config->plane = LR_LANDSCAPE_PLANE_ENDPOINTS;
      break;
    case 2:
      config->plane = LR_LANDSCAPE_PLANE_RANDOM;
      break;
    default:
      config->plane = LR_LANDSCAPE_PLANE_PCA;
      break;
    }
  config->grid = (guint) gtk_adjustment_get_value (self->grid_adjustment);
}

void
lrlab_classifier_landscape_view_set_progress (LrlabClassifierLandscapeView *self,
                                              double                        fraction)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->progress), fraction >= 0);
  gtk_progress_bar_set_fraction (self->progress, CLAMP (fraction, 0, 1));
}

void
lrlab_classifier_landscape_view_show_error (LrlabClassifierLandscapeView *self,
                                            const char                   *message)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self));

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
describe_plane (const LrLandscape *l)
{
  double e[2];

  lr_landscape_get_explained (l, e);
  switch (lr_landscape_get_config (l)->plane)
    {
    case LR_LANDSCAPE_PLANE_ENDPOINTS:
      return g_strdup_printf (_("Plane through the start and both runs' final weights, at (1, 0) and (0, 1). "
                                "It holds %.0f %% + %.0f %% of the weights' variance."),
                              100 * e[0], 100 * e[1]);
    case LR_LANDSCAPE_PLANE_RANDOM:
      return g_strdup_printf (_("Random filter-normalised directions: they hold %.1f %% + %.1f %% of the "
                                "weights' variance — the paths barely show on a random plane."),
                              100 * e[0], 100 * e[1]);
    case LR_LANDSCAPE_PLANE_PCA:
    default:
      return g_strdup_printf (_("Principal directions: the first holds %.0f %% of the weights' variance, "
                                "the second %.0f %%."), 100 * e[0], 100 * e[1]);
    }
}

void
lrlab_classifier_landscape_view_set_landscape (LrlabClassifierLandscapeView *self,
                                               LrLandscape                  *landscape,
                                               const GdkRGBA                *colors,
                                               guint                         n_colors)
{
  g_autoptr(GString) legend = g_string_new (NULL);
  g_autofree char *plane = NULL;
  const char *caption;
  guint G;
  double span;
  LrBox box;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self));
  g_return_if_fail (landscape != NULL);

  stop_playing (self);
  clear_paths (self);
  g_clear_pointer (&self->landscape, lr_landscape_free);
  g_clear_pointer (&self->surface, lr_surface_free);
  g_clear_pointer (&self->background, cairo_surface_destroy);
  self->landscape = landscape;

  G = lr_landscape_get_grid_size (landscape);
  span = lr_landscape_get_span (landscape);
  box = (LrBox) { -span, span, -span, span };
  self->surface = lr_surface_new_table (&box, G, G, lr_landscape_get_loss (landscape));

  self->n_runs = lr_landscape_get_n_runs (landscape);
  self->paths = g_new0 (LrTrajectory, self->n_runs);
  self->colors = g_new0 (LrRgb, self->n_runs);
  self->labels = g_new0 (char *, self->n_runs + 1);
  self->n_epochs = 0;
  for (guint r = 0; r < self->n_runs; r++)
    {
      guint n;
      const LrLandscapePoint *p = lr_landscape_get_points (landscape, r, &n);
      LrTrajectory *t = &self->paths[r];
      GdkRGBA c;
      g_autofree char *hex = NULL;
      g_autofree char *label = NULL;

      t->n_points = n;
      t->n_steps = n ? n - 1 : 0;
      t->points = g_new0 (LrTrajPoint, MAX (n, 1));
      t->diverged = lr_landscape_get_diverged (landscape, r);
      t->diverged_step = t->n_steps;
      for (guint k = 0; k < n; k++)
        {
          t->points[k].x = p[k].a;
          t->points[k].y = p[k].b;
          t->points[k].loss = p[k].loss;
        }
      self->n_epochs = MAX (self->n_epochs, t->n_steps);

      if (r < n_colors)
        c = colors[r];
      else
        lrlab_palette_color (r, &c);
      self->colors[r] = (LrRgb) { c.red, c.green, c.blue };
      self->labels[r] = g_strdup (lr_landscape_get_run_spec (landscape, r));

      hex = g_strdup_printf ("#%02x%02x%02x", (int) (c.red * 255 + 0.5), (int) (c.green * 255 + 0.5),
                             (int) (c.blue * 255 + 0.5));
      label = g_markup_escape_text (self->labels[r], -1);
      if (r > 0)
        g_string_append_c (legend, '\n');
      /* Translators: a run's colour swatch, its spec, and the share of its own
       * path's variance that lies in the plane */
      g_string_append_printf (legend, _("<span foreground='%s'>●</span> %s  <span alpha='70%%'>%.0f %% of its path in the plane%s</span>"),
                              hex, label, 100 * lr_landscape_get_run_explained (landscape, r),
                              t->diverged ? _(", diverged") : "");
    }

  gtk_label_set_markup (self->legend, legend->str);
  plane = describe_plane (landscape);
  gtk_label_set_label (self->explained_label, plane);
  switch (lr_landscape_get_config (landscape)->plane)
    {
    case LR_LANDSCAPE_PLANE_ENDPOINTS:
      caption = _("Mean training loss on the plane of the end points");
      break;
    case LR_LANDSCAPE_PLANE_RANDOM:
      caption = _("Mean training loss on a random plane");
      break;
    case LR_LANDSCAPE_PLANE_PCA:
    default:
      caption = _("Mean training loss on the principal plane");
      break;
    }
  self->title = caption;
  gtk_label_set_label (self->panel_caption, caption);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->panel_caption), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->play_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->epoch_scale), TRUE);

  self->updating = TRUE;
  gtk_adjustment_set_upper (self->epoch_adjustment, MAX (self->n_epochs, 1));
  self->updating = FALSE;
  self->epoch = 0;
  self->plotted_epoch = G_MAXUINT;
  show_epoch (self);
  start_playing (self);
}

const LrLandscape *
lrlab_classifier_landscape_view_get_landscape (LrlabClassifierLandscapeView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self), NULL);
  return self->landscape;
}

double
lrlab_classifier_landscape_view_get_epoch (LrlabClassifierLandscapeView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self), 0);
  return self->epoch;
}

void
lrlab_classifier_landscape_view_set_epoch (LrlabClassifierLandscapeView *self,
                                           double                        epoch)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self));

  if (self->landscape == NULL)
    return;
  stop_playing (self);
  self->epoch = CLAMP (epoch, 0, self->n_epochs);
  show_epoch (self);
}

void
lrlab_classifier_landscape_view_draw (LrlabClassifierLandscapeView *self,
                                      cairo_t                      *cr,
                                      double                        width,
                                      double                        height,
                                      const LrRenderTheme          *theme)
{
  g_autofree LrRenderRun *runs = NULL;
  LrPanelSpec spec;
  double side;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self));

  cairo_save (cr);
  cairo_set_source_rgb (cr, theme->background.r, theme->background.g, theme->background.b);
  cairo_paint (cr);
  cairo_restore (cr);
  if (self->landscape == NULL)
    {
      lrlab_classifier_plot_draw (self->loss_plot, cr, width, height, theme);
      return;
    }

  side = MIN (height, width * 0.6);
  runs = g_new0 (LrRenderRun, MAX (self->n_runs, 1));
  panel_spec (self, theme, runs, &spec);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, side, side);
  cairo_clip (cr);
  lr_render_panel (cr, side, side, &spec, LR_PANEL_LAYER_BACKGROUND, NULL);
  lr_render_panel (cr, side, side, &spec, LR_PANEL_LAYER_STATIC_TRAILS, NULL);
  lr_render_panel (cr, side, side, &spec, LR_PANEL_LAYER_MOVING_TRAILS, NULL);
  cairo_restore (cr);
  if (width - side > 40)
    {
      cairo_save (cr);
      cairo_translate (cr, side, 0);
      lrlab_classifier_plot_draw (self->loss_plot, cr, width - side, height, theme);
      cairo_restore (cr);
    }
}

void
lrlab_classifier_landscape_view_append_csv (LrlabClassifierLandscapeView *self,
                                            GString                      *out)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self));

  if (self->landscape != NULL)
    lr_landscape_format_csv (out, self->landscape);
  else
    g_string_append (out, "kind,run,epoch,a,b,value\n");
}

gboolean
lrlab_classifier_landscape_view_get_playing (LrlabClassifierLandscapeView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_LANDSCAPE_VIEW (self), FALSE);
  return self->tick_id != 0;
}
