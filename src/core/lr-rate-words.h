/* lr-rate-words.h: the seed's table in words, measured on noisy runs
 *
 * The classic explanation of the learning rate has a table: a high rate
 * trains fast but converges poorly, a medium one moderately and well, a low
 * one slowly but excellently.  With noisy gradients each run settles at a
 * noise floor; this file ranks the runs compared by their two numbers —
 * the steps to reach the floor (fast, moderate, slow) and the floor itself
 * (poor, good, excellent) — so a caller can say which rate is which, and
 * whether the classic order holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lr-trajectory.h"

G_BEGIN_DECLS

typedef enum {
  LR_RATE_LOW,
  LR_RATE_MEDIUM,
  LR_RATE_HIGH,
} LrRateLevel;

typedef enum {
  LR_RATE_SPEED_NONE,       /* no floor: diverged, still falling, or no noise */
  LR_RATE_SPEED_FAST,       /* fewest steps to its floor of the runs ranked */
  LR_RATE_SPEED_MODERATE,
  LR_RATE_SPEED_SLOW,       /* most steps */
} LrRateSpeed;

typedef enum {
  LR_RATE_QUALITY_NONE,
  LR_RATE_QUALITY_POOR,     /* highest floor of the runs ranked */
  LR_RATE_QUALITY_GOOD,
  LR_RATE_QUALITY_EXCELLENT,/* lowest floor */
} LrRateQuality;

typedef struct {
  LrRateLevel   level;      /* the rate among the runs' rates: highest, lowest, between */
  LrRateSpeed   speed;
  LrRateQuality quality;
} LrRateWords;

/* Ranks run i (rate @lrs[i], summary @summaries[i]) into @words[i].  A run
 * is ranked when it is noisy and at its floor (verdict settled, or
 * converged with a measured floor); returns whether at least two are, i.e.
 * whether there is a table to tell. */
gboolean     lr_rate_words_rank          (const LrSummary *summaries,
                                          const double    *lrs,
                                          guint            n,
                                          LrRateWords     *words);
/* Whether the ranked runs follow the classic order: among them, a higher
 * rate always reaches its floor in fewer steps and sits on a higher floor. */
gboolean     lr_rate_words_classic_order (const LrSummary *summaries,
                                          const double    *lrs,
                                          guint            n);

/* Whether the two words pull apart ("fast but poor", "slow but excellent")
 * rather than together ("moderate and good"). */
gboolean     lr_rate_words_contrast      (const LrRateWords *words);

/* Fixed English words, as the command line prints them. */
const char  *lr_rate_level_to_string     (LrRateLevel      level);
const char  *lr_rate_speed_to_string     (LrRateSpeed      speed);
const char  *lr_rate_quality_to_string   (LrRateQuality    quality);

/* The table in words in English, one line per run and one on the order,
 * for `lrlab-cli compare --format text`; NULL when there is no table. */
char        *lr_rate_words_describe      (const LrSummary *summaries,
                                          const double    *lrs,
                                          guint            n);

G_END_DECLS
