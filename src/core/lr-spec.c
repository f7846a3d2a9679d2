/* lr-spec.c: the NAME[:key=value,…] spec syntax and parameter metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lr-spec.h"

/* Specs longer than this are refused before any work is done. */
#define LR_SPEC_MAX_LENGTH (64 * 1024)
/* Longest LIST value (e.g. milestones). */
#define LR_SPEC_MAX_LIST 1024

G_DEFINE_QUARK (lr-error-quark, lr_error)

void
lr_spec_free (LrSpec *spec)
{
  if (spec == NULL)
    return;

  for (guint i = 0; i < spec->n_items; i++)
    {
      g_free (spec->items[i].key);
      g_free (spec->items[i].value);
    }
  g_free (spec->items);
  g_free (spec->name);
  g_free (spec->formula);
  g_free (spec);
}

static void
clear_item (gpointer data)
{
  LrSpecItem *item = data;

  g_free (item->key);
  g_free (item->value);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

static gboolean
is_value_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '+' || c == '/' || c == '_';
}

/* Shows a token in an error message: at most 32 bytes, never raw control
 * characters or invalid UTF-8. */
static char *
quote_token (const char *text,
             gsize       len)
{
  GString *s = g_string_new (NULL);
  gsize n = MIN (len, 32);

  for (gsize i = 0; i < n; i++)
    {
      guchar c = (guchar) text[i];

      if (c >= 0x20 && c < 0x7f)
        g_string_append_c (s, (char) c);
      else
        g_string_append_printf (s, "\\x%02x", c);
    }
  if (len > n)
    g_string_append (s, "…");

  return g_string_free (s, FALSE);
}

/* One "key=value" of @text at *@pp, appended to @items; *@pp moves past it. */
static gboolean
parse_item (const char  *text,
            const char **pp,
            GArray      *items,
            GError     **error)
{
  const char *p = *pp;
  LrSpecItem item = { 0 };
  const char *kstart, *vstart;

  while (*p == ' ')
    p++;
  kstart = p;
  while (is_name_char (*p))
    p++;
  if (p == kstart)
    {
      g_autofree char *tok = quote_token (p, *p ? 1 : 0);
      if (*p == '\0')
        g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                     "column %u: expected key=value after '%s'",
                     (guint) (p - text) + 1, p > text ? (p[-1] == ',' ? "," : ":") : "");
      else
        g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                     "column %u: expected a key, found '%s'",
                     (guint) (p - text) + 1, tok);
      return FALSE;
    }
  item.column = (guint) (kstart - text) + 1;
  item.key = g_strndup (kstart, p - kstart);
  while (*p == ' ')
    p++;
  if (*p != '=')
    {
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                   "column %u: expected '=' after key '%s'",
                   (guint) (p - text) + 1, item.key);
      g_free (item.key);
      return FALSE;
    }
  p++;
  while (*p == ' ')
    p++;
  vstart = p;
  while (is_value_char (*p))
    p++;
  if (p == vstart)
    {
      if (*p == '\0' || *p == ',')
        g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                     "column %u: missing value for key '%s'",
                     (guint) (p - text) + 1, item.key);
      else
        {
          g_autofree char *tok = quote_token (p, 1);
          g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                       "column %u: unexpected '%s' in the value of '%s'",
                       (guint) (p - text) + 1, tok, item.key);
        }
      g_free (item.key);
      return FALSE;
    }
  item.value = g_strndup (vstart, p - vstart);

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (g_array_index (items, LrSpecItem, i).key, item.key))
      {
        g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                     "column %u: key '%s' is given twice",
                     item.column, item.key);
        g_free (item.key);
        g_free (item.value);
        return FALSE;
      }
  g_array_append_val (items, item);
  *pp = p;
  return TRUE;
}

