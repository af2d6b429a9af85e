/* Unit tests of SDP (plugins/sip/sdp.c): parsing what real phones send
 * (Cisco 7960, baresip, linphone, RFC 4317), the errors that name the bad
 * line, offer/answer for one audio stream (codec order, telephone-event,
 * hold in both directions, rejected streams, ptime, version bumps), and
 * writing a parsed description out again. */
#include "sdp.h"

#define CRLF "\r\n"

/* Cisco 7960 SIP firmware: LF line ends, c= at session level. */
static const char cisco_7960[] =
  "v=0\n"
  "o=CiscoSystemsSIP-IPPhone-UserAgent 2776 8567 IN IP4 10.1.1.20\n"
  "s=SIP Call\n"
  "c=IN IP4 10.1.1.20\n"
  "t=0 0\n"
  "m=audio 19516 RTP/AVP 0 8 18 101\n"
  "a=rtpmap:0 PCMU/8000\n"
  "a=rtpmap:8 PCMA/8000\n"
  "a=rtpmap:18 G729/8000\n"
  "a=fmtp:18 annexb=no\n"
  "a=rtpmap:101 telephone-event/8000\n"
  "a=fmtp:101 0-15\n";

static const char baresip[] =
  "v=0" CRLF
  "o=- 1383590468 3128186398 IN IP4 192.168.1.20" CRLF
  "s=-" CRLF
  "c=IN IP4 192.168.1.20" CRLF
  "t=0 0" CRLF
  "m=audio 10618 RTP/AVP 96 9 0 8 101" CRLF
  "b=AS:64" CRLF
  "a=rtpmap:96 opus/48000/2" CRLF
  "a=fmtp:96 stereo=1;sprop-stereo=1" CRLF
  "a=rtpmap:9 G722/8000" CRLF
  "a=rtpmap:0 PCMU/8000" CRLF
  "a=rtpmap:8 PCMA/8000" CRLF
  "a=rtpmap:101 telephone-event/8000" CRLF
  "a=fmtp:101 0-15" CRLF
  "a=rtcp:10619" CRLF
  "a=sendrecv" CRLF
  "a=label:1" CRLF
  "a=ssrc:2837461283 cname:2f3e1a0c-4f1e-4b6d" CRLF
  "a=rtcp-rsize" CRLF;

/* linphone: dynamic types everywhere, telephone-event at three rates,
 * static 0/8/18 without rtpmap, and a video stream. */
static const char linphone[] =
  "v=0" CRLF
  "o=alice 1234 5678 IN IP4 192.168.0.5" CRLF
  "s=Talk" CRLF
  "c=IN IP4 192.168.0.5" CRLF
  "b=AS:380" CRLF
  "t=0 0" CRLF
  "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics" CRLF
  "m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100" CRLF
  "a=rtpmap:96 opus/48000/2" CRLF
  "a=fmtp:96 useinbandfec=1" CRLF
  "a=rtpmap:97 speex/16000" CRLF
  "a=fmtp:97 vbr=on" CRLF
  "a=rtpmap:98 speex/8000" CRLF
  "a=fmtp:98 vbr=on" CRLF
  "a=fmtp:18 annexb=yes" CRLF
  "a=rtpmap:101 telephone-event/48000" CRLF
  "a=rtpmap:99 telephone-event/16000" CRLF
  "a=rtpmap:100 telephone-event/8000" CRLF
  "a=rtcp-fb:* trr-int 1000" CRLF
  "m=video 9078 RTP/AVP 96 97" CRLF
  "a=rtpmap:96 VP8/90000" CRLF
  "a=rtpmap:97 H264/90000" CRLF
  "a=fmtp:97 profile-level-id=42801F" CRLF;

/* RFC 4317 2.1, offer: audio and video, host names in c=, empty s=. */
static const char rfc4317_offer[] =
  "v=0" CRLF
  "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com" CRLF
  "s=" CRLF
  "c=IN IP4 host.atlanta.example.com" CRLF
  "t=0 0" CRLF
  "m=audio 49170 RTP/AVP 0 8 97" CRLF
  "a=rtpmap:0 PCMU/8000" CRLF
  "a=rtpmap:8 PCMA/8000" CRLF
  "a=rtpmap:97 iLBC/8000" CRLF
  "m=video 51372 RTP/AVP 31 32" CRLF
  "a=rtpmap:31 H261/90000" CRLF
  "a=rtpmap:32 MPV/90000" CRLF;

static const SdpCodec pcmu = { "PCMU", 0, 8000, 1, NULL };
static const SdpCodec pcma = { "PCMA", 8, 8000, 1, NULL };
static const SdpCodec g729 = { "G729", 18, 8000, 1, "annexb=no" };
static const SdpCodec g722 = { "G722", 9, 8000, 1, NULL };

