/* lrlab-run-row.c: the editor of one run (optimizer, learning rate, schedule)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lr-round.h"
#include "lr-schedule.h"
#include "lr-trajectory.h"
#include "lrlab-number.h"
#include "lrlab-param-editor.h"
#include "lrlab-rate-marker.h"
#include "lrlab-run-row.h"
#include "lrlab-util.h"
#include "lrlab-wheel-guard.h"

#define LR_LOG_MIN (-6.0)
#define LR_LOG_MAX (2.0)

struct _LrlabRunRow
{
  GtkWidget         parent_instance;

  LrlabRun         *run;
  gboolean          updating;
  double            critical_lr;
  gboolean          critical_exact;
  guint             step;
  int               own_step;       /* the run's step differs from its rate: 1, no: 0, unknown: -1 */

  /* template */
  GtkWidget        *box;
  GtkMenuButton    *color_button;
  GtkDrawingArea   *swatch;
  GtkFlowBox       *palette_box;
  GtkDropDown      *optimizer_dropdown;
  GtkToggleButton  *visible_button;
  GtkButton        *duplicate_button;
  GtkButton        *remove_button;
  GtkScale         *lr_scale;
  GtkAdjustment    *lr_adjustment;
  GtkEntry         *lr_entry;
  LrlabRateMarker  *step_marker;
  GtkLabel         *critical_label;
  GtkLabel         *step_label;
  GtkExpander      *expander;
  LrlabParamEditor *optimizer_editor;
  GtkDropDown      *schedule_dropdown;
  LrlabParamEditor *schedule_editor;
  GtkLabel         *error_label;
  GtkLabel         *status_label;
};

G_DEFINE_FINAL_TYPE (LrlabRunRow, lrlab_run_row, GTK_TYPE_WIDGET)

enum {
  DUPLICATE,
  REMOVE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
show_error (LrlabRunRow *self,
            const char  *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  LrlabRunRow *self = user_data;
  const GdkRGBA *c;
  double r = MIN (width, height) / 2.0 - 1;

  if (self->run == NULL)
    return;
  c = lrlab_run_get_color (self->run);
  cairo_arc (cr, width / 2.0, height / 2.0, r, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, lrlab_run_get_visible (self->run) ? 1.0 : 0.35);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
update_lr_widgets (LrlabRunRow *self)
{
  double lr = lrlab_run_get_lr (self->run);
  g_autofree char *buf = lrlab_number_format (lr, 6);

  self->updating = TRUE;
  if (lr > 0)
    gtk_adjustment_set_value (self->lr_adjustment, CLAMP (log10 (lr), LR_LOG_MIN, LR_LOG_MAX));
  else
    gtk_adjustment_set_value (self->lr_adjustment, LR_LOG_MIN);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->lr_entry)), buf) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->lr_entry), buf);
  gtk_widget_remove_css_class (GTK_WIDGET (self->lr_entry), "error");
  self->updating = FALSE;
}

static guint
kind_index (const LrKindInfo *kinds,
            guint             n,
            const char       *name)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (kinds[i].name, name) == 0)
      return i;
  return 0;
}

static void
update_from_run (LrlabRunRow *self)
{
  const LrKindInfo *kinds;
  guint n;
  g_autofree char *sched_name = NULL;
  const char *sched = lrlab_run_get_schedule (self->run);

  self->updating = TRUE;

  kinds = lr_optimizer_kinds (&n);
  gtk_drop_down_set_selected (self->optimizer_dropdown,
                              kind_index (kinds, n, lrlab_run_get_config (self->run)->name));
  lrlab_param_editor_set_spec (self->optimizer_editor,
                               &kinds[kind_index (kinds, n, lrlab_run_get_config (self->run)->name)],
                               lrlab_run_get_optimizer (self->run));

  sched_name = g_strdup (sched);
  if (strchr (sched_name, ':'))
    *strchr (sched_name, ':') = '\0';
  kinds = lr_schedule_kinds (&n);
  gtk_drop_down_set_selected (self->schedule_dropdown, kind_index (kinds, n, sched_name));
  lrlab_param_editor_set_spec (self->schedule_editor, &kinds[kind_index (kinds, n, sched_name)], sched);

  gtk_toggle_button_set_active (self->visible_button, lrlab_run_get_visible (self->run));
  gtk_button_set_icon_name (GTK_BUTTON (self->visible_button),
                            lrlab_run_get_visible (self->run) ? "view-reveal-symbolic"
                                                              : "view-conceal-symbolic");
  self->updating = FALSE;

  update_lr_widgets (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->swatch));
  show_error (self, lrlab_run_get_error (self->run));

  {
    g_autofree char *desc = lrlab_run_describe (self->run);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, desc, -1);
  }
}

