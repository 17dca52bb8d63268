//! Headquarters as an attacker: for many generated programmes and periods, the dashboard's JSON
//! and every CSV table as headquarters receive them, and every exact derivation the attacker knows
//! (a total minus the visible offices, a whole minus its visible parts, a percent times its
//! denominator, a count divided by its percent, counts that must be equal, parts of a zero sum,
//! and any linear combination of all of these) tried until nothing new comes out. No hidden cell
//! may be recovered. The attacker's knowledge of how the figures add up is written here, apart
//! from the suppression code, so a relation the suppression forgets is found, not copied.
use super::contract_tests::{dashboard_of, programme, tables, today, Dice};
use super::Dashboard;
use crate::domain::metrics::{Period, Records};
use chrono::{Datelike, NaiveDate};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Counts of a scope that are plain numbers.
const COUNTS: [&str; 5] = [
    "waiting_mentees",
    "available_mentors",
    "open_duos",
    "active_duos",
    "quiet_duos",
];

/// The shares of a cohort row (each of those reached).
const COHORT_SHARES: [&str; 5] = [
    "positive",
    "job",
    "stable_job",
    "training_or_internship",
    "still_searching",
];

/// The shares of the satisfaction figures.
const SATISFACTION_SHARES: [&str; 4] = [
    "mentees_satisfied",
    "mentors_satisfied",
    "in_touch_six_months",
    "in_touch_twelve_months",
];

/// What one party reads: counts by key (`scope/figure`), `None` when hidden, and each share's
/// percent by the key of its numerator, with the key of its denominator.
#[derive(Default)]
struct Sheet {
    counts: BTreeMap<String, Option<i64>>,
    percents: BTreeMap<String, (String, Option<f64>)>,
}

impl Sheet {
    fn count(&mut self, key: String, v: &Value) {
        let n = v.as_i64();
        assert!(n.is_some() || v == "<5", "{key}: {v}");
        self.counts.insert(key, n);
    }

    fn share(&mut self, n: String, of: String, v: &Value) {
        self.count(n.clone(), &v["n"]);
        self.percents.insert(n, (of, v["percent"].as_f64()));
    }

    /// Reads one scope of the dashboard's JSON.
    fn scope(&mut self, s: &str, f: &Value) {
        for c in COUNTS {
            self.count(format!("{s}/{c}"), &f[c]);
        }
        self.count(format!("{s}/days_to_duo"), &f["days_to_duo"]["n"]);
        self.count(format!("{s}/mentees_this_year"), &f["progress"]["mentees"]);
        self.count(format!("{s}/mentors_this_year"), &f["progress"]["mentors"]);
        for side in ["mentee_funnel", "mentor_funnel"] {
            for (i, v) in f[side].as_array().unwrap().iter().enumerate() {
                self.count(format!("{s}/{side}.{i}"), v);
            }
        }
        for share in ["reached_six_months", "repeat_mentors"] {
            self.count(format!("{s}/{share}.of"), &f[share]["of"]);
            self.share(
                format!("{s}/{share}.n"),
                format!("{s}/{share}.of"),
                &f[share],
            );
        }
        for share in SATISFACTION_SHARES {
            let p = &f["satisfaction"][share];
            self.count(format!("{s}/{share}.of"), &p["of"]);
            self.share(format!("{s}/{share}.n"), format!("{s}/{share}.of"), p);
            // The others (not satisfied, not in touch): never written, known as `of` − `n`.
            self.counts.insert(format!("{s}/{share}.no"), None);
        }
        for e in f["early_ends"].as_array().unwrap() {
            self.count(
                format!("{s}/early_end.{}", e["reason"].as_str().unwrap()),
                &e["n"],
            );
        }
        for x in f["supply_by_sector"].as_array().unwrap() {
            let sector = x["sector"].as_str().unwrap();
            self.count(format!("{s}/supply.{sector}.mentors"), &x["mentors"]);
            self.count(format!("{s}/supply.{sector}.mentees"), &x["mentees"]);
        }
        for c in f["outcomes"].as_array().unwrap() {
            let row = format!("{s}/cohort.{}.{}", c["cohort"], c["moment"]);
            let recorded = format!("{row}.recorded");
            let reached = format!("{row}.reached");
            self.count(recorded.clone(), &c["recorded"]);
            assert_eq!(c["reached"]["of"], c["recorded"], "one cell, written twice");
            self.share(reached.clone(), recorded, &c["reached"]);
            for share in COHORT_SHARES {
                assert_eq!(c[share]["of"], c["reached"]["n"], "one cell, written twice");
                self.share(format!("{row}.{share}"), reached.clone(), &c[share]);
            }
        }
        for p in f["waiting_over_time"].as_array().unwrap() {
            self.count(
                format!("{s}/waiting.{}", p["date"].as_str().unwrap()),
                &p["waiting"],
            );
        }
    }

