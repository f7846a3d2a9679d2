/* lrlab-surfaces-page.c: the start page — surfaces, runs, playback, plots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lr-run-spec.h"
#include "lr-trajectory.h"
#include "lrlab-number.h"
#include "lrlab-param-editor.h"
#include "lrlab-plot-view.h"
#include "lrlab-run-list.h"
#include "lrlab-run-row.h"
#include "lrlab-run.h"
#include "lrlab-surface-key.h"
#include "lrlab-surface-view.h"
#include "lrlab-surfaces-page-private.h"
#include "lrlab-util.h"
#include "lrlab-wheel-guard.h"

G_DEFINE_FINAL_TYPE (LrlabSurfacesPage, lrlab_surfaces_page, GTK_TYPE_WIDGET)

GParamSpec *lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_N_PROPS];


/* ---- helpers ---------------------------------------------------------- */

GPtrArray *
lrlab_surfaces_page_visible_runs (LrlabSurfacesPage *self)
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

guint
lrlab_surfaces_page_current_step (LrlabSurfacesPage *self)
{
  return (guint) floor (self->position);
}

/* ---- panels ----------------------------------------------------------- */

/* The page's view on every panel but @except (which has it) and the key. */
static void
show_view (LrlabSurfacesPage *self,
           LrlabSurfaceView  *except)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != GTK_WIDGET (except))
      lrlab_surface_view_set_view (LRLAB_SURFACE_VIEW (child), &self->view);
  lrlab_surface_key_set_view (self->surface_key, &self->view);
}

static void
on_panel_view_changed (LrlabSurfaceView  *view,
                       LrlabSurfacesPage *self)
{
  /* Panels are synchronized: one view box for all. */
  lrlab_surface_view_get_view (view, &self->view);
  show_view (self, view);
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
  g_autoptr(GPtrArray) runs = lrlab_surfaces_page_visible_runs (self);
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
  lrlab_surface_key_set_surface (self->surface_key, self->surface, self->colormap, self->presenter);
  lrlab_surface_key_set_view (self->surface_key, &self->view);

  lrlab_surfaces_page_update_panels (self);
}

void
lrlab_surfaces_page_update_panels (LrlabSurfacesPage *self)
{
  g_autoptr(GPtrArray) shown = lrlab_surfaces_page_visible_runs (self);
  guint step = lrlab_surfaces_page_current_step (self);
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
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->run_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) &&
        LRLAB_IS_RUN_ROW (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child))))
      lrlab_run_row_set_step (LRLAB_RUN_ROW (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child))), step);
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
      gboolean exact = TRUE;
      double crit;

      if (!LRLAB_IS_RUN_ROW (row))
        continue;
      run = lrlab_run_row_get_run (LRLAB_RUN_ROW (row));
      crit = self->surface ? lr_critical_step (self->surface, lrlab_run_get_config (run),
                                               self->x0, self->y0, &exact)
                           : NAN;
      lrlab_run_row_set_critical_step (LRLAB_RUN_ROW (row), crit, exact);
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
      lrlab_run_compute_noisy (run, self->surface, &self->noise, self->x0, self->y0, self->steps);
    }
  update_critical_marks (self);
  lrlab_surfaces_page_update_step_widgets (self);
  lrlab_surfaces_page_update_panels (self);
}

static void
on_run_changed (LrlabRun          *run,
                LrlabSurfacesPage *self)
{
  self->plots_valid = FALSE;
  if (self->surface != NULL)
    lrlab_run_compute_noisy (run, self->surface, &self->noise, self->x0, self->y0, self->steps);
  update_critical_marks (self);
  lrlab_surfaces_page_update_panels (self);
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
  lrlab_surfaces_page_update_panels (self);
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
        lrlab_run_compute_noisy (run, self->surface, &self->noise, self->x0, self->y0, self->steps);
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
  g_autofree char *text = lrlab_number_format_point (self->x0, self->y0, 3);
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
  lrlab_surfaces_page_lesson_seeked (self);
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

/* ---- noise ------------------------------------------------------------ */

gboolean
lrlab_surfaces_page_set_noise (LrlabSurfacesPage  *self,
                               const char         *spec,
                               GError            **error)
{
  LrNoiseConfig noise = { 0, 1, 0 };

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), FALSE);

  if (spec != NULL && *spec != '\0' && !lr_noise_config_parse (spec, &noise, error))
    return FALSE;
  self->updating = TRUE;
  lrlab_noise_control_set_spec (self->noise_control, noise.sigma > 0 ? spec : NULL, NULL);
  self->updating = FALSE;
  if (noise.sigma == self->noise.sigma && noise.batch == self->noise.batch &&
      noise.seed == self->noise.seed)
    return TRUE;
  self->noise = noise;
  recompute_all (self);
  return TRUE;
}

