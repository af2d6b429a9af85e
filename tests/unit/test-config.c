/* Tests of the configuration store through its public API only
 * (core/include/deskphone/config.h): the .cnf syntax of the admin guide
 * (REQUIREMENTS-admin-guide.md P-25..P-34), whole-file rejection with
 * "origin:line: reason", unknown parameters as warnings, layering and
 * fallback, typed getters, "config.changed" events, the persisted local
 * layer (including its behaviour when the writer is killed mid-write) and a
 * mutation property test.  Test data is in tests/data/cnf/config-*.cnf.
 *
 * Parameter names are the seeds'; values are chosen to differ from the
 * schema's defaults so that "this layer supplied it" is observable.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include <deskphone/bus.h>
#include <deskphone/config.h>

#define ORIGIN "test.cnf"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* Log records captured while a test asks for them; see capture_logs(). */
static GPtrArray *captured_logs;
/* TRUE while a test expects a flood of warnings (the mutation test). */
static gboolean quiet_logs;

static GLogWriterOutput
test_log_writer (GLogLevelFlags level, const GLogField *fields,
                 gsize n_fields, gpointer user_data)
{
  if (captured_logs != NULL
      && (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE)))
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
          g_ptr_array_add (captured_logs,
                           fields[i].length < 0
                               ? g_strdup (fields[i].value)
                               : g_strndup (fields[i].value, fields[i].length));
    }
  if (quiet_logs && !(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
assert_contains_at (const char *file, int line, const char *func,
                    const char *haystack, const char *needle, const char *why)
{
  if (haystack != NULL && strstr (haystack, needle) != NULL)
    return;
  g_autofree char *msg = g_strdup_printf ("%s: expected \"%s\" in \"%s\"", why,
                                          needle, haystack ? haystack : "(null)");
  g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
}

/* Fails unless @haystack contains @needle; @why says what that means. */
#define assert_contains(haystack, needle, why) \
  assert_contains_at (__FILE__, __LINE__, G_STRFUNC, (haystack), (needle), (why))

#define assert_source(config, name, layer)                                   \
  g_assert_cmpstr (desk_config_layer_to_string (                             \
                       desk_config_get_source ((config), (name))),           \
                   ==, desk_config_layer_to_string (layer))

static gboolean
load_text (DeskConfig *config, DeskConfigLayer layer, const char *text,
           GError **error)
{
  return desk_config_load_data (config, layer, ORIGIN, text, strlen (text),
                                error);
}

/* Loads @text into @layer and fails the test with the store's message if
 * the store refuses it. */
#define assert_loads(config, layer, text)                                    \
  G_STMT_START                                                               \
  {                                                                          \
    g_autoptr (GError) load_error_ = NULL;                                   \
    gboolean load_ok_ = load_text ((config), (layer), (text), &load_error_); \
    g_assert_no_error (load_error_);                                         \
    g_assert_true (load_ok_);                                                \
  }                                                                          \
  G_STMT_END

/* Loads @len bytes of @buf into @layer and checks it is rejected with
 * @code and a message "test.cnf:@line:" that names @name (if not NULL). */
static void
check_rejected (DeskConfig *config, DeskConfigLayer layer, const char *buf,
                gsize len, DeskConfigError code, guint line, const char *name)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = desk_config_load_data (config, layer, ORIGIN, buf, len, &error);
  g_assert_error (error, DESK_CONFIG_ERROR, (gint) code);
  g_assert_false (ok);
  g_autofree char *where = g_strdup_printf (ORIGIN ":%u:", line);
  assert_contains (error->message, where,
                   "the message must start with origin:line: of the bad line");
  if (name != NULL)
    assert_contains (error->message, name,
                     "the message must name the offending parameter");
}

/* A fresh store loaded with a known SIPDefault layer, then @text, which must
 * be rejected as check_rejected() says; the known layer must stay. */
static void
check_text_rejected (const char *text, DeskConfigError code, guint line,
                     const char *name)
{
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 650\nphone_label: Before\n");
  check_rejected (config, DESK_CONFIG_LAYER_SIPDEFAULT, text, strlen (text),
                  code, line, name);
  /* A rejected file leaves the layer as it was. */
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpstr (desk_config_get_string (config, "phone_label"), ==, "Before");
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "cnf", name, NULL);
}

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("deskphone-test-config-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

/* Removes @dir and the files in it (the tests create no subdirectories). */
static void
remove_tmp_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, entry, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static char *
read_file_or_empty (const char *path)
{
  char *contents = NULL;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* Records every "config.changed" payload delivered by the bus. */
typedef struct {
  GPtrArray *payloads; /* GVariant */
  guint subscription;
} Recorder;

static void
on_config_changed (const char *topic, GVariant *payload, gpointer data)
{
  Recorder *rec = data;
  g_assert_cmpstr (topic, ==, "config.changed");
  g_assert_nonnull (payload);
  g_ptr_array_add (rec->payloads, g_variant_ref (payload));
}

static void
recorder_init (Recorder *rec, DeskBus *bus)
{
  rec->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  rec->subscription = desk_bus_subscribe (bus, "config.changed",
                                          on_config_changed, rec, NULL);
  g_assert_cmpuint (rec->subscription, !=, 0);
}

static void
recorder_finish (Recorder *rec, DeskBus *bus)
{
  desk_bus_unsubscribe (bus, rec->subscription);
  g_clear_pointer (&rec->payloads, g_ptr_array_unref);
}

/* Delivers everything queued and returns how many config.changed arrived
 * since the last call (their payloads stay in rec->payloads until then). */
static guint
recorder_flush (Recorder *rec, DeskBus *bus)
{
  desk_bus_flush (bus);
  return rec->payloads->len;
}

static void
recorder_clear (Recorder *rec, DeskBus *bus)
{
  desk_bus_flush (bus);
  g_ptr_array_set_size (rec->payloads, 0);
}

/* The payload's "names" (transfer full); fails unless it is a{sv} with an
 * "as" under "names". */
static GStrv
payload_names (GVariant *payload)
{
  char **names = NULL;
  g_autofree char *text = g_variant_print (payload, TRUE);
  g_test_message ("config.changed payload: %s", text);
  g_assert_cmpstr (g_variant_get_type_string (payload), ==, "a{sv}");
  g_assert_true (g_variant_lookup (payload, "names", "^as", &names)); /* "names": as */
  return names;
}

static char *
payload_source (GVariant *payload)
{
  char *source = NULL;
  g_assert_true (g_variant_lookup (payload, "source", "s", &source)); /* "source": s */
  return source;
}

/* ------------------------------------------------------------------------
 * 1. Syntax (P-25..P-31)
 * ------------------------------------------------------------------------ */

static void
test_parse_name_colon_value (void)
{
  g_test_summary ("P-25/P-26: 'name: value' sets one parameter per line");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 650\nproxy1_address: 10.0.0.1\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "10.0.0.1");
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_SIPDEFAULT);
}

static void
test_parse_whitespace_anywhere (void)
{
  g_test_summary ("P-27: any amount of whitespace around name and value");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "   timer_t1   :    650    \n"
                "\t\tsip_retx\t:\t9\t\n"
                "proxy1_address   :10.0.0.2\n"
                "tos_media:    2\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "10.0.0.2");
  g_assert_cmpint (desk_config_get_int (config, "tos_media"), ==, 2);
}

static void
test_parse_comment_after_value (void)
{
  g_test_summary ("P-28: ';' and '#' start a comment after the value");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 650 ; milliseconds\n"
                "timer_t2: 5000 # milliseconds\n"
                "sip_retx: 9;tight\n"
                "tos_media: 2#tight\n"
                "phone_password: \"a#b;c\" ; quoted '#' and ';' are not comments\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpint (desk_config_get_int (config, "timer_t2"), ==, 5000);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
  g_assert_cmpint (desk_config_get_int (config, "tos_media"), ==, 2);
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "a#b;c");
}

static void
test_parse_comment_lines_and_blank_lines (void)
{
  g_test_summary ("P-28/P-31: blank lines and whole comment lines, also "
                  "indented ones (' # Line 1 Setup'), are skipped");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "# SIP Configuration Generic File\n"
                "\n"
                " # Line 1 Setup\n"
                "\t# tab-indented comment: with a colon\n"
                "; a ';' comment line: also with a colon\n"
                "   \n"
                "\t\n"
                "timer_t1: 650\n"
                "#timer_t1: 999\n"
                "\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpstr (desk_config_get_warnings (config)[0], ==, NULL);
}

static void
test_parse_crlf_line_endings (void)
{
  g_test_summary ("P-30: '\\r\\n' ends a line like '\\n'; the '\\r' is not "
                  "part of the value");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "# comment\r\n"
                "timer_t1: 650\r\n"
                "\r\n"
                "proxy1_address: 10.0.0.7\r\n"
                "messages_uri: 500\r\n"
                "phone_password: \"a b\"\r\n"
                "preferred_codec: g729a ; comment\r\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "10.0.0.7");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "500");
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "a b");
  g_assert_cmpstr (desk_config_get_string (config, "preferred_codec"), ==, "g729a");
}

static void
test_parse_mixed_line_endings (void)
{
  g_test_summary ("P-30: LF and CRLF lines may be mixed in one file");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 650\r\nsip_retx: 9\ntimer_t2: 5000\r\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
  g_assert_cmpint (desk_config_get_int (config, "timer_t2"), ==, 5000);
}

static void
test_parse_last_line_without_newline (void)
{
  g_test_summary ("A last line without a line ending is still read");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "sip_retx: 9\ntimer_t1: 650");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "phone_password: \"x y\"");
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "x y");
}

static void
test_parse_crlf_file (void)
{
  g_test_summary ("P-30: a CRLF file whose last line has no line ending "
                  "loads through desk_config_load_file()");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autofree char *path = data_path ("config-crlf.cnf");
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                                        path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 700);
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "a b");
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "10.0.0.7");
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 8);
}

