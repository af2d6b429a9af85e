/* RTP packets (RFC 3550 section 5.1): parsing what arrives, writing the
 * header of what we send, and the receiver's sequence-number bookkeeping of
 * RFC 3550 appendix A.1.  No sockets here: the media plugin owns those. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RTP_HEADER_SIZE 12
#define RTP_MAX_CSRC 15

typedef struct {
  gboolean marker;
  guint8 pt;
  guint16 seq;
  guint32 ts;
  guint32 ssrc;
  guint8 cc;
  guint32 csrc[RTP_MAX_CSRC];
  /* header extension (RFC 3550 5.3.1): the profile word and the data */
  gboolean has_ext;
  guint16 ext_profile;
  const guint8 *ext;
  gsize ext_len;
  /* payload, padding removed; points into the parsed buffer */
  const guint8 *payload;
  gsize payload_len;
} RtpPacket;

/* Parses @len bytes.  FALSE with a reason in @why (a static string) when
 * they are not an RTP version 2 packet: too short, wrong version, CSRC list
 * or extension longer than the packet, padding count out of range. */
gboolean rtp_parse (const guint8 *buf, gsize len, RtpPacket *pkt, const char **why);

/* Writes the fixed header and CSRC list of @pkt (no extension, no padding)
 * to @out.  Returns the bytes written, or -1 if @size is too small. */
gssize rtp_write_header (const RtpPacket *pkt, guint8 *out, gsize size);

/* RFC 5761 4: on a shared port, a packet whose second byte is 192..223
 * (payload types 64..95 with the marker set) is RTCP. */
gboolean rtp_looks_like_rtcp (const guint8 *buf, gsize len);

/* The receiver's view of one source's sequence numbers (RFC 3550 A.1):
 * wrap-around counted into 32-bit extended numbers, a source accepted as
 * valid after RTP_MIN_SEQUENTIAL packets in order, a large jump accepted
 * as a restart only when the next packet confirms it. */
#define RTP_MIN_SEQUENTIAL 2
#define RTP_MAX_DROPOUT 3000
#define RTP_MAX_MISORDER 100

typedef struct {
  guint16 max_seq;     /* highest sequence number seen */
  guint32 cycles;      /* wraps of the sequence number, << 16 */
  guint32 base_seq;    /* first number after (re)start */
  guint32 bad_seq;     /* the number a jump would continue with */
  guint32 probation;   /* packets in order still needed to be valid */
  guint32 received;    /* packets counted */
  guint32 expected_prior;
  guint32 received_prior;
} RtpSeq;

typedef enum {
  RTP_SEQ_OK,         /* in order, or a little late: use it */
  RTP_SEQ_PROBATION,  /* source not confirmed yet: hold on */
  RTP_SEQ_BAD,        /* a jump or far too late: drop it */
  RTP_SEQ_RESTARTED,  /* the far end restarted its numbering: use it */
} RtpSeqVerdict;

/* A new source whose first packet is @seq; then rtp_seq_update() every
 * packet, that one included. */
void rtp_seq_start (RtpSeq *s, guint16 seq);
RtpSeqVerdict rtp_seq_update (RtpSeq *s, guint16 seq);
/* Highest extended sequence number received. */
guint32 rtp_seq_extended_max (const RtpSeq *s);
/* Packets expected so far and lost so far (negative with duplicates),
 * RFC 3550 A.3. */
guint32 rtp_seq_expected (const RtpSeq *s);
gint32 rtp_seq_lost (const RtpSeq *s);
/* The fraction lost since the last call, in 1/256 (RFC 3550 6.4.1 and
 * A.3; 0 when duplicates outnumber losses), for the next report block. */
guint8 rtp_seq_fraction_lost (RtpSeq *s);

G_END_DECLS
