/* The adaptive jitter buffer (see jitter.h).
 *
 * Timeline.  "transit" is arrival - ts: the network delay plus an unknown
 * constant clock offset.  Packets are played at ts + play_offset on the
 * local clock, so a packet waits play_offset - transit; it is late when
 * transit > play_offset.  Once playing, every jitter_get() moves the play
 * point (next_ts) on by one frame, so play_offset = now - next_ts stays put
 * unless the buffer adjusts it on purpose.
 *
 * Adaptation.  The buffer keeps the transit of the last WINDOW packets
 * (about 2.5 s at 20 ms).  Their spread (largest minus smallest) is the
 * jitter seen lately: the 100th percentile rather than a fraction of the
 * RFC 3550 A.8 mean, because a late packet costs a whole frame and the
 * mean under-estimates the tail.  target = spread + spread / 8, clamped to
 * [min_delay, max_delay]; the wanted play_offset is smallest transit +
 * target.  The target follows the window at once; the play point follows
 * the target asymmetrically:
 *  - too little delay: one JITTER_CONCEAL is inserted per frame period
 *    until there is enough, because late packets cost more than a glitch;
 *  - too much delay (a frame or more): one frame is skipped at most once a
 *    second, so a short burst of jitter does not make the delay see-saw;
 *  - in silence (a talkspurt starts: RTP marker, or a timestamp gap with no
 *    sequence gap) the next talkspurt starts exactly at the wanted delay,
 *    which costs nothing audible.
 * Clock drift shows up as transit creeping up or down, and the same two
 * rules absorb it: a 0.5% drift is one frame every 4 s.
 *
 * Resync.  A packet whose SSRC differs, or whose transit is more than the
 * buffer's whole span away from the previous one (a timestamp jump), is
 * held until a second packet confirms the new timeline; then the buffer is
 * flushed and starts over.  One stray packet thus cannot flush the buffer. */
#include "jitter.h"

#include <string.h>

/* Transit samples kept for the jitter estimate. */
#define WINDOW 128

typedef struct {
  guint32 ts;
  guint16 seq;
  gboolean marker;
  gsize len;
  guint8 data[];
} Frame;

typedef enum {
  WAITING,  /* no timeline yet (start, resync): next_ts means nothing */
  PLAYING,  /* in a talkspurt: one frame period per jitter_get() */
  SILENT,   /* between talkspurts: wait for the next one to be due */
} State;

struct _JitterBuffer {
  guint clock_rate;
  guint frame;        /* samples per frame */
  guint32 min_delay;  /* samples */
  guint32 max_delay;
  guint cap;          /* frames held at most */

  GQueue queue;       /* Frame *, ascending ts */
  Frame *out;         /* the frame last handed out, freed on the next get */

  gboolean have_source;
  guint32 ssrc;
  guint32 last_transit;
  Frame *pending;     /* first packet of a new timeline, awaiting a second */
  guint32 pending_ssrc;
  guint32 pending_transit;

  gboolean have_seq;
  guint16 max_seq;
  guint64 seen;       /* bit i: max_seq - i was received */

  guint32 transit[WINDOW];
  guint n_transit;
  guint i_transit;
  guint32 min_transit;
  guint32 target;     /* samples */

  State state;
  guint32 next_ts;    /* ts of the next frame period to play */
  guint32 last_end;   /* ts just after the last frame played */
  guint16 last_seq;
  guint32 delay;      /* play_offset - min_transit at the last get */
  guint32 last_drop;
  gboolean dropped_once;

  JitterStats stats;
};

static gboolean
ts_before (guint32 a, guint32 b)
{
  return (gint32) (a - b) < 0;
}

static guint
to_ms (JitterBuffer *jb, guint32 samples)
{
  return (guint) ((guint64) samples * 1000 / jb->clock_rate);
}

JitterBuffer *
jitter_new (guint clock_rate, guint frame_samples, guint min_delay_ms,
            guint max_delay_ms)
{
  JitterBuffer *jb;

  g_return_val_if_fail (clock_rate > 0 && frame_samples > 0, NULL);
  g_return_val_if_fail (min_delay_ms <= max_delay_ms, NULL);

  jb = g_new0 (JitterBuffer, 1);
  jb->clock_rate = clock_rate;
  jb->frame = frame_samples;
  jb->min_delay = (guint64) min_delay_ms * clock_rate / 1000;
  jb->max_delay = (guint64) max_delay_ms * clock_rate / 1000;
  jb->cap = (jb->max_delay + frame_samples - 1) / frame_samples + JITTER_MARGIN_FRAMES;
  jb->target = jb->min_delay;
  g_queue_init (&jb->queue);
  return jb;
}

static void
flush (JitterBuffer *jb)
{
  g_queue_clear_full (&jb->queue, g_free);
}

void
jitter_free (JitterBuffer *jb)
{
  if (jb == NULL)
    return;
  flush (jb);
  g_free (jb->out);
  g_free (jb->pending);
  g_free (jb);
}