static void
test_parse_names_case_insensitive (void)
{
  g_test_summary ("P-29: names are case-insensitive: 'Proxy1_Address:' sets "
                  "proxy1_address");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "Proxy1_Address: 10.0.0.5\nTIMER_T1: 650\nSip_Retx: 9\n");
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "10.0.0.5");
  assert_source (config, "proxy1_address", DESK_CONFIG_LAYER_SIPDEFAULT);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
  /* No "unknown parameter" warning for a name that differs only in case. */
  g_assert_cmpstr (desk_config_get_warnings (config)[0], ==, NULL);
}

static void
test_parse_quoted_values (void)
{
  g_test_summary ("P-27: single- or double-quoted values keep their spaces "
                  "and may hold the other quote character");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "phone_password: \"Larry Ellison\"\n"
                "phone_label: 'A  B'\n"
                "messages_uri: \"it's 500\"\n");
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "Larry Ellison");
  g_assert_cmpstr (desk_config_get_string (config, "phone_label"), ==, "A  B");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "it's 500");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "messages_uri: 'say \"500\"'\n");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "say \"500\"");
}

static void
test_parse_quoted_empty_value (void)
{
  g_test_summary ("P-31: 'proxy1_address: \"\"' is an explicit empty value");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "proxy1_address: \"\"\nphone_password: ''\n");
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "");
  assert_source (config, "proxy1_address", DESK_CONFIG_LAYER_SIPDEFAULT);
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "");
  assert_source (config, "phone_password", DESK_CONFIG_LAYER_SIPDEFAULT);
}

static void
test_parse_quoted_value_then_comment (void)
{
  g_test_summary ("P-31: a quoted value followed by '; # comment' "
                  "(line1_displayname: \"Larry Ellison\"; # ...)");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "phone_password: \"cisco\" ; Limited to 31 characters (Default - cisco)\n"
                "messages_uri: \"Larry Ellison\"; # Line 1 Display Name\n"
                "phone_label: 'Desk 7'# no space\n");
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "cisco");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "Larry Ellison");
  g_assert_cmpstr (desk_config_get_string (config, "phone_label"), ==, "Desk 7");

  if (desk_config_schema_lookup ("line1_displayname") != NULL)
    {
      assert_loads (config, DESK_CONFIG_LAYER_DEVICE,
                    "line1_displayname: \"Larry Ellison\"; # Line 1 Display Name\n");
      g_assert_cmpstr (desk_config_get_string (config, "line1_displayname"), ==,
                       "Larry Ellison");
    }
}

static void
test_parse_no_space_after_colon (void)
{
  g_test_summary ("P-31: no space between ':' and the value "
                  "(proxy1_port:\"5060\", dtmf_outofband:avt_always)");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "proxy1_port:\"5070\"\ndtmf_outofband:avt_always\ntimer_t1:650\n");
  g_assert_cmpint (desk_config_get_int (config, "proxy1_port"), ==, 5070);
  g_assert_cmpstr (desk_config_get_string (config, "dtmf_outofband"), ==, "avt_always");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
}

static void
test_parse_value_containing_colon (void)
{
  g_test_summary ("P-26: only the first ':' separates name and value; "
                  "IPv6 hosts and URLs keep theirs");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "proxy1_address: 2001:db8::1\n"
                "messages_uri: sip:500@10.0.0.1:5060\n");
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "2001:db8::1");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==,
                   "sip:500@10.0.0.1:5060");

  if (desk_config_schema_lookup ("services_url") != NULL)
    {
      assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                    "services_url: \"http://x/y:80\"\n");
      g_assert_cmpstr (desk_config_get_string (config, "services_url"), ==, "http://x/y:80");
      assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                    "services_url: http://x/y:80 ; unquoted\n");
      g_assert_cmpstr (desk_config_get_string (config, "services_url"), ==, "http://x/y:80");
    }
  else
    g_test_message ("services_url is not in the schema; URL case not run");

  if (desk_config_schema_lookup ("sntp_server") != NULL)
    {
      assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "sntp_server: 10.0.0.1\n");
      g_assert_cmpstr (desk_config_get_string (config, "sntp_server"), ==, "10.0.0.1");
    }
  else
    g_test_message ("sntp_server is not in the schema; case not run");
}

static void
test_parse_unquoted_value_with_inner_space (void)
{
  g_test_summary ("P-31: the guide's own 'image_version:P0S3 xxyy  ;' is "
                  "accepted leniently as the trimmed value \"P0S3 xxyy\"");
  /* P-27 says a value with whitespace must be quoted, but the guide's own
   * example is not; deskphone reads it leniently so real files keep
   * working: everything up to the comment, trimmed. */
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  const char *name = desk_config_schema_lookup ("image_version") ? "image_version"
                                                                : "phone_label";
  g_autofree char *text = g_strdup_printf ("%s:P0S3 xxyy  ;\n", name);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, text);
  g_assert_cmpstr (desk_config_get_string (config, name), ==, "P0S3 xxyy");
}

static void
test_parse_two_settings_on_one_line (void)
{
  g_test_summary ("P-26: one line sets one variable: 'a: 1 b: 2' is a's "
                  "value \"1 b: 2\", never two settings");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "phone_label: a: 1 b: 2\n");
  g_assert_cmpstr (desk_config_get_string (config, "phone_label"), ==, "a: 1 b: 2");
  /* For an INT the same reading gives a value that is not a number. */
  check_text_rejected ("timer_t1: 600 sip_retx: 9\n", DESK_CONFIG_ERROR_INVALID, 1,
                       "timer_t1");
}

static void
test_parse_quoted_number (void)
{
  g_test_summary ("M-22: quoted numbers (sip_retx: \"10\") are numbers");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "sip_retx: \"9\"\ntimer_t1: '650'\nproxy_register: \"0\"\n");
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_false (desk_config_get_bool (config, "proxy_register"));
}

static void
test_parse_typographic_quotes (void)
{
  g_test_summary ("M-22: typographic quotes (U+201C/U+201D) from the Cisco "
                  "sample are quotes");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "messages_uri: \xe2\x80\x9cvoice mail\xe2\x80\x9d ; comment\n");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "voice mail");
}

static void
test_parse_enum_case_insensitive (void)
{
  g_test_summary ("An ENUM value matches case-insensitively and is stored in "
                  "the schema's spelling");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "preferred_codec: G729A\ndtmf_outofband: AVT_Always\n");
  g_assert_cmpstr (desk_config_get_string (config, "preferred_codec"), ==, "g729a");
  g_assert_cmpstr (desk_config_get_string (config, "dtmf_outofband"), ==, "avt_always");
}

static void
test_parse_buffer_not_nul_terminated (void)
{
  g_test_summary ("The parser reads exactly len bytes; the buffer need not "
                  "end with NUL");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  const char text[] = "timer_t1: 650";
  /* An exact-size heap copy: a read past the end is caught by valgrind/ASan,
   * and the bytes after it ("99") must not become part of the value. */
  char *buf = g_malloc (sizeof text - 1);
  memcpy (buf, text, sizeof text - 1);
  g_autoptr (GError) error = NULL;
  gboolean ok = desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                                       ORIGIN, buf, sizeof text - 1, &error);
  g_free (buf);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);

  const char longer[] = "timer_t1: 66099\n";
  ok = desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT, ORIGIN,
                              longer, strlen ("timer_t1: 660"), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 660);
}

static void
test_parse_empty_buffer (void)
{
  g_test_summary ("An empty buffer (or only comments) is a valid, empty layer");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                                        ORIGIN, "", 0, &error));
  g_assert_no_error (error);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "# only a comment\n\n");
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
}

static void
test_parse_sample_file (void)
{
  g_test_summary ("config-syntax.cnf, every P-25..P-31 form in one file, "
                  "loads with the expected values");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autofree char *path = data_path ("config-syntax.cnf");
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                                        path, &error));
  g_assert_no_error (error);
  if (desk_config_schema_lookup ("image_version") != NULL)
    g_assert_cmpstr (desk_config_get_string (config, "image_version"), ==, "P0S3 xxyy");
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "10.1.2.3");
  g_assert_cmpint (desk_config_get_int (config, "proxy1_port"), ==, 5060);
  g_assert_true (desk_config_get_bool (config, "proxy_register"));
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 600);
  g_assert_cmpint (desk_config_get_int (config, "timer_t2"), ==, 5000);
  g_assert_cmpstr (desk_config_get_string (config, "preferred_codec"), ==, "g729a");
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "Cisco 7960");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "");
  assert_source (config, "messages_uri", DESK_CONFIG_LAYER_SIPDEFAULT);
  g_assert_cmpstr (desk_config_get_string (config, "dtmf_outofband"), ==, "avt_always");
  g_assert_cmpint (desk_config_get_int (config, "tos_media"), ==, 3);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
  g_assert_cmpstr (desk_config_get_warnings (config)[0], ==, NULL);
}

/* ------------------------------------------------------------------------
 * 2. Errors: code, "origin:line:" and the parameter's name
 * ------------------------------------------------------------------------ */

static void
test_error_invalid_int (void)
{
  g_test_summary ("'timer_t1: fast' is INVALID at its line, naming timer_t1");
  check_text_rejected ("sip_retx: 9\n\ntimer_t1: fast\n", DESK_CONFIG_ERROR_INVALID,
                       3, "timer_t1");
  check_text_rejected ("timer_t1: 12ms\n", DESK_CONFIG_ERROR_INVALID, 1, "timer_t1");
}

static void
test_error_int_out_of_range (void)
{
  g_test_summary ("'tos_media: 9' (range 0..5) is INVALID, naming tos_media");
  check_text_rejected ("# ToS\ntos_media: 9\n", DESK_CONFIG_ERROR_INVALID, 2, "tos_media");
  check_text_rejected ("tos_media: -1\n", DESK_CONFIG_ERROR_INVALID, 1, "tos_media");
}

