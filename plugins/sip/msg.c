/* SIP message parsing and serialization (RFC 3261 sections 7, 18.3, 20).
 *
 * One copy of the bytes, then one pass: start line, header lines (unfolded
 * in place), body.  The headers every layer needs are parsed and checked
 * here, so a message either comes out usable or with the status and reason
 * a UAS must answer it with.  Every loop is bounded by the buffer length,
 * the header count is capped, and nothing is allocated per header beyond
 * the first 24. */
#include <stdio.h>

#include "msg.h"
#include "uri.h"

G_DEFINE_QUARK (sip-msg-error-quark, sip_msg_error)

void
sip_msg_free (SipMsg *msg)
{
  if (!msg)
    return;
  if (msg->hdrs != msg->hdrs_inline)
    g_free (msg->hdrs);
  g_free (msg->invalid_reason);
  g_free (msg->src_host);
  g_free (msg->buf);
  g_free (msg);
}

static void
refuse (SipMsg *msg, guint status, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* Marks @msg invalid; the first reason found is kept. */
static void
refuse (SipMsg *msg, guint status, const char *fmt, ...)
{
  va_list ap;
  if (msg->invalid_status)
    return;
  msg->invalid_status = status;
  va_start (ap, fmt);
  msg->invalid_reason = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* A reason phrase is one line of printable text. */
  for (char *c = msg->invalid_reason; *c; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      *c = ' ';
}

/* End of the line starting at @p: points at CR or LF (or @end). */
static const char *
line_end (const char *p, const char *end)
{
  const char *nl = memchr (p, '\n', end - p);
  if (!nl)
    return end;
  return (nl > p && nl[-1] == '\r') ? nl - 1 : nl;
}

static const char *
next_line (const char *eol, const char *end)
{
  if (eol < end && *eol == '\r')
    eol++;
  if (eol < end && *eol == '\n')
    eol++;
  return eol;
}

/* Length of the header section including the blank line, or 0. */
static gsize
find_headers_end (const char *buf, gsize len)
{
  const char *p = buf, *end = buf + len, *nl;
  while ((nl = memchr (p, '\n', end - p)) && nl + 1 < end)
    {
      gsize i = nl - buf;
      if (buf[i + 1] == '\n')
        return i + 2;
      if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
        return i + 3;
      p = nl + 1;
    }
  return 0;
}

static gboolean
is_version (SipStr v, gboolean *supported)
{
  /* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, "SIP" case-insensitive */
  gsize i = 4, dot = 0;
  if (v.len < 7 || g_ascii_strncasecmp (v.p, "SIP/", 4) != 0)
    return FALSE;
  for (; i < v.len; i++)
    {
      if (v.p[i] == '.' && !dot && i > 4)
        dot = i;
      else if (!g_ascii_isdigit (v.p[i]))
        return FALSE;
    }
  if (!dot || dot == v.len - 1)
    return FALSE;
  *supported = v.len == 7 && v.p[4] == '2' && v.p[6] == '0';
  return TRUE;
}

static void
parse_request_line (SipMsg *msg, SipStr line)
{
  const char *sp1 = memchr (line.p, ' ', line.len), *sp2;
  SipStr version;
  gboolean supported;

  if (!sp1)
    return refuse (msg, 400, "Malformed Request-Line");
  msg->method = sip_str (line.p, sp1 - line.p);
  sp2 = memchr (sp1 + 1, ' ', line.p + line.len - sp1 - 1);
  if (!sp2)
    return refuse (msg, 400, "Malformed Request-Line");
  msg->ruri = sip_str (sp1 + 1, sp2 - sp1 - 1);
  version = sip_str (sp2 + 1, line.p + line.len - sp2 - 1);
  msg->method_id = sip_method_from_str (msg->method);
  if (!sip_is_token (msg->method))
    return refuse (msg, 400, "Malformed Request-Line: method is not a token");
  if (!msg->ruri.len || memchr (msg->ruri.p, ' ', msg->ruri.len) ||
      memchr (msg->ruri.p, '\t', msg->ruri.len) || memchr (version.p, ' ', version.len))
    return refuse (msg, 400, "Malformed Request-Line: extra whitespace");
  if (msg->ruri.p[0] == '<')
    return refuse (msg, 400, "Malformed Request-URI: it may not be enclosed in <>");
  if (!is_version (version, &supported))
    return refuse (msg, 400, "Malformed Request-Line: bad SIP-Version");
  if (!supported)
    return refuse (msg, 505, "Version Not Supported");
  {
    SipUri uri;
    const char *why = NULL;
    if (!sip_uri_parse (msg->ruri.p, msg->ruri.len, &uri, &why))
      return refuse (msg, 400, "Malformed Request-URI: %s", why);
    /* RFC 3261 19.1.1: no headers in a SIP Request-URI.  Other schemes are
     * the UA's business (416). */
    if (uri.scheme != SIP_URI_OTHER && uri.headers.p)
      return refuse (msg, 400, "Malformed Request-URI: it may not contain headers");
  }
}

static void
parse_status_line (SipMsg *msg, SipStr line)
{
  const char *sp1 = memchr (line.p, ' ', line.len);
  const char *lend = line.p + line.len;
  SipStr code;
  guint64 v;
  gboolean supported;

  if (!sp1)
    return refuse (msg, 400, "Malformed Status-Line");
  if (!is_version (sip_str (line.p, sp1 - line.p), &supported))
    return refuse (msg, 400, "Malformed Status-Line: bad SIP-Version");
  if (!supported)
    return refuse (msg, 505, "Version Not Supported");
  code.p = sp1 + 1;
  code.len = 0;
  while (code.p + code.len < lend && g_ascii_isdigit (code.p[code.len]))
    code.len++;
  if (code.len != 3 || !sip_str_to_uint (code, 699, &v) || v < 100 ||
      (code.p + 3 < lend && code.p[3] != ' '))
    return refuse (msg, 400, "Malformed Status-Line: status code");
  msg->status = v;
  msg->reason = code.p + 3 < lend ? sip_str (code.p + 4, lend - code.p - 4)
                                  : sip_str (lend, 0);
}

static SipHdr *
add_header (SipMsg *msg)
{
  if (msg->n_hdrs == G_N_ELEMENTS (msg->hdrs_inline) && msg->hdrs == msg->hdrs_inline)
    {
      msg->hdrs = g_new (SipHdr, SIP_MAX_HEADERS);
      memcpy (msg->hdrs, msg->hdrs_inline, sizeof msg->hdrs_inline);
    }
  return &msg->hdrs[msg->n_hdrs++];
}

/* Header lines of [p, end); folds continuation lines into their header. */
static void
parse_headers (SipMsg *msg, char *p, char *end)
{
  guint line_no = 1;
  while (p < end)
    {
      char *eol = (char *) line_end (p, end), *colon, *name_end, *v_end;
      SipHdr *h;

      line_no++;
      if (eol == p)
        break; /* the blank line */
      if (*p == ' ' || *p == '\t')
        {
          refuse (msg, 400, "Malformed header: continuation line with no header (line %u)", line_no);
          p = (char *) next_line (eol, end);
          continue;
        }
      /* Fold continuation lines into this one, in place. */
      v_end = eol;
      while (1)
        {
          char *nl = (char *) next_line (v_end, end);
          if (nl >= end || (*nl != ' ' && *nl != '\t'))
            break;
          for (char *c = v_end; c < nl; c++)
            *c = ' ';
          v_end = (char *) line_end (nl, end);
          line_no++;
        }
      colon = memchr (p, ':', v_end - p);
      name_end = colon;
      while (name_end && name_end > p && (name_end[-1] == ' ' || name_end[-1] == '\t'))
        name_end--;
      if (!colon || name_end == p || !sip_is_token (sip_str (p, name_end - p)))
        refuse (msg, 400, "Malformed header line %u: expected 'Name: value'", line_no);
      else if (msg->n_hdrs >= SIP_MAX_HEADERS)
        refuse (msg, 400, "Too many header lines (more than %d)", SIP_MAX_HEADERS);
      else
        {
          h = add_header (msg);
          h->name = sip_str (p, name_end - p);
          h->id = sip_hdr_id (h->name);
          h->value = sip_str_trim (sip_str (colon + 1, v_end - colon - 1));
        }
      p = (char *) next_line (v_end, end);
    }
}

static gboolean
count_value (SipStr v, gpointer data)
{
  (*(guint *) data)++;
  return TRUE;
}

typedef struct {
  guint n;
  SipStr first;
} ViaCount;

static gboolean
count_vias (SipStr v, gpointer data)
{
  ViaCount *c = data;
  if (c->n++ == 0)
    c->first = v;
  return TRUE;
}

/* Call-ID = word [ "@" word ] */
static gboolean
valid_call_id (SipStr v)
{
  static const char extra[] = "()<>:\\\"/[]?{}@";
  int at = 0;
  if (!v.len)
    return FALSE;
  for (gsize i = 0; i < v.len; i++)
    {
      char c = v.p[i];
      if (c == '@' && ++at > 1)
        return FALSE;
      if (!sip_is_token_char (c) && !strchr (extra, c))
        return FALSE;
    }
  return TRUE;
}

static void
parse_cseq (SipMsg *msg, SipStr v)
{
  const char *p = v.p, *end = v.p + v.len, *s = p;
  guint64 n;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  if (!sip_str_to_uint (sip_str (s, p - s), G_MAXINT32, &n))
    return refuse (msg, 400, "Bad CSeq: sequence number is not 0..2^31-1");
  if (p == end || (*p != ' ' && *p != '\t'))
    return refuse (msg, 400, "Bad CSeq: expected 'number METHOD'");
  msg->cseq = n;
  msg->cseq_method = sip_str_trim (sip_str (p, end - p));
  if (!sip_is_token (msg->cseq_method))
    return refuse (msg, 400, "Bad CSeq: method is not a token");
  msg->cseq_method_id = sip_method_from_str (msg->cseq_method);
}

static gboolean
check_contact (SipStr v, gpointer data)
{
  SipNameAddr na;
  /* Stops at the first bad value, leaving its reason in *data. */
  return sip_parse_name_addr (v, &na, data);
}

static void
check_essentials (SipMsg *msg)
{
  gboolean seen[SIP_HDR__COUNT] = { FALSE };
  const char *why = NULL;

  for (guint i = 0; i < msg->n_hdrs; i++)
    {
      SipHdr *h = &msg->hdrs[i];
      gboolean dup = seen[h->id];
      guint64 n;
      seen[h->id] = TRUE;
      switch (h->id)
        {
        case SIP_HDR_VIA:
          {
            ViaCount vc = { 0, SIP_STR_NULL };
            /* one pass: count the values and keep the first */
            if (!sip_split_values (h->value, count_vias, &vc))
              refuse (msg, 400, "Bad Via header: unbalanced quotes or <>");
            msg->n_via += vc.n;
            if (!dup && (!vc.first.p || !sip_parse_via (vc.first, &msg->via, &why)))
              refuse (msg, 400, "Bad Via header: %s", vc.first.p ? why : "empty");
            break;
          }
        case SIP_HDR_FROM:
        case SIP_HDR_TO:
          {
            SipNameAddr *na = h->id == SIP_HDR_FROM ? &msg->from : &msg->to;
            if (dup)
              refuse (msg, 400, "More than one %s header", sip_hdr_name (h->id));
            else if (!sip_parse_name_addr (h->value, na, &why))
              refuse (msg, 400, "Bad %s header: %s", sip_hdr_name (h->id), why);
            break;
          }
        case SIP_HDR_CALL_ID:
          if (dup)
            refuse (msg, 400, "More than one Call-ID header");
          else if (!valid_call_id (h->value))
            refuse (msg, 400, "Bad Call-ID header");
          msg->call_id = h->value;
          break;
        case SIP_HDR_CSEQ:
          if (dup)
            refuse (msg, 400, "More than one CSeq header");
          else
            parse_cseq (msg, h->value);
          break;
        case SIP_HDR_MAX_FORWARDS:
          if (dup)
            refuse (msg, 400, "More than one Max-Forwards header");
          else if (!sip_str_to_uint (h->value, 255, &n))
            refuse (msg, 400, "Bad Max-Forwards header: not 0..255");
          else
            msg->max_forwards = n;
          break;
        case SIP_HDR_CONTACT:
          why = NULL;
          if (!sip_split_values (h->value, check_contact, &why) || why)
            refuse (msg, 400, "Bad Contact header: %s", why ? why : "unbalanced quotes or <>");
          break;
        case SIP_HDR_DATE:
          /* rfc1123-date, always in GMT (RFC 3261 20.17) */
          if (h->value.len < 4 || memcmp (h->value.p + h->value.len - 4, " GMT", 4) != 0)
            refuse (msg, 400, "Bad Date header: the time must be given in GMT");
          break;
        case SIP_HDR_CONTENT_LENGTH:
          if (!sip_str_to_uint (h->value, G_MAXINT32, &n))
            refuse (msg, 400, "Bad Content-Length header");
          else if (dup && (gint64) n != msg->content_length)
            refuse (msg, 400, "Conflicting Content-Length headers");
          else
            msg->content_length = n;
          break;
        default:
          break;
        }
    }
  if (!seen[SIP_HDR_VIA])
    refuse (msg, 400, "Missing Via header");
  if (!seen[SIP_HDR_FROM])
    refuse (msg, 400, "Missing From header");
  if (!seen[SIP_HDR_TO])
    refuse (msg, 400, "Missing To header");
  if (!seen[SIP_HDR_CALL_ID])
    refuse (msg, 400, "Missing Call-ID header");
  if (!seen[SIP_HDR_CSEQ])
    refuse (msg, 400, "Missing CSeq header");
  /* No Max-Forwards is tolerated: RFC 2543 elements do not send it, and RFC
   * 4475 3.4.1 asks that their requests be accepted. */
  /* An unknown method with a mismatched CSeq gets 501 from the UA, which
   * RFC 4475 3.1.2.16 prefers; for known methods a mismatch is a 400. */
  if (msg->is_request && msg->cseq_method.p && msg->method_id != SIP_METHOD_UNKNOWN &&
      !sip_str_eq_str (msg->cseq_method, msg->method))
    refuse (msg, 400, "CSeq method does not match the request method");
}

SipMsg *
sip_msg_parse (const char *buf, gsize len, GError **error)
{
  g_autoptr (SipMsg) msg = NULL;
  gsize hdr_len;
  char *p, *end, *eol;
  SipStr start;

  /* RFC 3261 7.5: CRLFs before the start line are ignored (keep-alives). */
  while (len && (*buf == '\r' || *buf == '\n'))
    buf++, len--;
  if (len == 0)
    {
      g_set_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_NOT_SIP, "empty message");
      return NULL;
    }
  if (len > SIP_MAX_MESSAGE)
    {
      g_set_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_TOO_LARGE,
                   "message of %" G_GSIZE_FORMAT " bytes is over the %d-byte limit",
                   len, SIP_MAX_MESSAGE);
      return NULL;
    }
  msg = g_new0 (SipMsg, 1);
  msg->hdrs = msg->hdrs_inline;
  msg->max_forwards = -1;
  msg->content_length = -1;
  msg->buf = g_malloc (len + 1);
  memcpy (msg->buf, buf, len);
  msg->buf[len] = '\0';
  msg->len = len;
  p = msg->buf;
  end = msg->buf + len;

  eol = (char *) line_end (p, end);
  start = sip_str (p, eol - p);
  if (start.len < 8 || !g_strstr_len (start.p, start.len, "SIP/"))
    {
      /* Not even a SIP start line: nothing to answer. */
      if (!(start.len >= 4 && g_ascii_strncasecmp (start.p, "SIP/", 4) == 0) &&
          !g_strstr_len (start.p, start.len, "sip/"))
        {
          g_set_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_NOT_SIP,
                       "the first line is not a SIP Request-Line or Status-Line");
          return NULL;
        }
    }
  msg->is_request = !(start.len >= 4 && g_ascii_strncasecmp (start.p, "SIP/", 4) == 0);
  if (msg->is_request)
    parse_request_line (msg, start);
  else
    parse_status_line (msg, start);

  hdr_len = find_headers_end (msg->buf, len);
  if (!hdr_len)
    hdr_len = len; /* a datagram without the blank line: no body */
  parse_headers (msg, (char *) next_line (eol, end), msg->buf + hdr_len);
  if (msg->n_hdrs == 0)
    {
      g_set_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_NOT_SIP, "no header lines");
      return NULL;
    }
  check_essentials (msg);

  msg->body = sip_str (msg->buf + hdr_len, len - hdr_len);
  if (msg->content_length >= 0)
    {
      if ((gsize) msg->content_length > msg->body.len)
        refuse (msg, 400, "Content-Length (%" G_GINT64_FORMAT ") is larger than the body (%" G_GSIZE_FORMAT ")",
                msg->content_length, msg->body.len);
      else
        msg->body.len = msg->content_length;
    }
  return g_steal_pointer (&msg);
}