/* Starts over on a new timeline.  The target goes back to min_delay: the
 * old transit window says nothing about the new source. */
static void
resync (JitterBuffer *jb, guint32 ssrc)
{
  flush (jb);
  jb->ssrc = ssrc;
  jb->have_seq = FALSE;
  jb->n_transit = 0;
  jb->i_transit = 0;
  jb->target = jb->min_delay;
  jb->state = WAITING;
  jb->dropped_once = FALSE;
  jb->stats.resyncs++;
}

/* Returns FALSE for a duplicate.  The 64-packet window is as long as any
 * reordering the buffer can still use. */
static gboolean
note_seq (JitterBuffer *jb, guint16 seq)
{
  gint16 d = (gint16) (seq - jb->max_seq);

  if (!jb->have_seq)
    {
      jb->have_seq = TRUE;
      jb->max_seq = seq;
      jb->seen = 1;
      return TRUE;
    }
  if (d > 0)
    {
      jb->seen = d >= 64 ? 1 : (jb->seen << d) | 1;
      jb->max_seq = seq;
      return TRUE;
    }
  if (d == 0 || (-d < 64 && (jb->seen & (G_GUINT64_CONSTANT (1) << -d))))
    return FALSE;
  if (-d < 64)
    jb->seen |= G_GUINT64_CONSTANT (1) << -d;
  jb->stats.reordered++;
  return TRUE;
}

static void
note_transit (JitterBuffer *jb, guint32 transit)
{
  gint32 lo = 0, hi = 0;
  guint32 spread, target;

  jb->transit[jb->i_transit] = transit;
  jb->i_transit = (jb->i_transit + 1) % WINDOW;
  jb->n_transit = MIN (jb->n_transit + 1, WINDOW);
  /* Relative to the newest value, so that wrap-around does not matter. */
  for (guint i = 0; i < jb->n_transit; i++)
    {
      gint32 d = (gint32) (jb->transit[i] - transit);
      lo = MIN (lo, d);
      hi = MAX (hi, d);
    }
  jb->min_transit = transit + (guint32) lo;
  spread = (guint32) (hi - lo);
  target = spread + spread / 8;
  jb->target = CLAMP (target, jb->min_delay, jb->max_delay);
}

/* Sorted insert from the tail: packets mostly come in order. */
static void
insert (JitterBuffer *jb, Frame *f)
{
  GList *l;

  for (l = jb->queue.tail; l != NULL; l = l->prev)
    {
      Frame *g = l->data;

      if (g->ts == f->ts)
        {
          jb->stats.duplicates++;
          g_free (f);
          return;
        }
      if (ts_before (g->ts, f->ts))
        break;
    }
  if (l == NULL)
    g_queue_push_head (&jb->queue, f);
  else
    g_queue_insert_after (&jb->queue, l, f);
}

static void
accept (JitterBuffer *jb, Frame *f, guint32 transit)
{
  jb->last_transit = transit;
  if (!note_seq (jb, f->seq))
    {
      jb->stats.duplicates++;
      g_free (f);
      return;
    }
  /* Late packets count too: they say the delay is too short. */
  note_transit (jb, transit);

  if (jb->state != WAITING && ts_before (f->ts, jb->next_ts))
    {
      jb->stats.late++;
      g_free (f);
      return;
    }
  /* Keep the earliest frames: they are the ones needed first. */
  if (jb->queue.length >= jb->cap)
    {
      Frame *tail = g_queue_peek_tail (&jb->queue);

      jb->stats.overflow++;
      if (!ts_before (f->ts, tail->ts))
        {
          g_free (f);
          return;
        }
      g_free (g_queue_pop_tail (&jb->queue));
    }
  insert (jb, f);
}

static guint32
abs_diff (guint32 a, guint32 b)
{
  guint32 d = a - b;

  /* the shorter way round the 32-bit circle; negating in unsigned
   * arithmetic, since -INT32_MIN does not exist */
  return d > G_MAXINT32 ? 0u - d : d;
}

void
jitter_put (JitterBuffer *jb, guint16 seq, guint32 ts, guint32 ssrc,
            gboolean marker, const guint8 *payload, gsize len,
            guint32 arrival)
{
  guint32 transit = arrival - ts;
  guint32 span = jb->cap * jb->frame;
  Frame *f;

  g_return_if_fail (jb != NULL);
  g_return_if_fail (payload != NULL || len == 0);

  jb->stats.received++;
  f = g_malloc (sizeof *f + len);
  f->ts = ts;
  f->seq = seq;
  f->marker = marker;
  f->len = len;
  if (len > 0)
    memcpy (f->data, payload, len);

  if (!jb->have_source)
    {
      jb->have_source = TRUE;
      jb->ssrc = ssrc;
    }
  else if (ssrc != jb->ssrc || abs_diff (transit, jb->last_transit) > span)
    {
      if (jb->pending == NULL || jb->pending_ssrc != ssrc
          || abs_diff (transit, jb->pending_transit) > span)
        {
          g_free (jb->pending);
          jb->pending = f;
          jb->pending_ssrc = ssrc;
          jb->pending_transit = transit;
          return;
        }
      resync (jb, ssrc);
      accept (jb, g_steal_pointer (&jb->pending), jb->pending_transit);
    }
  /* A normal packet after a held one: that one was a stray. */
  g_clear_pointer (&jb->pending, g_free);
  accept (jb, f, transit);
}

