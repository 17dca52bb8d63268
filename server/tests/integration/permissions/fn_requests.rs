//! A valid call of every server function of the pages, and who may make it: real ids of records
//! that exist and arguments the function accepts, so an allowed caller must get an answer and
//! not an error. Functions that change state get fresh records on every call.
use super::fresh;
use super::World;
use super::{ADMIN, COORDINATORS_IN, FIGURES, OFFICE_AND_MENTOR, OWN_NOTICE, PUBLIC, SIGNED_IN};
use crate::common::router::today;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

/// One call of a server function: its encoded arguments, their content type, and who may make
/// it (see [`super::expectation`]).
pub struct ValidCall {
    pub body: String,
    pub content_type: &'static str,
    pub who: &'static str,
}

/// Arguments as a URL-encoded form (the default encoding of server functions).
fn form(pairs: &[(&str, &str)], who: &'static str) -> ValidCall {
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encoded(v)))
        .collect::<Vec<_>>()
        .join("&");
    ValidCall {
        body,
        content_type: "application/x-www-form-urlencoded",
        who,
    }
}

/// A form value with every byte but letters, digits and `-_.~` percent-encoded.
fn percent_encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Arguments as JSON (functions declared with the JSON input encoding).
fn json_call(arguments: Value, who: &'static str) -> ValidCall {
    ValidCall {
        body: arguments.to_string(),
        content_type: "application/json",
        who,
    }
}