gssize
sip_msg_frame (const char *buf, gsize len, GError **error)
{
  gsize skip = 0, hdr_len;
  const char *p, *end;
  gint64 cl = -1;

  while (skip < len && (buf[skip] == '\r' || buf[skip] == '\n'))
    skip++;
  hdr_len = find_headers_end (buf + skip, len - skip);
  if (!hdr_len)
    {
      if (len - skip > SIP_MAX_MESSAGE)
        {
          g_set_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_TOO_LARGE,
                       "no end of headers within %d bytes", SIP_MAX_MESSAGE);
          return -1;
        }
      return 0;
    }
  p = buf + skip;
  end = p + hdr_len;
  while (p < end)
    {
      const char *eol = line_end (p, end), *colon = memchr (p, ':', eol - p);
      if (colon)
        {
          SipStr name = sip_str_trim (sip_str (p, colon - p));
          guint64 v;
          if (sip_hdr_id (name) == SIP_HDR_CONTENT_LENGTH)
            {
              if (!sip_str_to_uint (sip_str_trim (sip_str (colon + 1, eol - colon - 1)),
                                    SIP_MAX_MESSAGE, &v))
                {
                  g_set_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_TOO_LARGE,
                               "Content-Length is not a number up to %d", SIP_MAX_MESSAGE);
                  return -1;
                }
              cl = v;
            }
        }
      p = next_line (eol, end);
    }
  if (cl < 0)
    {
      g_set_error (error, SIP_MSG_ERROR, SIP_MSG_ERROR_TRUNCATED,
                   "a message on a stream transport has no Content-Length");
      return -1;
    }
  if (skip + hdr_len + cl > len)
    return 0;
  return skip + hdr_len + cl;
}