static void
test_error_invalid_enum (void)
{
  g_test_summary ("'preferred_codec: opus' is INVALID, naming preferred_codec");
  check_text_rejected ("timer_t1: 650\npreferred_codec: opus\n",
                       DESK_CONFIG_ERROR_INVALID, 2, "preferred_codec");
  check_text_rejected ("dtmf_outofband: sometimes\n", DESK_CONFIG_ERROR_INVALID, 1,
                       "dtmf_outofband");
}

static void
test_error_invalid_bool (void)
{
  g_test_summary ("'proxy_register: maybe' is INVALID, naming proxy_register");
  check_text_rejected ("proxy_register: maybe\n", DESK_CONFIG_ERROR_INVALID, 1,
                       "proxy_register");
  check_text_rejected ("\nauto_answer: 2\n", DESK_CONFIG_ERROR_INVALID, 2, "auto_answer");
}

static void
test_error_invalid_host_and_port (void)
{
  g_test_summary ("A malformed host or a port over 65535 is INVALID");
  check_text_rejected ("proxy1_address: x..y\n", DESK_CONFIG_ERROR_INVALID, 1,
                       "proxy1_address");
  check_text_rejected ("proxy1_port: 65536\n", DESK_CONFIG_ERROR_INVALID, 1,
                       "proxy1_port");
  check_text_rejected ("voip_control_port: http\n", DESK_CONFIG_ERROR_INVALID, 1,
                       "voip_control_port");
}

/* Loads @text (must succeed) and checks its only warning names @line and
 * contains @what. */
static DeskConfig *
check_lenient (const char *text, guint line, const char *what)
{
  DeskConfig *config = desk_config_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *where = g_strdup_printf ("test.cnf:%u:", line);
  const char *const *w;

  g_assert_true (desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT, "test.cnf",
                                        text, strlen (text), &error));
  g_assert_no_error (error);
  w = desk_config_get_warnings (config);
  g_assert_nonnull (w[0]);
  assert_contains (w[0], where, "the warning names origin:line");
  assert_contains (w[0], what, "the warning says what was read leniently");
  g_assert_null (w[1]);
  return config;
}

static void
test_lenient_unterminated_quote (void)
{
  g_test_summary ("M-22: Cisco's own sample has 'proxy_backup: \"1.2.3.4' with no "
                  "closing quote: the value runs to the end of the line, with a warning");
  g_autoptr (DeskConfig) c = check_lenient (
      "timer_t1: 650\nproxy_backup: \"1.2.3.4  \r\nsip_retx: 9\n", 2, "never closed");
  g_assert_cmpstr (desk_config_get_string (c, "proxy_backup"), ==, "1.2.3.4");
  g_assert_cmpint (desk_config_get_int (c, "timer_t1"), ==, 650);
  g_assert_cmpint (desk_config_get_int (c, "sip_retx"), ==, 9);
}

static void
test_lenient_mismatched_quotes (void)
{
  g_test_summary ("P-27: a quote is closed only by the same quote character; an opening "
                  "quote left open reads to the end of the line (M-22), and the value "
                  "is then validated like any other");
  g_autoptr (DeskConfig) c = check_lenient ("phone_password: 'x\"\n", 1, "phone_password");
  g_assert_cmpstr (desk_config_get_string (c, "phone_password"), ==, "x\"");
  /* The value read that way must still be valid for its parameter. */
  check_text_rejected ("\n\nproxy_backup: \"1.2.3.4'\n", DESK_CONFIG_ERROR_INVALID, 3,
                       "proxy_backup");
}

static void
test_lenient_line_without_colon (void)
{
  g_test_summary ("M-22: a line that is neither a comment nor 'name: value' (the "
                  "sample's wrapped comments, 'avt )') sets nothing: it is skipped "
                  "with a warning and the rest of the file applies");
  g_autoptr (DeskConfig) c = check_lenient (
      "# (none -never, avt-when remote side requests it,\navt )\ntimer_t1: 650\n", 2,
      "ignored");
  g_assert_cmpint (desk_config_get_int (c, "timer_t1"), ==, 650);
  g_autoptr (DeskConfig) c2 = check_lenient ("timer_t1: 650\ntimer_t2 5000\n", 2, "ignored");
  g_assert_cmpint (desk_config_get_int (c2, "timer_t2"), ==, 4000); /* not applied */
}

static void
test_error_empty_name (void)
{
  g_test_summary ("': 5' has no name: a SYNTAX error");
  check_text_rejected ("timer_t1: 650\n\n: 5\n", DESK_CONFIG_ERROR_SYNTAX, 3, NULL);
  check_text_rejected ("   \t: 5\n", DESK_CONFIG_ERROR_SYNTAX, 1, NULL);
}

static void
test_error_string_too_long (void)
{
  g_test_summary ("phone_label holds 11 characters and phone_password 31; "
                  "one more is INVALID");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "phone_label: ABCDEFGHIJK\n");
  g_assert_cmpstr (desk_config_get_string (config, "phone_label"), ==, "ABCDEFGHIJK");
  check_text_rejected ("phone_label: ABCDEFGHIJKL\n", DESK_CONFIG_ERROR_INVALID, 1,
                       "phone_label");

  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "phone_password: 1234567890123456789012345678901\n");
  check_text_rejected ("\nphone_password: 12345678901234567890123456789012\n",
                       DESK_CONFIG_ERROR_INVALID, 2, "phone_password");
}

static void
test_error_nul_byte (void)
{
  g_test_summary ("A NUL byte inside a line rejects the file at that line");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  static const char text[] = "sip_retx: 9\nphone_password: ab\0cd\ntimer_t1: 700\n";
  g_autoptr (GError) error = NULL;
  gboolean ok = desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT, ORIGIN,
                                       text, sizeof text - 1, &error);
  g_assert_false (ok);
  /* The header does not say whether a NUL is a malformed line (SYNTAX) or a
   * value outside its type (INVALID); either is a rejection of this line. */
  g_assert_nonnull (error);
  g_assert_true (error->domain == DESK_CONFIG_ERROR);
  g_assert_true (error->code == DESK_CONFIG_ERROR_SYNTAX
                 || error->code == DESK_CONFIG_ERROR_INVALID);
  assert_contains (error->message, ORIGIN ":2:", "the NUL is on line 2");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  assert_source (config, "sip_retx", DESK_CONFIG_LAYER_DEFAULT);
}

static void
test_error_binary_junk (void)
{
  g_test_summary ("Binary junk (an ELF header, not text) is a SYNTAX error "
                  "at line 1");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  static const char junk[] = "\x7f" "ELF\x02\x01\x01\xff\xfe\x80\x81 \x01\x02\x03\x04"
                             "\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\xc3\x28"
                             "\n\x90\x91\x92\x93\n";
  check_rejected (config, DESK_CONFIG_LAYER_SIPDEFAULT, junk, sizeof junk - 1,
                  DESK_CONFIG_ERROR_SYNTAX, 1, NULL);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
}

static void
test_error_line_too_long (void)
{
  g_test_summary ("A line over 4096 bytes (even a comment) is TOO_LARGE at "
                  "its line; 4096 bytes is fine");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autoptr (GString) text = g_string_new ("timer_t1: 650\n# ");
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\nsip_retx: 9\n");
  check_rejected (config, DESK_CONFIG_LAYER_SIPDEFAULT, text->str, text->len,
                  DESK_CONFIG_ERROR_TOO_LARGE, 2, NULL);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);

  /* Exactly 4096 bytes before the '\n' is within the limit. */
  g_string_assign (text, "timer_t1: 650\n#");
  for (guint i = 1; i < 4096; i++)
    g_string_append_c (text, 'y');
  g_string_append (text, "\nsip_retx: 9\n");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, text->str);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
}

static void
test_error_buffer_too_large (void)
{
  g_test_summary ("A buffer over 1 MiB is TOO_LARGE and leaves the layer alone");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  g_autoptr (GString) text = g_string_sized_new (1024 * 1024 + 64);
  const char *pad = "# padding for the size limit, a valid comment line\n";
  while (text->len + strlen (pad) <= 1024 * 1024)
    g_string_append (text, pad);
  while (text->len < 1024 * 1024)
    g_string_append_c (text, '\n');
  g_assert_cmpuint (text->len, ==, 1024 * 1024);

  /* Exactly 1 MiB is within the limit... */
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, text->str);

  /* ...one byte more is not. */
  g_string_append (text, "#");
  g_autoptr (GError) error = NULL;
  gboolean ok = desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT, ORIGIN,
                                       text->str, text->len, &error);
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_TOO_LARGE);
  g_assert_false (ok);
  assert_contains (error->message, ORIGIN, "the message names the origin");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
}

static void
test_error_file_too_large (void)
{
  g_test_summary ("A file over 1 MiB is TOO_LARGE through load_file() too");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "SIPDefault.cnf", NULL);
  gsize len = 1024 * 1024 + 1;
  g_autofree char *buf = g_malloc (len);
  memset (buf, '\n', len);
  g_assert_true (g_file_set_contents (path, buf, len, NULL));
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  g_autoptr (GError) error = NULL;
  g_assert_false (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, path,
                                         &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_TOO_LARGE);
  assert_contains (error->message, "SIPDefault.cnf", "the message names the file");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  remove_tmp_dir (dir);
}

static void
test_error_unreadable_file (void)
{
  g_test_summary ("A path that exists but cannot be read as a file (a "
                  "directory) is an IO error and leaves the layer alone");
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  g_autoptr (GError) error = NULL;
  g_assert_false (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, dir,
                                         &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_IO);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  remove_tmp_dir (dir);
}

static void
test_error_line_numbers_count_every_line (void)
{
  g_test_summary ("Line numbers count comment, blank and CRLF lines");
  check_text_rejected ("# one\r\n\r\n  # three\r\ntimer_t1: 650\r\n; five\r\n"
                       "tos_media: 7\r\n",
                       DESK_CONFIG_ERROR_INVALID, 6, "tos_media");
}

static void
test_error_file_names_its_path (void)
{
  g_test_summary ("desk_config_load_file() errors name the file and line");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autofree char *path = data_path ("config-bad-line7.cnf");
  g_autoptr (GError) error = NULL;
  g_assert_false (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, path,
                                         &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID);
  assert_contains (error->message, "config-bad-line7.cnf:7:",
                   "origin:line of the bad value");
  assert_contains (error->message, "tos_media", "names the parameter");
}

