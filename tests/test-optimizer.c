/* test-optimizer.c: optimizer rules against torch.optim, specs, errors and precision
 *
 * The reference steps come from tests/golden/optimizers.txt, written by
 * tests/golden/make-golden.py with torch.optim in float64.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "lr-optimizer.h"

#define DIM 5

/* The test function of make-golden.py:
 * f(p) = sum_i c_i (p_i - t_i)^2 + 0.1 sum_i p_i^4 + p_0 p_1 */
static const double fn_c[DIM] = { 1.0, 2.0, 0.5, 3.0, 1.5 };
static const double fn_t[DIM] = { 1.0, -2.0, 0.5, 3.0, -1.0 };

/* Term by term in the order of make-golden.py's grad5(), so that equal parameters give equal
 * gradients bit for bit. */
static void
grad5 (const double *p,
       double       *g)
{
  for (guint i = 0; i < DIM; i++)
    {
      double gi = 2.0 * fn_c[i] * (p[i] - fn_t[i]) + 0.4 * p[i] * p[i] * p[i];

      if (i == 0)
        gi = gi + p[1];
      else if (i == 1)
        gi = gi + p[0];
      g[i] = gi;
    }
}

static void
grad5_float (const float *p,
             float       *g)
{
  for (guint i = 0; i < DIM; i++)
    {
      float c = (float) fn_c[i];
      float t = (float) fn_t[i];
      float gi = 2.0f * c * (p[i] - t) + 0.4f * p[i] * p[i] * p[i];

      if (i == 0)
        gi = gi + p[1];
      else if (i == 1)
        gi = gi + p[0];
      g[i] = gi;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The golden file                                                                            */

typedef struct
{
  double lr;
  double momentum;
  double p[DIM];
} GoldenStep;

typedef struct
{
  char     *spec;
  gboolean  set_momentum;
  double    start[DIM];
  GArray   *steps;            /* GoldenStep */
} GoldenConfig;

static GPtrArray *golden;     /* GoldenConfig */

static void
golden_config_free (gpointer data)
{
  GoldenConfig *gc = data;

  g_free (gc->spec);
  g_array_unref (gc->steps);
  g_free (gc);
}

static double
parse_number (const char *text,
              guint       line_no)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0')
    g_error ("optimizers.txt:%u: bad number '%s'", line_no, text);
  return v;
}

static void
parse_numbers (char        **tokens,
               guint         n_tokens,
               guint         first,
               double       *out,
               guint         n_out,
               guint         line_no)
{
  if (n_tokens != first + n_out)
    g_error ("optimizers.txt:%u: expected %u numbers, found %u", line_no, n_out,
             n_tokens - first);
  for (guint i = 0; i < n_out; i++)
    out[i] = parse_number (tokens[first + i], line_no);
}

static void
load_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", "optimizers.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GoldenConfig *cur = NULL;
  double file_c[DIM], file_t[DIM];
  gboolean have_c = FALSE, have_t = FALSE;

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

      if (g_str_equal (tok[0], "dim"))
        g_assert_cmpstr (tok[1], ==, G_STRINGIFY (DIM));
      else if (g_str_equal (tok[0], "c"))
        {
          parse_numbers (tok, n, 1, file_c, DIM, ln + 1);
          have_c = TRUE;
        }
      else if (g_str_equal (tok[0], "t"))
        {
          parse_numbers (tok, n, 1, file_t, DIM, ln + 1);
          have_t = TRUE;
        }
      else if (g_str_equal (tok[0], "config") && n == 2)
        {
          g_assert_null (cur);
          cur = g_new0 (GoldenConfig, 1);
          cur->spec = g_strdup (tok[1]);
          cur->steps = g_array_new (FALSE, TRUE, sizeof (GoldenStep));
        }
      else if (g_str_equal (tok[0], "set_momentum") && n == 2 && cur != NULL)
        cur->set_momentum = g_str_equal (tok[1], "yes");
      else if (g_str_equal (tok[0], "start") && cur != NULL)
        parse_numbers (tok, n, 1, cur->start, DIM, ln + 1);
      else if (g_str_equal (tok[0], "step") && cur != NULL && n == 4 + DIM)
        {
          GoldenStep st;

          g_assert_cmpfloat (parse_number (tok[1], ln + 1), ==, cur->steps->len + 1);
          st.lr = parse_number (tok[2], ln + 1);
          st.momentum = parse_number (tok[3], ln + 1);
          parse_numbers (tok, n, 4, st.p, DIM, ln + 1);
          g_array_append_val (cur->steps, st);
        }
      else if (g_str_equal (tok[0], "end") && cur != NULL)
        {
          g_assert_cmpuint (cur->steps->len, >, 0);
          g_ptr_array_add (golden, g_steal_pointer (&cur));
        }
      else
        g_error ("optimizers.txt:%u: unexpected line '%s'", ln + 1, lines[ln]);
    }

  g_assert_null (cur);
  g_assert_true (have_c && have_t);
  /* The script and this file must define the same function. */
  for (guint i = 0; i < DIM; i++)
    {
      g_assert_cmpfloat (file_c[i], ==, fn_c[i]);
      g_assert_cmpfloat (file_t[i], ==, fn_t[i]);
    }
  g_assert_cmpuint (golden->len, >=, 40);
}

