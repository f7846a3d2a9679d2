/* lrlab-classifier-page-data.c: the classifier page's data and model — the
 * data set (built in, or an MNIST-format folder loaded in a thread), the
 * MLP's layers and the schedule of epochs, batches and seed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lr-mlp-size.h"
#include "lrlab-classifier-page-private.h"
#include "lrlab-dialogs.h"

#define N_SAMPLES 18

/* ---- data set ----------------------------------------------------------- */

static void
show_data_error (LrlabClassifierPage *self,
                 const char          *message)
{
  g_free (self->data_error);
  self->data_error = g_strdup (message);
  gtk_label_set_label (self->data_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->data_error_label), message != NULL);
}

static void
update_model_label (LrlabClassifierPage *self)
{
  LrMlpConfig config;
  guint in, classes;
  guint64 params;
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->dataset == NULL || !lr_mlp_config_parse (self->model, &config, NULL))
    {
      gtk_label_set_label (self->model_label, "");
      return;
    }
  in = lr_dataset_get_n_pixels (self->dataset);
  classes = lr_dataset_get_n_classes (self->dataset);
  params = lr_mlp_config_count_params (&config, in, classes);
  g_string_append_printf (text, "%u", in);
  for (guint l = 0; l < config.n_hidden; l++)
    g_string_append_printf (text, " → %u", config.hidden[l]);
  g_string_append_printf (text, " → %u", classes);
  {
    g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, params);

    /* Translators: follows the layer sizes, as in "64 → 16 → 10 units: 1210
     * weights and biases"; %s is the number of weights and biases. */
    g_string_append_printf (text, _(" units: %s weights and biases"), count);
  }
  gtk_label_set_label (self->model_label, text->str);
}

static void
show_samples (LrlabClassifierPage *self,
              LrDataset           *dataset)
{
  const LrImageSet *train = lr_dataset_get_train (dataset);
  guint n_pixels = lr_dataset_get_n_pixels (dataset);
  guint pixel_max = MAX (lr_dataset_get_pixel_max (dataset), 1);
  guint n = MIN (train->n, N_SAMPLES);
  g_autofree float *pixels = g_new (float, (gsize) MAX (n, 1) * n_pixels);
  g_auto(GStrv) captions = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      for (guint k = 0; k < n_pixels; k++)
        pixels[(gsize) i * n_pixels + k] = (float) train->pixels[(gsize) i * n_pixels + k] / pixel_max;
      captions[i] = g_strdup_printf ("%u", train->labels[i]);
    }
  lrlab_classifier_images_set_tile_size (self->sample_gallery, 32);
  lrlab_classifier_images_set (self->sample_gallery, LRLAB_IMAGES_GREY,
                               lr_dataset_get_rows (dataset), lr_dataset_get_cols (dataset),
                               n, pixels, (const char * const *) captions, NULL);
}

static void
set_dataset (LrlabClassifierPage *self,
             LrDataset           *dataset,
             const char          *source)
{
  const LrImageSet *train = lr_dataset_get_train (dataset);
  const LrImageSet *test = lr_dataset_get_test (dataset);
  gboolean digits = g_strcmp0 (lr_dataset_get_name (dataset), "digits") == 0;
  const char *name = digits ? _("Built-in digits") : lr_dataset_get_name (dataset);
  g_autofree char *text = NULL;

  g_clear_pointer (&self->dataset, lr_dataset_unref);
  self->dataset = lr_dataset_ref (dataset);
  show_data_error (self, NULL);
  show_samples (self, dataset);

  if (test != NULL)
    text = g_strdup_printf (_("%s: %u training images of %u × %u pixels; the %u test images check the model"),
                            name, train->n, lr_dataset_get_rows (dataset), lr_dataset_get_cols (dataset), test->n);
  else
    text = g_strdup_printf (_("%s: %u images of %u × %u pixels; a fifth of them is held out to check the model"),
                            name, train->n, lr_dataset_get_rows (dataset), lr_dataset_get_cols (dataset));
  gtk_label_set_label (self->dataset_label, text);
  update_model_label (self);
  if (self->settings)
    g_settings_set_string (self->settings, "classifier-dataset", source);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LrDataset *dataset = lr_dataset_load_idx_dir (task_data, cancellable, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) lr_dataset_unref);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(LrlabClassifierPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrDataset) dataset = g_task_propagate_pointer (G_TASK (result), &error);
  const char *path = g_task_get_task_data (G_TASK (result));

  g_weak_ref_clear (ref);
  g_free (ref);
  lrlab_job_release_worker ();
  if (self == NULL || g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  self->loading = FALSE;
  g_clear_object (&self->load_cancellable);
  gtk_spinner_set_spinning (self->load_spinner, FALSE);
  if (dataset != NULL)
    set_dataset (self, dataset, path);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_data_error (self, error->message);
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
}

