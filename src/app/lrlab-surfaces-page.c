/* lrlab-surfaces-page.c: the start page — surfaces, runs, playback, plots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lr-round.h"
#include "lr-trajectory.h"
#include "lrlab-param-editor.h"
#include "lrlab-plot-view.h"
#include "lrlab-run-list.h"
#include "lrlab-run-row.h"
#include "lrlab-run.h"
#include "lrlab-surface-view.h"
#include "lrlab-surfaces-page.h"
#include "lrlab-dialogs.h"
#include "lrlab-util.h"

#define MAX_RUNS 6

/* Plots and table redraw at most 20 times a second while playing. */
#define PLOT_INTERVAL_US (G_USEC_PER_SEC / 20)

struct _LrlabSurfacesPage
{
  GtkWidget          parent_instance;

  /* state */
  LrSurface         *surface;
  char              *surface_spec;
  const LrlabScene  *scene;
  double             x0, y0;
  guint              steps;
  LrBox              view;
  LrlabRunList      *runs;
  double             position;      /* current step, fractional while playing */
  guint              tick_id;
  gint64             last_frame_time;
  double             speed;         /* steps per second */
  char              *colormap;
  gboolean           show_contours;
  gboolean           overlay;
  gboolean           presenter;
  gboolean           updating;
  guint              plotted_step;
  gint64             plotted_time;
  gboolean           plots_valid;

  /* template */
  GtkWidget         *paned;
  GtkLabel          *scene_title;
  GtkLabel          *lesson_label;
  GtkDropDown       *surface_dropdown;
  GtkEntry          *formula_entry;
  GtkLabel          *formula_error;
  LrlabParamEditor  *surface_editor;
  GtkLabel          *formula_label;
  GtkLabel          *start_label;
  GtkAdjustment     *steps_adjustment;
  GtkSpinButton     *fan_count;
  GtkSpinButton     *fan_factor;
  GtkButton         *fan_apply;
  GtkMenuButton     *fan_button;
  GtkListBox        *run_list;
  GtkGrid           *panel_grid;
  GtkButton         *play_button;
  GtkAdjustment     *timeline_adjustment;
  GtkLabel          *step_label;
  GtkAdjustment     *speed_adjustment;
  GtkLabel          *speed_label;
  GtkLabel          *hover_label;
  LrlabPlotView     *loss_plot;
  LrlabPlotView     *lr_plot;
  LrlabPlotView     *table_view;
};

G_DEFINE_FINAL_TYPE (LrlabSurfacesPage, lrlab_surfaces_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COLORMAP,
  PROP_SHOW_CONTOURS,
  PROP_SPEED,
  PROP_OVERLAY,
  PROP_PLAYING,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void update_panels (LrlabSurfacesPage *self);
static void update_step_widgets (LrlabSurfacesPage *self);

/* ---- helpers ---------------------------------------------------------- */

static GPtrArray *
visible_runs (LrlabSurfacesPage *self)
{
  GPtrArray *arr = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (lrlab_run_get_visible (run))
        g_ptr_array_add (arr, g_steal_pointer (&run));
    }
  return arr;
}

static guint
current_step (LrlabSurfacesPage *self)
{
  return (guint) floor (self->position);
}

/* ---- panels ----------------------------------------------------------- */

static void
on_panel_view_changed (LrlabSurfaceView  *view,
                       LrlabSurfacesPage *self)
{
  GtkWidget *child;

  /* Panels are synchronized: one view box for all. */
  lrlab_surface_view_get_view (view, &self->view);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != GTK_WIDGET (view))
      lrlab_surface_view_set_view (LRLAB_SURFACE_VIEW (child), &self->view);
}

static void
on_panel_start_changed (LrlabSurfaceView  *view,
                        double             x,
                        double             y,
                        LrlabSurfacesPage *self)
{
  lrlab_surfaces_page_set_start (self, x, y);
}

