/* Integrity of the configuration schema (core/src/config-schema.c) and of
 * the seed sample files in tests/data/cnf.
 *
 * The schema is data that many people edit; these checks catch the slips a
 * reviewer misses: a duplicate or misspelt name, a per-line row without N,
 * a fallback to nothing, a default its own row rejects, a range that holds
 * no value.  The sample files are the seeds' own .cnf examples, so every
 * name in them must be in the schema and every *-sample.cnf must load. */
#include <string.h>

#include <deskphone/config.h>

#define SAMPLE_SUFFIX "-sample.cnf"
#define QUIRKS_FILE "quirks-rejected.cnf"

static void add_problem (GString *problems, const char *fmt, ...)
    G_GNUC_PRINTF (2, 3);

static void
add_problem (GString *problems, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_string_append (problems, "\n  ");
  g_string_append_vprintf (problems, fmt, ap);
  va_end (ap);
}

/* Fails the running test with every problem found, so one run lists them
 * all instead of stopping at the first. */
static void
report (GString *problems, const char *what)
{
  if (problems->len > 0)
    g_test_fail_printf ("%s:%s", what, problems->str);
}

static gboolean
is_per_line (const DeskConfigParam *p)
{
  return (p->flags & DESK_CONFIG_FLAG_PER_LINE) != 0;
}

/* The row whose name is exactly @name ("lineN_name" included), or NULL. */
static const DeskConfigParam *
row_named (const char *name)
{
  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    if (strcmp (p->name, name) == 0)
      return p;
  return NULL;
}

/* @name with its N replaced by line @n.  Returns: (transfer full). */
static char *
for_line (const char *name, int n)
{
  char *s = g_strdup (name);
  char *N = strchr (s, 'N');
  if (N)
    *N = (char) ('0' + n);
  return s;
}

static void
test_names_are_unique_and_lower_case (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint rows = 0;

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++, rows++)
    {
      if (*p->name == '\0')
        add_problem (problems, "row %u has an empty name", rows);
      for (const char *c = p->name; *c; c++)
        if (!(g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '_' || *c == 'N'))
          {
            add_problem (problems,
                         "'%s': character '%c' is not allowed; names are "
                         "lower case [a-z0-9_], with N for the line number",
                         p->name, *c);
            break;
          }
      if (!g_hash_table_add (seen, (gpointer) p->name))
        add_problem (problems, "'%s' appears twice; lookups would only ever "
                     "find the first row", p->name);
    }
  if (rows < 80)
    add_problem (problems, "only %u rows; the spec catalogs name more than "
                 "80 parameters", rows);
  report (problems, "schema names");
}

static void
test_only_per_line_rows_hold_n (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      const char *N = strchr (p->name, 'N');
      if (is_per_line (p) && !N)
        add_problem (problems, "'%s' is PER_LINE but has no N for the line "
                     "number", p->name);
      if (!is_per_line (p) && N)
        add_problem (problems, "'%s' holds N but is not PER_LINE", p->name);
      if (N && strchr (N + 1, 'N'))
        add_problem (problems, "'%s' holds N twice; one line number per name",
                     p->name);
      if (!is_per_line (p))
        continue;
      for (int n = 1; n <= DESK_CONFIG_MAX_LINES; n++)
        {
          g_autofree char *concrete = for_line (p->name, n);
          if (row_named (concrete))
            add_problem (problems, "'%s' has a row of its own, but it is line "
                         "%d of '%s'; drop the separate row", concrete, n,
                         p->name);
        }
    }
  report (problems, "per-line rows");
}

static void
check_fallback_chain (GString *problems, const DeskConfigParam *start, int n)
{
  g_autoptr (GHashTable) visited =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *name = for_line (start->name, n);
  const DeskConfigParam *p = start;

  for (int step = 0; p && p->fallback; step++)
    {
      g_autofree char *next = for_line (p->fallback, n);
      if (strcmp (next, name) == 0)
        return; /* a self-reference (line 1 of "proxy1_address") ends it */
      if (!g_hash_table_add (visited, g_strdup (name)) || step > 16)
        {
          add_problem (problems, "the fallbacks from '%s' loop back to '%s'",
                       start->name, name);
          return;
        }
      g_free (name);
      name = g_steal_pointer (&next);
      p = desk_config_schema_lookup (name);
    }
}

