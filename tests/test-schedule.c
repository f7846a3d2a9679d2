/* test-schedule.c: schedules against torch.optim.lr_scheduler, specs, errors and reset
 *
 * The reference values come from tests/golden/schedules.txt, written by
 * tests/golden/make-schedules.py with torch.optim.lr_scheduler in float64.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-optimizer.h"
#include "lr-schedule.h"

/* ------------------------------------------------------------------------------------------ */
/* The golden file                                                                            */

typedef struct
{
  double lr;
  double momentum;
  gboolean has_momentum;
} GoldenUpdate;

typedef struct
{
  char    *spec;
  double   base_lr;
  double   base_momentum;
  guint    n_steps;
  GArray  *metrics;           /* double, plateau only */
  GArray  *updates;           /* GoldenUpdate */
} GoldenConfig;

static GPtrArray *golden;     /* GoldenConfig */
static double max_rel_dev;    /* largest relative deviation from torch seen, for the log */

static void
golden_config_free (gpointer data)
{
  GoldenConfig *gc = data;

  g_free (gc->spec);
  if (gc->metrics != NULL)
    g_array_unref (gc->metrics);
  g_array_unref (gc->updates);
  g_free (gc);
}

static double
parse_number (const char *text,
              guint       line_no)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0')
    g_error ("schedules.txt:%u: bad number '%s'", line_no, text);
  return v;
}

static void
load_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", "schedules.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GoldenConfig *cur = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  golden = g_ptr_array_new_with_free_func (golden_config_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint ln = 0; lines[ln] != NULL; ln++)
    {
      g_auto(GStrv) tok = NULL;
      guint n;

      if (lines[ln][0] == '\0' || lines[ln][0] == '#')
        continue;
      tok = g_strsplit (lines[ln], " ", -1);
      n = g_strv_length (tok);

      if (g_str_equal (tok[0], "config") && n == 2)
        {
          g_assert_null (cur);
          cur = g_new0 (GoldenConfig, 1);
          cur->spec = g_strdup (tok[1]);
          cur->base_momentum = -1;
          cur->updates = g_array_new (FALSE, TRUE, sizeof (GoldenUpdate));
        }
      else if (g_str_equal (tok[0], "base_lr") && n == 2 && cur != NULL)
        cur->base_lr = parse_number (tok[1], ln + 1);
      else if (g_str_equal (tok[0], "base_momentum") && n == 2 && cur != NULL)
        cur->base_momentum = parse_number (tok[1], ln + 1);
      else if (g_str_equal (tok[0], "n_steps") && n == 2 && cur != NULL)
        cur->n_steps = (guint) parse_number (tok[1], ln + 1);
      else if (g_str_equal (tok[0], "optimizer") && n == 2 && cur != NULL)
        g_assert_true (g_str_equal (tok[1], "sgd") || g_str_equal (tok[1], "adam"));
      else if (g_str_equal (tok[0], "metrics") && cur != NULL)
        {
          cur->metrics = g_array_new (FALSE, FALSE, sizeof (double));
          for (guint i = 1; i < n; i++)
            {
              double v = parse_number (tok[i], ln + 1);
              g_array_append_val (cur->metrics, v);
            }
        }
      else if (g_str_equal (tok[0], "update") && cur != NULL && (n == 3 || n == 4))
        {
          GoldenUpdate u = { 0 };

          g_assert_cmpfloat (parse_number (tok[1], ln + 1), ==, cur->updates->len);
          u.lr = parse_number (tok[2], ln + 1);
          u.has_momentum = n == 4;
          if (u.has_momentum)
            u.momentum = parse_number (tok[3], ln + 1);
          g_array_append_val (cur->updates, u);
        }
      else if (g_str_equal (tok[0], "end") && cur != NULL)
        {
          g_assert_cmpuint (cur->updates->len, >, 0);
          if (cur->metrics != NULL)
            g_assert_cmpuint (cur->metrics->len, ==, cur->updates->len);
          g_ptr_array_add (golden, g_steal_pointer (&cur));
        }
      else
        g_error ("schedules.txt:%u: unexpected line '%s'", ln + 1, lines[ln]);
    }

  g_assert_null (cur);
  g_assert_cmpuint (golden->len, >=, 45);
}

