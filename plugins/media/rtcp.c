#include "rtcp.h"

#include <string.h>

static void
put8 (GByteArray *a, guint8 v)
{
  g_byte_array_append (a, &v, 1);
}

static void
put16 (GByteArray *a, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (a, b, 4);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* The common header (6.4.1): V=2, P=0, count, type, length in 32-bit
 * words minus one, patched in by finish() once the packet is written. */
static guint
begin (GByteArray *a, guint count, guint8 type)
{
  guint start = a->len;
  put8 (a, 0x80 | (count & 0x1f));
  put8 (a, type);
  put16 (a, 0);
  return start;
}

static void
finish (GByteArray *a, guint start)
{
  guint words;

  while ((a->len - start) % 4)
    put8 (a, 0);
  words = (a->len - start) / 4 - 1;
  a->data[start + 2] = words >> 8;
  a->data[start + 3] = words & 0xff;
}

void
rtcp_append_report (GByteArray *out, guint32 ssrc, const RtcpSenderInfo *si,
                    const RtcpBlock *blocks, guint n)
{
  guint start;

  n = MIN (n, RTCP_MAX_BLOCKS);
  start = begin (out, n, si ? RTCP_SR : RTCP_RR);
  put32 (out, ssrc);
  if (si)
    {
      put32 (out, si->ntp >> 32);
      put32 (out, si->ntp & 0xffffffff);
      put32 (out, si->rtp_ts);
      put32 (out, si->packets);
      put32 (out, si->octets);
    }
  for (guint i = 0; i < n; i++)
    {
      const RtcpBlock *b = &blocks[i];
      gint32 lost = CLAMP (b->cumulative_lost, -0x800000, 0x7fffff);
      put32 (out, b->ssrc);
      put32 (out, (guint32) b->fraction_lost << 24 | ((guint32) lost & 0xffffff));
      put32 (out, b->highest_seq);
      put32 (out, b->jitter);
      put32 (out, b->lsr);
      put32 (out, b->dlsr);
    }
  finish (out, start);
}

/* 6.5: chunks of (SSRC, items), items end with a null octet and the chunk
 * is padded to a 32-bit boundary with more nulls. */
void
rtcp_append_sdes_cname (GByteArray *out, guint32 ssrc, const char *cname)
{
  guint start = begin (out, 1, RTCP_SDES);
  gsize len = MIN (strlen (cname), 255);

  put32 (out, ssrc);
  put8 (out, 1); /* CNAME */
  put8 (out, len);
  g_byte_array_append (out, (const guint8 *) cname, len);
  put8 (out, 0); /* end of items; finish() pads with more */
  finish (out, start);
}

void
rtcp_append_bye (GByteArray *out, guint32 ssrc, const char *reason)
{
  guint start = begin (out, 1, RTCP_BYE);

  put32 (out, ssrc);
  if (reason && *reason)
    {
      gsize len = MIN (strlen (reason), 255);
      put8 (out, len);
      g_byte_array_append (out, (const guint8 *) reason, len);
    }
  finish (out, start);
}

static void
read_blocks (const guint8 *p, guint n, RtcpReport *r)
{
  for (guint i = 0; i < n && r->n_blocks < RTCP_MAX_BLOCKS; i++, p += 24)
    {
      RtcpBlock *b = &r->blocks[r->n_blocks++];
      guint32 w = get32 (p + 4);
      b->ssrc = get32 (p);
      b->fraction_lost = w >> 24;
      /* sign-extend the 24-bit count */
      b->cumulative_lost = (gint32) ((w & 0xffffff) ^ 0x800000) - 0x800000;
      b->highest_seq = get32 (p + 8);
      b->jitter = get32 (p + 12);
      b->lsr = get32 (p + 16);
      b->dlsr = get32 (p + 20);
    }
}

static void
read_cname (const guint8 *p, gsize len, RtcpReport *r)
{
  /* the first chunk: SSRC after the header, then items of type, length,
   * text */
  gsize off = 8;

  while (off + 2 <= len && p[off] != 0)
    {
      guint8 type = p[off], ilen = p[off + 1];
      if (off + 2 + ilen > len)
        return;
      if (type == 1 && !r->cname[0])
        {
          memcpy (r->cname, p + off + 2, ilen);
          r->cname[ilen] = '\0';
        }
      off += 2 + ilen;
    }
}

gboolean
rtcp_parse (const guint8 *buf, gsize len, RtcpReport *r, const char **why)
{
  gsize off = 0;
  const char *dummy;

  if (!why)
    why = &dummy;
  memset (r, 0, sizeof *r);
  if (len < 8)
    return *why = "shorter than an RTCP header", FALSE;
  if ((buf[0] & 0xe0) != 0x80 || (buf[1] != RTCP_SR && buf[1] != RTCP_RR))
    return *why = "does not start with a version 2 SR or RR without padding", FALSE;
  while (off < len)
    {
      const guint8 *p = buf + off;
      gsize plen;
      guint count;

      if (len - off < 4)
        return *why = "trailing bytes after the last packet", FALSE;
      if (p[0] >> 6 != 2)
        return *why = "a packet is not version 2", FALSE;
      plen = 4 * ((gsize) (p[2] << 8 | p[3]) + 1);
      if (plen > len - off)
        return *why = "a packet's length runs past the end", FALSE;
      count = p[0] & 0x1f;
      switch (p[1])
        {
        case RTCP_SR:
        case RTCP_RR:
          {
            gsize head = p[1] == RTCP_SR ? 28 : 8;
            if (plen < head + 24 * count)
              return *why = "a report is shorter than its blocks", FALSE;
            if (off == 0)
              {
                r->ssrc = get32 (p + 4);
                if (p[1] == RTCP_SR)
                  {
                    r->has_sr = TRUE;
                    r->sr.ntp = (guint64) get32 (p + 8) << 32 | get32 (p + 12);
                    r->sr.rtp_ts = get32 (p + 16);
                    r->sr.packets = get32 (p + 20);
                    r->sr.octets = get32 (p + 24);
                  }
              }
            read_blocks (p + head, count, r);
            break;
          }
        case RTCP_SDES:
          if (count && plen >= 8)
            read_cname (p, plen, r);
          break;
        case RTCP_BYE:
          r->bye = TRUE;
          break;
        default:
          break;
        }
      off += plen;
    }
  return TRUE;
}

gint64
rtcp_rtt (const RtcpBlock *b, guint64 now_ntp)
{
  guint32 a = rtcp_ntp_mid32 (now_ntp);
  guint32 rtt;

  if (b->lsr == 0)
    return -1;
  rtt = a - b->lsr - b->dlsr;
  /* more than a day: the figures do not fit together (clock step, bogus
   * block); the wrap-around arithmetic makes a negative RTT huge */
  if (rtt > 86400u * 65536u / 10)
    return -1;
  return rtt;
}

void
rtp_jitter_update (RtpJitter *j, guint32 arrival, guint32 rtp_ts)
{
  guint32 transit = arrival - rtp_ts;
  gint32 d;

  if (!j->have)
    {
      j->have = TRUE;
      j->transit = transit;
      return;
    }
  d = (gint32) (transit - j->transit);
  j->transit = transit;
  /* J += (|D| - J) / 16 */
  j->jitter += (ABS ((double) d) - j->jitter) / 16.0;
}

guint32
rtp_jitter_value (const RtpJitter *j)
{
  return (guint32) j->jitter;
}
