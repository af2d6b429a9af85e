/* Tests of attribute sets (core/include/deskphone/registry.h): parsing of
 * "key=value,value;key=value" with integers, "lo..hi" ranges and words, the
 * syntax errors a plugin author will see, the canonical text, the queries,
 * and the key-by-key intersection that negotiates codecs and devices. */
#include <string.h>

#include <glib.h>

#include <deskphone/registry.h>

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* Parses @text, failing the test with the parser's message if it refuses. */
static DeskAttrs *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  DeskAttrs *attrs = desk_attrs_parse (text, -1, &error);
  if (!attrs)
    g_error ("\"%s\" should parse but was refused: %s", text ? text : "(null)",
             error ? error->message : "(no error set)");
  g_assert_no_error (error);
  return attrs;
}

/* The canonical text of @text after parsing. */
static char *
canonical (const char *text)
{
  g_autoptr (DeskAttrs) attrs = parse_ok (text);
  return desk_attrs_to_string (attrs);
}

#define assert_canonical(text, want)                \
  G_STMT_START {                                    \
    g_autofree char *got_ = canonical (text);       \
    g_assert_cmpstr (got_, ==, (want));             \
  } G_STMT_END

static void
assert_contains_at (const char *file, int line, const char *func,
                    const char *haystack, const char *needle, const char *why)
{
  g_autofree char *msg = NULL;
  if (haystack && needle && strstr (haystack, needle))
    return;
  if (!haystack && g_test_failed ())
    return; /* parse_fails() already said why */
  msg = g_strdup_printf ("%s: expected \"%s\" in \"%s\"", why, needle,
                         haystack ? haystack : "(null)");
  g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
}

/* Fails unless @haystack contains @needle; @why says what that means. */
#define assert_contains(haystack, needle, why) \
  assert_contains_at (__FILE__, __LINE__, G_STRFUNC, (haystack), (needle), (why))

/* Parses @len bytes of @text, expecting a syntax error whose message quotes
 * @hint.  Returns: (transfer full) the message, or NULL (the test marked
 * failed) when the text was accepted. */
static char *
parse_fails (const char *text, gssize len, const char *hint)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAttrs) attrs = desk_attrs_parse (text, len, &error);
  if (attrs)
    {
      g_autofree char *s = desk_attrs_to_string (attrs);
      g_test_fail_printf ("\"%.60s\" should be refused but parsed as \"%.60s\"",
                          text, s);
      return NULL;
    }
  g_assert_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_SYNTAX);
  if (hint)
    assert_contains (error->message, hint,
                     "the message should point at what is wrong");
  return g_strdup (error->message);
}

/* to_string of the intersection of @a and @b, or NULL with @error set. */
static char *
intersect_text (const char *a, const char *b, GError **error)
{
  g_autoptr (DeskAttrs) pa = parse_ok (a);
  g_autoptr (DeskAttrs) pb = parse_ok (b);
  g_autoptr (DeskAttrs) r = desk_attrs_intersect (pa, pb, error);
  if (!r)
    {
      g_assert (error == NULL || *error != NULL);
      return NULL;
    }
  return desk_attrs_to_string (r);
}

/* Fails unless intersecting @a and @b succeeds with canonical text @want. */
static void
assert_intersection_at (const char *file, int line, const char *func,
                        const char *a, const char *b, const char *want)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *got = intersect_text (a, b, &error);
  g_autofree char *msg = NULL;

  if (g_strcmp0 (got, want) == 0)
    return;
  msg = g_strdup_printf ("\"%s\" intersect \"%s\": expected \"%s\", got %s%s%s",
                         a, b, want, got ? "\"" : "error: ",
                         got ? got : error->message, got ? "\"" : "");
  g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
}

#define assert_intersection(a, b, want) \
  assert_intersection_at (__FILE__, __LINE__, G_STRFUNC, (a), (b), (want))

/* ------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------ */

