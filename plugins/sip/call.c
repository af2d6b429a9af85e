/* INVITE sessions: the UAC and UAS halves of a call on top of the
 * transaction layer (RFC 3261 13-15, RFC 3264 for the SDP inside).
 *
 * A call owns its dialog, the INVITE transaction in flight, its digest
 * session and its SDP state (call-media.c).  Calls are kept in the UA's
 * table by id ("c1", "c2", ...) and freed a little after they end, so a
 * late retransmission still finds them. */
#include <stdio.h>
#include <stdlib.h>

#include "call-media.h"
#include "call.h"
#include "dialog.h"
#include "resolve.h"
#include "uri.h"

#define MAX_REDIRECTS 5
#define LINGER_MS 5000

typedef enum {
  ST_DIALING,
  ST_PROCEEDING,
  ST_RINGBACK,
  ST_ALERTING,
  ST_CONNECTED,
  ST_HELD,
  ST_REMOTE_HELD,
  ST_ENDED,
} CallState;

static const char *const state_names[] = {
  "dialing", "proceeding", "ringback", "alerting", "connected", "held", "remote-held", "ended",
};

struct _SipCall {
  SipUa *ua;
  char *id;
  guint line;
  gboolean outgoing;
  CallState state;
  char *peer;
  char *reason;

  /* UAC */
  char *ruri;
  GInetSocketAddress *hop; /* where requests go first */
  SipTpKind kind;
  char *call_id, *local_tag;
  guint32 cseq;
  char *from_value, *to_value;
  SipClientTx *invite_tx;
  gboolean got_provisional, cancel_pending, cancelled;
  guint redirects;
  SipAuthSession *auth;

  /* UAS */
  SipServerTx *invite_stx;
  SipMsg *invite;    /* the INVITE being answered (copy) */
  SipPeer from;      /* where it came from */
  GString *ok;       /* our 2xx, retransmitted until the ACK */
  guint ok_timer, ok_interval, ok_elapsed;

  SipDialog *dialog;
  CallMedia *media;
  guint linger_timer;

  /* transfer (RFC 3515) */
  char *replaces;       /* Replaces header value to send with our INVITE */
  char *referred_by;    /* id of the call whose REFER made this one */
  char *transfer_target;/* we REFERred the peer here */
  char *requested_by;   /* Requested-By for our INVITE (BYE/Also transfer) */
  gboolean bye_sent;
  gboolean reinvite_pending; /* our re-INVITE awaits its final response */
  gboolean hold_before;      /* hold state to restore if it fails */
  guint expire_timer;        /* timer_invite_expires for our INVITE */
  guint32 ok_cseq;      /* CSeq of the INVITE our c->ok answers */
  SipPeer ok_to;        /* where c->ok goes (addr owned) */
};

static void call_send_invite (SipCall *c, GError **error);

/* What a call's client transactions carry instead of the call itself:
 * the call may be freed before they end, so each callback looks it up. */
typedef struct {
  SipUa *ua;
  char *id;
} CallRef;

static void
call_ref_free (gpointer p)
{
  CallRef *r = p;
  g_free (r->id);
  g_free (r);
}

static CallRef *
call_ref (SipCall *c);

/* The call a handle names, or NULL if it is gone. */
static SipCall *
call_of (gpointer data)
{
  CallRef *r = data;
  return sip_call_find (r->ua, r->id);
}
static gboolean hangup_with (SipCall *c, const char *why, GError **error);

/* ---- small helpers ---- */

static GHashTable *
calls (SipUa *ua)
{
  return ua->calls;
}

const char *
sip_call_id (SipCall *c)
{
  return c->id;
}

const char *
sip_call_state (SipCall *c)
{
  return state_names[c->state];
}

SipCall *
sip_call_find (SipUa *ua, const char *id)
{
  return g_hash_table_lookup (calls (ua), id);
}

static CallRef *
call_ref (SipCall *c)
{
  CallRef *r = g_new0 (CallRef, 1);
  r->ua = c->ua;
  r->id = g_strdup (c->id);
  return r;
}

static void
publish (SipCall *c)
{
  desk_bus_emit (c->ua->bus, "call.state",
                 "id", g_variant_new_string (c->id),
                 "line", g_variant_new_uint32 (c->line),
                 "state", g_variant_new_string (state_names[c->state]),
                 "direction", g_variant_new_string (c->outgoing ? "outgoing" : "incoming"),
                 "peer", g_variant_new_string (c->peer ? c->peer : ""),
                 "reason", g_variant_new_string (c->reason ? c->reason : ""),
                 "codec", g_variant_new_string (call_media_codec (c->media)),
                 NULL);
}

static gboolean
on_linger_done (gpointer data)
{
  SipCall *c = data;
  c->linger_timer = 0;
  g_hash_table_remove (calls (c->ua), c->id); /* frees */
  return G_SOURCE_REMOVE;
}

static void notify_referrer (SipCall *c, CallState st, const char *reason);

static void
set_state (SipCall *c, CallState st, const char *reason)
{
  if (c->state == ST_ENDED)
    return;
  if (c->referred_by)
    notify_referrer (c, st, reason);
  c->state = st;
  if (reason)
    {
      g_free (c->reason);
      c->reason = g_strdup (reason);
    }
  g_info ("call %s: %s%s%s", c->id, state_names[st], reason ? ": " : "", reason ? reason : "");
  publish (c);
  if (st != ST_DIALING && st != ST_PROCEEDING && st != ST_RINGBACK)
    g_clear_handle_id (&c->expire_timer, g_source_remove);
  if (st == ST_ENDED)
    {
      g_clear_handle_id (&c->ok_timer, g_source_remove);
      /* An INVITE in flight stays attached: its 487, or a 200 crossing our
       * CANCEL (which gets ACK and BYE), still arrives here. */
      {
        /* An INVITE still in flight (hung up while dialling) may yet be
         * answered: stay until that is settled (64*T1), so a 200 gets its
         * ACK and BYE. */
        guint linger = LINGER_MS;
        if (c->outgoing && (c->invite_tx || c->cancel_pending))
          linger = MAX (linger, 64 * sip_tx_layer_get_timers (c->ua->txl)->t1 + 1000);
        c->linger_timer = g_timeout_add (linger, on_linger_done, c);
      }
    }
}

/* Calls by dialog Call-ID, so an in-dialog request finds its call without
 * a scan of every call (ended ones linger 5 s). */
static void
index_call (SipCall *c)
{
  g_hash_table_replace (c->ua->calls_by_call_id, g_strdup (c->dialog->call_id), c);
}

static void
call_free (gpointer p)
{
  SipCall *c = p;
  if (c->dialog && c->ua->calls_by_call_id &&
      g_hash_table_lookup (c->ua->calls_by_call_id, c->dialog->call_id) == c)
    g_hash_table_remove (c->ua->calls_by_call_id, c->dialog->call_id);
  g_clear_handle_id (&c->ok_timer, g_source_remove);
  g_clear_handle_id (&c->linger_timer, g_source_remove);
  g_clear_handle_id (&c->expire_timer, g_source_remove);
  if (c->invite_tx)
    sip_client_tx_detach (c->invite_tx);
  sip_dialog_free (c->dialog);
  call_media_free (c->media);
  sip_auth_session_free (c->auth);
  sip_msg_free (c->invite);
  g_clear_object (&c->from.addr);
  g_clear_object (&c->ok_to.addr);
  g_clear_object (&c->hop);
  if (c->ok)
    g_string_free (c->ok, TRUE);
  g_free (c->id);
  g_free (c->peer);
  g_free (c->reason);
  g_free (c->ruri);
  g_free (c->call_id);
  g_free (c->local_tag);
  g_free (c->from_value);
  g_free (c->to_value);
  g_free (c->replaces);
  g_free (c->referred_by);
  g_free (c->transfer_target);
  g_free (c->requested_by);
  g_free (c);
}

GHashTable *
sip_call_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, call_free);
}

