#include "rtp.h"

#include <string.h>

static guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

gboolean
rtp_parse (const guint8 *buf, gsize len, RtpPacket *pkt, const char **why)
{
  gsize off = RTP_HEADER_SIZE, end = len;
  const char *dummy;

  if (!why)
    why = &dummy;
  memset (pkt, 0, sizeof *pkt);
  if (len < RTP_HEADER_SIZE)
    return *why = "shorter than the RTP header", FALSE;
  if (buf[0] >> 6 != 2)
    return *why = "not RTP version 2", FALSE;
  pkt->cc = buf[0] & 0x0f;
  pkt->marker = buf[1] >> 7;
  pkt->pt = buf[1] & 0x7f;
  pkt->seq = get16 (buf + 2);
  pkt->ts = get32 (buf + 4);
  pkt->ssrc = get32 (buf + 8);
  if (len < off + 4u * pkt->cc)
    return *why = "CSRC list runs past the end", FALSE;
  for (guint i = 0; i < pkt->cc; i++, off += 4)
    pkt->csrc[i] = get32 (buf + off);
  if (buf[0] & 0x10)
    {
      gsize words;
      if (len < off + 4)
        return *why = "header extension runs past the end", FALSE;
      pkt->has_ext = TRUE;
      pkt->ext_profile = get16 (buf + off);
      words = get16 (buf + off + 2);
      off += 4;
      if (len < off + 4 * words)
        return *why = "header extension runs past the end", FALSE;
      pkt->ext = buf + off;
      pkt->ext_len = 4 * words;
      off += 4 * words;
    }
  if (buf[0] & 0x20)
    {
      /* the last byte counts the padding, itself included (5.1) */
      guint8 pad = buf[len - 1];
      if (pad == 0 || pad > len - off)
        return *why = "padding count out of range", FALSE;
      end = len - pad;
    }
  pkt->payload = buf + off;
  pkt->payload_len = end - off;
  return TRUE;
}

gssize
rtp_write_header (const RtpPacket *pkt, guint8 *out, gsize size)
{
  guint cc = MIN (pkt->cc, RTP_MAX_CSRC);
  gsize n = RTP_HEADER_SIZE + 4u * cc;

  if (size < n)
    return -1;
  out[0] = 0x80 | cc;
  out[1] = (pkt->marker ? 0x80 : 0) | (pkt->pt & 0x7f);
  put16 (out + 2, pkt->seq);
  put32 (out + 4, pkt->ts);
  put32 (out + 8, pkt->ssrc);
  for (guint i = 0; i < cc; i++)
    put32 (out + RTP_HEADER_SIZE + 4 * i, pkt->csrc[i]);
  return n;
}

gboolean
rtp_looks_like_rtcp (const guint8 *buf, gsize len)
{
  return len >= 2 && buf[1] >= 192 && buf[1] <= 223;
}

/* ---- RFC 3550 A.1 ---- */

#define SEQ_MOD (1u << 16)

static void
seq_reset (RtpSeq *s, guint16 seq)
{
  memset (s, 0, sizeof *s);
  s->base_seq = seq;
  s->max_seq = seq;
  s->bad_seq = SEQ_MOD + 1; /* matches no sequence number */
}

void
rtp_seq_start (RtpSeq *s, guint16 seq)
{
  seq_reset (s, seq);
  s->max_seq = seq - 1;
  s->probation = RTP_MIN_SEQUENTIAL;
}

/* A source starts on probation: RTP_MIN_SEQUENTIAL packets in a row make
 * it valid.  After that a small step forward is normal (a wrap adds a
 * cycle), a big step is a jump accepted only if the next packet follows it
 * (the far end restarted), and a packet a little behind is a late one or
 * a duplicate, counted and used. */
RtpSeqVerdict
rtp_seq_update (RtpSeq *s, guint16 seq)
{
  guint16 udelta = seq - s->max_seq;
  RtpSeqVerdict verdict = RTP_SEQ_OK;

  if (s->probation)
    {
      if (seq == (guint16) (s->max_seq + 1))
        {
          s->probation--;
          s->max_seq = seq;
          if (s->probation == 0)
            {
              seq_reset (s, seq);
              s->received++;
              return RTP_SEQ_OK;
            }
        }
      else
        {
          s->probation = RTP_MIN_SEQUENTIAL - 1;
          s->max_seq = seq;
        }
      return RTP_SEQ_PROBATION;
    }
  if (udelta < RTP_MAX_DROPOUT)
    {
      if (seq < s->max_seq)
        s->cycles += SEQ_MOD;
      s->max_seq = seq;
    }
  else if (udelta <= SEQ_MOD - RTP_MAX_MISORDER)
    {
      if (seq != s->bad_seq)
        {
          s->bad_seq = (seq + 1) & (SEQ_MOD - 1);
          return RTP_SEQ_BAD;
        }
      /* the packet after a jump follows it: the far end restarted */
      seq_reset (s, seq);
      verdict = RTP_SEQ_RESTARTED;
    }
  s->received++;
  return verdict;
}

guint32
rtp_seq_extended_max (const RtpSeq *s)
{
  return s->cycles + s->max_seq;
}

guint32
rtp_seq_expected (const RtpSeq *s)
{
  return rtp_seq_extended_max (s) - s->base_seq + 1;
}

gint32
rtp_seq_lost (const RtpSeq *s)
{
  return (gint32) (rtp_seq_expected (s) - s->received);
}

guint8
rtp_seq_fraction_lost (RtpSeq *s)
{
  guint32 expected = rtp_seq_expected (s);
  guint32 expected_interval = expected - s->expected_prior;
  guint32 received_interval = s->received - s->received_prior;
  gint64 lost_interval = (gint64) expected_interval - received_interval;

  s->expected_prior = expected;
  s->received_prior = s->received;
  if (expected_interval == 0 || lost_interval <= 0)
    return 0;
  return (guint8) ((lost_interval << 8) / expected_interval);
}
