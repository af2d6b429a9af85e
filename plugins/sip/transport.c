/* SIP over UDP and TCP with GIO (RFC 3261 section 18).
 *
 * UDP: one non-blocking GSocket per listening address, drained from a
 * GSource.  TCP: a GSocketService for incoming connections and a
 * GSocketClient for outgoing ones; every connection reads asynchronously
 * into a buffer that sip_msg_frame() cuts into messages, and writes from a
 * queue, one write in flight at a time.  Connections are kept in a table by
 * remote address so requests and responses reuse them.
 *
 * Messages that fail to parse never reach the transaction layer: a request
 * that can be answered gets its 400/505 here, statelessly; anything else is
 * counted and dropped. */
#include "transport.h"

#define UDP_BATCH 64
#define READ_CHUNK 8192

struct _SipConn {
  SipTransport *tp;
  guint id;          /* serial number, never reused: a SipPeer holding a
                      * closed connection's pointer is recognised by it */
  SipTpKind kind;
  char *key;
  GSocketConnection *conn; /* NULL while connecting */
  GInetSocketAddress *remote;
  GCancellable *cancel;
  GByteArray *rbuf;
  guint8 chunk[READ_CHUNK];
  GQueue wqueue; /* GBytes* */
  gboolean writing;
  gboolean outgoing;
  guint keepalive_id;
};

struct _SipTransport {
  SipRecvFunc recv;
  gpointer data;
  GSocket *udp;
  GSource *udp_source;
  guint16 udp_port, tcp_port;
  char *bind_host;
  GSocketService *tcp_service;
  GSocketClient *client;
  GSocketClient *tls_client;
  GTlsDatabase *tls_db;
  GHashTable *conns; /* key -> SipConn* (owned) */
  GHashTable *conns_by_id; /* id -> SipConn* (not owned) */
  guint next_conn_id;
  guint keepalive;
  SipTransportStats stats;
};

static const char *const kind_names[] = { "UDP", "TCP", "TLS" };

const char *
sip_tp_kind_to_string (SipTpKind kind)
{
  return kind <= SIP_TP_TLS ? kind_names[kind] : "?";
}

