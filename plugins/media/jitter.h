/* Adaptive jitter buffer for one incoming RTP audio stream: it sits between
 * RTP reception and the decoder, puts packets back in order, drops
 * duplicates and packets too late to play, and hands the playout clock one
 * verdict per frame period (a frame, "conceal a lost frame", or "nothing:
 * play silence").  The playout delay follows the measured network jitter
 * and absorbs clock drift between sender and receiver.  Pure computation:
 * no threads, no sockets, no clock of its own (callers pass times in). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Frames kept beyond max_delay, so that a full-depth buffer still has room
 * for a reordered packet or a talkspurt that starts early. */
#define JITTER_MARGIN_FRAMES 4

typedef struct _JitterBuffer JitterBuffer;

typedef enum {
  JITTER_FRAME,    /* decode the frame in the JitterFrame */
  JITTER_CONCEAL,  /* a frame is missing: let the codec conceal it */
  JITTER_EMPTY,    /* nothing to play: silence or comfort noise */
} JitterVerdict;

typedef struct {
  const guint8 *payload;  /* owned by the buffer: see jitter_get() */
  gsize len;
  guint32 ts;
  guint16 seq;
  gboolean marker;
} JitterFrame;

typedef struct {
  guint target_ms;   /* playout delay the buffer aims for */
  guint delay_ms;    /* playout delay now, above the fastest recent packet */
  guint depth_ms;    /* media buffered ahead of the play point */
  guint buffered;    /* frames held */
  guint64 received;
  guint64 played;
  guint64 concealed;   /* missing frames reported as JITTER_CONCEAL */
  guint64 late;        /* dropped: arrived after their play time */
  guint64 duplicates;
  guint64 reordered;   /* arrived after a packet with a higher seq */
  guint64 resyncs;     /* timeline restarts: SSRC change or timestamp jump */
  guint64 dropped;     /* frames skipped to shrink the delay (drift, jitter fell) */
  guint64 inserted;    /* JITTER_CONCEAL added to grow the delay */
  guint64 overflow;    /* packets refused because the buffer was full */
} JitterStats;

/* A buffer for a stream with @clock_rate RTP timestamp units a second and
 * @frame_samples units per packet (160 for 20 ms at 8 kHz).  The playout
 * delay stays within [@min_delay_ms, @max_delay_ms].
 * Returns: (transfer full) a buffer to free with jitter_free(); NULL if
 * @clock_rate or @frame_samples is 0 or @min_delay_ms > @max_delay_ms. */
JitterBuffer *jitter_new (guint clock_rate, guint frame_samples,
                          guint min_delay_ms, guint max_delay_ms);
void jitter_free (JitterBuffer *jb);

/* Hands over one received RTP packet; @payload is copied.  @arrival is the
 * local clock when it arrived, in RTP timestamp units, the same clock as
 * jitter_get()'s @now. */
void jitter_put (JitterBuffer *jb, guint16 seq, guint32 ts, guint32 ssrc,
                 gboolean marker, const guint8 *payload, gsize len,
                 guint32 arrival);

/* Called by the playout clock exactly once per frame period.  On
 * JITTER_FRAME, @out->payload stays valid until the next jitter_get() or
 * jitter_free(); on other verdicts @out is cleared. */
JitterVerdict jitter_get (JitterBuffer *jb, guint32 now, JitterFrame *out);

void jitter_get_stats (JitterBuffer *jb, JitterStats *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JitterBuffer, jitter_free)

G_END_DECLS
