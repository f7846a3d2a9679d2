/* lr-safetensors.c: writing and reading the MLP's weights as safetensors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "lr-format.h"
#include "lr-output.h"
#include "lr-safetensors.h"

void
lr_weights_info_clear (LrWeightsInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->model, g_free);
  g_clear_pointer (&info->dataset, g_free);
}

/* ---- writing ------------------------------------------------------------ */

static void
append_tensor_header (GString    *h,
                      const char *name,
                      guint       rows,
                      guint       cols,
                      guint64    *offset)
{
  guint64 bytes = (guint64) rows * (cols ? cols : 1) * sizeof (float);

  g_string_append_printf (h, ",");
  lr_format_json_string (h, name);
  if (cols)
    g_string_append_printf (h, ":{\"dtype\":\"F32\",\"shape\":[%u,%u],", rows, cols);
  else
    g_string_append_printf (h, ":{\"dtype\":\"F32\",\"shape\":[%u],", rows);
  g_string_append_printf (h, "\"data_offsets\":[%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "]}",
                          *offset, *offset + bytes);
  *offset += bytes;
}

static void
append_floats_le (LrOutput    *out,
                  const float *v,
                  gsize        n)
{
  guint32 buf[256];

  for (gsize i = 0; i < n; i += G_N_ELEMENTS (buf))
    {
      gsize m = MIN (G_N_ELEMENTS (buf), n - i);

      memcpy (buf, v + i, m * sizeof (float));
      for (gsize j = 0; j < m; j++)
        buf[j] = GUINT32_TO_LE (buf[j]);
      lr_output_write (out, buf, m * sizeof (float));
    }
}

gboolean
lr_weights_save (const char  *path,
                 const LrMlp *mlp,
                 const char  *dataset,
                 double       input_scale,
                 GError     **error)
{
  g_autofree char *model = lr_mlp_config_to_spec (lr_mlp_get_config (mlp));
  g_autoptr(GString) h = g_string_new ("{\"__metadata__\":{\"model\":");
  g_autofree char *scale = lr_format_double (input_scale);
  const float *params = lr_mlp_get_params ((LrMlp *) mlp);
  guint n_layers = lr_mlp_get_n_layers (mlp);
  g_autofree float *wt = NULL;
  guint64 offset = 0, len;
  LrOutput *out;

  lr_format_json_string (h, model);
  g_string_append (h, ",\"dataset\":");
  /* a folder's name may be any bytes; the header is UTF-8 JSON (what
   * cannot be shown becomes U+FFFD, as in a file manager) */
  if (dataset != NULL && !g_utf8_validate (dataset, -1, NULL))
    {
      g_autofree char *shown = g_filename_display_name (dataset);

      lr_format_json_string (h, shown);
    }
  else
    lr_format_json_string (h, dataset ? dataset : "");
  g_string_append (h, ",\"input_scale\":");
  lr_format_json_string (h, scale);
  g_string_append (h, ",\"format\":\"pt\"}");
  for (guint l = 0; l < n_layers; l++)
    {
      g_autofree char *w = g_strdup_printf ("fc%u.weight", l);
      g_autofree char *b = g_strdup_printf ("fc%u.bias", l);
      guint in, o;

      lr_mlp_get_layer (mlp, l, &in, &o, NULL, NULL);
      append_tensor_header (h, w, o, in, &offset);
      append_tensor_header (h, b, o, 0, &offset);
    }
  g_string_append_c (h, '}');
  /* The data starts 8-byte aligned, as the reference writer pads it. */
  while (h->len % 8 != 0)
    g_string_append_c (h, ' ');

  out = lr_output_new (path);
  len = GUINT64_TO_LE ((guint64) h->len);
  lr_output_write (out, &len, sizeof len);
  lr_output_write (out, h->str, h->len);
  for (guint l = 0; l < n_layers; l++)
    {
      guint in, o;
      gsize w_off, b_off;

      lr_mlp_get_layer (mlp, l, &in, &o, &w_off, &b_off);
      /* W_l is in × out here, [out, in] in the file. */
      wt = g_renew (float, wt, (gsize) in * o);
      for (guint i = 0; i < in; i++)
        for (guint k = 0; k < o; k++)
          wt[(gsize) k * in + i] = params[w_off + (gsize) i * o + k];
      append_floats_le (out, wt, (gsize) in * o);
      append_floats_le (out, params + b_off, o);
    }
  return lr_output_close (out, error);
}

/* ---- reading ------------------------------------------------------------ */

G_GNUC_PRINTF (3, 4)
static gpointer
fail (GError    **error,
      const char *path,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LR_ERROR, LR_ERROR_DATA, "%s: %s", path, msg);
  return NULL;
}