/* ---- access ---- */

const SipHdr *
sip_msg_find (const SipMsg *msg, SipHdrId id)
{
  for (guint i = 0; i < msg->n_hdrs; i++)
    if (msg->hdrs[i].id == id)
      return &msg->hdrs[i];
  return NULL;
}

const SipHdr *
sip_msg_find_name (const SipMsg *msg, const char *name)
{
  SipHdrId id = sip_hdr_id (sip_str (name, strlen (name)));
  for (guint i = 0; i < msg->n_hdrs; i++)
    if (id != SIP_HDR_OTHER ? msg->hdrs[i].id == id : sip_str_caseeq (msg->hdrs[i].name, name))
      return &msg->hdrs[i];
  return NULL;
}

typedef struct {
  SipValueFunc func;
  gpointer data;
  gboolean stopped;
} ForeachCtx;

static gboolean
foreach_one (SipStr v, gpointer data)
{
  ForeachCtx *c = data;
  if (!c->func (v, c->data))
    c->stopped = TRUE;
  return !c->stopped;
}

gboolean
sip_msg_foreach_value (const SipMsg *msg, SipHdrId id, SipValueFunc func, gpointer data)
{
  ForeachCtx c = { func, data, FALSE };
  for (guint i = 0; i < msg->n_hdrs && !c.stopped; i++)
    if (msg->hdrs[i].id == id && !sip_split_values (msg->hdrs[i].value, foreach_one, &c))
      return FALSE;
  return TRUE;
}

