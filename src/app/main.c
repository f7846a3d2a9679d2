/* main.c: Learning Rate Lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "lrlab-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LrlabApplication) app = NULL;
  const char *localedir = g_getenv ("LRLAB_LOCALEDIR");

  /* What a person reads and types follows the locale, numbers too (GTK
   * would set LC_NUMERIC anyway); specs, CSV, JSON and command lines are
   * written with lr-format.h and never do. */
  setlocale (LC_ALL, "");
  /* Uninstalled (meson devenv, build-aux/run) the catalogues are the ones
   * built in the build directory. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lrlab_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
