//! Benchmarks of the matching engine against SciPy, on the same matrices in the same run.
//!
//! For each size it builds two instances — uniform random scores, and realistic structured ones
//! (scores of generated intake profiles, hard filters as zeros, many ties) — writes the matrix to a
//! file, times `scipy.optimize.linear_sum_assignment(maximize=True)` on it (best of K) and Duo's
//! solver on the very same numbers (best of K), and checks that both totals are equal. It then
//! times the whole slate (scoring with filters, capacities and the solve) for the structured case.
//!
//! Run with `make bench-matching` (installs SciPy, builds in release). Exits non-zero if a total
//! differs.
// Leptos' typed views of the larger pages nest deeply in release builds.
#![recursion_limit = "512"]
use app::domain::assignment::solve_dense_max;
use app::domain::matching::{
    allowed, score_value, MenteeSide, MentorSide, Profile, Traits, Weights,
};
use app::domain::slate::{propose, SlateMentee, SlateMentor};
use clap::Parser;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

#[derive(Parser)]
#[command(
    about = "Benchmarks of Duo: the optimal slate against SciPy (matching), the dashboard at programme scale (metrics, and read from SurrealKV: figures), the directory at office scale (directory), live updates for hundreds of screens (live), other requests during a large slate (heavy)"
)]
struct Args {
    /// `matching` (against SciPy), `metrics` (the dashboard at 100,000 mentees, in memory),
    /// `figures` (the same read from SurrealKV, and writes with 50 dashboards open),
    /// `directory` (10,000 people per office in SurrealKV), `live` (500 event streams against
    /// a bare broadcast) or `heavy` (other requests while a 5,000 × 4,000 slate is computed).
    #[arg(default_value = "matching")]
    what: String,
    /// Timed repetitions of each solver; the best is reported.
    #[arg(long, default_value_t = 3)]
    repeats: u32,
    /// The Python that has SciPy.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Only the 1,000 × 1,000 instances.
    #[arg(long)]
    quick: bool,
    /// The directory: people per office (mentees and mentors).
    #[arg(long, default_value_t = 10_000)]
    people: usize,
    /// Live updates: event streams open at once.
    #[arg(long, default_value_t = 500)]
    streams: usize,
    /// Live updates: changes made through the JSON API, one at a time.
    #[arg(long, default_value_t = 60)]
    changes: usize,
    /// Figures: the share of the full programme (100,000 mentees…) to seed, from 0.001 to 1.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Figures: writes through the JSON API in each phase.
    #[arg(long, default_value_t = 200)]
    writes: usize,
    /// Figures: headquarters' dashboards open while coordinators write.
    #[arg(long, default_value_t = 50)]
    dashboards: usize,
    /// Figures: milliseconds between two writes.
    #[arg(long, default_value_t = 50)]
    interval_ms: u64,
    /// Figures: rounds of writes with dashboards open, alternated with rounds with none.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
}

/// A multi-threaded runtime of its own: the server and the load generator each get one, so
/// neither waits for the other's tasks (they share the machine's cores, as on one host).
fn runtime(name: &str, workers: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name(name)
        .enable_all()
        .build()
}