guint
sip_msg_count_values (const SipMsg *msg, SipHdrId id)
{
  guint n = 0;
  for (guint i = 0; i < msg->n_hdrs; i++)
    if (msg->hdrs[i].id == id)
      sip_split_values (msg->hdrs[i].value, count_value, &n);
  return n;
}

/* ---- output ---- */

static void
append_str (GString *s, SipStr v)
{
  g_string_append_len (s, v.p, v.len);
}

/* The first Via header of @req with the top value's received and rport
 * filled in from where the request came from. */
static void
append_top_via (GString *s, const SipMsg *req, SipStr value)
{
  SipStr top = sip_first_value (value), rport;
  const char *rest;
  if (!top.p)
    {
      append_str (s, value);
      return;
    }
  rest = top.p + top.len;
  g_string_append_len (s, value.p, top.p - value.p);
  if (req->via.has_rport && sip_param_get (req->via.params, "rport", &rport) && !rport.len)
    {
      /* "rport" without a value: write "rport=PORT" in its place */
      g_string_append_len (s, top.p, rport.p - top.p);
      g_string_append_printf (s, "=%u", req->src_port);
      g_string_append_len (s, rport.p, top.p + top.len - rport.p);
    }
  else
    append_str (s, top);
  if (!sip_str_eq (req->via.host, req->src_host) && !req->via.received.p)
    g_string_append_printf (s, ";received=%s", req->src_host);
  g_string_append_len (s, rest, value.p + value.len - rest);
}

