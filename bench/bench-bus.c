/* bench-bus: how many events per second the bus delivers.
 *
 * Same thread: the main thread publishes a batch, then flushes it, until N
 * events are delivered (batches keep the queue, and so the memory, bounded;
 * the figure still includes every queue operation).  Cross-thread: 1 or 4
 * publisher threads share N events while the main thread iterates the bus's
 * GMainContext until all are delivered.  Each scenario runs with 1 and 8
 * exact-topic subscribers, plus one row with 8 "a.*" prefix subscribers.
 *
 * N is calibrated so a row takes about --seconds (default 1); a row that runs
 * past its deadline stops early and reports what was delivered.  Nothing is
 * asserted about speed.  Usage: bench-bus [--seconds S] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <deskphone/bus.h>

#define BATCH 10000
#define MIN_EVENTS 20000
#define MAX_EVENTS 4000000
#define ROW_DEADLINE_S 8.0

typedef struct {
  const char *name;
  guint publishers; /* 0: the main thread publishes */
  guint subscribers;
  const char *pattern;
} Scenario;

typedef struct {
  guint64 events;      /* delivered */
  guint64 handler_calls;
  gint64 usec;
  gint64 publish_usec; /* same thread: time spent in emit */
  guint64 wakeups;     /* cross-thread: main-context iterations */
  gboolean timed_out;
} Result;

typedef struct {
  DeskBus *bus;
  guint64 count;
} Publisher;

static guint64 handler_calls;

static void
on_event (const char *topic, GVariant *payload, gpointer data)
{
  handler_calls++;
}

static void
emit_one (DeskBus *bus, gint32 i)
{
  desk_bus_emit (bus, "a.b", "n", g_variant_new_int32 (i), NULL);
}

static gpointer
publisher_main (gpointer data)
{
  Publisher *p = data;
  for (guint64 i = 0; i < p->count; i++)
    emit_one (p->bus, (gint32) i);
  return NULL;
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE; /* only wakes the loop to check the deadline */
}

static void
run_same_thread (DeskBus *bus, guint64 n, Result *r)
{
  gint64 start = g_get_monotonic_time (), deadline;
  guint64 done = 0;

  deadline = start + (gint64) (ROW_DEADLINE_S * G_USEC_PER_SEC);
  while (done < n)
    {
      guint64 batch = MIN (BATCH, n - done);
      gint64 t0 = g_get_monotonic_time ();
      for (guint64 i = 0; i < batch; i++)
        emit_one (bus, (gint32) (done + i));
      r->publish_usec += g_get_monotonic_time () - t0;
      desk_bus_flush (bus);
      done += batch;
      if (g_get_monotonic_time () > deadline)
        {
          r->timed_out = done < n;
          break;
        }
    }
  r->usec = g_get_monotonic_time () - start;
}

static void
run_cross_thread (DeskBus *bus, GMainContext *ctx, guint publishers, guint64 n,
                  Result *r)
{
  Publisher pubs[16];
  GThread *threads[16];
  guint64 base = desk_bus_get_delivered (bus);
  gint64 start, deadline;
  GSource *timer = g_timeout_source_new (50);

  g_source_set_callback (timer, tick, NULL, NULL);
  g_source_attach (timer, ctx);
  start = g_get_monotonic_time ();
  deadline = start + (gint64) (ROW_DEADLINE_S * G_USEC_PER_SEC);
  for (guint t = 0; t < publishers; t++)
    {
      pubs[t].bus = bus;
      pubs[t].count = n / publishers + (t < n % publishers ? 1 : 0);
      threads[t] = g_thread_new ("publisher", publisher_main, &pubs[t]);
    }
  while (desk_bus_get_delivered (bus) - base < n)
    {
      if (g_get_monotonic_time () > deadline)
        {
          r->timed_out = TRUE;
          break;
        }
      g_main_context_iteration (ctx, TRUE);
      r->wakeups++;
    }
  r->usec = g_get_monotonic_time () - start;
  for (guint t = 0; t < publishers; t++)
    g_thread_join (threads[t]);
  r->events = desk_bus_get_delivered (bus) - base;
  /* Leave nothing queued for the next run. */
  desk_bus_flush (bus);
  g_source_destroy (timer);
  g_source_unref (timer);
}

