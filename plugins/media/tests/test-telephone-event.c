/* Tests of RFC 4733 telephone events: payload bytes written out by hand
 * from the RFC's figure 1, the packets one key press becomes, and the
 * receiver reading streams with losses, duplicates and late packets. */
#include <string.h>

#include "telephone-event.h"

static void
test_keys (void)
{
  const char *keys = "0123456789*#ABCD";

  for (gint i = 0; i < 16; i++)
    {
      g_assert_cmpint (tel_event_from_key (keys[i]), ==, i);
      g_assert_cmpint (tel_event_to_key (i), ==, keys[i]);
    }
  g_assert_cmpint (tel_event_from_key ('a'), ==, 12);
  g_assert_cmpint (tel_event_from_key ('d'), ==, 15);
  g_assert_cmpint (tel_event_from_key ('x'), ==, -1);
  g_assert_cmpint (tel_event_from_key ('E'), ==, -1);
  g_assert_cmpint (tel_event_from_key ('\0'), ==, -1);
  g_assert_cmpint (tel_event_to_key (16), ==, 0);
}

static void
test_payload_bytes (void)
{
  /* '#' (11), E=1, volume 10, duration 800 = 0x0320 */
  TelEvent ev = { 11, TRUE, 10, 800 }, back;
  const guint8 want[] = { 0x0B, 0x8A, 0x03, 0x20 };
  /* '5', not the end, volume 63, duration 0xFFFF */
  TelEvent ev2 = { 5, FALSE, 63, 0xFFFF };
  const guint8 want2[] = { 0x05, 0x3F, 0xFF, 0xFF };
  guint8 out[4], stacked[8];

  tel_event_write (&ev, out);
  g_assert_cmpmem (out, 4, want, 4);
  tel_event_write (&ev2, out);
  g_assert_cmpmem (out, 4, want2, 4);
  g_assert_true (tel_event_parse (want, 4, &back));
  g_assert_cmpuint (back.event, ==, 11);
  g_assert_true (back.end);
  g_assert_cmpuint (back.volume, ==, 10);
  g_assert_cmpuint (back.duration, ==, 800);
  /* the R bit is ignored on receipt */
  {
    const guint8 r_set[] = { 0x0B, 0xCA, 0x03, 0x20 };
    g_assert_true (tel_event_parse (r_set, 4, &back));
    g_assert_cmpuint (back.volume, ==, 10);
    g_assert_true (back.end);
  }
  /* stacked events: the first is read */
  memcpy (stacked, want2, 4);
  memcpy (stacked + 4, want, 4);
  g_assert_true (tel_event_parse (stacked, 8, &back));
  g_assert_cmpuint (back.event, ==, 5);
  for (gsize len = 0; len < 8; len++)
    if (len % 4 || len == 0)
      g_assert_false (tel_event_parse (stacked, len, &back));
}

typedef struct {
  guint8 bytes[4];
  gboolean marker;
  guint32 ts;
} Pkt;

static guint
send_press (guint8 event, guint32 ts, guint32 duration, guint32 interval, Pkt *out, guint max)
{
  TelEventSender s;
  guint n = 0;

  tel_event_sender_start (&s, event, 10, ts, duration, interval);
  while (n < max && tel_event_sender_next (&s, out[n].bytes, &out[n].marker, &out[n].ts))
    n++;
  return n;
}

/* 100 ms of '1' at 8 kHz, an update every 20 ms: durations 160 ... 800,
 * the last one three times with E set; one timestamp; marker on the first. */
static void
test_sender_sequence (void)
{
  Pkt p[32];
  guint n = send_press (1, 1000, 800, 160, p, G_N_ELEMENTS (p));
  const guint16 want[] = { 160, 320, 480, 640, 800, 800, 800 };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < n; i++)
    {
      guint16 d = p[i].bytes[2] << 8 | p[i].bytes[3];
      gboolean end = i >= 4;
      g_assert_cmpuint (p[i].bytes[0], ==, 1);
      g_assert_cmpuint (p[i].bytes[1], ==, (end ? 0x80 : 0) | 10);
      g_assert_cmpuint (d, ==, want[i]);
      g_assert_cmpuint (p[i].ts, ==, 1000);
      g_assert_cmpint (p[i].marker, ==, i == 0);
    }
  /* a duration that is not a whole number of updates ends exactly */
  n = send_press (7, 5, 500, 160, p, G_N_ELEMENTS (p));
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (p[3].bytes[2] << 8 | p[3].bytes[3], ==, 500);
  g_assert_cmpuint (p[3].bytes[1] & 0x80, ==, 0x80);
  g_assert_cmpuint (p[2].bytes[1] & 0x80, ==, 0);
  /* a press shorter than one update is three end packets, the first
   * with the marker */
  n = send_press (0, 5, 80, 160, p, G_N_ELEMENTS (p));
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (p[0].marker);
  g_assert_cmpuint (p[0].bytes[1], ==, 0x8A);
  /* longer than the field holds: cut at 0xFFFF */
  n = send_press (0, 5, 70000, 8000, p, G_N_ELEMENTS (p));
  g_assert_cmpuint (p[n - 1].bytes[2] << 8 | p[n - 1].bytes[3], ==, 0xFFFF);
  g_assert_cmpuint (p[n - 1].bytes[1] & 0x80, ==, 0x80);
}

