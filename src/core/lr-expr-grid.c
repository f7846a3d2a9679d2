/* lr-expr-grid.c: a formula's values on a grid, a row at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lr-expr-private.h"
#include "lr-vmath.h"

/* ---- values on a grid -------------------------------------------------- */

/* The program run once per row over arrays of x: an operator on the whole
 * row at a time costs one dispatch instead of one per pixel.  Subformulas
 * of x alone (sin(3·x), x^2) are the same on every row: they run once per
 * call and their rows are reused; those of y alone are one number per row.
 * Every value goes through the operations lr_expr_value() performs, in the
 * same order, so the grid equals it bit for bit but for exp(), sin() and
 * cos() of rows, which are lr_vexp(), lr_vsin() and lr_vcos() here (within
 * two ulps). */

enum {
  DEP_X = 1,
  DEP_Y = 2,
};

typedef struct {
  const double *a;   /* a row of values, or NULL for the number s */
  double        s;
} Slot;

typedef struct {
  const LrExpr  *expr;
  const double  *xs;
  guint          nx;
  guint8        *dep;        /* per instruction: DEP_X | DEP_Y */
  guint         *start;      /* first instruction of the subformula ending there */
  double       **hoisted;    /* per instruction: its row when it roots a subformula of x */
  guint         *jump;       /* per instruction: the hoisted subformula starting there */
  double       **bufs;       /* per stack level, allocated when first needed */
  Slot          *stack;
} Grid;

/* Too much memory for the rows: the caller evaluates pixel by pixel. */
#define GRID_MAX_BYTES (64 * 1024 * 1024)

static double
apply_c (OpCode op,
         double a,
         double c)
{
  switch (op)
    {
    case OP_ADDC: return a + c;
    case OP_SUBC: return a - c;
    case OP_RSUBC: return c - a;
    case OP_MULC: return a * c;
    case OP_DIVC: return a / c;
    case OP_RDIVC: return c / a;
    case OP_POWC: return power (a, c);
    case OP_RPOWC: return power (c, a);
    case OP_SQUARE: return a * a;
    LR_EXPR_CASES_UNARY:
      return lr_expr_apply1 (op, a);
    case OP_CONST: case OP_X: case OP_Y: case OP_ADD: case OP_SUB: case OP_MUL:
    case OP_DIV: case OP_POW: case OP_LPAREN:
    default:
      g_assert_not_reached ();
    }
}

#define ROW_LOOP(expr_) for (guint i = 0; i < n; i++) d[i] = (expr_)

/* d = f(a) through an in-place array function of lr-vmath */
static void
array_row (void        (*f) (double *, gsize),
           const double *a,
           double       *d,
           guint         n)
{
  if (d != a)
    memcpy (d, a, n * sizeof *d);
  f (d, n);
}

static void
unary_row (OpCode        op,
           double        c,
           const double *a,
           double       *d,
           guint         n)
{
  switch (op)
    {
    case OP_ADDC: ROW_LOOP (a[i] + c); break;
    case OP_SUBC: ROW_LOOP (a[i] - c); break;
    case OP_RSUBC: ROW_LOOP (c - a[i]); break;
    case OP_MULC: ROW_LOOP (a[i] * c); break;
    case OP_DIVC: ROW_LOOP (a[i] / c); break;
    case OP_RDIVC: ROW_LOOP (c / a[i]); break;
    case OP_POWC: ROW_LOOP (power (a[i], c)); break;
    case OP_RPOWC: ROW_LOOP (power (c, a[i])); break;
    case OP_SQUARE: ROW_LOOP (a[i] * a[i]); break;
    case OP_NEG: ROW_LOOP (-a[i]); break;
    case OP_SQRT: ROW_LOOP (sqrt (a[i])); break;
    case OP_ABS: ROW_LOOP (fabs (a[i])); break;
    case OP_SIN: array_row (lr_vsin, a, d, n); break;
    case OP_COS: array_row (lr_vcos, a, d, n); break;
    case OP_TAN: ROW_LOOP (tan (a[i])); break;
    case OP_LOG: ROW_LOOP (log (a[i])); break;
    case OP_TANH: ROW_LOOP (tanh (a[i])); break;
    case OP_SINH: ROW_LOOP (sinh (a[i])); break;
    case OP_COSH: ROW_LOOP (cosh (a[i])); break;
    case OP_ATAN: ROW_LOOP (atan (a[i])); break;
    case OP_EXP: array_row (lr_vexp, a, d, n); break;
    case OP_CONST: case OP_X: case OP_Y: case OP_ADD: case OP_SUB: case OP_MUL:
    case OP_DIV: case OP_POW: case OP_LPAREN:
    default:
      g_assert_not_reached ();
    }
}

