/* Transport and transaction layers against each other on loopback: two
 * stacks in one process, real UDP and TCP sockets, short timers.  Checks
 * request/response, retransmission and its absorption, timeouts with the
 * Cisco retransmission caps, the ACK of a non-2xx INVITE, the ACK of a 2xx
 * reaching the UA core, and the stateless 400 for a malformed request. */
#include "transaction.h"

typedef struct {
  SipTransport *tp;
  SipTxLayer *tx;
  guint requests;         /* new requests seen by the "UA core" */
  guint acks;             /* ACKs without a transaction */
  guint respond_with;     /* status to answer new requests with; 0: none */
  guint respond_after;    /* answer only when the request arrived this often */
  SipServerTx *pending;
  GString *log;
} Stack;

typedef struct {
  Stack a, b;
  GMainLoop *loop;
  guint final_status;
  guint responses;
  gboolean done;
} Fixture;

static void
on_request (SipTxLayer *layer, SipServerTx *tx, const SipMsg *req, const SipPeer *from,
            gpointer data)
{
  Stack *s = data;
  if (!tx)
    {
      s->acks++;
      return;
    }
  s->requests++;
  if (s->respond_with && !s->respond_after)
    sip_server_tx_respond (tx, sip_msg_make_response (req, s->respond_with, NULL, "srv", NULL),
                           s->respond_with);
  else
    s->pending = tx;
}

static void
on_recv (SipTransport *tp, SipMsg **msg, const SipPeer *from, gpointer data)
{
  Stack *s = data;
  /* A late answer: respond once the client has retransmitted enough. */
  if ((*msg)->is_request && s->pending && s->respond_after && --s->respond_after == 0)
    {
      SipServerTx *tx = s->pending;
      s->pending = NULL;
      sip_tx_layer_receive (s->tx, msg, from);
      sip_server_tx_respond (tx, sip_msg_make_response (sip_server_tx_get_request (tx),
                                                        s->respond_with, NULL, "srv", NULL),
                             s->respond_with);
      return;
    }
  sip_tx_layer_receive (s->tx, msg, from);
}

static void
stack_init (Stack *s, const SipTimers *t)
{
  g_autoptr (GError) error = NULL;
  /* UDP picks a free port; TCP must then get the same one, which another
   * process may hold: try a few ports. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      g_clear_error (&error);
      s->tp = sip_transport_new (on_recv, s);
      g_assert_true (sip_transport_listen (s->tp, SIP_TP_UDP, "127.0.0.1", 0, &error));
      if (sip_transport_listen (s->tp, SIP_TP_TCP, "127.0.0.1",
                                sip_transport_get_port (s->tp, SIP_TP_UDP), &error))
        break;
      sip_transport_free (s->tp);
      s->tp = NULL;
    }
  g_assert_no_error (error);
  s->tx = sip_tx_layer_new (s->tp, on_request, s);
  sip_tx_layer_set_timers (s->tx, t);
}

static void
stack_clear (Stack *s)
{
  sip_tx_layer_free (s->tx);
  sip_transport_free (s->tp);
}

static void
setup (Fixture *f, gconstpointer data)
{
  SipTimers t = { 40, 160, 100, 6, 10 };
  stack_init (&f->a, &t);
  stack_init (&f->b, &t);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  stack_clear (&f->a);
  stack_clear (&f->b);
  g_main_loop_unref (f->loop);
}

static gboolean
give_up (gpointer data)
{
  g_error ("the test did not finish in time");
  return G_SOURCE_REMOVE;
}

/* Iterates until @cond or 10 s. */
#define RUN_UNTIL(f, cond)                                                         \
  do                                                                               \
    {                                                                              \
      guint guard_ = g_timeout_add_seconds (10, give_up, NULL);                    \
      while (!(cond))                                                              \
        g_main_context_iteration (NULL, TRUE);                                     \
      g_source_remove (guard_);                                                    \
    }                                                                              \
  while (0)

static void
on_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
  Fixture *f = data;
  f->responses++;
  if (status >= 200)
    {
      f->final_status = status;
      f->done = TRUE;
    }
}

