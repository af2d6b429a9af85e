/* Unit tests of the SIP message layer: parsing well-formed requests and
 * responses, every header form the stack must read, the 400s it must give
 * with a reason that says what is wrong, framing on streams, building
 * responses and serializing. */
#include "msg.h"

#define CRLF "\r\n"

static const char invite[] =
  "INVITE sip:bob@biloxi.example.com SIP/2.0" CRLF
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds" CRLF
  "Max-Forwards: 70" CRLF
  "To: Bob <sip:bob@biloxi.example.com>" CRLF
  "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=1928301774" CRLF
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com" CRLF
  "CSeq: 314159 INVITE" CRLF
  "Contact: <sip:alice@pc33.atlanta.example.com>" CRLF
  "Content-Type: application/sdp" CRLF
  "Content-Length: 4" CRLF
  CRLF
  "v=0" CRLF;

static SipMsg *
parse_ok (const char *text, gsize len)
{
  g_autoptr (GError) error = NULL;
  SipMsg *m = sip_msg_parse (text, len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  if (m->invalid_status)
    g_error ("message refused with %u %s:\n%s", m->invalid_status, m->invalid_reason, text);
  return m;
}

/* Parses @text and checks it is refused with @status and a reason holding
 * @why. */
static void
check_refused (const char *text, guint status, const char *why)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SipMsg) m = sip_msg_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  if (m->invalid_status != status)
    g_error ("expected %u, got %u (%s) for:\n%s", status, m->invalid_status,
             m->invalid_reason ? m->invalid_reason : "accepted", text);
  if (!strstr (m->invalid_reason, why))
    g_error ("reason '%s' should mention '%s'", m->invalid_reason, why);
}

static void
test_parse_invite (void)
{
  g_autoptr (SipMsg) m = parse_ok (invite, strlen (invite));
  g_assert_true (m->is_request);
  g_assert_true (sip_str_eq (m->method, "INVITE"));
  g_assert_cmpint (m->method_id, ==, SIP_METHOD_INVITE);
  g_assert_true (sip_str_eq (m->ruri, "sip:bob@biloxi.example.com"));
  g_assert_true (sip_str_eq (m->via.transport, "UDP"));
  g_assert_true (sip_str_eq (m->via.host, "pc33.atlanta.example.com"));
  g_assert_cmpuint (m->via.port, ==, 0);
  g_assert_true (sip_str_eq (m->via.branch, "z9hG4bK776asdhds"));
  g_assert_cmpint (m->max_forwards, ==, 70);
  g_assert_true (sip_str_eq (m->to.display, "Bob"));
  g_assert_true (sip_str_eq (m->to.uri, "sip:bob@biloxi.example.com"));
  g_assert_false (sip_str_is_set (m->to.tag));
  g_assert_true (sip_str_eq (m->from.display, "Alice A."));
  g_assert_true (sip_str_eq (m->from.tag, "1928301774"));
  g_assert_true (sip_str_eq (m->call_id, "a84b4c76e66710@pc33.atlanta.example.com"));
  g_assert_cmpuint (m->cseq, ==, 314159);
  g_assert_cmpint (m->cseq_method_id, ==, SIP_METHOD_INVITE);
  g_assert_cmpint (m->content_length, ==, 4);
  g_assert_true (sip_str_eq (m->body, "v=0" CRLF) == FALSE); /* 4 bytes of 5 */
  g_assert_cmpuint (m->body.len, ==, 4);
  g_assert_cmpuint (m->n_hdrs, ==, 9);
  g_assert_nonnull (sip_msg_find (m, SIP_HDR_CONTACT));
  g_assert_true (sip_str_eq (sip_msg_find_name (m, "content-type")->value, "application/sdp"));
}

static void
test_parse_does_not_need_nul (void)
{
  /* A buffer with bytes after the message that are not part of it. */
  g_autofree char *buf = g_strconcat (invite, "XXXXXXXX", NULL);
  g_autoptr (SipMsg) m = parse_ok (buf, strlen (invite));
  g_assert_cmpuint (m->body.len, ==, 4);
}