GString *
sip_msg_make_response (const SipMsg *req, guint status, const char *reason,
                       const char *to_tag, const char *extra_headers)
{
  return sip_msg_make_response_full (req, status, reason, to_tag, extra_headers, NULL, NULL, 0);
}

GString *
sip_msg_make_response_full (const SipMsg *req, guint status, const char *reason,
                            const char *to_tag, const char *extra_headers,
                            const char *content_type, const char *body, gsize body_len)
{
  GString *s;
  const SipHdr *to = sip_msg_find (req, SIP_HDR_TO);

  if (!sip_msg_find (req, SIP_HDR_VIA) || !to || !sip_msg_find (req, SIP_HDR_FROM) ||
      !sip_msg_find (req, SIP_HDR_CALL_ID) || !sip_msg_find (req, SIP_HDR_CSEQ))
    return NULL; /* nothing to address a response with */
  s = g_string_sized_new (512);
  g_string_append_printf (s, "SIP/2.0 %u ", status);
  if (!reason)
    reason = sip_status_phrase (status);
  for (const char *c = reason; *c; c++)
    g_string_append_c (s, ((guchar) *c < 0x20 || *c == 0x7f) ? ' ' : *c);
  g_string_append (s, "\r\n");
  for (guint i = 0; i < req->n_hdrs; i++)
    {
      const SipHdr *h = &req->hdrs[i];
      /* RFC 3261 12.1.1: a response that can create a dialog carries the
       * request's Record-Route, so the caller learns the route set. */
      gboolean rr = h->id == SIP_HDR_RECORD_ROUTE && status > 100 && status < 300;
      if (h->id != SIP_HDR_VIA && h->id != SIP_HDR_FROM && h->id != SIP_HDR_CALL_ID &&
          h->id != SIP_HDR_CSEQ && h->id != SIP_HDR_TO && !rr)
        continue;
      g_string_append (s, sip_hdr_name (h->id));
      g_string_append (s, ": ");
      if (h == sip_msg_find (req, SIP_HDR_VIA) && req->src_host)
        append_top_via (s, req, h->value);
      else
        append_str (s, h->value);
      if (h == to && to_tag && !req->to.tag.p && status > 100)
        g_string_append_printf (s, ";tag=%s", to_tag);
      g_string_append (s, "\r\n");
    }
  if (extra_headers)
    g_string_append (s, extra_headers);
  if (content_type && body_len)
    g_string_append_printf (s, "Content-Type: %s\r\n", content_type);
  g_string_append_printf (s, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body ? body_len : 0);
  if (body && body_len)
    g_string_append_len (s, body, body_len);
  return s;
}