static GString *
request (Fixture *f, const char *method, SipTpKind kind, Stack *to, char **branch_out)
{
  g_autofree char *branch = sip_new_branch ();
  GString *s = g_string_new (NULL);
  g_string_append_printf (s,
                          "%s sip:b@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/%s 127.0.0.1:%u;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:a@127.0.0.1>;tag=a1\r\n"
                          "To: <sip:b@127.0.0.1>\r\n"
                          "Call-ID: %s@test\r\n"
                          "CSeq: 1 %s\r\n"
                          "Content-Length: 0\r\n\r\n",
                          method, sip_transport_get_port (to->tp, kind), sip_tp_kind_to_string (kind),
                          sip_transport_get_port (f->a.tp, kind), branch, branch, method);
  if (branch_out)
    *branch_out = g_steal_pointer (&branch);
  return s;
}

static SipPeer
peer_of (Stack *s, SipTpKind kind)
{
  g_autoptr (GInetAddress) lo = g_inet_address_new_from_string ("127.0.0.1");
  SipPeer p = { kind, G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (lo, sip_transport_get_port (s->tp, kind))), NULL };
  return p;
}

static void
run_request (Fixture *f, const char *method, SipTpKind kind)
{
  SipPeer to = peer_of (&f->b, kind);
  sip_client_tx_start (f->a.tx, request (f, method, kind, &f->b, NULL), &to, on_response, f);
  g_object_unref (to.addr);
  RUN_UNTIL (f, f->done);
}

static void
test_options_over_udp (Fixture *f, gconstpointer d)
{
  f->b.respond_with = 200;
  run_request (f, "OPTIONS", SIP_TP_UDP);
  g_assert_cmpuint (f->final_status, ==, 200);
  g_assert_cmpuint (f->b.requests, ==, 1);
  /* Timers K (client) and J (server) end both transactions. */
  RUN_UNTIL (f, sip_tx_layer_count (f->a.tx) == 0 && sip_tx_layer_count (f->b.tx) == 0);
}

static void
test_options_over_tcp (Fixture *f, gconstpointer d)
{
  f->b.respond_with = 200;
  run_request (f, "OPTIONS", SIP_TP_TCP);
  g_assert_cmpuint (f->final_status, ==, 200);
  g_assert_cmpuint (f->b.requests, ==, 1);
  /* reliable transport: no lingering */
  RUN_UNTIL (f, sip_tx_layer_count (f->a.tx) == 0 && sip_tx_layer_count (f->b.tx) == 0);
}

static void
test_retransmissions_are_absorbed (Fixture *f, gconstpointer d)
{
  SipTransportStats st;
  f->b.respond_with = 200;
  f->b.respond_after = 3; /* answer when the third copy arrives */
  run_request (f, "OPTIONS", SIP_TP_UDP);
  g_assert_cmpuint (f->final_status, ==, 200);
  sip_transport_get_stats (f->b.tp, &st);
  g_assert_cmpuint (st.rx, >=, 3);       /* the client did retransmit */
  g_assert_cmpuint (f->b.requests, ==, 1); /* the core saw it once */
}

