/* Digest authentication for the SIP UAC: challenge parsing and choice,
 * response computation (RFC 7616 section 3.4.1-3.4.3, which RFC 8760 makes
 * SIP's), credential headers, and the per-realm session state that counts
 * nonces and decides between retrying and giving up.  See auth.h. */
#include "auth.h"

#ifdef __linux__
#include <sys/random.h>
#endif

G_DEFINE_QUARK (sip-auth-error-quark, sip_auth_error)

/* A response carries one challenge per header, but no well-behaved server
 * needs more than this many realms at once. */
#define MAX_REALMS 16

/* ---- parameter lists ---- */

typedef struct {
  SipStr name;
  SipStr value; /* inside the quotes, escapes still in */
  gboolean quoted;
} Param;

typedef gboolean (*ParamFunc) (const Param *p, gpointer data);

static gsize
skip_ws (SipStr s, gsize i)
{
  while (i < s.len && (s.p[i] == ' ' || s.p[i] == '\t'))
    i++;
  return i;
}

/* Reads the "name = value" at *pos.  Returns 1 for a parameter, 0 at the
 * end, 2 where another challenge starts (a name without '='), -1 with
 * @why on bad syntax. */
static int
next_param (SipStr s, gsize *pos, Param *p, const char **why)
{
  gsize i = *pos, start;

  while (i < s.len && (s.p[i] == ',' || s.p[i] == ' ' || s.p[i] == '\t'))
    i++;
  if (i >= s.len)
    return 0;
  start = i;
  while (i < s.len && sip_is_token_char (s.p[i]))
    i++;
  if (i == start)
    return *why = "expected a parameter name", -1;
  p->name = sip_str (s.p + start, i - start);
  i = skip_ws (s, i);
  if (i >= s.len || s.p[i] != '=')
    return 2;
  i = skip_ws (s, i + 1);
  if (i < s.len && s.p[i] == '"')
    {
      start = ++i;
      for (; i < s.len && s.p[i] != '"'; i++)
        if (s.p[i] == '\\' && i + 1 < s.len)
          i++;
      if (i >= s.len)
        return *why = "unterminated quoted string", -1;
      p->value = sip_str (s.p + start, i - start);
      p->quoted = TRUE;
      i++;
    }
  else
    {
      start = i;
      while (i < s.len && s.p[i] != ',' && s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != '"')
        i++;
      if (i == start)
        return *why = "parameter has no value", -1;
      p->value = sip_str (s.p + start, i - start);
      p->quoted = FALSE;
    }
  i = skip_ws (s, i);
  if (i < s.len && s.p[i] != ',')
    return *why = "expected ',' between parameters", -1;
  *pos = i;
  return 1;
}

/* Checks the scheme is Digest and calls @func for each parameter, up to
 * the end or to the start of another challenge. */
static gboolean
walk_digest (SipStr value, ParamFunc func, gpointer data, const char **why)
{
  gsize i, start;
  Param p;
  int r;

  value = sip_str_trim (value);
  for (i = 0; i < value.len && sip_is_token_char (value.p[i]); i++)
    ;
  if (i == 0)
    return *why = "no authentication scheme", FALSE;
  if (!sip_str_caseeq (sip_str (value.p, i), "Digest"))
    return *why = "unsupported scheme (only Digest is)", FALSE;
  start = i;
  i = skip_ws (value, i);
  if (i < value.len && i == start)
    return *why = "no space after 'Digest'", FALSE;
  while ((r = next_param (value, &i, &p, why)) == 1)
    if (!func (&p, data))
      break;
  return r >= 0;
}

/* (transfer full) the parameter's value with quoted-pairs resolved. */
static char *
param_dup (const Param *p)
{
  GString *out;
  if (!p->quoted)
    return sip_str_dup (p->value);
  out = g_string_sized_new (p->value.len);
  for (gsize i = 0; i < p->value.len; i++)
    {
      if (p->value.p[i] == '\\' && i + 1 < p->value.len)
        i++;
      g_string_append_c (out, p->value.p[i]);
    }
  return g_string_free (out, FALSE);
}

/* ---- challenges ---- */

