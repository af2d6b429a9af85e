/* Attribute sets of capabilities ("rates=8000,16000;ptime=10..60") and their
 * intersection, which is how the core negotiates codecs, sample rates and
 * device routes between providers and consumers. */
#include <string.h>

#include <deskphone/registry.h>

#define MAX_ATTR_TEXT 4096

typedef struct {
  gboolean is_int;
  gint64 lo, hi; /* is_int: inclusive range */
  char *word;    /* !is_int */
} AttrValue;

typedef struct {
  char *key;
  GArray *values; /* AttrValue */
} AttrEntry;

struct _DeskAttrs {
  GPtrArray *entries; /* AttrEntry*, sorted by key */
};

G_DEFINE_QUARK (desk-registry-error-quark, desk_registry_error)

static void
value_clear (gpointer p)
{
  AttrValue *v = p;
  g_free (v->word);
}

static void
entry_free (gpointer p)
{
  AttrEntry *e = p;
  g_free (e->key);
  g_array_unref (e->values);
  g_free (e);
}

static AttrEntry *
entry_new (const char *key)
{
  AttrEntry *e = g_new0 (AttrEntry, 1);
  e->key = g_ascii_strdown (key, -1);
  e->values = g_array_new (FALSE, FALSE, sizeof (AttrValue));
  g_array_set_clear_func (e->values, value_clear);
  return e;
}

static DeskAttrs *
attrs_new (void)
{
  DeskAttrs *a = g_new0 (DeskAttrs, 1);
  a->entries = g_ptr_array_new_with_free_func (entry_free);
  return a;
}

void
desk_attrs_free (DeskAttrs *attrs)
{
  if (!attrs)
    return;
  g_ptr_array_unref (attrs->entries);
  g_free (attrs);
}

static gint
entry_cmp (gconstpointer a, gconstpointer b)
{
  const AttrEntry *ea = *(const AttrEntry *const *) a;
  const AttrEntry *eb = *(const AttrEntry *const *) b;
  return strcmp (ea->key, eb->key);
}

static AttrEntry *
find_entry (const DeskAttrs *attrs, const char *key)
{
  for (guint i = 0; attrs && i < attrs->entries->len; i++)
    {
      AttrEntry *e = g_ptr_array_index (attrs->entries, i);
      if (g_ascii_strcasecmp (e->key, key) == 0)
        return e;
    }
  return NULL;
}

