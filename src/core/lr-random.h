/* lr-random.h: the core's seeded pseudo-random numbers
 *
 * xoshiro256** (Blackman and Vigna) seeded through splitmix64.  The same
 * seed gives the same numbers on every platform and in every build, so the
 * app, the CLI and the tests agree.  Never rand () nor g_random_*.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A generator is a plain value: copy it to fork the sequence. */
typedef struct {
  guint64 s[4];
} LrRandom;

/* Independent purposes draw from separate streams of one seed, so changing
 * one use (e.g. the number of epochs) never changes another (the weights). */
typedef enum {
  LR_RANDOM_STREAM_INIT    = 1,   /* weight initialisation */
  LR_RANDOM_STREAM_SHUFFLE = 2,   /* mini-batch order */
  LR_RANDOM_STREAM_SPLIT   = 3,   /* train/validation split */
  LR_RANDOM_STREAM_SEARCH  = 4,   /* random search over learning rates */
  LR_RANDOM_STREAM_LR_FIND = 5,   /* batch order of the LR range test */
  LR_RANDOM_STREAM_NOISE   = 6,   /* gradient noise on the surfaces */
  LR_RANDOM_STREAM_LANCZOS = 7,   /* Lanczos start vectors */
  LR_RANDOM_STREAM_PLANE   = 8,   /* random directions of a loss landscape */
} LrRandomStream;

void    lr_random_init         (LrRandom  *rng,
                                guint64    seed);
/* Seeds @rng from (@seed, @stream); different streams are uncorrelated. */
void    lr_random_init_stream  (LrRandom  *rng,
                                guint64    seed,
                                guint64    stream);
/* 64 uniformly distributed bits. */
guint64 lr_random_next         (LrRandom  *rng);
/* Uniform in [0, 1), 53 random bits. */
double  lr_random_uniform      (LrRandom  *rng);
/* Uniform in [0, @n) without modulo bias; @n > 0. */
guint32 lr_random_below        (LrRandom  *rng,
                                guint32    n);
/* Standard normal (Marsaglia's polar method: only sqrt and log). */
double  lr_random_normal       (LrRandom  *rng);
/* Fisher–Yates shuffle of @n indices. */
void    lr_random_shuffle      (LrRandom  *rng,
                                guint32   *values,
                                gsize      n);

/* splitmix64: a good 64-bit mixing function, also used to derive seeds. */
guint64 lr_random_mix          (guint64    x);

G_END_DECLS