static Result
run (const Scenario *s, guint64 n)
{
  GMainContext *ctx = g_main_context_new ();
  DeskBus *bus = desk_bus_new (ctx);
  Result r = { 0 };

  for (guint i = 0; i < s->subscribers; i++)
    desk_bus_subscribe (bus, s->pattern, on_event, NULL, NULL);
  handler_calls = 0;
  if (s->publishers == 0)
    {
      run_same_thread (bus, n, &r);
      r.events = desk_bus_get_delivered (bus);
    }
  else
    run_cross_thread (bus, ctx, s->publishers, n, &r);
  r.handler_calls = handler_calls;
  desk_bus_free (bus);
  g_main_context_unref (ctx);
  return r;
}

/* Picks N so the row takes about @seconds, from a short trial run. */
static guint64
calibrate (const Scenario *s, double seconds)
{
  Result trial;
  run (s, MIN_EVENTS); /* warm-up: malloc arenas, threads, caches */
  trial = run (s, 2 * MIN_EVENTS);
  double rate = trial.events / MAX (trial.usec / 1e6, 1e-6);
  guint64 n = (guint64) (rate * seconds);
  n = CLAMP (n, MIN_EVENTS, MAX_EVENTS);
  return n / 10000 * 10000;
}

int
main (int argc, char **argv)
{
  static const Scenario scenarios[] = {
    { "same-thread", 0, 1, "a.b" },
    { "same-thread", 0, 8, "a.b" },
    { "same-thread prefix a.*", 0, 8, "a.*" },
    { "1 publisher thread", 1, 1, "a.b" },
    { "1 publisher thread", 1, 8, "a.b" },
    { "4 publisher threads", 4, 1, "a.b" },
    { "4 publisher threads", 4, 8, "a.b" },
  };
  double seconds = 1.0;
  g_autofree char *date = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  if (argc == 3 && strcmp (argv[1], "--seconds") == 0)
    {
      double v = g_ascii_strtod (argv[2], NULL);
      seconds = CLAMP (v, 0.05, 2.0);
    }
  else if (argc != 1)
    {
      fprintf (stderr, "usage: %s [--seconds S]   (S per row, 0.05..2, default 1)\n", argv[0]);
      return 2;
    }
  date = g_date_time_format (now, "%Y-%m-%d");
  printf ("bench-bus  %s  nproc=%u  glib %u.%u.%u  payload a{sv} {n: int32}, topic a.b\n\n",
          date, g_get_num_processors (), glib_major_version, glib_minor_version,
          glib_micro_version);
  printf ("%-24s %9s %5s %8s %12s %9s %10s\n", "scenario", "events", "subs", "seconds",
          "events/s", "ns/event", "notes");
  for (gsize i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      const Scenario *s = &scenarios[i];
      guint64 n = calibrate (s, seconds);
      Result r = run (s, n);
      double secs = r.usec / 1e6;
      g_autofree char *note = NULL;

      if (s->publishers == 0)
        note = g_strdup_printf ("emit %.0f ns/ev", r.publish_usec * 1e3 / MAX (r.events, 1));
      else
        note = g_strdup_printf ("%.0f ev/wakeup", (double) r.events / MAX (r.wakeups, 1));
      if (r.handler_calls != r.events * s->subscribers)
        {
          char *longer = g_strdup_printf ("%s; MISSED %" G_GUINT64_FORMAT " calls", note,
                                          r.events * s->subscribers - r.handler_calls);
          g_free (note);
          note = longer;
        }
      printf ("%-24s %9" G_GUINT64_FORMAT " %5u %8.3f %12.0f %9.0f   %s%s\n", s->name,
              r.events, s->subscribers, secs, r.events / MAX (secs, 1e-9),
              secs * 1e9 / MAX (r.events, 1), note, r.timed_out ? " (deadline hit)" : "");
      fflush (stdout);
    }
  return 0;
}
