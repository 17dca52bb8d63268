//! Exact linear sum assignment (maximisation), dense and with column capacities.
//!
//! # Method
//! Both entry points reduce to one core problem, solved by one engine:
//!
//! > *n* rows, *m* columns with capacities `cap[j] >= 1`, `sum(cap) >= n`, a dense row-major
//! > profit matrix `p` (finite, or `-inf` = forbidden); assign **every** row to a column, at
//! > most `cap[j]` rows per column, maximising the total profit.
//!
//! In minimisation form (cost `c = -p`) the LP dual is: maximise `sum u_i + sum cap_j v_j`
//! subject to `u_i + v_j <= c_ij`, `v_j <= 0`. The engine stores `w_j = -v_j >= 0` (so it can
//! read the caller's weights in place, no negated copy) and keeps at all times a partial
//! assignment with
//! * (I1) every assigned row `i` is dual feasible against every column and tight on its own
//!   column (`u_i` is never stored: it is implicitly `w_{x_i} - p_{i,x_i}`);
//! * (I2) `w_j >= 0` for all `j`, and `w_j = 0` on every column that is not full.
//!
//! Once every row is assigned, (I1)+(I2) prove optimality (weak duality): for any feasible
//! assignment `y`, `cost(y) >= sum_i u_i + sum_j v_j load_y(j) >= sum_i u_i + sum_j cap_j v_j`
//! (the last step because `v <= 0` and `load <= cap`), and our assignment attains both with
//! equality (tight pairs; `v_j != 0` only on full columns).
//!
//! 1. **Initialisation.** *Square unit-capacity dense problems* (`n == m`): every column ends
//!    full, the column constraints are equalities and `v` is free in sign, so (I2) is void and
//!    JV's column reduction + reduction transfer applies (`w_j = max_i p_ij`, each column to
//!    its best row if that row is free; a row that won exactly one column raises that
//!    column's `w` by its second-smallest reduced cost). Measured: halves the search work on
//!    uniform random data. It is *not* valid for rectangular/capacitated problems (it can
//!    give `w_j > 0` on a column that ends non-full, breaking (I2)); those start at `w = 0`.
//!    Then, for all problems, two passes of **augmenting row reduction** (Jonker &
//!    Volgenant 1987, "ARR"), made safe for the rectangular / capacitated case: a free row
//!    `i` looks at its cheapest column `j1` (reduced cost `u1 = w_j - p_ij`) and second
//!    cheapest `j2` (`u2`). If `cap[j1] == 1` and `u1 < u2`, raise `w_{j1}` by `u2 - u1` (row
//!    `i` becomes tight at `j1` with `u_i = u2`, still feasible everywhere), evict the
//!    occupant (free rows carry no invariant) and process it next. `w` only grows, and only on
//!    a column that is full right after, so (I2) holds; other assigned rows only see reduced
//!    costs grow, so (I1) holds. Otherwise no dual changes: `i` takes `j1` (or `j2` on a tie)
//!    if it has room, else evicts one occupant for the next pass. Re-queueing is bounded by a
//!    budget, so this phase is `O(n m)`.
//! 2. **Shortest augmenting paths** for each remaining free row: Dijkstra on reduced costs,
//!    as in JV's `augment` and Crouse 2016 (the algorithm inside SciPy's
//!    `linear_sum_assignment`). Sinks are non-full columns; they all have `w = 0` (I2), so
//!    the nearest sink in reduced costs is the nearest in true costs (in the square case any
//!    sink will do: all columns get filled). Popping a full column
//!    scans *all* rows it holds (same distance, tight edges). Speed-ups, all standard and
//!    correctness-neutral: every column at the current minimum distance is moved to a "todo"
//!    list at once and a sink among them ends the search immediately (JV; big win with
//!    integer scores and ties); a column reaching the current minimum during a scan ends the
//!    search at once if it is a sink; the minimum of the unseen columns is tracked *during*
//!    the scan (no separate pass); duals are updated lazily, only on scanned columns
//!    (`w_j += mind - d_j`, which keeps `w >= 0` and those columns stay full), then the path
//!    is flipped. Worst case `O(n^2 m)`, typically far less.
//!
//! Why this and not auction or plain Crouse: it is exact (auction on floats is only
//! eps-optimal), it is the algorithm family SciPy runs (same optimum), and the JV
//! initialisation + lazy duals + tie handling + reading weights in place make it about 2-4x
//! faster than SciPy on 1000x1000 (`make bench-matching`, `server/src/bin/duo-bench.rs`).
//! When `n_rows > n_cols` the
//! matrix is transposed once (the engine's rows must be the smaller side); for large inputs
//! that copy (mostly first-touch page faults) is a sizeable share of the time, as in SciPy.
//!
//! Floating point: with integer-valued weights (|w| well below 2^52 / n) every operation is
//! exact, so the optimum is exact. With general floats the result is optimal up to rounding
//! in the dual updates (the same caveat as SciPy); totals agree to ~1e-12 relative.

