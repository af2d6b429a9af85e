/* Tests of the adaptive jitter buffer (jitter.c): scripted packet traces
 * run against a simulated playout clock that calls jitter_get() once per
 * 20 ms frame.  Short traces are compared verdict by verdict with a
 * written-out expectation ("." empty, "C" conceal, a number: that seq). */
#include <string.h>

#include "jitter.h"

#define RATE 8000
#define FRAME 160

typedef struct {
  guint16 seq;
  guint32 ts;
  guint32 arrival;
  guint32 ssrc;
  gboolean marker;
} Pkt;

typedef struct {
  JitterBuffer *jb;
  GArray *pkts;   /* Pkt, sorted by arrival before the run */
  guint next;
  guint32 now;
  GString *trace;
} Sim;

static void
sim_init (Sim *s, guint min_ms, guint max_ms)
{
  s->jb = jitter_new (RATE, FRAME, min_ms, max_ms);
  s->pkts = g_array_new (FALSE, FALSE, sizeof (Pkt));
  s->next = 0;
  s->now = 0;
  s->trace = g_string_new (NULL);
}

static void
sim_clear (Sim *s)
{
  jitter_free (s->jb);
  g_array_unref (s->pkts);
  g_string_free (s->trace, TRUE);
}

static void
add (Sim *s, guint16 seq, guint32 ts, guint32 arrival, guint32 ssrc, gboolean marker)
{
  Pkt p = { seq, ts, arrival, ssrc, marker };

  g_array_append_val (s->pkts, p);
}

static gint
by_arrival (gconstpointer a, gconstpointer b)
{
  const Pkt *pa = a, *pb = b;

  return (gint32) (pa->arrival - pb->arrival) < 0 ? -1 : pa->arrival != pb->arrival;
}

/* g_array_sort() is stable: packets given for the same instant keep the
 * script's order. */
static void
sim_sort (Sim *s)
{
  g_array_sort (s->pkts, by_arrival);
}

/* One frame period: deliver what has arrived by now, then play. */
static JitterVerdict
sim_step (Sim *s, JitterFrame *f)
{
  JitterVerdict v;

  while (s->next < s->pkts->len)
    {
      Pkt *p = &g_array_index (s->pkts, Pkt, s->next);
      guint8 payload[2] = { p->seq >> 8, p->seq & 0xff };

      if ((gint32) (s->now - p->arrival) < 0)
        break;
      jitter_put (s->jb, p->seq, p->ts, p->ssrc, p->marker, payload, 2, p->arrival);
      s->next++;
    }
  v = jitter_get (s->jb, s->now, f);
  if (v == JITTER_FRAME)
    {
      /* The payload must be our copy of the packet with that seq. */
      g_assert_cmpuint (f->len, ==, 2);
      g_assert_cmpuint ((f->payload[0] << 8) | f->payload[1], ==, f->seq);
    }
  if (s->trace->len > 0)
    g_string_append_c (s->trace, ' ');
  if (v == JITTER_FRAME)
    g_string_append_printf (s->trace, "%u", f->seq);
  else
    g_string_append (s->trace, v == JITTER_CONCEAL ? "C" : ".");
  s->now += FRAME;
  return v;
}

static void
sim_run (Sim *s, guint ticks)
{
  JitterFrame f;

  for (guint i = 0; i < ticks; i++)
    sim_step (s, &f);
}

/* A stream with no jitter: ts = seq * FRAME, arriving at ts + transit. */
static void
add_stream (Sim *s, guint16 first, guint16 last, guint32 transit)
{
  for (guint seq = first; seq <= last; seq++)
    add (s, seq, seq * FRAME, seq * FRAME + transit, 1, seq == first);
}

