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

  setlocale (LC_ALL, "");
  /* Numbers in specs and exported files are always C-locale. */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lrlab_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
