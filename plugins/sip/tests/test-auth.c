/* Unit tests of Digest authentication (auth.c): the RFC 2617, RFC 2069 and
 * RFC 7616 worked examples, MD5-sess / SHA-256-sess / auth-int against
 * values computed independently with python3 hashlib, challenge parsing,
 * the choice among challenges, nonce counting and the retry-or-give-up
 * verdict on 401/407. */
#include "auth.h"
#include "msg.h"

#define RFC2617_CHALLENGE                                                                     \
  "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "                              \
  "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""

/* RFC 7616 3.9.1: the server sends both, SHA-256 first. */
#define RFC7616_SHA256                                                                         \
  "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "        \
  "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "                                   \
  "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
#define RFC7616_MD5                                                                            \
  "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "            \
  "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "                                   \
  "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
#define RFC7616_CNONCE "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"

/* SIP-shaped inputs for the values computed with python3 hashlib:
 *   ha1 = H(user:realm:pw); sess: ha1 = H(ha1:nonce:cnonce)
 *   ha2 = H(method:uri) (auth-int: H(method:uri:H(body)))
 *   response = H(ha1:nonce:nc:cnonce:qop:ha2) */
#define SIP_REALM "atlanta.example.com"
#define SIP_NONCE "84a4cc6f3082121f32b42a2187831a9e"

static SipStr
str (const char *s)
{
  return sip_str (s, strlen (s));
}

static void
parse_ok (const char *value, SipAuthChallenge *ch)
{
  const char *why = NULL;
  if (!sip_auth_parse_challenge (str (value), ch, &why))
    g_error ("challenge '%s' should parse, but: %s", value, why);
}

static void
parse_fails (const char *value, const char *hint)
{
  SipAuthChallenge ch = { 0 };
  const char *why = NULL;
  if (sip_auth_parse_challenge (str (value), &ch, &why))
    g_error ("challenge '%s' should be refused", value);
  if (!strstr (why, hint))
    g_error ("challenge '%s': reason '%s' should mention '%s'", value, why, hint);
  g_assert_null (ch.realm);
}

/* (transfer full) the value of @name="..." or name=... in a header value. */
static char *
param_of (const char *header, const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s=", name);
  const char *p = header;
  gsize n;
  while ((p = strstr (p, key)) && p != header && p[-1] != ' ')
    p++;
  if (!p)
    g_error ("header '%s' has no %s parameter", header, name);
  p += strlen (key);
  if (*p == '"')
    return g_strndup (p + 1, strchr (p + 1, '"') - p - 1);
  n = strcspn (p, ", ");
  return g_strndup (p, n);
}

static void
assert_param (const char *header, const char *name, const char *want, const char *what)
{
  g_autofree char *got = param_of (header, name);
  if (g_strcmp0 (got, want) != 0)
    g_error ("%s: %s is '%s', expected '%s'\nheader: %s", what, name, got, want, header);
}

static char *
make (SipAuthSession *s, const SipAuthChallenge *ch, const char *method, const char *uri,
      const char *user, const char *password)
{
  g_autoptr (GError) error = NULL;
  char *h = sip_auth_make_header (s, ch, method, uri, user, password, SIP_STR_NULL, &error);
  if (!h)
    g_error ("building credentials for realm '%s' failed: %s", ch->realm, error->message);
  return h;
}

/* ---- worked examples ---- */

static void
test_rfc2617_example_is_reproduced_exactly (void)
{
  g_auto (SipAuthChallenge) ch = { 0 };
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autofree char *h = NULL;

  parse_ok (RFC2617_CHALLENGE, &ch);
  sip_auth_session_set_cnonce (s, "0a4f113b");
  h = make (s, &ch, "GET", "/dir/index.html", "Mufasa", "Circle Of Life");
  g_assert_cmpstr (h, ==,
                   "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                   "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                   "response=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", "
                   "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001");
}

