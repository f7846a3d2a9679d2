/* lrlab-classifier-search-view.c: the learning-rate search view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lr-batch-heatmap.h"
#include "lr-spec.h"
#include "lr-sweep-summary.h"
#include "lrlab-classifier-export.h"
#include "lrlab-classifier-result.h"
#include "lrlab-classifier-search-view.h"
#include "lrlab-rate-entry.h"
#include "lrlab-util.h"

typedef enum {
  COLUMN_LR,
  COLUMN_BATCH,
  COLUMN_VAL_ACC,
  COLUMN_VAL_LOSS,
  COLUMN_TRAIN_LOSS,
  COLUMN_SECONDS,
  N_COLUMNS
} Column;

struct _LrlabClassifierSearchView
{
  GtkWidget            parent_instance;

  GListModel          *results;
  double               best_lr;
  char                *words[3][3];
  GtkLabel            *word_labels[3][3];

  /* the heatmap of rate × batch size: the distinct rates and batch sizes of
   * the results, accuracy and divergence per cell, best rate per batch */
  LrBatchHeatmapSpec   heatmap;
  double              *heat_lrs;
  guint               *heat_batches;
  double              *heat_acc;
  gboolean            *heat_diverged;
  gboolean             lr_multiplier;  /* the method chooses its step; the rate multiplies it */
  double              *heat_best;

  /* template */
  GtkEntry            *search_from_entry;
  GtkEntry            *search_batch_entry;
  GtkDrawingArea      *search_heatmap;
  GtkEntry            *search_to_entry;
  GtkAdjustment       *search_count_adjustment;
  GtkSwitch           *search_random_switch;
  GtkProgressBar      *search_progress;
  GtkLabel            *search_error;
  LrlabClassifierPlot *search_acc_plot;
  LrlabClassifierPlot *search_loss_plot;
  GtkColumnView       *rates_table;
  GtkGrid             *words_grid;
  GtkLabel            *best_label;
};

G_DEFINE_FINAL_TYPE (LrlabClassifierSearchView, lrlab_classifier_search_view, GTK_TYPE_WIDGET)

/* ---- the table of runs ---------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  LrlabClassifierResult *res = gtk_list_item_get_item (item);
  const LrSweepRow *row = lrlab_classifier_result_get_row (res);
  g_autofree char *text = NULL;

  switch ((Column) GPOINTER_TO_UINT (user_data))
    {
    case COLUMN_LR:
      text = g_strdup_printf ("%.3g", row->lr);
      break;
    case COLUMN_BATCH:
      text = row->batch_size == LR_TRAIN_BATCH_FULL ? g_strdup (_("full")) : g_strdup_printf ("%u", row->batch_size);
      break;
    case COLUMN_VAL_ACC:
      text = row->diverged ? g_strdup (_("diverged")) : g_strdup_printf ("%.1f%%", 100 * row->val_acc);
      break;
    case COLUMN_VAL_LOSS:
      text = g_strdup_printf ("%.4g", row->val_loss);
      break;
    case COLUMN_TRAIN_LOSS:
      text = g_strdup_printf ("%.4g", row->train_loss);
      break;
    case COLUMN_SECONDS:
    case N_COLUMNS:
    default:
      text = g_strdup_printf ("%.1f s", row->seconds);
      break;
    }
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
build_table (LrlabClassifierSearchView *self)
{
  const char *titles[N_COLUMNS] = { _("Learning rate"), _("Batch size"), _("Val. accuracy"), _("Val. loss"), _("Train loss"), _("Time") };

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->rates_table, column);
      g_object_unref (column);
    }
}

static void
build_words_grid (LrlabClassifierSearchView *self)
{
  const char *heads[] = { _("Rates"), _("Training time"), _("Convergence") };
  const char *rows[] = { _("Low"), _("Middle"), _("High") };

  for (guint c = 0; c < 3; c++)
    {
      GtkWidget *label = gtk_label_new (heads[c]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->words_grid, label, c + 1, 0, 1, 1);
    }
  for (guint r = 0; r < 3; r++)
    {
      GtkWidget *label = gtk_label_new (rows[r]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->words_grid, label, 0, r + 1, 1, 1);
      for (guint c = 0; c < 3; c++)
        {
          GtkWidget *word = gtk_label_new ("—");

          gtk_label_set_xalign (GTK_LABEL (word), 0);
          gtk_label_set_wrap (GTK_LABEL (word), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (word), 24);
          gtk_grid_attach (self->words_grid, word, c + 1, r + 1, 1, 1);
          self->word_labels[r][c] = GTK_LABEL (word);
        }
    }
}

/* ---- the heatmap of rate × batch size ------------------------------------- */

