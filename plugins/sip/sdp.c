/* SDP parsing and writing (RFC 4566) and offer/answer (RFC 3264) for the
 * one audio stream of a desk phone call.
 *
 * The parser is one pass over the lines of (buf, len), every loop bounded by
 * the buffer; values are slices of the caller's buffer.  Negotiation works
 * on the parsed peer description and the phone's SdpLocal, and explains a
 * failure per m= line so that a 488 can say why. */
#include <stdio.h>

#include "sdp.h"

G_DEFINE_QUARK (sdp-error-quark, sdp_error)

/* ---- static payload types (RFC 3551 tables 4 and 5) ---- */

typedef struct {
  const char *encoding;
  guint clock_rate;
  guint channels;
} StaticPt;

static const StaticPt static_pts[35] = {
  [0] = { "PCMU", 8000, 1 },   [3] = { "GSM", 8000, 1 },     [4] = { "G723", 8000, 1 },
  [5] = { "DVI4", 8000, 1 },   [6] = { "DVI4", 16000, 1 },   [7] = { "LPC", 8000, 1 },
  [8] = { "PCMA", 8000, 1 },   [9] = { "G722", 8000, 1 },    [10] = { "L16", 44100, 2 },
  [11] = { "L16", 44100, 1 },  [12] = { "QCELP", 8000, 1 },  [13] = { "CN", 8000, 1 },
  [14] = { "MPA", 90000, 1 },  [15] = { "G728", 8000, 1 },   [16] = { "DVI4", 11025, 1 },
  [17] = { "DVI4", 22050, 1 }, [18] = { "G729", 8000, 1 },   [25] = { "CelB", 90000, 1 },
  [26] = { "JPEG", 90000, 1 }, [28] = { "nv", 90000, 1 },    [31] = { "H261", 90000, 1 },
  [32] = { "MPV", 90000, 1 },  [33] = { "MP2T", 90000, 1 },  [34] = { "H263", 90000, 1 },
};

gboolean
sdp_static_pt (guint pt, const char **encoding, guint *clock_rate, guint *channels)
{
  if (pt >= G_N_ELEMENTS (static_pts) || !static_pts[pt].encoding)
    return FALSE;
  if (encoding)
    *encoding = static_pts[pt].encoding;
  if (clock_rate)
    *clock_rate = static_pts[pt].clock_rate;
  if (channels)
    *channels = static_pts[pt].channels;
  return TRUE;
}

static const char *const dir_names[] = { "sendrecv", "sendonly", "recvonly", "inactive" };

const char *
sdp_direction_to_string (SdpDirection dir)
{
  return dir <= SDP_DIR_INACTIVE ? dir_names[dir] : "sendrecv";
}

static gboolean
dir_from_str (SipStr s, SdpDirection *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (dir_names); i++)
    if (sip_str_eq (s, dir_names[i]))
      return *dir = i, TRUE;
  return FALSE;
}

/* ---- parsing ---- */

typedef struct {
  SdpSession *sdp;
  SdpMedia *m; /* the current m= section, NULL at session level */
  guint line;
  GError **error;
} Parser;