static void
test_rfc2069_challenge_without_qop_is_answered_in_the_old_form (void)
{
  g_auto (SipAuthChallenge) ch = { 0 };
  g_autofree char *h = NULL;

  parse_ok ("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
            "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
            &ch);
  g_assert_false (ch.has_qop);
  h = make (NULL, &ch, "GET", "/dir/index.html", "Mufasa", "CircleOfLife");
  /* RFC 2069 2.4's response; no cnonce, nc or qop may appear */
  assert_param (h, "response", "1949323746fe6a43ef61f9606e7febea", "RFC 2069 example");
  g_assert_null (strstr (h, "cnonce"));
  g_assert_null (strstr (h, "nc="));
  g_assert_null (strstr (h, "qop"));
}

static void
test_rfc7616_md5_and_sha256_examples (void)
{
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  const char *both[] = { RFC7616_SHA256, RFC7616_MD5 };
  SipStr values[2] = { str (both[0]), str (both[1]) };
  g_autoptr (GError) error = NULL;
  g_auto (SipAuthChallenge) best = { 0 };
  g_auto (SipAuthChallenge) md5 = { 0 };
  g_autofree char *h256 = NULL, *hmd5 = NULL;

  sip_auth_session_set_cnonce (s, RFC7616_CNONCE);
  g_assert_true (sip_auth_pick_challenge (values, 2, FALSE, NULL, &best, &error));
  g_assert_cmpint (best.algorithm, ==, SIP_AUTH_ALG_SHA256);
  h256 = make (s, &best, "GET", "/dir/index.html", "Mufasa", "Circle of Life");
  assert_param (h256, "response",
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                "RFC 7616 3.9.1 SHA-256");
  assert_param (h256, "algorithm", "SHA-256", "RFC 7616 3.9.1 SHA-256");
  assert_param (h256, "qop", "auth", "auth is preferred over auth-int");
  assert_param (h256, "nc", "00000001", "first use of the nonce");
  assert_param (h256, "opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", "opaque echoed");

  parse_ok (RFC7616_MD5, &md5);
  hmd5 = make (NULL, &md5, "GET", "/dir/index.html", "Mufasa", "Circle of Life");
  /* make() with no session draws a random cnonce: compute with the RFC's */
  {
    g_autofree char *r = sip_auth_compute_response (
      SIP_AUTH_ALG_MD5, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
      "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
      RFC7616_CNONCE, "auth", SIP_STR_NULL);
    g_assert_cmpstr (r, ==, "8ca523f5e9506fed4657c9700eebdbec");
  }
  assert_param (hmd5, "algorithm", "MD5", "an explicit algorithm is echoed");
}

static void
test_md5_sess_matches_independent_computation (void)
{
  g_auto (SipAuthChallenge) ch = { 0 };
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autofree char *h1 = NULL, *h2 = NULL;

  parse_ok ("Digest realm=\"" SIP_REALM "\", nonce=\"" SIP_NONCE "\", algorithm=md5-SESS, "
            "qop=\"auth\"",
            &ch);
  g_assert_cmpint (ch.algorithm, ==, SIP_AUTH_ALG_MD5_SESS);
  sip_auth_session_set_cnonce (s, "0a4f113b");
  h1 = make (s, &ch, "REGISTER", "sip:" SIP_REALM, "alice", "s3cr3t");
  h2 = make (s, &ch, "REGISTER", "sip:" SIP_REALM, "alice", "s3cr3t");
  assert_param (h1, "response", "f01b96ba9ce1535e3773bf530d88bac5", "MD5-sess, nc=1 (python)");
  assert_param (h2, "response", "a769081f94533c28984abbf9615015d7", "MD5-sess, nc=2 (python)");
  assert_param (h1, "algorithm", "MD5-sess", "canonical algorithm name");
}