static gboolean
close_rel (double a,
           double b,
           double rel)
{
  return fabs (a - b) <= rel * MAX (fabs (a), fabs (b)) + 1e-300;
}

/* ------------------------------------------------------------------------------------------ */
/* Steps against torch                                                                        */

static void
test_golden_double (void)
{
  guint n_exact = 0, n_values = 0;
  double worst = 0;
  guint64 seen_rules = 0;

  for (guint c = 0; c < golden->len; c++)
    {
      const GoldenConfig *gc = g_ptr_array_index (golden, c);
      g_autoptr(GError) error = NULL;
      g_autoptr(LrOptimizer) opt = NULL;
      LrOptimizerConfig config;
      double p[DIM], g[DIM];

      g_test_message ("%s", gc->spec);
      lr_optimizer_config_parse (gc->spec, &config, &error);
      g_assert_no_error (error);
      seen_rules |= G_GUINT64_CONSTANT (1) << config.rule;

      opt = lr_optimizer_new (&config, DIM, LR_PRECISION_DOUBLE);
      memcpy (p, gc->start, sizeof p);
      for (guint k = 0; k < gc->steps->len; k++)
        {
          const GoldenStep *st = &g_array_index (gc->steps, GoldenStep, k);

          if (gc->set_momentum)
            lr_optimizer_set_momentum (opt, st->momentum);
          grad5 (p, g);
          lr_optimizer_step (opt, p, g, st->lr);
          g_assert_cmpuint (lr_optimizer_get_step_count (opt), ==, k + 1);
          /* The momentum in force is what the optimizer reports. */
          g_assert_cmpfloat (lr_optimizer_config_get_momentum (lr_optimizer_get_config (opt)), ==,
                             st->momentum);

          for (guint i = 0; i < DIM; i++)
            {
              double rel = fabs (p[i] - st->p[i]) / MAX (fabs (st->p[i]), 1e-300);

              if (!close_rel (p[i], st->p[i], 1e-9))
                g_error ("%s: step %u, p[%u] = %.17g, torch: %.17g (relative error %.3g)",
                         gc->spec, k + 1, i, p[i], st->p[i], rel);
              worst = MAX (worst, rel);
              n_exact += p[i] == st->p[i];
              n_values++;
            }
        }
    }

  /* Every rule is covered by the data. */
  g_assert_cmpuint (seen_rules, ==, (G_GUINT64_CONSTANT (1) << (LR_RULE_RADAM + 1)) - 1);
  g_test_message ("%u of %u values bit-identical to torch; worst relative error %.3g",
                  n_exact, n_values, worst);
}

/* The float path runs the same rules on float arrays.  It is driven by torch's own gradients
 * (the gradient at torch's previous point, rounded to float), so that what is measured is the
 * rule in single precision, not how the test function amplifies rounding near its minimum. */
static void
test_golden_float (void)
{
  double worst = 0;

  for (guint c = 0; c < golden->len; c++)
    {
      const GoldenConfig *gc = g_ptr_array_index (golden, c);
      g_autoptr(GError) error = NULL;
      g_autoptr(LrOptimizer) opt = NULL;
      LrOptimizerConfig config;
      const double *prev = gc->start;
      double gd[DIM];
      float p[DIM], g[DIM];
      double config_worst = 0;

      lr_optimizer_config_parse (gc->spec, &config, &error);
      g_assert_no_error (error);

      opt = lr_optimizer_new (&config, DIM, LR_PRECISION_FLOAT);
      for (guint i = 0; i < DIM; i++)
        p[i] = (float) gc->start[i];
      for (guint k = 0; k < gc->steps->len; k++)
        {
          const GoldenStep *st = &g_array_index (gc->steps, GoldenStep, k);

          if (gc->set_momentum)
            lr_optimizer_set_momentum (opt, st->momentum);
          grad5 (prev, gd);
          for (guint i = 0; i < DIM; i++)
            g[i] = (float) gd[i];
          lr_optimizer_step_float (opt, p, g, st->lr);
          prev = st->p;

          for (guint i = 0; i < DIM; i++)
            {
              double err = fabs (p[i] - st->p[i]) / MAX (1.0, fabs (st->p[i]));

              if (!(err <= 1e-5))
                g_error ("%s (float): step %u, p[%u] = %.9g, torch (float64): %.17g",
                         gc->spec, k + 1, i, p[i], st->p[i]);
              config_worst = MAX (config_worst, err);
            }
        }
      g_test_message ("%-60s float: %.3g", gc->spec, config_worst);
      worst = MAX (worst, config_worst);
    }

  g_test_message ("float path: worst error relative to max(1, |p|): %.3g", worst);
}

/* The trajectories of tests/golden/trajectories (checked end to end by the trajectory tests)
 * replayed through the optimizer alone: update k uses row k's learning rate and the gradient
 * stored in row k - 1, and must land on row k's point. */
