/* bench-sip-parse: SIP messages parsed (and serialized again) per second,
 * deskphone's parser (plugins/sip/msg.c) next to libre's and sofia-sip's in
 * the same run.
 *
 * The mix is four messages a desk phone sees all day: a REGISTER with a
 * digest Authorization header, an INVITE with 17 header lines (two Via,
 * Record-Route, Contact, Allow, Supported, User-Agent, ...) and an SDP
 * offer, the 200 OK to it with an SDP answer, and a NOTIFY for
 * message-summary (MWI).  All CRLF, Content-Length exact.
 *
 * Rows: parse only, and parse + serialize (the parsed message encoded back
 * to bytes), for each library; each row's iteration count is scaled so a
 * run takes about a third of --seconds (default 1.2 s per row); the rows
 * are run 3 times, interleaved, and each row's best run is printed.  Then
 * parse time per message type, heap held per parsed message (mallinfo2
 * around 10 000 live messages), and the ratio against the fastest other
 * library (the target is 2x).
 *
 * Before timing, each library parses each message once and must give back
 * its Call-ID; serialized output must parse again to the same Call-ID, and
 * deskphone's must equal the input byte for byte.
 *
 * libre and sofia-sip are compiled in only when found (HAVE_LIBRE,
 * HAVE_SOFIA).  Usage: bench-sip-parse [--seconds S] [--dump] */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "msg.h"
#include "sip-parse-libs.h"

#define N_KEEP 10000
#define RUNS 3

/* 878 bytes: 13 header lines, 0-byte body */
static const char msg_register[] =
  "REGISTER sip:pbx.example.com SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-524287-1---2b4c6d8e0f1a3b5c;rport\r\n"
  "Max-Forwards: 70\r\n"
  "Contact: <sip:2001@192.168.1.20:5060;transport=udp>;+sip.instance=\"<urn:uuid:0c7a5e2b-3d4f-4a1b-9c8d-7e6f5a4b3c2d>\";expires=3600\r\n"
  "To: \"Desk 2001\" <sip:2001@pbx.example.com>\r\n"
  "From: \"Desk 2001\" <sip:2001@pbx.example.com>;tag=8f2e4a61\r\n"
  "Call-ID: NzQ1ZGE3YjE0MjE2MzA4YmIyNDk5ZTI3NWQ0ZjQ2OGM.\r\n"
  "CSeq: 2 REGISTER\r\n"
  "Expires: 3600\r\n"
  "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, INFO, UPDATE, SUBSCRIBE, PRACK, MESSAGE\r\n"
  "Supported: path, gruu, outbound\r\n"
  "User-Agent: deskphone/0.1.0\r\n"
  "Authorization: Digest username=\"2001\",realm=\"pbx.example.com\",nonce=\"5f8b2c1d4e7a9b3c6d0e2f4a8b1c3d5e\",uri=\"sip:pbx.example.com\",response=\"9e1d6c2b7a4f3e8d0c5b1a6f2e9d4c7b\",cnonce=\"a1b2c3d4e5f60718\",nc=00000001,qop=auth,algorithm=MD5\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

/* 1215 bytes: 17 header lines, 320-byte body */
static const char msg_invite[] =
  "INVITE sip:2002@pbx.example.com SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK3f9a.8d2c1b7e.0\r\n"
  "Via: SIP/2.0/UDP 192.168.1.20:5060;received=192.168.1.20;rport=5060;branch=z9hG4bK-524287-1---7f1c2e3a9b8d4c10\r\n"
  "Record-Route: <sip:10.0.0.1;lr;ftag=as5f3c2d1e>\r\n"
  "Max-Forwards: 69\r\n"
  "From: \"Desk 2001\" <sip:2001@pbx.example.com>;tag=as5f3c2d1e\r\n"
  "To: <sip:2002@pbx.example.com>\r\n"
  "Call-ID: 6a3f8c1e2b7d4e9fa0c5b1d2e3f40516@192.168.1.20\r\n"
  "CSeq: 102 INVITE\r\n"
  "Contact: <sip:2001@192.168.1.20:5060;transport=udp>;+sip.instance=\"<urn:uuid:0c7a5e2b-3d4f-4a1b-9c8d-7e6f5a4b3c2d>\"\r\n"
  "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, INFO, UPDATE, SUBSCRIBE, PRACK, MESSAGE\r\n"
  "Supported: replaces, timer, 100rel, path\r\n"
  "User-Agent: deskphone/0.1.0\r\n"
  "Session-Expires: 1800;refresher=uac\r\n"
  "Min-SE: 90\r\n"
  "Allow-Events: talk, hold, conference, refer, check-sync\r\n"
  "Content-Type: application/sdp\r\n"
  "Content-Length: 320\r\n"
  "\r\n"
  "v=0\r\n"
  "o=- 3912345678 3912345678 IN IP4 192.168.1.20\r\n"
  "s=deskphone\r\n"
  "c=IN IP4 192.168.1.20\r\n"
  "t=0 0\r\n"
  "m=audio 16384 RTP/AVP 9 0 8 101\r\n"
  "a=rtpmap:9 G722/8000\r\n"
  "a=rtpmap:0 PCMU/8000\r\n"
  "a=rtpmap:8 PCMA/8000\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=fmtp:101 0-15\r\n"
  "a=ptime:20\r\n"
  "a=maxptime:150\r\n"
  "a=rtcp:16385 IN IP4 192.168.1.20\r\n"
  "a=sendrecv\r\n";

