/* SDP (RFC 4566) for one audio stream, and the offer/answer model of RFC
 * 3264 as a desk phone needs it.
 *
 * sdp_parse() reads a description from (buf, len) without copying: the
 * SipStr fields of an SdpSession are slices of the caller's buffer, which
 * must outlive the session.  Lines may end in CRLF or LF; an error names the
 * line that is wrong ("line 4: m= has no port").
 *
 * The phone's side is an SdpLocal: its codecs in preference order (the SIP
 * plugin fills them from the codec:* providers, preferred_codec first), the
 * telephone-event payload type (dtmf_avt_payload), address, port, ptime and
 * direction.  sdp_make_offer(), sdp_make_answer() and sdp_process_answer()
 * produce text and an SdpNegotiated: what to send with, to where, which way,
 * and whether the peer holds the call.  When nothing can be agreed the
 * negotiation fails with SDP_ERROR_NOT_ACCEPTABLE, a message fit for the
 * Warning header of a 488, and a per-media-line report in the result.
 *
 * Nothing here keeps global state; all functions may be called from any
 * thread on distinct objects. */
#pragma once

#include <glib.h>

#include "sip-str.h"

G_BEGIN_DECLS

#define SDP_ERROR (sdp_error_quark ())
GQuark sdp_error_quark (void);

typedef enum {
  SDP_ERROR_PARSE,          /* the text is not SDP; the message names the line */
  SDP_ERROR_NOT_ACCEPTABLE, /* no audio stream we can run: answer 488 */
  SDP_ERROR_INVALID_ANSWER, /* an answer that breaks RFC 3264 */
} SdpError;

#define SDP_MAX_MEDIA 16   /* m= lines per description */
#define SDP_MAX_FORMATS 32 /* formats per m= line */

typedef enum {
  SDP_DIR_SENDRECV,
  SDP_DIR_SENDONLY,
  SDP_DIR_RECVONLY,
  SDP_DIR_INACTIVE,
} SdpDirection;

/* How the peer holds the call: RFC 3264 8.4 (sendonly, inactive) or the
 * RFC 2543 form, a connection address of 0.0.0.0. */
typedef enum {
  SDP_HOLD_NONE,
  SDP_HOLD_SENDONLY,
  SDP_HOLD_INACTIVE,
  SDP_HOLD_ZERO_ADDR,
} SdpHold;

typedef struct {
  SipStr addrtype; /* "IP4" or "IP6" */
  SipStr addr;     /* without /ttl or /count */
} SdpConn;

/* One payload format of an RTP m= line. */
typedef struct {
  guint8 pt;
  SipStr encoding;  /* from a=rtpmap, else the RFC 3551 name; unset if unknown */
  guint clock_rate; /* 0 if unknown */
  guint channels;   /* 1 unless rtpmap says otherwise */
  SipStr fmtp;      /* the parameters of a=fmtp:PT, unset if none */
  gboolean has_rtpmap;
} SdpFormat;

typedef struct {
  guint line;       /* line number of the m= line, from 1 */
  SipStr media;     /* "audio", "video", ... */
  guint16 port;
  guint n_ports;    /* from "port/n"; 1 if not given */
  SipStr proto;     /* "RTP/AVP", "RTP/SAVP", ... */
  SipStr fmt_list;  /* everything after the proto, as written */
  gboolean is_rtp;  /* proto is RTP/...: formats[] holds the payload types */
  SdpFormat formats[SDP_MAX_FORMATS];
  guint n_formats;
  SdpConn conn;     /* media-level c=, unset slices if none */
  gboolean has_dir;
  SdpDirection dir; /* media level, or the session's, or sendrecv */
  guint ptime, maxptime; /* 0 if not given */
  guint16 rtcp_port;     /* a=rtcp, 0 if not given */
  SipStr rtcp;           /* a=rtcp value as written */
  GArray *crypto;        /* SipStr: a=crypto values, raw */
  GArray *bandwidth;     /* SipStr: b= values, raw ("AS:64") */
  GArray *attrs;         /* SipStr: other a= values ("name[:value]") */
} SdpMedia;

typedef struct {
  SipStr origin_user, sess_id, sess_version, origin_addrtype, origin_addr;
  guint64 version;     /* sess_version as a number (saturated) */
  SipStr name;         /* s= */
  SipStr timing;       /* t= */
  SdpConn conn;        /* session-level c= */
  gboolean has_dir;
  SdpDirection dir;
  GArray *bandwidth;   /* SipStr */
  GArray *attrs;       /* SipStr: session-level a= other than direction */
  SdpMedia media[SDP_MAX_MEDIA];
  guint n_media;
} SdpSession;

/* Parses an SDP description.  Returns: (transfer full) the session, whose
 * slices point into @buf, or NULL with SDP_ERROR_PARSE and a message naming
 * the line. */
SdpSession *sdp_parse (const char *buf, gsize len, GError **error);
void sdp_session_free (SdpSession *sdp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpSession, sdp_session_free)

/* Writes @sdp out again in canonical order (what the parser kept).
 * Returns: (transfer full). */
char *sdp_session_to_string (const SdpSession *sdp);

/* The connection address of @m: media level, else session level; NULL if
 * neither has one. */