static const struct {
  const char *name;
  SipAuthAlgorithm alg;
} algorithms[] = {
  { "MD5", SIP_AUTH_ALG_MD5 },
  { "MD5-sess", SIP_AUTH_ALG_MD5_SESS },
  { "SHA-256", SIP_AUTH_ALG_SHA256 },
  { "SHA-256-sess", SIP_AUTH_ALG_SHA256_SESS },
};

static const char *
alg_name (SipAuthAlgorithm alg)
{
  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (algorithms[i].alg == alg)
      return algorithms[i].name;
  return "?";
}

static gboolean
alg_is_sess (SipAuthAlgorithm alg)
{
  return alg == SIP_AUTH_ALG_MD5_SESS || alg == SIP_AUTH_ALG_SHA256_SESS;
}

/* Higher is stronger; 0 for unsupported.  -sess is not stronger. */
static int
alg_strength (SipAuthAlgorithm alg)
{
  switch (alg)
    {
    case SIP_AUTH_ALG_MD5:
    case SIP_AUTH_ALG_MD5_SESS:
      return 1;
    case SIP_AUTH_ALG_SHA256:
    case SIP_AUTH_ALG_SHA256_SESS:
      return 2;
    default:
      return 0;
    }
}

static guint
parse_qop (const char *list)
{
  guint qop = 0;
  g_auto (GStrv) items = g_strsplit (list, ",", 16);
  for (guint i = 0; items[i]; i++)
    {
      const char *t = g_strstrip (items[i]);
      if (g_ascii_strcasecmp (t, "auth") == 0)
        qop |= SIP_AUTH_QOP_AUTH;
      else if (g_ascii_strcasecmp (t, "auth-int") == 0)
        qop |= SIP_AUTH_QOP_AUTH_INT;
    }
  return qop;
}

static gboolean
challenge_param (const Param *p, gpointer data)
{
  SipAuthChallenge *ch = data;
  char **slot = NULL;

  if (sip_str_caseeq (p->name, "realm"))
    slot = &ch->realm;
  else if (sip_str_caseeq (p->name, "nonce"))
    slot = &ch->nonce;
  else if (sip_str_caseeq (p->name, "opaque"))
    slot = &ch->opaque;
  else if (sip_str_caseeq (p->name, "algorithm"))
    slot = &ch->algorithm_name;
  else if (sip_str_caseeq (p->name, "qop") && !ch->has_qop)
    {
      g_autofree char *v = param_dup (p);
      ch->has_qop = TRUE;
      ch->qop = parse_qop (v);
    }
  else if (sip_str_caseeq (p->name, "stale"))
    ch->stale = sip_str_caseeq (p->value, "true");
  if (slot && !*slot) /* the first of duplicates wins */
    *slot = param_dup (p);
  return TRUE;
}

gboolean
sip_auth_parse_challenge (SipStr value, SipAuthChallenge *ch, const char **why)
{
  memset (ch, 0, sizeof *ch);
  if (!walk_digest (value, challenge_param, ch, why))
    goto fail;
  if (!ch->realm)
    {
      *why = "challenge has no realm";
      goto fail;
    }
  if (!ch->nonce)
    {
      *why = "challenge has no nonce";
      goto fail;
    }
  ch->algorithm = ch->algorithm_name ? SIP_AUTH_ALG_UNSUPPORTED : SIP_AUTH_ALG_MD5;
  for (guint i = 0; ch->algorithm_name && i < G_N_ELEMENTS (algorithms); i++)
    if (g_ascii_strcasecmp (ch->algorithm_name, algorithms[i].name) == 0)
      ch->algorithm = algorithms[i].alg;
  return TRUE;

fail:
  sip_auth_challenge_clear (ch);
  return FALSE;
}

void
sip_auth_challenge_clear (SipAuthChallenge *ch)
{
  g_clear_pointer (&ch->realm, g_free);
  g_clear_pointer (&ch->nonce, g_free);
  g_clear_pointer (&ch->opaque, g_free);
  g_clear_pointer (&ch->algorithm_name, g_free);
  memset (ch, 0, sizeof *ch);
}

static void
challenge_copy (SipAuthChallenge *dst, const SipAuthChallenge *src)
{
  *dst = *src;
  dst->realm = g_strdup (src->realm);
  dst->nonce = g_strdup (src->nonce);
  dst->opaque = g_strdup (src->opaque);
  dst->algorithm_name = g_strdup (src->algorithm_name);
}