static SipCall *
call_new (SipUa *ua, guint line, gboolean outgoing)
{
  SipCall *c = g_new0 (SipCall, 1);
  c->ua = ua;
  c->id = g_strdup_printf ("c%u", ++ua->call_counter);
  c->line = line;
  c->outgoing = outgoing;
  c->auth = sip_auth_session_new ();
  c->media = call_media_new (ua, line);
  g_hash_table_replace (calls (ua), c->id, c);
  return c;
}

static const char *
line_cfg (SipUa *ua, guint line, const char *what)
{
  char name[64];
  g_snprintf (name, sizeof name, "line%u_%s", line, what);
  return desk_config_get_string (ua->config, name);
}

static const char *
user_cfg (SipUa *ua, guint line, const char *what)
{
  char name[64];
  g_snprintf (name, sizeof name, "user%u_%s", line, what);
  return desk_config_get_string (ua->config, name);
}

static const char *
proxy_of (SipUa *ua, guint line, guint16 *port)
{
  char name[32];
  g_snprintf (name, sizeof name, "proxy%u_port", line);
  *port = desk_config_get_int (ua->config, name);
  g_snprintf (name, sizeof name, "proxy%u_address", line);
  return desk_config_get_string (ua->config, name);
}

/* Host and port of a SIP URI or a route value, as a socket address when
 * the host is an IP literal (transfer full), else NULL. */
static GInetSocketAddress *
uri_address (const char *uri_text)
{
  SipUri u;
  const char *why;
  SipNameAddr na;
  SipStr s = sip_str (uri_text, strlen (uri_text));
  g_autofree char *host = NULL;
  g_autoptr (GInetAddress) ip = NULL;

  if (uri_text[0] == '<' && sip_parse_name_addr (s, &na, &why))
    s = na.uri;
  if (!sip_uri_parse (s.p, s.len, &u, &why) || u.scheme > SIP_URI_SIPS)
    return NULL;
  {
    SipStr maddr;
    if (sip_uri_param (&u, "maddr", &maddr) && maddr.len)
      host = sip_str_dup (maddr);
    else
      host = sip_str_dup (u.host);
  }
  ip = g_inet_address_new_from_string (host);
  if (!ip)
    return NULL;
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (ip, u.port ? u.port : 5060));
}

static char *
via_line (SipUa *ua, SipTpKind kind, GInetSocketAddress *to, char **branch_out)
{
  SipPeer p = { kind, to, NULL };
  g_autofree char *local = sip_transport_local_host (ua->tp, &p);
  char *branch = sip_new_branch ();
  gboolean v6 = strchr (local, ':') != NULL;
  char *line = g_strdup_printf ("Via: SIP/2.0/%s %s%s%s:%u;branch=%s;rport\r\n",
                                sip_tp_kind_to_string (kind), v6 ? "[" : "", local,
                                v6 ? "]" : "", sip_transport_get_port (ua->tp, kind), branch);
  if (branch_out)
    *branch_out = branch;
  else
    g_free (branch);
  return line;
}

static char *
contact_value (SipUa *ua, guint line, SipTpKind kind, GInetSocketAddress *to)
{
  SipPeer p = { kind, to, NULL };
  g_autofree char *local = sip_transport_local_host (ua->tp, &p);
  const char *user = line_cfg (ua, line, "name");
  const char *host = sip_ua_contact_host (ua, local);
  gboolean v6 = strchr (host, ':') != NULL;
  return g_strdup_printf ("<sip:%s%s%s%s%s:%u%s>", *user ? user : "", *user ? "@" : "",
                          v6 ? "[" : "", host, v6 ? "]" : "",
                          sip_transport_get_port (ua->tp, kind),
                          kind == SIP_TP_TCP ? ";transport=tcp" : kind == SIP_TP_TLS ? ";transport=tls" : "");
}

/* Sends @req (a complete in-dialog request) and forgets about it unless
 * @func is given. */
/* An in-dialog request in flight, kept to send it again after a 401/407. */
typedef struct {
  CallRef ref; /* first: the handlers' data is a CallRef */
  char *method, *extra, *ctype, *body;
  SipClientFunc then;
  guint tries;
} InDialogReq;

static void in_dialog_req_free (gpointer p);
static void on_in_dialog_response (SipClientTx *tx, const SipMsg *resp, guint status,
                                   gpointer data);
static void send_in_dialog_full (SipCall *c, const char *method, guint32 cseq, const char *extra,
                                 const char *ctype, const char *body, SipClientFunc func,
                                 guint tries);

static void
send_in_dialog (SipCall *c, const char *method, const char *extra, const char *ctype,
                const char *body, SipClientFunc func)
{
  send_in_dialog_full (c, method, 0, extra, ctype, body, func, 0);
}

static void
send_in_dialog_cseq (SipCall *c, const char *method, guint32 cseq, const char *extra,
                     const char *ctype, const char *body, SipClientFunc func)
{
  send_in_dialog_full (c, method, cseq, extra, ctype, body, func, 0);
}

/* @cseq 0: the dialog's next number; an ACK must give its INVITE's.
 * @tries: how often a challenge was answered already. */
static void
send_in_dialog_full (SipCall *c, const char *method, guint32 cseq, const char *extra,
                     const char *ctype, const char *body, SipClientFunc func, guint tries)
{
  g_autofree char *branch = NULL;
  g_autofree char *hop_uri = NULL;
  g_autofree char *via = NULL;
  g_autoptr (GInetSocketAddress) dest = NULL;
  GString *req;
  SipPeer to;

  if (!strcmp (method, "ACK") && !cseq)
    cseq = c->dialog->local_cseq;
  req = sip_dialog_request (c->dialog, method, cseq, "", &hop_uri);
  dest = uri_address (hop_uri);
  if (!dest)
    dest = g_object_ref (c->outgoing ? c->hop : c->from.addr);
  via = via_line (c->ua, c->kind, dest, &branch);
  /* Insert the Via right after the request line. */
  g_string_insert (req, strchr (req->str, '\n') - req->str + 1, via);
  if (extra)
    g_string_append (req, extra);
  g_string_append_printf (req, "User-Agent: %s\r\n", c->ua->user_agent);
  if (strcmp (method, "ACK") != 0)
    {
      /* Credentials the call already answered a challenge with go on every
       * request of the dialog (BYE, REFER, re-INVITE ...). */
      const char *authname = user_cfg (c->ua, c->line, "authname");
      g_autofree char *ruri = g_strndup (req->str + strlen (method) + 1,
                                         strstr (req->str, " SIP/2.0") - req->str - strlen (method) - 1);
      sip_auth_session_authorize (c->auth, method, ruri,
                                  *authname ? authname : line_cfg (c->ua, c->line, "name"),
                                  user_cfg (c->ua, c->line, "password"),
                                  body ? sip_str (body, strlen (body)) : SIP_STR_NULL, req, NULL);
    }
  if (body)
    g_string_append_printf (req, "Content-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                            ctype, strlen (body), body);
  else
    g_string_append (req, "Content-Length: 0\r\n\r\n");
  to = (SipPeer) { c->kind, dest, c->outgoing ? NULL : c->from.conn,
                   c->outgoing ? 0 : c->from.conn_id, NULL };
  if (!strcmp (method, "ACK"))
    {
      sip_transport_send (c->ua->tp, &to, req->str, req->len, NULL);
      g_string_free (req, TRUE);
      return;
    }
  {
    /* Every in-dialog request may be challenged (401/407): the handler
     * answers once and sends it again, then hands over to @func. */
    InDialogReq *r = g_new0 (InDialogReq, 1);
    r->ref.ua = c->ua;
    r->ref.id = g_strdup (c->id);
    r->method = g_strdup (method);
    r->extra = g_strdup (extra);
    r->ctype = g_strdup (ctype);
    r->body = g_strdup (body);
    r->then = func;
    r->tries = tries;
    sip_client_tx_start_full (c->ua->txl, req, &to, on_in_dialog_response, r, in_dialog_req_free);
  }
}

static void
in_dialog_req_free (gpointer p)
{
  InDialogReq *r = p;
  g_free (r->ref.id);
  g_free (r->method);
  g_free (r->extra);
  g_free (r->ctype);
  g_free (r->body);
  g_free (r);
}

static void
on_in_dialog_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
  InDialogReq *r = data;
  SipCall *c = call_of (&r->ref);
  g_autoptr (GError) error = NULL;

  if (!c)
    return;
  if ((status == 401 || status == 407) && r->tries == 0 && c->dialog &&
      sip_auth_session_challenged (c->auth, resp, sip_client_tx_get_request (tx), &error))
    {
      send_in_dialog_full (c, r->method, 0, r->extra, r->ctype, r->body, r->then, 1);
      return;
    }
  if (r->then)
    r->then (tx, resp, status, &r->ref);
}

