/* Digest authentication of a SIP user agent client (RFC 3261 22, RFC 8760,
 * RFC 7616): parsing WWW-Authenticate / Proxy-Authenticate challenges,
 * choosing the strongest one, building Authorization / Proxy-Authorization
 * values, and remembering challenges per realm so that later requests of
 * the same registration or dialog are pre-authorized with an incrementing
 * nonce count.
 *
 * Algorithms: MD5, MD5-sess, SHA-256, SHA-256-sess.  SHA-512-256 is not
 * offered: GLib's GChecksum has no SHA-512/256 (it is not SHA-512
 * truncated; the initial values differ), so such challenges are skipped as
 * unsupported.  qop: "auth" is preferred; "auth-int" is used only when it
 * is the only qop offered, and then hashes the request body the caller
 * passes.  Challenges without qop (RFC 2069 servers) are answered in the
 * old form, without cnonce and nc.
 *
 * Nothing here is thread-safe: a session belongs to the thread of the
 * registration or dialog that owns it. */
#pragma once

#include <glib.h>

#include "msg.h"
#include "sip-str.h"

G_BEGIN_DECLS

#define SIP_AUTH_ERROR (sip_auth_error_quark ())
GQuark sip_auth_error_quark (void);

typedef enum {
  SIP_AUTH_ERROR_INVALID,     /* malformed challenge or unusable argument */
  SIP_AUTH_ERROR_UNSUPPORTED, /* no challenge we can answer (scheme, algorithm, qop) */
  SIP_AUTH_ERROR_REJECTED,    /* the server refused our credentials: stop */
} SipAuthError;

typedef enum {
  SIP_AUTH_ALG_UNSUPPORTED, /* see algorithm_name */
  SIP_AUTH_ALG_MD5,
  SIP_AUTH_ALG_MD5_SESS,
  SIP_AUTH_ALG_SHA256,
  SIP_AUTH_ALG_SHA256_SESS,
} SipAuthAlgorithm;

#define SIP_AUTH_QOP_AUTH 0x1
#define SIP_AUTH_QOP_AUTH_INT 0x2

/* One Digest challenge.  Strings are owned, NUL-terminated and already
 * unquoted (quoted-pair escapes removed): they outlive the response they
 * came from, and realm / nonce may legitimately contain '"'.  Clear with
 * sip_auth_challenge_clear(). */
typedef struct {
  char *realm;
  char *nonce;
  char *opaque;         /* NULL: none */
  char *algorithm_name; /* as written; NULL when absent (meaning MD5) */
  SipAuthAlgorithm algorithm;
  gboolean has_qop;     /* a qop parameter was present */
  guint qop;            /* SIP_AUTH_QOP_* offered (unknown tokens ignored) */
  gboolean stale;
  gboolean proxy;       /* came from Proxy-Authenticate (answer with Proxy-Authorization) */
} SipAuthChallenge;

/* Parses one WWW-Authenticate / Proxy-Authenticate value ("Digest
 * realm=..., nonce=..., ...").  Parameter names and the scheme are
 * case-insensitive; unknown parameters are ignored; an unsupported
 * algorithm still parses (check @ch->algorithm).  If the value runs on
 * into a second challenge (HTTP style "Digest ..., Basic ..."), parsing
 * stops there.  Returns FALSE with a static reason in @why for a
 * non-Digest scheme ("unsupported scheme"), a missing realm or nonce, or
 * bad syntax; @ch is then cleared.  @ch must be zeroed or cleared before. */
gboolean sip_auth_parse_challenge (SipStr value, SipAuthChallenge *ch, const char **why);
void sip_auth_challenge_clear (SipAuthChallenge *ch);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SipAuthChallenge, sip_auth_challenge_clear)

