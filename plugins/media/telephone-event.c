#include "telephone-event.h"

#include <string.h>

static const char keys[] = "0123456789*#ABCD";

gint
tel_event_from_key (char key)
{
  const char *p;

  if (!key)
    return -1;
  p = strchr (keys, g_ascii_toupper (key));
  return p ? (gint) (p - keys) : -1;
}

char
tel_event_to_key (guint8 event)
{
  return event < 16 ? keys[event] : 0;
}

/* RFC 4733 2.3: event (8) | E (1) R (1) volume (6) | duration (16) */
void
tel_event_write (const TelEvent *ev, guint8 out[TEL_EVENT_PAYLOAD_SIZE])
{
  out[0] = ev->event;
  out[1] = (ev->end ? 0x80 : 0) | (ev->volume & 0x3f);
  out[2] = ev->duration >> 8;
  out[3] = ev->duration & 0xff;
}

gboolean
tel_event_parse (const guint8 *payload, gsize len, TelEvent *ev)
{
  if (len == 0 || len % TEL_EVENT_PAYLOAD_SIZE)
    return FALSE;
  ev->event = payload[0];
  ev->end = payload[1] >> 7;
  ev->volume = payload[1] & 0x3f;
  ev->duration = (guint16) (payload[2] << 8 | payload[3]);
  return TRUE;
}

void
tel_event_sender_start (TelEventSender *s, guint8 event, guint8 volume, guint32 ts,
                        guint32 duration, guint32 interval)
{
  memset (s, 0, sizeof *s);
  s->event = event;
  s->volume = MIN (volume, 63);
  s->ts = ts;
  s->total = CLAMP (duration, 1, G_MAXUINT16);
  s->interval = MAX (interval, 1);
  s->ends_left = TEL_EVENT_END_REPEATS;
}

gboolean
tel_event_sender_next (TelEventSender *s, guint8 payload[TEL_EVENT_PAYLOAD_SIZE],
                       gboolean *marker, guint32 *ts)
{
  TelEvent ev = { s->event, FALSE, s->volume, 0 };

  if (s->ends_left == 0)
    return FALSE;
  if (s->sent < s->total)
    s->sent = MIN ((guint64) s->sent + s->interval, s->total);
  ev.duration = s->sent;
  ev.end = s->sent == s->total;
  if (ev.end)
    s->ends_left--;
  tel_event_write (&ev, payload);
  *marker = s->packets == 0;
  *ts = s->ts;
  s->packets++;
  return TRUE;
}

void
tel_event_receiver_init (TelEventReceiver *r)
{
  memset (r, 0, sizeof *r);
}

TelEventVerdict
tel_event_receiver_push (TelEventReceiver *r, guint32 ts, const guint8 *payload, gsize len,
                         TelEvent *ev)
{
  gboolean fresh;

  if (!tel_event_parse (payload, len, ev))
    return TEL_EVENT_NOTHING;
  /* a late packet of an earlier press is not a new one */
  if (r->have && (gint32) (ts - r->ts) < 0)
    return TEL_EVENT_NOTHING;
  fresh = !r->have || ts != r->ts;
  if (fresh)
    {
      r->have = TRUE;
      r->ts = ts;
      r->event = ev->event;
      r->ended = ev->end;
      return ev->end ? TEL_EVENT_BEGAN_AND_ENDED : TEL_EVENT_BEGAN;
    }
  if (ev->end && !r->ended)
    {
      r->ended = TRUE;
      return TEL_EVENT_ENDED;
    }
  return TEL_EVENT_NOTHING;
}
