/* INVITE sessions (RFC 3261 sections 13-15): outgoing and incoming calls,
 * early and confirmed dialogs, CANCEL, BYE, re-INVITE for hold and resume,
 * 3xx redirection, digest challenges on INVITE and BYE.  Each call's state
 * is published on the bus:
 *
 *   "call.state" {"id": s, "line": u, "state": s, "direction": s,
 *                 "peer": s, "reason": s, "codec": s}
 *     state: dialing, proceeding, ringback, alerting, connected, held,
 *            remote-held, ended
 *     direction: outgoing, incoming
 */
#pragma once

#include "ua-private.h"

G_BEGIN_DECLS

typedef struct _SipCall SipCall;

/* Starts an outgoing call on @line to @target: a SIP/SIPS URI, a tel URI,
 * a number (sent to the line's proxy) or an IP address (direct dialling).
 * Returns: (transfer none) the call, owned by @ua, or NULL with @error. */
SipCall *sip_call_dial (SipUa *ua, guint line, const char *target, GError **error);

/* Hands an INVITE that is not inside a known dialog to the call layer. */
void sip_call_incoming (SipUa *ua, SipServerTx *tx, const SipMsg *req, const SipPeer *from);
/* A request inside a dialog (BYE, re-INVITE, ACK, INFO...): TRUE if a call
 * took it.  @tx is NULL for ACK. */
gboolean sip_call_in_dialog (SipUa *ua, SipServerTx *tx, const SipMsg *req, const SipPeer *from);
/* A CANCEL matched to @invite (already answered 200 by the UA core). */
void sip_call_cancelled (SipUa *ua, SipServerTx *invite);

SipCall *sip_call_find (SipUa *ua, const char *id);
const char *sip_call_id (SipCall *c);
const char *sip_call_state (SipCall *c);

gboolean sip_call_answer (SipCall *c, GError **error);
/* Ends the call whatever its state: CANCEL, a rejection (486 Busy Here) or
 * BYE. */
gboolean sip_call_hangup (SipCall *c, GError **error);
gboolean sip_call_hold (SipCall *c, gboolean hold, GError **error);
/* Blind transfer: REFER the peer to @target; the call ends ("transferred
 * to ...") when the peer reports success. */
gboolean sip_call_transfer (SipCall *c, const char *target, GError **error);
/* Attended transfer: REFER the peer to @other's peer, replacing @other
 * (RFC 3891). */
gboolean sip_call_transfer_attended (SipCall *c, SipCall *other, GError **error);

/* Every call, for status (transfer container of SipCall*). */
GPtrArray *sip_call_list (SipUa *ua);
/* Frees every call (shutdown): BYE/CANCEL are sent first. */
void sip_call_end_all (SipUa *ua);

G_END_DECLS
