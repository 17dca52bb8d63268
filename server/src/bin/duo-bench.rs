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
#[command(about = "Benchmarks Duo's optimal slate against SciPy's linear_sum_assignment")]
struct Args {
    /// Timed repetitions of each solver; the best is reported.
    #[arg(long, default_value_t = 3)]
    repeats: u32,
    /// The Python that has SciPy.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Only the 1,000 × 1,000 instances.
    #[arg(long)]
    quick: bool,
}

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
            let (scipy_s, scipy_total) = scipy(&args, &path)?;
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
