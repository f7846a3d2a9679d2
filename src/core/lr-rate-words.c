/* lr-rate-words.c: the seed's table in words, measured on noisy runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-rate-words.h"

static gboolean
is_ranked (const LrSummary *s)
{
  return (s->verdict == LR_VERDICT_SETTLED || s->verdict == LR_VERDICT_CONVERGED) &&
         isfinite (s->noise_floor) && s->steps_to_floor >= 0;
}

gboolean
lr_rate_words_rank (const LrSummary *summaries,
                    const double    *lrs,
                    guint            n,
                    LrRateWords     *words)
{
  double lr_lo = INFINITY, lr_hi = -INFINITY, floor_lo = INFINITY, floor_hi = -INFINITY;
  int steps_lo = G_MAXINT, steps_hi = -1;
  guint ranked = 0;

  g_return_val_if_fail (n == 0 || (summaries != NULL && lrs != NULL && words != NULL), FALSE);

  for (guint i = 0; i < n; i++)
    {
      lr_lo = MIN (lr_lo, lrs[i]);
      lr_hi = MAX (lr_hi, lrs[i]);
      if (!is_ranked (&summaries[i]))
        continue;
      ranked++;
      floor_lo = MIN (floor_lo, summaries[i].noise_floor);
      floor_hi = MAX (floor_hi, summaries[i].noise_floor);
      steps_lo = MIN (steps_lo, summaries[i].steps_to_floor);
      steps_hi = MAX (steps_hi, summaries[i].steps_to_floor);
    }

  for (guint i = 0; i < n; i++)
    {
      const LrSummary *s = &summaries[i];
      LrRateWords *w = &words[i];

      w->level = lrs[i] >= lr_hi && lr_hi > lr_lo ? LR_RATE_HIGH
                 : lrs[i] <= lr_lo && lr_hi > lr_lo ? LR_RATE_LOW : LR_RATE_MEDIUM;
      w->speed = LR_RATE_SPEED_NONE;
      w->quality = LR_RATE_QUALITY_NONE;
      if (ranked < 2 || !is_ranked (s))
        continue;
      w->speed = s->steps_to_floor <= steps_lo ? LR_RATE_SPEED_FAST
                 : s->steps_to_floor >= steps_hi ? LR_RATE_SPEED_SLOW : LR_RATE_SPEED_MODERATE;
      w->quality = s->noise_floor >= floor_hi ? LR_RATE_QUALITY_POOR
                   : s->noise_floor <= floor_lo ? LR_RATE_QUALITY_EXCELLENT : LR_RATE_QUALITY_GOOD;
    }
  return ranked >= 2;
}

gboolean
lr_rate_words_classic_order (const LrSummary *summaries,
                             const double    *lrs,
                             guint            n)
{
  guint ranked = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!is_ranked (&summaries[i]))
        continue;
      ranked++;
      for (guint j = 0; j < n; j++)
        if (is_ranked (&summaries[j]) && lrs[i] > lrs[j] &&
            !(summaries[i].steps_to_floor < summaries[j].steps_to_floor &&
              summaries[i].noise_floor > summaries[j].noise_floor))
          return FALSE;
    }
  return ranked >= 2;
}

const char *
lr_rate_level_to_string (LrRateLevel level)
{
  switch (level)
    {
    case LR_RATE_HIGH:
      return "high";
    case LR_RATE_LOW:
      return "low";
    case LR_RATE_MEDIUM:
    default:
      return "medium";
    }
}

const char *
lr_rate_speed_to_string (LrRateSpeed speed)
{
  switch (speed)
    {
    case LR_RATE_SPEED_FAST:
      return "fast";
    case LR_RATE_SPEED_MODERATE:
      return "moderate";
    case LR_RATE_SPEED_SLOW:
      return "slow";
    case LR_RATE_SPEED_NONE:
    default:
      return "";
    }
}

const char *
lr_rate_quality_to_string (LrRateQuality quality)
{
  switch (quality)
    {
    case LR_RATE_QUALITY_POOR:
      return "poor";
    case LR_RATE_QUALITY_GOOD:
      return "good";
    case LR_RATE_QUALITY_EXCELLENT:
      return "excellent";
    case LR_RATE_QUALITY_NONE:
    default:
      return "";
    }
}

gboolean
lr_rate_words_contrast (const LrRateWords *words)
{
  int speed = words->speed == LR_RATE_SPEED_FAST ? 1 : words->speed == LR_RATE_SPEED_SLOW ? -1 : 0;
  int quality = words->quality == LR_RATE_QUALITY_EXCELLENT ? 1
                : words->quality == LR_RATE_QUALITY_POOR ? -1 : 0;

  return speed * quality < 0;
}

static void
append_g3 (GString *s,
           double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.3g", v));
}

char *
lr_rate_words_describe (const LrSummary *summaries,
                        const double    *lrs,
                        guint            n)
{
  g_autofree LrRateWords *words = g_new0 (LrRateWords, MAX (n, 1));
  GString *s;

  if (!lr_rate_words_rank (summaries, lrs, n, words))
    return NULL;

  s = g_string_new ("the seed's table, measured (floor: mean loss gap over the second half):\n");
  for (guint i = 0; i < n; i++)
    {
      const LrSummary *sum = &summaries[i];

      g_string_append_printf (s, "  %s rate ", lr_rate_level_to_string (words[i].level));
      append_g3 (s, lrs[i]);
      g_string_append (s, ": ");
      if (words[i].speed == LR_RATE_SPEED_NONE)
        {
          if (sum->verdict == LR_VERDICT_DIVERGED)
            g_string_append (s, "never settles: it diverged\n");
          else if (!isfinite (sum->noise_floor))
            g_string_append (s, "no noise floor to measure\n");
          else
            g_string_append (s, "slow: still falling, not yet at a floor\n");
          continue;
        }
      g_string_append_printf (s, "%s (at its floor from step %d) %s %s (floor ",
                              lr_rate_speed_to_string (words[i].speed), sum->steps_to_floor,
                              lr_rate_words_contrast (&words[i]) ? "but" : "and",
                              lr_rate_quality_to_string (words[i].quality));
      append_g3 (s, sum->noise_floor);
      g_string_append (s, ")\n");
    }
  if (lr_rate_words_classic_order (summaries, lrs, n))
    g_string_append (s, "as in the classic table: the higher the rate, the sooner a run settles "
                        "and the higher its floor\n");
  else
    g_string_append (s, "not the classic order: a higher rate does not always settle sooner "
                        "on a higher floor here\n");
  return g_string_free (s, FALSE);
}
