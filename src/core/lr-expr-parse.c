/* lr-expr-parse.c: formulas in x and y, read into a postfix program
 *
 * The parser is an operator-precedence (shunting-yard) parser with heap
 * stacks, so nesting depth is bounded only by the formula length, and the
 * result is a flat postfix program: evaluation is one loop over it.  A
 * linear pass over that program (lr-expr-fold.c) folds constant
 * subexpressions and gives the operators with one constant operand that
 * constant inline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "lr-expr-private.h"
#include "lr-spec.h"

static const struct {
  const char *name;
  OpCode      op;
} functions[] = {
  { "sin", OP_SIN }, { "cos", OP_COS }, { "tan", OP_TAN }, { "exp", OP_EXP },
  { "log", OP_LOG }, { "sqrt", OP_SQRT }, { "abs", OP_ABS }, { "tanh", OP_TANH },
  { "sinh", OP_SINH }, { "cosh", OP_COSH }, { "atan", OP_ATAN },
};

typedef struct {
  OpCode op;
  guint  column;     /* where the operator or '(' stands */
  gboolean is_call;  /* '(' that opened a function call */
  OpCode call;       /* the function of a call */
} StackEntry;

typedef struct {
  const char *formula;
  const char *p;              /* the next character */
  GArray     *code;           /* Instr: the postfix program so far */
  GArray     *stack;          /* StackEntry: operators and '(' waiting */
  GError    **error;
} Parser;

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
    LR_EXPR_CASES_WITH_CONST:
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

static guint
column (const Parser *ps,
        const char   *at)
{
  return (guint) (at - ps->formula) + 1;
}

/* Sets "column N: message" for the character at @at; always FALSE. */
G_GNUC_PRINTF (3, 4)
static gboolean
fail (Parser     *ps,
      const char *at,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (ps->error, LR_ERROR, LR_ERROR_FORMULA, "column %u: %s", column (ps, at), msg);
  return FALSE;
}

static void
emit (Parser *ps,
      OpCode  op,
      double  value)
{
  Instr instr = { op, value };
  g_array_append_val (ps->code, instr);
}

static void
push (Parser *ps,
      OpCode  op,
      guint   col,
      gboolean is_call,
      OpCode  call)
{
  StackEntry entry = { op, col, is_call, call };
  g_array_append_val (ps->stack, entry);
}

static StackEntry
pop (Parser *ps)
{
  StackEntry top = g_array_index (ps->stack, StackEntry, ps->stack->len - 1);

  g_array_set_size (ps->stack, ps->stack->len - 1);
  return top;
}