static void
clear_heatmap (LrlabClassifierSearchView *self)
{
  g_clear_pointer (&self->heat_lrs, g_free);
  g_clear_pointer (&self->heat_batches, g_free);
  g_clear_pointer (&self->heat_acc, g_free);
  g_clear_pointer (&self->heat_diverged, g_free);
  g_clear_pointer (&self->heat_best, g_free);
  memset (&self->heatmap, 0, sizeof self->heatmap);
}

static void
draw_heatmap (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  LrlabClassifierSearchView *self = data;
  LrRenderTheme theme;
  LrBatchHeatmapSpec spec = self->heatmap;

  lrlab_theme_for_widget (GTK_WIDGET (area), FALSE, &theme);
  spec.theme = &theme;
  spec.title = _("Validation accuracy: rate × batch size");
  lr_render_batch_heatmap (cr, width, height, &spec);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* The distinct rates and batch sizes of @results as the heatmap's columns
 * and rows; shown when there are two batch sizes or more. */
static void
update_heatmap (LrlabClassifierSearchView *self,
                GPtrArray                 *results)
{
  g_autoptr(GArray) lrs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree LrSweepRow *rows = g_new0 (LrSweepRow, MAX (results->len, 1));
  guint nl, nb;

  clear_heatmap (self);
  for (guint i = 0; i < results->len; i++)
    {
      rows[i] = *lrlab_classifier_result_get_row (results->pdata[i]);
      g_array_append_val (lrs, rows[i].lr);
      g_array_append_val (batches, rows[i].batch_size);
    }
  g_array_sort (lrs, compare_double);
  g_array_sort (batches, compare_uint);
  nl = nb = 0;
  for (guint i = 0; i < lrs->len; i++)
    if (nl == 0 || g_array_index (lrs, double, i) != g_array_index (lrs, double, nl - 1))
      g_array_index (lrs, double, nl++) = g_array_index (lrs, double, i);
  for (guint i = 0; i < batches->len; i++)
    if (nb == 0 || g_array_index (batches, guint, i) != g_array_index (batches, guint, nb - 1))
      g_array_index (batches, guint, nb++) = g_array_index (batches, guint, i);

  if (nb >= 2)
    {
      self->heat_lrs = g_memdup2 (lrs->data, sizeof (double) * nl);
      self->heat_batches = g_memdup2 (batches->data, sizeof (guint) * nb);
      self->heat_acc = g_new (double, (gsize) nl * nb);
      self->heat_diverged = g_new0 (gboolean, (gsize) nl * nb);
      self->heat_best = g_new (double, nb);
      for (guint i = 0; i < nl * nb; i++)
        self->heat_acc[i] = NAN;
      for (guint i = 0; i < results->len; i++)
        {
          double *l = bsearch (&rows[i].lr, self->heat_lrs, nl, sizeof (double), compare_double);
          guint *b = bsearch (&rows[i].batch_size, self->heat_batches, nb, sizeof (guint), compare_uint);
          gsize cell = (gsize) (b - self->heat_batches) * nl + (l - self->heat_lrs);

          self->heat_acc[cell] = rows[i].val_acc;
          self->heat_diverged[cell] = rows[i].diverged;
        }
      for (guint b = 0; b < nb; b++)
        {
          const LrSweepRow *best = lr_sweep_best_for_batch (rows, results->len, self->heat_batches[b]);

          self->heat_best[b] = best != NULL ? best->lr : NAN;
        }
      self->heatmap.lrs = self->heat_lrs;
      self->heatmap.n_lrs = nl;
      self->heatmap.batches = self->heat_batches;
      self->heatmap.n_batches = nb;
      self->heatmap.val_acc = self->heat_acc;
      self->heatmap.diverged = self->heat_diverged;
      self->heatmap.best_lr = self->heat_best;
    }
  /* the heatmap takes the loss plot's place: over several batch sizes the
   * loss against the rate alone mixes them */
  gtk_widget_set_visible (GTK_WIDGET (self->search_heatmap), nb >= 2);
  gtk_widget_set_visible (GTK_WIDGET (self->search_loss_plot), nb < 2);
  gtk_widget_queue_draw (GTK_WIDGET (self->search_heatmap));
}

/* ---- GObject ---------------------------------------------------------------- */

static void
lrlab_classifier_search_view_dispose (GObject *object)
{
  LrlabClassifierSearchView *self = LRLAB_CLASSIFIER_SEARCH_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LRLAB_TYPE_CLASSIFIER_SEARCH_VIEW);
  /* The template's top box is not a bound child: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->results);
  G_OBJECT_CLASS (lrlab_classifier_search_view_parent_class)->dispose (object);
}

static void
lrlab_classifier_search_view_finalize (GObject *object)
{
  LrlabClassifierSearchView *self = LRLAB_CLASSIFIER_SEARCH_VIEW (object);

  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 3; c++)
      g_free (self->words[r][c]);
  clear_heatmap (self);
  G_OBJECT_CLASS (lrlab_classifier_search_view_parent_class)->finalize (object);
}

static void
lrlab_classifier_search_view_class_init (LrlabClassifierSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lrlab_classifier_search_view_dispose;
  object_class->finalize = lrlab_classifier_search_view_finalize;

  g_type_ensure (LRLAB_TYPE_CLASSIFIER_PLOT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lrlab/LearningRateLab/ui/lrlab-classifier-search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_from_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_to_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_batch_entry);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_heatmap);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_random_switch);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_progress);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_error);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_acc_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, search_loss_plot);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, rates_table);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, words_grid);
  gtk_widget_class_bind_template_child (widget_class, LrlabClassifierSearchView, best_label);
}

static void
lrlab_classifier_search_view_init (LrlabClassifierSearchView *self)
{
  self->best_lr = NAN;
  gtk_widget_init_template (GTK_WIDGET (self));

  lrlab_classifier_search_view_set_lr_multiplier (self, FALSE);
  lrlab_classifier_plot_set_empty_text (self->search_acc_plot, _("Search to train one run per rate"));
  lrlab_classifier_plot_set_empty_text (self->search_loss_plot, _("Search to train one run per rate"));
  build_table (self);
  build_words_grid (self);
  gtk_drawing_area_set_draw_func (self->search_heatmap, draw_heatmap, self, NULL);
}

/* ---- the request ------------------------------------------------------------ */

gboolean
lrlab_classifier_search_view_get_request (LrlabClassifierSearchView  *self,
                                          double                     *from,
                                          double                     *to,
                                          guint                      *count,
                                          gboolean                   *random,
                                          GError                    **error)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self), FALSE);

  if (!lrlab_rate_entry_parse (self->search_from_entry, from, error)
      || !lrlab_rate_entry_parse (self->search_to_entry, to, error))
    return FALSE;
  *count = (guint) gtk_adjustment_get_value (self->search_count_adjustment);
  *random = gtk_switch_get_active (self->search_random_switch);
  return TRUE;
}

