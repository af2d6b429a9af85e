/* RFC 4733 telephone events (DTMF sent as RTP "telephone-event" packets):
 * the 4-byte payload, the sender's packet sequence for one key press and
 * the receiver's reading of a possibly lossy, duplicated stream. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TEL_EVENT_PAYLOAD_SIZE 4
#define TEL_EVENT_END_REPEATS 3 /* RFC 4733 2.5.1.4: the end is sent 3 times */

typedef struct {
  guint8 event;     /* 0-9, 10 '*', 11 '#', 12-15 A-D, 16 flash */
  gboolean end;
  guint8 volume;    /* power level, 0..63, as -dBm0 */
  guint16 duration; /* in RTP timestamp units */
} TelEvent;

/* The event number of a key ('0'-'9', '*', '#', 'A'-'D', also lower case),
 * or -1. */
gint tel_event_from_key (char key);
/* The key of an event 0..15, or 0. */
char tel_event_to_key (guint8 event);

void tel_event_write (const TelEvent *ev, guint8 out[TEL_EVENT_PAYLOAD_SIZE]);
/* The first event of a payload; FALSE unless @len is a non-zero multiple
 * of 4 (RFC 4733 2.3: several events may be stacked for redundancy). */
gboolean tel_event_parse (const guint8 *payload, gsize len, TelEvent *ev);

/* One key press as packets.  Every packet carries the timestamp of the
 * start; the first has the marker bit; every @interval timestamp units the
 * duration so far is sent again; the last duration is sent
 * TEL_EVENT_END_REPEATS times with the end bit.  A press longer than the
 * 16-bit duration field is cut at 0xFFFF units (8.19 s at 8 kHz). */
typedef struct {
  guint8 event, volume;
  guint32 ts;        /* RTP timestamp of the start */
  guint32 total;     /* duration of the press */
  guint32 interval;  /* between updates */
  guint32 sent;      /* duration in the last packet sent */
  guint packets;     /* packets made so far */
  guint ends_left;
} TelEventSender;

void tel_event_sender_start (TelEventSender *s, guint8 event, guint8 volume, guint32 ts,
                             guint32 duration, guint32 interval);
/* The next packet's payload, marker and timestamp; FALSE when the press is
 * fully sent.  The caller sends one every @interval (the end repeats may
 * go out back to back). */
gboolean tel_event_sender_next (TelEventSender *s, guint8 payload[TEL_EVENT_PAYLOAD_SIZE],
                                gboolean *marker, guint32 *ts);

/* What a received packet means for the user. */
typedef enum {
  TEL_EVENT_NOTHING,  /* an update, a repeat, or a press already reported */
  TEL_EVENT_BEGAN,    /* a key went down */
  TEL_EVENT_ENDED,    /* the key went up */
  TEL_EVENT_BEGAN_AND_ENDED, /* all packets but the end were lost */
} TelEventVerdict;

/* A new press is a new timestamp (RFC 4733 2.5.2.2); the marker may be
 * lost, so it is not needed; a packet older than the current press is
 * ignored.  A key down whose end never comes is ended by the next press. */
typedef struct {
  gboolean have;    /* a press has been seen */
  guint32 ts;       /* its timestamp */
  guint8 event;
  gboolean ended;
} TelEventReceiver;

void tel_event_receiver_init (TelEventReceiver *r);
/* @ts: the packet's RTP timestamp.  @ev gets the event read. */
TelEventVerdict tel_event_receiver_push (TelEventReceiver *r, guint32 ts, const guint8 *payload,
                                         gsize len, TelEvent *ev);

G_END_DECLS