static void
test_sess_keeps_its_cnonce_while_plain_md5_draws_a_new_one (void)
{
  g_auto (SipAuthChallenge) sess = { 0 };
  g_auto (SipAuthChallenge) plain = { 0 };
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  g_autofree char *ca = NULL, *cb = NULL, *cc = NULL, *cd = NULL;

  parse_ok ("Digest realm=\"r1\", nonce=\"n1\", algorithm=MD5-sess, qop=auth", &sess);
  parse_ok ("Digest realm=\"r2\", nonce=\"n2\", qop=auth", &plain);
  a = make (s, &sess, "INVITE", "sip:b@x", "u", "p");
  b = make (s, &sess, "INVITE", "sip:b@x", "u", "p");
  c = make (s, &plain, "INVITE", "sip:b@x", "u", "p");
  d = make (s, &plain, "INVITE", "sip:b@x", "u", "p");
  ca = param_of (a, "cnonce"), cb = param_of (b, "cnonce");
  cc = param_of (c, "cnonce"), cd = param_of (d, "cnonce");
  g_assert_cmpuint (strlen (ca), ==, 32); /* 16 random bytes in hex */
  if (strcmp (ca, cb) != 0)
    g_error ("MD5-sess HA1 depends on the cnonce: it must stay '%s', got '%s'", ca, cb);
  if (strcmp (cc, cd) == 0)
    g_error ("plain MD5 should draw a new cnonce per request, both were '%s'", cc);
}

static void
test_sha256_sess_and_auth_int_match_independent_computation (void)
{
  g_auto (SipAuthChallenge) sess = { 0 };
  g_auto (SipAuthChallenge) integrity = { 0 };
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autoptr (SipAuthSession) s2 = sip_auth_session_new (); /* same nonce: own count */
  g_autoptr (GError) error = NULL;
  g_autofree char *h1 = NULL, *h2 = NULL;
  const char *sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n";

  sip_auth_session_set_cnonce (s, "0a4f113b");
  parse_ok ("Digest realm=\"" SIP_REALM "\", nonce=\"" SIP_NONCE "\", "
            "algorithm=SHA-256-sess, qop=\"auth\"",
            &sess);
  h1 = make (s, &sess, "INVITE", "sip:bob@biloxi.example.com", "alice", "s3cr3t");
  assert_param (h1, "response",
                "dfac97d0a9f7bede4459b2e9c5f7b1e4a64500ee62310719bc12542f53567a75",
                "SHA-256-sess (python)");

  /* auth-int only: the body is hashed into HA2 */
  sip_auth_session_set_cnonce (s2, "0a4f113b");
  parse_ok ("Digest realm=\"" SIP_REALM "\", nonce=\"" SIP_NONCE "\", qop=\"auth-int\"",
            &integrity);
  h2 = sip_auth_make_header (s2, &integrity, "INVITE", "sip:bob@biloxi.example.com", "alice",
                             "s3cr3t", str (sdp), &error);
  g_assert_no_error (error);
  assert_param (h2, "qop", "auth-int", "auth-int is used when it is all that is offered");
  assert_param (h2, "response", "b43e37c05110c504212f5e24a5ecbbf2", "MD5 auth-int (python)");
}

static void
test_unusable_challenges_and_arguments_are_refused_with_reasons (void)
{
  g_auto (SipAuthChallenge) ch = { 0 };
  g_auto (SipAuthChallenge) noqop = { 0 };
  g_auto (SipAuthChallenge) sess = { 0 };
  g_autoptr (GError) error = NULL;
  char *h;

  parse_ok ("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256, qop=auth", &ch);
  g_assert_cmpint (ch.algorithm, ==, SIP_AUTH_ALG_UNSUPPORTED);
  g_assert_cmpstr (ch.algorithm_name, ==, "SHA-512-256");
  h = sip_auth_make_header (NULL, &ch, "BYE", "sip:b@x", "u", "p", SIP_STR_NULL, &error);
  g_assert_null (h);
  g_assert_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, "unsupported algorithm 'SHA-512-256'");
  g_clear_error (&error);

  parse_ok ("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"", &noqop);
  g_assert_null (sip_auth_make_header (NULL, &noqop, "BYE", "sip:b@x", "u", "p", SIP_STR_NULL,
                                       &error));
  g_assert_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "neither qop auth nor auth-int"));
  g_clear_error (&error);

  parse_ok ("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess", &sess);
  g_assert_null (sip_auth_make_header (NULL, &sess, "BYE", "sip:b@x", "u", "p", SIP_STR_NULL,
                                       &error));
  g_assert_nonnull (strstr (error->message, "needs qop"));
  g_clear_error (&error);

  g_assert_null (sip_auth_make_header (NULL, &noqop, "BYE", "sip:b@x", "u\r\nX: y", "p",
                                       SIP_STR_NULL, &error));
  g_assert_nonnull (error);
}