static void
on_optimizer_selected (LrlabRunRow *self)
{
  const LrKindInfo *kinds;
  guint n, idx;
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  LrOptimizerConfig next;

  if (self->updating || self->run == NULL)
    return;

  kinds = lr_optimizer_kinds (&n);
  idx = gtk_drop_down_get_selected (self->optimizer_dropdown);
  if (idx >= n || g_strcmp0 (kinds[idx].name, lrlab_run_get_config (self->run)->name) == 0)
    return;

  /* Keep the learning rate when switching method, but not into or out of a method whose lr
   * multiplies the step it chooses (1 by default): a rate is not a multiplier. */
  if (lr_optimizer_config_init (&next, kinds[idx].name) &&
      (lr_optimizer_config_is_lr_free (&next) ||
       lr_optimizer_config_is_lr_free (lrlab_run_get_config (self->run))))
    spec = g_strdup (kinds[idx].name);
  else
    spec = g_strdup_printf ("%s:lr=%s", kinds[idx].name,
                            g_ascii_dtostr (buf, sizeof buf, lrlab_run_get_lr (self->run)));
  if (!lrlab_run_set_optimizer (self->run, spec, &error))
    show_error (self, error->message);
  update_from_run (self);
}

static void
on_optimizer_params_changed (LrlabRunRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = lrlab_param_editor_get_spec (self->optimizer_editor);
  g_autofree char *full = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->updating || self->run == NULL)
    return;

  /* The editor skips lr; put it back. */
  g_ascii_dtostr (buf, sizeof buf, lrlab_run_get_lr (self->run));
  full = strchr (spec, ':') ? g_strdup_printf ("%s,lr=%s", spec, buf)
                            : g_strdup_printf ("%s:lr=%s", spec, buf);
  if (!lrlab_run_set_optimizer (self->run, full, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

static void
on_schedule_selected (LrlabRunRow *self)
{
  const LrKindInfo *kinds;
  guint n, idx;
  g_autoptr(GError) error = NULL;

  if (self->updating || self->run == NULL)
    return;

  kinds = lr_schedule_kinds (&n);
  idx = gtk_drop_down_get_selected (self->schedule_dropdown);
  if (idx >= n)
    return;
  if (!lrlab_run_set_schedule (self->run, kinds[idx].name, &error))
    show_error (self, error->message);
  update_from_run (self);
}

static void
on_schedule_params_changed (LrlabRunRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = lrlab_param_editor_get_spec (self->schedule_editor);

  if (self->updating || self->run == NULL)
    return;
  if (!lrlab_run_set_schedule (self->run, spec, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

static void
on_lr_scale_changed (LrlabRunRow *self)
{
  double lr;

  if (self->updating || self->run == NULL)
    return;

  /* Three significant digits keep slider values readable. */
  lr = pow (10, gtk_adjustment_get_value (self->lr_adjustment));
  lrlab_run_set_lr (self->run, lr_round_significant (lr, 3));
}

static void
on_lr_entry_activate (LrlabRunRow *self)
{
  double lr;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->lr_entry));

  if (self->run == NULL)
    return;
  if (!lrlab_number_parse (text, &lr) || lr < 0)
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not a learning rate; type a number such as 0.01 or 1e-3"), text);
      gtk_widget_add_css_class (GTK_WIDGET (self->lr_entry), "error");
      show_error (self, msg);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->lr_entry), "error");
  show_error (self, NULL);
  lrlab_run_set_lr (self->run, lr);
  update_lr_widgets (self);
}

static void
on_lr_entry_focus_leave (LrlabRunRow *self)
{
  on_lr_entry_activate (self);
}

static void
on_visible_toggled (LrlabRunRow *self)
{
  if (self->updating || self->run == NULL)
    return;
  lrlab_run_set_visible (self->run, gtk_toggle_button_get_active (self->visible_button));
  update_from_run (self);
}

static void
on_palette_clicked (GtkButton   *button,
                    LrlabRunRow *self)
{
  /* The palette's buttons are the flow box's children, in palette order. */
  GtkWidget *child = gtk_widget_get_parent (GTK_WIDGET (button));
  guint idx = (guint) gtk_flow_box_child_get_index (GTK_FLOW_BOX_CHILD (child));
  GdkRGBA color;

  lrlab_palette_color (idx, &color);
  lrlab_run_set_color (self->run, &color);
  gtk_menu_button_popdown (self->color_button);
  gtk_widget_queue_draw (GTK_WIDGET (self->swatch));
}

static void
draw_palette_swatch (GtkDrawingArea *area,
                     cairo_t        *cr,
                     int             width,
                     int             height,
                     gpointer        user_data)
{
  GdkRGBA color;

  lrlab_palette_color (GPOINTER_TO_UINT (user_data), &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);
}

static void
build_palette (LrlabRunRow *self)
{
  for (guint i = 0; i < lrlab_palette_size (); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *area = gtk_drawing_area_new ();
      g_autofree char *name = g_strdup_printf (_("Colour %u"), i + 1);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 22);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 22);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_palette_swatch, GUINT_TO_POINTER (i), NULL);
      gtk_button_set_child (GTK_BUTTON (button), area);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, name);
      g_signal_connect (button, "clicked", G_CALLBACK (on_palette_clicked), self);
      gtk_flow_box_append (self->palette_box, button);
    }
}