static void
test_in_order_plays_after_min_delay (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  add_stream (&s, 0, 5, 0);
  sim_sort (&s);
  sim_run (&s, 8);
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.delay_ms, ==, 40);
  g_assert_cmpuint (st.target_ms, ==, 40);
  /* After the last packet, loss and the end of a talkspurt look the same
   * until max_delay (10 frames) has passed. */
  sim_run (&s, 12);
  g_assert_cmpstr (s.trace->str, ==, ". . 0 1 2 3 4 5 C C C C C C C C C C . .");
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.played, ==, 6);
  g_assert_cmpuint (st.concealed, ==, 10);
  g_assert_cmpuint (st.buffered, ==, 0);
  sim_clear (&s);
}

static void
test_reordered_packets_play_in_order (void)
{
  Sim s;
  JitterStats st;
  const guint16 order[] = { 0, 2, 1, 3, 5, 4, 6, 7 };

  /* 60 ms covers the 40 ms spread of this trace: nothing to adapt. */
  sim_init (&s, 60, 200);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    add (&s, order[i], order[i] * FRAME, i * FRAME, 1, FALSE);
  sim_sort (&s);
  sim_run (&s, 10);
  g_assert_cmpstr (s.trace->str, ==, ". . 0 1 2 3 4 5 6 7");
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.reordered, ==, 2);
  g_assert_cmpuint (st.late, ==, 0);
  g_assert_cmpuint (st.concealed, ==, 0);
  g_assert_cmpuint (st.inserted, ==, 0);
  sim_clear (&s);
}

static void
test_duplicates_are_dropped (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  add (&s, 0, 0, 0, 1, TRUE);
  add (&s, 1, 160, 160, 1, FALSE);
  add (&s, 1, 160, 160, 1, FALSE);
  add (&s, 2, 320, 320, 1, FALSE);
  add (&s, 2, 320, 400, 1, FALSE);
  add (&s, 0, 0, 480, 1, FALSE);  /* a copy of one already played */
  add (&s, 3, 480, 480, 1, FALSE);
  sim_sort (&s);
  sim_run (&s, 6);
  g_assert_cmpstr (s.trace->str, ==, ". . 0 1 2 3");
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.received, ==, 7);
  g_assert_cmpuint (st.duplicates, ==, 3);
  g_assert_cmpuint (st.late, ==, 0);
  g_assert_cmpuint (st.reordered, ==, 0);
  sim_clear (&s);
}

static void
test_late_packet_is_dropped_and_concealed (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  add_stream (&s, 0, 2, 0);
  add_stream (&s, 4, 9, 0);
  /* Due at 3 * 160 + 320 = 800, arrives at 980. */
  add (&s, 3, 3 * FRAME, 3 * FRAME + 500, 1, FALSE);
  g_array_index (s.pkts, Pkt, 3).marker = FALSE;  /* a loss, no talkspurt */
  sim_sort (&s);
  sim_run (&s, 13);
  /* The late arrival also raises the target (500 samples of spread ->
   * 70 ms), so the buffer grows at once by inserting frames: the C after 4
   * and the one after it. */
  g_assert_cmpstr (s.trace->str, ==, ". . 0 1 2 C 4 C C 5 6 7 8");
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.late, ==, 1);
  g_assert_cmpuint (st.concealed, ==, 1);
  g_assert_cmpuint (st.inserted, ==, 2);
  g_assert_cmpuint (st.target_ms, ==, 70);
  g_assert_cmpuint (st.delay_ms, >=, 70);
  sim_clear (&s);
}

static void
test_loss_conceals_once_per_missing_frame (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  add_stream (&s, 0, 2, 0);
  add_stream (&s, 4, 9, 0);     /* 3 lost */
  add_stream (&s, 15, 19, 0);   /* a burst: 10..14 lost */
  /* add_stream() marks each run's first packet; a loss is no talkspurt. */
  for (guint i = 0; i < s.pkts->len; i++)
    g_array_index (s.pkts, Pkt, i).marker = FALSE;
  sim_sort (&s);
  sim_run (&s, 22);
  g_assert_cmpstr (s.trace->str, ==,
                   ". . 0 1 2 C 4 5 6 7 8 9 C C C C C 15 16 17 18 19");
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.concealed, ==, 6);
  g_assert_cmpuint (st.played, ==, 14);
  g_assert_cmpuint (st.inserted, ==, 0);
  g_assert_cmpuint (st.dropped, ==, 0);
  sim_clear (&s);
}

