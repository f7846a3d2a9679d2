/* lr-expr-private.h: the formula program shared by the parser, the
 * constant folding and the evaluators
 *
 * A formula is a flat postfix program of instructions: operands push a
 * value, operators replace the values on top of the stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include <glib.h>

#include "lr-expr.h"

G_BEGIN_DECLS

typedef enum {
  OP_CONST,
  OP_X,
  OP_Y,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_POW,
  OP_NEG,
  OP_SIN,
  OP_COS,
  OP_TAN,
  OP_EXP,
  OP_LOG,
  OP_SQRT,
  OP_ABS,
  OP_TANH,
  OP_SINH,
  OP_COSH,
  OP_ATAN,
  /* one operand on the stack, the constant c in the instruction */
  OP_ADDC,    /* a + c */
  OP_SUBC,    /* a − c */
  OP_RSUBC,   /* c − a */
  OP_MULC,    /* a·c */
  OP_DIVC,    /* a / c */
  OP_RDIVC,   /* c / a */
  OP_POWC,    /* a^c */
  OP_RPOWC,   /* c^a */
  OP_SQUARE,  /* a^2 */
  /* parser-only markers */
  OP_LPAREN,
} OpCode;

/* Case labels for groups of operations (switches list every OpCode). */
#define LR_EXPR_CASES_UNARY                                                   \
  case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP: case OP_LOG: \
  case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH: case OP_ATAN
#define LR_EXPR_CASES_WITH_CONST                                              \
  case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC:      \
  case OP_RDIVC: case OP_POWC: case OP_RPOWC: case OP_SQUARE

typedef struct {
  OpCode op;
  double value;
} Instr;

struct _LrExpr
{
  char  *text;
  Instr *code;
  guint  n_code;
  guint  max_depth;
};

/* a^b with the common small integer powers multiplied out: pow() costs
 * more than the rest of a typical formula. */
static inline double
power (double a,
       double b)
{
  if (b == 2)
    return a * a;
  if (b == 3)
    return a * a * a;
  if (b == 4)
    {
      double a2 = a * a;
      return a2 * a2;
    }
  if (b == 1)
    return a;
  return pow (a, b);
}

/* The operators on numbers, as every evaluator computes them. */
double  lr_expr_apply1      (OpCode       op,
                             double       u);
double  lr_expr_apply2      (OpCode       op,
                             double       a,
                             double       b);
/* The parser's program with constant subexpressions folded and operators
 * with one constant operand given it inline (lr-expr-fold.c). */
GArray *lr_expr_fold        (const Instr *code,
                             guint        n_code);
/* The deepest stack the program needs; it never underflows. */
guint   lr_expr_stack_depth (const Instr *code,
                             guint        n_code);

G_END_DECLS