/// An account with an open session, as the benchmarks sign people in: its bearer token.
async fn bench_account(
    db: &app::db::Db,
    email: String,
    role: app::model::Role,
    offices: Vec<String>,
    mentor: Option<String>,
) -> anyhow::Result<String> {
    use app::auth::server::{create_user, open_session, NewUser};
    let user = create_user(
        db,
        NewUser {
            email,
            password: "a long bench password, never used to sign in".into(),
            role,
            offices,
            mentor,
            display_name: None,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("an account: {e}"))?;
    open_session(db, &user.id, "127.0.0.1")
        .await
        .map_err(|e| anyhow::anyhow!("a session: {e}"))
}

#[path = "duo-bench/directory.rs"]
mod directory;
#[path = "duo-bench/figures.rs"]
mod figures;
#[path = "duo-bench/heavy.rs"]
mod heavy;
#[path = "duo-bench/live.rs"]
mod live;

const SUPPORT: [&str; 8] = app::domain::matching::SUPPORT;

fn random_profile(rng: &mut StdRng, mentor: bool) -> Profile {
    let n = if mentor {
        rng.random_range(2..=4)
    } else {
        rng.random_range(1..=3)
    };
    let mut availability = 0u32;
    for _ in 0..rng.random_range(2..=6) {
        availability |= 1 << rng.random_range(0..21);
    }
    let gender = ["female", "male"].choose(rng).unwrap().to_string();
    Profile {
        career_plan: !mentor && rng.random_bool(0.8),
        generalist: mentor && rng.random_bool(0.35),
        years_experience: mentor.then(|| rng.random_range(12..=42)),
        support: SUPPORT
            .choose_multiple(rng, n)
            .map(|s| s.to_string())
            .collect(),
        availability: if rng.random_bool(0.9) {
            availability
        } else {
            0
        },
        postcode: Some(rng.random_range(1000..=1210).to_string()),
        online: rng.random_bool(0.5),
        gender_wish: rng.random_bool(0.06).then(|| gender.clone()),
        gender: Some(gender),
    }
}

fn languages(rng: &mut StdRng, mentor: bool) -> Vec<String> {
    let main = ["fr", "fr", "fr", "nl", "nl", "en"]
        .choose(rng)
        .unwrap()
        .to_string();
    let mut out = vec![main];
    let extra: &[&str] = if mentor {
        &["en", "nl", "fr", "de", "es"]
    } else {
        &["ar", "tr", "en", "ps", "ti", "fr"]
    };
    if rng.random_bool(if mentor { 0.4 } else { 0.7 }) {
        out.push(extra.choose(rng).unwrap().to_string());
    }
    out.dedup();
    out
}

fn sectors(rng: &mut StdRng, n: usize) -> Vec<String> {
    const COMMON: [&str; 10] = ["C", "F", "G", "H", "I", "J", "M", "N", "P", "Q"];
    COMMON
        .choose_multiple(rng, n)
        .map(|s| s.to_string())
        .collect()
}

/// A structured instance: `n` waiting mentees and `m` mentors of one office, with filters.
fn structured(
    n: usize,
    m: usize,
    seed: u64,
) -> (
    Vec<SlateMentee>,
    Vec<SlateMentor>,
    HashSet<(String, String)>,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mentees = (0..n)
        .map(|i| {
            let profile = random_profile(&mut rng, false);
            let langs = languages(&mut rng, false);
            let count = rng.random_range(0..=2);
            let secs = sectors(&mut rng, count);
            SlateMentee {
                id: format!("e{i}"),
                traits: Traits::of_mentee(&MenteeSide {
                    office: "brussels",
                    languages: &langs,
                    sectors: &secs,
                    days_waiting: rng.random_range(0..=120),
                    profile: &profile,
                }),
            }
        })
        .collect();
    let mentors = (0..m)
        .map(|j| {
            let profile = random_profile(&mut rng, true);
            let langs = languages(&mut rng, true);
            let count = rng.random_range(1..=3);
            let secs = sectors(&mut rng, count);
            SlateMentor {
                id: format!("o{j}"),
                traits: Traits::of_mentor(&MentorSide {
                    office: "brussels",
                    languages: &langs,
                    sectors: &secs,
                    available: true,
                    load: 0,
                    capacity: 1,
                    profile: &profile,
                }),
                free: 1,
            }
        })
        .collect();
    let failed = (0..n / 50)
        .map(|_| {
            (
                format!("e{}", rng.random_range(0..n)),
                format!("o{}", rng.random_range(0..m.max(1))),
            )
        })
        .collect();
    (mentees, mentors, failed)
}

/// The score matrix of a structured instance (a pair a hard filter excludes scores 0).
fn score_matrix(
    mentees: &[SlateMentee],
    mentors: &[SlateMentor],
    failed: &HashSet<(String, String)>,
) -> Vec<f64> {
    let w = Weights::default();
    let mut out = Vec::with_capacity(mentees.len() * mentors.len());
    for me in mentees {
        for mo in mentors {
            let failed_before = failed.contains(&(me.id.clone(), mo.id.clone()));
            let ok = allowed(&me.traits, &mo.traits, failed_before);
            out.push(if ok {
                f64::from(score_value(&me.traits, &mo.traits, &w))
            } else {
                0.0
            });
        }
    }
    out
}

fn uniform(n: usize, m: usize, seed: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n * m).map(|_| rng.random::<f64>()).collect()
}

fn write_matrix(path: &PathBuf, n: usize, m: usize, w: &[f64]) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    f.write_all(&(n as u64).to_le_bytes())?;
    f.write_all(&(m as u64).to_le_bytes())?;
    for x in w {
        f.write_all(&x.to_le_bytes())?;
    }
    f.flush()
}

fn scipy(args: &Args, path: &PathBuf) -> anyhow::Result<(f64, f64)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/scipy_lsap.py");
    let out = Command::new(&args.python)
        .arg(script)
        .arg(path)
        .arg(args.repeats.to_string())
        .output()?;
    if !out.status.success() {
        anyhow::bail!("SciPy failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    Ok((
        v["seconds"].as_f64().unwrap_or(f64::NAN),
        v["total"].as_f64().unwrap_or(f64::NAN),
    ))
}