/* ------------------------------------------------------------------------
 * 3. Whole-file rejection keeps the last good configuration
 * ------------------------------------------------------------------------ */

static void
test_reject_keeps_last_good_config (void)
{
  g_test_summary ("A file with one bad line (7) is rejected whole: every value "
                  "of the last good load stays, and no config.changed is sent");
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Recorder rec;
  recorder_init (&rec, bus);
  g_autoptr (DeskConfig) config = desk_config_new (bus);
  g_autofree char *good = data_path ("config-good.cnf");
  g_autofree char *bad = data_path ("config-bad-line7.cnf");
  g_autoptr (GError) error = NULL;

  g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, good,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder_flush (&rec, bus), >=, 1); /* the good load changed things */
  recorder_clear (&rec, bus);

  g_assert_false (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, bad,
                                         &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID);
  assert_contains (error->message, "config-bad-line7.cnf:7:", "line 7 is the bad one");

  /* Lines 2..6 of the bad file were valid; none of them may have leaked in. */
  g_assert_cmpstr (desk_config_get_string (config, "proxy1_address"), ==, "10.0.0.1");
  g_assert_cmpint (desk_config_get_int (config, "proxy1_port"), ==, 5060);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 600);
  g_assert_cmpint (desk_config_get_int (config, "timer_t2"), ==, 5000);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 9);
  g_assert_cmpstr (desk_config_get_string (config, "preferred_codec"), ==, "g711alaw");
  g_assert_true (desk_config_get_bool (config, "proxy_register"));
  g_assert_cmpint (desk_config_get_int (config, "tos_media"), ==, 4);
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "good pw");
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_SIPDEFAULT);
  g_assert_cmpuint (recorder_flush (&rec, bus), ==, 0); /* no event for a failed load */
  recorder_finish (&rec, bus);
}

static void
test_reject_data_keeps_other_layers (void)
{
  g_test_summary ("A rejected buffer in one layer leaves every layer as it was");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 600\n");
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "timer_t1: 700\nsip_retx: 8\n");
  g_autoptr (GError) error = NULL;
  g_assert_false (load_text (config, DESK_CONFIG_LAYER_DEVICE,
                             "sip_retx: 7\ntimer_t1: soon\n", &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 700);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 8);
  assert_source (config, "sip_retx", DESK_CONFIG_LAYER_DEVICE);
}

/* ------------------------------------------------------------------------
 * 4. Unknown parameters
 * ------------------------------------------------------------------------ */

static void
test_unknown_warns_and_applies_the_rest (void)
{
  g_test_summary ("An unknown parameter is a warning with origin:line and its "
                  "name; the other lines apply and the load succeeds");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autofree char *path = data_path ("config-unknown.cnf");
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, path,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 8);

  const char *const *warnings = desk_config_get_warnings (config);
  g_assert_nonnull (warnings);
  g_assert_nonnull (warnings[0]);       /* one warning... */
  g_assert_null (warnings[1]);          /* ...only one */
  assert_contains (warnings[0], "config-unknown.cnf:3", "origin:line of the unknown name");
  assert_contains (warnings[0], "frobnicate_level", "the unknown name");
}

static void
test_unknown_in_data_with_bad_value (void)
{
  g_test_summary ("An unknown parameter's value is not validated; an unknown "
                  "name is not an error even next to known ones");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 650\nnat_frobnicate: \"not a number\"\nline7_name: 207\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  const char *const *w = desk_config_get_warnings (config);
  g_assert_nonnull (w[0]);
  assert_contains (w[0], ORIGIN ":2", "origin:line of the first unknown name");
  assert_contains (w[0], "nat_frobnicate", "the first unknown name");
  /* Lines are 1..6 (DESK_CONFIG_MAX_LINES): line7_name is unknown too. */
  g_assert_nonnull (w[1]);
  assert_contains (w[1], ORIGIN ":3", "origin:line of line7_name");
  assert_contains (w[1], "line7_name", "line 7 does not exist");
}

static void
test_unknown_warnings_replaced_by_next_load (void)
{
  g_test_summary ("get_warnings() reports the last successful load: a clean "
                  "load clears it, a failed load does not change it");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "bogus_one: 1\n");
  g_assert_nonnull (desk_config_get_warnings (config)[0]);
  g_autoptr (GError) error = NULL;
  g_assert_false (load_text (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                             "bogus_two: 1\ntimer_t1: fast\n", &error));
  assert_contains (desk_config_get_warnings (config)[0], "bogus_one",
                   "a failed load keeps the last successful load's warnings");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  g_assert_null (desk_config_get_warnings (config)[0]);
}

/* ------------------------------------------------------------------------
 * 5. Layering
 * ------------------------------------------------------------------------ */

static void
test_layer_precedence (void)
{
  g_test_summary ("DEFAULT < PRODUCT < SIPDEFAULT < DEVICE < LOCAL, whatever "
                  "the order of loading");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *local = g_build_filename (dir, "local.cnf", NULL);
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_set_local_path (config, local, &error));
  g_assert_no_error (error);

  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
  const DeskConfigParam *p = desk_config_schema_lookup ("timer_t1");
  g_assert_nonnull (p);
  if (p->default_value != NULL)
    g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==,
                     g_ascii_strtoll (p->default_value, NULL, 10));

  /* Loaded highest first: a lower layer loaded later must not win. */
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "timer_t1: 503\n");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 502\n");
  assert_loads (config, DESK_CONFIG_LAYER_PRODUCT, "timer_t1: 501\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 503);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEVICE);

  g_assert_true (desk_config_set_local (config, "timer_t1", "504", &error));
  g_assert_no_error (error);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 504);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_LOCAL);

  /* Peel the layers off from the top. */
  g_assert_true (desk_config_set_local (config, "timer_t1", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 503);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEVICE);
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 502);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_SIPDEFAULT);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "");
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 501);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_PRODUCT);
  assert_loads (config, DESK_CONFIG_LAYER_PRODUCT, "");
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);

  g_clear_pointer (&config, desk_config_free);
  remove_tmp_dir (dir);
}

static void
test_layer_reload_replaces_layer (void)
{
  g_test_summary ("Re-loading a layer replaces it: a value present before and "
                  "absent now falls back to the layer below");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_PRODUCT, "sip_retx: 5\n");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 650\nsip_retx: 6\nphone_password: abc\n");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "phone_password: def\n");
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "def");
  g_assert_cmpint (desk_config_get_int (config, "sip_retx"), ==, 5);
  assert_source (config, "sip_retx", DESK_CONFIG_LAYER_PRODUCT);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
}

static void
test_layer_empty_value_overrides (void)
{
  g_test_summary ("P-33: an empty value in a file clears the parameter for "
                  "that layer; an absent one keeps the lower layer's value");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_PRODUCT,
                "messages_uri: 500\nphone_password: prodpw\n");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "messages_uri: \"\"\n");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "");
  assert_source (config, "messages_uri", DESK_CONFIG_LAYER_SIPDEFAULT);
  /* Absent: the lower layer's value. */
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "prodpw");
  assert_source (config, "phone_password", DESK_CONFIG_LAYER_PRODUCT);

  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "# messages_uri removed\n");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "500");
  assert_source (config, "messages_uri", DESK_CONFIG_LAYER_PRODUCT);

  /* Against a built-in default too (phone_password defaults to "cisco"). */
  assert_loads (config, DESK_CONFIG_LAYER_PRODUCT, "");
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "phone_password: ''\n");
  g_assert_cmpstr (desk_config_get_string (config, "phone_password"), ==, "");
  assert_source (config, "phone_password", DESK_CONFIG_LAYER_DEVICE);
}

static void
test_layer_bare_empty_value_overrides (void)
{
  g_test_summary ("P-33: 'name:' with nothing (or only a comment) after the "
                  "colon is an empty value too");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_PRODUCT, "messages_uri: 500\nphone_label: Prod\n");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "messages_uri:\nphone_label:    ; cleared\n");
  g_assert_cmpstr (desk_config_get_string (config, "messages_uri"), ==, "");
  assert_source (config, "messages_uri", DESK_CONFIG_LAYER_SIPDEFAULT);
  g_assert_cmpstr (desk_config_get_string (config, "phone_label"), ==, "");
  assert_source (config, "phone_label", DESK_CONFIG_LAYER_SIPDEFAULT);
}

static void
test_layer_missing_file_empties_layer (void)
{
  g_test_summary ("P-40: loading a missing file empties the layer and succeeds");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "timer_t1: 650\n");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "SIP00503EFFD842.cnf", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_DEVICE, path, &error));
  g_assert_no_error (error);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
  remove_tmp_dir (dir);
}

/* ------------------------------------------------------------------------
 * 6. Typed getters, per-line names and fallback
 * ------------------------------------------------------------------------ */

static void
test_get_int (void)
{
  g_test_summary ("get_int() returns INT and PORT values");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t2: 6000\nproxy1_port: 5070\ntos_media: 0\nvoip_control_port: 5062\n");
  g_assert_cmpint (desk_config_get_int (config, "timer_t2"), ==, 6000);
  g_assert_cmpint (desk_config_get_int (config, "proxy1_port"), ==, 5070);
  g_assert_cmpint (desk_config_get_int (config, "tos_media"), ==, 0);
  g_assert_cmpint (desk_config_get_int (config, "voip_control_port"), ==, 5062);
}

static void
test_get_bool_spellings (void)
{
  g_test_summary ("BOOL accepts 0/1, yes/no, true/false and on/off");
  static const struct {
    const char *text;
    gboolean value;
  } cases[] = {
    { "1", TRUE },    { "0", FALSE },     { "yes", TRUE }, { "no", FALSE },
    { "true", TRUE }, { "false", FALSE }, { "on", TRUE },  { "off", FALSE },
  };
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("proxy_register: %s\nauto_answer: %s\n",
                                               cases[i].text, cases[i].text);
      g_test_message ("bool spelling '%s'", cases[i].text);
      assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, text);
      g_assert_cmpint (desk_config_get_bool (config, "proxy_register"), ==, cases[i].value);
      g_assert_cmpint (desk_config_get_bool (config, "auto_answer"), ==, cases[i].value);
    }
}