static void
test_parse_response (void)
{
  const char text[] =
    "SIP/2.0 180 Ringing" CRLF
    "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3" CRLF
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1, SIP/2.0/TCP x.example.com:5070;branch=z9hG4bKx" CRLF
    "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf" CRLF
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774" CRLF
    "Call-ID: a84b4c76e66710" CRLF
    "CSeq: 314159 INVITE" CRLF
    "Content-Length: 0" CRLF CRLF;
  g_autoptr (SipMsg) m = parse_ok (text, strlen (text));
  g_assert_false (m->is_request);
  g_assert_cmpuint (m->status, ==, 180);
  g_assert_true (sip_str_eq (m->reason, "Ringing"));
  g_assert_cmpuint (m->n_via, ==, 3);
  g_assert_true (sip_str_eq (m->via.received, "192.0.2.3"));
  g_assert_true (sip_str_eq (m->to.tag, "a6c85cf"));
  g_assert_cmpuint (sip_msg_count_values (m, SIP_HDR_VIA), ==, 3);
}

static void
test_compact_names_and_folding (void)
{
  const char text[] =
    "OPTIONS sip:carol@chicago.example.com SIP/2.0" CRLF
    "v: SIP/2.0/UDP pc33.atlanta.example.com:5066;branch=z9hG4bKhjhs8ass877;rport" CRLF
    "Max-Forwards: 70" CRLF
    "t: <sip:carol@chicago.example.com>" CRLF
    "f: Alice" CRLF
    "  <sip:alice@atlanta.example.com>;tag=1928301774" CRLF
    "i: a84b4c76e66710" CRLF
    "CSeq: 63104" CRLF
    "\t OPTIONS" CRLF
    "l: 0" CRLF CRLF;
  g_autoptr (SipMsg) m = parse_ok (text, strlen (text));
  g_assert_cmpuint (m->via.port, ==, 5066);
  g_assert_true (m->via.has_rport);
  g_assert_cmpuint (m->via.rport, ==, 0);
  g_assert_true (sip_str_eq (m->from.display, "Alice"));
  g_assert_true (sip_str_eq (m->from.uri, "sip:alice@atlanta.example.com"));
  g_assert_cmpuint (m->cseq, ==, 63104);
  g_assert_cmpint (m->cseq_method_id, ==, SIP_METHOD_OPTIONS);
  g_assert_cmpint (m->content_length, ==, 0);
}

static void
test_leading_crlf_and_lf_only (void)
{
  const char text[] =
    "\r\n\r\nBYE sip:a@b SIP/2.0\n"
    "Via: SIP/2.0/TCP [2001:db8::9]:5061;branch=z9hG4bKb\n"
    "Max-Forwards: 1\n"
    "To: <sip:a@b>;tag=x\n"
    "From: sip:c@d;tag=y\n"
    "Call-ID: 1\n"
    "CSeq: 2 BYE\n"
    "\n";
  g_autoptr (SipMsg) m = parse_ok (text, strlen (text));
  g_assert_true (sip_str_eq (m->via.host, "2001:db8::9"));
  g_assert_cmpuint (m->via.port, ==, 5061);
  /* addr-spec form: the tag belongs to the header, not the URI */
  g_assert_true (sip_str_eq (m->from.uri, "sip:c@d"));
  g_assert_true (sip_str_eq (m->from.tag, "y"));
  g_assert_cmpint (m->content_length, ==, -1);
  g_assert_cmpuint (m->body.len, ==, 0);
}

static void
test_values_split_outside_quotes (void)
{
  const char text[] =
    "REGISTER sip:r SIP/2.0" CRLF
    "Via: SIP/2.0/UDP h;branch=z9hG4bK1" CRLF
    "Max-Forwards: 70" CRLF
    "To: <sip:a@r>" CRLF
    "From: <sip:a@r>;tag=1" CRLF
    "Call-ID: c" CRLF
    "CSeq: 1 REGISTER" CRLF
    "Contact: \"Doe, John\" <sip:a@h1;x=\"1,2\">;expires=60, <sip:a@h2,x>" CRLF
    "Contact: sip:a@h3" CRLF CRLF;
  g_autoptr (SipMsg) m = parse_ok (text, strlen (text));
  g_assert_cmpuint (sip_msg_count_values (m, SIP_HDR_CONTACT), ==, 3);
}

