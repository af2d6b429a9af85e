/* Tests of the capability registry (core/include/deskphone/registry.h and
 * the private constructor in core-private.h): registration with attributes,
 * lookup by capability and interface version, registration order, pattern
 * lookups, name validation, duplicate registrations and unregistering a
 * plugin. */
#include <string.h>

#include <glib.h>

#include "core-private.h"

/* Stand-ins for a provider's interface and instance. */
typedef struct {
  int (*encode) (gpointer instance, int sample);
} CodecIface;

static int
fake_encode (gpointer instance, int sample)
{
  return sample;
}

static const CodecIface pcmu_iface = { fake_encode };
static const CodecIface pcma_iface = { fake_encode };

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static void
register_ok_at (const char *file, int line, const char *func, DeskRegistry *r,
                const char *plugin, const char *capability, const char *attrs,
                guint version, gconstpointer iface, gpointer instance)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *msg = NULL;

  if (desk_registry_register (r, plugin, capability, attrs, version, iface,
                              instance, &error))
    {
      g_assert_no_error (error);
      return;
    }
  msg = g_strdup_printf ("plugin '%s' could not register '%s': %s", plugin,
                         capability, error ? error->message : "(no error set)");
  g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
}

#define register_ok(r, plugin, cap, attrs, version, iface, instance)       \
  register_ok_at (__FILE__, __LINE__, G_STRFUNC, (r), (plugin), (cap),     \
                  (attrs), (version), (iface), (instance))

static void
assert_contains_at (const char *file, int line, const char *func,
                    const char *haystack, const char *needle, const char *why)
{
  g_autofree char *msg = NULL;
  if (haystack && needle && strstr (haystack, needle))
    return;
  msg = g_strdup_printf ("%s: expected \"%s\" in \"%s\"", why, needle,
                         haystack ? haystack : "(null)");
  g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
}

#define assert_contains(haystack, needle, why) \
  assert_contains_at (__FILE__, __LINE__, G_STRFUNC, (haystack), (needle), (why))

/* "plugin/capability" of each provider matching @pattern, space-separated,
 * in the order lookup_all returned them. */
static char *
lookup_all_text (DeskRegistry *r, const char *pattern)
{
  g_autoptr (GPtrArray) all = desk_registry_lookup_all (r, pattern);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (all);
  for (guint i = 0; i < all->len; i++)
    {
      const DeskProvider *p = g_ptr_array_index (all, i);
      g_string_append_printf (s, "%s%s/%s", i ? " " : "", p->plugin,
                              p->capability);
    }
  return g_string_free (s, FALSE);
}

/* The plugin that desk_registry_lookup() picks for @capability, or NULL. */
static const char *
provider_of (DeskRegistry *r, const char *capability, guint min_version)
{
  const DeskProvider *p = desk_registry_lookup (r, capability, min_version, NULL);
  return p ? p->plugin : NULL;
}

/* ------------------------------------------------------------------------
 * Registration and lookup
 * ------------------------------------------------------------------------ */

static void
test_lookup_returns_what_was_registered (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autoptr (GError) error = NULL;
  int instance = 42;
  g_autofree char *plugin = g_strdup ("g711");
  g_autofree char *cap = g_strdup ("codec:PCMU");
  const DeskProvider *p;
  g_autofree char *attrs = NULL;

  register_ok (r, plugin, cap, "rates=8000;ptime=10..60", 2, &pcmu_iface,
               &instance);
  /* The registry keeps its own copies of the names. */
  g_free (g_steal_pointer (&plugin));
  g_free (g_steal_pointer (&cap));

  p = desk_registry_lookup (r, "codec:PCMU", 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->capability, ==, "codec:PCMU");
  g_assert_cmpstr (p->plugin, ==, "g711");
  g_assert_cmpuint (p->version, ==, 2);
  g_assert_true (p->iface == &pcmu_iface);
  g_assert_true (p->instance == &instance);
  g_assert_cmpint (((const CodecIface *) p->iface)->encode (p->instance, 7), ==, 7);
  g_assert_nonnull (p->attrs);
  attrs = desk_attrs_to_string (p->attrs);
  g_assert_cmpstr (attrs, ==, "ptime=10..60;rates=8000");
  /* The same provider again, and at exactly its version. */
  g_assert_true (desk_registry_lookup (r, "codec:PCMU", 2, NULL) == p);
  g_assert_true (desk_registry_lookup (r, "codec:PCMU", 0, NULL) == p);
}

