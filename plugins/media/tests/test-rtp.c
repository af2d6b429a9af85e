/* Tests of RTP packet parsing and writing (RFC 3550 5.1) and of the
 * receiver's sequence bookkeeping (RFC 3550 A.1, A.3).  Expected bytes are
 * written out by hand from the RFC's header diagram. */
#include <string.h>

#include "rtp.h"

/* V=2 P=0 X=0 CC=0 | M=1 PT=0 | seq 0x1234 | ts 0xDEADBEEF | SSRC 0x01020304 */
static const guint8 simple[] = {
  0x80, 0x80, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04,
  0xFF, 0x7F, 0x00, 0x80,
};

static void
test_parse_simple (void)
{
  RtpPacket p;
  const char *why = NULL;

  g_assert_true (rtp_parse (simple, sizeof simple, &p, &why));
  g_assert_true (p.marker);
  g_assert_cmpuint (p.pt, ==, 0);
  g_assert_cmpuint (p.seq, ==, 0x1234);
  g_assert_cmpuint (p.ts, ==, 0xDEADBEEF);
  g_assert_cmpuint (p.ssrc, ==, 0x01020304);
  g_assert_cmpuint (p.cc, ==, 0);
  g_assert_false (p.has_ext);
  g_assert_true (p.payload == simple + 12);
  g_assert_cmpuint (p.payload_len, ==, 4);
}

static void
test_write_matches_rfc_layout (void)
{
  RtpPacket p = { .marker = TRUE, .pt = 0, .seq = 0x1234, .ts = 0xDEADBEEF, .ssrc = 0x01020304 };
  guint8 out[64];
  /* V=2 CC=2 | M=0 PT=101 | ... | two CSRCs */
  const guint8 with_csrc[] = {
    0x82, 0x65, 0x00, 0x01, 0x00, 0x00, 0x00, 0xA0, 0xCA, 0xFE, 0xBA, 0xBE,
    0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22,
  };
  RtpPacket q = { .pt = 101, .seq = 1, .ts = 160, .ssrc = 0xCAFEBABE, .cc = 2,
                  .csrc = { 0x11111111, 0x22222222 } };

  g_assert_cmpint (rtp_write_header (&p, out, sizeof out), ==, 12);
  g_assert_cmpmem (out, 12, simple, 12);
  g_assert_cmpint (rtp_write_header (&q, out, sizeof out), ==, sizeof with_csrc);
  g_assert_cmpmem (out, sizeof with_csrc, with_csrc, sizeof with_csrc);
  g_assert_cmpint (rtp_write_header (&q, out, 19), ==, -1);
}

/* CSRCs, a header extension and padding together. */
static void
test_parse_csrc_extension_padding (void)
{
  const guint8 buf[] = {
    0xB1, 0x12, 0x00, 0x07, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x09, /* P X CC=1 PT 18 */
    0xAA, 0xBB, 0xCC, 0xDD,                                                 /* CSRC */
    0xBE, 0xDE, 0x00, 0x01, 0x10, 0x20, 0x30, 0x40,                         /* ext: 1 word */
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A,             /* G.729 frame */
    0x00, 0x00, 0x03,                                                       /* 3 bytes pad */
  };
  RtpPacket p;

  g_assert_true (rtp_parse (buf, sizeof buf, &p, NULL));
  g_assert_cmpuint (p.pt, ==, 18);
  g_assert_false (p.marker);
  g_assert_cmpuint (p.cc, ==, 1);
  g_assert_cmpuint (p.csrc[0], ==, 0xAABBCCDD);
  g_assert_true (p.has_ext);
  g_assert_cmpuint (p.ext_profile, ==, 0xBEDE);
  g_assert_cmpuint (p.ext_len, ==, 4);
  g_assert_true (p.ext == buf + 20);
  g_assert_true (p.payload == buf + 24);
  g_assert_cmpuint (p.payload_len, ==, 10);
}