static void
on_duplicate_clicked (LrlabRunRow *self)
{
  g_signal_emit (self, signals [DUPLICATE], 0);
}

static void
on_remove_clicked (LrlabRunRow *self)
{
  g_signal_emit (self, signals [REMOVE], 0);
}

void
lrlab_run_row_set_critical_step (LrlabRunRow *self,
                                 double       critical_lr,
                                 gboolean     exact)
{
  const LrOptimizerConfig *config;
  g_autofree char *text = NULL;
  double pos;

  g_return_if_fail (LRLAB_IS_RUN_ROW (self));

  exact = !!exact;
  if ((critical_lr == self->critical_lr || (isnan (critical_lr) && isnan (self->critical_lr))) &&
      exact == self->critical_exact)
    return;
  self->critical_lr = critical_lr;
  self->critical_exact = exact;

  gtk_scale_clear_marks (self->lr_scale);
  if (!isfinite (critical_lr) || critical_lr <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->critical_label), FALSE);
      return;
    }

  config = self->run != NULL ? lrlab_run_get_config (self->run) : NULL;
  if (!exact)
    text = g_strdup_printf (_("Gradient descent's critical rate here: %.4g, for comparison. This "
                              "method's own step (▼) is not a plain gradient step and may settle "
                              "above it"), critical_lr);
  else if (config != NULL && lr_optimizer_config_is_lr_free (config))
    text = g_strdup_printf (_("Critical rate from the curvature: %.4g — this method takes plain "
                              "gradient steps, and its own step (▼) would diverge above it"), critical_lr);
  else
    text = g_strdup_printf (_("Critical learning rate from the curvature: %.4g — above it "
                              "this method diverges"), critical_lr);
  pos = log10 (critical_lr);
  if (pos >= LR_LOG_MIN && pos <= LR_LOG_MAX)
    gtk_scale_add_mark (self->lr_scale, pos, GTK_POS_BOTTOM, _("critical"));
  gtk_label_set_label (self->critical_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->critical_label), TRUE);
}