GString *
sip_msg_serialize (const SipMsg *msg)
{
  char status[32];
  gsize total = 0, slen = 0;
  GString *s;
  char *w;

  /* Sum the pieces, allocate once, copy: a message is ~20 pieces and this
   * is on every send path. */
  if (msg->is_request)
    total += msg->method.len + 1 + msg->ruri.len + sizeof " SIP/2.0\r\n" - 1;
  else
    {
      slen = g_snprintf (status, sizeof status, "SIP/2.0 %u ", msg->status);
      total += slen + msg->reason.len + 2;
    }
  for (guint i = 0; i < msg->n_hdrs; i++)
    total += msg->hdrs[i].name.len + 2 + msg->hdrs[i].value.len + 2;
  total += 2 + msg->body.len;
  s = g_string_sized_new (total + 1);
  w = s->str;
#define PUT(p, n) (memcpy (w, (p), (n)), w += (n))
  if (msg->is_request)
    {
      PUT (msg->method.p, msg->method.len);
      *w++ = ' ';
      PUT (msg->ruri.p, msg->ruri.len);
      PUT (" SIP/2.0\r\n", 10);
    }
  else
    {
      PUT (status, slen);
      PUT (msg->reason.p, msg->reason.len);
      PUT ("\r\n", 2);
    }
  for (guint i = 0; i < msg->n_hdrs; i++)
    {
      PUT (msg->hdrs[i].name.p, msg->hdrs[i].name.len);
      PUT (": ", 2);
      PUT (msg->hdrs[i].value.p, msg->hdrs[i].value.len);
      PUT ("\r\n", 2);
    }
  PUT ("\r\n", 2);
  if (msg->body.len)
    PUT (msg->body.p, msg->body.len);
#undef PUT
  *w = '\0';
  s->len = total;
  return s;
}