static SdpSession *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  SdpSession *sdp = sdp_parse (text, strlen (text), &error);
  if (!sdp)
    g_error ("SDP refused (%s):\n%s", error->message, text);
  return sdp;
}

static void
check_refused (const char *text, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SdpSession) sdp = sdp_parse (text, strlen (text), &error);
  if (sdp)
    g_error ("SDP accepted, expected '%s':\n%s", message, text);
  g_assert_error (error, SDP_ERROR, SDP_ERROR_PARSE);
  if (!strstr (error->message, message))
    g_error ("error '%s' should say '%s'", error->message, message);
}

static SdpLocal
local_of (const SdpCodec *codecs, guint n)
{
  return (SdpLocal) { codecs, n, 101, "192.0.2.10", 4000, 20, SDP_DIR_SENDRECV, NULL };
}

/* Answers @offer_text with @local; the answer must parse. */
static char *
answer_ok (const char *offer_text, const SdpLocal *local, SdpNegotiated *neg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SdpSession) offer = parse_ok (offer_text);
  g_autoptr (SdpSession) again = NULL;
  SdpOrigin origin;
  char *answer;

  sdp_origin_init (&origin, 42);
  answer = sdp_make_answer (offer, local, &origin, neg, &error);
  if (!answer)
    g_error ("no answer (%s) to:\n%s", error->message, offer_text);
  again = parse_ok (answer);
  if (again->n_media != offer->n_media)
    g_error ("the answer has %u m= lines for an offer of %u:\n%s", again->n_media,
             offer->n_media, answer);
  sdp_origin_clear (&origin);
  return answer;
}

static void
test_parse_cisco_7960 (void)
{
  g_autoptr (SdpSession) sdp = parse_ok (cisco_7960);
  const SdpMedia *m = &sdp->media[0];

  g_assert_true (sip_str_eq (sdp->origin_user, "CiscoSystemsSIP-IPPhone-UserAgent"));
  g_assert_true (sip_str_eq (sdp->sess_id, "2776"));
  g_assert_cmpuint (sdp->version, ==, 8567);
  g_assert_true (sip_str_eq (sdp->name, "SIP Call"));
  g_assert_true (sip_str_eq (sdp->conn.addr, "10.1.1.20"));
  g_assert_true (sip_str_eq (sdp->timing, "0 0"));
  g_assert_cmpuint (sdp->n_media, ==, 1);
  g_assert_true (sip_str_eq (m->media, "audio"));
  g_assert_cmpuint (m->port, ==, 19516);
  g_assert_true (sip_str_eq (m->proto, "RTP/AVP"));
  g_assert_cmpuint (m->n_formats, ==, 4);
  g_assert_cmpuint (m->formats[2].pt, ==, 18);
  g_assert_true (sip_str_eq (m->formats[2].encoding, "G729"));
  g_assert_true (sip_str_eq (m->formats[2].fmtp, "annexb=no"));
  g_assert_true (sip_str_eq (m->formats[3].encoding, "telephone-event"));
  g_assert_cmpuint (m->formats[3].clock_rate, ==, 8000);
  g_assert_true (sip_str_eq (m->formats[3].fmtp, "0-15"));
  g_assert_cmpint (m->dir, ==, SDP_DIR_SENDRECV);
  g_assert_false (m->has_dir);
  g_assert_true (sdp_media_conn (sdp, m) == &sdp->conn);
}

static void
test_parse_baresip (void)
{
  g_autoptr (SdpSession) sdp = parse_ok (baresip);
  const SdpMedia *m = &sdp->media[0];

  g_assert_cmpuint (m->n_formats, ==, 5);
  g_assert_true (sip_str_eq (m->formats[0].encoding, "opus"));
  g_assert_cmpuint (m->formats[0].clock_rate, ==, 48000);
  g_assert_cmpuint (m->formats[0].channels, ==, 2);
  g_assert_true (sip_str_eq (m->formats[0].fmtp, "stereo=1;sprop-stereo=1"));
  g_assert_cmpuint (m->rtcp_port, ==, 10619);
  g_assert_cmpuint (m->bandwidth->len, ==, 1);
  g_assert_true (sip_str_eq (g_array_index (m->bandwidth, SipStr, 0), "AS:64"));
  g_assert_true (m->has_dir);
  g_assert_cmpuint (m->attrs->len, ==, 3); /* label, ssrc, rtcp-rsize */
  g_assert_true (sip_str_eq (g_array_index (m->attrs, SipStr, 2), "rtcp-rsize"));
}