/* Whether the run ever takes a step other than its rate: a method that chooses its own
 * (d·lr, DoG's ηₜ), a schedule, a Schedule-Free warm-up. */
static gboolean
has_own_step (LrlabRunRow        *self,
              const LrTrajectory *traj)
{
  double lr = lrlab_run_get_lr (self->run);

  if (self->own_step >= 0)
    return self->own_step;
  self->own_step = 0;
  for (guint i = 0; i < traj->n_points; i++)
    {
      double e = traj->points[i].effective_lr;

      if (isfinite (e) && !(fabs (e - lr) <= 1e-9 * fabs (lr)))
        {
          self->own_step = 1;
          break;
        }
    }
  return self->own_step;
}

static void
update_step_marker (LrlabRunRow *self)
{
  const LrTrajectory *traj = self->run != NULL ? lrlab_run_get_trajectory (self->run) : NULL;
  g_autofree char *text = NULL;
  guint k;
  double e;

  if (traj == NULL || traj->n_points == 0 || !has_own_step (self, traj))
    {
      lrlab_rate_marker_set_value (self->step_marker, NAN);
      gtk_widget_set_visible (GTK_WIDGET (self->step_label), FALSE);
      return;
    }
  k = MIN (self->step, traj->n_points - 1);
  e = traj->points[k].effective_lr;
  if (!isfinite (e) || e <= 0)
    {
      lrlab_rate_marker_set_value (self->step_marker, NAN);
      gtk_widget_set_visible (GTK_WIDGET (self->step_label), FALSE);
      return;
    }
  /* beyond the slider's ends the marker waits at the end; the line below has the number */
  lrlab_rate_marker_set_color (self->step_marker, lrlab_run_get_color (self->run));
  lrlab_rate_marker_set_value (self->step_marker, CLAMP (log10 (e), LR_LOG_MIN, LR_LOG_MAX));
  /* Translators: ▼ is the marker over the slider; the numbers are a step and a rate */
  text = g_strdup_printf (_("▼ Step taken at step %u: %.3g"), k, e);
  gtk_label_set_label (self->step_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->step_label), TRUE);
}

void
lrlab_run_row_set_step (LrlabRunRow *self,
                        guint        step)
{
  g_return_if_fail (LRLAB_IS_RUN_ROW (self));

  self->step = step;
  update_step_marker (self);
}

double
lrlab_run_row_get_step_marker (LrlabRunRow *self)
{
  double v;

  g_return_val_if_fail (LRLAB_IS_RUN_ROW (self), NAN);
  v = lrlab_rate_marker_get_value (self->step_marker);
  return isfinite (v) ? pow (10, v) : NAN;
}

void
lrlab_run_row_set_status (LrlabRunRow *self,
                          const char  *status,
                          gboolean     is_error)
{
  g_return_if_fail (LRLAB_IS_RUN_ROW (self));

  gtk_label_set_label (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

LrlabRun *
lrlab_run_row_get_run (LrlabRunRow *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN_ROW (self), NULL);
  return self->run;
}

static void
on_run_computed (LrlabRunRow *self)
{
  self->own_step = -1;
  update_step_marker (self);
  show_error (self, lrlab_run_get_error (self->run));
  gtk_widget_queue_draw (GTK_WIDGET (self->swatch));
}

GtkWidget *
lrlab_run_row_new (LrlabRun *run)
{
  LrlabRunRow *self = g_object_new (LRLAB_TYPE_RUN_ROW, NULL);

  self->run = g_object_ref (run);
  g_signal_connect_object (run, "notify::lr", G_CALLBACK (update_lr_widgets), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (run, "computed", G_CALLBACK (on_run_computed), self, G_CONNECT_SWAPPED);
  update_from_run (self);

  return GTK_WIDGET (self);
}

static void
lrlab_run_row_dispose (GObject *object)
{
  LrlabRunRow *self = LRLAB_RUN_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LRLAB_TYPE_RUN_ROW);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (lrlab_run_row_parent_class)->dispose (object);
}

static void
lrlab_run_row_class_init (LrlabRunRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_run_row_dispose;

  signals [DUPLICATE] = g_signal_new ("duplicate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (LRLAB_TYPE_PARAM_EDITOR);
  g_type_ensure (LRLAB_TYPE_RATE_MARKER);

  gtk_widget_class_set_css_name (widget_class, "runrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/lrlab/LearningRateLab/ui/lrlab-run-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, box);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, color_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, swatch);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, palette_box);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, optimizer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, visible_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, lr_scale);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, lr_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, lr_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, step_marker);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, critical_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, step_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, expander);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, optimizer_editor);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, schedule_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, schedule_editor);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabRunRow, status_label);
}

/* A menu's items as labels that may ellipsize: the row stays as narrow as
 * the sidebar ("Schedule-Free AdamW" chosen would widen it), while the open
 * menu, which has the room, shows them whole. */
static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkStringObject *text = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (text));
}

static GtkListItemFactory *
ellipsizing_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  return factory;
}