/* A gap in timestamps without a gap in seq is silence (DTX): the next
 * talkspurt starts at the wanted delay, even though the network delay grew
 * by 60 ms meanwhile: mid-talkspurt that would make packets late. */
static void
test_talkspurt_after_silence_realigns (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  for (guint i = 0; i < 4; i++)
    add (&s, i, i * FRAME, i * FRAME, 1, i == 0);
  for (guint i = 4; i < 8; i++)
    add (&s, i, (i + 20) * FRAME, (i + 20) * FRAME + 480, 1, i == 4);
  sim_sort (&s);
  sim_run (&s, 34);
  /* After seq 3, max_delay (10 frames) of conceal: loss and the end of a
   * talkspurt look alike until then.  Seq 4 (ts 3840) arrives at 4320; the
   * target is now 480 * 9 / 8 = 540 above the smallest transit (0), so it
   * is due at 4380 and plays on the next tick, 4480. */
  g_assert_cmpstr (s.trace->str, ==,
                   ". . 0 1 2 3 C C C C C C C C C C . . . . . . . . . . . . 4 5 6 7 C C");
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.late, ==, 0);
  g_assert_cmpuint (st.inserted, ==, 0);
  g_assert_cmpuint (st.concealed, ==, 12);
  sim_clear (&s);
}

/* ±40 ms of uniform jitter for 40 s, then none for 40 s, then a new
 * talkspurt: the delay must cover the jitter (under 1% late after
 * warm-up), then come back down to min_delay. */
static void
test_delay_follows_jitter (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  const guint transit = 960, per_s = RATE / FRAME;
  guint n = 0;
  Sim s;
  JitterStats st, warm;
  JitterFrame f;

  sim_init (&s, 20, 200);
  for (n = 0; n < 40 * per_s; n++)
    add (&s, n, n * FRAME, n * FRAME + transit + g_rand_int_range (rand, -320, 321), 1, n == 0);
  for (; n < 80 * per_s; n++)
    add (&s, n, n * FRAME, n * FRAME + transit, 1, FALSE);
  /* 1 s of silence, then a talkspurt of 5 s */
  for (guint i = 0; i < 5 * per_s; i++, n++)
    add (&s, n, (n + per_s) * FRAME, (n + per_s) * FRAME + transit, 1, i == 0);
  sim_sort (&s);

  while (s.now < 5 * RATE)
    sim_step (&s, &f);
  jitter_get_stats (s.jb, &warm);
  while (s.now < 40 * RATE)
    sim_step (&s, &f);
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint ((st.late - warm.late) * 100, <, st.received - warm.received);
  g_assert_cmpuint (st.target_ms, >=, 40);
  g_assert_cmpuint (st.target_ms, <=, 200);
  g_test_message ("after jitter: target %u ms, delay %u ms, late %" G_GUINT64_FORMAT
                  " of %" G_GUINT64_FORMAT, st.target_ms, st.delay_ms, st.late, st.received);

  while (s.now < 80 * RATE + transit)
    sim_step (&s, &f);
  jitter_get_stats (s.jb, &st);
  /* The delay shrinks a frame at a time, so it ends within a frame of it;
   * a new talkspurt then starts exactly at it (transit is on the tick
   * grid). */
  g_assert_cmpuint (st.target_ms, ==, 20);
  g_assert_cmpuint (st.delay_ms, >=, 20);
  g_assert_cmpuint (st.delay_ms, <, 40);
  g_assert_cmpuint (st.dropped, >, 0);

  while (s.now < 83 * RATE)
    sim_step (&s, &f);
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.delay_ms, ==, 20);
  sim_clear (&s);
}