static void
test_parse_linphone_dynamic_types (void)
{
  g_autoptr (SdpSession) sdp = parse_ok (linphone);
  const SdpMedia *a = &sdp->media[0], *v = &sdp->media[1];

  g_assert_cmpuint (sdp->n_media, ==, 2);
  g_assert_cmpuint (a->n_formats, ==, 9);
  /* static types without rtpmap come from RFC 3551 */
  g_assert_true (sip_str_eq (a->formats[3].encoding, "PCMU"));
  g_assert_false (a->formats[3].has_rtpmap);
  g_assert_true (sip_str_eq (a->formats[5].encoding, "G729"));
  g_assert_true (sip_str_eq (a->formats[5].fmtp, "annexb=yes"));
  g_assert_true (sip_str_eq (a->formats[7].encoding, "telephone-event"));
  g_assert_cmpuint (a->formats[7].clock_rate, ==, 16000);
  /* the same number means something else in the video section */
  g_assert_true (sip_str_eq (v->formats[0].encoding, "VP8"));
  g_assert_cmpuint (v->formats[0].clock_rate, ==, 90000);
  g_assert_cmpuint (sdp->attrs->len, ==, 1);
}

static void
test_parse_rfc4317 (void)
{
  g_autoptr (SdpSession) sdp = parse_ok (rfc4317_offer);
  g_assert_true (sip_str_is_set (sdp->name));
  g_assert_cmpuint (sdp->name.len, ==, 0);
  g_assert_true (sip_str_eq (sdp->conn.addr, "host.atlanta.example.com"));
  g_assert_true (sip_str_eq (sdp->media[0].formats[2].encoding, "iLBC"));
  g_assert_true (sip_str_eq (sdp->media[1].formats[1].encoding, "MPV"));
}

static void
test_parse_static_payload_types (void)
{
  const char *enc;
  guint rate, ch;
  g_assert_true (sdp_static_pt (13, &enc, &rate, &ch));
  g_assert_cmpstr (enc, ==, "CN");
  g_assert_true (sdp_static_pt (18, &enc, &rate, &ch));
  g_assert_cmpstr (enc, ==, "G729");
  g_assert_true (sdp_static_pt (10, &enc, &rate, &ch));
  g_assert_cmpuint (ch, ==, 2);
  g_assert_false (sdp_static_pt (19, NULL, NULL, NULL));
  g_assert_false (sdp_static_pt (96, NULL, NULL, NULL));
}

static void
test_parse_ipv6_multicast_and_media_conn (void)
{
  g_autoptr (SdpSession) sdp = parse_ok (
    "v=0" CRLF "o=- 1 1 IN IP6 2001:db8::1" CRLF "s=-" CRLF "t=0 0" CRLF
    "m=audio 5004/2 RTP/AVP 0" CRLF "c=IN IP6 2001:db8::2" CRLF
    "m=audio 5008 RTP/AVP 8" CRLF "c=IN IP4 224.2.1.1/127/3" CRLF);
  g_assert_cmpuint (sdp->media[0].n_ports, ==, 2);
  g_assert_true (sip_str_eq (sdp->media[0].conn.addrtype, "IP6"));
  g_assert_true (sip_str_eq (sdp->media[0].conn.addr, "2001:db8::2"));
  g_assert_true (sip_str_eq (sdp->media[1].conn.addr, "224.2.1.1"));
  g_assert_null (sdp_media_conn (sdp, &(SdpMedia) { 0 }));
}

static void
test_parse_not_nul_terminated (void)
{
  /* the buffer goes on past len with a line that would be an error */
  static const char text[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\nX";
  g_autoptr (GError) error = NULL;
  g_autoptr (SdpSession) sdp = sdp_parse (text, sizeof text - 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sdp->n_media, ==, 1);
}

static void
test_parse_errors_name_the_line (void)
{
  check_refused ("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio\r\n", "line 4: m= has no port");
  check_refused ("o=- 1 1 IN IP4 1.2.3.4\r\n", "line 1: a description starts with v=0");
  check_refused ("v=1\r\n", "line 1: a description starts with v=0");
  check_refused ("", "no v= line");
  check_refused ("v=0\r\ns=-\r\n", "no o= line");
  check_refused ("v=0\r\no=- 1 IN IP4 1.2.3.4\r\n", "line 2: o= needs 6 fields");
  check_refused ("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nhello\r\n", "line 3: expected 'x=value'");
  check_refused ("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nx=1\r\n", "line 3: unknown line type 'x='");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\nm=audio 70000 RTP/AVP 0\n",
                 "line 3: m= port is not a number up to 65535");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0 200\n",
                 "line 3: m= payload type 2 is not a number 0..127");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP\n", "line 3: m= lists no formats");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU\n",
                 "line 4: a=rtpmap has no clock rate");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4\n", "line 3: c= is not 'IN IP4|IP6 address'");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IPX 1.2.3.4\n", "line 3: c= address type");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\nm=audio 4 RTP/AVP 0\na=ptime:x\n",
                 "line 4: a=ptime is not a number");
  check_refused ("v=0\no=- 1 1 IN IP4 1.2.3.4\na=\n", "line 3: a= has no attribute name");
  {
    static const char nul[] = "v=0\no=- 1 1 IN IP4 1.2.3.4\ns=a\0b\n";
    g_autoptr (GError) error = NULL;
    g_assert_null (sdp_parse (nul, sizeof nul - 1, &error));
    g_assert_nonnull (strstr (error->message, "line 3: holds a NUL byte"));
  }
}

