/* lrlab-surfaces-export.c: the surfaces page's exports — the figure
 * (PNG, SVG, PDF), the runs' trajectories as CSV and the runs as an
 * lrlab-cli command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lr-format.h"
#include "lrlab-animation-dialog.h"
#include "lrlab-dialogs.h"
#include "lrlab-figure.h"
#include "lrlab-saved-toast.h"
#include "lrlab-surfaces-page-private.h"

char *
lrlab_surfaces_page_runs_to_text (LrlabSurfacesPage *self)
{
  GString *s;
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (self), NULL);

  runs = lrlab_surfaces_page_visible_runs (self);
  s = g_string_new ("lrlab-cli compare");
  /* A command line is a machine format: C-locale numbers, whatever the
   * locale shows in the window. */
  g_string_append_printf (s, " --surface '%s' --start ", self->surface_spec);
  lr_format_number (s, self->x0);
  g_string_append_c (s, ',');
  lr_format_number (s, self->y0);
  g_string_append_printf (s, " --steps %u", self->steps);
  if (self->noise.sigma > 0)
    {
      g_autofree char *noise = lr_noise_config_to_spec (&self->noise);

      g_string_append_printf (s, " --noise '%s'", noise);
    }
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
  g_autoptr(GPtrArray) runs = lrlab_surfaces_page_visible_runs (self);
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
          const double v[] = { p->lr, p->x, p->y, p->loss, p->gx, p->gy };

          g_string_append_printf (out, "%u,", i + 1);
          lr_format_csv_string (out, lrlab_run_get_optimizer (run));
          g_string_append_c (out, ',');
          lr_format_csv_string (out, lrlab_run_get_schedule (run));
          g_string_append_printf (out, ",%u", k);
          for (guint j = 0; j < G_N_ELEMENTS (v); j++)
            {
              g_string_append_c (out, ',');
              lr_format_csv_number (out, v[j], LR_NUMBER_G17);
            }
          g_string_append_c (out, '\n');
        }
    }

  return g_file_set_contents_full (path, out->str, out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/* The figure Export Figure and Export Animation draw: the visible runs at
 * @step, in the app's light or dark style. */
static LrlabFigure *
make_figure (LrlabSurfacesPage *self,
             guint              step)
{
  g_autoptr(GPtrArray) runs = lrlab_surfaces_page_visible_runs (self);

  return lrlab_figure_new (self->surface, &self->view, self->x0, self->y0, runs, self->overlay,
                           self->sharpness_plot, step,
                           self->colormap, self->show_contours,
                           adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

gboolean
lrlab_surfaces_page_write_figure (LrlabSurfacesPage  *self,
                                  const char         *path,
                                  int                 width,
                                  int                 height,
                                  GError            **error)
{
  g_autoptr(LrlabFigure) figure = make_figure (self, lrlab_surfaces_page_current_step (self));

  return lrlab_figure_write (figure, path, width, height, error);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LrlabSaveRequest) request = user_data;
  LrlabSurfacesPage *self = request->owner;
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
  else
    lrlab_toast_saved (GTK_WIDGET (self), file);
}

static void
export (LrlabSurfacesPage *self,
        LrlabSaveKind      kind,
        const char        *title,
        const char        *initial_name)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);

  lrlab_save_dialog (GTK_WINDOW (window), title, initial_name, kind, export_done,
                     lrlab_save_request_new (self, kind));
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

void
lrlab_surfaces_page_export_animation (LrlabSurfacesPage *self)
{
  GtkWidget *window;
  LrlabAnimationDialog *dialog;

  g_return_if_fail (LRLAB_IS_SURFACES_PAGE (self));

  window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  dialog = lrlab_animation_dialog_new (GTK_WINDOW (window), make_figure (self, G_MAXUINT));
  gtk_window_present (GTK_WINDOW (dialog));
}