static void
test_get_per_line_names (void)
{
  g_test_summary ("Per-line parameters are used with the line number: "
                  "line3_name is line 3's, independent of line 1's");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  const DeskConfigParam *p = desk_config_schema_lookup ("line3_name");
  g_assert_nonnull (p);                      /* "line3_name" finds "lineN_name" */
  g_assert_cmpstr (p->name, ==, "lineN_name");
  g_assert_null (desk_config_schema_lookup ("line7_name")); /* lines 1..6 */
  g_assert_null (desk_config_schema_lookup ("line0_name"));

  assert_loads (config, DESK_CONFIG_LAYER_DEVICE,
                "line3_name: 203\nLine1_Name: 201\nline6_name: 206\n");
  g_assert_cmpstr (desk_config_get_string (config, "line3_name"), ==, "203");
  g_assert_cmpstr (desk_config_get_string (config, "line1_name"), ==, "201");
  g_assert_cmpstr (desk_config_get_string (config, "line6_name"), ==, "206");
  assert_source (config, "line3_name", DESK_CONFIG_LAYER_DEVICE);
  assert_source (config, "line2_name", DESK_CONFIG_LAYER_DEFAULT);
  g_assert_cmpstr (desk_config_get_string (config, "line2_name"), !=, "203");
}

static void
test_get_shortname_falls_back_to_name (void)
{
  g_test_summary ("line3_shortname unset: line3_name's value; set: its own");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  const DeskConfigParam *p = desk_config_schema_lookup ("line3_shortname");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->fallback, ==, "lineN_name");

  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "line3_name: 203\nline1_name: 201\n");
  g_assert_cmpstr (desk_config_get_string (config, "line3_shortname"), ==, "203");
  g_assert_cmpstr (desk_config_get_string (config, "line1_shortname"), ==, "201");

  assert_loads (config, DESK_CONFIG_LAYER_DEVICE,
                "line3_name: 203\nline3_shortname: \"Bob\"\nline1_name: 201\n");
  g_assert_cmpstr (desk_config_get_string (config, "line3_shortname"), ==, "Bob");
  g_assert_cmpstr (desk_config_get_string (config, "line1_shortname"), ==, "201");
}

static void
test_get_user_authname_falls_back (void)
{
  g_test_summary ("userN_authname unset: lineN_authname's value (3.1)");
  const DeskConfigParam *p = desk_config_schema_lookup ("user1_authname");
  if (p == NULL || p->fallback == NULL)
    {
      g_test_skip ("the schema gives userN_authname no fallback");
      return;
    }
  g_assert_cmpstr (p->fallback, ==, "lineN_authname");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "line2_authname: alice\n");
  g_assert_cmpstr (desk_config_get_string (config, "user2_authname"), ==, "alice");
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE,
                "line2_authname: alice\nuser2_authname: bob\n");
  g_assert_cmpstr (desk_config_get_string (config, "user2_authname"), ==, "bob");
}

static void
test_set_rejects_invalid_value (void)
{
  g_test_summary ("desk_config_set() validates: an invalid value or unknown "
                  "name fails and changes nothing");
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_set (config, DESK_CONFIG_LAYER_DEVICE, "timer_t1", "650",
                                  &error));
  g_assert_no_error (error);
  g_assert_false (desk_config_set (config, DESK_CONFIG_LAYER_DEVICE, "timer_t1", "fast",
                                   &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID);
  assert_contains (error->message, "timer_t1", "names the parameter");
  g_clear_error (&error);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  g_assert_false (desk_config_set (config, DESK_CONFIG_LAYER_DEVICE, "no_such_thing", "1",
                                   &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_UNKNOWN);
  g_clear_error (&error);
  g_assert_true (desk_config_set (config, DESK_CONFIG_LAYER_DEVICE, "timer_t1", NULL,
                                  &error));
  g_assert_no_error (error);
  assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
}

/* ------------------------------------------------------------------------
 * 7. config.changed
 * ------------------------------------------------------------------------ */

static void
test_changed_names_exactly_the_changed_values (void)
{
  g_test_summary ("A load that changes 3 effective values publishes one "
                  "config.changed naming exactly those 3 and the layer");
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Recorder rec;
  recorder_init (&rec, bus);
  g_autoptr (DeskConfig) config = desk_config_new (bus);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 600\ntimer_t2: 5000\nsip_retx: 9\nphone_password: same\n");
  recorder_clear (&rec, bus);

  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                "timer_t1: 700\ntimer_t2: 6000\nsip_retx: 8\nphone_password: same\n");
  g_assert_cmpuint (recorder_flush (&rec, bus), ==, 1); /* one event per load */
  GVariant *payload = g_ptr_array_index (rec.payloads, 0);
  g_auto (GStrv) names = payload_names (payload);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_true (g_strv_contains ((const char *const *) names, "timer_t1"));
  g_assert_true (g_strv_contains ((const char *const *) names, "timer_t2"));
  g_assert_true (g_strv_contains ((const char *const *) names, "sip_retx"));
  g_autofree char *source = payload_source (payload);
  g_assert_cmpstr (source, ==, desk_config_layer_to_string (DESK_CONFIG_LAYER_SIPDEFAULT));
  recorder_finish (&rec, bus);
}

static void
test_changed_same_file_again_publishes_nothing (void)
{
  g_test_summary ("Loading the same file again changes nothing and publishes "
                  "nothing");
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Recorder rec;
  recorder_init (&rec, bus);
  g_autoptr (DeskConfig) config = desk_config_new (bus);
  g_autofree char *path = data_path ("config-good.cnf");
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder_flush (&rec, bus), ==, 1);
  recorder_clear (&rec, bus);
  g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_SIPDEFAULT, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder_flush (&rec, bus), ==, 0);
  recorder_finish (&rec, bus);
}

static void
test_changed_removed_value_is_a_change (void)
{
  g_test_summary ("A value that disappears from a re-loaded layer changes "
                  "the effective value (back to the layer below): published");
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Recorder rec;
  recorder_init (&rec, bus);
  g_autoptr (DeskConfig) config = desk_config_new (bus);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\nsip_retx: 9\n");
  recorder_clear (&rec, bus);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "sip_retx: 9\n");
  g_assert_cmpuint (recorder_flush (&rec, bus), ==, 1);
  g_auto (GStrv) names = payload_names (g_ptr_array_index (rec.payloads, 0));
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "timer_t1");
  recorder_finish (&rec, bus);
}

static void
test_changed_shadowed_change_publishes_nothing (void)
{
  g_test_summary ("A change hidden by a higher layer does not change the "
                  "effective value and publishes nothing");
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Recorder rec;
  recorder_init (&rec, bus);
  g_autoptr (DeskConfig) config = desk_config_new (bus);
  assert_loads (config, DESK_CONFIG_LAYER_DEVICE, "timer_t1: 700\n");
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 600\n");
  recorder_clear (&rec, bus);
  assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 650\n");
  g_assert_cmpuint (recorder_flush (&rec, bus), ==, 0);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 700);
  recorder_finish (&rec, bus);
}

static void
test_changed_set_local_names_local_layer (void)
{
  g_test_summary ("set_local() publishes config.changed naming the value and "
                  "the local layer");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Recorder rec;
  recorder_init (&rec, bus);
  DeskConfig *config = desk_config_new (bus);
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_set_local_path (config, path, &error));
  g_assert_no_error (error);
  recorder_clear (&rec, bus);
  g_assert_true (desk_config_set_local (config, "preferred_codec", "g729a", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder_flush (&rec, bus), ==, 1);
  GVariant *payload = g_ptr_array_index (rec.payloads, 0);
  g_auto (GStrv) names = payload_names (payload);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "preferred_codec");
  g_autofree char *source = payload_source (payload);
  g_assert_cmpstr (source, ==, desk_config_layer_to_string (DESK_CONFIG_LAYER_LOCAL));
  desk_config_free (config);
  recorder_finish (&rec, bus);
  remove_tmp_dir (dir);
}

/* ------------------------------------------------------------------------
 * 8. The local layer, persisted
 * ------------------------------------------------------------------------ */

/* A new store reading the local file at @path, as at the next start-up. */
static DeskConfig *
reopen_local (const char *path)
{
  g_autoptr (GError) error = NULL;
  DeskConfig *config = desk_config_new (NULL);
  g_assert_true (desk_config_set_local_path (config, path, &error));
  g_assert_no_error (error);
  return config;
}

static void
test_local_set_local_persists (void)
{
  g_test_summary ("set_local() writes the local file; a new store with the "
                  "same path sees the values");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (DeskConfig) config = reopen_local (path); /* no file yet: fine */
    assert_source (config, "phone_label", DESK_CONFIG_LAYER_DEFAULT);
    g_assert_true (desk_config_set_local (config, "phone_label", "Desk 7", &error));
    g_assert_no_error (error);
    g_assert_true (desk_config_set_local (config, "timer_t1", "650", &error));
    g_assert_no_error (error);
    g_assert_true (desk_config_set_local (config, "preferred_codec", "G729A", &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR)); /* written at once */
  }
  g_autoptr (DeskConfig) again = reopen_local (path);
  g_assert_cmpstr (desk_config_get_string (again, "phone_label"), ==, "Desk 7");
  assert_source (again, "phone_label", DESK_CONFIG_LAYER_LOCAL);
  g_assert_cmpint (desk_config_get_int (again, "timer_t1"), ==, 650);
  g_assert_cmpstr (desk_config_get_string (again, "preferred_codec"), ==, "g729a");
  g_clear_pointer (&again, desk_config_free);
  remove_tmp_dir (dir);
}