static void
on_panel_hover (LrlabSurfaceView  *view,
                gboolean           inside,
                double             x,
                double             y,
                LrlabSurfacesPage *self)
{
  double grad[2];
  double f;
  g_autofree char *text = NULL;

  if (!inside || self->surface == NULL)
    {
      gtk_label_set_label (self->hover_label, _("Click or drag to set the start point · scroll to zoom · "
                                                "Ctrl+drag or middle-drag to pan · double-click resets the view"));
      return;
    }

  f = lr_surface_eval (self->surface, x, y, grad, NULL);
  text = g_strdup_printf ("x = %.4g   y = %.4g   f = %.6g   ∇f = (%.4g, %.4g)",
                          x, y, f, grad[0], grad[1]);
  gtk_label_set_label (self->hover_label, text);
}

static LrlabSurfaceView *
make_panel (LrlabSurfacesPage *self)
{
  GtkWidget *panel = lrlab_surface_view_new ();

  g_signal_connect (panel, "view-changed", G_CALLBACK (on_panel_view_changed), self);
  g_signal_connect (panel, "start-changed", G_CALLBACK (on_panel_start_changed), self);
  g_signal_connect (panel, "hover", G_CALLBACK (on_panel_hover), self);
  return LRLAB_SURFACE_VIEW (panel);
}

/* Rebuilds the grid: one panel per visible run, or one for all. */
static void
rebuild_panels (LrlabSurfacesPage *self)
{
  g_autoptr(GPtrArray) runs = visible_runs (self);
  GtkWidget *child;
  guint n_panels, cols;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_grid))) != NULL)
    gtk_grid_remove (self->panel_grid, child);

  n_panels = self->overlay ? 1 : MAX (runs->len, 1);
  cols = n_panels <= 1 ? 1 : n_panels <= 4 ? 2 : 3;
  if (n_panels == 3)
    cols = 3;

  for (guint i = 0; i < n_panels; i++)
    {
      LrlabSurfaceView *panel = make_panel (self);

      lrlab_surface_view_set_surface (panel, self->surface);
      lrlab_surface_view_set_view (panel, &self->view);
      lrlab_surface_view_set_start (panel, self->x0, self->y0);
      lrlab_surface_view_set_colormap (panel, self->colormap);
      lrlab_surface_view_set_show_contours (panel, self->show_contours);
      lrlab_surface_view_set_presenter (panel, self->presenter);
      if (self->overlay)
        lrlab_surface_view_set_runs (panel, runs);
      else if (i < runs->len)
        {
          g_autoptr(GPtrArray) one = g_ptr_array_new ();
          g_ptr_array_add (one, g_ptr_array_index (runs, i));
          lrlab_surface_view_set_runs (panel, one);
        }
      gtk_grid_attach (self->panel_grid, GTK_WIDGET (panel), i % cols, i / cols, 1, 1);
    }

  update_panels (self);
}

static void
update_panels (LrlabSurfacesPage *self)
{
  g_autoptr(GPtrArray) shown = visible_runs (self);
  guint step = current_step (self);
  double frac = self->position - step;
  GtkWidget *child;

  if (self->tick_id == 0)
    self->plots_valid = FALSE;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    lrlab_surface_view_set_step (LRLAB_SURFACE_VIEW (child), step, frac);

  /* The plots and the table change with whole steps only, and while the
   * runs play at most PLOT_INTERVAL_US apart: at 60 steps a second nobody
   * reads a table that changes every frame, and redrawing it is most of a
   * frame's work.  Stopping redraws them at once. */
  if (self->plotted_step == step && self->plots_valid)
    return;
  if (self->tick_id != 0 && self->plots_valid &&
      g_get_monotonic_time () - self->plotted_time < PLOT_INTERVAL_US)
    return;
  self->plotted_step = step;
  self->plotted_time = g_get_monotonic_time ();
  self->plots_valid = TRUE;
  lrlab_plot_view_set_data (self->loss_plot, self->surface, shown, step);
  lrlab_plot_view_set_data (self->lr_plot, self->surface, shown, step);
  lrlab_plot_view_set_data (self->table_view, self->surface, shown, step);
}

/* ---- runs ------------------------------------------------------------- */