gboolean
sip_tp_kind_from_string (SipStr s, SipTpKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (sip_str_caseeq (s, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* ::ffff:a.b.c.d as a.b.c.d, so a dual-stack socket reports IPv4 peers the
 * way the rest of the world writes them.  Returns: (transfer full). */
static GInetSocketAddress *
unmap_v4 (GInetSocketAddress *sa)
{
  GInetAddress *a = g_inet_socket_address_get_address (sa);
  if (g_inet_address_get_family (a) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *b = g_inet_address_to_bytes (a);
      static const guint8 prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
      if (memcmp (b, prefix, 12) == 0)
        {
          g_autoptr (GInetAddress) v4 = g_inet_address_new_from_bytes (b + 12, G_SOCKET_FAMILY_IPV4);
          return G_INET_SOCKET_ADDRESS (
              g_inet_socket_address_new (v4, g_inet_socket_address_get_port (sa)));
        }
    }
  return g_object_ref (sa);
}

/* The address to give a socket of @family: IPv4 peers of an IPv6 socket
 * are mapped.  Returns: (transfer full). */
static GSocketAddress *
map_for (GSocketFamily family, GInetSocketAddress *sa)
{
  GInetAddress *a = g_inet_socket_address_get_address (sa);
  if (family == G_SOCKET_FAMILY_IPV6 && g_inet_address_get_family (a) == G_SOCKET_FAMILY_IPV4)
    {
      guint8 b[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
      g_autoptr (GInetAddress) v6 = NULL;
      memcpy (b + 12, g_inet_address_to_bytes (a), 4);
      v6 = g_inet_address_new_from_bytes (b, G_SOCKET_FAMILY_IPV6);
      return g_inet_socket_address_new (v6, g_inet_socket_address_get_port (sa));
    }
  return g_object_ref (G_SOCKET_ADDRESS (sa));
}

static char *
addr_text (GInetSocketAddress *sa, guint16 *port)
{
  *port = g_inet_socket_address_get_port (sa);
  return g_inet_address_to_string (g_inet_socket_address_get_address (sa));
}

/* ---- receiving ---- */

static void
answer_bad_request (SipTransport *tp, SipMsg *msg, const SipPeer *from)
{
  g_autoptr (GString) resp = NULL;
  g_autofree char *tag = g_strdup_printf ("bad%08x", g_random_int ());
  resp = sip_msg_make_response (msg, msg->invalid_status, msg->invalid_reason, tag, NULL);
  if (!resp)
    {
      tp->stats.bad_dropped++;
      return;
    }
  tp->stats.bad_answered++;
  sip_transport_send (tp, from, resp->str, resp->len, NULL);
}

static void
handle_bytes (SipTransport *tp, const char *buf, gsize len, const SipPeer *from)
{
  g_autoptr (GError) error = NULL;
  SipMsg *msg = sip_msg_parse (buf, len, &error);
  guint16 port;

  tp->stats.rx++;
  if (!msg)
    {
      /* CRLF keep-alives land here too: not worth a log line. */
      if (!g_error_matches (error, SIP_MSG_ERROR, SIP_MSG_ERROR_NOT_SIP) || len > 4)
        {
          tp->stats.bad_dropped++;
          g_debug ("sip: dropped %" G_GSIZE_FORMAT " bytes: %s", len, error->message);
        }
      return;
    }
  msg->src_host = addr_text (from->addr, &port);
  msg->src_port = port;
  if (msg->invalid_status)
    {
      g_debug ("sip: refused %s from %s:%u: %u %s", msg->is_request ? "request" : "response",
               msg->src_host, port, msg->invalid_status, msg->invalid_reason);
      if (msg->is_request && msg->method_id != SIP_METHOD_ACK)
        answer_bad_request (tp, msg, from);
      else
        tp->stats.bad_dropped++;
      sip_msg_free (msg);
      return;
    }
  tp->recv (tp, &msg, from, tp->data);
  sip_msg_free (msg);
}

static gboolean
on_udp_readable (GSocket *sock, GIOCondition cond, gpointer data)
{
  SipTransport *tp = data;
  static char buf[SIP_MAX_MESSAGE + 1];

  for (int i = 0; i < UDP_BATCH; i++)
    {
      GSocketAddress *from = NULL;
      g_autoptr (GError) error = NULL;
      gssize n = g_socket_receive_from (sock, &from, buf, sizeof buf, NULL, &error);
      if (n < 0)
        {
          g_clear_object (&from);
          break; /* would block, or an ICMP error from an earlier send */
        }
      if (G_IS_INET_SOCKET_ADDRESS (from))
        {
          g_autoptr (GInetSocketAddress) src = unmap_v4 (G_INET_SOCKET_ADDRESS (from));
          SipPeer peer = { SIP_TP_UDP, src, NULL };
          if ((gsize) n > SIP_MAX_MESSAGE)
            tp->stats.bad_dropped++;
          else
            handle_bytes (tp, buf, n, &peer);
        }
      g_clear_object (&from);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- stream connections ---- */

static void conn_read (SipConn *c);
static void conn_flush (SipConn *c);

static void
conn_free (gpointer p)
{
  SipConn *c = p;
  g_hash_table_remove (c->tp->conns_by_id, GUINT_TO_POINTER (c->id));
  g_cancellable_cancel (c->cancel);
  if (c->keepalive_id)
    g_source_remove (c->keepalive_id);
  if (c->conn)
    g_io_stream_close (G_IO_STREAM (c->conn), NULL, NULL);
  g_clear_object (&c->conn);
  g_clear_object (&c->remote);
  g_clear_object (&c->cancel);
  g_byte_array_unref (c->rbuf);
  g_queue_clear_full (&c->wqueue, (GDestroyNotify) g_bytes_unref);
  g_free (c->key);
  g_free (c);
}

static char *
conn_key (SipTpKind kind, GInetSocketAddress *addr)
{
  guint16 port;
  g_autofree char *ip = addr_text (addr, &port);
  return g_strdup_printf ("%s|%s|%u", sip_tp_kind_to_string (kind), ip, port);
}

/* Ends @c: removing it from the table frees it (after pending callbacks
 * see the cancellation). */
static void
conn_close (SipConn *c, const char *why)
{
  g_debug ("sip: %s connection %s closed: %s", sip_tp_kind_to_string (c->kind), c->key, why);
  g_hash_table_remove (c->tp->conns, c->key);
}

static SipConn *
conn_new (SipTransport *tp, SipTpKind kind, GInetSocketAddress *remote, gboolean outgoing)
{
  SipConn *c = g_new0 (SipConn, 1);
  c->tp = tp;
  c->id = ++tp->next_conn_id;
  g_hash_table_insert (tp->conns_by_id, GUINT_TO_POINTER (c->id), c);
  c->kind = kind;
  c->remote = unmap_v4 (remote);
  c->key = conn_key (kind, c->remote);
  c->cancel = g_cancellable_new ();
  c->rbuf = g_byte_array_new ();
  c->outgoing = outgoing;
  g_queue_init (&c->wqueue);
  g_hash_table_replace (tp->conns, c->key, c);
  return c;
}

/* Cuts complete messages off the front of the read buffer. */
static gboolean
conn_process (SipConn *c)
{
  while (c->rbuf->len)
    {
      g_autoptr (GError) error = NULL;
      gssize n;
      /* RFC 5626 3.5.1: a double CRLF is a ping, answered with one CRLF. */
      if (c->rbuf->len >= 4 && memcmp (c->rbuf->data, "\r\n\r\n", 4) == 0)
        {
          g_byte_array_remove_range (c->rbuf, 0, 4);
          if (!c->outgoing)
            {
              g_queue_push_tail (&c->wqueue, g_bytes_new_static ("\r\n", 2));
              conn_flush (c);
            }
          continue;
        }
      if (c->rbuf->len <= 2 && (c->rbuf->data[0] == '\r' || c->rbuf->data[0] == '\n'))
        {
          /* a pong, or the start of a ping */
          if (c->rbuf->len == 2 && memcmp (c->rbuf->data, "\r\n", 2) == 0)
            g_byte_array_set_size (c->rbuf, 0);
          return TRUE;
        }
      n = sip_msg_frame ((const char *) c->rbuf->data, c->rbuf->len, &error);
      if (n < 0)
        {
          c->tp->stats.bad_dropped++;
          conn_close (c, error->message);
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      {
        SipPeer peer = { c->kind, c->remote, c, c->id, NULL };
        handle_bytes (c->tp, (const char *) c->rbuf->data, n, &peer);
      }
      /* The receiver may have closed us; the table knows. */
      if (g_hash_table_lookup (c->tp->conns, c->key) != c)
        return FALSE;
      g_byte_array_remove_range (c->rbuf, 0, n);
    }
  return TRUE;
}

static void
on_read (GObject *src, GAsyncResult *res, gpointer data)
{
  SipConn *c = data;
  g_autoptr (GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (src), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* freed already */
  if (n <= 0)
    {
      conn_close (c, n == 0 ? "closed by peer" : error->message);
      return;
    }
  g_byte_array_append (c->rbuf, c->chunk, n);
  if (c->rbuf->len > 2 * SIP_MAX_MESSAGE)
    {
      conn_close (c, "peer sent more than a message's worth without a complete message");
      return;
    }
  if (conn_process (c))
    conn_read (c);
}

static void
conn_read (SipConn *c)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c->conn));
  g_input_stream_read_async (in, c->chunk, sizeof c->chunk, G_PRIORITY_DEFAULT, c->cancel,
                             on_read, c);
}

static void
on_written (GObject *src, GAsyncResult *res, gpointer data)
{
  SipConn *c = data;
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (src), res, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        conn_close (c, error->message);
      return;
    }
  g_bytes_unref (g_queue_pop_head (&c->wqueue));
  c->writing = FALSE;
  conn_flush (c);
}

static void
conn_flush (SipConn *c)
{
  GBytes *b;
  gsize len;
  const void *p;
  if (c->writing || !c->conn || !(b = g_queue_peek_head (&c->wqueue)))
    return;
  c->writing = TRUE;
  p = g_bytes_get_data (b, &len);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (c->conn)), p, len,
                                   G_PRIORITY_DEFAULT, c->cancel, on_written, c);
}

static gboolean
on_keepalive (gpointer data)
{
  SipConn *c = data;
  if (c->wqueue.length == 0)
    {
      g_queue_push_tail (&c->wqueue, g_bytes_new_static ("\r\n\r\n", 4));
      conn_flush (c);
    }
  return G_SOURCE_CONTINUE;
}

static void
conn_established (SipConn *c, GSocketConnection *conn)
{
  c->conn = g_object_ref (conn);
  g_socket_set_keepalive (g_socket_connection_get_socket (conn), TRUE);
  if (c->outgoing && c->tp->keepalive)
    c->keepalive_id = g_timeout_add_seconds (c->tp->keepalive, on_keepalive, c);
  conn_read (c);
  conn_flush (c);
}

static void
on_connected (GObject *src, GAsyncResult *res, gpointer data)
{
  SipConn *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) conn =
      g_socket_client_connect_finish (G_SOCKET_CLIENT (src), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!conn)
    {
      g_message ("sip: cannot connect to %s: %s", c->key, error->message);
      conn_close (c, error->message);
      return;
    }
  conn_established (c, conn);
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *conn, GObject *source, gpointer data)
{
  SipTransport *tp = data;
  g_autoptr (GSocketAddress) remote = g_socket_connection_get_remote_address (conn, NULL);
  SipConn *c;
  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return TRUE;
  c = conn_new (tp, SIP_TP_TCP, G_INET_SOCKET_ADDRESS (remote), FALSE);
  conn_established (c, conn);
  return TRUE;
}

/* The handshake is about to start: trust the configured CAs.  The
 * certificate is still fully verified (name, dates, chain). */
static void
on_client_event (GSocketClient *client, GSocketClientEvent event, GSocketConnectable *connectable,
                 GIOStream *connection, gpointer data)
{
  SipTransport *tp = data;
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING && tp->tls_db && G_IS_TLS_CONNECTION (connection))
    g_tls_connection_set_database (G_TLS_CONNECTION (connection), tp->tls_db);
}

