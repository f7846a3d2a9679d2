/* fuzz-spec.c: libFuzzer target for the spec parser and everything built on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdint.h>

#include "lr-trajectory.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(LrSpec) spec = lr_spec_parse (text, NULL);
  g_autoptr(LrSchedule) schedule = NULL;
  g_autoptr(LrSurface) surface = NULL;
  LrOptimizerConfig config;

  (void) spec;

  if (lr_optimizer_config_parse (text, &config, NULL))
    {
      g_autofree char *canonical = lr_optimizer_config_to_spec (&config);
      LrOptimizerConfig again;
      g_autoptr(LrSurface) bowl = lr_surface_new ("bowl", NULL);
      g_autoptr(LrTrajectory) traj = NULL;

      /* the canonical text reads back to the same settings */
      if (!lr_optimizer_config_parse (canonical, &again, NULL) || again.lr != config.lr)
        __builtin_trap ();
      traj = lr_trajectory_compute (bowl, &config, NULL, -1, 1, 20, NULL);
      if (traj == NULL)
        __builtin_trap ();
    }

  schedule = lr_schedule_new (text, 0.1, 0.9, 50, NULL);
  if (schedule != NULL)
    {
      g_autofree char *canonical = lr_schedule_to_spec (schedule);
      g_autoptr(LrSchedule) again = lr_schedule_new (canonical, 0.1, 0.9, 50, NULL);

      if (again == NULL)
        __builtin_trap ();
      for (int k = 0; k < 50; k++)
        {
          volatile double lr = lr_schedule_get_lr (schedule);

          (void) lr;
          lr_schedule_step (schedule);
          lr_schedule_observe (schedule, 1.0 / (k + 1));
        }
    }

  surface = lr_surface_new (text, NULL);
  if (surface != NULL)
    {
      double g[2], h[3];
      double x, y;

      g_autofree char *canonical = lr_surface_to_spec (surface);
      g_autoptr(LrSurface) again = lr_surface_new (canonical, NULL);

      lr_surface_get_start (surface, &x, &y);
      /* the canonical text makes the same surface */
      if (again == NULL ||
          lr_surface_eval (surface, x, y, g, h) != lr_surface_eval (again, x, y, NULL, NULL))
        {
          if (again == NULL || !isnan (lr_surface_value (surface, x, y)))
            __builtin_trap ();
        }
    }
  return 0;
}