/* 955 bytes: 15 header lines, 243-byte body */
static const char msg_ok[] =
  "SIP/2.0 200 OK\r\n"
  "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK3f9a.8d2c1b7e.0\r\n"
  "Via: SIP/2.0/UDP 192.168.1.20:5060;received=192.168.1.20;rport=5060;branch=z9hG4bK-524287-1---7f1c2e3a9b8d4c10\r\n"
  "Record-Route: <sip:10.0.0.1;lr;ftag=as5f3c2d1e>\r\n"
  "From: \"Desk 2001\" <sip:2001@pbx.example.com>;tag=as5f3c2d1e\r\n"
  "To: <sip:2002@pbx.example.com>;tag=as7e21b04c\r\n"
  "Call-ID: 6a3f8c1e2b7d4e9fa0c5b1d2e3f40516@192.168.1.20\r\n"
  "CSeq: 102 INVITE\r\n"
  "Server: Asterisk PBX 20.5.0\r\n"
  "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE\r\n"
  "Supported: replaces, timer\r\n"
  "Require: timer\r\n"
  "Session-Expires: 1800;refresher=uac\r\n"
  "Contact: <sip:2002@10.0.0.1:5060>\r\n"
  "Content-Type: application/sdp\r\n"
  "Content-Length: 243\r\n"
  "\r\n"
  "v=0\r\n"
  "o=root 1726378123 1726378123 IN IP4 10.0.0.1\r\n"
  "s=Asterisk PBX 20.5.0\r\n"
  "c=IN IP4 10.0.0.1\r\n"
  "t=0 0\r\n"
  "m=audio 18620 RTP/AVP 9 101\r\n"
  "a=rtpmap:9 G722/8000\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=fmtp:101 0-16\r\n"
  "a=ptime:20\r\n"
  "a=maxptime:150\r\n"
  "a=sendrecv\r\n";

/* 607 bytes: 12 header lines, 91-byte body */
static const char msg_notify[] =
  "NOTIFY sip:2001@192.168.1.20:5060;transport=udp SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK5c1e.7a2b3c4d.0;rport\r\n"
  "Max-Forwards: 70\r\n"
  "From: <sip:2001@pbx.example.com>;tag=as1b2c3d4e\r\n"
  "To: <sip:2001@pbx.example.com>;tag=8f2e4a61\r\n"
  "Contact: <sip:asterisk@10.0.0.1:5060>\r\n"
  "Call-ID: 1c4e7f0a2d5b8e1f4a7c0d3e6f9a2b5c@10.0.0.1\r\n"
  "CSeq: 104 NOTIFY\r\n"
  "User-Agent: Asterisk PBX 20.5.0\r\n"
  "Event: message-summary\r\n"
  "Subscription-State: active;expires=3595\r\n"
  "Content-Type: application/simple-message-summary\r\n"
  "Content-Length: 91\r\n"
  "\r\n"
  "Messages-Waiting: yes\r\n"
  "Message-Account: sip:*97@pbx.example.com\r\n"
  "Voice-Message: 2/8 (1/2)\r\n";

typedef struct {
  const char *name;
  const char *buf;
  size_t len;
} MixMsg;

