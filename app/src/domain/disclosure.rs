//! Statistical disclosure control of a published table of counts: which cells to hide so that no
//! count of fewer than five people (zero included) can be read, neither directly nor by adding
//! and subtracting the cells that are shown. The caller describes the table (its cells and the
//! sums that hold between them: offices adding up to the total, parts adding up to a whole, two
//! figures counting the same people) and publishes what [`Table::hidden`] decides.
//!
//! The rules, applied until nothing changes:
//! - primary: a small cell ([`Cell::of`]: under five people, zero included) is hidden;
//! - complementary: a sum with exactly one hidden member would give it away (the whole minus the
//!   visible parts), so the smallest visible member is hidden too;
//! - bounds: counts are never negative and a hidden cell reads "under five", so when a known
//!   whole leaves its hidden parts nothing (all zero) or as much as they can hold (all four),
//!   each of them is told: the smallest visible part is hidden too;
//! - audit: any hidden cell still pinned down by a combination of the sums (rows against
//!   columns) takes the smallest visible member of one of its sums with it.
use crate::domain::metrics::{Cell, Period, SMALL_CELL};
use chrono::{Datelike, NaiveDate};

/// The period of a table with hidden cells: the whole calendar year of its start (this year up
/// to today). Two such periods are the same or do not overlap, so no difference of two answers
/// (January to March minus January to February) isolates a shorter period whose small cells
/// were hidden; the suppression of each table then covers every period it can be asked for.
pub fn published_period(asked: Period, today: NaiveDate) -> Period {
    let year = asked.from.year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(asked.from);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(asked.to);
    Period {
        from: first,
        to: last.min(today).max(first),
    }
}

/// The answers headquarters' satisfaction figures count: those of `period` given before this
/// month. An evaluation is one person's opinion; counted live, two loads of the dashboard around
/// one answer would tell which way that person answered. Counted by whole months, a difference
/// tells no more than a month of an office's answers.
pub fn settled_period(period: Period, today: NaiveDate) -> Period {
    let month_start = today.with_day(1).unwrap_or(today);
    Period {
        from: period.from,
        to: period.to.min(month_start - chrono::Duration::days(1)),
    }
}

/// A relation of the table: the cell `total` is the sum of the cells `parts`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sum {
    total: usize,
    parts: Vec<usize>,
}

impl Sum {
    fn members(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().copied())
    }
}

/// A table of counts and the sums between them.
#[derive(Clone, Debug, Default)]
pub struct Table {
    values: Vec<u32>,
    /// Cells the reader knows whatever is decided (a row left out of a list is a known zero).
    known: Vec<bool>,
    sums: Vec<Sum>,
}

impl Table {
    /// Adds a published count; its index names it in [`Table::sum`] and [`Table::hidden`].
    pub fn cell(&mut self, value: u32) -> usize {
        self.values.push(value);
        self.known.push(false);
        self.values.len() - 1
    }

    /// Adds a count the reader knows anyway (never hidden, never chosen to hide another).
    pub fn known(&mut self, value: u32) -> usize {
        let i = self.cell(value);
        self.known[i] = true;
        i
    }

    /// Records that `total` is the sum of `parts` (one part: two cells counting the same people).
    pub fn sum(&mut self, total: usize, parts: Vec<usize>) {
        self.sums.push(Sum { total, parts });
    }

    /// Which cells to hide, by index.
    pub fn hidden(&self) -> Vec<bool> {
        let mut hidden: Vec<bool> = (0..self.values.len())
            .map(|i| !self.known[i] && Cell::of(self.values[i], true) == Cell::Small)
            .collect();
        let components = self.components();
        loop {
            let complemented = self.complement(&mut hidden);
            if !complemented && !self.audit(&mut hidden, &components) {
                return hidden;
            }
        }
    }

    /// The smallest member of `cells` that may still be hidden (ties: the first added).
    fn smallest_visible(
        &self,
        cells: impl Iterator<Item = usize>,
        hidden: &[bool],
    ) -> Option<usize> {
        cells
            .filter(|c| !hidden[*c] && !self.known[*c])
            .min_by_key(|c| (self.values[*c], *c))
    }