static void
test_fallbacks_name_existing_rows (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      const DeskConfigParam *target;
      if (!p->fallback)
        continue;
      if (strcmp (p->fallback, p->name) == 0)
        {
          add_problem (problems, "'%s' falls back to itself", p->name);
          continue;
        }
      if (strchr (p->fallback, 'N'))
        {
          target = row_named (p->fallback);
          if (!is_per_line (p))
            add_problem (problems, "'%s' is not per line, so its fallback "
                         "'%s' cannot hold N", p->name, p->fallback);
        }
      else
        {
          target = desk_config_schema_lookup (p->fallback);
          if (target && !is_per_line (p) && is_per_line (target))
            add_problem (problems, "'%s' is global but falls back to the "
                         "per-line '%s'", p->name, p->fallback);
        }
      if (!target)
        {
          add_problem (problems, "'%s' falls back to '%s', which is not in "
                       "the schema", p->name, p->fallback);
          continue;
        }
      if (target->type != p->type)
        add_problem (problems, "'%s' falls back to '%s' of another type; "
                     "the borrowed value may not be valid for it", p->name,
                     p->fallback);
      if (!is_per_line (p))
        check_fallback_chain (problems, p, 0);
      else
        for (int n = 1; n <= DESK_CONFIG_MAX_LINES; n++)
          check_fallback_chain (problems, p, n);
    }
  report (problems, "fallbacks");
}

static void
test_defaults_validate_against_their_row (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *canonical = NULL;
      if (!p->default_value)
        continue;
      if (*p->default_value == '\0')
        {
          add_problem (problems, "'%s' has an empty default; write NULL for "
                       "\"not stated\"", p->name);
          continue;
        }
      if (!desk_config_param_validate (p, p->default_value, &canonical, &error))
        add_problem (problems, "the default of '%s' is rejected by its own "
                     "row: %s", p->name, error->message);
      else if (g_strcmp0 (canonical, p->default_value) != 0)
        add_problem (problems, "the default of '%s' is '%s' but its canonical "
                     "form is '%s'; write it that way", p->name,
                     p->default_value, canonical);
    }
  report (problems, "defaults");
}

static void
test_ranges_hold_their_defaults (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      gint64 v;
      switch (p->type)
        {
        case DESK_CONFIG_TYPE_INT:
        case DESK_CONFIG_TYPE_PORT:
          if (p->min > p->max)
            add_problem (problems, "'%s': min %" G_GINT64_FORMAT " is above "
                         "max %" G_GINT64_FORMAT, p->name, p->min, p->max);
          if (p->min == 0 && p->max == 0)
            add_problem (problems, "'%s': give the range explicitly (0..0 "
                         "means \"unchecked\" to the validator)", p->name);
          if (p->type == DESK_CONFIG_TYPE_PORT && (p->min < 0 || p->max > 65535))
            add_problem (problems, "'%s': a port range must lie in 0..65535",
                         p->name);
          if (p->default_value
              && g_ascii_string_to_signed (p->default_value, 10, G_MININT64,
                                           G_MAXINT64, &v, NULL)
              && (v < p->min || v > p->max))
            add_problem (problems, "'%s': default %s is outside %"
                         G_GINT64_FORMAT "..%" G_GINT64_FORMAT, p->name,
                         p->default_value, p->min, p->max);
          break;
        case DESK_CONFIG_TYPE_STRING:
          if (p->min != 0 || p->max < 0)
            add_problem (problems, "'%s': a string takes only max (its length, "
                         "0 for none)", p->name);
          break;
        default:
          if (p->min != 0 || p->max != 0)
            add_problem (problems, "'%s': min/max mean nothing for its type",
                         p->name);
          break;
        }
    }
  report (problems, "ranges");
}

static void
test_enum_choices_are_well_formed (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      g_auto (GStrv) choices = NULL;
      gboolean default_found = FALSE;

      if (p->type != DESK_CONFIG_TYPE_ENUM)
        {
          if (p->choices)
            add_problem (problems, "'%s' has choices but is not an ENUM",
                         p->name);
          continue;
        }
      if (!p->choices || !*p->choices)
        {
          add_problem (problems, "ENUM '%s' has no choices", p->name);
          continue;
        }
      choices = g_strsplit (p->choices, "|", -1);
      for (int i = 0; choices[i]; i++)
        {
          if (*choices[i] == '\0' || g_ascii_isspace (*choices[i])
              || g_ascii_isspace (choices[i][strlen (choices[i]) - 1]))
            add_problem (problems, "'%s': choice %d is empty or padded with "
                         "spaces in \"%s\"", p->name, i + 1, p->choices);
          for (int j = 0; j < i; j++)
            if (g_ascii_strcasecmp (choices[i], choices[j]) == 0)
              add_problem (problems, "'%s': choice '%s' is listed twice "
                           "(matching ignores case)", p->name, choices[i]);
          if (g_strcmp0 (choices[i], p->default_value) == 0)
            default_found = TRUE;
        }
      if (p->default_value && !default_found)
        add_problem (problems, "'%s': default '%s' is not one of %s", p->name,
                     p->default_value, p->choices);
    }
  report (problems, "enum choices");
}

