/* SIP transports (RFC 3261 section 18) over GIO: UDP and TCP on IPv4 and
 * IPv6, stream framing by Content-Length, connection reuse, CRLF
 * keep-alives (RFC 5626 3.5.1), TLS client connections (GIO's TLS with
 * glib-networking; the server certificate is verified), and the server-side rules that do not need
 * a transaction: a malformed request is answered with its 400 (or 505)
 * here, statelessly, and a malformed response is dropped.
 *
 * Everything runs on the GMainContext the transport was created on. */
#pragma once

#include <gio/gio.h>

#include "msg.h"

G_BEGIN_DECLS

typedef enum {
  SIP_TP_UDP,
  SIP_TP_TCP,
  SIP_TP_TLS,
} SipTpKind;

typedef struct _SipTransport SipTransport;
typedef struct _SipConn SipConn;

/* Where a message came from or goes to.  @conn pins a stream connection
 * (a response goes back on the connection its request came on). */
typedef struct {
  SipTpKind kind;
  GInetSocketAddress *addr; /* owned by whoever holds the SipPeer */
  SipConn *conn;            /* identifies a connection; never dereferenced
                             * outside transport.c, which checks it is
                             * still open (by conn_id) first; may be NULL */
  guint conn_id;            /* the connection's serial number */
  const char *name;         /* TLS: the host name the certificate must
                             * match (borrowed); NULL: the address */
} SipPeer;

/* A valid message and where it came from.  @msg is borrowed for the call;
 * steal it (set to NULL) to keep it. */
typedef void (*SipRecvFunc) (SipTransport *tp, SipMsg **msg, const SipPeer *from,
                             gpointer data);

const char *sip_tp_kind_to_string (SipTpKind kind); /* "UDP", "TCP", "TLS" */
gboolean sip_tp_kind_from_string (SipStr s, SipTpKind *kind);

SipTransport *sip_transport_new (SipRecvFunc recv, gpointer data);
void sip_transport_free (SipTransport *tp);

/* Listens on @kind at @host (NULL: every address, IPv6 and IPv4) and @port
 * (0: any free port).  UDP and TCP of one transport share the port when
 * both are opened with the same @port. */
gboolean sip_transport_listen (SipTransport *tp, SipTpKind kind, const char *host,
                               guint16 port, GError **error);
/* The port listened on (0 if not listening). */
guint16 sip_transport_get_port (SipTransport *tp, SipTpKind kind);
/* Whether this transport can send to @addr at all (a socket bound to an
 * IPv4 address cannot reach an IPv6 one, and the other way round). */
gboolean sip_transport_can_reach (SipTransport *tp, GInetSocketAddress *addr);
/* The local address to advertise in Via/Contact when talking to @to. */
char *sip_transport_local_host (SipTransport *tp, const SipPeer *to);

/* Sends @data to @to.  UDP: one datagram.  Streams: on @to->conn if set,
 * else on an open connection to the address, else a new connection
 * (queued until it is up).  Errors that are known at once are returned;
 * a connection that later fails is reported through @fail (may be NULL). */
gboolean sip_transport_send (SipTransport *tp, const SipPeer *to, const char *data,
                             gsize len, GError **error);

/* TLS: trust the CA certificates in @pem_file (PEM) instead of the system's
 * (a private PBX's own CA).  NULL goes back to the system's. */
gboolean sip_transport_set_tls_ca (SipTransport *tp, const char *pem_file, GError **error);

/* Interval of the CRLF keep-alive on client stream connections (seconds;
 * 0 disables). */
void sip_transport_set_keepalive (SipTransport *tp, guint seconds);

/* Counters for tests and status: datagrams/messages in and out, and
 * malformed requests answered or dropped. */
typedef struct {
  guint64 rx, tx, bad_answered, bad_dropped;
} SipTransportStats;
void sip_transport_get_stats (SipTransport *tp, SipTransportStats *stats);

G_END_DECLS