    /// One pass of the complementary and bounds rules; whether it hid anything.
    fn complement(&self, hidden: &mut [bool]) -> bool {
        let mut changed = false;
        for sum in &self.sums {
            let hidden_members = sum.members().filter(|c| hidden[*c]).count();
            let hidden_parts: Vec<usize> =
                sum.parts.iter().copied().filter(|c| hidden[*c]).collect();
            let exposed = hidden_members == 1
                || (!hidden[sum.total]
                    && !hidden_parts.is_empty()
                    && at_a_bound(hidden_parts.iter().map(|c| self.values[*c])));
            if !exposed {
                continue;
            }
            let candidates: Vec<usize> = if hidden_members == 1 {
                sum.members().collect()
            } else {
                sum.parts.clone()
            };
            // When every part is hidden already, the whole goes (its parts can no longer be told).
            let chosen = self
                .smallest_visible(candidates.into_iter(), hidden)
                .or_else(|| self.smallest_visible(std::iter::once(sum.total), hidden));
            if let Some(c) = chosen {
                hidden[c] = true;
                changed = true;
            }
        }
        changed
    }

    /// Groups of sums that share cells: each is solved on its own.
    fn components(&self) -> Vec<Vec<usize>> {
        let mut parent: Vec<usize> = (0..self.values.len()).collect();
        fn root(parent: &mut [usize], mut c: usize) -> usize {
            while parent[c] != c {
                parent[c] = parent[parent[c]];
                c = parent[c];
            }
            c
        }
        for sum in &self.sums {
            for m in sum.parts.iter() {
                let (a, b) = (root(&mut parent, sum.total), root(&mut parent, *m));
                parent[a] = b;
            }
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, sum) in self.sums.iter().enumerate() {
            groups
                .entry(root(&mut parent, sum.total))
                .or_default()
                .push(i);
        }
        groups.into_values().collect()
    }

    /// Finds a hidden cell that the sums of its group still pin down, and hides the smallest
    /// visible member of one of its sums; whether it hid anything.
    fn audit(&self, hidden: &mut [bool], components: &[Vec<usize>]) -> bool {
        for group in components {
            for cell in self.pinned(group, hidden) {
                let around = group
                    .iter()
                    .map(|s| &self.sums[*s])
                    .filter(|s| s.members().any(|m| m == cell))
                    .flat_map(|s| s.members());
                if let Some(c) = self.smallest_visible(around, hidden) {
                    hidden[c] = true;
                    return true;
                }
            }
        }
        false
    }

    /// The hidden cells of a group of sums that a combination of its sums determines: the
    /// reduced row echelon form of the sums over the hidden cells has a row with that cell alone.
    fn pinned(&self, group: &[usize], hidden: &[bool]) -> Vec<usize> {
        let mut cells: Vec<usize> = group
            .iter()
            .flat_map(|s| self.sums[*s].members())
            .filter(|c| hidden[*c])
            .collect();
        cells.sort_unstable();
        cells.dedup();
        let column = |c: usize| cells.binary_search(&c).ok();
        let mut rows: Vec<Vec<Ratio>> = group
            .iter()
            .map(|s| {
                let sum = &self.sums[*s];
                let mut row = vec![Ratio::ZERO; cells.len()];
                if let Some(i) = column(sum.total) {
                    row[i] = row[i].add(Ratio::ONE);
                }
                for p in &sum.parts {
                    if let Some(i) = column(*p) {
                        row[i] = row[i].add(Ratio::MINUS_ONE);
                    }
                }
                row
            })
            .collect();
        reduce(&mut rows, cells.len());
        rows.iter()
            .filter_map(|row| {
                let mut nonzero = (0..cells.len()).filter(|i| !row[*i].is_zero());
                match (nonzero.next(), nonzero.next()) {
                    (Some(only), None) => Some(cells[only]),
                    _ => None,
                }
            })
            .collect()
    }
}