static const MixMsg mix[] = {
  { "REGISTER", msg_register, sizeof msg_register - 1 },
  { "INVITE+SDP", msg_invite, sizeof msg_invite - 1 },
  { "200 OK+SDP", msg_ok, sizeof msg_ok - 1 },
  { "NOTIFY MWI", msg_notify, sizeof msg_notify - 1 },
};
#define N_MIX G_N_ELEMENTS (mix)

/* ---- deskphone's adapter ---- */

static int
dp_init (void)
{
  return 0;
}

static void
dp_fini (void)
{
}

static void *
dp_parse (const char *buf, size_t len)
{
  SipMsg *msg = sip_msg_parse (buf, len, NULL);
  if (msg && msg->invalid_status)
    g_clear_pointer (&msg, sip_msg_free);
  return msg;
}

static size_t
dp_serialize (void *m, char **out)
{
  GString *s = sip_msg_serialize (m);
  size_t len = s->len;
  if (out)
    *out = g_strndup (s->str, s->len);
  g_string_free (s, TRUE);
  return len;
}

static size_t
dp_call_id (void *m, char *out, size_t size)
{
  const SipMsg *msg = m;
  size_t n = MIN (msg->call_id.len, size - 1);
  memcpy (out, msg->call_id.p, n);
  out[n] = '\0';
  return n;
}

static void
dp_free (void *m)
{
  sip_msg_free (m);
}

static const BenchSipLib bench_sip_deskphone = {
  .name = "deskphone",
  .init = dp_init,
  .fini = dp_fini,
  .parse = dp_parse,
  .serialize = dp_serialize,
  .call_id = dp_call_id,
  .free = dp_free,
  .note = NULL,
};

static const BenchSipLib *const libs[] = {
  &bench_sip_deskphone,
#ifdef HAVE_LIBRE
  &bench_sip_libre,
#endif
#ifdef HAVE_SOFIA
  &bench_sip_sofia,
#endif
};
#define N_LIBS G_N_ELEMENTS (libs)

/* ---- checks ---- */

/* The Call-ID value as written in @buf. */
static char *
expected_call_id (const char *buf)
{
  const char *p = strstr (buf, "\r\nCall-ID: "), *e;
  g_assert (p);
  p += strlen ("\r\nCall-ID: ");
  e = strstr (p, "\r\n");
  return g_strndup (p, e - p);
}

/* Every library must parse every message and give its Call-ID back; what
 * it serializes must parse again to the same Call-ID. */
static gboolean
check_lib (const BenchSipLib *lib)
{
  gboolean ok = TRUE;
  for (guint i = 0; i < N_MIX; i++)
    {
      g_autofree char *want = expected_call_id (mix[i].buf);
      char got[256];
      void *m = lib->parse (mix[i].buf, mix[i].len);
      if (!m)
        {
          fprintf (stderr, "%s: failed to parse %s\n", lib->name, mix[i].name);
          ok = FALSE;
          continue;
        }
      lib->call_id (m, got, sizeof got);
      if (strcmp (got, want) != 0)
        {
          fprintf (stderr, "%s: %s: Call-ID '%s', expected '%s'\n", lib->name, mix[i].name, got, want);
          ok = FALSE;
        }
      if (lib->serialize)
        {
          char *out = NULL;
          size_t len = lib->serialize (m, &out);
          void *again = out ? lib->parse (out, len) : NULL;
          char got2[256] = "";
          if (again)
            lib->call_id (again, got2, sizeof got2);
          if (!again || strcmp (got2, want) != 0)
            {
              fprintf (stderr, "%s: %s: serialized message does not parse back\n", lib->name, mix[i].name);
              ok = FALSE;
            }
          if (lib == &bench_sip_deskphone && (len != mix[i].len || memcmp (out, mix[i].buf, len) != 0))
            {
              fprintf (stderr, "%s: %s: serialized message differs from the input\n", lib->name, mix[i].name);
              ok = FALSE;
            }
          if (again)
            lib->free (again);
          free (out); /* g_free and free are the same allocator since GLib 2.46 */
        }
      lib->free (m);
    }
  return ok;
}

/* ---- timing ---- */

static volatile size_t sink;

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* @rounds passes over the messages @first..@last-1; returns seconds. */
static double
run_rounds (const BenchSipLib *lib, gboolean serialize, guint first, guint last, guint64 rounds)
{
  size_t acc = 0;
  double t0 = now_s ();
  for (guint64 r = 0; r < rounds; r++)
    for (guint i = first; i < last; i++)
      {
        void *m = lib->parse (mix[i].buf, mix[i].len);
        if (G_UNLIKELY (!m))
          g_error ("%s: parse of %s failed during the run", lib->name, mix[i].name);
        acc += serialize ? lib->serialize (m, NULL) : 1;
        lib->free (m);
      }
  sink = acc;
  return now_s () - t0;
}

