//! The directory at office scale: 10,000 mentees and mentors in one office (and as many in
//! another, so that the office filter matters), in SurrealKV on disk, as the server keeps them.
//! Each directory view is timed through the service the page and the API call, against a plain
//! `SELECT` of the same page of the same office in the same run (the baseline).
use app::auth::server::Principal;
use app::model::{Role, UserInfo};
use app::people::DirectoryQuery;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use std::time::Instant;

const FIRST: [&str; 12] = [
    "Élodie", "Amina", "Jan", "Sofia", "Youssef", "Hélène", "Marc", "Zoë", "Omar", "Nadia", "Luc",
    "Fatima",
];
const LAST: [&str; 12] = [
    "Dupré",
    "Benali",
    "Peeters",
    "Janssens",
    "El Idrissi",
    "Martin",
    "Claes",
    "Vandenbroucke",
    "Haddad",
    "Lambert",
    "Öztürk",
    "Dubois",
];

/// The median of `runs` timings of `f` in milliseconds, and what its last run answered.
async fn median_ms<F, Fut, T>(runs: usize, mut f: F) -> anyhow::Result<(f64, T)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f().await?);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], last.expect("at least one run")))
}

pub async fn run(per_office: usize, runs: usize) -> anyhow::Result<()> {
    // A folder of its own, removed at the end.
    let dir = std::env::temp_dir().join(format!("duo-bench-directory-{}", std::process::id()));
    let url = format!("surrealkv://{}", dir.display());
    let db = server::schema::connect(&url).await?;
    let mut rng = StdRng::seed_from_u64(7);
    let t = Instant::now();
    for office in ["liege", "ghent"] {
        for chunk in 0..(per_office / 1000) {
            let rows: Vec<serde_json::Value> = (0..1000)
                .map(|i| {
                    let n = chunk * 1000 + i;
                    let mentor = n % 5 < 2;
                    let state = if mentor {
                        "available"
                    } else {
                        ["waiting", "registered", "eligible"][n % 3]
                    };
                    let sector = ["F", "Q", "G", "J"][n % 4];
                    let first = *FIRST.choose(&mut rng).unwrap();
                    let last = format!("{}{}", LAST.choose(&mut rng).unwrap(), n);
                    serde_json::json!({
                        "table": if mentor { "mentor" } else { "mentee" },
                        "first_name": first, "last_name": last, "office": office,
                        "state": state,
                        "email": format!("{}.{}@example.be", first.to_lowercase(), n),
                        "phone": format!("+3247{:07}", rng.random_range(0..10_000_000)),
                        "languages": ["fr"], "sectors": [sector],
                        "days": rng.random_range(0..400),
                    })
                })
                .collect();
            db.query(
                "FOR $r IN $rows {
                     IF $r.table = 'mentee' {
                         CREATE mentee CONTENT {
                             first_name: $r.first_name, last_name: $r.last_name, office: $r.office,
                             languages: $r.languages, sectors: $r.sectors, state: $r.state,
                             email: $r.email, phone: $r.phone, profile: {},
                             created_at: time::now(), updated_at: time::now(), version: 1,
                             state_since: time::now() - duration::from_days($r.days)
                         };
                     } ELSE {
                         CREATE mentor CONTENT {
                             first_name: $r.first_name, last_name: $r.last_name, office: $r.office,
                             languages: $r.languages, sectors: $r.sectors, state: $r.state,
                             capacity: 1, load: 0, email: $r.email, phone: $r.phone, profile: {},
                             created_at: time::now(), updated_at: time::now(), version: 1,
                             state_since: time::now() - duration::from_days($r.days)
                         };
                     };
                 };",
            )
            .bind(("rows", rows))
            .await?
            .check()?;
        }
    }
    println!(
        "seeded {} people ({per_office} per office, two offices) in SurrealKV in {:.1} s",
        2 * per_office,
        t.elapsed().as_secs_f64()
    );
    let who = Principal {
        user: UserInfo {
            id: "bench".into(),
            email: "bench@duo.example".into(),
            display_name: "Bench".into(),
            role: Role::Coordinator,
            offices: vec!["liege".into()],
            mentor: None,
        },
        token: String::new(),
        from: "bench".into(),
    };
    // The baseline: the same first page of the same office's people (`listed`: not
    // anonymised), read by a plain SELECT of the fields shown, in the order of the name index,
    // with no search, filter, count or second table.
    let (baseline, ()) = median_ms(runs, || async {
        let mut r = db
            .query(
                "SELECT record::id(id) AS id, first_name, last_name, state, office, state_since
                 FROM mentee WHERE listed = 'liege' ORDER BY last_name, first_name LIMIT 50",
            )
            .await?;
        let rows: Vec<serde_json::Value> = r.take(0)?;
        anyhow::ensure!(rows.len() == 50, "a full page");
        Ok(())
    })
    .await?;
    println!("\nbaseline: plain SELECT of one page of 50 mentees of one office: {baseline:.2} ms (median of {runs})");
    println!(
        "\n{:<58} {:>10} {:>9} {:>8}",
        "directory view (service of the page and the API)", "median ms", "× base", "total"
    );
    let views: [(&str, DirectoryQuery); 11] = [
        (
            "first page, everyone of the office, by name",
            DirectoryQuery::default(),
        ),
        (
            "page 100 of 200",
            DirectoryQuery {
                page: Some(100),
                ..Default::default()
            },
        ),
        (
            "search a name part, accents folded (\"dupre\")",
            DirectoryQuery {
                q: Some("dupre".into()),
                ..Default::default()
            },
        ),
        (
            "search the middle of a name (\"broucke\")",
            DirectoryQuery {
                q: Some("broucke".into()),
                ..Default::default()
            },
        ),
        (
            "search part of an email address (\"elodie.12\")",
            DirectoryQuery {
                q: Some("elodie.12".into()),
                ..Default::default()
            },
        ),
        (
            "search two words (\"elodie dupr\")",
            DirectoryQuery {
                q: Some("elodie dupr".into()),
                ..Default::default()
            },
        ),
        (
            "search a phone number (\"0470 12\")",
            DirectoryQuery {
                q: Some("0470 12".into()),
                ..Default::default()
            },
        ),
        (
            "mentees waiting, sector F, 30+ days",
            DirectoryQuery {
                kind: Some("mentee".into()),
                state: Some("waiting".into()),
                sector: Some("F".into()),
                min_days: Some(30),
                ..Default::default()
            },
        ),
        (
            "everyone of sector F (each person read)",
            DirectoryQuery {
                sector: Some("F".into()),
                ..Default::default()
            },
        ),
        (
            "everyone, newest first",
            DirectoryQuery {
                sort: Some("recent".into()),
                ..Default::default()
            },
        ),
        (
            "everyone, longest in their stage first",
            DirectoryQuery {
                sort: Some("since".into()),
                ..Default::default()
            },
        ),
    ];
    for (name, query) in views {
        let (ms, total) = median_ms(runs, || async {
            let page = app::people::directory::page(&db, &who, &query)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(page.total)
        })
        .await?;
        println!("{name:<58} {ms:>10.2} {:>9.1} {total:>8}", ms / baseline);
    }
    drop(db);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