/* ---- UAC ---- */

/* The Request-URI for what the user dialled. */
static char *
target_uri (SipUa *ua, guint line, const char *target, GError **error)
{
  g_autoptr (GInetAddress) ip = NULL;
  guint16 pport;
  const char *proxy = proxy_of (ua, line, &pport);
  g_autofree char *host = NULL;

  if (g_str_has_prefix (target, "sip:") || g_str_has_prefix (target, "sips:") ||
      g_str_has_prefix (target, "tel:"))
    return g_strdup (target);
  if (strchr (target, '@'))
    return g_strdup_printf ("sip:%s", target);
  /* direct IP dialling: an address, maybe with :port */
  host = g_strdup (target);
  if (strrchr (host, ':') && !strchr (strrchr (host, ':'), ']') && strchr (host, '.'))
    *strrchr (host, ':') = '\0';
  ip = g_inet_address_new_from_string (host[0] == '[' ? host + 1 : host);
  if (ip || target[0] == '[')
    return g_strdup_printf ("sip:%s", target);
  if (!*proxy)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "line %u has no proxy to dial '%s' through: configure proxy%u_address, "
                   "or dial a sip: URI or an IP address", line, target, line);
      return NULL;
    }
  return g_strdup_printf ("sip:%s@%s%s%s:%u", target, strchr (proxy, ':') ? "[" : "", proxy,
                          strchr (proxy, ':') ? "]" : "", pport ? pport : 5060);
}

/* Where the INVITE goes first: outbound_proxy, the line's proxy while
 * registering through it, else the Request-URI's host (or maddr).  Port 0
 * means "not given" (SRV decides, RFC 3263). */
static gboolean
hop_of (SipUa *ua, guint line, const char *ruri, char **host, guint16 *port, GError **error)
{
  const char *outbound = desk_config_get_string (ua->config, "outbound_proxy");
  guint16 pport;
  const char *proxy = proxy_of (ua, line, &pport);
  SipUri u;
  const char *why;
  SipStr maddr;

  if (*outbound)
    {
      *host = g_strdup (outbound);
      *port = desk_config_get_int (ua->config, "outbound_proxy_port");
      return TRUE;
    }
  if (*proxy && desk_config_get_bool (ua->config, "proxy_register"))
    {
      char name[32];
      g_snprintf (name, sizeof name, "proxy%u_port", line);
      *host = g_strdup (proxy);
      *port = desk_config_get_source (ua->config, name) != DESK_CONFIG_LAYER_DEFAULT ? pport : 0;
      return TRUE;
    }
  if (!sip_uri_parse (ruri, strlen (ruri), &u, &why) || u.scheme > SIP_URI_SIPS || !u.host.len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "cannot reach %s: it names no host (configure a proxy)", ruri);
      return FALSE;
    }
  *host = sip_uri_param (&u, "maddr", &maddr) && maddr.len ? sip_str_dup (maddr) : sip_str_dup (u.host);
  *port = u.port;
  return TRUE;
}

static void
on_cancel_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
}

static void
send_cancel (SipCall *c)
{
  const SipMsg *inv = sip_client_tx_get_request (c->invite_tx);
  GString *s = g_string_sized_new (512);
  SipStr top = sip_first_value (sip_msg_find (inv, SIP_HDR_VIA)->value);
  SipPeer to = { c->kind, c->hop, NULL };

  /* RFC 3261 9.1: same Request-URI, top Via, Call-ID, From, To, Route and
   * CSeq number as the INVITE. */
  g_string_append_printf (s, "CANCEL %.*s SIP/2.0\r\nVia: %.*s\r\n", (int) inv->ruri.len,
                          inv->ruri.p, (int) top.len, top.p);
  for (guint k = 0; k < inv->n_hdrs; k++)
    {
      const SipHdr *h = &inv->hdrs[k];
      if (h->id == SIP_HDR_FROM || h->id == SIP_HDR_TO || h->id == SIP_HDR_CALL_ID ||
          h->id == SIP_HDR_ROUTE || h->id == SIP_HDR_MAX_FORWARDS)
        g_string_append_printf (s, "%s: %.*s\r\n", sip_hdr_name (h->id), (int) h->value.len,
                                h->value.p);
    }
  g_string_append_printf (s, "CSeq: %u CANCEL\r\nContent-Length: 0\r\n\r\n", inv->cseq);
  sip_client_tx_start (c->ua->txl, s, &to, on_cancel_response, NULL);
  sip_client_tx_cancelled (c->invite_tx);
  c->cancelled = TRUE;
}

typedef struct {
  SipUa *ua;
  char *id;
  gboolean redirect; /* a 3xx sent the call elsewhere: replace the hop */
} HopJob;

static void on_hop_resolved (GObject *src, GAsyncResult *res, gpointer data);

/* After a 3xx: the INVITE again, to the new Request-URI's next hop
 * (located like any call's). */
static void
redirect_to (SipCall *c)
{
  g_autofree char *host = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) literal = NULL;
  guint16 port = 0;

  if (!hop_of (c->ua, c->line, c->ruri, &host, &port, &error))
    {
      set_state (c, ST_ENDED, error->message);
      return;
    }
  literal = g_inet_address_new_from_string (host);
  if (literal)
    {
      g_clear_object (&c->hop);
      c->hop = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (literal, port ? port : 5060));
      call_send_invite (c, &error);
      if (error)
        set_state (c, ST_ENDED, error->message);
      return;
    }
  {
    HopJob *job = g_new0 (HopJob, 1);
    job->ua = c->ua;
    job->id = g_strdup (c->id);
    job->redirect = TRUE;
    sip_resolve_async (host, port, c->kind, NULL, on_hop_resolved, job);
  }
}

static gboolean
first_redirect (SipStr v, gpointer data)
{
  SipNameAddr na;
  const char *why;
  if (sip_parse_name_addr (v, &na, &why) && !na.star)
    {
      *(char **) data = sip_str_dup (na.uri);
      return FALSE;
    }
  return TRUE;
}

/* The Authorization and Proxy-Authorization lines of @req: the ACK of a
 * 2xx carries the INVITE's credentials (RFC 3261 13.2.2.4); NULL if none. */
static char *
invite_credentials (const SipMsg *req)
{
  GString *out = NULL;

  for (guint i = 0; req && i < req->n_hdrs; i++)
    {
      const SipHdr *h = &req->hdrs[i];
      if (h->id != SIP_HDR_AUTHORIZATION && h->id != SIP_HDR_PROXY_AUTHORIZATION)
        continue;
      if (!out)
        out = g_string_new (NULL);
      g_string_append_printf (out, "%s: %.*s\r\n", sip_hdr_name (h->id),
                              (int) h->value.len, h->value.p);
    }
  return out ? g_string_free (out, FALSE) : NULL;
}

