/* RTCP (RFC 3550 section 6): the compound packets a phone sends (SR or RR,
 * then SDES with the CNAME, BYE when the call ends), reading the ones that
 * arrive, interarrival jitter (A.8) and round-trip time from LSR/DLSR
 * (6.4.1). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

enum {
  RTCP_SR = 200,
  RTCP_RR = 201,
  RTCP_SDES = 202,
  RTCP_BYE = 203,
  RTCP_APP = 204,
};

#define RTCP_MAX_BLOCKS 31

/* One reception report block (6.4.1). */
typedef struct {
  guint32 ssrc;          /* the source reported on */
  guint8 fraction_lost;  /* 1/256 since the last report */
  gint32 cumulative_lost; /* 24-bit signed on the wire */
  guint32 highest_seq;   /* extended */
  guint32 jitter;        /* RTP timestamp units */
  guint32 lsr;           /* middle 32 bits of the last SR's NTP time */
  guint32 dlsr;          /* delay since that SR, 1/65536 s */
} RtcpBlock;

/* The sender info of an SR (6.4.1). */
typedef struct {
  guint64 ntp;           /* NTP timestamp, 32.32 fixed point */
  guint32 rtp_ts;
  guint32 packets;
  guint32 octets;
} RtcpSenderInfo;

/* Appends to @out (a GByteArray): an SR when @si is non-NULL, else an RR,
 * with @n blocks (at most RTCP_MAX_BLOCKS). */
void rtcp_append_report (GByteArray *out, guint32 ssrc, const RtcpSenderInfo *si,
                         const RtcpBlock *blocks, guint n);
/* Appends an SDES packet with one chunk: @ssrc's CNAME (at most 255 bytes
 * are sent). */
void rtcp_append_sdes_cname (GByteArray *out, guint32 ssrc, const char *cname);
/* Appends a BYE for @ssrc with an optional reason. */
void rtcp_append_bye (GByteArray *out, guint32 ssrc, const char *reason);

/* What one received compound packet said. */
typedef struct {
  guint32 ssrc;          /* the sender of the SR/RR */
  gboolean has_sr;
  RtcpSenderInfo sr;
  guint n_blocks;
  RtcpBlock blocks[RTCP_MAX_BLOCKS];
  char cname[256];       /* "" if none */
  gboolean bye;
} RtcpReport;

/* Parses a compound packet with the validity checks of RFC 3550 A.2: every
 * packet version 2, the first an SR or RR without padding, the lengths
 * adding up to @len.  FALSE with a static reason in @why otherwise.
 * Unknown packet types inside are skipped. */
gboolean rtcp_parse (const guint8 *buf, gsize len, RtcpReport *report, const char **why);

/* The middle 32 bits of an NTP timestamp (what LSR carries). */
static inline guint32
rtcp_ntp_mid32 (guint64 ntp)
{
  return (guint32) (ntp >> 16);
}

/* Round-trip time in 1/65536 s from a report block received at @now_ntp
 * (6.4.1: A - LSR - DLSR); -1 if the block has no LSR or the figures
 * are inconsistent. */
gint64 rtcp_rtt (const RtcpBlock *b, guint64 now_ntp);

/* Interarrival jitter (A.8), in RTP timestamp units. */
typedef struct {
  gboolean have;
  guint32 transit;
  double jitter;
} RtpJitter;

/* @arrival: the packet's arrival time in RTP timestamp units. */
void rtp_jitter_update (RtpJitter *j, guint32 arrival, guint32 rtp_ts);
guint32 rtp_jitter_value (const RtpJitter *j);

G_END_DECLS
