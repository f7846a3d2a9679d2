/* lr-expr-fold.c: constant folding of a formula program, and the
 * operators on numbers that folding and the evaluators share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-expr-private.h"

static void
emit (GArray *code,
      OpCode  op,
      double  value)
{
  Instr instr = { op, value };
  g_array_append_val (code, instr);
}

double
lr_expr_apply1 (OpCode op,
                double u)
{
  switch (op)
    {
    case OP_NEG: return -u;
    case OP_SIN: return sin (u);
    case OP_COS: return cos (u);
    case OP_TAN: return tan (u);
    case OP_EXP: return exp (u);
    case OP_LOG: return log (u);
    case OP_SQRT: return sqrt (u);
    case OP_ABS: return fabs (u);
    case OP_TANH: return tanh (u);
    case OP_SINH: return sinh (u);
    case OP_COSH: return cosh (u);
    case OP_ATAN: return atan (u);
    case OP_CONST: case OP_X: case OP_Y: case OP_ADD: case OP_SUB: case OP_MUL:
    case OP_DIV: case OP_POW: case OP_LPAREN:
    LR_EXPR_CASES_WITH_CONST:
    default:
      g_assert_not_reached ();
    }
}

double
lr_expr_apply2 (OpCode op,
                double a,
                double b)
{
  switch (op)
    {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return a / b;
    case OP_POW: return power (a, b);
    case OP_CONST: case OP_X: case OP_Y: case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN:
    case OP_EXP: case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH:
    case OP_COSH: case OP_ATAN: case OP_LPAREN:
    LR_EXPR_CASES_WITH_CONST:
    default:
      g_assert_not_reached ();
    }
}

/* The program evaluated: the parser's postfix code in one pass with a
 * stack of operands, each either computed at run time or a constant not
 * emitted yet.  An operator on constants only is folded here, with the same
 * arithmetic the evaluators use, so every value is bit for bit what the
 * unfolded program gives; an operator with one constant operand takes it
 * inline.  Floating point is not associative: x + 1 + 2 keeps both adds. */
typedef struct {
  gboolean is_const;
  double   value;
} Operand;

GArray *
lr_expr_fold (const Instr *code,
              guint        n_code)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Instr), n_code);
  g_autoptr(GArray) operands = g_array_new (FALSE, FALSE, sizeof (Operand));

  for (guint i = 0; i < n_code; i++)
    {
      OpCode op = code[i].op;

      switch (op)
        {
        case OP_CONST:
          {
            Operand o = { TRUE, code[i].value };
            g_array_append_val (operands, o);
          }
          break;
        case OP_X:
        case OP_Y:
          {
            Operand o = { FALSE, 0 };
            emit (out, op, 0);
            g_array_append_val (operands, o);
          }
          break;
        case OP_ADD:
        case OP_SUB:
        case OP_MUL:
        case OP_DIV:
        case OP_POW:
          {
            Operand *a, *b;

            g_assert (operands->len >= 2);
            a = &g_array_index (operands, Operand, operands->len - 2);
            b = &g_array_index (operands, Operand, operands->len - 1);
            if (a->is_const && b->is_const)
              a->value = lr_expr_apply2 (op, a->value, b->value);
            else if (b->is_const)
              {
                double c = b->value;

                if (op == OP_POW && c == 1)
                  ;  /* a^1 is a */
                else if (op == OP_POW && c == 2)
                  emit (out, OP_SQUARE, 0);
                else
                  emit (out, op == OP_ADD ? OP_ADDC : op == OP_SUB ? OP_SUBC :
                        op == OP_MUL ? OP_MULC : op == OP_DIV ? OP_DIVC : OP_POWC, c);
              }
            else if (a->is_const)
              {
                /* c + a and c·a are a + c and a·c exactly */
                emit (out, op == OP_ADD ? OP_ADDC : op == OP_SUB ? OP_RSUBC :
                      op == OP_MUL ? OP_MULC : op == OP_DIV ? OP_RDIVC : OP_RPOWC, a->value);
                a->is_const = FALSE;
              }
            else
              emit (out, op, 0);
            g_array_set_size (operands, operands->len - 1);
          }
          break;
        LR_EXPR_CASES_UNARY:
          {
            Operand *a;

            g_assert (operands->len >= 1);
            a = &g_array_index (operands, Operand, operands->len - 1);
            if (a->is_const)
              a->value = lr_expr_apply1 (op, a->value);
            else
              emit (out, op, 0);
          }
          break;
        case OP_LPAREN:
        LR_EXPR_CASES_WITH_CONST:
        default:
          g_assert_not_reached ();
        }
    }

  g_assert (operands->len == 1);
  if (g_array_index (operands, Operand, 0).is_const)
    emit (out, OP_CONST, g_array_index (operands, Operand, 0).value);
  return out;
}


guint
lr_expr_stack_depth (const Instr *code,
                     guint        n_code)
{
  guint depth = 0, max_depth = 0;

  for (guint i = 0; i < n_code; i++)
    {
      switch (code[i].op)
        {
        case OP_CONST:
        case OP_X:
        case OP_Y:
          depth++;
          break;
        case OP_ADD:
        case OP_SUB:
        case OP_MUL:
        case OP_DIV:
        case OP_POW:
          g_assert (depth >= 2);
          depth--;
          break;
        LR_EXPR_CASES_UNARY:
        LR_EXPR_CASES_WITH_CONST:
        case OP_LPAREN:
        default:
          g_assert (depth >= 1);
          break;
        }
      max_depth = MAX (max_depth, depth);
    }
  g_assert (depth == 1);
  return max_depth;
}