static void
on_invite_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
  SipCall *c = call_of (data);
  g_autoptr (GError) error = NULL;
  g_autofree char *creds = NULL;

  if (!c)
    return;
  if (status < 200)
    {
      c->got_provisional = TRUE;
      if (c->cancel_pending && !c->cancelled)
        {
          send_cancel (c);
          return;
        }
      if (resp && resp->body.len)
        call_media_take_answer (c->media, resp->body, TRUE, NULL);
      if (status == 180 || status == 183)
        set_state (c, ST_RINGBACK, NULL);
      else if (c->state == ST_DIALING)
        set_state (c, ST_PROCEEDING, NULL);
      return;
    }
  if (status < 300)
    {
      creds = invite_credentials (sip_client_tx_get_request (tx));
      if (!c->dialog)
        {
          c->dialog = sip_dialog_new_uac (sip_client_tx_get_request (tx), resp);
          if (!c->dialog)
            {
              set_state (c, ST_ENDED, "the 2xx cannot form a dialog (no To tag or Contact)");
              return;
            }
          index_call (c);
        }
      else if (c->dialog->remote_tag && !sip_str_eq (resp->to.tag, c->dialog->remote_tag))
        {
          /* A forked INVITE answered a second time (RFC 3261 13.2.2.4):
           * that dialog is ACKed and ended at once; we keep the first. */
          SipDialog *fork = sip_dialog_new_uac (sip_client_tx_get_request (tx), resp);
          if (fork)
            {
              SipDialog *keep = c->dialog;
              c->dialog = fork;
              send_in_dialog_cseq (c, "ACK", resp->cseq, creds, NULL, NULL, NULL);
              /* tries 1: a challenge to this BYE is not answered, since a
               * retry would be built on the kept dialog */
              send_in_dialog_full (c, "BYE", 0, NULL, NULL, NULL, NULL, 1);
              c->dialog = keep;
              sip_dialog_free (fork);
            }
          return;
        }
      c->invite_tx = NULL;
      send_in_dialog_cseq (c, "ACK", resp->cseq, creds, NULL, NULL, NULL);
      if (c->cancelled || c->cancel_pending)
        {
          /* hung up while the answer crossed our CANCEL: end it (once;
           * retransmitted 2xx are only ACKed) */
          if (!c->bye_sent)
            send_in_dialog (c, "BYE", NULL, NULL, NULL, NULL);
          c->bye_sent = TRUE;
          set_state (c, ST_ENDED, "hung up");
          return;
        }
      if (c->state == ST_CONNECTED || c->state == ST_HELD || c->state == ST_REMOTE_HELD)
        return; /* a retransmitted 2xx: ACKed again above */
      if (!call_media_take_answer (c->media, resp->body, FALSE, &error))
        {
          send_in_dialog (c, "BYE", NULL, NULL, NULL, NULL);
          set_state (c, ST_ENDED, error->message);
          return;
        }
      set_state (c, ST_CONNECTED, NULL);
      return;
    }
  c->invite_tx = NULL;
  if ((status == 401 || status == 407) && !c->cancelled && !c->cancel_pending)
    {
      if (sip_auth_session_challenged (c->auth, resp, sip_client_tx_get_request (tx), &error))
        {
          call_send_invite (c, &error);
          if (!error)
            return;
        }
      set_state (c, ST_ENDED, error->message);
      return;
    }
  if (status >= 300 && status < 400 && resp && c->redirects < MAX_REDIRECTS && !c->cancelled)
    {
      char *next = NULL;
      sip_msg_foreach_value (resp, SIP_HDR_CONTACT, first_redirect, &next);
      if (next)
        {
          c->redirects++;
          g_info ("call %s: redirected to %s", c->id, next);
          g_free (c->ruri);
          c->ruri = next;
          redirect_to (c);
          return;
        }
    }
  if (c->cancelled)
    set_state (c, ST_ENDED, "hung up");
  else if (!resp)
    set_state (c, ST_ENDED, status == 408 ? "no answer (408)" : "cannot reach the far end");
  else
    {
      g_autofree char *why = g_strdup_printf ("%u %.*s", status, (int) resp->reason.len, resp->reason.p);
      set_state (c, ST_ENDED, why);
    }
}

static void
call_send_invite (SipCall *c, GError **error)
{
  SipUa *ua = c->ua;
  g_autofree char *branch = NULL;
  g_autofree char *via = via_line (ua, c->kind, c->hop, &branch);
  g_autofree char *contact = contact_value (ua, c->line, c->kind, c->hop);
  g_autofree char *sdp = call_media_offer (c->media, FALSE, error);
  const char *authname = user_cfg (ua, c->line, "authname");
  const char *password = user_cfg (ua, c->line, "password");
  GString *s;
  SipPeer to = { c->kind, c->hop, NULL };

  if (!sdp)
    return;
  s = g_string_sized_new (1536);
  g_string_append_printf (s, "INVITE %s SIP/2.0\r\n%s", c->ruri, via);
  g_string_append (s, "Max-Forwards: 70\r\n");
  g_string_append_printf (s, "From: %s;tag=%s\r\n", c->from_value, c->local_tag);
  g_string_append_printf (s, "To: %s\r\n", c->to_value);
  g_string_append_printf (s, "Call-ID: %s\r\n", c->call_id);
  g_string_append_printf (s, "CSeq: %u INVITE\r\n", ++c->cseq);
  g_string_append_printf (s, "Contact: %s\r\n", contact);
  g_string_append_printf (s, "Allow: %s\r\n", SIP_UA_ALLOW);
  g_string_append_printf (s, "Expires: %u\r\n",
                          (guint) desk_config_get_int (ua->config, "timer_invite_expires"));
  g_string_append_printf (s, "User-Agent: %s\r\n", ua->user_agent);
  if (c->replaces)
    g_string_append_printf (s, "Replaces: %s\r\n", c->replaces);
  if (c->requested_by)
    g_string_append_printf (s, "Requested-By: %s\r\n", c->requested_by);
  if (!sip_auth_session_authorize (c->auth, "INVITE", c->ruri,
                                   *authname ? authname : line_cfg (ua, c->line, "name"), password,
                                   SIP_STR_NULL, s, error))
    {
      g_string_free (s, TRUE);
      return;
    }
  g_string_append_printf (s, "Content-Type: application/sdp\r\nContent-Length: %" G_GSIZE_FORMAT
                             "\r\n\r\n%s", strlen (sdp), sdp);
  c->invite_tx = sip_client_tx_start_full (ua->txl, s, &to, on_invite_response, call_ref (c),
                                           call_ref_free);
}

static SipCall *dial (SipUa *ua, guint line, const char *target, const char *replaces,
                      const char *requested_by, GError **error);

SipCall *
sip_call_dial (SipUa *ua, guint line, const char *target, GError **error)
{
  return dial (ua, line, target, NULL, NULL, error);
}

/* The next hop is known: the rest of the INVITE. */
static void
start_invite (SipCall *c, GInetSocketAddress *hop)
{
  SipUa *ua = c->ua;
  const char *user = line_cfg (ua, c->line, "name");
  const char *display = line_cfg (ua, c->line, "displayname");
  guint16 pport;
  const char *proxy = proxy_of (ua, c->line, &pport);
  g_autofree char *local = NULL;
  g_autoptr (GError) error = NULL;
  SipPeer p = { c->kind, hop, NULL };

  c->hop = g_object_ref (hop);
  local = sip_transport_local_host (ua->tp, &p);
  call_media_set_local_addr (c->media, sip_ua_contact_host (ua, local));
  /* callerid_blocking: present ourselves as anonymous (RFC 3323 style). */
  if (desk_config_get_int (ua->config, "callerid_blocking") % 2)
    c->from_value = g_strdup ("\"Anonymous\" <sip:anonymous@anonymous.invalid>");
  else
    c->from_value = g_strdup_printf ("%s%s%s<sip:%s@%s>", *display ? "\"" : "", display,
                                     *display ? "\" " : "", *user ? user : "deskphone",
                                     *proxy ? proxy : local);
  c->to_value = g_strdup_printf ("<%s>", c->ruri);
  call_send_invite (c, &error);
  if (!c->invite_tx)
    set_state (c, ST_ENDED, error ? error->message : "cannot send");
}

