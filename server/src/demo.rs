//! Demo data that feels real: four offices, about 200 mentees and 150 mentors with clearly
//! fictional names of many origins, and duos in progress. Seeded once, on an empty database.
mod history;

use app::auth::server::{create_user, NewUser};
use app::db::Db;
use app::domain::matching::{DAYS, PARTS, SUPPORT};
use app::model::Role;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

/// The demo accounts' shared password (printed at start, never used outside a demo).
pub const DEMO_PASSWORD: &str = "duo-demo-2026";

/// Demo sign-ins: email, role, offices.
pub const DEMO_USERS: &[(&str, &str, Role, &[&str])] = &[
    (
        "coordinator@duo.example",
        "Sofia Marchetti",
        Role::Coordinator,
        &["brussels", "liege"],
    ),
    (
        "gent@duo.example",
        "Pieter Claes",
        Role::Coordinator,
        &["ghent", "antwerp"],
    ),
    ("hq@duo.example", "Nadia Benali", Role::Hq, &[]),
    ("admin@duo.example", "Admin Duo", Role::Admin, &[]),
];

const MENTEE_FIRST: &[&str] = &[
    "Amina",
    "Youssef",
    "Fatima",
    "Mehmet",
    "Aylin",
    "Omar",
    "Nour",
    "Ibrahim",
    "Mariam",
    "Karim",
    "Sara",
    "Bilal",
    "Hanane",
    "Emre",
    "Zeynep",
    "Merveille",
    "Christelle",
    "Grâce",
    "Patrick",
    "Divine",
    "Aziz",
    "Farida",
    "Rahim",
    "Shabnam",
    "Samir",
    "Dawit",
    "Helen",
    "Yonas",
    "Selam",
    "Abdi",
    "Hodan",
    "Mamadou",
    "Aïssatou",
    "Fatoumata",
    "Ousmane",
    "Kadiatou",
    "Arber",
    "Blerta",
    "Andrei",
    "Ioana",
    "Olena",
    "Dmytro",
    "Ahmad",
    "Zainab",
    "Hassan",
    "Layla",
    "Imran",
    "Ayesha",
    "Kofi",
    "Ama",
    "Tarek",
    "Yasmine",
    "Ilyas",
    "Soukaina",
    "Rania",
    "Mustafa",
    "Elif",
    "Hamza",
];
const MENTEE_LAST: &[&str] = &[
    "El Amrani",
    "Benali",
    "Ouali",
    "Yilmaz",
    "Demir",
    "Kaya",
    "Haddad",
    "Khalil",
    "Mukendi",
    "Kabongo",
    "Tshibanda",
    "Ilunga",
    "Ahmadi",
    "Rahimi",
    "Karimi",
    "Tesfaye",
    "Haile",
    "Gebre",
    "Mohamed",
    "Warsame",
    "Diallo",
    "Bah",
    "Barry",
    "Sow",
    "Hoxha",
    "Krasniqi",
    "Popescu",
    "Ionescu",
    "Kovalenko",
    "Shevchenko",
    "Hussein",
    "Al-Sayed",
    "Qureshi",
    "Mensah",
    "Asante",
    "Bouzid",
    "Chaouki",
    "Aydın",
    "Nkosi",
    "Lukusa",
];
const MENTOR_FIRST: &[&str] = &[
    "Marc",
    "Anne",
    "Luc",
    "Martine",
    "Jean-Pierre",
    "Christine",
    "Dirk",
    "Greet",
    "Jan",
    "Hilde",
    "Patrick",
    "Monique",
    "Philippe",
    "Françoise",
    "Koen",
    "Els",
    "Michel",
    "Nicole",
    "Guido",
    "Rita",
    "Bernard",
    "Véronique",
    "Paul",
    "Sabine",
    "Eddy",
    "Lieve",
    "Georges",
    "Brigitte",
    "Rachid",
    "Leila",
    "Giuseppe",
    "Maria",
    "Ahmet",
    "Carmen",
    "Stanislas",
    "Agnieszka",
];
const MENTOR_LAST: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Laurent",
    "Lemaire",
    "Renard",
    "Van Damme",
    "Vermeulen",
    "Leclercq",
    "Hermans",
    "De Backer",
    "Michiels",
    "Rossi",
    "Esposito",
    "Ait Ali",
    "Öztürk",
    "Fernández",
    "Nowak",
    "Lejeune",
    "Delvaux",
];
const COMMON_SECTORS: &[&str] = &[
    "G", "I", "H", "Q", "C", "F", "J", "N", "M", "P", "K", "S", "R", "O",
];
const HERITAGE: &[&str] = &[
    "ar", "tr", "ln", "ps", "fa", "ti", "so", "ru", "uk", "ro", "sq", "ur", "am", "sw", "es", "pt",
];