/* A number: digits, an optional fraction and exponent, in the C locale. */
static gboolean
parse_number (Parser *ps)
{
  const char *start = ps->p, *p = ps->p;
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
      (g_ascii_isdigit (p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      p += 2;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if ((gsize) (p - start) >= sizeof buf)
    return fail (ps, start, "number is too long");
  memcpy (buf, start, p - start);
  buf[p - start] = '\0';
  v = g_ascii_strtod (buf, NULL);
  if (!isfinite (v))
    return fail (ps, start, "number '%s' is out of range", buf);
  emit (ps, OP_CONST, v);
  ps->p = p;
  return TRUE;
}

/* x, y, pi, e, or a function and its '('.  *@operand: TRUE when the name
 * was a complete operand, FALSE after a function's '('. */
static gboolean
parse_name (Parser   *ps,
            gboolean *operand)
{
  const char *start = ps->p;
  g_autofree char *name = NULL;
  g_autofree char *names = NULL;

  while (g_ascii_isalnum (*ps->p) || *ps->p == '_')
    ps->p++;
  name = g_strndup (start, ps->p - start);

  *operand = TRUE;
  if (g_str_equal (name, "x"))
    emit (ps, OP_X, 0);
  else if (g_str_equal (name, "y"))
    emit (ps, OP_Y, 0);
  else if (g_str_equal (name, "pi"))
    emit (ps, OP_CONST, G_PI);
  else if (g_str_equal (name, "e"))
    emit (ps, OP_CONST, G_E);
  else
    *operand = FALSE;
  if (*operand)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (g_str_equal (name, functions[i].name))
      {
        while (*ps->p == ' ' || *ps->p == '\t')
          ps->p++;
        if (*ps->p != '(')
          return fail (ps, ps->p, "expected '(' after the function '%s'", name);
        push (ps, OP_LPAREN, column (ps, ps->p), TRUE, functions[i].op);
        ps->p++;
        return TRUE;
      }

  names = known_names ();
  return fail (ps, start, "unknown name '%s'; known: %s", name, names);
}

/* Where an operand is expected: a number, a name, '(' or a sign.
 * *@operand: TRUE once a complete operand has been read. */
static gboolean
parse_operand (Parser   *ps,
               gboolean *operand)
{
  const char *p = ps->p;
  g_autofree char *what = NULL;

  *operand = FALSE;
  if (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
    return (*operand = parse_number (ps));
  if (g_ascii_isalpha (*p) || *p == '_')
    return parse_name (ps, operand);
  if (*p == '(' || *p == '-' || *p == '+')
    {
      if (*p == '(')
        push (ps, OP_LPAREN, column (ps, p), FALSE, OP_LPAREN);
      else if (*p == '-')
        push (ps, OP_NEG, column (ps, p), FALSE, OP_LPAREN);
      ps->p++;
      return TRUE;
    }

  what = describe_char (p);
  if (*p == ')')
    return fail (ps, p, "expected a number, x, y or '(' before ')'");
  return fail (ps, p, "expected a number, x, y, a function or '(' but found %s", what);
}

/* ')': everything back to its '(' goes to the program, then the call. */
static gboolean
close_paren (Parser *ps)
{
  while (ps->stack->len > 0)
    {
      StackEntry top = pop (ps);

      if (top.op == OP_LPAREN)
        {
          if (top.is_call)
            emit (ps, top.call, 0);
          ps->p++;
          return TRUE;
        }
      emit (ps, top.op, 0);
    }
  return fail (ps, ps->p, "unexpected ')' without a matching '('");
}

/* After an operand: ')' or a binary operator.  *@operand: TRUE after ')',
 * where an operator is still expected next. */
static gboolean
parse_operator (Parser   *ps,
                gboolean *operand)
{
  const char *p = ps->p;
  gboolean right_assoc = FALSE;
  OpCode op;

  *operand = TRUE;
  if (*p == ')')
    return close_paren (ps);

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
        return fail (ps, p, "expected an operator before %s (write 2*x, not 2x)", what);
      return fail (ps, p, "expected an operator or ')' but found %s", what);
    }

  while (ps->stack->len > 0)
    {
      StackEntry top = g_array_index (ps->stack, StackEntry, ps->stack->len - 1);

      if (top.op == OP_LPAREN ||
          !(precedence (top.op) > precedence (op) ||
            (precedence (top.op) == precedence (op) && !right_assoc)))
        break;
      emit (ps, top.op, 0);
      pop (ps);
    }

  ps->p = p;
  push (ps, op, column (ps, p), FALSE, OP_LPAREN);
  *operand = FALSE;
  return TRUE;
}

/* The end of the formula: the operators left go to the program. */
static gboolean
finish (Parser  *ps,
        gboolean expect_operand)
{
  if (ps->code->len == 0 && ps->stack->len == 0)
    {
      g_set_error (ps->error, LR_ERROR, LR_ERROR_FORMULA, "column 1: the formula is empty");
      return FALSE;
    }
  if (expect_operand)
    return fail (ps, ps->p, "expected a number, x, y or '(' at the end of the formula");

  while (ps->stack->len > 0)
    {
      StackEntry top = pop (ps);

      if (top.op == OP_LPAREN)
        {
          g_set_error (ps->error, LR_ERROR, LR_ERROR_FORMULA,
                       "column %u: expected ')' to close '(' at column %u",
                       column (ps, ps->p), top.column);
          return FALSE;
        }
      emit (ps, top.op, 0);
    }
  return TRUE;
}

LrExpr *
lr_expr_parse (const char  *formula,
               GError     **error)
{
  g_autoptr(GArray) code = NULL;
  g_autoptr(GArray) stack = NULL;
  Parser ps;
  gboolean expect_operand = TRUE;
  GArray *program;
  LrExpr *expr;
  gsize len;

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
  ps = (Parser) { formula, formula, code, stack, error };

  for (;;)
    {
      gboolean operand;

      while (*ps.p == ' ' || *ps.p == '\t' || *ps.p == '\n' || *ps.p == '\r')
        ps.p++;
      if (*ps.p == '\0')
        break;

      if (expect_operand ? !parse_operand (&ps, &operand) : !parse_operator (&ps, &operand))
        return NULL;
      expect_operand = !operand;
    }
  if (!finish (&ps, expect_operand))
    return NULL;

  program = lr_expr_fold ((const Instr *) (void *) code->data, code->len);
  expr = g_new0 (LrExpr, 1);
  expr->text = g_strdup (formula);
  expr->n_code = program->len;
  expr->code = (Instr *) (void *) g_array_free (program, FALSE);
  expr->max_depth = lr_expr_stack_depth (expr->code, expr->n_code);
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