/* A decimal integer that fits in 64 bits; anything else is not one. */
static gboolean
parse_int (const char *s, gint64 *out)
{
  if (!*s || !(g_ascii_isdigit (*s) || ((*s == '-' || *s == '+') && g_ascii_isdigit (s[1]))))
    return FALSE;
  return g_ascii_string_to_signed (*s == '+' ? s + 1 : s, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static gboolean
looks_numeric (const char *s)
{
  return g_ascii_isdigit (*s) || ((*s == '-' || *s == '+') && g_ascii_isdigit (s[1]));
}

/* Whether @v adds nothing to @vals: an equal word, or an integer range
 * inside one already there.  Sets keep no such values, so parsing and
 * intersecting give the same canonical text. */
static gboolean
covered (GArray *vals, const AttrValue *v)
{
  for (guint i = 0; i < vals->len; i++)
    {
      const AttrValue *o = &g_array_index (vals, AttrValue, i);
      if (o->is_int != v->is_int)
        continue;
      if (v->is_int ? (o->lo <= v->lo && v->hi <= o->hi)
                    : g_ascii_strcasecmp (o->word, v->word) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
parse_value (const char *text, AttrValue *v, GError **error)
{
  const char *dots = strstr (text, "..");
  memset (v, 0, sizeof *v);
  if (dots)
    {
      g_autofree char *lo = g_strndup (text, dots - text);
      if (parse_int (lo, &v->lo) && parse_int (dots + 2, &v->hi))
        {
          if (v->lo > v->hi)
            {
              g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                           "range '%s' is empty (low end above high end)", text);
              return FALSE;
            }
          v->is_int = TRUE;
          return TRUE;
        }
    }
  else if (parse_int (text, &v->lo))
    {
      v->hi = v->lo;
      v->is_int = TRUE;
      return TRUE;
    }
  /* A number that does not parse (too large, "10..x") is a mistake, not a
   * word. */
  if (dots || looks_numeric (text))
    {
      g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                   "'%s' is not an integer or a range lo..hi of 64-bit integers", text);
      return FALSE;
    }
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-_+./", *p))
      {
        /* Name the byte, not a character: it may be part of a UTF-8
         * sequence, and the message must stay valid text. */
        g_autofree char *shown = g_utf8_make_valid (text, -1);
        g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                     "attribute value '%s' has a character that is not allowed (byte 0x%02x)",
                     shown, (guchar) *p);
        return FALSE;
      }
  if (!*text)
    {
      g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                   "empty attribute value");
      return FALSE;
    }
  v->word = g_strdup (text);
  return TRUE;
}

static gboolean
valid_key (const char *key)
{
  if (!*key)
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

DeskAttrs *
desk_attrs_parse (const char *text, gssize len, GError **error)
{
  g_autoptr (DeskAttrs) attrs = attrs_new ();
  g_autofree char *copy = NULL;
  g_auto (GStrv) items = NULL;

  if (!text)
    return g_steal_pointer (&attrs);
  if (len < 0)
    len = strnlen (text, MAX_ATTR_TEXT + 1);
  if (len > MAX_ATTR_TEXT || memchr (text, '\0', len))
    {
      g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                   "attribute text is longer than %d bytes or holds a NUL byte",
                   MAX_ATTR_TEXT);
      return NULL;
    }
  copy = g_strndup (text, len);
  items = g_strsplit (copy, ";", -1);
  for (guint i = 0; items[i]; i++)
    {
      char *item = g_strstrip (items[i]);
      char *eq = strchr (item, '=');
      g_auto (GStrv) vals = NULL;
      AttrEntry *e;

      if (!*item)
        continue;
      if (!eq)
        {
          g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                       "attribute '%s' has no '=' (write key=value)", item);
          return NULL;
        }
      *eq = '\0';
      g_strstrip (item);
      if (!valid_key (item))
        {
          g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                       "attribute key '%s' is empty or not [A-Za-z0-9_-]", item);
          return NULL;
        }
      if (find_entry (attrs, item))
        {
          g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                       "attribute key '%s' appears twice", item);
          return NULL;
        }
      e = entry_new (item);
      g_ptr_array_add (attrs->entries, e);
      vals = g_strsplit (eq + 1, ",", -1);
      if (!vals[0])
        {
          g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX,
                       "attribute '%s' has an empty value (write key=value)", e->key);
          return NULL;
        }
      for (guint j = 0; vals[j]; j++)
        {
          AttrValue v;
          if (!parse_value (g_strstrip (vals[j]), &v, error))
            {
              g_prefix_error (error, "attribute '%s': ", e->key);
              return NULL;
            }
          if (covered (e->values, &v))
            g_free (v.word);
          else
            g_array_append_val (e->values, v);
        }
    }
  g_ptr_array_sort (attrs->entries, entry_cmp);
  return g_steal_pointer (&attrs);
}

static void
copy_values (GArray *dst, GArray *src)
{
  for (guint i = 0; i < src->len; i++)
    {
      AttrValue v = g_array_index (src, AttrValue, i);
      v.word = g_strdup (v.word);
      g_array_append_val (dst, v);
    }
}

DeskAttrs *
desk_attrs_copy (const DeskAttrs *attrs)
{
  DeskAttrs *copy = attrs_new ();
  for (guint i = 0; attrs && i < attrs->entries->len; i++)
    {
      AttrEntry *e = g_ptr_array_index (attrs->entries, i);
      AttrEntry *c = entry_new (e->key);
      copy_values (c->values, e->values);
      g_ptr_array_add (copy->entries, c);
    }
  return copy;
}

/* Values of @a that @b also has, ranges clipped. */
static void
intersect_values (GArray *out, GArray *a, GArray *b)
{
  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      {
        AttrValue *va = &g_array_index (a, AttrValue, i);
        AttrValue *vb = &g_array_index (b, AttrValue, j);
        AttrValue r = { 0 };
        if (va->is_int != vb->is_int)
          continue;
        if (va->is_int)
          {
            r.is_int = TRUE;
            r.lo = MAX (va->lo, vb->lo);
            r.hi = MIN (va->hi, vb->hi);
            if (r.lo > r.hi)
              continue;
          }
        else if (g_ascii_strcasecmp (va->word, vb->word) == 0)
          r.word = g_strdup (va->word);
        else
          continue;
        if (covered (out, &r))
          g_free (r.word);
        else
          g_array_append_val (out, r);
      }
}