static void
test_refusals_say_why (void)
{
  check_refused ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n\r\n",
                 400, "Missing Call-ID");
  check_refused ("INVITE sip:a@b?subject=x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                 "To: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n",
                 400, "may not contain headers");
  check_refused ("REGISTER sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                 "To: <sip:a@b>\r\nFrom: <sip:a@b>;tag=1\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\n"
                 "Contact: sip:a@h?x=y\r\n\r\n",
                 400, "Bad Contact");
  check_refused ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\n\r\n",
                 400, "CSeq method does not match");
  check_refused ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 99999999999 INVITE\r\nMax-Forwards: 70\r\n\r\n",
                 400, "Bad CSeq");
  check_refused ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 300\r\n\r\n",
                 400, "Max-Forwards");
  check_refused ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: \"unclosed <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n\r\n",
                 400, "Bad From");
  check_refused ("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
                 "Content-Length: 10\r\n\r\nshort",
                 400, "Content-Length");
  check_refused ("INVITE sip:a@b SIP/7.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n\r\n",
                 505, "Version");
  check_refused ("INVITE  sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n\r\n",
                 400, "Request-Line");
  check_refused ("INVITE <sip:a@b> SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n\r\n",
                 400, "<>");
  check_refused ("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nFrom: <sip:e@f>;tag=2\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n"
                 "Max-Forwards: 70\r\n\r\n",
                 400, "More than one From");
  check_refused ("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nThis is not a header\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n"
                 "Max-Forwards: 70\r\n\r\n",
                 400, "line 5");
  check_refused ("SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                 "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n",
                 400, "status code");
}

static void
test_not_sip_is_dropped (void)
{
  const char *junk[] = { "", "\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "hello", NULL };
  for (int i = 0; junk[i]; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SipMsg) m = sip_msg_parse (junk[i], strlen (junk[i]), &error);
      g_assert_null (m);
      g_assert_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_NOT_SIP);
    }
}

static void
test_frame_stream (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *two = g_strconcat (invite, "\r\n", invite, NULL);
  gsize one = strlen (invite) - 1; /* Content-Length 4 leaves the final LF out */
  g_assert_cmpint (sip_msg_frame (two, strlen (two), &error), ==, one);
  g_assert_no_error (error);
  /* incomplete: need more */
  g_assert_cmpint (sip_msg_frame (invite, 40, &error), ==, 0);
  g_assert_cmpint (sip_msg_frame (invite, one - 1, &error), ==, 0);
  g_assert_no_error (error);
  /* stream messages must have Content-Length */
  g_assert_cmpint (sip_msg_frame ("OPTIONS sip:a SIP/2.0\r\nTo: x\r\n\r\n", 33, &error), ==, -1);
  g_assert_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_TRUNCATED);
}

static void
test_make_response_copies_and_tags (void)
{
  g_autoptr (SipMsg) m = parse_ok (invite, strlen (invite));
  g_autoptr (GString) r = sip_msg_make_response (m, 486, NULL, "abc", "Retry-After: 30\r\n");
  g_autoptr (SipMsg) back = parse_ok (r->str, r->len);
  g_assert_cmpuint (back->status, ==, 486);
  g_assert_true (sip_str_eq (back->reason, "Busy Here"));
  g_assert_true (sip_str_eq (back->to.tag, "abc"));
  g_assert_true (sip_str_eq (back->via.branch, "z9hG4bK776asdhds"));
  g_assert_true (sip_str_eq (back->call_id, "a84b4c76e66710@pc33.atlanta.example.com"));
  g_assert_cmpuint (back->cseq, ==, 314159);
  g_assert_nonnull (sip_msg_find (back, SIP_HDR_RETRY_AFTER));
  g_assert_cmpint (back->content_length, ==, 0);
}

static void
test_bad_request_response_carries_reason (void)
{
  const char text[] =
    "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
    "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 300\r\n\r\n";
  g_autoptr (SipMsg) m = sip_msg_parse (text, strlen (text), NULL);
  g_autoptr (GString) r = sip_msg_make_response (m, m->invalid_status, m->invalid_reason, "t", NULL);
  g_assert_nonnull (r);
  g_assert_true (g_str_has_prefix (r->str, "SIP/2.0 400 Bad Max-Forwards header: not 0..255\r\n"));
}