/* The ":key=value,…" after the name, from @p on, into @spec's items. */
static gboolean
parse_items (const char *text,
             const char *p,
             LrSpec     *spec,
             GError    **error)
{
  g_autoptr(GArray) items = NULL;

  while (*p == ' ')
    p++;

  items = g_array_new (FALSE, TRUE, sizeof (LrSpecItem));
  g_array_set_clear_func (items, clear_item);

  if (*p == ':')
    {
      p++;
      for (;;)
        {
          const LrSpecItem *item;

          if (!parse_item (text, &p, items, error))
            return FALSE;
          item = &g_array_index (items, LrSpecItem, items->len - 1);

          while (*p == ' ')
            p++;
          if (*p == ',')
            {
              p++;
              continue;
            }
          if (*p == '\0')
            break;

          {
            g_autofree char *tok = quote_token (p, strlen (p));
            g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                         "column %u: unexpected '%s' after '%s=%s' (separate keys with ',')",
                         (guint) (p - text) + 1, tok, item->key, item->value);
          }
          return FALSE;
        }
    }
  else if (*p != '\0')
    {
      g_autofree char *tok = quote_token (p, strlen (p));
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                   "column %u: unexpected '%s' after the name '%s' (write NAME:key=value)",
                   (guint) (p - text) + 1, tok, spec->name);
      return FALSE;
    }

  spec->n_items = items->len;
  g_array_set_clear_func (items, NULL);
  spec->items = (LrSpecItem *) (void *) g_array_free (g_steal_pointer (&items), FALSE);
  if (spec->n_items == 0)
    g_clear_pointer (&spec->items, g_free);

  return TRUE;
}

LrSpec *
lr_spec_parse (const char  *text,
               GError     **error)
{
  g_autoptr(LrSpec) spec = NULL;
  const char *p;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";

  len = strlen (text);
  if (len > LR_SPEC_MAX_LENGTH)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                   "spec is too long (%" G_GSIZE_FORMAT " bytes; the limit is %d)",
                   len, LR_SPEC_MAX_LENGTH);
      return NULL;
    }

  p = text;
  while (*p == ' ')
    p++;

  if (!is_name_char (*p))
    {
      if (*p == '\0')
        g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX, "empty spec: expected a name");
      else
        {
          g_autofree char *tok = quote_token (p, 1);
          g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                       "column %u: expected a name, found '%s'",
                       (guint) (p - text) + 1, tok);
        }
      return NULL;
    }

  spec = g_new0 (LrSpec, 1);
  {
    const char *start = p;
    while (is_name_char (*p))
      p++;
    spec->name = g_ascii_strdown (start, p - start);
  }

  /* expr: everything after the colon is the formula. */
  if (g_str_equal (spec->name, "expr"))
    {
      if (*p != ':')
        {
          g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                       "column %u: 'expr' needs a formula, as in expr:x^2+y^2",
                       (guint) (p - text) + 1);
          return NULL;
        }
      p++;
      spec->formula = g_strdup (p);
      spec->formula_column = (guint) (p - text) + 1;
      return g_steal_pointer (&spec);
    }

  if (!parse_items (text, p, spec, error))
    return NULL;
  return g_steal_pointer (&spec);
}

char *
lr_spec_to_string (const LrSpec *spec)
{
  GString *s;

  g_return_val_if_fail (spec != NULL, NULL);

  s = g_string_new (spec->name);
  if (spec->formula != NULL)
    {
      g_string_append_c (s, ':');
      g_string_append (s, spec->formula);
      return g_string_free (s, FALSE);
    }
  for (guint i = 0; i < spec->n_items; i++)
    g_string_append_printf (s, "%c%s=%s", i == 0 ? ':' : ',',
                            spec->items[i].key, spec->items[i].value);
  return g_string_free (s, FALSE);
}

static gboolean
is_token (const char *text,
          gboolean  (*is_char) (char))
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!is_char (*p))
      return FALSE;
  return TRUE;
}