gboolean
sip_transport_set_tls_ca (SipTransport *tp, const char *pem_file, GError **error)
{
  g_clear_object (&tp->tls_db);
  if (!pem_file || !*pem_file)
    return TRUE;
  tp->tls_db = g_tls_file_database_new (pem_file, error);
  if (!tp->tls_db)
    g_prefix_error (error, "sip_tls_ca_file %s: ", pem_file);
  return tp->tls_db != NULL;
}

/* ---- public ---- */

SipTransport *
sip_transport_new (SipRecvFunc recv, gpointer data)
{
  SipTransport *tp = g_new0 (SipTransport, 1);
  tp->recv = recv;
  tp->data = data;
  tp->conns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, conn_free);
  tp->conns_by_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  tp->client = g_socket_client_new ();
  g_socket_client_set_timeout (tp->client, 10);
  tp->tls_client = g_socket_client_new ();
  g_socket_client_set_timeout (tp->tls_client, 10);
  g_socket_client_set_tls (tp->tls_client, TRUE);
  g_signal_connect (tp->tls_client, "event", G_CALLBACK (on_client_event), tp);
  tp->keepalive = 30;
  return tp;
}

void
sip_transport_free (SipTransport *tp)
{
  if (!tp)
    return;
  g_hash_table_unref (tp->conns);
  g_hash_table_unref (tp->conns_by_id);
  if (tp->udp_source)
    {
      g_source_destroy (tp->udp_source);
      g_source_unref (tp->udp_source);
    }
  if (tp->udp)
    g_socket_close (tp->udp, NULL);
  g_clear_object (&tp->udp);
  if (tp->tcp_service)
    {
      g_socket_service_stop (tp->tcp_service);
      g_socket_listener_close (G_SOCKET_LISTENER (tp->tcp_service));
    }
  g_clear_object (&tp->tcp_service);
  g_clear_object (&tp->client);
  g_clear_object (&tp->tls_client);
  g_clear_object (&tp->tls_db);
  g_free (tp->bind_host);
  g_free (tp);
}