static void
test_iface_and_instance_may_be_null (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  const DeskProvider *p;

  register_ok (r, "clock", "service:clock", NULL, 1, NULL, NULL);
  p = desk_registry_lookup (r, "service:clock", 1, NULL);
  g_assert_nonnull (p);
  g_assert_null (p->iface);
  g_assert_null (p->instance);
}

static void
test_lookup_unknown_capability_is_not_found (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) error2 = NULL;

  g_assert_null (desk_registry_lookup (r, "codec:PCMU", 1, &error));
  g_assert_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_NOT_FOUND);
  assert_contains (error->message, "codec:PCMU",
                   "the message should name the missing capability");

  register_ok (r, "g711", "codec:PCMU", NULL, 1, &pcmu_iface, NULL);
  /* Lookup is by exact name: neither a family pattern nor a near miss. */
  g_assert_null (desk_registry_lookup (r, "codec:*", 1, &error2));
  g_assert_error (error2, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_NOT_FOUND);
  g_assert_null (desk_registry_lookup (r, "codec:PCM", 1, NULL));
  g_assert_null (desk_registry_lookup (r, "codec:PCMUX", 1, NULL));
}

static void
test_lookup_too_old_version_names_provider (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autoptr (GError) error = NULL;

  register_ok (r, "alsa-audio", "audio:device", "rates=8000,16000", 2, NULL, NULL);
  g_assert_null (desk_registry_lookup (r, "audio:device", 3, &error));
  g_assert_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_VERSION);
  assert_contains (error->message, "alsa-audio",
                   "the message should name the provider that is too old");
  assert_contains (error->message, "audio:device",
                   "the message should name the capability");
  assert_contains (error->message, "version 2",
                   "the message should give the version found");
  assert_contains (error->message, "3",
                   "the message should give the version needed");
}

static void
test_lookup_skips_providers_below_min_version (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();

  register_ok (r, "old-audio", "audio:device", NULL, 1, NULL, NULL);
  register_ok (r, "new-audio", "audio:device", NULL, 3, NULL, NULL);
  g_assert_cmpstr (provider_of (r, "audio:device", 1), ==, "old-audio");
  g_assert_cmpstr (provider_of (r, "audio:device", 2), ==, "new-audio");
  g_assert_cmpstr (provider_of (r, "audio:device", 3), ==, "new-audio");
  g_assert_null (provider_of (r, "audio:device", 4));
}

static void
test_lookup_keeps_registration_order (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autofree char *all = NULL;

  register_ok (r, "zeta-ring", "ui:ringer", NULL, 1, NULL, NULL);
  register_ok (r, "alpha-ring", "ui:ringer", NULL, 1, NULL, NULL);
  /* First registered wins, whatever the names sort to. */
  g_assert_cmpstr (provider_of (r, "ui:ringer", 1), ==, "zeta-ring");
  all = lookup_all_text (r, "ui:ringer");
  g_assert_cmpstr (all, ==, "zeta-ring/ui:ringer alpha-ring/ui:ringer");

  desk_registry_unregister_plugin (r, "zeta-ring");
  g_assert_cmpstr (provider_of (r, "ui:ringer", 1), ==, "alpha-ring");
}

static void
test_lookup_all_by_family_and_star (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autofree char *codecs = NULL, *everything = NULL, *one = NULL, *none = NULL;
  g_autoptr (GPtrArray) empty = NULL;

  register_ok (r, "g711", "codec:PCMU", "rates=8000", 1, &pcmu_iface, NULL);
  register_ok (r, "alsa", "audio:device", NULL, 1, NULL, NULL);
  register_ok (r, "g711", "codec:PCMA", "rates=8000", 1, &pcma_iface, NULL);
  register_ok (r, "g722", "codec:G722", "rates=16000", 1, NULL, NULL);
  register_ok (r, "packer", "codecs:pack", NULL, 1, NULL, NULL);

  codecs = lookup_all_text (r, "codec:*");
  g_assert_cmpstr (codecs, ==, "g711/codec:PCMU g711/codec:PCMA g722/codec:G722");
  everything = lookup_all_text (r, "*");
  g_assert_cmpstr (everything, ==,
                   "g711/codec:PCMU alsa/audio:device g711/codec:PCMA "
                   "g722/codec:G722 packer/codecs:pack");
  one = lookup_all_text (r, "codec:PCMA");
  g_assert_cmpstr (one, ==, "g711/codec:PCMA");
  none = lookup_all_text (r, "video:*");
  g_assert_cmpstr (none, ==, "");
  empty = desk_registry_lookup_all (r, "video:*");
  g_assert_nonnull (empty);
  g_assert_cmpuint (empty->len, ==, 0);
}

