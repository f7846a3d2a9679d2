/* lr-expect.c: checking an experiment's claims against its runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-expect.h"
#include "lr-spec.h"

/* Steps to converge as a count for comparisons: never is later than any. */
static guint64
converge_steps (const LrSummary *s)
{
  return s->steps_to_converge < 0 ? G_MAXUINT64 : (guint64) s->steps_to_converge;
}

static char *
describe_steps (const LrSummary *s)
{
  return s->steps_to_converge < 0 ? g_strdup ("never")
                                  : g_strdup_printf ("at step %d", s->steps_to_converge);
}

gboolean
lr_expectation_holds (const LrExpectation *claim,
                      const LrSummary     *summaries,
                      guint                n_summaries,
                      char               **why)
{
  const LrSummary *run, *other;
  gboolean holds = FALSE;

  g_return_val_if_fail (claim->run < n_summaries, FALSE);
  run = &summaries[claim->run];
  other = claim->kind == LR_EXPECT_FASTER_THAN || claim->kind == LR_EXPECT_LOSS_BELOW ||
          claim->kind == LR_EXPECT_FLATTER_THAN || claim->kind == LR_EXPECT_FLOOR_BELOW ||
          claim->kind == LR_EXPECT_SETTLES_BEFORE
          ? &summaries[claim->other] : NULL;
  g_return_val_if_fail (other == NULL || claim->other < n_summaries, FALSE);

  switch (claim->kind)
    {
    case LR_EXPECT_VERDICT:
      holds = g_str_equal (lr_verdict_to_string (run->verdict), claim->verdict);
      if (why)
        *why = g_strdup_printf ("run %u: verdict %s, expected %s", claim->run,
                                lr_verdict_to_string (run->verdict), claim->verdict);
      break;
    case LR_EXPECT_FASTER_THAN:
      holds = run->steps_to_converge >= 0 && converge_steps (run) < converge_steps (other);
      if (why)
        {
          g_autofree char *a = describe_steps (run);
          g_autofree char *b = describe_steps (other);

          *why = g_strdup_printf ("run %u converges faster than run %u: %s against %s",
                                  claim->run, claim->other, a, b);
        }
      break;
    case LR_EXPECT_LOSS_BELOW:
      holds = run->final_loss < other->final_loss;
      if (why)
        {
          g_autoptr(GString) s = g_string_new (NULL);

          g_string_append_printf (s, "run %u ends below run %u: loss ", claim->run,
                                  claim->other);
          lr_format_number (s, run->final_loss);
          g_string_append (s, " against ");
          lr_format_number (s, other->final_loss);
          *why = g_string_free (g_steal_pointer (&s), FALSE);
        }
      break;
    case LR_EXPECT_FLATTER_THAN:
      holds = run->final_sharpness < other->final_sharpness;
      if (why)
        {
          g_autoptr(GString) s = g_string_new (NULL);

          g_string_append_printf (s, "run %u ends flatter than run %u: sharpness ", claim->run,
                                  claim->other);
          lr_format_number (s, run->final_sharpness);
          g_string_append (s, " against ");
          lr_format_number (s, other->final_sharpness);
          *why = g_string_free (g_steal_pointer (&s), FALSE);
        }
      break;
    case LR_EXPECT_ENDS_NEAR:
      {
        double d = hypot (run->final_x - claim->point[0], run->final_y - claim->point[1]);
        g_autoptr(GString) s = g_string_new (NULL);

        holds = d <= LR_EXPECT_NEAR;
        if (why)
          {
            g_string_append_printf (s, "run %u ends near (", claim->run);
            lr_format_number (s, claim->point[0]);
            g_string_append (s, ", ");
            lr_format_number (s, claim->point[1]);
            g_string_append (s, "): at distance ");
            lr_format_number (s, d);
            *why = g_string_free (g_steal_pointer (&s), FALSE);
          }
      }
      break;
    case LR_EXPECT_FLOOR_BELOW:
      /* a floor only counts for a run that is at it */
      holds = run->verdict == LR_VERDICT_SETTLED && other->verdict == LR_VERDICT_SETTLED &&
              run->noise_floor < other->noise_floor;
      if (why)
        {
          g_autoptr(GString) s = g_string_new (NULL);

          g_string_append_printf (s, "run %u settles below run %u: floor ", claim->run,
                                  claim->other);
          lr_format_number (s, run->noise_floor);
          g_string_append_printf (s, " (%s) against ", lr_verdict_to_string (run->verdict));
          lr_format_number (s, other->noise_floor);
          g_string_append_printf (s, " (%s)", lr_verdict_to_string (other->verdict));
          *why = g_string_free (g_steal_pointer (&s), FALSE);
        }
      break;
    case LR_EXPECT_SETTLES_BEFORE:
      holds = run->verdict == LR_VERDICT_SETTLED && run->steps_to_floor >= 0 &&
              (other->steps_to_floor < 0 || run->steps_to_floor < other->steps_to_floor);
      if (why)
        *why = g_strdup_printf ("run %u reaches its floor before run %u: at step %d against %d",
                                claim->run, claim->other, run->steps_to_floor,
                                other->steps_to_floor);
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  return holds;
}

gboolean
lr_experiment_check (const LrExperiment *experiment,
                     const LrSummary    *summaries,
                     guint               n_summaries,
                     GString            *report)
{
  gboolean all = TRUE;

  g_return_val_if_fail (n_summaries == experiment->runs->len, FALSE);

  for (guint i = 0; i < experiment->expect->len; i++)
    {
      const LrExpectation *claim = &g_array_index (experiment->expect, LrExpectation, i);
      g_autofree char *why = NULL;
      gboolean holds = lr_expectation_holds (claim, summaries, n_summaries, &why);

      g_string_append_printf (report, "%s: %s\n", holds ? "ok" : "FAILED", why);
      all = all && holds;
    }
  return all;
}
