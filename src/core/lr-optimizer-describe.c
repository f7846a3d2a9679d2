/* lr-optimizer-describe.c: an optimizer in words, for people
 *
 * A spec ("sgd:momentum=0.7") is for machines; captions, the run list, the
 * table and figure titles say "SGD, momentum 0.7".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lr-optimizer.h"

static const struct {
  const char *name;
  const char *title;
  const char *menu;    /* shorter, where a menu of methods lists it; NULL: the title */
} titles[] = {
  { "sgd", "SGD", NULL },
  { "momentum", "SGD with momentum", "Momentum" },
  { "nesterov", "SGD with Nesterov momentum", "Nesterov" },
  { "adagrad", "Adagrad", NULL },
  { "rmsprop", "RMSprop", NULL },
  { "adadelta", "Adadelta", NULL },
  { "adam", "Adam", NULL },
  { "adamw", "AdamW", NULL },
  { "adamax", "Adamax", NULL },
  { "nadam", "NAdam", NULL },
  { "radam", "RAdam", NULL },
  { "prodigy", "Prodigy", NULL },
  { "dadapt_sgd", "D-Adaptation SGD", NULL },
  { "dadapt_adam", "D-Adaptation Adam", NULL },
  { "dog", "DoG", NULL },
  { "sgd_schedulefree", "Schedule-Free SGD", NULL },
  { "adamw_schedulefree", "Schedule-Free AdamW", NULL },
  { "lion", "Lion", NULL },
};

static const struct {
  const char *key;
  const char *words;
} key_words[] = {
  { "beta1", "β₁" },
  { "beta2", "β₂" },
  { "eps", "ε" },
  { "nesterov", "Nesterov" },
  { "amsgrad", "AMSGrad" },
  { "d0", "d₀" },
};

/* Three significant digits, with a point: the text is also copied. */
static void
append_number (GString *out,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.3g", v));
}

static void
append_key (GString    *out,
            const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_words); i++)
    if (g_str_equal (key_words[i].key, key))
      {
        g_string_append (out, key_words[i].words);
        return;
      }
  for (const char *p = key; *p != '\0'; p++)
    g_string_append_c (out, *p == '_' ? ' ' : *p);
}

const char *
lr_optimizer_kind_menu_title (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].name, name) == 0)
      return titles[i].menu != NULL ? titles[i].menu : titles[i].title;
  return name;
}

char *
lr_optimizer_config_title (const LrOptimizerConfig *config)
{
  const LrKindInfo *kinds, *kind = NULL;
  guint n_kinds;
  GString *out;

  g_return_val_if_fail (config != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (titles) && out->len == 0; i++)
    if (g_strcmp0 (titles[i].name, config->name) == 0)
      g_string_append (out, titles[i].title);
  if (out->len == 0)
    g_string_append (out, config->name);

  kinds = lr_optimizer_kinds (&n_kinds);
  for (guint i = 0; i < n_kinds && kind == NULL; i++)
    if (g_strcmp0 (kinds[i].name, config->name) == 0)
      kind = &kinds[i];
  for (guint i = 0; kind != NULL && i < kind->n_params; i++)
    {
      const LrParamInfo *info = &kind->params[i];
      double v;

      if (g_str_equal (info->key, "lr") || !lr_optimizer_config_get (config, info->key, &v) ||
          v == info->def)
        continue;
      g_string_append (out, ", ");
      if (info->type == LR_PARAM_BOOL)
        {
          if (v == 0)
            g_string_append (out, "no ");
          append_key (out, info->key);
          continue;
        }
      append_key (out, info->key);
      g_string_append_c (out, ' ');
      append_number (out, v);
    }
  return g_string_free (out, FALSE);
}

char *
lr_optimizer_config_describe (const LrOptimizerConfig *config)
{
  g_autofree char *title = NULL;
  GString *out;

  g_return_val_if_fail (config != NULL, NULL);

  out = g_string_new (title = lr_optimizer_config_title (config));
  g_string_append (out, ", lr ");
  append_number (out, config->lr);
  return g_string_free (out, FALSE);
}