/* Parsed, written, parsed again: the same description, and the text a
 * fixed point. */
static void
test_round_trip (void)
{
  const char *texts[] = { cisco_7960, baresip, linphone, rfc4317_offer };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (SdpSession) a = parse_ok (texts[i]);
      g_autofree char *s1 = sdp_session_to_string (a);
      g_autoptr (SdpSession) b = parse_ok (s1);
      g_autofree char *s2 = sdp_session_to_string (b);
      g_assert_cmpstr (s1, ==, s2);
      g_assert_cmpuint (a->n_media, ==, b->n_media);
      for (guint k = 0; k < a->n_media; k++)
        {
          g_assert_cmpuint (a->media[k].n_formats, ==, b->media[k].n_formats);
          for (guint f = 0; f < a->media[k].n_formats; f++)
            {
              const SdpFormat *fa = &a->media[k].formats[f], *fb = &b->media[k].formats[f];
              g_assert_cmpuint (fa->pt, ==, fb->pt);
              g_assert_true (sip_str_eq_str (fa->encoding, fb->encoding));
              g_assert_cmpuint (fa->clock_rate, ==, fb->clock_rate);
              g_assert_true (sip_str_eq_str (fa->fmtp, fb->fmtp));
            }
          g_assert_cmpint (a->media[k].dir, ==, b->media[k].dir);
          g_assert_cmpuint (a->media[k].port, ==, b->media[k].port);
        }
    }
}

static void
test_offer_lists_preferred_codec_first (void)
{
  const SdpCodec codecs[] = { pcma, pcmu, g729 };
  SdpLocal local = local_of (codecs, 3);
  SdpOrigin origin;
  g_autofree char *offer = NULL;
  g_autoptr (SdpSession) sdp = NULL;

  sdp_origin_init (&origin, 1000);
  offer = sdp_make_offer (&local, &origin);
  g_assert_nonnull (strstr (offer, "m=audio 4000 RTP/AVP 8 0 18 101\r\n"));
  g_assert_nonnull (strstr (offer, "o=- 1000 1000 IN IP4 192.0.2.10\r\n"));
  g_assert_nonnull (strstr (offer, "c=IN IP4 192.0.2.10\r\n"));
  g_assert_nonnull (strstr (offer, "a=fmtp:18 annexb=no\r\n"));
  g_assert_nonnull (strstr (offer, "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"));
  g_assert_nonnull (strstr (offer, "a=ptime:20\r\n"));
  g_assert_nonnull (strstr (offer, "a=sendrecv\r\n"));
  sdp = parse_ok (offer);
  g_assert_true (sip_str_eq (sdp->media[0].formats[0].encoding, "PCMA"));
  sdp_origin_clear (&origin);
}

static void
test_offer_dynamic_codec_avoids_dtmf_type (void)
{
  const SdpCodec codecs[] = { { "L16", -1, 8000, 1, NULL }, { "iLBC", -1, 8000, 1, "mode=30" } };
  SdpLocal local = local_of (codecs, 2);
  SdpOrigin origin;
  g_autofree char *offer = NULL;

  local.dtmf_pt = 96;
  sdp_origin_init (&origin, 1);
  offer = sdp_make_offer (&local, &origin);
  g_assert_nonnull (strstr (offer, "m=audio 4000 RTP/AVP 97 98 96\r\n"));
  g_assert_nonnull (strstr (offer, "a=rtpmap:98 iLBC/8000\r\na=fmtp:98 mode=30\r\n"));
  sdp_origin_clear (&origin);
}

static void
test_answer_keeps_offer_order (void)
{
  /* we prefer PCMA; the offerer PCMU: RFC 3264 6.1 keeps the offer's order */
  const SdpCodec codecs[] = { pcma, pcmu };
  SdpLocal local = local_of (codecs, 2);
  SdpNegotiated neg = { 0 };
  g_autofree char *answer = answer_ok (cisco_7960, &local, &neg);

  g_assert_nonnull (strstr (answer, "m=audio 4000 RTP/AVP 0 8 101\r\n"));
  g_assert_null (strstr (answer, "G729"));
  g_assert_cmpuint (neg.n_codecs, ==, 2);
  g_assert_cmpstr (neg.codecs[0].encoding, ==, "PCMU");
  g_assert_cmpuint (neg.codecs[0].local_index, ==, 1);
  g_assert_cmpint (neg.dtmf_pt, ==, 101);
  g_assert_cmpstr (neg.remote_addr, ==, "10.1.1.20");
  g_assert_cmpuint (neg.remote_port, ==, 19516);
  g_assert_cmpuint (neg.remote_rtcp_port, ==, 19517);
  g_assert_cmpint (neg.dir, ==, SDP_DIR_SENDRECV);
  g_assert_cmpint (neg.hold, ==, SDP_HOLD_NONE);
  sdp_negotiated_clear (&neg);
}