static void
test_capability_matches_table (void)
{
  struct {
    const char *pattern, *capability;
    gboolean want;
  } rows[] = {
    { "codec:PCMU", "codec:PCMU", TRUE },
    { "codec:PCMU", "codec:PCMA", FALSE },
    { "codec:PCMU", "codec:PCMU2", FALSE },
    { "codec:PCM", "codec:PCMU", FALSE },
    { "codec:*", "codec:PCMU", TRUE },
    { "codec:*", "codec:G722", TRUE },
    { "codec:*", "codecs:x", FALSE },
    { "codec:*", "codex:PCMU", FALSE },
    { "codec:*", "audio:codec", FALSE },
    { "audio:*", "codec:PCMU", FALSE },
    { "*", "codec:PCMU", TRUE },
    { "*", "audio:device", TRUE },
    { "codec", "codec:PCMU", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gboolean got = desk_capability_matches (rows[i].pattern, rows[i].capability);
      if (got != rows[i].want)
        g_error ("desk_capability_matches (\"%s\", \"%s\") = %s, expected %s",
                 rows[i].pattern, rows[i].capability, got ? "TRUE" : "FALSE",
                 rows[i].want ? "TRUE" : "FALSE");
    }
}

/* ------------------------------------------------------------------------
 * Refused registrations
 * ------------------------------------------------------------------------ */

static void
test_register_refuses_malformed_capability_names (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  const char *bad[] = { "nocolon", ":x", "a:", "a:b:c", "", ":", "a b:c" };
  g_autofree char *all = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      if (desk_registry_register (r, "sloppy", bad[i], NULL, 1, NULL, NULL, &error))
        g_error ("capability name \"%s\" should be refused (not family:item)",
                 bad[i]);
      g_assert_nonnull (error);
      g_assert_true (error->domain == DESK_REGISTRY_ERROR);
      if (*bad[i])
        assert_contains (error->message, bad[i],
                         "the message should quote the refused name");
      assert_contains (error->message, "sloppy",
                       "the message should name the plugin");
    }
  all = lookup_all_text (r, "*");
  g_assert_cmpstr (all, ==, "");
  /* And well-formed names with the allowed punctuation pass. */
  register_ok (r, "ok", "ui:soft-key_2.0", NULL, 1, NULL, NULL);
}

static void
test_register_same_capability_twice_is_exists (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autoptr (GError) error = NULL;
  const DeskProvider *p;

  register_ok (r, "g711", "codec:PCMU", "rates=8000", 1, &pcmu_iface, NULL);
  g_assert_false (desk_registry_register (r, "g711", "codec:PCMU", "rates=16000",
                                          5, &pcma_iface, NULL, &error));
  g_assert_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_EXISTS);
  assert_contains (error->message, "g711", "the message should name the plugin");
  assert_contains (error->message, "codec:PCMU",
                   "the message should name the capability");

  /* The first registration is untouched... */
  p = desk_registry_lookup (r, "codec:PCMU", 1, NULL);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->version, ==, 1);
  g_assert_true (p->iface == &pcmu_iface);
  g_assert_null (desk_registry_lookup (r, "codec:PCMU", 5, NULL));
  /* ...and another plugin may still provide the same capability. */
  register_ok (r, "other-g711", "codec:PCMU", NULL, 1, NULL, NULL);
}

static void
test_register_parses_attrs (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  const DeskProvider *p;
  g_autofree char *text = NULL, *none = NULL;

  register_ok (r, "alsa", "audio:device", "rates=8000,16000,48000;channels=1,2",
               1, NULL, NULL);
  p = desk_registry_lookup (r, "audio:device", 1, NULL);
  g_assert_nonnull (p);
  text = desk_attrs_to_string (p->attrs);
  g_assert_cmpstr (text, ==, "channels=1,2;rates=8000,16000,48000");
  g_assert_true (desk_attrs_contains_int (p->attrs, "rates", 16000));

  register_ok (r, "clock", "service:clock", NULL, 1, NULL, NULL);
  p = desk_registry_lookup (r, "service:clock", 1, NULL);
  g_assert_nonnull (p);
  g_assert_nonnull (p->attrs); /* NULL text: an empty set, not no set */
  none = desk_attrs_to_string (p->attrs);
  g_assert_cmpstr (none, ==, "");
}