/* a and b rows, or one of them the number sa or sb */
#define BINARY_ROW(op_)                                                      \
  G_STMT_START {                                                             \
    if (a != NULL && b != NULL)                                              \
      ROW_LOOP (op_ (a[i], b[i]));                                           \
    else if (a != NULL)                                                      \
      ROW_LOOP (op_ (a[i], sb));                                             \
    else                                                                     \
      ROW_LOOP (op_ (sa, b[i]));                                             \
  } G_STMT_END
#define ADD_(u, v) ((u) + (v))
#define SUB_(u, v) ((u) - (v))
#define MUL_(u, v) ((u) * (v))
#define DIV_(u, v) ((u) / (v))

static void
binary_row (OpCode        op,
            const double *a,
            double        sa,
            const double *b,
            double        sb,
            double       *d,
            guint         n)
{
  switch (op)
    {
    case OP_ADD: BINARY_ROW (ADD_); break;
    case OP_SUB: BINARY_ROW (SUB_); break;
    case OP_MUL: BINARY_ROW (MUL_); break;
    case OP_DIV: BINARY_ROW (DIV_); break;
    case OP_POW: BINARY_ROW (power); break;
    case OP_CONST: case OP_X: case OP_Y: case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN:
    case OP_EXP: case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH:
    case OP_COSH: case OP_ATAN: case OP_LPAREN:
    LR_EXPR_CASES_WITH_CONST:
    default:
      g_assert_not_reached ();
    }
}

static double *
grid_buf (Grid  *g,
          guint  level)
{
  if (g->bufs[level] == NULL)
    g->bufs[level] = g_new (double, g->nx);
  return g->bufs[level];
}

/* Runs instructions [from, to] at y; with hoist set, a subformula of x
 * pushes its row computed before.  Returns the stack's bottom slot. */
static Slot
grid_run (Grid     *g,
          guint     from,
          guint     to,
          double    y,
          gboolean  hoist)
{
  Slot *st = g->stack;
  guint sp = 0;

  for (guint k = from; k <= to; k++)
    {
      const Instr *in = &g->expr->code[k];

      if (hoist && g->jump[k] != G_MAXUINT)
        {
          /* the subformula of x starting here, already computed */
          st[sp++] = (Slot) { g->hoisted[g->jump[k]], 0 };
          k = g->jump[k];
          continue;
        }

      switch (in->op)
        {
        case OP_CONST:
          st[sp++] = (Slot) { NULL, in->value };
          break;
        case OP_X:
          st[sp++] = (Slot) { g->xs, 0 };
          break;
        case OP_Y:
          st[sp++] = (Slot) { NULL, y };
          break;
        case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_POW:
          {
            Slot *a = &st[sp - 2], *b = &st[sp - 1];

            if (a->a == NULL && b->a == NULL)
              a->s = lr_expr_apply2 (in->op, a->s, b->s);
            else
              {
                double *d = grid_buf (g, sp - 2);

                binary_row (in->op, a->a, a->s, b->a, b->s, d, g->nx);
                a->a = d;
              }
            sp--;
          }
          break;
        LR_EXPR_CASES_UNARY:
        LR_EXPR_CASES_WITH_CONST:
          {
            Slot *a = &st[sp - 1];

            if (a->a == NULL)
              a->s = apply_c (in->op, a->s, in->value);
            else
              {
                double *d = grid_buf (g, sp - 1);

                unary_row (in->op, in->value, a->a, d, g->nx);
                a->a = d;
              }
          }
          break;
        case OP_LPAREN:
        default:
          g_assert_not_reached ();
        }
    }
  g_assert (sp == 1);
  return st[0];
}