static void
test_answer_uses_remote_payload_numbers (void)
{
  const SdpCodec codecs[] = { pcmu, g729 };
  SdpLocal local = local_of (codecs, 2);
  SdpNegotiated neg = { 0 };
  g_autofree char *answer = answer_ok (linphone, &local, &neg);

  /* telephone-event at the codec's 8000 Hz is the peer's 100, not 101 */
  g_assert_nonnull (strstr (answer, "m=audio 4000 RTP/AVP 0 18 100\r\n"));
  g_assert_nonnull (strstr (answer, "a=rtpmap:100 telephone-event/8000\r\n"));
  g_assert_nonnull (strstr (answer, "a=fmtp:18 annexb=yes\r\n"));
  g_assert_nonnull (strstr (answer, "m=video 0 RTP/AVP 96 97\r\n"));
  g_assert_null (strstr (answer, "opus"));
  g_assert_null (strstr (answer, "speex"));
  g_assert_cmpint (neg.dtmf_pt, ==, 100);
  g_assert_cmpstr (neg.codecs[1].fmtp, ==, "annexb=yes");
  g_assert_cmpuint (neg.media_index, ==, 0);
  g_assert_nonnull (neg.report[1].reason);
  g_assert_null (neg.report[1].accepted);
  sdp_negotiated_clear (&neg);
}

static void
test_answer_rejects_video_with_port_zero (void)
{
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  SdpNegotiated neg = { 0 };
  g_autofree char *answer = answer_ok (rfc4317_offer, &local, &neg);
  g_autoptr (SdpSession) sdp = parse_ok (answer);

  g_assert_cmpuint (sdp->media[0].port, ==, 4000);
  g_assert_cmpuint (sdp->media[0].n_formats, ==, 1);
  g_assert_cmpuint (sdp->media[1].port, ==, 0);
  g_assert_true (sip_str_eq (sdp->media[1].media, "video"));
  g_assert_true (sip_str_eq (sdp->media[1].fmt_list, "31 32"));
  /* no telephone-event in the offer, none in the answer */
  g_assert_cmpint (neg.dtmf_pt, ==, -1);
  g_assert_null (strstr (answer, "telephone-event"));
  g_assert_cmpstr (neg.remote_addr, ==, "host.atlanta.example.com");
  sdp_negotiated_clear (&neg);
}

static void
test_answer_without_dtmf_locally (void)
{
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  SdpNegotiated neg = { 0 };
  g_autofree char *answer = NULL;

  local.dtmf_pt = -1;
  answer = answer_ok (cisco_7960, &local, &neg);
  g_assert_nonnull (strstr (answer, "m=audio 4000 RTP/AVP 0\r\n"));
  g_assert_cmpint (neg.dtmf_pt, ==, -1);
  sdp_negotiated_clear (&neg);
}

static void
test_answer_no_common_codec_reports_why (void)
{
  static const char offer_text[] =
    "v=0\r\no=- 7 7 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n"
    "m=audio 5000 RTP/AVP 9 3\r\n"
    "m=video 5002 RTP/AVP 31\r\n";
  const SdpCodec codecs[] = { pcmu, pcma };
  SdpLocal local = local_of (codecs, 2);
  SdpNegotiated neg = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SdpSession) offer = parse_ok (offer_text);
  SdpOrigin origin;

  sdp_origin_init (&origin, 5);
  g_assert_null (sdp_make_answer (offer, &local, &origin, &neg, &error));
  g_assert_error (error, SDP_ERROR, SDP_ERROR_NOT_ACCEPTABLE);
  g_test_message ("Warning text: %s", error->message);
  g_assert_nonnull (strstr (error->message, "m=audio 5000 RTP/AVP (line 6): offered G722/8000(9) GSM/8000(3); rejected: no codec in common"));
  g_assert_nonnull (strstr (error->message, "m=video 5002 RTP/AVP (line 7)"));
  g_assert_nonnull (strstr (error->message, "we support PCMU/8000 PCMA/8000 telephone-event"));
  g_assert_null (strchr (error->message, '"'));
  g_assert_cmpuint (neg.warn_code, ==, 305);
  g_assert_cmpuint (neg.n_report, ==, 2);
  g_assert_cmpstr (neg.report[0].reason, ==, "no codec in common");
  g_assert_cmpuint (neg.n_codecs, ==, 0);
  sdp_negotiated_clear (&neg);
  sdp_origin_clear (&origin);
}