guint *
lrlab_classifier_search_view_get_batch_grid (LrlabClassifierSearchView  *self,
                                             guint                      *n_batches,
                                             GError                    **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self), NULL);
  g_return_val_if_fail (n_batches != NULL, NULL);

  *n_batches = 0;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_batch_entry))));
  if (*text == '\0')
    return NULL;
  return lr_sweep_parse_batch_grid (text, n_batches, error);
}

const LrBatchHeatmapSpec *
lrlab_classifier_search_view_get_heatmap (LrlabClassifierSearchView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self), NULL);
  return &self->heatmap;
}

void
lrlab_classifier_search_view_set_progress (LrlabClassifierSearchView *self,
                                           double                     fraction)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self));
  gtk_progress_bar_set_fraction (self->search_progress, CLAMP (fraction, 0, 1));
}

void
lrlab_classifier_search_view_show_error (LrlabClassifierSearchView *self,
                                         const char                *message)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self));
  gtk_label_set_label (self->search_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->search_error), message != NULL);
}

static int
compare_items_by_lr (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  return lrlab_classifier_result_compare ((LrlabClassifierResult *) a, (LrlabClassifierResult *) b, "lr");
}

void
lrlab_classifier_search_view_set_results (LrlabClassifierSearchView *self,
                                          GListModel                *results)
{
  GtkNoSelection *selection;
  GtkSortListModel *by_rate;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self));
  g_return_if_fail (G_IS_LIST_MODEL (results));

  g_set_object (&self->results, results);
  /* the table in the order of the rates, as the plots above it, not in
   * the order the runs finished */
  by_rate = gtk_sort_list_model_new (g_object_ref (results),
                                     GTK_SORTER (gtk_custom_sorter_new (compare_items_by_lr, NULL, NULL)));
  selection = gtk_no_selection_new (G_LIST_MODEL (by_rate));
  gtk_column_view_set_model (self->rates_table, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

/* ---- what the results say ----------------------------------------------------- */

static char *
third_words (const LrSweepThird *t,
             guint               column)
{
  if (column == 0)
    return g_strdup_printf ("%.3g – %.3g", t->lr_from, t->lr_to);
  if (column == 1)
    return isfinite (t->epochs_to_target)
             ? g_strdup_printf (_("Reaches %.0f%% accuracy in %.1f epochs"), 100 * t->target, t->epochs_to_target)
             : g_strdup_printf (_("Never reaches %.0f%% accuracy"), 100 * t->target);
  switch (t->verdict)
    {
    case LR_SWEEP_THIRD_DIVERGES:
      return g_strdup (_("Diverges"));
    case LR_SWEEP_THIRD_UNSTABLE:
      return g_strdup_printf (_("Unstable: %u of %u runs diverged, the others reach %.1f%%"),
                              t->n_diverged, t->n_runs, 100 * t->best_acc);
    case LR_SWEEP_THIRD_CONVERGES_WELL:
      return g_strdup_printf (_("Converges well: %.1f%%"), 100 * t->best_acc);
    case LR_SWEEP_THIRD_CONVERGES_WORSE:
      return g_strdup_printf (_("Converges to a worse model: %.1f%%"), 100 * t->best_acc);
    case LR_SWEEP_THIRD_EMPTY:
    default:
      return NULL;
    }
}

static void
update_words (LrlabClassifierSearchView *self,
              GPtrArray                 *results,
              double                     from,
              double                     to)
{
  g_autofree LrSweepRun *runs = g_new0 (LrSweepRun, MAX (results->len, 1));
  LrSweepThird thirds[3];

  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 3; c++)
      g_clear_pointer (&self->words[r][c], g_free);

  for (guint i = 0; i < results->len; i++)
    {
      runs[i].row = lrlab_classifier_result_get_row (results->pdata[i]);
      runs[i].records = lrlab_classifier_result_get_records (results->pdata[i], &runs[i].n_records);
    }
  if (results->len > 0 && to > from)
    {
      lr_sweep_thirds (runs, results->len, from, to, thirds);
      for (guint r = 0; r < 3; r++)
        if (thirds[r].verdict != LR_SWEEP_THIRD_EMPTY)
          for (guint c = 0; c < 3; c++)
            self->words[r][c] = third_words (&thirds[r], c);
    }

  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 3; c++)
      gtk_label_set_label (self->word_labels[r][c], self->words[r][c] ? self->words[r][c] : "—");
}