    /// Reads the dashboard's JSON: the total (`total`) and each office (its slug).
    fn read(d: &Value) -> Sheet {
        let mut sheet = Sheet::default();
        sheet.scope("total", &d["total"]);
        for o in d["offices"].as_array().unwrap() {
            sheet.scope(o["office"].as_str().unwrap(), o);
        }
        sheet
    }

    /// Adds what a CSV cell tells: a number where the JSON hides it is learnt; a number the JSON
    /// shows must be the same.
    fn learn(&mut self, key: String, text: &str) {
        let Ok(n) = text.parse::<i64>() else {
            return;
        };
        match self.counts.get(&key) {
            Some(Some(shown)) => assert_eq!(*shown, n, "{key}: the CSV and the JSON differ"),
            Some(None) => {
                self.counts.insert(key, Some(n));
            }
            None => panic!("{key}: a CSV cell the JSON does not have"),
        }
    }

    fn learn_percent(&mut self, n_key: String, text: &str) {
        let Ok(p) = text.parse::<f64>() else {
            return;
        };
        let entry = self.percents.get_mut(&n_key).expect("a known share");
        match entry.1 {
            Some(shown) => assert_eq!(shown, p, "{n_key}: the CSV and the JSON differ"),
            None => entry.1 = Some(p),
        }
    }

    /// Reads every CSV table as headquarters download them.
    fn read_csv(&mut self, csv: &Value) {
        let lines = |t: &str| -> Vec<Vec<String>> {
            csv[t].as_array().unwrap()[1..]
                .iter()
                .map(|l| l.as_str().unwrap().split(',').map(str::to_string).collect())
                .collect()
        };
        for r in lines("summary") {
            let s = &r[0];
            for (i, name) in [
                (1, "waiting_mentees"),
                (4, "available_mentors"),
                (5, "open_duos"),
                (6, "active_duos"),
                (7, "quiet_duos"),
                (8, "mentees_this_year"),
                (10, "mentors_this_year"),
            ] {
                self.learn(format!("{s}/{name}"), &r[i]);
            }
        }
        for r in lines("funnel") {
            for i in 0..5 {
                self.learn(format!("{}/{}_funnel.{i}", r[0], r[1]), &r[2 + i]);
            }
        }
        for r in lines("outcomes") {
            let row = format!("{}/cohort.\"{}\".\"{}\"", r[0], r[1], r[2]);
            self.learn(format!("{row}.recorded"), &r[3]);
            let shares = std::iter::once("reached").chain(COHORT_SHARES);
            for (i, share) in shares.enumerate() {
                self.learn_percent(format!("{row}.{share}"), &r[4 + i]);
            }
        }
        for r in lines("waiting") {
            self.learn(format!("{}/waiting.{}", r[0], r[1]), &r[2]);
        }
        for r in lines("supply") {
            self.learn(format!("{}/supply.{}.mentors", r[0], r[1]), &r[2]);
            self.learn(format!("{}/supply.{}.mentees", r[0], r[1]), &r[3]);
        }
        for r in lines("satisfaction") {
            for (i, share) in SATISFACTION_SHARES.iter().enumerate() {
                self.learn(format!("{}/{share}.of", r[0]), &r[1 + 3 * i]);
                self.learn(format!("{}/{share}.n", r[0]), &r[2 + 3 * i]);
                self.learn_percent(format!("{}/{share}.n", r[0]), &r[3 + 3 * i]);
            }
        }
    }
}