gboolean
lr_spec_set (LrSpec     *spec,
             const char *key,
             const char *value,
             GError    **error)
{
  LrSpecItem *item;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (spec->formula != NULL)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_KEY,
                   "'%s' takes a formula, not keys", spec->name);
      return FALSE;
    }
  if (!is_token (key, is_name_char))
    {
      g_autofree char *tok = quote_token (key ? key : "", key ? strlen (key) : 0);
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX, "'%s' is not a valid key", tok);
      return FALSE;
    }
  if (!is_token (value, is_value_char))
    {
      g_autofree char *tok = quote_token (value ? value : "", value ? strlen (value) : 0);
      g_set_error (error, LR_ERROR, LR_ERROR_SYNTAX,
                   "'%s' is not a valid value for key '%s'", tok, key);
      return FALSE;
    }

  for (guint i = 0; i < spec->n_items; i++)
    if (g_str_equal (spec->items[i].key, key))
      {
        g_free (spec->items[i].value);
        spec->items[i].value = g_strdup (value);
        return TRUE;
      }

  spec->items = g_renew (LrSpecItem, spec->items, spec->n_items + 1);
  item = &spec->items[spec->n_items++];
  item->key = g_strdup (key);
  item->value = g_strdup (value);
  item->column = 0;
  return TRUE;
}

/* strtod that accepts only a complete, finite C-locale number. */
gboolean
lr_parse_double (const char *text,
                 double     *out)
{
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;

  /* g_ascii_strtod accepts "inf", "nan" and hex; we want plain decimals. */
  for (const char *p = text; *p; p++)
    if (!(g_ascii_isdigit (*p) || *p == '.' || *p == '-' || *p == '+' || *p == 'e' || *p == 'E'))
      return FALSE;

  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || errno == ERANGE)
    return FALSE;

  *out = v;
  return TRUE;
}

static char *
join_names (const LrKindInfo *kinds,
            guint             n_kinds)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_kinds; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, kinds[i].name);
    }

  return g_string_free (s, FALSE);
}

static char *
join_keys (const LrKindInfo *kind)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < kind->n_params; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, kind->params[i].key);
    }
  if (kind->n_params == 0)
    g_string_append (s, "(none)");

  return g_string_free (s, FALSE);
}

const LrKindInfo *
lr_kind_lookup (const char        *what,
                const LrKindInfo  *kinds,
                guint              n_kinds,
                const char        *name,
                GError           **error)
{
  g_autofree char *names = NULL;
  g_autofree char *tok = NULL;

  for (guint i = 0; i < n_kinds; i++)
    if (name != NULL && g_ascii_strcasecmp (kinds[i].name, name) == 0)
      return &kinds[i];

  names = join_names (kinds, n_kinds);
  tok = quote_token (name ? name : "", name ? strlen (name) : 0);
  g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME,
               "unknown %s '%s'; valid: %s", what, tok, names);
  return NULL;
}

char *
lr_param_format_default (const LrParamInfo *info)
{
  if (info->def_text != NULL)
    return g_strdup (info->def_text);

  switch (info->type)
    {
    case LR_PARAM_BOOL:
      return g_strdup (info->def != 0 ? "true" : "false");

    case LR_PARAM_CHOICE:
      {
        g_auto(GStrv) choices = g_strsplit (info->choices ? info->choices : "", "|", -1);
        guint idx = (guint) info->def;
        if (idx < g_strv_length (choices))
          return g_strdup (choices[idx]);
        return g_strdup ("");
      }

    case LR_PARAM_INT:
      return g_strdup_printf ("%.0f", info->def);

    case LR_PARAM_LIST:
      return g_strdup ("");

    case LR_PARAM_FLOAT:
    default:
      return lr_format_double (info->def);
    }
}