static void
update_critical_marks (LrlabSurfacesPage *self)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->run_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child));
      LrlabRun *run;

      if (!LRLAB_IS_RUN_ROW (row))
        continue;
      run = lrlab_run_row_get_run (LRLAB_RUN_ROW (row));
      lrlab_run_row_set_critical_lr (LRLAB_RUN_ROW (row),
                                     self->surface ? lr_critical_lr (self->surface, lrlab_run_get_config (run),
                                                                     self->x0, self->y0)
                                                   : NAN);
    }
}

static void
recompute_all (LrlabSurfacesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  self->plots_valid = FALSE;
  if (self->surface == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
      lrlab_run_compute (run, self->surface, self->x0, self->y0, self->steps);
    }
  update_critical_marks (self);
  update_step_widgets (self);
  update_panels (self);
}

static void
on_run_changed (LrlabRun          *run,
                LrlabSurfacesPage *self)
{
  self->plots_valid = FALSE;
  if (self->surface != NULL)
    lrlab_run_compute (run, self->surface, self->x0, self->y0, self->steps);
  update_critical_marks (self);
  update_panels (self);
}

static void
on_run_visible (LrlabRun          *run,
                GParamSpec        *pspec,
                LrlabSurfacesPage *self)
{
  rebuild_panels (self);
}

static void
on_run_recolored (LrlabRun          *run,
                  LrlabSurfacesPage *self)
{
  self->plots_valid = FALSE;
  update_panels (self);
}

static void
on_runs_changed (GListModel        *model,
                 guint              position,
                 guint              removed,
                 guint              added,
                 LrlabSurfacesPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(LrlabRun) run = g_list_model_get_item (model, i);

      g_signal_connect_object (run, "changed", G_CALLBACK (on_run_changed), self, 0);
      g_signal_connect_object (run, "notify::visible", G_CALLBACK (on_run_visible), self, 0);
      g_signal_connect_object (run, "computed", G_CALLBACK (on_run_recolored), self, 0);
      if (self->surface != NULL && lrlab_run_get_trajectory (run) == NULL)
        lrlab_run_compute (run, self->surface, self->x0, self->y0, self->steps);
    }

  update_critical_marks (self);
  if (!self->updating)
    rebuild_panels (self);
}

gboolean
lrlab_surfaces_page_add_run (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);
  return lrlab_run_list_add (self->runs);
}

GListModel *
lrlab_surfaces_page_get_runs (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return G_LIST_MODEL (self->runs);
}

void
lrlab_surfaces_page_lr_fan (LrlabSurfacesPage *self,
                            guint              n,
                            double             factor)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  lrlab_run_list_lr_fan (self->runs, n, factor);
}

static void
on_fan_apply (LrlabSurfacesPage *self)
{
  gtk_menu_button_popdown (self->fan_button);
  lrlab_surfaces_page_lr_fan (self, gtk_spin_button_get_value_as_int (self->fan_count),
                              gtk_spin_button_get_value (self->fan_factor));
}

/* ---- surface ---------------------------------------------------------- */

static void
update_surface_widgets (LrlabSurfacesPage *self)
{
  const LrKindInfo *kinds;
  guint n;
  const char *name = lr_surface_get_name (self->surface);
  g_autofree char *formula = NULL;

  self->updating = TRUE;
  kinds = lr_surface_kinds (&n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (kinds[i].name, name) == 0)
      {
        gtk_drop_down_set_selected (self->surface_dropdown, i);
        if (g_str_equal (name, "expr"))
          lrlab_param_editor_set_spec (self->surface_editor, NULL, NULL);
        else
          lrlab_param_editor_set_spec (self->surface_editor, &kinds[i], self->surface_spec);
      }

  gtk_widget_set_visible (GTK_WIDGET (self->formula_entry), g_str_equal (name, "expr"));
  if (g_str_equal (name, "expr"))
    gtk_editable_set_text (GTK_EDITABLE (self->formula_entry), lr_surface_get_formula (self->surface));
  gtk_widget_set_visible (GTK_WIDGET (self->formula_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->formula_entry), "error");

  formula = g_strdup_printf ("f(x, y) = %s", lr_surface_get_formula (self->surface));
  gtk_label_set_label (self->formula_label, formula);
  self->updating = FALSE;
}