/// Result of a dense solve: for each row of the *input* matrix the column it gets (None when
/// n_rows > n_cols and the row is left out), and the total.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseSolution {
    pub row_to_col: Vec<Option<usize>>,
    pub total: f64,
}

const NONE: usize = usize::MAX;

/// Maximise the sum of weights[i*n_cols+j] over a matching that covers min(n_rows, n_cols)
/// lines — the same problem as SciPy's linear_sum_assignment(maximize=True). Weights must be
/// finite. Transposes internally when n_rows > n_cols.
///
/// Panics if `weights.len() != n_rows * n_cols` or a weight is NaN/infinite (a silently wrong
/// answer would be worse). Among equally good matchings the choice is arbitrary but
/// deterministic. `total` is summed in row order from the input weights.
pub fn solve_dense_max(n_rows: usize, n_cols: usize, weights: &[f64]) -> DenseSolution {
    let len = n_rows
        .checked_mul(n_cols)
        .expect("matrix size overflows usize");
    assert_eq!(
        weights.len(),
        len,
        "weights must have n_rows * n_cols entries"
    );
    let mut row_to_col = vec![None; n_rows];
    if n_rows == 0 || n_cols == 0 {
        return DenseSolution {
            row_to_col,
            total: 0.0,
        };
    }
    let ones_r;
    let ones_c;
    if n_rows <= n_cols {
        // Solve in place: engine rows = input rows.
        assert!(
            weights.iter().all(|w| w.is_finite()),
            "weights must be finite"
        );
        ones_c = vec![1u32; n_cols];
        let x = Engine::new(n_rows, n_cols, weights, &ones_c, true).solve();
        for (i, j) in x.into_iter().enumerate() {
            row_to_col[i] = Some(j);
        }
    } else {
        // Engine rows must be the smaller side (every engine row gets assigned): transpose.
        let t = transpose_checked(n_rows, n_cols, weights);
        ones_r = vec![1u32; n_rows];
        let x = Engine::new(n_cols, n_rows, &t, &ones_r, true).solve();
        drop(t);
        for (j, i) in x.into_iter().enumerate() {
            row_to_col[i] = Some(j);
        }
    }
    let total = row_to_col
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|j| weights[i * n_cols + j]))
        .sum();
    DenseSolution { row_to_col, total }
}

/// `r x c` row-major -> `c x r` row-major, asserting finiteness on the way. Tiled so that
/// writes are contiguous and the strided reads stay within a few pages.
fn transpose_checked(r: usize, c: usize, a: &[f64]) -> Vec<f64> {
    const B: usize = 32;
    let mut t = vec![0.0f64; r * c];
    let mut finite = true;
    for j0 in (0..c).step_by(B) {
        for i0 in (0..r).step_by(B) {
            let i1 = (i0 + B).min(r);
            for j in j0..(j0 + B).min(c) {
                let dst = &mut t[j * r + i0..j * r + i1];
                for (k, x) in dst.iter_mut().enumerate() {
                    let w = a[(i0 + k) * c + j];
                    finite &= w.is_finite();
                    *x = w;
                }
            }
        }
    }
    assert!(finite, "weights must be finite");
    t
}

