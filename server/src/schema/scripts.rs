//! The text of the migrations, each a script of idempotent statements. The lists of names their
//! `ASSERT`s accept are built from the code that owns them, never written out by hand.
use app::domain::followup::{Moment, SITUATIONS};
use app::domain::lifecycle::MEETING_MODES;
use app::domain::notices::{NoticeKind, MAIL_STATES};
use app::domain::privacy::PERSON_KINDS;
use app::domain::privacy::{CONSENT_KINDS, ELIGIBILITY_CRITERIA};
use app::domain::reference::OFFICES;
use app::domain::sessions::SESSION_KINDS;
use app::domain::states::{DuoState, MenteeState, MentorState};
use app::model::Role;

/// Names as a SurrealQL array, `["a", "b"]`: what an `ASSERT $value IN` accepts.
pub(super) fn one_of<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = names.into_iter().map(|n| format!("\"{n}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The board's core tables: people, duos, their events, accounts and sessions, and the offices.
pub(super) fn v1() -> String {
    format!(
        r#"
DEFINE TABLE IF NOT EXISTS office SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS slug ON office TYPE string;
DEFINE FIELD IF NOT EXISTS active ON office TYPE bool DEFAULT true;
DEFINE INDEX IF NOT EXISTS office_slug ON office FIELDS slug UNIQUE;

DEFINE TABLE IF NOT EXISTS mentee SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS first_name ON mentee TYPE string ASSERT string::len($value) > 0;
DEFINE FIELD IF NOT EXISTS last_name ON mentee TYPE string ASSERT string::len($value) > 0;
DEFINE FIELD IF NOT EXISTS office ON mentee TYPE string ASSERT $value IN {offices};
DEFINE FIELD IF NOT EXISTS languages ON mentee TYPE array<string>;
DEFINE FIELD IF NOT EXISTS sectors ON mentee TYPE array<string>;
DEFINE FIELD IF NOT EXISTS state ON mentee TYPE string ASSERT $value IN {mentee_states};
DEFINE FIELD IF NOT EXISTS email ON mentee TYPE option<string>;
DEFINE FIELD IF NOT EXISTS phone ON mentee TYPE option<string>;
DEFINE FIELD IF NOT EXISTS waiting_since ON mentee TYPE option<datetime>;
DEFINE FIELD IF NOT EXISTS duo ON mentee TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_at ON mentee TYPE datetime;
DEFINE FIELD IF NOT EXISTS updated_at ON mentee TYPE datetime;
DEFINE FIELD IF NOT EXISTS version ON mentee TYPE int;
DEFINE INDEX IF NOT EXISTS mentee_office_state ON mentee FIELDS office, state;

DEFINE TABLE IF NOT EXISTS mentor SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS first_name ON mentor TYPE string ASSERT string::len($value) > 0;
DEFINE FIELD IF NOT EXISTS last_name ON mentor TYPE string ASSERT string::len($value) > 0;
DEFINE FIELD IF NOT EXISTS office ON mentor TYPE string ASSERT $value IN {offices};
DEFINE FIELD IF NOT EXISTS languages ON mentor TYPE array<string>;
DEFINE FIELD IF NOT EXISTS sectors ON mentor TYPE array<string>;
DEFINE FIELD IF NOT EXISTS state ON mentor TYPE string ASSERT $value IN {mentor_states};
DEFINE FIELD IF NOT EXISTS capacity ON mentor TYPE int ASSERT $value >= 1 AND $value <= 5;
DEFINE FIELD IF NOT EXISTS load ON mentor TYPE int ASSERT $value >= 0;
DEFINE FIELD IF NOT EXISTS email ON mentor TYPE option<string>;
DEFINE FIELD IF NOT EXISTS phone ON mentor TYPE option<string>;
DEFINE FIELD IF NOT EXISTS available_since ON mentor TYPE option<datetime>;
DEFINE FIELD IF NOT EXISTS created_at ON mentor TYPE datetime;
DEFINE FIELD IF NOT EXISTS updated_at ON mentor TYPE datetime;
DEFINE FIELD IF NOT EXISTS version ON mentor TYPE int;
DEFINE INDEX IF NOT EXISTS mentor_office_state ON mentor FIELDS office, state;

DEFINE TABLE IF NOT EXISTS duo SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS mentee ON duo TYPE record<mentee>;
DEFINE FIELD IF NOT EXISTS mentor ON duo TYPE record<mentor>;
DEFINE FIELD IF NOT EXISTS office ON duo TYPE string;
DEFINE FIELD IF NOT EXISTS state ON duo TYPE string ASSERT $value IN {duo_states};
DEFINE FIELD IF NOT EXISTS created_at ON duo TYPE datetime;
DEFINE FIELD IF NOT EXISTS updated_at ON duo TYPE datetime;
DEFINE FIELD IF NOT EXISTS created_by ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS version ON duo TYPE int;
DEFINE INDEX IF NOT EXISTS duo_office_state ON duo FIELDS office, state;
DEFINE INDEX IF NOT EXISTS duo_mentee ON duo FIELDS mentee;
DEFINE INDEX IF NOT EXISTS duo_mentor ON duo FIELDS mentor;

DEFINE TABLE IF NOT EXISTS duo_event SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS duo ON duo_event TYPE string;
DEFINE FIELD IF NOT EXISTS kind ON duo_event TYPE string;
DEFINE FIELD IF NOT EXISTS from_state ON duo_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS to_state ON duo_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS actor ON duo_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS at ON duo_event TYPE datetime;
DEFINE INDEX IF NOT EXISTS duo_event_duo ON duo_event FIELDS duo;

DEFINE TABLE IF NOT EXISTS user SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS email ON user TYPE string;
DEFINE FIELD IF NOT EXISTS display_name ON user TYPE string;
DEFINE FIELD IF NOT EXISTS role ON user TYPE string ASSERT $value IN {roles};
DEFINE FIELD IF NOT EXISTS offices ON user TYPE array<string>;
DEFINE FIELD IF NOT EXISTS mentor ON user TYPE option<string>;
DEFINE FIELD IF NOT EXISTS password_hash ON user TYPE string;
DEFINE FIELD IF NOT EXISTS disabled ON user TYPE bool;
DEFINE FIELD IF NOT EXISTS created_at ON user TYPE datetime;
DEFINE INDEX IF NOT EXISTS user_email ON user FIELDS email UNIQUE;

DEFINE TABLE IF NOT EXISTS session SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS user ON session TYPE record<user>;
DEFINE FIELD IF NOT EXISTS created_at ON session TYPE datetime;
DEFINE FIELD IF NOT EXISTS expires_at ON session TYPE datetime;

FOR $slug IN {offices} {{
    UPSERT type::record("office", $slug) SET slug = $slug, active = true;
}};
"#,
        offices = one_of(OFFICES),
        mentee_states = one_of(MenteeState::ALL.iter().map(|s| s.as_str())),
        mentor_states = one_of(MentorState::ALL.iter().map(|s| s.as_str())),
        duo_states = one_of(DuoState::ALL.iter().map(|s| s.as_str())),
        roles = one_of(Role::ALL.iter().map(|r| r.as_str())),
    )
}

/// Every committed change also writes a `change` row in the same transaction (an outbox). Its
/// change feed lets every app instance on the same database announce the changes made by the
/// others (SurrealDB change feeds work on every engine, unlike LIVE SELECT on a cluster).
pub(super) const V2: &str = r#"
DEFINE TABLE IF NOT EXISTS change SCHEMAFULL CHANGEFEED 1h;
DEFINE FIELD IF NOT EXISTS kind ON change TYPE string;
DEFINE FIELD IF NOT EXISTS office ON change TYPE string;
DEFINE FIELD IF NOT EXISTS ids ON change TYPE array<string>;
DEFINE FIELD IF NOT EXISTS actor ON change TYPE option<string>;
DEFINE FIELD IF NOT EXISTS origin ON change TYPE string;
DEFINE FIELD IF NOT EXISTS at ON change TYPE datetime;
DEFINE INDEX IF NOT EXISTS change_at ON change FIELDS at;
"#;

/// What matching needs (DESIGN §5), recorded at intake on both sides, and each office's weights.
/// No field records origin, nationality or birthplace.
pub(super) const V3: &str = r#"
DEFINE FIELD IF NOT EXISTS profile ON mentee TYPE object DEFAULT {};
DEFINE FIELD IF NOT EXISTS profile ON mentor TYPE object DEFAULT {};
DEFINE FIELD IF NOT EXISTS profile.career_plan ON mentee TYPE bool DEFAULT false;
DEFINE FIELD IF NOT EXISTS profile.generalist ON mentee TYPE bool DEFAULT false;
DEFINE FIELD IF NOT EXISTS profile.years_experience ON mentee TYPE option<int>;
DEFINE FIELD IF NOT EXISTS profile.support ON mentee TYPE array<string> DEFAULT [];
DEFINE FIELD IF NOT EXISTS profile.availability ON mentee TYPE int DEFAULT 0;
DEFINE FIELD IF NOT EXISTS profile.postcode ON mentee TYPE option<string>;
DEFINE FIELD IF NOT EXISTS profile.online ON mentee TYPE bool DEFAULT false;
DEFINE FIELD IF NOT EXISTS profile.gender ON mentee TYPE option<string>;
DEFINE FIELD IF NOT EXISTS profile.gender_wish ON mentee TYPE option<string>;
DEFINE FIELD IF NOT EXISTS profile.career_plan ON mentor TYPE bool DEFAULT false;
DEFINE FIELD IF NOT EXISTS profile.generalist ON mentor TYPE bool DEFAULT false;
DEFINE FIELD IF NOT EXISTS profile.years_experience ON mentor TYPE option<int>;
DEFINE FIELD IF NOT EXISTS profile.support ON mentor TYPE array<string> DEFAULT [];
DEFINE FIELD IF NOT EXISTS profile.availability ON mentor TYPE int DEFAULT 0;
DEFINE FIELD IF NOT EXISTS profile.postcode ON mentor TYPE option<string>;
DEFINE FIELD IF NOT EXISTS profile.online ON mentor TYPE bool DEFAULT false;
DEFINE FIELD IF NOT EXISTS profile.gender ON mentor TYPE option<string>;
DEFINE FIELD IF NOT EXISTS profile.gender_wish ON mentor TYPE option<string>;
UPDATE mentee SET profile = {} WHERE profile IS NONE;
UPDATE mentor SET profile = {} WHERE profile IS NONE;
DEFINE FIELD IF NOT EXISTS match_weights ON office TYPE option<object>;
DEFINE FIELD IF NOT EXISTS match_weights.sector ON office TYPE int;
DEFINE FIELD IF NOT EXISTS match_weights.support ON office TYPE int;
DEFINE FIELD IF NOT EXISTS match_weights.availability ON office TYPE int;
DEFINE FIELD IF NOT EXISTS match_weights.distance ON office TYPE int;
DEFINE FIELD IF NOT EXISTS match_weights.languages ON office TYPE int;
DEFINE FIELD IF NOT EXISTS match_weights.waiting ON office TYPE int;
"#;

/// A duo's life after the board: the days of its steps, why it ended, a richer timeline, and
/// meetings (each with the client's idempotency key, unique per duo, so a retry makes one).
pub(super) fn v4() -> String {
    format!(
        r#"
DEFINE FIELD IF NOT EXISTS intro_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS intro_place ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS intro_held_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS agreed_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS started_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS ended_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS end_reason ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS closed_as ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS reason ON duo_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS note ON duo_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS date ON duo_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS place ON duo_event TYPE option<string>;
DEFINE INDEX IF NOT EXISTS duo_event_at ON duo_event FIELDS duo, at;

DEFINE TABLE IF NOT EXISTS meeting SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS duo ON meeting TYPE string;
DEFINE FIELD IF NOT EXISTS office ON meeting TYPE string;
DEFINE FIELD IF NOT EXISTS date ON meeting TYPE string;
DEFINE FIELD IF NOT EXISTS minutes ON meeting TYPE int ASSERT $value >= 5 AND $value <= 600;
DEFINE FIELD IF NOT EXISTS mode ON meeting TYPE string ASSERT $value IN {modes};
DEFINE FIELD IF NOT EXISTS topics ON meeting TYPE array<string>;
DEFINE FIELD IF NOT EXISTS note ON meeting TYPE option<string>;
DEFINE FIELD IF NOT EXISTS key ON meeting TYPE string;
DEFINE FIELD IF NOT EXISTS logged_by ON meeting TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_at ON meeting TYPE datetime;
DEFINE INDEX IF NOT EXISTS meeting_key ON meeting FIELDS duo, key UNIQUE;
DEFINE INDEX IF NOT EXISTS meeting_duo_date ON meeting FIELDS duo, date;
"#,
        modes = one_of(MEETING_MODES),
    )
}

/// Following a duo: its career action plan (goals with steps), scheduled check-ins, and the
/// mentee's outcomes (one per moment: end, 6 and 12 months).
pub(super) fn v5() -> String {
    format!(
        r#"
DEFINE TABLE IF NOT EXISTS goal SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS duo ON goal TYPE string;
DEFINE FIELD IF NOT EXISTS office ON goal TYPE string;
DEFINE FIELD IF NOT EXISTS title ON goal TYPE string ASSERT string::len($value) > 0;
DEFINE FIELD IF NOT EXISTS steps ON goal TYPE array<object>;
DEFINE FIELD IF NOT EXISTS steps[*].text ON goal TYPE string;
DEFINE FIELD IF NOT EXISTS steps[*].done ON goal TYPE bool;
DEFINE FIELD IF NOT EXISTS steps[*].done_on ON goal TYPE option<string>;
DEFINE FIELD IF NOT EXISTS steps[*].done_by ON goal TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_at ON goal TYPE datetime;
DEFINE FIELD IF NOT EXISTS version ON goal TYPE int;
DEFINE INDEX IF NOT EXISTS goal_duo ON goal FIELDS duo;

DEFINE TABLE IF NOT EXISTS checkin SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS duo ON checkin TYPE string;
DEFINE FIELD IF NOT EXISTS office ON checkin TYPE string;
DEFINE FIELD IF NOT EXISTS due_on ON checkin TYPE string;
DEFINE FIELD IF NOT EXISTS done_on ON checkin TYPE option<string>;
DEFINE FIELD IF NOT EXISTS mood ON checkin TYPE option<string>;
DEFINE FIELD IF NOT EXISTS note ON checkin TYPE option<string>;
DEFINE FIELD IF NOT EXISTS done_by ON checkin TYPE option<string>;
DEFINE INDEX IF NOT EXISTS checkin_duo ON checkin FIELDS duo;
DEFINE INDEX IF NOT EXISTS checkin_office ON checkin FIELDS office, done_on;

DEFINE TABLE IF NOT EXISTS outcome SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS duo ON outcome TYPE string;
DEFINE FIELD IF NOT EXISTS mentee ON outcome TYPE string;
DEFINE FIELD IF NOT EXISTS office ON outcome TYPE string;
DEFINE FIELD IF NOT EXISTS moment ON outcome TYPE string ASSERT $value IN {moments};
DEFINE FIELD IF NOT EXISTS situation ON outcome TYPE string ASSERT $value IN {situations};
DEFINE FIELD IF NOT EXISTS stable ON outcome TYPE option<bool>;
DEFINE FIELD IF NOT EXISTS date ON outcome TYPE string;
DEFINE FIELD IF NOT EXISTS note ON outcome TYPE option<string>;
DEFINE FIELD IF NOT EXISTS recorded_by ON outcome TYPE option<string>;
DEFINE FIELD IF NOT EXISTS recorded_at ON outcome TYPE datetime;
DEFINE INDEX IF NOT EXISTS outcome_moment ON outcome FIELDS duo, moment UNIQUE;
DEFINE INDEX IF NOT EXISTS outcome_office ON outcome FIELDS office;

DEFINE TABLE IF NOT EXISTS intervision SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS office ON intervision TYPE string;
DEFINE FIELD IF NOT EXISTS date ON intervision TYPE string;
DEFINE FIELD IF NOT EXISTS time ON intervision TYPE option<string>;
DEFINE FIELD IF NOT EXISTS place ON intervision TYPE string;
DEFINE FIELD IF NOT EXISTS topic ON intervision TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_at ON intervision TYPE datetime;
DEFINE INDEX IF NOT EXISTS intervision_office ON intervision FIELDS office, date;
"#,
        moments = one_of(Moment::ALL.iter().map(|m| m.as_str())),
        situations = one_of(SITUATIONS),
    )
}

/// What the programme's figures need without scanning every meeting: each duo keeps the day of
/// its last meeting and when its mentee joined the waiting list; admins set yearly targets.
pub(super) const V6: &str = r#"
DEFINE FIELD IF NOT EXISTS last_meeting_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS waited_since ON duo TYPE option<datetime>;
UPDATE duo SET last_meeting_on = (SELECT VALUE date FROM meeting WHERE duo = record::id($parent.id) ORDER BY date DESC LIMIT 1)[0] WHERE last_meeting_on = NONE;

DEFINE TABLE IF NOT EXISTS target SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS year ON target TYPE int;
DEFINE FIELD IF NOT EXISTS office ON target TYPE string;
DEFINE FIELD IF NOT EXISTS mentees ON target TYPE int ASSERT $value >= 0;
DEFINE FIELD IF NOT EXISTS mentors ON target TYPE int ASSERT $value >= 0;
DEFINE INDEX IF NOT EXISTS target_year_office ON target FIELDS year, office UNIQUE;
"#;

/// Data protection (DESIGN §6): separate dated consents; the verified eligibility criterion (never
/// an origin); an append-only audit log that the database itself refuses to change; single-use
/// invitation and reset links kept as hashes; sign-in failure counters; the retention setting.
pub(super) fn v7() -> String {
    format!(
        r#"
DEFINE FIELD IF NOT EXISTS eligibility ON mentee TYPE option<object>;
DEFINE FIELD IF NOT EXISTS eligibility.criterion ON mentee TYPE string ASSERT $value IN {criteria};
DEFINE FIELD IF NOT EXISTS eligibility.verified_by ON mentee TYPE string;
DEFINE FIELD IF NOT EXISTS eligibility.verified_on ON mentee TYPE string;
DEFINE FIELD IF NOT EXISTS withdrawn_on ON mentee TYPE option<string>;
DEFINE FIELD IF NOT EXISTS anonymised_at ON mentee TYPE option<datetime>;
DEFINE FIELD IF NOT EXISTS withdrawn_on ON mentor TYPE option<string>;
DEFINE FIELD IF NOT EXISTS anonymised_at ON mentor TYPE option<datetime>;

DEFINE TABLE IF NOT EXISTS consent SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS person ON consent TYPE string;
DEFINE FIELD IF NOT EXISTS office ON consent TYPE string;
DEFINE FIELD IF NOT EXISTS kind ON consent TYPE string ASSERT $value IN {consent_kinds};
DEFINE FIELD IF NOT EXISTS given ON consent TYPE bool;
DEFINE FIELD IF NOT EXISTS notice_version ON consent TYPE string;
DEFINE FIELD IF NOT EXISTS recorded_by ON consent TYPE string;
DEFINE FIELD IF NOT EXISTS at ON consent TYPE datetime;
DEFINE INDEX IF NOT EXISTS consent_person ON consent FIELDS person, at;

DEFINE TABLE IF NOT EXISTS audit SCHEMAFULL PERMISSIONS FOR select, create FULL, FOR update, delete NONE;
DEFINE FIELD IF NOT EXISTS at ON audit TYPE datetime READONLY;
DEFINE FIELD IF NOT EXISTS actor ON audit TYPE option<string> READONLY;
DEFINE FIELD IF NOT EXISTS actor_email ON audit TYPE option<string> READONLY;
DEFINE FIELD IF NOT EXISTS role ON audit TYPE string READONLY;
DEFINE FIELD IF NOT EXISTS action ON audit TYPE string READONLY;
DEFINE FIELD IF NOT EXISTS record ON audit TYPE string READONLY;
DEFINE FIELD IF NOT EXISTS fields ON audit TYPE array<string> READONLY;
DEFINE FIELD IF NOT EXISTS from ON audit TYPE string READONLY;
DEFINE INDEX IF NOT EXISTS audit_record ON audit FIELDS record, at;
DEFINE INDEX IF NOT EXISTS audit_actor ON audit FIELDS actor, at;
DEFINE INDEX IF NOT EXISTS audit_at ON audit FIELDS at;
DEFINE EVENT IF NOT EXISTS audit_append_only ON audit WHEN $event != "CREATE" THEN {{
    THROW "the audit log is append-only";
}};

DEFINE TABLE IF NOT EXISTS account_link SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS purpose ON account_link TYPE string ASSERT $value IN ["invitation", "reset"];
DEFINE FIELD IF NOT EXISTS email ON account_link TYPE string;
DEFINE FIELD IF NOT EXISTS role ON account_link TYPE option<string>;
DEFINE FIELD IF NOT EXISTS offices ON account_link TYPE array<string> DEFAULT [];
DEFINE FIELD IF NOT EXISTS mentor ON account_link TYPE option<string>;
DEFINE FIELD IF NOT EXISTS display_name ON account_link TYPE option<string>;
DEFINE FIELD IF NOT EXISTS user ON account_link TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_by ON account_link TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_at ON account_link TYPE datetime;
DEFINE FIELD IF NOT EXISTS expires_at ON account_link TYPE datetime;
DEFINE FIELD IF NOT EXISTS used_at ON account_link TYPE option<datetime>;

DEFINE TABLE IF NOT EXISTS throttle SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS failures ON throttle TYPE int;
DEFINE FIELD IF NOT EXISTS last_at ON throttle TYPE datetime;

DEFINE FIELD IF NOT EXISTS from ON session TYPE option<string>;
DEFINE INDEX IF NOT EXISTS session_user ON session FIELDS user;

DEFINE TABLE IF NOT EXISTS setting SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS retention_months ON setting TYPE option<int>;
DEFINE FIELD IF NOT EXISTS updated_at ON setting TYPE datetime;
"#,
        criteria = one_of(ELIGIBILITY_CRITERIA),
        consent_kinds = one_of(CONSENT_KINDS),
    )
}

/// Sign-in throttling: the time of a counter's previous failure, so that a sign-in that turns out
/// right (or is never checked) gives the counter back its age as well as its count.
pub(super) const V8: &str = r#"
DEFINE FIELD IF NOT EXISTS prev_at ON throttle TYPE option<datetime>;
"#;

/// A person's own steps (intake, eligibility, training, breaks, withdrawal) and the directory:
/// mentors may withdraw; each person knows since when they are in their state (set by the
/// database on every change of state, whoever makes it); a search key folds case and accents
/// (`string::slug`) and keeps a phone number's digits; and each step has its timeline row.
pub(super) fn v9() -> String {
    format!(
        r#"
DEFINE FIELD OVERWRITE state ON mentor TYPE string ASSERT $value IN {mentor_states};
{per_table}
DEFINE TABLE IF NOT EXISTS person_event SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS person ON person_event TYPE string;
DEFINE FIELD IF NOT EXISTS office ON person_event TYPE string;
DEFINE FIELD IF NOT EXISTS kind ON person_event TYPE string;
DEFINE FIELD IF NOT EXISTS from_state ON person_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS to_state ON person_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS reason ON person_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS note ON person_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS date ON person_event TYPE string;
DEFINE FIELD IF NOT EXISTS actor ON person_event TYPE option<string>;
DEFINE FIELD IF NOT EXISTS at ON person_event TYPE datetime;
DEFINE INDEX IF NOT EXISTS person_event_person ON person_event FIELDS person, at;
"#,
        mentor_states = one_of(MentorState::ALL.iter().map(|s| s.as_str())),
        per_table = ["mentee", "mentor"]
            .iter()
            .map(|t| person_v9(t))
            .collect::<String>(),
    )
}

fn person_v9(table: &str) -> String {
    let since = if table == "mentee" {
        "waiting_since"
    } else {
        "available_since"
    };
    format!(
        r#"
DEFINE FIELD IF NOT EXISTS state_since ON {table} TYPE datetime DEFAULT time::now();
DEFINE FIELD IF NOT EXISTS note ON {table} TYPE option<string>;
DEFINE FIELD IF NOT EXISTS updated_by ON {table} TYPE option<string>;
DEFINE EVENT IF NOT EXISTS {table}_state_since ON {table}
    WHEN $event = "UPDATE" AND $before.state != $after.state
    THEN {{ UPDATE $after.id SET state_since = time::now() }};
DEFINE FIELD IF NOT EXISTS search ON {table} TYPE string
    VALUE string::slug(string::join(' ', first_name, last_name, email ?? ''))
        + ' ' + string::replace(string::slug(phone ?? ''), '-', '');
DEFINE INDEX IF NOT EXISTS {table}_office_since ON {table} FIELDS office, state_since;
DEFINE INDEX IF NOT EXISTS {table}_office_name ON {table} FIELDS office, last_name, first_name;
UPDATE {table} SET state_since = {since} ?? updated_at ?? created_at;
"#
    )
}

/// Information sessions and the mentor training: each office's modules (set by an
/// administrator, retired rather than deleted so past attendance keeps its meaning), its
/// sessions, who is registered for each and who came; a mentor's training counter guards the
/// automatic step to `available` against two attendances recorded at once.
pub(super) fn v10() -> String {
    format!(
        r#"
DEFINE TABLE IF NOT EXISTS training_module SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS office ON training_module TYPE string ASSERT $value IN {offices};
DEFINE FIELD IF NOT EXISTS title ON training_module TYPE string;
DEFINE FIELD IF NOT EXISTS position ON training_module TYPE int;
DEFINE FIELD IF NOT EXISTS active ON training_module TYPE bool DEFAULT true;
DEFINE INDEX IF NOT EXISTS training_module_office ON training_module FIELDS office, position;

DEFINE TABLE IF NOT EXISTS office_session SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS office ON office_session TYPE string ASSERT $value IN {offices};
DEFINE FIELD IF NOT EXISTS kind ON office_session TYPE string ASSERT $value IN {session_kinds};
DEFINE FIELD IF NOT EXISTS module ON office_session TYPE option<string>;
DEFINE FIELD IF NOT EXISTS date ON office_session TYPE string;
DEFINE FIELD IF NOT EXISTS start_time ON office_session TYPE option<string>;
DEFINE FIELD IF NOT EXISTS place ON office_session TYPE string;
DEFINE FIELD IF NOT EXISTS created_by ON office_session TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_at ON office_session TYPE datetime;
DEFINE INDEX IF NOT EXISTS office_session_office_date ON office_session FIELDS office, date;

DEFINE TABLE IF NOT EXISTS attendance SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS session ON attendance TYPE string;
DEFINE FIELD IF NOT EXISTS person ON attendance TYPE string;
DEFINE FIELD IF NOT EXISTS person_kind ON attendance TYPE string ASSERT $value IN {person_kinds};
DEFINE FIELD IF NOT EXISTS person_key ON attendance TYPE string;
DEFINE FIELD IF NOT EXISTS office ON attendance TYPE string;
DEFINE FIELD IF NOT EXISTS present ON attendance TYPE option<bool>;
DEFINE FIELD IF NOT EXISTS recorded_by ON attendance TYPE option<string>;
DEFINE FIELD IF NOT EXISTS at ON attendance TYPE datetime;
DEFINE INDEX IF NOT EXISTS attendance_session ON attendance FIELDS session;
DEFINE INDEX IF NOT EXISTS attendance_person ON attendance FIELDS person;

DEFINE FIELD IF NOT EXISTS training_seq ON mentor TYPE int DEFAULT 0;
UPDATE mentor SET training_seq = 0 WHERE training_seq = NONE;
"#,
        offices = one_of(OFFICES),
        session_kinds = one_of(SESSION_KINDS.iter().map(|k| k.as_str())),
        person_kinds = one_of(PERSON_KINDS.iter().map(|k| k.table())),
    )
}

/// The directory at office scale: each view of an office's people is one range of an index,
/// read in the order asked and counted without reading the people (see `people/directory.rs`).
/// `listed` is the office of a person one looks for (none once anonymised), so that one
/// equality leads every index; `created_rank` orders the newest first in a forward scan (a
/// backward scan reads far more); each sector and language is indexed; and a search finds
/// parts of words through a full-text index of every piece of 2 to 20 letters or digits of the
/// search key (`ngram(2, 20)`: `domain::directory::INDEXED_PIECE`, the pieces `word_lookup` asks for).
pub(super) fn v11() -> String {
    let per_table: String = ["mentee", "mentor"]
        .iter()
        .map(|table| {
            format!(
                r#"
DEFINE FIELD IF NOT EXISTS listed ON {table} TYPE option<string>
    VALUE IF anonymised_at = NONE {{ office }} ELSE {{ NONE }};
DEFINE FIELD IF NOT EXISTS created_rank ON {table} TYPE int VALUE 0 - time::nano(created_at);
REMOVE INDEX IF EXISTS {table}_office_name ON {table};
REMOVE INDEX IF EXISTS {table}_office_since ON {table};
UPDATE {table} RETURN NONE;
DEFINE INDEX IF NOT EXISTS {table}_listed_name ON {table} FIELDS listed, last_name, first_name;
DEFINE INDEX IF NOT EXISTS {table}_listed_since ON {table} FIELDS listed, state_since;
DEFINE INDEX IF NOT EXISTS {table}_listed_recent ON {table} FIELDS listed, created_rank;
DEFINE INDEX IF NOT EXISTS {table}_listed_state ON {table} FIELDS listed, state, state_since;
DEFINE INDEX IF NOT EXISTS {table}_each_sector ON {table} FIELDS sectors.*;
DEFINE INDEX IF NOT EXISTS {table}_each_language ON {table} FIELDS languages.*;
DEFINE INDEX IF NOT EXISTS {table}_search_pieces ON {table} FIELDS search FULLTEXT ANALYZER person_search;
"#
            )
        })
        .collect();
    // Written out, not built from `INDEXED_PIECE`: a database keeps the analyzer it was given,
    // so a change of the constant needs a migration that rebuilds the index (a test holds the
    // two together).
    format!(
        r#"
DEFINE ANALYZER IF NOT EXISTS person_search TOKENIZERS blank, class, punct FILTERS ascii, lowercase, ngram(2, 20);
{per_table}"#
    )
}

/// Drafts and what a mentor says after a duo closes (`domain::comeback`): the day the matching
/// meeting proposed a duo, the mentor's answer and its day on the duo, and the end of a pause on
/// the mentor, indexed for the task that brings them back.
pub(super) const V12: &str = r#"
DEFINE FIELD IF NOT EXISTS proposed_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS mentor_next ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS mentor_next_on ON duo TYPE option<string>;
DEFINE FIELD IF NOT EXISTS paused_until ON mentor TYPE option<string>;
DEFINE INDEX IF NOT EXISTS mentor_paused_until ON mentor FIELDS state, paused_until;
"#;

/// Notifications (`domain::notices`): one row per notice and recipient, unique by its key so a
/// sweep run twice (or on two instances) makes it once; the inbox reads it by user, the mail
/// sender by state and next try. A person's language for emails and the kinds they turned off.
/// The mentee's own voice (`domain::voice`): single-use links, keyed by their token's hash, and
/// what the mentee answered, until a coordinator confirms it as the outcome.
pub(super) fn v13() -> String {
    let kinds = one_of(NoticeKind::ALL.iter().map(|k| k.as_str()));
    let mail = one_of(MAIL_STATES);
    let moments = one_of(Moment::ALL.iter().map(|m| m.as_str()));
    let situations = one_of(app::domain::voice::self_situations());
    format!(
        r#"
DEFINE TABLE IF NOT EXISTS notice SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS key ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS kind ON notice TYPE string ASSERT $value IN {kinds};
DEFINE FIELD IF NOT EXISTS office ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS duo ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS recipient ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS user ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS language ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS name ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS date ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS place ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS days ON notice TYPE option<int>;
DEFINE FIELD IF NOT EXISTS moment ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS lines ON notice TYPE array<object> DEFAULT [];
DEFINE FIELD IF NOT EXISTS lines.*.duo ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS lines.*.mentee_name ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS lines.*.mentor_name ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS lines.*.state ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS lines.*.alert ON notice TYPE object;
DEFINE FIELD IF NOT EXISTS lines.*.alert.kind ON notice TYPE string;
DEFINE FIELD IF NOT EXISTS lines.*.alert.days ON notice TYPE option<int>;
DEFINE FIELD IF NOT EXISTS lines.*.alert.due ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS lines.*.alert.planned ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS lines.*.alert.moment ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS mail ON notice TYPE string ASSERT $value IN {mail};
DEFINE FIELD IF NOT EXISTS attempts ON notice TYPE int DEFAULT 0;
DEFINE FIELD IF NOT EXISTS next_try ON notice TYPE datetime;
DEFINE FIELD IF NOT EXISTS claimed_by ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS claimed_until ON notice TYPE option<datetime>;
DEFINE FIELD IF NOT EXISTS error ON notice TYPE option<string>;
DEFINE FIELD IF NOT EXISTS sent_at ON notice TYPE option<datetime>;
DEFINE FIELD IF NOT EXISTS read_at ON notice TYPE option<datetime>;
DEFINE FIELD IF NOT EXISTS created_at ON notice TYPE datetime;
DEFINE INDEX IF NOT EXISTS notice_key ON notice FIELDS key UNIQUE;
DEFINE INDEX IF NOT EXISTS notice_user ON notice FIELDS user, created_at;
DEFINE INDEX IF NOT EXISTS notice_mail ON notice FIELDS mail, next_try;
DEFINE INDEX IF NOT EXISTS notice_duo ON notice FIELDS duo;
DEFINE FIELD IF NOT EXISTS language ON user TYPE option<string>;
DEFINE FIELD IF NOT EXISTS mail_off ON user TYPE array<string> DEFAULT [];
DEFINE TABLE IF NOT EXISTS voice_link SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS duo ON voice_link TYPE string;
DEFINE FIELD IF NOT EXISTS office ON voice_link TYPE string;
DEFINE FIELD IF NOT EXISTS moment ON voice_link TYPE string ASSERT $value IN {moments};
DEFINE FIELD IF NOT EXISTS created_at ON voice_link TYPE datetime;
DEFINE FIELD IF NOT EXISTS expires_at ON voice_link TYPE datetime;
DEFINE FIELD IF NOT EXISTS used_at ON voice_link TYPE option<datetime>;
DEFINE INDEX IF NOT EXISTS voice_link_duo ON voice_link FIELDS duo, moment;
DEFINE TABLE IF NOT EXISTS self_report SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS duo ON self_report TYPE string;
DEFINE FIELD IF NOT EXISTS mentee ON self_report TYPE string;
DEFINE FIELD IF NOT EXISTS office ON self_report TYPE string;
DEFINE FIELD IF NOT EXISTS moment ON self_report TYPE string ASSERT $value IN {moments};
DEFINE FIELD IF NOT EXISTS situation ON self_report TYPE string ASSERT $value IN {situations};
DEFINE FIELD IF NOT EXISTS stable ON self_report TYPE option<bool>;
DEFINE FIELD IF NOT EXISTS in_touch ON self_report TYPE option<bool>;
DEFINE FIELD IF NOT EXISTS rating ON self_report TYPE option<int> ASSERT $value = NONE OR ($value >= 1 AND $value <= 5);
DEFINE FIELD IF NOT EXISTS comment ON self_report TYPE option<string>;
DEFINE FIELD IF NOT EXISTS answered_on ON self_report TYPE string;
DEFINE FIELD IF NOT EXISTS answered_at ON self_report TYPE datetime;
DEFINE FIELD IF NOT EXISTS confirmed_at ON self_report TYPE option<datetime>;
DEFINE FIELD IF NOT EXISTS confirmed_by ON self_report TYPE option<string>;
DEFINE INDEX IF NOT EXISTS self_report_duo ON self_report FIELDS duo, moment UNIQUE;
DEFINE INDEX IF NOT EXISTS self_report_office ON self_report FIELDS office;
"#
    )
}

/// The mentor's closing evaluation of a duo (`domain::evaluation`), given with their answer
/// after it closed: how it went, 1 to 5, and a sentence.
pub(super) fn v14() -> String {
    let max = app::domain::evaluation::COMMENT_MAX;
    format!(
        r#"
DEFINE FIELD IF NOT EXISTS mentor_rating ON duo TYPE option<int> ASSERT $value = NONE OR ($value >= 1 AND $value <= 5);
DEFINE FIELD IF NOT EXISTS mentor_comment ON duo TYPE option<string> ASSERT $value = NONE OR string::len($value) <= {max};
"#
    )
}

/// What the figures read, followed through SurrealDB's change feeds: the dashboard's copy in
/// memory re-reads only the records changed since it last looked (`app::metrics::mirror`).
pub(super) const V15: &str = r#"
ALTER TABLE mentee CHANGEFEED 1h;
ALTER TABLE mentor CHANGEFEED 1h;
ALTER TABLE duo CHANGEFEED 1h;
ALTER TABLE outcome CHANGEFEED 1h;
ALTER TABLE self_report CHANGEFEED 1h;
"#;