gboolean
sip_auth_pick_challenge (const SipStr *values, guint n_values, gboolean proxy,
                         const char *realm, SipAuthChallenge *out, GError **error)
{
  g_autofree char *skipped = NULL;
  int best_strength = 0;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < n_values; i++)
    {
      g_auto (SipAuthChallenge) ch = { 0 };
      const char *why = NULL;
      int strength;

      if (!sip_auth_parse_challenge (values[i], &ch, &why))
        {
          if (!skipped)
            skipped = g_strdup (why);
          continue;
        }
      if (realm && g_strcmp0 (ch.realm, realm) != 0)
        continue;
      strength = alg_strength (ch.algorithm);
      if (!strength && !skipped)
        skipped = g_strdup_printf ("unsupported algorithm '%s'", ch.algorithm_name);
      if (strength > best_strength)
        {
          sip_auth_challenge_clear (out);
          *out = ch;
          memset (&ch, 0, sizeof ch);
          best_strength = strength;
        }
    }
  if (!best_strength)
    {
      g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED,
                   "no %s challenge we can answer%s%s%s%s",
                   proxy ? "Proxy-Authenticate" : "WWW-Authenticate",
                   realm ? " for realm " : "", realm ? realm : "",
                   skipped ? ": " : "", skipped ? skipped : "");
      return FALSE;
    }
  out->proxy = proxy;
  return TRUE;
}

/* ---- hashing ---- */

static GChecksumType
alg_checksum (SipAuthAlgorithm alg)
{
  return alg_strength (alg) == 2 ? G_CHECKSUM_SHA256 : G_CHECKSUM_MD5;
}

/* (transfer full) lowercase hex of H(parts[0] ":" parts[1] ":" ...). */
static char *
hash_parts (GChecksumType type, const char *const *parts, guint n)
{
  g_autoptr (GChecksum) c = g_checksum_new (type);
  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_checksum_update (c, (const guchar *) ":", 1);
      g_checksum_update (c, (const guchar *) parts[i], -1);
    }
  return g_strdup (g_checksum_get_string (c));
}

char *
sip_auth_compute_response (SipAuthAlgorithm alg, const char *user, const char *realm,
                           const char *password, const char *method, const char *uri,
                           const char *nonce, const char *nc, const char *cnonce,
                           const char *qop, SipStr body)
{
  GChecksumType t = alg_checksum (alg);
  g_autofree char *ha1 = NULL, *ha2 = NULL;

  if (!alg_strength (alg))
    return NULL;
  ha1 = hash_parts (t, (const char *[]) { user, realm, password }, 3);
  if (alg_is_sess (alg))
    {
      /* RFC 7616 3.4.2: H(H(user:realm:password):nonce:cnonce) */
      char *sess = hash_parts (t, (const char *[]) { ha1, nonce, cnonce ? cnonce : "" }, 3);
      g_free (ha1);
      ha1 = sess;
    }
  if (g_strcmp0 (qop, "auth-int") == 0)
    {
      g_autofree char *hbody = g_compute_checksum_for_data (
        t, (const guchar *) (body.p ? body.p : ""), body.len);
      ha2 = hash_parts (t, (const char *[]) { method, uri, hbody }, 3);
    }
  else
    ha2 = hash_parts (t, (const char *[]) { method, uri }, 2);
  if (!qop)
    return hash_parts (t, (const char *[]) { ha1, nonce, ha2 }, 3);
  return hash_parts (t, (const char *[]) { ha1, nonce, nc, cnonce, qop, ha2 }, 6);
}

/* ---- sessions ---- */

typedef struct {
  SipAuthChallenge ch; /* owned copy; ch.proxy picks the header */
  guint32 nc;          /* requests sent with ch.nonce */
  char *cnonce;        /* for -sess, fixed per nonce: HA1 depends on it */
  guint stale_streak;  /* fresh answers called stale in a row */
} Realm;

struct _SipAuthSession {
  GPtrArray *realms; /* of Realm */
  char *fixed_cnonce;
};

static void
realm_free (gpointer p)
{
  Realm *r = p;
  sip_auth_challenge_clear (&r->ch);
  g_free (r->cnonce);
  g_free (r);
}