/// A known relation: the sum of `coefficient × cell` is zero.
type Equation = Vec<(String, f64)>;

/// How the figures add up, as the attacker knows it from the dashboard's definitions: each figure
/// of the total is the sum of the offices' (a row an office lacks counts zero), a cohort's
/// positive outcomes are its jobs plus its training or internships, and two figures count the
/// same people when the period makes them (the waiting list measured today is the waiting list;
/// over the calendar year so far, the first funnel stage is the year's registrations).
fn equations(sheet: &mut Sheet, offices: &[String], period: Period) -> Vec<Equation> {
    let mut eqs = Vec::new();
    let figures: BTreeSet<String> = sheet
        .counts
        .keys()
        .map(|k| k.split_once('/').unwrap().1.to_string())
        .collect();
    for figure in &figures {
        // Mentors are counted once in the total even with duos in two offices: not a sum.
        if figure.starts_with("repeat_mentors") {
            continue;
        }
        let mut eq = vec![(format!("total/{figure}"), 1.0)];
        for o in offices {
            let key = format!("{o}/{figure}");
            sheet.counts.entry(key.clone()).or_insert(Some(0));
            eq.push((key, -1.0));
        }
        sheet.counts.entry(eq[0].0.clone()).or_insert(Some(0));
        eqs.push(eq);
    }
    let scopes: Vec<String> = std::iter::once("total".to_string())
        .chain(offices.iter().cloned())
        .collect();
    for s in &scopes {
        let rows: BTreeSet<String> = sheet
            .counts
            .keys()
            .filter_map(|k| k.strip_prefix(&format!("{s}/cohort.")))
            .filter_map(|k| k.rsplit_once('.').map(|(row, _)| row.to_string()))
            .collect();
        for row in rows {
            let cell = |c: &str| format!("{s}/cohort.{row}.{c}");
            eqs.push(vec![
                (cell("positive"), 1.0),
                (cell("job"), -1.0),
                (cell("training_or_internship"), -1.0),
            ]);
        }
        for share in SATISFACTION_SHARES {
            let cell = |c: &str| format!("{s}/{share}.{c}");
            eqs.push(vec![
                (cell("of"), 1.0),
                (cell("n"), -1.0),
                (cell("no"), -1.0),
            ]);
        }
        let today_key = format!("{s}/waiting.{}", today().format("%Y-%m-%d"));
        if sheet.counts.contains_key(&today_key) {
            eqs.push(vec![
                (format!("{s}/waiting_mentees"), 1.0),
                (today_key, -1.0),
            ]);
        }
        let new_year = NaiveDate::from_ymd_opt(today().year(), 1, 1).unwrap();
        if period.from == new_year && period.to == today() {
            for side in ["mentee", "mentor"] {
                eqs.push(vec![
                    (format!("{s}/{side}_funnel.0"), 1.0),
                    (format!("{s}/{side}s_this_year"), -1.0),
                ]);
            }
        }
    }
    eqs
}

/// A share's percent as the dashboard writes it.
fn written_percent(n: i64, of: i64) -> f64 {
    (1000.0 * n as f64 / of as f64).round() / 10.0
}