static void
update_start_label (LrlabSurfacesPage *self)
{
  g_autofree char *text = g_strdup_printf ("(%.3g, %.3g)", self->x0, self->y0);
  gtk_label_set_label (self->start_label, text);
}

gboolean
lrlab_surfaces_page_set_surface (LrlabSurfacesPage  *self,
                                 const char         *spec,
                                 GError            **error)
{
  LrSurface *surface;

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);

  surface = lr_surface_new (spec, error);
  if (surface == NULL)
    return FALSE;

  g_clear_pointer (&self->surface, lr_surface_free);
  self->surface = surface;
  g_free (self->surface_spec);
  self->surface_spec = lr_surface_to_spec (surface);
  lr_surface_get_view (surface, &self->view);
  lr_surface_get_start (surface, &self->x0, &self->y0);

  update_surface_widgets (self);
  update_start_label (self);
  self->position = 0;
  recompute_all (self);
  rebuild_panels (self);

  return TRUE;
}

const LrSurface *
lrlab_surfaces_page_get_surface (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return self->surface;
}

static void
show_formula_error (LrlabSurfacesPage *self,
                    const GError      *error)
{
  gtk_label_set_label (self->formula_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->formula_error), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->formula_entry), "error");
}

static void
on_surface_selected (LrlabSurfacesPage *self)
{
  const LrKindInfo *kinds;
  guint n, idx;
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;

  kinds = lr_surface_kinds (&n);
  idx = gtk_drop_down_get_selected (self->surface_dropdown);
  if (idx >= n)
    return;

  if (g_str_equal (kinds[idx].name, "expr"))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->formula_entry));
      g_autofree char *spec = g_strdup_printf ("expr:%s", *text ? text : "x^2 + 10*y^2");

      if (!lrlab_surfaces_page_set_surface (self, spec, &error))
        lrlab_surfaces_page_set_surface (self, "expr:x^2 + 10*y^2", NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->formula_entry));
      return;
    }

  if (!lrlab_surfaces_page_set_surface (self, kinds[idx].name, &error))
    g_warning ("%s", error->message);
}

static void
on_surface_params_changed (LrlabSurfacesPage *self)
{
  g_autofree char *spec = NULL;
  g_autoptr(GError) error = NULL;
  double x0 = self->x0, y0 = self->y0;
  LrBox view = self->view;

  if (self->updating)
    return;

  spec = lrlab_param_editor_get_spec (self->surface_editor);
  if (!lrlab_surfaces_page_set_surface (self, spec, &error))
    {
      gtk_label_set_label (self->formula_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->formula_error), TRUE);
      return;
    }
  /* A parameter change keeps the start point and view. */
  self->view = view;
  lrlab_surfaces_page_set_start (self, x0, y0);
  rebuild_panels (self);
}

static void
on_formula_activate (LrlabSurfacesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->formula_entry));
  g_autofree char *spec = g_strdup_printf ("expr:%s", text);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) probe = lr_surface_new (spec, &error);

  if (probe == NULL)
    {
      show_formula_error (self, error);
      return;
    }
  lrlab_surfaces_page_set_surface (self, spec, NULL);
}

static void
on_formula_changed (LrlabSurfacesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->formula_entry));
  g_autofree char *spec = g_strdup_printf ("expr:%s", text);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSurface) probe = NULL;

  if (self->updating)
    return;

  /* Check as the user types; apply on Enter. */
  probe = lr_surface_new (spec, &error);
  if (probe == NULL)
    show_formula_error (self, error);
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->formula_error), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->formula_entry), "error");
    }
}

void
lrlab_surfaces_page_set_start (LrlabSurfacesPage *self,
                               double             x,
                               double             y)
{
  GtkWidget *child;

  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  if (!isfinite (x) || !isfinite (y))
    return;

  self->x0 = x;
  self->y0 = y;
  update_start_label (self);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    lrlab_surface_view_set_start (LRLAB_SURFACE_VIEW (child), x, y);
  recompute_all (self);
}