static gboolean fail (Parser *ps, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (Parser *ps, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *what = NULL;
  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (ps->error, SDP_ERROR, SDP_ERROR_PARSE, "line %u: %s", ps->line, what);
  return FALSE;
}

/* The next space-separated word of @s, advancing it. */
static SipStr
word (SipStr *s)
{
  gsize i = 0, start;
  while (i < s->len && s->p[i] == ' ')
    i++;
  start = i;
  while (i < s->len && s->p[i] != ' ')
    i++;
  SipStr w = sip_str (s->p + start, i - start);
  *s = sip_str (s->p + i, s->len - i);
  return w;
}

/* A decimal number; a fraction (a=ptime:20.0) is cut off. */
static gboolean
number (SipStr s, guint64 max, guint64 *out, gboolean fraction_ok)
{
  const char *dot = fraction_ok ? memchr (s.p, '.', s.len) : NULL;
  if (dot)
    {
      for (const char *c = dot + 1; c < s.p + s.len; c++)
        if (!g_ascii_isdigit (*c))
          return FALSE;
      s.len = dot - s.p;
    }
  return sip_str_to_uint (s, max, out);
}

static void
push (GArray **arr, SipStr s)
{
  if (!*arr)
    *arr = g_array_new (FALSE, FALSE, sizeof (SipStr));
  g_array_append_val (*arr, s);
}

static gboolean
parse_conn (Parser *ps, SipStr v, SdpConn *conn)
{
  SipStr net = word (&v), type = word (&v), addr = word (&v);
  const char *slash;
  if (!sip_str_eq (net, "IN"))
    return fail (ps, "c= network type is not IN");
  if (!sip_str_eq (type, "IP4") && !sip_str_eq (type, "IP6"))
    return fail (ps, "c= address type is not IP4 or IP6");
  if (!addr.len || word (&v).len)
    return fail (ps, "c= is not 'IN IP4|IP6 address'");
  slash = memchr (addr.p, '/', addr.len);
  if (slash)
    addr.len = slash - addr.p; /* multicast /ttl/count */
  if (!addr.len)
    return fail (ps, "c= has no address");
  conn->addrtype = type;
  conn->addr = addr;
  return TRUE;
}

static gboolean
parse_origin (Parser *ps, SipStr v)
{
  SdpSession *sdp = ps->sdp;
  SipStr net;
  guint64 n;
  sdp->origin_user = word (&v);
  sdp->sess_id = word (&v);
  sdp->sess_version = word (&v);
  net = word (&v);
  sdp->origin_addrtype = word (&v);
  sdp->origin_addr = word (&v);
  if (!sdp->origin_addr.len || word (&v).len)
    return fail (ps, "o= needs 6 fields: username sess-id sess-version IN IP4|IP6 address");
  if (!sip_str_eq (net, "IN"))
    return fail (ps, "o= network type is not IN");
  for (gsize i = 0; i < sdp->sess_version.len; i++)
    if (!g_ascii_isdigit (sdp->sess_version.p[i]))
      return fail (ps, "o= sess-version is not a number");
  sdp->version = sip_str_to_uint (sdp->sess_version, G_MAXUINT64, &n) ? n : G_MAXUINT64;
  return TRUE;
}

static SdpFormat *
find_format (SdpMedia *m, guint64 pt)
{
  for (guint i = 0; i < m->n_formats; i++)
    if (m->formats[i].pt == pt)
      return &m->formats[i];
  return NULL;
}

static gboolean
parse_media (Parser *ps, SipStr v)
{
  SdpSession *sdp = ps->sdp;
  SdpMedia *m;
  SipStr port, rest;
  const char *slash;
  guint64 n;

  if (sdp->n_media == SDP_MAX_MEDIA)
    return fail (ps, "more than %d m= lines", SDP_MAX_MEDIA);
  m = ps->m = &sdp->media[sdp->n_media++];
  m->line = ps->line;
  m->n_ports = 1;
  m->media = word (&v);
  port = word (&v);
  m->proto = word (&v);
  if (!m->media.len)
    return fail (ps, "m= has no media type");
  if (!port.len)
    return fail (ps, "m= has no port");
  slash = memchr (port.p, '/', port.len);
  if (slash)
    {
      if (!sip_str_to_uint (sip_str (slash + 1, port.p + port.len - slash - 1), 65535, &n) || !n)
        return fail (ps, "m= port count is not a number 1..65535");
      m->n_ports = n;
      port.len = slash - port.p;
    }
  if (!sip_str_to_uint (port, 65535, &n))
    return fail (ps, "m= port is not a number up to 65535");
  m->port = n;
  if (!m->proto.len)
    return fail (ps, "m= has no transport protocol");
  while (v.len && v.p[0] == ' ')
    v.p++, v.len--;
  m->fmt_list = v;
  if (!v.len)
    return fail (ps, "m= lists no formats");
  m->is_rtp = m->proto.len >= 4 && g_strstr_len (m->proto.p, m->proto.len, "RTP/") != NULL;
  if (!m->is_rtp)
    return TRUE;
  rest = v;
  for (guint i = 1; rest.len; i++)
    {
      SipStr f = word (&rest);
      SdpFormat *fmt;
      if (!f.len)
        break;
      if (!sip_str_to_uint (f, 127, &n))
        return fail (ps, "m= payload type %u is not a number 0..127", i);
      /* Formats past the limit, and repeats, are left out: we answer with
       * the ones we know, never more. */
      if (m->n_formats == SDP_MAX_FORMATS || find_format (m, n))
        continue;
      fmt = &m->formats[m->n_formats++];
      fmt->pt = n;
      fmt->channels = 1;
      if (n < G_N_ELEMENTS (static_pts) && static_pts[n].encoding)
        {
          fmt->encoding = sip_str (static_pts[n].encoding, strlen (static_pts[n].encoding));
          fmt->clock_rate = static_pts[n].clock_rate;
          fmt->channels = static_pts[n].channels;
        }
    }
  return TRUE;
}

/* a=rtpmap:PT encoding/clock[/channels] */
static gboolean
parse_rtpmap (Parser *ps, SipStr v)
{
  SipStr pt = word (&v), enc = word (&v), rest;
  const char *s1, *s2;
  guint64 n, clock, ch = 1;
  SdpFormat *f;

  if (!sip_str_to_uint (pt, 127, &n) || !enc.len || word (&v).len)
    return fail (ps, "a=rtpmap is not 'PT encoding/clock[/channels]'");
  s1 = memchr (enc.p, '/', enc.len);
  if (!s1 || s1 == enc.p)
    return fail (ps, "a=rtpmap has no clock rate");
  rest = sip_str (s1 + 1, enc.p + enc.len - s1 - 1);
  s2 = memchr (rest.p, '/', rest.len);
  if (s2 && !sip_str_to_uint (sip_str (s2 + 1, rest.p + rest.len - s2 - 1), 255, &ch))
    return fail (ps, "a=rtpmap channel count is not a number up to 255");
  if (!sip_str_to_uint (sip_str (rest.p, s2 ? (gsize) (s2 - rest.p) : rest.len), 10000000, &clock) ||
      !clock || !ch)
    return fail (ps, "a=rtpmap clock rate is not a number 1..10000000");
  f = find_format (ps->m, n);
  if (!f)
    return TRUE; /* a map for a payload type the m= line does not list */
  f->encoding = sip_str (enc.p, s1 - enc.p);
  f->clock_rate = clock;
  f->channels = ch;
  f->has_rtpmap = TRUE;
  return TRUE;
}

static gboolean
parse_fmtp (Parser *ps, SipStr v)
{
  SipStr pt = word (&v);
  guint64 n;
  SdpFormat *f;
  if (!sip_str_to_uint (pt, 127, &n))
    return fail (ps, "a=fmtp is not 'PT parameters'");
  while (v.len && v.p[0] == ' ')
    v.p++, v.len--;
  f = find_format (ps->m, n);
  if (f)
    f->fmtp = v;
  return TRUE;
}

static gboolean
parse_media_attr (Parser *ps, SipStr name, SipStr value, SipStr raw)
{
  SdpMedia *m = ps->m;
  guint64 n;

  if (m->is_rtp && sip_str_eq (name, "rtpmap"))
    return parse_rtpmap (ps, value);
  if (m->is_rtp && sip_str_eq (name, "fmtp"))
    return parse_fmtp (ps, value);
  if (sip_str_eq (name, "ptime") || sip_str_eq (name, "maxptime"))
    {
      if (!number (sip_str_trim (value), 10000, &n, TRUE) || !n)
        return fail (ps, "a=%.*s is not a number of milliseconds 1..10000", (int) name.len, name.p);
      *(name.len == 5 ? &m->ptime : &m->maxptime) = n;
      return TRUE;
    }
  if (sip_str_eq (name, "rtcp"))
    {
      SipStr v = value;
      if (!sip_str_to_uint (word (&v), 65535, &n))
        return fail (ps, "a=rtcp port is not a number up to 65535");
      m->rtcp_port = n;
      m->rtcp = value;
      return TRUE;
    }
  if (sip_str_eq (name, "crypto"))
    push (&m->crypto, value);
  else
    push (&m->attrs, raw);
  return TRUE;
}

static gboolean
parse_attr (Parser *ps, SipStr v)
{
  const char *colon = memchr (v.p, ':', v.len);
  SipStr name = sip_str (v.p, colon ? (gsize) (colon - v.p) : v.len);
  SipStr value = colon ? sip_str (colon + 1, v.p + v.len - colon - 1) : sip_str (v.p + v.len, 0);
  SdpDirection dir;

  if (!name.len)
    return fail (ps, "a= has no attribute name");
  if (dir_from_str (name, &dir))
    {
      if (ps->m)
        ps->m->dir = dir, ps->m->has_dir = TRUE;
      else
        ps->sdp->dir = dir, ps->sdp->has_dir = TRUE;
      return TRUE;
    }
  if (ps->m)
    return parse_media_attr (ps, name, value, v);
  push (&ps->sdp->attrs, v);
  return TRUE;
}

static gboolean
parse_line (Parser *ps, char type, SipStr v, gboolean *seen_o)
{
  SdpSession *sdp = ps->sdp;
  switch (type)
    {
    case 'v':
      return fail (ps, "v= may only be the first line");
    case 'o':
      if (*seen_o || ps->m)
        return fail (ps, "o= may appear only once, at session level");
      *seen_o = TRUE;
      return parse_origin (ps, v);
    case 's':
      if (!ps->m)
        sdp->name = v;
      return TRUE;
    case 't':
      if (!ps->m && !sip_str_is_set (sdp->timing))
        sdp->timing = v;
      return TRUE;
    case 'c':
      return parse_conn (ps, v, ps->m ? &ps->m->conn : &sdp->conn);
    case 'b':
      if (!memchr (v.p, ':', v.len))
        return fail (ps, "b= is not 'type:kbps'");
      push (ps->m ? &ps->m->bandwidth : &sdp->bandwidth, v);
      return TRUE;
    case 'm':
      return parse_media (ps, v);
    case 'a':
      return parse_attr (ps, v);
    case 'i': case 'u': case 'e': case 'p': case 'r': case 'z': case 'k':
      return TRUE; /* nothing a phone needs */
    default:
      if (g_ascii_isalpha (type))
        return fail (ps, "unknown line type '%c='", type);
      return fail (ps, "expected 'x=value'");
    }
}

SdpSession *
sdp_parse (const char *buf, gsize len, GError **error)
{
  g_autoptr (SdpSession) sdp = g_new0 (SdpSession, 1);
  Parser ps = { sdp, NULL, 0, error };
  const char *p = buf, *end = buf + len;
  gboolean seen_v = FALSE, seen_o = FALSE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *eol = nl ? nl : end;
      SipStr line;
      ps.line++;
      line = sip_str (p, eol - p);
      p = nl ? nl + 1 : end;
      if (line.len && line.p[line.len - 1] == '\r')
        line.len--;
      if (!line.len)
        continue; /* tolerated: a blank line, often at the end */
      if (memchr (line.p, '\0', line.len))
        return fail (&ps, "holds a NUL byte"), NULL;
      if (line.len < 2 || line.p[1] != '=')
        return fail (&ps, "expected 'x=value'"), NULL;
      if (!seen_v)
        {
          if (line.p[0] != 'v' || !sip_str_eq (sip_str_trim (sip_str (line.p + 2, line.len - 2)), "0"))
            return fail (&ps, "a description starts with v=0"), NULL;
          seen_v = TRUE;
          continue;
        }
      if (!parse_line (&ps, line.p[0], sip_str (line.p + 2, line.len - 2), &seen_o))
        return NULL;
    }
  if (!seen_v)
    {
      g_set_error (error, SDP_ERROR, SDP_ERROR_PARSE, "empty description: no v= line");
      return NULL;
    }
  if (!seen_o)
    {
      g_set_error (error, SDP_ERROR, SDP_ERROR_PARSE, "no o= line");
      return NULL;
    }
  for (guint i = 0; i < sdp->n_media; i++)
    if (!sdp->media[i].has_dir)
      sdp->media[i].dir = sdp->has_dir ? sdp->dir : SDP_DIR_SENDRECV;
  return g_steal_pointer (&sdp);
}