char *
lr_param_describe_range (const LrParamInfo *info)
{
  char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean int_like = info->type == LR_PARAM_INT || info->type == LR_PARAM_LIST;

  if (info->type == LR_PARAM_BOOL)
    return g_strdup ("true, false");
  if (int_like)
    {
      g_snprintf (lo, sizeof lo, "%.0f", info->min);
      g_snprintf (hi, sizeof hi, "%.0f", info->max);
    }
  else
    {
      g_ascii_formatd (lo, sizeof lo, "%.6g", info->min);
      g_ascii_formatd (hi, sizeof hi, "%.6g", info->max);
    }

  return g_strdup_printf ("%s%s, %s%s",
                          (info->flags & LR_PARAM_FLAG_MIN_EXCLUSIVE) ? "(" : "[", lo,
                          hi, (info->flags & LR_PARAM_FLAG_MAX_EXCLUSIVE) ? ")" : "]");
}

static gboolean
in_range (const LrParamInfo *info,
          double             v)
{
  if ((info->flags & LR_PARAM_FLAG_MIN_EXCLUSIVE) ? !(v > info->min) : !(v >= info->min))
    return FALSE;
  if ((info->flags & LR_PARAM_FLAG_MAX_EXCLUSIVE) ? !(v < info->max) : !(v <= info->max))
    return FALSE;
  return TRUE;
}

static gboolean
resolve_number (const char         *what,
                const char         *kind_name,
                const LrParamInfo  *info,
                const char         *text,
                double             *out,
                GError            **error)
{
  double v;

  if (!lr_parse_double (text, &v))
    {
      g_autofree char *tok = quote_token (text, strlen (text));
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "%s %s: '%s' is not a valid %s for %s",
                   what, kind_name, tok,
                   info->type == LR_PARAM_INT ? "integer" : "finite number", info->key);
      return FALSE;
    }

  if (info->type == LR_PARAM_INT && v != floor (v))
    {
      g_autofree char *tok = quote_token (text, strlen (text));
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "%s %s: %s must be a whole number, not '%s'",
                   what, kind_name, info->key, tok);
      return FALSE;
    }

  /* A derived value is written as its word ("auto"), never as the 0 that
   * stands for it inside: an explicit 0 is refused like any value out of
   * range, as torch refuses T_max=0. */
  if (!in_range (info, v))
    {
      g_autofree char *range = lr_param_describe_range (info);
      g_autofree char *tok = quote_token (text, strlen (text));
      g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                   "%s %s: %s=%s is out of range; valid: %s%s%s",
                   what, kind_name, info->key, tok, range,
                   info->flags & LR_PARAM_FLAG_AUTO ? " or " : "",
                   info->flags & LR_PARAM_FLAG_AUTO ? (info->def_text ? info->def_text : "auto") : "");
      return FALSE;
    }

  *out = v;
  return TRUE;
}

