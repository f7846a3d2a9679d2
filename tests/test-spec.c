/* test-spec.c: the spec syntax and parameter resolution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-run-spec.h"
#include "lr-spec.h"

static const LrParamInfo demo_params[] = {
  { "lr", LR_PARAM_FLOAT, 0.001, NULL, 0, 1e12, LR_PARAM_FLAG_LOG, NULL, "learning rate" },
  { "steps", LR_PARAM_INT, 30, NULL, 1, 1000, 0, NULL, "steps" },
  { "on", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL, "switch" },
  { "mode", LR_PARAM_CHOICE, 0, NULL, 0, 0, 0, "min|max", "mode" },
  { "milestones", LR_PARAM_LIST, 0, "30/80", 1, 1e9, 0, NULL, "milestones" },
  { "T_max", LR_PARAM_INT, 0, "auto", 1, 1e9, LR_PARAM_FLAG_AUTO, NULL, "period" },
  { "beta", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL, "beta" },
};

static const LrKindInfo demo_kinds[] = {
  { "demo", "a demo", demo_params, G_N_ELEMENTS (demo_params) },
  { "other", "another", NULL, 0 },
};

static void
test_parse_basic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSpec) spec = lr_spec_parse ("sgd:lr=0.1,momentum=0.9,nesterov=true", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (spec->name, ==, "sgd");
  g_assert_cmpuint (spec->n_items, ==, 3);
  g_assert_cmpstr (spec->items[0].key, ==, "lr");
  g_assert_cmpstr (spec->items[0].value, ==, "0.1");
  g_assert_cmpuint (spec->items[0].column, ==, 5);
  g_assert_cmpstr (spec->items[2].key, ==, "nesterov");
  g_assert_cmpstr (spec->items[2].value, ==, "true");
}

static void
test_parse_plain_and_expr (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSpec) plain = lr_spec_parse ("  rosenbrock", &error);
  g_autoptr(LrSpec) expr = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (plain->name, ==, "rosenbrock");
  g_assert_cmpuint (plain->n_items, ==, 0);

  expr = lr_spec_parse ("expr:x^2 + 3*y, z", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (expr->name, ==, "expr");
  g_assert_cmpstr (expr->formula, ==, "x^2 + 3*y, z");
  g_assert_cmpuint (expr->formula_column, ==, 6);
}

static void
check_syntax_error (const char *text,
                    const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSpec) spec = lr_spec_parse (text, &error);

  g_assert_null (spec);
  g_assert_error (error, LR_ERROR, LR_ERROR_SYNTAX);
  if (strstr (error->message, fragment) == NULL)
    g_error ("spec '%s': message '%s' lacks '%s'", text, error->message, fragment);
}

static void
test_parse_errors (void)
{
  check_syntax_error ("", "empty spec");
  check_syntax_error (":lr=1", "column 1: expected a name");
  check_syntax_error ("sgd:", "column 5: expected key=value");
  check_syntax_error ("sgd:lr", "column 7: expected '=' after key 'lr'");
  check_syntax_error ("sgd:lr=", "column 8: missing value for key 'lr'");
  check_syntax_error ("sgd:lr=1,,", "column 10: expected a key");
  check_syntax_error ("sgd:lr=1;momentum=2", "column 9: unexpected ';momentum=2'");
  check_syntax_error ("sgd:lr=1,lr=2", "key 'lr' is given twice");
  check_syntax_error ("sgd lr=1", "after the name 'sgd'");
  check_syntax_error ("sgd:lr=(1)", "unexpected '('");
  check_syntax_error ("expr", "'expr' needs a formula");
  check_syntax_error ("sgd:lr=\x01", "\\x01");
}

static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (1024 * 1024, 'a');
  g_autoptr(LrSpec) spec = lr_spec_parse (text, &error);

  g_assert_null (spec);
  g_assert_error (error, LR_ERROR, LR_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "too long"));
}

static LrParamValue *
resolve (const char  *text,
         GError     **error)
{
  g_autoptr(LrSpec) spec = lr_spec_parse (text, error);
  const LrKindInfo *kind;

  if (spec == NULL)
    return NULL;
  kind = lr_kind_lookup ("demo kind", demo_kinds, G_N_ELEMENTS (demo_kinds), spec->name, error);
  if (kind == NULL)
    return NULL;
  return lr_params_resolve ("demo kind", kind, spec, error);
}

static void
test_resolve_values (void)
{
  g_autoptr(GError) error = NULL;
  LrParamValue *v = resolve ("demo:lr=1e-2,on=true,mode=max,milestones=5/10/20,T_max=auto", &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (v[0].value, ==, 1e-2);
  g_assert_true (v[0].given);
  g_assert_cmpfloat (v[1].value, ==, 30);
  g_assert_false (v[1].given);
  g_assert_cmpfloat (v[2].value, ==, 1);
  g_assert_cmpfloat (v[3].value, ==, 1);
  g_assert_cmpuint (v[4].n_list, ==, 3);
  g_assert_cmpfloat (v[4].list[2], ==, 20);
  g_assert_cmpfloat (v[5].value, ==, 0);
  lr_param_values_free (v, G_N_ELEMENTS (demo_params));

  v = resolve ("DEMO", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v[4].n_list, ==, 2);
  g_assert_cmpfloat (v[4].list[1], ==, 80);
  lr_param_values_free (v, G_N_ELEMENTS (demo_params));
}

static void
check_resolve_error (const char *text,
                     int         code,
                     const char *fragment)
{
  g_autoptr(GError) error = NULL;
  LrParamValue *v = resolve (text, &error);

  g_assert_null (v);
  g_assert_error (error, LR_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("spec '%s': message '%s' lacks '%s'", text, error->message, fragment);
}

static void
test_resolve_errors (void)
{
  check_resolve_error ("nope", LR_ERROR_UNKNOWN_NAME, "unknown demo kind 'nope'; valid: demo, other");
  check_resolve_error ("demo:lrr=1", LR_ERROR_UNKNOWN_KEY,
                       "unknown key 'lrr' for demo kind demo; valid keys: lr, steps, on, mode, milestones, T_max, beta");
  check_resolve_error ("other:x=1", LR_ERROR_UNKNOWN_KEY, "valid keys: (none)");
  check_resolve_error ("demo:lr=abc", LR_ERROR_VALUE, "'abc' is not a valid finite number for lr");
  check_resolve_error ("demo:lr=nan", LR_ERROR_VALUE, "'nan' is not a valid");
  check_resolve_error ("demo:lr=inf", LR_ERROR_VALUE, "'inf' is not a valid");
  check_resolve_error ("demo:lr=1e999", LR_ERROR_VALUE, "'1e999' is not a valid");
  check_resolve_error ("demo:lr=-1", LR_ERROR_VALUE, "lr=-1 is out of range; valid: [0, 1e+12]");
  check_resolve_error ("demo:steps=2.5", LR_ERROR_VALUE, "steps must be a whole number");
  check_resolve_error ("demo:steps=0", LR_ERROR_VALUE, "steps=0 is out of range; valid: [1, 1000]");
  check_resolve_error ("demo:on=maybe", LR_ERROR_VALUE, "valid: true, false");
  check_resolve_error ("demo:mode=avg", LR_ERROR_VALUE, "'avg' is not valid for mode; valid: min, max");
  check_resolve_error ("demo:milestones=5/x", LR_ERROR_VALUE, "'x' is not a valid integer");
  check_resolve_error ("demo:beta=1", LR_ERROR_VALUE, "valid: [0, 1)");
  check_resolve_error ("demo:T_max=-3", LR_ERROR_VALUE, "T_max=-3 is out of range");
}

static void
test_parse_double (void)
{
  double v = 0;

  g_assert_true (lr_parse_double ("1.5e-3", &v));
  g_assert_cmpfloat (v, ==, 1.5e-3);
  g_assert_true (lr_parse_double ("-.5", &v));
  g_assert_cmpfloat (v, ==, -0.5);
  g_assert_false (lr_parse_double ("0x10", &v));
  g_assert_false (lr_parse_double ("1 ", &v));
  g_assert_false (lr_parse_double (" 1", &v));
  g_assert_false (lr_parse_double ("", &v));
  g_assert_false (lr_parse_double ("1e400", &v));
  g_assert_false (lr_parse_double ("infinity", &v));
}

static void
test_format_default (void)
{
  g_autofree char *a = lr_param_format_default (&demo_params[0]);
  g_autofree char *b = lr_param_format_default (&demo_params[2]);
  g_autofree char *c = lr_param_format_default (&demo_params[3]);
  g_autofree char *d = lr_param_format_default (&demo_params[4]);
  g_autofree char *e = lr_param_format_default (&demo_params[1]);

  g_assert_cmpstr (a, ==, "0.001");
  g_assert_cmpstr (b, ==, "false");
  g_assert_cmpstr (c, ==, "min");
  g_assert_cmpstr (d, ==, "30/80");
  g_assert_cmpstr (e, ==, "30");
}

static void
test_to_string_and_set (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSpec) spec = lr_spec_parse (" Adam : lr = 0.001 , betas=0.9/0.99", &error);
  g_autoptr(LrSpec) expr = lr_spec_parse ("expr:x^2 + y^2", &error);
  g_autofree char *text = NULL;
  g_autofree char *expr_text = NULL;
  g_autofree char *lr = NULL;

  g_assert_no_error (error);
  text = lr_spec_to_string (spec);
  g_assert_cmpstr (text, ==, "adam:lr=0.001,betas=0.9/0.99");
  expr_text = lr_spec_to_string (expr);
  g_assert_cmpstr (expr_text, ==, "expr:x^2 + y^2");

  /* A value written with lr_format_double reads back bit-exact. */
  lr = lr_format_double (0.1 + 0.2);
  g_assert_true (lr_spec_set (spec, "lr", lr, &error));
  g_assert_true (lr_spec_set (spec, "eps", "1e-8", &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = lr_spec_to_string (spec);
  g_assert_cmpstr (text, ==, "adam:lr=0.30000000000000004,betas=0.9/0.99,eps=1e-8");
  {
    g_autoptr(LrSpec) back = lr_spec_parse (text, &error);
    double v;

    g_assert_no_error (error);
    g_assert_true (lr_parse_double (back->items[0].value, &v));
    g_assert_true (v == 0.1 + 0.2);
  }

  g_assert_false (lr_spec_set (spec, "lr", "1,2", &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_false (lr_spec_set (spec, "a=b", "1", &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_false (lr_spec_set (expr, "a", "1", &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_UNKNOWN_KEY);
}

static void
test_run_spec (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(LrRunSpec) run = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *schedule = NULL;

  g_assert_true (lr_run_spec_parse ("sgd:lr=0.1,momentum=0.9@cosine:T_max=100", &run, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (run.optimizer->name, ==, "sgd");
  g_assert_cmpstr (run.schedule->name, ==, "cosine");
  text = lr_run_spec_format (&run);
  g_assert_cmpstr (text, ==, "sgd:lr=0.1,momentum=0.9@cosine:T_max=100");
  lr_run_spec_clear (&run);
  g_assert_null (run.optimizer);

  /* An empty schedule is an error, as an empty optimizer is. */
  g_assert_false (lr_run_spec_parse ("adam@", &run, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_SYNTAX);
  g_assert_null (run.optimizer);
  g_clear_error (&error);

  /* No schedule: constant. */
  g_assert_true (lr_run_spec_parse ("adam", &run, &error));
  g_assert_null (run.schedule);
  g_clear_pointer (&text, g_free);
  text = lr_run_spec_format (&run);
  g_assert_cmpstr (text, ==, "adam");
  schedule = lr_run_spec_format_schedule (&run);
  g_assert_cmpstr (schedule, ==, "constant");
  lr_run_spec_clear (&run);

  /* The optimizer's error first, then the schedule's; @out stays cleared. */
  g_assert_false (lr_run_spec_parse ("sgd:lr=-1@warp", &run, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_null (run.optimizer);
  g_clear_error (&error);
  g_assert_false (lr_run_spec_parse ("sgd:lr=0.1@warp", &run, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_UNKNOWN_NAME);
  g_assert_null (run.optimizer);
  g_clear_error (&error);
  g_assert_false (lr_run_spec_parse ("sgd@cosine:T_max=", &run, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "column 14"));
}

static void
test_format_machine (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  lr_format_csv_number (s, 0.1, LR_NUMBER_G17);
  g_string_append_c (s, ',');
  lr_format_csv_number (s, 0.1, LR_NUMBER_SHORTEST);
  g_string_append_c (s, ',');
  lr_format_csv_number (s, -INFINITY, LR_NUMBER_SHORTEST);
  g_string_append_c (s, ',');
  lr_format_csv_number (s, NAN, LR_NUMBER_G17);
  g_string_append_c (s, ',');
  lr_format_json_number (s, INFINITY, LR_NUMBER_G17);
  g_string_append_c (s, ',');
  lr_format_json_string (s, "a\"b\\c\n");
  g_string_append_c (s, ',');
  lr_format_csv_string (s, "say \"hi\"");
  g_assert_cmpstr (s->str, ==,
                   "0.10000000000000001,0.1,-inf,nan,null,\"a\\\"b\\\\c\\u000a\",\"say \"\"hi\"\"\"");
}

static void
test_describe_range (void)
{
  const LrParamInfo flag = { "nesterov", LR_PARAM_BOOL, 0, NULL, 0, 1, 0, NULL, "" };
  const LrParamInfo count = { "steps", LR_PARAM_INT, 1, NULL, 1, 1e9, 0, NULL, "" };
  const LrParamInfo beta = { "beta", LR_PARAM_FLOAT, 0.9, NULL, 0, 1, LR_PARAM_FLAG_MAX_EXCLUSIVE, NULL, "" };
  g_autofree char *a = lr_param_describe_range (&flag);
  g_autofree char *b = lr_param_describe_range (&count);
  g_autofree char *c = lr_param_describe_range (&beta);

  g_assert_cmpstr (a, ==, "true, false");
  g_assert_cmpstr (b, ==, "[1, 1000000000]");
  g_assert_cmpstr (c, ==, "[0, 1)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spec/parse/basic", test_parse_basic);
  g_test_add_func ("/spec/parse/plain-and-expr", test_parse_plain_and_expr);
  g_test_add_func ("/spec/parse/errors", test_parse_errors);
  g_test_add_func ("/spec/parse/too-long", test_too_long);
  g_test_add_func ("/spec/resolve/values", test_resolve_values);
  g_test_add_func ("/spec/resolve/errors", test_resolve_errors);
  g_test_add_func ("/spec/parse-double", test_parse_double);
  g_test_add_func ("/spec/format-default", test_format_default);
  g_test_add_func ("/spec/to-string-and-set", test_to_string_and_set);
  g_test_add_func ("/spec/run-spec", test_run_spec);
  g_test_add_func ("/spec/format-machine", test_format_machine);
  g_test_add_func ("/spec/describe-range", test_describe_range);

  return g_test_run ();
}