static void
test_parse_integers (void)
{
  g_autoptr (DeskAttrs) a = parse_ok ("rates=8000,16000;offset=-5,+7,0");

  g_assert_true (desk_attrs_contains_int (a, "rates", 8000));
  g_assert_true (desk_attrs_contains_int (a, "rates", 16000));
  g_assert_false (desk_attrs_contains_int (a, "rates", 12000));
  g_assert_true (desk_attrs_contains_int (a, "offset", -5));
  g_assert_true (desk_attrs_contains_int (a, "offset", 7));
  g_assert_true (desk_attrs_contains_int (a, "offset", 0));
  assert_canonical ("rates=8000,16000", "rates=8000,16000");
  assert_canonical ("offset=-5,+7", "offset=-5,7");
}

static void
test_parse_ranges_are_inclusive (void)
{
  g_autoptr (DeskAttrs) a = parse_ok ("ptime=10..60;gain=-12..12;one=5..5");

  g_assert_false (desk_attrs_contains_int (a, "ptime", 9));
  g_assert_true (desk_attrs_contains_int (a, "ptime", 10));
  g_assert_true (desk_attrs_contains_int (a, "ptime", 35));
  g_assert_true (desk_attrs_contains_int (a, "ptime", 60));
  g_assert_false (desk_attrs_contains_int (a, "ptime", 61));
  g_assert_true (desk_attrs_contains_int (a, "gain", -12));
  g_assert_true (desk_attrs_contains_int (a, "gain", 0));
  g_assert_false (desk_attrs_contains_int (a, "gain", 13));
  g_assert_true (desk_attrs_contains_int (a, "one", 5));
  g_assert_false (desk_attrs_contains_int (a, "one", 6));
  assert_canonical ("ptime=10..60", "ptime=10..60");
  assert_canonical ("gain=-12..12", "gain=-12..12");
  /* A one-value range is that integer. */
  assert_canonical ("one=5..5", "one=5");
}

static void
test_parse_words_compare_without_case (void)
{
  g_autoptr (DeskAttrs) a =
      parse_ok ("annexb=yes;mode=Stereo,mono;route=hand-set,head_set");

  g_assert_true (desk_attrs_contains_word (a, "annexb", "yes"));
  g_assert_true (desk_attrs_contains_word (a, "annexb", "YES"));
  g_assert_false (desk_attrs_contains_word (a, "annexb", "no"));
  g_assert_true (desk_attrs_contains_word (a, "mode", "stereo"));
  g_assert_true (desk_attrs_contains_word (a, "mode", "STEREO"));
  g_assert_true (desk_attrs_contains_word (a, "mode", "Mono"));
  g_assert_false (desk_attrs_contains_word (a, "mode", "stere"));
  g_assert_true (desk_attrs_contains_word (a, "route", "hand-set"));
  g_assert_true (desk_attrs_contains_word (a, "route", "head_set"));
  assert_canonical ("annexb=yes", "annexb=yes");
}

static void
test_parse_ignores_whitespace_around_tokens (void)
{
  assert_canonical ("  rates = 8000 , 16000 ;\tchannels=1 ; ",
                    "channels=1;rates=8000,16000");
  assert_canonical (" ptime = 10..60 ", "ptime=10..60");
}

static void
test_parse_null_or_empty_is_empty_set (void)
{
  const char *texts[] = { NULL, "", "   " };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (DeskAttrs) a = parse_ok (texts[i]);
      g_autofree char *s = desk_attrs_to_string (a);
      g_assert_cmpstr (s, ==, "");
      g_assert_false (desk_attrs_has_key (a, "rates"));
    }
  {
    g_autoptr (GError) error = NULL;
    /* Zero bytes of a non-empty buffer. */
    g_autoptr (DeskAttrs) a = desk_attrs_parse ("rates=8000", 0, &error);
    g_autofree char *s = NULL;
    g_assert_no_error (error);
    g_assert_nonnull (a);
    s = desk_attrs_to_string (a);
    g_assert_cmpstr (s, ==, "");
  }
}

static void
test_parse_reads_only_len_bytes (void)
{
  static const char text[] = "rates=8000;channels=2";
  g_autoptr (GError) error = NULL;
  /* An exact-size copy without a terminating NUL: valgrind catches any read
   * past @len. */
  gsize len = strlen ("rates=8000");
  g_autofree char *buf = g_memdup2 (text, len);
  g_autoptr (DeskAttrs) a = desk_attrs_parse (buf, len, &error);
  g_autofree char *s = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (a);
  s = desk_attrs_to_string (a);
  g_assert_cmpstr (s, ==, "rates=8000");
  g_assert_false (desk_attrs_has_key (a, "channels"));
}