/// An exact fraction, for the row reduction of small integer systems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    const ZERO: Ratio = Ratio { num: 0, den: 1 };
    const ONE: Ratio = Ratio { num: 1, den: 1 };
    const MINUS_ONE: Ratio = Ratio { num: -1, den: 1 };

    fn new(num: i128, den: i128) -> Ratio {
        fn gcd(a: i128, b: i128) -> i128 {
            if b == 0 {
                a.abs().max(1)
            } else {
                gcd(b, a % b)
            }
        }
        let g = gcd(num, den) * den.signum();
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    fn is_zero(self) -> bool {
        self.num == 0
    }

    fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }

    fn mul(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.num, self.den * o.den)
    }

    fn div(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den, self.den * o.num)
    }

    fn neg(self) -> Ratio {
        Ratio {
            num: -self.num,
            den: self.den,
        }
    }
}

/// Brings `rows` (each `width` long) to reduced row echelon form.
fn reduce(rows: &mut [Vec<Ratio>], width: usize) {
    let mut next = 0;
    for col in 0..width {
        let Some(p) = (next..rows.len()).find(|r| !rows[*r][col].is_zero()) else {
            continue;
        };
        rows.swap(next, p);
        let lead = rows[next][col];
        for x in rows[next].iter_mut() {
            *x = x.div(lead);
        }
        let pivot = rows[next].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            let factor = row[col];
            if r != next && !factor.is_zero() {
                for (x, p) in row.iter_mut().zip(&pivot) {
                    *x = x.add(p.mul(factor).neg());
                }
            }
        }
        next += 1;
    }
}