/// Maximum-weight matching with capacities: `rows` items each take at most one slot; column j
/// has capacity caps[j]; weight(i, j) returns None for a forbidden pair (hard filter) or Some(w)
/// with w >= 0. Returns for each row Some(column) or None (unmatched). Must be exactly optimal:
/// maximum total weight among all matchings respecting capacities and forbidden pairs (not
/// necessarily covering every row).
///
/// Reduction (exact): add a dummy column "unmatched" with weight 0 for every row and capacity
/// `rows`, and give forbidden pairs weight `-inf`. Matchings of the original problem and
/// complete assignments of the augmented one (each row gets a real column or the dummy)
/// correspond one-to-one with equal weight, so an optimal complete assignment is an optimal
/// matching. The dummy always has room at a finite cost, so the search never takes an
/// infinite edge: a forbidden pair is never returned. Capacities need no slot expansion: the
/// engine's optimality certificate (module docs) is stated for capacitated columns directly,
/// with one dual per column (equivalently: identical slots of one column always share their
/// dual, since each slot's row is feasible on the other slot), so memory is
/// `rows * (columns + 1)`, not `rows * sum(caps)`. Capacities above `rows` are clamped;
/// capacity-0 columns are dropped.
/// Any finite weight works (a negative pair is simply never worth taking); a NaN/infinite
/// weight panics.
///
/// Ties: an allowed pair of weight exactly 0 adds nothing, so it may be returned or left
/// unmatched (whichever the search meets first); the number of matched rows is not
/// maximised among optimal solutions.
pub fn solve_with_capacities(
    rows: usize,
    caps: &[u32],
    weight: impl Fn(usize, usize) -> Option<f64>,
) -> Vec<Option<usize>> {
    if rows == 0 {
        return Vec::new();
    }
    let cap_limit = u32::try_from(rows).unwrap_or(u32::MAX);
    let active: Vec<usize> = (0..caps.len()).filter(|&j| caps[j] > 0).collect();
    let m = active.len() + 1; // + dummy column, index m - 1
    let mut p = vec![0.0f64; rows.checked_mul(m).expect("problem too large")];
    for (i, row) in p.chunks_exact_mut(m).enumerate() {
        for (x, &j) in row.iter_mut().zip(&active) {
            *x = match weight(i, j) {
                None => f64::NEG_INFINITY,
                Some(w) => {
                    assert!(w.is_finite(), "weight({i}, {j}) must be finite");
                    w
                }
            };
        }
    }
    let mut cap: Vec<u32> = active.iter().map(|&j| caps[j].min(cap_limit)).collect();
    cap.push(cap_limit);
    let x = Engine::new(rows, m, &p, &cap, false).solve();
    x.into_iter()
        .map(|k| if k + 1 == m { None } else { Some(active[k]) })
        .collect()
}

/// Relaxes the unseen columns `cols[from..]` through row `i` (`h = u_i - mind`). Returns
/// `Err(k)` as soon as column `cols[k]` improves to exactly `mind` and has room (a sink at
/// the current level ends the search at once), else `Ok((best, nt))`: the minimum distance
/// among the unseen columns and, in `ties[..nt]`, the ascending positions attaining it.
/// Kept out of line so its few live values stay in registers (measured ~15% faster than
/// inlined into `augment`).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn scan_row(
    row: &[f64],
    w: &[f64],
    d: &mut [f64],
    pred: &mut [usize],
    cols: &[usize],
    from: usize,
    h: f64,
    mind: f64,
    i: usize,
    ties: &mut [usize],
    load: &[u32],
    cap: &[u32],
) -> Result<(f64, usize), usize> {
    let m = cols.len();
    // Equal lengths let the compiler drop most per-element bounds checks.
    let (row, w, d, pred) = (&row[..m], &w[..m], &mut d[..m], &mut pred[..m]);
    let ties = &mut ties[..m];
    let (mut best, mut nt) = (f64::INFINITY, 0usize);
    for (k, &j) in cols.iter().enumerate().skip(from) {
        let mut dj = d[j];
        let cred = w[j] - row[j] - h;
        let improved = cred < dj;
        if improved {
            // Rare after the first few scans, so a (well predicted) branch beats a select.
            dj = cred;
            d[j] = cred;
            pred[j] = i;
        }
        if dj <= best {
            if dj < best {
                best = dj;
                nt = 0;
            }
            ties[nt] = k;
            nt += 1;
        }
        if improved && cred == mind && load[j] < cap[j] {
            return Err(k);
        }
    }
    Ok((best, nt))
}

/// The core solver (see the module docs). Profits are `n x m` row-major, finite or `-inf`;
/// `cap[j] >= 1`, `sum(cap) >= n`, and every row has a finite entry (guaranteed by both
/// callers: dense profits are finite, the capacitated problem has the dummy column).
struct Engine<'a> {
    n: usize,
    m: usize,
    p: &'a [f64],
    cap: &'a [u32],
    /// All profits finite (dense entry point): enables column reduction when square.
    finite: bool,
    /// Negated column duals: `w_j >= 0`, and 0 on non-full columns (except square problems).
    w: Vec<f64>,
    /// Row -> column, NONE when free.
    x: Vec<usize>,
    /// Rows held by each column: count and a doubly linked list through `next`/`prev`.
    load: Vec<u32>,
    head: Vec<usize>,
    next: Vec<usize>,
    prev: Vec<usize>,
    // Workspace of the shortest path search.
    d: Vec<f64>,
    pred: Vec<usize>,
    cols: Vec<usize>,
    ties: Vec<usize>,
}