static void
on_steps_changed (LrlabSurfacesPage *self)
{
  guint steps = (guint) gtk_adjustment_get_value (self->steps_adjustment);

  if (self->updating || steps == self->steps)
    return;
  self->steps = steps;
  if (self->position > steps)
    self->position = steps;
  recompute_all (self);
}

/* ---- scenes ----------------------------------------------------------- */

void
lrlab_surfaces_page_load_scene (LrlabSurfacesPage *self,
                                const LrlabScene  *scene)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  g_return_if_fail (scene != NULL);

  lrlab_surfaces_page_stop (self);
  self->scene = scene;

  for (guint i = 0; scene->runs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (scene->runs[i], "@", 2);
      GdkRGBA color;

      lrlab_palette_color (i, &color);
      g_ptr_array_add (runs, lrlab_run_new (parts[0], parts[1], &color));
    }

  self->updating = TRUE;
  self->steps = scene->steps;
  gtk_adjustment_set_value (self->steps_adjustment, scene->steps);
  lrlab_run_list_replace (self->runs, (LrlabRun **) runs->pdata, runs->len);
  self->updating = FALSE;

  if (self->overlay != scene->overlay)
    {
      self->overlay = scene->overlay;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OVERLAY]);
    }

  gtk_label_set_label (self->scene_title, _(scene->title));
  gtk_label_set_label (self->lesson_label, _(scene->lesson));

  if (!lrlab_surfaces_page_set_surface (self, scene->surface, &error))
    g_critical ("Scene %s: %s", scene->id, error->message);
  lrlab_surfaces_page_set_start (self, scene->x0, scene->y0);
  g_object_set (self, "speed", scene->speed, NULL);
  rebuild_panels (self);
}

const char *
lrlab_surfaces_page_get_scene_id (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return self->scene ? self->scene->id : NULL;
}

/* ---- playback --------------------------------------------------------- */

static void
update_step_widgets (LrlabSurfacesPage *self)
{
  g_autofree char *text = NULL;
  guint step = current_step (self);

  self->updating = TRUE;
  gtk_adjustment_set_upper (self->timeline_adjustment, self->steps);
  gtk_adjustment_set_value (self->timeline_adjustment, step);
  self->updating = FALSE;

  /* Translators: the current step of the animation and the total */
  text = g_strdup_printf (_("step %u / %u"), step, self->steps);
  gtk_label_set_label (self->step_label, text);
  gtk_button_set_icon_name (self->play_button, self->tick_id ? "media-playback-pause-symbolic"
                                                            : "media-playback-start-symbolic");
}

static void
set_position (LrlabSurfacesPage *self,
              double             position)
{
  guint old = current_step (self);

  position = CLAMP (position, 0, self->steps);
  self->position = position;
  update_panels (self);
  if (current_step (self) != old)
    {
      update_step_widgets (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STEP]);
    }
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  LrlabSurfacesPage *self = LRLAB_SURFACES_PAGE (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double dt;

  if (self->last_frame_time == 0)
    self->last_frame_time = now;
  dt = (now - self->last_frame_time) / (double) G_USEC_PER_SEC;
  self->last_frame_time = now;

  /* Never jump more than a tenth of a second after a stall. */
  dt = MIN (dt, 0.1);
  set_position (self, self->position + self->speed * dt);

  if (self->position >= self->steps)
    {
      lrlab_surfaces_page_stop (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
lrlab_surfaces_page_stop (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  if (self->tick_id == 0)
    return;
  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  /* Land on a whole step. */
  self->position = floor (self->position);
  update_panels (self);
  update_step_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PLAYING]);
}

gboolean
lrlab_surfaces_page_get_playing (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);
  return self->tick_id != 0;
}

void
lrlab_surfaces_page_toggle_play (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  if (self->tick_id != 0)
    {
      lrlab_surfaces_page_stop (self);
      return;
    }
  if (self->position >= self->steps)
    self->position = 0;
  self->last_frame_time = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  update_step_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PLAYING]);
}

void
lrlab_surfaces_page_step (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  lrlab_surfaces_page_stop (self);
  set_position (self, floor (self->position) + 1);
}