static gboolean
close_to (double value,
          double expected,
          double abs_floor)
{
  return fabs (value - expected) <= 1e-9 * fabs (expected) + abs_floor;
}

/* Runs @gc through @schedule from its current state, comparing every value. */
static void
check_against_golden (LrSchedule         *schedule,
                      const GoldenConfig *gc)
{
  double floor_lr = 1e-12 * gc->base_lr;

  for (guint k = 0; k < gc->updates->len; k++)
    {
      const GoldenUpdate *u = &g_array_index (gc->updates, GoldenUpdate, k);
      double lr = lr_schedule_get_lr (schedule);
      double momentum = -2;
      gboolean has_momentum = lr_schedule_get_momentum (schedule, &momentum);

      if (!close_to (lr, u->lr, floor_lr))
        g_error ("%s: update %u: lr %.17g, torch %.17g", gc->spec, k, lr, u->lr);
      if (has_momentum != u->has_momentum)
        g_error ("%s: update %u: momentum %s, torch %s", gc->spec, k,
                 has_momentum ? "cycled" : "not cycled", u->has_momentum ? "cycled" : "not cycled");
      if (has_momentum && !close_to (momentum, u->momentum, 1e-12))
        g_error ("%s: update %u: momentum %.17g, torch %.17g", gc->spec, k, momentum,
                 u->momentum);

      if (u->lr != 0)
        max_rel_dev = MAX (max_rel_dev, fabs (lr - u->lr) / fabs (u->lr));

      lr_schedule_step (schedule);
      if (gc->metrics != NULL)
        lr_schedule_observe (schedule, g_array_index (gc->metrics, double, k));
    }
}

