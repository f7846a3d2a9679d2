/* lr-spec.h: the NAME[:key=value,…] spec syntax and parameter metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-format.h"

G_BEGIN_DECLS

#define LR_ERROR (lr_error_quark ())

typedef enum {
  LR_ERROR_SYNTAX,        /* malformed spec text */
  LR_ERROR_UNKNOWN_NAME,  /* no optimizer/schedule/surface/model of that name */
  LR_ERROR_UNKNOWN_KEY,   /* key not known for that name */
  LR_ERROR_VALUE,         /* malformed, non-finite or out-of-range value */
  LR_ERROR_FORMULA,       /* expr: formula error (message carries the column) */
  LR_ERROR_DATA,          /* data set file defect */
  LR_ERROR_RANGE,         /* argument out of a documented limit */
} LrError;

GQuark lr_error_quark (void);

typedef struct {
  char  *key;
  char  *value;
  guint  column;          /* 1-based column of the key in the spec text */
} LrSpecItem;

typedef struct {
  char       *name;
  guint       n_items;
  LrSpecItem *items;
  char       *formula;    /* "expr:" only: everything after the colon */
  guint       formula_column; /* 1-based column where the formula starts */
} LrSpec;

LrSpec *lr_spec_parse (const char *text,
                       GError    **error);
void    lr_spec_free  (LrSpec *spec);
/* The spec as text that lr_spec_parse() reads back to the same spec:
 * "name:key=value,…" (items in order, values as stored), "expr:FORMULA". */
char   *lr_spec_to_string (const LrSpec *spec);
/* Sets @key to @value (appended when @key is not there yet).  Both must be
 * valid spec tokens (a name; a value of digits, letters and . - + / _), so
 * that the text stays parseable; an "expr:" spec has no keys. */
gboolean lr_spec_set      (LrSpec     *spec,
                           const char *key,
                           const char *value,
                           GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrSpec, lr_spec_free)

typedef enum {
  LR_PARAM_FLOAT,
  LR_PARAM_INT,
  LR_PARAM_BOOL,
  LR_PARAM_CHOICE,        /* one of choices ("a|b|c"); value is the index */
  LR_PARAM_LIST,          /* numbers separated by '/', e.g. milestones=30/80 */
} LrParamType;

typedef enum {
  LR_PARAM_FLAG_NONE          = 0,
  LR_PARAM_FLAG_MIN_EXCLUSIVE = 1 << 0, /* value must be > min */
  LR_PARAM_FLAG_MAX_EXCLUSIVE = 1 << 1, /* value must be < max */
  LR_PARAM_FLAG_LOG           = 1 << 2, /* best edited on a log scale */
  LR_PARAM_FLAG_AUTO          = 1 << 3, /* default 0 means "derived" (e.g. the run length) */
} LrParamFlags;

typedef struct {
  const char   *key;
  LrParamType   type;
  double        def;       /* default (CHOICE: index; BOOL: 0/1; LIST: unused) */
  const char   *def_text;  /* default as written in a spec when not a plain number, or NULL */
  double        min;       /* valid range, for numbers and list elements */
  double        max;
  LrParamFlags  flags;
  const char   *choices;   /* CHOICE only: "triangular|triangular2|exp_range" */
  const char   *blurb;     /* one line, English */
} LrParamInfo;

typedef struct {
  const char        *name;
  const char        *blurb;   /* one line, English */
  const LrParamInfo *params;
  guint              n_params;
} LrKindInfo;

typedef struct {
  double   value;            /* FLOAT, INT, BOOL (0/1), CHOICE (index) */
  double  *list;             /* LIST: owned */
  guint    n_list;
  gboolean given;            /* TRUE if the spec set it explicitly */
} LrParamValue;

const LrKindInfo *lr_kind_lookup       (const char        *what,
                                        const LrKindInfo  *kinds,
                                        guint              n_kinds,
                                        const char        *name,
                                        GError           **error);
LrParamValue     *lr_params_resolve    (const char        *what,
                                        const LrKindInfo  *kind,
                                        const LrSpec      *spec,
                                        GError           **error);
void              lr_param_values_free (LrParamValue      *values,
                                        guint              n_values);
char             *lr_param_format_default (const LrParamInfo *info);
/* The valid values for error messages: "[0, 1e+12]", "(0, 1)", "[1, 1000]",
 * "true, false" (C locale). */
char             *lr_param_describe_range (const LrParamInfo *info);
gboolean          lr_parse_double      (const char        *text,
                                        double            *out);

G_END_DECLS