typedef struct {
  guint began, ended, both;
  char last_key;
} Tally;

static void
feed (TelEventReceiver *r, const Pkt *p, gsize n, Tally *t)
{
  for (gsize i = 0; i < n; i++)
    {
      TelEvent ev;
      switch (tel_event_receiver_push (r, p[i].ts, p[i].bytes, 4, &ev))
        {
        case TEL_EVENT_BEGAN:
          t->began++;
          t->last_key = tel_event_to_key (ev.event);
          break;
        case TEL_EVENT_ENDED:
          t->ended++;
          break;
        case TEL_EVENT_BEGAN_AND_ENDED:
          t->both++;
          t->last_key = tel_event_to_key (ev.event);
          break;
        case TEL_EVENT_NOTHING:
          break;
        }
    }
}

static void
test_receiver (void)
{
  Pkt p[16], q[16];
  guint n = send_press (tel_event_from_key ('9'), 4000, 800, 160, p, 16);
  guint m = send_press (tel_event_from_key ('9'), 6400, 800, 160, q, 16);
  TelEventReceiver r;
  Tally t = { 0 };

  /* a clean press: one down, one up, whatever the repeats */
  tel_event_receiver_init (&r);
  feed (&r, p, n, &t);
  g_assert_cmpuint (t.began, ==, 1);
  g_assert_cmpuint (t.ended, ==, 1);
  g_assert_cmpint (t.last_key, ==, '9');
  /* the same key again is a new press (new timestamp), marker or not */
  q[0].marker = FALSE;
  feed (&r, q, m, &t);
  g_assert_cmpuint (t.began, ==, 2);
  g_assert_cmpuint (t.ended, ==, 2);
  /* a late packet of the first press changes nothing */
  feed (&r, &p[2], 1, &t);
  g_assert_cmpuint (t.began, ==, 2);

  /* the first two packets lost */
  memset (&t, 0, sizeof t);
  tel_event_receiver_init (&r);
  feed (&r, p + 2, n - 2, &t);
  g_assert_cmpuint (t.began, ==, 1);
  g_assert_cmpuint (t.ended, ==, 1);

  /* only the end packets arrived */
  memset (&t, 0, sizeof t);
  tel_event_receiver_init (&r);
  feed (&r, p + 4, n - 4, &t);
  g_assert_cmpuint (t.both, ==, 1);
  g_assert_cmpuint (t.began + t.ended, ==, 0);

  /* every packet twice */
  memset (&t, 0, sizeof t);
  tel_event_receiver_init (&r);
  for (guint i = 0; i < n; i++)
    {
      feed (&r, &p[i], 1, &t);
      feed (&r, &p[i], 1, &t);
    }
  g_assert_cmpuint (t.began, ==, 1);
  g_assert_cmpuint (t.ended, ==, 1);

  /* a payload of the wrong size is ignored */
  {
    TelEvent ev;
    tel_event_receiver_init (&r);
    g_assert_cmpint (tel_event_receiver_push (&r, 1, p[0].bytes, 3, &ev), ==, TEL_EVENT_NOTHING);
    g_assert_cmpint (tel_event_receiver_push (&r, 1, p[0].bytes, 4, &ev), ==, TEL_EVENT_BEGAN);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/telephone-event/keys", test_keys);
  g_test_add_func ("/telephone-event/payload-bytes-rfc4733-fig1", test_payload_bytes);
  g_test_add_func ("/telephone-event/sender-sequence", test_sender_sequence);
  g_test_add_func ("/telephone-event/receiver-losses-duplicates-late", test_receiver);
  return g_test_run ();
}
