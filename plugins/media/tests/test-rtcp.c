/* Tests of RTCP packets (RFC 3550 6.4, 6.5, 6.6), their validation (A.2),
 * round-trip time (6.4.1) and interarrival jitter (A.8).  Expected bytes
 * are written out by hand from the RFC's packet diagrams. */
#include <math.h>
#include <string.h>

#include "rtcp.h"

#define NTP(sec, frac) (((guint64) (sec) << 32) | (guint32) (frac))

static void
test_rr_bytes (void)
{
  g_autoptr (GByteArray) a = g_byte_array_new ();
  RtcpBlock b = { 0xAABBCCDD, 0x40, 5, 0x00010064, 0x20, 0x12345678, 0x00010000 };
  const guint8 want[] = {
    0x81, 201, 0x00, 0x07, 0x11, 0x22, 0x33, 0x44,  /* V=2 RC=1 RR, 7 words */
    0xAA, 0xBB, 0xCC, 0xDD, 0x40, 0x00, 0x00, 0x05, /* SSRC_1, fraction, lost */
    0x00, 0x01, 0x00, 0x64, 0x00, 0x00, 0x00, 0x20, /* highest seq, jitter */
    0x12, 0x34, 0x56, 0x78, 0x00, 0x01, 0x00, 0x00, /* LSR, DLSR */
  };

  rtcp_append_report (a, 0x11223344, NULL, &b, 1);
  g_assert_cmpmem (a->data, a->len, want, sizeof want);
}

static void
test_sr_bytes (void)
{
  g_autoptr (GByteArray) a = g_byte_array_new ();
  RtcpSenderInfo si = { NTP (0xE8000001, 0x80000000), 16000, 100, 16000 };
  const guint8 want[] = {
    0x80, 200, 0x00, 0x06, 0x01, 0x02, 0x03, 0x04, /* V=2 RC=0 SR, 6 words */
    0xE8, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, /* NTP */
    0x00, 0x00, 0x3E, 0x80, 0x00, 0x00, 0x00, 0x64, /* RTP ts, packets */
    0x00, 0x00, 0x3E, 0x80,                         /* octets */
  };

  rtcp_append_report (a, 0x01020304, &si, NULL, 0);
  g_assert_cmpmem (a->data, a->len, want, sizeof want);
}

static void
test_sdes_and_bye_bytes (void)
{
  g_autoptr (GByteArray) a = g_byte_array_new ();
  /* 4 header + 4 SSRC + 2 item head + 10 text + 1 null = 21, padded to 24 */
  const guint8 sdes[] = {
    0x81, 202, 0x00, 0x05, 0x01, 0x02, 0x03, 0x04, 0x01, 0x0A,
    'a', 'l', 'i', 'c', 'e', '@', 'h', 'o', 's', 't', 0, 0, 0, 0,
  };
  /* text ending on a word boundary still gets a null: a whole word of them */
  const guint8 sdes6[] = {
    0x81, 202, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04, 0x01, 0x06,
    'a', 'b', 'c', 'd', 'e', 'f', 0, 0, 0, 0,
  };
  const guint8 bye[] = { 0x81, 203, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04 };
  const guint8 bye_reason[] = {
    0x81, 203, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04, 0x04, 'g', 'o', 'n', 'e', 0, 0, 0,
  };

  rtcp_append_sdes_cname (a, 0x01020304, "alice@host");
  g_assert_cmpmem (a->data, a->len, sdes, sizeof sdes);
  g_byte_array_set_size (a, 0);
  rtcp_append_sdes_cname (a, 0x01020304, "abcdef");
  g_assert_cmpmem (a->data, a->len, sdes6, sizeof sdes6);
  g_byte_array_set_size (a, 0);
  rtcp_append_bye (a, 0x01020304, NULL);
  g_assert_cmpmem (a->data, a->len, bye, sizeof bye);
  g_byte_array_set_size (a, 0);
  rtcp_append_bye (a, 0x01020304, "gone");
  g_assert_cmpmem (a->data, a->len, bye_reason, sizeof bye_reason);
}