static void
test_parse_accepts_long_realistic_text (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (DeskAttrs) a = NULL;

  for (int i = 0; i < 60; i++)
    g_string_append_printf (text, "%skey%02d=%d,%d..%d,word%d", i ? ";" : "",
                            i, i, 100 + i, 200 + i, i);
  g_assert_cmpuint (text->len, >, 1000);
  a = parse_ok (text->str);
  g_assert_true (desk_attrs_contains_int (a, "key59", 259));
  g_assert_true (desk_attrs_contains_word (a, "key00", "WORD0"));
}

/* ------------------------------------------------------------------------
 * Syntax errors
 * ------------------------------------------------------------------------ */

static void
test_error_missing_equals (void)
{
  g_autofree char *m G_GNUC_UNUSED = parse_fails ("rates=8000;channels", -1, "channels");
  assert_contains (m, "=", "the message should say an '=' is missing");
}

static void
test_error_empty_key (void)
{
  g_autofree char *a G_GNUC_UNUSED = parse_fails ("=8000", -1, NULL);
  g_autofree char *b G_GNUC_UNUSED = parse_fails ("rates=8000; =1", -1, NULL);
  assert_contains (a, "key", "the message should say the key is wrong");
  assert_contains (b, "key", "the message should say the key is wrong");
}

static void
test_error_duplicate_key (void)
{
  g_autofree char *m =
      parse_fails ("rates=8000;channels=1;rates=16000", -1, "rates");
  assert_contains (m, "twice", "the message should say the key repeats");
}

static void
test_error_bad_characters (void)
{
  g_autofree char *a G_GNUC_UNUSED = parse_fails ("codec=pc$mu", -1, "pc$mu");
  g_autofree char *b G_GNUC_UNUSED = parse_fails ("rates=8000 16000", -1, "8000 16000");
  g_autofree char *c G_GNUC_UNUSED = parse_fails ("bad key=1", -1, "bad key");
  g_autofree char *d G_GNUC_UNUSED = parse_fails ("na\"me=1", -1, NULL);
  g_autofree char *e G_GNUC_UNUSED = parse_fails ("mode=a=b", -1, NULL);
}

static void
test_error_empty_value (void)
{
  g_autofree char *a G_GNUC_UNUSED = parse_fails ("rates=8000,,16000", -1, "rates");
  g_autofree char *b G_GNUC_UNUSED = parse_fails ("rates=8000,", -1, "rates");
  assert_contains (a, "empty", "the message should say the value is empty");
}

/* "rates=" names a key with no value at all: a set that can never intersect
 * with anything that has "rates", so almost certainly a typo. */
static void
test_error_key_without_value (void)
{
  g_autofree char *a G_GNUC_UNUSED = parse_fails ("rates=", -1, "rates");
  g_autofree char *b G_GNUC_UNUSED = parse_fails ("channels=1;rates= ;ptime=20", -1, "rates");
  if (a)
    assert_contains (a, "empty", "the message should say the value is empty");
}

static void
test_error_inverted_range (void)
{
  g_autofree char *m G_GNUC_UNUSED = parse_fails ("ptime=60..10", -1, "60..10");
  assert_contains (m, "ptime", "the message should name the key");
}

static void
test_error_nul_byte (void)
{
  static const char text[] = "rates=8000\0;channels=1";
  g_autofree char *m G_GNUC_UNUSED = parse_fails (text, sizeof text - 1, "NUL");
}

static void
test_error_overlong_text (void)
{
  gsize len = 64 * 1024;
  g_autofree char *text = g_malloc (len + 1);
  g_autofree char *m = NULL;

  memcpy (text, "k=", 2);
  memset (text + 2, 'a', len - 2);
  text[len] = '\0';
  m = parse_fails (text, -1, "longer");
  g_free (g_steal_pointer (&m));
  m = parse_fails (text, len, "longer");
}

/* "rates=99999999999999999999" is not a number this parser can hold; taking
 * it as some other number would negotiate a rate nobody offered. */
