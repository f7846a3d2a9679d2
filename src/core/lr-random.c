/* lr-random.c: xoshiro256** seeded through splitmix64
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "lr-random.h"

guint64
lr_random_mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

void
lr_random_init (LrRandom *rng,
                guint64   seed)
{
  g_return_if_fail (rng != NULL);

  /* The first four outputs of splitmix64 started at @seed; they are never
   * all zero. */
  for (guint i = 0; i < 4; i++)
    rng->s[i] = lr_random_mix (seed + i * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
}

void
lr_random_init_stream (LrRandom *rng,
                       guint64   seed,
                       guint64   stream)
{
  lr_random_init (rng, lr_random_mix (seed) ^ lr_random_mix (~stream * G_GUINT64_CONSTANT (0xd1342543de82ef95)));
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
lr_random_next (LrRandom *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
lr_random_uniform (LrRandom *rng)
{
  return (double) (lr_random_next (rng) >> 11) * 0x1.0p-53;
}

guint32
lr_random_below (LrRandom *rng,
                 guint32   n)
{
  guint64 m;
  guint32 low;

  g_return_val_if_fail (n > 0, 0);

  /* Lemire's multiply-and-reject: unbiased, usually one draw. */
  m = (lr_random_next (rng) >> 32) * (guint64) n;
  low = (guint32) m;
  if (low < n)
    {
      guint32 threshold = (guint32) (-n) % n;

      while (low < threshold)
        {
          m = (lr_random_next (rng) >> 32) * (guint64) n;
          low = (guint32) m;
        }
    }
  return (guint32) (m >> 32);
}

double
lr_random_normal (LrRandom *rng)
{
  double u, v, s;

  /* One value per call (the second of the pair is dropped), so the
   * sequence depends only on the number of calls. */
  do
    {
      u = 2.0 * lr_random_uniform (rng) - 1.0;
      v = 2.0 * lr_random_uniform (rng) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);

  return u * sqrt (-2.0 * log (s) / s);
}

void
lr_random_shuffle (LrRandom *rng,
                   guint32  *values,
                   gsize     n)
{
  g_return_if_fail (n == 0 || values != NULL);
  g_return_if_fail (n <= G_MAXUINT32);

  for (gsize i = n; i > 1; i--)
    {
      guint32 j = lr_random_below (rng, (guint32) i);
      guint32 tmp = values[i - 1];

      values[i - 1] = values[j];
      values[j] = tmp;
    }
}