/* One timed row: a library, parse or parse+serialize, messages
 * [first, last) of the mix. */
typedef struct {
  const BenchSipLib *lib;
  gboolean serialize;
  guint first, last;
  guint64 rounds;
  double best_s;
} Row;

/* Scales each row's rounds so a run takes @seconds / RUNS, then makes RUNS
 * passes over all the rows, interleaved so that a slow patch of a shared
 * machine hits every library alike, and keeps each row's best run. */
static void
measure_rows (Row *rows, guint n_rows, double seconds)
{
  double per_run = seconds / RUNS;
  for (guint r = 0; r < n_rows; r++)
    {
      Row *row = &rows[r];
      double t;
      row->rounds = 1;
      while ((t = run_rounds (row->lib, row->serialize, row->first, row->last, row->rounds)) < 0.02)
        row->rounds *= 2;
      row->rounds = MAX (1, (guint64) (row->rounds * per_run / t));
      row->best_s = G_MAXDOUBLE;
    }
  for (int pass = 0; pass < RUNS; pass++)
    for (guint r = 0; r < n_rows; r++)
      {
        Row *row = &rows[r];
        double t = run_rounds (row->lib, row->serialize, row->first, row->last, row->rounds);
        row->best_s = MIN (row->best_s, t);
      }
}

static guint64
row_msgs (const Row *row)
{
  return row->rounds * (row->last - row->first);
}

static double
row_ns (const Row *row)
{
  return row->best_s * 1e9 / row_msgs (row);
}

/* ---- memory ---- */

/* Heap bytes held per parsed message (malloc'd chunks, their headers
 * included), with N_KEEP messages of the mix alive at once. */
static double
bytes_per_message (const BenchSipLib *lib)
{
  void **keep = g_new (void *, N_KEEP);
  size_t before, after;

  before = mallinfo2 ().uordblks;
  for (guint i = 0; i < N_KEEP; i++)
    keep[i] = lib->parse (mix[i % N_MIX].buf, mix[i % N_MIX].len);
  after = mallinfo2 ().uordblks;
  for (guint i = 0; i < N_KEEP; i++)
    lib->free (keep[i]);
  g_free (keep);
  return (double) (after - before) / N_KEEP;
}

static double mix_bytes_avg (void)
{
  size_t n = 0;
  for (guint i = 0; i < N_MIX; i++)
    n += mix[i].len;
  return (double) n / N_MIX;
}

/* ---- main ---- */

typedef struct {
  double ns[2]; /* [serialize]; 0: not measured */
} Result;

int
main (int argc, char **argv)
{
  double seconds = 1.2;
  gboolean dump = FALSE;
  Result res[N_LIBS] = { 0 };
  const BenchSipLib *best_other = NULL;
  int best_op = 0;
  double best_ns = G_MAXDOUBLE;
  Row mix_rows[N_LIBS * 2], type_rows[N_LIBS * N_MIX];
  guint n_mix_rows = 0;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--seconds") == 0 && i + 1 < argc)
        {
          double v = g_ascii_strtod (argv[++i], NULL);
          seconds = CLAMP (v, 0.05, 5.0);
        }
      else if (strcmp (argv[i], "--dump") == 0)
        dump = TRUE;
      else
        {
          fprintf (stderr, "usage: %s [--seconds S] [--dump]\n", argv[0]);
          return 2;
        }
    }

  printf ("Mix:");
  for (guint i = 0; i < N_MIX; i++)
    printf ("%s %s %zu B", i ? "," : "", mix[i].name, mix[i].len);
  printf (" (average %.0f B)\n", mix_bytes_avg ());
  if (dump)
    for (guint i = 0; i < N_MIX; i++)
      printf ("---- %s ----\n%s", mix[i].name, mix[i].buf);

  for (guint l = 0; l < N_LIBS; l++)
    {
      if (libs[l]->init () != 0)
        g_error ("%s: initialisation failed", libs[l]->name);
      if (!check_lib (libs[l]))
        g_error ("%s: the mix does not parse correctly; not timing it", libs[l]->name);
    }
