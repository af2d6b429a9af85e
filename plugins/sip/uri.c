/* URI parsing and comparison (RFC 3261 19.1 and 25, RFC 3966 for tel).
 * Works on slices; nothing is allocated unless a caller asks to unescape. */
#include "msg.h"
#include "uri.h"

static gboolean
valid_escapes (SipStr s)
{
  for (gsize i = 0; i < s.len; i++)
    if (s.p[i] == '%')
      {
        if (i + 2 >= s.len || !g_ascii_isxdigit (s.p[i + 1]) || !g_ascii_isxdigit (s.p[i + 2]))
          return FALSE;
        i += 2;
      }
  return TRUE;
}

/* Every character of @s is in @cls, or an escape. */
static gboolean
all_in_class (SipStr s, guint8 cls, const char *extra)
{
  for (gsize i = 0; i < s.len; i++)
    {
      guint8 c = (guint8) s.p[i];
      if (c == '%')
        continue;
      if (!(sip_char_class[c] & cls) && !(extra && c && strchr (extra, c)))
        return FALSE;
    }
  return valid_escapes (s);
}

char *
sip_unescape (SipStr s)
{
  GString *out;
  if (!valid_escapes (s))
    return NULL;
  out = g_string_sized_new (s.len);
  for (gsize i = 0; i < s.len; i++)
    {
      if (s.p[i] == '%')
        {
          char c = (g_ascii_xdigit_value (s.p[i + 1]) << 4) | g_ascii_xdigit_value (s.p[i + 2]);
          if (c == '\0')
            {
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_c (out, c);
          i += 2;
        }
      else
        g_string_append_c (out, s.p[i]);
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_host (SipStr s, SipUri *uri, const char **why)
{
  const char *p = s.p, *end = s.p + s.len;
  if (!s.len)
    return *why = "URI has no host", FALSE;
  if (*p == '[')
    {
      const char *close = memchr (p, ']', s.len);
      if (!close || close == p + 1)
        return *why = "IPv6 reference without ']'", FALSE;
      for (const char *c = p + 1; c < close; c++)
        if (!g_ascii_isxdigit (*c) && *c != ':' && *c != '.')
          return *why = "IPv6 reference holds a character it may not", FALSE;
      uri->host = sip_str (p + 1, close - p - 1);
      uri->ipv6 = TRUE;
      p = close + 1;
    }
  else
    {
      const char *h = p;
      while (p < end && *p != ':')
        {
          if (!(sip_char_class[(guint8) *p] & SIP_CC_HOST))
            return *why = "host name holds a character it may not", FALSE;
          p++;
        }
      uri->host = sip_str (h, p - h);
      if (!uri->host.len)
        return *why = "URI has no host", FALSE;
      if (memchr (h, ':', end - h) != NULL && p < end && memchr (p + 1, ':', end - p - 1))
        return *why = "an IPv6 address must be enclosed in []", FALSE;
    }
  if (p < end)
    {
      guint64 port;
      if (*p != ':')
        return *why = "unexpected text after the host", FALSE;
      if (!sip_str_to_uint (sip_str (p + 1, end - p - 1), 65535, &port))
        return *why = "port is not a number up to 65535", FALSE;
      uri->port = port;
    }
  return TRUE;
}

static gboolean
parse_sip (const char *p, const char *end, SipUri *uri, const char **why)
{
  const char *at = memchr (p, '@', end - p);
  const char *hp, *semi, *q;

  if (at)
    {
      const char *colon = memchr (p, ':', at - p);
      uri->user = sip_str (p, (colon ? colon : at) - p);
      if (colon)
        uri->password = sip_str (colon + 1, at - colon - 1);
      if (!uri->user.len)
        return *why = "URI has '@' but no user", FALSE;
      if (!all_in_class (uri->user, SIP_CC_USER | SIP_CC_UNRESERVED, NULL))
        return *why = "user part holds a character that must be escaped", FALSE;
      if (uri->password.p && !all_in_class (uri->password, SIP_CC_UNRESERVED, "&=+$,"))
        return *why = "password holds a character that must be escaped", FALSE;
      hp = at + 1;
    }
  else
    hp = p;
  q = memchr (hp, '?', end - hp);
  semi = memchr (hp, ';', (q ? q : end) - hp);
  if (!parse_host (sip_str (hp, (semi ? semi : q ? q : end) - hp), uri, why))
    return FALSE;
  if (semi)
    {
      uri->params = sip_str (semi, (q ? q : end) - semi);
      if (!all_in_class (uri->params, SIP_CC_PARAM | SIP_CC_UNRESERVED, ";="))
        return *why = "URI parameters hold a character that must be escaped", FALSE;
    }
  if (q)
    {
      uri->headers = sip_str (q + 1, end - q - 1);
      if (!all_in_class (uri->headers, SIP_CC_UNRESERVED, "[]/?:+$=&"))
        return *why = "URI headers hold a character that must be escaped", FALSE;
    }
  return TRUE;
}

static gboolean
parse_tel (const char *p, const char *end, SipUri *uri, const char **why)
{
  const char *semi = memchr (p, ';', end - p);
  SipStr num = sip_str (p, (semi ? semi : end) - p);
  gboolean global = num.len && num.p[0] == '+';
  gboolean digit = FALSE;

  for (gsize i = global; i < num.len; i++)
    {
      char c = num.p[i];
      if (g_ascii_isdigit (c) || (!global && (g_ascii_isxdigit (c) || c == '*' || c == '#')))
        digit = TRUE;
      else if (!strchr ("-.()", c))
        return *why = "tel number holds a character it may not", FALSE;
    }
  if (!digit)
    return *why = "tel URI has no digits", FALSE;
  uri->user = num;
  if (semi)
    uri->params = sip_str (semi, end - semi);
  if (!global && !sip_uri_param (uri, "phone-context", NULL))
    return *why = "a local tel number needs ;phone-context", FALSE;
  return TRUE;
}

gboolean
sip_uri_parse (const char *p, gsize len, SipUri *uri, const char **why)
{
  const char *end = p + len, *colon = memchr (p, ':', len);

  memset (uri, 0, sizeof *uri);
  if (!colon || colon == p)
    return *why = "URI has no scheme", FALSE;
  uri->scheme_str = sip_str (p, colon - p);
  for (gsize i = 0; i < uri->scheme_str.len; i++)
    if (!g_ascii_isalnum (p[i]) && !strchr ("+-.", p[i]))
      return *why = "URI scheme holds a character it may not", FALSE;
  if (!g_ascii_isalpha (p[0]))
    return *why = "URI scheme must start with a letter", FALSE;
  for (const char *c = p; c < end; c++)
    if ((guchar) *c <= ' ' || (guchar) *c >= 0x7f)
      return *why = "URI holds whitespace or a control character", FALSE;
  if (sip_str_caseeq (uri->scheme_str, "sip"))
    uri->scheme = SIP_URI_SIP;
  else if (sip_str_caseeq (uri->scheme_str, "sips"))
    uri->scheme = SIP_URI_SIPS;
  else if (sip_str_caseeq (uri->scheme_str, "tel"))
    uri->scheme = SIP_URI_TEL;
  else
    {
      uri->scheme = SIP_URI_OTHER;
      uri->opaque = sip_str (colon + 1, end - colon - 1);
      return TRUE;
    }
  if (uri->scheme == SIP_URI_TEL)
    return parse_tel (colon + 1, end, uri, why);
  return parse_sip (colon + 1, end, uri, why);
}

gboolean
sip_uri_param (const SipUri *uri, const char *name, SipStr *value)
{
  return sip_param_get (uri->params, name, value);
}

/* The next byte of @s at *@i, %HH decoded (escapes were checked when the
 * URI was parsed). */
static guint8
next_byte (SipStr s, gsize *i)
{
  guint8 c = s.p[*i];
  if (c == '%' && *i + 2 < s.len && g_ascii_isxdigit (s.p[*i + 1]) &&
      g_ascii_isxdigit (s.p[*i + 2]))
    {
      c = (g_ascii_xdigit_value (s.p[*i + 1]) << 4) | g_ascii_xdigit_value (s.p[*i + 2]);
      *i += 3;
      return c;
    }
  (*i)++;
  return c;
}

/* Compares the decoded bytes, so "%61" equals "a" and an escaped NUL
 * ("%00", which RFC 4475 3.1.1.4 allows) equals itself. */
static gboolean
escaped_equal (SipStr a, SipStr b, gboolean caseless)
{
  gsize i = 0, j = 0;
  while (i < a.len && j < b.len)
    {
      guint8 x = next_byte (a, &i), y = next_byte (b, &j);
      if (caseless ? g_ascii_tolower (x) != g_ascii_tolower (y) : x != y)
        return FALSE;
    }
  return i == a.len && j == b.len;
}

/* RFC 3261 19.1.4: user, ttl, method and maddr (and transport) must match
 * when either URI has them; other parameters only when both have them. */
static gboolean
params_equal (const SipUri *a, const SipUri *b)
{
  static const char *const strict[] = { "transport", "user", "ttl", "method", "maddr", NULL };
  for (int i = 0; strict[i]; i++)
    {
      SipStr va, vb;
      gboolean ha = sip_uri_param (a, strict[i], &va), hb = sip_uri_param (b, strict[i], &vb);
      if (ha != hb || (ha && !escaped_equal (va, vb, TRUE)))
        return FALSE;
    }
  for (gsize i = 0; i < a->params.len;)
    {
      gsize s = ++i, e;
      SipStr name, va, vb;
      g_autofree char *n = NULL;
      while (i < a->params.len && a->params.p[i] != ';')
        i++;
      e = i;
      name = sip_str (a->params.p + s, e - s);
      if (memchr (name.p, '=', name.len))
        name.len = (const char *) memchr (name.p, '=', name.len) - name.p;
      n = sip_str_dup (name);
      if (sip_uri_param (a, n, &va) && sip_uri_param (b, n, &vb) && !escaped_equal (va, vb, TRUE))
        return FALSE;
    }
  return TRUE;
}

gboolean
sip_uri_equal (const SipUri *a, const SipUri *b)
{
  if (a->scheme != b->scheme || a->scheme > SIP_URI_SIPS)
    return FALSE;
  if (!!a->user.p != !!b->user.p || (a->user.p && !escaped_equal (a->user, b->user, FALSE)))
    return FALSE;
  if (!!a->password.p != !!b->password.p ||
      (a->password.p && !escaped_equal (a->password, b->password, FALSE)))
    return FALSE;
  if (!sip_str_caseeq_str (a->host, b->host) || a->port != b->port)
    return FALSE;
  if (!params_equal (a, b))
    return FALSE;
  return sip_str_eq_str (a->headers, b->headers);
}