void
sip_transport_set_keepalive (SipTransport *tp, guint seconds)
{
  tp->keepalive = seconds;
}

/* The address to bind: @host, or "::" (dual-stack) falling back to
 * 0.0.0.0 where IPv6 is off.  Returns: (transfer full). */
static GInetAddress *
bind_address (const char *host, gboolean v6, GError **error)
{
  GInetAddress *a;
  if (!host || !*host)
    return g_inet_address_new_any (v6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4);
  a = g_inet_address_new_from_string (host);
  if (!a)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "cannot listen on '%s': not an IP address", host);
  return a;
}

static gboolean
listen_udp (SipTransport *tp, const char *host, guint16 port, GError **error)
{
  for (int v6 = (host && *host) ? 0 : 1; v6 >= 0; v6--)
    {
      g_autoptr (GInetAddress) a = bind_address (host, v6, error);
      g_autoptr (GSocketAddress) sa = NULL;
      g_autoptr (GSocketAddress) local = NULL;
      g_autoptr (GSocket) sock = NULL;
      GError *err = NULL;
      if (!a)
        return FALSE;
      sa = g_inet_socket_address_new (a, port);
      sock = g_socket_new (g_inet_address_get_family (a), G_SOCKET_TYPE_DATAGRAM,
                           G_SOCKET_PROTOCOL_UDP, &err);
      if (sock && g_socket_bind (sock, sa, FALSE, &err))
        {
          g_socket_set_blocking (sock, FALSE);
          local = g_socket_get_local_address (sock, NULL);
          tp->udp_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
          tp->udp = g_steal_pointer (&sock);
          tp->udp_source = g_socket_create_source (tp->udp, G_IO_IN, NULL);
          g_source_set_callback (tp->udp_source, (GSourceFunc) (void (*) (void)) on_udp_readable,
                                 tp, NULL);
          g_source_attach (tp->udp_source, NULL);
          return TRUE;
        }
      if (v6 && !host)
        {
          g_clear_error (&err); /* no IPv6 here: IPv4 only */
          continue;
        }
      g_propagate_prefixed_error (error, err, "cannot listen on UDP port %u: ", port);
      return FALSE;
    }
  return FALSE;
}