static void
test_descriptions_are_one_sentence (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      const char *d = p->description;
      size_t n = d ? strlen (d) : 0;
      if (n < 10)
        {
          add_problem (problems, "'%s' has no real description; --config-dump "
                       "and the docs print it", p->name);
          continue;
        }
      if (d[n - 1] != '.')
        add_problem (problems, "the description of '%s' does not end with a "
                     "full stop", p->name);
      if (strstr (d, ". ") || strstr (d, "  "))
        add_problem (problems, "the description of '%s' is not one sentence "
                     "(or has a double space): \"%s\"", p->name, d);
    }
  report (problems, "descriptions");
}

static void
test_flags_follow_the_rules (void)
{
  static const char *const extensions[] = {
    "auto_answer", "lineN_auto_answer", "virtual_audio_source",
    "virtual_audio_sink", "control_bind", "telnet_bind",
    /* SIP transport settings the seeds' UDP-only phone had no need for */
    "sip_bind_address", "sip_transport", "sip_tls_ca_file", "sip_transfer_method", NULL,
  };
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      gboolean secret = (p->flags & DESK_CONFIG_FLAG_SECRET) != 0;
      gboolean device = (p->flags & DESK_CONFIG_FLAG_DEVICE_ONLY) != 0;
      gboolean ext = (p->flags & DESK_CONFIG_FLAG_EXTENSION) != 0;
      gboolean credential = strstr (p->name, "password") != NULL;
      gboolean line_or_user = g_str_has_prefix (p->name, "lineN_")
                              || g_str_has_prefix (p->name, "userN_");

      if (credential != secret)
        add_problem (problems, "'%s': %s", p->name,
                     credential ? "a password must be SECRET so dumps hide it"
                                : "SECRET is for passwords only");
      if (line_or_user != device)
        add_problem (problems, "'%s': %s", p->name,
                     line_or_user ? "line and user parameters belong in "
                                    "SIP<MAC>.cnf only (P-32): DEVICE_ONLY"
                                  : "DEVICE_ONLY is for lineN_/userN_ rows");
      if (ext != g_strv_contains (extensions, p->name))
        add_problem (problems, "'%s': %s", p->name,
                     ext ? "EXTENSION is set, but INTERFACE.md does not name "
                           "it as a deskphone extension"
                         : "INTERFACE.md names it as an extension: set "
                           "EXTENSION");
    }
  for (int i = 0; extensions[i]; i++)
    if (!row_named (extensions[i]))
      add_problem (problems, "extension '%s' of INTERFACE.md has no row",
                   extensions[i]);
  report (problems, "flags");
}

/* Every file parameter the spec catalogs name (REQUIREMENTS-managing.md
 * MP-01..MP-83, REQUIREMENTS-admin-guide.md 3.1, INTERFACE.md), written as
 * a file would write it. */
static void
test_spec_catalog_is_covered (void)
{
  static const char *const names[] = {
    "anonymous_call_block", "autocomplete", "call_hold_ringback",
    "call_waiting", "callerid_blocking", "cnf_join_enable", "date_format",
    "directory_url", "dnd_control", "dst_auto_adjust", "dst_offset",
    "dst_start_day", "dst_start_day_of_week", "dst_start_month",
    "dst_start_time", "dst_start_week_of_month", "dst_stop_day",
    "dst_stop_day_of_week", "dst_stop_month", "dst_stop_time",
    "dst_stop_week_of_month", "dtmf_avt_payload", "dtmf_db_level",
    "dtmf_inband", "dtmf_outofband", "dyn_dns_addr_1", "dyn_dns_addr_2",
    "dyn_tftp_addr", "enable_vad", "end_media_port", "http_proxy_addr",
    "http_proxy_port", "image_version", "language", "logo_url",
    "messages_uri", "nat_address", "nat_enable", "nat_received_processing",
    "network_media_type", "network_port2_type", "outbound_proxy",
    "outbound_proxy_port", "phone_password", "phone_prompt",
    "preferred_codec", "proxy_backup", "proxy_backup_port",
    "proxy_emergency", "proxy_emergency_port", "proxy_register",
    "proxy1_address", "proxy1_port", "proxy2_address", "proxy6_port",
    "remote_party_id", "semi_attended_transfer", "services_url",
    "sip_invite_retx", "sip_retx", "sntp_mode", "sntp_server",
    "start_media_port", "sync", "telnet_level", "tftp_cfg_dir",
    "time_format_24hr", "time_zone", "timer_invite_expires",
    "timer_register_expires", "timer_t1", "timer_t2", "tos_media",
    "user_info", "voip_control_port", "dial_template", "line1_authname",
    "line2_displayname", "line3_name", "line4_password", "line5_shortname",
    "phone_label", "dst_stop_autoadjust", "user1_name", "user2_authname",
    "user6_password", "auto_answer", "line2_auto_answer",
    "virtual_audio_source", "virtual_audio_sink", "control_bind",
    "telnet_bind", NULL,
  };
  g_autoptr (GString) problems = g_string_new (NULL);

  for (int i = 0; names[i]; i++)
    if (!desk_config_schema_lookup (names[i]))
      add_problem (problems, "'%s' is named in the spec but the schema "
                   "lookup does not find it", names[i]);
  report (problems, "spec coverage");
}