static void
test_golden (void)
{
  static const char *const names[] = {
    "constant", "step", "multistep", "exponential", "cosine", "cosine_restarts", "linear",
    "onecycle", "cyclic", "plateau",
  };
  guint covered[G_N_ELEMENTS (names)] = { 0 };
  guint n_warmup = 0, n_momentum = 0;

  for (guint i = 0; i < golden->len; i++)
    {
      const GoldenConfig *gc = g_ptr_array_index (golden, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(LrSchedule) s = lr_schedule_new (gc->spec, gc->base_lr, gc->base_momentum,
                                                 gc->n_steps, &error);

      g_assert_no_error (error);
      g_assert_nonnull (s);
      g_assert_cmpint (lr_schedule_is_metric_driven (s), ==, gc->metrics != NULL);
      check_against_golden (s, gc);

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        if (g_str_equal (lr_schedule_get_name (s), names[j]))
          covered[j]++;
      if (strstr (gc->spec, "warmup=") != NULL)
        n_warmup++;
      if (g_array_index (gc->updates, GoldenUpdate, 0).has_momentum)
        n_momentum++;
    }

  for (guint j = 0; j < G_N_ELEMENTS (names); j++)
    if (covered[j] < 2)
      g_error ("schedule %s has %u golden configurations", names[j], covered[j]);
  g_test_message ("largest relative deviation of a learning rate from torch: %.3g", max_rel_dev);
  g_assert_cmpuint (n_warmup, >=, 5);
  g_assert_cmpuint (n_momentum, >=, 4);
}

/* reset() starts over: the same values again, after a partial and after a full run. */
static void
test_reset (void)
{
  for (guint i = 0; i < golden->len; i++)
    {
      const GoldenConfig *gc = g_ptr_array_index (golden, i);
      g_autoptr(LrSchedule) s = lr_schedule_new (gc->spec, gc->base_lr, gc->base_momentum,
                                                 gc->n_steps, NULL);
      double first_lr;

      g_assert_nonnull (s);
      first_lr = lr_schedule_get_lr (s);
      for (guint k = 0; k < gc->updates->len / 2 + 1; k++)
        {
          lr_schedule_step (s);
          lr_schedule_observe (s, gc->metrics ? g_array_index (gc->metrics, double, k) : 1.0);
        }
      lr_schedule_reset (s);
      g_assert_cmpfloat (lr_schedule_get_lr (s), ==, first_lr);
      check_against_golden (s, gc);
      lr_schedule_reset (s);
      check_against_golden (s, gc);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Specs                                                                                      */

static void
test_kinds (void)
{
  guint n_kinds = 0;
  const LrKindInfo *kinds = lr_schedule_kinds (&n_kinds);

  g_assert_cmpuint (n_kinds, ==, 11);
  for (guint i = 0; i < n_kinds; i++)
    {
      const LrKindInfo *k = &kinds[i];
      gboolean has_warmup = FALSE;

      g_assert_nonnull (k->name);
      g_assert_true (k->blurb != NULL && k->blurb[0] != '\0');
      for (guint j = 0; j < k->n_params; j++)
        {
          const LrParamInfo *p = &k->params[j];

          g_assert_true (p->blurb != NULL && p->blurb[0] != '\0');
          if (g_str_equal (p->key, "warmup"))
            {
              has_warmup = TRUE;
              g_assert_cmpint (p->type, ==, LR_PARAM_INT);
              g_assert_cmpfloat (p->def, ==, 0);
              g_assert_cmpfloat (p->min, ==, 0);
            }
          if (p->flags & LR_PARAM_FLAG_AUTO)
            {
              g_assert_cmpfloat (p->def, ==, 0);
              g_assert_cmpstr (p->def_text, ==, "auto");
            }
          else if (p->type == LR_PARAM_FLOAT || p->type == LR_PARAM_INT)
            {
              g_assert_cmpfloat (p->def, >=, p->min);
              g_assert_cmpfloat (p->def, <=, p->max);
            }
          if (p->type == LR_PARAM_CHOICE)
            g_assert_nonnull (p->choices);
        }
      g_assert_true (has_warmup);

      /* Every kind builds from its bare name with its defaults. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(LrSchedule) s = lr_schedule_new (k->name, 0.1, 0.9, 100, &error);
        g_autofree char *text = NULL;

        g_assert_no_error (error);
        g_assert_cmpstr (lr_schedule_get_name (s), ==, k->name);
        text = lr_schedule_to_spec (s);
        g_assert_cmpstr (text, ==, k->name);
        g_assert_true (isfinite (lr_schedule_get_lr (s)));
      }
    }
}

static void
test_spec_text (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "constant", "constant" },
    { "", "constant" },
    { "step:step_size=30,gamma=0.1", "step" },
    { "step:gamma=0.5,step_size=7", "step:step_size=7,gamma=0.5" },
    { "cosine:T_max=200,eta_min=0.001", "cosine:T_max=200,eta_min=0.001" },
    { "cosine:T_max=auto", "cosine" },
    { "multistep:milestones=30/80", "multistep" },
    { "multistep:milestones=5/15/40,gamma=0.5", "multistep:milestones=5/15/40,gamma=0.5" },
    { "linear:start_factor=0.3333333333333333", "linear" },
    { "linear:start_factor=0.5,end_factor=0", "linear:start_factor=0.5,end_factor=0" },
    { "onecycle:anneal_strategy=linear,three_phase=true,max_lr=0.5",
      "onecycle:max_lr=0.5,anneal_strategy=linear,three_phase=true" },
    { "onecycle:max_lr=auto,total_steps=auto,pct_start=0.3", "onecycle" },
    { "cyclic:mode=exp_range,gamma=0.99,step_size_down=auto", "cyclic:mode=exp_range,gamma=0.99" },
    { "plateau:mode=max,threshold_mode=abs,eps=1e-8", "plateau:mode=max,threshold_mode=abs" },
    { "step:warmup=10", "step:warmup=10" },
    { "constant:warmup=0", "constant" },
  };

  {
    g_autoptr(LrSchedule) s = lr_schedule_new (NULL, 0.1, -1, 10, NULL);
    g_autofree char *text = lr_schedule_to_spec (s);

    g_assert_cmpstr (text, ==, "constant");
    g_assert_cmpstr (lr_schedule_get_name (s), ==, "constant");
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrSchedule) s = lr_schedule_new (cases[i].in, 0.1, -1, 100, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = lr_schedule_to_spec (s);
      g_assert_cmpstr (text, ==, cases[i].out);
    }

  /* Every golden spec survives a round trip through its canonical text, with equal values. */
  for (guint i = 0; i < golden->len; i++)
    {
      GoldenConfig gc = *(const GoldenConfig *) g_ptr_array_index (golden, i);
      g_autoptr(LrSchedule) s = lr_schedule_new (gc.spec, gc.base_lr, gc.base_momentum,
                                                 gc.n_steps, NULL);
      g_autofree char *text = lr_schedule_to_spec (s);
      g_autoptr(LrSchedule) again = lr_schedule_new (text, gc.base_lr, gc.base_momentum,
                                                     gc.n_steps, NULL);
      g_autofree char *text2 = NULL;

      g_assert_nonnull (again);
      text2 = lr_schedule_to_spec (again);
      g_assert_cmpstr (text, ==, text2);
      gc.spec = text;
      check_against_golden (again, &gc);
    }
}

static void
expect_error (const char *spec,
              double      base_momentum,
              int         code,
              const char *const *fragments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrSchedule) s = lr_schedule_new (spec, 0.1, base_momentum, 100, &error);

  if (s != NULL)
    g_error ("'%s' was accepted", spec);
  g_assert_error (error, LR_ERROR, code);
  for (guint i = 0; fragments[i] != NULL; i++)
    if (strstr (error->message, fragments[i]) == NULL)
      g_error ("'%s': message \"%s\" lacks \"%s\"", spec, error->message, fragments[i]);
}

#define EXPECT_ERROR(spec, mom, code, ...) \
  G_STMT_START { \
    static const char *const frags_[] = { __VA_ARGS__, NULL }; \
    expect_error ((spec), (mom), (code), frags_); \
  } G_STMT_END

static void
test_errors (void)
{
  /* Unknown names list the valid ones; unknown keys list the valid keys. */
  EXPECT_ERROR ("cosin", -1, LR_ERROR_UNKNOWN_NAME, "cosin", "constant", "cosine_restarts",
                "onecycle", "plateau");
  EXPECT_ERROR ("cosine:Tmax=10", -1, LR_ERROR_UNKNOWN_KEY, "Tmax", "T_max", "eta_min", "warmup");
  EXPECT_ERROR ("constant:gamma=0.5", -1, LR_ERROR_UNKNOWN_KEY, "gamma", "warmup");

  /* milestones */
  EXPECT_ERROR ("multistep:milestones=30/20", -1, LR_ERROR_VALUE, "milestones", "20", "30");
  EXPECT_ERROR ("multistep:milestones=10/10", -1, LR_ERROR_VALUE, "milestones");
  EXPECT_ERROR ("multistep:milestones=0/10", -1, LR_ERROR_VALUE, "milestones");
  EXPECT_ERROR ("multistep:milestones=-5", -1, LR_ERROR_VALUE, "milestones");
  EXPECT_ERROR ("multistep:milestones=2.5/10", -1, LR_ERROR_VALUE, "milestones", "2.5");
  EXPECT_ERROR ("multistep:milestones=10/x", -1, LR_ERROR_VALUE, "x");
  EXPECT_ERROR ("multistep:milestones=10//20", -1, LR_ERROR_VALUE, "milestones");

  /* Non-finite and malformed numbers */
  EXPECT_ERROR ("exponential:gamma=nan", -1, LR_ERROR_VALUE, "nan", "gamma");
  EXPECT_ERROR ("exponential:gamma=inf", -1, LR_ERROR_VALUE, "inf", "gamma");
  EXPECT_ERROR ("cosine:eta_min=-inf", -1, LR_ERROR_VALUE, "eta_min");
  EXPECT_ERROR ("step:gamma=0.1x", -1, LR_ERROR_VALUE, "0.1x");
  EXPECT_ERROR ("step:gamma=", -1, LR_ERROR_SYNTAX, "gamma");
  EXPECT_ERROR ("onecycle:max_lr=1e999", -1, LR_ERROR_VALUE, "max_lr");

  /* Ranges, as torch checks them */
  EXPECT_ERROR ("step:step_size=0", -1, LR_ERROR_VALUE, "step_size", "[1,");
  EXPECT_ERROR ("step:step_size=2.5", -1, LR_ERROR_VALUE, "step_size");
  EXPECT_ERROR ("exponential:gamma=0", -1, LR_ERROR_VALUE, "gamma", "(0,");
  EXPECT_ERROR ("linear:start_factor=0", -1, LR_ERROR_VALUE, "start_factor", "(0, 1]");
  EXPECT_ERROR ("linear:start_factor=1.5", -1, LR_ERROR_VALUE, "start_factor");
  EXPECT_ERROR ("linear:end_factor=-0.1", -1, LR_ERROR_VALUE, "end_factor", "[0, 1]");
  EXPECT_ERROR ("cosine:T_max=-3", -1, LR_ERROR_VALUE, "T_max");
  EXPECT_ERROR ("cosine_restarts:T_mult=0", -1, LR_ERROR_VALUE, "T_mult");
  EXPECT_ERROR ("onecycle:pct_start=1", -1, LR_ERROR_VALUE, "pct_start", "(0, 1)");
  EXPECT_ERROR ("onecycle:pct_start=0", -1, LR_ERROR_VALUE, "pct_start");
  EXPECT_ERROR ("onecycle:anneal_strategy=cosine", -1, LR_ERROR_VALUE, "cosine", "cos, linear");
  EXPECT_ERROR ("onecycle:total_steps=-1", -1, LR_ERROR_VALUE, "total_steps");
  EXPECT_ERROR ("onecycle:total_steps=10,pct_start=0.1", -1, LR_ERROR_VALUE, "pct_start");
  EXPECT_ERROR ("cyclic:mode=triangle", -1, LR_ERROR_VALUE, "triangle", "exp_range");
  EXPECT_ERROR ("cyclic:step_size_up=0", -1, LR_ERROR_VALUE, "step_size_up");
  EXPECT_ERROR ("plateau:factor=1", -1, LR_ERROR_VALUE, "factor");
  EXPECT_ERROR ("plateau:mode=minimum", -1, LR_ERROR_VALUE, "minimum", "min, max");
  EXPECT_ERROR ("plateau:threshold_mode=relative", -1, LR_ERROR_VALUE, "relative", "rel, abs");
  EXPECT_ERROR ("plateau:patience=-1", -1, LR_ERROR_VALUE, "patience");
  EXPECT_ERROR ("step:warmup=-1", -1, LR_ERROR_VALUE, "warmup");
  EXPECT_ERROR ("step:warmup=1.5", -1, LR_ERROR_VALUE, "warmup");
  EXPECT_ERROR ("onecycle:three_phase=maybe", -1, LR_ERROR_VALUE, "maybe", "three_phase");

  /* Momentum cycling needs an optimizer with momentum or beta1. */
  EXPECT_ERROR ("onecycle:cycle_momentum=true", -1, LR_ERROR_VALUE, "cycle_momentum", "momentum");
  EXPECT_ERROR ("cyclic:cycle_momentum=true", -1, LR_ERROR_VALUE, "cycle_momentum", "momentum");

  /* Syntax */
  EXPECT_ERROR ("step:step_size", -1, LR_ERROR_SYNTAX, "step_size");
  EXPECT_ERROR (":gamma=0.1", -1, LR_ERROR_SYNTAX, "");

  /* A momentum of 0 (plain SGD) can be cycled, as in torch. */
  {
    g_autoptr(LrSchedule) s = lr_schedule_new ("onecycle:cycle_momentum=true", 0.1, 0, 100, NULL);
    double m = 0;

    g_assert_nonnull (s);
    g_assert_true (lr_schedule_get_momentum (s, &m));
    g_assert_cmpfloat (m, ==, 0.95);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Behaviour beyond the golden data                                                           */

static void
test_auto_keys (void)
{
  /* cosine: T_max = n_steps; at T_max the rate is eta_min. */
  {
    g_autoptr(LrSchedule) s = lr_schedule_new ("cosine:eta_min=0.01", 0.1, -1, 40, NULL);

    for (guint k = 0; k < 40; k++)
      lr_schedule_step (s);
    g_assert_cmpfloat (fabs (lr_schedule_get_lr (s) - 0.01), <, 1e-15);
  }
  /* n_steps = 0: the auto keys are at least 1; values stay finite. */
  for (guint i = 0; i < 4; i++)
    {
      static const char *const specs[] = { "cosine", "cosine_restarts", "onecycle", "cyclic" };
      g_autoptr(GError) error = NULL;
      g_autoptr(LrSchedule) s = lr_schedule_new (specs[i], 0.1, -1, 0, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < 50; k++)
        {
          g_assert_true (isfinite (lr_schedule_get_lr (s)));
          g_assert_cmpfloat (lr_schedule_get_lr (s), >=, 0);
          lr_schedule_step (s);
        }
    }
  /* onecycle: max_lr auto is the optimizer's lr; the first rate is max_lr / div_factor. */
  {
    g_autoptr(LrSchedule) s = lr_schedule_new ("onecycle", 0.5, -1, 100, NULL);

    /* torch anneals there from max_lr, which rounds: equal to a few ulps */
    g_assert_cmpfloat (fabs (lr_schedule_get_lr (s) - 0.5 / 25), <, 1e-16);
  }
  /* cyclic: base_lr auto is the optimizer's lr, max_lr auto 10 × base_lr. */
  {
    g_autoptr(LrSchedule) s = lr_schedule_new ("cyclic:step_size_up=4", 0.02, -1, 100, NULL);

    g_assert_cmpfloat (lr_schedule_get_lr (s), ==, 0.02);
    for (guint k = 0; k < 4; k++)
      lr_schedule_step (s);
    g_assert_cmpfloat (fabs (lr_schedule_get_lr (s) - 0.2), <, 1e-15);
  }
  {
    g_autoptr(LrSchedule) s = lr_schedule_new ("cyclic:base_lr=0.001,step_size_up=4", 0.5, -1,
                                               100, NULL);

    g_assert_cmpfloat (lr_schedule_get_lr (s), ==, 0.001);
    for (guint k = 0; k < 4; k++)
      lr_schedule_step (s);
    g_assert_cmpfloat (fabs (lr_schedule_get_lr (s) - 0.01), <, 1e-15);
  }
}

static void
test_onecycle_past_end (void)
{
  /* torch raises past total_steps; the value at total_steps is held. */
  g_autoptr(LrSchedule) s = lr_schedule_new ("onecycle:total_steps=20", 0.1, -1, 20, NULL);
  double at_end;

  for (guint k = 0; k < 20; k++)
    lr_schedule_step (s);
  at_end = lr_schedule_get_lr (s);
  g_assert_true (isfinite (at_end));
  for (guint k = 0; k < 1000; k++)
    {
      lr_schedule_step (s);
      g_assert_cmpfloat (lr_schedule_get_lr (s), ==, at_end);
    }
}

static void
test_long_runs (void)
{
  /* Many updates: no overflow, no NaN, restarts keep going. */
  static const char *const specs[] = {
    "step:step_size=1,gamma=0.5", "exponential:gamma=0.9", "cosine:T_max=3",
    "cosine_restarts:T_0=1,T_mult=2", "cosine_restarts:T_0=2,T_mult=1000", "linear",
    "cyclic:step_size_up=1,mode=exp_range,gamma=0.5", "cyclic:step_size_up=1,mode=triangular2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(LrSchedule) s = lr_schedule_new (specs[i], 0.1, -1, 100, NULL);

      g_assert_nonnull (s);
      for (guint k = 0; k < 200000; k++)
        lr_schedule_step (s);
      g_assert_true (isfinite (lr_schedule_get_lr (s)));
      g_assert_cmpfloat (lr_schedule_get_lr (s), >=, 0);
      g_assert_cmpfloat (lr_schedule_get_lr (s), <=, 1.0);
    }
}

static void
test_metric_driven (void)
{
  /* Other schedules ignore observe(). */
  {
    g_autoptr(LrSchedule) a = lr_schedule_new ("step:step_size=2", 0.1, -1, 10, NULL);
    g_autoptr(LrSchedule) b = lr_schedule_new ("step:step_size=2", 0.1, -1, 10, NULL);

    g_assert_false (lr_schedule_is_metric_driven (a));
    for (guint k = 0; k < 10; k++)
      {
        lr_schedule_step (a);
        lr_schedule_step (b);
        lr_schedule_observe (b, 100.0 + k);
        g_assert_cmpfloat (lr_schedule_get_lr (a), ==, lr_schedule_get_lr (b));
      }
  }
  /* plateau: step() alone never changes the rate (except for the warm-up). */
  {
    g_autoptr(LrSchedule) s = lr_schedule_new ("plateau:patience=0,warmup=4", 0.1, -1, 10, NULL);

    g_assert_true (lr_schedule_is_metric_driven (s));
    for (guint k = 0; k < 100; k++)
      {
        double expect = k < 4 ? 0.1 * (k + 1) / 4 : 0.1;

        g_assert_cmpfloat (fabs (lr_schedule_get_lr (s) - expect), <, 1e-17);
        lr_schedule_step (s);
      }
  }
  /* plateau: a NaN loss is no improvement, as in torch. */
  {
    g_autoptr(LrSchedule) s = lr_schedule_new ("plateau:patience=1,factor=0.5", 0.1, -1, 10, NULL);

    lr_schedule_observe (s, 1.0);
    lr_schedule_observe (s, NAN);
    g_assert_cmpfloat (lr_schedule_get_lr (s), ==, 0.1);
    lr_schedule_observe (s, NAN);
    g_assert_cmpfloat (lr_schedule_get_lr (s), ==, 0.05);
    lr_schedule_observe (s, 0.5);
    g_assert_cmpfloat (lr_schedule_get_lr (s), ==, 0.05);
  }
}

/* Every key whose 0 stands for a derived value ("auto") refuses an
 * explicit 0 with its valid range, and takes the word. */
static void
test_explicit_zero_refused (void)
{
  guint n, checked = 0;
  const LrKindInfo *kinds = lr_schedule_kinds (&n);

  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < kinds[i].n_params; k++)
      {
        const LrParamInfo *info = &kinds[i].params[k];
        g_autofree char *zero = NULL;
        g_autofree char *word = NULL;
        g_autofree char *range = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(LrSchedule) refused = NULL;
        g_autoptr(LrSchedule) taken = NULL;

        if (!(info->flags & LR_PARAM_FLAG_AUTO))
          continue;
        zero = g_strdup_printf ("%s:%s=0", kinds[i].name, info->key);
        word = g_strdup_printf ("%s:%s=%s", kinds[i].name, info->key, info->def_text);
        range = lr_param_describe_range (info);
        refused = lr_schedule_new (zero, 0.1, 0.9, 100, &error);
        g_assert_null (refused);
        g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
        g_assert_nonnull (strstr (error->message, range));
        g_assert_nonnull (strstr (error->message, info->def_text));
        g_clear_error (&error);
        taken = lr_schedule_new (word, 0.1, 0.9, 100, &error);
        g_assert_no_error (error);
        checked++;
      }
  g_assert_cmpuint (checked, >=, 8);

  /* and the optimizers' (Prodigy's beta3, the growth limits) */
  checked = 0;
  kinds = lr_optimizer_kinds (&n);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < kinds[i].n_params; k++)
      {
        const LrParamInfo *info = &kinds[i].params[k];
        g_autofree char *zero = NULL;
        g_autofree char *word = NULL;
        g_autoptr(GError) error = NULL;
        LrOptimizerConfig config;

        if (!(info->flags & LR_PARAM_FLAG_AUTO))
          continue;
        zero = g_strdup_printf ("%s:%s=0", kinds[i].name, info->key);
        word = g_strdup_printf ("%s:%s=%s", kinds[i].name, info->key, info->def_text);
        g_assert_false (lr_optimizer_config_parse (zero, &config, &error));
        g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
        g_assert_nonnull (strstr (error->message, "out of range"));
        g_clear_error (&error);
        g_assert_true (lr_optimizer_config_parse (word, &config, &error));
        g_assert_no_error (error);
        checked++;
      }
  g_assert_cmpuint (checked, >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  load_golden ();

  g_test_add_func ("/schedule/golden", test_golden);
  g_test_add_func ("/schedule/reset", test_reset);
  g_test_add_func ("/schedule/kinds", test_kinds);
  g_test_add_func ("/schedule/spec/text", test_spec_text);
  g_test_add_func ("/schedule/spec/errors", test_errors);
  g_test_add_func ("/schedule/auto-keys", test_auto_keys);
  g_test_add_func ("/schedule/onecycle-past-end", test_onecycle_past_end);
  g_test_add_func ("/schedule/long-runs", test_long_runs);
  g_test_add_func ("/schedule/metric-driven", test_metric_driven);
  g_test_add_func ("/schedule/explicit-zero-refused", test_explicit_zero_refused);

  ret = g_test_run ();
  g_ptr_array_unref (golden);
  return ret;
}