static void
test_local_values_needing_quotes_round_trip (void)
{
  g_test_summary ("Local values with spaces, quotes, ';', '#' and ':' come "
                  "back unchanged after a restart");
  static const char *const values[] = {
    "a b", "it's", "say \"hi\"", "a;b#c", "x: y", "#lead", "trail ;", "",
  };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (GError) error = NULL;
      g_test_message ("local phone_password '%s'", values[i]);
      g_autoptr (DeskConfig) config = reopen_local (path);
      g_assert_true (desk_config_set_local (config, "phone_password", values[i], &error));
      g_assert_no_error (error);
      g_autoptr (DeskConfig) again = reopen_local (path);
      g_assert_cmpstr (desk_config_get_string (again, "phone_password"), ==, values[i]);
      assert_source (again, "phone_password", DESK_CONFIG_LAYER_LOCAL);
    }
  remove_tmp_dir (dir);
}

static void
test_local_remove_one_change (void)
{
  g_test_summary ("set_local(name, NULL) removes that local change, persisted");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (DeskConfig) config = reopen_local (path);
    assert_loads (config, DESK_CONFIG_LAYER_SIPDEFAULT, "timer_t1: 600\n");
    g_assert_true (desk_config_set_local (config, "timer_t1", "650", &error));
    g_assert_true (desk_config_set_local (config, "sip_retx", "9", &error));
    g_assert_true (desk_config_set_local (config, "timer_t1", NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 600);
    assert_source (config, "timer_t1", DESK_CONFIG_LAYER_SIPDEFAULT);
  }
  g_autoptr (DeskConfig) again = reopen_local (path);
  assert_source (again, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
  assert_source (again, "sip_retx", DESK_CONFIG_LAYER_LOCAL);
  g_clear_pointer (&again, desk_config_free);
  remove_tmp_dir (dir);
}

static void
test_local_clear_local (void)
{
  g_test_summary ("clear_local() (the seeds' erase) removes every local "
                  "change, in memory and on disk");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (DeskConfig) config = reopen_local (path);
    g_assert_true (desk_config_set_local (config, "phone_label", "Desk 7", &error));
    g_assert_true (desk_config_set_local (config, "timer_t1", "650", &error));
    g_assert_no_error (error);
    g_assert_true (desk_config_clear_local (config, &error));
    g_assert_no_error (error);
    assert_source (config, "phone_label", DESK_CONFIG_LAYER_DEFAULT);
    assert_source (config, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
  }
  g_autoptr (DeskConfig) again = reopen_local (path);
  assert_source (again, "phone_label", DESK_CONFIG_LAYER_DEFAULT);
  assert_source (again, "timer_t1", DESK_CONFIG_LAYER_DEFAULT);
  g_clear_pointer (&again, desk_config_free);
  remove_tmp_dir (dir);
}

static void
test_local_invalid_value_leaves_file (void)
{
  g_test_summary ("set_local() with an invalid value fails and leaves the "
                  "file and the value unchanged");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DeskConfig) config = reopen_local (path);
  g_assert_true (desk_config_set_local (config, "timer_t1", "650", &error));
  g_assert_no_error (error);
  g_autofree char *before = read_file_or_empty (path);

  g_assert_false (desk_config_set_local (config, "timer_t1", "fast", &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_config_set_local (config, "tos_media", "9", &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (desk_config_set_local (config, "phone_label", "ABCDEFGHIJKL", &error));
  g_assert_error (error, DESK_CONFIG_ERROR, DESK_CONFIG_ERROR_INVALID);
  g_clear_error (&error);

  g_autofree char *after = read_file_or_empty (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (desk_config_get_int (config, "timer_t1"), ==, 650);
  assert_source (config, "tos_media", DESK_CONFIG_LAYER_DEFAULT);
  g_clear_pointer (&config, desk_config_free);
  remove_tmp_dir (dir);
}

static void
test_local_corrupt_file_at_startup (void)
{
  g_test_summary ("A corrupt local file is reported and left aside; the local "
                  "layer starts empty and local changes work again");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  /* A valid line before the junk: whole-file rejection must drop it too. */
  static const char junk[] = "phone_label: Corrupt\n\x01\x02\x00\xff\xfe binary\x7f\n";
  g_assert_true (g_file_set_contents (path, junk, sizeof junk - 1, NULL));

  captured_logs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok = desk_config_set_local_path (config, path, &error);
  g_autoptr (GPtrArray) logs = g_steal_pointer (&captured_logs);

  /* "Reported": a GError, a warning from get_warnings() or a logged warning. */
  const char *const *warnings = desk_config_get_warnings (config);
  g_test_message ("set_local_path: %s; error: %s; warning: %s; logs: %u",
                  ok ? "TRUE" : "FALSE", error ? error->message : "none",
                  warnings[0] ? warnings[0] : "none", logs->len);
  gboolean reported = (!ok && error != NULL) || warnings[0] != NULL || logs->len > 0;
  g_assert_true (reported); /* a corrupt local file must not pass silently */
  g_assert_true (ok || error != NULL); /* FALSE only with a reason */

  assert_source (config, "phone_label", DESK_CONFIG_LAYER_DEFAULT);

  /* The phone runs on: a new local change is accepted and persisted. */
  g_clear_error (&error);
  g_assert_true (desk_config_set_local (config, "phone_label", "Fresh", &error));
  g_assert_no_error (error);
  g_clear_pointer (&config, desk_config_free);
  g_autoptr (DeskConfig) again = reopen_local (path);
  g_assert_cmpstr (desk_config_get_string (again, "phone_label"), ==, "Fresh");
  g_clear_pointer (&again, desk_config_free);
  remove_tmp_dir (dir);
}

/* ------------------------------------------------------------------------
 * 9. Crash safety of the local file
 *
 * A child alternates the local layer between two sets of 20 values (A and
 * B), one desk_config_set_local() per value, in a fixed order, and the
 * parent SIGKILLs it at a random moment.  Each set_local() writes the whole
 * layer, so the states the child ever commits are "the first k values of
 * the set being written, the rest of the other set" (k = 0..20).  After each
 * kill a fresh store must read the file without error and see exactly one of
 * those states: every value is its A or its B (nothing missing, nothing torn,
 * never an empty layer) and, in write order, the values switch set at most
 * once.
 * ------------------------------------------------------------------------ */

#define CRASH_N_VALUES 20
#define CRASH_ROUNDS 30

typedef struct {
  const char *name;
  const char *a, *b;
} CrashValue;

/* Candidates, all different from the seeds' defaults; the first 20 the
 * schema knows and accepts are used. */
static const CrashValue crash_candidates[] = {
  { "phone_label", "AAAA", "BBBB" },
  { "timer_t1", "550", "650" },
  { "timer_t2", "4500", "5500" },
  { "sip_retx", "12", "13" },
  { "sip_invite_retx", "8", "9" },
  { "timer_invite_expires", "170", "190" },
  { "timer_register_expires", "3500", "3700" },
  { "tos_media", "3", "4" },
  { "preferred_codec", "g711alaw", "g729a" },
  { "dtmf_outofband", "none", "avt_always" },
  { "dtmf_db_level", "2", "4" },
  { "proxy1_address", "10.0.0.1", "10.0.0.2" },
  { "proxy1_port", "5070", "5080" },
  { "proxy2_address", "10.0.1.1", "10.0.1.2" },
  { "phone_password", "pw aaaa", "pw bbbb" },
  { "voip_control_port", "5062", "5064" },
  { "messages_uri", "501", "502" },
  { "image_version", "P0S3-08-3-00", "P0S3-08-4-00" },
  { "time_zone", "EST", "PST" },
  { "dial_template", "DIALA", "DIALB" },
  { "telnet_level", "1", "2" },
  { "start_media_port", "16400", "16500" },
  { "user_info", "phone", "ip" },
  { "auto_answer", "0", "1" },
  { "proxy_register", "0", "1" },
  { "dtmf_inband", "0", "1" },
};

typedef struct {
  const char *name;
  char *a, *b; /* canonical forms */
} CrashSlot;

/* Picks the 20 values from crash_candidates; fails if fewer are usable. */
static void
crash_pick (CrashSlot slots[CRASH_N_VALUES])
{
  guint n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (crash_candidates) && n < CRASH_N_VALUES; i++)
    {
      const CrashValue *c = &crash_candidates[i];
      const DeskConfigParam *p = desk_config_schema_lookup (c->name);
      char *a = NULL, *b = NULL;
      if (p == NULL || !desk_config_param_validate (p, c->a, &a, NULL)
          || !desk_config_param_validate (p, c->b, &b, NULL))
        {
          g_test_message ("crash test: %s not usable", c->name);
          g_free (a);
          continue;
        }
      slots[n].name = c->name;
      slots[n].a = a;
      slots[n].b = b;
      n++;
    }
  g_assert_cmpuint (n, ==, CRASH_N_VALUES); /* enough parameters to use */
}

static void
crash_slots_free (CrashSlot slots[CRASH_N_VALUES])
{
  for (guint i = 0; i < CRASH_N_VALUES; i++)
    {
      g_free (slots[i].a);
      g_free (slots[i].b);
    }
}

/* Which set each value in @config comes from: 'A', 'B' or '?' (neither). */
static void
crash_labels (DeskConfig *config, const CrashSlot slots[CRASH_N_VALUES],
              char labels[CRASH_N_VALUES + 1])
{
  for (guint i = 0; i < CRASH_N_VALUES; i++)
    {
      const char *v = desk_config_get_string (config, slots[i].name);
      labels[i] = g_strcmp0 (v, slots[i].a) == 0 ? 'A'
                  : g_strcmp0 (v, slots[i].b) == 0 ? 'B'
                                                    : '?';
    }
  labels[CRASH_N_VALUES] = '\0';
}

/* The child: continue the A/B pattern from the state on disk, forever. */
static void G_GNUC_NORETURN
crash_child (const char *path, const CrashSlot slots[CRASH_N_VALUES], int ready_fd)
{
  DeskConfig *config = desk_config_new (NULL);
  char labels[CRASH_N_VALUES + 1];
  if (!desk_config_set_local_path (config, path, NULL))
    _exit (10);
  crash_labels (config, slots, labels);
  if (strchr (labels, '?') != NULL)
    _exit (11);
  /* Tell the parent the writes start now, so that a slow start-up (under
   * valgrind) does not eat the random delay before the kill. */
  if (write (ready_fd, "r", 1) != 1)
    _exit (13);
  /* State X^k Y^(20-k): we were writing X; carry on from k. */
  gboolean writing_b = labels[0] == 'B';
  guint k = 0;
  while (k < CRASH_N_VALUES && labels[k] == labels[0])
    k++;
  if (k == CRASH_N_VALUES)
    {
      writing_b = !writing_b;
      k = 0;
    }
  for (guint round = 0; round < 1000000; round++)
    {
      for (; k < CRASH_N_VALUES; k++)
        if (!desk_config_set_local (config, slots[k].name,
                                    writing_b ? slots[k].b : slots[k].a, NULL))
          _exit (12);
      k = 0;
      writing_b = !writing_b;
    }
  _exit (0);
}

/* Files in @dir other than @keep, as one string for messages. */
static char *
crash_strays (const char *dir, const char *keep, guint *n)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GString) names = g_string_new (NULL);
  const char *entry;
  *n = 0;
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (strcmp (entry, keep) != 0)
      {
        g_string_append_printf (names, "%s%s", *n ? ", " : "", entry);
        (*n)++;
      }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

typedef struct {
  guint max_strays;   /* most files beside local.cnf after any kill */
  char *stray_names;  /* what they were at that moment */
  guint changes;      /* rounds after which the file held a new state */
} CrashStats;

static void
crash_run (CrashStats *stats)
{
  CrashSlot slots[CRASH_N_VALUES];
  crash_pick (slots);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "local.cnf", NULL);
  g_autoptr (GError) error = NULL;
  char labels[CRASH_N_VALUES + 1], previous[CRASH_N_VALUES + 1];
  gint64 start = g_get_monotonic_time ();

  /* Start from set A, complete on disk. */
  {
    g_autoptr (DeskConfig) config = reopen_local (path);
    for (guint i = 0; i < CRASH_N_VALUES; i++)
      {
        g_assert_true (desk_config_set_local (config, slots[i].name, slots[i].a, &error));
        g_assert_no_error (error);
      }
  }
  memset (previous, 'A', CRASH_N_VALUES);
  previous[CRASH_N_VALUES] = '\0';
  memset (stats, 0, sizeof *stats);

  for (guint round = 0; round < CRASH_ROUNDS; round++)
    {
      int ready[2];
      char byte;
      g_assert_cmpint (pipe (ready), ==, 0);
      fflush (stdout);
      fflush (stderr);
      pid_t pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (ready[0]);
          crash_child (path, slots, ready[1]);
        }
      close (ready[1]);
      /* EOF (0) means the child died before it started writing: the
       * status check below says why. */
      ssize_t got;
      do
        got = read (ready[0], &byte, 1);
      while (got < 0 && errno == EINTR);
      close (ready[0]);
      if (got == 1)
        g_usleep (g_test_rand_int_range (0, 20000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      int status = 0;
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (!WIFSIGNALED (status))
        g_test_message ("crash child exited with %d before the kill "
                        "(10: set_local_path failed, 11: a value was neither A "
                        "nor B, 12: set_local failed, 13: pipe)", WEXITSTATUS (status));
      g_assert_true (WIFSIGNALED (status)); /* the child must only die by our kill */
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      guint n_strays = 0;
      char *strays = crash_strays (dir, "local.cnf", &n_strays);
      if (n_strays > stats->max_strays || stats->stray_names == NULL)
        {
          g_free (stats->stray_names);
          stats->stray_names = strays;
          stats->max_strays = MAX (stats->max_strays, n_strays);
        }
      else
        g_free (strays);

      /* The next start-up reads the file strictly. */
      DeskConfig *config = desk_config_new (NULL);
      g_assert_true (desk_config_load_file (config, DESK_CONFIG_LAYER_LOCAL, path, &error));
      g_assert_no_error (error);
      crash_labels (config, slots, labels);
      desk_config_free (config);
      /* set_local_path() must accept it too, without reporting corruption. */
      config = desk_config_new (NULL);
      g_assert_true (desk_config_set_local_path (config, path, &error));
      g_assert_no_error (error);
      g_assert_null (desk_config_get_warnings (config)[0]);
      desk_config_free (config);

      g_test_message ("round %u: %s", round, labels);
      g_assert_null (strchr (labels, '?')); /* every value is its A or its B */
      guint switches = 0;
      for (guint i = 1; i < CRASH_N_VALUES; i++)
        switches += labels[i] != labels[i - 1];
      g_assert_cmpuint (switches, <=, 1); /* a state some set_local() committed */
      if (strcmp (labels, previous) != 0)
        stats->changes++;
      memcpy (previous, labels, sizeof labels);
    }

  g_test_message ("crash test: %u of %u rounds changed the file, %.1f s",
                  stats->changes, CRASH_ROUNDS,
                  (g_get_monotonic_time () - start) / 1e6);
  crash_slots_free (slots);
  remove_tmp_dir (dir);
}

static void
test_local_crash_leaves_old_or_new_set (void)
{
  g_test_summary ("Killing the writer at any moment leaves a local file that "
                  "parses and holds a state some set_local() committed");
  CrashStats stats;
  crash_run (&stats);
  g_free (stats.stray_names);
  /* Otherwise every kill came before the first write and nothing was tested. */
  g_assert_cmpuint (stats.changes, >, 0);
}

static void
test_local_crash_leaves_at_most_one_temporary (void)
{
  g_test_summary ("Repeated crashes do not pile up temporary files: at most "
                  "one beside the local file (from the last crash)");
  CrashStats stats;
  crash_run (&stats);
  g_test_message ("most files beside local.cnf: %u (%s)", stats.max_strays,
                  stats.stray_names ? stats.stray_names : "");
  g_assert_cmpuint (stats.max_strays, <=, 1);
  g_free (stats.stray_names);
}

/* ------------------------------------------------------------------------
 * 10. Property: random mutations of a valid file
 * ------------------------------------------------------------------------ */

#define MUTATIONS 2000
#define MUTATION_SEED 0x7960

static void
mutate (GByteArray *buf, GRand *rand)
{
  static const guint8 interesting[] = { '\0', ':', '"', '\'', ';', '#', '\n', '\r',
                                        ' ', '\t', 0xff, 0xe2, '0', 'a', '-' };
  guint ops = g_rand_int_range (rand, 1, 5);
  for (guint op = 0; op < ops; op++)
    {
      guint pos = buf->len ? g_rand_int_range (rand, 0, buf->len) : 0;
      guint8 byte = g_rand_boolean (rand)
                        ? interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))]
                        : (guint8) g_rand_int_range (rand, 0, 256);
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0: /* replace */
          if (buf->len)
            buf->data[pos] = byte;
          break;
        case 1: /* insert */
          g_array_insert_vals ((GArray *) buf, pos, &byte, 1);
          break;
        case 2: /* delete */
          if (buf->len)
            g_byte_array_remove_index (buf, pos);
          break;
        default: /* flip one bit */
          if (buf->len)
            buf->data[pos] ^= 1u << g_rand_int_range (rand, 0, 8);
          break;
        }
    }
}