SipAuthSession *
sip_auth_session_new (void)
{
  SipAuthSession *s = g_new0 (SipAuthSession, 1);
  s->realms = g_ptr_array_new_with_free_func (realm_free);
  return s;
}

void
sip_auth_session_free (SipAuthSession *s)
{
  if (!s)
    return;
  g_ptr_array_unref (s->realms);
  g_free (s->fixed_cnonce);
  g_free (s);
}

void
sip_auth_session_set_cnonce (SipAuthSession *s, const char *cnonce)
{
  g_free (s->fixed_cnonce);
  s->fixed_cnonce = g_strdup (cnonce);
}

static Realm *
find_realm (SipAuthSession *s, gboolean proxy, const char *realm)
{
  for (guint i = 0; i < s->realms->len; i++)
    {
      Realm *r = s->realms->pdata[i];
      if (!r->ch.proxy == !proxy && g_strcmp0 (r->ch.realm, realm) == 0)
        return r;
    }
  return NULL;
}

/* Stores @ch for its realm; a new nonce restarts the count, the same
 * nonce keeps it (and the cnonce -sess hashed). */
static Realm *
remember (SipAuthSession *s, const SipAuthChallenge *ch)
{
  Realm *r = find_realm (s, ch->proxy, ch->realm);
  gboolean same_nonce;

  if (!r)
    {
      r = g_new0 (Realm, 1);
      g_ptr_array_add (s->realms, r);
    }
  if (ch == &r->ch)
    return r;
  same_nonce = g_strcmp0 (r->ch.nonce, ch->nonce) == 0;
  sip_auth_challenge_clear (&r->ch);
  challenge_copy (&r->ch, ch);
  if (!same_nonce)
    {
      r->nc = 0;
      g_clear_pointer (&r->cnonce, g_free);
    }
  return r;
}

/* 16 random bytes as hex.  Unpredictable enough for a cnonce, whose job
 * is to keep a server from choosing all the hashed text. */
static char *
new_cnonce (void)
{
  guint8 b[16];
  gboolean ok = FALSE;
  GString *hex = g_string_sized_new (2 * sizeof b);

#ifdef __linux__
  ok = getrandom (b, sizeof b, GRND_NONBLOCK) == (gssize) sizeof b;
#endif
  for (guint i = 0; !ok && i < sizeof b; i += 4)
    {
      guint32 v = g_random_int ();
      memcpy (b + i, &v, 4);
    }
  for (guint i = 0; i < sizeof b; i++)
    g_string_append_printf (hex, "%02x", b[i]);
  return g_string_free (hex, FALSE);
}

/* ---- credentials ---- */

static gboolean
check_header_safe (const char *what, const char *s, GError **error)
{
  if (s && strpbrk (s, "\r\n"))
    {
      g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_INVALID,
                   "%s contains a line break and cannot go into a header", what);
      return FALSE;
    }
  return TRUE;
}