void
sdp_session_free (SdpSession *sdp)
{
  if (!sdp)
    return;
  for (guint i = 0; i < sdp->n_media; i++)
    {
      g_clear_pointer (&sdp->media[i].crypto, g_array_unref);
      g_clear_pointer (&sdp->media[i].bandwidth, g_array_unref);
      g_clear_pointer (&sdp->media[i].attrs, g_array_unref);
    }
  g_clear_pointer (&sdp->bandwidth, g_array_unref);
  g_clear_pointer (&sdp->attrs, g_array_unref);
  g_free (sdp);
}

const SdpConn *
sdp_media_conn (const SdpSession *sdp, const SdpMedia *m)
{
  if (sip_str_is_set (m->conn.addr))
    return &m->conn;
  if (sip_str_is_set (sdp->conn.addr))
    return &sdp->conn;
  return NULL;
}

/* ---- writing ---- */

#define S(s) (int) (s).len, (s).p

static void
put_list (GString *out, const char *prefix, const GArray *arr)
{
  for (guint i = 0; arr && i < arr->len; i++)
    g_string_append_printf (out, "%s%.*s\r\n", prefix, S (g_array_index (arr, SipStr, i)));
}

static void
put_media (GString *out, const SdpMedia *m)
{
  g_string_append_printf (out, "m=%.*s %u", S (m->media), m->port);
  if (m->n_ports > 1)
    g_string_append_printf (out, "/%u", m->n_ports);
  g_string_append_printf (out, " %.*s %.*s\r\n", S (m->proto), S (m->fmt_list));
  if (sip_str_is_set (m->conn.addr))
    g_string_append_printf (out, "c=IN %.*s %.*s\r\n", S (m->conn.addrtype), S (m->conn.addr));
  put_list (out, "b=", m->bandwidth);
  for (guint i = 0; i < m->n_formats; i++)
    {
      const SdpFormat *f = &m->formats[i];
      if (f->has_rtpmap)
        {
          g_string_append_printf (out, "a=rtpmap:%u %.*s/%u", f->pt, S (f->encoding), f->clock_rate);
          if (f->channels != 1)
            g_string_append_printf (out, "/%u", f->channels);
          g_string_append (out, "\r\n");
        }
      if (sip_str_is_set (f->fmtp))
        g_string_append_printf (out, "a=fmtp:%u %.*s\r\n", f->pt, S (f->fmtp));
    }
  if (m->ptime)
    g_string_append_printf (out, "a=ptime:%u\r\n", m->ptime);
  if (m->maxptime)
    g_string_append_printf (out, "a=maxptime:%u\r\n", m->maxptime);
  if (sip_str_is_set (m->rtcp))
    g_string_append_printf (out, "a=rtcp:%.*s\r\n", S (m->rtcp));
  put_list (out, "a=crypto:", m->crypto);
  put_list (out, "a=", m->attrs);
  if (m->has_dir)
    g_string_append_printf (out, "a=%s\r\n", sdp_direction_to_string (m->dir));
}

