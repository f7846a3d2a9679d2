/* fuzz-expr.c: libFuzzer target for the formula parser and evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lr-expr.h"
#include "lr-surface.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExpr) expr = lr_expr_parse (text, &error);
  static const double points[][2] = { { 0, 0 }, { 1, -2 }, { -0.5, 3.25 }, { 1e300, -1e-300 } };

  if (expr == NULL)
    {
      /* Every error names its column. */
      if (error == NULL || (strncmp (error->message, "column ", 7) != 0 &&
                            strstr (error->message, "too long") == NULL))
        __builtin_trap ();
      return 0;
    }

  for (size_t i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double grad[2], hess[3];
      volatile double v = lr_expr_value (expr, points[i][0], points[i][1]);
      volatile double w = lr_expr_eval (expr, points[i][0], points[i][1], grad, hess);

      (void) v;
      (void) w;
    }

  {
    g_autoptr(LrExpr) copy = lr_expr_copy (expr);
    g_autofree char *spec = g_strdup_printf ("expr:%s", text);
    g_autoptr(LrSurface) surface = lr_surface_new (spec, NULL);

    if (copy == NULL || surface == NULL)
      __builtin_trap ();
  }
  return 0;
}
