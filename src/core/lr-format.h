/* lr-format.h: numbers and strings in machine formats (specs, CSV, JSON)
 *
 * Machine formats never follow the locale: every number written here reads
 * back with g_ascii_strtod as exactly the value that was written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LR_NUMBER_SHORTEST,     /* the shortest exact text: "0.1", "1e-8" */
  LR_NUMBER_G17,          /* printf "%.17g" in the C locale: "0.10000000000000001" */
} LrNumberStyle;

/* The shortest C-locale text that reads back as exactly @value ("1e-8"). */
void  lr_format_number      (GString    *out,
                             double      value);
char *lr_format_double      (double      value);

/* A CSV field: non-finite values as nan, inf, -inf. */
void  lr_format_csv_number  (GString      *out,
                             double        value,
                             LrNumberStyle style);
/* A CSV field in double quotes, inner quotes doubled. */
void  lr_format_csv_string  (GString      *out,
                             const char   *text);
/* A JSON number; non-finite values as null. */
void  lr_format_json_number (GString      *out,
                             double        value,
                             LrNumberStyle style);
/* A JSON integer, or null when not @present. */
void  lr_format_json_int    (GString      *out,
                             gint64        value,
                             gboolean      present);
/* A JSON string literal; NULL writes "". */
void  lr_format_json_string (GString      *out,
                             const char   *text);

G_END_DECLS
