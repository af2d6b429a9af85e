/* deskphone configuration schema.
 *
 * Every parameter a SIPDefault.cnf or SIP<MAC>.cnf may set, as the seeds
 * spell it, plus deskphone's own extensions (DESK_CONFIG_FLAG_EXTENSION).
 * The spec catalogs are REQUIREMENTS-managing.md section 2 (MP-, Release 4.4,
 * the spec of record) and REQUIREMENTS-admin-guide.md section 3.1 (release
 * 1.0 guide and firmware 8.3 blog).  Where the two disagree the Release 4.4
 * value is used and a comment gives both.  Defaults are NULL where the spec
 * says "not stated"; the code that uses such a parameter decides what unset
 * means.
 *
 * Fallbacks: a row with .fallback takes that parameter's effective value
 * when no file or local layer sets it; only when the fallback is unset as
 * well does the row's own default apply.  An N in the fallback means the
 * same line.  A fallback naming line 1 ("proxy1_address") points at the
 * row itself for N = 1; the store must ignore such a self-reference.
 *
 * Only the table lives here; lookup and validation are in config-store.c.
 */
#include <deskphone/config.h>

/* "Any positive integer" in the spec: bounded so a value fits in an int. */
#define POSITIVE_MAX G_MAXINT32

#define MONTHS                                                          \
  "1|2|3|4|5|6|7|8|9|10|11|12|"                                         \
  "January|February|March|April|May|June|July|August|September|"        \
  "October|November|December|"                                          \
  "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"

#define WEEKDAYS                                                        \
  "1|2|3|4|5|6|7|"                                                      \
  "Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"           \
  "Sun|Mon|Tue|Wed|Thu|Fri|Sat"

/* Table 3-9: the Abbreviation column, the only unambiguous one (DT-08). */
#define TIME_ZONES                                                      \
  "IDL|NT|AHST|IMT|YST|PST|MST|CST|EST|AST|NST|BST|AT|WAT|GMT|CET|EET|" \
  "BT|IT|ZP4|AFG|ZP5|IST|ZP6|SUM|WAST|HST|JST|CAST|EAST|EADT|NZST"

#define LINE_FLAGS (DESK_CONFIG_FLAG_PER_LINE | DESK_CONFIG_FLAG_DEVICE_ONLY)