static void
test_error_integer_out_of_range (void)
{
  g_autofree char *a G_GNUC_UNUSED = parse_fails ("rates=99999999999999999999", -1, "rates");
  g_autofree char *b G_GNUC_UNUSED = parse_fails ("ptime=1..99999999999999999999", -1, "ptime");
}

/* Text that starts like a number or holds ".." is a broken number or range,
 * not a word: "10..x" taken as a word would never match ptime=10..60. */
static void
test_error_broken_range_is_not_a_word (void)
{
  g_autofree char *a G_GNUC_UNUSED = parse_fails ("ptime=10..x", -1, "10..x");
  g_autofree char *b G_GNUC_UNUSED = parse_fails ("ptime=1...5", -1, "1...5");
  g_autofree char *c G_GNUC_UNUSED = parse_fails ("rates=8k", -1, "8k");
}

/* ------------------------------------------------------------------------
 * Canonical text and copies
 * ------------------------------------------------------------------------ */

static void
test_to_string_sorts_keys (void)
{
  assert_canonical ("z=1;annexb=yes;m=10..20;b=8000,16000",
                    "annexb=yes;b=8000,16000;m=10..20;z=1");
}

static void
test_to_string_round_trips (void)
{
  const char *texts[] = {
    "channels=1,2;rates=8000,16000,48000",
    "annexb=yes;ptime=10..60",
    "gain=-12..12;mode=mono",
    "",
  };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *once = canonical (texts[i]);
      g_autofree char *twice = canonical (once);
      g_assert_cmpstr (once, ==, texts[i]);
      g_assert_cmpstr (twice, ==, once);
    }
}

static void
test_copy_is_independent (void)
{
  DeskAttrs *a = parse_ok ("rates=8000,16000;annexb=yes;ptime=10..60");
  g_autoptr (DeskAttrs) c = desk_attrs_copy (a);
  g_autofree char *before = desk_attrs_to_string (a);
  g_autofree char *after = NULL;

  desk_attrs_free (a); /* the copy must not share its storage */
  after = desk_attrs_to_string (c);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (desk_attrs_contains_word (c, "annexb", "yes"));
}

/* ------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------ */

static void
test_has_key (void)
{
  g_autoptr (DeskAttrs) a = parse_ok ("rates=8000;annexb=yes");
  g_assert_true (desk_attrs_has_key (a, "rates"));
  g_assert_true (desk_attrs_has_key (a, "annexb"));
  g_assert_false (desk_attrs_has_key (a, "channels"));
  g_assert_false (desk_attrs_has_key (a, "rate"));
}

static void
test_contains_distinguishes_ints_and_words (void)
{
  g_autoptr (DeskAttrs) a = parse_ok ("rates=8000;annexb=yes");

  g_assert_false (desk_attrs_contains_int (a, "annexb", 0));
  g_assert_false (desk_attrs_contains_word (a, "rates", "8000"));
  g_assert_false (desk_attrs_contains_int (a, "missing", 8000));
  g_assert_false (desk_attrs_contains_word (a, "missing", "yes"));
}

static void
test_get_min_int (void)
{
  g_autoptr (DeskAttrs) a =
      parse_ok ("ptime=30,10..60,20;gain=5,-3..8;rates=48000,8000;mode=mono");

  g_assert_cmpint (desk_attrs_get_min_int (a, "ptime", -1), ==, 10);
  g_assert_cmpint (desk_attrs_get_min_int (a, "gain", -1), ==, -3);
  g_assert_cmpint (desk_attrs_get_min_int (a, "rates", -1), ==, 8000);
  /* Only words, or no key at all: the fallback. */
  g_assert_cmpint (desk_attrs_get_min_int (a, "mode", -1), ==, -1);
  g_assert_cmpint (desk_attrs_get_min_int (a, "channels", 2), ==, 2);
}

/* ------------------------------------------------------------------------
 * Intersection
 * ------------------------------------------------------------------------ */

static void
test_intersect_keeps_common_integers (void)
{
  assert_intersection ("rates=8000,16000,48000", "rates=16000,48000,96000",
                       "rates=16000,48000");
  assert_intersection ("rates=8000", "rates=8000", "rates=8000");
}