/* Appends "<sep>name=\"value\"" with '"' and '\\' escaped. */
static void
append_quoted (GString *out, const char *sep, const char *name, const char *value)
{
  g_string_append_printf (out, "%s%s=\"", sep, name);
  for (const char *c = value; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

char *
sip_auth_make_header (SipAuthSession *s, const SipAuthChallenge *ch, const char *method,
                      const char *digest_uri, const char *user, const char *password,
                      SipStr body, GError **error)
{
  const char *qop = NULL, *cnonce = NULL;
  g_autofree char *own_cnonce = NULL, *response = NULL;
  char nc[9] = "";
  guint32 count = 1;
  GString *out;

  g_return_val_if_fail (ch && method && digest_uri && user && password, NULL);
  if (!alg_strength (ch->algorithm))
    {
      g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED,
                   "unsupported algorithm '%s'", ch->algorithm_name ? ch->algorithm_name : "");
      return NULL;
    }
  if (ch->has_qop)
    {
      if (ch->qop & SIP_AUTH_QOP_AUTH)
        qop = "auth";
      else if (ch->qop & SIP_AUTH_QOP_AUTH_INT)
        qop = "auth-int";
      else
        {
          g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED,
                       "challenge for realm '%s' offers neither qop auth nor auth-int",
                       ch->realm);
          return NULL;
        }
    }
  else if (alg_is_sess (ch->algorithm))
    {
      g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED,
                   "algorithm %s needs qop, but the challenge offers none",
                   alg_name (ch->algorithm));
      return NULL;
    }
  if (!check_header_safe ("user name", user, error) ||
      !check_header_safe ("request URI", digest_uri, error) ||
      !check_header_safe ("realm", ch->realm, error) ||
      !check_header_safe ("nonce", ch->nonce, error) ||
      !check_header_safe ("opaque", ch->opaque, error))
    return NULL;

  if (qop)
    {
      Realm *r = s ? remember (s, ch) : NULL;
      if (r)
        count = ++r->nc;
      if (s && s->fixed_cnonce)
        cnonce = s->fixed_cnonce;
      else if (r && alg_is_sess (ch->algorithm))
        cnonce = r->cnonce ? r->cnonce : (r->cnonce = new_cnonce ());
      else
        cnonce = own_cnonce = new_cnonce ();
      g_snprintf (nc, sizeof nc, "%08x", count);
    }
  else if (s)
    remember (s, ch)->nc++;

  response = sip_auth_compute_response (ch->algorithm, user, ch->realm, password, method,
                                        digest_uri, ch->nonce, nc, cnonce, qop, body);
  out = g_string_new (NULL);
  append_quoted (out, "Digest ", "username", user);
  append_quoted (out, ", ", "realm", ch->realm);
  append_quoted (out, ", ", "nonce", ch->nonce);
  append_quoted (out, ", ", "uri", digest_uri);
  append_quoted (out, ", ", "response", response);
  if (ch->algorithm_name)
    g_string_append_printf (out, ", algorithm=%s", alg_name (ch->algorithm));
  if (qop)
    append_quoted (out, ", ", "cnonce", cnonce);
  if (ch->opaque)
    append_quoted (out, ", ", "opaque", ch->opaque);
  if (qop)
    g_string_append_printf (out, ", qop=%s, nc=%s", qop, nc);
  return g_string_free (out, FALSE);
}

gboolean
sip_auth_session_authorize (SipAuthSession *s, const char *method, const char *digest_uri,
                            const char *user, const char *password, SipStr body,
                            GString *headers, GError **error)
{
  for (guint i = 0; i < s->realms->len; i++)
    {
      Realm *r = s->realms->pdata[i];
      g_autofree char *v = sip_auth_make_header (s, &r->ch, method, digest_uri, user,
                                                 password, body, error);
      if (!v)
        return FALSE;
      g_string_append_printf (headers, "%s: %s\r\n",
                              r->ch.proxy ? "Proxy-Authorization" : "Authorization", v);
    }
  return TRUE;
}

/* ---- 401/407 verdicts ---- */

/* What the challenged request had sent for one realm. */
typedef struct {
  const char *realm; /* in: the realm looked for */
  gboolean match;    /* this header's realm is it */
  char *nonce;
  gboolean has_nc;
  guint64 nc;
} Sent;

static gboolean
sent_param (const Param *p, gpointer data)
{
  Sent *sent = data;
  if (sip_str_caseeq (p->name, "realm"))
    {
      g_autofree char *v = param_dup (p);
      sent->match = g_strcmp0 (v, sent->realm) == 0;
    }
  else if (sip_str_caseeq (p->name, "nonce") && !sent->nonce)
    sent->nonce = param_dup (p);
  else if (sip_str_caseeq (p->name, "nc") && p->value.len == 8)
    {
      g_autofree char *v = sip_str_dup (p->value);
      char *end;
      sent->nc = g_ascii_strtoull (v, &end, 16);
      sent->has_nc = *end == '\0';
    }
  return TRUE;
}

/* Finds the credentials @request carried for @realm; FALSE if none. */
static gboolean
find_sent (const SipMsg *request, gboolean proxy, const char *realm, Sent *out)
{
  SipHdrId id = proxy ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION;
  for (guint i = 0; request && i < request->n_hdrs; i++)
    {
      Sent sent = { .realm = realm };
      const char *why;
      if (request->hdrs[i].id != id)
        continue;
      if (walk_digest (request->hdrs[i].value, sent_param, &sent, &why) && sent.match &&
          sent.nonce)
        {
          *out = sent;
          return TRUE;
        }
      g_free (sent.nonce);
    }
  return FALSE;
}

