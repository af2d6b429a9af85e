/* Locating SIP servers (RFC 3263, without NAPTR): a host name and port
 * become an ordered list of addresses to try.
 *
 * An IP literal is used as it is.  A name with an explicit port is looked
 * up for A/AAAA.  A name without a port is looked up for SRV first
 * (_sip._udp, _sip._tcp or _sips._tcp by transport), and every target, in
 * priority and weight order, for A/AAAA; with no SRV records, A/AAAA with
 * port 5060 (5061 for TLS).  The caller tries the addresses in order and
 * moves on when one does not answer.  Lookups go through GResolver
 * (g_resolver_get_default ()), so tests can install their own. */
#pragma once

#include <gio/gio.h>

#include "transport.h"

G_BEGIN_DECLS

typedef struct {
  GInetSocketAddress *addr;
  char *host; /* the name the address came from (TLS identity) */
} SipTarget;

void sip_target_free (SipTarget *t);

/* @port 0: not given (use SRV).  Calls @callback on the thread-default
 * context; sip_resolve_finish() returns the targets (transfer full:
 * GPtrArray of SipTarget*, freeing its elements) or NULL with @error when
 * no address was found. */
void sip_resolve_async (const char *host, guint16 port, SipTpKind kind,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data);
GPtrArray *sip_resolve_finish (GAsyncResult *result, GError **error);

G_END_DECLS
