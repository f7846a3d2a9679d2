/* lr-expr-eval.c: a formula's value, alone (threaded dispatch) and with
 * its exact gradient and Hessian (second-order dual numbers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lr-expr-private.h"

#define SMALL_STACK 64

/* Threaded dispatch (labels as values, which GLib's g_auto* already ask of
 * the compiler): each operation jumps straight to the next one, and the
 * top of the stack stays in a register. */
double
lr_expr_value (const LrExpr *expr,
               double        x,
               double        y)
{
  static const void *const labels[] = {
    [OP_CONST] = &&l_const, [OP_X] = &&l_x, [OP_Y] = &&l_y,
    [OP_ADD] = &&l_add, [OP_SUB] = &&l_sub, [OP_MUL] = &&l_mul, [OP_DIV] = &&l_div,
    [OP_POW] = &&l_pow, [OP_NEG] = &&l_neg,
    [OP_SIN] = &&l_sin, [OP_COS] = &&l_cos, [OP_TAN] = &&l_tan, [OP_EXP] = &&l_exp,
    [OP_LOG] = &&l_log, [OP_SQRT] = &&l_sqrt, [OP_ABS] = &&l_abs, [OP_TANH] = &&l_tanh,
    [OP_SINH] = &&l_sinh, [OP_COSH] = &&l_cosh, [OP_ATAN] = &&l_atan,
    [OP_ADDC] = &&l_addc, [OP_SUBC] = &&l_subc, [OP_RSUBC] = &&l_rsubc, [OP_MULC] = &&l_mulc,
    [OP_DIVC] = &&l_divc, [OP_RDIVC] = &&l_rdivc, [OP_POWC] = &&l_powc, [OP_RPOWC] = &&l_rpowc,
    [OP_SQUARE] = &&l_square, [OP_LPAREN] = &&l_invalid,
  };
  double small[SMALL_STACK];
  double *st;
  double t = 0;  /* the top of the stack */
  guint sp = 0;  /* entries below it, the first a placeholder */
  const Instr *in, *end;

  g_return_val_if_fail (expr != NULL, NAN);

  st = expr->max_depth <= SMALL_STACK ? small : g_new (double, expr->max_depth);
  in = expr->code;
  end = expr->code + expr->n_code;

#define NEXT G_STMT_START { if (++in == end) goto done; goto *labels[in->op]; } G_STMT_END
  /* a program has at least one instruction */
  goto *labels[in->op];
l_const: st[sp++] = t; t = in->value; NEXT;
l_x: st[sp++] = t; t = x; NEXT;
l_y: st[sp++] = t; t = y; NEXT;
l_add: t = st[--sp] + t; NEXT;
l_sub: t = st[--sp] - t; NEXT;
l_mul: t = st[--sp] * t; NEXT;
l_div: t = st[--sp] / t; NEXT;
l_pow: sp--; t = power (st[sp], t); NEXT;
l_addc: t += in->value; NEXT;
l_subc: t -= in->value; NEXT;
l_rsubc: t = in->value - t; NEXT;
l_mulc: t *= in->value; NEXT;
l_divc: t /= in->value; NEXT;
l_rdivc: t = in->value / t; NEXT;
l_powc: t = power (t, in->value); NEXT;
l_rpowc: t = power (in->value, t); NEXT;
l_square: t *= t; NEXT;
l_neg: t = -t; NEXT;
l_sin: t = sin (t); NEXT;
l_cos: t = cos (t); NEXT;
l_tan: t = tan (t); NEXT;
l_exp: t = exp (t); NEXT;
l_log: t = log (t); NEXT;
l_sqrt: t = sqrt (t); NEXT;
l_abs: t = fabs (t); NEXT;
l_tanh: t = tanh (t); NEXT;
l_sinh: t = sinh (t); NEXT;
l_cosh: t = cosh (t); NEXT;
l_atan: t = atan (t); NEXT;
l_invalid: g_assert_not_reached ();
#undef NEXT

done:
  if (st != small)
    g_free (st);
  return t;
}

/* ---- second-order dual numbers ----------------------------------------- */

typedef struct {
  double v, x, y, xx, xy, yy;
} Dual;

/* f(u) given f, f′ and f″ at u.v */
static Dual
chain (const Dual *u,
       double      f,
       double      d1,
       double      d2)
{
  Dual r;

  r.v = f;
  r.x = d1 * u->x;
  r.y = d1 * u->y;
  r.xx = d2 * u->x * u->x + d1 * u->xx;
  r.xy = d2 * u->x * u->y + d1 * u->xy;
  r.yy = d2 * u->y * u->y + d1 * u->yy;
  return r;
}

static Dual
dual_mul (const Dual *a,
          const Dual *b)
{
  Dual r;

  r.v = a->v * b->v;
  r.x = a->x * b->v + a->v * b->x;
  r.y = a->y * b->v + a->v * b->y;
  r.xx = a->xx * b->v + 2 * a->x * b->x + a->v * b->xx;
  r.xy = a->xy * b->v + a->x * b->y + a->y * b->x + a->v * b->xy;
  r.yy = a->yy * b->v + 2 * a->y * b->y + a->v * b->yy;
  return r;
}