static gint
compare_by_lr (gconstpointer a,
               gconstpointer b)
{
  return lrlab_classifier_result_compare (*(LrlabClassifierResult **) a, *(LrlabClassifierResult **) b, "lr");
}

static gboolean
several_batch_sizes (GPtrArray *sorted)
{
  for (guint i = 1; i < sorted->len; i++)
    if (lrlab_classifier_result_get_row (sorted->pdata[i])->batch_size !=
        lrlab_classifier_result_get_row (sorted->pdata[0])->batch_size)
      return TRUE;
  return FALSE;
}

/* After a search with a batch-size grid: accuracy over the rate, one line
 * per batch size (@sorted by rate). */
static void
add_series_per_batch (LrlabClassifierSearchView *self,
                      GPtrArray                 *sorted)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *x = g_new (double, MAX (sorted->len, 1));
  g_autofree double *y = g_new (double, MAX (sorted->len, 1));

  for (guint i = 0; i < sorted->len; i++)
    {
      guint b = lrlab_classifier_result_get_row (sorted->pdata[i])->batch_size;
      guint k = 0;

      while (k < sizes->len && g_array_index (sizes, guint, k) != b)
        k++;
      if (k == sizes->len)
        g_array_append_val (sizes, b);
    }
  g_array_sort (sizes, compare_uint);
  for (guint k = 0; k < sizes->len; k++)
    {
      guint b = g_array_index (sizes, guint, k), n = 0;
      g_autofree char *name = g_strdup_printf (_("batch %u"), b);
      GdkRGBA color;

      for (guint i = 0; i < sorted->len; i++)
        {
          const LrSweepRow *row = lrlab_classifier_result_get_row (sorted->pdata[i]);

          if (row->batch_size == b && isfinite (row->val_acc) && !row->diverged)
            {
              x[n] = row->lr;
              y[n++] = 100 * row->val_acc;
            }
        }
      lrlab_palette_color (k, &color);
      lrlab_classifier_plot_add_series (self->search_acc_plot, name, &color, x, y, n, FALSE, TRUE);
    }
}