static void
test_compound_round_trip (void)
{
  g_autoptr (GByteArray) a = g_byte_array_new ();
  RtcpSenderInfo si = { NTP (3900000000u, 12345), 480, 3, 480 };
  RtcpBlock b[2] = {
    { 0x0A0A0A0A, 25, -3, 70000, 12, 0xDEAD0000, 655 },
    { 0x0B0B0B0B, 255, 0x7fffff, 1, 0, 0, 0 },
  };
  RtcpReport r;
  const char *why = NULL;

  rtcp_append_report (a, 0x5EED, &si, b, 2);
  rtcp_append_sdes_cname (a, 0x5EED, "deskphone@10.0.0.5");
  rtcp_append_bye (a, 0x5EED, "hung up");
  g_assert_true (rtcp_parse (a->data, a->len, &r, &why));
  g_assert_cmpuint (r.ssrc, ==, 0x5EED);
  g_assert_true (r.has_sr);
  g_assert_cmpuint (r.sr.ntp, ==, si.ntp);
  g_assert_cmpuint (r.sr.rtp_ts, ==, 480);
  g_assert_cmpuint (r.sr.packets, ==, 3);
  g_assert_cmpuint (r.sr.octets, ==, 480);
  g_assert_cmpuint (r.n_blocks, ==, 2);
  g_assert_cmpuint (r.blocks[0].ssrc, ==, 0x0A0A0A0A);
  g_assert_cmpuint (r.blocks[0].fraction_lost, ==, 25);
  g_assert_cmpuint (r.blocks[0].highest_seq, ==, 70000);
  g_assert_cmpuint (r.blocks[0].jitter, ==, 12);
  g_assert_cmpuint (r.blocks[0].lsr, ==, 0xDEAD0000);
  g_assert_cmpuint (r.blocks[0].dlsr, ==, 655);
  g_assert_cmpuint (r.blocks[1].ssrc, ==, 0x0B0B0B0B);
  g_assert_cmpuint (r.blocks[1].fraction_lost, ==, 255);
  g_assert_cmpint (r.blocks[0].cumulative_lost, ==, -3);
  g_assert_cmpint (r.blocks[1].cumulative_lost, ==, 0x7fffff);
  g_assert_cmpstr (r.cname, ==, "deskphone@10.0.0.5");
  g_assert_true (r.bye);
}

static void
test_parse_refuses (void)
{
  g_autoptr (GByteArray) good = g_byte_array_new ();
  struct { const char *name; gsize cut; guint pos; guint8 val; const char *why; } cases[] = {
    { "7 bytes", 7, 0, 0x81, "shorter" },
    { "starts with SDES", 0, 1, 202, "SR or RR" },
    { "padding on the first", 0, 0, 0xA1, "SR or RR" },
    { "version 1 first", 0, 0, 0x41, "SR or RR" },
    { "length past the end", 0, 3, 0x40, "runs past" },
    { "blocks past the length", 0, 0, 0x82, "shorter than its blocks" },
    { "second packet version 3", 0, 32, 0xC1, "version 2" },
  };
  RtcpBlock b = { 1, 2, 3, 4, 5, 6, 7 };

  rtcp_append_report (good, 9, NULL, &b, 1);
  rtcp_append_sdes_cname (good, 9, "x");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GByteArray) a = g_byte_array_new ();
      RtcpReport r;
      const char *why = NULL;
      g_byte_array_append (a, good->data, good->len);
      if (cases[i].cut)
        g_byte_array_set_size (a, cases[i].cut);
      else
        a->data[cases[i].pos] = cases[i].val;
      if (rtcp_parse (a->data, a->len, &r, &why))
        g_test_fail_printf ("%s: parsed", cases[i].name);
      else if (!strstr (why, cases[i].why))
        g_test_fail_printf ("%s: reason '%s' does not say '%s'", cases[i].name, why,
                            cases[i].why);
    }
  /* trailing bytes that are not a packet */
  {
    RtcpReport r;
    const char *why = NULL;
    g_byte_array_append (good, (const guint8 *) "\x81\xcb", 2);
    g_assert_false (rtcp_parse (good->data, good->len, &r, &why));
    g_assert_nonnull (strstr (why, "trailing"));
  }
}