/* ---- parsing ---- */

static void
test_parse_quoting_spacing_and_case (void)
{
  g_auto (SipAuthChallenge) a = { 0 };
  g_auto (SipAuthChallenge) b = { 0 };
  g_auto (SipAuthChallenge) c = { 0 };

  /* spaces around '=', unquoted values, names and scheme in any case,
   * a quoted comma, an unknown parameter */
  parse_ok ("digest REALM = \"a, b\" ,Nonce= abc/def==, domain=\"sip:x sip:y\", "
            "ALGORITHM=sha-256 , QOP = \"AUTH-INT ,auth\", Stale=TRUE, future=1",
            &a);
  g_assert_cmpstr (a.realm, ==, "a, b");
  g_assert_cmpstr (a.nonce, ==, "abc/def==");
  g_assert_cmpint (a.algorithm, ==, SIP_AUTH_ALG_SHA256);
  g_assert_true (a.has_qop);
  g_assert_cmpuint (a.qop, ==, SIP_AUTH_QOP_AUTH | SIP_AUTH_QOP_AUTH_INT);
  g_assert_true (a.stale);
  g_assert_null (a.opaque);

  /* escaped quotes in a quoted realm; quoted algorithm; stale=false; no
   * algorithm means MD5 */
  parse_ok ("Digest realm=\"say \\\"hi\\\"\", nonce=\"n\\\\1\", algorithm=\"MD5\", stale=false",
            &b);
  g_assert_cmpstr (b.realm, ==, "say \"hi\"");
  g_assert_cmpstr (b.nonce, ==, "n\\1");
  g_assert_cmpint (b.algorithm, ==, SIP_AUTH_ALG_MD5);
  g_assert_false (b.stale);
  g_assert_false (b.has_qop);

  parse_ok ("Digest nonce=\"n\", realm=\"r\", stale=true, qop=auth", &c);
  g_assert_true (c.stale);
  g_assert_cmpuint (c.qop, ==, SIP_AUTH_QOP_AUTH);
  g_assert_cmpint (c.algorithm, ==, SIP_AUTH_ALG_MD5);
  g_assert_null (c.algorithm_name);
}

static void
test_parse_stops_at_a_second_challenge (void)
{
  g_auto (SipAuthChallenge) ch = { 0 };
  parse_ok ("Digest realm=\"r\", nonce=\"n\", Basic realm=\"other\"", &ch);
  g_assert_cmpstr (ch.realm, ==, "r");
}

static void
test_parse_refuses_what_it_cannot_use (void)
{
  parse_fails ("Digest realm=\"r\", opaque=\"o\"", "challenge has no nonce");
  parse_fails ("Digest nonce=\"n\"", "challenge has no realm");
  parse_fails ("Basic realm=\"r\"", "unsupported scheme");
  parse_fails ("Bearer realm=\"r\", nonce=\"n\"", "unsupported scheme");
  parse_fails ("Digest realm=\"r, nonce=n", "unterminated");
  parse_fails ("Digest realm=\"r\" nonce=\"n\"", "expected ','");
  parse_fails ("Digest realm=, nonce=n", "no value");
  parse_fails ("", "no authentication scheme");
}

static void
test_escaped_realm_is_hashed_unescaped_and_sent_escaped (void)
{
  g_auto (SipAuthChallenge) ch = { 0 };
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autofree char *h = NULL;

  parse_ok ("Digest realm=\"say \\\"hi\\\"\", nonce=\"n1\", qop=auth", &ch);
  sip_auth_session_set_cnonce (s, "c1");
  h = make (s, &ch, "BYE", "sip:b@x", "alice", "pw");
  g_assert_nonnull (strstr (h, "realm=\"say \\\"hi\\\"\""));
  g_assert_nonnull (strstr (h, "response=\"eb2948f56290a8918a73ca934edaafd8\""));
}

/* ---- choosing ---- */