/// The valid call of the server function at `path`, built now; `None` for a function this table
/// does not know yet (the matrix then fails: every function needs a line here).
pub async fn valid_call(path: &str, w: &World) -> Option<ValidCall> {
    use app::accounts::api as accounts;
    use app::auth::api as auth;
    use app::board::api as board;
    use app::duos::api as duos;
    use app::import::api as import;
    use app::matching::api as matching;
    use app::meeting::api as meeting;
    use app::mentor::api as mentor;
    use app::metrics::api as metrics;
    use app::notify::api as notify;
    use app::people::api as people;
    use app::privacy::api as privacy;
    use app::sessions::api as sessions;
    use app::voice::api as voice;

    let (m, o, d, g, c) = (&w.mentee, &w.mentor, &w.duo, &w.goal, &w.checkin);
    let call = match path {
        p if p == board::LoadBoard::PATH => form(&[("office", "liege")], COORDINATORS_IN),
        p if p == board::ProposeDuo::PATH => {
            let (mentee, mentor) = (fresh::mentee(w).await, fresh::mentor(w).await);
            form(&[("mentee", &mentee), ("mentor", &mentor)], COORDINATORS_IN)
        }
        p if p == board::UndoDuo::PATH => {
            let (duo, _, _) = fresh::proposed(w).await;
            form(&[("duo", &duo)], COORDINATORS_IN)
        }
        p if p == board::HoldCard::PATH => {
            form(&[("office", "liege"), ("card", m)], COORDINATORS_IN)
        }
        p if p == board::ReleaseCard::PATH => {
            form(&[("office", "liege"), ("card", m)], COORDINATORS_IN)
        }
        p if p == meeting::LoadAgenda::PATH => form(&[("office", "liege")], COORDINATORS_IN),
        p if p == meeting::DecideDrafts::PATH => {
            let (duo, _, _) = fresh::draft(w).await;
            json_call(
                json!({"office": "liege", "decisions": [{"duo": duo, "decision": "propose"}]}),
                COORDINATORS_IN,
            )
        }
        p if p == matching::ProposeSlate::PATH => form(&[("office", "liege")], COORDINATORS_IN),
        p if p == matching::SaveWeights::PATH => json_call(
            json!({"office": "liege", "weights": w.weights}),
            COORDINATORS_IN,
        ),
        p if p == matching::SaveProfile::PATH => json_call(
            json!({"mentor": true, "id": o, "profile": {"postcode": "4000"}}),
            COORDINATORS_IN,
        ),
        p if p == voice::LoadVoiceQuestion::PATH => {
            let token = fresh::voice_token(w).await;
            form(&[("token", &token)], PUBLIC)
        }
        p if p == voice::SendVoiceAnswer::PATH => {
            let token = fresh::voice_token(w).await;
            json_call(
                json!({"token": token, "answer": {"situation": "training", "in_touch": true}}),
                PUBLIC,
            )
        }
        p if p == voice::MakeVoiceLink::PATH => {
            form(&[("duo", d), ("moment", "12m")], COORDINATORS_IN)
        }
        p if p == voice::LoadSelfReports::PATH => form(&[("duo", d)], COORDINATORS_IN),
        p if p == voice::ConfirmSelfReport::PATH => {
            let id = fresh::self_report(w).await;
            form(&[("id", &id)], COORDINATORS_IN)
        }
        p if p == notify::LoadInbox::PATH => form(&[], SIGNED_IN),
        p if p == notify::UnreadNotices::PATH => form(&[], SIGNED_IN),
        p if p == notify::ReadNotice::PATH => {
            let id = fresh::notice_of_own_mentor(w).await;
            form(&[("id", &id)], OWN_NOTICE)
        }
        p if p == notify::ReadAllNotices::PATH => form(&[], SIGNED_IN),
        p if p == notify::LoadMailSettings::PATH => form(&[], SIGNED_IN),
        p if p == notify::SaveMailSettings::PATH => json_call(
            json!({"settings": {"language": "en", "turned_off": []}}),
            SIGNED_IN,
        ),
        p if p == notify::LoadSentNotices::PATH => form(&[], ADMIN),
        p if p == auth::CurrentUser::PATH => form(&[], PUBLIC),
        p if p == auth::SignIn::PATH => form(
            &[
                ("email", "hq@test.example"),
                ("password", crate::common::PASSWORD),
            ],
            PUBLIC,
        ),
        p if p == duos::LoadDuoPage::PATH => form(&[("id", d)], COORDINATORS_IN),
        p if p == duos::MoveDuo::PATH => {
            let (duo, _, _) = fresh::proposed(w).await;
            json_call(
                json!({"id": duo, "request": {"to": "intro_scheduled", "date": today(1), "place": "online"}}),
                COORDINATORS_IN,
            )
        }
        p if p == duos::AddGoal::PATH => json_call(
            json!({"duo": d, "goal": {"title": fresh::unique("Network ")}}),
            OFFICE_AND_MENTOR,
        ),
        p if p == duos::CheckStep::PATH => form(
            &[("goal", g), ("index", "0"), ("done", "true")],
            OFFICE_AND_MENTOR,
        ),
        p if p == duos::ReportCheckin::PATH => {
            let checkin = fresh::checkin(w).await;
            json_call(
                json!({"id": checkin, "report": {"date": today(0), "mood": "going_well"}}),
                COORDINATORS_IN,
            )
        }
        p if p == duos::RescheduleCheckin::PATH => {
            form(&[("id", c), ("due_on", &today(30))], COORDINATORS_IN)
        }
        p if p == duos::SaveOutcome::PATH => {
            let duo = fresh::active(w).await;
            json_call(
                json!({"duo": duo, "outcome": {"moment": "end", "situation": "studies", "date": today(0)}}),
                COORDINATORS_IN,
            )
        }
        p if p == duos::LoadAlerts::PATH => form(&[("office", "liege")], COORDINATORS_IN),
        p if p == duos::ScheduleIntervision::PATH => json_call(
            json!({"office": "liege", "session": {"date": today(9), "place": fresh::unique("Office ")}}),
            COORDINATORS_IN,
        ),
        p if p == duos::RematchMentee::PATH => {
            let (_, mentee, _) = fresh::proposed(w).await;
            form(&[("mentee", &mentee)], COORDINATORS_IN)
        }
        p if p == metrics::LoadDashboard::PATH => form(&[("office", "liege")], FIGURES),
        p if p == metrics::SaveTarget::PATH => form(
            &[
                ("year", "2026"),
                ("office", "liege"),
                ("mentees", "5"),
                ("mentors", "4"),
            ],
            ADMIN,
        ),
        // Any mentor: the page of one without a duo says so.
        p if p == mentor::LoadMyDuo::PATH => form(&[], "dddddaa"),
        // After a closed duo: its own mentor only.
        p if p == mentor::LoadNextQuestion::PATH => form(&[], "dddddaa"),
        p if p == mentor::AnswerNext::PATH => {
            let duo = fresh::closed_duo_of_own_mentor(w).await;
            json_call(
                json!({"duo": duo, "answer": {"next": "another", "rating": 5}}),
                "dddddad",
            )
        }
        p if p == mentor::SendMeeting::PATH => json_call(
            json!({"duo": d, "meeting": {"date": today(0), "minutes": 45, "mode": "online"},
                "key": fresh::unique("matrix-key-")}),
            OFFICE_AND_MENTOR,
        ),
        p if p == people::LoadDirectory::PATH => {
            json_call(json!({"query": {"office": "liege"}}), COORDINATORS_IN)
        }
        p if p == people::RegisterPerson::PATH => json_call(
            json!({"kind": "mentee", "person": {"first_name": "Form", "last_name": fresh::unique("Intake"), "office": "liege"}}),
            COORDINATORS_IN,
        ),
        p if p == people::LoadEditablePerson::PATH => {
            form(&[("id", &format!("mentee:{m}"))], COORDINATORS_IN)
        }
        p if p == people::SavePerson::PATH => json_call(
            json!({"id": format!("mentee:{m}"), "patch": {"note": "Seen again on Tuesday"}}),
            COORDINATORS_IN,
        ),
        p if p == people::LoadPersonPath::PATH => {
            form(&[("id", &format!("mentee:{m}"))], COORDINATORS_IN)
        }
        p if p == people::TakePersonStep::PATH => {
            let mentee = fresh::mentee(w).await;
            json_call(
                json!({"id": format!("mentee:{mentee}"), "step": {"to": "withdrawn"}}),
                COORDINATORS_IN,
            )
        }
        p if p == sessions::LoadOfficeSessions::PATH => {
            form(&[("office", "liege")], COORDINATORS_IN)
        }
        p if p == sessions::ScheduleSession::PATH => json_call(
            json!({"office": "liege", "session": {"kind": "info", "date": today(2), "place": "Online"}}),
            COORDINATORS_IN,
        ),
        p if p == sessions::LoadSession::PATH => {
            let session = fresh::session(w).await;
            form(&[("id", &session)], COORDINATORS_IN)
        }
        p if p == sessions::RecordAttendance::PATH => {
            let session = fresh::session(w).await;
            let mentee = fresh::mentee(w).await;
            json_call(
                json!({"id": session, "attendance": {"person": format!("mentee:{mentee}")}}),
                COORDINATORS_IN,
            )
        }
        p if p == sessions::UnregisterPerson::PATH => {
            let (session, person) = fresh::registration(w).await;
            form(&[("id", &session), ("person", &person)], COORDINATORS_IN)
        }
        p if p == sessions::SaveTrainingModules::PATH => json_call(
            json!({"office": "liege", "titles": ["Listening", "The labour market"]}),
            ADMIN,
        ),
        p if p == sessions::LoadPersonSessions::PATH => {
            form(&[("id", &format!("mentee:{m}"))], COORDINATORS_IN)
        }
        p if p == import::ImportPeople::PATH => json_call(
            json!({"kind": "mentee", "office": "liege", "dry_run": false,
                "csv": format!("first_name,last_name\nPage,{}\n", fresh::unique("Import"))}),
            COORDINATORS_IN,
        ),
        p if p == privacy::LoadPerson::PATH => form(&[("id", m)], COORDINATORS_IN),
        p if p == privacy::RecordConsent::PATH => form(
            &[("id", m), ("kind", "photos"), ("given", "true")],
            COORDINATORS_IN,
        ),
        p if p == privacy::VerifyEligibility::PATH => {
            let mentee = fresh::mentee(w).await;
            form(
                &[("id", &mentee), ("criterion", "first_generation")],
                COORDINATORS_IN,
            )
        }
        p if p == privacy::SearchAudit::PATH => json_call(json!({"query": {}}), ADMIN),
        p if p == privacy::LoadRetention::PATH => form(&[], ADMIN),
        p if p == privacy::SaveRetention::PATH => form(&[("months", "24")], ADMIN),
        p if p == privacy::RunRetention::PATH => form(&[], ADMIN),
        p if p == privacy::ErasePerson::PATH => {
            let mentee = fresh::mentee(w).await;
            form(&[("id", &mentee)], ADMIN)
        }
        p if p == accounts::InvitePerson::PATH => json_call(
            json!({"request": {"email": format!("{}@test.example", fresh::unique("fn.invite")), "role": "hq"}}),
            ADMIN,
        ),
        p if p == accounts::LoadAccounts::PATH => form(&[], ADMIN),
        p if p == accounts::LoadInvitations::PATH => form(&[], ADMIN),
        p if p == accounts::RevokeInvitation::PATH => {
            let (id, _) = fresh::invitation(w).await;
            form(&[("id", &id)], ADMIN)
        }
        p if p == accounts::SetAccountDisabled::PATH => {
            let user = fresh::user(w).await;
            form(&[("id", &user), ("disabled", "true")], ADMIN)
        }
        p if p == accounts::MakeResetLink::PATH => {
            let user = fresh::user(w).await;
            form(&[("id", &user)], ADMIN)
        }
        p if p == accounts::LoadLink::PATH => {
            let (_, secret) = fresh::invitation(w).await;
            form(&[("token", &secret)], PUBLIC)
        }
        p if p == accounts::UseAccountLink::PATH => {
            let (_, secret) = fresh::invitation(w).await;
            let password = fresh::new_password();
            form(
                &[
                    ("token", &secret),
                    ("password", &password),
                    ("confirm", &password),
                ],
                PUBLIC,
            )
        }
        p if p == accounts::ForgotPassword::PATH => form(
            &[(
                "email",
                &format!("{}@test.example", fresh::unique("nobody")),
            )],
            PUBLIC,
        ),
        p if p == auth::SignOut::PATH => form(&[], PUBLIC),
        _ => return None,
    };
    Some(call)
}
