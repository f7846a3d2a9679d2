/* lrlab-classifier-confusion.c: the confusion matrix, counts and colour
 *
 * Rows are the true classes, columns the predicted ones.  A cell's colour is
 * its share of the row: blue on the diagonal (right), red elsewhere (wrong,
 * strengthened so that a few mistakes still show).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "lrlab-classifier-confusion.h"
#include "lrlab-util.h"

struct _LrlabClassifierConfusion
{
  GtkWidget   parent_instance;

  guint      *counts;
  guint       n_classes;
  char      **names;
  char       *title;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierConfusion, lrlab_classifier_confusion, GTK_TYPE_WIDGET)

static PangoLayout *
make_layout (cairo_t             *cr,
             const LrRenderTheme *theme,
             const char          *text,
             double               size,
             gboolean             bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, theme->font_family);
  pango_font_description_set_absolute_size (desc, theme->font_size * size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws @text with its anchor (@ax, @ay in 0..1 of its size) at (@x, @y). */
static void
show_text (cairo_t             *cr,
           const LrRenderTheme *theme,
           const char          *text,
           double               size,
           gboolean             bold,
           double               x,
           double               y,
           double               ax,
           double               ay,
           const LrRgb         *color,
           double              *width_out)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, theme, text, size, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width_out != NULL)
    *width_out = w;
  if (color == NULL)
    return;
  cairo_set_source_rgb (cr, color->r, color->g, color->b);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (cr, layout);
}