/* The first of @targets (may be NULL) this phone's socket can reach. */
static SipTarget *
first_reachable (SipUa *ua, GPtrArray *targets)
{
  for (guint i = 0; targets && i < targets->len; i++)
    {
      SipTarget *t = g_ptr_array_index (targets, i);
      if (sip_transport_can_reach (ua->tp, t->addr))
        return t;
    }
  return NULL;
}

static void
on_hop_resolved (GObject *src, GAsyncResult *res, gpointer data)
{
  HopJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) targets = sip_resolve_finish (res, &error);
  SipCall *c = sip_call_find (job->ua, job->id);

  if (c && job->redirect && c->state != ST_ENDED)
    {
      SipTarget *use = first_reachable (c->ua, targets);
      g_autoptr (GError) err = NULL;
      if (!use)
        set_state (c, ST_ENDED, "cannot resolve the redirect target");
      else
        {
          g_clear_object (&c->hop);
          c->hop = g_object_ref (use->addr);
          call_send_invite (c, &err);
          if (err)
            set_state (c, ST_ENDED, err->message);
        }
    }
  else if (c && c->state == ST_DIALING && !c->hop)
    {
      SipTarget *use = first_reachable (c->ua, targets);
      if (use)
        start_invite (c, use->addr);
      else if (targets)
        set_state (c, ST_ENDED, "the next hop has no address this phone can reach");
      else
        {
          g_autofree char *why = g_strdup_printf ("cannot resolve the next hop: %s", error->message);
          set_state (c, ST_ENDED, why);
        }
    }
  g_free (job->id);
  g_free (job);
}

/* timer_invite_expires: an outgoing call not answered by then is given up
 * (CANCEL), as the Expires header we sent said. */
static gboolean
on_invite_expired (gpointer data)
{
  SipCall *c = data;
  c->expire_timer = 0;
  if (c->state == ST_DIALING || c->state == ST_PROCEEDING || c->state == ST_RINGBACK)
    hangup_with (c, "no answer", NULL);
  return G_SOURCE_REMOVE;
}

static SipCall *
dial (SipUa *ua, guint line, const char *target, const char *replaces, const char *requested_by,
      GError **error)
{
  g_autofree char *ruri = NULL, *host = NULL;
  g_autoptr (GInetAddress) literal = NULL;
  guint16 port = 0;
  SipCall *c;

  if (line < 1 || line > SIP_UA_LINES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no line %u", line);
      return NULL;
    }
  if (!(ruri = target_uri (ua, line, target, error)) ||
      !hop_of (ua, line, ruri, &host, &port, error))
    return NULL;
  c = call_new (ua, line, TRUE);
  c->kind = sip_ua_transport (ua);
  /* a sips: URI asks for TLS on every hop (RFC 3261 26.2) */
  if (g_str_has_prefix (ruri, "sips:"))
    c->kind = SIP_TP_TLS;
  c->ruri = g_steal_pointer (&ruri);
  c->peer = g_strdup (c->ruri);
  c->call_id = g_strdup_printf ("%08x%08x%08x@deskphone", g_random_int (), g_random_int (),
                                g_random_int ());
  c->local_tag = g_strdup_printf ("%08x", g_random_int ());
  c->cseq = g_random_int_range (1, 10000);
  c->replaces = g_strdup (replaces);
  c->requested_by = g_strdup (requested_by);
  c->expire_timer = g_timeout_add_seconds (
      MAX (desk_config_get_int (ua->config, "timer_invite_expires"), 1), on_invite_expired, c);
  set_state (c, ST_DIALING, NULL);
  literal = g_inet_address_new_from_string (host);
  if (literal)
    {
      g_autoptr (GSocketAddress) hop = g_inet_socket_address_new (literal, port ? port : 5060);
      start_invite (c, G_INET_SOCKET_ADDRESS (hop));
      if (c->state == ST_ENDED)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", c->reason);
          return NULL;
        }
    }
  else
    {
      /* a name: locate it (RFC 3263), then send */
      HopJob *job = g_new0 (HopJob, 1);
      job->ua = ua;
      job->id = g_strdup (c->id);
      sip_resolve_async (host, port, c->kind, NULL, on_hop_resolved, job);
    }
  return c;
}

/* ---- transfer (RFC 3515 REFER, RFC 3891 Replaces) ---- */

static void respond (SipCall *c, SipServerTx *tx, const SipMsg *req, guint status,
                     const char *reason, const char *ctype, const char *body);

/* A NOTIFY with a sipfrag of @status to the call that REFERred. */
static void
send_refer_notify (SipCall *referrer, guint status, const char *phrase, gboolean final)
{
  g_autofree char *body = g_strdup_printf ("SIP/2.0 %u %s\r\n", status, phrase);
  g_autofree char *extra = g_strdup_printf ("Event: refer\r\nSubscription-State: %s\r\n",
                                            final ? "terminated;reason=noresource"
                                                  : "active;expires=60");
  send_in_dialog (referrer, "NOTIFY", extra, "message/sipfrag;version=2.0", body, NULL);
}

/* The call @c was made for a REFER: tell the referrer how it goes. */
static void
notify_referrer (SipCall *c, CallState st, const char *reason)
{
  SipCall *r = sip_call_find (c->ua, c->referred_by);
  guint status = 0;

  if (!r || r->state == ST_ENDED || !r->dialog)
    {
      g_clear_pointer (&c->referred_by, g_free);
      return;
    }
  if (st == ST_RINGBACK)
    {
      send_refer_notify (r, 180, "Ringing", FALSE);
      return;
    }
  if (st == ST_CONNECTED)
    send_refer_notify (r, 200, "OK", TRUE);
  else if (st == ST_ENDED)
    {
      /* "486 Busy Here" passes on as it is; anything else is a 503 */
      if (reason && g_ascii_isdigit (reason[0]) && (status = atoi (reason)) >= 300 && status < 700)
        send_refer_notify (r, status, strchr (reason, ' ') ? strchr (reason, ' ') + 1 : "Failed", TRUE);
      else
        send_refer_notify (r, 503, "Service Unavailable", TRUE);
    }
  else
    return;
  g_clear_pointer (&c->referred_by, g_free);
}

/* The call a Replaces header value ("callid;to-tag=A;from-tag=B") names:
 * to-tag is ours, from-tag the peer's. */
static SipCall *
replaced_call (SipUa *ua, SipStr value)
{
  const char *semi = memchr (value.p, ';', value.len);
  SipStr call_id = sip_str_trim (sip_str (value.p, semi ? (gsize) (semi - value.p) : value.len));
  SipStr params = semi ? sip_str (semi, value.p + value.len - semi) : SIP_STR_NULL;
  SipStr to_tag, from_tag;
  GHashTableIter it;
  gpointer v;

  if (!sip_param_get (params, "to-tag", &to_tag) || !sip_param_get (params, "from-tag", &from_tag))
    return NULL;
  g_hash_table_iter_init (&it, calls (ua));
  while (g_hash_table_iter_next (&it, NULL, &v))
    {
      SipCall *c = v;
      if (c->dialog && c->state != ST_ENDED && sip_str_eq (call_id, c->dialog->call_id) &&
          sip_str_eq (to_tag, c->dialog->local_tag) && c->dialog->remote_tag &&
          sip_str_eq (from_tag, c->dialog->remote_tag))
        return c;
    }
  return NULL;
}

/* An incoming REFER in @c's dialog: accept, call the target (with its
 * Replaces, for an attended transfer), report progress by NOTIFY. */