static void
pick_ok (const char *const *texts, guint n, const char *realm, SipAuthChallenge *out)
{
  SipStr values[8];
  g_autoptr (GError) error = NULL;
  for (guint i = 0; i < n; i++)
    values[i] = str (texts[i]);
  if (!sip_auth_pick_challenge (values, n, FALSE, realm, out, &error))
    g_error ("a challenge should have been picked: %s", error->message);
}

static void
test_pick_prefers_sha256_in_either_order (void)
{
  const char *md5_first[] = { "Digest realm=\"r\", nonce=\"a\", algorithm=MD5",
                              "Digest realm=\"r\", nonce=\"b\", algorithm=SHA-256" };
  const char *sha_first[] = { md5_first[1], md5_first[0] };
  const char *three[] = { "Digest realm=\"r\", nonce=\"c\", algorithm=SHA-512-256",
                          "Basic realm=\"r\"", md5_first[0], md5_first[1] };
  g_auto (SipAuthChallenge) a = { 0 };
  g_auto (SipAuthChallenge) b = { 0 };
  g_auto (SipAuthChallenge) c = { 0 };

  pick_ok (md5_first, 2, NULL, &a);
  g_assert_cmpstr (a.nonce, ==, "b");
  pick_ok (sha_first, 2, NULL, &b);
  g_assert_cmpstr (b.nonce, ==, "b");
  pick_ok (three, 4, NULL, &c);
  g_assert_cmpint (c.algorithm, ==, SIP_AUTH_ALG_SHA256);
}

static void
test_pick_keeps_the_topmost_of_equals_and_filters_by_realm (void)
{
  const char *texts[] = { "Digest realm=\"r\", nonce=\"first\"",
                          "Digest realm=\"r\", nonce=\"second\", algorithm=MD5-sess, qop=auth",
                          "Digest realm=\"other\", nonce=\"third\", algorithm=SHA-256" };
  g_auto (SipAuthChallenge) a = { 0 };
  g_auto (SipAuthChallenge) b = { 0 };

  pick_ok (texts, 3, "r", &a);
  g_assert_cmpstr (a.nonce, ==, "first");
  pick_ok (texts, 3, "other", &b);
  g_assert_cmpstr (b.nonce, ==, "third");
}

static void
test_pick_with_nothing_answerable_names_the_reason (void)
{
  SipStr values[] = { str ("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"),
                      str ("Basic realm=\"r\"") };
  SipAuthChallenge out;
  g_autoptr (GError) error = NULL;

  g_assert_false (sip_auth_pick_challenge (values, 2, TRUE, NULL, &out, &error));
  g_assert_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED);
  if (!strstr (error->message, "unsupported algorithm 'SHA-512-256'") ||
      !strstr (error->message, "Proxy-Authenticate"))
    g_error ("the error should name the header and the algorithm: '%s'", error->message);
}

/* ---- sessions ---- */

static void
test_nc_counts_per_nonce_and_restarts_on_a_new_one (void)
{
  g_auto (SipAuthChallenge) first = { 0 };
  g_auto (SipAuthChallenge) second = { 0 };
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();

  parse_ok ("Digest realm=\"r\", nonce=\"one\", qop=auth", &first);
  parse_ok ("Digest realm=\"r\", nonce=\"two\", qop=auth", &second);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *h = make (s, &first, "INVITE", "sip:b@x", "u", "p");
      g_autofree char *want = g_strdup_printf ("%08x", i);
      assert_param (h, "nc", want, "same nonce, next request");
    }
  {
    g_autofree char *h = make (s, &second, "BYE", "sip:b@x", "u", "p");
    assert_param (h, "nc", "00000001", "a new nonce restarts the count");
    assert_param (h, "nonce", "two", "the new nonce is used");
  }
}

#define REQ_HEAD                                                                               \
  "REGISTER sip:" SIP_REALM " SIP/2.0\r\n"                                                     \
  "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"                                 \
  "Max-Forwards: 70\r\n"                                                                        \
  "From: <sip:alice@" SIP_REALM ">;tag=1928301774\r\n"                                          \
  "To: <sip:alice@" SIP_REALM ">\r\n"                                                           \
  "Call-ID: a84b4c76e66710\r\n"                                                                 \
  "CSeq: 1 REGISTER\r\n"

