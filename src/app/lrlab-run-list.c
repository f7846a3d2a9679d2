/* lrlab-run-list.c: the runs a page compares, and the rows that edit them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-round.h"
#include "lrlab-run-list.h"
#include "lrlab-run-row.h"
#include "lrlab-run-undo.h"
#include "lrlab-util.h"

struct _LrlabRunList
{
  GObject     parent_instance;

  GListStore *store;
  guint       max_runs;
  guint       min_runs;
  char       *first_optimizer;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LrlabRunList, lrlab_run_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return LRLAB_TYPE_RUN;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (LRLAB_RUN_LIST (model)->store));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (LRLAB_RUN_LIST (model)->store), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
on_store_changed (GListModel   *store,
                  guint         position,
                  guint         removed,
                  guint         added,
                  LrlabRunList *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
lrlab_run_list_finalize (GObject *object)
{
  LrlabRunList *self = LRLAB_RUN_LIST (object);

  g_clear_object (&self->store);
  g_free (self->first_optimizer);

  G_OBJECT_CLASS (lrlab_run_list_parent_class)->finalize (object);
}

static void
lrlab_run_list_class_init (LrlabRunListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lrlab_run_list_finalize;
}

static void
lrlab_run_list_init (LrlabRunList *self)
{
  self->store = g_list_store_new (LRLAB_TYPE_RUN);
  g_signal_connect (self->store, "items-changed", G_CALLBACK (on_store_changed), self);
}

LrlabRunList *
lrlab_run_list_new (guint       max_runs,
                    guint       min_runs,
                    const char *first_optimizer)
{
  LrlabRunList *self = g_object_new (LRLAB_TYPE_RUN_LIST, NULL);

  self->max_runs = MAX (max_runs, 1);
  self->min_runs = MIN (min_runs, self->max_runs);
  self->first_optimizer = g_strdup (first_optimizer);
  return self;
}

guint
lrlab_run_list_get_max_runs (LrlabRunList *self)
{
  g_return_val_if_fail (LRLAB_IS_RUN_LIST (self), 0);
  return self->max_runs;
}

gboolean
lrlab_run_list_add (LrlabRunList *self)
{
  guint n;
  g_autoptr(LrlabRun) run = NULL;
  GdkRGBA color;

  g_return_val_if_fail (LRLAB_IS_RUN_LIST (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n >= self->max_runs)
    return FALSE;
  lrlab_palette_color (n, &color);
  if (n > 0)
    {
      g_autoptr(LrlabRun) last = g_list_model_get_item (G_LIST_MODEL (self->store), n - 1);

      run = lrlab_run_duplicate (last);
      lrlab_run_set_color (run, &color);
    }
  else
    run = lrlab_run_new (self->first_optimizer, NULL, &color);
  g_list_store_append (self->store, run);
  return TRUE;
}

gboolean
lrlab_run_list_duplicate (LrlabRunList *self,
                          LrlabRun     *run)
{
  g_autoptr(LrlabRun) copy = NULL;
  guint n, pos;
  GdkRGBA color;

  g_return_val_if_fail (LRLAB_IS_RUN_LIST (self), FALSE);
  g_return_val_if_fail (LRLAB_IS_RUN (run), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n >= self->max_runs || !g_list_store_find (self->store, run, &pos))
    return FALSE;
  copy = lrlab_run_duplicate (run);
  lrlab_palette_color (n, &color);
  lrlab_run_set_color (copy, &color);
  g_list_store_insert (self->store, pos + 1, copy);
  return TRUE;
}

gboolean
lrlab_run_list_remove (LrlabRunList *self,
                       LrlabRun     *run)
{
  guint pos;

  g_return_val_if_fail (LRLAB_IS_RUN_LIST (self), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) <= self->min_runs
      || !g_list_store_find (self->store, run, &pos))
    return FALSE;
  g_list_store_remove (self->store, pos);
  return TRUE;
}

gboolean
lrlab_run_list_insert (LrlabRunList *self,
                       guint         position,
                       LrlabRun     *run)
{
  guint n;

  g_return_val_if_fail (LRLAB_IS_RUN_LIST (self), FALSE);
  g_return_val_if_fail (LRLAB_IS_RUN (run), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n >= self->max_runs || g_list_store_find (self->store, run, NULL))
    return FALSE;
  g_list_store_insert (self->store, MIN (position, n), run);
  return TRUE;
}

gboolean
lrlab_run_list_find (LrlabRunList *self,
                     LrlabRun     *run,
                     guint        *position)
{
  g_return_val_if_fail (LRLAB_IS_RUN_LIST (self), FALSE);
  return g_list_store_find (self->store, run, position);
}

void
lrlab_run_list_replace (LrlabRunList  *self,
                        LrlabRun     **runs,
                        guint          n)
{
  g_return_if_fail (LRLAB_IS_RUN_LIST (self));
  g_return_if_fail (n <= self->max_runs);

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       (gpointer *) runs, n);
}

void
lrlab_run_list_lr_fan (LrlabRunList *self,
                       guint         n,
                       double        factor)
{
  g_autoptr(LrlabRun) first = NULL;
  g_autoptr(GPtrArray) fan = g_ptr_array_new_with_free_func (g_object_unref);
  double lr;

  g_return_if_fail (LRLAB_IS_RUN_LIST (self));

  n = CLAMP (n, 2, self->max_runs);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    lrlab_run_list_add (self);
  first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);
  lr = lrlab_run_get_lr (first);
  if (!(lr > 0))
    lr = 0.01;

  for (guint i = 0; i < n; i++)
    {
      LrlabRun *run = lrlab_run_duplicate (first);
      double exponent = (double) i - (n - 1) / 2.0;
      GdkRGBA color;

      /* Three significant digits, so that the rates read well. */
      lrlab_run_set_lr (run, lr_round_significant (lr * pow (factor, exponent), 3));
      lrlab_palette_color (i, &color);
      lrlab_run_set_color (run, &color);
      g_ptr_array_add (fan, run);
    }
  lrlab_run_list_replace (self, (LrlabRun **) fan->pdata, fan->len);
}

static void
on_row_duplicate (LrlabRunRow  *row,
                  LrlabRunList *self)
{
  lrlab_run_list_duplicate (self, lrlab_run_row_get_run (row));
}

static void
on_row_remove (LrlabRunRow  *row,
               LrlabRunList *self)
{
  g_autoptr(LrlabRun) run = g_object_ref (lrlab_run_row_get_run (row));
  /* the list box stays when the row goes */
  GtkWidget *box = gtk_widget_get_ancestor (GTK_WIDGET (row), GTK_TYPE_LIST_BOX);
  guint pos;

  if (lrlab_run_list_find (self, run, &pos) && lrlab_run_list_remove (self, run) && box != NULL)
    lrlab_run_undo_offer (self, box, run, pos);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  LrlabRunList *self = user_data;
  GtkWidget *row = lrlab_run_row_new (LRLAB_RUN (item));

  g_signal_connect_object (row, "duplicate", G_CALLBACK (on_row_duplicate), self, 0);
  g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove), self, 0);
  return row;
}

void
lrlab_run_list_bind (LrlabRunList *self,
                     GtkListBox   *box)
{
  g_return_if_fail (LRLAB_IS_RUN_LIST (self));
  g_return_if_fail (GTK_IS_LIST_BOX (box));

  gtk_list_box_bind_model (box, G_LIST_MODEL (self), create_row, self, NULL);
}