char *
sdp_session_to_string (const SdpSession *sdp)
{
  GString *out = g_string_sized_new (512);
  g_string_append_printf (out, "v=0\r\no=%.*s %.*s %.*s IN %.*s %.*s\r\n", S (sdp->origin_user),
                          S (sdp->sess_id), S (sdp->sess_version), S (sdp->origin_addrtype),
                          S (sdp->origin_addr));
  g_string_append_printf (out, "s=%.*s\r\n", S (sdp->name));
  if (sip_str_is_set (sdp->conn.addr))
    g_string_append_printf (out, "c=IN %.*s %.*s\r\n", S (sdp->conn.addrtype), S (sdp->conn.addr));
  put_list (out, "b=", sdp->bandwidth);
  if (sip_str_is_set (sdp->timing))
    g_string_append_printf (out, "t=%.*s\r\n", S (sdp->timing));
  put_list (out, "a=", sdp->attrs);
  if (sdp->has_dir)
    g_string_append_printf (out, "a=%s\r\n", sdp_direction_to_string (sdp->dir));
  for (guint i = 0; i < sdp->n_media; i++)
    put_media (out, &sdp->media[i]);
  return g_string_free (out, FALSE);
}

/* ---- our side ---- */

void
sdp_origin_init (SdpOrigin *origin, guint64 id)
{
  origin->id = id;
  origin->version = id;
  origin->last = NULL;
}