/* Accuracy and loss over the rate; the best rate marked. */
static void
update_plots (LrlabClassifierSearchView *self,
              GPtrArray                 *sorted)
{
  g_autofree double *x = g_new (double, MAX (sorted->len, 1));
  g_autofree double *acc = g_new (double, MAX (sorted->len, 1));
  g_autofree double *loss = g_new (double, MAX (sorted->len, 1));
  guint n_acc = 0, n_loss = 0;
  double best = -1;
  GdkRGBA color;
  g_autofree char *text = NULL;

  self->best_lr = NAN;
  for (guint i = 0; i < sorted->len; i++)
    {
      LrlabClassifierResult *res = sorted->pdata[i];
      double lr = lrlab_classifier_result_get_lr (res);
      double a = lrlab_classifier_result_get_val_acc (res);
      double l = lrlab_classifier_result_get_val_loss (res);

      if (isfinite (a) && !lrlab_classifier_result_get_diverged (res))
        {
          x[n_acc] = lr;
          acc[n_acc++] = 100 * a;
          if (a > best)
            {
              best = a;
              self->best_lr = lr;
            }
        }
      if (isfinite (l) && l > 0 && !lrlab_classifier_result_get_diverged (res))
        loss[n_loss++] = l;
    }

  lrlab_palette_color (0, &color);
  lrlab_classifier_plot_clear (self->search_acc_plot);
  lrlab_classifier_plot_clear (self->search_loss_plot);
  if (several_batch_sizes (sorted))
    add_series_per_batch (self, sorted);
  else
    lrlab_classifier_plot_add_series (self->search_acc_plot, _("validation accuracy"), &color, x, acc, n_acc, FALSE, TRUE);
  lrlab_classifier_plot_add_series (self->search_loss_plot, _("validation loss"), &color, x,
                                    loss, MIN (n_loss, n_acc), FALSE, TRUE);
  if (isfinite (self->best_lr))
    {
      GdkRGBA mark;

      lrlab_palette_color (1, &mark);
      lrlab_classifier_plot_add_marker (self->search_acc_plot, self->best_lr, _("best"), &mark, TRUE);
      lrlab_classifier_plot_add_marker (self->search_loss_plot, self->best_lr, _("best"), &mark, TRUE);
      text = self->lr_multiplier
             ? g_strdup_printf (_("Best: lr multiplier %.3g (of the step the method chooses), validation accuracy %.1f%%"),
                                self->best_lr, 100 * best)
             : g_strdup_printf (_("Best: learning rate %.3g, validation accuracy %.1f%%"), self->best_lr, 100 * best);
    }
  gtk_label_set_label (self->best_label, text ? text : "");
}