static void
test_intersect_clips_ranges (void)
{
  assert_intersection ("ptime=10..60", "ptime=20,30,90", "ptime=20,30");
  assert_intersection ("ptime=10..60", "ptime=40..100", "ptime=40..60");
  assert_intersection ("ptime=10..60", "ptime=60..100", "ptime=60");
  assert_intersection ("ptime=10..20,40..60", "ptime=15..45",
                       "ptime=15..20,40..45");
}

static void
test_intersect_words_without_case (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAttrs) a = parse_ok ("mode=mono,stereo;annexb=yes");
  g_autoptr (DeskAttrs) b = parse_ok ("mode=STEREO,surround;annexb=YES");
  g_autoptr (DeskAttrs) r = desk_attrs_intersect (a, b, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_true (desk_attrs_contains_word (r, "mode", "stereo"));
  g_assert_false (desk_attrs_contains_word (r, "mode", "mono"));
  g_assert_false (desk_attrs_contains_word (r, "mode", "surround"));
  g_assert_true (desk_attrs_contains_word (r, "annexb", "yes"));
  assert_intersection ("mode=mono,stereo", "mode=stereo,surround", "mode=stereo");
}

static void
test_intersect_passes_one_sided_keys_through (void)
{
  assert_intersection ("rates=8000;annexb=yes", "rates=8000,16000;ptime=10..60",
                       "annexb=yes;ptime=10..60;rates=8000");
  assert_intersection ("", "rates=8000,16000", "rates=8000,16000");
  assert_intersection ("rates=8000,16000", "", "rates=8000,16000");
  assert_intersection ("", "", "");
}

static void
test_intersect_does_not_change_inputs (void)
{
  g_autoptr (DeskAttrs) a = parse_ok ("rates=8000,16000;ptime=10..60");
  g_autoptr (DeskAttrs) b = parse_ok ("rates=16000;ptime=20");
  g_autoptr (DeskAttrs) r = desk_attrs_intersect (a, b, NULL);
  g_autofree char *sa = desk_attrs_to_string (a);
  g_autofree char *sb = desk_attrs_to_string (b);

  g_assert_nonnull (r);
  g_assert_cmpstr (sa, ==, "ptime=10..60;rates=8000,16000");
  g_assert_cmpstr (sb, ==, "ptime=20;rates=16000");
}

static void
test_intersect_empty_fails_naming_key (void)
{
  struct {
    const char *a, *b, *key;
  } cases[] = {
    { "channels=1;rates=8000", "channels=2;rates=8000", "channels" },
    { "rates=8000;codec=pcmu", "rates=8000;codec=g722", "codec" },
    { "ptime=10..20", "ptime=30..40", "ptime" },
    { "ptime=10..20", "ptime=21", "ptime" },
    { "level=1", "level=one", "level" }, /* an integer never equals a word */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *r = intersect_text (cases[i].a, cases[i].b, &error);
      if (r)
        g_error ("\"%s\" intersect \"%s\" should have no common '%s' "
                 "but gave \"%s\"",
                 cases[i].a, cases[i].b, cases[i].key, r);
      g_assert_error (error, DESK_REGISTRY_ERROR, DESK_REGISTRY_ERROR_EMPTY);
      assert_contains (error->message, cases[i].key,
                       "the message should name the key left empty");
    }
}

static void
test_intersect_is_commutative (void)
{
  const char *sets[] = {
    "",
    "rates=8000,16000,48000;channels=1,2",
    "rates=8000;channels=1",
    "rates=16000,48000;ptime=20..40",
    "ptime=10..60;annexb=yes",
    "ptime=10..20,40..60",
    "ptime=15..45;annexb=yes,no",
    "channels=2;codec=pcmu",
    "codec=pcmu,pcma;mode=mono",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (sets); j++)
      {
        g_autoptr (GError) e1 = NULL;
        g_autoptr (GError) e2 = NULL;
        g_autofree char *ab = intersect_text (sets[i], sets[j], &e1);
        g_autofree char *ba = intersect_text (sets[j], sets[i], &e2);
        if (g_strcmp0 (ab, ba) != 0)
          g_error ("not commutative: \"%s\" intersect \"%s\" = %s "
                   "but the reverse = %s",
                   sets[i], sets[j], ab ? ab : e1->message,
                   ba ? ba : e2->message);
        if (!ab)
          g_assert_cmpint (e1->code, ==, e2->code);
      }
}

