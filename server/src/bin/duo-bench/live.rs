//! `make bench-live`: live updates for hundreds of screens. Duo runs on loopback on an embedded
//! database with four offices; the generator opens event streams in a realistic mix
//! (coordinators with their office's board open, headquarters' dashboards, mentors' phones) from
//! several loopback addresses, then makes changes through the JSON API one at a time: a mentee
//! registered, a duo paused or resumed, a meeting logged. For each change it measures, on every
//! stream that may see it, the time from the write's acknowledgement to the event's arrival
//! (zero when the event came first), and counts the streams that never got it. The same
//! generator then runs against a bare axum Server-Sent Events broadcast of the same messages,
//! in the same process, as the baseline.
//!
//! The server and the generator run on two runtimes of their own, so neither waits for the
//! other's tasks (they share the machine's cores, as a server and its clients on one host do).
use anyhow::{bail, Context};
use futures::StreamExt;
use serde_json::{json, Value};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Streams per account: a few tabs each, under Duo's limit.
const TABS: usize = 5;
/// Streams per loopback address, under Duo's limit.
const PER_ADDRESS: usize = 50;
const _: () = assert!(
    TABS <= app::limits::STREAMS_PER_ACCOUNT && PER_ADDRESS <= app::limits::STREAMS_PER_ADDRESS
);
/// The budget of DESIGN §7: p99 from acknowledgement to arrival.
const BUDGET_MS: f64 = 100.0;
/// How long a stream may take to receive a change before it counts as missed.
const PATIENCE: Duration = Duration::from_secs(3);

/// Who watches through one stream.
#[derive(Clone, Debug, PartialEq)]
enum Screen {
    /// A coordinator's board of one office.
    Board(usize),
    /// Headquarters' dashboard.
    Dashboard,
    /// A mentor's phone: the index of their duo.
    Phone(usize),
}

/// An event as it arrived on a stream.
struct Arrival {
    at: Instant,
    kind: String,
    ids: Vec<String>,
}

/// One open stream: who watches, what arrived, and the task that reads it.
struct Stream {
    screen: Screen,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    reader: tokio::task::JoinHandle<()>,
}

/// A change and the screens that may see it.
struct Change {
    method: &'static str,
    path: String,
    body: Value,
    office: usize,
    /// The duo the change is about, if any (by index).
    duo_named: Option<usize>,
    /// The duo whose mentor's phone sees the change: a step of the duo (a meeting is not).
    phone: Option<usize>,
}

/// What the generator measured against one server.
struct Measured {
    /// Milliseconds from acknowledgement to arrival, one per (change, stream that may see it);
    /// zero when the event arrived first.
    latencies: Vec<f64>,
    /// The same deliveries from the moment the write was sent.
    from_sent: Vec<f64>,
    missed: usize,
    changes: usize,
    streams: usize,
}

/// Where the generator connects: its base URL, and what each request needs.
struct Target {
    base: String,
    /// One token per account; a screen's stream uses its account's.
    screens: Vec<(Screen, Option<String>)>,
    /// The writer's token (a coordinator of every office for Duo; none for the bare broadcast).
    writer: Option<String>,
    /// Duo's duos, by index: (id, its office).
    duos: Vec<(String, usize)>,
    /// Duo: the path of the event stream, with the board's office when it is a board.
    duo_paths: bool,
}

