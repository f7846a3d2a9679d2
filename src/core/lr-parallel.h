/* lr-parallel.h: the core's one way to run work on several threads
 *
 * A parallel-for: func (task, data) runs once for every task in
 * [0, n_tasks), on the calling thread and on worker threads, and the call
 * returns when all tasks are done.  Which thread runs a task is not fixed,
 * so a task must compute from its index alone (rows, tiles, bands or runs
 * split by index): then results never depend on the number of threads.
 *
 * lr_parallel_for() starts its workers for one loop.  An LrTeam keeps them
 * for many short loops (the matrix products of every training step, a few
 * microseconds each, where starting threads would cost more than the work):
 * between loops its idle workers spin briefly, then sleep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*LrParallelFunc) (guint    task,
                                gpointer data);

/* The calling thread plus n_threads - 1 workers; 0 = the number of
 * processors; at most LR_TEAM_MAX_THREADS. */
#define LR_TEAM_MAX_THREADS 64

/* Runs the tasks on min (n_threads, n_tasks) threads (0: one per processor). */
void    lr_parallel_for        (guint           n_tasks,
                                guint           n_threads,
                                LrParallelFunc  func,
                                gpointer        data);

typedef struct _LrTeam LrTeam;

LrTeam *lr_team_new            (guint           n_threads);
void    lr_team_free           (LrTeam         *team);
guint   lr_team_get_n_threads  (const LrTeam   *team);
/* lr_parallel_for() on the team's threads.  @team may be NULL (one thread). */
void    lr_team_for            (LrTeam         *team,
                                guint           n_tasks,
                                LrParallelFunc  func,
                                gpointer        data);

G_END_DECLS
