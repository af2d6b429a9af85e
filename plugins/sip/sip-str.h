/* Slices of a SIP message buffer, and the character classes of RFC 3261's
 * grammar.  A SipStr points into a buffer owned by someone else (usually a
 * SipMsg); it is never NUL-terminated. */
#pragma once

#include <string.h>

#include <glib.h>

typedef struct {
  const char *p;
  gsize len;
} SipStr;

#define SIP_STR_NULL ((SipStr) { NULL, 0 })
#define SIP_STR_LIT(s) ((SipStr) { (s), sizeof (s) - 1 })

static inline SipStr
sip_str (const char *p, gsize len)
{
  return (SipStr) { p, len };
}

static inline gboolean
sip_str_is_set (SipStr s)
{
  return s.p != NULL;
}

static inline gboolean
sip_str_eq (SipStr s, const char *lit)
{
  gsize n = strlen (lit);
  return s.p && s.len == n && memcmp (s.p, lit, n) == 0;
}

static inline gboolean
sip_str_caseeq (SipStr s, const char *lit)
{
  gsize n = strlen (lit);
  return s.p && s.len == n && g_ascii_strncasecmp (s.p, lit, n) == 0;
}

static inline gboolean
sip_str_caseeq_str (SipStr a, SipStr b)
{
  return a.len == b.len && (a.len == 0 || g_ascii_strncasecmp (a.p, b.p, a.len) == 0);
}

static inline gboolean
sip_str_eq_str (SipStr a, SipStr b)
{
  return a.len == b.len && (a.len == 0 || memcmp (a.p, b.p, a.len) == 0);
}

/* (transfer full) NUL-terminated copy. */
static inline char *
sip_str_dup (SipStr s)
{
  return s.p ? g_strndup (s.p, s.len) : NULL;
}

static inline SipStr
sip_str_trim (SipStr s)
{
  while (s.len && (s.p[0] == ' ' || s.p[0] == '\t'))
    s.p++, s.len--;
  while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
    s.len--;
  return s;
}

/* RFC 3261 25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" /
 * "+" / "`" / "'" / "~" ) */
extern const guint8 sip_char_class[256];
#define SIP_CC_TOKEN 0x01
#define SIP_CC_WS 0x02      /* SP / HTAB */
#define SIP_CC_DIGIT 0x04
#define SIP_CC_UNRESERVED 0x08 /* alphanum / mark */
#define SIP_CC_USER 0x10    /* unreserved / user-unreserved (& = + $ , ; ? /) */
#define SIP_CC_PARAM 0x20   /* unreserved / param-unreserved ([ ] / : & + $) */
#define SIP_CC_HOST 0x40    /* alphanum / "-" / "." / "_" */

static inline gboolean
sip_is_token_char (char c)
{
  return sip_char_class[(guint8) c] & SIP_CC_TOKEN;
}

static inline gboolean
sip_is_token (SipStr s)
{
  if (!s.len)
    return FALSE;
  for (gsize i = 0; i < s.len; i++)
    if (!sip_is_token_char (s.p[i]))
      return FALSE;
  return TRUE;
}

/* Parses an unsigned decimal of at most @max; FALSE on anything else. */
gboolean sip_str_to_uint (SipStr s, guint64 max, guint64 *out);
