/* lrlab-cli-animate.c: lrlab-cli animate — the runs of render as a GIF or WebM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "lr-animation.h"
#include "lrlab-cli.h"
#include "lrlab-cli-figure.h"

/* Frames at most when --every is not given: 6 s at 20 frames a second. */
#define DEFAULT_MAX_FRAMES 121

/* --steps N (0 to N) or A:B; @last_text receives B for the runs. */
static gboolean
parse_range (const char  *command,
             const char  *text,
             guint       *first,
             guint       *last,
             char       **last_text)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;
  g_autofree char *a = colon != NULL ? g_strndup (text, colon - text) : NULL;
  double va = 0, vb = 100;

  if (text != NULL && colon == NULL && !lr_parse_double (text, &vb))
    va = -1;
  if (colon != NULL && (!lr_parse_double (a, &va) || !lr_parse_double (colon + 1, &vb)))
    va = -1;
  if (va < 0 || vb < 1 || va != floor (va) || vb != floor (vb) || va >= vb || vb > LR_MAX_STEPS)
    {
      lrlab_cli_error (command, "--steps: '%s' is not N or A:B, whole numbers with 0 <= A < B <= %d",
                       text, LR_MAX_STEPS);
      return FALSE;
    }
  *first = (guint) va;
  *last = (guint) vb;
  *last_text = g_strdup_printf ("%u", *last);
  return TRUE;
}

static gboolean
parse_number (const char *command,
              const char *option,
              const char *text,
              double      lo,
              double      hi,
              gboolean    whole,
              double     *value)
{
  if (text == NULL)
    return TRUE;
  if (!lr_parse_double (text, value) || *value < lo || *value > hi || (whole && *value != floor (*value)))
    {
      lrlab_cli_error (command, "--%s: '%s' is not a %s from %.0f to %.0f", option, text,
                       whole ? "whole number" : "number", lo, hi);
      return FALSE;
    }
  return TRUE;
}

static void
print_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  if (*(gboolean *) user_data)
    g_printerr ("\r%u/%u frames%s", done, total, done == total ? "\n" : "");
}

/* Checks the options of animate alone, before any run is computed. */
static gboolean
check_animate_options (const char        *command,
                       const char        *output,
                       const char        *every_text,
                       const char        *fps_text,
                       const char        *hold_text,
                       LrAnimationTiming *timing)
{
  g_autoptr(GError) error = NULL;
  LrAnimationFormat format;
  double every = 0;

  if (output == NULL)
    return lrlab_cli_error (command, "missing -o FILE (.gif or .webm)"), FALSE;
  if (!lr_animation_format_from_path (output, &format, &error))
    return lrlab_cli_error (command, "-o: %s", error->message), FALSE;
  timing->fps = 20;
  timing->hold = 1;
  if (!parse_number (command, "every", every_text, 1, LR_MAX_STEPS, TRUE, &every) ||
      !parse_number (command, "fps", fps_text, 1, 50, FALSE, &timing->fps) ||
      !parse_number (command, "hold", hold_text, 0, 60, FALSE, &timing->hold))
    return FALSE;
  timing->every = (guint) every;
  return TRUE;
}

int
lrlab_cli_cmd_animate (int    argc,
                       char **argv)
{
  const char *command = "animate";
  LrlabCliFigureOptions options = { 0 };
  g_autofree char *every_text = NULL, *fps_text = NULL, *hold_text = NULL;
  g_autofree char *output = NULL, *last_text = NULL;
  gboolean quiet = FALSE, show_progress;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[LRLAB_CLI_FIGURE_N_ENTRIES + 6];
  guint n = lrlab_cli_figure_entries (&options, "Updates to compute and show: N (0 to N, default 100) "
                                      "or the range A:B", entries);
  LrAnimationTiming timing = { 0 };
  g_autoptr(LrAnimation) animation = NULL;
  LrlabCliFigure figure;
  int status = 0;

  entries[n++] = (GOptionEntry) { "every", 0, 0, G_OPTION_ARG_STRING, &every_text, "A frame every K steps (default: at most 121 frames)", "K" };
  entries[n++] = (GOptionEntry) { "fps", 0, 0, G_OPTION_ARG_STRING, &fps_text, "Frames a second, 1 to 50 (default 20)", "N" };
  entries[n++] = (GOptionEntry) { "hold", 0, 0, G_OPTION_ARG_STRING, &hold_text, "Seconds the last frame stays longer (default 1)", "S" };
  entries[n++] = (GOptionEntry) { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on standard error", NULL };
  entries[n++] = (GOptionEntry) { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file: .gif or .webm", "FILE" };
  entries[n] = (GOptionEntry) G_OPTION_ENTRY_NULL;

  if (!lrlab_cli_parse_options (command, "", "Draws the runs of render as an animated GIF or a WebM video: "
                                "frame i is render --step A + i·K.", entries, &argc, &argv) ||
      !check_animate_options (command, output, every_text, fps_text, hold_text, &timing) ||
      !parse_range (command, options.steps_text, &timing.first, &timing.last, &last_text) ||
      !lrlab_cli_figure_prepare (command, &options, last_text, G_MAXUINT, &figure))
    {
      lrlab_cli_figure_options_clear (&options);
      return LRLAB_CLI_EXIT_USAGE;
    }

  if (timing.every == 0)
    timing.every = lr_animation_default_every (timing.first, timing.last, DEFAULT_MAX_FRAMES);
  animation = lr_animation_new (figure.width, figure.height, &figure.spec);
  show_progress = !quiet && isatty (2);
  if (!lr_animation_write (animation, output, &timing, print_progress, &show_progress, NULL, &error))
    status = lrlab_cli_error (command, "%s", error->message);
  g_clear_pointer (&animation, lr_animation_free);
  lrlab_cli_figure_clear (&figure);
  lrlab_cli_figure_options_clear (&options);
  return status;
}