/* Starts a talkspurt when its first frame is due at the wanted delay. */
static gboolean
try_start (JitterBuffer *jb, guint32 now)
{
  Frame *head = g_queue_peek_head (&jb->queue);

  if (head == NULL || ts_before (now - (jb->min_transit + jb->target), head->ts))
    return FALSE;
  jb->state = PLAYING;
  jb->next_ts = head->ts;
  return TRUE;
}

/* Frames before the play point are left over after a skipped frame. */
static void
discard_passed (JitterBuffer *jb)
{
  Frame *head;

  while ((head = g_queue_peek_head (&jb->queue)) != NULL
         && ts_before (head->ts, jb->next_ts))
    g_free (g_queue_pop_head (&jb->queue));
}

static JitterVerdict
play_head (JitterBuffer *jb, JitterFrame *out)
{
  Frame *f = g_queue_pop_head (&jb->queue);

  jb->out = f;
  jb->next_ts = f->ts + jb->frame;
  jb->last_end = jb->next_ts;
  jb->last_seq = f->seq;
  jb->stats.played++;
  *out = (JitterFrame) { .payload = f->data, .len = f->len, .ts = f->ts,
                         .seq = f->seq, .marker = f->marker };
  return JITTER_FRAME;
}

JitterVerdict
jitter_get (JitterBuffer *jb, guint32 now, JitterFrame *out)
{
  Frame *head;
  guint32 play_offset;
  gint32 err;

  g_return_val_if_fail (jb != NULL && out != NULL, JITTER_EMPTY);

  g_clear_pointer (&jb->out, g_free);
  memset (out, 0, sizeof *out);

  if (jb->state != PLAYING)
    {
      if (!try_start (jb, now))
        return JITTER_EMPTY;
      jb->delay = now - jb->next_ts - jb->min_transit;
      return play_head (jb, out);
    }

  discard_passed (jb);
  head = g_queue_peek_head (&jb->queue);
  if (head != NULL && ts_before (jb->next_ts + jb->frame, head->ts + 1)
      && (head->marker || head->seq == (guint16) (jb->last_seq + 1)))
    {
      /* Nothing is missing before the head: this gap is silence. */
      jb->state = SILENT;
      if (!try_start (jb, now))
        return JITTER_EMPTY;
      jb->delay = now - jb->next_ts - jb->min_transit;
      return play_head (jb, out);
    }
  if (head == NULL && jb->next_ts - jb->last_end >= jb->max_delay)
    {
      /* Nothing for max_delay: the talkspurt has ended, not a loss. */
      jb->state = SILENT;
      return JITTER_EMPTY;
    }

  play_offset = now - jb->next_ts;
  jb->delay = play_offset - jb->min_transit;
  err = (gint32) (play_offset - (jb->min_transit + jb->target));
  if (err < 0)
    {
      /* Not advancing next_ts adds one frame period of delay. */
      jb->stats.inserted++;
      return JITTER_CONCEAL;
    }
  if (err >= (gint32) jb->frame
      && (!jb->dropped_once || now - jb->last_drop >= jb->clock_rate
          || jb->delay > jb->max_delay))
    {
      jb->next_ts += jb->frame;
      jb->delay -= jb->frame;
      jb->last_drop = now;
      jb->dropped_once = TRUE;
      jb->stats.dropped++;
      discard_passed (jb);
      head = g_queue_peek_head (&jb->queue);
    }

  if (head != NULL && ts_before (head->ts, jb->next_ts + jb->frame))
    return play_head (jb, out);
  jb->next_ts += jb->frame;
  jb->stats.concealed++;
  return JITTER_CONCEAL;
}

void
jitter_get_stats (JitterBuffer *jb, JitterStats *s)
{
  Frame *head, *tail;

  g_return_if_fail (jb != NULL && s != NULL);

  *s = jb->stats;
  s->target_ms = to_ms (jb, jb->target);
  s->delay_ms = jb->state == PLAYING ? to_ms (jb, jb->delay) : 0;
  s->buffered = jb->queue.length;
  s->depth_ms = 0;
  head = g_queue_peek_head (&jb->queue);
  tail = g_queue_peek_tail (&jb->queue);
  if (tail != NULL)
    {
      guint32 from = jb->state == PLAYING ? jb->next_ts : head->ts;

      s->depth_ms = to_ms (jb, tail->ts + jb->frame - from);
    }
}
