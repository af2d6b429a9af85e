/* Header-level grammar of SIP (RFC 3261 section 25): character classes,
 * header names and their compact forms, methods, comma-separated value
 * lists, and the parsers of Via, name-addr/addr-spec and parameters. */
#include "msg.h"

/* Built by hand from RFC 3261 25.1; see sip-str.h for the bits. */
#define T SIP_CC_TOKEN
#define W SIP_CC_WS
#define D SIP_CC_DIGIT
#define U SIP_CC_UNRESERVED
#define R SIP_CC_USER
#define P SIP_CC_PARAM
#define H SIP_CC_HOST
#define ALNUM (T | U | R | P | H)
const guint8 sip_char_class[256] = {
  ['\t'] = W, [' '] = W,
  ['!'] = T | U | R | P, ['%'] = T, ['*'] = T | U | R | P, ['+'] = T | R | P,
  ['-'] = T | U | R | P | H, ['.'] = T | U | R | P | H, ['_'] = T | U | R | P | H,
  ['`'] = T, ['\''] = T | U | R | P, ['~'] = T | U | R | P,
  ['('] = U | R | P, [')'] = U | R | P,
  ['&'] = R | P, ['='] = R, ['$'] = R | P, [','] = R, [';'] = R, ['?'] = R,
  ['/'] = R | P, ['['] = P, [']'] = P, [':'] = P,
  ['0'] = ALNUM | D, ['1'] = ALNUM | D, ['2'] = ALNUM | D, ['3'] = ALNUM | D,
  ['4'] = ALNUM | D, ['5'] = ALNUM | D, ['6'] = ALNUM | D, ['7'] = ALNUM | D,
  ['8'] = ALNUM | D, ['9'] = ALNUM | D,
#define L(c) [c] = ALNUM
  L ('a'), L ('b'), L ('c'), L ('d'), L ('e'), L ('f'), L ('g'), L ('h'), L ('i'),
  L ('j'), L ('k'), L ('l'), L ('m'), L ('n'), L ('o'), L ('p'), L ('q'), L ('r'),
  L ('s'), L ('t'), L ('u'), L ('v'), L ('w'), L ('x'), L ('y'), L ('z'),
  L ('A'), L ('B'), L ('C'), L ('D'), L ('E'), L ('F'), L ('G'), L ('H'), L ('I'),
  L ('J'), L ('K'), L ('L'), L ('M'), L ('N'), L ('O'), L ('P'), L ('Q'), L ('R'),
  L ('S'), L ('T'), L ('U'), L ('V'), L ('W'), L ('X'), L ('Y'), L ('Z'),
#undef L
};
#undef T
#undef W
#undef D
#undef U
#undef R
#undef P
#undef H
#undef ALNUM