static void
test_parse_refuses_broken_packets (void)
{
  struct { const char *name; guint8 buf[20]; gsize len; const char *why; } cases[] = {
    { "11 bytes", { 0x80 }, 11, "shorter" },
    { "version 1", { 0x40 }, 12, "version" },
    { "version 0 (STUN)", { 0x00, 0x01 }, 20, "version" },
    { "CC=3 in 16 bytes", { 0x83 }, 16, "CSRC" },
    { "extension header cut", { 0x90 }, 14, "extension" },
    { "extension longer than packet", { 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 }, 20,
      "extension" },
    { "padding 0", { 0xA0, [15] = 0 }, 16, "padding" },
    { "padding past header", { 0xA0, [15] = 5 }, 16, "padding" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RtpPacket p;
      const char *why = NULL;
      if (rtp_parse (cases[i].buf, cases[i].len, &p, &why))
        g_test_fail_printf ("%s: parsed", cases[i].name);
      else if (!why || !strstr (why, cases[i].why))
        g_test_fail_printf ("%s: reason '%s' does not say '%s'", cases[i].name, why,
                            cases[i].why);
    }
}

/* Random bytes never make a payload that points outside the buffer. */
static void
test_parse_random_stays_in_bounds (void)
{
  guint8 buf[64];

  for (int n = 0; n < 200000; n++)
    {
      gsize len = g_test_rand_int_range (0, sizeof buf + 1);
      RtpPacket p;
      for (gsize i = 0; i < len; i++)
        buf[i] = g_test_rand_int_range (0, 256);
      if (len)
        buf[0] = (buf[0] & 0x3f) | 0x80;
      if (!rtp_parse (buf, len, &p, NULL))
        continue;
      g_assert_true (p.payload >= buf + RTP_HEADER_SIZE);
      g_assert_true (p.payload + p.payload_len <= buf + len);
      g_assert_cmpuint (p.cc, <=, RTP_MAX_CSRC);
    }
}

static void
test_rtcp_demux (void)
{
  const guint8 sr[] = { 0x80, 200 }, rr[] = { 0x81, 201 }, bye[] = { 0x81, 203 };
  const guint8 pcmu[] = { 0x80, 0x00 }, pcmu_m[] = { 0x80, 0x80 }, ev[] = { 0x80, 101 };
  const guint8 ev_m[] = { 0x80, 0x80 | 101 }, g729[] = { 0x80, 18 };

  g_assert_true (rtp_looks_like_rtcp (sr, 2));
  g_assert_true (rtp_looks_like_rtcp (rr, 2));
  g_assert_true (rtp_looks_like_rtcp (bye, 2));
  g_assert_false (rtp_looks_like_rtcp (pcmu, 2));
  g_assert_false (rtp_looks_like_rtcp (pcmu_m, 2));
  g_assert_false (rtp_looks_like_rtcp (ev, 2));
  g_assert_false (rtp_looks_like_rtcp (ev_m, 2)); /* 229: dynamic type 101 with marker */
  g_assert_false (rtp_looks_like_rtcp (g729, 2));
  g_assert_false (rtp_looks_like_rtcp (sr, 1));
}

/* ---- sequence numbers ---- */

static void
test_seq_probation_then_valid (void)
{
  RtpSeq s;

  rtp_seq_start (&s, 100);
  g_assert_cmpint (rtp_seq_update (&s, 100), ==, RTP_SEQ_PROBATION);
  g_assert_cmpint (rtp_seq_update (&s, 101), ==, RTP_SEQ_OK);
  g_assert_cmpint (rtp_seq_update (&s, 102), ==, RTP_SEQ_OK);
  g_assert_cmpuint (rtp_seq_extended_max (&s), ==, 102);
  /* a source that does not count up stays on probation */
  rtp_seq_start (&s, 500);
  g_assert_cmpint (rtp_seq_update (&s, 500), ==, RTP_SEQ_PROBATION);
  g_assert_cmpint (rtp_seq_update (&s, 700), ==, RTP_SEQ_PROBATION);
  g_assert_cmpint (rtp_seq_update (&s, 702), ==, RTP_SEQ_PROBATION);
  g_assert_cmpint (rtp_seq_update (&s, 703), ==, RTP_SEQ_OK);
}

static void
test_seq_wraps_into_cycles (void)
{
  RtpSeq s;

  rtp_seq_start (&s, 65533);
  rtp_seq_update (&s, 65533);
  for (guint32 n = 65534; n < 65536 + 10; n++)
    g_assert_cmpint (rtp_seq_update (&s, (guint16) n), ==, RTP_SEQ_OK);
  g_assert_cmpuint (rtp_seq_extended_max (&s), ==, 65536 + 9);
  g_assert_cmpuint (rtp_seq_expected (&s), ==, 65536 + 9 - 65534 + 1);
  g_assert_cmpint (rtp_seq_lost (&s), ==, 0);
  /* a packet from before the wrap, late: used, no new cycle */
  g_assert_cmpint (rtp_seq_update (&s, 65535), ==, RTP_SEQ_OK);
  g_assert_cmpuint (rtp_seq_extended_max (&s), ==, 65536 + 9);
}

static void
test_seq_loss_and_fraction (void)
{
  RtpSeq s;

  rtp_seq_start (&s, 1000);
  rtp_seq_update (&s, 1000);
  /* 1001..1100 with 1010, 1020, 1030, 1040 lost */
  for (guint n = 1001; n <= 1100; n++)
    if (n % 10 != 0 || n > 1040)
      rtp_seq_update (&s, n);
  g_assert_cmpuint (rtp_seq_expected (&s), ==, 100);
  g_assert_cmpint (rtp_seq_lost (&s), ==, 4);
  g_assert_cmpuint (rtp_seq_fraction_lost (&s), ==, 4 * 256 / 100);
  /* next interval: nothing lost, one duplicate: fraction 0, not negative */
  for (guint n = 1101; n <= 1150; n++)
    rtp_seq_update (&s, n);
  rtp_seq_update (&s, 1150);
  g_assert_cmpuint (rtp_seq_fraction_lost (&s), ==, 0);
  g_assert_cmpint (rtp_seq_lost (&s), ==, 3);
}

static void
test_seq_jump_needs_confirmation (void)
{
  RtpSeq s;

  rtp_seq_start (&s, 10);
  for (guint n = 10; n < 20; n++)
    rtp_seq_update (&s, n);
  /* one stray packet far ahead is dropped and does not move max_seq */
  g_assert_cmpint (rtp_seq_update (&s, 20000), ==, RTP_SEQ_BAD);
  g_assert_cmpuint (rtp_seq_extended_max (&s), ==, 19);
  g_assert_cmpint (rtp_seq_update (&s, 20), ==, RTP_SEQ_OK);
  /* a jump followed by its next packet is a restart */
  g_assert_cmpint (rtp_seq_update (&s, 40000), ==, RTP_SEQ_BAD);
  g_assert_cmpint (rtp_seq_update (&s, 40001), ==, RTP_SEQ_RESTARTED);
  g_assert_cmpint (rtp_seq_update (&s, 40002), ==, RTP_SEQ_OK);
  g_assert_cmpuint (rtp_seq_extended_max (&s), ==, 40002);
  g_assert_cmpuint (rtp_seq_expected (&s), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rtp/parse/simple", test_parse_simple);
  g_test_add_func ("/rtp/parse/csrc-extension-padding", test_parse_csrc_extension_padding);
  g_test_add_func ("/rtp/parse/refuses-broken-packets", test_parse_refuses_broken_packets);
  g_test_add_func ("/rtp/parse/random-bytes-stay-in-bounds", test_parse_random_stays_in_bounds);
  g_test_add_func ("/rtp/write/matches-rfc-layout", test_write_matches_rfc_layout);
  g_test_add_func ("/rtp/rtcp-demux-rfc5761", test_rtcp_demux);
  g_test_add_func ("/rtp/seq/probation-then-valid", test_seq_probation_then_valid);
  g_test_add_func ("/rtp/seq/wraps-into-cycles", test_seq_wraps_into_cycles);
  g_test_add_func ("/rtp/seq/loss-and-fraction", test_seq_loss_and_fraction);
  g_test_add_func ("/rtp/seq/jump-needs-confirmation", test_seq_jump_needs_confirmation);
  return g_test_run ();
}
