/* test-cli-landscape.c: lrlab-cli landscape — the JSON and CSV shapes, the
 * endpoints against lrlab-cli train, refused options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_members (JsonObject         *o,
                const char * const *names)
{
  guint n = 0;

  for (; names[n] != NULL; n++)
    if (!json_object_has_member (o, names[n]))
      g_error ("member '%s' missing", names[n]);
  g_assert_cmpuint (json_object_get_size (o), ==, n);
}

static void
test_json_shape (void)
{
  g_auto(Result) r = RUN ("landscape", "--run", "adam:lr=0.003", "--run", "sgd:lr=0.1@cosine:T_max=200",
                          "--epochs", "3", "--grid", "9");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *grid;
  JsonArray *a, *b, *loss, *runs, *explained;
  double sum = 0;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  root = parse_json (r.out);
  o = json_node_get_object (root);
  assert_members (o, (const char *[]) { "grid", "runs", "explained", NULL });
  grid = json_object_get_object_member (o, "grid");
  assert_members (grid, (const char *[]) { "a", "b", "loss", NULL });
  a = json_object_get_array_member (grid, "a");
  b = json_object_get_array_member (grid, "b");
  loss = json_object_get_array_member (grid, "loss");
  g_assert_cmpuint (json_array_get_length (a), ==, 9);
  g_assert_cmpuint (json_array_get_length (b), ==, 9);
  g_assert_cmpuint (json_array_get_length (loss), ==, 9);
  for (guint j = 0; j < 9; j++)
    {
      JsonArray *row = json_array_get_array_element (loss, j);

      g_assert_cmpuint (json_array_get_length (row), ==, 9);
      for (guint i = 0; i < 9; i++)
        g_assert_true (json_array_get_double_element (row, i) > 0);
    }
  g_assert_cmpfloat (json_array_get_double_element (a, 4), ==, 0);
  g_assert_cmpfloat (json_array_get_double_element (a, 0), ==, -json_array_get_double_element (a, 8));

  runs = json_object_get_array_member (o, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      JsonObject *run = json_array_get_object_element (runs, k);
      JsonArray *points;

      assert_members (run, (const char *[]) { "spec", "points", NULL });
      g_assert_cmpstr (json_object_get_string_member (run, "spec"), ==,
                       k == 0 ? "adam:lr=0.003" : "sgd:lr=0.1@cosine:T_max=200");
      points = json_object_get_array_member (run, "points");
      g_assert_cmpuint (json_array_get_length (points), ==, 4);
      for (guint p = 0; p < 4; p++)
        {
          JsonObject *pt = json_array_get_object_element (points, p);

          assert_members (pt, (const char *[]) { "epoch", "a", "b", "loss", NULL });
          g_assert_cmpint (json_object_get_int_member (pt, "epoch"), ==, p);
          if (p == 0)
            {
              g_assert_cmpfloat (json_object_get_double_member (pt, "a"), ==, 0);
              g_assert_cmpfloat (json_object_get_double_member (pt, "b"), ==, 0);
              /* The grid's middle is θ0. */
              g_assert_cmpfloat (fabs (json_object_get_double_member (pt, "loss") -
                                       json_array_get_double_element (json_array_get_array_element (loss, 4), 4)),
                                 <, 1e-5);
            }
        }
    }
  explained = json_object_get_array_member (o, "explained");
  g_assert_cmpuint (json_array_get_length (explained), ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      double e = json_array_get_double_element (explained, k);

      g_assert_cmpfloat (e, >=, 0);
      g_assert_cmpfloat (e, <=, 1);
      sum += e;
    }
  g_assert_cmpfloat (sum, <=, 1 + 1e-12);
}

/* Endpoints with full-batch training: the runs end at (1, 0) and (0, 1);
 * train's train_loss of epoch e (measured before that epoch's update) is
 * the loss of the landscape's point e − 1, so train's last row is the
 * point before the last. */