/// Every value the attacker can pin down from what they read, until nothing new comes out, with
/// the derivation that gave it (`shown`, `sums`, `zero sum`, `percent`).
fn attack(sheet: &Sheet, eqs: &[Equation]) -> BTreeMap<String, (i64, &'static str)> {
    let mut how: BTreeMap<String, &'static str> = BTreeMap::new();
    let mut known: BTreeMap<String, i64> = sheet
        .counts
        .iter()
        .filter_map(|(k, v)| v.map(|v| (k.clone(), v)))
        .collect();
    loop {
        let before = known.len();
        // Linear algebra over the unknowns: any combination of the relations that leaves one.
        let open: Vec<&Equation> = eqs
            .iter()
            .filter(|eq| eq.iter().any(|(k, _)| !known.contains_key(k)))
            .collect();
        let unknowns: Vec<&String> = open
            .iter()
            .flat_map(|eq| eq.iter().map(|(k, _)| k))
            .filter(|k| !known.contains_key(*k))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let column: BTreeMap<&String, usize> =
            unknowns.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let mut rows: Vec<Vec<f64>> = open
            .iter()
            .map(|eq| {
                let mut row = vec![0.0; unknowns.len() + 1];
                for (k, c) in eq.iter() {
                    match known.get(k) {
                        Some(v) => row[unknowns.len()] -= c * *v as f64,
                        None => row[column[k]] += c,
                    }
                }
                row
            })
            .collect();
        let mut pivot_row = 0;
        for col in 0..unknowns.len() {
            let Some(p) = (pivot_row..rows.len()).find(|r| rows[*r][col].abs() > 1e-9) else {
                continue;
            };
            rows.swap(pivot_row, p);
            let lead = rows[pivot_row][col];
            rows[pivot_row].iter_mut().for_each(|x| *x /= lead);
            for r in 0..rows.len() {
                let factor = rows[r][col];
                if r != pivot_row && factor.abs() > 1e-9 {
                    let pivot = rows[pivot_row].clone();
                    rows[r]
                        .iter_mut()
                        .zip(pivot)
                        .for_each(|(x, p)| *x -= factor * p);
                }
            }
            pivot_row += 1;
        }
        for row in &rows {
            let nonzero: Vec<usize> = (0..unknowns.len())
                .filter(|c| row[*c].abs() > 1e-9)
                .collect();
            if let [only] = nonzero[..] {
                let value = row[unknowns.len()] / row[only];
                known.insert(unknowns[only].clone(), value.round() as i64);
                how.insert(unknowns[only].clone(), "sums");
            }
        }
        // Counts are never negative: unknown parts of a known zero sum are all zero…
        for eq in eqs {
            let (total, parts) = (&eq[0], &eq[1..]);
            let Some(t) = known.get(&total.0) else {
                continue;
            };
            let rest = t - parts.iter().filter_map(|(k, _)| known.get(k)).sum::<i64>();
            // …and each hidden cell reads "under five": unknown parts holding four each are four.
            let unknown = parts.iter().filter(|(k, _)| !known.contains_key(k)).count() as i64;
            let each = match rest {
                0 => Some((0, "zero sum")),
                r if unknown > 0 && r == unknown * 4 => Some((4, "full sum")),
                _ => None,
            };
            if let Some((value, by)) = each {
                for (k, _) in parts {
                    if !known.contains_key(k) {
                        known.insert(k.clone(), value);
                        how.insert(k.clone(), by);
                    }
                }
            }
        }
        // A percent with its denominator gives the numerator, and with its numerator the
        // denominator, when only one whole number fits.
        for (n_key, (of_key, percent)) in &sheet.percents {
            let Some(p) = percent else { continue };
            match (known.get(n_key).copied(), known.get(of_key).copied()) {
                (None, Some(of)) if of > 0 => {
                    let fits: Vec<i64> =
                        (0..=of).filter(|n| written_percent(*n, of) == *p).collect();
                    if let [n] = fits[..] {
                        known.insert(n_key.clone(), n);
                        how.insert(n_key.clone(), "percent");
                    }
                }
                (Some(n), None) if n > 0 => {
                    let fits: Vec<i64> = (n..=n * 2000)
                        .filter(|of| written_percent(n, *of) == *p)
                        .collect();
                    if let [of] = fits[..] {
                        known.insert(of_key.clone(), of);
                        how.insert(of_key.clone(), "percent");
                    }
                }
                _ => {}
            }
        }
        if known.len() == before {
            return known
                .into_iter()
                .map(|(k, v)| {
                    let by = how.get(&k).copied().unwrap_or("shown");
                    (k, (v, by))
                })
                .collect();
        }
    }
}