DeskAttrs *
desk_attrs_intersect (const DeskAttrs *a, const DeskAttrs *b, GError **error)
{
  g_autoptr (DeskAttrs) out = attrs_new ();

  for (guint i = 0; a && i < a->entries->len; i++)
    {
      AttrEntry *ea = g_ptr_array_index (a->entries, i);
      AttrEntry *eb = find_entry (b, ea->key);
      AttrEntry *r = entry_new (ea->key);
      g_ptr_array_add (out->entries, r);
      if (!eb)
        {
          copy_values (r->values, ea->values);
          continue;
        }
      intersect_values (r->values, ea->values, eb->values);
      if (r->values->len == 0)
        {
          g_autofree char *sa = NULL, *sb = NULL;
          DeskAttrs one_a = { .entries = g_ptr_array_new () };
          DeskAttrs one_b = { .entries = g_ptr_array_new () };
          g_ptr_array_add (one_a.entries, ea);
          g_ptr_array_add (one_b.entries, eb);
          sa = desk_attrs_to_string (&one_a);
          sb = desk_attrs_to_string (&one_b);
          g_ptr_array_unref (one_a.entries);
          g_ptr_array_unref (one_b.entries);
          g_set_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_EMPTY,
                       "no common value for '%s' (%s against %s)", ea->key, sa, sb);
          return NULL;
        }
    }
  for (guint i = 0; b && i < b->entries->len; i++)
    {
      AttrEntry *eb = g_ptr_array_index (b->entries, i);
      if (!find_entry (a, eb->key))
        {
          AttrEntry *r = entry_new (eb->key);
          copy_values (r->values, eb->values);
          g_ptr_array_add (out->entries, r);
        }
    }
  g_ptr_array_sort (out->entries, entry_cmp);
  return g_steal_pointer (&out);
}

gboolean
desk_attrs_has_key (const DeskAttrs *attrs, const char *key)
{
  return find_entry (attrs, key) != NULL;
}

gboolean
desk_attrs_contains_int (const DeskAttrs *attrs, const char *key, gint64 value)
{
  AttrEntry *e = find_entry (attrs, key);
  for (guint i = 0; e && i < e->values->len; i++)
    {
      AttrValue *v = &g_array_index (e->values, AttrValue, i);
      if (v->is_int && v->lo <= value && value <= v->hi)
        return TRUE;
    }
  return FALSE;
}

gboolean
desk_attrs_contains_word (const DeskAttrs *attrs, const char *key,
                          const char *value)
{
  AttrEntry *e = find_entry (attrs, key);
  for (guint i = 0; e && i < e->values->len; i++)
    {
      AttrValue *v = &g_array_index (e->values, AttrValue, i);
      if (!v->is_int && g_ascii_strcasecmp (v->word, value) == 0)
        return TRUE;
    }
  return FALSE;
}

gint64
desk_attrs_get_min_int (const DeskAttrs *attrs, const char *key,
                        gint64 fallback)
{
  AttrEntry *e = find_entry (attrs, key);
  gboolean found = FALSE;
  gint64 min = 0;
  for (guint i = 0; e && i < e->values->len; i++)
    {
      AttrValue *v = &g_array_index (e->values, AttrValue, i);
      if (v->is_int && (!found || v->lo < min))
        {
          min = v->lo;
          found = TRUE;
        }
    }
  return found ? min : fallback;
}

char *
desk_attrs_to_string (const DeskAttrs *attrs)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; attrs && i < attrs->entries->len; i++)
    {
      AttrEntry *e = g_ptr_array_index (attrs->entries, i);
      if (i)
        g_string_append_c (s, ';');
      g_string_append_printf (s, "%s=", e->key);
      for (guint j = 0; j < e->values->len; j++)
        {
          AttrValue *v = &g_array_index (e->values, AttrValue, j);
          if (j)
            g_string_append_c (s, ',');
          if (!v->is_int)
            g_string_append (s, v->word);
          else if (v->lo == v->hi)
            g_string_append_printf (s, "%" G_GINT64_FORMAT, v->lo);
          else
            g_string_append_printf (s, "%" G_GINT64_FORMAT ".." "%" G_GINT64_FORMAT,
                                    v->lo, v->hi);
        }
    }
  return g_string_free (s, FALSE);
}
