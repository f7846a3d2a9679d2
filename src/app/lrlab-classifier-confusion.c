/* lrlab-classifier-confusion.c: the confusion matrix widget
 *
 * Holds the counts and describes them for assistive technologies; the
 * drawing is lr_render_confusion(), which the exports and lrlab-cli share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

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
  LrConfusionSpec spec = { counts, n_classes, names, title, theme };

  lr_render_confusion (cr, width, height, &spec);
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
