/* Registration of one line (RFC 3261 section 10) the way the 7960 does it:
 * lineN_name at proxyN_address (falling back to proxy1), credentials
 * lineN_authname/lineN_password, timer_register_expires, refresh before
 * expiry, digest challenges answered, and when the registrar does not
 * answer, failover to proxy_backup, then retries with a growing back-off.
 * Every state change is published as "reg.state". */
#include <stdio.h>

#include "resolve.h"
#include "ua-private.h"
#include "uri.h"

#define RETRY_MIN 30
#define RETRY_MAX 1800

/* Where a line registers, in the order tried (spec N-14 names the backup and
 * emergency proxies without saying when they are used: deskphone tries
 * them in that order when the one before does not answer). */
typedef enum { TARGET_PRIMARY, TARGET_BACKUP, TARGET_EMERGENCY, N_TARGETS } Target;

static const char *const target_names[] = { "proxy", "backup proxy", "emergency proxy" };

typedef enum { REG_DISABLED, REG_REGISTERING, REG_REGISTERED, REG_FAILED } RegState;
static const char *const state_names[] = { "disabled", "registering", "registered", "failed" };

struct _SipLine {
  SipUa *ua;
  guint n;
  RegState state;
  char *reason;
  char *call_id;
  char *from_tag;
  guint32 cseq;
  SipAuthSession *auth;
  SipClientTx *tx;
  guint refresh_timer, retry_timer;
  guint backoff;
  Target target;
  char *registrar_host;   /* domain of the AOR and Request-URI */
  guint16 registrar_port;
  gboolean port_given;    /* else RFC 3263 SRV decides */
  GPtrArray *targets;     /* SipTarget*: addresses to try, in order */
  guint target_idx;
  GInetSocketAddress *dest;
  char *dest_name;        /* host name of dest, for TLS; NULL for a literal */
  GCancellable *resolving;
  guint expires_asked, expires, min_expires;
  char *contact_host;     /* what the last REGISTER bound */
  char *old_contact_host; /* to unbind with the next one */
  gboolean unregistering;
};

/* The value of this line's "lineN_<what>" parameter. */
static const char *
cfg (SipLine *l, const char *what)
{
  char name[64];
  g_snprintf (name, sizeof name, "line%u_%s", l->n, what);
  return desk_config_get_string (l->ua->config, name);
}

static void
set_state (SipLine *l, RegState state, const char *reason)
{
  gboolean same;
  if (!reason)
    reason = "";
  same = l->state == state && g_strcmp0 (l->reason, reason) == 0;
  l->state = state;
  g_free (l->reason);
  l->reason = g_strdup (reason ? reason : "");
  if (same)
    return;
  g_info ("line %u: %s%s%s", l->n, state_names[state], *l->reason ? ": " : "", l->reason);
  desk_bus_emit (l->ua->bus, "reg.state",
                 "line", g_variant_new_uint32 (l->n),
                 "state", g_variant_new_string (state_names[state]),
                 "reason", g_variant_new_string (l->reason),
                 "registrar", g_variant_new_string (l->registrar_host ? l->registrar_host : ""),
                 "expires", g_variant_new_int32 (state == REG_REGISTERED ? (gint) l->expires : 0),
                 NULL);
}

static void send_register (SipLine *l);
static void resolve_and_send (SipLine *l);
static gboolean fail_over (SipLine *l, const char *why);

/* ---- targets ---- */

/* Host and port of the registrar for the current target; FALSE if none is
 * configured. */
static gboolean
pick_target (SipLine *l)
{
  const char *host;
  gint64 port;
  char name[32];

  g_clear_pointer (&l->registrar_host, g_free);
  if (l->target == TARGET_PRIMARY)
    {
      g_snprintf (name, sizeof name, "proxy%u_address", l->n);
      host = desk_config_get_string (l->ua->config, name);
      g_snprintf (name, sizeof name, "proxy%u_port", l->n);
    }
  else
    {
      const char *base = l->target == TARGET_BACKUP ? "proxy_backup" : "proxy_emergency";
      host = desk_config_get_string (l->ua->config, base);
      g_snprintf (name, sizeof name, "%s_port", base);
    }
  port = desk_config_get_int (l->ua->config, name);
  /* A port nobody configured (the built-in 5060) leaves the choice to DNS
   * SRV, as RFC 3263 does for a URI without a port. */
  l->port_given = desk_config_get_source (l->ua->config, name) != DESK_CONFIG_LAYER_DEFAULT;
  if (!host || !*host)
    return FALSE;
  l->registrar_host = g_strdup (host);
  l->registrar_port = port > 0 ? port : 5060;
  return TRUE;
}