static gboolean
dual_is_const (const Dual *d)
{
  return d->x == 0 && d->y == 0 && d->xx == 0 && d->xy == 0 && d->yy == 0;
}

static Dual
dual_apply1 (OpCode      op,
             const Dual *u)
{
  double v = u->v;

  switch (op)
    {
    case OP_NEG:
      return (Dual) { -u->v, -u->x, -u->y, -u->xx, -u->xy, -u->yy };
    case OP_SIN:
      return chain (u, sin (v), cos (v), -sin (v));
    case OP_COS:
      return chain (u, cos (v), -sin (v), -cos (v));
    case OP_TAN:
      {
        double t = tan (v);
        return chain (u, t, 1 + t * t, 2 * t * (1 + t * t));
      }
    case OP_EXP:
      {
        double ev = exp (v);
        return chain (u, ev, ev, ev);
      }
    case OP_LOG:
      return chain (u, log (v), 1 / v, -1 / (v * v));
    case OP_SQRT:
      {
        double s = sqrt (v);

        /* At 0 the derivative is unbounded: use the subgradient 0.  The
         * value stays sqrt's own (−0 at −0, as in the value-only path). */
        if (s == 0)
          return chain (u, s, 0, 0);
        return chain (u, s, 0.5 / s, -0.25 / (s * v));
      }
    case OP_ABS:
      return chain (u, fabs (v), v > 0 ? 1 : v < 0 ? -1 : 0, 0);
    case OP_TANH:
      {
        double t = tanh (v);
        return chain (u, t, 1 - t * t, -2 * t * (1 - t * t));
      }
    case OP_SINH:
      return chain (u, sinh (v), cosh (v), sinh (v));
    case OP_COSH:
      return chain (u, cosh (v), sinh (v), cosh (v));
    case OP_ATAN:
      {
        double q = 1 + v * v;
        return chain (u, atan (v), 1 / q, -2 * v / (q * q));
      }
    case OP_CONST: case OP_X: case OP_Y: case OP_ADD: case OP_SUB: case OP_MUL:
    case OP_DIV: case OP_POW: case OP_LPAREN:
    LR_EXPR_CASES_WITH_CONST:
    default:
      g_assert_not_reached ();
    }
}

/* u·v, but 0 when v is 0 whatever u is (a structural zero: the factor u,
 * a partial derivative, may be inf or NaN where it does not matter). */
static inline double
times (double u,
       double v)
{
  return v == 0 ? 0 : u * v;
}

/* At a zero base and a positive exponent (the value 0) the partial
 * derivatives of a^b may be unbounded or undefined (the kink of
 * (x^2+y^2)^0.5, 0·ln 0 for the exponent): like sqrt, the subgradient 0.
 * With b <= 0 the value is 1 or inf and IEEE results stand. */
static inline double
finite_at_zero_base (double base,
                     double exponent,
                     double d)
{
  return base == 0 && exponent > 0 && !isfinite (d) ? 0 : d;
}

/* a^b.  The value is always power(a, b), as in the value-only path, so a
 * negative base with an integer exponent is right; the derivatives use the
 * power rule for the base and f·ln a for the exponent. */
static Dual
dual_pow (const Dual *a,
          const Dual *b)
{
  double av = a->v, bv = b->v;
  double f, fa, faa, fb, fbb, fab, la;
  Dual r;

  if (dual_is_const (b))
    {
      if (bv == 0)
        return (Dual) { power (av, bv), 0, 0, 0, 0, 0 };
      if (bv == 1)
        return *a;
      if (bv == 2)
        return chain (a, av * av, 2 * av, 2);
      return chain (a, power (av, bv),
                    finite_at_zero_base (av, bv, bv * power (av, bv - 1)),
                    finite_at_zero_base (av, bv, bv * (bv - 1) * power (av, bv - 2)));
    }

  f = power (av, bv);
  la = log (av);
  fb = finite_at_zero_base (av, bv, f * la);
  fbb = finite_at_zero_base (av, bv, f * la * la);

  fa = finite_at_zero_base (av, bv, bv * power (av, bv - 1));
  faa = finite_at_zero_base (av, bv, bv * (bv - 1) * power (av, bv - 2));
  fab = finite_at_zero_base (av, bv, power (av, bv - 1) * (1 + bv * la));

  r.v = f;
  r.x = times (fa, a->x) + times (fb, b->x);
  r.y = times (fa, a->y) + times (fb, b->y);
  r.xx = times (faa, a->x * a->x) + 2 * times (fab, a->x * b->x) + times (fbb, b->x * b->x)
         + times (fa, a->xx) + times (fb, b->xx);
  r.xy = times (faa, a->x * a->y) + times (fab, a->x * b->y + a->y * b->x) + times (fbb, b->x * b->y)
         + times (fa, a->xy) + times (fb, b->xy);
  r.yy = times (faa, a->y * a->y) + 2 * times (fab, a->y * b->y) + times (fbb, b->y * b->y)
         + times (fa, a->yy) + times (fb, b->yy);
  return r;
}

