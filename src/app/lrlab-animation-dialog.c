/* lrlab-animation-dialog.c: Export Animation — format, size, frame rate and
 * steps, then the frames rendered in the background with a progress bar
 *
 * The dialog has its own copy of the figure and hands it to the export
 * when the frames start: they are drawn on a worker thread while the page
 * (and the dialog) may change or close.  lr_animation_write() reports each
 * frame there, and the dialog shows the latest on the main thread.  A
 * cancelled or failed export, or one whose window closed, leaves no file
 * (the writer's LrOutput).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "lr-animation.h"
#include "lr-webm.h"
#include "lrlab-animation-dialog.h"
#include "lrlab-dialogs.h"
#include "lrlab-job.h"
#include "lrlab-saved-toast.h"

/* Frames at most, as lrlab-cli animate chooses --every: 6 s at 20 a second. */
#define MAX_FRAMES 121
/* Seconds the last frame stays, as lrlab-cli animate's --hold. */
#define HOLD_SECONDS 1.0

typedef struct {
  int         width, height;
  const char *label;      /* NULL: the window's size */
} SizePreset;

static const SizePreset size_presets[] = {
  { 1280, 720, N_("Slide, 1280 × 720") },
  { 1920, 1080, N_("Full HD, 1920 × 1080") },
  { 0, 0, NULL },
};

struct _LrlabAnimationDialog
{
  AdwWindow      parent_instance;

  LrlabFigure   *figure;
  guint          length;          /* the last step any run reaches */
  int            window_width, window_height;
  gboolean       webm_available;

  GCancellable  *cancellable;     /* while rendering */