static void
test_parse_random_bytes (void)
{
  guint8 buf[96];

  for (int n = 0; n < 200000; n++)
    {
      gsize len = g_test_rand_int_range (0, sizeof buf + 1);
      RtcpReport r;
      for (gsize i = 0; i < len; i++)
        buf[i] = g_test_rand_int_range (0, 256);
      if (len > 1)
        {
          buf[0] = 0x80 | (buf[0] & 0x1f);
          buf[1] = 200 + (buf[1] & 1);
        }
      if (rtcp_parse (buf, len, &r, NULL))
        {
          g_assert_cmpuint (r.n_blocks, <=, RTCP_MAX_BLOCKS);
          g_assert_cmpuint (strlen (r.cname), <, sizeof r.cname);
        }
    }
}

/* 6.4.1's example: an SR sent at NTP T, answered with DLSR 0.5 s, the
 * answer read 0.75 s after T: the round trip is 0.25 s. */
static void
test_rtt (void)
{
  guint64 sr_ntp = NTP (3900000000u, 0x40000000); /* .25 s */
  RtcpBlock b = { .lsr = rtcp_ntp_mid32 (sr_ntp), .dlsr = 32768 };

  g_assert_cmpuint (b.lsr, ==, (3900000000u & 0xffff) << 16 | 0x4000);
  g_assert_cmpint (rtcp_rtt (&b, NTP (3900000001u, 0)), ==, 16384);
  /* no SR seen by the far end yet */
  b.lsr = 0;
  g_assert_cmpint (rtcp_rtt (&b, NTP (3900000001u, 0)), ==, -1);
  /* an answer from before the SR was sent */
  b.lsr = rtcp_ntp_mid32 (sr_ntp);
  g_assert_cmpint (rtcp_rtt (&b, NTP (3900000000u, 0)), ==, -1);
}

/* A.8: J += (|D| - J)/16.  Steady transit gives no jitter; transit that
 * alternates by 160 units moves J towards 160 as 160 (1 - (15/16)^n). */
static void
test_jitter (void)
{
  RtpJitter j = { 0 };
  double want = 0;

  for (guint i = 0; i < 50; i++)
    rtp_jitter_update (&j, 1000 + i * 160 + 400, i * 160);
  g_assert_cmpuint (rtp_jitter_value (&j), ==, 0);
  memset (&j, 0, sizeof j);
  rtp_jitter_update (&j, 0, 0xFFFFFF00u); /* RTP timestamps wrap too */
  for (guint i = 1; i <= 100; i++)
    {
      guint32 ts = 0xFFFFFF00u + i * 160;
      rtp_jitter_update (&j, i * 160 + (i % 2 ? 160 : 0), ts);
      want = 160 * (1 - pow (15.0 / 16, i));
      if (fabs (j.jitter - want) > 1e-6)
        g_error ("jitter after %u packets is %f, A.8 gives %f", i, j.jitter, want);
    }
  g_assert_cmpuint (rtp_jitter_value (&j), ==, (guint32) want);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rtcp/rr-bytes", test_rr_bytes);
  g_test_add_func ("/rtcp/sr-bytes", test_sr_bytes);
  g_test_add_func ("/rtcp/sdes-and-bye-bytes", test_sdes_and_bye_bytes);
  g_test_add_func ("/rtcp/compound-round-trip", test_compound_round_trip);
  g_test_add_func ("/rtcp/parse-refuses-invalid-compounds", test_parse_refuses);
  g_test_add_func ("/rtcp/parse-random-bytes", test_parse_random_bytes);
  g_test_add_func ("/rtcp/round-trip-time", test_rtt);
  g_test_add_func ("/rtcp/jitter-a8", test_jitter);
  return g_test_run ();
}
