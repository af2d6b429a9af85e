/* Unit tests of URI parsing and comparison (RFC 3261 19.1, RFC 3966). */
#include "msg.h"
#include "uri.h"

static void
parse_ok (const char *text, SipUri *u)
{
  const char *why = NULL;
  if (!sip_uri_parse (text, strlen (text), u, &why))
    g_error ("'%s' should parse: %s", text, why);
}

static void
parse_fails (const char *text, const char *hint)
{
  SipUri u;
  const char *why = NULL;
  if (sip_uri_parse (text, strlen (text), &u, &why))
    g_error ("'%s' should be refused", text);
  if (hint && !strstr (why, hint))
    g_error ("'%s': reason '%s' should mention '%s'", text, why, hint);
}

static void
test_sip_forms (void)
{
  SipUri u;
  parse_ok ("sip:alice:secretword@atlanta.com;transport=tcp", &u);
  g_assert_cmpint (u.scheme, ==, SIP_URI_SIP);
  g_assert_true (sip_str_eq (u.user, "alice"));
  g_assert_true (sip_str_eq (u.password, "secretword"));
  g_assert_true (sip_str_eq (u.host, "atlanta.com"));
  g_assert_true (sip_str_eq (u.params, ";transport=tcp"));
  {
    SipStr t;
    g_assert_true (sip_uri_param (&u, "transport", &t));
    g_assert_true (sip_str_eq (t, "tcp"));
  }
  parse_ok ("sips:alice@atlanta.com?subject=project%20x&priority=urgent", &u);
  g_assert_cmpint (u.scheme, ==, SIP_URI_SIPS);
  g_assert_true (sip_str_eq (u.headers, "subject=project%20x&priority=urgent"));
  parse_ok ("sip:+1-212-555-1212:1234@gateway.com;user=phone", &u);
  g_assert_true (sip_str_eq (u.user, "+1-212-555-1212"));
  parse_ok ("sip:alice@192.0.2.4:5070", &u);
  g_assert_cmpuint (u.port, ==, 5070);
  parse_ok ("sip:[2001:db8::10]:5070;maddr=[2001:db8::20]", &u);
  g_assert_true (u.ipv6);
  g_assert_true (sip_str_eq (u.host, "2001:db8::10"));
  parse_ok ("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com", &u);
  g_assert_false (sip_str_is_set (u.user));
  parse_ok ("sip:%61lice@atlanta.com", &u);
  g_assert_true (sip_str_eq (u.user, "%61lice"));
}

static void
test_tel_and_other_schemes (void)
{
  SipUri u;
  parse_ok ("tel:+1-201-555-0123", &u);
  g_assert_cmpint (u.scheme, ==, SIP_URI_TEL);
  g_assert_true (sip_str_eq (u.user, "+1-201-555-0123"));
  parse_ok ("tel:7042;phone-context=example.com", &u);
  parse_fails ("tel:7042", "phone-context");
  parse_ok ("http://www.example.com", &u);
  g_assert_cmpint (u.scheme, ==, SIP_URI_OTHER);
  g_assert_true (sip_str_eq (u.scheme_str, "http"));
}

static void
test_refusals (void)
{
  parse_fails ("alice@atlanta.com", "scheme");
  parse_fails ("sip:", "host");
  parse_fails ("sip:alice@", "host");
  parse_fails ("sip:@atlanta.com", "user");
  parse_fails ("sip:alice@atlanta.com:99999", "port");
  parse_fails ("sip:alice@atl anta.com", "whitespace");
  parse_fails ("sip:2001:db8::1", "[]");
  parse_fails ("sip:[2001:db8::1", "]");
  parse_fails ("sip:al%zzice@atlanta.com", "escaped");
  parse_fails ("sip:alice@atlanta.com;x=\"q\"", "escaped");
}

static gboolean
equal (const char *a, const char *b)
{
  SipUri ua, ub;
  parse_ok (a, &ua);
  parse_ok (b, &ub);
  return sip_uri_equal (&ua, &ub);
}

/* The examples of RFC 3261 19.1.4. */
static void
test_equality_rules (void)
{
  g_assert_true (equal ("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
  g_assert_true (equal ("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  g_assert_true (equal ("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"));
  g_assert_true (equal ("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                        "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
  g_assert_false (equal ("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  /* an escaped NUL (RFC 4475 escnull) is a byte like any other */
  g_assert_true (equal ("sip:a%00b@example.com", "sip:a%00b@example.com"));
  g_assert_false (equal ("sip:a%00b@example.com", "sip:a%00c@example.com"));
  g_assert_false (equal ("sip:ab@example.com", "sip:a%00b@example.com"));
  g_assert_false (equal ("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  g_assert_false (equal ("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  g_assert_false (equal ("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/uri/sip-forms", test_sip_forms);
  g_test_add_func ("/sip/uri/tel-and-other-schemes", test_tel_and_other_schemes);
  g_test_add_func ("/sip/uri/refusals", test_refusals);
  g_test_add_func ("/sip/uri/equality-rules", test_equality_rules);
  return g_test_run ();
}