  /* template */
  GtkWidget     *cancel_button;
  GtkWidget     *export_button;
  GtkStack      *stack;
  AdwActionRow  *format_row;
  GtkToggleButton *gif_button;
  GtkToggleButton *webm_button;
  AdwComboRow   *size_row;
  GtkSpinButton *fps_spin;
  GtkSpinButton *first_spin;
  GtkSpinButton *last_spin;
  GtkAdjustment *first_adjustment;
  GtkAdjustment *last_adjustment;
  GtkLabel      *frames_label;
  GtkLabel      *progress_title;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (LrlabAnimationDialog, lrlab_animation_dialog, ADW_TYPE_WINDOW)

/* ---- the choices ------------------------------------------------------------ */

static LrAnimationFormat
chosen_format (LrlabAnimationDialog *self)
{
  return gtk_toggle_button_get_active (self->webm_button) ? LR_ANIMATION_WEBM : LR_ANIMATION_GIF;
}

static void
chosen_size (LrlabAnimationDialog *self,
             int                  *width,
             int                  *height)
{
  guint i = MIN (adw_combo_row_get_selected (self->size_row), G_N_ELEMENTS (size_presets) - 1);

  *width = size_presets[i].label != NULL ? size_presets[i].width : self->window_width;
  *height = size_presets[i].label != NULL ? size_presets[i].height : self->window_height;
}

static void
chosen_timing (LrlabAnimationDialog *self,
               LrAnimationTiming    *timing)
{
  timing->first = (guint) gtk_spin_button_get_value_as_int (self->first_spin);
  timing->last = (guint) gtk_spin_button_get_value_as_int (self->last_spin);
  timing->every = timing->first < timing->last
                  ? lr_animation_default_every (timing->first, timing->last, MAX_FRAMES) : 1;
  timing->fps = gtk_spin_button_get_value (self->fps_spin);
  timing->hold = HOLD_SECONDS;
}

/* "61 frames, every 2 steps, 4.0 s" for the choices as they stand; Export
 * only when that is at least one frame of some run. */
static void
update_frames (LrlabAnimationDialog *self)
{
  LrAnimationTiming timing;
  guint frames;

  chosen_timing (self, &timing);
  frames = self->length > 0 && timing.first < timing.last ? lr_animation_timing_frames (&timing) : 0;
  if (self->length == 0)
    gtk_label_set_text (self->frames_label, _("No run to show"));
  else if (frames == 0)
    gtk_label_set_text (self->frames_label, _("The last step must come after the first"));
  else
    {
      double seconds = frames / timing.fps + timing.hold;
      g_autofree char *count = g_strdup_printf (ngettext ("%u frame", "%u frames", frames), frames);
      g_autofree char *every = g_strdup_printf (ngettext ("every step", "every %u steps", timing.every),
                                                timing.every);
      /* TRANSLATORS: "61 frames, every 2 steps, 4.0 s" */
      g_autofree char *text = g_strdup_printf (_("%s, %s, %.1f s"), count, every, seconds);

      gtk_label_set_text (self->frames_label, text);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "animation.export", frames > 0);
}

static void
on_choice_changed (LrlabAnimationDialog *self)
{
  update_frames (self);
}

static void
on_first_changed (LrlabAnimationDialog *self)
{
  double first = gtk_adjustment_get_value (self->first_adjustment);

  if (gtk_adjustment_get_value (self->last_adjustment) <= first)
    gtk_adjustment_set_value (self->last_adjustment, first + 1);
  update_frames (self);
}

static void
on_last_changed (LrlabAnimationDialog *self)
{
  double last = gtk_adjustment_get_value (self->last_adjustment);

  if (gtk_adjustment_get_value (self->first_adjustment) >= last)
    gtk_adjustment_set_value (self->first_adjustment, last - 1);
  update_frames (self);
}

/* ---- rendering -------------------------------------------------------------- */

/* One export's work, owned by its task: it has the figure and the file, so
 * it goes on (or stops, cancelled) whatever happens to the dialog. */
typedef struct {
  LrlabFigure       *figure;
  LrAnimation       *animation;    /* draws from the figure */
  LrAnimationTiming  timing;
  GFile             *file;
  GWeakRef           dialog;
  GWeakRef           parent;       /* where "Saved to" appears */
  gint               done, total;  /* written by the worker */
  gint               posted;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  lr_animation_free (export->animation);
  lrlab_figure_free (export->figure);
  g_object_unref (export->file);
  g_weak_ref_clear (&export->dialog);
  g_weak_ref_clear (&export->parent);
  g_free (export);
}

static void
show_progress (LrlabAnimationDialog *self,
               guint                 done,
               guint                 total)
{
  g_autofree char *text = g_strdup_printf (_("Frame %u of %u"), done, total);

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static gboolean
deliver_progress (gpointer data)
{
  Export *export = g_task_get_task_data (data);
  g_autoptr(LrlabAnimationDialog) self = g_weak_ref_get (&export->dialog);

  g_atomic_int_set (&export->posted, 0);
  if (self != NULL && self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable))
    show_progress (self, (guint) g_atomic_int_get (&export->done), (guint) g_atomic_int_get (&export->total));
  return G_SOURCE_REMOVE;
}

/* On the worker: keeps the count and asks the main thread to show it,
 * once until it has. */
static void
on_frame_written (guint    done,
                  guint    total,
                  gpointer user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);

