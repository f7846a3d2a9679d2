/* lrlab-plot-view.c: loss and learning rate against step, for all runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lr-render.h"
#include "lr-trajectory.h"
#include "lrlab-plot-view.h"
#include "lrlab-util.h"

struct _LrlabPlotView
{
  GtkWidget      parent_instance;

  LrlabPlotKind  kind;
  LrSurface     *surface;
  GPtrArray     *runs;
  guint          step;
  gboolean       presenter;
};

G_DEFINE_FINAL_TYPE (LrlabPlotView, lrlab_plot_view, GTK_TYPE_WIDGET)

static void
lrlab_plot_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  LrlabPlotView *self = LRLAB_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree LrRenderRun *runs = NULL;
  LrRenderTheme theme;
  guint n = 0;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  lrlab_theme_for_widget (widget, self->presenter, &theme);
  runs = lrlab_render_runs (self->runs, self->surface, self->step, &n, keep);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->kind == LRLAB_PLOT_TABLE)
    lr_render_run_table (cr, width, height, runs, n, &theme);
  else
    lr_render_run_plot (cr, width, height,
                        self->kind == LRLAB_PLOT_LOSS ? LR_RUN_PLOT_LOSS
                        : self->kind == LRLAB_PLOT_LR ? LR_RUN_PLOT_LR : LR_RUN_PLOT_SHARPNESS,
                        self->surface, runs, n, self->step, &theme);
  cairo_destroy (cr);
}

void
lrlab_plot_view_set_kind (LrlabPlotView *self,
                          LrlabPlotKind  kind)
{
  g_return_if_fail (LRLAB_IS_PLOT_VIEW (self));

  self->kind = kind;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind == LRLAB_PLOT_LOSS ? _("Loss gap against step, log scale") :
                                  kind == LRLAB_PLOT_LR ? _("Learning rate against step") :
                                  kind == LRLAB_PLOT_SHARPNESS ? _("Sharpness against step, with each run's stability limit")
                                                               : _("Measured learning-rate table"),
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Screen readers get the table's content, or the curves' end values. */
static void
update_description (LrlabPlotView *self)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree LrRenderRun *runs = NULL;
  guint n = 0;

  if (self->surface != NULL)
    runs = lrlab_render_runs (self->runs, self->surface, self->step, &n, keep);
  for (guint i = 0; i < n; i++)
    {
      if (runs[i].summary.verdict == LR_VERDICT_SETTLED)
        {
          g_autofree char *fl = g_strdup_printf ("%.3g", runs[i].summary.noise_floor);

          g_string_append_printf (s, _("%s: settled at a noise floor of %s from step %d. "),
                                  runs[i].label, fl, runs[i].summary.steps_to_floor);
        }
      else if (runs[i].summary.steps_to_converge >= 0)
        g_string_append_printf (s, _("%s: converged in %d steps. "), runs[i].label,
                                runs[i].summary.steps_to_converge);
      else
        g_string_append_printf (s, _("%s: %s. "), runs[i].label,
                                lr_verdict_to_string (runs[i].summary.verdict));
      /* the rate plot's dashed series: the step the method took where it is not the rate */
      if (self->kind == LRLAB_PLOT_LR && runs[i].trajectory != NULL && runs[i].trajectory->n_points > 0)
        {
          const LrTrajPoint *p = &runs[i].trajectory->points[MIN (self->step, runs[i].trajectory->n_points - 1)];

          if (isfinite (p->effective_lr) && !(fabs (p->effective_lr - p->lr) <= 1e-9 * fabs (p->lr)))
            g_string_append_printf (s, _("Step taken %.3g at rate %.3g. "), p->effective_lr, p->lr);
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, s->str, -1);
  g_string_free (s, TRUE);
}

void
lrlab_plot_view_set_data (LrlabPlotView   *self,
                          const LrSurface *surface,
                          GPtrArray       *runs,
                          guint            step)
{
  g_return_if_fail (LRLAB_IS_PLOT_VIEW (self));

  if (surface != NULL)
    {
      g_clear_pointer (&self->surface, lr_surface_free);
      self->surface = lr_surface_copy (surface);
    }
  g_ptr_array_set_size (self->runs, 0);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    g_ptr_array_add (self->runs, g_object_ref (g_ptr_array_index (runs, i)));
  self->step = step;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_description (self);
}

void
lrlab_plot_view_set_presenter (LrlabPlotView *self,
                               gboolean       presenter)
{
  g_return_if_fail (LRLAB_IS_PLOT_VIEW (self));
  self->presenter = !!presenter;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lrlab_plot_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 100;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 200;
}

static void
lrlab_plot_view_dispose (GObject *object)
{
  LrlabPlotView *self = LRLAB_PLOT_VIEW (object);

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->surface, lr_surface_free);

  G_OBJECT_CLASS (lrlab_plot_view_parent_class)->dispose (object);
}

static void
lrlab_plot_view_class_init (LrlabPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_plot_view_dispose;
  widget_class->snapshot = lrlab_plot_view_snapshot;
  widget_class->measure = lrlab_plot_view_measure;
  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lrlab_plot_view_init (LrlabPlotView *self)
{
  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lrlab_plot_view_new (void)
{
  return g_object_new (LRLAB_TYPE_PLOT_VIEW, NULL);
}