/* Of the header values @values (each one whole WWW-Authenticate or
 * Proxy-Authenticate value, not split at commas), picks the challenge we
 * answer: only @realm's when @realm is set; SHA-256 family over MD5
 * family (RFC 8760); between equals, the topmost (the server lists them in
 * its order of preference).  Unsupported schemes and algorithms are
 * skipped.  Sets @out->proxy to @proxy.  Returns FALSE with
 * SIP_AUTH_ERROR_UNSUPPORTED when nothing is answerable; the message
 * says why (e.g. "unsupported algorithm 'SHA-512-256'"). */
gboolean sip_auth_pick_challenge (const SipStr *values, guint n_values, gboolean proxy,
                                  const char *realm, SipAuthChallenge *out, GError **error);

/* Per-registration or per-dialog (and so per-line) credential state: the
 * last challenge of each realm, its nonce count and cnonce. */
typedef struct _SipAuthSession SipAuthSession;

/* Returns: (transfer full) */
SipAuthSession *sip_auth_session_new (void);
void sip_auth_session_free (SipAuthSession *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipAuthSession, sip_auth_session_free)

/* Fixes the cnonce the session sends (tests, reproducing captures); NULL
 * returns to 16 random bytes as hex per nonce. */
void sip_auth_session_set_cnonce (SipAuthSession *s, const char *cnonce);

/* Builds the value of an Authorization (or, for a proxy challenge,
 * Proxy-Authorization) header answering @ch for @method and @digest_uri
 * (the Request-URI as sent).  @body is the message body, hashed only for
 * qop=auth-int (pass SIP_STR_NULL for none).  With @s, the challenge is
 * remembered for its realm and nc counts up while the nonce stays the
 * same (a new nonce restarts at 00000001); with @s NULL, nc is 00000001.
 * Returns: (transfer full) the value ("Digest username=..."), or NULL with
 * @error for an unsupported algorithm or qop, or strings that cannot go
 * into a header (CR, LF, NUL). */
char *sip_auth_make_header (SipAuthSession *s, const SipAuthChallenge *ch, const char *method,
                            const char *digest_uri, const char *user, const char *password,
                            SipStr body, GError **error);

/* Handles a 401/407 @response to @request (the request as sent: its
 * Authorization / Proxy-Authorization values tell what we had answered;
 * NULL if it carried none).  For each realm challenged, picks the
 * strongest challenge and decides:
 *   - retry when the request carried no credentials for the realm, when
 *     the server says stale=true about a nonce we had already used
 *     successfully (nc > 1) or a different nonce, or when a
 *     pre-authorized request (reused nonce, nc > 1) meets a new nonce;
 *   - give up (SIP_AUTH_ERROR_REJECTED) when a fresh answer (nc=00000001)
 *     or a still-current nonce is refused without stale, or when a fresh
 *     answer is called stale twice in a row.
 * So a caller that resends only on TRUE cannot loop on 401/407.  On TRUE
 * the challenges are stored; build the retry with
 * sip_auth_session_authorize() (and a new CSeq). */
gboolean sip_auth_session_challenged (SipAuthSession *s, const SipMsg *response,
                                      const SipMsg *request, GError **error);

/* Appends "Authorization: ...\r\n" / "Proxy-Authorization: ...\r\n" lines
 * to @headers, one per realm the session holds a challenge for (nothing
 * when it holds none): the retry after a challenge, and pre-authorization
 * of later requests.  Arguments as for sip_auth_make_header(). */
gboolean sip_auth_session_authorize (SipAuthSession *s, const char *method,
                                     const char *digest_uri, const char *user,
                                     const char *password, SipStr body, GString *headers,
                                     GError **error);

/* The response digest alone, lowercase hex; @nc and @cnonce are ignored
 * when @qop is NULL (RFC 2069 form).  For tests and for checking captures.
 * Returns: (transfer full), NULL for SIP_AUTH_ALG_UNSUPPORTED. */
char *sip_auth_compute_response (SipAuthAlgorithm alg, const char *user, const char *realm,
                                 const char *password, const char *method, const char *uri,
                                 const char *nonce, const char *nc, const char *cnonce,
                                 const char *qop, SipStr body);

G_END_DECLS