static gboolean
listen_tcp (SipTransport *tp, const char *host, guint16 port, GError **error)
{
  for (int v6 = (host && *host) ? 0 : 1; v6 >= 0; v6--)
    {
      g_autoptr (GInetAddress) a = bind_address (host, v6, error);
      g_autoptr (GSocketAddress) sa = NULL;
      g_autoptr (GSocketAddress) effective = NULL;
      GError *err = NULL;
      GSocketService *svc;
      if (!a)
        return FALSE;
      svc = g_socket_service_new ();
      sa = g_inet_socket_address_new (a, port);
      if (g_socket_listener_add_address (G_SOCKET_LISTENER (svc), sa, G_SOCKET_TYPE_STREAM,
                                         G_SOCKET_PROTOCOL_TCP, NULL, &effective, &err))
        {
          tp->tcp_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
          tp->tcp_service = svc;
          g_signal_connect (svc, "incoming", G_CALLBACK (on_incoming), tp);
          g_socket_service_start (svc);
          return TRUE;
        }
      g_object_unref (svc);
      if (v6 && !host)
        {
          g_clear_error (&err);
          continue;
        }
      g_propagate_prefixed_error (error, err, "cannot listen on TCP port %u: ", port);
      return FALSE;
    }
  return FALSE;
}

gboolean
sip_transport_listen (SipTransport *tp, SipTpKind kind, const char *host, guint16 port,
                      GError **error)
{
  g_free (tp->bind_host);
  tp->bind_host = g_strdup (host);
  switch (kind)
    {
    case SIP_TP_UDP:
      return listen_udp (tp, host, port, error);
    case SIP_TP_TCP:
      return listen_tcp (tp, host, port, error);
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s listening is not available yet", sip_tp_kind_to_string (kind));
      return FALSE;
    }
}

