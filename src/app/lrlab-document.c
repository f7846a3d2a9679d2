/* lrlab-document.c: the experiment a window shows as a document — its file,
 * its title, whether it changed since it was opened or saved; opening and
 * saving .lrlab files, and the recent experiments
 *
 * Changes are noticed from the pages' signals (runs, layout, the classifier's
 * settings) and confirmed by comparing what the pages show with what was last
 * opened or saved, so that undoing a change clears the mark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lrlab-document.h"
#include "lrlab-experiment-state.h"

struct _LrlabDocument
{
  GObject              parent_instance;

  LrlabSurfacesPage   *surfaces;
  LrlabClassifierPage *classifier;
  GFile               *file;
  LrExperiment        *base;       /* what was opened, saved or loaded as a scene */
  char                *saved;      /* its digest (lrlab_experiment_state_digest) */
  char                *title;
  gboolean             modified;
  guint                check_id;
};

G_DEFINE_FINAL_TYPE (LrlabDocument, lrlab_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* ---- state ---------------------------------------------------------------- */

static void
update_title (LrlabDocument *self)
{
  const char *text = lrlab_surfaces_page_get_title (self->surfaces);
  g_autofree char *title = NULL;

  if (text != NULL && *text != '\0')
    title = g_strdup (text);
  else if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);

      title = g_filename_display_name (name);
      if (g_str_has_suffix (title, ".lrlab"))
        title[strlen (title) - strlen (".lrlab")] = '\0';
    }
  else
    title = g_strdup (_("Untitled Experiment"));

  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
    }
}

static void
set_modified (LrlabDocument *self,
              gboolean       modified)
{
  if (modified == self->modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODIFIED]);
}

static void
set_file (LrlabDocument *self,
          GFile         *file)
{
  if (self->file == file || (self->file && file && g_file_equal (self->file, file)))
    return;
  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILE]);
}

static char *
capture_digest (LrlabDocument *self)
{
  g_autoptr(LrExperiment) now = lrlab_experiment_state_capture (self->surfaces, self->classifier, self->base);

  return lrlab_experiment_state_digest (now);
}

void
lrlab_document_check (LrlabDocument *self)
{
  g_autofree char *digest = NULL;

  g_return_if_fail (LRLAB_IS_DOCUMENT (self));

  g_clear_handle_id (&self->check_id, g_source_remove);
  digest = capture_digest (self);
  set_modified (self, g_strcmp0 (digest, self->saved) != 0);
  update_title (self);
}