static void
test_answer_no_audio_is_304 (void)
{
  g_autoptr (SdpSession) offer = parse_ok (
    "v=0\r\no=- 7 7 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n"
    "m=image 5000 udptl t38\r\n");
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  SdpNegotiated neg = { 0 };
  g_autoptr (GError) error = NULL;
  SdpOrigin origin;

  sdp_origin_init (&origin, 5);
  g_assert_null (sdp_make_answer (offer, &local, &origin, &neg, &error));
  g_assert_error (error, SDP_ERROR, SDP_ERROR_NOT_ACCEPTABLE);
  g_assert_nonnull (strstr (error->message, "offered t38; rejected: this phone does audio only"));
  g_assert_cmpuint (neg.warn_code, ==, 304);
  sdp_negotiated_clear (&neg);
  sdp_origin_clear (&origin);
}

static void
test_answer_rejects_srtp_and_takes_the_next_stream (void)
{
  static const char offer_text[] =
    "v=0\r\no=- 7 7 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n"
    "m=audio 5000 RTP/SAVP 0\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n"
    "m=audio 5002 RTP/AVP 0\r\n";
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  SdpNegotiated neg = { 0 };
  g_autofree char *answer = answer_ok (offer_text, &local, &neg);
  g_autoptr (SdpSession) offer = parse_ok (offer_text);

  g_assert_cmpuint (offer->media[0].crypto->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_array_index (offer->media[0].crypto, SipStr, 0).p, "1 AES_CM_128"));
  g_assert_nonnull (strstr (answer, "m=audio 0 RTP/SAVP 0\r\nm=audio 4000 RTP/AVP 0\r\n"));
  g_assert_cmpuint (neg.media_index, ==, 1);
  g_assert_cmpuint (neg.remote_port, ==, 5002);
  g_assert_cmpstr (neg.report[0].reason, ==, "RTP/SAVP (SRTP) is not supported yet");
  sdp_negotiated_clear (&neg);
}

/* The peer holds us, each way RFC 3264 8.4 and RFC 2543 allow. */
static void
test_answer_to_hold (void)
{
  static const struct {
    const char *sdp_lines;
    const char *answer_dir;
    SdpDirection neg_dir;
    SdpHold hold;
  } cases[] = {
    { "c=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\na=sendonly\r\n", "a=recvonly",
      SDP_DIR_RECVONLY, SDP_HOLD_SENDONLY },
    { "c=IN IP4 198.51.100.1\r\nt=0 0\r\na=inactive\r\nm=audio 5000 RTP/AVP 0\r\n", "a=inactive",
      SDP_DIR_INACTIVE, SDP_HOLD_INACTIVE },
    { "c=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n", "a=recvonly",
      SDP_DIR_RECVONLY, SDP_HOLD_ZERO_ADDR },
    { "c=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\na=recvonly\r\n", "a=sendonly",
      SDP_DIR_SENDONLY, SDP_HOLD_NONE },
  };
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *offer = g_strconcat ("v=0\r\no=- 7 8 IN IP4 198.51.100.1\r\ns=-\r\n",
                                            cases[i].sdp_lines, NULL);
      SdpNegotiated neg = { 0 };
      g_autofree char *answer = answer_ok (offer, &local, &neg);
      if (!strstr (answer, cases[i].answer_dir))
        g_error ("case %u: the answer should say %s:\n%s", i, cases[i].answer_dir, answer);
      g_assert_cmpint (neg.dir, ==, cases[i].neg_dir);
      g_assert_cmpint (neg.hold, ==, cases[i].hold);
      sdp_negotiated_clear (&neg);
    }
}

