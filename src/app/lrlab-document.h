/* lrlab-document.h: the experiment a window shows as a document — its file,
 * its title, whether it changed since it was opened or saved; opening and
 * saving .lrlab files, and the recent experiments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lr-experiment.h"
#include "lrlab-classifier-page.h"
#include "lrlab-surfaces-page.h"

G_BEGIN_DECLS

#define LRLAB_EXPERIMENT_MIME_TYPE "application/x-lrlab-experiment"

#define LRLAB_TYPE_DOCUMENT (lrlab_document_get_type ())

G_DECLARE_FINAL_TYPE (LrlabDocument, lrlab_document, LRLAB, DOCUMENT, GObject)

/* The document of what these pages show (@classifier may be NULL). */
LrlabDocument *lrlab_document_new           (LrlabSurfacesPage   *surfaces,
                                             LrlabClassifierPage *classifier);
/* The file it was opened from or saved to; NULL for a scene or new one. */
GFile         *lrlab_document_get_file      (LrlabDocument       *self);
/* The experiment's title, else the file's name, else "Untitled Experiment". */
const char    *lrlab_document_get_title     (LrlabDocument       *self);
/* Changed since it was opened or saved: runs, surface, steps, start, layout
 * or the classifier's settings (not the view box or the speed). */
gboolean       lrlab_document_get_modified  (LrlabDocument       *self);
/* Checks for changes now (changes are otherwise noticed when idle). */
void           lrlab_document_check         (LrlabDocument       *self);
/* What the pages show now is a fresh document of @base (transfer full; may
 * be NULL), not saved anywhere: a scene was loaded. */
void           lrlab_document_reset         (LrlabDocument       *self,
                                             LrExperiment        *base);
/* The pages as @experiment (taken) has them, untitled and unmodified — a
 * built-in experiment to start from; FALSE (pages unchanged) if it cannot
 * be shown. */
gboolean       lrlab_document_start_from   (LrlabDocument  *self,
                                            LrExperiment   *experiment,
                                            GError        **error);

/* Reads @file off the main thread, then shows it in the pages; a bad file
 * changes nothing and the error names the key at fault. */
void           lrlab_document_open_async    (LrlabDocument       *self,
                                             GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       lrlab_document_open_finish   (LrlabDocument       *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Writes what the pages show to @file (atomically, off the main thread). */
void           lrlab_document_save_async    (LrlabDocument       *self,
                                             GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       lrlab_document_save_finish   (LrlabDocument       *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Recently opened or saved experiments that still exist, newest first (at
 * most @max), as URIs. */
GStrv          lrlab_document_list_recent   (guint                max);

G_END_DECLS
