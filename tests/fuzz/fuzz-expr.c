/* fuzz-expr.c: libFuzzer target for the formula parser and evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lr-expr.h"
#include "lr-surface.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Equal, with every NaN alike (and −0 = +0). */
static gboolean
same (double a,
      double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrExpr) expr = lr_expr_parse (text, &error);
  static const double points[][2] = {
    { 0, 0 }, { 1, -2 }, { -0.5, 3.25 }, { 1e300, -1e-300 }, { -7.25, -0.125 }, { 2, 2 },
  };

  if (expr == NULL)
    {
      unsigned column = 0;

      /* Every error names a column inside the text (or just past its end). */
      if (error == NULL || error->domain != LR_ERROR || error->code != LR_ERROR_FORMULA)
        __builtin_trap ();
      if (strstr (error->message, "too long") != NULL)
        return 0;
      if (sscanf (error->message, "column %u: ", &column) != 1 || column < 1 ||
          column > strlen (text) + 1)
        __builtin_trap ();
      return 0;
    }

  {
    g_autoptr(LrExpr) copy = lr_expr_copy (expr);
    g_autofree char *spec = g_strdup_printf ("expr:%s", text);
    g_autoptr(LrSurface) surface = lr_surface_new (spec, NULL);

    if (copy == NULL || surface == NULL || strcmp (lr_expr_get_text (copy), text) != 0)
      __builtin_trap ();

    for (size_t i = 0; i < G_N_ELEMENTS (points); i++)
      {
        double x = points[i][0], y = points[i][1];
        double grad[2], hess[3], grad_only[2], hess_only[3];
        double v = lr_expr_value (expr, x, y);
        double w = lr_expr_eval (expr, x, y, grad, hess);
        double wg = lr_expr_eval (expr, x, y, grad_only, NULL);
        double wh = lr_expr_eval (expr, x, y, NULL, hess_only);

        /* The value is the same with or without derivatives, in the copy and
         * through the surface; asking for fewer derivatives changes none. */
        if (!same (v, w) || !same (v, wg) || !same (v, wh) ||
            !same (v, lr_expr_eval (expr, x, y, NULL, NULL)) ||
            !same (v, lr_expr_value (copy, x, y)) ||
            !same (v, lr_surface_value (surface, x, y)))
          __builtin_trap ();
        if (!same (grad[0], grad_only[0]) || !same (grad[1], grad_only[1]))
          __builtin_trap ();
        for (int k = 0; k < 3; k++)
          if (!same (hess[k], hess_only[k]))
            __builtin_trap ();
      }

    /* Row by row on a grid of those points: the point values.  exp(), sin()
     * and cos() are within two ulps of libm's there, and later operations
     * may magnify that, so formulas with them are only run (for the
     * sanitizers). */
    {
      double xs[G_N_ELEMENTS (points)], ys[G_N_ELEMENTS (points)];
      double grid[G_N_ELEMENTS (points) * G_N_ELEMENTS (points)];
      const size_t n = G_N_ELEMENTS (points);

      for (size_t i = 0; i < n; i++)
        {
          xs[i] = points[i][0];
          ys[i] = points[i][1];
        }
      if (lr_expr_value_grid (expr, xs, n, ys, n, grid))
        for (size_t j = 0; j < n; j++)
          for (size_t i = 0; i < n; i++)
            {
              double v = lr_expr_value (expr, xs[i], ys[j]), g = grid[j * n + i];

              if (!same (v, g) && strstr (text, "exp") == NULL && strstr (text, "sin") == NULL &&
                  strstr (text, "cos") == NULL)
                __builtin_trap ();
            }
    }
  }
  return 0;
}