static void
load_folder (LrlabClassifierPage *self,
             const char          *path)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_spinner_set_spinning (self->load_spinner, TRUE);
  task = g_task_new (NULL, self->load_cancellable, load_done, ref);
  g_task_set_task_data (task, g_strdup (path), g_free);
  lrlab_job_hold_worker ();
  g_task_run_in_thread (task, load_thread);
}

void
lrlab_classifier_page_load_dataset (LrlabClassifierPage *self,
                                    const char          *source)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  g_return_if_fail (source != NULL);

  if (self->load_cancellable)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->load_spinner, FALSE);
  g_free (self->dataset_source);
  self->dataset_source = g_strdup (*source != '\0' ? source : "digits");

  if (g_strcmp0 (source, "digits") == 0 || *source == '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrDataset) dataset = lr_dataset_load_digits (&error);

      if (dataset == NULL)
        show_data_error (self, error->message);
      else
        set_dataset (self, dataset, "digits");
    }
  else
    load_folder (self, source);
  lrlab_classifier_page_update_status (self);
  lrlab_classifier_page_update_actions (self);
  lrlab_classifier_page_changed (self);
}

const char *
lrlab_classifier_page_get_dataset_source (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->dataset_source ? self->dataset_source : "digits";
}

LrDataset *
lrlab_classifier_page_get_dataset (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->dataset;
}

gboolean
lrlab_classifier_page_get_loading (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);
  return self->loading;
}

const char *
lrlab_classifier_page_get_data_error (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->data_error;
}

static void
folder_chosen (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LrlabClassifierPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = lrlab_folder_dialog_finish (source, result, &error);
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  path = g_file_get_path (folder);
  if (path == NULL)
    {
      show_data_error (self, _("The folder is not on a local disk"));
      return;
    }
  lrlab_classifier_page_load_dataset (self, path);
}

void
lrlab_classifier_page_choose_dataset (LrlabClassifierPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);

  lrlab_folder_dialog (GTK_WINDOW (window), _("Open an MNIST-Format Data Set"), folder_chosen, g_object_ref (self));
}

/* ---- model ---------------------------------------------------------------- */

/* The hidden layers as a person types them — "512/512", "512,512",
 * "512 512", "512×512" — into the spec's "512/512"; FALSE (with the word
 * that is not a size) for anything else. */
static gboolean
normalize_hidden (const char  *text,
                  GString     *out,
                  GError     **error)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *flat = g_strdup (text);

  /* every separator a person might use becomes a space */
  for (char *c = flat; *c != '\0'; c++)
    if (strchr (",;/xX*\t", *c) != NULL)
      *c = ' ';
  {
    g_autoptr(GString) spaced = g_string_new (flat);

    g_string_replace (spaced, "×", " ", 0);
    words = g_strsplit (spaced->str, " ", -1);
  }
  g_string_truncate (out, 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      for (const char *c = words[i]; *c != '\0'; c++)
        if (!g_ascii_isdigit (*c))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         /* Translators: the hidden layers' field; %s is what was typed that is not a size */
                         _("Hidden layers are sizes such as “128/64”, “128, 64” or “128 64” (0: none); “%s” is not a size"),
                         words[i]);
            return FALSE;
          }
      g_string_append_printf (out, out->len ? "/%s" : "%s", words[i]);
    }
  if (out->len == 0)
    g_string_append (out, "0");
  return TRUE;
}