static void
test_lookup_finds_every_row (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);

  for (const DeskConfigParam *p = desk_config_schema (); p->name; p++)
    {
      if (!is_per_line (p))
        {
          if (desk_config_schema_lookup (p->name) != p)
            add_problem (problems, "lookup of '%s' does not return its row",
                         p->name);
          continue;
        }
      for (int n = 1; n <= DESK_CONFIG_MAX_LINES; n++)
        {
          g_autofree char *concrete = for_line (p->name, n);
          if (desk_config_schema_lookup (concrete) != p)
            add_problem (problems, "lookup of '%s' does not return the row "
                         "'%s'", concrete, p->name);
        }
    }
  report (problems, "lookup");
}

/* ---- the sample files ---- */

static char *
cnf_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "cnf", NULL);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The seeds' sample files (*-sample.cnf), sorted.  Other .cnf files in the
 * folder are test-config.c's and hold deliberate errors. */
static GPtrArray *
sample_files (void)
{
  g_autofree char *dir_path = cnf_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, SAMPLE_SUFFIX))
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_names);
  return files;
}

static char *
read_sample (const char *file)
{
  g_autofree char *dir = cnf_dir ();
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("cannot read the sample %s: %s", path, error->message);
  return text;
}

/* Checks that every "name:" of @file is a schema parameter.  Deliberately
 * simpler than the real parser: it only needs the names. */
static void
check_sample_names (GString *problems, const char *file)
{
  g_autofree char *text = read_sample (file);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = 0; lines[i]; i++)
    {
      const char *s = lines[i];
      const char *colon;
      g_autofree char *name = NULL;

      while (*s == ' ' || *s == '\t')
        s++;
      if (*s == '\0' || *s == '\r' || *s == '#' || *s == ';')
        continue;
      colon = strchr (s, ':');
      if (!colon)
        continue; /* not "name: value"; the load tests judge such lines */
      name = g_ascii_strdown (s, colon - s);
      g_strchomp (name);
      if (!desk_config_schema_lookup (name))
        add_problem (problems, "%s:%d: '%s' is not in the schema", file, i + 1,
                     name);
    }
}

static void
test_sample_names_are_in_the_schema (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GPtrArray) files = sample_files ();
  static const char *const required[] = {
    "SIPDefault-sample.cnf", "SIP001646C0FFEE-sample.cnf", NULL,
  };

  for (int i = 0; required[i]; i++)
    if (!g_ptr_array_find_with_equal_func (files, required[i], g_str_equal,
                                           NULL))
      add_problem (problems, "the sample %s is missing from tests/data/cnf",
                   required[i]);
  for (guint i = 0; i < files->len; i++)
    check_sample_names (problems, g_ptr_array_index (files, i));
  check_sample_names (problems, QUIRKS_FILE);
  report (problems, "names in the seed samples");
}

static void
test_samples_load_without_warnings (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GPtrArray) files = sample_files ();
  g_autofree char *dir = cnf_dir ();

  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr (DeskConfig) config = desk_config_new (NULL);
      g_autoptr (GError) error = NULL;
      DeskConfigLayer layer = g_str_has_prefix (file, "SIPDefault")
                                  ? DESK_CONFIG_LAYER_SIPDEFAULT
                                  : DESK_CONFIG_LAYER_DEVICE;
      const char *const *warnings;

      if (!desk_config_load_file (config, layer, path, &error))
        {
          add_problem (problems, "%s does not load: %s (a sample must load; "
                       "move a line the phone rejects to %s)", file,
                       error->message, QUIRKS_FILE);
          continue;
        }
      warnings = desk_config_get_warnings (config);
      for (int w = 0; warnings && warnings[w]; w++)
        add_problem (problems, "%s loads with a warning: %s", file,
                     warnings[w]);
    }
  report (problems, "loading the seed samples");
}