void
lrlab_classifier_search_view_set_lr_multiplier (LrlabClassifierSearchView *self,
                                                gboolean                   multiplier)
{
  const char *x = multiplier ? _("lr multiplier (of the step the method chooses)") : _("learning rate");

  g_return_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self));

  self->lr_multiplier = multiplier;
  lrlab_classifier_plot_set_axes (self->search_acc_plot, _("Validation accuracy"), x, _("accuracy (%)"), TRUE, FALSE);
  lrlab_classifier_plot_set_axes (self->search_loss_plot, _("Validation loss"), x, _("loss"), TRUE, TRUE);
}

void
lrlab_classifier_search_view_update (LrlabClassifierSearchView *self,
                                     double                     from,
                                     double                     to)
{
  guint n;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self));

  n = self->results ? g_list_model_get_n_items (self->results) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (sorted, g_list_model_get_item (self->results, i));
      g_ptr_array_add (finished, g_list_model_get_item (self->results, i));
    }
  /* A stable sort: equal rates keep the order they finished in. */
  g_ptr_array_sort (sorted, compare_by_lr);
  update_plots (self, sorted);
  update_heatmap (self, sorted);
  update_words (self, finished, from, to);
}

double
lrlab_classifier_search_view_get_best_lr (LrlabClassifierSearchView *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self), NAN);
  return self->best_lr;
}

const char *
lrlab_classifier_search_view_get_words (LrlabClassifierSearchView *self,
                                        guint                      row,
                                        guint                      column)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self), NULL);
  g_return_val_if_fail (row < 3 && column < 3, NULL);
  return self->words[row][column];
}

LrlabClassifierPlot *
lrlab_classifier_search_view_get_plot (LrlabClassifierSearchView *self,
                                       gboolean                   loss)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self), NULL);
  return loss ? self->search_loss_plot : self->search_acc_plot;
}

void
lrlab_classifier_search_view_draw (LrlabClassifierSearchView *self,
                                   cairo_t                   *cr,
                                   double                     width,
                                   double                     height,
                                   const LrRenderTheme       *theme)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self));

  lrlab_classifier_plot_draw (self->search_acc_plot, cr, width / 2, height, theme);
  cairo_save (cr);
  cairo_translate (cr, width / 2, 0);
  /* as on screen: the heatmap in the loss plot's place after a search
   * with a batch-size grid */
  if (self->heatmap.n_batches >= 2)
    {
      LrBatchHeatmapSpec spec = self->heatmap;

      spec.theme = theme;
      spec.title = _("Validation accuracy: rate × batch size");
      lr_render_batch_heatmap (cr, width / 2, height, &spec);
    }
  else
    lrlab_classifier_plot_draw (self->search_loss_plot, cr, width / 2, height, theme);
  cairo_restore (cr);
}

void
lrlab_classifier_search_view_append_csv (LrlabClassifierSearchView *self,
                                         GString                   *out)
{
  guint n;

  g_return_if_fail (LRLAB_IS_CLASSIFIER_SEARCH_VIEW (self));

  n = self->results ? g_list_model_get_n_items (self->results) : 0;
  g_string_append (out, "lr,train_loss,train_acc,val_loss,val_acc,diverged,epochs,seconds\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LrlabClassifierResult) res = g_list_model_get_item (self->results, i);
      const LrSweepRow *row = lrlab_classifier_result_get_row (res);
      const double v[] = { row->lr, row->train_loss, row->train_acc, row->val_loss, row->val_acc };

      for (guint j = 0; j < G_N_ELEMENTS (v); j++)
        {
          if (j)
            g_string_append_c (out, ',');
          lrlab_classifier_csv_number (out, v[j]);
        }
      g_string_append_printf (out, ",%d,%u,", row->diverged ? 1 : 0, row->epochs);
      lrlab_classifier_csv_number (out, row->seconds);
      g_string_append_c (out, '\n');
    }
}