void
sdp_origin_clear (SdpOrigin *origin)
{
  g_clear_pointer (&origin->last, g_free);
}

static guint
channels_of (const SdpCodec *c)
{
  return c->channels ? c->channels : 1;
}

/* The payload type of each local codec in our offers: its static number,
 * else dynamic ones from 96 that are not taken by telephone-event.  The
 * same every time, so an answer can be read against the offer. */
static void
assign_pts (const SdpLocal *local, guint8 *pts)
{
  guint next = 96;
  for (guint i = 0; i < local->n_codecs; i++)
    {
      if (local->codecs[i].static_pt >= 0 && local->codecs[i].static_pt < 128)
        {
          pts[i] = local->codecs[i].static_pt;
          continue;
        }
      while (next < 127 && (gint) next == local->dtmf_pt)
        next++;
      pts[i] = next < 128 ? next++ : 127;
    }
}

static const char *
addrtype_of (const char *addr)
{
  return addr && strchr (addr, ':') ? "IP6" : "IP4";
}

/* The o= line and the rest: the version goes up when the rest changed. */
static char *
finish (const SdpLocal *local, SdpOrigin *origin, GString *body)
{
  if (origin->last && strcmp (origin->last, body->str) != 0)
    origin->version++;
  g_free (origin->last);
  origin->last = g_strdup (body->str);
  {
    g_autofree char *head = g_strdup_printf (
      "v=0\r\no=%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " IN %s %s\r\n",
      local->user ? local->user : "-", origin->id, origin->version, addrtype_of (local->addr),
      local->addr ? local->addr : "0.0.0.0");
    g_string_prepend (body, head);
  }
  return g_string_free (body, FALSE);
}

static GString *
session_head (const SdpLocal *local, SipStr timing)
{
  GString *out = g_string_sized_new (512);
  g_string_append_printf (out, "s=-\r\nc=IN %s %s\r\nt=%.*s\r\n", addrtype_of (local->addr),
                          local->addr ? local->addr : "0.0.0.0",
                          sip_str_is_set (timing) ? (int) timing.len : 3,
                          sip_str_is_set (timing) ? timing.p : "0 0");
  return out;
}

static void
put_rtpmap (GString *out, guint pt, const char *enc, guint clock, guint channels, const char *fmtp,
            gsize fmtp_len)
{
  g_string_append_printf (out, "a=rtpmap:%u %s/%u", pt, enc, clock);
  if (channels > 1)
    g_string_append_printf (out, "/%u", channels);
  g_string_append (out, "\r\n");
  if (fmtp && fmtp_len)
    g_string_append_printf (out, "a=fmtp:%u %.*s\r\n", pt, (int) fmtp_len, fmtp);
}

