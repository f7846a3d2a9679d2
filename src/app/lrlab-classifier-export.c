/* lrlab-classifier-export.c: figures and tables of the classifier page as files
 *
 * The figure goes through the same cairo drawing functions the widgets use
 * (lr_render_to_file); figures and tables are written through an LrOutput,
 * which replaces the file in one step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-output.h"
#include "lr-render.h"
#include "lr-spec.h"
#include "lrlab-classifier-export.h"

gboolean
lrlab_classifier_write_drawing (const char     *path,
                                int             width,
                                int             height,
                                LrlabDrawFunc   draw,
                                gpointer        user_data,
                                GError        **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);

  return lr_render_to_file (path, width, height, draw, user_data, error);
}

gboolean
lrlab_classifier_write_text (const char     *path,
                             const GString  *text,
                             GError        **error)
{
  LrOutput *output;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  output = lr_output_new (path);
  lr_output_write (output, text->str, text->len);
  return lr_output_close (output, error);
}

void
lrlab_classifier_csv_number (GString *out,
                             double   value)
{
  if (isfinite (value))
    lr_format_number (out, value);
  else if (isnan (value))
    g_string_append (out, "nan");
  else
    g_string_append (out, value > 0 ? "inf" : "-inf");
}