/// Whether hidden parts whose sum a reader can work out (a visible whole minus the visible parts)
/// are each told by it: they are all 0 (a sum of 0), or all four (four per part, since each reads
/// "under five"). Parts that merely add up to four each (3 + 5) tell nothing exact.
fn at_a_bound(hidden_parts: impl Iterator<Item = u32>) -> bool {
    let values: Vec<u32> = hidden_parts.collect();
    let all = |bound: u32| values.iter().all(|v| *v == bound);
    !values.is_empty() && (all(0) || all(SMALL_CELL - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_count_for_headquarters_once_their_month_is_over() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let year = Period {
            from: day(2026, 1, 1),
            to: day(2026, 12, 3),
        };
        assert_eq!(settled_period(year, day(2026, 12, 3)).to, day(2026, 11, 30));
        // The first of the month still counts nothing of it; a past year keeps its end.
        assert_eq!(settled_period(year, day(2026, 12, 1)).to, day(2026, 11, 30));
        let past = Period {
            from: day(2025, 1, 1),
            to: day(2025, 12, 31),
        };
        assert_eq!(settled_period(past, day(2026, 12, 3)), past);
        // In January, this year has no month over yet: nothing is counted.
        let january = Period {
            from: day(2026, 1, 1),
            to: day(2026, 1, 20),
        };
        let settled = settled_period(january, day(2026, 1, 20));
        assert!(settled.to < settled.from);
    }

    #[test]
    fn published_periods_are_the_same_or_apart() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let today = day(2026, 12, 2);
        let mut asked = Vec::new();
        for (y, m, d) in [
            (2024, 3, 9),
            (2025, 1, 1),
            (2025, 6, 30),
            (2025, 12, 31),
            (2026, 1, 1),
            (2026, 2, 14),
            (2026, 12, 2),
            (2027, 5, 1),
        ] {
            for length in [0, 1, 6, 30, 45, 90, 200, 365, 800] {
                let from = day(y, m, d);
                asked.push(Period {
                    from,
                    to: from + chrono::Duration::days(length),
                });
            }
        }
        let published: Vec<Period> = asked.iter().map(|p| published_period(*p, today)).collect();
        for a in &published {
            assert!(a.from <= a.to);
            assert_eq!((a.from.month(), a.from.day()), (1, 1));
            for b in &published {
                let apart = a.to < b.from || b.to < a.from;
                assert!(a == b || apart, "{a:?} and {b:?} overlap");
            }
        }
        // This year runs to today; a past year is whole.
        assert_eq!(
            published_period(asked[0], today),
            Period {
                from: day(2024, 1, 1),
                to: day(2024, 12, 31)
            }
        );
        let this_year = Period {
            from: day(2026, 2, 14),
            to: day(2026, 3, 1),
        };
        assert_eq!(
            published_period(this_year, today),
            Period {
                from: day(2026, 1, 1),
                to: today
            }
        );
    }

    fn table(values: &[u32]) -> (Table, Vec<usize>) {
        let mut t = Table::default();
        let cells = values.iter().map(|v| t.cell(*v)).collect();
        (t, cells)
    }

    fn hidden_values(t: &Table) -> Vec<usize> {
        t.hidden()
            .iter()
            .enumerate()
            .filter(|(_, h)| **h)
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn small_cells_and_zero_are_hidden_and_nothing_else_alone() {
        let (t, _) = table(&[0, 1, 4, 5, 100]);
        assert_eq!(hidden_values(&t), vec![0, 1, 2]);
    }

    #[test]
    fn a_lone_hidden_office_takes_the_smallest_other_office_with_it() {
        // total 60 = 40 + 3 + 17: 3 is hidden, 60 − 40 − 17 would give it: 17 goes too.
        let (mut t, c) = table(&[60, 40, 3, 17]);
        t.sum(c[0], vec![c[1], c[2], c[3]]);
        assert_eq!(hidden_values(&t), vec![2, 3]);
    }

    #[test]
    fn the_smallest_visible_member_goes_be_it_a_part_or_the_whole() {
        // 8 = 3 + 5: the part 5 is smaller than the whole 8.
        let (mut t, c) = table(&[8, 3, 5]);
        t.sum(c[0], vec![c[1], c[2]]);
        assert_eq!(hidden_values(&t), vec![1, 2]);
        // 9 = 6 + 2: the part 6.
        let (mut t, c) = table(&[6, 9, 2]);
        t.sum(c[1], vec![c[0], c[2]]);
        assert_eq!(hidden_values(&t), vec![0, 2]);
        // 7 = 3 (two figures counting the same people): the whole.
        let (mut t, c) = table(&[7, 3]);
        t.sum(c[0], vec![c[1]]);
        assert_eq!(hidden_values(&t), vec![0, 1]);
    }

    #[test]
    fn ties_hide_the_cell_added_first() {
        let (mut t, c) = table(&[30, 2, 14, 14]);
        t.sum(c[0], vec![c[1], c[2], c[3]]);
        assert_eq!(hidden_values(&t), vec![1, 2]);
    }

    #[test]
    fn a_small_whole_and_small_parts_are_hidden_together() {
        let (mut t, c) = table(&[4, 1, 3]);
        t.sum(c[0], vec![c[1], c[2]]);
        assert_eq!(hidden_values(&t), vec![0, 1, 2]);
        // 10 = 4 + 6: the part 4 is hidden, and 6, the smallest visible member, with it.
        let (mut t, c) = table(&[4, 6, 10]);
        t.sum(c[2], vec![c[0], c[1]]);
        assert_eq!(hidden_values(&t), vec![0, 1]);
    }

    #[test]
    fn hidden_parts_of_a_known_whole_may_not_all_be_zero() {
        // 20 = 20 + 0 + 0: the two zeros are hidden, but 20 − 20 = 0 tells both: 20 goes too.
        let (mut t, c) = table(&[20, 20, 0, 0]);
        t.sum(c[0], vec![c[1], c[2], c[3]]);
        assert_eq!(hidden_values(&t), vec![1, 2, 3]);
    }

    #[test]
    fn hidden_parts_of_a_known_whole_may_not_all_be_four() {
        // 20 = 8 + 4 + 4 + 4: the fours are hidden, but 20 − 8 = 12 = 3 × 4 and each reads
        // "under five", so each is 4: 8 goes too. (Seen on the demo dashboard's active duos.)
        let (mut t, c) = table(&[20, 8, 4, 4, 4]);
        t.sum(c[0], vec![c[1], c[2], c[3], c[4]]);
        assert_eq!(hidden_values(&t), vec![1, 2, 3, 4]);
        // 20 = 9 + 4 + 4 + 3: 11 over three hidden parts tells none of them.
        let (mut t, c) = table(&[20, 9, 4, 4, 3]);
        t.sum(c[0], vec![c[1], c[2], c[3], c[4]]);
        assert_eq!(hidden_values(&t), vec![2, 3, 4]);
    }

    #[test]
    fn hiding_spreads_through_chained_sums_to_a_fixed_point() {
        // Rows: positive = job + training, per office and in total; columns: total = offices.
        // Office A: 12 = 9 + 3; office B: 20 = 10 + 10; total: 32 = 19 + 13.
        let (mut t, c) = table(&[12, 9, 3, 20, 10, 10, 32, 19, 13]);
        t.sum(c[0], vec![c[1], c[2]]);
        t.sum(c[3], vec![c[4], c[5]]);
        t.sum(c[6], vec![c[7], c[8]]);
        for col in 0..3 {
            t.sum(c[6 + col], vec![c[col], c[3 + col]]);
        }
        let hidden = t.hidden();
        // Training in A (3) is hidden; every row and column with a hidden cell has two.
        assert!(hidden[2]);
        for sum in &t.sums {
            let n = sum.members().filter(|m| hidden[*m]).count();
            assert!(n != 1, "{sum:?} has one hidden member");
        }
        // And no combination pins a hidden cell.
        for group in t.components() {
            assert!(t.pinned(&group, &hidden).is_empty());
        }
    }

    #[test]
    fn the_audit_finds_a_cell_that_only_a_combination_of_sums_gives() {
        // A = x + y, B = y + z, C = x + z with x = 2: the sums alone hide y (for A) and z (for
        // B), leaving two hidden members in each sum; yet x = (A − B + C) / 2. The audit hides
        // A, the smallest visible member of a sum of x, and then nothing is pinned.
        let (mut t, c) = table(&[12, 22, 14, 2, 10, 12]);
        let [a, b, cc, x, y, z] = [c[0], c[1], c[2], c[3], c[4], c[5]];
        t.sum(a, vec![x, y]);
        t.sum(b, vec![y, z]);
        t.sum(cc, vec![x, z]);
        let mut greedy = vec![false, false, false, true, false, false];
        while t.complement(&mut greedy) {}
        assert_eq!(greedy, vec![false, false, false, true, true, true]);
        assert_eq!(t.pinned(&[0, 1, 2], &greedy), vec![x, y, z]);
        assert_eq!(hidden_values(&t), vec![a, x, y, z]);
        assert!(t.pinned(&[0, 1, 2], &t.hidden()).is_empty());
    }

    #[test]
    fn known_cells_are_never_hidden_nor_chosen() {
        // total 9 = 0 (a row an office lacks, known) + 4 + 5: 4 hidden, 5 goes with it, not 0.
        let mut t = Table::default();
        let total = t.cell(9);
        let absent = t.known(0);
        let small = t.cell(4);
        let five = t.cell(5);
        t.sum(total, vec![absent, small, five]);
        assert_eq!(hidden_values(&t), vec![small, five]);
    }

    #[test]
    fn rows_reduce_exactly() {
        let r = |n| Ratio::new(n, 1);
        let mut rows = vec![
            vec![r(1), r(-1), r(0)],
            vec![r(0), r(1), r(-1)],
            vec![r(1), r(0), r(-1)],
        ];
        reduce(&mut rows, 3);
        assert_eq!(rows[0], vec![r(1), r(0), r(-1)]);
        assert_eq!(rows[1], vec![r(0), r(1), r(-1)]);
        assert!(rows[2].iter().all(|x| x.is_zero()));
        assert_eq!(Ratio::new(2, -4), Ratio { num: -1, den: 2 });
    }
}
