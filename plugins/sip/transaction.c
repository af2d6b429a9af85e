/* The four transaction state machines of RFC 3261 section 17 (plus RFC
 * 6026's Accepted state for INVITE), driven by GLib timeouts.
 *
 * Client transactions are keyed by top-Via branch and CSeq method; server
 * transactions by branch, sent-by and method (ACK finds its INVITE), or for
 * RFC 2543 requests without the magic cookie by Call-ID, CSeq, From tag and
 * top Via.  Each transaction has at most one retransmission timer and one
 * lifetime timer running. */
#include <stdio.h>

#include "transaction.h"

#define MAGIC "z9hG4bK"

typedef enum {
  TX_CALLING,     /* client INVITE; client non-INVITE "Trying" */
  TX_TRYING,      /* server non-INVITE */
  TX_PROCEEDING,
  TX_ACCEPTED,    /* RFC 6026: INVITE after a 2xx */
  TX_COMPLETED,
  TX_CONFIRMED,   /* server INVITE after the ACK */
  TX_TERMINATED,
} TxState;

struct _SipTxLayer {
  SipTransport *tp;
  SipTimers timers;
  SipRequestFunc on_request;
  gpointer data;
  GHashTable *clients; /* key -> SipClientTx* (owned) */
  GHashTable *servers; /* key -> SipServerTx* (owned) */
  guint sweep_id;      /* ends transactions whose reap_at has passed */
};

struct _SipClientTx {
  SipTxLayer *layer;
  char *key;
  TxState state;
  gboolean invite;
  GString *request;
  SipMsg *req;       /* parsed @request, for building the ACK */
  SipPeer peer;      /* addr owned */
  SipClientFunc func;
  gpointer data;
  GDestroyNotify destroy;
  GString *ack;      /* ACK to a non-2xx final, resent on retransmissions */
  guint retx_timer, life_timer;
  guint interval;    /* current retransmission interval, ms */
  guint sent;        /* retransmissions so far */
  gint64 reap_at;    /* monotonic µs when it ends (D, K, M); 0: not yet */
};

struct _SipServerTx {
  SipTxLayer *layer;
  char *key;
  TxState state;
  gboolean invite;
  SipMsg *req;
  SipPeer peer;      /* addr owned; conn borrowed */
  GString *last;     /* last response sent */
  guint last_status;
  guint retx_timer, life_timer;
  guint interval;
  gint64 reap_at;    /* monotonic µs when it ends (H, I, J, M); 0: not yet */
};

static gboolean
reliable (const SipPeer *p)
{
  return p->kind != SIP_TP_UDP;
}

static void
peer_copy (SipPeer *dst, const SipPeer *src)
{
  *dst = *src;
  dst->addr = g_object_ref (src->addr);
}

static void
clear_timers (guint *a, guint *b)
{
  g_clear_handle_id (a, g_source_remove);
  g_clear_handle_id (b, g_source_remove);
}

/* ---- lifetimes ----
 *
 * Most of a transaction's life on UDP is waiting out Timer J, K, D, H, I or
 * M (up to 64*T1 = 32 s) to absorb retransmissions.  One GLib timer each
 * would put tens of thousands of sources on the main context under load,
 * and GLib walks them all on every iteration; instead each transaction
 * records when it ends and one sweep a quarter second ends those due. */

static gboolean
server_due (gpointer key, gpointer value, gpointer data)
{
  SipServerTx *tx = value;
  return tx->reap_at && tx->reap_at <= *(gint64 *) data;
}

static gboolean
client_due (gpointer key, gpointer value, gpointer data)
{
  SipClientTx *tx = value;
  return tx->reap_at && tx->reap_at <= *(gint64 *) data;
}