/* We hold the peer: our sendonly offer, and the peer's answers to it. */
static void
test_process_answer_when_we_hold (void)
{
  const SdpCodec codecs[] = { pcmu, pcma };
  SdpLocal local = local_of (codecs, 2);
  SdpOrigin origin;
  g_autofree char *offer = NULL;
  SdpNegotiated neg = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SdpSession) answer = parse_ok (
    "v=0\r\no=bob 1 2 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
    "m=audio 6000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=recvonly\r\n");

  local.dir = SDP_DIR_SENDONLY;
  sdp_origin_init (&origin, 9);
  offer = sdp_make_offer (&local, &origin);
  g_assert_nonnull (strstr (offer, "a=sendonly\r\n"));
  g_assert_true (sdp_process_answer (&local, answer, &neg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (neg.dir, ==, SDP_DIR_SENDONLY);
  g_assert_cmpint (neg.hold, ==, SDP_HOLD_NONE);
  g_assert_cmpstr (neg.codecs[0].encoding, ==, "PCMA");
  g_assert_cmpint (neg.dtmf_pt, ==, 101);
  g_assert_cmpstr (neg.remote_addr, ==, "203.0.113.5");
  sdp_negotiated_clear (&neg);
  sdp_origin_clear (&origin);
}

static void
test_process_answer_peer_holds (void)
{
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  SdpNegotiated neg = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SdpSession) answer = parse_ok (
    "v=0\r\no=bob 1 2 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
    "m=audio 6000 RTP/AVP 0\r\na=inactive\r\n");
  g_assert_true (sdp_process_answer (&local, answer, &neg, &error));
  g_assert_cmpint (neg.dir, ==, SDP_DIR_INACTIVE);
  g_assert_cmpint (neg.hold, ==, SDP_HOLD_INACTIVE);
  g_assert_cmpint (neg.dtmf_pt, ==, -1);
  sdp_negotiated_clear (&neg);
}