char *
lrlab_surfaces_page_get_noise (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return self->noise.sigma > 0 ? lr_noise_config_to_spec (&self->noise) : NULL;
}

static void
on_noise_control_changed (LrlabSurfacesPage *self)
{
  if (self->updating)
    return;
  lrlab_surfaces_page_set_noise (self, lrlab_noise_control_get_spec (self->noise_control), NULL);
}

/* ---- scenes ----------------------------------------------------------- */

/* The plot beside the loss: the learning rate, or the sharpness against its limit. */
static void
set_sharpness_plot (LrlabSurfacesPage *self,
                    gboolean           sharpness)
{
  sharpness = !!sharpness;
  if (self->sharpness_plot == sharpness)
    return;
  self->sharpness_plot = sharpness;
  lrlab_plot_view_set_kind (self->lr_plot, sharpness ? LRLAB_PLOT_SHARPNESS : LRLAB_PLOT_LR);
  g_object_notify_by_pspec (G_OBJECT (self),
                            lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_SHARPNESS_PLOT]);
}

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
      g_auto(LrRunSpec) spec = { NULL, NULL };
      g_autofree char *optimizer = NULL;
      g_autofree char *schedule = NULL;
      GdkRGBA color;

      /* The built-in scenes are checked by the test suite. */
      if (!lr_run_spec_parse (scene->runs[i], &spec, NULL))
        g_return_if_reached ();
      optimizer = lr_spec_to_string (spec.optimizer);
      schedule = spec.schedule ? lr_spec_to_string (spec.schedule) : NULL;
      lrlab_palette_color (i, &color);
      g_ptr_array_add (runs, lrlab_run_new (optimizer, schedule, &color));
    }

  self->updating = TRUE;
  self->steps = scene->steps;
  gtk_adjustment_set_value (self->steps_adjustment, scene->steps);
  lrlab_run_list_replace (self->runs, (LrlabRun **) runs->pdata, runs->len);
  self->updating = FALSE;

  if (self->overlay != scene->overlay)
    {
      self->overlay = scene->overlay;
      g_object_notify_by_pspec (G_OBJECT (self), lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_OVERLAY]);
    }

  gtk_label_set_label (self->scene_title, _(scene->title));
  gtk_label_set_label (self->lesson_label, _(scene->lesson));

  if (!lrlab_surfaces_page_set_surface (self, scene->surface, &error))
    g_critical ("Scene %s: %s", scene->id, error->message);
  self->noise = (LrNoiseConfig) { 0, 1, 0 };
  if (scene->noise != NULL && !lr_noise_config_parse (scene->noise, &self->noise, &error))
    g_critical ("Scene %s: %s", scene->id, error->message);
  self->updating = TRUE;
  lrlab_noise_control_set_spec (self->noise_control, self->noise.sigma > 0 ? scene->noise : NULL, NULL);
  self->updating = FALSE;
  lrlab_surfaces_page_set_start (self, scene->x0, scene->y0);
  g_object_set (self, "speed", scene->speed, NULL);
  set_sharpness_plot (self, scene->sharpness);
  rebuild_panels (self);
  lrlab_surfaces_page_set_lesson (self, scene->lesson_steps);
}

const char *
lrlab_surfaces_page_get_scene_id (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return self->scene ? self->scene->id : NULL;
}

void
lrlab_surfaces_page_set_text (LrlabSurfacesPage *self,
                              const char        *title,
                              const char        *description)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  gtk_label_set_label (self->scene_title, title ? title : "");
  gtk_label_set_label (self->lesson_label, description ? description : "");
}

const char *
lrlab_surfaces_page_get_title (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return gtk_label_get_label (self->scene_title);
}

const char *
lrlab_surfaces_page_get_description (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);
  return gtk_label_get_label (self->lesson_label);
}

