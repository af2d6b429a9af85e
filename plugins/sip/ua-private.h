/* What ua.c and register.c share. */
#pragma once

#include "auth.h"
#include "transaction.h"
#include "ua.h"

#define SIP_UA_LINES DESK_CONFIG_MAX_LINES

typedef struct _SipLine SipLine;

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

/* The transport to use for the registrar and the proxies. */
SipTpKind sip_ua_transport (SipUa *ua);