static void
take_refer (SipCall *c, SipServerTx *tx, const SipMsg *req)
{
  const SipHdr *h = sip_msg_find (req, SIP_HDR_REFER_TO);
  SipNameAddr na;
  const char *why;
  g_autofree char *target = NULL, *replaces = NULL;
  g_autoptr (GError) error = NULL;
  SipCall *n;

  if (!h || !sip_parse_name_addr (h->value, &na, &why))
    {
      sip_server_tx_respond (tx, sip_msg_make_response (req, 400, "Bad Request (Refer-To)", NULL, NULL),
                             400);
      return;
    }
  target = sip_str_dup (na.uri);
  {
    /* sip:x@y?Replaces=call%40id%3Bto-tag%3D1%3Bfrom-tag%3D2 */
    char *q = strchr (target, '?');
    if (q)
      {
        g_auto (GStrv) hs = g_strsplit (q + 1, "&", -1);
        *q = '\0';
        for (int i = 0; hs[i]; i++)
          if (!g_ascii_strncasecmp (hs[i], "Replaces=", 9))
            replaces = sip_unescape (sip_str (hs[i] + 9, strlen (hs[i] + 9)));
      }
  }
  respond (c, tx, req, 202, "Accepted", NULL, NULL);
  send_refer_notify (c, 100, "Trying", FALSE);
  n = dial (c->ua, c->line, target, replaces, NULL, &error);
  if (!n)
    {
      send_refer_notify (c, 503, "Service Unavailable", TRUE);
      return;
    }
  n->referred_by = g_strdup (c->id);
  g_info ("call %s: transferred by the far end to %s as %s", c->id, target, n->id);
}

/* A NOTIFY about a REFER we sent: on success our part is done. */
static void
take_refer_notify (SipCall *c, SipServerTx *tx, const SipMsg *req)
{
  guint status = 0;
  respond (c, tx, req, 200, NULL, NULL, NULL);
  if (!c->transfer_target)
    return; /* not about a REFER of ours */
  if (req->body.len > 12 && g_str_has_prefix (req->body.p, "SIP/2.0 ")) /* "SIP/2.0 200 OK" */
    status = atoi (req->body.p + 8);
  if (status >= 200 && status < 300)
    {
      g_autofree char *why = g_strdup_printf ("transferred to %s", c->transfer_target);
      send_in_dialog (c, "BYE", NULL, NULL, NULL, NULL);
      set_state (c, ST_ENDED, why);
    }
  else if (status >= 300)
    {
      g_autofree char *why = g_strdup_printf ("transfer failed: %.*s", (int) MIN (req->body.len - 8, 60),
                                              req->body.p + 8);
      g_strdelimit (why, "\r\n", ' ');
      g_free (c->reason);
      c->reason = g_strstrip (g_steal_pointer (&why));
      publish (c);
    }
}

static void
on_refer_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
  SipCall *c = call_of (data);
  if (!c || status < 300 || c->state == ST_ENDED)
    return;
  g_free (c->reason);
  c->reason = g_strdup_printf ("transfer refused (%u)", status);
  publish (c);
}

static gboolean
send_refer (SipCall *c, const char *refer_to, GError **error)
{
  g_autofree char *contact = NULL, *extra = NULL;
  if (c->state != ST_CONNECTED && c->state != ST_HELD && c->state != ST_REMOTE_HELD)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "call %s is not connected", c->id);
      return FALSE;
    }
  contact = contact_value (c->ua, c->line, c->kind, c->outgoing ? c->hop : c->from.addr);
  extra = g_strdup_printf ("Refer-To: <%s>\r\nReferred-By: %s\r\nContact: %s\r\n", refer_to,
                           c->dialog->local_uri, contact);
  send_in_dialog (c, "REFER", extra, NULL, NULL, on_refer_response);
  return TRUE;
}

/* RFC 2543 transfer, as the 7960 does it (CALL-FLOWS G-09): a BYE
 * carrying Also: <target> ends this call and asks the far end to call the
 * target; Requested-By (if any) goes into that INVITE. */
static void
take_also (SipCall *c, const SipMsg *bye)
{
  const SipHdr *also = sip_msg_find (bye, SIP_HDR_ALSO);
  const SipHdr *by = sip_msg_find (bye, SIP_HDR_REQUESTED_BY);
  SipNameAddr na;
  const char *why;
  g_autofree char *target = NULL, *reason = NULL, *requested_by = NULL;
  g_autoptr (GError) error = NULL;
  SipCall *n;

  if (!sip_parse_name_addr (sip_first_value (also->value), &na, &why))
    {
      set_state (c, ST_ENDED, "the far end hung up (with an unreadable Also header)");
      return;
    }
  target = sip_str_dup (na.uri);
  reason = g_strdup_printf ("transferred by the far end to %s", target);
  set_state (c, ST_ENDED, reason);
  requested_by = by ? sip_str_dup (by->value) : NULL;
  n = dial (c->ua, c->line, target, NULL, requested_by, &error);
  if (!n)
    g_message ("call %s: cannot follow the transfer to %s: %s", c->id, target, error->message);
}

gboolean
sip_call_transfer (SipCall *c, const char *target, GError **error)
{
  g_autofree char *uri = target_uri (c->ua, c->line, target, error);
  if (!uri)
    return FALSE;
  g_free (c->transfer_target);
  c->transfer_target = g_strdup (uri);
  if (!g_ascii_strcasecmp (desk_config_get_string (c->ua->config, "sip_transfer_method"),
                           "bye-also"))
    {
      /* the 7960's way: BYE with Also (and Requested-By naming us) */
      g_autofree char *extra = NULL;
      if (c->state != ST_CONNECTED && c->state != ST_HELD && c->state != ST_REMOTE_HELD)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "call %s is not connected", c->id);
          return FALSE;
        }
      extra = g_strdup_printf ("Also: <%s>\r\nRequested-By: %s\r\n", uri, c->dialog->local_uri);
      send_in_dialog (c, "BYE", extra, NULL, NULL, NULL);
      {
        g_autofree char *why = g_strdup_printf ("transferred to %s", uri);
        set_state (c, ST_ENDED, why);
      }
      return TRUE;
    }
  return send_refer (c, uri, error);
}

gboolean
sip_call_transfer_attended (SipCall *c, SipCall *other, GError **error)
{
  g_autofree char *replaces = NULL, *escaped = NULL, *refer_to = NULL;
  if (!other->dialog || !other->dialog->remote_tag || other->state == ST_ENDED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "call %s has no dialog to replace",
                   other->id);
      return FALSE;
    }
  /* The target sees its own tag as to-tag (RFC 3891 3). */
  replaces = g_strdup_printf ("%s;to-tag=%s;from-tag=%s", other->dialog->call_id,
                              other->dialog->remote_tag, other->dialog->local_tag);
  escaped = g_uri_escape_string (replaces, NULL, FALSE);
  refer_to = g_strdup_printf ("%s?Replaces=%s", other->dialog->remote_target, escaped);
  g_free (c->transfer_target);
  c->transfer_target = g_strdup (other->peer);
  return send_refer (c, refer_to, error);
}

/* ---- UAS ---- */

static guint
line_for (SipUa *ua, const SipMsg *req)
{
  SipUri u;
  const char *why;
  if (sip_uri_parse (req->ruri.p, req->ruri.len, &u, &why) && u.user.len)
    for (guint n = 1; n <= SIP_UA_LINES; n++)
      {
        const char *name = line_cfg (ua, n, "name");
        if (*name && sip_str_eq (u.user, name))
          return n;
      }
  return 1;
}

static gboolean on_ok_retransmit (gpointer data);