guint
lrlab_surfaces_page_get_steps (LrlabSurfacesPage *self)
{
  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), 0);
  return self->steps;
}

void
lrlab_surfaces_page_set_steps (LrlabSurfacesPage *self,
                               guint              steps)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  gtk_adjustment_set_value (self->steps_adjustment, steps);
}

void
lrlab_surfaces_page_get_start (LrlabSurfacesPage *self,
                               double            *x,
                               double            *y)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  *x = self->x0;
  *y = self->y0;
}

void
lrlab_surfaces_page_get_view (LrlabSurfacesPage *self,
                              LrBox             *view)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));
  *view = self->view;
}

void
lrlab_surfaces_page_set_view (LrlabSurfacesPage *self,
                              const LrBox       *view)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  self->view = *view;
  show_view (self, NULL);
}

void
lrlab_surfaces_page_set_runs (LrlabSurfacesPage *self,
                              LrlabRun         **runs,
                              guint              n_runs)
{
  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  lrlab_surfaces_page_stop (self);
  self->scene = NULL;
  lrlab_run_list_replace (self->runs, runs, n_runs);
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

  show_view (self, NULL);
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
  g_clear_pointer (&self->lesson, g_array_unref);

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
    case LRLAB_SURFACES_PAGE_PROP_COLORMAP:
      g_value_set_string (value, self->colormap);
      break;

    case LRLAB_SURFACES_PAGE_PROP_SHOW_CONTOURS:
      g_value_set_boolean (value, self->show_contours);
      break;

    case LRLAB_SURFACES_PAGE_PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    case LRLAB_SURFACES_PAGE_PROP_OVERLAY:
      g_value_set_boolean (value, self->overlay);
      break;

    case LRLAB_SURFACES_PAGE_PROP_SHARPNESS_PLOT:
      g_value_set_boolean (value, self->sharpness_plot);
      break;

    case LRLAB_SURFACES_PAGE_PROP_PLAYING:
      g_value_set_boolean (value, self->tick_id != 0);
      break;

    case LRLAB_SURFACES_PAGE_PROP_STEP:
      g_value_set_uint (value, lrlab_surfaces_page_current_step (self));
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
    case LRLAB_SURFACES_PAGE_PROP_COLORMAP:
      if (g_strcmp0 (self->colormap, g_value_get_string (value)) != 0)
        {
          g_free (self->colormap);
          self->colormap = g_value_dup_string (value);
          rebuild_panels (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case LRLAB_SURFACES_PAGE_PROP_SHOW_CONTOURS:
      if (self->show_contours != g_value_get_boolean (value))
        {
          self->show_contours = g_value_get_boolean (value);
          rebuild_panels (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case LRLAB_SURFACES_PAGE_PROP_SPEED:
      {
        double speed = CLAMP (g_value_get_double (value), 1, 1000);

        if (speed != self->speed)
          {
            self->speed = speed;
            self->updating = TRUE;
            gtk_adjustment_set_value (self->speed_adjustment, log10 (speed));
            self->updating = FALSE;
            lrlab_surfaces_page_update_speed_label (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    case LRLAB_SURFACES_PAGE_PROP_OVERLAY:
      if (self->overlay != g_value_get_boolean (value))
        {
          self->overlay = g_value_get_boolean (value);
          rebuild_panels (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case LRLAB_SURFACES_PAGE_PROP_SHARPNESS_PLOT:
      set_sharpness_plot (self, g_value_get_boolean (value));
      break;

    case LRLAB_SURFACES_PAGE_PROP_STEP:
      lrlab_surfaces_page_set_step (self, g_value_get_uint (value));
      break;

    case LRLAB_SURFACES_PAGE_PROP_PLAYING:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The plots under the panels keep about 30 % of the height (never less
 * than their minimum) as the window changes size, until the divider is
 * dragged. */
static void
place_divider (GtkPaned          *vpaned,
               GParamSpec        *pspec,
               LrlabSurfacesPage *self)
{
  int min_pos, max_pos, height = gtk_widget_get_height (GTK_WIDGET (vpaned));
  int want;

  if (self->vpaned_auto == -2 || height <= 0)
    return;
  g_object_get (vpaned, "min-position", &min_pos, "max-position", &max_pos, NULL);
  want = CLAMP (height - (int) (0.3 * height), min_pos, max_pos);
  if (want == gtk_paned_get_position (vpaned) && self->vpaned_auto == want)
    return;
  self->vpaned_auto = want;
  self->vpaned_placing = TRUE;
  gtk_paned_set_position (vpaned, want);
  self->vpaned_placing = FALSE;
}

static void
on_divider_moved (GtkPaned          *vpaned,
                  GParamSpec        *pspec,
                  LrlabSurfacesPage *self)
{
  int min_pos, max_pos, pos = gtk_paned_get_position (vpaned);

  if (self->vpaned_placing || self->vpaned_auto < 0)
    return;
  g_object_get (vpaned, "min-position", &min_pos, "max-position", &max_pos, NULL);
  /* a drag, not the paned keeping it within its limits */
  if (pos != self->vpaned_auto && pos > min_pos && pos < max_pos)
    self->vpaned_auto = -2;
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

  lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_COLORMAP] =
    g_param_spec_string ("colormap", NULL, NULL, "viridis",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_SHOW_CONTOURS] =
    g_param_spec_boolean ("show-contours", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 1, 1000, 30,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_OVERLAY] =
    g_param_spec_boolean ("overlay", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_SHARPNESS_PLOT] =
    g_param_spec_boolean ("sharpness-plot", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  lrlab_surfaces_page_properties [LRLAB_SURFACES_PAGE_PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, LRLAB_SURFACES_PAGE_N_PROPS, lrlab_surfaces_page_properties);

  g_type_ensure (LRLAB_TYPE_PARAM_EDITOR);
  g_type_ensure (LRLAB_TYPE_PLOT_VIEW);
  g_type_ensure (LRLAB_TYPE_SURFACE_KEY);
  g_type_ensure (LRLAB_TYPE_NOISE_CONTROL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/lrlab/LearningRateLab/ui/lrlab-surfaces-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, vpaned);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, scene_title);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, lesson_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, surface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, formula_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, formula_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, surface_editor);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, formula_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, start_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, steps_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, noise_control);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_count);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_factor);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_apply);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, fan_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, run_list);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, panel_grid);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, surface_key);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, play_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, timeline_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, step_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, speed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, speed_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, hover_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, lr_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, table_view);
  gtk_widget_class_bind_template_child (widget_class, LrlabSurfacesPage, panel_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_formula_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_formula_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_steps_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_fan_apply);
  lrlab_surfaces_page_bind_playback (widget_class);
  lrlab_surfaces_page_bind_lesson (widget_class);
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
  self->noise = (LrNoiseConfig) { 0, 1, 0 };

  gtk_widget_init_template (GTK_WIDGET (self));
  lrlab_surfaces_page_init_lesson (self);
  /* the wheel scrolls the list, not the value under the pointer */
  lrlab_wheel_guard (GTK_WIDGET (self));
  self->vpaned_auto = -1;
  g_signal_connect_object (self->vpaned, "notify::max-position", G_CALLBACK (place_divider), self, 0);
  g_signal_connect_object (self->vpaned, "notify::position", G_CALLBACK (on_divider_moved), self, 0);

  lrlab_plot_view_set_kind (self->loss_plot, LRLAB_PLOT_LOSS);
  lrlab_plot_view_set_kind (self->lr_plot, LRLAB_PLOT_LR);
  lrlab_plot_view_set_kind (self->table_view, LRLAB_PLOT_TABLE);

  names = gtk_string_list_new (NULL);
  kinds = lr_surface_kinds (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (names, _(lr_surface_kind_title (kinds[i].name)));
  gtk_drop_down_set_model (self->surface_dropdown, G_LIST_MODEL (names));
  g_object_unref (names);

  lrlab_run_list_bind (self->runs, self->run_list);
  g_signal_connect (self->runs, "items-changed", G_CALLBACK (on_runs_changed), self);

  g_signal_connect_swapped (self->surface_dropdown, "notify::selected", G_CALLBACK (on_surface_selected), self);
  g_signal_connect_swapped (self->surface_editor, "changed", G_CALLBACK (on_surface_params_changed), self);
  g_signal_connect_swapped (self->noise_control, "notify::spec", G_CALLBACK (on_noise_control_changed), self);

  lrlab_surfaces_page_update_speed_label (self);
  on_panel_hover (NULL, FALSE, 0, 0, self);
}