static const DeskConfigParam schema[] = {
  /* ---- Lines and proxies ---------------------------------------------- */

  { .name = "lineN_name", .type = DESK_CONFIG_TYPE_STRING,
    .flags = LINE_FLAGS,
    .description = "Number (without dashes) or e-mail user part the line "
                   "registers as and is called on." },
  /* MP-81: "linex_name is displayed" when unset. */
  { .name = "lineN_shortname", .type = DESK_CONFIG_TYPE_STRING,
    .fallback = "lineN_name", .flags = LINE_FLAGS,
    .description = "Label shown next to the line button; display only." },
  /* Release 4.4 (MP-77, ME-15): a line without its own authname uses
   * line 1's, and line1_authname defaults to UNPROVISIONED.  Release 1.0
   * (E-23) defaulted to SIP<MAC>, which a fixed default cannot express. */
  { .name = "lineN_authname", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "UNPROVISIONED", .fallback = "line1_authname",
    .flags = LINE_FLAGS,
    .description = "User name given when the proxy challenges the line's "
                   "REGISTER." },
  /* Same rule as lineN_authname (MP-80).  Table 3-5 and release 1.0 say
   * SIP<MAC> instead of UNPROVISIONED (ME-15); Table 3-4 is followed. */
  { .name = "lineN_password", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "UNPROVISIONED", .fallback = "line1_password",
    .flags = LINE_FLAGS | DESK_CONFIG_FLAG_SECRET,
    .description = "Password given when the proxy challenges the line's "
                   "REGISTER." },
  /* ME-14: empty means "nothing is used" (Table 3-4) or "the Name value"
   * (Table 3-5).  Table 3-4, the file table, is followed: no fallback, so
   * an unset display name sends no display-name in From. */
  { .name = "lineN_displayname", .type = DESK_CONFIG_TYPE_STRING,
    .flags = LINE_FLAGS,
    .description = "Display name sent as the line's caller identity; "
                   "none is sent when unset." },
  /* userN_* exist in release 1.0 only (sibling 3.1, X-07); Release 4.4
   * dropped them.  Kept so release 1.0 files load. */
  { .name = "userN_name", .type = DESK_CONFIG_TYPE_STRING,
    .fallback = "lineN_name", .flags = LINE_FLAGS,
    .description = "User part put in the From header of calls placed on "
                   "the line (release 1.0)." },
  { .name = "userN_authname", .type = DESK_CONFIG_TYPE_STRING,
    .fallback = "lineN_authname", .flags = LINE_FLAGS,
    .description = "User name given when a call on the line is challenged "
                   "(release 1.0)." },
  { .name = "userN_password", .type = DESK_CONFIG_TYPE_STRING,
    .fallback = "lineN_password",
    .flags = LINE_FLAGS | DESK_CONFIG_FLAG_SECRET,
    .description = "Password given when a call on the line is challenged "
                   "(release 1.0)." },
  /* MP-52/MP-54: proxy1_address is N = 1 of this row; lines 2-6 use
   * proxy1_address when unset.  Table 3-3 asks for dotted-decimal for
   * line 1 but its own sample uses an FQDN (ME-16): HOST takes both. */
  { .name = "proxyN_address", .type = DESK_CONFIG_TYPE_HOST,
    .fallback = "proxy1_address", .flags = DESK_CONFIG_FLAG_PER_LINE,
    .description = "SIP proxy (registrar) of the line; lines 2-6 use "
                   "proxy1_address when unset." },
  /* MP-53: proxy1_port defaults to 5060; MP-55 states no default for
   * lines 2-6, so they follow line 1's port like the address does. */
  { .name = "proxyN_port", .type = DESK_CONFIG_TYPE_PORT,
    .default_value = "5060", .min = 1, .max = 65535,
    .fallback = "proxy1_port", .flags = DESK_CONFIG_FLAG_PER_LINE,
    .description = "UDP port of the line's SIP proxy; lines 2-6 use "
                   "proxy1_port when unset." },
  { .name = "outbound_proxy", .type = DESK_CONFIG_TYPE_HOST,
    .description = "Outbound proxy that receives every SIP request when "
                   "set, whatever the line's proxy." },
  { .name = "outbound_proxy_port", .type = DESK_CONFIG_TYPE_PORT,
    .default_value = "5060", .min = 1, .max = 65535,
    .description = "UDP port of the outbound proxy." },
  /* N-14: Table 3-3 says dotted-decimal; HOST also takes names. */
  { .name = "proxy_backup", .type = DESK_CONFIG_TYPE_HOST,
    .description = "Backup proxy or gateway." },
  { .name = "proxy_backup_port", .type = DESK_CONFIG_TYPE_PORT,
    .default_value = "5060", .min = 1, .max = 65535,
    .description = "UDP port of the backup proxy." },
  { .name = "proxy_emergency", .type = DESK_CONFIG_TYPE_HOST,
    .description = "Emergency proxy or gateway." },
  { .name = "proxy_emergency_port", .type = DESK_CONFIG_TYPE_PORT,
    .default_value = "5060", .min = 1, .max = 65535,
    .description = "UDP port of the emergency proxy." },

  /* ---- Registration and SIP timers ------------------------------------ */

  /* Release 4.4 default 0 (MP-51); release 1.0 file table 1 vs menu No
   * (E-01), settled at 0 by 4.4. */
  { .name = "proxy_register", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "0",
    .description = "Whether the lines register with their proxies; "
                   "switching it to 0 unregisters them." },
  /* Sample comment "[1-3932100 sec]" gives the upper bound. */
  { .name = "timer_register_expires", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "3600", .min = 1, .max = 3932100,
    .description = "Registration lifetime requested in the Expires "
                   "header of REGISTER, in seconds." },
  { .name = "timer_invite_expires", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "180", .min = 1, .max = POSITIVE_MAX,
    .description = "Lifetime put in the Expires header of an INVITE, "
                   "in seconds." },
  { .name = "timer_t1", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "500", .min = 1, .max = POSITIVE_MAX,
    .description = "First (shortest) SIP retransmission interval, "
                   "in milliseconds." },
  /* "Greater than timer_t1" (MP-72) is a cross-parameter rule the SIP
   * layer checks; the schema only bounds each value. */
  { .name = "timer_t2", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "4000", .min = 1, .max = POSITIVE_MAX,
    .description = "Longest SIP retransmission interval, greater than "
                   "timer_t1, in milliseconds." },
  /* Release 4.4 default 10 (MP-60); release 1.0 and the 4.4 sample
   * comment say 11 (ME-06). */
  { .name = "sip_retx", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "10", .min = 1, .max = POSITIVE_MAX,
    .description = "Maximum number of retransmissions of a SIP message "
                   "other than INVITE." },
  /* Release 4.4 default 6 (MP-59); release 1.0 and the 4.4 sample
   * comment say 7 (ME-06). */
  { .name = "sip_invite_retx", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "6", .min = 1, .max = POSITIVE_MAX,
    .description = "Maximum number of retransmissions of an INVITE." },
  { .name = "user_info", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "none", .choices = "none|phone|ip",
    .description = "Value of the user= URI parameter added to To, From "
                   "and Contact of REGISTER (none adds nothing)." },
  { .name = "remote_party_id", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "0",
    .description = "Whether the Remote-Party-ID header is sent and "
                   "honoured." },

  /* ---- Media and DTMF ------------------------------------------------- */

  /* MP-46 lists g711alaw, g711ulaw, g729a, none; the 4.4 sample comment
   * writes g729 (ME-06), accepted as a spelling of g729a. */
  { .name = "preferred_codec", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "g711ulaw",
    .choices = "g711ulaw|g711alaw|g729a|g729|none",
    .description = "Codec offered first on calls the phone places "
                   "(g729 is read as g729a)." },
  /* Restart: the RTP port pool is set up when the media layer starts. */
  { .name = "start_media_port", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "16384", .min = 16384, .max = 32766,
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Lowest UDP port used for RTP." },
  { .name = "end_media_port", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "32766", .min = 16384, .max = 32766,
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Highest UDP port used for RTP." },
  { .name = "tos_media", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "5", .min = 0, .max = 5,
    .description = "IP precedence of RTP packets: 0 routine, 1 priority, "
                   "2 immediate, 3 flash, 4 override, 5 critical." },
  { .name = "enable_vad", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "0",
    .description = "Whether voice activity detection suppresses silent "
                   "packets." },
  { .name = "dtmf_inband", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "1",
    .description = "Whether DTMF digits are sent as tones in the audio." },
  { .name = "dtmf_outofband", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "avt", .choices = "none|avt|avt_always",
    .description = "Out-of-band DTMF by RTP events: never, when the far "
                   "end offers it, or always (in-band off when used)." },
  { .name = "dtmf_db_level", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "3", .min = 1, .max = 5,
    .description = "Level of in-band DTMF tones: 1 and 2 are 6 and 3 dB "
                   "below nominal, 3 nominal, 4 and 5 are 3 and 6 dB "
                   "above." },
  /* MP-22: 96-127, and "a value above 127 makes the phone use 101".  So
   * 128-255 are accepted and mean 101 (the consumer maps them); below 96
   * is not stated and is rejected, those are static payload types. */
  { .name = "dtmf_avt_payload", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "101", .min = 96, .max = 255,
    .description = "RTP payload type of telephone events, 96-127; a value "
                   "of 128-255 means 101." },

  /* ---- Call features -------------------------------------------------- */

  /* The 0-3 switches (M-32): 0 off, 1 on, 2 off and 3 on without user
   * control in Call Preferences. */
  { .name = "dnd_control", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "0", .min = 0, .max = 3,
    .description = "Do Not Disturb: 0 off, 1 on, 2 off and 3 on without "
                   "user control." },
  { .name = "callerid_blocking", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "0", .min = 0, .max = 3,
    .description = "Send outgoing calls as Anonymous: 0 off, 1 on, 2 off "
                   "and 3 on without user control." },
  { .name = "anonymous_call_block", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "0", .min = 0, .max = 3,
    .description = "Reject incoming anonymous calls: 0 off, 1 on, 2 off "
                   "and 3 on without user control." },
  { .name = "call_waiting", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "1", .min = 0, .max = 3,
    .description = "Accept a second incoming call during a call: 0 off, "
                   "1 on, 2 off and 3 on without user control." },
  { .name = "call_hold_ringback", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "0", .min = 0, .max = 3,
    .description = "Ring when the handset is hung up with a call on hold: "
                   "0 off, 1 on, 2 off and 3 on without user control." },
  { .name = "cnf_join_enable", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "1",
    .description = "Whether the other two parties stay connected when "
                   "the phone hosting a conference hangs up." },
  { .name = "semi_attended_transfer", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "1",
    .description = "Whether an attended transfer may complete while the "
                   "transfer target is still ringing." },
  { .name = "autocomplete", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "1",
    .description = "Whether numbers are completed automatically while "
                   "dialling." },
  { .name = "messages_uri", .type = DESK_CONFIG_TYPE_STRING,
    .description = "Number dialled by the Messages key to reach voice "
                   "mail." },
  /* Base name; the phone fetches <value>.xml (D-03, MP-76). */
  { .name = "dial_template", .type = DESK_CONFIG_TYPE_STRING,
    .description = "Base name of the dial plan file, fetched with .xml "
                   "appended." },

  /* ---- Date and time -------------------------------------------------- */

  { .name = "sntp_mode", .type = DESK_CONFIG_TYPE_ENUM,
    .choices = "unicast|multicast|anycast|directedbroadcast",
    .description = "How the phone obtains time from SNTP servers." },
  /* 0.0.0.0 is the "null value" (Table 3-7); a DNS name is accepted
   * (commented-out sample line, DT-04). */
  { .name = "sntp_server", .type = DESK_CONFIG_TYPE_HOST,
    .description = "SNTP server to ask for the time; 0.0.0.0 means none." },
  /* Table 3-9 is exhaustive, so ENUM.  The spec calls the abbreviations
   * case-sensitive; ENUM matching is case-insensitive and canonicalises
   * to upper case, which accepts more but never misreads a zone. */
  { .name = "time_zone", .type = DESK_CONFIG_TYPE_ENUM,
    .choices = TIME_ZONES,
    .description = "Time zone, as a Table 3-9 abbreviation giving the "
                   "offset from GMT." },
  { .name = "date_format", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "M/D/Y",
    .choices = "M/D/Y|D/M/Y|Y/M/D|Y/D/M|Y-M-D|YY-M-D",
    .description = "Order and separator of the date on the display "
                   "(YY-M-D has a four-digit year)." },
  /* Despite the name not a 0/1 switch: 2 and 3 lock the choice. */
  { .name = "time_format_24hr", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "1", .min = 0, .max = 3,
    .description = "Clock format: 0 12-hour, 1 24-hour, 2 12-hour and 3 "
                   "24-hour without user control." },
  { .name = "dst_auto_adjust", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "1",
    .description = "Whether the dst_* rules move the clock for daylight "
                   "saving time." },
  /* MP-83, ME-17: only the DST samples use this name; read it as
   * dst_auto_adjust (the consumer maps it). */
  { .name = "dst_stop_autoadjust", .type = DESK_CONFIG_TYPE_BOOL,
    .description = "Erratum spelling of dst_auto_adjust printed in the "
                   "guide's DST samples, accepted as an alias." },
  /* Forms [+|-|en dash]hour[/minute] (DT-09): STRING, parsed by the
   * clock code; an ENUM of every offset would be unreadable. */
  { .name = "dst_offset", .type = DESK_CONFIG_TYPE_STRING,
    .description = "Amount added to the time while DST is in effect, "
                   "written hours or hours/minutes with an optional sign." },
  /* Month names, three-letter abbreviations (the sample's "Oct", ME-20)
   * or 1-12; the default is the guide's US value (DT-11/DT-12). */
  { .name = "dst_start_month", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "April", .choices = MONTHS,
    .description = "Month DST starts, by name, abbreviation or number." },
  /* Empty ("" in the sample) reads as 0 (DT-15). */
  { .name = "dst_start_day", .type = DESK_CONFIG_TYPE_INT,
    .min = 0, .max = 31,
    .description = "Day of the month DST starts; 0 selects the "
                   "weekday rule (dst_start_day_of_week)." },
  { .name = "dst_start_day_of_week", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "Sunday", .choices = WEEKDAYS,
    .description = "Weekday DST starts under the weekday rule, by name, "
                   "abbreviation or number (1 is Sunday)." },
  /* 1-6 and 8, no 7 (DT-18): exhaustive, so ENUM. */
  { .name = "dst_start_week_of_month", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "1", .choices = "1|2|3|4|5|6|8",
    .description = "Which occurrence of the weekday in the month starts "
                   "DST; 8 is the last." },
  /* HH, HH/MM or HH:MM (DT-13, ME-21): STRING, parsed by the clock code. */
  { .name = "dst_start_time", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "02:00",
    .description = "Time of day DST starts, written hour, hour/minute "
                   "or hour:minute." },
  { .name = "dst_stop_month", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "October", .choices = MONTHS,
    .description = "Month DST ends, by name, abbreviation or number." },
  { .name = "dst_stop_day", .type = DESK_CONFIG_TYPE_INT,
    .min = 0, .max = 31,
    .description = "Day of the month DST ends; 0 selects the weekday "
                   "rule (dst_stop_day_of_week)." },
  { .name = "dst_stop_day_of_week", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "Sunday", .choices = WEEKDAYS,
    .description = "Weekday DST ends under the weekday rule, by name, "
                   "abbreviation or number (1 is Sunday)." },
  { .name = "dst_stop_week_of_month", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "8", .choices = "1|2|3|4|5|6|8",
    .description = "Which occurrence of the weekday in the month ends "
                   "DST; 8 is the last." },
  { .name = "dst_stop_time", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "02:00",
    .description = "Time of day DST ends, written hour, hour/minute or "
                   "hour:minute." },

  /* ---- Network and NAT ------------------------------------------------ */

  /* Restart: the SIP socket is bound once at start-up. */
  { .name = "voip_control_port", .type = DESK_CONFIG_TYPE_PORT,
    .default_value = "5060", .min = 1025, .max = 65535,
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Local UDP port the phone sends and receives SIP on." },
  { .name = "nat_enable", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "0",
    .description = "Whether Contact and SDP carry nat_address instead of "
                   "the phone's own address." },
  { .name = "nat_address", .type = DESK_CONFIG_TYPE_HOST,
    .description = "Public (WAN) address of the NAT or firewall." },
  { .name = "nat_received_processing", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "0",
    .description = "Whether the received= address of a REGISTER's 200 OK "
                   "replaces nat_address in Contact." },
  /* MP-26..MP-28: dotted IP only and never stored in Flash; HOST is the
   * closest type.  The guide's dyn_dns_add_2 is a misprint (ME-18), and
   * no sample uses it, so it gets no row. */
  { .name = "dyn_dns_addr_1", .type = DESK_CONFIG_TYPE_HOST,
    .description = "DNS server tried before the configured ones once the "
                   "phone has booted." },
  { .name = "dyn_dns_addr_2", .type = DESK_CONFIG_TYPE_HOST,
    .description = "DNS server tried after dyn_dns_addr_1." },
  { .name = "dyn_tftp_addr", .type = DESK_CONFIG_TYPE_HOST,
    .description = "TFTP server from which the configuration files are "
                   "fetched again after the first fetch." },
  { .name = "http_proxy_addr", .type = DESK_CONFIG_TYPE_HOST,
    .description = "HTTP proxy for the phone's HTTP requests." },
  { .name = "http_proxy_port", .type = DESK_CONFIG_TYPE_PORT,
    .default_value = "80", .min = 1, .max = 65535,
    .description = "TCP port of the HTTP proxy." },
  /* The file spellings (Table 3-3) and the menu's hyphenated ones
   * (Table 3-1, ME-28); consumers treat Full-100 as Full100 and so on.
   * Restart: saving network settings resets the phone (M-10). */
  { .name = "network_media_type", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "Auto",
    .choices = "Auto|Full100|Half100|Full10|Half10|"
               "Full-100|Half-100|Full-10|Half-10",
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Speed and duplex of the network port, or Auto to "
                   "negotiate." },
  { .name = "network_port2_type", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "Hub/Switch", .choices = "Hub/Switch|PC",
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "What is attached to the phone's second Ethernet "
                   "port." },

  /* ---- Provisioning and firmware -------------------------------------- */

  /* Compared with the running image at boot only (UP-06). */
  { .name = "image_version", .type = DESK_CONFIG_TYPE_STRING,
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Firmware image the phone must run, without the .bin "
                   "extension." },
  /* Used when the files are next fetched, which is at boot (M-19). */
  { .name = "tftp_cfg_dir", .type = DESK_CONFIG_TYPE_STRING,
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "TFTP directory that holds the phone-specific "
                   "configuration files." },
  /* UP-13: "The default synchronization level for the phone is 1". */
  { .name = "sync", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "1", .max = 32,
    .description = "Value compared with syncinfo.xml on a check-sync "
                   "NOTIFY to decide on a remote reboot." },

  /* ---- User interface and services ------------------------------------ */

  /* Table 3-4 puts it in SIP<MAC>.cnf, but P-32 restricts only line and
   * user parameters to that file, so no DEVICE_ONLY. */
  { .name = "phone_label", .type = DESK_CONFIG_TYPE_STRING,
    .max = 11,
    .description = "Text on the top status line of the display; no "
                   "effect on SIP." },
  /* Only English exists (MP-34).  Restart: strings load at start-up. */
  { .name = "language", .type = DESK_CONFIG_TYPE_ENUM,
    .choices = "English",
    .flags = DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Language of the phone's display texts." },
  { .name = "services_url", .type = DESK_CONFIG_TYPE_STRING,
    .description = "URL of the XML services menu opened by the Services "
                   "key." },
  { .name = "directory_url", .type = DESK_CONFIG_TYPE_STRING,
    .description = "URL of the external XML directory." },
  { .name = "logo_url", .type = DESK_CONFIG_TYPE_STRING,
    .description = "URL of the logo bitmap shown on the idle display." },

  /* ---- Telnet and console --------------------------------------------- */

  { .name = "telnet_level", .type = DESK_CONFIG_TYPE_INT,
    .default_value = "0", .min = 0, .max = 2,
    .description = "Telnet access: 0 off, 1 on without privileged "
                   "commands, 2 on with privileged commands." },
  /* 31 characters: blog 8.3 (sibling 3.1); Release 4.4 gives no limit. */
  { .name = "phone_password", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "cisco", .max = 31,
    .flags = DESK_CONFIG_FLAG_SECRET,
    .description = "Password for Telnet and console login and for "
                   "unlocking the settings." },
  { .name = "phone_prompt", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "SIP Phone",
    .description = "Prompt shown in Telnet and console sessions." },

  /* ---- deskphone extensions (INTERFACE.md) ---------------------------- */

  { .name = "auto_answer", .type = DESK_CONFIG_TYPE_BOOL,
    .default_value = "0", .flags = DESK_CONFIG_FLAG_EXTENSION,
    .description = "Whether incoming calls are answered at once." },
  { .name = "lineN_auto_answer", .type = DESK_CONFIG_TYPE_BOOL,
    .fallback = "auto_answer",
    .flags = LINE_FLAGS | DESK_CONFIG_FLAG_EXTENSION,
    .description = "Whether calls to this line are answered at once; "
                   "auto_answer applies when unset." },
  { .name = "virtual_audio_source", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "silence", .flags = DESK_CONFIG_FLAG_EXTENSION,
    .description = "What the virtual microphone sends: tone:HZ, silence "
                   "or the path of a WAV file." },
  { .name = "virtual_audio_sink", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = "null", .flags = DESK_CONFIG_FLAG_EXTENSION,
    .description = "Where the virtual speaker output goes: the path of a "
                   "WAV file, or null to drop it." },
  /* Restart: listeners are bound when their plugin starts (unsure
   * whether the plugins will rebind on change; restart is the safe
   * claim). */
  { .name = "control_bind", .type = DESK_CONFIG_TYPE_HOST,
    .default_value = "127.0.0.1",
    .flags = DESK_CONFIG_FLAG_EXTENSION | DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Local address the network control listener binds "
                   "to." },
  { .name = "sip_bind_address", .type = DESK_CONFIG_TYPE_HOST,
    .default_value = NULL,
    .flags = DESK_CONFIG_FLAG_EXTENSION | DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Local address SIP listens on (UDP and TCP, port "
                   "voip_control_port); empty listens on every address." },
  { .name = "sip_transport", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "udp", .choices = "udp|tcp|tls",
    .flags = DESK_CONFIG_FLAG_EXTENSION,
    .description = "Transport used to reach the proxies and registrars "
                   "(the 7960 knew only UDP)." },
  { .name = "sip_transfer_method", .type = DESK_CONFIG_TYPE_ENUM,
    .default_value = "refer", .choices = "refer|bye-also",
    .flags = DESK_CONFIG_FLAG_EXTENSION,
    .description = "How a blind transfer is sent: REFER (RFC 3515) or the 7960's "
                   "BYE with Also (RFC 2543); both are always understood." },
  { .name = "sip_tls_ca_file", .type = DESK_CONFIG_TYPE_STRING,
    .default_value = NULL,
    .flags = DESK_CONFIG_FLAG_EXTENSION | DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "PEM file of the CA certificates trusted for SIP over TLS "
                   "(a private PBX's CA); empty trusts the system's CAs." },
  { .name = "telnet_bind", .type = DESK_CONFIG_TYPE_HOST,
    .default_value = "127.0.0.1",
    .flags = DESK_CONFIG_FLAG_EXTENSION | DESK_CONFIG_FLAG_NEEDS_RESTART,
    .description = "Local address the Telnet CLI listens on." },

  { NULL }
};

const DeskConfigParam *
desk_config_schema (void)
{
  return schema;
}
