/* lrlab-dialogs.h: file choosers and error messages on GTK 4.8 and newer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  LRLAB_SAVE_FIGURE,   /* PNG, SVG, PDF */
  LRLAB_SAVE_CSV,
  LRLAB_SAVE_ANIMATION,   /* GIF, WebM */
} LrlabSaveKind;

/* What a user asked to save, carried to the save dialog's answer: the
 * object that writes it and the kind of file. */
typedef struct {
  gpointer       owner;   /* a reference */
  LrlabSaveKind  kind;
} LrlabSaveRequest;

LrlabSaveRequest *lrlab_save_request_new  (gpointer          owner,
                                           LrlabSaveKind     kind);
void              lrlab_save_request_free (LrlabSaveRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrlabSaveRequest, lrlab_save_request_free)

/* Portal-aware save dialog; the callback's source object is what
 * lrlab_save_dialog_finish() takes. */
void       lrlab_save_dialog        (GtkWindow            *parent,
                                     const char           *title,
                                     const char           *initial_name,
                                     LrlabSaveKind         kind,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
GFile     *lrlab_save_dialog_finish (GObject              *source,
                                     GAsyncResult         *result,
                                     GError              **error);
/* Portal-aware folder chooser. */
void       lrlab_folder_dialog      (GtkWindow            *parent,
                                     const char           *title,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
GFile     *lrlab_folder_dialog_finish (GObject            *source,
                                       GAsyncResult       *result,
                                       GError            **error);
/* The next save or folder dialog answers @file at once, without showing
 * itself, as if a person had chosen it (tests); NULL forgets the answer. */
void       lrlab_dialogs_answer_next (GFile               *file);
/* A modal message with a heading and a body. */
void       lrlab_show_error         (GtkWidget            *parent,
                                     const char           *heading,
                                     const char           *body);

G_END_DECLS