static double
luminance (const LrRgb *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

static gboolean
names_are_short (const char * const *names,
                 guint               n)
{
  for (guint i = 0; names != NULL && i < n; i++)
    if (g_utf8_strlen (names[i], -1) > 3)
      return FALSE;
  return TRUE;
}

void
lrlab_classifier_draw_confusion (cairo_t             *cr,
                                 double               width,
                                 double               height,
                                 const guint         *counts,
                                 guint                n_classes,
                                 const char * const  *names,
                                 const char          *title,
                                 const LrRenderTheme *theme)
{
  static const LrRgb right_color = { 0.208, 0.518, 0.894 };   /* #3584e4 */
  static const LrRgb wrong_color = { 0.878, 0.106, 0.141 };   /* #e01b24 */
  double ls = theme->line_scale, top, left, right, bottom, cell, gx, gy, name_w = 0;
  gboolean short_names = names_are_short (names, n_classes);
  g_autofree guint *row_total = NULL;
  guint total = 0, correct = 0;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, theme->background.r, theme->background.g, theme->background.b);
  cairo_paint (cr);

  top = 6 * ls;
  if (title != NULL && *title)
    {
      show_text (cr, theme, title, 1.0, TRUE, 8 * ls, top, 0, 0, &theme->foreground, NULL);
      top += theme->font_size * 1.6 + 4 * ls;
    }

  if (counts == NULL || n_classes == 0)
    {
      show_text (cr, theme, _("Train a run to see which classes it confuses"), 1.0, FALSE,
                 width / 2, (top + height) / 2, 0.5, 0.5, &theme->muted, NULL);
      cairo_restore (cr);
      return;
    }

  row_total = g_new0 (guint, n_classes);
  for (guint t = 0; t < n_classes; t++)
    for (guint p = 0; p < n_classes; p++)
      {
        row_total[t] += counts[t * n_classes + p];
        total += counts[t * n_classes + p];
        if (t == p)
          correct += counts[t * n_classes + p];
      }

  /* Row labels: "3" or "3 Dress"; column labels: the index or short name. */
  for (guint i = 0; i < n_classes; i++)
    {
      g_autofree char *label = short_names ? g_strdup (names ? names[i] : NULL)
                                           : g_strdup_printf ("%u  %s", i, names[i]);
      double w;

      if (label == NULL)
        label = g_strdup_printf ("%u", i);
      show_text (cr, theme, label, 0.9, FALSE, 0, 0, 0, 0, NULL, &w);
      name_w = MAX (name_w, w);
    }

  /* "Predicted" above the columns, "True" rotated left of the rows. */
  top += theme->font_size * 1.4 + theme->font_size * 1.4 + 2 * ls;
  left = theme->font_size * 1.6 + name_w + 10 * ls;
  right = 10 * ls;
  bottom = theme->font_size * 1.6 + 8 * ls;
  cell = MIN ((width - left - right) / n_classes, (height - top - bottom) / n_classes);
  if (cell < 4)
    {
      cairo_restore (cr);
      return;
    }
  gx = left + MAX (0, (width - left - right - cell * n_classes) / 2);
  gy = top;

  show_text (cr, theme, _("Predicted class"), 0.9, TRUE, gx + cell * n_classes / 2,
             gy - theme->font_size * 1.4 - 2 * ls, 0.5, 1, &theme->muted, NULL);
  cairo_save (cr);
  cairo_translate (cr, gx - name_w - 10 * ls - theme->font_size * 1.5, gy + cell * n_classes / 2);
  cairo_rotate (cr, -G_PI / 2);
  show_text (cr, theme, _("True class"), 0.9, TRUE, 0, 0, 0.5, 0, &theme->muted, NULL);
  cairo_restore (cr);

  for (guint i = 0; i < n_classes; i++)
    {
      g_autofree char *col = short_names && names ? g_strdup (names[i]) : g_strdup_printf ("%u", i);
      g_autofree char *row = short_names ? g_strdup (col) : g_strdup_printf ("%u  %s", i, names[i]);

      show_text (cr, theme, col, 0.9, FALSE, gx + (i + 0.5) * cell, gy - 3 * ls, 0.5, 1,
                 &theme->foreground, NULL);
      show_text (cr, theme, row, 0.9, FALSE, gx - 6 * ls, gy + (i + 0.5) * cell, 1, 0.5,
                 &theme->foreground, NULL);
    }

  for (guint t = 0; t < n_classes; t++)
    for (guint p = 0; p < n_classes; p++)
      {
        guint c = counts[t * n_classes + p];
        double share = row_total[t] ? (double) c / row_total[t] : 0;
        const LrRgb *hue = t == p ? &right_color : &wrong_color;
        double k = t == p ? share : MIN (1.0, sqrt (share) * 1.3);
        LrRgb fill = {
          theme->background.r + k * (hue->r - theme->background.r),
          theme->background.g + k * (hue->g - theme->background.g),
          theme->background.b + k * (hue->b - theme->background.b),
        };
        double x = gx + p * cell, y = gy + t * cell;

        cairo_rectangle (cr, x, y, cell, cell);
        cairo_set_source_rgb (cr, fill.r, fill.g, fill.b);
        cairo_fill (cr);

        if (c > 0 && cell >= theme->font_size * 1.3)
          {
            g_autofree char *text = g_strdup_printf ("%u", c);
            LrRgb ink = luminance (&fill) < 0.5 ? (LrRgb) { 1, 1, 1 } : (LrRgb) { 0.1, 0.1, 0.1 };
            double size = MIN (0.9, cell / (theme->font_size * 2.4));

            show_text (cr, theme, text, MAX (size, 0.55), t == p, x + cell / 2, y + cell / 2, 0.5, 0.5,
                       &ink, NULL);
          }
      }

  /* Grid lines and frame. */
  cairo_set_source_rgba (cr, theme->panel_border.r, theme->panel_border.g, theme->panel_border.b, 0.35);
  cairo_set_line_width (cr, 1 * ls);
  for (guint i = 1; i < n_classes; i++)
    {
      cairo_move_to (cr, gx + i * cell, gy);
      cairo_line_to (cr, gx + i * cell, gy + n_classes * cell);
      cairo_move_to (cr, gx, gy + i * cell);
      cairo_line_to (cr, gx + n_classes * cell, gy + i * cell);
    }
  cairo_stroke (cr);
  cairo_rectangle (cr, gx + 0.5, gy + 0.5, n_classes * cell - 1, n_classes * cell - 1);
  cairo_set_source_rgb (cr, theme->panel_border.r, theme->panel_border.g, theme->panel_border.b);
  cairo_stroke (cr);

  {
    /* Translators: below the confusion matrix; %u are counts of images */
    g_autofree char *caption = g_strdup_printf (_("%u of %u validation images right (%.1f %%) · colour: share of the row"),
                                                correct, total, total ? 100.0 * correct / total : 0.0);

    show_text (cr, theme, caption, 0.85, FALSE, gx + cell * n_classes / 2,
               gy + n_classes * cell + 6 * ls, 0.5, 0, &theme->muted, NULL);
  }

  cairo_restore (cr);
}