pub fn run(streams: usize, changes: usize) -> anyhow::Result<()> {
    if streams < 5 || streams.div_ceil(PER_ADDRESS) > 250 {
        bail!("--streams: from 5 to {}", 250 * PER_ADDRESS);
    }
    let server = crate::runtime("server", 2)?;
    let clients = crate::runtime("clients", 2)?;
    let dir = std::env::temp_dir().join(format!("duo-bench-live-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    println!("live updates: {streams} event streams, {changes} changes through the JSON API");
    let (duo_target, setup) = server.block_on(start_duo(&dir, streams))?;
    println!("  Duo on {} (set up in {:.1} s)", duo_target.base, setup);
    let duo = clients.block_on(measure(&duo_target, changes))?;

    let bare_target = server.block_on(start_bare(&duo_target))?;
    println!("  bare broadcast on {}", bare_target.base);
    let bare = clients.block_on(measure(&bare_target, changes))?;

    report(&duo, &bare);
    server.shutdown_timeout(Duration::from_secs(1));
    clients.shutdown_timeout(Duration::from_secs(1));
    let _ = std::fs::remove_dir_all(&dir);
    if duo.missed > 0 || bare.missed > 0 {
        bail!("{} + {} deliveries missed", duo.missed, bare.missed);
    }
    Ok(())
}

/// The realistic mix: three in five streams are coordinators' boards (each office alike), one in
/// five headquarters' dashboards, one in five mentors' phones (one each).
fn mix(streams: usize) -> (usize, usize, usize) {
    let phones = streams / 5;
    let dashboards = streams / 5;
    (streams - phones - dashboards, dashboards, phones)
}

pub(crate) async fn serve(router: axum::Router) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    Ok(addr)
}

/// Duo on an embedded database, with its people: coordinators, headquarters, mentors with an
/// active duo each. Answers the target and the seconds it took.
async fn start_duo(dir: &std::path::Path, streams: usize) -> anyhow::Result<(Target, f64)> {
    use app::domain::reference::OFFICES;
    use app::model::Role;
    let started = Instant::now();
    let db = server::schema::connect(&format!("surrealkv://{}", dir.display())).await?;
    let state = app::state::AppState::new(db.clone());
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    let addr = serve(server::http::router(options, state)).await?;
    let base = format!("http://{addr}");

    let (boards, dashboards, phones) = mix(streams);
    let account = |email: String, role: Role, offices: Vec<String>, mentor: Option<String>| {
        crate::bench_account(&db, email, role, offices, mentor)
    };
    let all: Vec<String> = OFFICES.iter().map(|o| o.to_string()).collect();
    let writer = account("writer@bench.example".into(), Role::Coordinator, all, None).await?;
    let mut screens = Vec::new();
    for i in 0..boards.div_ceil(TABS) {
        let office = i % OFFICES.len();
        let token = account(
            format!("coord{i}@bench.example"),
            Role::Coordinator,
            vec![OFFICES[office].to_string()],
            None,
        )
        .await?;
        for _ in 0..TABS.min(boards - i * TABS) {
            screens.push((Screen::Board(office), Some(token.clone())));
        }
    }
    for i in 0..dashboards.div_ceil(TABS) {
        let token = account(format!("hq{i}@bench.example"), Role::Hq, vec![], None).await?;
        for _ in 0..TABS.min(dashboards - i * TABS) {
            screens.push((Screen::Dashboard, Some(token.clone())));
        }
    }
    // Each phone's mentor has an active duo, made through the API as a coordinator would.
    let client = reqwest::Client::new();
    let api = Api {
        client: &client,
        base: &base,
        token: &writer,
    };
    let mut duos = Vec::new();
    for i in 0..phones {
        let office = i % OFFICES.len();
        let person = |first: &str| {
            json!({"first_name": first, "last_name": format!("Bench{i}"),
                "office": OFFICES[office], "languages": ["fr"], "sectors": ["F"]})
        };
        let mut mentor = person("Marc");
        mentor["state"] = "available".into();
        let mentor = api.call("POST", "/api/v1/mentors", mentor).await?;
        let mut mentee = person("Nadia");
        mentee["state"] = "waiting".into();
        let mentee = api.call("POST", "/api/v1/mentees", mentee).await?;
        let duo = api
            .call(
                "POST",
                "/api/v1/duos",
                json!({"mentee": mentee["id"], "mentor": mentor["id"]}),
            )
            .await?;
        let id = duo["id"].as_str().context("a duo's id")?.to_string();
        let today = app::clock::today().format("%Y-%m-%d").to_string();
        for step in [
            json!({"to": "proposed"}),
            json!({"to": "intro_scheduled", "date": today, "place": "online"}),
            json!({"to": "intro_held"}),
            json!({"to": "agreed", "date": today}),
            json!({"to": "active"}),
        ] {
            api.call("POST", &format!("/api/v1/duos/{id}/transitions"), step)
                .await?;
        }
        let mentor_id = mentor["id"].as_str().context("a mentor's id")?.to_string();
        let token = account(
            format!("mentor{i}@bench.example"),
            Role::Mentor,
            vec![],
            Some(mentor_id),
        )
        .await?;
        screens.push((Screen::Phone(duos.len()), Some(token)));
        duos.push((id, office));
    }
    let target = Target {
        base,
        screens,
        writer: Some(writer),
        duos,
        duo_paths: true,
    };
    Ok((target, started.elapsed().as_secs_f64()))
}

/// The baseline: one broadcast channel, `GET /events` streams every message to everyone,
/// `POST /publish` sends one (the same JSON a change makes in Duo) and answers 204.
async fn start_bare(like: &Target) -> anyhow::Result<Target> {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use axum::routing::{get, post};
    let (sender, _) = tokio::sync::broadcast::channel::<Arc<Value>>(1024);
    let listen = sender.clone();
    let router = axum::Router::new()
        .route(
            "/events",
            get(move || {
                let receiver = listen.subscribe();
                async move {
                    let stream = futures::stream::unfold(receiver, |mut r| async move {
                        loop {
                            match r.recv().await {
                                Ok(v) => {
                                    let event = Event::default().data(v.to_string());
                                    return Some((Ok::<_, std::convert::Infallible>(event), r));
                                }
                                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                                    continue
                                }
                                Err(_) => return None,
                            }
                        }
                    });
                    Sse::new(stream).keep_alive(KeepAlive::default())
                }
            }),
        )
        .route(
            "/publish",
            post(move |axum::Json(body): axum::Json<Value>| {
                let sender = sender.clone();
                async move {
                    let _ = sender.send(Arc::new(body));
                    axum::http::StatusCode::NO_CONTENT
                }
            }),
        );
    let addr = serve(router).await?;
    Ok(Target {
        base: format!("http://{addr}"),
        screens: like
            .screens
            .iter()
            .map(|(s, _)| (s.clone(), None))
            .collect(),
        writer: None,
        duos: like.duos.clone(),
        duo_paths: false,
    })
}

