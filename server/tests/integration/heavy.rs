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