static void
lrlab_classifier_confusion_snapshot (GtkWidget   *widget,
                                     GtkSnapshot *snapshot)
{
  LrlabClassifierConfusion *self = LRLAB_CLASSIFIER_CONFUSION (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LrRenderTheme theme;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  lrlab_theme_for_widget (widget, FALSE, &theme);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lrlab_classifier_draw_confusion (cr, width, height, self->counts, self->n_classes,
                                   (const char * const *) self->names, self->title, &theme);
  cairo_destroy (cr);
}

static void
lrlab_classifier_confusion_measure (GtkWidget      *widget,
                                    GtkOrientation  orientation,
                                    int             for_size,
                                    int            *minimum,
                                    int            *natural,
                                    int            *minimum_baseline,
                                    int            *natural_baseline)
{
  *minimum = 220;
  *natural = 380;
}

static void
update_description (LrlabClassifierConfusion *self)
{
  g_autofree char *desc = NULL;
  guint best = 0, bt = 0, bp = 0, correct = 0, total = 0;

  if (self->counts == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "", -1);
      return;
    }
  for (guint t = 0; t < self->n_classes; t++)
    for (guint p = 0; p < self->n_classes; p++)
      {
        guint c = self->counts[t * self->n_classes + p];

        total += c;
        if (t == p)
          correct += c;
        else if (c > best)
          {
            best = c;
            bt = t;
            bp = p;
          }
      }
  if (best > 0)
    desc = g_strdup_printf (_("%u of %u right; most often confused: %s taken for %s, %u times"),
                            correct, total, self->names[bt], self->names[bp], best);
  else
    desc = g_strdup_printf (_("%u of %u right"), correct, total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc, -1);
}

void
lrlab_classifier_confusion_set (LrlabClassifierConfusion *self,
                                const guint              *counts,
                                guint                     n_classes,
                                const char * const       *names,
                                const char               *title)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_CONFUSION (self));

  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->title, g_free);
  self->n_classes = 0;
  self->title = g_strdup (title);

  if (counts != NULL && n_classes > 0)
    {
      self->n_classes = n_classes;
      self->counts = g_memdup2 (counts, (gsize) n_classes * n_classes * sizeof (guint));
      self->names = g_new0 (char *, n_classes + 1);
      for (guint i = 0; i < n_classes; i++)
        self->names[i] = names ? g_strdup (names[i]) : g_strdup_printf ("%u", i);
    }
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
lrlab_classifier_confusion_get_count (LrlabClassifierConfusion *self,
                                      guint                     truth,
                                      guint                     predicted)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_CONFUSION (self), 0);

  if (self->counts == NULL || truth >= self->n_classes || predicted >= self->n_classes)
    return 0;
  return self->counts[truth * self->n_classes + predicted];
}

guint
lrlab_classifier_confusion_get_n_classes (LrlabClassifierConfusion *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_CONFUSION (self), 0);
  return self->n_classes;
}

static void
lrlab_classifier_confusion_finalize (GObject *object)
{
  LrlabClassifierConfusion *self = LRLAB_CLASSIFIER_CONFUSION (object);

  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (lrlab_classifier_confusion_parent_class)->finalize (object);
}

static void
lrlab_classifier_confusion_class_init (LrlabClassifierConfusionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lrlab_classifier_confusion_finalize;
  widget_class->snapshot = lrlab_classifier_confusion_snapshot;
  widget_class->measure = lrlab_classifier_confusion_measure;
  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lrlab_classifier_confusion_init (LrlabClassifierConfusion *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Confusion matrix of the validation set"), -1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lrlab_classifier_confusion_new (void)
{
  return g_object_new (LRLAB_TYPE_CLASSIFIER_CONFUSION, NULL);
}