guint16
sip_transport_get_port (SipTransport *tp, SipTpKind kind)
{
  /* TLS is client-side only: its connections come from the TCP port's
   * side of the stack, and that port is what Via and Contact carry. */
  return kind == SIP_TP_UDP ? tp->udp_port : tp->tcp_port;
}

gboolean
sip_transport_can_reach (SipTransport *tp, GInetSocketAddress *addr)
{
  g_autoptr (GInetAddress) bound = NULL;
  GSocketFamily family = g_inet_address_get_family (g_inet_socket_address_get_address (addr));
  if (!tp->bind_host || !*tp->bind_host)
    return TRUE; /* dual-stack */
  bound = g_inet_address_new_from_string (tp->bind_host);
  return !bound || g_inet_address_get_family (bound) == family;
}

char *
sip_transport_local_host (SipTransport *tp, const SipPeer *to)
{
  g_autoptr (GSocket) probe = NULL;
  g_autoptr (GSocketAddress) local = NULL;
  GInetAddress *dst = g_inet_socket_address_get_address (to->addr);

  if (tp->bind_host && *tp->bind_host)
    return g_strdup (tp->bind_host);
  /* A connected UDP socket sends nothing but tells which local address
   * the kernel would route from. */
  probe = g_socket_new (g_inet_address_get_family (dst), G_SOCKET_TYPE_DATAGRAM,
                        G_SOCKET_PROTOCOL_UDP, NULL);
  if (probe && g_socket_connect (probe, G_SOCKET_ADDRESS (to->addr), NULL, NULL) &&
      (local = g_socket_get_local_address (probe, NULL)))
    return g_inet_address_to_string (
        g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  return g_inet_address_to_string (dst);
}

static gboolean
send_stream (SipTransport *tp, const SipPeer *to, const char *data, gsize len, GError **error)
{
  g_autofree char *key = conn_key (to->kind, to->addr);
  /* The connection the peer named, if it is still open: looked up by its
   * serial number, since the pointer may be stale. */
  SipConn *c = to->conn_id ? g_hash_table_lookup (tp->conns_by_id, GUINT_TO_POINTER (to->conn_id))
                           : NULL;
  if (!c)
    c = g_hash_table_lookup (tp->conns, key);
  if (!c)
    {
      c = conn_new (tp, to->kind, to->addr, TRUE);
      if (to->kind == SIP_TP_TLS)
        {
          /* The name the certificate must match: the host name the
           * configuration gave, else the address. */
          g_autoptr (GSocketConnectable) target =
              to->name ? g_network_address_new (to->name, g_inet_socket_address_get_port (to->addr))
                       : G_SOCKET_CONNECTABLE (g_object_ref (to->addr));
          g_autoptr (GSocketConnectable) direct = G_SOCKET_CONNECTABLE (g_object_ref (to->addr));
          /* Connect to the resolved address, verify against the name. */
          g_socket_client_connect_async (tp->tls_client, to->name ? target : direct, c->cancel,
                                         on_connected, c);
        }
      else
        g_socket_client_connect_async (tp->client, G_SOCKET_CONNECTABLE (to->addr), c->cancel,
                                       on_connected, c);
    }
  g_queue_push_tail (&c->wqueue, g_bytes_new (data, len));
  conn_flush (c);
  return TRUE;
}

gboolean
sip_transport_send (SipTransport *tp, const SipPeer *to, const char *data, gsize len,
                    GError **error)
{
  tp->stats.tx++;
  if (to->kind != SIP_TP_UDP)
    return send_stream (tp, to, data, len, error);
  if (!tp->udp)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "not listening on UDP");
      return FALSE;
    }
  {
    g_autoptr (GSocketAddress) dst = map_for (g_socket_get_family (tp->udp), to->addr);
    gssize n = g_socket_send_to (tp->udp, dst, data, len, NULL, error);
    return n == (gssize) len;
  }
}

void
sip_transport_get_stats (SipTransport *tp, SipTransportStats *stats)
{
  *stats = tp->stats;
}