static gboolean
resolve_value (const char         *what,
               const char         *kind_name,
               const LrParamInfo  *info,
               const char         *text,
               LrParamValue       *value,
               GError            **error)
{
  g_autofree char *tok = quote_token (text, strlen (text));

  switch (info->type)
    {
    case LR_PARAM_BOOL:
      if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1") ||
          g_ascii_strcasecmp (text, "yes") == 0)
        value->value = 1;
      else if (g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0") ||
               g_ascii_strcasecmp (text, "no") == 0)
        value->value = 0;
      else
        {
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                       "%s %s: '%s' is not valid for %s; valid: true, false",
                       what, kind_name, tok, info->key);
          return FALSE;
        }
      return TRUE;

    case LR_PARAM_CHOICE:
      {
        g_auto(GStrv) choices = g_strsplit (info->choices ? info->choices : "", "|", -1);

        for (guint i = 0; choices[i] != NULL; i++)
          if (g_ascii_strcasecmp (choices[i], text) == 0)
            {
              value->value = i;
              return TRUE;
            }
        {
          g_autofree char *valid = g_strjoinv (", ", choices);
          g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                       "%s %s: '%s' is not valid for %s; valid: %s",
                       what, kind_name, tok, info->key, valid);
        }
        return FALSE;
      }

    case LR_PARAM_LIST:
      {
        g_auto(GStrv) parts = g_strsplit (text, "/", -1);
        guint n = g_strv_length (parts);

        if (n > LR_SPEC_MAX_LIST)
          {
            g_set_error (error, LR_ERROR, LR_ERROR_VALUE,
                         "%s %s: %s has too many entries (%u; the limit is %d)",
                         what, kind_name, info->key, n, LR_SPEC_MAX_LIST);
            return FALSE;
          }
        value->list = g_new0 (double, MAX (n, 1));
        value->n_list = 0;
        for (guint i = 0; i < n; i++)
          {
            LrParamInfo elem = *info;
            double v;

            elem.type = LR_PARAM_INT;
            elem.flags &= ~LR_PARAM_FLAG_AUTO;
            if (!resolve_number (what, kind_name, &elem, parts[i], &v, error))
              return FALSE;
            value->list[value->n_list++] = v;
          }
        return TRUE;
      }

    case LR_PARAM_INT:
    case LR_PARAM_FLOAT:
    default:
      /* A derived default is written "auto" or as its def_text ("inf"). */
      if (info->flags & LR_PARAM_FLAG_AUTO &&
          (g_ascii_strcasecmp (text, "auto") == 0 ||
           (info->def_text != NULL && g_ascii_strcasecmp (text, info->def_text) == 0)))
        {
          value->value = 0;
          return TRUE;
        }
      return resolve_number (what, kind_name, info, text, &value->value, error);
    }
}

static gboolean
parse_default_list (const LrParamInfo *info,
                    LrParamValue      *value)
{
  g_auto(GStrv) parts = g_strsplit (info->def_text ? info->def_text : "", "/", -1);
  guint n = g_strv_length (parts);

  value->list = g_new0 (double, MAX (n, 1));
  value->n_list = 0;
  for (guint i = 0; i < n; i++)
    {
      double v;
      if (lr_parse_double (parts[i], &v))
        value->list[value->n_list++] = v;
    }
  return TRUE;
}

LrParamValue *
lr_params_resolve (const char        *what,
                   const LrKindInfo  *kind,
                   const LrSpec      *spec,
                   GError           **error)
{
  LrParamValue *values;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  values = g_new0 (LrParamValue, MAX (kind->n_params, 1));
  for (guint i = 0; i < kind->n_params; i++)
    {
      values[i].value = kind->params[i].def;
      if (kind->params[i].type == LR_PARAM_LIST)
        parse_default_list (&kind->params[i], &values[i]);
    }

  for (guint j = 0; j < spec->n_items; j++)
    {
      const LrSpecItem *item = &spec->items[j];
      const LrParamInfo *info = NULL;
      guint idx = 0;

      for (guint i = 0; i < kind->n_params; i++)
        if (g_str_equal (kind->params[i].key, item->key))
          {
            info = &kind->params[i];
            idx = i;
            break;
          }

      if (info == NULL)
        {
          g_autofree char *keys = join_keys (kind);
          g_autofree char *tok = quote_token (item->key, strlen (item->key));
          g_set_error (error, LR_ERROR, LR_ERROR_UNKNOWN_KEY,
                       "unknown key '%s' for %s %s; valid keys: %s",
                       tok, what, kind->name, keys);
          lr_param_values_free (values, kind->n_params);
          return NULL;
        }

      g_clear_pointer (&values[idx].list, g_free);
      values[idx].n_list = 0;
      if (!resolve_value (what, kind->name, info, item->value, &values[idx], error))
        {
          lr_param_values_free (values, kind->n_params);
          return NULL;
        }
      values[idx].given = TRUE;
    }

  return values;
}

void
lr_param_values_free (LrParamValue *values,
                      guint         n_values)
{
  if (values == NULL)
    return;

  for (guint i = 0; i < n_values; i++)
    g_free (values[i].list);
  g_free (values);
}
