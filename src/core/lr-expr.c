/* lr-expr.c: formulas in x and y, evaluated with second-order dual numbers
 *
 * The parser is an operator-precedence (shunting-yard) parser with heap
 * stacks, so nesting depth is bounded only by the formula length, and the
 * result is a flat postfix program: evaluation is one loop over it.  A
 * linear pass over that program folds constant subexpressions and gives the
 * operators with one constant operand that constant inline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-expr.h"
#include "lr-spec.h"
#include "lr-vmath.h"

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

static const struct {
  const char *name;
  OpCode      op;
} functions[] = {
  { "sin", OP_SIN }, { "cos", OP_COS }, { "tan", OP_TAN }, { "exp", OP_EXP },
  { "log", OP_LOG }, { "sqrt", OP_SQRT }, { "abs", OP_ABS }, { "tanh", OP_TANH },
  { "sinh", OP_SINH }, { "cosh", OP_COSH }, { "atan", OP_ATAN },
};

static GArray *compile (const Instr *code,
                        guint        n_code);

/* ---- parsing ---------------------------------------------------------- */

typedef struct {
  OpCode op;
  guint  column;     /* where the operator or '(' stands */
  gboolean is_call;  /* '(' that opened a function call */
  OpCode call;       /* the function of a call */
} StackEntry;

static int
precedence (OpCode op)
{
  switch (op)
    {
    case OP_ADD:
    case OP_SUB:
      return 1;
    case OP_MUL:
    case OP_DIV:
      return 2;
    case OP_NEG:
      return 3;
    case OP_POW:
      return 4;
    case OP_CONST: case OP_X: case OP_Y: case OP_SIN: case OP_COS: case OP_TAN:
    case OP_EXP: case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH:
    case OP_COSH: case OP_ATAN: case OP_LPAREN:
    case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
    case OP_POWC: case OP_RPOWC: case OP_SQUARE:
    default:
      return 0;
    }
}

static char *
describe_char (const char *p)
{
  if (*p == '\0')
    return g_strdup ("the end");
  if ((guchar) *p >= 0x20 && (guchar) *p < 0x7f)
    return g_strdup_printf ("'%c'", *p);
  return g_strdup_printf ("byte 0x%02x", (guchar) *p);
}

static char *
known_names (void)
{
  GString *s = g_string_new ("x, y, pi, e");

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    g_string_append_printf (s, ", %s", functions[i].name);
  return g_string_free (s, FALSE);
}

static void
emit (GArray *code,
      OpCode  op,
      double  value)
{
  Instr instr = { op, value };
  g_array_append_val (code, instr);
}

/* Moves an operator from the stack to the program. */
static void
emit_entry (GArray           *code,
            const StackEntry *entry)
{
  emit (code, entry->op, 0);
}

LrExpr *
lr_expr_parse (const char  *formula,
               GError     **error)
{
  g_autoptr(GArray) code = NULL;
  g_autoptr(GArray) stack = NULL;
  const char *p;
  gboolean expect_operand = TRUE;
  gsize len;
  LrExpr *expr;

  g_return_val_if_fail (formula != NULL, NULL);

  len = strlen (formula);
  if (len > LR_EXPR_MAX_LENGTH)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_FORMULA,
                   "formula is too long (%" G_GSIZE_FORMAT " bytes; the limit is %d)",
                   len, LR_EXPR_MAX_LENGTH);
      return NULL;
    }

  code = g_array_new (FALSE, FALSE, sizeof (Instr));
  stack = g_array_new (FALSE, FALSE, sizeof (StackEntry));