static void
use_target (SipLine *l, guint idx)
{
  SipTarget *t = g_ptr_array_index (l->targets, idx);
  l->target_idx = idx;
  g_clear_object (&l->dest);
  l->dest = g_object_ref (t->addr);
  g_free (l->dest_name);
  l->dest_name = g_strdup (t->host);
}

static void
on_resolved (GObject *src, GAsyncResult *res, gpointer data)
{
  SipLine *l = data;
  g_autoptr (GError) error = NULL;
  GPtrArray *targets = sip_resolve_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&l->resolving);
  if (!targets)
    {
      /* DNS down or a bad name: like a registrar that does not answer */
      g_autofree char *why = g_strdup_printf ("cannot resolve %s: %s", l->registrar_host,
                                              error->message);
      g_clear_pointer (&l->targets, g_ptr_array_unref);
      fail_over (l, why);
      return;
    }
  /* keep the addresses our socket can reach (an IPv4-bound phone skips
   * AAAA answers) */
  for (guint i = targets->len; i > 0; i--)
    if (!sip_transport_can_reach (l->ua->tp, ((SipTarget *) g_ptr_array_index (targets, i - 1))->addr))
      g_ptr_array_remove_index (targets, i - 1);
  g_clear_pointer (&l->targets, g_ptr_array_unref);
  l->targets = targets;
  if (!targets->len)
    {
      fail_over (l, "the registrar has no address this phone can reach");
      return;
    }
  use_target (l, 0);
  send_register (l);
}

/* Where requests go: outbound_proxy when set, else the registrar, each
 * located per RFC 3263 (resolve.c). */
static void
resolve_and_send (SipLine *l)
{
  const char *outbound = desk_config_get_string (l->ua->config, "outbound_proxy");
  const char *host = *outbound ? outbound : l->registrar_host;
  guint16 port = *outbound ? desk_config_get_int (l->ua->config, "outbound_proxy_port")
                           : (l->port_given ? l->registrar_port : 0);

  if (l->resolving)
    g_cancellable_cancel (l->resolving);
  g_clear_object (&l->resolving);
  l->resolving = g_cancellable_new ();
  sip_resolve_async (host, port, sip_ua_transport (l->ua), l->resolving, on_resolved, l);
}

/* ---- the REGISTER ---- */

static gboolean
on_retry (gpointer data)
{
  SipLine *l = data;
  l->retry_timer = 0;
  l->target = TARGET_PRIMARY;
  sip_line_start (l);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SipLine *l)
{
  l->backoff = l->backoff ? MIN (l->backoff * 2, RETRY_MAX) : RETRY_MIN;
  g_clear_handle_id (&l->retry_timer, g_source_remove);
  l->retry_timer = g_timeout_add_seconds (l->backoff, on_retry, l);
}

static gboolean
on_refresh (gpointer data)
{
  SipLine *l = data;
  l->refresh_timer = 0;
  send_register (l);
  return G_SOURCE_REMOVE;
}

/* The expiry the registrar granted our Contact (RFC 3261 10.2.4). */
typedef struct {
  const char *contact_user;
  guint expires;
  gboolean found;
} ExpiresCtx;

static gboolean
find_our_contact (SipStr v, gpointer data)
{
  ExpiresCtx *c = data;
  SipNameAddr na;
  const char *why;
  SipStr e;
  guint64 n;
  if (!sip_parse_name_addr (v, &na, &why))
    return TRUE;
  if (g_strstr_len (na.uri.p, na.uri.len, c->contact_user) &&
      sip_param_get (na.params, "expires", &e) && sip_str_to_uint (e, G_MAXUINT32, &n))
    {
      c->expires = n;
      c->found = TRUE;
      return FALSE;
    }
  return TRUE;
}

