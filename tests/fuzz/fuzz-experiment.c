/* fuzz-experiment.c: libFuzzer target for the .lrlab loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lr-experiment.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Every input is refused with one line or loaded; a loaded experiment writes
 * a file that loads again and writes the same bytes. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExperiment) e = lr_experiment_load_data ((const char *) data, size, &error);
  g_autoptr(LrExperiment) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  if (e == NULL)
    {
      if (error == NULL || error->message[0] == '\0' || strchr (error->message, '\n') != NULL)
        __builtin_trap ();
      return 0;
    }
  json = lr_experiment_to_json (e);
  back = lr_experiment_load_data (json, strlen (json), NULL);
  if (back == NULL)
    __builtin_trap ();
  again = lr_experiment_to_json (back);
  if (strcmp (json, again) != 0)
    __builtin_trap ();
  return 0;
}