static void
test_serialize_round_trip (void)
{
  g_autoptr (SipMsg) m = parse_ok (invite, strlen (invite));
  g_autoptr (GString) s = sip_msg_serialize (m);
  g_autoptr (SipMsg) m2 = parse_ok (s->str, s->len);
  g_autoptr (GString) s2 = sip_msg_serialize (m2);
  g_assert_cmpstr (s->str, ==, s2->str);
  g_assert_cmpuint (m2->n_hdrs, ==, m->n_hdrs);
  g_assert_true (sip_str_eq_str (m2->body, m->body));
}

static void
test_header_limit (void)
{
  GString *s = g_string_new ("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                             "To: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\n"
                             "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n");
  for (int i = 0; i < 200; i++)
    g_string_append_printf (s, "X-H%d: %d\r\n", i, i);
  g_string_append (s, "\r\n");
  check_refused (s->str, 400, "Too many header lines");
  g_string_free (s, TRUE);
}

static void
test_via_forms (void)
{
  SipVia v;
  const char *why = NULL;
  g_assert_true (sip_parse_via (SIP_STR_LIT ("SIP / 2.0 / TLS  h.example.com:5061 ;branch=z9hG4bKa ; received=1.2.3.4;rport=5060"), &v, &why));
  g_assert_true (sip_str_eq (v.transport, "TLS"));
  g_assert_cmpuint (v.port, ==, 5061);
  g_assert_true (sip_str_eq (v.received, "1.2.3.4"));
  g_assert_cmpuint (v.rport, ==, 5060);
  g_assert_false (sip_parse_via (SIP_STR_LIT ("SIP/2.0/UDP"), &v, &why));
  g_assert_false (sip_parse_via (SIP_STR_LIT ("SIP/2.0/UDP h:99999"), &v, &why));
  g_assert_false (sip_parse_via (SIP_STR_LIT ("HTTP/1.1/TCP h"), &v, &why));
  g_assert_false (sip_parse_via (SIP_STR_LIT ("SIP/2.0/UDP h;branch"), &v, &why) && v.branch.len);
}

static void
test_name_addr_forms (void)
{
  SipNameAddr na;
  const char *why = NULL;
  g_assert_true (sip_parse_name_addr (SIP_STR_LIT ("\"A \\\"quoted\\\" name\" <sip:a@b>;tag=t1"), &na, &why));
  g_assert_true (sip_str_eq (na.tag, "t1"));
  g_assert_true (sip_parse_name_addr (SIP_STR_LIT ("<sip:a@b;lr>"), &na, &why));
  g_assert_true (sip_str_eq (na.uri, "sip:a@b;lr"));
  g_assert_true (sip_parse_name_addr (SIP_STR_LIT ("*"), &na, &why));
  g_assert_true (na.star);
  g_assert_false (sip_parse_name_addr (SIP_STR_LIT ("sip:a@b?x=y"), &na, &why));
  g_assert_false (sip_parse_name_addr (SIP_STR_LIT ("<sip:a@b"), &na, &why));
  g_assert_false (sip_parse_name_addr (SIP_STR_LIT ("Bob <nocolon>"), &na, &why));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/msg/parse-invite", test_parse_invite);
  g_test_add_func ("/sip/msg/reads-only-len-bytes", test_parse_does_not_need_nul);
  g_test_add_func ("/sip/msg/parse-response", test_parse_response);
  g_test_add_func ("/sip/msg/compact-names-and-folding", test_compact_names_and_folding);
  g_test_add_func ("/sip/msg/leading-crlf-and-bare-lf", test_leading_crlf_and_lf_only);
  g_test_add_func ("/sip/msg/values-split-outside-quotes", test_values_split_outside_quotes);
  g_test_add_func ("/sip/msg/refusals-say-why", test_refusals_say_why);
  g_test_add_func ("/sip/msg/not-sip-is-dropped", test_not_sip_is_dropped);
  g_test_add_func ("/sip/msg/frame-stream", test_frame_stream);
  g_test_add_func ("/sip/msg/make-response", test_make_response_copies_and_tags);
  g_test_add_func ("/sip/msg/bad-request-carries-reason", test_bad_request_response_carries_reason);
  g_test_add_func ("/sip/msg/serialize-round-trip", test_serialize_round_trip);
  g_test_add_func ("/sip/msg/header-limit", test_header_limit);
  g_test_add_func ("/sip/msg/via-forms", test_via_forms);
  g_test_add_func ("/sip/msg/name-addr-forms", test_name_addr_forms);
  return g_test_run ();
}