fn best_of<T>(repeats: u32, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        let value = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    match args.what.as_str() {
        "matching" => matching(&args),
        "metrics" => metrics(&args),
        "directory" => tokio::runtime::Runtime::new()?
            .block_on(directory::run(args.people, args.repeats.max(5) as usize)),
        "live" => live::run(args.streams, args.changes),
        "heavy" => heavy::run(args.repeats as usize),
        "figures" => figures::run(figures::Options {
            scale: args.scale,
            repeats: args.repeats as usize,
            writes: args.writes,
            dashboards: args.dashboards,
            interval: std::time::Duration::from_millis(args.interval_ms),
            rounds: args.rounds,
        }),
        other => anyhow::bail!(
            "unknown benchmark {other}: matching, metrics, directory, live, figures or heavy"
        ),
    }
}

/// The whole dashboard (the total and each of the four offices) for 100,000 mentees, 80,000
/// mentors, 60,000 duos and 1,000,000 meetings, against one plain pass over the same records.
fn metrics(args: &Args) -> anyhow::Result<()> {
    use app::domain::followup::Moment;
    use app::domain::metrics::{
        figures, DuoRow, MenteeRow, MentorRow, OutcomeRow, Period, Records,
    };
    use app::domain::states::{DuoState, MenteeState, MentorState};
    use chrono::NaiveDate;
    let mut rng = StdRng::seed_from_u64(42);
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
    let day =
        |rng: &mut StdRng, back: i64| today - chrono::Duration::days(rng.random_range(0..back));
    let (n_mentees, n_mentors, n_duos, n_meetings) = (100_000, 80_000, 60_000, 1_000_000);
    let mentee_states = MenteeState::ALL;
    let mentor_states = MentorState::ALL;
    let duo_states = DuoState::ALL;
    let mentees: Vec<MenteeRow> = (0..n_mentees)
        .map(|_| MenteeRow {
            office: rng.random_range(0..4),
            state: *mentee_states.choose(&mut rng).unwrap(),
            registered: day(&mut rng, 1500),
            waiting_since: Some(day(&mut rng, 200)),
            sectors: 1 << rng.random_range(0..21),
        })
        .collect();
    let mentors: Vec<MentorRow> = (0..n_mentors)
        .map(|_| MentorRow {
            office: rng.random_range(0..4),
            state: *mentor_states.choose(&mut rng).unwrap(),
            registered: day(&mut rng, 1500),
            available_since: Some(day(&mut rng, 200)),
            load: rng.random_range(0..2),
            capacity: 1,
            sectors: 1 << rng.random_range(0..21),
            had_duo: rng.random_bool(0.6),
        })
        .collect();
    let mut duos: Vec<DuoRow> = (0..n_duos)
        .map(|_| {
            let created = day(&mut rng, 1400);
            let started = created + chrono::Duration::days(rng.random_range(5..40));
            let state = *duo_states.choose(&mut rng).unwrap();
            let closed = matches!(
                state,
                DuoState::Completed | DuoState::EndedEarly | DuoState::Archived
            );
            DuoRow {
                office: rng.random_range(0..4),
                mentor: rng.random_range(0..n_mentors as u32),
                state,
                created,
                started_on: (started <= today).then_some(started),
                ended_on: closed
                    .then(|| started + chrono::Duration::days(rng.random_range(30..250))),
                closed_as: closed.then_some(DuoState::EndedEarly),
                end_reason: closed.then(|| "found_job".to_string()),
                last_meeting: None,
                mentee_waiting_since: Some(
                    created - chrono::Duration::days(rng.random_range(1..90)),
                ),
                mentee_intake: Some(created - chrono::Duration::days(rng.random_range(10..120))),
                mentor_next: None,
                proposed_on: None,
            }
        })
        .collect();
    // A million meetings, kept as each duo's last meeting day when they are logged.
    let meetings: Vec<(usize, NaiveDate)> = (0..n_meetings)
        .map(|_| (rng.random_range(0..n_duos), day(&mut rng, 1400)))
        .collect();
    for (d, date) in &meetings {
        let last = &mut duos[*d].last_meeting;
        if last.is_none_or(|l| l < *date) {
            *last = Some(*date);
        }
    }
    let outcomes: Vec<OutcomeRow> = duos
        .iter()
        .filter_map(|d| d.started_on)
        .take(40_000)
        .map(|s| OutcomeRow {
            office: rng.random_range(0..4),
            duo_started: s,
            moment: *[Moment::End, Moment::SixMonths, Moment::TwelveMonths]
                .choose(&mut rng)
                .unwrap(),
            situation: ["job", "training", "still_searching", "not_reached"]
                .choose(&mut rng)
                .unwrap()
                .to_string(),
            stable: Some(rng.random_bool(0.5)),
        })
        .collect();
    let records = Records {
        mentees,
        mentors,
        duos,
        outcomes,
        targets: vec![(0, 300, 220), (1, 180, 140), (2, 170, 130), (3, 150, 110)],
        ..Records::default()
    };
    let year = Period {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
        to: today,
    };
    // Baseline: one plain pass over every record (and every meeting), touching one field each.
    let (scan_s, checksum) = best_of(args.repeats, || {
        let mut sum = 0u64;
        sum += records
            .mentees
            .iter()
            .map(|m| u64::from(m.sectors & 1))
            .sum::<u64>();
        sum += records
            .mentors
            .iter()
            .map(|m| u64::from(m.load))
            .sum::<u64>();
        sum += records
            .duos
            .iter()
            .map(|d| u64::from(d.mentor & 1))
            .sum::<u64>();
        sum += meetings.iter().map(|(d, _)| (*d & 1) as u64).sum::<u64>();
        sum
    });
    let (dash_s, total) = best_of(args.repeats, || {
        let total = figures(&records, &[0, 1, 2, 3], year, today);
        for office in 0..4u8 {
            std::hint::black_box(figures(&records, &[office], year, today));
        }
        total
    });
    println!("| data set | work | time (s) | vs one full scan |");
    println!("|---|---|---:|---:|");
    println!("| {n_mentees} mentees, {n_mentors} mentors, {n_duos} duos, {n_meetings} meetings | one full scan of every record (baseline, checksum {checksum}) | {scan_s:.4} | 1.00 |");
    println!(
        "| same | the whole dashboard: total and four offices, every figure | {dash_s:.4} | {:.1} |",
        dash_s / scan_s
    );
    println!(
        "(active duos {}, waiting {}, cohorts {})",
        total.active_duos,
        total.waiting_mentees,
        total.outcomes.len()
    );
    Ok(())
}

