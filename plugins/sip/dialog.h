/* SIP dialogs (RFC 3261 section 12): the state two user agents share after
 * an INVITE (or a SUBSCRIBE/REFER) is answered: Call-ID, tags, CSeq
 * numbers, the remote target and the route set.  Builds requests inside a
 * dialog (loose routing, RFC 3261 12.2.1.1) and recognises requests and
 * responses that belong to it. */
#pragma once

#include "msg.h"

G_BEGIN_DECLS

typedef struct {
  char *call_id;
  char *local_tag;
  char *remote_tag;     /* NULL while early and the UAS has not tagged */
  guint32 local_cseq;
  guint32 remote_cseq;  /* 0: none seen yet */
  char *local_uri;      /* name-addr without tag: "<sip:alice@a.example>" */
  char *remote_uri;
  char *remote_target;  /* the peer's Contact URI (no <>) */
  GPtrArray *route_set; /* char* route values ("<sip:p1;lr>"), in use order */
  gboolean confirmed;
} SipDialog;

/* The UAC side, from the request we sent and a response carrying a To tag
 * (1xx early, 2xx confirmed).  Returns: (transfer full) or NULL if the
 * response cannot create a dialog (no To tag, no Contact). */
SipDialog *sip_dialog_new_uac (const SipMsg *request, const SipMsg *response);
/* The UAS side, from a received dialog-creating request and our To tag. */
SipDialog *sip_dialog_new_uas (const SipMsg *request, const char *local_tag);
void sip_dialog_free (SipDialog *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipDialog, sip_dialog_free)

/* Whether @msg belongs to @d (Call-ID and both tags, from our side). */
gboolean sip_dialog_matches (const SipDialog *d, const SipMsg *msg);

/* A target refresh (re-INVITE, its 2xx, UPDATE) updates the remote target
 * from the Contact of @msg. */
void sip_dialog_refresh_target (SipDialog *d, const SipMsg *msg);

/* Starts an in-dialog request: Request-URI, Route, From, To, Call-ID and
 * CSeq (@cseq 0: the next local number).  The caller appends Via first
 * (pass it in @via_line, "Via: ...\r\n"), then its own headers, then the
 * body.  Returns: (transfer full) the request line and headers so far;
 * *@next_hop gets the URI the request goes to first (the first route with
 * ;lr, or the remote target). */
GString *sip_dialog_request (SipDialog *d, const char *method, guint32 cseq,
                             const char *via_line, char **next_hop);

G_END_DECLS