static void
test_golden_trajectories (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "golden", "trajectories", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *entry;
  guint n_files = 0, n_exact = 0, n_values = 0;

  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      g_auto(GStrv) words = NULL;
      g_autoptr(LrOptimizer) opt = NULL;
      const char *spec = NULL;
      LrOptimizerConfig config;
      double p[2], g[2];
      guint n_rows = 0;

      if (!g_str_has_suffix (entry, ".csv"))
        continue;
      path = g_build_filename (dir_path, entry, NULL);
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (contents, "\n", -1);
      g_assert_true (g_str_has_prefix (lines[0], "# --surface "));
      g_assert_cmpstr (lines[1], ==, "step,lr,x,y,loss,grad_x,grad_y");

      words = g_strsplit (lines[0], " ", -1);
      for (guint i = 0; words[i] != NULL && words[i + 1] != NULL; i++)
        if (g_str_equal (words[i], "--optimizer"))
          spec = words[i + 1];
      g_assert_nonnull (spec);
      lr_optimizer_config_parse (spec, &config, &error);
      g_assert_no_error (error);
      opt = lr_optimizer_new (&config, 2, LR_PRECISION_DOUBLE);

      for (guint ln = 2; lines[ln] != NULL && lines[ln][0] != '\0'; ln++)
        {
          g_auto(GStrv) f = g_strsplit (lines[ln], ",", -1);
          double row[7];

          g_assert_cmpuint (g_strv_length (f), ==, 7);
          for (guint j = 0; j < 7; j++)
            row[j] = parse_number (f[j], ln + 1);
          g_assert_cmpfloat (row[0], ==, n_rows);

          if (n_rows == 0)
            {
              /* row 0: the start, with the learning rate the first update will use */
              g_assert_cmpfloat (row[1], ==, config.lr);
              p[0] = row[2];
              p[1] = row[3];
            }
          else
            {
              lr_optimizer_step (opt, p, g, row[1]);
              for (guint j = 0; j < 2; j++)
                {
                  if (!close_rel (p[j], row[2 + j], 1e-9))
                    g_error ("%s: step %u: %.17g, torch: %.17g", entry, n_rows, p[j], row[2 + j]);
                  n_exact += p[j] == row[2 + j];
                  n_values++;
                }
              /* continue from torch's point, as the gradient belongs to it */
              p[0] = row[2];
              p[1] = row[3];
            }
          g[0] = row[5];
          g[1] = row[6];
          n_rows++;
        }
      g_assert_cmpuint (n_rows, >=, 51);
      n_files++;
    }

  g_assert_cmpuint (n_files, >=, 20);
  g_test_message ("%u trajectories; %u of %u coordinates bit-identical to torch",
                  n_files, n_exact, n_values);
}

/* reset() forgets everything: state, step count and any momentum override. */
static void
test_reset (void)
{
  for (guint c = 0; c < golden->len; c++)
    {
      const GoldenConfig *gc = g_ptr_array_index (golden, c);
      g_autoptr(GError) error = NULL;
      g_autoptr(LrOptimizer) opt = NULL;
      LrOptimizerConfig config;
      double p[DIM], g[DIM];

      lr_optimizer_config_parse (gc->spec, &config, &error);
      g_assert_no_error (error);
      opt = lr_optimizer_new (&config, DIM, LR_PRECISION_DOUBLE);

      for (guint i = 0; i < DIM; i++)
        {
          p[i] = 0.5 * i - 1;
          g[i] = 2.0 - i;
        }
      for (guint k = 0; k < 7; k++)
        lr_optimizer_step (opt, p, g, 0.3);
      lr_optimizer_set_momentum (opt, 0.5);
      lr_optimizer_reset (opt);
      g_assert_cmpuint (lr_optimizer_get_step_count (opt), ==, 0);
      g_assert_cmpfloat (lr_optimizer_config_get_momentum (lr_optimizer_get_config (opt)), ==,
                         lr_optimizer_config_get_momentum (&config));

      memcpy (p, gc->start, sizeof p);
      for (guint k = 0; k < gc->steps->len; k++)
        {
          const GoldenStep *st = &g_array_index (gc->steps, GoldenStep, k);

          if (gc->set_momentum)
            lr_optimizer_set_momentum (opt, st->momentum);
          grad5 (p, g);
          lr_optimizer_step (opt, p, g, st->lr);
        }
      for (guint i = 0; i < DIM; i++)
        g_assert_true (close_rel (p[i], g_array_index (gc->steps, GoldenStep,
                                                       gc->steps->len - 1).p[i], 1e-9));
    }
}

/* Long vectors: every coordinate evolves on its own, whatever the vector length (loop tails,
 * vectorised bodies), in both precisions. */