static void
test_intersect_negotiates_device_and_codec (void)
{
  g_autoptr (DeskAttrs) device = parse_ok ("rates=8000,16000,48000;channels=1,2");
  g_autoptr (DeskAttrs) codec = parse_ok ("rates=8000;channels=1");
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskAttrs) r = desk_attrs_intersect (device, codec, &error);
  g_autofree char *s = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (r);
  s = desk_attrs_to_string (r);
  g_assert_cmpstr (s, ==, "channels=1;rates=8000");
  g_assert_cmpint (desk_attrs_get_min_int (r, "rates", 0), ==, 8000);
  g_assert_true (desk_attrs_contains_int (r, "channels", 1));
  g_assert_false (desk_attrs_contains_int (r, "channels", 2));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/attrs/parse/integers", test_parse_integers);
  g_test_add_func ("/attrs/parse/ranges-inclusive",
                   test_parse_ranges_are_inclusive);
  g_test_add_func ("/attrs/parse/words-without-case",
                   test_parse_words_compare_without_case);
  g_test_add_func ("/attrs/parse/whitespace",
                   test_parse_ignores_whitespace_around_tokens);
  g_test_add_func ("/attrs/parse/null-or-empty-is-empty-set",
                   test_parse_null_or_empty_is_empty_set);
  g_test_add_func ("/attrs/parse/reads-only-len-bytes",
                   test_parse_reads_only_len_bytes);
  g_test_add_func ("/attrs/parse/long-realistic-text",
                   test_parse_accepts_long_realistic_text);
  g_test_add_func ("/attrs/error/missing-equals", test_error_missing_equals);
  g_test_add_func ("/attrs/error/empty-key", test_error_empty_key);
  g_test_add_func ("/attrs/error/duplicate-key", test_error_duplicate_key);
  g_test_add_func ("/attrs/error/bad-characters", test_error_bad_characters);
  g_test_add_func ("/attrs/error/empty-value", test_error_empty_value);
  g_test_add_func ("/attrs/error/inverted-range", test_error_inverted_range);
  g_test_add_func ("/attrs/error/nul-byte", test_error_nul_byte);
  g_test_add_func ("/attrs/error/overlong-text", test_error_overlong_text);
  g_test_add_func ("/attrs/to-string/keys-sorted", test_to_string_sorts_keys);
  g_test_add_func ("/attrs/to-string/round-trips", test_to_string_round_trips);
  g_test_add_func ("/attrs/copy/independent", test_copy_is_independent);
  g_test_add_func ("/attrs/query/has-key", test_has_key);
  g_test_add_func ("/attrs/query/ints-and-words-distinct",
                   test_contains_distinguishes_ints_and_words);
  g_test_add_func ("/attrs/query/min-int", test_get_min_int);
  g_test_add_func ("/attrs/intersect/common-integers",
                   test_intersect_keeps_common_integers);
  g_test_add_func ("/attrs/intersect/clips-ranges", test_intersect_clips_ranges);
  g_test_add_func ("/attrs/intersect/words-without-case",
                   test_intersect_words_without_case);
  g_test_add_func ("/attrs/intersect/one-sided-keys-pass-through",
                   test_intersect_passes_one_sided_keys_through);
  g_test_add_func ("/attrs/intersect/inputs-unchanged",
                   test_intersect_does_not_change_inputs);
  g_test_add_func ("/attrs/intersect/empty-fails-naming-key",
                   test_intersect_empty_fails_naming_key);
  g_test_add_func ("/attrs/intersect/commutative", test_intersect_is_commutative);
  g_test_add_func ("/attrs/intersect/negotiates-device-and-codec",
                   test_intersect_negotiates_device_and_codec);
  /* Registered last so that a failure here, which stops the run, hides
   * none of the tests above. */
  g_test_add_func ("/attrs/error/broken-range-is-not-a-word",
                   test_error_broken_range_is_not_a_word);
  g_test_add_func ("/attrs/strict/key-without-value",
                   test_error_key_without_value);
  g_test_add_func ("/attrs/strict/integer-out-of-range",
                   test_error_integer_out_of_range);

  return g_test_run ();
}
