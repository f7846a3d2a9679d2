/* lr-run-spec.c: a run spec, OPTIMIZER[@SCHEDULE], as text and as parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lr-optimizer.h"
#include "lr-run-spec.h"
#include "lr-schedule.h"

gboolean
lr_run_spec_check (const LrRunSpec *spec,
                   GError         **error)
{
  LrOptimizerConfig config;
  g_autoptr(LrSchedule) schedule = NULL;

  g_return_val_if_fail (spec != NULL && spec->optimizer != NULL, FALSE);

  if (!lr_optimizer_config_from_spec (spec->optimizer, &config, error))
    return FALSE;
  if (spec->schedule == NULL)
    return TRUE;
  schedule = lr_schedule_new_from_spec (spec->schedule, config.lr,
                                        lr_optimizer_config_get_momentum (&config), 1, error);
  return schedule != NULL;
}

gboolean
lr_run_spec_parse (const char *text,
                   LrRunSpec  *out,
                   GError    **error)
{
  g_autofree char *optimizer_text = NULL;
  const char *at;
  LrOptimizerConfig config;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (text == NULL)
    text = "";
  at = strchr (text, '@');
  optimizer_text = at ? g_strndup (text, at - text) : g_strdup (text);

  /* The optimizer is checked in full before the schedule is read. */
  out->optimizer = lr_spec_parse (optimizer_text, error);
  if (out->optimizer == NULL ||
      !lr_optimizer_config_from_spec (out->optimizer, &config, error))
    goto fail;

  /* "OPTIMIZER@" is an empty schedule spec: an error, as everywhere. */
  if (at != NULL)
    {
      out->schedule = lr_spec_parse (at + 1, error);
      if (out->schedule == NULL || !lr_run_spec_check (out, error))
        goto fail;
    }
  return TRUE;

fail:
  lr_run_spec_clear (out);
  return FALSE;
}

char *
lr_run_spec_format (const LrRunSpec *spec)
{
  g_autofree char *optimizer = NULL;
  g_autofree char *schedule = NULL;

  g_return_val_if_fail (spec != NULL && spec->optimizer != NULL, NULL);

  optimizer = lr_spec_to_string (spec->optimizer);
  if (spec->schedule == NULL)
    return g_steal_pointer (&optimizer);
  schedule = lr_spec_to_string (spec->schedule);
  return g_strconcat (optimizer, "@", schedule, NULL);
}

char *
lr_run_spec_format_schedule (const LrRunSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);

  return spec->schedule ? lr_spec_to_string (spec->schedule) : g_strdup ("constant");
}

void
lr_run_spec_clear (LrRunSpec *spec)
{
  g_return_if_fail (spec != NULL);

  g_clear_pointer (&spec->optimizer, lr_spec_free);
  g_clear_pointer (&spec->schedule, lr_spec_free);
}