#define COL(ptr) ((guint) ((ptr) - formula) + 1)
#define FAIL(ptr, ...) G_STMT_START {                                         \
    g_autofree char *msg_ = g_strdup_printf (__VA_ARGS__);                    \
    g_set_error (error, LR_ERROR, LR_ERROR_FORMULA, "column %u: %s", COL (ptr), msg_); \
    return NULL;                                                              \
  } G_STMT_END

  p = formula;
  for (;;)
    {
      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;

      if (*p == '\0')
        break;

      if (expect_operand)
        {
          if (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
            {
              const char *start = p;
              char buf[64];
              double v;

              while (g_ascii_isdigit (*p))
                p++;
              if (*p == '.')
                {
                  p++;
                  while (g_ascii_isdigit (*p))
                    p++;
                }
              if ((*p == 'e' || *p == 'E') &&
                  (g_ascii_isdigit (p[1]) ||
                   ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
                {
                  p += 2;
                  while (g_ascii_isdigit (*p))
                    p++;
                }
              if ((gsize) (p - start) >= sizeof buf)
                FAIL (start, "number is too long");
              memcpy (buf, start, p - start);
              buf[p - start] = '\0';
              v = g_ascii_strtod (buf, NULL);
              if (!isfinite (v))
                FAIL (start, "number '%s' is out of range", buf);
              emit (code, OP_CONST, v);
              expect_operand = FALSE;
              continue;
            }

          if (g_ascii_isalpha (*p) || *p == '_')
            {
              const char *start = p;
              g_autofree char *name = NULL;
              gboolean found = FALSE;

              while (g_ascii_isalnum (*p) || *p == '_')
                p++;
              name = g_strndup (start, p - start);

              if (g_str_equal (name, "x"))
                emit (code, OP_X, 0), found = TRUE;
              else if (g_str_equal (name, "y"))
                emit (code, OP_Y, 0), found = TRUE;
              else if (g_str_equal (name, "pi"))
                emit (code, OP_CONST, G_PI), found = TRUE;
              else if (g_str_equal (name, "e"))
                emit (code, OP_CONST, G_E), found = TRUE;

              if (found)
                {
                  expect_operand = FALSE;
                  continue;
                }

              for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
                if (g_str_equal (name, functions[i].name))
                  {
                    StackEntry entry = { OP_LPAREN, 0, TRUE, functions[i].op };

                    while (*p == ' ' || *p == '\t')
                      p++;
                    if (*p != '(')
                      FAIL (p, "expected '(' after the function '%s'", name);
                    entry.column = COL (p);
                    g_array_append_val (stack, entry);
                    p++;
                    found = TRUE;
                    break;
                  }

              if (!found)
                {
                  g_autofree char *names = known_names ();
                  FAIL (start, "unknown name '%s'; known: %s", name, names);
                }
              continue;
            }

          if (*p == '(')
            {
              StackEntry entry = { OP_LPAREN, COL (p), FALSE, OP_LPAREN };

              g_array_append_val (stack, entry);
              p++;
              continue;
            }

          if (*p == '-' || *p == '+')
            {
              if (*p == '-')
                {
                  StackEntry entry = { OP_NEG, COL (p), FALSE, OP_LPAREN };
                  g_array_append_val (stack, entry);
                }
              p++;
              continue;
            }

          {
            g_autofree char *what = describe_char (p);

            if (*p == ')')
              FAIL (p, "expected a number, x, y or '(' before ')'");
            FAIL (p, "expected a number, x, y, a function or '(' but found %s", what);
          }
        }
      else
        {
          OpCode op;
          gboolean right_assoc = FALSE;

          if (*p == ')')
            {
              gboolean matched = FALSE;

              while (stack->len > 0)
                {
                  StackEntry top = g_array_index (stack, StackEntry, stack->len - 1);

                  g_array_set_size (stack, stack->len - 1);
                  if (top.op == OP_LPAREN)
                    {
                      if (top.is_call)
                        emit (code, top.call, 0);
                      matched = TRUE;
                      break;
                    }
                  emit_entry (code, &top);
                }
              if (!matched)
                FAIL (p, "unexpected ')' without a matching '('");
              p++;
              continue;
            }

          if (*p == '+')
            op = OP_ADD, p++;
          else if (*p == '-')
            op = OP_SUB, p++;
          else if (*p == '*' && p[1] == '*')
            op = OP_POW, right_assoc = TRUE, p += 2;
          else if (*p == '*')
            op = OP_MUL, p++;
          else if (*p == '/')
            op = OP_DIV, p++;
          else if (*p == '^')
            op = OP_POW, right_assoc = TRUE, p++;
          else
            {
              g_autofree char *what = describe_char (p);

              if (g_ascii_isalnum (*p) || *p == '(' || *p == '.' || *p == '_')
                FAIL (p, "expected an operator before %s (write 2*x, not 2x)", what);
              FAIL (p, "expected an operator or ')' but found %s", what);
            }

          while (stack->len > 0)
            {
              StackEntry top = g_array_index (stack, StackEntry, stack->len - 1);

              if (top.op == OP_LPAREN)
                break;
              if (precedence (top.op) > precedence (op) ||
                  (precedence (top.op) == precedence (op) && !right_assoc))
                {
                  emit_entry (code, &top);
                  g_array_set_size (stack, stack->len - 1);
                }
              else
                break;
            }

          {
            StackEntry entry = { op, COL (p), FALSE, OP_LPAREN };
            g_array_append_val (stack, entry);
          }
          expect_operand = TRUE;
        }
    }

  if (code->len == 0 && stack->len == 0)
    {
      g_set_error (error, LR_ERROR, LR_ERROR_FORMULA, "column 1: the formula is empty");
      return NULL;
    }

  if (expect_operand)
    FAIL (p, "expected a number, x, y or '(' at the end of the formula");

  while (stack->len > 0)
    {
      StackEntry top = g_array_index (stack, StackEntry, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      if (top.op == OP_LPAREN)
        {
          g_set_error (error, LR_ERROR, LR_ERROR_FORMULA,
                       "column %u: expected ')' to close '(' at column %u",
                       COL (p), top.column);
          return NULL;
        }
      emit_entry (code, &top);
    }

#undef FAIL
#undef COL

  {
    GArray *program = compile ((const Instr *) (void *) code->data, code->len);

    expr = g_new0 (LrExpr, 1);
    expr->text = g_strdup (formula);
    expr->n_code = program->len;
    expr->code = (Instr *) (void *) g_array_free (program, FALSE);
  }

  /* Stack depth for evaluation; the parse guarantees it never underflows. */
  {
    guint depth = 0, max_depth = 0;

    for (guint i = 0; i < expr->n_code; i++)
      {
        switch (expr->code[i].op)
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
          case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP: case OP_LOG:
          case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH: case OP_ATAN:
          case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
          case OP_POWC: case OP_RPOWC: case OP_SQUARE:
          case OP_LPAREN:
          default:
            g_assert (depth >= 1);
            break;
          }
        max_depth = MAX (max_depth, depth);
      }
    g_assert (depth == 1);
    expr->max_depth = max_depth;
  }

  return expr;
}

void
lr_expr_free (LrExpr *expr)
{
  if (expr == NULL)
    return;
  g_free (expr->text);
  g_free (expr->code);
  g_free (expr);
}

LrExpr *
lr_expr_copy (const LrExpr *expr)
{
  LrExpr *copy;

  g_return_val_if_fail (expr != NULL, NULL);

  copy = g_new0 (LrExpr, 1);
  copy->text = g_strdup (expr->text);
  copy->n_code = expr->n_code;
  copy->max_depth = expr->max_depth;
  copy->code = g_memdup2 (expr->code, sizeof (Instr) * expr->n_code);
  return copy;
}

const char *
lr_expr_get_text (const LrExpr *expr)
{
  g_return_val_if_fail (expr != NULL, NULL);
  return expr->text;
}

/* ---- values ----------------------------------------------------------- */

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

static double
apply1 (OpCode op,
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
    case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
    case OP_POWC: case OP_RPOWC: case OP_SQUARE:
    default:
      g_assert_not_reached ();
    }
}

static double
apply2 (OpCode op,
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
    case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
    case OP_POWC: case OP_RPOWC: case OP_SQUARE:
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

static GArray *
compile (const Instr *code,
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
              a->value = apply2 (op, a->value, b->value);
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
        case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP: case OP_LOG:
        case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH: case OP_ATAN:
          {
            Operand *a;

            g_assert (operands->len >= 1);
            a = &g_array_index (operands, Operand, operands->len - 1);
            if (a->is_const)
              a->value = apply1 (op, a->value);
            else
              emit (out, op, 0);
          }
          break;
        case OP_LPAREN:
        case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
        case OP_POWC: case OP_RPOWC: case OP_SQUARE:
        default:
          g_assert_not_reached ();
        }
    }

  g_assert (operands->len == 1);
  if (g_array_index (operands, Operand, 0).is_const)
    emit (out, OP_CONST, g_array_index (operands, Operand, 0).value);
  return out;
}

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
    case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
    case OP_POWC: case OP_RPOWC: case OP_SQUARE:
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
        case OP_ADD:
          {
            Dual *a = &st[sp - 2], *b = &st[sp - 1];

            a->v += b->v; a->x += b->x; a->y += b->y;
            a->xx += b->xx; a->xy += b->xy; a->yy += b->yy;
            sp--;
          }
          break;
        case OP_SUB:
          {
            Dual *a = &st[sp - 2], *b = &st[sp - 1];

            a->v -= b->v; a->x -= b->x; a->y -= b->y;
            a->xx -= b->xx; a->xy -= b->xy; a->yy -= b->yy;
            sp--;
          }
          break;
        case OP_MUL:
          st[sp - 2] = dual_mul (&st[sp - 2], &st[sp - 1]);
          sp--;
          break;
        case OP_DIV:
          {
            double av = st[sp - 2].v, bv = st[sp - 1].v;
            Dual inv = chain (&st[sp - 1], 1 / bv, -1 / (bv * bv), 2 / (bv * bv * bv));

            st[sp - 2] = dual_mul (&st[sp - 2], &inv);
            /* The value itself as a plain division, rounded once. */
            st[sp - 2].v = av / bv;
            sp--;
          }
          break;
        case OP_POW:
          st[sp - 2] = dual_pow (&st[sp - 2], &st[sp - 1]);
          sp--;
          break;
        case OP_ADDC:
          st[sp - 1].v += in->value;
          break;
        case OP_SUBC:
          st[sp - 1].v -= in->value;
          break;
        case OP_RSUBC:
          {
            Dual *a = &st[sp - 1];

            *a = (Dual) { in->value - a->v, -a->x, -a->y, -a->xx, -a->xy, -a->yy };
          }
          break;
        case OP_MULC:
          {
            Dual *a = &st[sp - 1];
            double c = in->value;

            *a = (Dual) { a->v * c, a->x * c, a->y * c, a->xx * c, a->xy * c, a->yy * c };
          }
          break;
        case OP_DIVC:
          {
            Dual *a = &st[sp - 1];
            double c = in->value;

            *a = (Dual) { a->v / c, a->x / c, a->y / c, a->xx / c, a->xy / c, a->yy / c };
          }
          break;
        case OP_RDIVC:
          {
            double c = in->value, av = st[sp - 1].v;

            st[sp - 1] = chain (&st[sp - 1], c / av, -c / (av * av), 2 * c / (av * av * av));
          }
          break;
        case OP_POWC:
          {
            Dual c = { in->value, 0, 0, 0, 0, 0 };

            st[sp - 1] = dual_pow (&st[sp - 1], &c);
          }
          break;
        case OP_RPOWC:
          {
            Dual c = { in->value, 0, 0, 0, 0, 0 };

            st[sp - 1] = dual_pow (&c, &st[sp - 1]);
          }
          break;
        case OP_SQUARE:
          {
            double v = st[sp - 1].v;

            st[sp - 1] = chain (&st[sp - 1], v * v, 2 * v, 2);
          }
          break;
        case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP: case OP_LOG:
        case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH: case OP_ATAN:
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
    case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP: case OP_LOG:
    case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH: case OP_ATAN:
      return apply1 (op, a);
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
    case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
    case OP_POWC: case OP_RPOWC: case OP_SQUARE:
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
              a->s = apply2 (in->op, a->s, b->s);
            else
              {
                double *d = grid_buf (g, sp - 2);

                binary_row (in->op, a->a, a->s, b->a, b->s, d, g->nx);
                a->a = d;
              }
            sp--;
          }
          break;
        case OP_NEG: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP: case OP_LOG:
        case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH: case OP_ATAN:
        case OP_ADDC: case OP_SUBC: case OP_RSUBC: case OP_MULC: case OP_DIVC: case OP_RDIVC:
        case OP_POWC: case OP_RPOWC: case OP_SQUARE:
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