gboolean
lr_expr_value_grid (const LrExpr *expr,
                    const double *xs,
                    guint         nx,
                    const double *ys,
                    guint         ny,
                    double       *out)
{
  Grid g = { expr, xs, nx, NULL, NULL, NULL, NULL, NULL, NULL };
  guint *producer;   /* the stack during analysis: which instruction made each entry */
  guint sp = 0, n_hoisted = 0;
  const guint n = expr->n_code;

  g_return_val_if_fail (expr != NULL, FALSE);
  g_return_val_if_fail (nx == 0 || (xs != NULL && out != NULL), FALSE);
  g_return_val_if_fail (ny == 0 || ys != NULL, FALSE);

  if (nx == 0 || ny == 0)
    return TRUE;
  if ((guint64) expr->max_depth * nx * sizeof (double) > GRID_MAX_BYTES)
    return FALSE;

  /* what each instruction depends on, where its subformula starts, and
   * which subformulas of x alone feed something that depends on y */
  g.dep = g_new0 (guint8, n);
  g.start = g_new (guint, n);
  g.hoisted = g_new0 (double *, n);
  g.jump = g_new (guint, n);
  producer = g_new (guint, expr->max_depth + 1);
  for (guint k = 0; k < n; k++)
    {
      OpCode op = expr->code[k].op;
      guint n_args = op == OP_CONST || op == OP_X || op == OP_Y ? 0 :
                     op == OP_ADD || op == OP_SUB || op == OP_MUL || op == OP_DIV ||
                     op == OP_POW ? 2 : 1;
      guint8 dep = op == OP_X ? DEP_X : op == OP_Y ? DEP_Y : 0;

      g.start[k] = n_args > 0 ? g.start[producer[sp - n_args]] : k;
      for (guint a = 0; a < n_args; a++)
        dep |= g.dep[producer[sp - n_args + a]];
      if (dep != DEP_X)
        for (guint a = 0; a < n_args; a++)
          if (g.dep[producer[sp - n_args + a]] == DEP_X)
            {
              guint root = producer[sp - n_args + a];

              g.jump[g.start[root]] = root;
              n_hoisted++;
            }
      g.jump[k] = G_MAXUINT;
      g.dep[k] = dep;
      sp -= n_args;
      producer[sp++] = k;
    }
  if (g.dep[n - 1] == DEP_X)
    {
      g.jump[g.start[n - 1]] = n - 1;
      n_hoisted++;
    }
  g_free (producer);

  if ((guint64) n_hoisted * nx * sizeof (double) > GRID_MAX_BYTES)
    {
      g_free (g.dep);
      g_free (g.start);
      g_free (g.hoisted);
      g_free (g.jump);
      return FALSE;
    }

  g.bufs = g_new0 (double *, expr->max_depth + 1);
  g.stack = g_new (Slot, expr->max_depth + 1);

  /* the rows of x alone, once */
  for (guint k = 0; k < n; k++)
    if (g.jump[k] != G_MAXUINT)
      {
        guint root = g.jump[k];
        Slot s = grid_run (&g, k, root, 0, FALSE);
        double *row = g_new (double, nx);

        if (s.a != NULL)
          memcpy (row, s.a, nx * sizeof *row);
        else
          for (guint i = 0; i < nx; i++)
            row[i] = s.s;
        g.hoisted[root] = row;
      }

  for (guint j = 0; j < ny; j++)
    {
      Slot s = grid_run (&g, 0, n - 1, ys[j], TRUE);
      double *row = out + (gsize) j * nx;

      if (s.a != NULL)
        memcpy (row, s.a, nx * sizeof *row);
      else
        for (guint i = 0; i < nx; i++)
          row[i] = s.s;
    }

  for (guint k = 0; k < n; k++)
    g_free (g.hoisted[k]);
  for (guint k = 0; k <= expr->max_depth; k++)
    g_free (g.bufs[k]);
  g_free (g.bufs);
  g_free (g.stack);
  g_free (g.dep);
  g_free (g.start);
  g_free (g.hoisted);
  g_free (g.jump);
  return TRUE;
}

