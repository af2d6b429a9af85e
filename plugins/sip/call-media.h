/* The SDP side of a call: which codecs the phone can offer (the registry's
 * codec:* providers, preferred_codec first), and the offer/answer state of
 * the session (sdp.h).  RTP itself belongs to the media plugin. */
#pragma once

#include "ua-private.h"

G_BEGIN_DECLS

typedef struct _CallMedia CallMedia;

CallMedia *call_media_new (SipUa *ua, guint line);
void call_media_free (CallMedia *m);
/* Our RTP address, the one the SIP messages of the call use. */
void call_media_set_local_addr (CallMedia *m, const char *addr);

/* The codec in use ("PCMU"), "" before negotiation. */
const char *call_media_codec (CallMedia *m);
/* Our offer (INVITE, re-INVITE; @hold makes it sendonly).  NULL with
 * @error when the phone has no codec. */
char *call_media_offer (CallMedia *m, gboolean hold, GError **error);
/* The peer's answer to our last offer.  @early: from a 1xx (no SDP there
 * is fine). */
gboolean call_media_take_answer (CallMedia *m, SipStr body, gboolean early, GError **error);
/* Whether an offer can be answered (for a 488 before ringing). */
gboolean call_media_check_offer (CallMedia *m, SipStr body, GError **error);
/* Our answer to @offer; with an empty @offer, our own offer (the answer
 * then comes in the ACK). */
char *call_media_answer_or_offer (CallMedia *m, SipStr offer, GError **error);
gboolean call_media_on_hold (CallMedia *m);
/* Restores our hold state after a refused re-INVITE. */
void call_media_set_hold (CallMedia *m, gboolean hold);
gboolean call_media_remote_on_hold (CallMedia *m);

G_END_DECLS