impl<'a> Engine<'a> {
    fn new(n: usize, m: usize, p: &'a [f64], cap: &'a [u32], finite: bool) -> Self {
        assert_eq!(p.len(), n * m);
        assert_eq!(cap.len(), m);
        debug_assert!(cap.iter().all(|&c| c >= 1));
        debug_assert!(cap.iter().map(|&c| c as u64).sum::<u64>() >= n as u64);
        Engine {
            n,
            m,
            p,
            cap,
            finite,
            w: vec![0.0; m],
            x: vec![NONE; n],
            load: vec![0; m],
            head: vec![NONE; m],
            next: vec![NONE; n],
            prev: vec![NONE; n],
            d: vec![0.0; m],
            pred: vec![NONE; m],
            cols: vec![0; m],
            ties: vec![0; m],
        }
    }

    fn solve(mut self) -> Vec<usize> {
        // Square with unit capacities: every column ends full, so (I2) is not needed.
        let square = self.finite && self.n == self.m && self.cap.iter().all(|&c| c == 1);
        let mut free: Vec<usize> = if square {
            self.column_reduction()
        } else {
            (0..self.n).collect()
        };
        for _ in 0..2 {
            if free.is_empty() {
                break;
            }
            free = self.arr_pass(free);
        }
        for f in free {
            self.augment(f);
        }
        debug_assert!(self.x.iter().all(|&j| j != NONE));
        self.x
    }

