/* lr-webm.c: WebM (VP8) through GStreamer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "lr-webm.h"

#ifdef HAVE_GSTREAMER

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

struct _LrWebmEncoder {
  LrOutput   *output;
  GstElement *pipeline;
  GstElement *src;
  GMutex      lock;
  GByteArray *bytes;       /* the file, written where the muxer says */
  guint64     position;
};

static const char * const elements[] = { "appsrc", "videoconvert", "vp8enc", "webmmux", "fakesink" };

gboolean
lr_webm_available (GError **error)
{
  gst_init (NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (elements[i]);

      if (factory == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "WebM needs the GStreamer element '%s', which is not installed "
                       "(Debian: gstreamer1.0-plugins-base and gstreamer1.0-plugins-good)",
                       elements[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* The muxer's bytes and its seeks (segments in bytes) into memory. */
static GstPadProbeReturn
sink_probe (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         data)
{
  LrWebmEncoder *self = data;

  if (info->type & GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM)
    {
      GstQuery *query = GST_PAD_PROBE_INFO_QUERY (info);
      GstFormat format;

      if (GST_QUERY_TYPE (query) != GST_QUERY_SEEKING)
        return GST_PAD_PROBE_OK;
      /* memory can be gone back to: the muxer writes the duration and cues */
      gst_query_parse_seeking (query, &format, NULL, NULL, NULL);
      if (format != GST_FORMAT_BYTES)
        return GST_PAD_PROBE_OK;
      gst_query_set_seeking (query, GST_FORMAT_BYTES, TRUE, 0, -1);
      return GST_PAD_PROBE_HANDLED;
    }
  g_mutex_lock (&self->lock);
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      GstMapInfo map;

      if (gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          if (self->position + map.size > self->bytes->len)
            g_byte_array_set_size (self->bytes, self->position + map.size);
          memcpy (self->bytes->data + self->position, map.data, map.size);
          self->position += map.size;
          gst_buffer_unmap (buffer, &map);
        }
    }
  else if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        {
          const GstSegment *segment;

          gst_event_parse_segment (event, &segment);
          if (segment->format == GST_FORMAT_BYTES)
            self->position = segment->start;
        }
    }
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

static GstElement *
make (GstElement  *pipeline,
      const char  *factory,
      GError     **error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (e == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 "WebM needs the GStreamer element '%s', which is not installed", factory);
  else
    gst_bin_add (GST_BIN (pipeline), e);
  return e;
}

LrWebmEncoder *
lr_webm_encoder_new (LrOutput  *output,
                     int        width,
                     int        height,
                     double     fps,
                     GError   **error)
{
  LrWebmEncoder *self;
  GstElement *e[5];
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) pad = NULL;

  if (!lr_webm_available (error))
    return NULL;
  self = g_new0 (LrWebmEncoder, 1);
  self->output = output;
  self->bytes = g_byte_array_new ();
  g_mutex_init (&self->lock);
  self->pipeline = gst_pipeline_new ("lrlab-webm");
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    e[i] = make (self->pipeline, elements[i], NULL);
  self->src = e[0];
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
                              G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRx" : "xRGB",
                              "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                              "framerate", GST_TYPE_FRACTION, (int) lround (fps * 1000), 1000,
                              NULL);
  g_object_set (self->src, "caps", caps, "format", GST_FORMAT_TIME, "block", TRUE,
                "max-bytes", (guint64) width * height * 4 * 4, NULL);
  /* good quality, fast: figures are mostly flat colour */
  g_object_set (e[2], "deadline", (gint64) 1, "cpu-used", 4, "threads", 2,
                "target-bitrate", MAX (width * height * 3, 500000), "keyframe-max-dist", 120, NULL);
  g_object_set (e[4], "sync", FALSE, NULL);
  gst_element_link_many (e[0], e[1], e[2], e[3], e[4], NULL);
  pad = gst_element_get_static_pad (e[4], "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
                     GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM,
                     sink_probe, self, NULL);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start the WebM encoder");
      lr_webm_encoder_finish (self, FALSE, NULL);
      return NULL;
    }
  return self;
}

/* The pipeline's first error, if any, as @error. */
static gboolean
pipeline_ok (LrWebmEncoder *self,
             GstClockTime   wait,
             gboolean       until_eos,
             GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
  g_autoptr(GstMessage) msg = NULL;

  msg = gst_bus_timed_pop_filtered (bus, wait, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  if (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (msg, &gst_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "WebM encoding failed: %s",
                   gst_error->message);
      return FALSE;
    }
  if (until_eos && msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "WebM encoding did not finish");
      return FALSE;
    }
  return TRUE;
}

gboolean
lr_webm_encoder_add (LrWebmEncoder    *self,
                     cairo_surface_t  *frame,
                     gint64            start_us,
                     gint64            duration_us,
                     GError          **error)
{
  int w = cairo_image_surface_get_width (frame), h = cairo_image_surface_get_height (frame);
  int stride = cairo_image_surface_get_stride (frame);
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, (gsize) w * h * 4, NULL);
  const guint8 *data = cairo_image_surface_get_data (frame);
  GstMapInfo map;

  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  for (int y = 0; y < h; y++)
    memcpy (map.data + (gsize) y * w * 4, data + (gsize) y * stride, (gsize) w * 4);
  gst_buffer_unmap (buffer, &map);
  GST_BUFFER_PTS (buffer) = start_us * GST_USECOND;
  GST_BUFFER_DURATION (buffer) = duration_us * GST_USECOND;
  if (gst_app_src_push_buffer (GST_APP_SRC (self->src), buffer) != GST_FLOW_OK)
    return pipeline_ok (self, 0, FALSE, error) &&
           (g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "WebM encoding stopped"), FALSE);
  return pipeline_ok (self, 0, FALSE, error);
}

gboolean
lr_webm_encoder_finish (LrWebmEncoder  *self,
                        gboolean        complete,
                        GError        **error)
{
  gboolean ok = complete;

  if (self == NULL)
    return FALSE;
  if (complete)
    {
      gst_app_src_end_of_stream (GST_APP_SRC (self->src));
      ok = pipeline_ok (self, 300 * GST_SECOND, TRUE, error);
    }
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_object_unref (self->pipeline);
  if (ok)
    ok = lr_output_write (self->output, self->bytes->data, self->bytes->len);
  g_byte_array_unref (self->bytes);
  g_mutex_clear (&self->lock);
  g_free (self);
  return ok;
}

#else /* !HAVE_GSTREAMER */

struct _LrWebmEncoder {
  int unused;
};

gboolean
lr_webm_available (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "WebM needs GStreamer, and this build of Learning Rate Lab has none "
               "(build it with gstreamer-1.0 and gstreamer-app-1.0)");
  return FALSE;
}

LrWebmEncoder *
lr_webm_encoder_new (LrOutput  *output,
                     int        width,
                     int        height,
                     double     fps,
                     GError   **error)
{
  lr_webm_available (error);
  return NULL;
}

gboolean
lr_webm_encoder_add (LrWebmEncoder    *self,
                     cairo_surface_t  *frame,
                     gint64            start_us,
                     gint64            duration_us,
                     GError          **error)
{
  return lr_webm_available (error);
}

gboolean
lr_webm_encoder_finish (LrWebmEncoder  *self,
                        gboolean        complete,
                        GError        **error)
{
  return FALSE;
}

#endif