void
lrlab_surfaces_page_reset (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  lrlab_surfaces_page_stop (self);
  set_position (self, 0);
  update_step_widgets (self);
}

guint
lrlab_surfaces_page_get_step (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), 0);
  return current_step (self);
}

void
lrlab_surfaces_page_set_step (LrlabSurfacesPage *self,
                              guint              step)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  set_position (self, step);
}

static void
on_timeline_changed (LrlabSurfacesPage *self)
{
  if (self->updating)
    return;
  set_position (self, gtk_adjustment_get_value (self->timeline_adjustment));
}

static void
update_speed_label (LrlabSurfacesPage *self)
{
  /* Translators: animation speed */
  g_autofree char *text = g_strdup_printf (_("%.0f steps/s"), self->speed);
  gtk_label_set_label (self->speed_label, text);
}

static void
on_speed_changed (LrlabSurfacesPage *self)
{
  double speed = pow (10, gtk_adjustment_get_value (self->speed_adjustment));

  if (self->updating)
    return;
  speed = CLAMP (speed, 1, 1000);
  if (fabs (speed - self->speed) < 1e-9)
    return;
  self->speed = speed;
  update_speed_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SPEED]);
}

void
lrlab_surfaces_page_zoom (LrlabSurfacesPage *self,
                          double             factor)
{
  double cx, cy, hw, hh;

  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  if (self->surface == NULL)
    return;
  if (factor <= 0)
    lr_surface_get_view (self->surface, &self->view);
  else
    {
      cx = 0.5 * (self->view.xmin + self->view.xmax);
      cy = 0.5 * (self->view.ymin + self->view.ymax);
      hw = 0.5 * (self->view.xmax - self->view.xmin) / factor;
      hh = 0.5 * (self->view.ymax - self->view.ymin) / factor;
      if (hw < 1e-9 || hh < 1e-9 || hw > 1e7 || hh > 1e7)
        return;
      self->view = (LrBox) { cx - hw, cx + hw, cy - hh, cy + hh };
    }

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    lrlab_surface_view_set_view (LRLAB_SURFACE_VIEW (child), &self->view);
}

void
lrlab_surfaces_page_focus_panels (LrlabSurfacesPage *self)
{
  GtkWidget *first;

  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  first = gtk_widget_get_first_child (GTK_WIDGET (self->panel_grid));
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

void
lrlab_surfaces_page_set_presenter (LrlabSurfacesPage *self,
                                   gboolean           presenter)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  self->presenter = !!presenter;
  lrlab_plot_view_set_presenter (self->loss_plot, presenter);
  lrlab_plot_view_set_presenter (self->lr_plot, presenter);
  lrlab_plot_view_set_presenter (self->table_view, presenter);
  rebuild_panels (self);
}

/* ---- export ----------------------------------------------------------- */

char *
lrlab_surfaces_page_runs_to_text (LrlabSurfacesPage *self)
{
  GString *s;
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);

  runs = visible_runs (self);
  s = g_string_new ("lrlab-cli compare");
  g_string_append_printf (s, " --surface '%s' --start %.17g,%.17g --steps %u",
                          self->surface_spec, self->x0, self->y0, self->steps);
  for (guint i = 0; i < runs->len; i++)
    {
      g_autofree char *text = lrlab_run_to_text (g_ptr_array_index (runs, i));
      g_string_append_printf (s, " --run '%s'", text);
    }
  return g_string_free (s, FALSE);
}