/* The kinds as the menu lists them: by @title when given (optimizers:
 * "Momentum", not "momentum"), else by name. */
static GListModel *
kind_names (const LrKindInfo *kinds,
            guint             n,
            const char     *(*title) (const char *name))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, title != NULL ? title (kinds[i].name) : kinds[i].name);
  return G_LIST_MODEL (list);
}

static void
lrlab_run_row_init (LrlabRunRow *self)
{
  const LrKindInfo *kinds;
  guint n;
  static const char *skip_lr[] = { "lr", NULL };
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the wheel scrolls the list, not the value under the pointer */
  lrlab_wheel_guard (GTK_WIDGET (self));
  self->critical_lr = NAN;
  self->critical_exact = TRUE;
  self->own_step = -1;
  lrlab_rate_marker_set_range (self->step_marker, GTK_RANGE (self->lr_scale));

  kinds = lr_optimizer_kinds (&n);
  gtk_drop_down_set_model (self->optimizer_dropdown, kind_names (kinds, n, lr_optimizer_kind_menu_title));
  {
    g_autoptr(GtkListItemFactory) factory = ellipsizing_factory ();

    gtk_drop_down_set_factory (self->optimizer_dropdown, factory);
  }
  kinds = lr_schedule_kinds (&n);
  gtk_drop_down_set_model (self->schedule_dropdown, kind_names (kinds, n, NULL));
  g_object_unref (gtk_drop_down_get_model (self->optimizer_dropdown));
  g_object_unref (gtk_drop_down_get_model (self->schedule_dropdown));
  lrlab_param_editor_set_skip (self->optimizer_editor, skip_lr);

  gtk_drawing_area_set_draw_func (self->swatch, draw_swatch, self, NULL);
  build_palette (self);

  g_signal_connect_swapped (self->optimizer_dropdown, "notify::selected", G_CALLBACK (on_optimizer_selected), self);
  g_signal_connect_swapped (self->schedule_dropdown, "notify::selected", G_CALLBACK (on_schedule_selected), self);
  g_signal_connect_swapped (self->optimizer_editor, "changed", G_CALLBACK (on_optimizer_params_changed), self);
  g_signal_connect_swapped (self->schedule_editor, "changed", G_CALLBACK (on_schedule_params_changed), self);
  g_signal_connect_swapped (self->lr_adjustment, "value-changed", G_CALLBACK (on_lr_scale_changed), self);
  g_signal_connect_swapped (self->lr_entry, "activate", G_CALLBACK (on_lr_entry_activate), self);
  g_signal_connect_swapped (self->visible_button, "toggled", G_CALLBACK (on_visible_toggled), self);
  g_signal_connect_swapped (self->duplicate_button, "clicked", G_CALLBACK (on_duplicate_clicked), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove_clicked), self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_lr_entry_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->lr_entry), focus);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->lr_scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Learning rate, log scale"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->lr_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Learning rate"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->color_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run colour"), -1);
}