/// A coordinator's calls to the JSON API while setting up.
struct Api<'a> {
    client: &'a reqwest::Client,
    base: &'a str,
    token: &'a str,
}

impl Api<'_> {
    async fn call(&self, method: &str, path: &str, body: Value) -> anyhow::Result<Value> {
        let request = match method {
            "POST" => self.client.post(format!("{}{path}", self.base)),
            _ => self.client.get(format!("{}{path}", self.base)),
        };
        let response = request.bearer_auth(self.token).json(&body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            bail!("{method} {path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// Opens every stream, waits until each is live, makes the changes one at a time and measures.
async fn measure(target: &Target, changes: usize) -> anyhow::Result<Measured> {
    use app::domain::reference::OFFICES;
    // One client per loopback address, so each address keeps under its limit of streams.
    let addresses = target.screens.len().div_ceil(PER_ADDRESS);
    let clients: Vec<reqwest::Client> = (0..addresses)
        .map(|i| {
            let ip = Ipv4Addr::new(127, 0, 1, 1 + i as u8);
            reqwest::Client::builder()
                .local_address(IpAddr::V4(ip))
                .pool_max_idle_per_host(PER_ADDRESS)
                .build()
        })
        .collect::<Result<_, _>>()?;
    let mut streams = Vec::new();
    for (i, (screen, token)) in target.screens.iter().enumerate() {
        let path = match (screen, target.duo_paths) {
            (Screen::Board(o), true) => format!("/api/v1/events?office={}", OFFICES[*o]),
            (_, true) => "/api/v1/events".to_string(),
            (_, false) => "/events".to_string(),
        };
        let mut request = clients[i / PER_ADDRESS].get(format!("{}{path}", target.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        if !response.status().is_success() {
            bail!("stream {i}: {}", response.status());
        }
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let reader = tokio::spawn(listen(response, arrivals.clone()));
        streams.push(Stream {
            screen: screen.clone(),
            arrivals,
            reader,
        });
    }
    // Every stream is live once it has its greeting (Duo) or after a moment (the bare one).
    let ready = Instant::now();
    while target.duo_paths
        && streams
            .iter()
            .any(|s| s.arrivals.lock().unwrap().is_empty())
    {
        if ready.elapsed() > PATIENCE {
            bail!("some streams never said hello");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Presence of every board settles before anything is measured.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let writer = reqwest::Client::new();
    let mut measured = Measured {
        latencies: Vec::new(),
        from_sent: Vec::new(),
        missed: 0,
        changes,
        streams: streams.len(),
    };
    let mut active = vec![true; target.duos.len()];
    for n in 0..changes {
        let change = next_change(target, n, &mut active);
        let sees = |s: &Stream| match &s.screen {
            Screen::Board(o) => *o == change.office,
            Screen::Dashboard => true,
            Screen::Phone(d) => Some(*d) == change.phone,
        };
        let sent = Instant::now();
        let (path, body) = if target.duo_paths {
            (change.path.clone(), change.body.clone())
        } else {
            // The bare broadcast sends what Duo's stream would: the same shape and size, its
            // ids naming the change.
            let event = json!({"type": "duo.transition", "version": n, "epoch": "0123456789abcdef",
                "office": OFFICES[change.office], "ids": [format!("change:{n}"), "mentee:y", "mentor:z"],
                "actor": "user:writer"});
            ("/publish".to_string(), event)
        };
        let mut request = match change.method {
            "POST" => writer.post(format!("{}{path}", target.base)),
            _ => writer.get(format!("{}{path}", target.base)),
        };
        if let Some(token) = &target.writer {
            request = request.bearer_auth(token);
        }
        let response = request.json(&body).send().await?;
        let acknowledged = Instant::now();
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            bail!("change {n} ({}): {status} {text}", change.path);
        }
        // The record the change names: the duo, or the mentee just made (from the answer).
        let named = if !target.duo_paths {
            format!("change:{n}")
        } else if let Some(d) = change.duo_named {
            format!("duo:{}", target.duos[d].0)
        } else {
            let made: Value = serde_json::from_str(&text)?;
            format!(
                "mentee:{}",
                made["id"].as_str().context("the new mentee's id")?
            )
        };
        // Headquarters hear only that figures changed: theirs is the first such event since
        // the write was sent (the change before it was delivered everywhere, or counted missed).
        let arrived = |s: &Stream| {
            let blind = target.duo_paths && s.screen == Screen::Dashboard;
            s.arrivals
                .lock()
                .unwrap()
                .iter()
                .find(|a| {
                    if blind {
                        a.at >= sent && a.kind == app::live::visibility::FIGURES_CHANGED
                    } else {
                        a.ids.contains(&named)
                    }
                })
                .map(|a| a.at)
        };
        let expected: Vec<&Stream> = streams.iter().filter(|s| sees(s)).collect();
        while expected.iter().any(|s| arrived(s).is_none()) && acknowledged.elapsed() < PATIENCE {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        for s in &expected {
            match arrived(s) {
                Some(at) => {
                    let ms = |from: Instant| at.saturating_duration_since(from).as_secs_f64() * 1e3;
                    measured.latencies.push(ms(acknowledged));
                    measured.from_sent.push(ms(sent));
                }
                None => measured.missed += 1,
            }
        }
        // Nothing of this change is left in flight when the next one starts.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The streams close before anything else is measured on this machine.
    for s in &streams {
        s.reader.abort();
    }
    Ok(measured)
}

/// The `n`th change: a mentee registered, a duo paused or resumed, a meeting logged, offices in
/// turn. `active` follows each duo's state (paused or not) so every change is one Duo accepts.
fn next_change(target: &Target, n: usize, active: &mut [bool]) -> Change {
    use app::domain::reference::OFFICES;
    let duos = target.duos.len().max(1);
    let group = n / 3;
    match n % 3 {
        0 => {
            let office = group % OFFICES.len();
            Change {
                method: "POST",
                path: "/api/v1/mentees".into(),
                body: json!({"first_name": "Lina", "last_name": format!("Change{n}"),
                    "office": OFFICES[office], "languages": ["nl"], "sectors": ["G"], "state": "waiting"}),
                office,
                duo_named: None,
                phone: None,
            }
        }
        1 => {
            let d = group % duos;
            let to = if active[d] { "on_hold" } else { "active" };
            active[d] = !active[d];
            let (id, office) = &target.duos[d];
            Change {
                method: "POST",
                path: format!("/api/v1/duos/{id}/transitions"),
                body: json!({"to": to}),
                office: *office,
                duo_named: Some(d),
                phone: Some(d),
            }
        }
        _ => {
            // A meeting of a duo that is running (not paused).
            let d = (0..duos)
                .map(|i| (group + i) % duos)
                .find(|d| active[*d])
                .unwrap_or(0);
            let (id, office) = &target.duos[d];
            let today = app::clock::today().format("%Y-%m-%d").to_string();
            Change {
                method: "POST",
                path: format!("/api/v1/duos/{id}/meetings"),
                body: json!({"date": today, "minutes": 60, "mode": "in_person", "topics": ["cv"]}),
                office: *office,
                duo_named: Some(d),
                phone: None,
            }
        }
    }
}

/// Reads one stream to its end, noting when each event arrived, its kind and its ids.
async fn listen(response: reqwest::Response, arrivals: Arc<Mutex<Vec<Arrival>>>) {
    let mut body = response.bytes_stream();
    let mut pending = String::new();
    while let Some(Ok(chunk)) = body.next().await {
        let at = Instant::now();
        pending.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = pending.find("\n\n") {
            let block: String = pending.drain(..end + 2).collect();
            for line in block.lines() {
                let Some(data) = line.strip_prefix("data:") else {
                    continue;
                };
                let event: Value = serde_json::from_str(data.trim()).unwrap_or_default();
                let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
                arrivals.lock().unwrap().push(Arrival {
                    at,
                    kind: text(&event["type"]),
                    ids: event["ids"]
                        .as_array()
                        .map(|ids| ids.iter().map(text).collect())
                        .unwrap_or_default(),
                });
            }
        }
    }
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn report(duo: &Measured, bare: &Measured) {
    let stats = |values: &[f64]| {
        let mut l = values.to_vec();
        l.sort_by(f64::total_cmp);
        (
            percentile(&l, 50.0),
            percentile(&l, 99.0),
            l.last().copied().unwrap_or(f64::NAN),
        )
    };
    println!();
    println!(
        "  {:<16} {:>8} {:>10} {:>9} {:>9} {:>9} {:>7}   from the write sent: {:>7} {:>7}",
        "", "streams", "deliveries", "p50 ms", "p99 ms", "max ms", "missed", "p50", "p99"
    );
    for (name, m) in [("Duo", duo), ("bare broadcast", bare)] {
        let (a, s) = (stats(&m.latencies), stats(&m.from_sent));
        println!(
            "  {:<16} {:>8} {:>10} {:>9.2} {:>9.2} {:>9.2} {:>7}   {:>27.2} {:>7.2}",
            name,
            m.streams,
            m.latencies.len(),
            a.0,
            a.1,
            a.2,
            m.missed,
            s.0,
            s.1
        );
    }
    let (d, b) = (stats(&duo.latencies), stats(&bare.latencies));
    let (ds, bs) = (stats(&duo.from_sent), stats(&bare.from_sent));
    println!(
        "  Duo / bare, from the write sent: p50 {:.2}x, p99 {:.2}x ({} changes)",
        ds.0 / bs.0.max(1e-3),
        ds.1 / bs.1.max(1e-3),
        duo.changes
    );
    let within = d.1 <= BUDGET_MS && duo.missed == 0;
    println!(
        "  budget (DESIGN §7): p99 from acknowledgement {:.2} ms (bare {:.2} ms), at most {BUDGET_MS} ms, none missed: {}",
        d.1,
        b.1,
        if within { "met" } else { "NOT met" }
    );
}
