/* lr-vmath.h: elementwise maths on arrays, for values computed by the million
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* v[i] = exp(v[i]) for every element, within 2 units in the last place of
 * libm's exp(); overflow, underflow, infinities and NaN give what exp()
 * gives. */
void lr_vexp (double *v,
              gsize   n);

/* v[i] = sin(v[i]) or cos(v[i]) for every element, within 2 units in the
 * last place of libm's (absolute 2e-16 around zeros); infinities and NaN
 * give NaN as libm does. */
void lr_vsin (double *v,
              gsize   n);
void lr_vcos (double *v,
              gsize   n);

/* v[i] = tanh(v[i]) in float, within 4e-7 relative of the exact value
 * (a few units in the last place), the same on every CPU; NaN stays NaN. */
void lr_vtanhf (float *v,
                gsize  n);

G_END_DECLS