    #[inline]
    fn row(&self, i: usize) -> &'a [f64] {
        &self.p[i * self.m..(i + 1) * self.m]
    }

    fn assign(&mut self, i: usize, j: usize) {
        debug_assert_eq!(self.x[i], NONE);
        self.x[i] = j;
        self.load[j] += 1;
        let h = self.head[j];
        self.next[i] = h;
        self.prev[i] = NONE;
        if h != NONE {
            self.prev[h] = i;
        }
        self.head[j] = i;
    }

    fn unassign(&mut self, i: usize) {
        let j = self.x[i];
        debug_assert_ne!(j, NONE);
        self.x[i] = NONE;
        self.load[j] -= 1;
        let (p, nx) = (self.prev[i], self.next[i]);
        if p == NONE {
            self.head[j] = nx;
        } else {
            self.next[p] = nx;
        }
        if nx != NONE {
            self.prev[nx] = p;
        }
    }

    /// JV column reduction + reduction transfer; square unit-capacity case only (all
    /// columns end up full, so column duals may take any sign).
    fn column_reduction(&mut self) -> Vec<usize> {
        let (n, m) = (self.n, self.m);
        let mut best_row = vec![0usize; m];
        self.w.fill(f64::NEG_INFINITY);
        let p = self.p;
        for (i, row) in p.chunks_exact(m).enumerate() {
            for ((wj, br), &pij) in self.w.iter_mut().zip(&mut best_row).zip(row) {
                if pij > *wj {
                    *wj = pij;
                    *br = i;
                }
            }
        }
        let mut unique = vec![true; n];
        for j in (0..m).rev() {
            let i = best_row[j];
            if self.x[i] == NONE {
                self.assign(i, j);
            } else {
                unique[i] = false;
            }
        }
        let mut free = Vec::new();
        for (i, &uniq) in unique.iter().enumerate() {
            let j = self.x[i];
            if j == NONE {
                free.push(i);
            } else if uniq {
                // Row i is tight at j (w_j - p_ij = 0); raising w_j by the row's smallest
                // reduced cost elsewhere keeps it feasible and tight (u_i grows by as much).
                let mn = (self.w.iter().zip(self.row(i)).enumerate())
                    .filter(|&(j2, _)| j2 != j)
                    .map(|(_, (&wk, &pik))| wk - pik)
                    .fold(f64::INFINITY, f64::min);
                if mn.is_finite() {
                    self.w[j] += mn;
                }
            }
        }
        free
    }

    /// Cheapest and second cheapest reduced cost `w_j - p_ij` of row `i` (NONE if absent).
    fn two_min(&self, i: usize) -> (usize, f64, usize, f64) {
        let (mut j1, mut u1, mut j2, mut u2) = (NONE, f64::INFINITY, NONE, f64::INFINITY);
        for (j, (&pij, &wj)) in self.row(i).iter().zip(&self.w).enumerate() {
            let h = wj - pij;
            if h < u2 {
                if h >= u1 {
                    u2 = h;
                    j2 = j;
                } else {
                    u2 = u1;
                    j2 = j1;
                    u1 = h;
                    j1 = j;
                }
            }
        }
        (j1, u1, j2, u2)
    }

    /// One augmenting-row-reduction pass over `queue`; returns the rows still free.
    fn arr_pass(&mut self, mut queue: Vec<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = 0;
        let mut events = 0usize;
        // Bound on re-queued evictions, keeping a pass O(len * m).
        let budget = 4 * queue.len() + 16;
        while cur < queue.len() {
            let i = queue[cur];
            cur += 1;
            events += 1;
            let (j1, u1, j2, u2) = self.two_min(i);
            if j1 == NONE {
                out.push(i); // cannot happen for our callers; the search would panic
                continue;
            }
            if self.cap[j1] == 1 && j2 != NONE && u1 < u2 && u2.is_finite() && events < budget {
                // Raise w[j1] so that i is tight at j1 with u_i = u2; evict the occupant and
                // process it next (JV).
                self.w[j1] += u2 - u1;
                let i0 = self.head[j1];
                if i0 != NONE {
                    self.unassign(i0);
                    cur -= 1;
                    queue[cur] = i0;
                }
                self.assign(i, j1);
            } else {
                // No dual change: i is tight at j1 (and at j2 when u1 == u2).
                let mut t = j1;
                if self.load[j1] >= self.cap[j1] && j2 != NONE && u2 == u1 {
                    t = j2;
                }
                if self.load[t] >= self.cap[t] {
                    let i0 = self.head[t];
                    self.unassign(i0);
                    out.push(i0);
                }
                self.assign(i, t);
            }
        }
        out
    }

    /// Shortest augmenting path from free row `f` (Dijkstra on reduced costs), lazy dual
    /// update, path flip.
    fn augment(&mut self, f: usize) {
        let m = self.m;
        let p = self.p;
        let mut d_buf = std::mem::take(&mut self.d);
        let mut pred_buf = std::mem::take(&mut self.pred);
        let mut cols_buf = std::mem::take(&mut self.cols);
        let mut ties_buf = std::mem::take(&mut self.ties);
        // Equal lengths let the compiler drop the per-element bounds checks.
        let d = &mut d_buf[..m];
        let pred = &mut pred_buf[..m];
        let cols = &mut cols_buf[..m];
        let ties = &mut ties_buf[..m];
        let w = &self.w[..m];
        let load = &self.load[..m];
        let cap = &self.cap[..m];

        // Distances from f; track the minimum and every position attaining it.
        let mut nt = 0;
        let mut best = f64::INFINITY;
        for (k, ((dj, &pj), &wj)) in d.iter_mut().zip(&p[f * m..(f + 1) * m]).zip(w).enumerate() {
            let x = wj - pj;
            *dj = x;
            if x <= best {
                if x < best {
                    best = x;
                    nt = 0;
                }
                ties[nt] = k;
                nt += 1;
            }
        }
        pred.fill(f);
        for (k, c) in cols.iter_mut().enumerate() {
            *c = k;
        }
        // cols[..lo]: scanned; cols[lo..hi]: todo (d == mind); cols[hi..]: unseen.
        let (mut lo, mut hi) = (0usize, 0usize);
        let mut mind = best;
        let sink = 'search: loop {
            // `best`/`ties` describe cols[hi..] as of the last scan. Move the ties to todo
            // when they are at the current level or the todo list ran dry.
            if lo == hi || best == mind {
                if lo == hi {
                    assert!(best < f64::INFINITY, "no feasible assignment for a row");
                    // Levels never go down (only float rounding could make `best < mind`);
                    // this keeps `d <= mind` on scanned columns, hence `w` non-decreasing.
                    mind = best.max(mind);
                }
                // Ascending positions >= hi: each swap only touches positions already final.
                for &k in &ties[..nt] {
                    let j = cols[k];
                    cols.swap(k, hi);
                    hi += 1;
                    if load[j] < cap[j] {
                        break 'search j;
                    }
                }
                nt = 0;
                best = f64::INFINITY;
            }
            let j = cols[lo];
            lo += 1;
            let wj = w[j];
            let mut i = self.head[j];
            debug_assert_ne!(i, NONE);
            while i != NONE {
                let row = &p[i * m..(i + 1) * m];
                // u_i - mind, with u_i = w_j - p_ij (tight).
                let h = wj - row[j] - mind;
                match scan_row(row, w, d, pred, cols, hi, h, mind, i, ties, load, cap) {
                    Ok((b, n)) => (best, nt) = (b, n),
                    Err(k) => break 'search cols[k],
                }
                i = self.next[i];
            }
        };
        // Lazy dual update on scanned columns (d <= mind there); the rest keep theirs.
        for &j in &cols[..lo] {
            self.w[j] += mind - d[j];
        }
        // Flip the path: every row on it moves to the column it reached.
        let mut j = sink;
        loop {
            let i = pred[j];
            let old = self.x[i];
            if old != NONE {
                self.unassign(i);
            }
            self.assign(i, j);
            if i == f {
                break;
            }
            j = old;
        }
        self.d = d_buf;
        self.pred = pred_buf;
        self.cols = cols_buf;
        self.ties = ties_buf;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64* — tiny deterministic PRNG for tests.
    struct Rng(u64);
    impl Rng {
        fn new(seed: u64) -> Self {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.0 = x;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Weight generators: (integer-valued?, sample).
    fn gen_weight(rng: &mut Rng, kind: u32) -> f64 {
        match kind {
            0 => rng.below(3) as f64,              // heavy ties
            1 => rng.below(101) as f64,            // scores 0..=100
            2 => rng.unit(),                       // floats
            3 => (rng.unit() * 1e6).round() - 5e5, // signed integers
            _ => rng.unit() * 200.0 - 100.0,       // signed floats
        }
    }

    fn close(a: f64, b: f64, exact: bool) -> bool {
        if exact {
            a == b
        } else {
            (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
        }
    }

    // ---------- dense ----------

    fn brute_dense(r: usize, c: usize, w: &[f64]) -> f64 {
        // Assign each row a distinct column or nothing; exactly min(r, c) rows assigned.
        fn rec(i: usize, r: usize, c: usize, w: &[f64], used: &mut [bool], skips: usize) -> f64 {
            if i == r {
                return 0.0;
            }
            let mut best = f64::NEG_INFINITY;
            if skips > 0 {
                best = rec(i + 1, r, c, w, used, skips - 1);
            }
            for j in 0..c {
                if !used[j] {
                    used[j] = true;
                    best = best.max(w[i * c + j] + rec(i + 1, r, c, w, used, skips));
                    used[j] = false;
                }
            }
            best
        }
        let skips = r.saturating_sub(c);
        rec(0, r, c, w, &mut vec![false; c], skips)
    }

    fn check_dense_valid(r: usize, c: usize, w: &[f64], s: &DenseSolution) {
        assert_eq!(s.row_to_col.len(), r);
        let mut used = vec![false; c];
        let mut cnt = 0;
        let mut tot = 0.0;
        for (i, x) in s.row_to_col.iter().enumerate() {
            if let Some(j) = *x {
                assert!(j < c && !used[j], "column used twice");
                used[j] = true;
                cnt += 1;
                tot += w[i * c + j];
            }
        }
        assert_eq!(cnt, r.min(c), "must cover min(n_rows, n_cols) lines");
        assert!((tot - s.total).abs() <= 1e-9 * (1.0 + tot.abs()));
    }

    #[test]
    fn dense_matches_brute_force_small() {
        let mut rng = Rng::new(1);
        for r in 0..=6 {
            for c in 0..=6 {
                for kind in 0..5 {
                    for _ in 0..12 {
                        let w: Vec<f64> = (0..r * c).map(|_| gen_weight(&mut rng, kind)).collect();
                        let s = solve_dense_max(r, c, &w);
                        check_dense_valid(r, c, &w, &s);
                        let b = brute_dense(r, c, &w);
                        let b = if r.min(c) == 0 { 0.0 } else { b };
                        assert!(
                            close(s.total, b, kind != 2 && kind != 4),
                            "{r}x{c} kind {kind}: {} vs {b}",
                            s.total
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn dense_both_orientations_agree() {
        let mut rng = Rng::new(7);
        for _ in 0..300 {
            let r = 1 + rng.below(6) as usize;
            let c = 1 + rng.below(6) as usize;
            let kind = rng.below(5) as u32;
            let w: Vec<f64> = (0..r * c).map(|_| gen_weight(&mut rng, kind)).collect();
            let mut wt = vec![0.0; r * c];
            for i in 0..r {
                for j in 0..c {
                    wt[j * r + i] = w[i * c + j];
                }
            }
            let a = solve_dense_max(r, c, &w);
            let b = solve_dense_max(c, r, &wt);
            check_dense_valid(r, c, &w, &a);
            check_dense_valid(c, r, &wt, &b);
            let exact = kind != 2 && kind != 4;
            let bf = brute_dense(r, c, &w);
            assert!(close(a.total, bf, exact) && close(b.total, bf, exact));
        }
    }

    /// Independent O(n^3) reference (classic potentials Hungarian, e-maxx style): maximum
    /// total over matchings covering min(r, c) lines.
    fn reference(r: usize, c: usize, w: &[f64]) -> f64 {
        let (n, m, t) = if r <= c { (r, c, false) } else { (c, r, true) };
        let a = |i: usize, j: usize| if t { -w[j * c + i] } else { -w[i * c + j] };
        let inf = f64::INFINITY;
        let (mut u, mut v, mut p, mut way) = (
            vec![0.0; n + 1],
            vec![0.0; m + 1],
            vec![0usize; m + 1],
            vec![0usize; m + 1],
        );
        for i in 1..=n {
            p[0] = i;
            let mut j0 = 0;
            let mut minv = vec![inf; m + 1];
            let mut used = vec![false; m + 1];
            loop {
                used[j0] = true;
                let (i0, mut delta, mut j1) = (p[j0], inf, 0);
                for j in 1..=m {
                    if !used[j] {
                        let cur = a(i0 - 1, j - 1) - u[i0] - v[j];
                        if cur < minv[j] {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if minv[j] < delta {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for j in 0..=m {
                    if used[j] {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
                if p[j0] == 0 {
                    break;
                }
            }
            loop {
                let j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
                if j0 == 0 {
                    break;
                }
            }
        }
        (1..=m)
            .filter(|&j| p[j] != 0)
            .map(|j| -a(p[j] - 1, j - 1))
            .sum()
    }

    #[test]
    fn dense_medium_vs_hungarian_reference() {
        // Integer instances, both orientations, plus all-equal and one-column edge cases.
        let mut rng = Rng::new(99);
        for &(r, c) in &[(50, 40), (40, 50), (60, 60), (1, 30), (30, 1), (120, 80)] {
            for kind in [0u32, 1, 3] {
                let w: Vec<f64> = (0..r * c).map(|_| gen_weight(&mut rng, kind)).collect();
                let s = solve_dense_max(r, c, &w);
                check_dense_valid(r, c, &w, &s);
                assert_eq!(s.total, reference(r, c, &w), "{r}x{c} kind {kind}");
            }
        }
        let w = vec![5.0; 30 * 20];
        assert_eq!(solve_dense_max(30, 20, &w).total, 100.0);
    }

    // ---------- capacities ----------

    struct CapInst {
        rows: usize,
        caps: Vec<u32>,
        w: Vec<Option<f64>>, // rows x cols
    }

    fn gen_cap(rng: &mut Rng, rows: usize, cols: usize, kind: u32, max_cap: u64) -> CapInst {
        let forbid = rng.below(4); // 0%, 25%, 50%, 75% (approx) forbidden
        let caps = (0..cols).map(|_| rng.below(max_cap + 1) as u32).collect();
        let w = (0..rows * cols)
            .map(|_| {
                if rng.below(4) < forbid {
                    None
                } else {
                    Some(gen_weight(rng, kind).abs())
                }
            })
            .collect();
        CapInst { rows, caps, w }
    }

    fn check_cap_valid(inst: &CapInst, res: &[Option<usize>]) -> f64 {
        let cols = inst.caps.len();
        assert_eq!(res.len(), inst.rows);
        let mut load = vec![0u32; cols];
        let mut tot = 0.0;
        for (i, x) in res.iter().enumerate() {
            if let Some(j) = *x {
                assert!(j < cols);
                load[j] += 1;
                assert!(load[j] <= inst.caps[j], "capacity exceeded");
                tot += inst.w[i * cols + j].expect("forbidden pair returned");
            }
        }
        tot
    }

    fn brute_cap(inst: &CapInst) -> f64 {
        fn rec(i: usize, inst: &CapInst, load: &mut [u32]) -> f64 {
            if i == inst.rows {
                return 0.0;
            }
            let cols = inst.caps.len();
            let mut best = rec(i + 1, inst, load);
            for j in 0..cols {
                match inst.w[i * cols + j] {
                    Some(w) if load[j] < inst.caps[j] => {
                        load[j] += 1;
                        best = best.max(w + rec(i + 1, inst, load));
                        load[j] -= 1;
                    }
                    _ => {}
                }
            }
            best
        }
        rec(0, inst, &mut vec![0; inst.caps.len()])
    }

    fn run_cap(inst: &CapInst) -> Vec<Option<usize>> {
        let cols = inst.caps.len();
        solve_with_capacities(inst.rows, &inst.caps, |i, j| inst.w[i * cols + j])
    }

    #[test]
    fn capacities_match_brute_force_small() {
        let mut rng = Rng::new(3);
        for rows in 0..=6 {
            for cols in 0..=6 {
                for kind in 0..5 {
                    for rep in 0..8 {
                        let inst = gen_cap(&mut rng, rows, cols, kind, 1 + rep % 3);
                        let res = run_cap(&inst);
                        let got = check_cap_valid(&inst, &res);
                        let best = brute_cap(&inst);
                        assert!(
                            close(got, best, kind != 2 && kind != 4),
                            "rows {rows} caps {:?} kind {kind}: {got} vs {best}",
                            inst.caps
                        );
                    }
                }
            }
        }
    }

    fn greedy(inst: &CapInst) -> f64 {
        let cols = inst.caps.len();
        let mut pairs: Vec<(f64, usize, usize)> = (0..inst.rows)
            .flat_map(|i| (0..cols).map(move |j| (i, j)))
            .filter_map(|(i, j)| inst.w[i * cols + j].map(|w| (w, i, j)))
            .collect();
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut load = vec![0u32; cols];
        let mut done = vec![false; inst.rows];
        let mut tot = 0.0;
        for (w, i, j) in pairs {
            if !done[i] && load[j] < inst.caps[j] {
                done[i] = true;
                load[j] += 1;
                tot += w;
            }
        }
        tot
    }

    #[test]
    fn capacities_medium_never_worse_than_greedy() {
        let mut rng = Rng::new(11);
        for &(rows, cols, max_cap) in &[
            (50, 40, 1),
            (40, 50, 1),
            (50, 40, 3),
            (40, 50, 3),
            (200, 30, 5),
            (30, 200, 2),
            (100, 100, 0),
        ] {
            for kind in 0..5 {
                let inst = gen_cap(&mut rng, rows, cols, kind, max_cap);
                let res = run_cap(&inst);
                let got = check_cap_valid(&inst, &res);
                assert!(got >= greedy(&inst) - 1e-9, "worse than greedy");
            }
        }
    }

    #[test]
    fn capacities_medium_vs_slot_expansion_reference() {
        // Exact check on instances too big for brute force: expand column j into caps[j]
        // slots plus `rows` "unmatched" slots of weight 0, forbidden pairs at a prohibitive
        // negative weight, and solve that with the independent reference.
        let mut rng = Rng::new(17);
        for &(rows, cols, max_cap) in &[
            (30, 12, 3),
            (12, 30, 2),
            (40, 40, 1),
            (25, 6, 6),
            (60, 20, 2),
        ] {
            for kind in [0u32, 1, 3] {
                let inst = gen_cap(&mut rng, rows, cols, kind, max_cap);
                let got = check_cap_valid(&inst, &run_cap(&inst));
                let slots: Vec<Option<usize>> = (0..cols)
                    .flat_map(|j| std::iter::repeat_n(Some(j), inst.caps[j] as usize))
                    .chain(std::iter::repeat_n(None, rows))
                    .collect();
                let s = slots.len();
                let mut w = vec![0.0; rows * s];
                for i in 0..rows {
                    for (k, slot) in slots.iter().enumerate() {
                        if let Some(j) = *slot {
                            w[i * s + k] = inst.w[i * cols + j].unwrap_or(-1e12);
                        }
                    }
                }
                assert_eq!(
                    got,
                    reference(rows, s, &w),
                    "rows {rows} caps {:?} kind {kind}",
                    inst.caps
                );
            }
        }
    }

    #[test]
    fn capacities_agree_with_dense_when_unit() {
        // With all capacities 1, no forbidden pairs and weights > 0, the optimum matches the
        // dense solver (which covers min(rows, cols) lines).
        let mut rng = Rng::new(5);
        for &(r, c) in &[(50, 40), (40, 50), (45, 45)] {
            let w: Vec<f64> = (0..r * c).map(|_| 1.0 + rng.below(100) as f64).collect();
            let dense = solve_dense_max(r, c, &w);
            let res = solve_with_capacities(r, &vec![1; c], |i, j| Some(w[i * c + j]));
            let tot: f64 = res
                .iter()
                .enumerate()
                .filter_map(|(i, x)| x.map(|j| w[i * c + j]))
                .sum();
            assert_eq!(tot, dense.total);
        }
    }

    #[test]
    fn capacities_edge_cases() {
        assert!(solve_with_capacities(0, &[1, 2], |_, _| Some(1.0)).is_empty());
        assert_eq!(
            solve_with_capacities(3, &[], |_, _| Some(1.0)),
            vec![None; 3]
        );
        assert_eq!(
            solve_with_capacities(3, &[0, 0], |_, _| Some(1.0)),
            vec![None; 3]
        );
        assert_eq!(
            solve_with_capacities(3, &[5, 5], |_, _| None),
            vec![None; 3]
        );
        // Huge capacity is clamped, single column takes everyone allowed.
        let r = solve_with_capacities(4, &[u32::MAX], |i, _| if i == 2 { None } else { Some(1.0) });
        assert_eq!(r, vec![Some(0), Some(0), None, Some(0)]);
        // Rows > slots: best two rows win.
        let r = solve_with_capacities(4, &[2], |i, _| Some(i as f64));
        assert_eq!(r, vec![None, None, Some(0), Some(0)]);
    }
}