static guint
granted_expires (SipLine *l, const SipMsg *resp)
{
  g_autofree char *marker = g_strdup_printf ("%s@", cfg (l, "name"));
  ExpiresCtx c = { marker, 0, FALSE };
  const SipHdr *h;
  guint64 n;

  sip_msg_foreach_value (resp, SIP_HDR_CONTACT, find_our_contact, &c);
  if (c.found)
    return c.expires;
  if ((h = sip_msg_find (resp, SIP_HDR_EXPIRES)) && sip_str_to_uint (h->value, G_MAXUINT32, &n))
    return n;
  return l->expires_asked;
}

static void on_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data);

/* nat_received_processing (spec N-06): the registrar saw us at a
 * different address than our Contact says: learn it and register again
 * (old binding out, new one in).  TRUE if a new REGISTER went out. */
static gboolean
learn_received (SipLine *l, const SipMsg *resp)
{
  SipUa *ua = l->ua;
  g_autofree char *received = NULL;
  if (!desk_config_get_bool (ua->config, "nat_enable") ||
      !desk_config_get_bool (ua->config, "nat_received_processing") || !resp->via.received.len)
    return FALSE;
  received = sip_str_dup (resp->via.received);
  if (!g_hostname_is_ip_address (received) || g_strcmp0 (received, l->contact_host) == 0)
    return FALSE;
  g_message ("line %u: the registrar sees this phone at %s: registering that address", l->n,
             received);
  g_free (ua->nat_learned);
  ua->nat_learned = g_steal_pointer (&received);
  g_free (l->old_contact_host);
  l->old_contact_host = g_strdup (l->contact_host);
  send_register (l);
  return TRUE;
}

static GString *
build_register (SipLine *l, GError **error)
{
  SipUa *ua = l->ua;
  SipTpKind kind = sip_ua_transport (ua);
  SipPeer to = { .kind = kind, .addr = l->dest };
  g_autofree char *local = sip_transport_local_host (ua->tp, &to);
  g_autofree char *branch = sip_new_branch ();
  g_autofree char *ruri = NULL;
  const char *user = cfg (l, "name");
  const char *authname = cfg (l, "authname");
  const char *password = cfg (l, "password");
  const char *user_info = desk_config_get_string (ua->config, "user_info");
  guint16 port = sip_transport_get_port (ua->tp, kind);
  gboolean v6 = strchr (local, ':') != NULL;
  const char *contact_host = sip_ua_contact_host (ua, local);
  const char *tparam = kind == SIP_TP_UDP ? "" : kind == SIP_TP_TCP ? ";transport=tcp" : ";transport=tls";
  GString *s = g_string_sized_new (768);

  ruri = g_strdup_printf ("sip:%s%s%s:%u", strchr (l->registrar_host, ':') ? "[" : "",
                          l->registrar_host, strchr (l->registrar_host, ':') ? "]" : "",
                          l->registrar_port);
  l->cseq++;
  g_string_append_printf (s, "REGISTER %s SIP/2.0\r\n", ruri);
  g_string_append_printf (s, "Via: SIP/2.0/%s %s%s%s:%u;branch=%s;rport\r\n",
                          sip_tp_kind_to_string (kind), v6 ? "[" : "", local, v6 ? "]" : "",
                          port, branch);
  g_string_append (s, "Max-Forwards: 70\r\n");
  g_string_append_printf (s, "From: <sip:%s@%s%s>;tag=%s\r\n", user, l->registrar_host,
                          strcmp (user_info, "none") ? (strcmp (user_info, "phone") ? ";user=ip" : ";user=phone") : "",
                          l->from_tag);
  g_string_append_printf (s, "To: <sip:%s@%s>\r\n", user, l->registrar_host);
  g_string_append_printf (s, "Call-ID: %s\r\n", l->call_id);
  g_string_append_printf (s, "CSeq: %u REGISTER\r\n", l->cseq);
  if (l->old_contact_host && strcmp (l->old_contact_host, contact_host) != 0)
    {
      /* N-06: the address changed: drop the old binding in the same
       * REGISTER that adds the new one */
      g_string_append_printf (s, "Contact: <sip:%s@%s:%u%s>;expires=0\r\n", user,
                              l->old_contact_host, port, tparam);
      g_clear_pointer (&l->old_contact_host, g_free);
    }
  g_string_append_printf (s, "Contact: <sip:%s@%s%s%s:%u%s>\r\n", user,
                          strchr (contact_host, ':') ? "[" : "", contact_host,
                          strchr (contact_host, ':') ? "]" : "", port, tparam);
  g_free (l->contact_host);
  l->contact_host = g_strdup (contact_host);
  g_string_append_printf (s, "Expires: %u\r\n", l->expires_asked);
  g_string_append_printf (s, "Allow: %s\r\n", SIP_UA_ALLOW);
  g_string_append_printf (s, "User-Agent: %s\r\n", ua->user_agent);
  if (!sip_auth_session_authorize (l->auth, "REGISTER", ruri, *authname ? authname : user,
                                   password, SIP_STR_NULL, s, error))
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  g_string_append (s, "Content-Length: 0\r\n\r\n");
  return s;
}