struct OfficePlan {
    slug: &'static str,
    mentees: usize,
    mentors: usize,
    duos: usize,
    main: &'static [&'static str],
}

const PLAN: &[OfficePlan] = &[
    OfficePlan {
        slug: "brussels",
        mentees: 70,
        mentors: 52,
        duos: 16,
        main: &["fr", "nl", "en"],
    },
    OfficePlan {
        slug: "liege",
        mentees: 46,
        mentors: 34,
        duos: 10,
        main: &["fr"],
    },
    OfficePlan {
        slug: "antwerp",
        mentees: 44,
        mentors: 34,
        duos: 10,
        main: &["nl"],
    },
    OfficePlan {
        slug: "ghent",
        mentees: 40,
        mentors: 30,
        duos: 9,
        main: &["nl"],
    },
];

fn days_ago(days: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339()
}

fn languages(rng: &mut StdRng, main: &[&str], extra: &[&str], extra_chance: f64) -> Vec<String> {
    let mut out = vec![main[0].to_string()];
    if main.len() > 1 && rng.random_bool(0.4) {
        out.push(main.choose(rng).unwrap().to_string());
    }
    if rng.random_bool(extra_chance) {
        out.push(extra.choose(rng).unwrap().to_string());
    }
    if rng.random_bool(0.3) {
        out.push("en".to_string());
    }
    out.dedup();
    let mut seen = Vec::new();
    out.retain(|l| {
        if seen.contains(l) {
            false
        } else {
            seen.push(l.clone());
            true
        }
    });
    out
}

/// Postcodes of each office's area, for the distance criterion.
fn postcodes(office: &str) -> &'static [&'static str] {
    match office {
        "brussels" => &[
            "1000", "1020", "1030", "1040", "1050", "1060", "1070", "1080", "1081", "1090", "1140",
            "1180", "1190", "1200", "1210",
        ],
        "liege" => &[
            "4000", "4020", "4030", "4100", "4400", "4430", "4600", "4800",
        ],
        "antwerp" => &[
            "2000", "2018", "2020", "2060", "2100", "2140", "2170", "2600", "2610", "2800",
        ],
        _ => &[
            "9000", "9030", "9031", "9040", "9050", "9070", "9080", "9200", "9300",
        ],
    }
}

/// A matching profile as intake would record it: mentees mostly know the sector they seek and
/// need two or three kinds of support; mentors bring strengths and experience; both give a few
/// weekly slots; a few people ask for a partner of their own gender.
fn profile(rng: &mut StdRng, office: &str, mentor: bool, has_sectors: bool) -> Value {
    let support_count = if mentor {
        rng.random_range(2..=4)
    } else {
        rng.random_range(1..=3)
    };
    let support: Vec<&str> = SUPPORT
        .choose_multiple(rng, support_count)
        .copied()
        .collect();
    let mut availability = 0u32;
    for _ in 0..rng.random_range(2..=6) {
        availability |= 1 << rng.random_range(0..DAYS * PARTS);
    }
    let gender = *["female", "male"].choose(rng).unwrap();
    let mut p = json!({
        "career_plan": !mentor && has_sectors && rng.random_bool(0.85),
        "generalist": mentor && rng.random_bool(0.35),
        "support": support,
        "availability": if rng.random_bool(0.9) { availability } else { 0 },
        "online": rng.random_bool(0.5),
        "gender": gender,
    });
    if mentor {
        p["years_experience"] = json!(rng.random_range(12..=42));
    }
    if rng.random_bool(0.9) {
        p["postcode"] = json!(postcodes(office).choose(rng).unwrap());
    }
    if rng.random_bool(0.08) {
        p["gender_wish"] = json!(gender);
    }
    p
}

/// Whether the database is empty of people and accounts (a first start).
pub async fn is_empty(db: &Db) -> Result<bool, surrealdb::Error> {
    let mut resp = db
        .query("RETURN count(SELECT id FROM user LIMIT 1)")
        .await?;
    let counts: Vec<i64> = resp.take(0)?;
    Ok(counts.first().copied().unwrap_or(0) == 0)
}