typedef struct {
  char *value;
  DeskConfigLayer source;
} Snapshot;

static GArray *
snapshot_take (DeskConfig *config, char **names)
{
  GArray *snap = g_array_new (FALSE, FALSE, sizeof (Snapshot));
  for (guint i = 0; names[i] != NULL; i++)
    {
      Snapshot s = { g_strdup (desk_config_get_string (config, names[i])),
                     desk_config_get_source (config, names[i]) };
      g_array_append_val (snap, s);
    }
  return snap;
}

static void
snapshot_free (GArray *snap)
{
  for (guint i = 0; i < snap->len; i++)
    g_free (g_array_index (snap, Snapshot, i).value);
  g_array_unref (snap);
}

/* Fails unless @message holds "fuzz.cnf:N" with 1 <= N <= @n_lines,
 * followed by ':' for an error ("origin:line: reason", config.h); a
 * warning only has to carry "origin:line". */
static void
check_fuzz_message (const char *message, guint n_lines, guint iteration,
                    gboolean is_error)
{
  const char *at = message ? strstr (message, "fuzz.cnf:") : NULL;
  guint64 line = 0;
  char *end = NULL;
  if (at != NULL)
    line = g_ascii_strtoull (at + strlen ("fuzz.cnf:"), &end, 10);
  if (at == NULL || end == at + strlen ("fuzz.cnf:") || (is_error && *end != ':')
      || line < 1 || line > n_lines)
    {
      g_autofree char *msg = g_strdup_printf (
          "mutation %u: %s \"%s\" lacks fuzz.cnf:LINE%s with LINE in 1..%u",
          iteration, is_error ? "error" : "warning", message ? message : "(null)",
          is_error ? ":" : "", n_lines);
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }
}