static void
test_process_answer_errors (void)
{
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  static const struct {
    const char *media;
    gint code;
    const char *message;
  } cases[] = {
    { "m=audio 6000 RTP/AVP 8\r\n", SDP_ERROR_NOT_ACCEPTABLE, "none of the codecs we offered" },
    { "m=audio 0 RTP/AVP 0\r\n", SDP_ERROR_NOT_ACCEPTABLE, "rejected the audio stream (port 0)" },
    { "m=audio 6000 RTP/AVP 0\r\nm=video 6002 RTP/AVP 31\r\n", SDP_ERROR_INVALID_ANSWER,
      "2 m= lines for an offer of 1" },
    { "m=video 6000 RTP/AVP 31\r\n", SDP_ERROR_INVALID_ANSWER, "line 6: the answer's m= line is not audio" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat ("v=0\r\no=bob 1 2 IN IP4 203.0.113.5\r\ns=-\r\n"
                                           "c=IN IP4 203.0.113.5\r\nt=0 0\r\n",
                                           cases[i].media, NULL);
      g_autoptr (SdpSession) answer = parse_ok (text);
      g_autoptr (GError) error = NULL;
      SdpNegotiated neg = { 0 };
      g_assert_false (sdp_process_answer (&local, answer, &neg, &error));
      g_assert_error (error, SDP_ERROR, cases[i].code);
      if (!strstr (error->message, cases[i].message))
        g_error ("case %u: '%s' should say '%s'", i, error->message, cases[i].message);
      sdp_negotiated_clear (&neg);
    }
}

static void
test_ptime_from_peer_capped_by_maxptime (void)
{
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  static const struct {
    const char *attrs;
    guint ptime;
  } cases[] = {
    { "", 20 },
    { "a=ptime:30\r\n", 30 },
    { "a=ptime:60\r\na=maxptime:40\r\n", 40 },
    { "a=ptime:20.0\r\n", 20 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *offer = g_strconcat ("v=0\r\no=- 1 1 IN IP4 198.51.100.1\r\ns=-\r\n"
                                            "c=IN IP4 198.51.100.1\r\nt=0 0\r\n"
                                            "m=audio 5000 RTP/AVP 0\r\n", cases[i].attrs, NULL);
      SdpNegotiated neg = { 0 };
      g_autofree char *answer = answer_ok (offer, &local, &neg);
      g_assert_cmpuint (neg.ptime, ==, cases[i].ptime);
      g_assert_nonnull (strstr (answer, "a=ptime:20\r\n"));
      sdp_negotiated_clear (&neg);
    }
  local.ptime = 0;
  {
    SdpNegotiated neg = { 0 };
    g_autofree char *answer = answer_ok (cisco_7960, &local, &neg);
    g_assert_cmpuint (neg.ptime, ==, 20);
    g_assert_null (strstr (answer, "a=ptime"));
    sdp_negotiated_clear (&neg);
  }
}

/* RFC 3264 8: the same description keeps its version, a changed one (a
 * re-offer to hold) gets version + 1, and the session id never changes. */
static void
test_reoffer_bumps_version (void)
{
  const SdpCodec codecs[] = { pcmu };
  SdpLocal local = local_of (codecs, 1);
  SdpOrigin origin;
  g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL;
  g_autoptr (SdpSession) s3 = NULL;

  sdp_origin_init (&origin, 3000);
  o1 = sdp_make_offer (&local, &origin);
  o2 = sdp_make_offer (&local, &origin);
  g_assert_cmpstr (o1, ==, o2);
  local.dir = SDP_DIR_SENDONLY;
  o3 = sdp_make_offer (&local, &origin);
  s3 = parse_ok (o3);
  g_assert_true (sip_str_eq (s3->sess_id, "3000"));
  g_assert_cmpuint (s3->version, ==, 3001);
  local.dir = SDP_DIR_SENDRECV;
  o4 = sdp_make_offer (&local, &origin);
  g_assert_nonnull (strstr (o4, "o=- 3000 3002 IN IP4"));
  sdp_origin_clear (&origin);
}

static void
test_offer_answer_between_two_phones (void)
{
  const SdpCodec ours[] = { g729, pcmu }, theirs[] = { pcma, pcmu, g722 };
  SdpLocal a = local_of (ours, 2), b = local_of (theirs, 3);
  SdpOrigin oa, ob;
  g_autofree char *offer = NULL, *answer = NULL;
  g_autoptr (SdpSession) offer_sdp = NULL, answer_sdp = NULL;
  SdpNegotiated na = { 0 }, nb = { 0 };
  g_autoptr (GError) error = NULL;

  b.addr = "2001:db8::5";
  b.port = 7000;
  sdp_origin_init (&oa, 1);
  sdp_origin_init (&ob, 2);
  offer = sdp_make_offer (&a, &oa);
  offer_sdp = parse_ok (offer);
  answer = sdp_make_answer (offer_sdp, &b, &ob, &nb, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (answer, "c=IN IP6 2001:db8::5\r\n"));
  answer_sdp = parse_ok (answer);
  g_assert_true (sdp_process_answer (&a, answer_sdp, &na, &error));
  g_assert_cmpstr (na.codecs[0].encoding, ==, "PCMU");
  g_assert_cmpstr (nb.codecs[0].encoding, ==, "PCMU");
  g_assert_cmpuint (na.remote_port, ==, 7000);
  g_assert_true (na.remote_ipv6);
  g_assert_cmpint (na.dtmf_pt, ==, 101);
  g_assert_cmpint (nb.dtmf_pt, ==, 101);
  sdp_negotiated_clear (&na);
  sdp_negotiated_clear (&nb);
  sdp_origin_clear (&oa);
  sdp_origin_clear (&ob);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sdp/parse/cisco-7960", test_parse_cisco_7960);
  g_test_add_func ("/sdp/parse/baresip", test_parse_baresip);
  g_test_add_func ("/sdp/parse/linphone-dynamic-types", test_parse_linphone_dynamic_types);
  g_test_add_func ("/sdp/parse/rfc4317", test_parse_rfc4317);
  g_test_add_func ("/sdp/parse/static-payload-types", test_parse_static_payload_types);
  g_test_add_func ("/sdp/parse/ipv6-multicast-media-conn", test_parse_ipv6_multicast_and_media_conn);
  g_test_add_func ("/sdp/parse/not-nul-terminated", test_parse_not_nul_terminated);
  g_test_add_func ("/sdp/parse/errors-name-the-line", test_parse_errors_name_the_line);
  g_test_add_func ("/sdp/round-trip", test_round_trip);
  g_test_add_func ("/sdp/offer/preferred-codec-first", test_offer_lists_preferred_codec_first);
  g_test_add_func ("/sdp/offer/dynamic-codec-avoids-dtmf-type", test_offer_dynamic_codec_avoids_dtmf_type);
  g_test_add_func ("/sdp/offer/reoffer-bumps-version", test_reoffer_bumps_version);
  g_test_add_func ("/sdp/answer/keeps-offer-order", test_answer_keeps_offer_order);
  g_test_add_func ("/sdp/answer/remote-payload-numbers", test_answer_uses_remote_payload_numbers);
  g_test_add_func ("/sdp/answer/rejects-video-port-zero", test_answer_rejects_video_with_port_zero);
  g_test_add_func ("/sdp/answer/without-dtmf-locally", test_answer_without_dtmf_locally);
  g_test_add_func ("/sdp/answer/no-common-codec-reports-why", test_answer_no_common_codec_reports_why);
  g_test_add_func ("/sdp/answer/no-audio-is-304", test_answer_no_audio_is_304);
  g_test_add_func ("/sdp/answer/rejects-srtp-takes-next", test_answer_rejects_srtp_and_takes_the_next_stream);
  g_test_add_func ("/sdp/answer/hold", test_answer_to_hold);
  g_test_add_func ("/sdp/answer/ptime", test_ptime_from_peer_capped_by_maxptime);
  g_test_add_func ("/sdp/process-answer/we-hold", test_process_answer_when_we_hold);
  g_test_add_func ("/sdp/process-answer/peer-holds", test_process_answer_peer_holds);
  g_test_add_func ("/sdp/process-answer/errors", test_process_answer_errors);
  g_test_add_func ("/sdp/offer-answer/two-phones", test_offer_answer_between_two_phones);
  return g_test_run ();
}