static void
show_model (LrlabClassifierPage *self)
{
  LrMlpConfig config;
  g_autoptr(GString) hidden = g_string_new (NULL);
  gboolean updating = self->updating;

  if (!lr_mlp_config_parse (self->model, &config, NULL))
    return;
  for (guint i = 0; i < config.n_hidden; i++)
    g_string_append_printf (hidden, i ? "/%u" : "%u", config.hidden[i]);
  if (config.n_hidden == 0)
    g_string_append (hidden, "0");

  self->updating = TRUE;
  /* what is typed stays as typed while it means the model shown */
  {
    g_autoptr(GString) typed = g_string_new (NULL);

    if (!normalize_hidden (gtk_editable_get_text (GTK_EDITABLE (self->hidden_entry)), typed, NULL) ||
        !g_str_equal (typed->str, hidden->str))
      gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden->str);
  }
  self->model_invalid = FALSE;
  gtk_drop_down_set_selected (self->activation_dropdown, config.activation == LR_ACTIVATION_TANH ? 1 : 0);
  self->updating = updating;
  update_model_label (self);
}

gboolean
lrlab_classifier_page_set_model (LrlabClassifierPage  *self,
                                 const char           *spec,
                                 GError              **error)
{
  LrMlpConfig config;

  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), FALSE);

  if (!lr_mlp_config_parse (spec, &config, error))
    return FALSE;
  g_free (self->model);
  self->model = lr_mlp_config_to_spec (&config);
  if (self->settings && !self->updating)
    g_settings_set_string (self->settings, "classifier-model", self->model);
  show_model (self);
  lrlab_classifier_page_changed (self);
  return TRUE;
}

const char *
lrlab_classifier_page_get_model (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), NULL);
  return self->model;
}

static void
on_model_edited (LrlabClassifierPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  g_autoptr(GString) hidden = g_string_new (NULL);
  guint act = gtk_drop_down_get_selected (self->activation_dropdown);

  if (self->updating)
    return;
  if (normalize_hidden (gtk_editable_get_text (GTK_EDITABLE (self->hidden_entry)), hidden, &error))
    spec = g_strdup_printf ("mlp:hidden=%s,act=%s", hidden->str, act == 1 ? "tanh" : "relu");
  if (spec == NULL || !lrlab_classifier_page_set_model (self, spec, &error))
    {
      /* Nothing trains until the field says a model again: the model
       * trained is always the one shown. */
      self->model_invalid = TRUE;
      lrlab_classifier_page_update_actions (self);
      gtk_widget_add_css_class (GTK_WIDGET (self->hidden_entry), "error");
      gtk_label_set_label (self->model_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->model_error), TRUE);
      return;
    }
  lrlab_classifier_page_update_actions (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self->hidden_entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->model_error), FALSE);
}

/* ---- schedule -------------------------------------------------------------- */

void
lrlab_classifier_page_set_schedule (LrlabClassifierPage *self,
                                    guint                epochs,
                                    guint                batch_size,
                                    guint                seed)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));

  gtk_adjustment_set_value (self->epochs_adjustment, CLAMP (epochs, 1, LR_TRAIN_MAX_EPOCHS));
  /* the field's top means every image in one batch ("full") */
  gtk_adjustment_set_value (self->batch_adjustment, CLAMP (batch_size, 1, LR_TRAIN_MAX_BATCH_SIZE));
  gtk_adjustment_set_value (self->seed_adjustment, MIN (seed, (guint) G_MAXINT));
}

void
lrlab_classifier_page_set_sharpness_every (LrlabClassifierPage *self,
                                           guint                epochs)
{
  g_return_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self));
  gtk_adjustment_set_value (self->sharpness_adjustment, MIN (epochs, LR_TRAIN_MAX_EPOCHS));
}