static gboolean
check_cb (gpointer user_data)
{
  LrlabDocument *self = user_data;

  self->check_id = 0;
  lrlab_document_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (LrlabDocument *self)
{
  if (self->check_id == 0)
    self->check_id = g_idle_add_full (G_PRIORITY_LOW, check_cb, self, NULL);
}

/* What the pages show now is what @base holds (transfer full), saved as
 * @digest (transfer full; NULL: what the pages show now). */
static void
mark_saved (LrlabDocument *self,
            LrExperiment  *base,
            char          *digest)
{
  if (base != self->base)
    {
      g_clear_pointer (&self->base, lr_experiment_free);
      self->base = base;
    }
  g_free (self->saved);
  self->saved = digest ? digest : capture_digest (self);
  lrlab_document_check (self);
}

void
lrlab_document_reset (LrlabDocument *self,
                      LrExperiment  *base)
{
  g_return_if_fail (LRLAB_IS_DOCUMENT (self));

  set_file (self, NULL);
  mark_saved (self, base, NULL);
}

gboolean
lrlab_document_start_from (LrlabDocument  *self,
                           LrExperiment   *experiment,
                           GError        **error)
{
  g_return_val_if_fail (LRLAB_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (experiment != NULL, FALSE);

  if (!lrlab_experiment_state_apply (self->surfaces, self->classifier, experiment, NULL, error))
    {
      lr_experiment_free (experiment);
      return FALSE;
    }
  lrlab_document_reset (self, experiment);
  return TRUE;
}

GFile *
lrlab_document_get_file (LrlabDocument *self)
{
  g_return_val_if_fail (LRLAB_IS_DOCUMENT (self), NULL);
  return self->file;
}

const char *
lrlab_document_get_title (LrlabDocument *self)
{
  g_return_val_if_fail (LRLAB_IS_DOCUMENT (self), NULL);
  return self->title;
}

gboolean
lrlab_document_get_modified (LrlabDocument *self)
{
  g_return_val_if_fail (LRLAB_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

/* ---- watching the pages ------------------------------------------------------ */

static void
on_runs_changed (GListModel    *model,
                 guint          position,
                 guint          removed,
                 guint          added,
                 LrlabDocument *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) run = g_list_model_get_item (model, i);

      /* "computed" also follows colour, visibility and label, and every
       * recomputation after a change of surface, start or steps. */
      g_signal_connect_object (run, "changed", G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (run, "computed", G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
    }
  schedule_check (self);
}

static void
watch_runs (LrlabDocument *self,
            GListModel    *runs)
{
  g_signal_connect_object (runs, "items-changed", G_CALLBACK (on_runs_changed), self, 0);
  on_runs_changed (runs, 0, 0, g_list_model_get_n_items (runs), self);
}

/* ---- opening ------------------------------------------------------------------ */

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LrExperiment *e = lr_experiment_load_file (task_data, cancellable, &error);

  if (e == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, e, (GDestroyNotify) lr_experiment_free);
}

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *exec = g_strconcat (g_get_prgname () ? g_get_prgname () : "lrlab", " %u", NULL);
  GtkRecentData data = {
    .mime_type = (char *) LRLAB_EXPERIMENT_MIME_TYPE,
    .app_name = (char *) (g_get_application_name () ? g_get_application_name () : "lrlab"),
    .app_exec = exec,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LrlabDocument *self = LRLAB_DOCUMENT (source);
  g_autoptr(GTask) task = user_data;
  GFile *file = g_task_get_task_data (task);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  GError *error = NULL;
  LrExperiment *e = g_task_propagate_pointer (G_TASK (result), &error);

  if (e == NULL || !lrlab_experiment_state_apply (self->surfaces, self->classifier, e, folder, &error))
    {
      g_clear_pointer (&e, lr_experiment_free);
      g_task_return_error (task, error);
      return;
    }
  set_file (self, file);
  mark_saved (self, e, NULL);
  add_recent (file);
  g_task_return_boolean (task, TRUE);
}

void
lrlab_document_open_async (LrlabDocument       *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) load = NULL;

  g_return_if_fail (LRLAB_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lrlab_document_open_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  load = g_task_new (self, cancellable, on_loaded, task);
  g_task_set_task_data (load, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (load, open_thread);
}

gboolean
lrlab_document_open_finish (LrlabDocument  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- saving ------------------------------------------------------------------- */

typedef struct {
  GFile        *file;
  LrExperiment *experiment;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *d = data;

  g_clear_object (&d->file);
  g_clear_pointer (&d->experiment, lr_experiment_free);
  g_free (d);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *d = task_data;
  g_autofree char *json = lr_experiment_to_json (d->experiment);
  g_autoptr(LrExperiment) check = NULL;
  GError *error = NULL;

  /* A file the loader would refuse is not written: the previous one stays. */
  check = lr_experiment_load_data (json, strlen (json), &error);
  if (check == NULL)
    {
      g_prefix_error (&error, "%s", _("The experiment cannot be read back: "));
      g_task_return_error (task, error);
      return;
    }
  if (!lr_experiment_save (d->experiment, d->file, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LrlabDocument *self = LRLAB_DOCUMENT (source);
  g_autoptr(GTask) task = user_data;
  SaveData *d = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  set_file (self, d->file);
  /* What was written, not what the pages show by now. */
  {
    LrExperiment *written = g_steal_pointer (&d->experiment);

    mark_saved (self, written, lrlab_experiment_state_digest (written));
  }
  add_recent (d->file);
  g_task_return_boolean (task, TRUE);
}

void
lrlab_document_save_async (LrlabDocument       *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) save = NULL;
  SaveData *d;

  g_return_if_fail (LRLAB_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lrlab_document_save_async);

  d = g_new0 (SaveData, 1);
  d->file = g_object_ref (file);
  d->experiment = lrlab_experiment_state_capture (self->surfaces, self->classifier, self->base);
  save = g_task_new (self, cancellable, on_saved, task);
  g_task_set_task_data (save, d, save_data_free);
  g_task_run_in_thread (save, save_thread);
}

gboolean
lrlab_document_save_finish (LrlabDocument  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- recent experiments -------------------------------------------------------- */

static gint
newest_first (gconstpointer a,
              gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a;
  GtkRecentInfo *ib = *(GtkRecentInfo **) b;
  g_autoptr(GDateTime) ta = gtk_recent_info_get_modified (ia);
  g_autoptr(GDateTime) tb = gtk_recent_info_get_modified (ib);

  return g_date_time_compare (tb, ta);
}

GStrv
lrlab_document_list_recent (guint max)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();
  GPtrArray *uris = g_ptr_array_new ();

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if ((g_strcmp0 (gtk_recent_info_get_mime_type (info), LRLAB_EXPERIMENT_MIME_TYPE) == 0
           || g_str_has_suffix (gtk_recent_info_get_uri (info), ".lrlab"))
          && gtk_recent_info_exists (info))
        g_ptr_array_add (infos, info);
    }
  g_ptr_array_sort (infos, newest_first);
  for (guint i = 0; i < infos->len && i < max; i++)
    g_ptr_array_add (uris, g_strdup (gtk_recent_info_get_uri (g_ptr_array_index (infos, i))));
  g_ptr_array_add (uris, NULL);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  return (GStrv) g_ptr_array_free (uris, FALSE);
}

/* ---- GObject ---------------------------------------------------------------------- */

LrlabDocument *
lrlab_document_new (LrlabSurfacesPage   *surfaces,
                    LrlabClassifierPage *classifier)
{
  LrlabDocument *self;

  g_return_val_if_fail (LRLAB_IS_SURFACES_PAGE (surfaces), NULL);
  g_return_val_if_fail (classifier == NULL || LRLAB_IS_CLASSIFIER_PAGE (classifier), NULL);

  self = g_object_new (LRLAB_TYPE_DOCUMENT, NULL);
  self->surfaces = g_object_ref (surfaces);
  self->classifier = classifier ? g_object_ref (classifier) : NULL;

  watch_runs (self, lrlab_surfaces_page_get_runs (surfaces));
  g_signal_connect_object (surfaces, "notify::overlay", G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (surfaces, "notify::sharpness-plot", G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
  if (classifier != NULL)
    {
      watch_runs (self, lrlab_classifier_page_get_runs (classifier));
      g_signal_connect_object (classifier, "changed", G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
    }
  lrlab_document_reset (self, NULL);
  return self;
}

static void
lrlab_document_dispose (GObject *object)
{
  LrlabDocument *self = LRLAB_DOCUMENT (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_object (&self->surfaces);
  g_clear_object (&self->classifier);

  G_OBJECT_CLASS (lrlab_document_parent_class)->dispose (object);
}

static void
lrlab_document_finalize (GObject *object)
{
  LrlabDocument *self = LRLAB_DOCUMENT (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->base, lr_experiment_free);
  g_free (self->saved);
  g_free (self->title);

  G_OBJECT_CLASS (lrlab_document_parent_class)->finalize (object);
}

static void
lrlab_document_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LrlabDocument *self = LRLAB_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrlab_document_class_init (LrlabDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lrlab_document_dispose;
  object_class->finalize = lrlab_document_finalize;
  object_class->get_property = lrlab_document_get_property;

  properties [PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lrlab_document_init (LrlabDocument *self)
{
}