char *
sdp_make_offer (const SdpLocal *local, SdpOrigin *origin)
{
  GString *out = session_head (local, SIP_STR_NULL);
  guint8 pts[128];
  guint n = MIN (local->n_codecs, G_N_ELEMENTS (pts));

  assign_pts (local, pts);
  g_string_append_printf (out, "m=audio %u RTP/AVP", local->port);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, " %u", pts[i]);
  if (local->dtmf_pt >= 0 && n)
    g_string_append_printf (out, " %d", local->dtmf_pt);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < n; i++)
    {
      const SdpCodec *c = &local->codecs[i];
      put_rtpmap (out, pts[i], c->encoding, c->clock_rate, channels_of (c), c->fmtp,
                  c->fmtp ? strlen (c->fmtp) : 0);
    }
  if (local->dtmf_pt >= 0 && n)
    put_rtpmap (out, local->dtmf_pt, "telephone-event", local->codecs[0].clock_rate, 1, "0-15", 4);
  if (local->ptime)
    g_string_append_printf (out, "a=ptime:%u\r\n", local->ptime);
  g_string_append_printf (out, "a=%s\r\n", sdp_direction_to_string (local->dir));
  return finish (local, origin, out);
}

/* ---- negotiation ---- */

static gint
local_match (const SdpLocal *local, const SdpFormat *f)
{
  if (!sip_str_is_set (f->encoding))
    return -1;
  for (guint i = 0; i < local->n_codecs; i++)
    {
      const SdpCodec *c = &local->codecs[i];
      if (sip_str_caseeq (f->encoding, c->encoding) && f->clock_rate == c->clock_rate &&
          f->channels == channels_of (c))
        return i;
    }
  return -1;
}

static gboolean
is_dtmf (const SdpFormat *f, guint clock_rate)
{
  return sip_str_caseeq (f->encoding, "telephone-event") && f->clock_rate == clock_rate;
}

static gboolean
sends (SdpDirection d)
{
  return d == SDP_DIR_SENDRECV || d == SDP_DIR_SENDONLY;
}

static gboolean
receives (SdpDirection d)
{
  return d == SDP_DIR_SENDRECV || d == SDP_DIR_RECVONLY;
}

static SdpDirection
dir_of (gboolean send, gboolean recv)
{
  return send ? (recv ? SDP_DIR_SENDRECV : SDP_DIR_SENDONLY)
              : (recv ? SDP_DIR_RECVONLY : SDP_DIR_INACTIVE);
}

static gboolean
is_zero_addr (const SdpConn *conn)
{
  return sip_str_eq (conn->addr, "0.0.0.0") || sip_str_eq (conn->addr, "::");
}

/* The common codecs of @m, in its order, into @neg; telephone-event at the
 * first one's clock rate if we do DTMF.  Returns the number found. */
static guint
collect_codecs (const SdpLocal *local, const SdpMedia *m, SdpNegotiated *neg)
{
  neg->codecs = g_new0 (SdpNegCodec, m->n_formats ? m->n_formats : 1);
  neg->n_codecs = 0;
  neg->dtmf_pt = -1;
  for (guint i = 0; i < m->n_formats; i++)
    {
      const SdpFormat *f = &m->formats[i];
      gint li = local_match (local, f);
      SdpNegCodec *nc;
      if (li < 0)
        continue;
      nc = &neg->codecs[neg->n_codecs++];
      nc->encoding = sip_str_dup (f->encoding);
      nc->pt = f->pt;
      nc->clock_rate = f->clock_rate;
      nc->channels = f->channels;
      nc->fmtp = sip_str_dup (f->fmtp);
      nc->local_index = li;
    }
  if (neg->n_codecs && local->dtmf_pt >= 0)
    for (guint i = 0; i < m->n_formats && neg->dtmf_pt < 0; i++)
      if (is_dtmf (&m->formats[i], neg->codecs[0].clock_rate))
        neg->dtmf_pt = m->formats[i].pt;
  return neg->n_codecs;
}

/* Where and how to send, from the peer's m= line @m. */
static void
set_transport (const SdpLocal *local, const SdpSession *sdp, const SdpMedia *m,
               gboolean we_offered, SdpNegotiated *neg)
{
  const SdpConn *conn = sdp_media_conn (sdp, m);
  gboolean zero = is_zero_addr (conn);
  gboolean peer_sends = sends (m->dir), peer_recv = receives (m->dir) && !zero;

  neg->remote_addr = sip_str_dup (conn->addr);
  neg->remote_ipv6 = sip_str_eq (conn->addrtype, "IP6");
  neg->remote_port = m->port;
  neg->remote_rtcp_port = m->rtcp_port ? m->rtcp_port : (m->port < 65535 ? m->port + 1 : 0);
  neg->dir = dir_of (sends (local->dir) && peer_recv, receives (local->dir) && peer_sends);
  /* An answer that does not receive only mirrors our own hold unless we
   * offered to send. */
  neg->hold = SDP_HOLD_NONE;
  if (!peer_recv && (!we_offered || sends (local->dir)))
    neg->hold = zero ? SDP_HOLD_ZERO_ADDR
              : m->dir == SDP_DIR_INACTIVE ? SDP_HOLD_INACTIVE : SDP_HOLD_SENDONLY;
  neg->ptime = m->ptime ? m->ptime : local->ptime ? local->ptime : 20;
  if (m->maxptime && neg->ptime > m->maxptime)
    neg->ptime = m->maxptime;
}