gboolean
lrlab_surfaces_page_write_csv (LrlabSurfacesPage  *self,
                               const char         *path,
                               GError            **error)
{
  g_autoptr(GPtrArray) runs = visible_runs (self);
  g_autoptr(GString) out = g_string_new ("run,optimizer,schedule,step,lr,x,y,loss,grad_x,grad_y\n");

  for (guint i = 0; i < runs->len; i++)
    {
      LrlabRun *run = g_ptr_array_index (runs, i);
      const LrTrajectory *traj = lrlab_run_get_trajectory (run);

      if (traj == NULL)
        continue;
      for (guint k = 0; k < traj->n_points; k++)
        {
          const LrTrajPoint *p = &traj->points[k];

          g_string_append_printf (out, "%u,\"%s\",\"%s\",%u,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n",
                                  i + 1, lrlab_run_get_optimizer (run), lrlab_run_get_schedule (run),
                                  k, p->lr, p->x, p->y, p->loss, p->gx, p->gy);
        }
    }

  return g_file_set_contents_full (path, out->str, out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

gboolean
lrlab_surfaces_page_write_figure (LrlabSurfacesPage  *self,
                                  const char         *path,
                                  int                 width,
                                  int                 height,
                                  GError            **error)
{
  g_autoptr(GPtrArray) runs = visible_runs (self);

  return lrlab_write_figure (path, width, height, self->surface, &self->view,
                             self->x0, self->y0, runs, self->overlay, current_step (self),
                             self->colormap, self->show_contours,
                             adw_style_manager_get_dark (adw_style_manager_get_default ()),
                             error);
}

/* What the user asked to export, carried to the dialog's answer. */
typedef struct {
  LrlabSurfacesPage *page;
  LrlabSaveKind      kind;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_object_unref (request->page);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportRequest, export_request_free)

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ExportRequest) request = user_data;
  LrlabSurfacesPage *self = request->page;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  gboolean ok;

  file = lrlab_save_dialog_finish (source, result, &error);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      lrlab_show_error (window, _("Cannot export to this location"), _("Choose a local file."));
      return;
    }

  if (request->kind == LRLAB_SAVE_CSV)
    ok = lrlab_surfaces_page_write_csv (self, path, &error);
  else
    ok = lrlab_surfaces_page_write_figure (self, path, 1600, 1000, &error);
  if (!ok)
    lrlab_show_error (window, _("Export failed"), error->message);
}

static void
export (LrlabSurfacesPage *self,
        LrlabSaveKind      kind,
        const char        *title,
        const char        *initial_name)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  ExportRequest *request = g_new0 (ExportRequest, 1);

  request->page = g_object_ref (self);
  request->kind = kind;
  lrlab_save_dialog (GTK_WINDOW (window), title, initial_name, kind, export_done, request);
}

void
lrlab_surfaces_page_export_figure (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  export (self, LRLAB_SAVE_FIGURE, _("Export Figure"), "learning-rate.png");
}

void
lrlab_surfaces_page_export_csv (LrlabSurfacesPage *self)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  export (self, LRLAB_SAVE_CSV, _("Export Runs as CSV"), "runs.csv");
}

/* ---- GObject ---------------------------------------------------------- */

static void
lrlab_surfaces_page_dispose (GObject *object)
{
  LrlabSurfacesPage *self = LRLAB_SURFACES_PAGE (object);

  lrlab_surfaces_page_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LRLAB_TYPE_SURFACES_PAGE);
  g_clear_object (&self->runs);

  G_OBJECT_CLASS (lrlab_surfaces_page_parent_class)->dispose (object);
}

static void
lrlab_surfaces_page_finalize (GObject *object)
{
  LrlabSurfacesPage *self = LRLAB_SURFACES_PAGE (object);

  g_clear_pointer (&self->surface, lr_surface_free);
  g_clear_pointer (&self->surface_spec, g_free);
  g_clear_pointer (&self->colormap, g_free);

  G_OBJECT_CLASS (lrlab_surfaces_page_parent_class)->finalize (object);
}