/// The hidden cells of `hq` the attacker recovers, as `(cell = value, derivation)`, the truth
/// read from `exact`; panics if a derivation comes out wrong (the attacker's knowledge would be
/// false).
fn recovered(hq: &Dashboard, exact: &Dashboard, period: Period) -> Vec<(String, &'static str)> {
    let hq_json = serde_json::to_value(hq).unwrap();
    let mut sheet = Sheet::read(&hq_json);
    let hidden: BTreeSet<String> = sheet
        .counts
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k.clone())
        .collect();
    sheet.read_csv(&tables(hq));
    let offices: Vec<String> = hq.offices.iter().filter_map(|o| o.office.clone()).collect();
    let eqs = equations(&mut sheet, &offices, period);
    let mut truth = Sheet::read(&serde_json::to_value(exact).unwrap());
    equations(&mut truth, &offices, period);
    let mut found = Vec::new();
    for (key, (value, how)) in attack(&sheet, &eqs) {
        // A share's others are never written: their truth is `of` − `n`, and only under five is
        // there something to keep (five or more others may be read off any share).
        let others = key.strip_suffix(".no").map(|share| {
            let count = |c: &str| truth.counts[&format!("{share}.{c}")].expect("exact");
            count("of") - count("n")
        });
        if others.is_some_and(|n| n >= 5) {
            continue;
        }
        let real =
            others.unwrap_or_else(|| truth.counts[&key].expect("the exact view hides nothing"));
        // "Under five" is a reading, not a fact, for a cell hidden to protect another: parts that
        // merely add up to four each (3 + 5) lead the reader astray, which discloses nothing.
        if how == "full sum" && value != real {
            continue;
        }
        assert_eq!(
            value, real,
            "{key}: the attacker derived a wrong value by {how}"
        );
        if hidden.contains(&key) {
            found.push((format!("{key} = {value}"), how));
        }
    }
    found
}