static SipMsg *
msg_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  SipMsg *m = sip_msg_parse (text, strlen (text), &error);
  if (!m || m->invalid_status)
    g_error ("test message should parse: %s\n%s", error ? error->message : m->invalid_reason,
             text);
  return m;
}

/* A 401 (or 407) to the REGISTER, with @challenges as header lines. */
static SipMsg *
challenge_msg (guint status, const char *challenges)
{
  g_autofree char *text = g_strdup_printf (
    "SIP/2.0 %u %s\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
    "From: <sip:alice@" SIP_REALM ">;tag=1928301774\r\n"
    "To: <sip:alice@" SIP_REALM ">;tag=37GkEhwl6\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 1 REGISTER\r\n"
    "%s"
    "Content-Length: 0\r\n\r\n",
    status, sip_status_phrase (status), challenges);
  return msg_ok (text);
}

/* The REGISTER as it would be resent with what the session authorizes. */
static SipMsg *
authorized_request (SipAuthSession *s)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (REQ_HEAD);
  if (!sip_auth_session_authorize (s, "REGISTER", "sip:" SIP_REALM, "alice", "s3cr3t",
                                   SIP_STR_NULL, text, &error))
    g_error ("authorizing the request failed: %s", error->message);
  g_string_append (text, "Content-Length: 0\r\n\r\n");
  return msg_ok (text->str);
}

static const char *
hdr_value (const SipMsg *m, SipHdrId id, char **owned)
{
  const SipHdr *h = sip_msg_find (m, id);
  if (!h)
    g_error ("the request should carry a %s header", sip_hdr_name (id));
  return *owned = sip_str_dup (h->value);
}

static void
expect_retry (SipAuthSession *s, const SipMsg *resp, const SipMsg *req, const char *what)
{
  g_autoptr (GError) error = NULL;
  if (!sip_auth_session_challenged (s, resp, req, &error))
    g_error ("%s: should retry, but: %s", what, error->message);
}

static void
expect_give_up (SipAuthSession *s, const SipMsg *resp, const SipMsg *req, const char *what)
{
  g_autoptr (GError) error = NULL;
  if (sip_auth_session_challenged (s, resp, req, &error))
    g_error ("%s: should give up, but the session wants to retry", what);
  if (!g_error_matches (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_REJECTED))
    g_error ("%s: should be SIP_AUTH_ERROR_REJECTED, got '%s'", what, error->message);
}

#define WWW(nonce, extra)                                                                     \
  "WWW-Authenticate: Digest realm=\"" SIP_REALM "\", nonce=\"" nonce "\", qop=\"auth\"" extra \
  "\r\n"

static void
test_register_retries_after_401_and_gives_up_on_a_second (void)
{
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autoptr (SipMsg) bare = msg_ok (REQ_HEAD "Content-Length: 0\r\n\r\n");
  g_autoptr (SipMsg) c1 = challenge_msg (401, WWW ("n1", ""));
  g_autoptr (SipMsg) c2 = challenge_msg (401, WWW ("n2", ""));
  g_autoptr (SipMsg) retry = NULL;
  g_autofree char *auth = NULL;

  expect_retry (s, c1, bare, "first 401 to a request without credentials");
  retry = authorized_request (s);
  hdr_value (retry, SIP_HDR_AUTHORIZATION, &auth);
  assert_param (auth, "nonce", "n1", "the retry answers the challenge");
  assert_param (auth, "nc", "00000001", "the retry answers the challenge");
  g_assert_null (sip_msg_find (retry, SIP_HDR_PROXY_AUTHORIZATION));
  expect_give_up (s, c2, retry, "a new non-stale challenge after a fresh answer");
  expect_give_up (s, c1, retry, "the same nonce again, not stale");
}