/* Decides for one realm's chosen challenge; on retry sets *streak to the
 * realm's next stale streak. */
static gboolean
verdict (SipAuthSession *s, const SipAuthChallenge *ch, const SipMsg *request, guint *streak,
         GError **error)
{
  Realm *r = find_realm (s, ch->proxy, ch->realm);
  Sent sent = { 0 };
  gboolean fresh, ok = TRUE;
  const char *why = NULL;

  *streak = 0;
  if (!find_sent (request, ch->proxy, ch->realm, &sent))
    return TRUE;
  /* Without nc (a server without qop) the session's own count tells. */
  if (sent.has_nc)
    fresh = sent.nc <= 1;
  else
    fresh = !(r && g_strcmp0 (r->ch.nonce, sent.nonce) == 0 && r->nc > 1);

  if (g_strcmp0 (sent.nonce, ch->nonce) == 0)
    ok = FALSE, why = ch->stale ? "the server calls the nonce it just gave stale"
                                : "the nonce is still valid, so the password is wrong";
  else if (ch->stale)
    {
      *streak = fresh ? (r ? r->stale_streak : 0) + 1 : 0;
      if (*streak >= 2)
        ok = FALSE, why = "fresh answers were called stale twice in a row";
    }
  else if (fresh)
    ok = FALSE, why = "an answer to a fresh challenge was refused without stale=true";
  if (!ok)
    g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_REJECTED,
                 "the server refused the credentials for realm '%s' (%s): check the user "
                 "name and password of this line",
                 ch->realm, why);
  g_free (sent.nonce);
  return ok;
}

gboolean
sip_auth_session_challenged (SipAuthSession *s, const SipMsg *response, const SipMsg *request,
                             GError **error)
{
  SipAuthChallenge picked[MAX_REALMS] = { { 0 } };
  guint streaks[MAX_REALMS];
  g_autofree SipStr *values = NULL;
  guint n_picked = 0, n_values;
  gboolean ok = TRUE;
  const char *why = NULL;

  if (response->is_request || (response->status != 401 && response->status != 407))
    {
      g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_INVALID,
                   "only 401 and 407 responses carry challenges (got %u)", response->status);
      return FALSE;
    }
  values = g_new (SipStr, response->n_hdrs + 1);
  for (int pass = 0; pass < 2 && ok; pass++)
    {
      gboolean proxy = pass == 1;
      SipHdrId id = proxy ? SIP_HDR_PROXY_AUTHENTICATE : SIP_HDR_WWW_AUTHENTICATE;

      n_values = 0;
      for (guint i = 0; i < response->n_hdrs; i++)
        if (response->hdrs[i].id == id)
          values[n_values++] = response->hdrs[i].value;
      /* One pick per realm, in the order the realms first appear. */
      for (guint i = 0; i < n_values && ok; i++)
        {
          g_auto (SipAuthChallenge) ch = { 0 };
          gboolean seen = FALSE;
          if (!sip_auth_parse_challenge (values[i], &ch, &why))
            continue;
          for (guint k = 0; k < n_picked; k++)
            seen |= !picked[k].proxy == !proxy && g_strcmp0 (picked[k].realm, ch.realm) == 0;
          if (seen)
            continue;
          if (n_picked == MAX_REALMS)
            {
              g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED,
                           "the response challenges more than %d realms", MAX_REALMS);
              ok = FALSE;
            }
          else if (!sip_auth_pick_challenge (values, n_values, proxy, ch.realm,
                                             &picked[n_picked], error) ||
                   !verdict (s, &picked[n_picked], request, &streaks[n_picked], error))
            ok = FALSE;
          n_picked++;
        }
    }
  if (ok && n_picked == 0)
    {
      g_set_error (error, SIP_AUTH_ERROR, SIP_AUTH_ERROR_UNSUPPORTED,
                   "the %u response has no Digest challenge%s%s", response->status,
                   why ? ": " : "", why ? why : "");
      ok = FALSE;
    }
  for (guint k = 0; k < n_picked; k++)
    {
      if (ok)
        remember (s, &picked[k])->stale_streak = streaks[k];
      sip_auth_challenge_clear (&picked[k]);
    }
  return ok;
}