/// The dashboard as main published it before complementary suppression: each count under five
/// hidden on its own, ages with their count, a percent only with its denominator.
fn todays_rule(exact: &Dashboard) -> Dashboard {
    fn small(v: &mut Value) -> bool {
        let is_small = v.as_u64().is_some_and(|n| n < 5);
        if is_small {
            *v = "<5".into();
        }
        is_small
    }
    fn share(p: &mut Value) {
        small(&mut p["n"]);
        if small(&mut p["of"]) {
            p["percent"] = Value::Null;
        }
    }
    fn scope(f: &mut Value) {
        for (count, ages) in [
            (
                "waiting_mentees",
                ["waiting_median_days", "waiting_oldest_days"],
            ),
            (
                "available_mentors",
                ["available_median_days", "available_oldest_days"],
            ),
        ] {
            if small(&mut f[count]) {
                ages.iter().for_each(|a| f[*a] = Value::Null);
            }
        }
        for c in ["open_duos", "active_duos", "quiet_duos"] {
            small(&mut f[c]);
        }
        if small(&mut f["days_to_duo"]["n"]) {
            f["days_to_duo"]["median"] = Value::Null;
            f["days_to_duo"]["p90"] = Value::Null;
        }
        for side in ["mentee_funnel", "mentor_funnel"] {
            f[side].as_array_mut().unwrap().iter_mut().for_each(|v| {
                small(v);
            });
        }
        small(&mut f["progress"]["mentees"]);
        small(&mut f["progress"]["mentors"]);
        share(&mut f["reached_six_months"]);
        share(&mut f["repeat_mentors"]);
        for e in f["early_ends"].as_array_mut().unwrap() {
            small(&mut e["n"]);
        }
        for x in f["supply_by_sector"].as_array_mut().unwrap() {
            small(&mut x["mentors"]);
            small(&mut x["mentees"]);
        }
        for c in f["outcomes"].as_array_mut().unwrap() {
            small(&mut c["recorded"]);
            for s in std::iter::once("reached").chain(COHORT_SHARES) {
                share(&mut c[s]);
            }
        }
        for p in f["waiting_over_time"].as_array_mut().unwrap() {
            if small(&mut p["waiting"]) {
                p["median_days"] = Value::Null;
            }
        }
    }
    let mut v = serde_json::to_value(exact).unwrap();
    scope(&mut v["total"]);
    v["offices"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .for_each(scope);
    v["suppressed"] = true.into();
    serde_json::from_value(v).unwrap()
}

/// The hidden cells headquarters can recover from one programme over one period.
fn leaks(r: &Records, period: Period) -> Vec<(String, &'static str)> {
    recovered(
        &dashboard_of(r, period, true),
        &dashboard_of(r, period, false),
        period,
    )
}

/// Generated programmes: one large office, small ones, an empty one, rolled from `seed`.
fn programme_of(seed: u64) -> Records {
    let mut dice = Dice(seed);
    let mut sizes = |big: usize| {
        (
            big + dice.roll(big as u64 + 1) as usize,
            dice.roll(big as u64 / 2 + 2) as usize,
            dice.roll(big as u64 / 2 + 2) as usize,
            dice.roll(big as u64 / 2 + 2) as usize,
        )
    };
    let (a, b, c, d) = sizes(40);
    let (e, f, g, h) = sizes(6);
    let (i, j, k, l) = sizes(3);
    programme(seed, &[(0, a, b, c, d), (1, e, f, g, h), (2, i, j, k, l)])
}

/// Periods that make figures coincide: the calendar year so far (its first funnel stage is the
/// year's registrations), twelve weeks (a last weekly point on today), and an autumn.
fn periods() -> [Period; 3] {
    let today = today();
    [
        Period {
            from: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            to: today,
        },
        Period {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            to: today,
        },
        Period {
            from: today - chrono::Duration::days(84),
            to: today,
        },
    ]
}

/// The attacker is not blind: on the same programmes, the dashboard as main published it gives
/// hidden cells away, both as a total minus the other offices and as a percent times its
/// denominator.
#[test]
fn the_attacker_recovers_what_the_old_rule_left_open() {
    let mut ways = BTreeSet::new();
    for seed in 0..40u64 {
        let r = programme_of(seed);
        for period in periods() {
            let exact = dashboard_of(&r, period, false);
            ways.extend(
                recovered(&todays_rule(&exact), &exact, period)
                    .into_iter()
                    .map(|(_, how)| how),
            );
        }
    }
    assert!(
        ways.contains("sums") && ways.contains("percent"),
        "{ways:?}"
    );
}

/// Programmes of every shape: one large office, small ones, an empty one, many seeds, and
/// periods that make figures coincide (the calendar year; a last weekly point on today).
#[test]
fn headquarters_recover_no_hidden_cell() {
    let mut all = Vec::new();
    for seed in 0..40u64 {
        let r = programme_of(seed);
        for period in periods() {
            all.extend(
                leaks(&r, period)
                    .into_iter()
                    .map(|(l, how)| format!("seed {seed}, from {}: {l} by {how}", period.from)),
            );
        }
    }
    assert!(
        all.is_empty(),
        "{} hidden cells recovered, e.g. {:?}",
        all.len(),
        &all[..all.len().min(12)]
    );
}