static void
respond (SipCall *c, SipServerTx *tx, const SipMsg *req, guint status, const char *reason,
         const char *ctype, const char *body)
{
  g_autofree char *contact = contact_value (c->ua, c->line, c->kind, c->from.addr);
  g_autofree char *extra = g_strdup_printf ("Contact: %s\r\nAllow: %s\r\nUser-Agent: %s\r\n",
                                            contact, SIP_UA_ALLOW, c->ua->user_agent);
  GString *r = sip_msg_make_response_full (req, status, reason,
                                           c->dialog ? c->dialog->local_tag : NULL, extra,
                                           ctype, body, body ? strlen (body) : 0);
  if (!r)
    return;
  if (status >= 200 && status < 300 && req->method_id == SIP_METHOD_INVITE)
    {
      /* The UA core, not the transaction, retransmits an INVITE's 2xx
       * until the ACK (RFC 3261 13.3.1.4), re-INVITEs too, on every
       * transport: the ACK is end to end. */
      const SipTimers *t = sip_tx_layer_get_timers (c->ua->txl);
      if (c->ok)
        g_string_free (c->ok, TRUE);
      c->ok = g_string_new_len (r->str, r->len);
      c->ok_cseq = req->cseq;
      c->ok_interval = t->t1;
      c->ok_elapsed = 0;
      g_clear_handle_id (&c->ok_timer, g_source_remove);
      c->ok_timer = g_timeout_add (c->ok_interval, on_ok_retransmit, c);
    }
  sip_server_tx_respond (tx, r, status);
}

static gboolean
on_ok_retransmit (gpointer data)
{
  SipCall *c = data;
  const SipTimers *t = sip_tx_layer_get_timers (c->ua->txl);
  c->ok_timer = 0;
  c->ok_elapsed += c->ok_interval;
  if (c->ok_elapsed >= 64 * t->t1)
    {
      /* RFC 3261 13.3.1.4: no ACK: the session ends */
      send_in_dialog (c, "BYE", NULL, NULL, NULL, NULL);
      set_state (c, ST_ENDED, "no ACK for our 200 OK");
      return G_SOURCE_REMOVE;
    }
  sip_transport_send (c->ua->tp, c->ok_to.addr ? &c->ok_to : &c->from, c->ok->str, c->ok->len,
                      NULL);
  c->ok_interval = MIN (c->ok_interval * 2, t->t2);
  c->ok_timer = g_timeout_add (c->ok_interval, on_ok_retransmit, c);
  return G_SOURCE_REMOVE;
}

static gboolean
auto_answer (SipCall *c)
{
  char name[32];
  g_snprintf (name, sizeof name, "line%u_auto_answer", c->line);
  return desk_config_get_bool (c->ua->config, name);
}

gboolean
sip_call_answer (SipCall *c, GError **error)
{
  g_autofree char *sdp = NULL;
  g_autoptr (GError) local = NULL;

  if (c->outgoing || c->state != ST_ALERTING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "call %s is not ringing (%s)", c->id,
                   state_names[c->state]);
      return FALSE;
    }
  sdp = call_media_answer_or_offer (c->media, c->invite->body, &local);
  if (!sdp)
    {
      g_autofree char *warn = g_strdup_printf ("Warning: 399 deskphone \"%s\"\r\n", local->message);
      GString *r = sip_msg_make_response (c->invite, 488, NULL, c->dialog->local_tag, warn);
      sip_server_tx_respond (c->invite_stx, r, 488);
      set_state (c, ST_ENDED, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  respond (c, c->invite_stx, c->invite, 200, NULL, "application/sdp", sdp);
  set_state (c, ST_CONNECTED, NULL);
  return TRUE;
}

static char *
format_identity (const SipNameAddr *na)
{
  if (na->display.len)
    return g_strdup_printf ("%.*s <%.*s>", (int) na->display.len, na->display.p,
                            (int) na->uri.len, na->uri.p);
  return sip_str_dup (na->uri);
}

/* Who is calling: P-Asserted-Identity (RFC 3325) when the network asserts
 * it, Remote-Party-ID when remote_party_id is on (the 7960's choice), else
 * From.  A party marked private (privacy=full/name/uri, or Privacy: id)
 * shows as Anonymous. */
static char *
caller_id (SipUa *ua, const SipMsg *req)
{
  SipNameAddr na;
  const char *why;
  const SipHdr *h;
  const SipHdr *privacy = sip_msg_find_name (req, "Privacy");

  if (privacy && g_strstr_len (privacy->value.p, privacy->value.len, "id"))
    return g_strdup ("Anonymous");
  if ((h = sip_msg_find (req, SIP_HDR_P_ASSERTED_IDENTITY)) &&
      sip_parse_name_addr (sip_first_value (h->value), &na, &why))
    return format_identity (&na);
  if (desk_config_get_bool (ua->config, "remote_party_id") &&
      (h = sip_msg_find (req, SIP_HDR_REMOTE_PARTY_ID)) &&
      sip_parse_name_addr (sip_first_value (h->value), &na, &why))
    {
      SipStr priv;
      if (sip_param_get (na.params, "privacy", &priv) && priv.len && !sip_str_caseeq (priv, "off"))
        return g_strdup ("Anonymous");
      return format_identity (&na);
    }
  return format_identity (&req->from);
}

void
sip_call_incoming (SipUa *ua, SipServerTx *tx, const SipMsg *req, const SipPeer *from)
{
  guint line = line_for (ua, req);
  SipCall *c = call_new (ua, line, FALSE);
  g_autofree char *tag = g_strdup_printf ("%08x", g_random_int ());
  g_autoptr (GError) error = NULL;

  c->invite_stx = tx;
  c->invite = sip_msg_parse (req->buf, req->len, NULL);
  c->invite->src_host = g_strdup (req->src_host); /* for received/rport */
  c->invite->src_port = req->src_port;
  c->from = *from;
  c->from.addr = g_object_ref (from->addr);
  c->kind = from->kind;
  c->dialog = sip_dialog_new_uas (req, tag);
  index_call (c);
  {
    g_autofree char *local = sip_transport_local_host (ua->tp, from);
    call_media_set_local_addr (c->media, sip_ua_contact_host (ua, local));
  }
  c->peer = caller_id (ua, req);
  if (req->body.len && !call_media_check_offer (c->media, req->body, &error))
    {
      g_autofree char *warn = g_strdup_printf ("Warning: 399 deskphone \"%s\"\r\n", error->message);
      sip_server_tx_respond (tx, sip_msg_make_response (req, 488, NULL, tag, warn), 488);
      set_state (c, ST_ENDED, error->message);
      return;
    }
  if (desk_config_get_int (ua->config, "anonymous_call_block") % 2 &&
      (sip_str_caseeq (req->from.display, "anonymous") ||
       g_strstr_len (req->from.uri.p, req->from.uri.len, "anonymous@")))
    {
      sip_server_tx_respond (tx, sip_msg_make_response (req, 433, "Anonymity Disallowed", tag, NULL),
                             433);
      set_state (c, ST_ENDED, "anonymous call blocked");
      return;
    }
  if (sip_msg_find (req, SIP_HDR_REPLACES))
    {
      SipCall *old = replaced_call (ua, sip_msg_find (req, SIP_HDR_REPLACES)->value);
      if (!old)
        {
          sip_server_tx_respond (tx, sip_msg_make_response (req, 481, "Call Does Not Exist (Replaces)",
                                                            tag, NULL), 481);
          set_state (c, ST_ENDED, "nothing to replace");
          return;
        }
      /* RFC 3891: the new call takes the old one's place at once. */
      respond (c, tx, req, 180, NULL, NULL, NULL);
      set_state (c, ST_ALERTING, NULL);
      if (sip_call_answer (c, NULL))
        hangup_with (old, "replaced", NULL);
      return;
    }
  respond (c, tx, req, 180, NULL, NULL, NULL);
  set_state (c, ST_ALERTING, NULL);
  if (auto_answer (c))
    sip_call_answer (c, NULL);
}

void
sip_call_cancelled (SipUa *ua, SipServerTx *invite)
{
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init (&it, calls (ua));
  while (g_hash_table_iter_next (&it, NULL, &v))
    {
      SipCall *c = v;
      if (c->invite_stx == invite && c->state == ST_ALERTING)
        {
          respond (c, invite, c->invite, 487, NULL, NULL, NULL);
          set_state (c, ST_ENDED, "cancelled by the caller");
        }
    }
}

static SipCall *
find_dialog (SipUa *ua, const SipMsg *req)
{
  g_autofree char *call_id = sip_str_dup (req->call_id);
  SipCall *c = g_hash_table_lookup (ua->calls_by_call_id, call_id);
  GHashTableIter it;
  gpointer v;

  if (c && sip_dialog_matches (c->dialog, req))
    return c;
  /* Two calls with one Call-ID (a forked INVITE answered twice): scan. */
  g_hash_table_iter_init (&it, calls (ua));
  while (g_hash_table_iter_next (&it, NULL, &v))
    {
      c = v;
      if (c->dialog && sip_dialog_matches (c->dialog, req))
        return c;
    }
  return NULL;
}

static void
on_reinvite_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
  SipCall *c = call_of (data);
  if (!c || status < 200 || c->state == ST_ENDED)
    return;
  c->reinvite_pending = FALSE;
  if (status >= 300)
    {
      /* refused (491, 488...) or no answer: the session stays as it was */
      g_autofree char *why = g_strdup_printf ("%s refused (%u)",
                                              call_media_on_hold (c->media) ? "hold" : "resume", status);
      call_media_set_hold (c->media, c->hold_before);
      g_free (c->reason);
      c->reason = g_steal_pointer (&why);
      publish (c);
      return;
    }
  if (status < 300)
    {
      g_autofree char *creds = invite_credentials (sip_client_tx_get_request (tx));
      send_in_dialog_cseq (c, "ACK", resp->cseq, creds, NULL, NULL, NULL);
      call_media_take_answer (c->media, resp->body, FALSE, NULL);
      sip_dialog_refresh_target (c->dialog, resp);
      set_state (c, call_media_on_hold (c->media) ? ST_HELD : ST_CONNECTED, NULL);
    }
}