fn matching(args: &Args) -> anyhow::Result<()> {
    let sizes: &[(usize, usize)] = if args.quick {
        &[(1000, 1000)]
    } else {
        &[(1000, 1000), (5000, 4000)]
    };
    let dir = tempfile_dir()?;
    println!("| size (mentees × mentors) | instance | Duo (s) | SciPy (s) | Duo / SciPy | totals equal |");
    println!("|---|---|---:|---:|---:|---|");
    let mut all_equal = true;
    for &(n, m) in sizes {
        let (mentees, mentors, failed) = structured(n, m, 7 + n as u64);
        let mut structured_optimum = f64::NAN;
        for kind in ["uniform", "structured"] {
            let w = match kind {
                "uniform" => uniform(n, m, 11 + n as u64),
                _ => score_matrix(&mentees, &mentors, &failed),
            };
            let path = dir.join(format!("{kind}-{n}x{m}.bin"));
            write_matrix(&path, n, m, &w)?;
            let (scipy_s, scipy_total) = scipy(args, &path)?;
            let (ours_s, solution) = best_of(args.repeats, || solve_dense_max(n, m, &w));
            let equal = (solution.total - scipy_total).abs() <= 1e-9 * scipy_total.abs().max(1.0);
            all_equal &= equal;
            println!(
                "| {n} × {m} | {kind} | {ours_s:.3} | {scipy_s:.3} | {:.2} | {} ({:.6} / {:.6}) |",
                ours_s / scipy_s,
                if equal { "yes" } else { "NO" },
                solution.total,
                scipy_total
            );
            if kind == "structured" {
                structured_optimum = scipy_total;
            }
            let _ = std::fs::remove_file(&path);
        }
        let (_, scores) = best_of(1, || score_matrix(&mentees, &mentors, &failed));
        let caps = vec![1u32; m];
        let (cap_s, choice) = best_of(args.repeats, || {
            app::domain::assignment::solve_with_capacities(n, &caps, |i, j| {
                let w = scores[i * m + j];
                (w > 0.0).then_some(w)
            })
        });
        let cap_total: f64 = choice
            .iter()
            .enumerate()
            .filter_map(|(i, j)| Some(scores[i * m + (*j)?]))
            .sum();
        let cap_equal = cap_total == structured_optimum;
        all_equal &= cap_equal;
        println!(
            "| {n} × {m} | capacity solver (memory-light path) on the structured scores | {cap_s:.3} | | | {} |",
            if cap_equal { "yes" } else { "NO" }
        );
        // The whole slate as the server computes it: filters, scores, capacities and the solve.
        let (slate_s, slate) = best_of(args.repeats, || {
            propose(&mentees, &mentors, &failed, &Weights::default())
        });
        println!(
            "| {n} × {m} | whole slate (scoring + filters + solve) | {slate_s:.3} | | | {} pairs, total {} |",
            slate.pairs.len(),
            slate.total_score
        );
        // Capacity one each: the slate's optimum is the structured matrix's optimum.
        all_equal &= f64::from(slate.total_score) == structured_optimum;
    }
    let _ = std::fs::remove_dir(&dir);
    if !all_equal {
        anyhow::bail!("a total differs from SciPy's");
    }
    Ok(())
}

fn tempfile_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("duo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