static char *
describe_formats (const SdpMedia *m)
{
  GString *s = g_string_new (NULL);
  if (!m->is_rtp)
    g_string_append_len (s, m->fmt_list.p, MIN (m->fmt_list.len, 64));
  for (guint i = 0; i < m->n_formats; i++)
    {
      const SdpFormat *f = &m->formats[i];
      if (i)
        g_string_append_c (s, ' ');
      if (sip_str_is_set (f->encoding))
        g_string_append_printf (s, "%.*s/%u(%u)", (int) MIN (f->encoding.len, 32), f->encoding.p,
                                f->clock_rate, f->pt);
      else
        g_string_append_printf (s, "unknown(%u)", f->pt);
    }
  return g_string_free (s, FALSE);
}

static void
report_media (SdpNegotiated *neg, guint i, const SdpMedia *m, const char *reason)
{
  SdpMediaReport *r = &neg->report[i];
  r->line = m->line;
  r->media = g_strdup_printf ("%.*s %u %.*s", (int) MIN (m->media.len, 32), m->media.p, m->port,
                              (int) MIN (m->proto.len, 32), m->proto.p);
  r->offered = describe_formats (m);
  r->reason = g_strdup (reason);
}

/* Why we cannot take @m as the call's audio stream, or NULL if we can. */
static const char *
unusable (const SdpSession *sdp, const SdpMedia *m, gboolean have_audio)
{
  if (!sip_str_eq (m->media, "audio"))
    return "this phone does audio only";
  if (have_audio)
    return "a call has one audio stream; an earlier one was taken";
  if (m->port == 0)
    return "the stream is disabled (port 0)";
  if (sip_str_caseeq (m->proto, "RTP/SAVP"))
    return "RTP/SAVP (SRTP) is not supported yet";
  if (!sip_str_caseeq (m->proto, "RTP/AVP"))
    return "the transport is not RTP/AVP";
  if (!sdp_media_conn (sdp, m))
    return "there is no c= line for it";
  return NULL;
}

static void
accepted_text (SdpNegotiated *neg, guint i)
{
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < neg->n_codecs; k++)
    g_string_append_printf (s, "%s%s/%u(%u)", k ? " " : "", neg->codecs[k].encoding,
                            neg->codecs[k].clock_rate, neg->codecs[k].pt);
  if (neg->dtmf_pt >= 0)
    g_string_append_printf (s, " telephone-event(%d)", neg->dtmf_pt);
  neg->report[i].accepted = g_string_free (s, FALSE);
}

static void
clear_codecs (SdpNegotiated *neg)
{
  for (guint i = 0; i < neg->n_codecs; i++)
    {
      g_free (neg->codecs[i].encoding);
      g_free (neg->codecs[i].fmtp);
    }
  g_clear_pointer (&neg->codecs, g_free);
  neg->n_codecs = 0;
  neg->dtmf_pt = -1;
}

void
sdp_negotiated_clear (SdpNegotiated *neg)
{
  clear_codecs (neg);
  for (guint i = 0; i < neg->n_report; i++)
    {
      g_free (neg->report[i].media);
      g_free (neg->report[i].offered);
      g_free (neg->report[i].accepted);
      g_free (neg->report[i].reason);
    }
  g_free (neg->report);
  g_free (neg->remote_addr);
  memset (neg, 0, sizeof *neg);
  neg->dtmf_pt = -1;
}

char *
sdp_report_to_string (const SdpNegotiated *neg, const SdpLocal *local)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < neg->n_report; i++)
    {
      const SdpMediaReport *r = &neg->report[i];
      g_string_append_printf (s, "%sm=%s (line %u): offered %s; ", i ? " | " : "", r->media,
                              r->line, r->offered && *r->offered ? r->offered : "nothing");
      if (r->accepted)
        g_string_append_printf (s, "accepted %s", r->accepted);
      else
        g_string_append_printf (s, "rejected: %s", r->reason);
    }
  g_string_append (s, "; we support");
  for (guint i = 0; i < local->n_codecs; i++)
    g_string_append_printf (s, " %s/%u", local->codecs[i].encoding, local->codecs[i].clock_rate);
  if (!local->n_codecs)
    g_string_append (s, " no codec");
  if (local->dtmf_pt >= 0)
    g_string_append (s, " telephone-event");
  /* fit for a quoted-string: no quotes, backslashes or control bytes */
  for (gsize i = 0; i < s->len; i++)
    if ((guchar) s->str[i] < 0x20 || (guchar) s->str[i] >= 0x7f || s->str[i] == '"' ||
        s->str[i] == '\\')
      s->str[i] = '?';
  return g_string_free (s, FALSE);
}