static void
test_stale_nonce_is_retried_once_with_count_restarted (void)
{
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autoptr (SipMsg) bare = msg_ok (REQ_HEAD "Content-Length: 0\r\n\r\n");
  g_autoptr (SipMsg) c1 = challenge_msg (401, WWW ("n1", ""));
  g_autoptr (SipMsg) stale2 = challenge_msg (401, WWW ("n2", ", stale=TRUE"));
  g_autoptr (SipMsg) stale3 = challenge_msg (401, WWW ("n3", ", stale=true"));
  g_autoptr (SipMsg) pre = NULL, r1 = NULL, r2 = NULL, r3 = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  expect_retry (s, c1, bare, "first 401");
  r1 = authorized_request (s); /* n1, nc 1: accepted, say */
  pre = authorized_request (s); /* a later REGISTER refresh, pre-authorized */
  hdr_value (pre, SIP_HDR_AUTHORIZATION, &a);
  assert_param (a, "nc", "00000002", "pre-authorization reuses the nonce");
  expect_retry (s, stale2, pre, "stale=TRUE after a pre-authorized request");
  r2 = authorized_request (s);
  hdr_value (r2, SIP_HDR_AUTHORIZATION, &b);
  assert_param (b, "nonce", "n2", "the stale retry uses the new nonce");
  assert_param (b, "nc", "00000001", "the new nonce restarts the count");
  /* a server that calls every fresh answer stale would loop: allow one */
  expect_retry (s, stale3, r2, "stale once after a fresh answer");
  r3 = authorized_request (s);
  hdr_value (r3, SIP_HDR_AUTHORIZATION, &c);
  assert_param (c, "nonce", "n3", "retry with the newest nonce");
  {
    g_autoptr (SipMsg) stale4 = challenge_msg (401, WWW ("n4", ", stale=true"));
    expect_give_up (s, stale4, r3, "stale twice in a row after fresh answers");
  }
  {
    g_autoptr (SipMsg) same = challenge_msg (401, WWW ("n3", ", stale=true"));
    expect_give_up (s, same, r3, "stale about the nonce it just gave");
  }
}

static void
test_preauthorized_request_meeting_a_new_nonce_is_retried (void)
{
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autoptr (SipMsg) bare = msg_ok (REQ_HEAD "Content-Length: 0\r\n\r\n");
  g_autoptr (SipMsg) c1 = challenge_msg (401, WWW ("n1", ""));
  g_autoptr (SipMsg) c2 = challenge_msg (401, WWW ("n2", ""));
  g_autoptr (SipMsg) r1 = NULL, pre = NULL, r2 = NULL;

  expect_retry (s, c1, bare, "first 401");
  r1 = authorized_request (s);
  pre = authorized_request (s);
  /* servers that forget to set stale on an expired nonce */
  expect_retry (s, c2, pre, "new nonce without stale after a reused nonce");
  r2 = authorized_request (s);
  expect_give_up (s, c1, r2, "non-stale challenge after the fresh answer");
}

static void
test_407_is_answered_with_proxy_authorization_for_each_realm (void)
{
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autoptr (SipMsg) bare = msg_ok (REQ_HEAD "Content-Length: 0\r\n\r\n");
  g_autoptr (SipMsg) c = challenge_msg (
    407, "Proxy-Authenticate: Digest realm=\"edge\", nonce=\"e1\", algorithm=MD5, qop=auth\r\n"
         "Proxy-Authenticate: Digest realm=\"edge\", nonce=\"e2\", algorithm=SHA-256, "
         "qop=auth\r\n"
         "Proxy-Authenticate: Digest realm=\"core\", nonce=\"c1\"\r\n");
  g_autoptr (GString) text = g_string_new ("");
  g_autoptr (GError) error = NULL;

  expect_retry (s, c, bare, "407 with two realms");
  g_assert_true (sip_auth_session_authorize (s, "INVITE", "sip:bob@biloxi.example.com", "alice",
                                             "s3cr3t", SIP_STR_NULL, text, &error));
  if (!g_str_has_prefix (text->str, "Proxy-Authorization: Digest username=\"alice\", "
                                    "realm=\"edge\", nonce=\"e2\"") ||
      !strstr (text->str, "algorithm=SHA-256") ||
      !strstr (text->str, "\r\nProxy-Authorization: Digest username=\"alice\", realm=\"core\", "
                          "nonce=\"c1\"") ||
      strstr (text->str, "\r\nAuthorization"))
    g_error ("expected SHA-256 for 'edge' and MD5 for 'core', both Proxy-Authorization:\n%s",
             text->str);
}

