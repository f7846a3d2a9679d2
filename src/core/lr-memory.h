/* lr-memory.h: how much memory this process may still use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The least of what the limits leave: the address-space and data limits
 * (ulimit -v, prlimit --as/--data) less what the process maps now, the
 * memory cgroup's limit less its use (batch schedulers, containers), and
 * the memory the system has available.  G_MAXUINT64 when none is known.
 * @address_space is set when the address-space limit is the least (then
 * every thread's stack and allocator arena count too). */
guint64 lr_memory_available (gboolean *address_space);

G_END_DECLS