static void
send_register (SipLine *l)
{
  g_autoptr (GError) error = NULL;
  GString *req;
  /* TLS verifies the certificate against the name the address came from */
  SipPeer to = { .kind = sip_ua_transport (l->ua), .addr = l->dest, .name = l->dest_name };

  if (!l->unregistering)
    l->expires_asked = MAX (MAX (desk_config_get_int (l->ua->config, "timer_register_expires"), 1),
                            l->min_expires);
  req = build_register (l, &error);
  if (!req)
    {
      set_state (l, REG_FAILED, error->message);
      return;
    }
  if (!l->unregistering && l->state != REG_REGISTERED)
    set_state (l, REG_REGISTERING, l->registrar_host);
  if (l->tx)
    sip_client_tx_detach (l->tx);
  l->tx = sip_client_tx_start (l->ua->txl, req, &to, on_response, l);
}

static gboolean
fail_over (SipLine *l, const char *why)
{
  g_autofree char *msg = NULL;
  if (l->targets && l->target_idx + 1 < l->targets->len)
    {
      /* the next address of the same server (SRV target, AAAA/A) */
      use_target (l, l->target_idx + 1);
      g_message ("line %u: %s; trying the next address of %s", l->n, why, l->registrar_host);
      send_register (l);
      return TRUE;
    }
  while (l->target + 1 < N_TARGETS)
    {
      l->target++;
      if (pick_target (l))
        {
          g_message ("line %u: %s; trying the %s %s", l->n, why, target_names[l->target],
                     l->registrar_host);
          resolve_and_send (l);
          return TRUE;
        }
    }
  l->target = TARGET_PRIMARY;
  pick_target (l);
  msg = g_strdup_printf ("%s; retrying in %u s", why, l->backoff ? MIN (l->backoff * 2, RETRY_MAX) : RETRY_MIN);
  set_state (l, REG_FAILED, msg);
  schedule_retry (l);
  return FALSE;
}

static void
on_response (SipClientTx *tx, const SipMsg *resp, guint status, gpointer data)
{
  SipLine *l = data;
  g_autoptr (GError) error = NULL;

  if (status < 200)
    return;
  l->tx = NULL;
  if (status < 300)
    {
      l->backoff = 0;
      if (l->unregistering)
        {
          l->unregistering = FALSE;
          set_state (l, REG_DISABLED, "unregistered");
          return;
        }
      l->expires = granted_expires (l, resp);
      if (learn_received (l, resp))
        return;
      {
        gboolean first = l->state != REG_REGISTERED;
        set_state (l, REG_REGISTERED, NULL);
        if (first)
          sip_mwi_start (l->ua->mwi[l->n - 1]);
      }
      g_clear_handle_id (&l->refresh_timer, g_source_remove);
      if (l->expires)
        l->refresh_timer = g_timeout_add_seconds (l->expires > 120 ? l->expires - 60
                                                                    : MAX (l->expires / 2, 1),
                                                  on_refresh, l);
      return;
    }
  if (status == 401 || status == 407)
    {
      if (sip_auth_session_challenged (l->auth, resp, sip_client_tx_get_request (tx), &error))
        {
          send_register (l);
          return;
        }
      {
        g_autofree char *why = g_strdup_printf ("%u %.*s: %s", status, (int) resp->reason.len,
                                                resp->reason.p, error->message);
        l->unregistering = FALSE;
        set_state (l, REG_FAILED, why);
        schedule_retry (l);
      }
      return;
    }
  if (status == 423 && resp)
    {
      const SipHdr *h = sip_msg_find (resp, SIP_HDR_MIN_EXPIRES);
      guint64 min;
      if (h && sip_str_to_uint (h->value, G_MAXUINT32, &min) && min > l->expires_asked)
        {
          /* Interval too brief: ask again with what the registrar wants. */
          l->min_expires = min;
          send_register (l);
          return;
        }
    }
  if (l->unregistering)
    {
      l->unregistering = FALSE;
      set_state (l, REG_DISABLED, "unregistered (no confirmation)");
      return;
    }
  {
    g_autofree char *why = resp ? g_strdup_printf ("%u %.*s from %s", status, (int) resp->reason.len,
                                                   resp->reason.p, l->registrar_host)
                                : g_strdup_printf ("no answer from %s", l->registrar_host);
    /* No answer or a server failure: another proxy may do better.  A
     * refusal (4xx) would be the same everywhere. */
    if (!resp || status >= 500)
      fail_over (l, why);
    else
      {
        set_state (l, REG_FAILED, why);
        schedule_retry (l);
      }
  }
}