/* Each non-comment line of the quirks file is a case the phone rejects, so
 * each must fail on its own: otherwise it belongs in a sample. */
static void
test_quirks_are_rejected_one_by_one (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autofree char *text = read_sample (QUIRKS_FILE);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  int cases = 0;

  for (int i = 0; lines[i]; i++)
    {
      const char *s = lines[i];
      g_autoptr (DeskConfig) config = NULL;
      g_autoptr (GError) error = NULL;

      while (*s == ' ' || *s == '\t')
        s++;
      if (*s == '\0' || *s == '#' || *s == ';')
        continue;
      cases++;
      config = desk_config_new (NULL);
      if (desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT,
                                 QUIRKS_FILE, lines[i], strlen (lines[i]),
                                 &error))
        add_problem (problems, "%s:%d is accepted: \"%s\"; move it into a "
                     "*-sample.cnf", QUIRKS_FILE, i + 1, lines[i]);
    }
  if (cases == 0)
    add_problem (problems, "%s holds no case", QUIRKS_FILE);
  report (problems, "rejected quirks");
}

/* The lenient quirks load, each non-comment line with one warning that
 * names it; and the unclosed quote still sets its value. */
static void
test_quirks_lenient_load_with_warnings (void)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (DeskConfig) config = desk_config_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = read_sample ("quirks-lenient.cnf");
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  const char *const *warnings;
  guint n_warnings = 0, cases = 0;

  if (!desk_config_load_data (config, DESK_CONFIG_LAYER_SIPDEFAULT, "quirks-lenient.cnf",
                              text, strlen (text), &error))
    g_error ("quirks-lenient.cnf must load: %s", error->message);
  warnings = desk_config_get_warnings (config);
  while (warnings[n_warnings])
    n_warnings++;
  for (int i = 0; lines[i]; i++)
    {
      const char *s = lines[i];
      g_autofree char *where = g_strdup_printf ("quirks-lenient.cnf:%d:", i + 1);
      gboolean found = FALSE;
      while (*s == ' ' || *s == '\t')
        s++;
      if (*s == '\0' || *s == '#' || *s == ';')
        continue;
      cases++;
      for (guint w = 0; w < n_warnings; w++)
        found |= g_str_has_prefix (warnings[w], where);
      if (!found)
        add_problem (problems, "line %d (\"%s\") gave no warning", i + 1, lines[i]);
    }
  if (cases != n_warnings)
    add_problem (problems, "%u lenient lines but %u warnings", cases, n_warnings);
  if (g_strcmp0 (desk_config_get_string (config, "proxy_backup"), "1.2.3.4") != 0)
    add_problem (problems, "proxy_backup is '%s', expected 1.2.3.4",
                 desk_config_get_string (config, "proxy_backup"));
  report (problems, "lenient quirks");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config-schema/names-are-unique-and-lower-case",
                   test_names_are_unique_and_lower_case);
  g_test_add_func ("/config-schema/only-per-line-rows-hold-n",
                   test_only_per_line_rows_hold_n);
  g_test_add_func ("/config-schema/fallbacks-name-existing-rows",
                   test_fallbacks_name_existing_rows);
  g_test_add_func ("/config-schema/defaults-validate-against-their-row",
                   test_defaults_validate_against_their_row);
  g_test_add_func ("/config-schema/ranges-hold-their-defaults",
                   test_ranges_hold_their_defaults);
  g_test_add_func ("/config-schema/enum-choices-are-well-formed",
                   test_enum_choices_are_well_formed);
  g_test_add_func ("/config-schema/descriptions-are-one-sentence",
                   test_descriptions_are_one_sentence);
  g_test_add_func ("/config-schema/flags-follow-the-rules",
                   test_flags_follow_the_rules);
  g_test_add_func ("/config-schema/spec-catalog-is-covered",
                   test_spec_catalog_is_covered);
  g_test_add_func ("/config-schema/lookup-finds-every-row",
                   test_lookup_finds_every_row);
  g_test_add_func ("/config-schema/sample-names-are-in-the-schema",
                   test_sample_names_are_in_the_schema);
  g_test_add_func ("/config-schema/samples-load-without-warnings",
                   test_samples_load_without_warnings);
  g_test_add_func ("/config-schema/quirks-are-rejected-one-by-one",
                   test_quirks_are_rejected_one_by_one);
  g_test_add_func ("/config-schema/quirks-lenient-load-with-warnings",
                   test_quirks_lenient_load_with_warnings);

  return g_test_run ();
}