static void
lrlab_surfaces_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LrlabSurfacesPage *self = LRLAB_SURFACES_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLORMAP:
      g_value_set_string (value, self->colormap);
      break;

    case PROP_SHOW_CONTOURS:
      g_value_set_boolean (value, self->show_contours);
      break;

    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    case PROP_OVERLAY:
      g_value_set_boolean (value, self->overlay);
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->tick_id != 0);
      break;

    case PROP_STEP:
      g_value_set_uint (value, current_step (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_surfaces_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LrlabSurfacesPage *self = LRLAB_SURFACES_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLORMAP:
      if (g_strcmp0 (self->colormap, g_value_get_string (value)) != 0)
        {
          g_free (self->colormap);
          self->colormap = g_value_dup_string (value);
          rebuild_panels (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SHOW_CONTOURS:
      if (self->show_contours != g_value_get_boolean (value))
        {
          self->show_contours = g_value_get_boolean (value);
          rebuild_panels (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SPEED:
      {
        double speed = CLAMP (g_value_get_double (value), 1, 1000);

        if (speed != self->speed)
          {
            self->speed = speed;
            self->updating = TRUE;
            gtk_adjustment_set_value (self->speed_adjustment, log10 (speed));
            self->updating = FALSE;
            update_speed_label (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    case PROP_OVERLAY:
      if (self->overlay != g_value_get_boolean (value))
        {
          self->overlay = g_value_get_boolean (value);
          rebuild_panels (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_STEP:
      set_position (self, g_value_get_uint (value));
      break;

    case PROP_PLAYING:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_surfaces_page_class_init (LrlabSurfacesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_surfaces_page_dispose;
  object_class->finalize = lrlab_surfaces_page_finalize;
  object_class->get_property = lrlab_surfaces_page_get_property;
  object_class->set_property = lrlab_surfaces_page_set_property;

  properties [PROP_COLORMAP] =
    g_param_spec_string ("colormap", NULL, NULL, "viridis",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SHOW_CONTOURS] =
    g_param_spec_boolean ("show-contours", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 1, 1000, 30,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_OVERLAY] =
    g_param_spec_boolean ("overlay", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LRLAB_TYPE_PARAM_EDITOR);
  g_type_ensure (LRLAB_TYPE_PLOT_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/lrlab/LearningRateLab/ui/lrlab-surfaces-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, scene_title);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, lesson_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, surface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, formula_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, formula_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, surface_editor);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, formula_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, start_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, steps_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_count);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_factor);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_apply);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, run_list);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, panel_grid);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, play_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, timeline_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, step_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, speed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, speed_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, hover_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, lr_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, table_view);
}

static void
lrlab_surfaces_page_init (LrlabSurfacesPage *self)
{
  const LrKindInfo *kinds;
  guint n;
  GtkStringList *names;

  self->runs = lrlab_run_list_new (MAX_RUNS, 0, "sgd:lr=0.01");
  self->speed = 30;
  self->steps = 100;
  self->colormap = g_strdup ("viridis");
  self->show_contours = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  lrlab_plot_view_set_kind (self->loss_plot, LRLAB_PLOT_LOSS);
  lrlab_plot_view_set_kind (self->lr_plot, LRLAB_PLOT_LR);
  lrlab_plot_view_set_kind (self->table_view, LRLAB_PLOT_TABLE);

  names = gtk_string_list_new (NULL);
  kinds = lr_surface_kinds (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (names, kinds[i].name);
  gtk_drop_down_set_model (self->surface_dropdown, G_LIST_MODEL (names));
  g_object_unref (names);

  lrlab_run_list_bind (self->runs, self->run_list);
  g_signal_connect (self->runs, "items-changed", G_CALLBACK (on_runs_changed), self);

  g_signal_connect_swapped (self->surface_dropdown, "notify::selected", G_CALLBACK (on_surface_selected), self);
  g_signal_connect_swapped (self->surface_editor, "changed", G_CALLBACK (on_surface_params_changed), self);
  g_signal_connect_swapped (self->formula_entry, "activate", G_CALLBACK (on_formula_activate), self);
  g_signal_connect_swapped (self->formula_entry, "changed", G_CALLBACK (on_formula_changed), self);
  g_signal_connect_swapped (self->steps_adjustment, "value-changed", G_CALLBACK (on_steps_changed), self);
  g_signal_connect_swapped (self->timeline_adjustment, "value-changed", G_CALLBACK (on_timeline_changed), self);
  g_signal_connect_swapped (self->speed_adjustment, "value-changed", G_CALLBACK (on_speed_changed), self);
  g_signal_connect_swapped (self->fan_apply, "clicked", G_CALLBACK (on_fan_apply), self);

  update_speed_label (self);
  on_panel_hover (NULL, FALSE, 0, 0, self);
}