static gboolean
sweep (gpointer data)
{
  SipTxLayer *l = data;
  gint64 now = g_get_monotonic_time ();
  g_hash_table_foreach_remove (l->servers, server_due, &now);
  g_hash_table_foreach_remove (l->clients, client_due, &now);
  if (g_hash_table_size (l->servers) + g_hash_table_size (l->clients) == 0)
    {
      l->sweep_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
reap_after (SipTxLayer *l, gint64 *reap_at, guint ms)
{
  *reap_at = g_get_monotonic_time () + (gint64) ms * 1000;
  if (!l->sweep_id)
    l->sweep_id = g_timeout_add (250, sweep, l);
}

char *
sip_new_branch (void)
{
  return g_strdup_printf (MAGIC "%08x%08x%08x", g_random_int (), g_random_int (), g_random_int ());
}

/* ---- keys ---- */

static char *
client_key (SipStr branch, SipStr method)
{
  return g_strdup_printf ("%.*s|%.*s", (int) branch.len, branch.p, (int) method.len, method.p);
}

static char *
server_key (const SipMsg *m)
{
  SipStr method = m->method;
  if (m->method_id == SIP_METHOD_ACK)
    method = SIP_STR_LIT ("INVITE");
  if (m->via.branch.len > 7 && memcmp (m->via.branch.p, MAGIC, 7) == 0)
    return g_strdup_printf ("%.*s|%.*s:%u|%.*s", (int) m->via.branch.len, m->via.branch.p,
                            (int) m->via.host.len, m->via.host.p, m->via.port,
                            (int) method.len, method.p);
  /* RFC 2543: no usable branch (RFC 3261 17.2.3, second part) */
  return g_strdup_printf ("2543|%.*s|%u|%.*s|%.*s:%u|%.*s", (int) m->call_id.len, m->call_id.p,
                          m->cseq, (int) m->from.tag.len, m->from.tag.p, (int) m->via.host.len,
                          m->via.host.p, m->via.port, (int) method.len, method.p);
}

/* ---- client ---- */

static void
client_free (gpointer p)
{
  SipClientTx *tx = p;
  clear_timers (&tx->retx_timer, &tx->life_timer);
  if (tx->destroy && tx->data)
    tx->destroy (tx->data);
  g_string_free (tx->request, TRUE);
  if (tx->ack)
    g_string_free (tx->ack, TRUE);
  sip_msg_free (tx->req);
  g_clear_object (&tx->peer.addr);
  g_free (tx->key);
  g_free (tx);
}

static void
client_terminate (SipClientTx *tx)
{
  tx->state = TX_TERMINATED;
  g_hash_table_remove (tx->layer->clients, tx->key); /* frees */
}

static void
client_report (SipClientTx *tx, const SipMsg *resp, guint status)
{
  if (tx->func)
    tx->func (tx, resp, status, tx->data);
}

static void
client_send (SipClientTx *tx, const GString *s)
{
  g_autoptr (GError) error = NULL;
  if (!sip_transport_send (tx->layer->tp, &tx->peer, s->str, s->len, &error))
    g_debug ("sip: send failed: %s", error->message);
}

/* No answer: report 408 (once) and end.  Removes the transaction's timers,
 * so it may be called from any of them. */
static void
client_fail (SipClientTx *tx)
{
  clear_timers (&tx->retx_timer, &tx->life_timer);
  if (tx->state == TX_CALLING || tx->state == TX_PROCEEDING)
    {
      SipClientFunc f = tx->func;
      tx->func = NULL;
      if (f)
        f (tx, NULL, 408, tx->data);
    }
  client_terminate (tx);
}

static gboolean
client_timeout (gpointer data)
{
  SipClientTx *tx = data;
  /* This source is ending: forget its id, so it is not removed twice.
   * Every other timer of the transaction is removed before it is freed. */
  tx->life_timer = 0;
  client_fail (tx);
  return G_SOURCE_REMOVE;
}

static gboolean
client_retransmit (gpointer data)
{
  SipClientTx *tx = data;
  const SipTimers *t = &tx->layer->timers;
  guint cap = tx->invite ? t->invite_retx : t->retx;

  tx->retx_timer = 0;
  if (tx->sent >= cap)
    {
      /* The Cisco caps: that many retransmissions unanswered is a failure
       * (this is what makes failover to a backup proxy quick). */
      client_fail (tx);
      return G_SOURCE_REMOVE;
    }
  client_send (tx, tx->request);
  tx->sent++;
  tx->interval = tx->invite ? tx->interval * 2
                            : MIN (tx->interval * 2, t->t2);
  if (tx->state == TX_PROCEEDING && !tx->invite)
    tx->interval = t->t2;
  tx->retx_timer = g_timeout_add (tx->interval, client_retransmit, tx);
  return G_SOURCE_REMOVE;
}

static GString *
build_ack (SipClientTx *tx, const SipMsg *resp)
{
  const SipMsg *r = tx->req;
  GString *s = g_string_sized_new (512);
  const SipHdr *via = sip_msg_find (r, SIP_HDR_VIA);
  SipStr top = SIP_STR_NULL;
  const SipHdr *to = sip_msg_find (resp, SIP_HDR_TO);

  /* RFC 3261 17.1.1.3: same Request-URI, top Via, From, Call-ID, Route;
   * To from the response; CSeq number with method ACK. */
  g_string_append_printf (s, "ACK %.*s SIP/2.0\r\n", (int) r->ruri.len, r->ruri.p);
  top = sip_first_value (via->value);
  g_string_append_printf (s, "Via: %.*s\r\n", (int) top.len, top.p);
  for (guint i = 0; i < r->n_hdrs; i++)
    {
      const SipHdr *h = &r->hdrs[i];
      if (h->id == SIP_HDR_FROM || h->id == SIP_HDR_CALL_ID || h->id == SIP_HDR_ROUTE ||
          h->id == SIP_HDR_MAX_FORWARDS)
        g_string_append_printf (s, "%s: %.*s\r\n", sip_hdr_name (h->id), (int) h->value.len,
                                h->value.p);
    }
  g_string_append_printf (s, "To: %.*s\r\n", (int) to->value.len, to->value.p);
  g_string_append_printf (s, "CSeq: %u ACK\r\nContent-Length: 0\r\n\r\n", r->cseq);
  return s;
}

static void
client_receive (SipClientTx *tx, const SipMsg *resp)
{
  const SipTimers *t = &tx->layer->timers;
  guint st = resp->status;

  switch (tx->state)
    {
    case TX_CALLING:
    case TX_PROCEEDING:
      if (st < 200)
        {
          tx->state = TX_PROCEEDING;
          if (tx->invite)
            clear_timers (&tx->retx_timer, &tx->life_timer);
          client_report (tx, resp, st);
          return;
        }
      clear_timers (&tx->retx_timer, &tx->life_timer);
      if (tx->invite && st < 300)
        {
          tx->state = TX_ACCEPTED;
          reap_after (tx->layer, &tx->reap_at, 64 * t->t1); /* M */
          client_report (tx, resp, st);
          return;
        }
      tx->state = TX_COMPLETED;
      if (tx->invite)
        {
          tx->ack = build_ack (tx, resp);
          client_send (tx, tx->ack);
        }
      client_report (tx, resp, st);
      /* Timer D (INVITE, 32 s) / K (T4) absorb retransmitted finals. */
      if (reliable (&tx->peer))
        client_terminate (tx);
      else
        reap_after (tx->layer, &tx->reap_at, tx->invite ? MAX (32000u, 64 * t->t1) : t->t4); /* D, K */
      return;
    case TX_ACCEPTED:
      if (st >= 200 && st < 300)
        client_report (tx, resp, st); /* the UA core ACKs each 2xx */
      return;
    case TX_COMPLETED:
      if (tx->ack && st >= 300)
        client_send (tx, tx->ack);
      return;
    default:
      return;
    }
}

SipClientTx *
sip_client_tx_start (SipTxLayer *layer, GString *request, const SipPeer *to, SipClientFunc func,
                     gpointer data)
{
  return sip_client_tx_start_full (layer, request, to, func, data, NULL);
}

SipClientTx *
sip_client_tx_start_full (SipTxLayer *layer, GString *request, const SipPeer *to,
                          SipClientFunc func, gpointer data, GDestroyNotify destroy)
{
  SipClientTx *tx = g_new0 (SipClientTx, 1);
  g_autoptr (GError) error = NULL;
  const SipTimers *t = &layer->timers;

  tx->layer = layer;
  tx->request = request;
  tx->req = sip_msg_parse (request->str, request->len, &error);
  if (!tx->req || tx->req->invalid_status)
    {
      /* our own request does not parse: a bug in its builder */
      g_critical ("sip: refusing to send a malformed request (%s): %.*s",
                  tx->req ? tx->req->invalid_reason : error->message, (int) MIN (request->len, 200),
                  request->str);
      sip_msg_free (tx->req);
      g_string_free (request, TRUE);
      g_free (tx);
      if (destroy && data)
        destroy (data);
      return NULL;
    }
  tx->invite = tx->req->method_id == SIP_METHOD_INVITE;
  tx->key = client_key (tx->req->via.branch, tx->req->method);
  peer_copy (&tx->peer, to);
  tx->func = func;
  tx->data = data;
  tx->destroy = destroy;
  tx->state = TX_CALLING;
  g_hash_table_replace (layer->clients, tx->key, tx);
  client_send (tx, tx->request);
  tx->interval = t->t1;
  if (!reliable (to))
    tx->retx_timer = g_timeout_add (tx->interval, client_retransmit, tx);
  tx->life_timer = g_timeout_add (64 * t->t1, client_timeout, tx);
  return tx;
}

void
sip_client_tx_cancelled (SipClientTx *tx)
{
  if (tx->state != TX_CALLING && tx->state != TX_PROCEEDING)
    return;
  g_clear_handle_id (&tx->life_timer, g_source_remove);
  tx->life_timer = g_timeout_add (64 * tx->layer->timers.t1, client_timeout, tx);
}

void
sip_client_tx_detach (SipClientTx *tx)
{
  tx->func = NULL;
}

const SipMsg *
sip_client_tx_get_request (SipClientTx *tx)
{
  return tx->req;
}

const SipPeer *
sip_client_tx_get_peer (SipClientTx *tx)
{
  return &tx->peer;
}

/* ---- server ---- */

static void
server_free (gpointer p)
{
  SipServerTx *tx = p;
  clear_timers (&tx->retx_timer, &tx->life_timer);
  sip_msg_free (tx->req);
  if (tx->last)
    g_string_free (tx->last, TRUE);
  g_clear_object (&tx->peer.addr);
  g_free (tx->key);
  g_free (tx);
}

static void
server_send_last (SipServerTx *tx)
{
  g_autoptr (GError) error = NULL;
  if (tx->last && !sip_transport_send (tx->layer->tp, &tx->peer, tx->last->str, tx->last->len,
                                       &error))
    g_debug ("sip: send failed: %s", error->message);
}

static gboolean
server_retransmit (gpointer data)
{
  SipServerTx *tx = data;
  tx->retx_timer = 0;
  if (tx->state != TX_COMPLETED)
    return G_SOURCE_REMOVE;
  server_send_last (tx);
  tx->interval = MIN (tx->interval * 2, tx->layer->timers.t2);
  tx->retx_timer = g_timeout_add (tx->interval, server_retransmit, tx);
  return G_SOURCE_REMOVE;
}

void
sip_server_tx_respond (SipServerTx *tx, GString *response, guint status)
{
  const SipTimers *t = &tx->layer->timers;

  if (tx->state >= TX_ACCEPTED)
    {
      g_string_free (response, TRUE); /* final already sent */
      return;
    }
  if (tx->last)
    g_string_free (tx->last, TRUE);
  tx->last = response;
  tx->last_status = status;
  server_send_last (tx);
  if (status < 200)
    {
      tx->state = TX_PROCEEDING;
      return;
    }
  if (tx->invite && status < 300)
    {
      /* RFC 6026: stay to absorb retransmitted INVITEs; the UA core
       * retransmits the 2xx itself until the ACK. */
      tx->state = TX_ACCEPTED;
      reap_after (tx->layer, &tx->reap_at, 64 * t->t1); /* M */
      return;
    }
  tx->state = TX_COMPLETED;
  if (tx->invite)
    {
      if (!reliable (&tx->peer))
        {
          tx->interval = t->t1;
          tx->retx_timer = g_timeout_add (tx->interval, server_retransmit, tx); /* G */
        }
      reap_after (tx->layer, &tx->reap_at, 64 * t->t1); /* H */
    }
  else
    reap_after (tx->layer, &tx->reap_at, reliable (&tx->peer) ? 0 : 64 * t->t1); /* J */
}

const SipMsg *
sip_server_tx_get_request (SipServerTx *tx)
{
  return tx->req;
}

gboolean
sip_server_tx_is_final (SipServerTx *tx)
{
  return tx->last_status >= 200;
}

SipServerTx *
sip_tx_layer_find_cancelled (SipTxLayer *layer, const SipMsg *cancel)
{
  g_autofree char *key = NULL;
  SipServerTx *tx;
  SipMsg copy = *cancel;
  copy.method = SIP_STR_LIT ("INVITE");
  copy.method_id = SIP_METHOD_INVITE;
  key = server_key (&copy);
  tx = g_hash_table_lookup (layer->servers, key);
  return tx && tx->invite ? tx : NULL;
}

/* A retransmission or an ACK for an existing server transaction. */
static void
server_receive (SipServerTx *tx, const SipMsg *req)
{
  const SipTimers *t = &tx->layer->timers;
  if (req->method_id == SIP_METHOD_ACK)
    {
      if (tx->state == TX_COMPLETED)
        {
          tx->state = TX_CONFIRMED;
          clear_timers (&tx->retx_timer, &tx->life_timer);
          reap_after (tx->layer, &tx->reap_at, reliable (&tx->peer) ? 0 : t->t4); /* I */
        }
      return;
    }
  if (tx->state == TX_PROCEEDING || tx->state == TX_COMPLETED)
    server_send_last (tx);
}

static void
server_new (SipTxLayer *layer, SipMsg **msg, const SipPeer *from, char *key)
{
  SipServerTx *tx = g_new0 (SipServerTx, 1);
  tx->layer = layer;
  tx->key = key;
  tx->req = g_steal_pointer (msg);
  tx->invite = tx->req->method_id == SIP_METHOD_INVITE;
  tx->state = tx->invite ? TX_PROCEEDING : TX_TRYING;
  peer_copy (&tx->peer, from);
  g_hash_table_replace (layer->servers, tx->key, tx);
  if (tx->invite)
    sip_server_tx_respond (tx, sip_msg_make_response (tx->req, 100, NULL, NULL, NULL), 100);
  layer->on_request (layer, tx, tx->req, from, layer->data);
}

void
sip_tx_layer_receive (SipTxLayer *layer, SipMsg **msg, const SipPeer *from)
{
  SipMsg *m = *msg;
  if (!m->is_request)
    {
      g_autofree char *key = client_key (m->via.branch, m->cseq_method);
      SipClientTx *tx = g_hash_table_lookup (layer->clients, key);
      if (tx)
        client_receive (tx, m);
      else
        g_debug ("sip: response %u with no transaction dropped", m->status);
      return;
    }
  {
    char *key = server_key (m);
    SipServerTx *tx = g_hash_table_lookup (layer->servers, key);
    if (tx)
      {
        g_free (key);
        server_receive (tx, m);
        if (m->method_id == SIP_METHOD_ACK && tx->state == TX_ACCEPTED)
          layer->on_request (layer, NULL, m, from, layer->data); /* ACK for the 2xx */
        return;
      }
    if (m->method_id == SIP_METHOD_ACK)
      {
        g_free (key);
        layer->on_request (layer, NULL, m, from, layer->data);
        return;
      }
    server_new (layer, msg, from, key);
  }
}

/* ---- layer ---- */

SipTxLayer *
sip_tx_layer_new (SipTransport *tp, SipRequestFunc on_request, gpointer data)
{
  SipTxLayer *l = g_new0 (SipTxLayer, 1);
  l->tp = tp;
  l->timers = SIP_TIMERS_DEFAULT;
  l->on_request = on_request;
  l->data = data;
  l->clients = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, client_free);
  l->servers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, server_free);
  return l;
}

void
sip_tx_layer_free (SipTxLayer *layer)
{
  if (!layer)
    return;
  g_clear_handle_id (&layer->sweep_id, g_source_remove);
  g_hash_table_unref (layer->clients);
  g_hash_table_unref (layer->servers);
  g_free (layer);
}

void
sip_tx_layer_set_timers (SipTxLayer *layer, const SipTimers *timers)
{
  layer->timers = *timers;
  if (layer->timers.t1 == 0)
    layer->timers.t1 = 500;
  if (layer->timers.t2 < layer->timers.t1)
    layer->timers.t2 = layer->timers.t1;
}

const SipTimers *
sip_tx_layer_get_timers (SipTxLayer *layer)
{
  return &layer->timers;
}

guint
sip_tx_layer_count (SipTxLayer *layer)
{
  return g_hash_table_size (layer->clients) + g_hash_table_size (layer->servers);
}