/* The sender's clock runs 0.5% fast (+1) or slow (-1) for 2 minutes. */
static void
test_clock_drift (gconstpointer data)
{
  gint dir = GPOINTER_TO_INT (data);
  const guint max_ms = 200, n = 120 * RATE / FRAME;
  guint run = 0, max_run = 0;
  guint64 adjustments;
  Sim s;
  JitterStats st;
  JitterFrame f;

  sim_init (&s, 40, max_ms);
  for (guint i = 0; i < n; i++)
    add (&s, i, i * FRAME, 500 + (guint32) (i * FRAME / (1.0 + dir * 0.005)), 1, i == 0);
  sim_sort (&s);
  while (s.next < s.pkts->len)
    {
      JitterVerdict v = sim_step (&s, &f);

      jitter_get_stats (s.jb, &st);
      g_assert_cmpuint (st.depth_ms, <=, max_ms + 1000 * FRAME / RATE);
      if (st.played > 0)
        {
          run = v == JITTER_FRAME ? 0 : run + 1;
          max_run = MAX (max_run, run);
        }
    }
  jitter_get_stats (s.jb, &st);
  adjustments = dir > 0 ? st.dropped : st.inserted;
  g_test_message ("drift %+d: dropped %" G_GUINT64_FORMAT ", inserted %" G_GUINT64_FORMAT,
                  dir, st.dropped, st.inserted);
  /* 0.5% of 120 s is 600 ms: 30 frames to drop or to add. */
  g_assert_cmpuint (adjustments, >=, 25);
  g_assert_cmpuint (adjustments, <=, 35);
  g_assert_cmpuint (dir > 0 ? st.inserted : st.dropped, ==, 0);
  g_assert_cmpuint (st.late, ==, 0);
  g_assert_cmpuint (st.concealed, ==, 0);
  g_assert_cmpuint (max_run, <=, 1);
  sim_clear (&s);
}

/* Counts frames played and the longest non-frame run between two frames. */
static void
check_resumes (const char *trace, guint expect_played, guint max_gap)
{
  g_auto (GStrv) tok = g_strsplit (trace, " ", -1);
  guint played = 0, gap = 0, worst = 0;
  gint last = -1;

  for (guint i = 0; tok[i] != NULL; i++)
    {
      if (g_ascii_isdigit (tok[i][0]))
        {
          if (played > 0)
            worst = MAX (worst, gap);
          played++;
          gap = 0;
          g_assert_cmpint (last, <, (gint) g_ascii_strtoll (tok[i], NULL, 10));
          last = (gint) g_ascii_strtoll (tok[i], NULL, 10);
        }
      else
        gap++;
    }
  g_assert_cmpuint (played, ==, expect_played);
  g_assert_cmpuint (worst, <=, max_gap);
}

static void
test_timestamp_jump_resyncs (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  add_stream (&s, 0, 19, 0);
  for (guint i = 20; i < 40; i++)
    add (&s, i, i * FRAME + 1000000, i * FRAME, 1, FALSE);
  sim_sort (&s);
  sim_run (&s, 42);
  g_test_message ("%s", s.trace->str);
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.resyncs, ==, 1);
  /* 20 is held until 21 confirms the jump; the flush then loses 19, still
   * buffered, and the new timeline starts min_delay after 20 arrived. */
  g_assert_cmpstr (s.trace->str, ==,
                   ". . 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 . "
                   "20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39");
  sim_clear (&s);
}

static void
test_ssrc_change_resyncs (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  add_stream (&s, 0, 19, 0);
  /* A new source: its own seq and ts, two frames later in wall time. */
  for (guint i = 0; i < 20; i++)
    add (&s, 30000 + i, 123456 + i * FRAME, (22 + i) * FRAME, 2, i == 0);
  sim_sort (&s);
  sim_run (&s, 46);
  g_test_message ("%s", s.trace->str);
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.resyncs, ==, 1);
  check_resumes (s.trace->str, 40, 6);
  sim_clear (&s);
}

