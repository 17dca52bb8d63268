//! A valid request for every route of the JSON API, and who may send it: real ids of records
//! that exist and a body the route accepts, so an allowed caller must get the route's success
//! answer. Routes that change state get fresh records on every call (see [`super::fresh`]).
use super::fresh;
use super::World;
use super::{
    ADMIN, COORDINATORS_IN, FIGURES, OFFICE_AND_MENTOR, OFFICE_PEOPLE, OWN_NOTICE, PUBLIC,
    SIGNED_IN,
};
use crate::common::router::today;
use serde_json::{json, Value};

/// One request for a route: the concrete path, the body, and who may send it (see
/// [`super::expectation`]).
pub struct ValidRequest {
    pub uri: String,
    pub body: Option<Value>,
    pub who: &'static str,
}

fn request(uri: impl Into<String>, body: Option<Value>, who: &'static str) -> ValidRequest {
    ValidRequest {
        uri: uri.into(),
        body,
        who,
    }
}

/// The valid request for `route` (`METHOD /template`), built now; `None` for a route this table
/// does not know yet (the matrix then fails: every route needs a line here).
pub async fn valid_request(route: &str, w: &World) -> Option<ValidRequest> {
    let (m, o, d, g, c) = (&w.mentee, &w.mentor, &w.duo, &w.goal, &w.checkin);
    let profile = json!({"profile": {"postcode": "4000"}});
    let person = |state: &str| {
        json!({"first_name": "New", "last_name": fresh::unique("Person"), "office": "liege",
            "languages": ["fr"], "state": state})
    };
    Some(match route {
        "POST /api/v1/login" => request(
            "/api/v1/login",
            Some(json!({"email": "hq@test.example", "password": crate::common::PASSWORD})),
            PUBLIC,
        ),
        "GET /api/v1/offices" => request("/api/v1/offices", None, PUBLIC),
        "GET /api/v1/openapi.json" => request("/api/v1/openapi.json", None, PUBLIC),
        "GET /api/v1/mentees" => request("/api/v1/mentees?office=liege", None, COORDINATORS_IN),
        "POST /api/v1/mentees" => {
            request("/api/v1/mentees", Some(person("waiting")), COORDINATORS_IN)
        }
        "GET /api/v1/mentees/{id}" => {
            request(format!("/api/v1/mentees/{m}"), None, COORDINATORS_IN)
        }
        "GET /api/v1/mentees/{id}/suggestions" => request(
            format!("/api/v1/mentees/{m}/suggestions"),
            None,
            COORDINATORS_IN,
        ),
        "PUT /api/v1/mentees/{id}/profile" => request(
            format!("/api/v1/mentees/{m}/profile"),
            Some(profile),
            COORDINATORS_IN,
        ),
        "PUT /api/v1/mentors/{id}/profile" => request(
            format!("/api/v1/mentors/{o}/profile"),
            Some(profile),
            COORDINATORS_IN,
        ),
        "POST /api/v1/offices/{slug}/slate" => {
            request("/api/v1/offices/liege/slate", None, COORDINATORS_IN)
        }
        "GET /api/v1/offices/{slug}/meeting" => {
            request("/api/v1/offices/liege/meeting", None, COORDINATORS_IN)
        }
        "POST /api/v1/offices/{slug}/meeting" => {
            let (duo, _, _) = fresh::draft(w).await;
            request(
                "/api/v1/offices/liege/meeting",
                Some(json!({"decisions": [{"duo": duo, "decision": "drop", "minute": "Not now"}]})),
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/offices/{slug}/weights" => {
            request("/api/v1/offices/liege/weights", None, COORDINATORS_IN)
        }
        "PUT /api/v1/offices/{slug}/weights" => request(
            "/api/v1/offices/liege/weights",
            Some(w.weights.clone()),
            COORDINATORS_IN,
        ),
        "GET /api/v1/mentors" => request("/api/v1/mentors?office=liege", None, COORDINATORS_IN),
        "POST /api/v1/mentors" => request(
            "/api/v1/mentors",
            Some(person("available")),
            COORDINATORS_IN,
        ),
        "GET /api/v1/mentors/{id}" => {
            request(format!("/api/v1/mentors/{o}"), None, COORDINATORS_IN)
        }
        "GET /api/v1/duos" => request("/api/v1/duos?office=liege", None, COORDINATORS_IN),
        "POST /api/v1/duos" => {
            let (mentee, mentor) = (fresh::mentee(w).await, fresh::mentor(w).await);
            request(
                "/api/v1/duos",
                Some(json!({"mentee": mentee, "mentor": mentor})),
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/duos/{id}" => request(format!("/api/v1/duos/{d}"), None, OFFICE_AND_MENTOR),
        "DELETE /api/v1/duos/{id}" => {
            let (duo, _, _) = fresh::proposed(w).await;
            request(format!("/api/v1/duos/{duo}"), None, COORDINATORS_IN)
        }
        "POST /api/v1/duos/{id}/transitions" => {
            let (duo, _, _) = fresh::proposed(w).await;
            request(
                format!("/api/v1/duos/{duo}/transitions"),
                Some(json!({"to": "intro_scheduled", "date": today(1), "place": "online"})),
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/duos/{id}/timeline" => request(
            format!("/api/v1/duos/{d}/timeline"),
            None,
            OFFICE_AND_MENTOR,
        ),
        "GET /api/v1/duos/{id}/meetings" => request(
            format!("/api/v1/duos/{d}/meetings"),
            None,
            OFFICE_AND_MENTOR,
        ),
        "POST /api/v1/duos/{id}/meetings" => request(
            format!("/api/v1/duos/{d}/meetings"),
            Some(json!({"date": today(0), "minutes": 30, "mode": "phone"})),
            OFFICE_AND_MENTOR,
        ),
        "GET /api/v1/duos/{id}/goals" => {
            request(format!("/api/v1/duos/{d}/goals"), None, OFFICE_AND_MENTOR)
        }
        "POST /api/v1/duos/{id}/goals" => request(
            format!("/api/v1/duos/{d}/goals"),
            Some(json!({"title": fresh::unique("Interview ")})),
            OFFICE_AND_MENTOR,
        ),
        "PUT /api/v1/goals/{id}/steps/{index}" => request(
            format!("/api/v1/goals/{g}/steps/0"),
            Some(json!({"done": true})),
            OFFICE_AND_MENTOR,
        ),
        "GET /api/v1/duos/{id}/checkins" => {
            request(format!("/api/v1/duos/{d}/checkins"), None, COORDINATORS_IN)
        }
        "PUT /api/v1/checkins/{id}" => request(
            format!("/api/v1/checkins/{c}"),
            Some(json!({"due_on": today(30)})),
            COORDINATORS_IN,
        ),
        "POST /api/v1/checkins/{id}/report" => {
            let checkin = fresh::checkin(w).await;
            request(
                format!("/api/v1/checkins/{checkin}/report"),
                Some(json!({"date": today(0), "mood": "going_well"})),
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/duos/{id}/outcomes" => {
            request(format!("/api/v1/duos/{d}/outcomes"), None, COORDINATORS_IN)
        }
        "POST /api/v1/duos/{id}/outcomes" => {
            let duo = fresh::active(w).await;
            request(
                format!("/api/v1/duos/{duo}/outcomes"),
                Some(json!({"moment": "end", "situation": "studies", "date": today(0)})),
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/offices/{slug}/alerts" => {
            request("/api/v1/offices/liege/alerts", None, COORDINATORS_IN)
        }
        "GET /api/v1/offices/{slug}/intervisions" => {
            request("/api/v1/offices/liege/intervisions", None, OFFICE_PEOPLE)
        }
        "POST /api/v1/offices/{slug}/intervisions" => request(
            "/api/v1/offices/liege/intervisions",
            Some(json!({"date": today(10), "place": fresh::unique("Office ")})),
            COORDINATORS_IN,
        ),
        "POST /api/v1/mentees/{id}/rematch" => {
            let (_, mentee, _) = fresh::proposed(w).await;
            request(
                format!("/api/v1/mentees/{mentee}/rematch"),
                None,
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/metrics" => request("/api/v1/metrics?office=liege", None, FIGURES),
        "GET /api/v1/metrics/{table}" => {
            request("/api/v1/metrics/summary.csv?office=liege", None, FIGURES)
        }
        "PUT /api/v1/targets" => request(
            "/api/v1/targets",
            Some(json!({"year": 2026, "office": "liege", "mentees": 10, "mentors": 8})),
            ADMIN,
        ),
        "GET /api/v1/events" => request("/api/v1/events", None, SIGNED_IN),
        "GET /api/v1/notifications" => request("/api/v1/notifications", None, SIGNED_IN),
        // The mentee's link: the token is the permission, no account needed.
        "GET /api/v1/voice/{token}" => {
            let token = fresh::voice_token(w).await;
            request(format!("/api/v1/voice/{token}"), None, PUBLIC)
        }
        "POST /api/v1/voice/{token}" => {
            let token = fresh::voice_token(w).await;
            request(
                format!("/api/v1/voice/{token}"),
                Some(json!({"situation": "job", "stable": true, "in_touch": false})),
                PUBLIC,
            )
        }
        "POST /api/v1/duos/{id}/voice-links" => request(
            format!("/api/v1/duos/{d}/voice-links"),
            Some(json!({"moment": "end"})),
            COORDINATORS_IN,
        ),
        "GET /api/v1/duos/{id}/self-reports" => request(
            format!("/api/v1/duos/{d}/self-reports"),
            None,
            COORDINATORS_IN,
        ),
        "POST /api/v1/self-reports/{id}/confirm" => {
            let id = fresh::self_report(w).await;
            request(
                format!("/api/v1/self-reports/{id}/confirm"),
                None,
                COORDINATORS_IN,
            )
        }
        // Someone else's notice is not found: nobody learns that it exists.
        "POST /api/v1/notifications/{id}/read" => {
            let id = fresh::notice_of_own_mentor(w).await;
            request(format!("/api/v1/notifications/{id}/read"), None, OWN_NOTICE)
        }
        "POST /api/v1/notifications/read-all" => {
            request("/api/v1/notifications/read-all", None, SIGNED_IN)
        }
        "GET /api/v1/notifications/settings" => {
            request("/api/v1/notifications/settings", None, SIGNED_IN)
        }
        "PUT /api/v1/notifications/settings" => request(
            "/api/v1/notifications/settings",
            Some(json!({"language": "nl", "turned_off": []})),
            SIGNED_IN,
        ),
        "GET /api/v1/admin/notifications" => request("/api/v1/admin/notifications", None, ADMIN),
        "GET /api/v1/invitations" => request("/api/v1/invitations", None, ADMIN),
        "DELETE /api/v1/invitations/{id}" => {
            let (id, _) = fresh::invitation(w).await;
            request(format!("/api/v1/invitations/{id}"), None, ADMIN)
        }
        "POST /api/v1/invitations" => request(
            "/api/v1/invitations",
            Some(
                json!({"email": format!("{}@test.example", fresh::unique("someone")), "role": "hq"}),
            ),
            ADMIN,
        ),
        "POST /api/v1/invitations/{id}/accept" => {
            let (_, secret) = fresh::invitation(w).await;
            request(
                format!("/api/v1/invitations/{secret}/accept"),
                Some(json!({"password": fresh::new_password()})),
                PUBLIC,
            )
        }
        "GET /api/v1/links/{token}" => {
            let (_, secret) = fresh::invitation(w).await;
            request(format!("/api/v1/links/{secret}"), None, PUBLIC)
        }
        "POST /api/v1/password-resets" => request(
            "/api/v1/password-resets",
            Some(json!({"email": format!("{}@test.example", fresh::unique("nobody"))})),
            PUBLIC,
        ),
        "POST /api/v1/password-resets/{token}" => {
            let secret = fresh::reset_secret(w).await;
            request(
                format!("/api/v1/password-resets/{secret}"),
                Some(json!({"password": fresh::new_password()})),
                PUBLIC,
            )
        }
        "GET /api/v1/users" => request("/api/v1/users", None, ADMIN),
        "POST /api/v1/users/{id}/disable" => {
            let user = fresh::user(w).await;
            request(format!("/api/v1/users/{user}/disable"), None, ADMIN)
        }
        "POST /api/v1/users/{id}/enable" => {
            let user = fresh::user(w).await;
            request(format!("/api/v1/users/{user}/enable"), None, ADMIN)
        }
        "POST /api/v1/users/{id}/reset-link" => {
            let user = fresh::user(w).await;
            request(format!("/api/v1/users/{user}/reset-link"), None, ADMIN)
        }
        "GET /api/v1/people/{id}" => request(format!("/api/v1/people/{m}"), None, COORDINATORS_IN),
        "GET /api/v1/people/{id}/consents" => request(
            format!("/api/v1/people/{m}/consents"),
            None,
            COORDINATORS_IN,
        ),
        "POST /api/v1/people/{id}/consents" => request(
            format!("/api/v1/people/{m}/consents"),
            Some(json!({"kind": "photos", "given": true})),
            COORDINATORS_IN,
        ),
        "GET /api/v1/people/{id}/export" => request(
            format!("/api/v1/people/mentee:{m}/export"),
            None,
            COORDINATORS_IN,
        ),
        // Blank filters are "not given" (as a form sends them).
        "GET /api/v1/people" => request(
            "/api/v1/people?office=liege&q=&kind=&page=&per_page=",
            None,
            COORDINATORS_IN,
        ),
        // A real import (fresh names each time, never a duplicate), the file as the body.
        "POST /api/v1/offices/{slug}/import/mentees" => request(
            "/api/v1/offices/liege/import/mentees",
            Some(Value::String(format!(
                "first_name;last_name;languages\nImported;{};fr|nl\n",
                fresh::unique("Mentee")
            ))),
            COORDINATORS_IN,
        ),
        "POST /api/v1/offices/{slug}/import/mentors" => request(
            "/api/v1/offices/liege/import/mentors?dry_run=true",
            Some(Value::String(format!(
                "first_name,last_name,capacity\nImported,{},2\n",
                fresh::unique("Mentor")
            ))),
            COORDINATORS_IN,
        ),
        "GET /api/v1/people.csv" => {
            request("/api/v1/people.csv?office=liege", None, COORDINATORS_IN)
        }
        "PATCH /api/v1/mentees/{id}" => request(
            format!("/api/v1/mentees/{m}"),
            Some(json!({"note": "Called back on Monday"})),
            COORDINATORS_IN,
        ),
        "PATCH /api/v1/mentors/{id}" => request(
            format!("/api/v1/mentors/{o}"),
            Some(json!({"profile": {"postcode": "4020"}})),
            COORDINATORS_IN,
        ),
        "POST /api/v1/mentees/{id}/transitions" => {
            let mentee = fresh::mentee(w).await;
            request(
                format!("/api/v1/mentees/{mentee}/transitions"),
                Some(json!({"to": "withdrawn", "reason": "moved away"})),
                COORDINATORS_IN,
            )
        }
        "POST /api/v1/mentors/{id}/transitions" => {
            let mentor = fresh::mentor(w).await;
            request(
                format!("/api/v1/mentors/{mentor}/transitions"),
                Some(json!({"to": "paused"})),
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/offices/{slug}/sessions" => {
            request("/api/v1/offices/liege/sessions", None, COORDINATORS_IN)
        }
        "POST /api/v1/offices/{slug}/sessions" => request(
            "/api/v1/offices/liege/sessions",
            Some(
                json!({"kind": "info", "date": today(3), "time": "18:00", "place": "Rue Louvrex 1"}),
            ),
            COORDINATORS_IN,
        ),
        "GET /api/v1/sessions/{id}" => {
            let session = fresh::session(w).await;
            request(format!("/api/v1/sessions/{session}"), None, COORDINATORS_IN)
        }
        "PUT /api/v1/sessions/{id}/attendance" => {
            let session = fresh::session(w).await;
            let mentee = fresh::mentee(w).await;
            request(
                format!("/api/v1/sessions/{session}/attendance"),
                Some(json!({"person": format!("mentee:{mentee}"), "present": null})),
                COORDINATORS_IN,
            )
        }
        "DELETE /api/v1/sessions/{id}/attendance/{person}" => {
            let (session, person) = fresh::registration(w).await;
            request(
                format!("/api/v1/sessions/{session}/attendance/{person}"),
                None,
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/offices/{slug}/modules" => {
            request("/api/v1/offices/liege/modules", None, COORDINATORS_IN)
        }
        "PUT /api/v1/offices/{slug}/modules" => request(
            "/api/v1/offices/liege/modules",
            Some(json!({"titles": ["Listening", "The labour market"]})),
            ADMIN,
        ),
        "PUT /api/v1/mentees/{id}/eligibility" => {
            let mentee = fresh::mentee(w).await;
            request(
                format!("/api/v1/mentees/{mentee}/eligibility"),
                Some(json!({"criterion": "first_generation"})),
                COORDINATORS_IN,
            )
        }
        "GET /api/v1/audit" => request("/api/v1/audit", None, ADMIN),
        "GET /api/v1/settings/retention" => request("/api/v1/settings/retention", None, ADMIN),
        "PUT /api/v1/settings/retention" => request(
            "/api/v1/settings/retention",
            Some(json!({"months": 24})),
            ADMIN,
        ),
        "POST /api/v1/retention/run" => request("/api/v1/retention/run", None, ADMIN),
        "POST /api/v1/backups" => request("/api/v1/backups", None, ADMIN),
        "POST /api/v1/people/{id}/erase" => {
            let mentee = fresh::mentee(w).await;
            request(format!("/api/v1/people/{mentee}/erase"), None, ADMIN)
        }
        "POST /api/v1/logout" => request("/api/v1/logout", None, SIGNED_IN),
        _ => return None,
    })
}
