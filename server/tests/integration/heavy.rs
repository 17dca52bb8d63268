//! Heavy work leaves the runtime free (`app::heavy`).

/// The work runs on another thread than the runtime's: on a one-thread runtime, a job that
/// waits for an async task to answer it finishes (it would wait forever on the runtime's own
/// thread).
#[tokio::test(flavor = "current_thread")]
async fn heavy_work_leaves_the_runtime_free() {
    let (ask, asked) = std::sync::mpsc::channel::<u32>();
    let job = tokio::spawn(app::heavy::run(move || asked.recv().unwrap() * 2));
    // This task runs on the runtime's only thread while the job blocks elsewhere.
    tokio::spawn(async move {
        tokio::task::yield_now().await;
        ask.send(21).unwrap();
    });
    let doubled = tokio::time::timeout(std::time::Duration::from_secs(30), job)
        .await
        .expect("the job finished")
        .unwrap()
        .unwrap();
    assert_eq!(doubled, 42);
}

#[test]
fn the_runtime_always_keeps_a_core() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let places = app::heavy::places_at_once();
    assert!(places >= 1);
    assert!(places < cores || cores == 1);
}

/// A computation runs at background priority, and the runtime's threads keep theirs: requests
/// come first when a core is shared.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn computations_run_at_background_priority() {
    let runtime = app::heavy::current_nice();
    let (slate, figures) = tokio::join!(
        app::heavy::run(app::heavy::current_nice),
        app::heavy::in_background(app::heavy::current_nice)
    );
    assert_eq!(slate.unwrap(), app::heavy::NICE);
    assert_eq!(figures.unwrap(), app::heavy::NICE);
    assert_eq!(
        app::heavy::current_nice(),
        runtime,
        "the runtime's thread kept its priority"
    );
    let blocking = tokio::task::spawn_blocking(app::heavy::current_nice)
        .await
        .unwrap();
    assert_eq!(
        blocking, runtime,
        "the blocking pool (file IO) kept its priority"
    );
}

/// A computation that panics answers an internal error and gives its place back: the next jobs
/// still run, as many at once as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_computation_that_fails_gives_its_place_back() {
    for _ in 0..app::heavy::places_at_once() + 2 {
        let failed = app::heavy::run(|| -> u32 { panic!("a bug in a solver") }).await;
        assert!(matches!(failed, Err(app::error::AppError::Internal)));
    }
    let fine = tokio::time::timeout(std::time::Duration::from_secs(5), app::heavy::run(|| 7))
        .await
        .expect("a place was free");
    assert_eq!(fine.unwrap(), 7);
}