#ifndef HAVE_LIBRE
  printf ("Built without libre (libre-dev not installed): not measured.\n");
#endif
#ifndef HAVE_SOFIA
  printf ("Built without sofia-sip (libsofia-sip-ua-dev not installed): not measured.\n");
#endif

  /* the whole mix: lib x {parse, parse+serialize} */
  for (guint l = 0; l < N_LIBS; l++)
    for (int op = 0; op < 2; op++)
      if (!op || libs[l]->serialize)
        mix_rows[n_mix_rows++] = (Row) { libs[l], op, 0, N_MIX, 0, 0 };
  printf ("\nWhole mix, best of %d interleaved runs, ~%.1f s per row:\n\n", RUNS, seconds);
  fflush (stdout);
  measure_rows (mix_rows, n_mix_rows, seconds);
  printf ("%-22s %-17s %10s %12s %9s\n", "library", "operation", "msgs/run", "messages/s", "ns/msg");
  for (guint l = 0, r = 0; l < N_LIBS; l++)
    for (int op = 0; op < 2; op++)
      {
        const char *opname = op ? "parse+serialize" : "parse";
        if (op && !libs[l]->serialize)
          {
            printf ("%-22s %-17s %10s %12s %9s\n", libs[l]->name, opname, "-", "-", "-");
            continue;
          }
        res[l].ns[op] = row_ns (&mix_rows[r]);
        printf ("%-22s %-17s %10" G_GUINT64_FORMAT " %12.0f %9.0f\n", libs[l]->name, opname,
                row_msgs (&mix_rows[r]), 1e9 / res[l].ns[op], res[l].ns[op]);
        r++;
      }
  for (guint l = 0; l < N_LIBS; l++)
    if (libs[l]->note)
      printf ("(%s)\n", libs[l]->note);

  /* parse only, one message type at a time */
  for (guint l = 0; l < N_LIBS; l++)
    for (guint i = 0; i < N_MIX; i++)
      type_rows[l * N_MIX + i] = (Row) { libs[l], FALSE, i, i + 1, 0, 0 };
  printf ("\nParse only, per message type (ns/msg, best of %d interleaved runs):\n\n", RUNS);
  fflush (stdout);
  measure_rows (type_rows, N_LIBS * N_MIX, seconds / 6);
  printf ("%-22s", "library");
  for (guint i = 0; i < N_MIX; i++)
    printf (" %11s", mix[i].name);
  printf ("\n");
  for (guint l = 0; l < N_LIBS; l++)
    {
      printf ("%-22s", libs[l]->name);
      for (guint i = 0; i < N_MIX; i++)
        printf (" %11.0f", row_ns (&type_rows[l * N_MIX + i]));
      printf ("\n");
    }

  printf ("\nHeap held per parsed message (%d alive, mix average %.0f B of text):\n\n", N_KEEP, mix_bytes_avg ());
  for (guint l = 0; l < N_LIBS; l++)
    printf ("%-22s %8.0f B\n", libs[l]->name, bytes_per_message (libs[l]));
  printf ("(deskphone: sizeof (SipMsg) = %zu B, of which %zu B inline header array, "
          "plus the copy of the text)\n",
          sizeof (SipMsg), sizeof (((SipMsg *) NULL)->hdrs_inline));

  /* Each other library is compared on parse+serialize when it can
   * serialize, on parse otherwise; the fastest of them is the yardstick. */
  printf ("\n");
  for (guint l = 1; l < N_LIBS; l++)
    {
      int op = libs[l]->serialize ? 1 : 0;
      printf ("deskphone / %s (%s): %.2fx", libs[l]->name, op ? "parse+serialize" : "parse",
              res[l].ns[op] / res[0].ns[op]);
      if (op)
        printf (", parse only: %.2fx", res[l].ns[0] / res[0].ns[0]);
      printf ("\n");
      if (res[l].ns[op] < best_ns)
        best_ns = res[l].ns[op], best_other = libs[l], best_op = op;
    }
  if (best_other)
    printf ("deskphone / fastest other (parse+serialize or parse): %.1fx (target 2x; fastest: %s, %s)\n",
            best_ns / res[0].ns[best_op], best_other->name, best_op ? "parse+serialize" : "parse");
  else
    printf ("deskphone / fastest other (parse+serialize or parse): n/a (no other library built in; target 2x)\n");

  for (guint l = 0; l < N_LIBS; l++)
    libs[l]->fini ();
  return 0;
}