static void
test_register_refuses_bad_attrs (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) error2 = NULL;

  g_assert_false (desk_registry_register (r, "g729", "codec:G729",
                                          "rates=8000;annexb", 1, NULL, NULL,
                                          &error));
  g_assert_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX);
  assert_contains (error->message, "g729", "the message should name the plugin");
  assert_contains (error->message, "codec:G729",
                   "the message should name the capability");
  assert_contains (error->message, "annexb",
                   "the message should quote the bad attribute");
  g_assert_null (desk_registry_lookup (r, "codec:G729", 0, &error2));
  g_assert_error (error2, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_NOT_FOUND);
  /* A failed attempt does not block a corrected one. */
  register_ok (r, "g729", "codec:G729", "rates=8000;annexb=yes", 1, NULL, NULL);
}

/* ------------------------------------------------------------------------
 * Unregistering
 * ------------------------------------------------------------------------ */

static void
test_unregister_plugin_removes_only_its_providers (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autofree char *before = NULL, *after = NULL;

  register_ok (r, "g711", "codec:PCMU", NULL, 1, NULL, NULL);
  register_ok (r, "alsa", "audio:device", NULL, 1, NULL, NULL);
  register_ok (r, "g711", "codec:PCMA", NULL, 1, NULL, NULL);
  register_ok (r, "g711x", "codec:PCMU", NULL, 1, NULL, NULL);
  before = lookup_all_text (r, "*");
  g_assert_cmpstr (before, ==,
                   "g711/codec:PCMU alsa/audio:device g711/codec:PCMA "
                   "g711x/codec:PCMU");

  desk_registry_unregister_plugin (r, "g711");
  after = lookup_all_text (r, "*");
  g_assert_cmpstr (after, ==, "alsa/audio:device g711x/codec:PCMU");
  g_assert_cmpstr (provider_of (r, "codec:PCMU", 1), ==, "g711x");
  g_assert_null (provider_of (r, "codec:PCMA", 1));

  /* Unknown plugin: nothing happens.  Then the plugin may come back. */
  desk_registry_unregister_plugin (r, "never-loaded");
  g_assert_cmpstr (provider_of (r, "audio:device", 1), ==, "alsa");
  register_ok (r, "g711", "codec:PCMU", NULL, 1, NULL, NULL);
  g_assert_cmpstr (provider_of (r, "codec:PCMU", 1), ==, "g711x");
}

static void
count_provider (const DeskProvider *p, gpointer data)
{
  GString *s = data;
  g_string_append_printf (s, "%s%s", s->len ? " " : "", p->capability);
}

static void
test_foreach_visits_in_registration_order (void)
{
  g_autoptr (DeskRegistry) r = desk_registry_new ();
  g_autoptr (GString) s = g_string_new (NULL);

  register_ok (r, "b", "x:2", NULL, 1, NULL, NULL);
  register_ok (r, "a", "x:1", NULL, 1, NULL, NULL);
  register_ok (r, "c", "y:1", NULL, 1, NULL, NULL);
  desk_registry_foreach (r, count_provider, s);
  g_assert_cmpstr (s->str, ==, "x:2 x:1 y:1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry/lookup/returns-what-was-registered",
                   test_lookup_returns_what_was_registered);
  g_test_add_func ("/registry/lookup/iface-and-instance-may-be-null",
                   test_iface_and_instance_may_be_null);
  g_test_add_func ("/registry/lookup/unknown-is-not-found",
                   test_lookup_unknown_capability_is_not_found);
  g_test_add_func ("/registry/lookup/too-old-names-provider",
                   test_lookup_too_old_version_names_provider);
  g_test_add_func ("/registry/lookup/skips-below-min-version",
                   test_lookup_skips_providers_below_min_version);
  g_test_add_func ("/registry/lookup/registration-order",
                   test_lookup_keeps_registration_order);
  g_test_add_func ("/registry/lookup-all/family-and-star",
                   test_lookup_all_by_family_and_star);
  g_test_add_func ("/registry/matches/table", test_capability_matches_table);
  g_test_add_func ("/registry/register/refuses-malformed-names",
                   test_register_refuses_malformed_capability_names);
  g_test_add_func ("/registry/register/same-capability-twice-exists",
                   test_register_same_capability_twice_is_exists);
  g_test_add_func ("/registry/register/parses-attrs", test_register_parses_attrs);
  g_test_add_func ("/registry/register/refuses-bad-attrs",
                   test_register_refuses_bad_attrs);
  g_test_add_func ("/registry/unregister/only-that-plugin",
                   test_unregister_plugin_removes_only_its_providers);
  g_test_add_func ("/registry/foreach/registration-order",
                   test_foreach_visits_in_registration_order);

  return g_test_run ();
}