static void
test_elementwise (void)
{
  const gsize n = 1037;
  const guint probes[] = { 0, 1, 7, 8, 15, 16, 511, 1024, 1031, 1036 };
  guint n_kinds;
  const LrKindInfo *kinds = lr_optimizer_kinds (&n_kinds);
  const char *extra[] = {
    "sgd:lr=0.01,momentum=0.9,nesterov=true,weight_decay=0.1", "sgd:lr=0.01,momentum=0.9",
    "rmsprop:momentum=0.5,centered=true", "rmsprop:centered=true", "rmsprop:momentum=0.5",
    "adam:amsgrad=true,weight_decay=0.1", "adamw:amsgrad=true",
  };

  for (guint kk = 0; kk < n_kinds + G_N_ELEMENTS (extra); kk++)
    {
      const char *spec = kk < n_kinds ? kinds[kk].name : extra[kk - n_kinds];
      g_autoptr(GError) error = NULL;
      g_autoptr(LrOptimizer) big = NULL;
      g_autoptr(LrOptimizer) bigf = NULL;
      g_autofree double *p = g_new (double, n);
      g_autofree double *g = g_new (double, n);
      g_autofree float *pf = g_new (float, n);
      g_autofree float *gf = g_new (float, n);
      LrOptimizerConfig config;

      lr_optimizer_config_parse (spec, &config, &error);
      g_assert_no_error (error);
      /* Their step d·lr or ηₜ depends on every coordinate (test-lrfree checks them). */
      if (lr_optimizer_config_is_lr_free (&config))
        continue;
      big = lr_optimizer_new (&config, n, LR_PRECISION_DOUBLE);
      bigf = lr_optimizer_new (&config, n, LR_PRECISION_FLOAT);
      g_assert_cmpuint (lr_optimizer_get_n_params (big), ==, n);

      for (gsize i = 0; i < n; i++)
        pf[i] = (float) (p[i] = sin (0.37 * i) * 2);
      for (guint k = 0; k < 25; k++)
        {
          for (gsize i = 0; i < n; i++)
            {
              g[i] = (1 + 0.01 * i) * (p[i] - cos (0.11 * i)) + 0.1 * p[i] * p[i] * p[i];
              gf[i] = (float) ((1 + 0.01 * i) * (pf[i] - cos (0.11 * i)) +
                               0.1 * pf[i] * pf[i] * pf[i]);
            }
          lr_optimizer_step (big, p, g, 0.05);
          lr_optimizer_step_float (bigf, pf, gf, 0.05);
        }

      for (guint j = 0; j < G_N_ELEMENTS (probes); j++)
        {
          gsize i = probes[j];
          g_autoptr(LrOptimizer) one = lr_optimizer_new (&config, 1, LR_PRECISION_DOUBLE);
          g_autoptr(LrOptimizer) onef = lr_optimizer_new (&config, 1, LR_PRECISION_FLOAT);
          double q = sin (0.37 * i) * 2, gq;
          float qf = (float) q, gqf;

          for (guint k = 0; k < 25; k++)
            {
              gq = (1 + 0.01 * i) * (q - cos (0.11 * i)) + 0.1 * q * q * q;
              gqf = (float) ((1 + 0.01 * i) * (qf - cos (0.11 * i)) + 0.1 * qf * qf * qf);
              lr_optimizer_step (one, &q, &gq, 0.05);
              lr_optimizer_step_float (onef, &qf, &gqf, 0.05);
            }
          g_assert_cmpfloat (q, ==, p[i]);
          g_assert_cmpfloat (qf, ==, pf[i]);
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Specs                                                                                      */

typedef struct
{
  const char *spec;
  const char *key;
  double      value;
} DefaultCase;

/* Current PyTorch defaults, one line per key. */
static const DefaultCase defaults[] = {
  { "sgd", "lr", 0.001 }, { "sgd", "momentum", 0 }, { "sgd", "dampening", 0 },
  { "sgd", "weight_decay", 0 }, { "sgd", "nesterov", 0 },
  { "momentum", "lr", 0.001 }, { "momentum", "momentum", 0.9 }, { "momentum", "nesterov", 0 },
  { "nesterov", "lr", 0.001 }, { "nesterov", "momentum", 0.9 }, { "nesterov", "nesterov", 1 },
  { "nesterov", "dampening", 0 },
  { "adagrad", "lr", 0.01 }, { "adagrad", "lr_decay", 0 }, { "adagrad", "weight_decay", 0 },
  { "adagrad", "initial_accumulator_value", 0 }, { "adagrad", "eps", 1e-10 },
  { "rmsprop", "lr", 0.01 }, { "rmsprop", "alpha", 0.99 }, { "rmsprop", "eps", 1e-8 },
  { "rmsprop", "weight_decay", 0 }, { "rmsprop", "momentum", 0 }, { "rmsprop", "centered", 0 },
  { "adadelta", "lr", 1.0 }, { "adadelta", "rho", 0.9 }, { "adadelta", "eps", 1e-6 },
  { "adadelta", "weight_decay", 0 },
  { "adam", "lr", 0.001 }, { "adam", "beta1", 0.9 }, { "adam", "beta2", 0.999 },
  { "adam", "eps", 1e-8 }, { "adam", "weight_decay", 0 }, { "adam", "amsgrad", 0 },
  { "adamw", "lr", 0.001 }, { "adamw", "beta1", 0.9 }, { "adamw", "beta2", 0.999 },
  { "adamw", "eps", 1e-8 }, { "adamw", "weight_decay", 0.01 }, { "adamw", "amsgrad", 0 },
  { "adamax", "lr", 0.002 }, { "adamax", "beta1", 0.9 }, { "adamax", "beta2", 0.999 },
  { "adamax", "eps", 1e-8 }, { "adamax", "weight_decay", 0 },
  { "nadam", "lr", 0.002 }, { "nadam", "beta1", 0.9 }, { "nadam", "beta2", 0.999 },
  { "nadam", "eps", 1e-8 }, { "nadam", "weight_decay", 0 }, { "nadam", "momentum_decay", 0.004 },
  { "radam", "lr", 0.001 }, { "radam", "beta1", 0.9 }, { "radam", "beta2", 0.999 },
  { "radam", "eps", 1e-8 }, { "radam", "weight_decay", 0 },
};

static void
test_defaults (void)
{
  guint n_kinds;
  const LrKindInfo *kinds = lr_optimizer_kinds (&n_kinds);
  const char *names[] = { "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta",
                          "adam", "adamw", "adamax", "nadam", "radam",
                          "prodigy", "dadapt_sgd", "dadapt_adam", "dog", "sgd_schedulefree",
                          "adamw_schedulefree", "lion" };
  const LrRule rules[] = { LR_RULE_SGD, LR_RULE_SGD, LR_RULE_SGD, LR_RULE_ADAGRAD,
                           LR_RULE_RMSPROP, LR_RULE_ADADELTA, LR_RULE_ADAM, LR_RULE_ADAMW,
                           LR_RULE_ADAMAX, LR_RULE_NADAM, LR_RULE_RADAM,
                           LR_RULE_PRODIGY, LR_RULE_DADAPT_SGD, LR_RULE_DADAPT_ADAM, LR_RULE_DOG,
                           LR_RULE_SGD_SCHEDULEFREE, LR_RULE_ADAMW_SCHEDULEFREE, LR_RULE_LION };

  g_assert_cmpuint (n_kinds, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n_kinds; i++)
    {
      LrOptimizerConfig a, b;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_assert_cmpstr (kinds[i].name, ==, names[i]);
      g_assert_nonnull (kinds[i].blurb);
      g_assert_true (lr_optimizer_config_init (&a, names[i]));
      g_assert_cmpstr (a.name, ==, names[i]);
      g_assert_cmpint (a.rule, ==, rules[i]);
      lr_optimizer_config_parse (names[i], &b, &error);
      g_assert_no_error (error);
      g_assert_true (memcmp (&a, &b, sizeof a) == 0);
      text = lr_optimizer_config_to_spec (&a);
      g_assert_cmpstr (text, ==, names[i]);

      for (guint j = 0; j < kinds[i].n_params; j++)
        {
          const LrParamInfo *info = &kinds[i].params[j];
          double v = -1;

          g_assert_nonnull (info->blurb);
          g_assert_true (info->type == LR_PARAM_FLOAT || info->type == LR_PARAM_BOOL ||
                         (info->type == LR_PARAM_INT && g_str_equal (info->key, "warmup_steps")));
          g_assert_true (lr_optimizer_config_get (&a, info->key, &v));
          g_assert_cmpfloat (v, ==, info->def);
          /* lr, eps and weight_decay are edited on a log scale. */
          g_assert_cmpint (!!(info->flags & LR_PARAM_FLAG_LOG), ==,
                           g_str_equal (info->key, "lr") || g_str_equal (info->key, "eps") ||
                           g_str_equal (info->key, "weight_decay") ||
                           g_str_equal (info->key, "lr_decay") ||
                           g_str_equal (info->key, "initial_accumulator_value") ||
                           g_str_equal (info->key, "momentum_decay") ||
                           g_str_equal (info->key, "d0") || g_str_equal (info->key, "d_coef") ||
                           g_str_equal (info->key, "growth_rate") ||
                           g_str_equal (info->key, "reps_rel"));
          if (g_str_equal (info->key, "lr"))
            g_assert_cmpfloat (info->max, >=, 1e12);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      LrOptimizerConfig config;
      double v = -1;

      g_assert_true (lr_optimizer_config_init (&config, defaults[i].spec));
      g_assert_true (lr_optimizer_config_get (&config, defaults[i].key, &v));
      if (v != defaults[i].value)
        g_error ("%s: default %s = %g, expected %g", defaults[i].spec, defaults[i].key, v,
                 defaults[i].value);
    }

  {
    LrOptimizerConfig c;

    g_assert_false (lr_optimizer_config_init (&c, "sgdd"));
    g_assert_false (lr_optimizer_config_init (&c, NULL));
  }
}

static void
test_parse_fields (void)
{
  g_autoptr(GError) error = NULL;
  LrOptimizerConfig c;
  g_autofree char *text = NULL;

  lr_optimizer_config_parse ("sgd:lr=0.1,momentum=0.9,nesterov=true", &c, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c.rule, ==, LR_RULE_SGD);
  g_assert_cmpfloat (c.lr, ==, 0.1);
  g_assert_cmpfloat (c.momentum, ==, 0.9);
  g_assert_true (c.nesterov);
  text = lr_optimizer_config_to_spec (&c);
  g_assert_cmpstr (text, ==, "sgd:lr=0.1,momentum=0.9,nesterov=true");
  g_clear_pointer (&text, g_free);

  lr_optimizer_config_parse ("Adam:beta1=0.8,amsgrad=yes,lr=1e-2", &c, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c.name, ==, "adam");
  g_assert_cmpfloat (c.beta1, ==, 0.8);
  g_assert_cmpfloat (c.beta2, ==, 0.999);
  g_assert_cmpfloat (c.lr, ==, 0.01);
  g_assert_true (c.amsgrad);
  text = lr_optimizer_config_to_spec (&c);
  g_assert_cmpstr (text, ==, "adam:lr=0.01,beta1=0.8,amsgrad=true");
  g_clear_pointer (&text, g_free);

  /* A key at its name's default is left out; a default of another name is not. */
  lr_optimizer_config_parse ("adamw:weight_decay=0.01,lr=0.001", &c, &error);
  g_assert_no_error (error);
  text = lr_optimizer_config_to_spec (&c);
  g_assert_cmpstr (text, ==, "adamw");
  g_clear_pointer (&text, g_free);
  lr_optimizer_config_parse ("nesterov:nesterov=false", &c, &error);
  g_assert_no_error (error);
  g_assert_false (c.nesterov);
  text = lr_optimizer_config_to_spec (&c);
  g_assert_cmpstr (text, ==, "nesterov:nesterov=false");
  g_clear_pointer (&text, g_free);

  /* Numbers print in their shortest exact form. */
  lr_optimizer_config_init (&c, "adam");
  c.lr = 0.1 + 0.2;
  c.eps = 1e-12;
  c.beta2 = 0.95;
  text = lr_optimizer_config_to_spec (&c);
  g_assert_cmpstr (text, ==, "adam:lr=0.30000000000000004,beta2=0.95,eps=1e-12");
  g_clear_pointer (&text, g_free);
  c.lr = 1e12;
  text = lr_optimizer_config_to_spec (&c);
  g_assert_cmpstr (text, ==, "adam:lr=1e12,beta2=0.95,eps=1e-12");
}

/* A value that differs from the default and is in range. */
static double
other_value (const LrParamInfo *info)
{
  if (info->type == LR_PARAM_BOOL)
    return info->def != 0 ? 0 : 1;
  if (info->type == LR_PARAM_INT)
    return info->def + 7;
  if (info->def != 0)
    return info->def * 0.7310585786300049;
  return MIN (info->max, 1.0) * 0.3183098861837907;
}

static void
test_round_trip (void)
{
  guint n_kinds;
  const LrKindInfo *kinds = lr_optimizer_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      LrOptimizerConfig all;

      g_assert_true (lr_optimizer_config_init (&all, kinds[i].name));
      for (guint j = 0; j < kinds[i].n_params; j++)
        {
          const LrParamInfo *info = &kinds[i].params[j];
          LrOptimizerConfig one, back;
          g_autoptr(GError) error = NULL;
          g_autofree char *text = NULL;
          double v = other_value (info), got = -1;

          g_assert_true (lr_optimizer_config_init (&one, kinds[i].name));
          lr_optimizer_config_set (&one, info->key, v, &error);
          if (error != NULL && g_str_equal (kinds[i].name, "sgd") &&
              g_str_equal (info->key, "nesterov"))
            {
              /* sgd: torch's Nesterov momentum requires a momentum */
              g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
              g_assert_nonnull (strstr (error->message, "momentum > 0"));
              continue;
            }
          if (g_str_equal (kinds[i].name, "nesterov") && g_str_equal (info->key, "dampening"))
            {
              /* torch: Nesterov momentum requires zero dampening */
              g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
              g_assert_nonnull (strstr (error->message, "nesterov"));
              continue;
            }
          g_assert_no_error (error);
          g_assert_true (lr_optimizer_config_get (&one, info->key, &got));
          g_assert_cmpfloat (got, ==, v);

          text = lr_optimizer_config_to_spec (&one);
          g_test_message ("%s", text);
          g_assert_nonnull (strstr (text, info->key));
          lr_optimizer_config_parse (text, &back, &error);
          g_assert_no_error (error);
          g_assert_true (memcmp (&one, &back, sizeof one) == 0);

          if (!(g_str_equal (kinds[i].name, "sgd") && g_str_equal (info->key, "nesterov")))
            {
              lr_optimizer_config_set (&all, info->key, v, NULL);
            }
        }

      /* Everything changed at once. */
      {
        g_autofree char *text = lr_optimizer_config_to_spec (&all);
        g_autoptr(GError) error = NULL;
        LrOptimizerConfig back;

        lr_optimizer_config_parse (text, &back, &error);
        g_assert_no_error (error);
        g_assert_true (memcmp (&all, &back, sizeof all) == 0);
      }
    }
}

static void
assert_parse_error (const char *spec,
                    int         code,
                    const char *needle1,
                    const char *needle2)
{
  g_autoptr(GError) error = NULL;
  LrOptimizerConfig c, before;

  lr_optimizer_config_init (&c, "radam");
  before = c;
  g_assert_false (lr_optimizer_config_parse (spec, &c, &error));
  g_assert_error (error, LR_ERROR, code);
  g_test_message ("%s -> %s", spec, error->message);
  if (needle1 != NULL && strstr (error->message, needle1) == NULL)
    g_error ("'%s': message '%s' lacks '%s'", spec, error->message, needle1);
  if (needle2 != NULL && strstr (error->message, needle2) == NULL)
    g_error ("'%s': message '%s' lacks '%s'", spec, error->message, needle2);
  /* A failed parse leaves the config alone. */
  g_assert_true (memcmp (&c, &before, sizeof c) == 0);
}

static void
test_errors (void)
{
  assert_parse_error ("sgdd", LR_ERROR_UNKNOWN_NAME, "sgdd", "adamw");
  assert_parse_error ("expr:x", LR_ERROR_UNKNOWN_NAME, "expr", "sgd");
  assert_parse_error ("adam:momentum=0.9", LR_ERROR_UNKNOWN_KEY, "momentum",
                      "lr, beta1, beta2, eps, weight_decay, amsgrad");
  assert_parse_error ("sgd:betas=0.9", LR_ERROR_UNKNOWN_KEY, "betas", "dampening");
  assert_parse_error ("adam:lr=abc", LR_ERROR_VALUE, "abc", "lr");
  assert_parse_error ("adam:lr=nan", LR_ERROR_VALUE, "nan", "lr");
  assert_parse_error ("adam:lr=inf", LR_ERROR_VALUE, "inf", "lr");
  assert_parse_error ("adam:lr=-0.1", LR_ERROR_VALUE, "-0.1", "lr");
  assert_parse_error ("adam:lr=1e13", LR_ERROR_VALUE, "1e13", "lr");
  assert_parse_error ("adam:lr=1e999", LR_ERROR_VALUE, "1e999", "lr");
  assert_parse_error ("adam:beta1=1", LR_ERROR_VALUE, "beta1", NULL);
  assert_parse_error ("adam:beta2=-0.5", LR_ERROR_VALUE, "beta2", NULL);
  assert_parse_error ("adam:eps=-1e-8", LR_ERROR_VALUE, "eps", NULL);
  assert_parse_error ("adagrad:lr_decay=-1", LR_ERROR_VALUE, "lr_decay", NULL);
  assert_parse_error ("adagrad:initial_accumulator_value=-1", LR_ERROR_VALUE,
                      "initial_accumulator_value", NULL);
  assert_parse_error ("rmsprop:alpha=1.5", LR_ERROR_VALUE, "alpha", NULL);
  assert_parse_error ("rmsprop:centered=maybe", LR_ERROR_VALUE, "maybe", "true");
  assert_parse_error ("adadelta:rho=1.01", LR_ERROR_VALUE, "rho", NULL);
  assert_parse_error ("nadam:momentum_decay=-0.004", LR_ERROR_VALUE, "momentum_decay", NULL);
  assert_parse_error ("sgd:weight_decay=-1", LR_ERROR_VALUE, "weight_decay", NULL);
  assert_parse_error ("sgd:momentum=-0.5", LR_ERROR_VALUE, "momentum", NULL);
  assert_parse_error ("sgd:nesterov=true", LR_ERROR_VALUE, "nesterov", "momentum");
  assert_parse_error ("sgd:momentum=0.9,dampening=0.1,nesterov=true", LR_ERROR_VALUE,
                      "nesterov", "dampening");
  assert_parse_error ("nesterov:momentum=0", LR_ERROR_VALUE, "nesterov", NULL);
  assert_parse_error ("adam:lr=0.1,lr=0.2", LR_ERROR_SYNTAX, "lr", NULL);
  assert_parse_error ("adam lr=0.1", LR_ERROR_SYNTAX, NULL, NULL);
  assert_parse_error ("", LR_ERROR_SYNTAX, NULL, NULL);

  /* The extremes that are valid. */
  {
    g_autoptr(GError) error = NULL;
    LrOptimizerConfig c;

    lr_optimizer_config_parse ("sgd:lr=1e12", &c, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (c.lr, ==, 1e12);
    lr_optimizer_config_parse ("adam:lr=0,beta1=0,beta2=0,eps=0", &c, &error);
    g_assert_no_error (error);
    lr_optimizer_config_parse ("adadelta:rho=1", &c, &error);
    g_assert_no_error (error);
  }
}

static void
test_set_errors (void)
{
  LrOptimizerConfig c, before;
  g_autoptr(GError) error = NULL;
  double v;

  lr_optimizer_config_init (&c, "sgd");
  before = c;

  g_assert_false (lr_optimizer_config_set (&c, "beta1", 0.5, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_UNKNOWN_KEY);
  g_assert_nonnull (strstr (error->message, "beta1"));
  g_assert_nonnull (strstr (error->message, "lr, momentum, dampening, weight_decay, nesterov"));
  g_clear_error (&error);

  g_assert_false (lr_optimizer_config_set (&c, "lr", NAN, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "lr=nan"));
  g_clear_error (&error);
  g_assert_false (lr_optimizer_config_set (&c, "lr", INFINITY, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_false (lr_optimizer_config_set (&c, "lr", -1, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "[0, 1e+12]"));
  g_clear_error (&error);
  g_assert_false (lr_optimizer_config_set (&c, "nesterov", 0.5, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_false (lr_optimizer_config_set (&c, "nesterov", 1, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "nesterov"));
  g_clear_error (&error);
  g_assert_true (memcmp (&c, &before, sizeof c) == 0);

  /* momentum first, then nesterov */
  g_assert_true (lr_optimizer_config_set (&c, "momentum", 0.9, &error));
  g_assert_true (lr_optimizer_config_set (&c, "nesterov", 1, &error));
  g_assert_no_error (error);
  g_assert_true (c.nesterov);
  g_assert_true (lr_optimizer_config_set (&c, "lr", 1e12, &error));
  g_assert_no_error (error);

  lr_optimizer_config_init (&c, "adam");
  g_assert_false (lr_optimizer_config_get (&c, "momentum", &v));
  g_assert_false (lr_optimizer_config_get (&c, "nope", &v));
  g_assert_true (lr_optimizer_config_get (&c, "beta1", &v));
  g_assert_cmpfloat (v, ==, 0.9);
  g_assert_false (lr_optimizer_config_set (&c, "beta1", 1.0, &error));
  g_assert_error (error, LR_ERROR, LR_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "[0, 1)"));
}

static void
test_momentum (void)
{
  const struct { const char *spec; double momentum; } cases[] = {
    { "sgd", 0 }, { "momentum", 0.9 }, { "nesterov:momentum=0.8", 0.8 }, { "rmsprop", 0 },
    { "rmsprop:momentum=0.5", 0.5 }, { "adam:beta1=0.85", 0.85 }, { "adamw", 0.9 },
    { "adamax", 0.9 }, { "nadam", 0.9 }, { "radam", 0.9 }, { "adagrad", -1 }, { "adadelta", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrOptimizer) opt = NULL;
      LrOptimizerConfig c;

      lr_optimizer_config_parse (cases[i].spec, &c, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (lr_optimizer_config_get_momentum (&c), ==, cases[i].momentum);

      opt = lr_optimizer_new (&c, 3, LR_PRECISION_DOUBLE);
      lr_optimizer_set_momentum (opt, 0.55);
      g_assert_cmpfloat (lr_optimizer_config_get_momentum (lr_optimizer_get_config (opt)), ==,
                         cases[i].momentum < 0 ? -1 : 0.55);
      lr_optimizer_reset (opt);
      g_assert_cmpfloat (lr_optimizer_config_get_momentum (lr_optimizer_get_config (opt)), ==,
                         cases[i].momentum);
      g_assert_cmpstr (lr_optimizer_get_config (opt)->name, ==, c.name);
    }
}

/* A learning rate of 1e8 or 1e12 makes a mess, never a crash. */
static void
test_huge_lr (void)
{
  guint n_kinds;
  const LrKindInfo *kinds = lr_optimizer_kinds (&n_kinds);
  const double lrs[] = { 1e8, 1e12 };

  for (guint i = 0; i < n_kinds; i++)
    for (guint j = 0; j < G_N_ELEMENTS (lrs); j++)
      {
        g_autoptr(LrOptimizer) opt = NULL;
        g_autoptr(LrOptimizer) optf = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *spec = NULL;
        LrOptimizerConfig c;
        double p[DIM] = { 0.5, 1.0, -1.5, 2.0, 0.25 }, g[DIM];
        float pf[DIM] = { 0.5f, 1.0f, -1.5f, 2.0f, 0.25f }, gf[DIM];
        gboolean blew_up = FALSE, blew_up_f = FALSE;

        /* The D-Adaptation family's lr multiplies a first step of d0 = 1e-6. */
        lr_optimizer_config_init (&c, kinds[i].name);
        spec = g_strdup_printf ("%s:lr=%g%s", kinds[i].name, lrs[j],
                                lr_optimizer_config_get (&c, "d0", NULL) ? ",d0=1" : "");
        lr_optimizer_config_parse (spec, &c, &error);
        g_assert_no_error (error);
        opt = lr_optimizer_new (&c, DIM, LR_PRECISION_DOUBLE);
        optf = lr_optimizer_new (&c, DIM, LR_PRECISION_FLOAT);
        for (guint k = 0; k < 30; k++)
          {
            grad5 (p, g);
            grad5_float (pf, gf);
            lr_optimizer_step (opt, p, g, c.lr);
            lr_optimizer_step_float (optf, pf, gf, c.lr);
            /* Somewhere along the way the run leaves any sane range (Adagrad jumps by ±lr and
             * back, so look at every step). */
            for (guint m = 0; m < DIM; m++)
              {
                blew_up |= !isfinite (p[m]) || fabs (p[m]) > 1e3;
                blew_up_f |= !isfinite (pf[m]) || fabs (pf[m]) > 1e3;
              }
          }
        if (!blew_up || !blew_up_f)
          g_error ("%s: the run stays sane: p = %g %g %g %g %g", spec, p[0], p[1], p[2], p[3],
                   p[4]);
      }
}

/* Zero-length vectors are allowed. */
static void
test_empty (void)
{
  LrOptimizerConfig c;
  g_autoptr(LrOptimizer) opt = NULL;
  g_autoptr(LrOptimizer) optf = NULL;

  lr_optimizer_config_init (&c, "adam");
  opt = lr_optimizer_new (&c, 0, LR_PRECISION_DOUBLE);
  optf = lr_optimizer_new (&c, 0, LR_PRECISION_FLOAT);
  lr_optimizer_step (opt, NULL, NULL, 0.1);
  lr_optimizer_step_float (optf, NULL, NULL, 0.1);
  g_assert_cmpuint (lr_optimizer_get_step_count (opt), ==, 1);
  g_assert_cmpuint (lr_optimizer_get_n_params (optf), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  load_golden ();

  g_test_add_func ("/optimizer/golden/double", test_golden_double);
  g_test_add_func ("/optimizer/golden/float", test_golden_float);
  g_test_add_func ("/optimizer/golden/trajectories", test_golden_trajectories);
  g_test_add_func ("/optimizer/reset", test_reset);
  g_test_add_func ("/optimizer/elementwise", test_elementwise);
  g_test_add_func ("/optimizer/spec/defaults", test_defaults);
  g_test_add_func ("/optimizer/spec/fields", test_parse_fields);
  g_test_add_func ("/optimizer/spec/round-trip", test_round_trip);
  g_test_add_func ("/optimizer/spec/errors", test_errors);
  g_test_add_func ("/optimizer/spec/set-errors", test_set_errors);
  g_test_add_func ("/optimizer/momentum", test_momentum);
  g_test_add_func ("/optimizer/huge-lr", test_huge_lr);
  g_test_add_func ("/optimizer/empty", test_empty);

  ret = g_test_run ();
  g_ptr_array_unref (golden);
  return ret;
}