gboolean
sip_str_to_uint (SipStr s, guint64 max, guint64 *out)
{
  guint64 v = 0;
  if (!s.len || s.len > 20)
    return FALSE;
  for (gsize i = 0; i < s.len; i++)
    {
      guint d;
      if (!g_ascii_isdigit (s.p[i]))
        return FALSE;
      d = s.p[i] - '0';
      if (v > (max - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *out = v;
  return TRUE;
}

/* ---- names ---- */

typedef struct {
  const char *name;
  char compact;
} HdrName;

static const HdrName hdr_names[SIP_HDR__COUNT] = {
  [SIP_HDR_OTHER] = { "", 0 },
  [SIP_HDR_ACCEPT] = { "Accept", 0 },
  [SIP_HDR_ACCEPT_ENCODING] = { "Accept-Encoding", 0 },
  [SIP_HDR_ACCEPT_LANGUAGE] = { "Accept-Language", 0 },
  [SIP_HDR_ALERT_INFO] = { "Alert-Info", 0 },
  [SIP_HDR_ALLOW] = { "Allow", 0 },
  [SIP_HDR_ALLOW_EVENTS] = { "Allow-Events", 'u' },
  [SIP_HDR_ALSO] = { "Also", 0 },
  [SIP_HDR_AUTHORIZATION] = { "Authorization", 0 },
  [SIP_HDR_CALL_ID] = { "Call-ID", 'i' },
  [SIP_HDR_CALL_INFO] = { "Call-Info", 0 },
  [SIP_HDR_CONTACT] = { "Contact", 'm' },
  [SIP_HDR_CONTENT_DISPOSITION] = { "Content-Disposition", 0 },
  [SIP_HDR_CONTENT_ENCODING] = { "Content-Encoding", 'e' },
  [SIP_HDR_CONTENT_LENGTH] = { "Content-Length", 'l' },
  [SIP_HDR_CONTENT_TYPE] = { "Content-Type", 'c' },
  [SIP_HDR_CSEQ] = { "CSeq", 0 },
  [SIP_HDR_DATE] = { "Date", 0 },
  [SIP_HDR_EVENT] = { "Event", 'o' },
  [SIP_HDR_EXPIRES] = { "Expires", 0 },
  [SIP_HDR_FROM] = { "From", 'f' },
  [SIP_HDR_MAX_FORWARDS] = { "Max-Forwards", 0 },
  [SIP_HDR_MIN_EXPIRES] = { "Min-Expires", 0 },
  [SIP_HDR_P_ASSERTED_IDENTITY] = { "P-Asserted-Identity", 0 },
  [SIP_HDR_PROXY_AUTHENTICATE] = { "Proxy-Authenticate", 0 },
  [SIP_HDR_PROXY_AUTHORIZATION] = { "Proxy-Authorization", 0 },
  [SIP_HDR_PROXY_REQUIRE] = { "Proxy-Require", 0 },
  [SIP_HDR_RECORD_ROUTE] = { "Record-Route", 0 },
  [SIP_HDR_REFER_TO] = { "Refer-To", 'r' },
  [SIP_HDR_REFERRED_BY] = { "Referred-By", 'b' },
  [SIP_HDR_REMOTE_PARTY_ID] = { "Remote-Party-ID", 0 },
  [SIP_HDR_REPLACES] = { "Replaces", 0 },
  [SIP_HDR_REQUESTED_BY] = { "Requested-By", 0 },
  [SIP_HDR_REQUIRE] = { "Require", 0 },
  [SIP_HDR_RETRY_AFTER] = { "Retry-After", 0 },
  [SIP_HDR_ROUTE] = { "Route", 0 },
  [SIP_HDR_SERVER] = { "Server", 0 },
  [SIP_HDR_SUBJECT] = { "Subject", 's' },
  [SIP_HDR_SUBSCRIPTION_STATE] = { "Subscription-State", 0 },
  [SIP_HDR_SUPPORTED] = { "Supported", 'k' },
  [SIP_HDR_TIMESTAMP] = { "Timestamp", 0 },
  [SIP_HDR_TO] = { "To", 't' },
  [SIP_HDR_UNSUPPORTED] = { "Unsupported", 0 },
  [SIP_HDR_USER_AGENT] = { "User-Agent", 0 },
  [SIP_HDR_VIA] = { "Via", 'v' },
  [SIP_HDR_WARNING] = { "Warning", 0 },
  [SIP_HDR_WWW_AUTHENTICATE] = { "WWW-Authenticate", 0 },
};

static guint8 lower_table[256];
static guint8 name_len[SIP_HDR__COUNT];

static void
init_tables (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      for (int c = 0; c < 256; c++)
        lower_table[c] = g_ascii_tolower (c);
      for (int i = 1; i < SIP_HDR__COUNT; i++)
        name_len[i] = strlen (hdr_names[i].name);
      g_once_init_leave (&done, 1);
    }
}

static gboolean
caseeq (const char *a, const char *b, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (lower_table[(guint8) a[i]] != lower_table[(guint8) b[i]])
      return FALSE;
  return TRUE;
}

/* Length first, then first letter, then the rest: most header names are
 * rejected by one integer comparison, with no function call. */
SipHdrId
sip_hdr_id (SipStr name)
{
  init_tables ();
  if (name.len == 1)
    {
      char c = lower_table[(guint8) name.p[0]];
      for (int i = 1; i < SIP_HDR__COUNT; i++)
        if (hdr_names[i].compact == c)
          return i;
      return SIP_HDR_OTHER;
    }
  for (int i = 1; i < SIP_HDR__COUNT; i++)
    if (name_len[i] == name.len &&
        lower_table[(guint8) hdr_names[i].name[0]] == lower_table[(guint8) name.p[0]] &&
        caseeq (hdr_names[i].name + 1, name.p + 1, name.len - 1))
      return i;
  return SIP_HDR_OTHER;
}

const char *
sip_hdr_name (SipHdrId id)
{
  return id < SIP_HDR__COUNT ? hdr_names[id].name : "";
}

static const char *const method_names[] = {
  [SIP_METHOD_UNKNOWN] = NULL,   [SIP_METHOD_INVITE] = "INVITE",
  [SIP_METHOD_ACK] = "ACK",       [SIP_METHOD_BYE] = "BYE",
  [SIP_METHOD_CANCEL] = "CANCEL", [SIP_METHOD_REGISTER] = "REGISTER",
  [SIP_METHOD_OPTIONS] = "OPTIONS", [SIP_METHOD_INFO] = "INFO",
  [SIP_METHOD_PRACK] = "PRACK",   [SIP_METHOD_UPDATE] = "UPDATE",
  [SIP_METHOD_SUBSCRIBE] = "SUBSCRIBE", [SIP_METHOD_NOTIFY] = "NOTIFY",
  [SIP_METHOD_REFER] = "REFER",   [SIP_METHOD_MESSAGE] = "MESSAGE",
  [SIP_METHOD_PUBLISH] = "PUBLISH",
};

/* Methods are case-sensitive (RFC 3261 7.1). */
SipMethod
sip_method_from_str (SipStr s)
{
  for (guint i = 1; i < G_N_ELEMENTS (method_names); i++)
    if (sip_str_eq (s, method_names[i]))
      return i;
  return SIP_METHOD_UNKNOWN;
}

const char *
sip_method_to_string (SipMethod m)
{
  return m < G_N_ELEMENTS (method_names) && method_names[m] ? method_names[m] : "UNKNOWN";
}

/* ---- value lists ---- */

/* Splits at commas outside quoted strings and <...>.  A quoted-pair
 * (backslash) escapes the next character inside quotes. */
gboolean
sip_split_values (SipStr value, SipValueFunc func, gpointer data)
{
  gsize start = 0;
  gboolean quoted = FALSE, angle = FALSE;

  static const guint8 special[256] = { ['"'] = 1, ['<'] = 1, ['>'] = 1, [','] = 1, ['\\'] = 1 };

  for (gsize i = 0; i <= value.len; i++)
    {
      char c;
      /* Ordinary bytes need no decision: skip them in a tight loop. */
      while (i < value.len && !special[(guint8) value.p[i]])
        i++;
      c = i < value.len ? value.p[i] : ',';
      if (quoted)
        {
          if (c == '\\' && i + 1 < value.len)
            i++;
          else if (c == '"')
            quoted = FALSE;
          else if (i == value.len)
            return FALSE; /* unbalanced quote */
          continue;
        }
      if (c == '"')
        quoted = TRUE;
      else if (c == '<' && !angle)
        angle = TRUE;
      else if (c == '>' && angle)
        angle = FALSE;
      else if (c == ',' && !angle)
        {
          SipStr v = sip_str_trim (sip_str (value.p + start, i - start));
          if (v.len && !func (v, data))
            return TRUE;
          start = i + 1;
        }
    }
  return !angle;
}

static gboolean
take_first (SipStr v, gpointer data)
{
  *(SipStr *) data = v;
  return FALSE;
}

SipStr
sip_first_value (SipStr value)
{
  SipStr first = SIP_STR_NULL;
  sip_split_values (value, take_first, &first);
  return first;
}

/* ---- parameters ---- */

gboolean
sip_param_get (SipStr params, const char *name, SipStr *value)
{
  gsize n = strlen (name), i = 0;
  while (i < params.len)
    {
      gsize start, end, eq = 0;
      gboolean quoted = FALSE;
      while (i < params.len && (params.p[i] == ';' || params.p[i] == ' ' || params.p[i] == '\t'))
        i++;
      start = i;
      for (; i < params.len && (quoted || params.p[i] != ';'); i++)
        {
          if (params.p[i] == '"')
            quoted = !quoted;
          else if (params.p[i] == '=' && !eq && !quoted)
            eq = i;
        }
      end = i;
      {
        SipStr pname = sip_str_trim (sip_str (params.p + start, (eq ? eq : end) - start));
        if (pname.len == n && g_ascii_strncasecmp (pname.p, name, n) == 0)
          {
            if (value)
              *value = eq ? sip_str_trim (sip_str (params.p + eq + 1, end - eq - 1))
                          : sip_str (params.p + end, 0);
            return TRUE;
          }
      }
    }
  return FALSE;
}

/* Checks a raw ";name[=value]..." list: each name a token, each value a
 * token, a host, or a quoted string. */
static gboolean
params_valid (SipStr params, const char **why)
{
  gsize i = 0;
  while (i < params.len)
    {
      gsize s;
      if (params.p[i] != ';')
        return *why = "parameter list does not start with ';'", FALSE;
      i++;
      while (i < params.len && (params.p[i] == ' ' || params.p[i] == '\t'))
        i++;
      s = i;
      while (i < params.len && sip_is_token_char (params.p[i]))
        i++;
      if (i == s)
        return *why = "empty parameter name", FALSE;
      while (i < params.len && (params.p[i] == ' ' || params.p[i] == '\t'))
        i++;
      if (i < params.len && params.p[i] == '=')
        {
          i++;
          while (i < params.len && (params.p[i] == ' ' || params.p[i] == '\t'))
            i++;
          if (i < params.len && params.p[i] == '"')
            {
              for (i++; i < params.len && params.p[i] != '"'; i++)
                if (params.p[i] == '\\')
                  i++;
              if (i >= params.len)
                return *why = "unterminated quoted parameter value", FALSE;
              i++;
            }
          else
            {
              s = i;
              while (i < params.len &&
                     (sip_is_token_char (params.p[i]) || params.p[i] == ':' ||
                      params.p[i] == '[' || params.p[i] == ']'))
                i++;
              if (i == s)
                return *why = "empty parameter value", FALSE;
            }
          while (i < params.len && (params.p[i] == ' ' || params.p[i] == '\t'))
            i++;
        }
      if (i < params.len && params.p[i] != ';')
        return *why = "unexpected character in parameters", FALSE;
    }
  return TRUE;
}

/* ---- Via ---- */

static SipStr
take_token (const char **p, const char *end)
{
  const char *s;
  while (*p < end && (**p == ' ' || **p == '\t'))
    (*p)++;
  s = *p;
  while (*p < end && sip_is_token_char (**p))
    (*p)++;
  return sip_str (s, *p - s);
}

static gboolean
expect (const char **p, const char *end, char c)
{
  while (*p < end && (**p == ' ' || **p == '\t'))
    (*p)++;
  if (*p < end && **p == c)
    {
      (*p)++;
      return TRUE;
    }
  return FALSE;
}

/* host [":" port], IPv6 in brackets.  Leaves *p after it. */
static gboolean
parse_hostport (const char **p, const char *end, SipStr *host, guint16 *port)
{
  const char *s;
  while (*p < end && (**p == ' ' || **p == '\t'))
    (*p)++;
  s = *p;
  if (*p < end && **p == '[')
    {
      const char *close = memchr (*p, ']', end - *p);
      if (!close || close == s + 1)
        return FALSE;
      for (const char *c = s + 1; c < close; c++)
        if (!g_ascii_isxdigit (*c) && *c != ':' && *c != '.')
          return FALSE;
      *host = sip_str (s + 1, close - s - 1);
      *p = close + 1;
    }
  else
    {
      while (*p < end && (sip_char_class[(guint8) **p] & SIP_CC_HOST))
        (*p)++;
      if (*p == s)
        return FALSE;
      *host = sip_str (s, *p - s);
    }
  *port = 0;
  if (*p < end && **p == ':')
    {
      guint64 v;
      const char *ps = ++(*p);
      while (*p < end && g_ascii_isdigit (**p))
        (*p)++;
      if (!sip_str_to_uint (sip_str (ps, *p - ps), 65535, &v) || v == 0)
        return FALSE;
      *port = v;
    }
  return TRUE;
}

gboolean
sip_parse_via (SipStr value, SipVia *via, const char **why)
{
  const char *p = value.p, *end = value.p + value.len, *ps;
  SipStr name, version, rport;

  memset (via, 0, sizeof *via);
  name = take_token (&p, end);
  if (!expect (&p, end, '/'))
    return *why = "Via has no protocol name/version", FALSE;
  version = take_token (&p, end);
  if (!expect (&p, end, '/'))
    return *why = "Via has no transport", FALSE;
  via->transport = take_token (&p, end);
  if (!name.len || !version.len || !via->transport.len)
    return *why = "Via sent-protocol is not name/version/transport", FALSE;
  via->protocol = sip_str (name.p, version.p + version.len - name.p);
  if (!sip_str_caseeq (name, "SIP") || !sip_str_eq (version, "2.0"))
    return *why = "Via protocol is not SIP/2.0", FALSE;
  if (p >= end || (*p != ' ' && *p != '\t'))
    return *why = "Via needs whitespace before sent-by", FALSE;
  if (!parse_hostport (&p, end, &via->host, &via->port))
    return *why = "Via sent-by is not host[:port]", FALSE;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  ps = p;
  via->params = sip_str (ps, end - ps);
  if (via->params.len && !params_valid (via->params, why))
    return FALSE;
  sip_param_get (via->params, "branch", &via->branch);
  sip_param_get (via->params, "received", &via->received);
  if (sip_param_get (via->params, "rport", &rport))
    {
      guint64 v = 0;
      via->has_rport = TRUE;
      if (rport.len && !sip_str_to_uint (rport, 65535, &v))
        return *why = "Via rport is not a port number", FALSE;
      via->rport = v;
    }
  return TRUE;
}

/* ---- name-addr / addr-spec ---- */

gboolean
sip_parse_name_addr (SipStr value, SipNameAddr *na, const char **why)
{
  const char *p = value.p, *end = value.p + value.len;

  memset (na, 0, sizeof *na);
  value = sip_str_trim (value);
  p = value.p;
  end = value.p + value.len;
  if (!value.len)
    return *why = "empty address", FALSE;
  if (value.len == 1 && *p == '*')
    {
      na->star = TRUE;
      return TRUE;
    }
  if (*p == '"')
    {
      const char *s = ++p;
      for (; p < end && *p != '"'; p++)
        if (*p == '\\')
          p++;
      if (p >= end)
        return *why = "display name has no closing quote", FALSE;
      na->display = sip_str (s, p - s);
      p++;
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p >= end || *p != '<')
        return *why = "a quoted display name must be followed by <URI>", FALSE;
    }
  if (memchr (p, '<', end - p) && *p != '"')
    {
      const char *lt = memchr (p, '<', end - p), *gt;
      SipStr disp = sip_str_trim (sip_str (p, lt - p));
      if (disp.len)
        {
          /* display-name = *(token LWS) */
          for (gsize i = 0; i < disp.len; i++)
            if (!sip_is_token_char (disp.p[i]) && disp.p[i] != ' ' && disp.p[i] != '\t')
              return *why = "display name must be quoted", FALSE;
          na->display = disp;
        }
      gt = memchr (lt, '>', end - lt);
      if (!gt)
        return *why = "'<' without '>'", FALSE;
      na->uri = sip_str (lt + 1, gt - lt - 1);
      /* LAQUOT/RAQUOT allow whitespace outside the brackets only. */
      if (!na->uri.len || na->uri.p[0] == ' ' || na->uri.p[0] == '\t' ||
          na->uri.p[na->uri.len - 1] == ' ' || na->uri.p[na->uri.len - 1] == '\t')
        return *why = "whitespace inside <...>", FALSE;
      p = gt + 1;
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      na->params = sip_str (p, end - p);
    }
  else
    {
      /* addr-spec: the URI ends at the first ';' (parameters belong to the
       * header), and may not hold ',', '?' or ';' (RFC 3261 20.10). */
      const char *semi = memchr (p, ';', end - p);
      const char *uend = semi ? semi : end;
      na->uri = sip_str_trim (sip_str (p, uend - p));
      for (gsize i = 0; i < na->uri.len; i++)
        if (na->uri.p[i] == ' ' || na->uri.p[i] == '\t' || na->uri.p[i] == '?' ||
            na->uri.p[i] == ',' || na->uri.p[i] == '<' || na->uri.p[i] == '>' ||
            na->uri.p[i] == '"')
          return *why = "address without <> holds characters it may not", FALSE;
      na->params = sip_str (uend, end - uend);
    }
  if (!na->uri.len || !memchr (na->uri.p, ':', na->uri.len))
    return *why = "address has no URI scheme", FALSE;
  if (na->params.len && !params_valid (na->params, why))
    return FALSE;
  sip_param_get (na->params, "tag", &na->tag);
  return TRUE;
}

/* ---- status phrases ---- */

const char *
sip_status_phrase (guint status)
{
  switch (status)
    {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 181: return "Call Is Being Forwarded";
    case 182: return "Queued";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 202: return "Accepted";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Moved Temporarily";
    case 305: return "Use Proxy";
    case 380: return "Alternative Service";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 413: return "Request Entity Too Large";
    case 414: return "Request-URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 421: return "Extension Required";
    case 423: return "Interval Too Brief";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 484: return "Address Incomplete";
    case 485: return "Ambiguous";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 489: return "Bad Event";
    case 491: return "Request Pending";
    case 493: return "Undecipherable";
    case 500: return "Server Internal Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    case 600: return "Busy Everywhere";
    case 603: return "Decline";
    case 604: return "Does Not Exist Anywhere";
    case 606: return "Not Acceptable";
    default: return "Unknown";
    }
}
