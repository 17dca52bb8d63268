//! Exact linear sum assignment (maximisation), dense and with column capacities.
//!
//! # Method
//! Both entry points reduce to one core problem, solved by one engine:
//!
//! > *n* rows, *m* columns with capacities `cap[j] >= 1`, `sum(cap) >= n`, a dense
//! > row-major cost matrix `c` (finite, or `+inf` = forbidden); assign **every** row to a
//! > column, at most `cap[j]` rows per column, minimising the total cost.
//!
//! LP dual: maximise `sum u_i + sum cap_j v_j` subject to `u_i + v_j <= c_ij` and `v_j <= 0`.
//! Complementary slackness: assigned pairs are tight (`u_i + v_j = c_ij`) and `v_j < 0` only on
//! *full* columns. The engine keeps, at all times, a partial assignment and duals with
//! * (I1) every assigned row `i` is feasible against every column and tight on its own column
//!   (`u_i` is never stored: it is implicitly `c_{i,x_i} - v_{x_i}`);
//! * (I2) `v_j <= 0` for all `j`, and `v_j = 0` on every column that is not full.
//!
//! When every row is assigned, (I1)+(I2) certify optimality: for any feasible assignment `y`,
//! `cost(y) >= sum_i u_i + sum_j v_j * load_y(j) >= sum_i u_i + sum_j cap_j v_j` (as `v <= 0`),
//! and our assignment attains both bounds with equality.
//!
//! 1. **Initialisation: augmenting row reduction** (Jonker & Volgenant 1987, "ARR"), made safe
//!    for the rectangular / capacitated case: starting from `v = 0`, a free row `i` takes its
//!    cheapest column `j1` (reduced cost `u1`, second cheapest `u2`). If `cap[j1] == 1` and
//!    `u1 < u2`, we lower `v_{j1}` by `u2 - u1` (row `i` becomes tight at `j1` with `u_i = u2`,
//!    still feasible everywhere) and evict the previous occupant, which becomes free (free rows
//!    carry no invariant). `v` only decreases, and only on a column that is full right after, so
//!    (I2) holds; other assigned rows only see `v` decrease, so (I1) holds. Otherwise no dual
//!    changes: `i` takes `j1` (or `j2` on a tie) if it has room, else evicts one occupant. The
//!    passes are bounded (two passes, bounded re-queueing), so the worst case stays
//!    `O(n^2 m)` overall. Column reduction (JV's other init step) is *not* used: it produces
//!    `v_j > 0`, which is invalid when some columns stay unassigned (I2).
//! 2. **Shortest augmenting paths** (Dijkstra on reduced costs, as in JV's `augment` and in
//!    Crouse 2016 = SciPy's `linear_sum_assignment`) for each remaining free row. Sinks are
//!    non-full columns; since they all have `v = 0` (I2), the nearest sink in reduced costs is the
//!    nearest in real costs. Popping a full column scans *all* rows it holds (they are at the
//!    same distance through tight edges). Ties at the current minimum are all moved to a "todo"
//!    list at once and a sink among them ends the search immediately (JV), which matters a lot
//!    for integer scores with many ties. After the search, only scanned ("ready") columns get
//!    `v_j += d_j - d_min` (<= 0, and those columns stay full), then the path is flipped.
//!    `O(n^2 m)` worst case, typically far less.
//!
//! Why this and not e.g. auction or plain Crouse: it is exact (auction with floats is only
//! eps-optimal), it is the algorithm SciPy runs (so results are comparable), and ARR plus lazy
//! dual updates (only ready columns) plus the tie handling make it several times faster than
//! SciPy's plain Crouse loop on the same inputs (see the benchmark in this crate).
//!
//! Floating point: arithmetic on integer-valued weights (|w| < 2^52 / n) is exact, so integer
//! instances are solved exactly. With general floats the result is optimal up to rounding in
//! the dual updates (same caveat as SciPy).

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
/// Panics if `weights.len() != n_rows * n_cols` or a weight is NaN/infinite (a silent wrong
/// answer would be worse). Ties are broken arbitrarily but deterministically.
pub fn solve_dense_max(n_rows: usize, n_cols: usize, weights: &[f64]) -> DenseSolution {
    let len = n_rows
        .checked_mul(n_cols)
        .expect("matrix size overflows usize");
    assert_eq!(
        weights.len(),
        len,
        "weights must have n_rows * n_cols entries"
    );
    assert!(
        weights.iter().all(|w| w.is_finite()),
        "weights must be finite"
    );
    let mut row_to_col = vec![None; n_rows];
    if n_rows == 0 || n_cols == 0 {
        return DenseSolution {
            row_to_col,
            total: 0.0,
        };
    }
    // Engine rows are the smaller side; costs are negated weights (maximise -> minimise).
    let transposed = n_rows > n_cols;
    let (n, m) = if transposed {
        (n_cols, n_rows)
    } else {
        (n_rows, n_cols)
    };
    let mut cost = vec![0.0f64; len];
    if transposed {
        // Blocked transpose: cost[j][i] = -weights[i][j].
        const B: usize = 32;
        for i0 in (0..n_rows).step_by(B) {
            for j0 in (0..n_cols).step_by(B) {
                for i in i0..(i0 + B).min(n_rows) {
                    let src = &weights[i * n_cols..(i + 1) * n_cols];
                    for j in j0..(j0 + B).min(n_cols) {
                        cost[j * n_rows + i] = -src[j];
                    }
                }
            }
        }
    } else {
        for (c, w) in cost.iter_mut().zip(weights) {
            *c = -w;
        }
    }
    let caps = vec![1u32; m];
    let x = Engine::new(n, m, &cost, &caps).solve();
    for (i, &j) in x.iter().enumerate() {
        if transposed {
            row_to_col[j] = Some(i);
        } else {
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

/// Maximum-weight matching with capacities: `rows` items each take at most one slot; column j
/// has capacity caps[j]; weight(i, j) returns None for a forbidden pair (hard filter) or Some(w)
/// with w >= 0. Returns for each row Some(column) or None (unmatched). Must be exactly optimal:
/// maximum total weight among all matchings respecting capacities and forbidden pairs (not
/// necessarily covering every row).
///
/// Reduction (exact): add a dummy column "unmatched" with weight 0 for every row and capacity
/// `rows`; forbidden pairs get cost `+inf`. Matchings of the original problem and complete
/// assignments of the augmented one (every row gets a real column or the dummy) correspond
/// one-to-one with equal weight, so an optimal complete assignment is an optimal matching. The
/// dummy always has room and a finite cost, so the search never needs an infinite edge: a
/// forbidden pair is never returned. Identical slots of one column need no expansion: all
/// slots of a column share one dual in an optimal solution, so the engine keeps one dual per
/// column (memory `rows * (columns + 1)`, not `rows * sum(caps)`). Columns with capacity 0 are
/// dropped up front. This works for any finite weight (negative pairs are simply never worth
/// taking); NaN/infinite weights panic.
///
/// Ties: an allowed pair of weight exactly 0 contributes nothing, so it may be returned or
/// left unmatched (whichever the search reaches first); no attempt is made to maximise the
/// number of matched rows among optimal solutions.
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
    let m = active.len() + 1; // + dummy column
    let mut cost = vec![0.0f64; rows.checked_mul(m).expect("problem too large")];
    for (i, row) in cost.chunks_exact_mut(m).enumerate() {
        for (c, &j) in row.iter_mut().zip(&active) {
            *c = match weight(i, j) {
                None => f64::INFINITY,
                Some(w) => {
                    assert!(w.is_finite(), "weight({i}, {j}) must be finite");
                    -w
                }
            };
        }
        // row[m - 1] (dummy) stays 0.
    }
    let mut cap: Vec<u32> = active.iter().map(|&j| caps[j].min(cap_limit)).collect();
    cap.push(cap_limit);
    let x = Engine::new(rows, m, &cost, &cap).solve();
    x.into_iter()
        .map(|k| if k + 1 == m { None } else { Some(active[k]) })
        .collect()
}

/// The core solver (see the module docs). Costs are `n x m` row-major, finite or `+inf`;
/// every row must have at least one finite entry in a column with capacity (guaranteed by both
/// callers: dense costs are finite, the capacitated problem has the dummy column).
struct Engine<'a> {
    n: usize,
    m: usize,
    cost: &'a [f64],
    cap: &'a [u32],
    /// Column duals (<= 0, 0 on non-full columns).
    v: Vec<f64>,
    /// Row -> column, NONE when free.
    x: Vec<usize>,
    /// Rows currently in each column (doubly linked lists through `next`/`prev`).
    load: Vec<u32>,
    head: Vec<usize>,
    next: Vec<usize>,
    prev: Vec<usize>,
    // Workspace of the shortest path search.
    d: Vec<f64>,
    pred: Vec<usize>,
    cols: Vec<usize>,
}

impl<'a> Engine<'a> {
    fn new(n: usize, m: usize, cost: &'a [f64], cap: &'a [u32]) -> Self {
        debug_assert_eq!(cost.len(), n * m);
        debug_assert_eq!(cap.len(), m);
        debug_assert!(cap.iter().map(|&c| c as u64).sum::<u64>() >= n as u64);
        Engine {
            n,
            m,
            cost,
            cap,
            v: vec![0.0; m],
            x: vec![NONE; n],
            load: vec![0; m],
            head: vec![NONE; m],
            next: vec![NONE; n],
            prev: vec![NONE; n],
            d: vec![0.0; m],
            pred: vec![NONE; m],
            cols: vec![0; m],
        }
    }

    fn solve(mut self) -> Vec<usize> {
        let mut free: Vec<usize> = (0..self.n).collect();
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
        &self.cost[i * self.m..(i + 1) * self.m]
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

    /// Cheapest and second cheapest reduced cost `c_ij - v_j` of row `i`.
    fn two_min(&self, i: usize) -> (usize, f64, usize, f64) {
        let (mut j1, mut u1, mut j2, mut u2) = (NONE, f64::INFINITY, NONE, f64::INFINITY);
        for (j, (&c, &vj)) in self.row(i).iter().zip(&self.v).enumerate() {
            let h = c - vj;
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
        // Bound on re-queued evictions, keeping the pass O(len * m) in the worst case.
        let budget = 4 * queue.len() + 16;
        while cur < queue.len() {
            let i = queue[cur];
            cur += 1;
            events += 1;
            let (j1, u1, j2, u2) = self.two_min(i);
            if j1 == NONE {
                out.push(i); // unreachable for our callers; the search would report it
                continue;
            }
            if self.cap[j1] == 1 && j2 != NONE && u1 < u2 && u2.is_finite() && events < budget {
                // Lower v[j1] so that i is tight at j1 with u_i = u2; evict the occupant and
                // process it next (JV).
                self.v[j1] -= u2 - u1;
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

    /// Shortest augmenting path from free row `f` (Dijkstra on reduced costs), dual update,
    /// path flip.
    fn augment(&mut self, f: usize) {
        let m = self.m;
        let cost = self.cost;
        let mut d = std::mem::take(&mut self.d);
        let mut pred = std::mem::take(&mut self.pred);
        let mut cols = std::mem::take(&mut self.cols);
        {
            let row = self.row(f);
            for j in 0..m {
                d[j] = row[j] - self.v[j];
                pred[j] = f;
                cols[j] = j;
            }
        }
        // cols[..lo]: scanned ("ready"); cols[lo..hi]: todo (d == mind); cols[hi..]: unseen.
        let (mut lo, mut hi) = (0usize, 0usize);
        let mut n_ready = 0usize;
        let mut mind = 0.0f64;
        let sink;
        'search: loop {
            if lo == hi {
                // Collect all unseen columns at the new minimum distance.
                n_ready = lo;
                let mut best = d[cols[lo]];
                hi = lo + 1;
                for k in hi..m {
                    let j = cols[k];
                    let dj = d[j];
                    if dj <= best {
                        if dj < best {
                            best = dj;
                            hi = lo;
                        }
                        cols[k] = cols[hi];
                        cols[hi] = j;
                        hi += 1;
                    }
                }
                assert!(best < f64::INFINITY, "no feasible assignment for a row");
                mind = best;
                for k in lo..hi {
                    let j = cols[k];
                    if self.load[j] < self.cap[j] {
                        sink = j;
                        break 'search;
                    }
                }
            }
            let j = cols[lo];
            lo += 1;
            let vj = self.v[j];
            let mut i = self.head[j];
            while i != NONE {
                let row = &cost[i * m..(i + 1) * m];
                let h = row[j] - vj - mind;
                let mut k = hi;
                while k < m {
                    let jj = cols[k];
                    let cred = row[jj] - self.v[jj] - h;
                    if cred < d[jj] {
                        d[jj] = cred;
                        pred[jj] = i;
                        if cred == mind {
                            if self.load[jj] < self.cap[jj] {
                                sink = jj;
                                break 'search;
                            }
                            cols[k] = cols[hi];
                            cols[hi] = jj;
                            hi += 1;
                        }
                    }
                    k += 1;
                }
                i = self.next[i];
            }
        }
        for &j in &cols[..n_ready] {
            self.v[j] += d[j] - mind;
        }
        // Flip the path: each row on it moves to the column it reached.
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
        self.d = d;
        self.pred = pred;
        self.cols = cols;
    }
}