const SdpConn *sdp_media_conn (const SdpSession *sdp, const SdpMedia *m);

/* The RFC 3551 table: encoding name, clock rate and channels of a static
 * payload type.  FALSE for dynamic and unassigned numbers. */
gboolean sdp_static_pt (guint pt, const char **encoding, guint *clock_rate, guint *channels);

const char *sdp_direction_to_string (SdpDirection dir);

/* ---- the phone's side ---- */

/* A codec the phone can run, as a codec:NAME provider describes it
 * (DeskCodecIface: encoding, static_pt, clock_rate, channels, fmtp).  The
 * strings are borrowed. */
typedef struct {
  const char *encoding;  /* "PCMU" */
  gint static_pt;        /* RFC 3551 number, or -1 for a dynamic one */
  guint clock_rate;
  guint channels;        /* 0 means 1 */
  const char *fmtp;      /* parameters to offer, or NULL */
} SdpCodec;

typedef struct {
  const SdpCodec *codecs; /* in preference order (preferred_codec first) */
  guint n_codecs;
  gint dtmf_pt;           /* telephone-event payload type (dtmf_avt_payload), -1: none */
  const char *addr;       /* our RTP address, IPv4 or IPv6 literal */
  guint16 port;
  guint ptime;            /* ms, 0: do not say */
  SdpDirection dir;       /* what we want: sendonly to hold */
  const char *user;       /* o= username, NULL for "-" */
} SdpLocal;

/* The o= line of our side of a session (RFC 3264 8): the same id all
 * along, the version one higher each time the description changes. */
typedef struct {
  guint64 id;
  guint64 version;
  char *last; /* the last description sent, to tell a change */
} SdpOrigin;

/* @id: a number unique to the session, e.g. from g_get_real_time(). */
void sdp_origin_init (SdpOrigin *origin, guint64 id);
void sdp_origin_clear (SdpOrigin *origin);

/* ---- the outcome ---- */

typedef struct {
  char *encoding;    /* as the peer wrote it */
  guint8 pt;         /* the peer's payload type number */
  guint clock_rate;
  guint channels;
  char *fmtp;        /* the peer's fmtp for it, or NULL */
  guint local_index; /* index in SdpLocal.codecs */
} SdpNegCodec;

/* What happened to one m= line of the peer's description. */
typedef struct {
  guint line;
  char *media;    /* "audio 49170 RTP/AVP" */
  char *offered;  /* "PCMU/8000(0) G722/8000(9)" */
  char *accepted; /* the formats taken, or NULL if the line was rejected */
  char *reason;   /* why it was rejected, or NULL */
} SdpMediaReport;

typedef struct {
  SdpNegCodec *codecs;   /* common codecs in the answer's order: [0] is the one to send */
  guint n_codecs;
  gint dtmf_pt;          /* the peer's telephone-event pt, -1 if not agreed */
  guint ptime;           /* packetization to send with, ms */
  char *remote_addr;     /* where to send RTP */
  gboolean remote_ipv6;
  guint16 remote_port;
  guint16 remote_rtcp_port; /* a=rtcp, else remote_port + 1 */
  SdpDirection dir;      /* as seen from us: sendonly means we send */
  SdpHold hold;          /* how the peer holds the call, SDP_HOLD_NONE if not */
  guint media_index;     /* which m= line of the peer's description is the call */
  SdpMediaReport *report;
  guint n_report;
  guint warn_code;       /* on failure: 304 (no audio) or 305 (no common codec) */
} SdpNegotiated;

void sdp_negotiated_clear (SdpNegotiated *neg);

/* One line for a Warning header (no quotes or control characters) saying
 * per m= line what was offered, what we support and why it was rejected.
 * Returns: (transfer full). */
char *sdp_report_to_string (const SdpNegotiated *neg, const SdpLocal *local);

/* Our offer: one audio m= line with @local's codecs in order (there must
 * be at least one), then telephone-event.  @origin's version goes up by one if the description
 * differs from the last one sent.  Returns: (transfer full) the text. */
char *sdp_make_offer (const SdpLocal *local, SdpOrigin *origin);

/* Answers @offer (RFC 3264 6): the first audio RTP/AVP m= line with a codec
 * in common is accepted, listing the common codecs in the offer's order with
 * the offer's payload numbers; every other m= line is rejected with port 0.
 * Fills @neg (cleared first).  Returns: (transfer full) the answer, or NULL
 * with SDP_ERROR_NOT_ACCEPTABLE, a message for the Warning header and the
 * report in @neg. */
char *sdp_make_answer (const SdpSession *offer, const SdpLocal *local, SdpOrigin *origin,
                       SdpNegotiated *neg, GError **error);

/* Reads the peer's answer to our offer (made from @local).  Fills @neg
 * (cleared first).  FALSE with SDP_ERROR_NOT_ACCEPTABLE if the audio stream
 * was rejected or holds no codec we offered, SDP_ERROR_INVALID_ANSWER if the
 * answer does not match the offer. */
gboolean sdp_process_answer (const SdpLocal *local, const SdpSession *answer,
                             SdpNegotiated *neg, GError **error);

G_END_DECLS