guint
lrlab_classifier_page_get_sharpness_every (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), 0);
  return self->sharpness_every;
}

/* "full" at the batch field's top; what it reads back from a person. */
static gboolean
on_batch_output (GtkSpinButton       *spin,
                 LrlabClassifierPage *self)
{
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);
  g_autofree char *text = NULL;

  if (gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj))
    text = g_strdup (_("full"));
  else
    text = g_strdup_printf ("%.0f", gtk_adjustment_get_value (adj));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_batch_input (GtkSpinButton       *spin,
                double              *value,
                LrlabClassifierPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;
  guint64 n;

  if (g_ascii_strcasecmp (stripped, "full") == 0 || g_strcmp0 (stripped, _("full")) == 0)
    {
      *value = gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spin));
      return TRUE;
    }
  n = g_ascii_strtoull (stripped, &end, 10);
  if (end == stripped || *end != '\0')
    return GTK_INPUT_ERROR;
  *value = (double) n;
  return TRUE;
}

static void
on_schedule_changed (LrlabClassifierPage *self)
{
  guint epochs = (guint) gtk_adjustment_get_value (self->epochs_adjustment);
  gboolean replot = epochs != self->epochs;

  self->epochs = epochs;
  self->batch_size = (guint) gtk_adjustment_get_value (self->batch_adjustment);
  self->seed = (guint) gtk_adjustment_get_value (self->seed_adjustment);
  replot |= self->sharpness_every != (guint) gtk_adjustment_get_value (self->sharpness_adjustment);
  self->sharpness_every = (guint) gtk_adjustment_get_value (self->sharpness_adjustment);
  if (replot)
    lrlab_classifier_page_update_plots (self);
  lrlab_classifier_page_changed (self);
}

guint
lrlab_classifier_page_get_epochs (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), 0);
  return self->epochs;
}

guint
lrlab_classifier_page_get_batch_size (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), 0);
  return self->batch_size >= LR_TRAIN_MAX_BATCH_SIZE ? LR_TRAIN_BATCH_FULL : self->batch_size;
}

guint
lrlab_classifier_page_get_seed (LrlabClassifierPage *self)
{
  g_return_val_if_fail (LRLAB_IS_CLASSIFIER_PAGE (self), 0);
  return self->seed;
}

void
lrlab_classifier_page_bind_data_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_model_edited);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_output);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_input);
  gtk_widget_class_bind_template_callback (widget_class, on_schedule_changed);
}

/* ---- start-up --------------------------------------------------------------- */

/* The page starts from the settings and writes them back; it does not follow
 * them: another window's page (another experiment) writes them too. */
#define SCHEDULE_BINDING (G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES)

static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema ? g_settings_new (APP_ID) : NULL;
}

void
lrlab_classifier_page_init_data (LrlabClassifierPage *self)
{
  g_autofree char *source = NULL;
  g_autofree char *model = NULL;

  self->settings = open_settings ();
  if (self->settings)
    {
      g_settings_bind (self->settings, "classifier-batch-size", self->batch_adjustment, "value", SCHEDULE_BINDING);
      g_settings_bind (self->settings, "classifier-epochs", self->epochs_adjustment, "value", SCHEDULE_BINDING);
      g_settings_bind (self->settings, "classifier-seed", self->seed_adjustment, "value", SCHEDULE_BINDING);
      model = g_settings_get_string (self->settings, "classifier-model");
      source = g_settings_get_string (self->settings, "classifier-dataset");
    }
  on_schedule_changed (self);

  self->updating = TRUE;
  if (model == NULL || !lrlab_classifier_page_set_model (self, model, NULL))
    lrlab_classifier_page_set_model (self, LR_MLP_DEFAULT_SPEC, NULL);
  self->updating = FALSE;

  /* The digits at once; a saved folder then loads in the background. */
  lrlab_classifier_page_load_dataset (self, "digits");
  if (source != NULL && *source != '\0' && g_strcmp0 (source, "digits") != 0)
    lrlab_classifier_page_load_dataset (self, source);
}