/* Typed members and elements that are absent (NULL, -1) when of another
 * type: the file is input, never trusted. */
static JsonArray *
array_member (JsonObject *object,
              const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gint64
uint_element (JsonArray *array,
              guint      i)
{
  JsonNode *node = i < json_array_get_length (array) ? json_array_get_element (array, i) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

static const char *
metadata_string (JsonObject *meta,
                 const char *key)
{
  JsonNode *node = meta ? json_object_get_member (meta, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The tensor @name: F32 of the given shape (cols 0: a vector), its data
 * inside [0, data_len); copies it (from little-endian) into @dst, transposed
 * when @transpose (the file's [rows, cols] into cols × rows).  Adds its
 * bytes to @covered. */
static gboolean
read_tensor (JsonObject   *root,
             const char   *path,
             const char   *name,
             guint         rows,
             guint         cols,
             const guint8 *data,
             guint64       data_len,
             float        *dst,
             guint64      *covered,
             GError      **error)
{
  JsonNode *node = json_object_get_member (root, name);
  JsonObject *t;
  JsonArray *shape, *offsets;
  guint rank = cols ? 2 : 1;
  guint64 begin, end, n = (guint64) rows * (cols ? cols : 1);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return !!fail (error, path, "tensor %s is missing", name);
  t = json_node_get_object (node);
  if (g_strcmp0 (metadata_string (t, "dtype"), "F32") != 0)
    return !!fail (error, path, "tensor %s: dtype must be F32", name);
  shape = array_member (t, "shape");
  offsets = array_member (t, "data_offsets");
  if (shape == NULL || json_array_get_length (shape) != rank ||
      uint_element (shape, 0) != rows || (cols && uint_element (shape, 1) != cols))
    {
      if (cols)
        return !!fail (error, path, "tensor %s: the model needs shape [%u, %u]", name, rows, cols);
      return !!fail (error, path, "tensor %s: the model needs shape [%u]", name, rows);
    }
  if (offsets == NULL || json_array_get_length (offsets) != 2)
    return !!fail (error, path, "tensor %s: data_offsets must be [begin, end]", name);
  begin = (guint64) uint_element (offsets, 0);
  end = (guint64) uint_element (offsets, 1);
  if (uint_element (offsets, 0) < 0 || uint_element (offsets, 1) < 0 || begin > end || end > data_len ||
      end - begin != n * sizeof (float))
    return !!fail (error, path, "tensor %s: data_offsets [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                   "] do not fit %" G_GUINT64_FORMAT " floats in %" G_GUINT64_FORMAT " bytes of data",
                   name, begin, end, n, data_len);

  for (guint64 i = 0; i < n; i++)
    {
      guint32 bits;
      float value;

      memcpy (&bits, data + begin + i * sizeof (float), sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&value, &bits, sizeof value);
      if (cols)
        dst[(i % cols) * rows + i / cols] = value;
      else
        dst[i] = value;
    }
  *covered += end - begin;
  return TRUE;
}

/* The header's JSON root object, and where the data starts. */
static JsonParser *
parse_header (const char   *path,
              const guint8 *bytes,
              gsize         size,
              guint64      *data_start,
              GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) json_error = NULL;
  guint64 len;

  if (size < 8)
    return fail (error, path, "too short for a safetensors file (%" G_GSIZE_FORMAT " bytes)", size);
  memcpy (&len, bytes, sizeof len);
  len = GUINT64_FROM_LE (len);
  if (len < 2 || len > LR_SAFETENSORS_MAX_HEADER || len > size - 8)
    return fail (error, path, "header length %" G_GUINT64_FORMAT " does not fit the file "
                 "(%" G_GSIZE_FORMAT " bytes, header at most %d)", len, size, LR_SAFETENSORS_MAX_HEADER);
  if (bytes[8] != '{' || !g_utf8_validate ((const char *) bytes + 8, (gssize) len, NULL))
    return fail (error, path, "the header is not a UTF-8 JSON object");
  if (!json_parser_load_from_data (parser, (const char *) bytes + 8, (gssize) len, &json_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return fail (error, path, "the header is not valid JSON: %s",
                 json_error ? json_error->message : "not an object");
  *data_start = 8 + len;
  return g_steal_pointer (&parser);
}

/* The metadata, checked; the model parsed into @config. */
static gboolean
read_metadata (JsonObject     *root,
               const char     *path,
               LrWeightsInfo  *info,
               LrMlpConfig    *config,
               GError        **error)
{
  JsonNode *meta_node = json_object_get_member (root, "__metadata__");
  JsonObject *meta = meta_node && JSON_NODE_HOLDS_OBJECT (meta_node) ? json_node_get_object (meta_node) : NULL;
  const char *model = metadata_string (meta, "model");
  const char *scale = metadata_string (meta, "input_scale");
  const char *dataset = metadata_string (meta, "dataset");
  g_autoptr(GError) spec_error = NULL;
  double s;

  if (model == NULL || scale == NULL)
    return !!fail (error, path, "__metadata__ needs the strings \"model\" and \"input_scale\"");
  if (!lr_mlp_config_parse (model, config, &spec_error))
    return !!fail (error, path, "metadata model: %s", spec_error->message);
  if (!lr_parse_double (scale, &s) || !(s > 0) || !isfinite (s))
    return !!fail (error, path, "metadata input_scale '%s' is not a positive number", scale);

  info->model = g_strdup (model);
  info->dataset = g_strdup (dataset ? dataset : "");
  info->input_scale = s;
  return TRUE;
}

/* Inputs and classes from fc0.weight and the last layer's weight. */
static gboolean
read_sizes (JsonObject  *root,
            const char  *path,
            guint        n_layers,
            guint       *n_inputs,
            guint       *n_classes,
            GError     **error)
{
  g_autofree char *last = g_strdup_printf ("fc%u.weight", n_layers - 1);
  const char *names[2] = { "fc0.weight", last };
  gint64 dims[2];

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *node = json_object_get_member (root, names[i]);
      JsonArray *shape;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
          (shape = array_member (json_node_get_object (node), "shape")) == NULL ||
          json_array_get_length (shape) != 2)
        return !!fail (error, path, "tensor %s [out, in] is missing", names[i]);
      dims[i] = uint_element (shape, i == 0 ? 1 : 0);
    }
  if (dims[0] < 1 || dims[0] > G_MAXINT || dims[1] < 2 || dims[1] > 1024)
    return !!fail (error, path, "%" G_GINT64_FORMAT " inputs and %" G_GINT64_FORMAT
                   " classes are not a valid model", dims[0], dims[1]);
  *n_inputs = (guint) dims[0];
  *n_classes = (guint) dims[1];
  return TRUE;
}

LrMlp *
lr_weights_load (const char     *path,
                 guint           n_threads,
                 LrWeightsInfo  *info,
                 GError        **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(LrMlp) mlp = NULL;
  g_autoptr(GError) local = NULL;
  g_auto(LrWeightsInfo) meta = { 0 };
  JsonObject *root;
  LrMlpConfig config;
  gsize size;
  guint64 data_start = 0, covered = 0;
  guint n_inputs = 0, n_classes = 0;
  float *params;

  g_return_val_if_fail (path != NULL && info != NULL, NULL);

  /* a FIFO would wait for a writer forever; a device has no end */
  {
    GStatBuf st;

    if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
      return fail (error, path, S_ISDIR (st.st_mode) ? "is a folder, not a weights file" : "is not a regular file");
  }
  if (!g_file_get_contents (path, &contents, &size, &local))
    return fail (error, path, "%s", local->message);
  parser = parse_header (path, (const guint8 *) contents, size, &data_start, error);
  if (parser == NULL)
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!read_metadata (root, path, &meta, &config, error) ||
      !read_sizes (root, path, config.n_hidden + 1, &n_inputs, &n_classes, error))
    return NULL;

  mlp = lr_mlp_new (&config, n_inputs, n_classes, n_threads, &local);
  if (mlp == NULL)
    return fail (error, path, "%s", local->message);
  params = lr_mlp_get_params (mlp);
  for (guint l = 0; l < lr_mlp_get_n_layers (mlp); l++)
    {
      g_autofree char *w = g_strdup_printf ("fc%u.weight", l);
      g_autofree char *b = g_strdup_printf ("fc%u.bias", l);
      const guint8 *data = (const guint8 *) contents + data_start;
      guint64 data_len = size - data_start;
      guint in, out;
      gsize w_off, b_off;

      lr_mlp_get_layer (mlp, l, &in, &out, &w_off, &b_off);
      if (!read_tensor (root, path, w, out, in, data, data_len, params + w_off, &covered, error) ||
          !read_tensor (root, path, b, out, 0, data, data_len, params + b_off, &covered, error))
        return NULL;
    }
  if (covered != size - data_start || json_object_get_size (root) != 2 * lr_mlp_get_n_layers (mlp) + 1)
    return fail (error, path, "the file holds other tensors or data than the model %s's", meta.model);

  *info = meta;
  memset (&meta, 0, sizeof meta);
  return g_steal_pointer (&mlp);
}