static void
test_challenge_nobody_can_answer_is_not_retried (void)
{
  g_autoptr (SipAuthSession) s = sip_auth_session_new ();
  g_autoptr (SipMsg) bare = msg_ok (REQ_HEAD "Content-Length: 0\r\n\r\n");
  g_autoptr (SipMsg) c = challenge_msg (
    401, "WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256\r\n");
  g_autoptr (SipMsg) none = challenge_msg (401, "WWW-Authenticate: Basic realm=\"r\"\r\n");
  g_autoptr (GError) error = NULL;

  g_assert_false (sip_auth_session_challenged (s, c, bare, &error));
  g_assert_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "SHA-512-256"));
  g_clear_error (&error);
  g_assert_false (sip_auth_session_challenged (s, none, bare, &error));
  g_assert_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "unsupported scheme"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/auth/rfc2617-example-is-reproduced-exactly",
                   test_rfc2617_example_is_reproduced_exactly);
  g_test_add_func ("/sip/auth/rfc2069-challenge-without-qop-is-answered-in-the-old-form",
                   test_rfc2069_challenge_without_qop_is_answered_in_the_old_form);
  g_test_add_func ("/sip/auth/rfc7616-md5-and-sha256-examples",
                   test_rfc7616_md5_and_sha256_examples);
  g_test_add_func ("/sip/auth/md5-sess-matches-independent-computation",
                   test_md5_sess_matches_independent_computation);
  g_test_add_func ("/sip/auth/sess-keeps-its-cnonce-while-plain-md5-draws-a-new-one",
                   test_sess_keeps_its_cnonce_while_plain_md5_draws_a_new_one);
  g_test_add_func ("/sip/auth/sha256-sess-and-auth-int-match-independent-computation",
                   test_sha256_sess_and_auth_int_match_independent_computation);
  g_test_add_func ("/sip/auth/unusable-challenges-and-arguments-are-refused-with-reasons",
                   test_unusable_challenges_and_arguments_are_refused_with_reasons);
  g_test_add_func ("/sip/auth/parse-quoting-spacing-and-case",
                   test_parse_quoting_spacing_and_case);
  g_test_add_func ("/sip/auth/parse-stops-at-a-second-challenge",
                   test_parse_stops_at_a_second_challenge);
  g_test_add_func ("/sip/auth/parse-refuses-what-it-cannot-use",
                   test_parse_refuses_what_it_cannot_use);
  g_test_add_func ("/sip/auth/escaped-realm-is-hashed-unescaped-and-sent-escaped",
                   test_escaped_realm_is_hashed_unescaped_and_sent_escaped);
  g_test_add_func ("/sip/auth/pick-prefers-sha256-in-either-order",
                   test_pick_prefers_sha256_in_either_order);
  g_test_add_func ("/sip/auth/pick-keeps-the-topmost-of-equals-and-filters-by-realm",
                   test_pick_keeps_the_topmost_of_equals_and_filters_by_realm);
  g_test_add_func ("/sip/auth/pick-with-nothing-answerable-names-the-reason",
                   test_pick_with_nothing_answerable_names_the_reason);
  g_test_add_func ("/sip/auth/nc-counts-per-nonce-and-restarts-on-a-new-one",
                   test_nc_counts_per_nonce_and_restarts_on_a_new_one);
  g_test_add_func ("/sip/auth/register-retries-after-401-and-gives-up-on-a-second",
                   test_register_retries_after_401_and_gives_up_on_a_second);
  g_test_add_func ("/sip/auth/stale-nonce-is-retried-once-with-count-restarted",
                   test_stale_nonce_is_retried_once_with_count_restarted);
  g_test_add_func ("/sip/auth/preauthorized-request-meeting-a-new-nonce-is-retried",
                   test_preauthorized_request_meeting_a_new_nonce_is_retried);
  g_test_add_func ("/sip/auth/407-is-answered-with-proxy-authorization-for-each-realm",
                   test_407_is_answered_with_proxy_authorization_for_each_realm);
  g_test_add_func ("/sip/auth/challenge-nobody-can-answer-is-not-retried",
                   test_challenge_nobody_can_answer_is_not_retried);
  return g_test_run ();
}