/* The accepted m= section of an answer. */
static void
put_answer_media (GString *out, const SdpLocal *local, const SdpMedia *m, const SdpNegotiated *neg)
{
  g_string_append_printf (out, "m=audio %u RTP/AVP", local->port);
  for (guint k = 0; k < neg->n_codecs; k++)
    g_string_append_printf (out, " %u", neg->codecs[k].pt);
  if (neg->dtmf_pt >= 0)
    g_string_append_printf (out, " %d", neg->dtmf_pt);
  g_string_append (out, "\r\n");
  for (guint k = 0; k < neg->n_codecs; k++)
    {
      const SdpNegCodec *nc = &neg->codecs[k];
      const SdpCodec *c = &local->codecs[nc->local_index];
      /* the offer's parameters, which our codec accepts, else ours */
      const char *fmtp = nc->fmtp ? nc->fmtp : c->fmtp;
      put_rtpmap (out, nc->pt, c->encoding, c->clock_rate, channels_of (c), fmtp,
                  fmtp ? strlen (fmtp) : 0);
    }
  if (neg->dtmf_pt >= 0)
    put_rtpmap (out, neg->dtmf_pt, "telephone-event", neg->codecs[0].clock_rate, 1, "0-15", 4);
  if (local->ptime)
    g_string_append_printf (out, "a=ptime:%u\r\n", local->ptime);
  g_string_append_printf (out, "a=%s\r\n", sdp_direction_to_string (neg->dir));
}

char *
sdp_make_answer (const SdpSession *offer, const SdpLocal *local, SdpOrigin *origin,
                 SdpNegotiated *neg, GError **error)
{
  gint chosen = -1;
  gboolean any_audio = FALSE;
  GString *out;

  sdp_negotiated_clear (neg);
  neg->report = g_new0 (SdpMediaReport, offer->n_media ? offer->n_media : 1);
  neg->n_report = offer->n_media;
  for (guint i = 0; i < offer->n_media; i++)
    {
      const SdpMedia *m = &offer->media[i];
      const char *why = unusable (offer, m, chosen >= 0);
      any_audio |= sip_str_eq (m->media, "audio");
      if (!why && !collect_codecs (local, m, neg))
        why = "no codec in common";
      report_media (neg, i, m, why);
      if (why)
        {
          if (chosen < 0) /* what this line's codecs left behind */
            clear_codecs (neg);
          continue;
        }
      chosen = i;
      neg->media_index = i;
      set_transport (local, offer, m, FALSE, neg);
      accepted_text (neg, i);
    }
  if (chosen < 0)
    {
      g_autofree char *text = sdp_report_to_string (neg, local);
      neg->warn_code = any_audio ? 305 : 304;
      g_set_error (error, SDP_ERROR, SDP_ERROR_NOT_ACCEPTABLE, "%s", text);
      return NULL;
    }
  out = session_head (local, offer->timing);
  for (guint i = 0; i < offer->n_media; i++)
    {
      const SdpMedia *m = &offer->media[i];
      if ((gint) i == chosen)
        put_answer_media (out, local, m, neg);
      else /* RFC 3264 6: rejected with port 0, formats as offered */
        g_string_append_printf (out, "m=%.*s 0 %.*s %.*s\r\n", S (m->media), S (m->proto),
                                S (m->fmt_list));
    }
  return finish (local, origin, out);
}

gboolean
sdp_process_answer (const SdpLocal *local, const SdpSession *answer, SdpNegotiated *neg,
                    GError **error)
{
  const SdpMedia *m;
  const char *why;

  sdp_negotiated_clear (neg);
  if (answer->n_media != 1)
    {
      g_set_error (error, SDP_ERROR, SDP_ERROR_INVALID_ANSWER,
                   "the answer has %u m= lines for an offer of 1", answer->n_media);
      return FALSE;
    }
  m = &answer->media[0];
  neg->report = g_new0 (SdpMediaReport, 1);
  neg->n_report = 1;
  if (!sip_str_eq (m->media, "audio"))
    {
      report_media (neg, 0, m, "the answer's m= line is not audio");
      g_set_error (error, SDP_ERROR, SDP_ERROR_INVALID_ANSWER,
                   "line %u: the answer's m= line is not audio", m->line);
      return FALSE;
    }
  why = m->port == 0 ? "the peer rejected the audio stream (port 0)" : unusable (answer, m, FALSE);
  if (!why && !collect_codecs (local, m, neg))
    why = "the answer holds none of the codecs we offered";
  report_media (neg, 0, m, why);
  if (why)
    {
      g_autofree char *text = sdp_report_to_string (neg, local);
      clear_codecs (neg);
      neg->warn_code = 305;
      g_set_error (error, SDP_ERROR, SDP_ERROR_NOT_ACCEPTABLE, "%s", text);
      return FALSE;
    }
  set_transport (local, answer, m, TRUE, neg);
  accepted_text (neg, 0);
  return TRUE;
}