static void
test_endpoints_against_train (void)
{
  const char *model = "mlp:hidden=32,act=tanh,loss=mse";
  const char *opt[2] = { "sgd:lr=0.1", "adam:lr=0.01" };
  g_auto(Result) r = RUN ("landscape", "--model", model, "--batch-size", "full", "--epochs", "5",
                          "--plane", "endpoints", "--grid", "5", "--run", opt[0], "--run", opt[1]);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *runs;

  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  runs = json_object_get_array_member (json_node_get_object (root), "runs");
  for (guint k = 0; k < 2; k++)
    {
      JsonArray *points = json_object_get_array_member (json_array_get_object_element (runs, k), "points");
      JsonObject *last = json_array_get_object_element (points, 5);
      g_auto(Result) t = RUN ("train", "--model", model, "--batch-size", "full", "--epochs", "5",
                              "--optimizer", opt[k]);
      g_auto(GStrv) lines = NULL;

      g_assert_cmpfloat (fabs (json_object_get_double_member (last, "a") - (k == 0)), <, 1e-9);
      g_assert_cmpfloat (fabs (json_object_get_double_member (last, "b") - (k == 1)), <, 1e-9);
      g_assert_cmpint (t.status, ==, 0);
      lines = g_strsplit (t.out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 7);
      for (guint e = 1; e <= 5; e++)
        {
          g_auto(GStrv) f = g_strsplit (lines[e], ",", -1);
          double train_loss = g_ascii_strtod (f[2], NULL);
          double point = json_object_get_double_member (json_array_get_object_element (points, e - 1), "loss");

          if (fabs (train_loss - point) > 1e-5 * point)
            g_error ("epoch %u: train_loss %.17g, landscape %.17g", e, train_loss, point);
        }
    }
}

static void
test_csv (void)
{
  g_auto(Result) r = RUN ("landscape", "--run", "adam", "--epochs", "2", "--grid", "3",
                          "--plane", "random", "--format", "csv");
  g_auto(GStrv) lines = NULL;
  guint n_grid = 0, n_point = 0, n_explained = 0;

  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "kind,run,epoch,a,b,value");
  for (guint i = 1; lines[i] != NULL && *lines[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (f), ==, 6);
      if (g_str_equal (f[0], "grid"))
        n_grid++;
      else if (g_str_equal (f[0], "point"))
        {
          g_assert_cmpstr (f[1], ==, "\"adam\"");
          g_assert_cmpint (atoi (f[2]), ==, n_point);
          n_point++;
        }
      else if (g_str_equal (f[0], "explained"))
        n_explained++;
      else
        g_error ("unexpected row %s", lines[i]);
    }
  g_assert_cmpuint (n_grid, ==, 9);
  g_assert_cmpuint (n_point, ==, 3);
  g_assert_cmpuint (n_explained, ==, 2);
}

/* Byte for byte the same whatever the number of threads. */
static void
test_threads (void)
{
  g_auto(Result) one = RUN ("landscape", "--run", "adam:lr=0.003", "--run", "sgd:lr=0.05", "--epochs", "2",
                            "--grid", "7", "--model", "mlp:hidden=48,act=tanh", "--threads", "1");
  g_auto(Result) two = RUN ("landscape", "--run", "adam:lr=0.003", "--run", "sgd:lr=0.05", "--epochs", "2",
                            "--grid", "7", "--model", "mlp:hidden=48,act=tanh", "--threads", "2");

  g_assert_cmpint (one.status, ==, 0);
  g_assert_cmpint (two.status, ==, 0);
  g_assert_cmpstr (one.out, ==, two.out);
}

static void
assert_refused (const char * const *args,
                const char         *needle)
{
  g_auto(Result) r = run_argv (args);

  if (r.status != 2 || strstr (r.err, needle) == NULL)
    g_error ("expected status 2 and '%s'; got %d, '%s'", needle, r.status, r.err);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, "lrlab-cli landscape: "));
  g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
}

static void
test_refused (void)
{
  assert_refused ((const char *[]) { "landscape", NULL }, "missing --run");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--grid", "2", NULL }, "--grid");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--grid", "x", NULL }, "--grid");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--plane", "diagonal", NULL }, "--plane");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--plane", "endpoints", NULL }, "two --run");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--span", "-1", NULL }, "--span");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--span", "nan", NULL }, "--span");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--format", "xml", NULL }, "--format");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--epochs", "0", NULL }, "--epochs");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--epochs", "5000", NULL }, "--epochs");
  assert_refused ((const char *[]) { "landscape", "--run", "adamx", NULL }, "--run");
  assert_refused ((const char *[]) { "landscape", "--run", "sgd:lr=0.1@nosuch", NULL }, "--run");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--model", "mlp:hidden=0", NULL }, "--model");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--dataset", "/nonexistent", NULL }, "--dataset");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "stray", NULL }, "stray");
  assert_refused ((const char *[]) { "landscape", "--run", "adam", "--plane-seed", "-1", NULL }, "--plane-seed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-landscape/json-shape", test_json_shape);
  g_test_add_func ("/cli-landscape/endpoints-against-train", test_endpoints_against_train);
  g_test_add_func ("/cli-landscape/csv", test_csv);
  g_test_add_func ("/cli-landscape/threads", test_threads);
  g_test_add_func ("/cli-landscape/refused", test_refused);

  return g_test_run ();
}