static void
test_property_mutations (void)
{
  g_test_summary ("2000 random mutations of a valid file: no crash, every "
                  "failure says fuzz.cnf:LINE:, and a failed load changes no "
                  "value and publishes nothing");
  g_autofree char *path = data_path ("config-fuzz-seed.cnf");
  g_autofree char *seed = NULL;
  gsize seed_len = 0;
  g_assert_true (g_file_get_contents (path, &seed, &seed_len, NULL));

  g_autoptr (DeskBus) bus = desk_bus_new (NULL);
  Recorder rec;
  recorder_init (&rec, bus);
  g_autoptr (DeskConfig) config = desk_config_new (bus);
  g_autoptr (GError) error = NULL;
  g_assert_true (desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT, "fuzz.cnf",
                                        seed, seed_len, &error));
  g_assert_no_error (error);
  g_auto (GStrv) names = desk_config_list_names ();
  GArray *good = snapshot_take (config, names);
  recorder_clear (&rec, bus);

  GRand *rand = g_rand_new_with_seed (MUTATION_SEED);
  guint n_ok = 0, n_failed = 0;
  quiet_logs = TRUE; /* unknown names produce a warning each */
  for (guint it = 0; it < MUTATIONS; it++)
    {
      g_autoptr (GByteArray) buf = g_byte_array_new ();
      g_byte_array_append (buf, (const guint8 *) seed, seed_len);
      mutate (buf, rand);
      guint n_lines = 1;
      for (guint i = 0; i < buf->len; i++)
        n_lines += buf->data[i] == '\n';

      gboolean ok = desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                                           "fuzz.cnf", (const char *) buf->data,
                                           buf->len, &error);
      if (ok)
        {
          g_assert_no_error (error);
          n_ok++;
          /* Warnings (unknown names) point at a line of this buffer too. */
          const char *const *warnings = desk_config_get_warnings (config);
          for (guint i = 0; warnings[i] != NULL; i++)
            check_fuzz_message (warnings[i], n_lines, it, FALSE);
          snapshot_free (good);
          good = snapshot_take (config, names);
          recorder_clear (&rec, bus);
          continue;
        }
      n_failed++;
      g_assert_nonnull (error);
      g_assert_true (error->domain == DESK_CONFIG_ERROR);
      check_fuzz_message (error->message, n_lines, it, TRUE);
      g_clear_error (&error);

      for (guint i = 0; names[i] != NULL; i++)
        {
          const Snapshot *s = &g_array_index (good, Snapshot, i);
          const char *now = desk_config_get_string (config, names[i]);
          DeskConfigLayer source = desk_config_get_source (config, names[i]);
          if (g_strcmp0 (now, s->value) != 0 || source != s->source)
            {
              quiet_logs = FALSE;
              g_autofree char *text = g_strescape ((const char *) buf->data, NULL);
              g_test_message ("mutation %u (%u bytes): %s", it, buf->len, text);
              g_test_message ("%s was '%s' from %s, now '%s' from %s", names[i],
                              s->value, desk_config_layer_to_string (s->source), now,
                              desk_config_layer_to_string (source));
              g_assert_not_reached (); /* a failed load changed a value */
            }
        }
      g_assert_cmpuint (recorder_flush (&rec, bus), ==, 0); /* nothing published */
    }
  quiet_logs = FALSE;
  g_test_message ("mutations: %u loaded, %u rejected (seed 0x%x)", n_ok, n_failed,
                  MUTATION_SEED);
  /* Both paths must have been exercised for the property to mean anything. */
  g_assert_cmpuint (n_failed, >, MUTATIONS / 10);
  g_assert_cmpuint (n_ok, >, 0);
  g_rand_free (rand);
  snapshot_free (good);
  recorder_finish (&rec, bus);
}

int
main (int argc, char **argv)
{
  g_log_set_writer_func (test_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  /* The store logs unknown parameters and corrupt local files as warnings by
   * design (config.h); keep criticals fatal, warnings not. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/config/parse/name-colon-value", test_parse_name_colon_value);
  g_test_add_func ("/config/parse/whitespace-anywhere", test_parse_whitespace_anywhere);
  g_test_add_func ("/config/parse/comment-after-value", test_parse_comment_after_value);
  g_test_add_func ("/config/parse/comment-lines-and-blank-lines",
                   test_parse_comment_lines_and_blank_lines);
  g_test_add_func ("/config/parse/crlf-line-endings", test_parse_crlf_line_endings);
  g_test_add_func ("/config/parse/mixed-line-endings", test_parse_mixed_line_endings);
  g_test_add_func ("/config/parse/last-line-without-newline",
                   test_parse_last_line_without_newline);
  g_test_add_func ("/config/parse/crlf-file", test_parse_crlf_file);
  g_test_add_func ("/config/parse/names-case-insensitive", test_parse_names_case_insensitive);
  g_test_add_func ("/config/parse/quoted-values", test_parse_quoted_values);
  g_test_add_func ("/config/parse/quoted-empty-value", test_parse_quoted_empty_value);
  g_test_add_func ("/config/parse/quoted-value-then-comment",
                   test_parse_quoted_value_then_comment);
  g_test_add_func ("/config/parse/no-space-after-colon", test_parse_no_space_after_colon);
  g_test_add_func ("/config/parse/value-containing-colon", test_parse_value_containing_colon);
  g_test_add_func ("/config/parse/unquoted-value-with-inner-space",
                   test_parse_unquoted_value_with_inner_space);
  g_test_add_func ("/config/parse/two-settings-on-one-line",
                   test_parse_two_settings_on_one_line);
  g_test_add_func ("/config/parse/quoted-number", test_parse_quoted_number);
  g_test_add_func ("/config/parse/typographic-quotes", test_parse_typographic_quotes);
  g_test_add_func ("/config/parse/enum-case-insensitive", test_parse_enum_case_insensitive);
  g_test_add_func ("/config/parse/buffer-not-nul-terminated",
                   test_parse_buffer_not_nul_terminated);
  g_test_add_func ("/config/parse/empty-buffer", test_parse_empty_buffer);
  g_test_add_func ("/config/parse/sample-file", test_parse_sample_file);

  g_test_add_func ("/config/error/invalid-int", test_error_invalid_int);
  g_test_add_func ("/config/error/int-out-of-range", test_error_int_out_of_range);
  g_test_add_func ("/config/error/invalid-enum", test_error_invalid_enum);
  g_test_add_func ("/config/error/invalid-bool", test_error_invalid_bool);
  g_test_add_func ("/config/error/invalid-host-and-port", test_error_invalid_host_and_port);
  g_test_add_func ("/config/lenient/unterminated-quote", test_lenient_unterminated_quote);
  g_test_add_func ("/config/lenient/mismatched-quotes", test_lenient_mismatched_quotes);
  g_test_add_func ("/config/lenient/line-without-colon", test_lenient_line_without_colon);
  g_test_add_func ("/config/error/empty-name", test_error_empty_name);
  g_test_add_func ("/config/error/string-too-long", test_error_string_too_long);
  g_test_add_func ("/config/error/nul-byte", test_error_nul_byte);
  g_test_add_func ("/config/error/binary-junk", test_error_binary_junk);
  g_test_add_func ("/config/error/line-too-long", test_error_line_too_long);
  g_test_add_func ("/config/error/buffer-too-large", test_error_buffer_too_large);
  g_test_add_func ("/config/error/file-too-large", test_error_file_too_large);
  g_test_add_func ("/config/error/unreadable-file", test_error_unreadable_file);
  g_test_add_func ("/config/error/line-numbers-count-every-line",
                   test_error_line_numbers_count_every_line);
  g_test_add_func ("/config/error/file-names-its-path", test_error_file_names_its_path);

  g_test_add_func ("/config/reject/keeps-last-good-config", test_reject_keeps_last_good_config);
  g_test_add_func ("/config/reject/keeps-other-layers", test_reject_data_keeps_other_layers);

  g_test_add_func ("/config/unknown/warns-and-applies-the-rest",
                   test_unknown_warns_and_applies_the_rest);
  g_test_add_func ("/config/unknown/value-not-validated", test_unknown_in_data_with_bad_value);
  g_test_add_func ("/config/unknown/warnings-of-last-successful-load",
                   test_unknown_warnings_replaced_by_next_load);

  g_test_add_func ("/config/layer/precedence", test_layer_precedence);
  g_test_add_func ("/config/layer/reload-replaces-layer", test_layer_reload_replaces_layer);
  g_test_add_func ("/config/layer/empty-value-overrides", test_layer_empty_value_overrides);
  g_test_add_func ("/config/layer/bare-empty-value-overrides",
                   test_layer_bare_empty_value_overrides);
  g_test_add_func ("/config/layer/missing-file-empties-layer",
                   test_layer_missing_file_empties_layer);

  g_test_add_func ("/config/get/int", test_get_int);
  g_test_add_func ("/config/get/bool-spellings", test_get_bool_spellings);
  g_test_add_func ("/config/get/per-line-names", test_get_per_line_names);
  g_test_add_func ("/config/get/shortname-falls-back-to-name",
                   test_get_shortname_falls_back_to_name);
  g_test_add_func ("/config/get/user-authname-falls-back",
                   test_get_user_authname_falls_back);
  g_test_add_func ("/config/set/rejects-invalid-value", test_set_rejects_invalid_value);

  g_test_add_func ("/config/changed/names-exactly-the-changed-values",
                   test_changed_names_exactly_the_changed_values);
  g_test_add_func ("/config/changed/same-file-again-publishes-nothing",
                   test_changed_same_file_again_publishes_nothing);
  g_test_add_func ("/config/changed/removed-value-is-a-change",
                   test_changed_removed_value_is_a_change);
  g_test_add_func ("/config/changed/shadowed-change-publishes-nothing",
                   test_changed_shadowed_change_publishes_nothing);
  g_test_add_func ("/config/changed/set-local-names-local-layer",
                   test_changed_set_local_names_local_layer);

  g_test_add_func ("/config/local/set-local-persists", test_local_set_local_persists);
  g_test_add_func ("/config/local/values-needing-quotes-round-trip",
                   test_local_values_needing_quotes_round_trip);
  g_test_add_func ("/config/local/remove-one-change", test_local_remove_one_change);
  g_test_add_func ("/config/local/clear-local", test_local_clear_local);
  g_test_add_func ("/config/local/invalid-value-leaves-file",
                   test_local_invalid_value_leaves_file);
  g_test_add_func ("/config/local/corrupt-file-at-startup", test_local_corrupt_file_at_startup);
  g_test_add_func ("/config/local/crash-leaves-old-or-new-set",
                   test_local_crash_leaves_old_or_new_set);
  g_test_add_func ("/config/local/crash-leaves-at-most-one-temporary",
                   test_local_crash_leaves_at_most_one_temporary);

  g_test_add_func ("/config/property/mutations", test_property_mutations);

  return g_test_run ();
}
