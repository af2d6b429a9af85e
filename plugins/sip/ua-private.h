/* What ua.c and register.c share. */
#pragma once

#include "auth.h"
#include "transaction.h"
#include "ua.h"

#define SIP_UA_LINES DESK_CONFIG_MAX_LINES

typedef struct _SipLine SipLine;
typedef struct _SipMwi SipMwi;

struct _SipUa {
  DeskConfig *config;
  DeskBus *bus;
  DeskRegistry *registry;
  SipTransport *tp;
  SipTxLayer *txl;
  SipLine *lines[SIP_UA_LINES];
  guint config_sub;
  char *user_agent;
  GHashTable *calls; /* id -> SipCall* (call.c) */
  GHashTable *calls_by_call_id; /* dialog Call-ID -> SipCall* (not owned) */
  SipMwi *mwi[SIP_UA_LINES];
  char *nat_learned; /* received= of a REGISTER's 200 (nat_received_processing) */
  guint call_counter;
};

GHashTable *sip_call_table_new (void);

/* The methods this UA answers, for Allow headers. */
#define SIP_UA_ALLOW "INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, REFER, INFO"

SipLine *sip_line_new (SipUa *ua, guint n);
void sip_line_free (SipLine *line);
void sip_line_start (SipLine *line);
/* Sends the un-REGISTER; returns TRUE while an answer is awaited. */
gboolean sip_line_unregister (SipLine *line);
gboolean sip_line_busy (SipLine *line);
const char *sip_line_state (SipLine *line);

/* Publishes "mwi.state" from an application/simple-message-summary body;
 * FALSE if it has no Messages-Waiting line. */
gboolean sip_ua_publish_mwi (SipUa *ua, guint line, SipStr body);

/* Where line @n registers (NULL until it has registered), and the
 * registrar's host name (the domain of the line's address). */
GInetSocketAddress *sip_line_dest (SipLine *line);
const char *sip_line_domain (SipLine *line);

/* Message-waiting subscriptions (mwi.c), one per registered line. */
SipMwi *sip_mwi_new (SipUa *ua, guint line);
void sip_mwi_free (SipMwi *m);
/* Subscribes (again) now that the line is registered. */
void sip_mwi_start (SipMwi *m);
/* Ends the subscription (Expires: 0). */
void sip_mwi_stop (SipMwi *m);
/* A NOTIFY inside a subscription dialog: TRUE if one of ours took it. */
gboolean sip_mwi_notify (SipUa *ua, SipServerTx *tx, const SipMsg *req);

/* The host this phone advertises in Contact and SDP (spec N-03..N-06):
 * with nat_enable, the address the registrar saw (when
 * nat_received_processing learned one), else nat_address; otherwise
 * @local, the address the phone sends from.  Returns: (transfer none). */
const char *sip_ua_contact_host (SipUa *ua, const char *local);

/* The transport to use for the registrar and the proxies. */
SipTpKind sip_ua_transport (SipUa *ua);
