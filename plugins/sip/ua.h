/* The SIP user agent core: one transport, one transaction layer, the lines
 * of the phone and what a UA answers by itself (OPTIONS, requests it does
 * not support).  Configuration comes from the core's DeskConfig, state goes
 * out on the bus.  Main thread only. */
#pragma once

#include <deskphone/deskphone.h>

G_BEGIN_DECLS

typedef struct _SipUa SipUa;

/* Listens on voip_control_port (UDP and TCP) at sip_bind_address.
 * Returns: (transfer full) or NULL with @error. */
SipUa *sip_ua_new (DeskConfig *config, DeskBus *bus, DeskRegistry *registry, GError **error);
/* Starts registering the lines that have a registrar. */
void sip_ua_start (SipUa *ua);
/* Unregisters registered lines, waiting at most @timeout_ms for the
 * answers (the process is usually about to exit). */
void sip_ua_stop (SipUa *ua, guint timeout_ms);
void sip_ua_free (SipUa *ua);

/* "registered", "registering", "failed" or "disabled". */
const char *sip_ua_line_state (SipUa *ua, guint line);
gboolean sip_ua_set_registered (SipUa *ua, guint line, gboolean on, GError **error);

G_END_DECLS