gboolean
sip_call_in_dialog (SipUa *ua, SipServerTx *tx, const SipMsg *req, const SipPeer *from)
{
  SipCall *c = find_dialog (ua, req);
  g_autoptr (GError) error = NULL;

  if (!c)
    return FALSE;
  if (req->method_id == SIP_METHOD_ACK)
    {
      if (req->cseq == c->ok_cseq)
        g_clear_handle_id (&c->ok_timer, g_source_remove);
      /* a delayed offer: our 200 offered, the ACK answers */
      if (req->body.len && !call_media_take_answer (c->media, req->body, FALSE, &error))
        {
          send_in_dialog (c, "BYE", NULL, NULL, NULL, NULL);
          set_state (c, ST_ENDED, error->message);
        }
      return TRUE;
    }
  if (req->cseq <= c->dialog->remote_cseq && req->method_id != SIP_METHOD_CANCEL)
    {
      /* RFC 3261 12.2.2: an old CSeq is refused */
      sip_server_tx_respond (tx, sip_msg_make_response (req, 500, "CSeq out of order", NULL, NULL),
                             500);
      return TRUE;
    }
  c->dialog->remote_cseq = req->cseq;
  if (req->method_id == SIP_METHOD_INVITE)
    {
      g_clear_object (&c->ok_to.addr);
      c->ok_to = *from;
      c->ok_to.addr = g_object_ref (from->addr);
    }
  switch (req->method_id)
    {
    case SIP_METHOD_BYE:
      if (c->state == ST_ALERTING && c->invite_stx && !sip_server_tx_is_final (c->invite_stx))
        respond (c, c->invite_stx, c->invite, 487, NULL, NULL, NULL); /* RFC 3261 15.1.2 */
      respond (c, tx, req, 200, NULL, NULL, NULL);
      if (sip_msg_find (req, SIP_HDR_ALSO))
        {
          take_also (c, req);
          return TRUE;
        }
      set_state (c, ST_ENDED, "the far end hung up");
      return TRUE;
    case SIP_METHOD_INVITE:
      {
        g_autofree char *sdp = NULL;
        if (c->state == ST_ALERTING || c->ok_timer || c->reinvite_pending)
          {
            /* RFC 3261 14.2: one offer at a time each way */
            sip_server_tx_respond (tx, sip_msg_make_response (req, 491, NULL, NULL, NULL), 491);
            return TRUE;
          }
        sdp = call_media_answer_or_offer (c->media, req->body, &error);
        if (!sdp)
          {
            sip_server_tx_respond (tx, sip_msg_make_response (req, 488, NULL, NULL, NULL), 488);
            return TRUE;
          }
        sip_dialog_refresh_target (c->dialog, req);
        respond (c, tx, req, 200, NULL, "application/sdp", sdp);
        set_state (c, call_media_remote_on_hold (c->media) ? ST_REMOTE_HELD
                      : call_media_on_hold (c->media)      ? ST_HELD
                                                           : ST_CONNECTED,
                   NULL);
        return TRUE;
      }
    case SIP_METHOD_REFER:
      take_refer (c, tx, req);
      return TRUE;
    case SIP_METHOD_NOTIFY:
      take_refer_notify (c, tx, req);
      return TRUE;
    case SIP_METHOD_OPTIONS:
    case SIP_METHOD_INFO:
    case SIP_METHOD_UPDATE:
      respond (c, tx, req, 200, NULL, NULL, NULL);
      return TRUE;
    default:
      sip_server_tx_respond (tx, sip_msg_make_response (req, 501, NULL, NULL, NULL), 501);
      return TRUE;
    }
}

/* ---- actions ---- */

gboolean
sip_call_hangup (SipCall *c, GError **error)
{
  return hangup_with (c, "hung up", error);
}

/* Ends the call whatever its state; @why becomes the reason. */
static gboolean
hangup_with (SipCall *c, const char *why, GError **error)
{
  switch (c->state)
    {
    case ST_DIALING:
    case ST_PROCEEDING:
    case ST_RINGBACK:
      if (c->invite_tx && c->got_provisional && !c->cancelled)
        send_cancel (c);
      else
        c->cancel_pending = TRUE; /* CANCEL only after a provisional (RFC 3261 9.1) */
      set_state (c, ST_ENDED, why);
      /* keep the INVITE transaction: its 487 (or a crossing 200) still
       * needs handling */
      return TRUE;
    case ST_ALERTING:
      respond (c, c->invite_stx, c->invite, 486, NULL, NULL, NULL);
      set_state (c, ST_ENDED, "rejected");
      return TRUE;
    case ST_CONNECTED:
    case ST_HELD:
    case ST_REMOTE_HELD:
      send_in_dialog (c, "BYE", NULL, NULL, NULL, NULL);
      set_state (c, ST_ENDED, why);
      return TRUE;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "call %s has ended", c->id);
      return FALSE;
    }
}

gboolean
sip_call_hold (SipCall *c, gboolean hold, GError **error)
{
  g_autofree char *sdp = NULL;
  if (c->state != ST_CONNECTED && c->state != ST_HELD && c->state != ST_REMOTE_HELD)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "call %s is not connected", c->id);
      return FALSE;
    }
  if (c->reinvite_pending)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "call %s: a hold or resume is still in progress", c->id);
      return FALSE;
    }
  c->hold_before = call_media_on_hold (c->media);
  sdp = call_media_offer (c->media, hold, error);
  if (!sdp)
    return FALSE;
  c->reinvite_pending = TRUE;
  {
    g_autofree char *contact = contact_value (c->ua, c->line, c->kind,
                                              c->outgoing ? c->hop : c->from.addr);
    g_autofree char *extra = g_strdup_printf ("Contact: %s\r\n", contact);
    send_in_dialog (c, "INVITE", extra, "application/sdp", sdp, on_reinvite_response);
  }
  return TRUE;
}

GPtrArray *
sip_call_list (SipUa *ua)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init (&it, calls (ua));
  while (g_hash_table_iter_next (&it, NULL, &v))
    g_ptr_array_add (out, v);
  return out;
}

void
sip_call_end_all (SipUa *ua)
{
  g_autoptr (GPtrArray) all = sip_call_list (ua);
  for (guint i = 0; i < all->len; i++)
    {
      SipCall *c = g_ptr_array_index (all, i);
      if (c->state != ST_ENDED)
        sip_call_hangup (c, NULL);
    }
}