/* One packet with a wild timestamp must not flush a healthy buffer. */
static void
test_stray_packet_does_not_resync (void)
{
  Sim s;
  JitterStats st;

  sim_init (&s, 40, 200);
  add_stream (&s, 0, 4, 0);
  add (&s, 5, 5 * FRAME + 5000000, 5 * FRAME, 1, FALSE);
  add_stream (&s, 6, 9, 0);
  g_array_index (s.pkts, Pkt, 6).marker = FALSE;
  sim_sort (&s);
  sim_run (&s, 12);
  g_assert_cmpstr (s.trace->str, ==, ". . 0 1 2 3 4 C 6 7 8 9");
  jitter_get_stats (s.jb, &st);
  g_assert_cmpuint (st.resyncs, ==, 0);
  sim_clear (&s);
}

/* Packets far in the future, thousands at once, keep memory bounded; when
 * the real stream continues, playback resumes. */
static void
test_flood_keeps_memory_bounded (void)
{
  const guint max_ms = 200;
  const guint cap = max_ms * RATE / 1000 / FRAME + JITTER_MARGIN_FRAMES;
  guint8 payload[2] = { 0, 0 };
  guint64 played;
  JitterBuffer *jb = jitter_new (RATE, FRAME, 40, max_ms);
  JitterStats st;
  JitterFrame f;
  guint32 now = 0;
  guint seq = 0;

  for (; seq < 20; seq++, now += FRAME)
    {
      jitter_put (jb, seq, seq * FRAME, 1, seq == 0, payload, 2, now);
      jitter_get (jb, now, &f);
    }
  for (guint i = 0; i < 5000; i++)
    {
      jitter_put (jb, seq + i, 10 * RATE + i * FRAME, 1, FALSE, payload, 2, now);
      jitter_get_stats (jb, &st);
      g_assert_cmpuint (st.buffered, <=, cap);
    }
  seq += 5000;
  jitter_get_stats (jb, &st);
  g_assert_cmpuint (st.overflow, >, 4000);
  played = st.played;
  for (guint i = 0; i < 20; i++, now += FRAME)
    {
      jitter_put (jb, seq + i, (20 + i) * FRAME, 1, FALSE, payload, 2, now);
      jitter_get (jb, now, &f);
    }
  jitter_get_stats (jb, &st);
  /* Held, confirmed, then min_delay: at most 4 of the 20 go unplayed. */
  g_assert_cmpuint (st.played - played, >=, 16);
  g_assert_cmpuint (st.buffered, <=, cap);
  jitter_free (jb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jitter/in-order-plays-after-min-delay", test_in_order_plays_after_min_delay);
  g_test_add_func ("/jitter/reordered-packets-play-in-order", test_reordered_packets_play_in_order);
  g_test_add_func ("/jitter/duplicates-are-dropped", test_duplicates_are_dropped);
  g_test_add_func ("/jitter/late-packet-is-dropped-and-concealed", test_late_packet_is_dropped_and_concealed);
  g_test_add_func ("/jitter/loss-conceals-once-per-missing-frame", test_loss_conceals_once_per_missing_frame);
  g_test_add_func ("/jitter/talkspurt-after-silence-realigns", test_talkspurt_after_silence_realigns);
  g_test_add_func ("/jitter/delay-follows-jitter", test_delay_follows_jitter);
  g_test_add_data_func ("/jitter/clock-drift-fast", GINT_TO_POINTER (1), test_clock_drift);
  g_test_add_data_func ("/jitter/clock-drift-slow", GINT_TO_POINTER (-1), test_clock_drift);
  g_test_add_func ("/jitter/timestamp-jump-resyncs", test_timestamp_jump_resyncs);
  g_test_add_func ("/jitter/ssrc-change-resyncs", test_ssrc_change_resyncs);
  g_test_add_func ("/jitter/stray-packet-does-not-resync", test_stray_packet_does_not_resync);
  g_test_add_func ("/jitter/flood-keeps-memory-bounded", test_flood_keeps_memory_bounded);
  return g_test_run ();
}