/* ---- lifecycle ---- */

SipLine *
sip_line_new (SipUa *ua, guint n)
{
  SipLine *l = g_new0 (SipLine, 1);
  l->ua = ua;
  l->n = n;
  l->state = REG_DISABLED;
  l->reason = g_strdup ("");
  l->call_id = g_strdup_printf ("%08x%08x-reg%u@deskphone", g_random_int (), g_random_int (), n);
  l->from_tag = g_strdup_printf ("%08x", g_random_int ());
  l->cseq = g_random_int_range (1, 10000);
  l->auth = sip_auth_session_new ();
  return l;
}

void
sip_line_free (SipLine *l)
{
  if (!l)
    return;
  if (l->tx)
    sip_client_tx_detach (l->tx);
  if (l->resolving)
    g_cancellable_cancel (l->resolving);
  g_clear_object (&l->resolving);
  g_clear_handle_id (&l->refresh_timer, g_source_remove);
  g_clear_handle_id (&l->retry_timer, g_source_remove);
  g_clear_object (&l->dest);
  g_free (l->dest_name);
  g_clear_pointer (&l->targets, g_ptr_array_unref);
  sip_auth_session_free (l->auth);
  g_free (l->registrar_host);
  g_free (l->contact_host);
  g_free (l->old_contact_host);
  g_free (l->reason);
  g_free (l->call_id);
  g_free (l->from_tag);
  g_free (l);
}

void
sip_line_start (SipLine *l)
{
  const char *name = cfg (l, "name");

  g_clear_handle_id (&l->refresh_timer, g_source_remove);
  g_clear_handle_id (&l->retry_timer, g_source_remove);
  if (!desk_config_get_bool (l->ua->config, "proxy_register"))
    return set_state (l, REG_DISABLED, "proxy_register is 0");
  if (!*name)
    return set_state (l, REG_DISABLED, "no lineN_name");
  l->target = TARGET_PRIMARY;
  if (!pick_target (l))
    return set_state (l, REG_DISABLED, "no proxy address");
  resolve_and_send (l);
}

gboolean
sip_line_unregister (SipLine *l)
{
  g_clear_handle_id (&l->refresh_timer, g_source_remove);
  g_clear_handle_id (&l->retry_timer, g_source_remove);
  if (l->state != REG_REGISTERED || !l->dest)
    {
      if (l->tx)
        sip_client_tx_detach (l->tx);
      l->tx = NULL;
      return FALSE;
    }
  l->unregistering = TRUE;
  l->expires_asked = 0;
  send_register (l);
  return TRUE;
}

gboolean
sip_line_busy (SipLine *l)
{
  return l->tx != NULL;
}

GInetSocketAddress *
sip_line_dest (SipLine *l)
{
  return l->state == REG_REGISTERED ? l->dest : NULL;
}

const char *
sip_line_domain (SipLine *l)
{
  return l->registrar_host;
}

const char *
sip_line_state (SipLine *l)
{
  return state_names[l->state];
}