/// Seeds the demo programme and its sign-ins (the demo mentor is linked to an active duo).
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(2026);
    let mut mentees: Vec<Value> = Vec::new();
    let mut mentors: Vec<Value> = Vec::new();
    let mut duos: Vec<Value> = Vec::new();
    let mut demo_mentor: Option<String> = None;
    for plan in PLAN {
        let mut office_mentees = Vec::new();
        for i in 0..plan.mentees {
            let id = format!("{}_{:03}", plan.slug, i);
            let sectors: Vec<String> = if rng.random_bool(0.12) {
                vec![] // no career plan yet
            } else {
                let n = rng.random_range(1..=2);
                let mut s: Vec<String> = COMMON_SECTORS
                    .choose_multiple(&mut rng, n)
                    .map(|s| s.to_string())
                    .collect();
                s.sort();
                s
            };
            let waiting_days = rng.random_range(1..=75);
            office_mentees.push(json!({
                "id": id,
                "first_name": MENTEE_FIRST.choose(&mut rng).unwrap(),
                "last_name": MENTEE_LAST.choose(&mut rng).unwrap(),
                "office": plan.slug,
                "languages": languages(&mut rng, plan.main, HERITAGE, 0.85),
                "profile": profile(&mut rng, plan.slug, false, !sectors.is_empty()),
                "phone": format!("+324{:08}", rng.random_range(70_000_000..99_999_999)),
                "sectors": sectors,
                "state": "waiting",
                "waiting_since": days_ago(waiting_days),
                "created_at": days_ago(waiting_days + rng.random_range(7..30)),
            }));
        }
        let mut office_mentors = Vec::new();
        for i in 0..plan.mentors {
            let id = format!("{}_{:03}", plan.slug, i);
            let n = rng.random_range(1..=3);
            let mut sectors: Vec<String> = COMMON_SECTORS
                .choose_multiple(&mut rng, n)
                .map(|s| s.to_string())
                .collect();
            sectors.sort();
            let available_days = rng.random_range(0..=40);
            office_mentors.push(json!({
                "id": id,
                "first_name": MENTOR_FIRST.choose(&mut rng).unwrap(),
                "last_name": MENTOR_LAST.choose(&mut rng).unwrap(),
                "office": plan.slug,
                "languages": languages(&mut rng, plan.main, &["de", "es", "it", "ar", "tr", "pl"], 0.3),
                "profile": profile(&mut rng, plan.slug, true, true),
                "sectors": sectors,
                "state": "available",
                "capacity": if rng.random_bool(0.1) { 2 } else { 1 },
                "load": 0,
                "available_since": days_ago(available_days),
                "created_at": days_ago(available_days + rng.random_range(30..200)),
            }));
        }
        // Some people are earlier on their path.
        for m in office_mentees.iter_mut().rev().take(plan.mentees / 8) {
            m["state"] = json!(["registered", "intake_done", "eligible"]
                .choose(&mut rng)
                .unwrap());
            m["waiting_since"] = Value::Null;
        }
        for m in office_mentors.iter_mut().rev().take(plan.mentors / 8) {
            m["state"] = json!(["accepted", "in_training", "paused"]
                .choose(&mut rng)
                .unwrap());
            m["available_since"] = Value::Null;
        }
        // Duos in progress, at every stage before the end, and drafts for the matching meeting.
        let mut mentee_idx: Vec<usize> = (0..plan.mentees - plan.mentees / 8).collect();
        mentee_idx.shuffle(&mut rng);
        let mut mentor_idx: Vec<usize> = (0..plan.mentors - plan.mentors / 8).collect();
        mentor_idx.shuffle(&mut rng);
        let stages = [
            ("proposed", "proposed", "proposed"),
            ("intro_scheduled", "proposed", "proposed"),
            ("intro_held", "proposed", "proposed"),
            ("agreed", "in_duo", "in_duo"),
            ("active", "in_duo", "in_duo"),
            ("active", "in_duo", "in_duo"),
            ("active", "in_duo", "in_duo"),
            ("on_hold", "on_hold", "in_duo"),
            // Drafted on the board, for this week's matching meeting.
            ("draft", "proposed", "proposed"),
        ];
        for k in 0..plan.duos {
            let (duo_state, mentee_state, mentor_state) = stages[k % stages.len()];
            let me = &mut office_mentees[mentee_idx[k]];
            let mo = &mut office_mentors[mentor_idx[k]];
            let duo_id = format!("{}_{:03}", plan.slug, k);
            // Drafts wait for this week's meeting; the others have run for a while.
            let started = if duo_state == "draft" {
                rng.random_range(0..=6)
            } else {
                rng.random_range(3..=160)
            };
            me["state"] = json!(mentee_state);
            me["duo"] = json!(duo_id);
            mo["load"] = json!(1);
            let capacity = mo["capacity"].as_i64().unwrap_or(1);
            mo["state"] = json!(if capacity > 1 {
                "available"
            } else {
                mentor_state
            });
            if plan.slug == "brussels" && duo_state == "active" && demo_mentor.is_none() {
                demo_mentor = mo["id"].as_str().map(str::to_string);
            }
            duos.push(json!({
                "id": duo_id,
                "mentee": me["id"],
                "mentor": mo["id"],
                "office": plan.slug,
                "state": duo_state,
                "created_at": days_ago(started),
            }));
        }
        // One introduction that did not work out: matching will not propose those two again.
        let (me, mo) = (
            &office_mentees[mentee_idx[plan.duos]],
            &office_mentors[mentor_idx[plan.duos]],
        );
        duos.push(json!({
            "id": format!("{}_declined", plan.slug),
            "mentee": me["id"],
            "mentor": mo["id"],
            "office": plan.slug,
            "state": "declined",
            "created_at": days_ago(rng.random_range(20..=60)),
        }));
        mentees.extend(office_mentees);
        mentors.extend(office_mentors);
    }
    // This year's targets, the programme's 800 mentees and 600 mentors shared by office.
    let year = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i64>()
        .unwrap_or(2026);
    for (office, mentees_target, mentors_target) in [
        ("brussels", 300, 220),
        ("liege", 180, 140),
        ("antwerp", 170, 130),
        ("ghent", 150, 110),
    ] {
        db.query("UPSERT type::record('target', [$year, $office]) SET year = $year, office = $office, mentees = $mentees, mentors = $mentors")
            .bind(("year", year))
            .bind(("office", office))
            .bind(("mentees", mentees_target))
            .bind(("mentors", mentors_target))
            .await?
            .check()?;
    }
    db.query(
        "BEGIN TRANSACTION;
         FOR $r IN $mentees {
             CREATE type::record('mentee', $r.id) CONTENT {
                 first_name: $r.first_name, last_name: $r.last_name, office: $r.office,
                 languages: $r.languages, sectors: $r.sectors, state: $r.state, profile: $r.profile,
                 phone: $r.phone ?? NONE,
                 waiting_since: IF $r.waiting_since { <datetime> $r.waiting_since } ELSE { NONE },
                 duo: $r.duo ?? NONE,
                 created_at: <datetime> $r.created_at, updated_at: time::now(), version: 1
             };
         };
         FOR $r IN $mentors {
             CREATE type::record('mentor', $r.id) CONTENT {
                 first_name: $r.first_name, last_name: $r.last_name, office: $r.office,
                 languages: $r.languages, sectors: $r.sectors, state: $r.state, profile: $r.profile,
                 capacity: $r.capacity, load: $r.load,
                 available_since: IF $r.available_since { <datetime> $r.available_since } ELSE { NONE },
                 created_at: <datetime> $r.created_at, updated_at: time::now(), version: 1
             };
         };
         FOR $r IN $duos {
             CREATE type::record('duo', $r.id) CONTENT {
                 mentee: type::record('mentee', $r.mentee), mentor: type::record('mentor', $r.mentor),
                 office: $r.office, state: $r.state, created_at: <datetime> $r.created_at,
                 updated_at: time::now(), created_by: NONE, version: 1
             };
         };
         COMMIT TRANSACTION;",
    )
    .bind(("mentees", Value::Array(mentees)))
    .bind(("mentors", Value::Array(mentors)))
    .bind(("duos", Value::Array(duos)))
    .await?
    .check()?;

    for (email, name, role, offices) in DEMO_USERS {
        create_user(
            db,
            NewUser {
                email: email.to_string(),
                password: DEMO_PASSWORD.to_string(),
                role: *role,
                offices: offices.iter().map(|o| o.to_string()).collect(),
                mentor: None,
                display_name: Some(name.to_string()),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo account {email}: {e}"))?;
    }
    if let Some(mentor) = demo_mentor {
        create_user(
            db,
            NewUser {
                email: "mentor@duo.example".into(),
                password: DEMO_PASSWORD.into(),
                role: Role::Mentor,
                offices: vec!["brussels".into()],
                mentor: Some(mentor),
                display_name: Some("Mentor Demo".into()),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo mentor account: {e}"))?;
    }
    // A year of the programme's past: closed duos with their outcomes and answers.
    history::seed(db, &mut rng).await?;
    // Everyone past intake consented to take part (mentees also to the eligibility check,
    // which their coordinator verified: only the criterion is kept).
    db.query(
        "FOR $p IN (SELECT record::id(id) AS id, office, created_at FROM mentee) {
             CREATE consent CONTENT { person: 'mentee:' + $p.id, office: $p.office, kind: 'participation',
                 given: true, notice_version: $version, recorded_by: 'demo', at: $p.created_at };
             CREATE consent CONTENT { person: 'mentee:' + $p.id, office: $p.office, kind: 'eligibility_data',
                 given: true, notice_version: $version, recorded_by: 'demo', at: $p.created_at };
             UPDATE type::record('mentee', $p.id) SET eligibility = {
                 criterion: IF rand::bool() { 'second_generation' } ELSE { 'first_generation' },
                 verified_by: 'Sofia Marchetti', verified_on: time::format($p.created_at, '%Y-%m-%d')
             };
         };
         FOR $p IN (SELECT record::id(id) AS id, office, created_at FROM mentor) {
             CREATE consent CONTENT { person: 'mentor:' + $p.id, office: $p.office, kind: 'participation',
                 given: true, notice_version: $version, recorded_by: 'demo', at: $p.created_at };
         };",
    )
    .bind(("version", app::privacy::notice::NOTICE_VERSION))
    .await?
    .check()?;
    seed_sessions(db).await
}

/// Each office's training (four modules, in the office's language), the past month's sessions
/// with the attendance of the mentors in training (two modules done), and the next sessions.
async fn seed_sessions(db: &Db) -> anyhow::Result<()> {
    const FRENCH: [&str; 4] = [
        "Accueil et rôle du mentor",
        "Écoute active et coaching",
        "Le marché de l’emploi en Belgique",
        "Dialogue interculturel",
    ];
    const DUTCH: [&str; 4] = [
        "Welkom en de rol van de mentor",
        "Actief luisteren en coachen",
        "De Belgische arbeidsmarkt",
        "Interculturele dialoog",
    ];
    let day = |offset: i64| {
        (app::clock::today() + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let mut modules = Vec::new();
    let mut sessions = Vec::new();
    for plan in PLAN {
        let (titles, place) = match plan.slug {
            "antwerp" => (DUTCH, "Nationalestraat 10, Antwerpen"),
            "ghent" => (DUTCH, "Kortrijksesteenweg 2, Gent"),
            "liege" => (FRENCH, "Rue Louvrex 30, Liège"),
            _ => (FRENCH, "Rue Royale 150, Bruxelles"),
        };
        for (n, title) in titles.iter().enumerate() {
            let module = format!("{}_m{n}", plan.slug);
            modules.push(
                json!({"id": module, "office": plan.slug, "title": title, "position": n + 1}),
            );
            // Modules 1 and 2 held last month; every module again in the coming weeks.
            if n < 2 {
                sessions.push(
                    json!({"id": format!("{}_past{n}", plan.slug), "office": plan.slug,
                    "kind": "training", "module": module, "date": day(-30 + 10 * n as i64),
                    "time": "09:30", "place": place, "attended": true}),
                );
            }
            sessions.push(
                json!({"id": format!("{}_next{n}", plan.slug), "office": plan.slug,
                "kind": "training", "module": module, "date": day(5 + 7 * n as i64),
                "time": "09:30", "place": place, "attended": false}),
            );
        }
        sessions.push(
            json!({"id": format!("{}_info", plan.slug), "office": plan.slug,
            "kind": "info", "module": null, "date": day(3), "time": "18:00", "place": place,
            "attended": false}),
        );
    }
    db.query(
        "BEGIN TRANSACTION;
         FOR $m IN $modules {
             CREATE type::record('training_module', $m.id) CONTENT {
                 office: $m.office, title: $m.title, position: $m.position, active: true
             };
         };
         FOR $s IN $sessions {
             CREATE type::record('office_session', $s.id) CONTENT {
                 office: $s.office, kind: $s.kind, module: $s.module ?? NONE, date: $s.date,
                 start_time: $s.time, place: $s.place, created_by: NONE, created_at: time::now()
             };
             IF $s.attended {
                 FOR $p IN (SELECT VALUE record::id(id) FROM mentor
                            WHERE office = $s.office AND state = 'in_training') {
                     CREATE type::record('attendance', $s.id + '_mentor_' + $p) CONTENT {
                         session: $s.id, person: 'mentor:' + $p, person_kind: 'mentor',
                         person_key: $p, office: $s.office, present: true, recorded_by: NONE,
                         at: time::now()
                     };
                 };
             };
         };
         COMMIT TRANSACTION;",
    )
    .bind(("modules", Value::Array(modules)))
    .bind(("sessions", Value::Array(sessions)))
    .await?
    .check()?;
    Ok(())
}
