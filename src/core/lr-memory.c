/* lr-memory.c: how much memory this process may still use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lr-memory.h"

#ifdef G_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

/* A number in the file @path (the first one, after @key when given). */
static gboolean
read_number (const char *path,
             const char *key,
             guint64    *value)
{
  g_autofree char *text = NULL;
  const char *at;
  char *end = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  at = text;
  if (key != NULL)
    {
      at = strstr (text, key);
      if (at == NULL)
        return FALSE;
      at += strlen (key);
    }
  while (*at == ' ' || *at == '\t')
    at++;
  *value = g_ascii_strtoull (at, &end, 10);
  return end != at;
}

static void
take_least (guint64  *least,
            guint64   limit,
            guint64   used,
            gboolean *is_it,
            gboolean  flag)
{
  guint64 left = used < limit ? limit - used : 0;

  if (left < *least)
    {
      *least = left;
      *is_it = flag;
    }
}

/* The memory cgroup of this process: v2 (memory.max) or v1
 * (memory.limit_in_bytes), at its path or, inside a container's
 * namespace, at the root. */
static void
cgroup_limit (guint64  *least,
              gboolean *is_as)
{
  g_autofree char *cgroups = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/cgroup", &cgroups, NULL, NULL))
    return;
  lines = g_strsplit (cgroups, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean v2 = g_str_has_prefix (lines[i], "0::");
      const char *path = strrchr (lines[i], ':');
      const char *roots[] = { NULL, "" };

      if (path == NULL || (!v2 && strstr (lines[i], ":memory:") == NULL))
        continue;
      roots[0] = path + 1;
      for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
        {
          g_autofree char *dir = g_build_filename (v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory",
                                                   roots[r], NULL);
          g_autofree char *max = g_build_filename (dir, v2 ? "memory.max" : "memory.limit_in_bytes", NULL);
          g_autofree char *cur = g_build_filename (dir, v2 ? "memory.current" : "memory.usage_in_bytes", NULL);
          guint64 limit, used;

          /* "max" (v2) reads as no number; v1's "no limit" is near 2^63 */
          if (read_number (max, NULL, &limit) && read_number (cur, NULL, &used) && limit < (G_GUINT64_CONSTANT (1) << 60))
            {
              take_least (least, limit, used, is_as, FALSE);
              break;
            }
        }
    }
}

guint64
lr_memory_available (gboolean *address_space)
{
  guint64 least = G_MAXUINT64, value;
  gboolean is_as = FALSE;

#ifdef G_OS_UNIX
  {
    struct rlimit rl;
    long page = sysconf (_SC_PAGESIZE);
    g_autofree char *statm = NULL;
    guint64 size = 0, data = 0;

    /* /proc/self/statm: size resident shared text lib data dt, in pages */
    if (page > 0 && g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
      {
        g_auto(GStrv) f = g_strsplit (statm, " ", -1);

        if (g_strv_length (f) >= 6)
          {
            size = g_ascii_strtoull (f[0], NULL, 10) * (guint64) page;
            data = g_ascii_strtoull (f[5], NULL, 10) * (guint64) page;
          }
      }
    if (getrlimit (RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
      take_least (&least, rl.rlim_cur, size, &is_as, TRUE);
#ifdef RLIMIT_DATA
    if (getrlimit (RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
      take_least (&least, rl.rlim_cur, data, &is_as, TRUE);
#endif
  }
#endif
  cgroup_limit (&least, &is_as);
  if (read_number ("/proc/meminfo", "MemAvailable:", &value))
    take_least (&least, value * 1024, 0, &is_as, FALSE);

  if (address_space != NULL)
    *address_space = is_as;
  return least;
}