  g_atomic_int_set (&export->total, (gint) total);
  g_atomic_int_set (&export->done, (gint) done);
  if (g_atomic_int_compare_and_exchange (&export->posted, 0, 1))
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_callback (source, deliver_progress, g_object_ref (task), g_object_unref);
      g_source_attach (source, g_task_get_context (task));
    }
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autofree char *path = g_file_get_path (export->file);
  GError *error = NULL;

  if (lr_animation_write (export->animation, path, &export->timing, on_frame_written, task, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(LrlabAnimationDialog) self = g_weak_ref_get (&export->dialog);
  g_autoptr(GtkWidget) parent = g_weak_ref_get (&export->parent);
  g_autoptr(GError) error = NULL;

  lrlab_job_release_worker ();
  if (g_application_get_default () != NULL)
    g_application_release (g_application_get_default ());
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (parent != NULL)
        lrlab_toast_saved (parent, export->file);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lrlab_show_error (parent, _("Export failed"), error->message);
  if (self != NULL)
    {
      g_clear_object (&self->cancellable);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
start_rendering (LrlabAnimationDialog *self,
                 GFile                *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = g_strdup_printf (_("Saving %s…"), name);
  Export *export = g_new0 (Export, 1);
  int width, height;

  chosen_size (self, &width, &height);
  chosen_timing (self, &export->timing);
  /* The figure goes with the work: the dialog may close before it ends. */
  export->figure = g_steal_pointer (&self->figure);
  export->animation = lr_animation_new (width, height, lrlab_figure_get_spec (export->figure, height));
  export->file = g_object_ref (file);
  g_weak_ref_init (&export->dialog, self);
  g_weak_ref_init (&export->parent, gtk_window_get_transient_for (GTK_WINDOW (self)));
  self->cancellable = g_cancellable_new ();

  gtk_label_set_text (self->progress_title, title);
  show_progress (self, 0, lr_animation_timing_frames (&export->timing));
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_visible (self->export_button, FALSE);
  /* The figure is the export's own: the window may go on meanwhile. */
  gtk_window_set_modal (GTK_WINDOW (self), FALSE);

  task = g_task_new (NULL, self->cancellable, render_done, NULL);
  g_task_set_source_tag (task, start_rendering);
  g_task_set_task_data (task, export, export_free);
  lrlab_job_hold_worker ();
  /* Quitting waits for the worker, which stops when the dialog goes. */
  if (g_application_get_default () != NULL)
    g_application_hold (g_application_get_default ());
  g_task_run_in_thread (task, render_thread);
}

/* The chosen file, with the chosen format's extension unless it names a
 * format itself. */
static GFile *
with_extension (LrlabAnimationDialog *self,
                GFile                *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *full = NULL;
  LrAnimationFormat format;

  if (lr_animation_format_from_path (path, &format, NULL))
    return g_object_ref (file);
  full = g_strconcat (path, chosen_format (self) == LR_ANIMATION_WEBM ? ".webm" : ".gif", NULL);
  return g_file_new_for_path (full);
}

static void
file_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LrlabAnimationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) chosen = lrlab_save_dialog_finish (source, result, &error);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  LrAnimationFormat format;

  if (chosen == NULL || self->cancellable != NULL || self->figure == NULL)
    return;
  path = g_file_get_path (chosen);
  if (path == NULL)
    {
      lrlab_show_error (GTK_WIDGET (self), _("Cannot export to this location"), _("Choose a local file."));
      return;
    }
  file = with_extension (self, chosen);
  g_free (path);
  path = g_file_get_path (file);
  lr_animation_format_from_path (path, &format, NULL);
  if (format == LR_ANIMATION_WEBM && !lr_webm_available (&error))
    {
      lrlab_show_error (GTK_WIDGET (self), _("Cannot write WebM"), error->message);
      return;
    }
  start_rendering (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LrlabAnimationDialog *self = LRLAB_ANIMATION_DIALOG (widget);
  gboolean webm = chosen_format (self) == LR_ANIMATION_WEBM;

  if (self->cancellable != NULL || self->figure == NULL)
    return;
  lrlab_save_dialog (GTK_WINDOW (self), _("Export Animation"),
                     webm ? "learning-rate.webm" : "learning-rate.gif",
                     LRLAB_SAVE_ANIMATION, file_chosen, g_object_ref (self));
}

/* Cancel: stops the frames (the dialog closes when the worker has), or
 * closes the dialog before they start. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LrlabAnimationDialog *self = LRLAB_ANIMATION_DIALOG (widget);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (self->cancel_button, FALSE);
      gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
    }
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
lrlab_animation_dialog_close_request (GtkWindow *window)
{
  LrlabAnimationDialog *self = LRLAB_ANIMATION_DIALOG (window);

  if (self->cancellable == NULL)
    return FALSE;
  cancel_action (GTK_WIDGET (self), NULL, NULL);
  return TRUE;
}

/* ---- construction ------------------------------------------------------------ */

static void
lrlab_animation_dialog_dispose (GObject *object)
{
  LrlabAnimationDialog *self = LRLAB_ANIMATION_DIALOG (object);

  /* Closed with its window: the frames stop and nothing is left. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LRLAB_TYPE_ANIMATION_DIALOG);
  G_OBJECT_CLASS (lrlab_animation_dialog_parent_class)->dispose (object);
}

static void
lrlab_animation_dialog_finalize (GObject *object)
{
  LrlabAnimationDialog *self = LRLAB_ANIMATION_DIALOG (object);

  g_clear_pointer (&self->figure, lrlab_figure_free);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (lrlab_animation_dialog_parent_class)->finalize (object);
}

static void
lrlab_animation_dialog_class_init (LrlabAnimationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lrlab_animation_dialog_dispose;
  object_class->finalize = lrlab_animation_dialog_finalize;
  window_class->close_request = lrlab_animation_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lrlab/LearningRateLab/ui/lrlab-animation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, gif_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, webm_button);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, fps_spin);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, first_spin);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, last_spin);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, first_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, last_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, frames_label);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, progress_title);
  gtk_widget_class_bind_template_child (widget_class, LrlabAnimationDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "animation.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "animation.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "animation.cancel", NULL);
}

static void
lrlab_animation_dialog_init (LrlabAnimationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The presets, the window's size last. */
static void
fill_sizes (LrlabAnimationDialog *self)
{
  g_autoptr(GtkStringList) sizes = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    {
      g_autofree char *label = NULL;

      if (size_presets[i].label != NULL)
        label = g_strdup (_(size_presets[i].label));
      else
        label = g_strdup_printf (_("This window, %d × %d"), self->window_width, self->window_height);
      gtk_string_list_append (sizes, label);
    }
  adw_combo_row_set_model (self->size_row, G_LIST_MODEL (sizes));
}

LrlabAnimationDialog *
lrlab_animation_dialog_new (GtkWindow   *parent,
                            LrlabFigure *figure)
{
  LrlabAnimationDialog *self;
  g_autoptr(GError) webm_error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  self = g_object_new (LRLAB_TYPE_ANIMATION_DIALOG, "transient-for", parent, NULL);
  self->figure = figure;
  self->length = lrlab_figure_get_length (figure);
  /* Even sides: video encoders want them. */
  self->window_width = parent != NULL ? MAX (gtk_widget_get_width (GTK_WIDGET (parent)), 320) & ~1 : 1280;
  self->window_height = parent != NULL ? MAX (gtk_widget_get_height (GTK_WIDGET (parent)), 240) & ~1 : 800;
  fill_sizes (self);

  self->webm_available = lr_webm_available (&webm_error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->webm_button), self->webm_available);
  if (!self->webm_available)
    {
      /* The message names the missing GStreamer part and its package. */
      const char *reason = webm_error->message;
      g_autofree char *escaped = g_markup_escape_text (reason, -1);   /* a row's subtitle is markup */

      adw_action_row_set_subtitle (self->format_row, escaped);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->webm_button), reason);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->webm_button), _("Small files that play smoothly in browsers"));

  gtk_adjustment_configure (self->first_adjustment, 0, 0, MAX (self->length, 1) - 1, 1, 10, 0);
  gtk_adjustment_configure (self->last_adjustment, MAX (self->length, 1), 1, MAX (self->length, 1), 1, 10, 0);
  g_signal_connect_swapped (self->first_adjustment, "value-changed", G_CALLBACK (on_first_changed), self);
  g_signal_connect_swapped (self->last_adjustment, "value-changed", G_CALLBACK (on_last_changed), self);
  g_signal_connect_swapped (self->fps_spin, "value-changed", G_CALLBACK (on_choice_changed), self);
  update_frames (self);
  return self;
}