/* A UDP port on loopback that nobody listens on. */
static guint16
dead_port (void)
{
  g_autoptr (GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                        G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr (GSocketAddress) sa = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) local = NULL;
  g_assert_true (g_socket_bind (s, sa, FALSE, NULL));
  local = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

static void
test_no_answer_times_out_after_retx_cap (Fixture *f, gconstpointer d)
{
  SipTimers t = { 20, 4000, 100, 2, 3 };
  g_autoptr (GInetAddress) lo = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr (GSocketAddress) sa = g_inet_socket_address_new (lo, dead_port ());
  SipPeer to = { SIP_TP_UDP, G_INET_SOCKET_ADDRESS (sa), NULL };
  gint64 start = g_get_monotonic_time ();

  sip_tx_layer_set_timers (f->a.tx, &t);
  sip_client_tx_start (f->a.tx, request (f, "INVITE", SIP_TP_UDP, &f->b, NULL), &to, on_response, f);
  RUN_UNTIL (f, f->done);
  g_assert_cmpuint (f->final_status, ==, 408);
  g_assert_cmpuint (f->responses, ==, 1); /* only the local 408 */
  /* 2 retransmissions (after 20 and 40 ms), then one more interval (80 ms):
   * far sooner than Timer B's 64*T1 = 1.28 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 140 * 1000);
}

static void
test_invite_rejected_is_acked_by_transaction (Fixture *f, gconstpointer d)
{
  f->b.respond_with = 486;
  run_request (f, "INVITE", SIP_TP_UDP);
  g_assert_cmpuint (f->final_status, ==, 486);
  /* The ACK ends the server transaction (Confirmed, Timer I) and is not
   * passed to the UA core. */
  RUN_UNTIL (f, sip_tx_layer_count (f->b.tx) == 0);
  g_assert_cmpuint (f->b.acks, ==, 0);
}

static void
test_invite_2xx_ack_reaches_core (Fixture *f, gconstpointer d)
{
  SipPeer to = peer_of (&f->b, SIP_TP_UDP);
  g_autofree char *branch = NULL;
  GString *ack;
  f->b.respond_with = 200;
  run_request (f, "INVITE", SIP_TP_UDP);
  g_assert_cmpuint (f->final_status, ==, 200);
  /* The UA core ACKs a 2xx itself, in a new transaction-less request. */
  ack = request (f, "ACK", SIP_TP_UDP, &f->b, &branch);
  g_assert_true (sip_transport_send (f->a.tp, &to, ack->str, ack->len, NULL));
  g_string_free (ack, TRUE);
  g_object_unref (to.addr);
  RUN_UNTIL (f, f->b.acks == 1);
  g_assert_cmpuint (f->b.requests, ==, 1);
}

/* ---- raw socket tests ---- */

static char *
raw_exchange (Fixture *f, const char *text)
{
  g_autoptr (GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                        G_SOCKET_PROTOCOL_UDP, NULL);
  SipPeer to = peer_of (&f->b, SIP_TP_UDP);
  char buf[4096];
  gssize n = -1;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_socket_set_blocking (s, FALSE);
  g_assert_cmpint (g_socket_send_to (s, G_SOCKET_ADDRESS (to.addr), text, strlen (text), NULL, NULL), ==, strlen (text));
  g_object_unref (to.addr);
  while (n < 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      n = g_socket_receive (s, buf, sizeof buf - 1, NULL, NULL);
      if (n < 0)
        g_usleep (1000);
    }
  g_assert_cmpint (n, >, 0);
  buf[n] = '\0';
  return g_strdup (buf);
}

static void
test_malformed_request_gets_400_with_reason (Fixture *f, gconstpointer d)
{
  SipTransportStats st;
  g_autofree char *resp = raw_exchange (
      f, "OPTIONS sip:b@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKbad;rport\r\n"
         "Max-Forwards: 70\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\n"
         "Call-ID: bad1\r\nCSeq: 99999999999 OPTIONS\r\n\r\n");
  g_assert_true (g_str_has_prefix (resp, "SIP/2.0 400 Bad CSeq"));
  /* RFC 3261 18.2.1 / RFC 3581: received and rport filled in */
  g_assert_nonnull (strstr (resp, ";rport="));
  g_assert_nonnull (strstr (resp, ";received=127.0.0.1"));
  g_assert_cmpuint (f->b.requests, ==, 0); /* never reached the core */
  sip_transport_get_stats (f->b.tp, &st);
  g_assert_cmpuint (st.bad_answered, ==, 1);
  /* and the stack still works */
  f->b.respond_with = 200;
  run_request (f, "OPTIONS", SIP_TP_UDP);
  g_assert_cmpuint (f->final_status, ==, 200);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define T(path, fn) g_test_add ("/sip/transaction/" path, Fixture, NULL, setup, fn, teardown)
  T ("options-over-udp", test_options_over_udp);
  T ("options-over-tcp", test_options_over_tcp);
  T ("retransmissions-are-absorbed", test_retransmissions_are_absorbed);
  T ("no-answer-times-out-after-retx-cap", test_no_answer_times_out_after_retx_cap);
  T ("invite-rejected-is-acked-by-transaction", test_invite_rejected_is_acked_by_transaction);
  T ("invite-2xx-ack-reaches-core", test_invite_2xx_ack_reaches_core);
  T ("malformed-request-gets-400-with-reason", test_malformed_request_gets_400_with_reason);
#undef T
  return g_test_run ();
}