/* a ∘ b for the operators on two operands; the result replaces @a. */
static inline void
dual_apply2 (OpCode      op,
             Dual       *a,
             const Dual *b)
{
  switch (op)
    {
    case OP_ADD:
      a->v += b->v; a->x += b->x; a->y += b->y;
      a->xx += b->xx; a->xy += b->xy; a->yy += b->yy;
      break;
    case OP_SUB:
      a->v -= b->v; a->x -= b->x; a->y -= b->y;
      a->xx -= b->xx; a->xy -= b->xy; a->yy -= b->yy;
      break;
    case OP_MUL:
      *a = dual_mul (a, b);
      break;
    case OP_DIV:
      {
        double av = a->v, bv = b->v;
        Dual inv = chain (b, 1 / bv, -1 / (bv * bv), 2 / (bv * bv * bv));

        *a = dual_mul (a, &inv);
        /* The value itself as a plain division, rounded once. */
        a->v = av / bv;
      }
      break;
    case OP_POW:
      *a = dual_pow (a, b);
      break;
    case OP_CONST: case OP_X: case OP_Y: case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN:
    case OP_EXP: case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH:
    case OP_COSH: case OP_ATAN: case OP_LPAREN:
    LR_EXPR_CASES_WITH_CONST:
    default:
      g_assert_not_reached ();
    }
}

/* The operators with their constant @c inline; the result replaces @a. */
static inline void
dual_apply_c (OpCode  op,
              Dual   *a,
              double  c)
{
  Dual k = { c, 0, 0, 0, 0, 0 };
  double av = a->v;

  switch (op)
    {
    case OP_ADDC:
      a->v += c;
      break;
    case OP_SUBC:
      a->v -= c;
      break;
    case OP_RSUBC:
      *a = (Dual) { c - a->v, -a->x, -a->y, -a->xx, -a->xy, -a->yy };
      break;
    case OP_MULC:
      *a = (Dual) { a->v * c, a->x * c, a->y * c, a->xx * c, a->xy * c, a->yy * c };
      break;
    case OP_DIVC:
      *a = (Dual) { a->v / c, a->x / c, a->y / c, a->xx / c, a->xy / c, a->yy / c };
      break;
    case OP_RDIVC:
      *a = chain (a, c / av, -c / (av * av), 2 * c / (av * av * av));
      break;
    case OP_POWC:
      *a = dual_pow (a, &k);
      break;
    case OP_RPOWC:
      *a = dual_pow (&k, a);
      break;
    case OP_SQUARE:
      *a = chain (a, av * av, 2 * av, 2);
      break;
    case OP_CONST: case OP_X: case OP_Y: case OP_ADD: case OP_SUB: case OP_MUL:
    case OP_DIV: case OP_POW: case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN:
    case OP_EXP: case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH:
    case OP_COSH: case OP_ATAN: case OP_LPAREN:
    default:
      g_assert_not_reached ();
    }
}

double
lr_expr_eval (const LrExpr *expr,
              double        x,
              double        y,
              double       *grad,
              double       *hess)
{
  Dual small[SMALL_STACK];
  Dual *st;
  guint sp = 0;
  Dual r = { NAN, 0, 0, 0, 0, 0 };

  g_return_val_if_fail (expr != NULL, NAN);

  if (grad == NULL && hess == NULL)
    return lr_expr_value (expr, x, y);

  st = expr->max_depth <= SMALL_STACK ? small : g_new (Dual, expr->max_depth);

  for (guint i = 0; i < expr->n_code; i++)
    {
      const Instr *in = &expr->code[i];

      switch (in->op)
        {
        case OP_CONST:
          st[sp++] = (Dual) { in->value, 0, 0, 0, 0, 0 };
          break;
        case OP_X:
          st[sp++] = (Dual) { x, 1, 0, 0, 0, 0 };
          break;
        case OP_Y:
          st[sp++] = (Dual) { y, 0, 1, 0, 0, 0 };
          break;
        case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_POW:
          dual_apply2 (in->op, &st[sp - 2], &st[sp - 1]);
          sp--;
          break;
        LR_EXPR_CASES_WITH_CONST:
          dual_apply_c (in->op, &st[sp - 1], in->value);
          break;
        LR_EXPR_CASES_UNARY:
        case OP_LPAREN:
        default:
          st[sp - 1] = dual_apply1 (in->op, &st[sp - 1]);
          break;
        }
    }

  if (sp > 0)
    r = st[0];
  if (st != small)
    g_free (st);

  if (grad != NULL)
    {
      grad[0] = r.x;
      grad[1] = r.y;
    }
  if (hess != NULL)
    {
      hess[0] = r.xx;
      hess[1] = r.xy;
      hess[2] = r.yy;
    }
  return r.v;
}

