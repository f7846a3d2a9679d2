/* lr-parallel.c: the core's one way to run work on several threads
 *
 * Every loop is a job: tasks are claimed one at a time from an atomic
 * counter by the calling thread and by each worker, until none is left.
 * lr_parallel_for() is a team made for one job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lr-parallel.h"

/* How long an idle worker spins before it sleeps, and how long any spin
 * runs before it starts yielding the processor (in case the thread it waits
 * for shares this core with it). */
#define SPIN_USEC  200
#define YIELD_USEC 20

/* A busy-wait step.  No PAUSE: under KVM, pause-loop exiting would hand
 * the spinning vCPU away and turn microseconds into milliseconds. */
static inline void
cpu_relax (void)
{
  __asm__ __volatile__ ("" ::: "memory");
}

struct _LrTeam
{
  guint           n_threads;
  GThread        *threads[LR_TEAM_MAX_THREADS];
  GMutex          mutex;
  GCond           cond;
  gint            generation;   /* atomic: bumped for every job */
  gint            pending;      /* atomic: workers still in the job */
  gint            quit;         /* atomic */
  /* the job */
  LrParallelFunc  func;
  gpointer        data;
  guint           n_tasks;
  gint            next_task;    /* atomic */
};

static void
run_tasks (LrTeam *team)
{
  for (;;)
    {
      guint task = (guint) g_atomic_int_add (&team->next_task, 1);

      if (task >= team->n_tasks)
        return;
      team->func (task, team->data);
    }
}

/* Until the next job (or quit): spin for a while, then sleep on the cond. */
static gint
wait_for_job (LrTeam *team,
              gint    seen)
{
  gint64 start = g_get_monotonic_time ();
  guint spins = 0;
  gint gen;

  while ((gen = g_atomic_int_get (&team->generation)) == seen &&
         !g_atomic_int_get (&team->quit))
    {
      cpu_relax ();
      if ((++spins & 255) == 0)
        {
          gint64 waited = g_get_monotonic_time () - start;

          if (waited > SPIN_USEC)
            break;
          if (waited > YIELD_USEC)
            g_thread_yield ();
        }
    }
  if (gen == seen)
    {
      g_mutex_lock (&team->mutex);
      while ((gen = g_atomic_int_get (&team->generation)) == seen &&
             !g_atomic_int_get (&team->quit))
        g_cond_wait (&team->cond, &team->mutex);
      g_mutex_unlock (&team->mutex);
    }
  return gen;
}

static gpointer
team_worker (gpointer user_data)
{
  LrTeam *team = user_data;
  gint seen = 0;

  for (;;)
    {
      seen = wait_for_job (team, seen);
      if (g_atomic_int_get (&team->quit))
        break;
      run_tasks (team);
      g_atomic_int_add (&team->pending, -1);
    }

  return NULL;
}

LrTeam *
lr_team_new (guint n_threads)
{
  LrTeam *team = g_new0 (LrTeam, 1);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  team->n_threads = CLAMP (n_threads, 1, LR_TEAM_MAX_THREADS);
  g_mutex_init (&team->mutex);
  g_cond_init (&team->cond);

  for (guint i = 1; i < team->n_threads; i++)
    team->threads[i] = g_thread_new ("lr-team", team_worker, team);

  return team;
}

void
lr_team_free (LrTeam *team)
{
  if (team == NULL)
    return;

  g_mutex_lock (&team->mutex);
  g_atomic_int_set (&team->quit, 1);
  g_cond_broadcast (&team->cond);
  g_mutex_unlock (&team->mutex);

  for (guint i = 1; i < team->n_threads; i++)
    g_thread_join (team->threads[i]);

  g_mutex_clear (&team->mutex);
  g_cond_clear (&team->cond);
  g_free (team);
}

guint
lr_team_get_n_threads (const LrTeam *team)
{
  return team ? team->n_threads : 1;
}

/* Spins (yielding after a while) until every worker has left the job. */
static void
wait_for_workers (LrTeam *team)
{
  gint64 start = 0;
  guint spins = 0;

  while (g_atomic_int_get (&team->pending) > 0)
    {
      cpu_relax ();
      if ((++spins & 255) == 0)
        {
          gint64 now = g_get_monotonic_time ();

          if (start == 0)
            start = now;
          else if (now - start > YIELD_USEC)
            g_thread_yield ();
        }
    }
}

void
lr_team_for (LrTeam         *team,
             guint           n_tasks,
             LrParallelFunc  func,
             gpointer        data)
{
  if (team == NULL || team->n_threads == 1 || n_tasks <= 1)
    {
      for (guint task = 0; task < n_tasks; task++)
        func (task, data);
      return;
    }

  team->func = func;
  team->data = data;
  team->n_tasks = n_tasks;
  g_atomic_int_set (&team->next_task, 0);
  g_atomic_int_set (&team->pending, (gint) team->n_threads - 1);

  g_mutex_lock (&team->mutex);
  g_atomic_int_inc (&team->generation);
  g_cond_broadcast (&team->cond);
  g_mutex_unlock (&team->mutex);

  run_tasks (team);
  wait_for_workers (team);
}

void
lr_parallel_for (guint           n_tasks,
                 guint           n_threads,
                 LrParallelFunc  func,
                 gpointer        data)
{
  LrTeam *team;

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = MIN (n_threads, n_tasks);
  if (n_threads <= 1)
    {
      lr_team_for (NULL, n_tasks, func, data);
      return;
    }

  team = lr_team_new (n_threads);
  lr_team_for (team, n_tasks, func, data);
  lr_team_free (team);
}
